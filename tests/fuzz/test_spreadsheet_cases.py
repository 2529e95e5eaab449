"""Spreadsheets read as a person sees them, and nothing lost without a word (issue 15).

Each workbook is written here from raw SpreadsheetML (:mod:`hostile_files`), so the test
holds exactly the claim it is about: a ``veryHidden`` stale first sheet, a merged block
below row 30, a formula saved without its value, an ``#REF!`` cell, persons whose ids
look like sum labels.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_files import PERSON_HEADER, cell_ref, fnr, sheet_xml, workbook, xlsx_zip

import integreringslov as il
import integreringslov_importers.spreadsheet as sp
from integreringslov.errors import SourceError

HEADER = list(PERSON_HEADER)


def _person(i: int, agreement: str | None = "ja") -> list[str | int | float | None]:
    return [f"P{i}", "1990-01-15", "a", "2024-02-01", agreement, "nei"]


def _write(tmp_path: Path, name: str, parts: dict[str, str]) -> Path:
    path = tmp_path / name
    path.write_bytes(xlsx_zip(parts))
    return path


def test_a_very_hidden_first_sheet_is_skipped_with_a_note(tmp_path: Path) -> None:
    stale = sheet_xml([HEADER, ["GAMMEL", "1970-01-01", "b", "2020-01-01", "nei", "nei"]])
    current = sheet_xml([HEADER, _person(1), _person(2)])
    path = _write(
        tmp_path,
        "liste.xlsx",
        workbook({"Kopi": stale, "Deltakere": current}, states={"Kopi": "veryHidden"}),
    )
    result = sp.read_spreadsheet(path)
    assert result.table["person_id"].tolist() == ["P1", "P2"]
    assert "sheet 'Kopi' is veryHidden in the workbook; not read" in result.skipped
    # the mapping's sheet wins, hidden or not
    named = sp.read_spreadsheet(path, mapping={"sheet": "Kopi"})
    assert named.table["person_id"].tolist() == ["GAMMEL"]


def test_merged_cells_below_row_30_are_filled(tmp_path: Path) -> None:
    rows = [HEADER] + [_person(i, "nei") for i in range(1, 40)]
    for r in (33, 34, 35):  # sheet rows 33-35: one merged "ja" over three persons
        rows[r - 1][4] = "ja" if r == 33 else None
    path = _write(
        tmp_path, "merged.xlsx", workbook({"Deltakere": sheet_xml(rows, merged=["E33:E35"])})
    )
    table = sp.read_spreadsheet(path).table
    assert table.loc[[33, 34, 35], "settled_by_agreement"].tolist() == [True, True, True]
    assert not table.loc[36, "settled_by_agreement"]


def test_formulas_without_value_and_error_cells_are_problems_by_sheet_and_cell(
    tmp_path: Path,
) -> None:
    rows: list[list[str | int | float | None]] = [HEADER] + [_person(i) for i in range(1, 33)]
    rows[30][2] = '<c r="C31" t="str"><f>VLOOKUP(A31,Koder!A:B,2,0)</f></c>'
    rows[31][3] = '<c r="D32" t="e"><v>#REF!</v></c>'
    rows[32][4] = '<c r="E33" t="e"><f>NA()</f><v>#N/A</v></c>'
    path = _write(tmp_path, "formler.xlsx", workbook({"Deltakere": sheet_xml(rows)}))
    imported = il.read(path)
    by_row = {p.row: p for p in imported.report.problems}
    assert sorted(by_row) == [31, 32, 33]
    assert "Deltakere!C31" in by_row[31].message
    assert "without its value" in by_row[31].message
    assert by_row[31].column == "Tillatelse"
    assert by_row[32].value == "#REF!"
    assert "Deltakere!D32" in by_row[32].message
    assert by_row[33].value == "#N/A"
    assert by_row[33].sheet == "Deltakere"
    assert not imported.report.ok
    assert {31, 32, 33}.isdisjoint(imported.table.index)
    assert len(imported.table) == 29


def test_an_error_cell_outside_the_columns_read_is_a_note(tmp_path: Path) -> None:
    rows = [[*HEADER, "Merknad"], [*_person(1), '<c r="G2" t="e"><v>#DIV/0!</v></c>']]
    path = _write(tmp_path, "merknad.xlsx", workbook({"Ark1": sheet_xml(rows)}))
    result = sp.read_spreadsheet(path)
    assert result.problems == ()
    assert any("#DIV/0!" in n and "not a cell that is read" in n for n in result.skipped)


def test_persons_named_like_sum_rows_are_kept(tmp_path: Path) -> None:
    header = [*HEADER, "Timer per uke"]
    rows = [
        header,
        ["P1", "1990-01-15", "a", "2024-02-01", "ja", "nei", 10],
        ["Sum", "1991-03-01", "a", "2024-02-01", "ja", "nei", 20],
        ["Total-7", "1992-04-01", "b", "2024-02-01", "nei", "nei", 5],
        ["I alt 3", "1993-05-01", "c", "2024-02-01", "ja", "nei", None],
        ["P5", "1994-06-01", "a", "2024-02-01", "ja", "nei", 3],
        ["Sum", None, None, None, None, None, 38],  # the real sum: 10 + 20 + 5 + 3
        ["Totalt", None, None, None, None, None, None],  # a label and nothing else
    ]
    path = _write(tmp_path, "sum.xlsx", workbook({"Deltakere": sheet_xml(rows)}))
    result = sp.read_spreadsheet(path)
    assert result.table["person_id"].tolist() == ["P1", "Sum", "Total-7", "I alt 3", "P5"]
    assert "sum rows not read as data: rows 7, 8" in result.skipped


def test_a_sum_label_with_numbers_that_are_not_the_sums_is_data(tmp_path: Path) -> None:
    path = tmp_path / "k.csv"
    path.write_text(
        "Kommunenummer;Kommune;Innbyggere\n5001;Trondheim;212660\n5006;Steinkjer;24000\n"
        "Sum;Sum;99\n",
        encoding="utf-8",
    )
    result = sp.read_spreadsheet(path, mapping={"table": "municipalities"})
    assert len(result.table) + len(result.problems) == 3  # kept: reported, not dropped
    assert not any("sum rows" in n for n in result.skipped)


def test_a_long_csv_field_is_a_problem_not_a_vanished_row(tmp_path: Path) -> None:
    path = tmp_path / "lang.csv"
    long = "x" * 131_073
    path.write_text(
        ";".join(HEADER) + "\nP1;1990-01-15;a;2024-02-01;ja;nei\n"
        f"P2;1990-01-15;a;2024-02-01;{long};nei\nP3;1990-01-15;a;2024-02-01;nei;nei\n",
        encoding="utf-8",
    )
    imported = il.read(path)
    assert imported.table["person_id"].tolist() == ["P1", "P3"]
    (problem,) = imported.report.problems
    assert problem.row == 3
    assert problem.column == "Bosatt etter avtale"
    assert "131073 characters; the limit is 100000" in problem.message


def test_a_ragged_csv_row_is_named(tmp_path: Path) -> None:
    path = tmp_path / "ujevn.csv"
    path.write_text(
        ";".join(HEADER) + "\nP1;1990-01-15;a;2024-02-01;ja;nei\nP2;1990-01-15;a\n"
        "P3;1990-01-15;a;2024-02-01;nei;nei;ekstra\n",
        encoding="utf-8",
    )
    result = sp.read_spreadsheet(path)
    assert result.table["person_id"].tolist() == ["P1"]
    assert [(p.row, p.check) for p in result.problems] == [(3, "ragged_row"), (4, "ragged_row")]
    assert "the row has 3 cells; the header row has 6" in result.problems[0].message


def test_a_nul_byte_late_in_a_csv_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nul.csv"
    body = "".join(f"P{i};1990-01-15;a;2024-02-01;ja;nei\n" for i in range(300))
    path.write_bytes((";".join(HEADER) + "\n" + body).encode() + b"P9\0;1990-01-15\n")
    with pytest.raises(SourceError, match=r"NUL byte at offset .*line 302"):
        sp.read_spreadsheet(path)


def test_a_table_of_empty_rows_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "tom.csv"
    path.write_text(";".join(HEADER) + "\n" + ";;;;;\n" * 100_000, encoding="utf-8")
    with pytest.raises(SourceError, match="no data: all 100000 rows below it are empty"):
        sp.read_spreadsheet(path)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            '<row r="3"><c r="XFD1048576"><v>1</v></c></row>',
            "claims 16384 columns; the limit is 2000",
        ),
        ('<row r="3"><c r="ABCDEFGHIJKLMNOPQRSTUVW3"><v>1</v></c></row>', "not a valid cell"),
        ('<row r="3"><c r="XFE3"><v>1</v></c></row>', "outside the sheet Excel allows"),
        ('<row r="1048577"><c r="A1048577"><v>1</v></c></row>', "outside the sheet"),
    ],
)
def test_references_a_native_reader_would_die_on_are_refused(
    tmp_path: Path, extra: str, message: str
) -> None:
    rows = [HEADER, _person(1)]
    path = _write(tmp_path, "bombe.xlsx", workbook({"Ark1": sheet_xml(rows, extra_cells=extra)}))
    with pytest.raises(SourceError, match=message) as info:
        sp.read_spreadsheet(path)
    assert info.value.problems[0].sheet == "Ark1"


def test_two_billion_shared_strings_are_refused(tmp_path: Path) -> None:
    sst = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'count="2000000000" uniqueCount="2000000000"><si><t>a</t></si></sst>'
    )
    parts = workbook({"Ark1": sheet_xml([HEADER, _person(1)])}, shared_strings=sst)
    path = _write(tmp_path, "sst.xlsx", parts)
    with pytest.raises(SourceError, match=r"claims 2000000000 unique shared strings.*10000000"):
        sp.read_spreadsheet(path)


def test_a_negative_number_in_a_date_cell_is_not_read_as_a_date(tmp_path: Path) -> None:
    rows = [HEADER, ["P1", '<c r="B2" s="1"><v>-5</v></c>', "a", "2024-02-01", "ja", "nei"]]
    path = _write(tmp_path, "negativ.xlsx", workbook({"Ark1": sheet_xml(rows)}))
    result = sp.read_spreadsheet(path)
    (problem,) = result.problems
    assert (problem.row, problem.column) == (2, "Fødselsdato")
    assert result.table.empty


def test_identity_numbers_in_names_and_headers_never_reach_the_report(tmp_path: Path) -> None:
    number = fnr("241270")
    rows = [[*HEADER, f"Merknad {number}"], [*_person(1), "x"], [f"{number[:6]}-{number[6:]}"]]
    rows[2] += ["1990-01-15", "a", "2024-02-01", "ja", "nei", ""]
    path = _write(tmp_path, f"liste {number}.xlsx", workbook({f"Ark {number}": sheet_xml(rows)}))
    imported = il.read(path)
    text = imported.report.to_text() + imported.report.to_json() + repr(imported.report)
    assert number not in text
    assert [p.check for p in imported.report.problems] == ["person_id_not_fnr"]
    assert imported.table["person_id"].tolist() == ["P1"]


def test_cell_ref_helper_matches_excel() -> None:
    assert cell_ref(1048576, 16384) == "XFD1048576"


def test_a_date_column_of_uncached_formulas_and_a_negative_serial_is_reported(
    tmp_path: Path,
) -> None:
    # found by test_random_workbooks: NaT among the cells made parse_date raise TypeError
    rows: list[list[str | int | float | None]] = [HEADER, _person(1), _person(2)]
    rows[1][1] = '<c r="B2"><f>A1*2</f></c>'
    rows[2][1] = '<c r="B3"><f>A1*2</f><v>-5</v></c>'
    path = _write(tmp_path, "datoer.xlsx", workbook({"Ark1": sheet_xml(rows)}))
    result = sp.read_spreadsheet(path)
    assert [(p.row, p.check) for p in result.problems] == [
        (2, "formula_without_value"),
        (3, "parse_date"),
    ]
    assert result.problems[1].value == "-5.0"


@pytest.mark.parametrize("value", ["inf", "-inf", "1e308"])
def test_an_infinite_or_huge_number_cached_in_a_cell_is_a_problem_not_a_crash(
    value: str, tmp_path: Path
) -> None:
    """Found by the random workbooks: ``inf`` cached under a formula crashed the text step."""
    cells = "".join(
        f'<c r="{cell_ref(2, j)}"><f>A1*2</f><v>{value}</v></c>'
        for j in range(1, len(PERSON_HEADER) + 1)
    )
    path = tmp_path / "ark.xlsx"
    path.write_bytes(
        xlsx_zip(
            workbook(
                {"Ark1": sheet_xml([list(PERSON_HEADER)], extra_cells=f'<row r="2">{cells}</row>')}
            )
        )
    )
    read = sp.read_spreadsheet(path)  # the row is refused cell by cell, the process goes on
    shown = value.replace("1e308", "1e+308")
    refused = {p.column for p in read.problems if p.value == shown}
    assert {"Fødselsdato", "Nordisk/EØS"} <= refused
    assert read.table.empty
