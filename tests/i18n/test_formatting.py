"""Numbers and dates in reports and figures: one path through Babel, the reader's locale."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from integreringslov._reporting.html import day, number
from integreringslov._text.i18n import date_text, percent_text, tr_in

NBSP = "\u00a0"


def test_a_bokmal_number_groups_thousands_with_a_space_and_uses_a_decimal_comma() -> None:
    assert number(1234.5, "nb", 1) == f"1{NBSP}234,5"
    assert number(1234.5, "en", 1) == "1,234.5"
    assert number(3790, "nb") == f"3{NBSP}790"
    assert number(None, "nb") == ""


def test_a_table_date_is_day_month_year_in_bokmal_and_iso_in_english() -> None:
    assert day(dt.date(2024, 6, 1), "nb") == "01.06.2024"
    assert day(dt.date(2024, 6, 1), "en") == "2024-06-01"


def test_a_share_reads_as_a_percentage_with_the_readers_decimal_sign() -> None:
    assert percent_text(0.1234, "nb") == "12,3%"
    assert percent_text(0.1234, "en") == "12.3%"


def test_the_default_report_file_is_named_in_the_readers_language() -> None:
    assert tr_in("nb", "recommendation.html") == "anbefaling.html"
    assert tr_in("en", "recommendation.html") == "recommendation.html"


@given(st.integers(min_value=-(10**9), max_value=10**9), st.integers(min_value=0, max_value=3))
def test_a_bokmal_number_reads_back_as_the_same_value(whole: int, decimals: int) -> None:
    value = whole / 10**decimals
    text = number(value, "nb", decimals)
    assert float(text.replace(NBSP, "").replace(",", ".").replace("\u2212", "-")) == value


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_a_short_bokmal_date_reads_back_as_the_same_day(on: dt.date) -> None:
    assert dt.datetime.strptime(date_text(on, "nb", "short"), "%d.%m.%Y").date() == on
