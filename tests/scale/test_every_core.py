"""Every core: a large table cut into row chunks on a thread pool gives one thread's result.

The chunking starts at 200,000 rows; here its bounds are lowered so that small tables are
cut into many chunks, and the result of every thread is compared with the result of one.
"""

from __future__ import annotations

import datetime as dt
import threading

import numpy as np
import pandas as pd
import pytest
from synthetic import FIRST_DATE, persons

import integreringslov as il
from integreringslov._io.frames import enter
from integreringslov._text.i18n import say, speaking
from integreringslov.law import SOURCES_END
from integreringslov.rules import _cores

PAST_SOURCES = dt.date(2031, 1, 1)  # after the library's sources end: a note


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_cores, "MIN_ROWS", 10)
    monkeypatch.setattr(_cores, "MAX_CHUNK", 37)


def test_chunks_are_cut_in_order_and_bounded(small_chunks):
    frame = pd.DataFrame({"x": np.arange(200)})
    seen = _cores.spread(
        enter(frame), lambda part: (threading.get_ident(), list(part["x"])), threads=3
    )
    assert seen is not None
    rows = [x for _, part in seen for x in part]
    assert rows == list(range(200))
    assert max(len(part) for _, part in seen) <= 37


def test_one_thread_or_a_small_table_is_left_to_the_caller():
    frame = pd.DataFrame({"x": np.arange(50)})
    assert _cores.spread(enter(frame), len, threads=1) is None
    assert _cores.spread(enter(frame), len, threads=4) is None  # below MIN_ROWS


def test_one_thread_works_a_table_larger_than_a_chunk_chunk_by_chunk_on_its_own_thread(
    small_chunks, monkeypatch
):
    """Issue 23: on one thread too, a table of more than a chunk is worked a chunk at a time
    (its columns stay small), on the calling thread, with the whole table's result."""
    frame = pd.DataFrame({"x": np.arange(100)})
    seen = _cores.spread(enter(frame), lambda part: (threading.get_ident(), len(part)), threads=1)
    assert seen is not None
    assert {ident for ident, _ in seen} == {threading.get_ident()}
    assert [size for _, size in seen] == [34, 34, 32]
    persons_ = persons(300, seed=7)
    chunked = il.assess_frame(persons_, on=FIRST_DATE, threads=1)
    monkeypatch.setattr(_cores, "MAX_CHUNK", 10_000)  # a chunk larger than the table
    pd.testing.assert_frame_equal(chunked, il.assess_frame(persons_, on=FIRST_DATE, threads=1))


@pytest.mark.parametrize("threads", [2, 4])
def test_a_repeated_id_beside_the_assessment_is_noted_as_one_thread_notes_it(
    small_chunks, threads
):
    """Issue 23: on every core the repeated-id check runs on a thread of its own."""
    frame = persons(300, seed=7).astype({"person_id": "string[pyarrow]"})
    assert not il.assess_frame(frame, on=FIRST_DATE, threads=threads).attrs["notes"]
    frame.loc[frame.index[-1], "person_id"] = frame["person_id"].iloc[0]
    one = il.assess_frame(frame, on=FIRST_DATE, threads=1)
    every = il.assess_frame(frame, on=FIRST_DATE, threads=threads)
    assert every.attrs["notes"] == one.attrs["notes"]
    assert "more than one row" in every.attrs["notes"][0]


@pytest.mark.parametrize("threads", [0, -1, 1.5, True, "2"])
def test_threads_must_be_a_whole_number_of_at_least_one(threads):
    with pytest.raises(ValueError, match="threads must be a whole number"):
        il.assess_frame(persons(3), on=FIRST_DATE, threads=threads)


@pytest.mark.parametrize("on", [FIRST_DATE, dt.date(2026, 7, 1), PAST_SOURCES])
@pytest.mark.parametrize("lang", ["en", "nb"])
def test_every_thread_gives_the_result_of_one(small_chunks, on, lang):
    frame = persons(300, seed=7)
    frame.loc[frame.index[::5], "decision_date"] = frame["settled_date"].iloc[::5]
    one = il.assess_frame(frame, on=on, lang=lang, threads=1)
    every = il.assess_frame(frame, on=on, lang=lang, threads=4)
    pd.testing.assert_frame_equal(every, one)  # values, categories in order, index
    assert every.attrs["notes"] == one.attrs["notes"]
    assert bool(one.attrs["notes"]) == (on > SOURCES_END)


def test_a_problem_in_one_chunk_is_reported_as_one_thread_reports_it(small_chunks):
    frame = persons(300, seed=3)
    frame.index = [f"row-{i}" for i in range(300)]  # no integer labels: rows by position
    frame.loc["row-250", "permit_granted"] = pd.NaT  # a required date left empty
    with pytest.raises(il.InvalidInputError) as every:
        il.assess_frame(frame, on=FIRST_DATE, threads=4)
    with pytest.raises(il.InvalidInputError) as one:
        il.assess_frame(frame, on=FIRST_DATE, threads=1)
    assert every.value.problems == one.value.problems
    assert [p.row for p in every.value.problems] == [251]
    split = il.assess_frame(frame, on=FIRST_DATE, errors="split", threads=4)
    assert list(split.invalid.index) == ["row-250"]
    assert len(split.assessed) == 299


def test_a_panel_on_every_thread_equals_one_thread(small_chunks):
    frame = persons(120, seed=11)
    dates = [FIRST_DATE, dt.date(2026, 7, 1)]
    pd.testing.assert_frame_equal(
        il.assess_panel(frame, dates=dates, threads=3),
        il.assess_panel(frame, dates=dates, threads=1),
    )


def test_the_threads_speak_the_callers_language(small_chunks):
    frame = pd.DataFrame({"x": np.arange(100)})
    with speaking("nb"):
        words = _cores.spread(enter(frame), lambda part: say(en="yes", nb="ja"), threads=2)
    assert words is not None
    assert set(words) == {"ja"}


def test_a_panel_on_one_date_is_the_assessment_with_its_date():
    frame = persons(50, seed=5)
    assessed = il.assess_frame(frame, on=FIRST_DATE)
    panel = il.assess_panel(frame, dates=[FIRST_DATE])
    assert list(panel.columns) == ["person_id", "on", *assessed.columns[1:]]
    assert (panel["on"] == pd.Timestamp(FIRST_DATE)).all()
    assert panel["on"].dtype == "datetime64[s]"
    pd.testing.assert_frame_equal(panel.drop(columns="on"), assessed)
    assert panel.attrs == {}
    two = il.assess_panel(frame, dates=[FIRST_DATE, dt.date(2026, 7, 1)])
    kinds = [getattr(t, "name", str(t)) for t in panel.dtypes]
    assert kinds == [getattr(t, "name", str(t)) for t in two.dtypes]
