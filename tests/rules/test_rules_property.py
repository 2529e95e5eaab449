"""Property: the scalar and the vectorised rules agree on every column."""

from datetime import date

import attrs
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integreringslov.law import Act
from integreringslov.law._texts import modelled_sections, text
from integreringslov.model import PermitLetter, ReferencePerson
from integreringslov.rules import (
    assess,
    assess_frame,
    check_person,
    person_to_row,
    persons_from_rows,
)
from strategies import person_rows, persons, written


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(person_rows(), min_size=1, max_size=8), st.sampled_from(["en", "nb"]))
def test_assess_and_assess_frame_agree(cases, lang):
    """A row and the person made of it get the same assessment (one declaration, two ways)."""
    on = cases[0][0]
    drawn = [row for _, row in cases]
    valid = [
        (row, person)
        for row, person in zip(drawn, persons_from_rows(drawn), strict=True)
        if not check_person(person, on=on)
    ]
    valid = list({person.person_id: (row, person) for row, person in valid}.values())
    rows = [row for row, _ in valid]  # one row per person (a repeated id is noted of the table)
    people = [person for _, person in valid]
    if not rows:
        return
    out = assess_frame(pd.DataFrame(rows), on=on, lang=lang)
    assert len(out) == len(rows)
    notes = set()
    for person, (_, got) in zip(people, out.iterrows(), strict=True):
        a = assess(person, on=on, lang=lang)
        assert {k: str(v) for k, v in got.items()} == a.to_row()
        notes.update(a.notes)
    # the table says once what any of its rows says: the law is applied past the sources
    assert set(out.attrs["notes"]) == notes


@pytest.mark.slow
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
    assert (
        ref is None
        or not ref.letter_known
        or ref.settled_date is None
        or person.permit.reunification_applied is None
    )
    assert "empty" in a.reason
    # applied for on the day of the first permit: not after it (that is refused, as a
    # contradiction), and the reference person settled that day
    first = min(filter(None, (person.permit.first_granted, person.permit.granted)))
    filled = attrs.evolve(
        person,
        permit=attrs.evolve(
            person.permit,
            reference_person=ReferencePerson(permit_letter=PermitLetter.A, settled_date=first),
            reunification_applied=first,
        ),
    )
    assert assess(filled, on=on).programme.value != "undetermined"


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(persons())
def test_text_and_typed_frames_agree(case):
    on, person = case
    if check_person(person, on=on):
        return
    row = person_to_row(person)
    typed = pd.DataFrame([row])
    text = pd.DataFrame([{k: written(v) for k, v in row.items()}])
    a = assess_frame(typed, on=on).astype(str)
    b = assess_frame(text, on=on).astype(str)
    pd.testing.assert_frame_equal(a, b)


@pytest.mark.slow
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
