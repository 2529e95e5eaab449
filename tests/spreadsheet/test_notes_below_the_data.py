"""Spreadsheets as people make them (issue 22): notes below the data, formulas in sum rows.

A table made in Excel ends with its sources and footnotes («Kilde: SSB, IMDi»,
«* foreløpige tall») and often a Sum row of formulas, which openpyxl saves without a
cached value (as a workbook made by a program, never opened in Excel, is). Neither is
data: the rows are named in the report's notes, and nothing is a problem. A line that
looks like a note but has data below it is data, and is checked as such.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

import integreringslov as il

PERSONS = [
    ["P-1", "14.03.1991", "a", "02.05.2023", None, "ja", "nei"],
    ["P-2", "30.11.2004", "b", "18.09.2023", 12.5, "ja", "nei"],
    ["P-3", "01.06.1978", "c", "22.01.2024", 37.5, "nei", "nei"],
]


def _workbook(path: Path, title: str, groups: list[tuple[str, str]], header: list[str],
              rows: list[list[object]], below: list[list[object]]) -> Path:  # fmt: skip
    """Row 1 a merged title, rows 3–4 a two-level header (merged groups over columns)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Ark1"
    last = openpyxl.utils.get_column_letter(len(header))
    ws["A1"] = title
    ws.merge_cells(f"A1:{last}1")
    for cells, text in groups:
        ws[cells.split(":")[0] + "3"] = text
        first, end = cells.split(":")
        ws.merge_cells(f"{first}3:{end}3")
    for col, text in enumerate(header, start=1):
        ws.cell(row=4, column=col, value=text)
    for r, row in enumerate([*rows, *below], start=5):
        for col, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(row=r, column=col, value=value)
    wb.save(path)
    return path


def test_a_person_workbook_with_title_groups_sum_row_and_sources_imports_and_assesses(
    tmp_path: Path,
) -> None:
    header = ["Løpenr", "Fødselsdato", "Tillatelse", "Tillatelse gitt", "Timer per uke",
              "Bosatt etter avtale", "Nordisk/EØS"]  # fmt: skip
    below = [["Sum", None, None, None, "=SUM(E5:E7)"], [], ["Kilde: SSB, IMDi"],
             ["* foreløpige tall"]]  # fmt: skip
    path = _workbook(tmp_path / "deltakere.xlsx", "Introduksjonsprogrammet 2024 – deltakere",
                     [("A:B", "Person"), ("C:D", "Tillatelse"), ("F:G", "Bosetting")],
                     header, PERSONS, below)  # fmt: skip
    imported = il.read(path)
    assert imported.report.problems == ()
    assert list(imported.table["person_id"]) == ["P-1", "P-2", "P-3"]
    notes = "\n".join(imported.report.notes)
    assert "sum rows not read as data: rows 8" in notes
    assert "source and footnote lines below the table not read as data: rows 10, 11" in notes
    assert "E8 was saved without its value" in notes  # said, as a cell that is not read
    assessed = il.assess_frame(imported.table, on=date(2026, 1, 1))
    assert len(assessed) == 3


def test_a_municipality_workbook_with_sum_formulas_and_sources_recommends(tmp_path: Path) -> None:
    header = ["Kommunenummer", "Kommune", "Innbyggere", "Anmodning"]
    rows: list[list[object]] = [["3301", "Drammen", 103300, 60], ["3303", "Kongsberg", 28200, 25],
                                ["3305", "Ringerike", 31400, 20]]  # fmt: skip
    below = [["Sum", None, "=SUM(C5:C7)", "=SUM(D5:D7)"], [], ["Kilde: SSB, IMDi"]]
    path = _workbook(tmp_path / "kommuner.xlsx", "Bosetting 2024", [("A:B", "Kommune"),
                     ("C:D", "Kriterier")], header, rows, below)  # fmt: skip
    imported = il.read(path, importer="spreadsheet-municipalities")
    assert imported.report.problems == ()
    assert list(imported.table["municipality"]) == ["3301", "3303", "3305"]
    from integreringslov.allocation import recommend

    rec = recommend(100, imported.table, criteria={"population": 1.0}, method="hamilton",
                    on=date(2024, 6, 1))  # fmt: skip
    assert rec.table["recommended"].sum() == 100


def test_a_source_line_under_a_csv_is_a_note(tmp_path: Path) -> None:
    """The issue's file: «Kilde: SSB, IMDi» two rows below the data was an invalid code."""
    path = tmp_path / "kommuner.csv"
    path.write_text("Kommunenummer;Kommune;Innbyggere\n3301;Drammen;103300\n"
                    "3303;Kongsberg;28200\n;;\nKilde: SSB, IMDi;;\n", encoding="utf-8")  # fmt: skip
    imported = il.read(path, importer="spreadsheet-municipalities")
    assert imported.report.problems == ()
    assert len(imported.table) == 2
    assert any("below the table" in n and "rows 5" in n for n in imported.report.notes)


def test_a_note_like_line_with_data_below_is_data(tmp_path: Path) -> None:
    path = tmp_path / "kommuner.csv"
    path.write_text("Kommunenummer;Kommune;Innbyggere\n3301;Drammen;103300\n"
                    "Kilde: SSB;;\n3303;Kongsberg;28200\n", encoding="utf-8")  # fmt: skip
    imported = il.read(path, importer="spreadsheet-municipalities")
    assert [p.row for p in imported.report.problems] == [3]
    assert not any("below the table" in n for n in imported.report.notes)


@pytest.mark.parametrize("line", ["Kilde: SSB", "* foreløpige tall", "Merknad: tall per 1.1.",
                                  "Source: Statistics Norway"])  # fmt: skip
def test_the_words_of_a_note(tmp_path: Path, line: str) -> None:
    path = tmp_path / "k.csv"
    path.write_text(f"Kommunenummer;Innbyggere\n3301;103300\n{line};\n", encoding="utf-8")
    imported = il.read(path, importer="spreadsheet-municipalities")
    assert imported.report.problems == ()
