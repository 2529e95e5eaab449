"""Property: the scalar and the vectorised rules agree on every column."""

from datetime import date, timedelta

import attrs
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integreringslov.law import Act
from integreringslov.law.texts import modelled_sections, text
from integreringslov.model import PermitLetter, Person, ReferencePerson, ResidencePermit, Settlement
from integreringslov.rules import assess, assess_frame, check_person

ANCHORS = [
    date(2021, 1, 1),
    date(2022, 3, 11),
    date(2022, 6, 15),
    date(2026, 1, 1),
    date(2026, 7, 1),
]
offset = st.integers(min_value=-3, max_value=3)
on_dates = st.builds(
    lambda a, o: max(a + timedelta(days=o), date(2021, 1, 1)), st.sampled_from(ANCHORS), offset
) | st.dates(min_value=date(2021, 1, 1), max_value=date(2027, 12, 31))


def _years_before(d: date, years: int, days: int) -> date:
    try:
        base = d.replace(year=d.year - years)
    except ValueError:  # 29 February
        base = d.replace(year=d.year - years, day=28)
    return base + timedelta(days=days)


@st.composite
def persons(draw):
    on = draw(on_dates)
    granted = draw(
        st.sampled_from([*ANCHORS[:3], date(2020, 12, 31), date(2020, 6, 1)]).flatmap(
            lambda a: offset.map(lambda o: a + timedelta(days=o))
        )
        | st.dates(min_value=date(2019, 1, 1), max_value=on)
    )
    granted = min(granted, on)
    age = draw(st.sampled_from([17, 18, 30, 55, 56, 70]))
    birth = _years_before(granted, age, draw(offset))
    letter = draw(st.sampled_from([None, *PermitLetter]))
    settled = draw(
        st.none()
        | st.builds(
            lambda y, o: _years_before(on, y, o), st.sampled_from([0, 1, 2]), st.integers(-5, 5)
        )
    )
    if settled is not None and settled < birth:
        settled = birth
    decision = draw(st.none() | st.builds(lambda o: on + timedelta(days=o), st.integers(-400, 10)))
    if decision is not None and decision < date(2021, 1, 1):
        decision = None
    arrival = draw(st.none() | st.dates(min_value=date(2020, 11, 1), max_value=date(2021, 2, 1)))
    reference = None
    applied = None
    if letter in (PermitLetter.F, None) and draw(st.booleans()):
        # None = other (holds none of a-g); an unknown reference person is no ReferencePerson
        choices = (
            [None, PermitLetter.G]
            if letter is None
            else [None, PermitLetter.A, PermitLetter.E, PermitLetter.G]
        )
        ref_letter = draw(st.sampled_from(choices))
        applied = draw(st.none() | st.dates(min_value=date(2019, 1, 1), max_value=granted))
        ref_settled = None
        if applied is not None and draw(st.booleans()):
            ref_settled = _years_before(applied, draw(st.sampled_from([4, 5, 6])), draw(offset))
        reference = ReferencePerson(
            permit_letter=ref_letter, permanent=draw(st.booleans()), settled_date=ref_settled
        )
    previous = draw(st.sampled_from([None, PermitLetter.E, PermitLetter.F]))
    first = draw(st.none() | st.builds(lambda o: granted - timedelta(days=o), st.integers(0, 900)))
    if decision is not None and decision < (first or granted):
        decision = None
    claim = draw(st.none() | st.builds(lambda o: on - timedelta(days=o), st.integers(0, 400)))
    return on, Person(
        person_id=str(draw(st.integers(0, 10**6))),
        birth_date=birth,
        permit=ResidencePermit(
            letter=letter,
            granted=granted,
            arrival_date=arrival,
            reference_person=reference,
            reunification_applied=applied,
            previous_letter=previous,
            first_granted=first,
        ),
        settlement=None
        if settled is None
        else Settlement(date=settled, by_agreement=draw(st.booleans())),
        nordic_or_eea=draw(st.booleans().map(lambda b: b and draw(st.booleans()))),
        decision_date=decision,
        claim_date=claim,
        work_hours_per_week=draw(st.none() | st.sampled_from([0.0, 29.5, 30.0, 40.0])),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(persons(), min_size=1, max_size=8), st.sampled_from(["en", "nb"]))
def test_assess_and_assess_frame_agree(cases, lang):
    on = cases[0][0]
    people = [p for _, p in cases if not check_person(p, on=on)]
    if not people:
        return
    frame = pd.DataFrame([p.to_row() for p in people])
    out = assess_frame(frame, on=on, lang=lang)
    assert len(out) == len(people)
    notes = set()
    for person, (_, row) in zip(people, out.iterrows(), strict=True):
        a = assess(person, on=on, lang=lang)
        assert {k: str(v) for k, v in row.items()} == a.to_row()
        notes.update(a.notes)
    # the table says once what any of its rows says: the law is applied past the sources
    assert set(out.attrs["notes"]) == notes


@settings(max_examples=100, deadline=None)
@given(persons())
def test_undetermined_only_when_a_family_fact_is_empty(case):
    """Never a guess: undetermined names an empty column, and filling it decides the row."""
    on, person = case
    if check_person(person, on=on):
        return
    a = assess(person, on=on)
    if a.programme.value != "undetermined":
        return
    ref = person.permit.reference_person
    assert ref is None or ref.settled_date is None or person.permit.reunification_applied is None
    assert "empty" in a.reason
    filled = attrs.evolve(
        person,
        permit=attrs.evolve(
            person.permit,
            reference_person=ReferencePerson(
                permit_letter=PermitLetter.A, settled_date=person.permit.granted
            ),
            reunification_applied=person.permit.granted,
        ),
    )
    assert assess(filled, on=on).programme.value != "undetermined"


@settings(max_examples=60, deadline=None)
@given(persons())
def test_text_and_typed_frames_agree(case):
    on, person = case
    if check_person(person, on=on):
        return
    typed = pd.DataFrame([person.to_row()])
    text = typed.astype(object).map(
        lambda v: (
            ""
            if v is None or v is pd.NaT or (isinstance(v, float) and v != v)
            else v.isoformat()
            if isinstance(v, date)
            else str(v)
        )
    )
    a = assess_frame(typed, on=on).astype(str)
    b = assess_frame(text, on=on).astype(str)
    pd.testing.assert_frame_equal(a, b)


@settings(max_examples=100, deadline=None)
@given(persons())
def test_the_basis_cites_only_provisions_worded_on_the_decision_date(case):
    on, person = case
    if check_person(person, on=on):
        return
    a = assess(person, on=on)
    law_on = max(a.decision_date, date(2021, 1, 1))
    for provision in a.provisions:
        if provision.act is Act.INTEGRERINGSLOVEN and provision.section in modelled_sections():
            assert text(provision, on=law_on).text  # raises if not so numbered on that date
