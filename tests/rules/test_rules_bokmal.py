"""Reasons in bokmål, in the law's own terms; codes stay English; notes past the sources."""

from datetime import date

import pandas as pd
import pytest

from integreringslov.model import PermitLetter, Person, ResidencePermit, Settlement
from integreringslov.rules import assess, assess_frame

ROWS = [
    # person_id, birth, letter, granted, settled, agreement, reference letter
    ("rett-og-plikt", "1990-06-15", "a", "2023-03-01", "2023-04-01", "ja", ""),
    ("kan-tilby", "1990-06-15", "a", "2023-03-01", "2023-04-01", "nei", ""),
    ("ikke-omfattet", "2010-06-15", "a", "2023-03-01", "2023-04-01", "ja", ""),
    ("6a", "1990-06-15", "e", "2023-03-01", "2023-04-01", "ja", ""),
    ("ikke-avgjort", "1990-06-15", "f", "2023-03-01", "2023-04-01", "nei", ""),
]
COLUMNS = [
    "person_id",
    "birth_date",
    "permit_letter",
    "permit_granted",
    "settled_date",
    "settled_by_agreement",
    "reference_letter",
]
ON = date(2023, 9, 1)


def _frame() -> pd.DataFrame:
    return pd.DataFrame(ROWS, columns=COLUMNS).assign(nordic_or_eea="nei")


def test_reasons_in_bokmal_use_the_terms_of_the_law():
    out = assess_frame(_frame(), on=ON, lang="nb").set_index("person_id")
    reason = out["reason"]
    # § 8 første ledd «rett og plikt»; § 8 tredje ledd «Kommunen kan tilby»;
    # § 37 c første ledd «rett, men ikke plikt»
    assert "rett og plikt til introduksjonsprogram og karriereveiledning" in reason["rett-og-plikt"]
    assert "kommunen kan tilby introduksjonsprogram" in reason["kan-tilby"]
    assert "Bosatt uten avtale med integreringsmyndighetene" in reason["kan-tilby"]
    assert (
        "Under 18 år da oppholdstillatelsen ble innvilget: ikke omfattet" in reason["ikke-omfattet"]
    )
    assert "rett, men ikke plikt" in reason["6a"]
    assert reason["ikke-avgjort"].startswith(
        "Ikke avgjort, mangler opplysninger: reference_letter, reference_settled_date, "
        "reunification_applied er tomme."
    )
    assert "Dersom § 9 bokstav f omfatter personen" in reason["ikke-avgjort"]
    assert "rett og plikt (integreringsloven § 8 første ledd" in reason["ikke-avgjort"]
    assert (
        "kommunen kan tilby (integreringsloven § 8 tredje ledd første punktum)"
        in reason["ikke-avgjort"]
    )


def test_codes_and_basis_stay_the_same_in_both_languages():
    en = assess_frame(_frame(), on=ON, lang="en")
    nb = assess_frame(_frame(), on=ON, lang="nb")
    for column in ("person_id", "regime", "programme", "career_guidance", "basis"):
        assert en[column].astype(str).tolist() == nb[column].astype(str).tolist()
    assert (en["reason"].astype(str) != nb["reason"].astype(str)).all()
    assert nb["programme"].tolist() == [
        "right_and_duty",
        "may_offer",
        "not_covered",
        "right",
        "undetermined",
    ]


def test_an_unknown_language_is_refused_by_name():
    with pytest.raises(ValueError, match="en, nb"):
        assess_frame(_frame(), on=ON, lang="de")  # type: ignore[arg-type]


PERSON = Person(
    person_id="p",
    birth_date=date(1990, 6, 15),
    permit=ResidencePermit(letter=PermitLetter.A, granted=date(2025, 3, 1)),
    settlement=Settlement(date=date(2025, 4, 1), by_agreement=True),
)


def test_past_the_sources_the_assessment_says_so_once():
    """The sources end 2025-11-09 (Lovdata snapshot): later dates get one note, not per row."""
    assert assess(PERSON, on=date(2025, 11, 9)).notes == ()
    after = assess(PERSON, on=date(2025, 11, 10))
    assert len(after.notes) == 1
    assert "2025-11-09" in after.notes[0]
    assert "2025-11-09" not in after.reason
    nb = assess(PERSON, on=date(2025, 11, 10), lang="nb")
    assert "bibliotekets kilder slutter" in nb.notes[0]
    frame = _frame().assign(permit_granted="2025-03-01", settled_date="2025-04-01")
    out = assess_frame(frame, on=date(2026, 1, 1), lang="nb")
    assert out.attrs["notes"] == list(nb.notes)
    assert not out["reason"].astype(str).str.contains("kilder").any()


def test_a_decision_dated_after_the_assessment_date_is_not_yet_made_so_no_note():
    """Issue 20, dates as they were: on 2025-11-09 a decision of 2025-11-10 is not yet
    made, so the law is applied on 2025-11-09 (within the sources); the day after, the
    decision is made and the note comes."""
    frame = _frame().assign(decision_date="2025-11-10")
    frame = frame.assign(permit_granted="2025-03-01", settled_date="2025-04-01")
    assert assess_frame(frame, on=date(2025, 11, 9)).attrs["notes"] == []
    assert len(assess_frame(frame, on=date(2025, 11, 10)).attrs["notes"]) == 1
