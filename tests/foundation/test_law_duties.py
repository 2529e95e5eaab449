from datetime import date

import pytest

from integreringslov.errors import NotInForceError
from integreringslov.law import Provision, county_duties, county_duty


def test_section_4_catalogue():
    duties = county_duties(on=date(2021, 1, 1))
    assert [str(d.provision) for d in duties] == [
        "integreringsloven § 4 første ledd første punktum",
        "integreringsloven § 4 første ledd andre punktum",
        "integreringsloven § 4 andre ledd",
        "integreringsloven § 4 tredje ledd",
        "integreringsloven § 4 tredje ledd",
        "integreringsloven § 4 fjerde ledd",
    ]
    assert all(d.responsible == "fylkeskommunen" for d in duties if d.kind == "duty")
    assert county_duty("regulation-power").responsible == "departementet"


def test_settlement_recommendation_is_andre_ledd_verbatim():
    duty = county_duty("settlement-recommendation")
    assert duty.provision == Provision("§ 4", ledd=2)
    assert duty.text(on=date(2024, 1, 1)).text == (
        "Fylkeskommunen skal anbefale hvor mange flyktninger som bør bosettes i den "
        "enkelte kommune i fylket."
    )


def test_third_ledd_was_reworded():
    duty = county_duty("career-guidance")
    assert Provision("§ 11", ledd=3) in duty.related
    assert duty.text(on=date(2021, 1, 1)).text.endswith("videregående opplæring etter § 30.")
    assert duty.text(on=date(2025, 1, 1)).text.endswith("etter § 30 andre ledd.")
    assert duty.text(on=date(2025, 1, 1)).note  # the uncertain date is said, not hidden


def test_before_the_act():
    with pytest.raises(NotInForceError):
        county_duties(on=date(2020, 12, 31))
    with pytest.raises(NotInForceError):
        county_duty("career-guidance").text(on=date(2020, 1, 1))
    with pytest.raises(KeyError):
        county_duty("nope")
