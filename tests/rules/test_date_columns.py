"""Date columns read once: the time-of-day cut of ``parse_date`` and the rules' ``yyyymmdd``.

Both are fast paths over whole ``datetime64`` columns (issue 23); the expected values come
from Python's own calendar (``datetime.date``), not from the code under test.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from integreringslov.rules._grounds import _ymd
from integreringslov.tables._coerce import parse_date

SECONDS_A_DAY = 86_400
# 0001-01-01 .. 9999-12-31 in seconds since 1970: every date Python's calendar holds
FIRST = (dt.date(1, 1, 1) - dt.date(1970, 1, 1)).days * SECONDS_A_DAY
LAST = (dt.date(9999, 12, 31) - dt.date(1970, 1, 1)).days * SECONDS_A_DAY

ticks = st.one_of(
    st.none(),  # NaT
    st.integers(FIRST, LAST),  # any moment
    st.integers(FIRST // SECONDS_A_DAY, LAST // SECONDS_A_DAY).map(lambda d: d * SECONDS_A_DAY),
)


def column(values: list[int | None]) -> pd.Series:
    return pd.Series(
        np.array(
            [np.datetime64("NaT") if v is None else np.datetime64(v, "s") for v in values],
            dtype="M8[s]",
        )
    )


def day_of(value: int | None) -> dt.date | None:
    if value is None:
        return None
    return dt.date(1970, 1, 1) + dt.timedelta(days=value // SECONDS_A_DAY)


@given(st.lists(ticks, max_size=40))
def test_parse_date_cuts_a_time_of_day_and_keeps_a_date(values):
    parsed = parse_date(column(values))
    assert not parsed.invalid.any()
    got = [None if pd.isna(v) else v.date() for v in parsed.values]
    assert got == [day_of(v) for v in values]


def test_a_column_of_midnights_is_taken_as_it_is():
    dates = column([0, 3 * SECONDS_A_DAY, None])
    assert (parse_date(dates).values.to_numpy().view("i8")[:2] == [0, 3 * SECONDS_A_DAY]).all()


@given(st.lists(ticks, max_size=40))
def test_yyyymmdd_of_every_date_python_knows_and_zero_for_none(values):
    got = _ymd(column(values)).tolist()
    expected = [
        0 if d is None else d.year * 10000 + d.month * 100 + d.day for d in map(day_of, values)
    ]
    assert got == expected
