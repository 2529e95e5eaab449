"""Lossless round trips: every table the library writes reads back to an equal table.

For every built-in importer's table (read from the importer's own example files, which
are real published files or the library's invented samples) and for the assessment and
recommendation tables, in every output format: ``write_table`` then ``il.read`` gives the
same columns, values and types, read by the importer of the library's own table, with a
clean report. The index is the row in the written file, so it is not compared.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import integreringslov as il
from integreringslov._io.write import write_table
from integreringslov.errors import SourceError
from integreringslov.tables import Table, validate
from integreringslov.tables._base import TABLE_ATTR
from integreringslov.tables.municipalities import RecommendationTable, criteria_columns
from integreringslov.tables.persons import AssessmentTable
from integreringslov.tables.statistics import SsbTable
from integreringslov.testing import make_plugins
from integreringslov_importers.written import IMPORTERS

pytest.importorskip("pyarrow")
pytest.importorskip("openpyxl")

FORMATS = {
    "csv": ("out.csv", False),
    "csv-excel": ("out.csv", True),
    "json": ("out.json", False),
    "parquet": ("out.parquet", False),
    "xlsx": ("out.xlsx", False),
}


def _builtin_tables() -> dict[str, pd.DataFrame]:
    plugins = make_plugins()
    tables: dict[str, pd.DataFrame] = {}
    for info in plugins.importers():
        if info.name in IMPORTERS:
            continue
        for example in info.examples:
            imported = plugins.read(example, importer=info.name)
            assert imported.report.ok, imported.report.to_text()
            tables[f"{info.name}:{example.name}"] = imported.table
    # every real StatBank / PxWeb download in the tests: real column names (spaces, «ålder»,
    # «besøk i museum»), real codes (K_5038, SE110) and the reader's unnamed «heading»
    data = Path(__file__).resolve().parents[1] / "data"
    for download in sorted(
        [*(data / "ssb" / "real").glob("*.csv"), *(data / "pxweb").glob("*.csv")]
    ):
        imported = plugins.read(download)
        assert imported.report.ok, imported.report.to_text()
        tables[f"{imported.importer.name}:{download.name}"] = imported.table
    persons = tables["spreadsheet:example_persons.csv"]
    # the tables the commands write, as the contract's schemas type them
    assessed = il.assess_frame(persons, on=dt.date(2024, 6, 1))
    tables["assessment"] = _validated(AssessmentTable, assessed)
    municipalities = tables["spreadsheet-municipalities:example_municipalities.csv"]
    weights = dict.fromkeys(criteria_columns(municipalities)[:2], 1.0)
    recommended = il.recommend(40, municipalities, criteria=weights, method="hamilton").table
    tables["recommendation"] = _validated(RecommendationTable, recommended)
    return tables


def _validated(schema: type[Table], frame: pd.DataFrame) -> pd.DataFrame:
    table, report = validate(schema, frame)
    assert report.ok, report.to_text()
    return table


TABLES = _builtin_tables()


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("kind", sorted(TABLES))
def test_round_trip(kind: str, fmt: str, tmp_path: Path) -> None:
    original = TABLES[kind]
    filename, excel = FORMATS[fmt]
    path = tmp_path / filename
    write_table(original, path, excel=excel)
    back = il.read(path)
    assert back.report.ok, back.report.to_text()
    assert back.importer.name in IMPORTERS
    assert back.importer.table.__name__ == original.attrs[TABLE_ATTR]
    assert_same_table(
        back.table,
        original,
        # CSV and workbooks list a column's categories in the order they first appear
        category_order=fmt in ("json", "parquet"),
        rtol=0.0,  # every format keeps every bit of a float
    )


def assert_same_table(
    got: pd.DataFrame, expected: pd.DataFrame, *, category_order: bool, rtol: float
) -> None:
    """Equal columns, dtypes and values; categories equal (in order, if asked).

    Whether a categorical's labels are held as ``object`` or ``str`` is not compared.
    """
    got = got.reset_index(drop=True)
    expected = expected.reset_index(drop=True)
    assert list(got.columns) == list(expected.columns)
    for column in expected.columns:
        want, have = expected[column], got[column]
        if isinstance(want.dtype, pd.CategoricalDtype):
            assert isinstance(have.dtype, pd.CategoricalDtype), column
            cats_want, cats_have = list(want.cat.categories), list(have.cat.categories)
            if category_order:
                assert cats_have == cats_want, column
            else:
                assert sorted(cats_have) == sorted(cats_want), column
            assert have.astype(object).tolist() == want.astype(object).tolist(), column
        else:
            pd.testing.assert_series_equal(
                have, want, check_exact=rtol == 0.0, rtol=rtol or 1e-5, obj=str(column)
            )


# -- any table of a kind, not only the examples ----------------------------------------------

_TEXT = st.text(
    alphabet=st.characters(
        codec="utf-8", exclude_categories=("Cs", "Cc"), include_characters="\r\n\t"
    ),
    max_size=12,
).filter(lambda t: not re.search(r"\d{6}", t))  # nothing an identity-number mask would touch


@pytest.mark.parametrize("excel", [False, True], ids=["csv", "csv-excel"])
@pytest.mark.parametrize("kind", sorted(TABLES))
def test_without_pyarrow_the_csv_reads_back_the_same(
    kind: str, excel: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pyarrow is an extra: without it pandas writes the CSV, and it reads back the same."""
    from integreringslov._io import write as output

    original = TABLES[kind]
    with_arrow = tmp_path / "arrow.csv"
    write_table(original, with_arrow, excel=excel)
    # what the Arrow writer answers when pyarrow is not installed (pandas itself needs it
    # here, so the import cannot be taken away for real)
    asked: list[object] = []
    monkeypatch.setattr(output, "_write_csv_arrow", lambda *args: asked.append(args) or False)
    with_pandas = tmp_path / "pandas.csv"
    write_table(original, with_pandas, excel=excel)
    monkeypatch.undo()
    assert asked  # the pandas writer wrote it
    for path in (with_arrow, with_pandas):
        back = il.read(path)
        assert back.report.ok, back.report.to_text()
        assert_same_table(back.table, original, category_order=False, rtol=0.0)


@pytest.mark.parametrize("kind", sorted(TABLES))
def test_categories_are_written_alike_as_dictionaries_or_as_text(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Arrow writes a categorical column as it is where it can; the bytes are the same."""
    from integreringslov._io import write as output

    direct, cast = tmp_path / "direct.csv", tmp_path / "cast.csv"
    write_table(TABLES[kind], direct)
    monkeypatch.setattr(output, "_arrow_writes_dictionaries", lambda: False)
    write_table(TABLES[kind], cast)
    assert direct.read_bytes() == cast.read_bytes()


@pytest.mark.parametrize("excel", [False, True], ids=["csv", "csv-excel"])
@pytest.mark.parametrize("kind", sorted(TABLES))
def test_a_written_csv_reads_the_same_by_arrow_or_by_pandas(
    kind: str, excel: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from integreringslov._io import readback

    path = tmp_path / "out.csv"
    write_table(TABLES[kind], path, excel=excel)
    by_arrow = il.read(path).table
    monkeypatch.setattr(readback, "_csv_cells_arrow", lambda *args: None)
    by_pandas = il.read(path).table
    pd.testing.assert_frame_equal(by_arrow, by_pandas)


@st.composite
def ssb_tables(draw: st.DrawFn) -> pd.DataFrame:
    rows = draw(st.integers(min_value=1, max_value=6))
    labels = st.lists(_TEXT, min_size=rows, max_size=rows)
    values = st.lists(
        st.floats(allow_infinity=False) | st.integers(-(10**6), 10**6).map(float),
        min_size=rows,
        max_size=rows,
    )
    symbols = st.lists(st.sampled_from(["", "..", ":", "."]), min_size=rows, max_size=rows)
    frame = pd.DataFrame(
        {
            "Region": pd.Categorical(draw(labels)),
            "Region_label": pd.Categorical(draw(labels)),
            "value": draw(values),
            "status": pd.Categorical(draw(symbols)),
        }
    )
    return _validated(SsbTable, frame)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(table=ssb_tables(), fmt=st.sampled_from(["csv", "csv-excel", "json", "parquet"]))
def test_any_ssb_table_round_trips(table: pd.DataFrame, fmt: str, tmp_path: Path) -> None:
    filename, excel = FORMATS[fmt]
    path = tmp_path / filename
    write_table(table, path, excel=excel)
    back = il.read(path)
    assert back.report.ok, back.report.to_text()
    assert_same_table(back.table, table, category_order=fmt in ("json", "parquet"), rtol=0.0)


@pytest.mark.parametrize(
    ("command", "source", "table"),
    [
        (["assess", "--on", "2024-06-01"], "example_persons.csv", "AssessmentTable"),
        (
            ["recommend", "--total", "40", "--criteria", "population=1"],
            "example_municipalities.csv",
            "RecommendationTable",
        ),
    ],
)
@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".json"])
def test_command_output_reads_back_as_its_table(
    command: list[str], source: str, table: str, suffix: str, tmp_path: Path
) -> None:
    from integreringslov.cli import main

    out = tmp_path / f"out{suffix}"
    path = Path(__file__).parents[2] / "src/integreringslov_importers/data/spreadsheet" / source
    assert main([command[0], str(path), *command[1:], "-o", str(out)]) == 0
    back = il.read(out)
    assert back.report.ok, back.report.to_text()
    assert back.importer.table.__name__ == table
    assert len(back.table) > 0


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet", "xlsx"])
@pytest.mark.parametrize("kind", sorted(TABLES))
def test_a_written_table_is_refused_by_every_importer_of_another_table(
    kind: str, fmt: str, tmp_path: Path
) -> None:
    original = TABLES[kind]
    filename, excel = FORMATS[fmt]
    path = tmp_path / filename
    write_table(original, path, excel=excel)
    written = original.attrs[TABLE_ATTR]
    plugins = make_plugins()
    for info in plugins.importers():
        if info.table.__name__ == written:
            continue
        with pytest.raises(SourceError) as refused:
            plugins.read(path, importer=info.name)
        message = str(refused.value)
        assert f"written by integreringslov as a {written}" in message, info.name
        assert f"importer {info.name!r} reads {info.table.__name__}" in message


def test_an_importer_of_the_same_table_hands_a_written_file_to_its_reader(
    tmp_path: Path,
) -> None:
    persons = TABLES["spreadsheet:example_persons.csv"]
    path = tmp_path / "persons.csv"
    write_table(persons, path)
    back = il.read(path, importer="spreadsheet")
    assert back.importer.name == "integreringslov-persons"
    assert back.report.ok
    assert any("rather than 'spreadsheet'" in n for n in back.report.notes)
    assert_same_table(back.table, persons, category_order=False, rtol=0.0)


def test_recommend_reads_a_written_criteria_table(tmp_path: Path) -> None:
    # `recommend` names its importer; a criteria table the library wrote still reads
    from integreringslov.cli import main

    path = tmp_path / "criteria.xlsx"
    write_table(TABLES["spreadsheet-municipalities:example_municipalities.csv"], path)
    out = tmp_path / "out.csv"
    args = ["recommend", str(path), "--total", "40", "--criteria", "population=1", "-o", str(out)]
    assert main(args) == 0
    assert il.read(out).importer.name == "integreringslov-recommendation"


# -- a plain CSV, recognised by its header -----------------------------------------------------


def test_every_table_the_library_writes_is_among_the_round_trips() -> None:
    assert {t.attrs[TABLE_ATTR] for t in TABLES.values()} == {
        table.__name__ for table, _, _ in IMPORTERS.values()
    }


@pytest.mark.parametrize("excel", [False, True], ids=["csv", "csv-excel"])
@pytest.mark.parametrize("kind", sorted(TABLES))
def test_a_written_csv_is_plain_and_read_back_by_its_header(
    kind: str, excel: bool, tmp_path: Path
) -> None:
    """pandas' defaults see the header as the columns; il.read tells the table from it."""
    original = TABLES[kind]
    path = tmp_path / "out.csv"
    write_table(original, path, excel=excel)
    first = path.read_bytes().removeprefix(b"\xef\xbb\xbf" if excel else b"")
    assert not first.startswith(b"#")
    seen = pd.read_csv(path, sep=";" if excel else ",")  # as pandas, R or Excel opens it
    assert list(seen.columns) == [str(c) for c in original.columns]
    assert len(seen) == len(original)
    back = il.read(path)  # no importer named
    assert back.importer.table.__name__ == original.attrs[TABLE_ATTR]
    assert back.importer.name in IMPORTERS


def test_floats_come_back_from_csv_bit_for_bit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import numpy as np

    from integreringslov._io import write as output

    bits = np.random.default_rng(19).integers(0, 2**64, 2000, dtype=np.uint64)
    drawn = bits.view(np.float64)
    special = [-0.0, 0.0, 5e-324, -5e-324, 2.2250738585072014e-308, 1.7976931348623157e308]
    special += [0.1 + 0.2, 1e16, 1e22, -np.inf, np.inf, np.nan]
    for values in ([-0.0, 1.0, -0.0], [*special, *drawn[np.isfinite(drawn)]]):
        frame = pd.DataFrame(
            {
                "Region": pd.Categorical([f"r{i}" for i in range(len(values))]),
                "value": values,
                "status": pd.Categorical([""] * len(values)),
            }
        )
        table = _validated(SsbTable, frame)
        for writer in ("arrow", "pandas"):
            if writer == "pandas":
                monkeypatch.setattr(output, "_write_csv_arrow", lambda *args: False)
            path = tmp_path / f"{writer}.csv"
            write_table(table, path)
            monkeypatch.undo()
            got = il.read(path).table["value"].to_numpy()
            want = table["value"].to_numpy()
            same = (got.view(np.uint64) == want.view(np.uint64)) | (np.isnan(got) & np.isnan(want))
            assert same.all(), (writer, want[~same][:3], got[~same][:3])


@pytest.mark.parametrize("fmt", FORMATS)
def test_floats_come_back_from_every_format_bit_for_bit(fmt: str, tmp_path: Path) -> None:
    """The 17th digit, the sign of zero, the smallest subnormal: as written, in every format."""
    import numpy as np

    bits = np.random.default_rng(21).integers(0, 2**64, 2000, dtype=np.uint64)
    drawn = bits.view(np.float64)
    values = [0.39410253422339125, -0.0, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308]
    values += [0.1 + 0.2, 1e16 + 2, 1e22, *drawn[np.isfinite(drawn)]]
    frame = pd.DataFrame(
        {
            "Region": pd.Categorical([f"r{i}" for i in range(len(values))]),
            "value": values,
            "status": pd.Categorical([""] * len(values)),
        }
    )
    table = _validated(SsbTable, frame)
    filename, excel = FORMATS[fmt]
    path = tmp_path / filename
    write_table(table, path, excel=excel)
    got = il.read(path).table["value"].to_numpy()
    want = table["value"].to_numpy()
    same = got.view(np.uint64) == want.view(np.uint64)
    assert same.all(), (want[~same][:3], got[~same][:3])


def test_a_workbook_refuses_an_infinite_number(tmp_path: Path) -> None:
    from integreringslov.errors import InvalidInputError

    frame = pd.DataFrame(
        {"Region": pd.Categorical(["a", "b"]), "value": [1.0, float("-inf")],
         "status": pd.Categorical(["", ""])}
    )  # fmt: skip
    with pytest.raises(InvalidInputError) as info:
        write_table(_validated(SsbTable, frame), tmp_path / "out.xlsx")
    problem = info.value.problems[0]
    assert (problem.check, problem.row, problem.column) == ("xlsx_finite", 3, "value")
    assert not (tmp_path / "out.xlsx").exists()


def test_a_header_two_tables_could_have_is_not_guessed(tmp_path: Path) -> None:
    from integreringslov._io.readback import written_tables
    from integreringslov._text.i18n import speaking
    from integreringslov.errors import PluginError
    from integreringslov_importers import written

    # municipality + two criteria (MunicipalityCriteria), or a dimension + value and status
    # (SsbTable): each names columns the other matches only by its pattern
    path = tmp_path / "tvetydig.csv"
    path.write_text("municipality,value,status\n0301,1.5,\n", encoding="utf-8")
    tables = [table for table, _, _ in IMPORTERS.values()]
    assert written_tables(path, tables) == ("SsbTable", "MunicipalityCriteria")
    detection = written.detect_source(path)
    assert detection is not None
    assert detection.confidence == 0
    assert "SsbTable ('integreringslov-ssb')" in detection.reason
    assert "MunicipalityCriteria ('integreringslov-municipalities')" in detection.reason
    assert "--importer" in detection.reason
    with speaking("nb"):
        said = written.detect_source(path)
    assert said is not None
    assert "velg én med --importer" in said.reason
    with pytest.raises(PluginError) as refused:
        il.read(path)
    message = str(refused.value)
    assert "the header is the columns of several tables integreringslov writes" in message
    assert "SsbTable ('integreringslov-ssb'" in message
    assert "MunicipalityCriteria (" in message
    assert "--importer" in message
    chosen = il.read(path, importer="integreringslov-ssb")
    assert chosen.report.ok, chosen.report.to_text()
    assert chosen.table["value"].tolist() == [1.5]


def test_a_table_that_names_more_of_the_header_is_the_one(tmp_path: Path) -> None:
    # an IMDi wide table's header is also an SSB table's (dimensions by pattern, then value
    # and status); the wide table names region, region_name, unit and year: it is the one
    from integreringslov._io.readback import written_tables

    path = tmp_path / "wide.csv"
    write_table(TABLES["imdi-wide:example_befolkning_botid.csv"], path)
    assert written_tables(path, [SsbTable]) == ("SsbTable",)
    tables = [table for table, _, _ in IMPORTERS.values()]
    assert written_tables(path, tables) == ("ImdiWideTable",)


@pytest.mark.parametrize(
    ("cells", "written"),
    [
        ("P1,1990-01-15,a,2024-02-01,true,false", ("PersonTable",)),
        ("P1,1990-01-15,a,2024-02-01,True,False", ("PersonTable",)),
        ("P1,1990-01-15,a,2024-02-01,ja,nei", ()),  # typed by a person: the spreadsheet's
        ("P1,15.01.1990,a,2024-02-01,true,false", ()),
        ("P1,1990-01-15,a", ()),  # a ragged row
    ],
)
def test_a_person_csv_is_written_by_the_library_only_when_its_cells_are(
    cells: str, written: tuple[str, ...], tmp_path: Path
) -> None:
    from integreringslov._io.readback import written_tables
    from integreringslov.tables.persons import PersonTable

    path = tmp_path / "persons.csv"
    header = "person_id,birth_date,permit_letter,permit_granted,settled_by_agreement,nordic_or_eea"
    path.write_text(f"{header}\n{cells}\n", encoding="utf-8")
    assert written_tables(path, [PersonTable]) == written
