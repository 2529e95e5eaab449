"""Hostile input for the JSON-stat, StatBank CSV and PC-Axis readers (issue 15).

Each bomb is built here at test time (nothing stored). Every refusal must be a library
error naming the file, the place and the limit or rule; claims are checked before anything
is allocated for them, so the refusals are fast; nothing leaks an identity number.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pandas as pd
import pytest
from test_ssb_bad_input import dataset  # one small JSON-stat document for all bad-input tests

from integreringslov._io.jsonstat import read_jsonstat
from integreringslov._io.limits import DEFAULT_LIMITS
from integreringslov._io.pcaxis import read_px
from integreringslov.errors import IntegreringslovError, InvalidInputError, SourceError
from integreringslov.fodselsnummer import check_digits
from integreringslov.plugins import Plugins
from integreringslov.tables.statistics import immigrant_population_from_ssb


def identity_number() -> str:
    """A fødselsnummer with valid check digits (born 1 January 2001)."""
    first_nine = "010101499"
    digits = check_digits(first_nine)
    assert digits is not None
    return first_nine + "".join(map(str, digits))


FNR = identity_number()


def refused(
    plugins: Plugins, tmp_path: Path, name: str, content: bytes | str, importer: str, **opts: Any
) -> tuple[SourceError, float]:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    start = time.perf_counter()
    with pytest.raises(SourceError) as info:
        plugins.read(path, importer=importer, **opts)
    elapsed = time.perf_counter() - start
    assert str(path) in str(info.value)
    assert info.value.problems[0].source == str(path)
    return info.value, elapsed


# -- JSON-stat: claims before allocation ---------------------------------------------------

HUGE_SIZES = {
    "10^9 cells, sparse value": ([1000, 1000, 1000], "1000000000 cells"),
    "2x10^8 cells": ([20000, 10000], "200000000 cells"),
    "10^30 cells": ([10**15, 10**15], "about 10^30 cells"),
}


@pytest.mark.parametrize("case", HUGE_SIZES, ids=list(HUGE_SIZES))
def test_a_huge_size_claim_is_refused_before_allocating(
    case: str, plugins: Plugins, tmp_path: Path
) -> None:
    sizes, claim = HUGE_SIZES[case]
    doc = dataset(
        id=["A", "B", "C"][: len(sizes)],
        size=sizes,
        dimension={d: {"category": {"index": ["x"]}} for d in ["A", "B", "C"][: len(sizes)]},
        value={"0": 1, "5": 2},
    )
    error, elapsed = refused(plugins, tmp_path, "big.json", json.dumps(doc), "ssb-jsonstat")
    assert claim in str(error)
    assert "Limits.max_cells" in str(error)
    assert elapsed < 10  # the unchecked readers took minutes; generous for a loaded CI machine


def test_the_cell_limit_is_exact_at_the_boundary(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text(json.dumps(dataset()), encoding="utf-8")
    assert len(read_jsonstat(path, limits=attrs.evolve(DEFAULT_LIMITS, max_cells=4))) == 4
    with pytest.raises(SourceError, match="claims 4 cells"):
        read_jsonstat(path, limits=attrs.evolve(DEFAULT_LIMITS, max_cells=3))


BAD_KEYS = {
    "superscript two": ("²", "is not a cell position"),
    "an expression": ("10**30", "is not a cell position"),
    "negative": ("-1", "is not a cell position"),
    "exponent": ("1e3", "is not a cell position"),
    "spaces": (" 1", "is not a cell position"),
    "Arabic-Indic digit": ("\u0661", "is not a cell position"),
    "beyond int64": ("99999999999999999999999", "refers to cell 99999999999999999999999"),
    "beyond the cube": ("4", "refers to cell 4, but the cube has 4 cells"),
}


@pytest.mark.parametrize("member", ["value", "status"])
@pytest.mark.parametrize("case", BAD_KEYS, ids=list(BAD_KEYS))
def test_sparse_keys_must_be_cell_positions(
    case: str, member: str, plugins: Plugins, tmp_path: Path
) -> None:
    key, message = BAD_KEYS[case]
    doc = dataset(
        **{member: {key: 1 if member == "value" else ".", "0": 1 if member == "value" else ":"}}
    )
    error, _ = refused(plugins, tmp_path, "keys.json", json.dumps(doc), "ssb-jsonstat")
    assert message in str(error)
    assert f'"{member}"' in str(error)


def test_one_cell_named_twice_in_a_sparse_object(plugins: Plugins, tmp_path: Path) -> None:
    error, _ = refused(
        plugins,
        tmp_path,
        "twice.json",
        json.dumps(dataset(value={"1": 1, "01": 2})),
        "ssb-jsonstat",
    )
    assert "names one cell twice" in str(error)


NOT_JSON_NUMBERS = {
    "NaN": ("[1, NaN, 3, 4]", "NaN is not a JSON number"),
    "Infinity": ("[1, Infinity, 3, 4]", "Infinity is not a JSON number"),
    "-Infinity": ("[1, -Infinity, 3, 4]", "-Infinity is not a JSON number"),
    "beyond double range": ("[1, 1e400, 3, 4]", "beyond the range of a double"),
    "huge integer": ("[1, " + "9" * 400 + ", 3, 4]", "beyond the range of a double"),
}


@pytest.mark.parametrize("case", NOT_JSON_NUMBERS, ids=list(NOT_JSON_NUMBERS))
def test_non_finite_numbers_are_refused(case: str, plugins: Plugins, tmp_path: Path) -> None:
    literal, message = NOT_JSON_NUMBERS[case]
    text = json.dumps(dataset()).replace("[1, 2, 3, 4]", literal)
    error, _ = refused(plugins, tmp_path, "nan.json", text, "ssb-jsonstat")
    assert message in str(error)


def test_duplicate_keys_are_refused_wherever_they_are(plugins: Plugins, tmp_path: Path) -> None:
    text = json.dumps(dataset()).replace('"class": "dataset"', '"class": "dataset", "class": "x"')
    error, _ = refused(plugins, tmp_path, "dup.json", text, "ssb-jsonstat")
    assert "names the key 'class' twice" in str(error)


@pytest.mark.parametrize("depth", [65, 5000, 200_000])
def test_deep_nesting_is_refused(depth: int, plugins: Plugins, tmp_path: Path) -> None:
    nested = "[" * depth + "]" * depth
    text = json.dumps(dataset(extension={"x": 1})).replace('{"x": 1}', nested)
    error, elapsed = refused(plugins, tmp_path, "deep.json", text, "ssb-jsonstat")
    assert "nested more than 64 levels" in str(error)
    assert "Limits.max_nesting_depth" in str(error)
    assert elapsed < 10  # the unchecked readers took minutes; generous for a loaded CI machine


def many_dimensions(k: int) -> str:
    ids = [f"d{i}" for i in range(k)]
    return json.dumps(
        dataset(
            id=ids,
            size=[1] * k,
            dimension={i: {"category": {"index": ["a"]}} for i in ids},
            value=[1],
            role=None,
        )
    )


def test_thirty_thousand_dimensions_are_refused_fast(plugins: Plugins, tmp_path: Path) -> None:
    error, elapsed = refused(
        plugins, tmp_path, "dims.json", many_dimensions(30_000), "ssb-jsonstat"
    )
    assert "30000 dimensions; the limit is 64" in str(error)
    assert elapsed < 10  # the unchecked readers took minutes; generous for a loaded CI machine


@pytest.mark.slow
def test_two_thousand_dimensions_within_a_raised_limit(plugins: Plugins, tmp_path: Path) -> None:
    path = tmp_path / "dims.json"
    path.write_text(many_dimensions(2000), encoding="utf-8")
    start = time.perf_counter()
    imported = plugins.read(
        path, importer="ssb-jsonstat", limits=attrs.evolve(DEFAULT_LIMITS, max_dimensions=2000)
    )
    assert imported.report.ok
    assert imported.table.shape == (1, 2 * 2000 + 2)
    assert time.perf_counter() - start < 15  # was 16 s before attrs stopped being deep-copied


def test_a_status_object_with_many_symbols_is_linear(plugins: Plugins, tmp_path: Path) -> None:
    n = 60_000
    doc = dataset(
        id=["A"],
        size=[n],
        dimension={"A": {"category": {"index": [str(i) for i in range(n)]}}},
        value=[None] * n,
        status={str(i): f"s{i}" for i in range(n)},
        role=None,
    )
    path = tmp_path / "status.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    start = time.perf_counter()
    table = read_jsonstat(path)
    assert time.perf_counter() - start < 10
    assert table["status"].iloc[n - 1] == f"s{n - 1}"


# -- identity numbers ----------------------------------------------------------------------

FNR_PLACES: dict[str, Callable[[], dict[str, Any]]] = {
    "category code": lambda: dataset(
        dimension={
            "Region": {"category": {"index": ["50", FNR]}},
            "Tid": {"category": {"index": ["2020", "2021"]}},
        }
    ),
    "category label": lambda: dataset(
        dimension={
            "Region": {"category": {"index": ["50", "5001"], "label": {"50": f"Ola {FNR}"}}},
            "Tid": {"category": {"index": ["2020", "2021"]}},
        }
    ),
    "dimension id": lambda: dataset(
        id=[FNR, "Tid"],
        dimension={
            FNR: {"category": {"index": ["50", "5001"]}},
            "Tid": {"category": {"index": ["2020", "2021"]}},
        },
    ),
    "text value": lambda: dataset(value=[1, f"{FNR}", 3, 4]),
}


@pytest.mark.parametrize("place", FNR_PLACES, ids=list(FNR_PLACES))
def test_identity_numbers_in_jsonstat_are_refused_unshown(
    place: str, plugins: Plugins, tmp_path: Path
) -> None:
    error, _ = refused(
        plugins, tmp_path, "fnr.json", json.dumps(FNR_PLACES[place]()), "ssb-jsonstat"
    )
    assert "fødselsnummer" in str(error)
    for text in (str(error), repr(error), error.to_json()):
        assert FNR not in text


def test_identity_numbers_in_table_titles_are_masked(plugins: Plugins, tmp_path: Path) -> None:
    path = tmp_path / "title.json"
    path.write_text(json.dumps(dataset(label=f"Tabell for {FNR}")), encoding="utf-8")
    table = plugins.read(path).table
    assert FNR not in table.attrs["label"]
    csv_path = tmp_path / "title.csv"
    csv_path.write_text(f'"11616: Om {FNR}, etter region og år"\n\n"region";"2021"\n"3801 H";1\n')
    assert FNR not in plugins.read(csv_path).table.attrs["title"]


def test_a_category_longer_than_the_cell_limit_is_refused(plugins: Plugins, tmp_path: Path) -> None:
    doc = dataset(
        dimension={
            "Region": {"category": {"index": ["50", "5001"], "label": {"50": "x" * 100_001}}},
            "Tid": {"category": {"index": ["2020", "2021"]}},
        }
    )
    error, _ = refused(plugins, tmp_path, "long.json", json.dumps(doc), "ssb-jsonstat")
    assert "Limits.max_field_chars" in str(error)


def test_identity_numbers_in_csv_and_px_are_refused_unshown(
    plugins: Plugins, tmp_path: Path
) -> None:
    csv_text = f'"region";"Personer 2021"\n"{FNR} Ola";1\n'
    error, _ = refused(plugins, tmp_path, "fnr.csv", csv_text, "ssb-csv")
    assert "fødselsnummer" in str(error)
    assert FNR not in str(error)
    px = f'STUB="person";HEADING="year";VALUES("person")="{FNR}";VALUES("year")="2024";DATA=1;'
    error, _ = refused(plugins, tmp_path, "fnr.px", px, "ssb-px")
    assert FNR not in str(error)
    assert "fødselsnummer" in str(error)


# -- StatBank CSV --------------------------------------------------------------------------


def test_a_long_run_of_spaces_in_a_heading_is_linear(plugins: Plugins, tmp_path: Path) -> None:
    """A backtracking regular expression took 81 s on a 100 KB heading of spaces."""
    heading = "Personer" + " " * 90_000 + "x"
    text = (
        '"11616: Sysselsatte, etter region, statistikkvariabel og år"\n\n'
        f'"region";"{heading}"\n"3801 Horten";1\n'
    )
    path = tmp_path / "spaces.csv"
    path.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    table = plugins.read(path, importer="ssb-csv").table
    assert time.perf_counter() - start < 10
    assert table["value"].tolist() == [1.0]
    error, elapsed = refused(
        plugins, tmp_path, "wider.csv", text.replace("x", " " * 20_000 + "x"), "ssb-csv"
    )
    assert "limit is 100000" in str(error)
    assert "Limits.max_field_chars" in str(error)
    assert elapsed < 10  # the unchecked readers took minutes; generous for a loaded CI machine


@pytest.mark.parametrize(
    "title",
    [
        "Sysselsatte, etter region" + " " * 90_000 + "x",
        "Population by " + "a and " * 15_000,
        "Population by a" + " \t" * 45_000 + "1999",
    ],
    ids=["spaces", "many-ands", "spaces-before-a-year"],
)
def test_a_long_title_is_read_in_linear_time(title: str, plugins: Plugins, tmp_path: Path) -> None:
    """The title's dimension list was split with patterns that backtracked (10 s for 32 KB)."""
    path = tmp_path / "title.csv"
    path.write_text(f'"{title}"\n\n"region";"2021"\n"3801 Horten";1\n', encoding="utf-8")
    start = time.perf_counter()
    table = plugins.read(path, importer="ssb-csv").table  # detection reads only the head
    assert time.perf_counter() - start < 5
    assert table["value"].tolist() == [1.0]


CSV_BOMBS = {
    "NUL after 4 KB": (
        '"region";"Personer 2021"\n' + '"3801 Horten";1\n' * 400 + '"3802 X";1\x00\n',
        "NUL byte",
    ),
    "a field beyond the csv module": ('"region";"P 2021"\n"' + "a" * 200_000 + '";1\n', "longer"),
    "both decimal marks": ('"region";"P 2021";"Q 2021"\n"3801 H";1,5;2.5\n', "both ',' and '.'"),
    "infinite value": ('"region";"P 2021"\n"3801 H";inf\n', "neither a number"),
    "ragged": ('"region";"P 2021"\n"3801 H";1;2\n', "3 cells"),
}


def test_csv_row_limit(plugins: Plugins, tmp_path: Path) -> None:
    text = '"region";"P 2021"\n' + '"3801 H";1\n' * 11
    limits = attrs.evolve(DEFAULT_LIMITS, max_rows=10)
    error, _ = refused(plugins, tmp_path, "rows.csv", text, "ssb-csv", limits=limits)
    assert "11 data rows; the limit is 10" in str(error)


# -- PC-Axis -------------------------------------------------------------------------------

PX_BOMBS = {
    "claims 10^12 cells": (
        'STUB="a","b";HEADING="c";VALUES("a")='
        + ",".join(f'"{i}"' for i in range(10_000))
        + ';VALUES("b")='
        + ",".join(f'"{i}"' for i in range(10_000))
        + ';VALUES("c")='
        + ",".join(f'"{i}"' for i in range(10_000))
        + ";DATA=1;",
        "1000000000000 cells",
    ),
    "too few cells": (
        'STUB="a";HEADING="b";VALUES("a")="x","y";VALUES("b")="1";DATA=1;',
        "DATA holds 1 cells",
    ),
    "text in DATA": (
        'STUB="a";HEADING="b";VALUES("a")="x";VALUES("b")="1";DATA=abc;',
        "neither a number",
    ),
    "sparse KEYS": (
        'STUB="a";HEADING="b";KEYS("a")=VALUES;VALUES("a")="x";VALUES("b")="1";DATA=1;',
        "KEYS",
    ),
    "no DATA": ('STUB="a";VALUES("a")="x";', "no DATA"),
    "unterminated": ('STUB="a";VALUES("a")="x', "no closing"),
    "codes and values differ": (
        'STUB="a";HEADING="b";VALUES("a")="x","y";CODES("a")="1";VALUES("b")="1";DATA=1 2;',
        "2 VALUES but 1 CODES",
    ),
    "binary": ("\x00\x01" * 100, "binary"),
}


BOMBS = {
    **{f"csv: {k}": ("ssb-csv", "bomb.csv", *v) for k, v in CSV_BOMBS.items()},
    **{f"px: {k}": ("ssb-px", "bomb.px", *v) for k, v in PX_BOMBS.items()},
}


@pytest.mark.parametrize("case", BOMBS, ids=list(BOMBS))
def test_csv_and_px_bombs_are_refused(case: str, plugins: Plugins, tmp_path: Path) -> None:
    importer, name, content, message = BOMBS[case]
    error, elapsed = refused(plugins, tmp_path, name, content, importer)
    assert message in str(error)
    assert elapsed < 10  # the unchecked readers took minutes; generous for a loaded CI machine


def test_px_reads_bytes_and_respects_the_dimension_limit() -> None:
    px = b'STUB="a","b";VALUES("a")="x";VALUES("b")="y";DATA=7;'
    assert read_px(px)["value"].tolist() == [7.0]
    with pytest.raises(SourceError, match="2 variables; the limit is 1"):
        read_px(px, limits=attrs.evolve(DEFAULT_LIMITS, max_dimensions=1))


# -- StatBank .xlsx -----------------------------------------------------------------------


def test_xlsx_that_is_not_a_zip_is_refused(plugins: Plugins, tmp_path: Path) -> None:
    error, _ = refused(plugins, tmp_path, "bad.xlsx", b"PK\x03\x04 not really", "ssb-xlsx")
    assert "the workbook is corrupt" in str(error)


def test_xlsx_zip_bomb_is_refused_from_the_directory(plugins: Plugins, tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 << 20))
    start = time.perf_counter()
    with pytest.raises(SourceError, match=r"Limits\.max_compression_ratio"):
        plugins.read(path, importer="ssb-xlsx")
    assert time.perf_counter() - start < 10


def test_xlsx_claiming_too_many_shared_strings_is_refused(plugins: Plugins, tmp_path: Path) -> None:
    import zipfile

    import openpyxl

    made = tmp_path / "made.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = "05300: Befolkning"
    book.save(made)
    path = tmp_path / "strings.xlsx"  # the same workbook, its sharedStrings claiming 2e9
    claim = '<sst xmlns="x" count="2000000000" uniqueCount="2000000000"><si><t>a</t></si></sst>'
    relation = (
        '<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    )
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(path, "w") as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", relation.encode())
            archive.writestr(info, data)
        archive.writestr("xl/sharedStrings.xml", claim)
    with pytest.raises(SourceError, match="2000000000 unique shared strings"):
        plugins.read(path, importer="ssb-xlsx")


# -- odd years -----------------------------------------------------------------------------


def one_cell(period: str, value: float) -> pd.DataFrame:
    """A one-cell SSB long table of immigrants, as an importer returns it."""
    codes = {
        "Region": "5001",
        "Tid": period,
        "Alder": "0",
        "Landbakgrunn": "b1",
        "InnvandrKat": "B",
    }
    return pd.DataFrame(
        {
            **{dim: pd.Categorical([code]) for dim, code in codes.items()},
            "value": [value],
            "status": pd.Categorical([""]),
        }
    )


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2024K1", "periods are quarters"),
        ("2024M01", "periods are months"),
        ("99999999999999999999", "is not a year"),
        ("\u0662\u0660\u0662\u0661", "is not a year"),  # Arabic-Indic 2021
        ("", "is not a year"),
    ],
)
def test_odd_years_are_problems_not_crashes(period: str, message: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        immigrant_population_from_ssb(one_cell(period, 5.0), source="x.json")
    assert message in str(info.value)
    assert info.value.problems[0].column == "Tid"


def test_an_infinite_count_is_a_problem() -> None:
    with pytest.raises(InvalidInputError, match="not a whole number"):
        immigrant_population_from_ssb(one_cell("2021", np.inf), source="x.json")


def test_every_refusal_is_a_library_error(plugins: Plugins, tmp_path: Path) -> None:
    """A sample of the above through auto-detection: never anything but the library's errors."""
    for name, content in {
        "a.json": json.dumps(dataset(value={"²": 1})),
        "b.csv": CSV_BOMBS["NUL after 4 KB"][0],
        "c.px": PX_BOMBS["too few cells"][0],
    }.items():
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        with pytest.raises(IntegreringslovError):
            plugins.read(path)
