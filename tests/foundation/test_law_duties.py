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


def test_third_ledd_was_reworded_by_the_2023_presiseringer():
    # LOV-2023-06-09-24 del I, in force 2023-08-01 (FOR-2023-06-09-804).
    duty = county_duty("career-guidance")
    assert Provision("§ 11", ledd=3) in duty.related
    before = duty.text(on=date(2023, 7, 31))
    assert before.text.endswith("videregående opplæring etter § 30.")
    assert before.instrument == "LOV-2020-11-06-127"
    after = duty.text(on=date(2023, 8, 1))
    assert after.text.endswith("etter § 30 andre ledd.")
    assert after.instrument == "LOV-2023-06-09-24 del I"
    assert after.commencement == "FOR-2023-06-09-804"
    assert [t.valid_from for t in duty.texts] == [date(2021, 1, 1), date(2023, 8, 1)]


def test_first_ledd_sentences():
    assert county_duty("regional-integration").text(on=date(2024, 1, 1)).text == (
        "Fylkeskommunen er ansvarlig for det regionale integreringsarbeidet."
    )
    assert county_duty("qualification-plans").text(on=date(2024, 1, 1)).text == (
        "Fylkeskommunen skal utarbeide planer for kvalifisering av innvandrere."
    )


def test_before_the_act():
    with pytest.raises(NotInForceError):
        county_duties(on=date(2020, 12, 31))
    with pytest.raises(NotInForceError):
        county_duty("career-guidance").text(on=date(2020, 1, 1))
    with pytest.raises(KeyError):
        county_duty("nope")
