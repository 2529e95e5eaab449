"""The Python API's ``lang="nb"``: bokmål in the frame of a report too (issue 22)."""

from __future__ import annotations

from pathlib import Path

import integreringslov as il

ROOT = Path(__file__).resolve().parents[2]
PERSONS = ROOT / "src/integreringslov_importers/data/spreadsheet/example_persons.csv"


def test_a_report_read_in_bokmal_is_framed_in_bokmal() -> None:
    report = il.read(PERSONS, lang="nb").report
    assert report.to_text().startswith(f"PersonTable fra {PERSONS}: 4 rader, alle gyldige.")
    assert report.to_text("en").startswith(f"PersonTable from {PERSONS}: 4 rows, all valid.")
    assert il.read(PERSONS).report.to_text().startswith("PersonTable from ")


def test_one_row_one_problem(tmp_path: Path) -> None:
    """«1 rad, 1 problem», not «1 rader, 1 problemer» (nor «1 rows, 1 problems»)."""
    lines = PERSONS.read_text("utf-8").splitlines()
    header, first = lines[0].split(";"), lines[1].split(";")
    first[header.index("Fødselsdato")] = "31.02.1991"
    path = tmp_path / "one.csv"
    path.write_text(lines[0] + "\n" + ";".join(first) + "\n", encoding="utf-8")
    report = il.read(path, lang="nb").report
    assert ": 1 rad, 1 problem:" in report.to_text()
    assert ": 1 row, 1 problem:" in report.to_text("en")
