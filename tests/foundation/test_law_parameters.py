from datetime import date, timedelta
from fractions import Fraction

import pytest

from integreringslov.errors import NotInForceError
from integreringslov.law import parameter, parameters

DAY = timedelta(days=1)


def test_age_limits_are_18_and_55_and_stay_55_after_2026():
    # § 8 første ledd: «Innvandrere mellom 18 og 55 år»; the 60-year wording is not in force.
    for day in (date(2021, 1, 1), date(2025, 12, 31), date(2026, 1, 1), date(2030, 1, 1)):
        assert parameter("programme.age_min", on=day).value == 18
        assert parameter("programme.age_max", on=day).value == 55
    assert "60" in parameters()["programme.age_max"].note


def test_two_and_five_year_limits():
    assert parameter("programme.years_in_municipality", on=date(2022, 1, 1)).value == 2
    assert parameter("programme.reference_person_years", on=date(2022, 1, 1)).value == 5


def test_thirty_hour_rule_starts_2026_01_01():
    with pytest.raises(NotInForceError, match="2026-01-01"):
        parameter("programme.work_hours_exemption", on=date(2026, 1, 1) - DAY)
    assert parameter("programme.work_hours_exemption", on=date(2026, 1, 1)).value == 30


def test_programme_duration_changes_on_2026_01_01():
    # Old § 13 andre ledd: «mellom tre og seks måneder … forlenges med inntil seks måneder»;
    # new § 13: «inntil tolv måneder. Programmet kan ikke forlenges.»
    before, on = date(2025, 12, 31), date(2026, 1, 1)
    assert parameter("programme.duration_with_upper_secondary_max", on=before).value == 6
    assert parameter("programme.duration_with_upper_secondary_max", on=on).value == 12
    assert parameter("programme.extension_with_upper_secondary_max", on=before).value == 6
    assert parameter("programme.extension_with_upper_secondary_max", on=on).value == 0


def test_stipend_fractions_are_exact():
    # § 20: «1/12 … 1/30 … 1/1 850»; «2/3 stønad … 1/3 stønad»
    day = date(2023, 3, 1)
    assert parameter("stipend.monthly_fraction", on=day).value == Fraction(1, 12)
    assert parameter("stipend.daily_fraction", on=day).value == Fraction(1, 30)
    assert parameter("stipend.hourly_fraction", on=day).value == Fraction(1, 1850)
    assert parameter("stipend.under_25_living_alone", on=day).value == Fraction(2, 3)
    assert parameter("stipend.under_25_with_parents", on=day).value == Fraction(1, 3)


def test_kapittel_6a_window():
    with pytest.raises(NotInForceError):
        parameter("kapittel_6a.permits_granted_from", on=date(2022, 6, 14))
    assert parameter("kapittel_6a.permits_granted_from", on=date(2022, 6, 15)).value == date(
        2022, 3, 11
    )
    with pytest.raises(NotInForceError, match="until 2026-07-01"):
        parameter("kapittel_6a.permits_granted_from", on=date(2026, 7, 1))


def test_every_value_has_a_reference_and_dates_outside_raise():
    for p in parameters().values():
        for v in p.values:
            # the 6A cut-off is fixed by the transitional regulations (issue 20, finding 5)
            regulation = v.instrument.startswith("FOR-")
            assert v.reference.startswith(
                "forskrift om overgangsregler" if regulation else "integreringsloven"
            )
            assert regulation or v.instrument.startswith("LOV-")
    with pytest.raises(NotInForceError, match="2020-12-31"):
        parameter("programme.age_max", on=date(2020, 12, 31))
    with pytest.raises(KeyError, match="known"):
        parameter("programme.nope", on=date(2022, 1, 1))
