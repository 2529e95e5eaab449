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
import hashlib
import io
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs
import pandas as pd
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
    quotechar: str = '"'


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
    "ssb_12118_csv2_labels": Layout(
        SSB / "ssb_12118_csv2_fattigdomsproblemer.csv", ",", 0,
        ("sosiale goder", "Kjonn", "Alder", "Tid", "ContentsCode"),
        lambda r: "12118: Andel personer 16 år og over (prosent),", 48,
    ),
    "ssb_11587_csv2_nynorsk": Layout(
        SSB / "ssb_11587_csv2_ledige_stillinger.csv", ",", 0,
        ("næring (SN2007)", "Tid", "ContentsCode"), lambda r: "11587: Ledige stillingar,", 48,
    ),
    "ssb_26975_dataset_2020": Layout(
        SSB / "ssb_dataset_26975_no.csv", ";", 0, ("Region", "Tid", "ContentsCode"),
        lambda r: "07459: Befolkning, etter region, år og statistikkvariabel", 16014,
    ),
    "ssb_1108_dataset_2016_unquoted": Layout(
        SSB / "ssb_dataset_1108_2016K1_nn.csv", ";", 0, ("Region", "ContentsCode", "Tid"),
        lambda r: "Folkemengd og kvartalsvise endringar, etter region, statistikkvariabel og tid",
        4730,
    ),
    "ssb_1080_dataset_2016_single_quotes": Layout(
        SSB / "ssb_dataset_1080_2016_EXCERPT_first_lines.csv", ";", 0,
        ("Region", "Alder", "Tid", "ContentsCode"),
        lambda r: "Personer etter region, alder og tid", 4005, quotechar="'",
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


MISSING = {".", "..", ":", "-"}  # SSB's symbols for a missing figure, as the files write them


def file_cells(layout: Layout) -> dict[tuple[tuple[str, ...], str], float | str]:
    """Every value cell of the file: (stub cells, header cell) → the number (or the symbol)
    written there.

    A stub cell is taken without the white space around it: csv2 pads some labels with
    spaces and NO-BREAK SPACEs (``"… i løpet av et år\u00a0 \u00a0\u00a0"``), which the
    reader leaves out and says so (``test_csv2_says_it_holds_labels``).
    """
    text = layout.path.read_text(encoding="utf-8")
    rows = list(
        csv.reader(io.StringIO(text), delimiter=layout.delimiter, quotechar=layout.quotechar)
    )
    header = rows[layout.header_line]
    n = len(layout.stub)
    cells = {}
    for row in rows[layout.header_line + 1 :]:
        if not any(cell.strip() for cell in row):
            continue
        for j in range(n, len(header)):
            key = (tuple(c.strip() for c in row[:n]), header[j])
            assert key not in cells, key  # the file names each cell once
            cell = row[j].strip()
            cells[key] = cell if cell in MISSING else float(cell)
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
        got[key] = row["status"] or row["value"]
    assert got == expected


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


# -- the downloads of issue 21: csv2, the ready-made datasets of 2016 and 2020 ---------------


def test_csv2_says_it_holds_labels(plugins: Plugins) -> None:
    """v0 ``csv2`` writes labels where codes would be: the table keeps them, and says so."""
    imported = plugins.read(LAYOUTS["ssb_12118_csv2_labels"].path)
    table = imported.table
    assert imported.importer.name == "ssb-csv"
    assert table.attrs["table_id"] == "12118"
    # the value column's title, cut by csv2 after its first comma, without that comma
    assert table.attrs["title"] == "12118: Andel personer 16 år og over (prosent)"
    assert set(table["Kjonn"]) == {"Menn", "Kvinner"}  # labels, as the file has them
    assert (table["Kjonn_label"].astype(str) == table["Kjonn"].astype(str)).all()
    notes = "\n".join(imported.report.notes)
    assert (
        "the file writes labels, not codes: sosiale goder, Kjonn, Alder, ContentsCode hold "
        "the labels where codes would be" in notes
    )
    assert "PxWeb 'csv2' or ready-made dataset layout, which write labels" in notes
    # «… et år\u00a0 \u00a0\u00a0»: the padding is left out, and said
    assert "Ikke råd til en ukes ferie i løpet av et år" in set(table["sosiale goder"])
    assert "column 'sosiale goder': " in notes
    assert "white space around them" in notes


def test_csv2_without_labels_still_holds_labels(plugins: Plugins) -> None:
    imported = plugins.read(LAYOUTS["ssb_11587_csv2_nynorsk"].path, labels=False)
    assert "ContentsCode_label" not in imported.table.columns
    assert imported.table["ContentsCode"].iloc[0] == "Ledige stillingar, sesongjustert"
    assert any("ContentsCode hold the labels" in n for n in imported.report.notes)


def test_a_single_quoted_dataset_has_no_quotes_left(plugins: Plugins) -> None:
    """``'0101 Halden';'000 0 år'``: the single quotes are the file's quoting."""
    imported = plugins.read(LAYOUTS["ssb_1080_dataset_2016_single_quotes"].path)
    table = imported.table
    assert list(table.columns[:4]) == ["Region", "Alder", "Tid", "ContentsCode"]
    for column in table.columns:
        if isinstance(table[column].dtype, pd.CategoricalDtype):
            assert not any("'" in str(c) for c in table[column].cat.categories), column
    first = table.iloc[0]
    assert (first["Region"], first["Region_label"], first["Alder"], first["Alder_label"]) == (
        "0101", "Halden", "000", "0 år",
    )  # fmt: skip
    assert first["value"] == 287.0
    assert "heading" not in table.columns  # the title names the value column
    assert any("quoted with ' (single quotes)" in n for n in imported.report.notes)


@pytest.mark.parametrize(
    "name", ["ssb_1108_dataset_2016_unquoted", "ssb_1080_dataset_2016_single_quotes"]
)
def test_a_2016_dataset_is_detected_by_its_title_column(name: str, plugins: Plugins) -> None:
    path = LAYOUTS[name].path
    claims = {d.importer: d.confidence for d in plugins.detections(path)}
    assert claims["ssb-csv"] == 0.6 > claims["spreadsheet"]
    table = plugins.read(path).table
    assert table.attrs["title"] == LAYOUTS[name].heading({})
    assert "table_id" not in table.attrs  # the 2016 datasets name no table number


def test_an_english_dataset_with_k_codes(plugins: Plugins, tmp_path: Path) -> None:
    """The English ready-made dataset as its README describes it (written here, not a copy):
    ISO-8859-1, ``,``, ``"K-3001 Halden"``, a trailing NO-BREAK SPACE, ``K-Rest``."""
    path = tmp_path / "26975_en.csv"
    path.write_bytes(
        '"region","year","contents","07459: Population, by region, year and contents"\n'
        '"K-3001 Halden","2020","Persons",31373\n'
        '"K-5436 Porsanger - Porsángu - Porsanki\u00a0","2020","Persons",3837\n'
        '"K-Rest Divided municalities and unknown","2020","Persons",0\n'.encode("latin-1")
    )
    table = plugins.read(path).table
    assert table["Region"].tolist() == ["K-3001", "K-5436", "K-Rest"]
    assert table["Region_label"].tolist()[1] == "Porsanger - Porsángu - Porsanki"
    assert table.attrs["table_id"] == "07459"


def test_the_copies_are_byte_for_byte() -> None:
    """Every file in the issue-21 table of the README has the SHA-256 the README gives."""
    readme = (SSB / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Byte-for-byte copies", 1)[1]
    listed = re.findall(r"^\| `([^`]+)` \|.*\| `([0-9a-f]{64})`", section, flags=re.M)
    assert len(listed) == 13
    for name, digest in listed:
        assert hashlib.sha256((SSB / name).read_bytes()).hexdigest() == digest, name


CSV_FILES = sorted(
    [*SSB.glob("*.csv"), *PXWEB.glob("*.csv"), *(DATA / "ssb" / "forms").glob("*.csv"),
     *(DATA / "ssb" / "samples").glob("*.csv")]
)  # fmt: skip


@pytest.mark.parametrize("path", CSV_FILES, ids=[p.name for p in CSV_FILES])
def test_arrow_and_the_csv_module_read_the_same(
    path: Path, plugins: Plugins, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where pyarrow is missing (or declines a file), Python's csv module gives the same."""
    pytest.importorskip("pyarrow")
    from integreringslov_importers import _ssb_csv

    def declined(*args: object) -> None:
        raise _ssb_csv._Careful

    by_arrow = plugins.read(path, importer="ssb-csv")
    monkeypatch.setattr(_ssb_csv, "_arrow_grid", declined)
    by_csv = plugins.read(path, importer="ssb-csv")
    pd.testing.assert_frame_equal(by_arrow.table, by_csv.table)
    assert by_arrow.table.attrs == by_csv.table.attrs
    assert by_arrow.report.notes == by_csv.report.notes


def test_the_pages_name_files_that_exist() -> None:
    """The data-sources and formats pages name the test files; each one exists."""
    root = DATA.parents[1]
    for page in ("docs/data-sources.md", "docs/reference/ssb-formats.md"):
        text = (root / page).read_text(encoding="utf-8")
        named = re.findall(r"`(tests/data/[^`*]+)`", text)
        assert named, page
        for path in named:
            assert (root / path).exists(), (page, path)
    forms = (DATA / "ssb" / "forms" / "README.md").read_text(encoding="utf-8")
    assert "**reconstructed**" in forms
    assert "`05300_v1_csv3.csv`" in forms  # the csv3 form is one of them


AWKWARD = {
    "control character in a label": '"region";"Personer 2021"\n"3801 Hor\x0bten";1\n"3802 X";2\n',
    "line separator in a label": '"region";"Personer 2021"\n"3801 Hor\u2028ten";1\n"3802 X";2\n',
    "control character after a value": '"region";"Personer 2021"\n"3801 H";1\x0c\n"3802 X";2\n',
    "bare carriage return": '"region";"Personer 2021"\r"3801 H";1\r"3802 X";2\r',
    "CRLF and empty lines": '"region";"Personer 2021"\r\n\r\n"3801 H";1\r\n\r\n"3802 X";2\r\n',
    "text after a closing quote": '"region";"Personer 2021"\n"3801 H"x;1\n',
    "a delimiter before a closing quote": '"region";"Personer 2021"\n"3801 H;"x;1\n',
    "a doubled quote": '"region";"Personer 2021"\n"3801 ""H""";1\n"3802 X";2\n',
    "a quote inside an unquoted cell": 'region;Personer 2021\n3801 5" rør;1\n3802 X;2\n',
    "a delimiter inside a quoted cell": '"region","Personer 2021"\n"3801 H, by",1\n"3802 X",2\n',
    "padding lines": '"region";"Personer 2021";;\n;;;\n"3801 H";1;;\n"3802 X";2;;\n',
    "white space cells and symbols": (
        '"region";"A 2021";"B 2021"\n" 3801 H ";" .. ";1\n"3802 X"; ;2\n'
    ),
    "decimal comma and no-break space": '"region";"P 2021"\n"3801 H";1\u00a0234,5\n"3802 X";..\n',
    "both decimal marks": '"region";"P 2021"\n"3801 H";1,5\n"3802 X";2.5\n',
    "a byte order mark": '\ufeff"region";"P 2021"\n"3801 H";1\n',
    "ragged": '"region";"P 2021"\n"3801 H";1;2\n',
    "text in a value cell": '"region";"P 2021"\n"3801 H";1\n"3802 X";mange\n',
    "text that looks doubly encoded": '"region";"P 2021"\n"3801 TrÃ¸ndelag";1\n',
}


@pytest.mark.parametrize("case", AWKWARD, ids=list(AWKWARD))
def test_awkward_files_read_the_same_both_ways(
    case: str, plugins: Plugins, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever Arrow's way would read differently, it hands to the csv module: same answer."""
    pytest.importorskip("pyarrow")
    from integreringslov.errors import SourceError
    from integreringslov_importers import _ssb_csv

    path = tmp_path / "awkward.csv"
    path.write_bytes(AWKWARD[case].encode("utf-8"))

    def outcome() -> object:
        try:
            read = plugins.read(path, importer="ssb-csv")
        except SourceError as error:
            return [(p.message, p.row, p.column, p.value) for p in error.problems]
        columns = {
            name: ["NaN" if isinstance(v, float) and v != v else v for v in values]
            for name, values in read.table.to_dict("list").items()
        }
        return columns, list(read.table.index), read.report.notes

    by_arrow = outcome()

    def declined(*args: object) -> None:
        raise _ssb_csv._Careful

    monkeypatch.setattr(_ssb_csv, "_arrow_grid", declined)
    assert outcome() == by_arrow
