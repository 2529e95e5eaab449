"""polars and Arrow through the frame boundary: the same kind back, the same values as pandas."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import integreringslov as il
from integreringslov._io import frames
from integreringslov.rules import _cores
from integreringslov.tables.persons import INPUT_COLUMNS, PERSON_COLUMNS, Kind
from strategies import wild_rows

ON = dt.date(2024, 6, 1)
DATES = tuple(c.name for c in PERSON_COLUMNS if c.kind is Kind.DATE)
FLAGS = tuple(c.name for c in PERSON_COLUMNS if c.kind is Kind.FLAG)
HOURS = tuple(c.name for c in PERSON_COLUMNS if c.kind is Kind.HOURS)


@st.composite
def person_columns(draw: st.DrawFn) -> dict[str, list[object]]:
    """A random person table as plain Python columns (None = empty), valid or not.

    Every column of the declaration (:mod:`strategies`), now and then a wild value.
    """
    rows = [row for _, row in draw(st.lists(wild_rows(ON), max_size=25))]
    return {name: [row[name] for row in rows] for name in INPUT_COLUMNS}


def _typed(name: str, values: list[object]) -> list[object]:
    """A wild text value left in a typed column is left out (it has no such type)."""
    if name in DATES:
        return [v if v is None or isinstance(v, dt.date) else None for v in values]
    if name in FLAGS:
        return [v if isinstance(v, bool) else False for v in values]
    if name in HOURS:
        return [v if v is None or isinstance(v, float) else None for v in values]
    return values


def as_pandas(columns: dict[str, list[object]]) -> pd.DataFrame:
    """The table as a pandas user builds it; rows indexed 1..n as a person counts them."""
    data: dict[str, object] = {}
    for name, raw in columns.items():
        values = _typed(name, raw)
        if name in DATES:
            data[name] = pd.to_datetime(pd.Series(values, dtype=object)).astype("M8[s]")
        elif name in HOURS:
            data[name] = pd.Series([np.nan if v is None else v for v in values], dtype="float64")
        elif name in FLAGS:
            data[name] = pd.Series(values, dtype=bool)
        else:
            data[name] = pd.Series(values, dtype="str")
    frame = pd.DataFrame(data)
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    return frame


def as_polars(columns: dict[str, list[object]]) -> pl.DataFrame:
    """The same table as a polars user builds it, with polars' own types."""
    types = {
        **dict.fromkeys(DATES, pl.Date),
        **dict.fromkeys(HOURS, pl.Float64),
        **dict.fromkeys(FLAGS, pl.Boolean),
    }
    return pl.DataFrame(
        {
            name: pl.Series(name, _typed(name, values), dtype=types.get(name, pl.Utf8))
            for name, values in columns.items()
        }
    )


def as_arrow(
    columns: dict[str, list[object]],
    typed: Callable[[str, list[object]], list[object]] = _typed,
) -> pa.Table:
    """The same table as a pyarrow user builds it (its values kept as ``typed`` keeps them)."""
    types = {
        **dict.fromkeys(DATES, pa.date32()),
        **dict.fromkeys(HOURS, pa.float64()),
        **dict.fromkeys(FLAGS, pa.bool_()),
    }
    return pa.table(
        {n: pa.array(typed(n, v), type=types.get(n, pa.string())) for n, v in columns.items()}
    )


KINDS = {
    "polars": (as_polars, pl.DataFrame, lambda f: f.to_pandas()),
    "polars-lazy": (lambda c: as_polars(c).lazy(), pl.LazyFrame, lambda f: f.collect().to_pandas()),
    "arrow": (as_arrow, pa.Table, lambda f: f.to_pandas()),
}


def cells(frame: pd.DataFrame) -> list[list[str]]:
    """Every cell as text, row by row (categoricals and strings alike)."""
    return frame.reset_index(drop=True).astype(object).astype(str).to_numpy().tolist()


def outcome(call):  # type: ignore[no-untyped-def]
    """What a call gives: ("ok", result) or ("problems", the problems without their source)."""
    try:
        return "ok", call()
    except il.InvalidInputError as error:
        return "problems", [p.to_dict() | {"source": None} for p in error.problems]


@pytest.mark.parametrize("kind", list(KINDS))
@given(columns=person_columns())
@settings(max_examples=25)
def test_assess_frame_returns_the_kind_with_the_pandas_values(kind, columns):
    make, cls, back = KINDS[kind]
    expected = outcome(lambda: il.assess_frame(as_pandas(columns), on=ON))
    got = outcome(lambda: il.assess_frame(make(columns), on=ON))
    assert got[0] == expected[0]
    if got[0] == "problems":
        assert got[1] == expected[1]
        return
    assert isinstance(got[1], cls)
    result = back(got[1])
    assert list(result.columns) == list(expected[1].columns)
    assert cells(result) == cells(expected[1])


@pytest.mark.parametrize("kind", list(KINDS))
@given(columns=person_columns())
@settings(max_examples=12)
def test_read_of_a_frame_returns_the_kind_with_the_pandas_values(kind, columns):
    make, cls, back = KINDS[kind]
    expected = il.read(as_pandas(columns), importer="spreadsheet")
    got = il.read(make(columns), importer="spreadsheet")
    assert isinstance(got.table, cls)
    assert got.importer.name == expected.importer.name == "spreadsheet"
    assert cells(back(got.table)) == cells(expected.table)
    assert [p.to_dict() | {"source": None} for p in got.report.problems] == [
        p.to_dict() | {"source": None} for p in expected.report.problems
    ]


def test_read_of_a_frame_finds_the_importer_by_its_columns():
    columns = {"person_id": ["p1"], "birth_date": [dt.date(1990, 1, 1)]}
    persons = as_polars(
        {
            **columns,
            "permit_letter": ["a"],
            "permit_granted": [dt.date(2022, 1, 1)],
            "settled_by_agreement": [True],
            "nordic_or_eea": [False],
        }
    )
    assert il.read(persons).importer.table.__name__ == "PersonTable"
    with pytest.raises(il.InvalidInputError) as caught:
        il.read(pl.DataFrame({"kommune": ["5001"]}))
    message = str(caught.value)
    assert "fit no importer's table" in message
    assert "'spreadsheet' (PersonTable: lacks birth_date" in message
    with pytest.raises(TypeError, match="mapping apply to files only"):
        il.read(persons, mapping={"table": "persons"})


def test_recommend_takes_polars_and_arrow_and_gives_the_pandas_numbers():
    table = {
        "municipality": ["5001", "5006", "5007"],
        "population": [212_660.0, 24_000.0, 51_000.0],
    }
    expected = il.recommend(100, pd.DataFrame(table), criteria="population=1", method="hamilton")
    for frame in (pl.DataFrame(table), pl.DataFrame(table).lazy(), pa.table(table)):
        got = il.recommend(100, frame, criteria="population=1", method="hamilton")
        assert got == expected
    assert sum(expected.numbers.values()) == 100


def test_recommend_reports_a_bad_polars_row_by_the_row_a_person_counts():
    frame = pl.DataFrame({"municipality": ["5001", "50x6"], "population": [1.0, 2.0]})
    with pytest.raises(il.InvalidInputError) as caught:
        il.recommend(10, frame, criteria="population=1", method="hamilton")
    (problem,) = caught.value.problems
    assert (problem.row, problem.column, problem.value) == (2, "municipality", "50x6")


# -- API input reported like a file (issue 15 item 8) -----------------------------------------


def _problems(frame: object) -> list[tuple[int | None, str | None, str | None]]:
    with pytest.raises(il.InvalidInputError) as caught:
        il.assess_frame(frame, on=ON)  # type: ignore[call-overload]
    return [(p.row, p.column, p.check) for p in caught.value.problems]


def test_duplicate_column_labels_are_a_problem_not_an_attribute_error():
    frame = pd.DataFrame([["p1", "p2"]], columns=["person_id", "person_id"])
    assert _problems(frame) == [(None, "person_id", "unique_column_labels")]
    table = pa.table([pa.array(["p1"]), pa.array(["p2"])], names=["person_id", "person_id"])
    assert _problems(table) == [(None, "person_id", "unique_column_labels")]


def test_object_cells_are_named_by_row_and_column():
    frame = pd.DataFrame({"person_id": ["p1", {"id": 2}, ["p3"]], "birth_date": [1, 2, 3]})
    frame.index = [10, 11, 12]  # the rows the user's file had
    assert _problems(frame) == [
        (11, "person_id", "scalar_cells"),
        (12, "person_id", "scalar_cells"),
    ]
    objects = pl.DataFrame({"person_id": pl.Series(["p1", object()], dtype=pl.Object)})
    assert _problems(objects) == [(None, "person_id", "scalar_cells")]
    nested = pl.DataFrame({"person_id": ["p1", "p2"], "birth_date": [[1], [2, 3]]})
    assert _problems(nested) == [
        (1, "birth_date", "scalar_cells"),
        (2, "birth_date", "scalar_cells"),
    ]


def test_timezone_aware_dates_are_refused_not_guessed():
    utc = pd.to_datetime(["2020-01-01T23:30"]).tz_localize("UTC")
    assert _problems(pd.DataFrame({"person_id": ["p1"], "birth_date": utc})) == [
        (None, "birth_date", "timezone_naive")
    ]
    polars = pl.DataFrame({"person_id": ["p1"], "birth_date": [dt.datetime(2020, 1, 1)]})
    polars = polars.with_columns(pl.col("birth_date").dt.replace_time_zone("Europe/Oslo"))
    assert _problems(polars) == [(None, "birth_date", "timezone_naive")]
    aware = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    mixed = pd.DataFrame(
        {"person_id": ["p1", "p2"], "birth_date": [dt.datetime(2020, 1, 1), aware]}, index=[1, 2]
    )
    assert _problems(mixed) == [(2, "birth_date", "timezone_naive")]


def test_the_boundary_checks_recommend_and_read_too():
    frame = pd.DataFrame([["5001", 1.0, 2.0]], columns=["municipality", "population", "population"])
    with pytest.raises(il.InvalidInputError, match="appears 2 times"):
        il.recommend(10, frame, criteria="population=1", method="hamilton")
    # read reports it, like a file's problems, and reads no row of such a table
    imported = il.read(frame, importer="spreadsheet-municipalities")
    assert [p.check for p in imported.report.problems] == ["unique_column_labels"]
    assert imported.table.empty


def test_a_polars_frame_without_pyarrow_names_the_extra(monkeypatch):
    frame = pl.DataFrame({"person_id": ["p1"]})
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(il.MissingExtraError) as caught:
        il.assess_frame(frame, on=ON)
    assert caught.value.extra == "polars"
    assert "python -m pip install '.[polars]'" in str(caught.value)


def test_something_that_is_not_a_frame_is_a_type_error():
    with pytest.raises(TypeError, match="not list"):
        il.assess_frame([{"person_id": "p1"}], on=ON)  # type: ignore[call-overload]
    assert frames.kind_of([1]) is None


def test_split_results_stay_pandas_and_convert_on_request():
    frame = as_polars(
        {
            "person_id": ["p1"],
            "birth_date": [dt.date(1990, 1, 1)],
            "permit_letter": ["a"],
            "permit_granted": [dt.date(2022, 1, 1)],
            "settled_date": [dt.date(1980, 1, 1)],  # before birth: a problem
            "settled_by_agreement": [True],
            "nordic_or_eea": [False],
        }
    )
    split = il.assess_frame(frame, on=ON, errors="split")
    assert [(p.row, p.column) for p in split.problems] == [(1, "settled_date")]
    assert isinstance(split.invalid, pd.DataFrame)
    assert isinstance(frames.convert(split.invalid, "polars"), pl.DataFrame)


def test_returning_polars_without_polars_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(il.MissingExtraError, match=r"'\.\[polars\]'"):
        frames.convert(pd.DataFrame({"a": [1]}), "polars")


def test_the_decorated_functions_say_they_take_frames():
    assert "pyarrow" in (il.read.__doc__ or "")
    assert "``municipalities`` may be a pandas, polars" in (il.recommend.__doc__ or "")


def test_outcome_columns_arrive_as_polars_categoricals_and_arrow_dictionaries():
    columns = {
        "person_id": ["p1"],
        "birth_date": [dt.date(1990, 1, 1)],
        "permit_granted": [dt.date(2023, 1, 1)],
        "settled_date": [dt.date(2023, 2, 1)],
        "reference_settled_date": [None],
        "reunification_applied": [None],
        "decision_date": [None],
        "permit_letter": ["a"],
        "reference_letter": [None],
        "settled_by_agreement": [True],
        "nordic_or_eea": [False],
        "work_hours_per_week": [None],
    }
    polars = il.assess_frame(as_polars(columns), on=ON)
    assert polars.schema["programme"] == pl.Categorical
    assert polars["programme"].to_list() == ["right_and_duty"]
    arrow = il.assess_frame(as_arrow(columns), on=ON)
    assert pa.types.is_dictionary(arrow.schema.field("programme").type)


def _nullable(name: str, values: list[object]) -> list[object]:
    """As :func:`_typed`, but an empty flag stays empty (Arrow: a null in a bool column)."""
    if name in FLAGS:
        return [v if v is None or isinstance(v, bool) else None for v in values]
    return _typed(name, values)


@given(columns=person_columns(), more=st.integers(0, 3), threads=st.sampled_from([1, 3]))
@settings(max_examples=12, deadline=None)
def test_arrow_taken_a_chunk_at_a_time_is_assessed_as_taken_whole(columns, more, threads):
    """Issue 23: a polars or Arrow table is turned into pandas a chunk of rows at a time.

    A chunk converts on its own (a bool chunk with a null becomes Python objects, one
    without stays bool; a chunk of numbers may have no gaps): the outcome, basis, reason,
    problems and their rows must be what the table converted whole gives.
    """
    columns = {name: values * (more + 1) for name, values in columns.items()}  # more rows
    table = as_arrow(columns, typed=_nullable)
    whole = frames.enter(table).frame  # what the table was before: converted whole
    assert frames.enter(table, whole=False)._frame is None  # kept as Arrow
    expected = outcome(lambda: il.assess_frame(whole, on=ON, errors="split"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_cores, "MIN_ROWS", 5)
        patch.setattr(_cores, "MAX_CHUNK", 7)
        got = outcome(lambda: il.assess_frame(table, on=ON, errors="split", threads=threads))
        got_polars = outcome(
            lambda: il.assess_frame(pl.from_arrow(table), on=ON, errors="split", threads=threads)
        )
    for result in (got, got_polars):
        assert result[0] == expected[0] == "ok"
        split, want = result[1], expected[1]
        assert [p.to_dict() for p in split.problems] == [p.to_dict() for p in want.problems]
        assert list(split.assessed.index) == list(want.assessed.index)
        assert cells(split.assessed) == cells(want.assessed)
        assert cells(split.invalid) == cells(want.invalid)


def test_a_table_with_python_object_columns_is_converted_whole_and_its_cells_checked():
    """A column Arrow turns into Python objects (here bytes) has its cells checked one by
    one, as before: such a table is not kept as Arrow."""
    table = pa.table({"person_id": ["p1"], "note": pa.array([b"x"], type=pa.binary())})
    with pytest.raises(il.InvalidInputError, match="row 1, column 'note': the cell holds a bytes"):
        frames.enter(table, whole=False)
    kept = frames.enter(pa.table({"person_id": ["p1", "p2"]}), whole=False)
    assert kept._frame is None
    assert list(kept.rows(1, 2).index) == [2]  # rows as a person counts them
    assert list(kept.rows(1, 2)["person_id"]) == ["p2"]
    assert list(kept.column("person_id")) == ["p1", "p2"]
    assert list(kept.index) == [1, 2]
    assert list(kept.frame.index) == [1, 2]
