"""``--excel-csv``: CSV that Norwegian Excel opens as a table of numbers, and reads back.

Norwegian Excel (nb-NO) separates with ``;`` and writes decimals with a comma: a ``37.5``
in a ``;``-separated file opens as text (or a date). So the Excel form has ``;``, a UTF-8
byte order mark and decimal commas — and :func:`integreringslov.read` reads it back to
an equal table.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import integreringslov as il
from integreringslov._io.write import write_table

EXAMPLE = Path(__file__).resolve().parents[2] / "src/integreringslov_importers/data/spreadsheet"


def test_the_excel_form_has_decimal_commas_and_reads_back(tmp_path: Path) -> None:
    persons = il.read(EXAMPLE / "example_persons.csv").table  # 12,5 and 37,5 hours a week
    out = tmp_path / "persons.csv"
    write_table(persons, out, excel=True)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert '"12,5"' in text
    assert '"37,5"' in text
    assert "12.5" not in text
    assert "37.5" not in text
    assert text.splitlines()[0].count(";") == len(persons.columns) - 1
    back = il.read(out)
    assert back.report.ok
    pd.testing.assert_frame_equal(
        back.table.reset_index(drop=True), persons.reset_index(drop=True), check_dtype=False
    )
