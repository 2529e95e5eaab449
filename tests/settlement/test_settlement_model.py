"""Settlement process records, reference data, status progress and the annual cycle."""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from integreringslov.settlement import (
    NEED_2022,
    CountyRecommendation,
    DateKind,
    MunicipalDecision,
    RedistributionRule,
    RequestRound,
    SettlementRequest,
    annual_cycle,
)
from integreringslov.settlement._reference import (
    trondelag_2022,
    trondelag_2022_criteria,
    trondelag_2022_decisions,
    trondelag_2022_outcomes,
    trondelag_2022_requests,
    trondelag_2022_status,
)


def test_reference_sums_match_law_md():
    reqs = trondelag_2022_requests()
    adjusted = [r for r in reqs if r.round is RequestRound.ADJUSTED]
    original = [r for r in reqs if r.round is RequestRound.ORIGINAL]
    assert len(adjusted) == len(original) == 38
    assert sum(r.persons for r in adjusted) == 3790 == NEED_2022.by_county["50"]
    assert sum(r.persons for r in original) == 641
    decisions = trondelag_2022_decisions()
    assert sum(d.persons or 0 for d in decisions) == 3610
    outcomes = trondelag_2022_outcomes()
    assert sum(o.persons or 0 for o in outcomes) == 3121
    assert [o.municipality for o in outcomes if o.suppressed] == ["5043"]
    trondheim = next(r for r in adjusted if r.municipality == "5001")
    assert (trondheim.persons, trondheim.unaccompanied_minors) == (740, 30)
    assert sum(NEED_2022.by_county.values()) == 35_000


def test_decisions_may_exceed_requests_and_zero_means_no():
    reqs = {
        r.municipality: r for r in trondelag_2022_requests() if r.round is RequestRound.ADJUSTED
    }
    dec = {d.municipality: d for d in trondelag_2022_decisions()}
    assert dec["5038"].versus(reqs["5038"]) == 25  # Verdal decided 150 of 125
    assert dec["5029"].versus(reqs["5029"]) == -70  # Skaun 70 of 140
    rows = [
        {
            "year": 2023,
            "municipality": "5020",
            "population": "all",
            "measure": "decided",
            "persons": 0,
            "status": "",
        },
        {
            "year": 2023,
            "municipality": "5021",
            "population": "all",
            "measure": "decided",
            "persons": None,
            "status": ".",
        },
    ]
    said_no, missing = MunicipalDecision.from_imdi_rows(rows)
    assert said_no.said_no
    assert said_no.registered
    assert not missing.registered
    assert not missing.said_no
    assert missing.persons is None


def test_request_validators():
    with pytest.raises(ValueError, match="exceed"):
        SettlementRequest(year=2022, municipality="5001", persons=10, unaccompanied_minors=11)
    with pytest.raises(ValueError, match="municipality"):
        SettlementRequest(year=2022, municipality="501", persons=10)
    with pytest.raises(ValueError, match="persons"):
        SettlementRequest(year=2022, municipality="5001", persons=-1)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        trondelag_2022_requests()[0].persons = 1  # type: ignore[misc]


def test_progress_9_to_16_may_2022():
    start, end = trondelag_2022_status()
    p = start.progress_to(end)
    assert (p.days, p.settled, p.assigned_change, p.career_guidance) == (7, 83, -25, 0)
    assert p.settled_per_week == pytest.approx(83)
    assert end.remaining == 3790 - 285
    assert end.settled_share == pytest.approx(285 / 3790)
    assert p.projected_completion() == date(2022, 5, 16) + (date(2023, 3, 8) - date(2022, 5, 16))
    assert end.age_shares is not None
    assert end.age_shares.total == pytest.approx(0.995)
    assert start.age_shares is not None
    assert start.age_shares.total == pytest.approx(1.0)
    assert "202 → 285" in p.describe()
    with pytest.raises(ValueError, match="after"):
        end.progress_to(start)


def test_redistribution_rule():
    # ± 10 % of the total or of EM (the later mandate)
    assert not NEED_2022.needs_redistribution(38_000)  # +8.6 %
    assert NEED_2022.needs_redistribution(38_501)  # +10.003 %
    assert NEED_2022.needs_redistribution(31_000)  # −11.4 %
    assert NEED_2022.needs_redistribution(35_000, 441)  # EM +10.25 %


def test_redistribution_rule_2016():
    rule = RedistributionRule.mandate_2016()
    assert NEED_2022.needs_redistribution(35_751, rule=rule)
    assert not NEED_2022.needs_redistribution(35_750, rule=rule)
    assert NEED_2022.needs_redistribution(35_000, 551, rule=rule)


def test_county_recommendation_from_recommendation():
    from integreringslov.allocation import recommend

    rec = recommend(
        3790, trondelag_2022_criteria(), criteria={"population": 1}, method="hamilton", minimum=10
    )
    cr = CountyRecommendation.from_recommendation(rec, county="50", year=2022)
    assert cr.total == 3790
    assert str(cr.basis) == "integreringsloven § 4 andre ledd"
    diff = cr.compare(trondelag_2022_requests())
    assert diff["5001"] == rec.numbers["5001"] - 740


def test_annual_cycle_2022_known_and_typical():
    cycle = annual_cycle(2022)
    keys = [m.key for m in cycle]
    assert keys.index("request_letters") < keys.index("settlement")
    letters = next(m for m in cycle if m.key == "request_letters")
    assert letters.kind is DateKind.KNOWN
    assert letters.start == date(2021, 11, 11)
    revised = next(m for m in cycle if m.key == "revised_request")
    assert (revised.start, revised.deadline) == (date(2022, 3, 18), date(2022, 3, 31))
    county = next(m for m in cycle if m.key == "county_recommendation")
    assert county.kind is DateKind.TYPICAL
    assert county.basis is not None
    assert all(m.kind is not DateKind.STATUTORY for m in cycle)
    assert next(m for m in annual_cycle(2024) if m.key == "municipal_decisions").deadline == date(
        2024, 2, 25
    )


def test_imdi_table_columns():
    frame = trondelag_2022()
    assert list(frame.columns) == [
        "year",
        "municipality",
        "population",
        "measure",
        "persons",
        "status",
    ]
    assert set(frame["measure"]) == {"requested", "requested_original", "decided", "settled"}


def test_demo_settlement_blocks():
    from integreringslov._reporting.report import demo_report

    text = demo_report(on=date(2026, 1, 1), lang="en", figures=False).to_text()
    assert "Settlement: the county's recommendation (§ 4 andre ledd)" in text
    assert "202 → 285" in text
    assert "Trondheim" in text
    assert "3790" in text  # the request, in the progress paragraph
    assert "The annual cycle of settlement year 2026" in text


def test_progress_in_bokmal():
    """The county's slide of May 2022: settled 202 → 285 of 3 790 requested, 9 → 16 May."""
    from integreringslov.settlement._reference import trondelag_2022_status

    start, end = trondelag_2022_status()[:2]
    text = start.progress_to(end).describe("nb")
    # dates and the share as bokmål writes them (Babel's nb formats), not ISO or «7.5%»
    assert text.startswith("9. mai 2022 → 16. mai 2022 (7 dager): bosatt 202 → 285 (+83")
    assert "7,5\u00a0% av anmodningen på 3790" in text
    assert "karriereveiledning" in text
