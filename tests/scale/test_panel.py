"""assess_panel: every person on every date, in memory and partition by partition on Dask."""

from __future__ import annotations

import datetime as dt

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from distributed import Client, LocalCluster
from hypothesis import given, settings
from hypothesis import strategies as st
from synthetic import FIRST_DATE, persons
from test_frames import as_arrow, as_pandas, as_polars, cells, outcome, person_columns

import integreringslov as il

DATES = (dt.date(2024, 6, 1), dt.date(2022, 1, 1), dt.date(2026, 7, 1))
YEARS = tuple(dt.date(year, 1, 1) for year in range(2022, 2027))  # a register panel


def by_hand(frame: pd.DataFrame, dates: tuple[dt.date, ...]) -> list[list[str]]:
    """The panel built from one assess_frame per date, person by person, in the dates' order."""
    per_date = [il.assess_frame(frame, on=d) for d in dates]
    rows = []
    for i in range(len(frame)):
        for d, assessed in zip(dates, per_date, strict=True):
            row = assessed.iloc[i]
            rows.append([str(row["person_id"]), str(pd.Timestamp(d)), *map(str, row.iloc[1:])])
    return rows


@given(columns=person_columns(), dates=st.permutations(DATES).map(lambda d: tuple(d[:2])))
@settings(max_examples=15)
def test_the_panel_is_one_assessment_per_person_and_date(columns, dates):
    frame = as_pandas(columns)
    expected = outcome(lambda: by_hand(frame, dates))
    got = outcome(lambda: il.assess_panel(frame, dates=dates))
    assert got[0] == expected[0]
    if got[0] == "problems":
        # every problem of every date, each once
        per_date = [outcome(lambda d=d: il.assess_frame(frame, on=d))[1] for d in dates]
        found = [str(p) for p in got[1]]
        assert set(found) == {
            str(p) for problems in per_date if isinstance(problems, list) for p in problems
        }
        assert len(found) == len(set(found))
        return
    panel = got[1]
    assert list(panel.columns) == [
        "person_id",
        "on",
        *il.assess_frame(frame, on=dates[0]).columns[1:],
    ]
    assert cells(panel) == expected[1]
    assert list(panel.index) == list(np.repeat(frame.index, len(dates)))


@given(columns=person_columns())
@settings(max_examples=10)
def test_polars_and_arrow_panels_come_back_as_their_kind(columns):
    expected = outcome(lambda: il.assess_panel(as_pandas(columns), dates=DATES))
    for frame, kind in (
        (as_polars(columns), pl.DataFrame),
        (as_polars(columns).lazy(), pl.LazyFrame),
        (as_arrow(columns), pa.Table),
    ):
        got = outcome(lambda frame=frame: il.assess_panel(frame, dates=DATES))
        assert got[0] == expected[0]
        if got[0] == "problems":
            assert got[1] == expected[1]
            continue
        assert isinstance(got[1], kind)
        table = got[1].collect() if kind is pl.LazyFrame else got[1]
        assert cells(table.to_pandas()) == cells(expected[1])


def test_a_row_that_fails_on_every_date_is_reported_once():
    frame = persons(5)
    frame.loc[3, "work_hours_per_week"] = 200.0
    with pytest.raises(il.InvalidInputError) as caught:
        il.assess_panel(frame, dates=YEARS)
    assert [(p.row, p.column, p.value) for p in caught.value.problems] == [
        (3, "work_hours_per_week", "200.0")
    ]


def test_dates_are_checked_before_any_work():
    frame = persons(2)
    with pytest.raises(ValueError, match="dates is empty"):
        il.assess_panel(frame, dates=[])
    with pytest.raises(ValueError, match="repeats 2024-01-01"):
        il.assess_panel(frame, dates=[dt.date(2024, 1, 1), dt.date(2024, 1, 1)])
    with pytest.raises(il.NotInForceError):
        il.assess_panel(frame, dates=[dt.date(2020, 12, 31)])
    with pytest.raises(TypeError, match="not str"):
        il.assess_panel(frame, dates=["2024-01-01"])  # type: ignore[list-item]


def test_dask_problems_are_merged_with_rows_counted_over_the_whole_table():
    frame = persons(30)
    frame.loc[4, "work_hours_per_week"] = -1.0  # first partition
    frame.loc[17, "birth_date"] = pd.NaT  # second
    frame.loc[29, "settled_date"] = pd.Timestamp("1900-01-01")  # third: before birth
    with pytest.raises(il.InvalidInputError) as single:
        il.assess_panel(frame, dates=YEARS)
    lazy = dd.from_pandas(frame.reset_index(drop=True), npartitions=3)
    with dask.config.set(scheduler="synchronous"), pytest.raises(il.InvalidInputError) as caught:
        il.assess_panel(lazy, dates=YEARS)
    rows = [(p.row, p.column) for p in caught.value.problems]
    # a permit granted after some of the dates is no problem (issue 20): it is not yet held
    assert rows == [(4, "work_hours_per_week"), (17, "birth_date"), (29, "settled_date")]
    assert caught.value.problems == single.value.problems


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_a_million_row_panel_on_a_local_cluster_equals_the_single_machine_panel():
    parts, size = 8, 25_000  # 200,000 persons × 5 dates = 1,000,000 rows
    frame = pd.concat([persons(size, seed=i, start=i * size) for i in range(parts)])
    assert all(d >= FIRST_DATE for d in YEARS)
    expected = il.assess_panel(frame, dates=YEARS)
    assert len(expected) == 1_000_000
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0"
        ) as cluster,
        Client(cluster),
    ):
        # each worker makes its own part, as it would read its own file
        table = dd.from_map(lambda i: persons(size, seed=i, start=i * size), range(parts))
        lazy = il.assess_panel(table, dates=YEARS)
        assert isinstance(lazy, dd.DataFrame)
        got = lazy.compute()
    assert list(got.columns) == list(expected.columns)
    assert got.index.equals(expected.index)
    for column in expected.columns:
        assert got[column].astype(str).equals(expected[column].astype(str)), column
    assert set(expected["programme"].astype(str)) >= {"right_and_duty", "may_offer", "not_covered"}
