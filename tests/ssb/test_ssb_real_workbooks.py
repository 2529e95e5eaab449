"""Real StatBank ``.xlsx`` downloads, read by detection and checked cell by cell.

The workbooks are copies of files people committed (``tests/data/ssb/real/README.md``).
Each sheet is read here straight from the workbook's XML — the shared strings and the
cells by their references, with :mod:`zipfile` and :mod:`xml.etree` — not with the reader
under test or openpyxl. A person reading the sheet fills a stub cell left empty with the
one above it and a heading cell left empty with the one to its left (PxWeb writes each
value once per block); every value cell then has its stub texts and heading texts, and
each row of the table, turned back into those words, must find its cell, with the same
number.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import attrs
import pytest

from integreringslov.errors import SourceError
from integreringslov.plugins import Plugins

pytest.importorskip("openpyxl")

REAL = Path(__file__).resolve().parents[1] / "data" / "ssb" / "real"
Row = Mapping[str, Any]


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def sheet_cells(path: Path) -> dict[tuple[int, int], str | float]:
    """The first sheet's cells: (row, column), both from 1 → text or number."""
    with zipfile.ZipFile(path) as book:
        names = book.namelist()
        strings: list[str] = []
        shared = next((n for n in names if n.endswith("sharedStrings.xml")), None)
        if shared:
            for si in ElementTree.fromstring(book.read(shared)):
                strings.append("".join(t.text or "" for t in si.iter() if _local(t.tag) == "t"))
        workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
        sheet = next(e for e in workbook.iter() if _local(e.tag) == "sheet")
        rid = next(v for k, v in sheet.attrib.items() if _local(k) == "id")
        rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
        target = next(r.get("Target", "") for r in rels if r.get("Id") == rid)
        part = target.lstrip("/") if target.startswith("/") else "xl/" + target
        cells: dict[tuple[int, int], str | float] = {}
        for c in ElementTree.fromstring(book.read(part)).iter():
            if _local(c.tag) != "c":
                continue
            letters, digits = re.fullmatch(r"([A-Z]+)(\d+)", c.get("r", "")).groups()  # type: ignore[union-attr]
            column = 0
            for ch in letters:
                column = column * 26 + ord(ch) - 64
            value = next((e.text for e in c if _local(e.tag) == "v"), None)
            if value is None:
                continue
            kind = c.get("t", "n")
            cells[(int(digits), column)] = (
                strings[int(value)] if kind == "s" else value if kind == "str" else float(value)
            )
    return cells


@attrs.frozen
class Sheet:
    """A workbook as a person reads it: where its heading rows, stub and data are."""

    path: Path
    heading_rows: tuple[int, ...]  # 1-based rows
    stub: int  # how many columns from the left
    data: range  # the 1-based rows of data
    stub_columns: tuple[str, ...]  # the table's columns for the stub, left to right
    heading_columns: tuple[str, ...]  # the table's columns for the heading rows, top down
    title: str


SHEETS = {
    "07459 untouched, years in the stub": Sheet(
        REAL / "07459_20230509-145812.xlsx", (3,), 4, range(4, 8060),
        ("Region", "Kjonn", "Alder", "Tid"), ("ContentsCode",),
        "07459: Population, by region, sex, age, year and contents",
    ),
    "10623 untouched, years across": Sheet(
        REAL / "10623_20230505-183302.xlsx", (3,), 5, range(4, 59),
        ("ContentsCode", "type of sanction", "type of principal offence", "Alder", "Kjonn"),
        ("Tid",),
        "10623: Sanctions, by contents, type of sanction, type of principal offence, age, sex "
        "and year",
    ),
    "11403 re-saved, a numeric year stub, two heading rows": Sheet(
        REAL / "11403_20221205-125511.xlsx", (3, 4), 1, range(5, 18),
        ("Tid",), ("ContentsCode", "godstransport"),
        "11403: Innenlandsk godstransport, etter år, statistikkvariabel og godstransport",
    ),
}  # fmt: skip


def _text(value: str | float) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def expected_cells(sheet: Sheet) -> dict[tuple[str, ...], float | str]:
    cells = sheet_cells(sheet.path)
    last = max(c for _, c in cells)
    heading: dict[int, tuple[str, ...]] = {}
    for column in range(sheet.stub + 1, last + 1):
        words = []
        for row in sheet.heading_rows:
            left = column
            while (row, left) not in cells:  # written once per block: the one to the left
                left -= 1
            words.append(_text(cells[(row, left)]))
        heading[column] = tuple(words)
    out: dict[tuple[str, ...], float | str] = {}
    above = [""] * sheet.stub
    for row in sheet.data:
        stub = [_text(cells[(row, j + 1)]) if (row, j + 1) in cells else above[j]
                for j in range(sheet.stub)]  # fmt: skip
        above = stub
        for column, words in heading.items():
            key = (*stub, *words)
            assert key not in out
            out[key] = cells.get((row, column), "")  # a data cell PxWeb left empty
    return out


def _raw(row: Row, column: str) -> str:
    code, label = str(row[column]), str(row[f"{column}_label"])
    return code if code == label else f"{code} {label}"


@pytest.mark.parametrize("name", SHEETS)
def test_every_cell_of_a_real_workbook(name: str, plugins: Plugins) -> None:
    sheet = SHEETS[name]
    assert plugins.detect(sheet.path).name == "ssb-xlsx"
    imported = plugins.read(sheet.path)  # by detection, as a user would
    assert imported.importer.name == "ssb-xlsx"
    assert imported.report.ok, imported.report.to_text()
    table = imported.table
    assert table.attrs["title"] == sheet.title
    assert table.attrs["table_id"] == sheet.title[:5]
    expected = expected_cells(sheet)
    got: dict[tuple[str, ...], float | str] = {}
    for row in table.to_dict("records"):
        key = (
            *(_raw(row, c) for c in sheet.stub_columns),
            *(str(row[c]) for c in sheet.heading_columns),
        )
        assert key not in got
        value = row["value"]
        got[key] = row["status"] or ("" if math.isnan(value) else value)
    assert got == expected
    # the line index is the sheet's row, as a person finds it
    assert table.index.min() == sheet.data.start
    assert table.index.max() == sheet.data.stop - 1


def test_a_workbook_claim_beats_the_spreadsheet_importer(plugins: Plugins) -> None:
    for sheet in SHEETS.values():
        claims = {d.importer: d.confidence for d in plugins.detections(sheet.path)}
        assert claims["ssb-xlsx"] >= 0.9 > claims["spreadsheet"] + 0.25, sheet.path.name


def test_the_notes_say_what_was_decided(plugins: Plugins) -> None:
    notes = plugins.read(SHEETS["11403 re-saved, a numeric year stub, two heading rows"].path)
    text = "\n".join(notes.report.notes)
    assert "the stub columns are named after the title's first 1 dimensions: år" in text
    assert "rows 18 and below are notes and table information, not data" in text
    untouched = plugins.read(SHEETS["07459 untouched, years in the stub"].path).report.notes
    assert any("empty stub cells are read as the value above them" in n for n in untouched)
    assert any("column 'region': each cell is a code and a name" in n for n in untouched)


def _comments(path: Path) -> list[tuple[str, str, str]]:
    """The comments part of the workbook, read here with zipfile: (cell, author, text)."""
    with zipfile.ZipFile(path) as book:
        part = next(n for n in book.namelist() if re.fullmatch(r"xl/comments\d*\.xml", n))
        root = ElementTree.fromstring(book.read(part))
    authors = [a.text or "" for a in root.iter() if _local(a.tag) == "author"]
    return [
        (
            c.get("ref", ""),
            authors[int(c.get("authorId", "0"))],
            "".join(t.text or "" for t in c.iter() if _local(t.tag) == "t"),
        )
        for c in root.iter()
        if _local(c.tag) == "comment"
    ]


def test_statbank_footnotes_kept_as_cell_comments_are_notes(plugins: Plugins) -> None:
    """11403 was re-saved in Excel; StatBank's footnotes are comments by «PX-Web Ekstern»
    on heading cells, the only place the workbook keeps them."""
    sheet = SHEETS["11403 re-saved, a numeric year stub, two heading rows"]
    comments = _comments(sheet.path)
    assert {author for _, author, _ in comments} == {"PX-Web Ekstern"}
    cells = sheet_cells(sheet.path)
    notes = plugins.read(sheet.path).report.notes
    for ref, _, text in comments:
        column = sum(
            (ord(ch) - 64) * 26**i for i, ch in enumerate(reversed(ref.rstrip("0123456789")))
        )
        row = int(ref[len(ref.rstrip("0123456789")) :])
        heading = cells[(row, column)]  # the heading cell the footnote is on
        said = [n for n in notes if " ".join(text.split()) in n]
        assert len(said) == 1, ref  # each text once, with all its cells
        assert f"{ref} ({heading})" in said[0]
        assert "PX-Web Ekstern" in said[0]


def test_a_footnote_on_a_data_cell_names_its_row_and_column(
    plugins: Plugins, tmp_path: Path
) -> None:
    """PxWeb writes a cell's footnote as a comment on it (Xlsx2Serializer ``WriteAllRows``)."""
    openpyxl = pytest.importorskip("openpyxl")
    from openpyxl.comments import Comment

    path = _pxweb_book(
        tmp_path / "comments.xlsx",
        [[None, "2020", "2021"], ["0301 Oslo", 1, 2], ["3801 Horten", 3, ".."]],
        "99999: Personer, etter region og år",
    )
    book = openpyxl.load_workbook(path)
    book.active["C5"].comment = Comment("Foreløpige tall 01010050053 .", "PX-Web Ekstern")
    book.active["A4"].comment = Comment("Ny kommune", "PX-Web Ekstern")
    book.save(path)
    notes = plugins.read(path, importer="ssb-xlsx").report.notes
    on_cell = next(n for n in notes if "C5" in n)
    assert "C5 (3801 Horten / 2021)" in on_cell
    assert "01010050053" not in on_cell  # a fødselsnummer never reaches a message
    assert any("A4 (0301 Oslo)" in n and "Ny kommune" in n for n in notes)


EDITED: Mapping[str, tuple[str, str]] = {
    "03013_20250408-140901.xlsx": ("03013", "'Date', 'YoY'"),
    "landareal_09280_20251024-112104.xlsx": ("09280", "'Kommune', 'Kvadratkilometer', 'Dekar'"),
}


@pytest.mark.parametrize("name", EDITED)
@pytest.mark.parametrize("how", ["detection", "named"])
def test_a_download_its_user_edited_is_refused_with_the_importer_to_try(
    name: str, how: str, plugins: Plugins
) -> None:
    path = REAL / name
    table_id, found = EDITED[name]
    with pytest.raises(SourceError) as info:
        plugins.read(path, importer=None if how == "detection" else "ssb-xlsx")
    problem = info.value.problems[0]
    assert problem.check == "edited_download"
    assert problem.row == 1
    assert "downloaded from StatBank" in problem.message
    assert f"table {table_id}" in problem.message
    assert "its layout is not StatBank's any more" in problem.message
    assert f"row 1 holds {found}" in problem.message
    assert "importer='spreadsheet'" in problem.message


def test_the_refusal_in_bokmal(plugins: Plugins) -> None:
    with pytest.raises(SourceError) as info:
        plugins.read(REAL / "03013_20250408-140901.xlsx", lang="nb")
    message = info.value.problems[0].message
    assert "oppsettet er ikke Statistikkbankens lenger" in message
    assert "importer='spreadsheet'" in message


def test_a_workbook_that_never_was_a_download_is_not_called_edited(
    plugins: Plugins, tmp_path: Path
) -> None:
    """The same sheet under another name: no StatBank download by name and time."""
    path = tmp_path / "kpi.xlsx"
    path.write_bytes((REAL / "03013_20250408-140901.xlsx").read_bytes())
    claims = {d.importer: d.confidence for d in plugins.detections(path)}
    assert claims["ssb-xlsx"] == 0.0  # declined: the spreadsheet importer reads workbooks
    with pytest.raises(SourceError) as info:
        plugins.read(path, importer="ssb-xlsx")
    message = info.value.problems[0].message
    assert message.startswith("not a StatBank .xlsx download: row 1 holds 'Date', 'YoY'")


def _pxweb_book(path: Path, rows: list[list[Any]], title: str | None) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    if title is not None:
        sheet.append([title])
        sheet.append([])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_a_title_that_leaves_out_the_years_names_them_tid(plugins: Plugins, tmp_path: Path) -> None:
    """Statistics Switzerland's PxWeb: «… by sex and age, 1860-2021», the years across."""
    path = _pxweb_book(
        tmp_path / "px-x-0102030000_101.xlsx",
        [[None, None, "2020", "2021"], ["Sex - total", "0 years", 86000, 85000],
         [None, "1 year", 87000, 86500], [None, "2 years", 88000, 87500],
         ["Man", "0 years", 44000, 43000], [None, "1 year", 44500, 44100],
         [None, "2 years", 45000, 44800]],
        "Permanent resident population by sex and age, 1860-2021",
    )  # fmt: skip
    table = plugins.read(path, importer="ssb-xlsx").table
    assert list(table.columns[:3]) == ["Kjonn", "Alder", "Tid"]
    first = table.iloc[0]
    assert (first["Kjonn"], first["Alder"], first["Tid"], first["value"]) == (
        "Sex - total",
        "0 years",
        "2020",
        86000.0,
    )


def test_a_pivoted_download_is_not_named_by_its_title(plugins: Plugins, tmp_path: Path) -> None:
    """The title lists «år» last, but the years stand in the stub: no names are guessed."""
    path = _pxweb_book(
        tmp_path / "pivoted.xlsx",
        [[None, "Menn", "Kvinner"], ["2020", 1, 2], ["2021", 3, 4]],
        "99999: Personer, etter kjønn og år",
    )
    imported = plugins.read(path, importer="ssb-xlsx")
    assert "stub 1" in imported.table.columns
    assert any("they are called stub 1" in n for n in imported.report.notes)
