"""The shared column parsers: booleans, dates, numbers, codes; nothing dropped silently."""

import datetime as dt

import numpy as np
import pandas as pd
from hypothesis import example, given
from hypothesis import strategies as st

from holdings import arrow_holdings
from integreringslov.tables._arrow import ONE_BYTE_TEXTS, one_byte_codes
from integreringslov.tables._coerce import (
    parse_bool,
    parse_choice,
    parse_date,
    parse_float,
    parse_text,
)


def test_booleans_all_spellings_case_insensitive():
    words = ["true", "FALSE", "Ja", "nei", "J", "n", "yes", "No", "1", "0", "x", "X", "", " "]
    p = parse_bool(pd.Series(words))
    assert p.values.tolist() == [
        True,
        False,
        True,
        False,
        True,
        False,
        True,
        False,
        True,
        False,
        True,
        True,
        False,
        False,
    ]
    assert p.ok
    assert parse_bool(pd.Series(["", None]), empty=None).values.isna().all()


def test_booleans_typed_and_invalid():
    assert parse_bool(pd.Series([True, False])).values.tolist() == [True, False]
    p = parse_bool(pd.Series(["kanskje", "ja"], index=[10, 11]))
    assert p.invalid.tolist() == [True, False]
    (problem,) = p.problems("settled_by_agreement", source="f.csv")
    assert (problem.row, problem.column, problem.value, problem.source) == (
        10,
        "settled_by_agreement",
        "kanskje",
        "f.csv",
    )
    assert "ja/nei" in problem.expected


def test_dates_iso_norwegian_objects_and_impossible():
    s = pd.Series(
        [
            "2024-03-01",
            "01.03.2024",
            "1.3.2024",
            "2024-03-01T00:00:00",
            dt.date(2024, 3, 1),
            dt.datetime(2024, 3, 1, 13, 30),
            pd.Timestamp("2024-03-01"),
            "",
            None,
            "2024-02-30",
            "March 1",
            "2024/03/01",
        ],
        dtype=object,
    )
    p = parse_date(s)
    assert p.values.iloc[:7].dt.strftime("%Y-%m-%d").tolist() == ["2024-03-01"] * 7
    assert p.invalid.tolist() == [False] * 9 + [True] * 3
    assert p.values.iloc[7:].isna().all()
    assert len(p.problems("birth_date")) == 3


def test_dates_typed_series_pass_through():
    s = pd.Series(pd.to_datetime(["2024-03-01", None]))
    p = parse_date(s)
    assert p.ok
    assert p.values.iloc[0] == pd.Timestamp("2024-03-01")


def test_floats_decimal_comma():
    p = parse_float(pd.Series(["37,5", "40", " 1 234,5 ", "", "1.234,5", "abc"]))
    assert p.values.iloc[:3].tolist() == [37.5, 40.0, 1234.5]
    assert np.isnan(p.values.iloc[3])
    assert p.invalid.tolist() == [False, False, False, False, True, True]
    assert parse_float(pd.Series([1.5, np.nan])).ok


def test_choice_and_text():
    p = parse_choice(pd.Series(["A", " b ", "", "h"]), "abcdefg")
    assert p.values.iloc[:2].tolist() == ["a", "b"]
    assert p.invalid.tolist() == [False, False, False, True]
    assert "a, b, c" in p.problems("permit_letter")[0].expected
    assert parse_text(pd.Series([" x ", ""])).values.iloc[0] == "x"


def test_problem_row_falls_back_to_position_for_non_integer_index():
    p = parse_date(pd.Series(["nope"], index=["r"]))
    assert p.problems("d")[0].row == 1


CODES = st.lists(
    st.one_of(
        st.none(),
        st.sampled_from(["a", "G", " ", "", "h", "1", "\x00", "\x7f", "ab", " b ", "æ"]),
        st.text(alphabet=st.characters(codec="ascii"), max_size=1),
    ),
    max_size=12,
)


@given(CODES)
@example(["a", None, "", "b"])
@example(["a", "æ"])  # one character, two bytes: read the ordinary way
def test_short_codes_read_from_arrow_are_read_as_factorize_reads_them(codes):
    """Issue 23: a column of one-byte codes is read by each code's byte from Arrow's buffer;
    the letters, the empties and the invalid cells are those of reading every text."""
    expected = parse_choice(pd.Series(codes, dtype=object), "abcdefg")
    one_byte = all(c is None or len(c.encode()) <= 1 for c in codes)
    for held in arrow_holdings(codes):
        found = one_byte_codes(held)
        assert (found is not None) == one_byte
        if found is not None:
            assert [None if k < 0 else ONE_BYTE_TEXTS[k] for k in found] == codes
        got = parse_choice(held, "abcdefg")
        assert got.values.astype(object).tolist() == expected.values.astype(object).tolist()
        assert got.invalid.tolist() == expected.invalid.tolist()
