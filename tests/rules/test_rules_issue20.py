"""Issue 20: the review's findings 1–7 and dates as they were, each from the law's text.

Every case cites the instrument and the ledd, and is checked the day before and the day of
the date that decides it. Expected values come from the texts in
``/work/shared/domain/lovdata/``, never from the code under test.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

import integreringslov as il
from integreringslov.errors import InvalidInputError
from integreringslov.law import parameter
from integreringslov.rules import assess, assess_frame, person_from_row

BASE = {
    "person_id": "p",
    "birth_date": "1990-06-15",
    "permit_letter": "a",
    "permit_granted": "2023-03-01",
    "settled_date": "2023-04-01",
    "settled_by_agreement": "ja",
    "nordic_or_eea": "nei",
}


def _both(row: dict[str, str], on: date) -> tuple[il.Assessment, pd.Series]:
    """The one-person and the table assessment of ``row``: they must agree."""
    one = assess(person_from_row(row), on=on)
    frame = assess_frame(pd.DataFrame([row], dtype=str), on=on).iloc[0]
    assert (one.programme.value, one.career_guidance.value) == (
        frame["programme"],
        frame["career_guidance"],
    )
    assert one.basis == frame["basis"]
    assert one.reason == frame["reason"]
    return one, frame


# -- 1. FOR-2022-06-10-995 § 1 andre ledd -------------------------------------------------

SECTION_34 = BASE | {
    "permit_letter": "e",
    "permit_granted": "2022-03-11",
    "settled_date": "2022-04-01",
    "decision_date": "2022-06-14",
}


def test_section_34_decided_before_6a_keeps_the_ordinary_rules_the_day_before():
    """FOR-2022-06-10-995 § 1 andre ledd (in force 2022-06-15): on 2022-06-14 the ordinary
    decision stands (integreringsloven § 8 første ledd, LOV-2020-11-06-127)."""
    one, _ = _both(SECTION_34, date(2022, 6, 14))
    assert one.programme.value == "right_and_duty"
    assert "§ 37 c" not in one.basis


def test_section_34_decided_before_6a_gets_a_new_6a_decision_the_day_of():
    """FOR-2022-06-10-995 § 1 andre ledd: «skal det fattes nye vedtak etter
    integreringsloven kapittel 6A» — from 2022-06-15 § 37 c første ledd (right, not duty)
    and § 37 b tredje ledd (career guidance a right)."""
    one, _ = _both(SECTION_34, date(2022, 6, 15))
    assert (one.programme.value, one.career_guidance.value) == ("right", "right")
    assert "FOR-2022-06-10-995 § 1 andre ledd" in one.basis
    assert "§ 37 b tredje ledd" in one.basis
    assert one.decision_date == date(2022, 6, 15)


def test_a_permit_the_day_before_2022_03_11_is_outside_6a():
    """FOR-2022-06-10-995 § 1 første ledd: § 34 permits «fra og med 11. mars 2022»."""
    row = SECTION_34 | {"permit_granted": "2022-03-10"}
    one, _ = _both(row, date(2022, 6, 15))
    assert one.programme.value == "right_and_duty"


# -- 2. never ask for a fact that cannot change the answer --------------------------------

FAMILY = BASE | {
    "permit_letter": "f",
    "settled_by_agreement": "nei",
    "reunification_applied": "2023-01-01",
}


@pytest.mark.parametrize(
    ("settled", "programme"),
    [
        ("2018-01-02", "undetermined"),  # the day after: less than five years, letter decides
        ("2018-01-01", "may_offer"),  # five whole years on the day: bokstav f is ruled out
        ("2015-01-01", "may_offer"),  # the review's case: eight years
    ],
)
def test_five_years_decide_without_the_reference_letter(settled, programme):
    """integreringsloven § 9 første ledd bokstav f (LOV-2020-11-06-127): «bosatt i en
    kommune i mindre enn fem år før det søkes om familiegjenforening»; otherwise § 8 tredje
    ledd første punktum (*kan tilby*) whatever the reference person's letter."""
    row = FAMILY | {"reference_settled_date": settled}
    one, _ = _both(row, date(2023, 9, 1))
    assert one.programme.value == programme
    if programme == "may_offer":
        assert "§ 8 tredje ledd første punktum" in one.basis
        assert "5 years or more" in one.reason
        assert "reference_letter" not in one.reason


# -- 3. an empty settled_by_agreement is not «no» --------------------------------------


@pytest.mark.parametrize(
    ("birth", "programme"),
    [
        ("2005-03-02", "not_covered"),  # 17 on the grant (day before the 18th birthday)
        ("2005-03-01", "undetermined"),  # 18 on the grant: the agreement decides
    ],
)
def test_an_empty_agreement_is_undetermined_only_where_it_decides(birth, programme):
    """integreringsloven § 8 første ledd første punktum («bosatt i kommunen etter avtale»:
    right and duty) against § 8 tredje ledd første punktum («bosatt uten avtale»: may
    offer), LOV-2020-11-06-127; the age on the grant decides first (§ 8 første ledd andre
    punktum)."""
    row = BASE | {"birth_date": birth, "settled_by_agreement": ""}
    one, frame = _both(row, date(2023, 9, 1))
    assert one.programme.value == programme
    if programme == "undetermined":
        assert "settled_by_agreement is empty" in frame["reason"]
        assert "right and duty" in frame["reason"]
        assert "may offer" in frame["reason"]


def test_an_empty_agreement_does_not_matter_for_letter_f():
    """§ 8 andre ledd (LOV-2020-11-06-127): «Kravet om å være bosatt etter avtale gjelder
    ikke personer som har fått oppholdstillatelse som nevnt i § 9 første ledd bokstav f»."""
    row = FAMILY | {
        "settled_by_agreement": "",
        "reference_letter": "a",
        "reference_settled_date": "2021-01-01",
    }
    one, _ = _both(row, date(2023, 9, 1))
    assert one.programme.value == "right_and_duty"


# -- 4. one person and the table agree ----------------------------------------------------


def test_reference_dates_without_a_letter_give_the_same_reasons_both_ways():
    """§ 9 første ledd bokstav f: the reference dates are kept when the letter is empty."""
    row = FAMILY | {"reference_settled_date": "2020-01-01"}
    one, frame = _both(row, date(2023, 9, 1))
    assert one.programme.value == "undetermined"
    assert "reference_letter is empty" in frame["reason"]


# -- 5. the binding sources of the cut-off 2022-03-11 -------------------------------------


def test_the_6a_cut_off_cites_the_transitional_regulations():
    """FOR-2022-06-10-995 § 1 første ledd (from 2022-06-15) and FOR-2024-06-25-1217 § 1
    første ledd (from 2024-07-01); not utlendingsforskriften."""
    before = parameter("kapittel_6a.permits_granted_from", on=date(2024, 6, 30))
    after = parameter("kapittel_6a.permits_granted_from", on=date(2024, 7, 1))
    assert before.instrument == "FOR-2022-06-10-995"
    assert after.instrument == "FOR-2024-06-25-1217"
    assert before.value == after.value == date(2022, 3, 11)
    assert "7-5" not in before.reference + after.reference


# -- 6. the § 37 c words where they apply -------------------------------------------------

UKRAINE_2024 = BASE | {
    "permit_letter": "e",
    "permit_granted": "2024-01-10",
    "settled_date": "2024-02-01",
}
REFUSAL = "may refuse"


def test_the_refusal_sentence_needs_recorded_work():
    """§ 37 c første ledd tredje punktum (LOV-2024-06-25-53, from 2024-07-01): «Kommunen
    kan avslå krav … for personer som har jobb eller tilbud om jobb på tilnærmet fulltid»."""
    no_work, _ = _both(UKRAINE_2024, date(2024, 7, 1))
    assert no_work.programme.value == "right"
    assert REFUSAL not in no_work.reason
    work = UKRAINE_2024 | {"work_hours_per_week": "37.5"}
    day_before, _ = _both(work, date(2024, 6, 30))
    day_of, _ = _both(work, date(2024, 7, 1))
    assert REFUSAL not in day_before.reason  # the 2022 wording has no such sentence
    assert REFUSAL in day_of.reason


def test_no_refusal_sentence_once_section_37c_is_replaced():
    """§ 37 c replaced on 2026-01-01 (LOV-2025-06-20-35), chapter repealed 2026-07-01
    (LOV-2024-06-25-53 del XIII nr. 2): a 2025 decision assessed later gets no refusal."""
    row = UKRAINE_2024 | {"work_hours_per_week": "37.5", "decision_date": "2025-06-02"}
    last_day, _ = _both(row, date(2025, 12, 31))
    assert REFUSAL in last_day.reason
    for on in (date(2026, 1, 1), date(2026, 6, 30), date(2026, 7, 1)):
        later, _ = _both(row, on)
        assert later.programme.value == "right"
        assert REFUSAL not in later.reason, on


def test_decided_under_6a_only_when_a_decision_date_is_given():
    """§ 37 c første ledd (LOV-2024-06-25-53): the reason says «decided» only for a real
    § 12 decision; without one the assessment date stands in for it."""
    undecided, _ = _both(UKRAINE_2024, date(2024, 7, 1))
    assert "decided under" not in undecided.reason
    assert "no § 12 decision yet" in undecided.reason
    decided, _ = _both(UKRAINE_2024 | {"decision_date": "2024-06-30"}, date(2024, 7, 1))
    assert "decided under" in decided.reason


def test_section_43h_is_cited_as_the_forskrift_writes_it():
    """integreringsforskriften § 43h (FOR-2025-09-17-1909, from 2026-01-01): «§ 43h»."""
    row = BASE | {
        "permit_granted": "2025-10-01",
        "settled_date": "2024-04-01",
        "decision_date": "2024-09-01",
        "previous_permit_letter": "e",
        "first_permit_granted": "2024-03-01",
    }
    before, _ = _both(row, date(2025, 12, 31))
    day_of, _ = _both(row, date(2026, 1, 1))
    assert "43h" not in before.basis
    assert "integreringsforskriften § 43h første ledd" in day_of.basis
    assert "§ 43 h" not in day_of.basis


# -- 7. contradictory inputs ------------------------------------------------------------


def test_a_decision_before_the_settlement_is_refused_the_day_of_is_not():
    """integreringsloven § 12 (LOV-2020-11-06-127): the decision is the settling
    municipality's, so it cannot precede the settlement (§ 8 første ledd «bosatt»)."""
    on = date(2023, 9, 1)
    _both(BASE | {"decision_date": "2023-04-01"}, on)
    with pytest.raises(InvalidInputError) as exc:
        assess_frame(pd.DataFrame([BASE | {"decision_date": "2023-03-31"}]), on=on)
    (problem,) = exc.value.problems
    assert problem.column == "decision_date"
    assert problem.value == "2023-03-31"
    assert "settlement" in problem.message


def test_reunification_applied_after_the_permit_is_refused_the_day_of_is_not():
    """§ 9 første ledd bokstav f (LOV-2020-11-06-127): the permit is granted on the
    application for family reunification, so the application comes first."""
    row = FAMILY | {"reference_letter": "a", "reference_settled_date": "2021-01-01"}
    on = date(2023, 9, 1)
    _both(row | {"reunification_applied": "2023-03-01"}, on)
    with pytest.raises(InvalidInputError) as exc:
        assess(person_from_row(row | {"reunification_applied": "2023-03-02"}), on=on)
    assert [p.column for p in exc.value.problems] == ["reunification_applied"]


# -- dates as they were -----------------------------------------------------------------


def test_a_permit_after_the_assessment_date_is_no_permit_yet():
    """§ 9 første ledd (LOV-2020-11-06-127): on the day before the grant the person holds
    no § 9 permit (not covered); on the day of the grant § 8 første ledd applies."""
    row = BASE | {"settled_date": "2023-03-01"}
    day_before, _ = _both(row, date(2023, 2, 28))
    day_of, _ = _both(row, date(2023, 3, 1))
    assert day_before.programme.value == "not_covered"
    assert "after the assessment date" in day_before.reason
    assert day_of.programme.value == "right_and_duty"


def test_a_decision_after_the_assessment_date_is_not_yet_made():
    """§ 8 første ledd tredje punktum: the two years are counted «når vedtak etter § 12
    treffes»; before the decision is made the assessment date stands in for it."""
    row = BASE | {"decision_date": "2025-04-15"}  # settled 2023-04-01
    before, _ = _both(row, date(2025, 4, 14))
    assert before.decision_date == date(2025, 4, 14)
    assert before.programme.value == "not_covered"  # two years on the assessment date
    made, _ = _both(row, date(2025, 4, 15))
    assert made.decision_date == date(2025, 4, 15)


def test_problems_show_dates_as_the_user_wrote_them():
    """Issue 20: «Messages show such dates as '2024-01-25 00:00:00'» — no longer."""
    text = pd.DataFrame([BASE | {"decision_date": "25.03.2023"}])
    with pytest.raises(InvalidInputError) as exc:
        assess_frame(text, on=date(2023, 9, 1))
    assert exc.value.problems[0].value == "25.03.2023"
    typed = text.assign(decision_date=pd.to_datetime(["2023-03-25"]))
    with pytest.raises(InvalidInputError) as exc:
        assess_frame(typed, on=date(2023, 9, 1))
    assert exc.value.problems[0].value == "2023-03-25"
    assert "00:00:00" not in str(exc.value)


def test_a_panel_over_a_register_where_people_arrive_over_the_years():
    """Every person on every date, equal to assess_frame date by date (issue 20)."""
    rows = []
    for i, year in enumerate(range(2021, 2027)):
        for month in (1, 6, 11):
            rows.append(
                BASE
                | {
                    "person_id": f"p{i}-{month}",
                    "permit_granted": f"{year}-{month:02d}-10",
                    "settled_date": f"{year}-{month:02d}-25",
                    "permit_letter": "ae"[month % 2],
                }
            )
    persons = pd.DataFrame(rows)
    dates = [date(y, m, 1) for y in range(2021, 2027) for m in (1, 7)] + [date(2026, 12, 31)]
    panel = il.assess_panel(persons, dates=dates)
    assert len(panel) == len(persons) * len(dates)
    for d in dates:
        one = assess_frame(persons, on=d)
        got = panel[panel["on"] == pd.Timestamp(d)].drop(columns="on")
        for column in one.columns:
            assert got[column].astype(str).tolist() == one[column].astype(str).tolist()
    first = panel[panel["on"] == pd.Timestamp(dates[0])]
    assert (first["programme"] == "not_covered").sum() >= len(persons) - 1
