"""The timeline against the dates in the law text (shared/domain/law.md § 1)."""

from datetime import date, timedelta

import pytest

from integreringslov.errors import NotInForceError
from integreringslov.law import TIMELINE, change_dates, in_force, is_in_force
from integreringslov.law.timeline import KAPITTEL_6A_PERMITS_FROM, amendment

DAY = timedelta(days=1)

# (amendment key, first day in force, first day no longer in force) as the sources give them:
# res. 6.11.2020 nr. 2247; IMDi «Med virkning fra 15. juni 2022»; «gjelder foreløpig til
# 1. juli 2026»; FOR-2025-06-20-1102 («straks» = 2025-06-20, «1. januar 2026»).
CHANGES = [
    ("original", date(2021, 1, 1), None),
    ("kapittel-6a", date(2022, 6, 15), date(2026, 7, 1)),
    ("lov-2025-immediate", date(2025, 6, 20), None),
    ("work-30-hours", date(2026, 1, 1), None),
]


@pytest.mark.parametrize(("key", "start", "end"), CHANGES)
def test_day_before_and_day_of_each_entry_into_force(key, start, end):
    if start > date(2021, 1, 1):
        assert not is_in_force(key, start - DAY)
    assert is_in_force(key, start)
    if end is not None:
        assert is_in_force(key, end - DAY)
        assert not is_in_force(key, end)


def test_age_60_is_passed_but_never_in_force():
    a = amendment("age-60")
    assert a.in_force is None
    assert a.instrument == "LOV-2025-06-20-35"
    for day in (date(2025, 6, 20), date(2026, 1, 1), date(2030, 1, 1)):
        assert not is_in_force("age-60", day)


def test_before_the_act_raises_not_in_force():
    with pytest.raises(NotInForceError, match="2021-01-01"):
        in_force(date(2020, 12, 31))
    with pytest.raises(NotInForceError):
        is_in_force("original", date(2020, 12, 31))


def test_in_force_lists_what_holds_on_a_day():
    assert [a.key for a in in_force(date(2021, 1, 1))] == ["original"]
    assert [a.key for a in in_force(date(2026, 7, 1))] == [
        "original",
        "lov-2025-immediate",
        "work-30-hours",
    ]


def test_change_dates_cover_every_entry_and_sunset():
    assert change_dates() == (
        date(2021, 1, 1),
        date(2022, 6, 15),
        date(2025, 6, 20),
        date(2026, 1, 1),
        date(2026, 7, 1),
    )
    assert date(2022, 3, 11) == KAPITTEL_6A_PERMITS_FROM


def test_every_amendment_cites_its_instrument_and_source():
    for a in TIMELINE:
        assert a.instrument.startswith("LOV-")
        assert a.source
    with pytest.raises(KeyError, match="known"):
        amendment("nope")
