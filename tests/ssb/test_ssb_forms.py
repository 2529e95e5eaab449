"""Every SSB / PxWeb table form, read by auto-detection and checked cell by cell.

The reconstructed CSV forms in ``tests/data/ssb/forms`` carry the figures of two real SSB
responses (table 05300 as json-stat2, ready-made dataset 29843 as JSON-stat 1.x; see the
README there). The expected value of every cell is looked up in that raw JSON here, by a
flat index computed from the category positions — never by running the reader. The other
forms are real files (``tests/data/ssb/samples``), checked against their own text.
"""

from __future__ import annotations

import csv
import itertools
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from integreringslov.plugins import Plugins
from integreringslov.tables.statistics import SsbTable

FORMS = Path(__file__).resolve().parents[1] / "data" / "ssb" / "forms"
SAMPLES = Path(__file__).resolve().parents[1] / "data" / "ssb" / "samples"


def raw_cube(name: str) -> tuple[dict[str, Any], list[str], dict[str, list[str]]]:
    """The JSON-stat document, its dimension ids and each dimension's codes in order."""
    doc = json.loads((SAMPLES / name).read_text(encoding="utf-8"))
    doc = doc.get("dataset", doc)
    dims = doc["dimension"]
    ids = doc.get("id") or dims["id"]
    codes = {}
    for d in ids:
        index = dims[d]["category"]["index"]
        codes[d] = sorted(index, key=index.__getitem__)
    return doc, ids, codes


def expected_cells(name: str) -> Iterator[tuple[dict[str, str], float | None, str]]:
    """Every cell of a real JSON-stat file: its codes, its value and its status symbol."""
    doc, ids, codes = raw_cube(name)
    for flat, combo in enumerate(itertools.product(*(codes[d] for d in ids))):
        value = doc["value"][flat]
        status = (doc.get("status") or {}).get(str(flat), "")
        yield dict(zip(ids, combo, strict=True)), value, status


def label_to_code(name: str, dim: str) -> dict[str, str]:
    doc, _, _ = raw_cube(name)
    return {text: code for code, text in doc["dimension"][dim]["category"]["label"].items()}


def check_cells(table: pd.DataFrame, columns: dict[str, str], name: str, by_label: bool) -> None:
    """Compare every row of ``table`` with the real file (``columns``: JSON id → column)."""
    lookup = {}
    for codes, value, status in expected_cells(name):
        lookup[tuple(codes[d] for d in columns)] = (value, status)
    maps = {d: label_to_code(name, d) for d in columns} if by_label else {}
    seen = set()
    for record in table.to_dict("records"):
        key = tuple(
            maps[d].get(record[col], record[col]) if by_label else record[col]
            for d, col in ((d, c) for d, c in columns.items())
        )
        assert key in lookup, key
        value, status = lookup[key]
        if value is None:
            assert math.isnan(record["value"]), key
            assert record["status"] == (status or ".."), key
        else:
            assert record["value"] == pytest.approx(value), key
            assert record["status"] == "", key
        seen.add(key)
    assert len(seen) == len(table)


COLS_05300 = {"Avstand1": "avstand", "Kulturtilbud": "kulturtilbud", "Tid": "Tid"}

FORMS_05300: dict[str, tuple[dict[str, str], bool]] = {
    # file: (JSON id -> table column, whether the column holds labels rather than codes)
    "05300_v1_csv3.csv": (
        {"Avstand1": "Avstand1", "Kulturtilbud": "Kulturtilbud", "Tid": "Tid"},
        False,
    ),
    "05300_v1_csv2.csv": (COLS_05300, True),
    "05300_v2_csv_codes.csv": (
        {"Avstand1": "Avstand1", "Kulturtilbud": "Kulturtilbud", "Tid": "Tid"},
        False,
    ),
    "05300_v2_csv_tab_texts.csv": (COLS_05300, True),
    "05300_v2_csv_title_semicolon_codes_and_texts.csv": (COLS_05300, False),
    "05300_statbank_quoted_years.csv": (COLS_05300, False),
    "05300_ready_made_dataset.csv": (COLS_05300, False),
}


@pytest.mark.parametrize("form", FORMS_05300, ids=list(FORMS_05300))
def test_05300_forms_cell_by_cell(form: str, plugins: Plugins) -> None:
    imported = plugins.read(FORMS / form)  # auto-detection
    assert imported.importer.name == "ssb-csv"
    assert imported.report.ok, imported.report.problems
    assert len(imported.table) == 6 * 8 * 9
    columns, by_label = FORMS_05300[form]
    check_cells(imported.table, columns, "ssb_v0_table_05300_jsonstat2.json", by_label)
    assert sorted(set(imported.table["Tid"].astype(str))) == [
        "1991", "1994", "1997", "2000", "2004", "2008", "2012", "2016", "2021",
    ]  # fmt: skip


XLSX_05300 = {
    # file: (JSON id -> table column, what the notes say of the names)
    "05300_statbank.xlsx": (COLS_05300, "named after the title's first 3 dimensions"),
    # PxWeb 2's own .xlsx (no IncludeTitle, no .psmdcp): the sheet is named by the table,
    # the heading on row 1 above an empty corner; nothing names the variables
    "05300_pxweb2_no_title.xlsx": (
        {"Avstand1": "stub 1", "Kulturtilbud": "stub 2", "Tid": "Tid"},
        "a PxWeb workbook without a title",
    ),
}


@pytest.mark.parametrize("form", XLSX_05300)
def test_statbank_xlsx_cell_by_cell(form: str, plugins: Plugins) -> None:
    path = FORMS / form
    claims = {d.importer: d.confidence for d in plugins.detections(path)}
    assert claims["ssb-xlsx"] > claims["spreadsheet"]
    imported = plugins.read(path)
    assert imported.importer.name == "ssb-xlsx"
    assert imported.report.ok
    assert len(imported.table) == 432
    columns, named = XLSX_05300[form]
    check_cells(imported.table, columns, "ssb_v0_table_05300_jsonstat2.json", by_label=False)
    notes = " ".join(imported.report.notes)
    assert "empty stub cells are read as the value above them" in notes
    assert named in notes
    if "no_title" in form:
        assert "importer='ssb-jsonstat'" in notes
    else:
        assert imported.table.attrs["table_id"] == "05300"


def test_pxweb_xlsx_whose_rows_do_not_line_up_is_refused_naming_importers(
    plugins: Plugins, tmp_path: Path
) -> None:
    """The same workbook with every stub cell moved two rows down: the first data rows have
    no stub, so no figure can be given its row; refused, never read as a heading."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(FORMS / "05300_pxweb2_no_title.xlsx")
    sheet = book.active
    for row in range(sheet.max_row, 1, -1):
        for column in (1, 2, 3):
            sheet.cell(row + 2, column, sheet.cell(row, column).value)
            sheet.cell(row, column).value = None
    path = tmp_path / "05300.xlsx"
    book.save(path)
    from integreringslov.errors import SourceError

    for importer in (None, "ssb-xlsx"):
        with pytest.raises(SourceError) as info:
            plugins.read(path, importer=importer)
        problem = info.value.problems[0]
        assert problem.check == "pxweb_layout"
        assert "table 05300" in problem.message
        assert "importer='ssb-jsonstat'" in problem.message
        assert "importer='ssb-csv'" in problem.message


def test_codes_and_texts_are_split(plugins: Plugins) -> None:
    """PxWebApi 2 ``UseCodesAndTexts`` writes ``01 - Under 1 km``; SSB web ``01 Under 1 km``."""
    for form in (
        "05300_v2_csv_title_semicolon_codes_and_texts.csv",
        "05300_ready_made_dataset.csv",
    ):
        table = plugins.read(FORMS / form).table
        first = table.iloc[0]
        assert (first["avstand"], first["avstand_label"]) == ("01", "Under 1 km")
        assert first["kulturtilbud_label"] == "Kino eller lokale med jevnlig spillefilmframvisning"


def test_quoted_years_are_detected_and_the_decision_reported(plugins: Plugins) -> None:
    path = FORMS / "05300_statbank_quoted_years.csv"
    claims = {d.importer: d.confidence for d in plugins.detections(path)}
    assert claims["ssb-csv"] > claims["spreadsheet"] == 0.2
    imported = plugins.read(path)
    assert imported.importer.name == "ssb-csv"
    assert any(
        "'år' holds only numbers but is read as a dimension" in n for n in imported.report.notes
    )
    assert imported.table["Tid"].astype(str).iloc[0] == "1991"


def test_csv3_names_the_value_column_by_the_table_id(plugins: Plugins) -> None:
    imported = plugins.read(FORMS / "05300_v1_csv3.csv")
    assert imported.table.attrs["table_id"] == "05300"
    assert list(imported.table.columns[:4]) == ["Avstand1", "Kulturtilbud", "ContentsCode", "Tid"]
    assert any("csv3" in n for n in imported.report.notes)


@pytest.mark.parametrize(
    "form", ["29843_v1_csv_months_in_heading.csv", "29843_semicolon_decimal_comma_months.csv"]
)
def test_29843_monthly_forms_cell_by_cell(form: str, plugins: Plugins) -> None:
    imported = plugins.read(FORMS / form)
    assert imported.importer.name == "ssb-csv"
    assert imported.report.ok
    table = imported.table
    assert len(table) == 20 * 2 * 3
    assert set(table["Tid"].astype(str)) == {"2015M10", "2015M11", "2015M12"}
    name = "ssb_v0dataset_29843_jsonstat1.json"
    contents = label_to_code(name, "ContentsCode")
    lookup = {tuple(c.values()): (v, s) for c, v, s in expected_cells(name)}
    for r in table.to_dict("records"):
        key = (r["industry/main industrial grouping"], contents[r["ContentsCode"]], r["Tid"])
        value, _ = lookup[key]
        assert (math.isnan(r["value"]) and value is None) or r["value"] == pytest.approx(value)
    # read off the real file: P1021 unadjusted (PeriodeRa) 2015M12
    doc, _ids, codes = raw_cube(name)
    flat = (0 * 6 + codes["ContentsCode"].index("PeriodeRa")) * 312 + 311
    hit = table[(table["Tid"] == "2015M12") & (table["ContentsCode"] == "Unadjusted")]
    assert hit["value"].iloc[0] == pytest.approx(doc["value"][flat]) == pytest.approx(56.2)


def test_pxwebapi2_jsonstat_from_statistics_sweden(plugins: Plugins) -> None:
    """A real PxWebApi 2 data response, every cell against the raw JSON."""
    name = "scb_TAB6471_data.json"
    imported = plugins.read(SAMPLES / name)
    assert imported.importer.name == "ssb-jsonstat"
    assert imported.report.ok
    table = imported.table
    expected = list(expected_cells(name))
    assert len(table) == len(expected) == 21 * 11 * 3 * 1 * 4
    for record, (codes, value, _) in zip(table.to_dict("records"), expected, strict=True):
        assert {d: record[d] for d in codes} == codes
        assert record["value"] == value
    first = table.iloc[0]
    assert (first["Region_label"], first["Alder"], first["Tid"]) == (
        "Stockholms län",
        "0-9",
        "2026M01",
    )
    assert first["value"] == 245284


def test_statistics_finland_title_blank_line_comma_header(plugins: Plugins) -> None:
    path = SAMPLES / "statfin_128c_income_deciles.csv"
    imported = plugins.read(path)
    assert imported.importer.name == "ssb-csv"
    assert imported.report.ok
    table = imported.table
    lines = path.read_text(encoding="utf-8").splitlines()
    header = next(csv.reader([lines[2]]))
    rows = list(csv.reader(lines[3:]))
    assert len(table) == len(rows) * 4 == 40
    for fields in rows:
        for year, text in zip(header[2:], fields[2:], strict=True):
            hit = table[(table["Decile"] == fields[1]) & (table["Tid"] == year)]
            assert hit["value"].tolist() == [float(text)]
    assert table.attrs["table_id"] == "128c"
    assert any("periods" in n for n in imported.report.notes)
    v = table[(table["Decile"] == "V") & (table["Tid"] == "2022")]["value"].iloc[0]
    assert v == 52763  # line 8 of the file


def test_quarters_as_text(plugins: Plugins, tmp_path: Path) -> None:
    path = tmp_path / "kvartal.csv"
    path.write_text(
        '"region";"kvartal";"Personer"\n'
        '"5001 Trondheim";"2024K1";12\n"5001 Trondheim";"2024K2";..\n',
        encoding="utf-8",
    )
    imported = plugins.read(path)
    assert imported.importer.name == "ssb-csv"
    assert imported.table["Tid"].tolist() == ["2024K1", "2024K2"]
    assert imported.table["status"].tolist() == ["", ".."]


def test_jsonstat_text_values_order_json(plugins: Plugins) -> None:
    """json-stat.org ``order.json``: ``value`` holds text; read into ``value_text``."""
    path = SAMPLES / "jsonstat_org_order.json"
    imported = plugins.read(path)
    assert imported.report.ok
    table = imported.table
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert table["value"].isna().all()
    assert table["value_text"].tolist() == doc["value"]
    # position (A=2, B=1, C=4) = (1*2+0)*4+3 = 11: the file's own 'A1B1C4' (sic)
    row = table[(table["A"] == "2") & (table["B"] == "1") & (table["C"] == "4")]
    assert row["value_text"].iloc[0] == doc["value"][11] == "A1B1C4"
    SsbTable.validate(table)


def test_jsonstat_dimension_order_comes_from_id(plugins: Plugins) -> None:
    """SSB json-stat.java ``dimOrder.json``: ``dimension`` keys B, C, A; ``id`` says A, B, C."""
    path = SAMPLES / "ssb_jsonstat_java_dimOrder.json"
    table = plugins.read(path).table
    assert list(table.columns[:3]) == ["A", "B", "C"]
    row = table[(table["A"] == "3") & (table["B"] == "2") & (table["C"] == "1")]
    assert row["value"].iloc[0] == 22.0  # position 20 of value, written "22"
    assert row.index[0] == 20


def test_jsonstat_numbers_written_as_text_are_numbers(plugins: Plugins) -> None:
    """``"value": ["1", "2", …]`` (allowed by the spec; SSB's json-stat.java fixture): a sum
    of ``value`` is the sum of the numbers the file writes, not 0."""
    path = SAMPLES / "ssb_jsonstat_java_dimOrder.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert all(isinstance(v, str) for v in doc["value"])
    imported = plugins.read(path)
    assert imported.report.ok
    assert imported.table["value"].tolist() == [float(v) for v in doc["value"]]
    assert imported.table["value"].sum() == sum(int(v) for v in doc["value"])
    assert "value_text" not in imported.table.columns
    assert f"{len(doc['value'])} values are numbers written as text" in " ".join(
        imported.report.notes
    )


def test_jsonstat_text_that_is_no_number_stays_text_and_is_counted(
    plugins: Plugins, tmp_path: Path
) -> None:
    doc = {
        "version": "2.0",
        "class": "dataset",
        "id": ["Tid"],
        "size": [6],
        "dimension": {"Tid": {"category": {"index": ["1", "2", "3", "4", "5", "6"]}}},
        "value": ["12", 3.5, "1,5", "-0.25e2", "n/a", None],
    }
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    imported = plugins.read(path)
    table = imported.table
    values = table["value"].tolist()
    assert values[:2] == [12.0, 3.5]
    assert values[3] == -25.0
    assert all(v != v for v in (values[2], values[4], values[5]))  # NaN
    assert table["value_text"].tolist()[2] == "1,5"  # a decimal comma is no JSON number
    assert table["value_text"].tolist()[4] == "n/a"
    notes = " ".join(imported.report.notes)
    assert "2 values are numbers written as text" in notes
    assert "2 values are text that is not a number (such as '1,5')" in notes


PX_FIRST_ROW = {
    # file: (stub/heading codes of cell 0, its value or symbol) read off the file's DATA
    "TAB001.px": ({"REGION": "AT", "SEX": "F", "AGE": "TOTAL", "TIME": "1981"}, ".."),
    "TAB004.px": ({"SECTOR": "0.1", "GREENHOUSEGAS": "CH4", "TIME": "1990"}, 296860.0),
    "tab4_fewcells.px": ({"SECTOR": "7.0", "GREENHOUSEGAS": "CO2", "TIME": "2017"}, 445.0),
}


@pytest.mark.parametrize("name", PX_FIRST_ROW, ids=list(PX_FIRST_ROW))
def test_pc_axis_files(name: str, plugins: Plugins) -> None:
    imported = plugins.read(SAMPLES / name)
    assert imported.importer.name == "ssb-px"
    assert imported.report.ok
    first = imported.table.iloc[0]
    codes, expected = PX_FIRST_ROW[name]
    for dim, code in codes.items():
        assert first[dim] == code
    if isinstance(expected, str):
        assert math.isnan(first["value"])
        assert first["status"] == expected
    else:
        assert first["value"] == expected
        assert first["status"] == ""


def test_pc_axis_tab001_second_cell_and_counts(plugins: Plugins) -> None:
    table = plugins.read(SAMPLES / "TAB001.px").table
    text = (SAMPLES / "TAB001.px").read_bytes().decode("iso-8859-1")
    data = text[text.index("DATA=") + 5 :].rstrip().rstrip(";").replace(",", " ").split()
    assert len(table) == len(data) == 30 * 3 * 22 * 1 * 3
    assert table.iloc[1]["value"] == float(data[1]) == 4041797  # Austria, female, 1991
    assert table.iloc[1]["REGION_label"] == "Austria"
    symbols = [d.strip('"') for d in data if d.startswith('"')]
    assert (table["status"] != "").sum() == len(symbols)


@pytest.mark.parametrize("name", ["TAB001.px", "TAB004.px"])
def test_pc_axis_numbers_agree_with_pyaxis(name: str, plugins: Plugins) -> None:
    """pyaxis, an independent reader, gives the same numbers (it loses codes and symbols)."""
    pyaxis = pytest.importorskip("pyaxis.pyaxis")
    theirs = pyaxis.parse(uri=str(SAMPLES / name), encoding="ISO-8859-1")["DATA"]
    ours = plugins.read(SAMPLES / name).table
    assert len(theirs) == len(ours)
    numbers = pd.to_numeric(theirs["DATA"], errors="coerce").to_numpy()
    assert ours["value"].isna().sum() == pd.isna(numbers).sum()
    mask = ~pd.isna(numbers)
    assert (ours["value"].to_numpy()[mask] == numbers[mask]).all()


def test_every_form_file_has_provenance() -> None:
    readme = (FORMS / "README.md").read_text(encoding="utf-8")
    for path in FORMS.glob("*.csv"):
        assert f"`{path.name}`" in readme, path.name
    samples_readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    for path in SAMPLES.iterdir():
        if path.name != "README.md":
            assert f"`{path.name}`" in samples_readme, path.name


def test_the_reader_modules_examples_hold() -> None:
    import doctest

    from integreringslov._io import pcaxis
    from integreringslov_importers import _ssb_csv

    for module in (_ssb_csv, pcaxis):
        result = doctest.testmod(module)
        assert result.attempted > 0
        assert result.failed == 0
