"""The timeline against the dates in the law text (shared/domain/law.md § 1)."""

from datetime import date, timedelta

import pytest

from integreringslov.errors import NotInForceError
from integreringslov.law import (
    SOURCES_END,
    TIMELINE,
    beyond_sources,
    change_dates,
    in_force,
    is_in_force,
)
from integreringslov.law._timeline import KAPITTEL_6A_PERMITS_FROM, amendment

DAY = timedelta(days=1)

# (amendment key, instrument, first day in force, first day no longer in force) as the primary
# texts in shared/domain/lovdata give them: FOR-2020-11-06-2247; FOR-2022-06-10-994 («Loven
# trer i kraft 15. juni 2022»); LOV-2023-06-02-17 («Del III til X a i loven oppheves 1. juli
# 2024»); FOR-2022-05-20-871; LOV-2023-06-02-17 and LOV-2023-06-09-25 («straks»);
# FOR-2023-06-09-804 («1. august 2023»); FOR-2024-06-25-1212 and LOV-2024-06-25-53 del XIII
# nr. 2 («oppheves 1. juli 2026»); FOR-2025-06-20-1102 («straks» = 2025-06-20, «1. januar
# 2026»); FOR-2025-09-17-1909 («Paragraf 43h oppheves 1. juli 2026»).
CHANGES = [
    ("original", "LOV-2020-11-06-127", date(2021, 1, 1), None),
    ("kapittel-6a", "LOV-2022-06-10-35 del IX", date(2022, 6, 15), date(2026, 7, 1)),
    ("kapittel-6a-2022", "LOV-2022-06-10-35 del IX", date(2022, 6, 15), date(2024, 7, 1)),
    ("renumbering-2022", "LOV-2021-06-11-78 del XIV", date(2022, 8, 1), None),
    ("kapittel-6a-2023", "LOV-2023-06-02-17", date(2023, 6, 2), date(2024, 7, 1)),
    ("section-37f-2023", "LOV-2023-06-09-25", date(2023, 6, 9), date(2024, 7, 1)),
    ("presiseringer-2023", "LOV-2023-06-09-24 del I", date(2023, 8, 1), None),
    ("kapittel-6a-2024", "LOV-2024-06-25-53 del X", date(2024, 7, 1), date(2026, 7, 1)),
    ("lov-2025-immediate", "LOV-2025-06-20-35 del I", date(2025, 6, 20), None),
    ("work-30-hours", "LOV-2025-06-20-35 del I", date(2026, 1, 1), None),
    ("section-37c-2026", "LOV-2025-06-20-35 del I", date(2026, 1, 1), date(2026, 7, 1)),
    ("forskrift-43h-2026", "FOR-2025-09-17-1909", date(2026, 1, 1), date(2026, 7, 1)),
]


@pytest.mark.parametrize(("key", "instrument", "start", "end"), CHANGES)
def test_day_before_and_day_of_each_entry_into_force(key, instrument, start, end):
    assert amendment(key).instrument == instrument
    if start > date(2021, 1, 1):
        assert not is_in_force(key, start - DAY)
    assert is_in_force(key, start)
    if end is not None:
        assert is_in_force(key, end - DAY)
        assert not is_in_force(key, end)


def test_age_60_is_passed_but_never_in_force():
    a = amendment("age-60")
    assert a.in_force is None
    assert a.instrument == "LOV-2025-06-20-35 del I"
    for day in (date(2025, 6, 20), date(2026, 1, 1), date(2030, 1, 1)):
        assert not is_in_force("age-60", day)


def test_before_the_act_raises_not_in_force():
    with pytest.raises(NotInForceError, match="2021-01-01"):
        in_force(date(2020, 12, 31))
    with pytest.raises(NotInForceError):
        is_in_force("original", date(2020, 12, 31))


def test_in_force_lists_what_holds_on_a_day():
    assert [a.key for a in in_force(date(2021, 1, 1))] == ["original"]
    assert [a.key for a in in_force(date(2026, 6, 30))] == [
        "original",
        "kapittel-6a",
        "renumbering-2022",
        "presiseringer-2023",
        "kapittel-6a-2024",
        "lov-2025-immediate",
        "work-30-hours",
        "section-37c-2026",
        "forskrift-43h-2026",
    ]
    assert [a.key for a in in_force(date(2026, 7, 1))] == [
        "original",
        "renumbering-2022",
        "presiseringer-2023",
        "lov-2025-immediate",
        "work-30-hours",
    ]


def test_change_dates_cover_every_entry_and_sunset():
    assert change_dates() == (
        date(2021, 1, 1),
        date(2022, 6, 15),
        date(2022, 8, 1),
        date(2023, 6, 2),
        date(2023, 6, 9),
        date(2023, 8, 1),
        date(2024, 7, 1),
        date(2025, 6, 20),
        date(2026, 1, 1),
        date(2026, 7, 1),
    )
    assert date(2022, 3, 11) == KAPITTEL_6A_PERMITS_FROM


def test_kapittel_6a_has_no_gap_between_its_versions():
    chapter = amendment("kapittel-6a")
    versions = [amendment(k) for k in ("kapittel-6a-2022", "kapittel-6a-2024")]
    assert versions[0].in_force == chapter.in_force
    assert versions[0].until == versions[1].in_force
    assert versions[1].until == chapter.until


def test_every_amendment_cites_its_instrument_and_source():
    for a in TIMELINE:
        assert a.instrument.startswith(("LOV-", "FOR-"))
        assert a.source
        if a.instrument.startswith("LOV-"):
            assert a.prop.startswith("Prop. ")
    with pytest.raises(KeyError, match="known"):
        amendment("nope")


def test_the_sources_end_is_stated():
    assert date(2025, 11, 9) == SOURCES_END
    assert beyond_sources(date(2025, 11, 9)) is None
    caveat = beyond_sources(date(2025, 11, 10))
    assert caveat is not None
    assert "2025-11-09" in caveat
    assert "kapittel 6A" in caveat
