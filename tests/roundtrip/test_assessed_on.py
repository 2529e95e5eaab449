"""The assessment date travels with the output (issue 22).

The contract fixes the assessment table's columns, so the date is metadata: in the frame's
``attrs`` and in the files that have a place for it — a workbook's custom document
property, Parquet's key-value metadata, the JSON object. CSV stays the columns only.
"""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

import pytest

import integreringslov as il
from integreringslov.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "src/integreringslov_importers/data/spreadsheet"
PERSONS = EXAMPLE / "example_persons.csv"


def test_the_assessed_frame_carries_its_date() -> None:
    persons = il.read(PERSONS).table
    assessed = il.assess_frame(persons, on=date(2024, 6, 1))
    assert assessed.attrs["integreringslov.assessed_on"] == "2024-06-01"


def test_json_xlsx_and_parquet_from_the_command_keep_the_date(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    pytest.importorskip("pyarrow")
    outs = {s: tmp_path / f"assessed{s}" for s in (".json", ".xlsx", ".parquet", ".csv")}
    for out in outs.values():
        assert main(["assess", str(PERSONS), "--on", "01.06.2024", "-o", str(out)]) == 0
    head = json.loads(outs[".json"].read_text("utf-8"))
    assert head["assessed_on"] == "2024-06-01"
    with zipfile.ZipFile(outs[".xlsx"]) as book:
        custom = book.read("docProps/custom.xml").decode("utf-8")
    assert 'name="integreringslov.assessed_on"' in custom
    assert "<vt:lpwstr>2024-06-01</vt:lpwstr>" in custom
    import pyarrow.parquet as pq

    meta = pq.read_schema(outs[".parquet"]).metadata
    assert meta[b"integreringslov.assessed_on"] == b"2024-06-01"
    assert "2024-06-01" not in outs[".csv"].read_text("utf-8").splitlines()[0]  # plain CSV
    for out in outs.values():  # and each reads back as the assessment table
        back = il.read(out)
        assert back.report.ok, back.report.to_text()
        assert back.importer.table.__name__ == "AssessmentTable"
