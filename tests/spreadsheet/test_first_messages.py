"""First messages that help (issue 22).

A caseload with a ``Fødselsnummer`` column and no id is told that a pseudonymous
``person_id`` is needed and where column mappings are documented — not offered the
fødselsnummer as the closest header for it. What every importer said of the file comes
only with ``--explain``. Problems that differ only in their row are one line with the rows
and the count; the report's problems stay one per row.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

import integreringslov as il
from integreringslov.errors import SourceError
from integreringslov.fodselsnummer import check_digits
from integreringslov_importers.spreadsheet._sheet import MAPPING_PAGE

ROOT = Path(__file__).resolve().parents[2]


def _fnr(day: str) -> str:
    """A fødselsnummer with valid check digits for DDMMYY (individual number 100-199)."""
    for individual in range(100, 200):
        k = check_digits(f"{day}{individual}")
        if k is not None:
            return f"{day}{individual}{k[0]}{k[1]}"
    raise AssertionError("no valid number")  # pragma: no cover


def _caseload(path: Path, *, birth_dates: bool = False) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    head = ["Fødselsnummer", *(["Fødselsdato"] if birth_dates else []), "Tillatelse",
            "Tillatelse gitt", "Bosatt etter avtale", "Nordisk/EØS"]  # fmt: skip
    ws.append(head)
    for d in range(10, 25):
        born = [f"{d}.03.1990"] if birth_dates else []
        ws.append([_fnr(f"{d}0390"), *born, "a", "02.05.2023", "ja", "nei"])
    wb.save(path)
    return path


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "integreringslov", *args]
    return subprocess.run(command, capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
                          timeout=120, check=False)  # fmt: skip


def test_a_fodselsnummer_and_no_id_asks_for_a_pseudonymous_id(tmp_path: Path) -> None:
    path = _caseload(tmp_path / "caseload.xlsx")
    with pytest.raises(SourceError) as info:
        il.read(path)
    first = info.value.problems[0].message
    assert first.startswith("no person_id column: the sheet has a fødselsnummer but no id.")
    assert "pseudonymous person_id" in first
    assert MAPPING_PAGE in first
    assert "closest headers found: 'Fødselsnummer'" not in info.value.text()
    said_nb = _cli("assess", str(path), "--on", "2026-01-01", "--lang", "nb").stderr
    assert "pseudonymisert person_id" in said_nb
    for n in range(10, 25):  # the numbers never appear
        assert _fnr(f"{n}0390") not in said_nb


def test_the_mapping_page_is_the_docs_section_on_mappings() -> None:
    page, anchor = MAPPING_PAGE.rsplit("/", 1)[1].split("#")
    assert page == "tables.html"
    text = (ROOT / "docs" / "reference" / "tables.md").read_text("utf-8")
    headings = [re.sub(r"[^a-z0-9 -]", "", h.lower()).replace(" ", "-")
                for h in re.findall(r"^## (.+)$", text, flags=re.MULTILINE)]  # fmt: skip
    assert anchor in headings


def test_the_detection_account_only_with_explain(tmp_path: Path) -> None:
    path = _caseload(tmp_path / "caseload.xlsx")
    plain = _cli("assess", str(path), "--on", "2026-01-01")
    assert plain.returncode == 1
    assert "tried:" not in plain.stderr
    assert "chosen by detection (--explain" in plain.stderr
    explained = _cli("assess", str(path), "--on", "2026-01-01", "--explain")
    assert explained.returncode == 1
    assert "tried:" in explained.stderr
    assert "'integreringslov_importers.imdi'" in explained.stderr


def test_identical_problems_are_one_line_with_the_rows_and_their_count(tmp_path: Path) -> None:
    path = _caseload(tmp_path / "caseload.xlsx", birth_dates=True)
    imported = il.read(path, mapping={"columns": {"person_id": "Fødselsnummer"}})
    assert len(imported.report.problems) == 15  # one per row, for machines
    text = imported.report.to_text()
    lines = [line for line in text.splitlines() if line.startswith("  - ")]
    assert len(lines) == 1
    assert "rows 2–16 (15 rows), column 'Fødselsnummer': the person id looks like" in lines[0]
    assert "rad 2–16 (15 rader)" in imported.report.to_text("nb")
