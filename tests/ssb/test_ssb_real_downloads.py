"""Real PxWeb CSV downloads, from SSB, Statistics Sweden, Iceland and Finland, cell by cell.

Every file here was downloaded by someone else and committed to a public repository (the
READMEs in ``tests/data/ssb/real`` and ``tests/data/pxweb`` give repository, path, commit and
how each copy was checked). Each is read by auto-detection, and every value cell is compared
with the file's own text, split here with the standard :mod:`csv` module from what the
layout is — never with the reader under test. A table row is turned back into the file's
words (``code name`` for a split stub cell, the heading categories joined as PxWeb joins
them) and must find exactly the cell the file has there, with the same number.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs
import pytest

from integreringslov.plugins import Plugins

DATA = Path(__file__).resolve().parents[1] / "data"
SSB = DATA / "ssb" / "real"
PXWEB = DATA / "pxweb"

Row = Mapping[str, Any]


def _raw(row: Row, column: str) -> str:
    """The stub cell as the file writes it: ``code name`` where the reader split it."""
    code, label = str(row[column]), str(row[f"{column}_label"])
    return code if code == label else f"{code} {label}"


@attrs.frozen
class Layout:
    """What a file is, read off its text by a person: where its header is and what is what."""

    path: Path
    delimiter: str
    header_line: int  # 0-based line of the header row
    stub: tuple[str, ...]  # the table's columns for the stub, left to right
    heading: Callable[[Row], str]  # a table row → the header cell its value sits under
    cells: int


LAYOUTS = {
    "ssb_10211_quoted_years": Layout(
        SSB / "ssb_10211_statbank_quoted_years_excerpt.csv", ";", 2,
        ("Alder", "Kjonn", "Tid"), lambda r: str(r["ContentsCode"]), 178,
    ),
    "ssb_06913_period_first": Layout(
        SSB / "ssb_06913_wide_year_x_variable_quoted_title.csv", ";", 1,
        ("Region",), lambda r: f"{r['Tid']} {r['heading']}", 600,
    ),
    "ssb_09539_spreadsheet_resave": Layout(
        SSB / "ssb_09539_wide_years_title_semicolon.csv", ";", 2,
        ("Region", "besøk i museum"), lambda r: f"{r['ContentsCode']} {r['Tid']}", 54,
    ),
    "iceland_cpi": Layout(
        PXWEB / "hagstofa_cpi_comma_heading.csv", ",", 0,
        ("Tid",), lambda r: str(r["heading"]), 381,
    ),
    "iceland_man02005": Layout(
        PXWEB / "hagstofa_MAN02005_title_semicolon_excerpt.csv", ";", 2,
        ("Municipality", "Alder"), lambda r: f"{r['Tid']} {r['Kjonn']}", 120,
    ),
    "sweden_be0101n1_swedish": Layout(
        PXWEB / "scb_BE0101N1_swedish_title_semicolon_excerpt.csv", ";", 2,
        ("Region", "civilstånd", "ålder", "kön"), lambda r: str(r["Tid"]), 20,
    ),
    "sweden_be0101n1_title": Layout(
        PXWEB / "scb_BE0101N1_title_comma.csv", ",", 2,
        ("Region",), lambda r: str(r["Tid"]), 21,
    ),
    "sweden_be0101u1": Layout(
        PXWEB / "scb_BE0101U1_comma_heading.csv", ",", 0,
        ("Region",), lambda r: f"{r['heading']} {r['Tid']}", 63,
    ),
    "sweden_am0401ul": Layout(
        PXWEB / "scb_AM0401UL_comma_heading.csv", ",", 0,
        ("labour underutilization", "Tid"), lambda r: str(r["heading"]), 1614,
    ),
    "sweden_00000863_pxweb2": Layout(
        PXWEB / "scb_00000863_title_semicolon.csv", ";", 2,
        ("Region", "age of the Mother", "Kjonn"), lambda r: str(r["Tid"]), 114,
    ),
    "finland_11re": Layout(
        PXWEB / "statfin_11re_comma_heading.csv", ",", 0,
        ("Area", "Alder"), lambda r: str(r["heading"]), 1944,
    ),
    "finland_11a7": Layout(
        PXWEB / "statfin_11a7_comma_heading.csv", ",", 0,
        ("Area", "Tid"), lambda r: str(r["heading"]), 32,
    ),
}  # fmt: skip


def file_cells(layout: Layout) -> dict[tuple[tuple[str, ...], str], float]:
    """Every value cell of the file: (stub cells, header cell) → the number written there."""
    text = layout.path.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text), delimiter=layout.delimiter))
    header = rows[layout.header_line]
    n = len(layout.stub)
    cells = {}
    for row in rows[layout.header_line + 1 :]:
        if not any(cell.strip() for cell in row):
            continue
        for j in range(n, len(header)):
            key = (tuple(row[:n]), header[j])
            assert key not in cells, key  # the file names each cell once
            cells[key] = float(row[j])
    return cells


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_every_cell_of_a_real_download(name: str, plugins: Plugins) -> None:
    layout = LAYOUTS[name]
    imported = plugins.read(layout.path)  # auto-detection, as a user would
    assert imported.importer.name == "ssb-csv"
    assert imported.report.ok
    expected = file_cells(layout)
    assert len(expected) == layout.cells
    got = {}
    for row in imported.table.to_dict("records"):
        key = (tuple(_raw(row, c) for c in layout.stub), layout.heading(row))
        assert key not in got, key
        got[key] = row["value"]
    assert got == expected
    assert set(imported.table["status"]) == {""}  # none of these files has a symbol


def test_statbank_download_with_quoted_years(plugins: Plugins) -> None:
    """The form the issue names: ``"0 år";"Begge kjønn";"1846";36372`` under a title."""
    imported = plugins.read(LAYOUTS["ssb_10211_quoted_years"].path)
    table = imported.table
    assert imported.importer.name == "ssb-csv"
    assert table.attrs["table_id"] == "10211"
    # the quoted year is a dimension, said so, and stays text
    assert table["Tid"].tolist()[:2] == ["1846", "1847"]
    assert any(
        "'år' holds only numbers but is read as a dimension" in n for n in imported.report.notes
    )
    # "0 år" is a label: one value cannot show a code, so it is kept whole, and said so
    assert set(table["Alder"]) == {"0 år"}
    assert any("'alder' has one value" in n for n in imported.report.notes)
    last = table[table["Tid"] == "2023"]
    assert last["value"].tolist() == [51991.0]  # the 181st line of the download


def test_ages_are_labels_not_codes(plugins: Plugins) -> None:
    """«0 år», «1 år» … share the word «år»: not «code name» cells (Statistics Sweden)."""
    imported = plugins.read(LAYOUTS["sweden_be0101n1_swedish"].path)
    table = imported.table
    assert table["ålder"].tolist()[:3] == ["0 år", "0 år", "1 år"]
    # the region is «code name», with a NUTS code
    assert set(table["Region"]) == {"SE110"}
    assert set(table["Region_label"]) == {"Stockholms län"}
    # the Swedish title names the dimensions with «efter … och»
    assert table["Tid"].tolist()[0] == "2020"
    assert table["value"].tolist()[:2] == [14577.0, 13807.0]


def test_statistikkbanken_2025_puts_the_period_first(plugins: Plugins) -> None:
    """``"1951 Befolkning 1. januar"``: a period and a statistics variable in one header."""
    imported = plugins.read(LAYOUTS["ssb_06913_period_first"].path)
    table = imported.table
    assert table["Region"].iloc[0] == "K_5038"
    assert table["Region_label"].iloc[0] == "Verdal"
    first = table.iloc[0]
    assert (first["Tid"], first["heading"], first["value"]) == (
        "1951",
        "Befolkning 1. januar",
        8524,
    )
    assert sorted(set(table["Tid"]))[-1] == "2025"
    assert len(set(table["heading"])) == 8
    # the title lists only region and år: the other heading category is not given a name
    notes = " ".join(imported.report.notes)
    assert "the title names only region, år, so this one has no name" in notes


def test_a_download_resaved_by_a_spreadsheet(plugins: Plugins) -> None:
    """Unquoted, every line padded with ``;;;;;;;``: still the StatBank table (09539)."""
    imported = plugins.read(LAYOUTS["ssb_09539_spreadsheet_resave"].path)
    table = imported.table
    assert imported.importer.name == "ssb-csv"
    assert table.attrs["table_id"] == "09539"
    hit = table[
        (table["Region"] == "38") & (table["besøk i museum"] == "Enkeltbesøk")
        & (table["Tid"] == "2020")
    ]  # fmt: skip
    assert hit["value"].tolist() == [218324.0]
    assert set(table["ContentsCode"]) == {"Museumsbesøk"}


def test_a_pxwebapi2_csv_response_as_pxweb2_downloads_it(plugins: Plugins) -> None:
    """SeparatorSemicolon, IncludeTitle, UseTexts: quoted title, empty line, texts (SCB 2026)."""
    imported = plugins.read(LAYOUTS["sweden_00000863_pxweb2"].path)
    table = imported.table
    assert table.attrs["title"].startswith("Live births, number by region")
    # the title names region, age of the Mother, sex and year: nothing left unnamed
    assert "heading" not in table.columns
    assert set(table["Kjonn"]) == {"total, all men and women", "men", "women"}
    assert table["Region"].iloc[0] == "00"
    assert table["Region_label"].iloc[0] == "Sweden"
    assert table["value"].iloc[0] == 97491.0  # line 4 of the download


def test_a_heading_the_file_does_not_name_is_not_guessed(plugins: Plugins) -> None:
    """Statistics Sweden's AM0401UL without a title: its heading is ages, not contents."""
    imported = plugins.read(LAYOUTS["sweden_am0401ul"].path)
    table = imported.table
    assert "ContentsCode" not in table.columns
    assert table["heading"].tolist()[:2] == ["15-19 years", "20-24 years"]
    assert any("no title to name it" in n for n in imported.report.notes)


def test_iceland_period_first_heading_is_named_by_the_title(plugins: Plugins) -> None:
    """MAN02005: «by municipality, age and sex 1998-2017 - …»: the heading joins year and sex."""
    table = plugins.read(LAYOUTS["iceland_man02005"].path).table
    assert set(table["Kjonn"]) == {"Males", "Females"}
    row = table[
        (table["Alder"] == "2 years") & (table["Tid"] == "2017") & (table["Kjonn"] == "Females")
    ]
    assert row["value"].tolist() == [1385.0]


def test_every_real_file_has_provenance() -> None:
    for folder in (SSB, PXWEB):
        readme = (folder / "README.md").read_text(encoding="utf-8")
        for path in folder.glob("*.csv"):
            assert f"`{path.name}`" in readme, path.name
    named = {layout.path for layout in LAYOUTS.values()}
    assert named >= set(SSB.glob("*.csv")) | set(PXWEB.glob("*.csv"))


def test_the_readers_notes_in_bokmal_on_request(plugins: Plugins) -> None:
    """«--lang nb»: the decisions the reader writes into the report are in bokmål."""
    path = LAYOUTS["sweden_am0401ul"].path
    english = plugins.read(path).report.notes
    bokmal = plugins.read(path, lang="nb").report.notes
    assert len(english) == len(bokmal)
    assert any("leses som én dimensjon, 'heading'" in n for n in bokmal)
    assert any("filen har ingen tittel som navngir den" in n for n in bokmal)
    assert "desimaltegn: '.' (det eneste verdicellene bruker)" in bokmal
    # and the next read, without a language, is English again
    assert plugins.read(path).report.notes == english
