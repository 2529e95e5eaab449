"""Bad input: every problem collected at once; raise or split; dates before the act."""

from datetime import date

import pandas as pd
import pytest

from integreringslov.errors import InvalidInputError, NotInForceError
from integreringslov.model import PermitLetter, Person, ResidencePermit, Settlement
from integreringslov.rules import OUTPUT_COLUMNS, SplitResult, assess, assess_frame

ON = date(2023, 9, 1)
GOOD = {
    "person_id": "ok",
    "birth_date": "1990-06-15",
    "permit_letter": "a",
    "permit_granted": "2023-03-01",
    "settled_date": "2023-04-01",
    "settled_by_agreement": "ja",
    "nordic_or_eea": "nei",
}


def _frame(*rows):
    return pd.DataFrame([GOOD | r for r in rows], dtype=str).fillna("")


def test_date_before_the_act_raises_not_in_force():
    person = Person(
        person_id="p",
        birth_date=date(1990, 1, 1),
        permit=ResidencePermit(letter=PermitLetter.A, granted=date(2020, 1, 1)),
    )
    with pytest.raises(NotInForceError, match="2021-01-01"):
        assess(person, on=date(2020, 12, 31))
    with pytest.raises(NotInForceError):
        assess_frame(_frame({}), on=date(2020, 12, 31))


def test_all_problems_are_collected_with_row_column_value_and_expectation():
    frame = _frame(
        {},
        {"person_id": "bad-letter", "permit_letter": "h"},
        {"person_id": "before-born", "settled_date": "1989-01-01"},
        {"person_id": "decided-early", "decision_date": "2023-03-15"},
        {"person_id": "bad-date", "birth_date": "31.02.1990"},
        {"person_id": "bad-bool", "settled_by_agreement": "kanskje"},
        {"person_id": "first-later", "first_permit_granted": "2023-03-02"},
        {"person_id": "bad-reference", "reference_letter": "x"},
    )
    with pytest.raises(InvalidInputError) as exc:
        assess_frame(frame, on=ON)
    problems = exc.value.problems
    by_column = {(p.row, p.column) for p in problems}
    assert (1, "permit_letter") in by_column
    assert (2, "settled_date") in by_column
    assert (3, "decision_date") in by_column
    assert (4, "birth_date") in by_column
    assert (5, "settled_by_agreement") in by_column
    assert (6, "first_permit_granted") in by_column
    assert (7, "reference_letter") in by_column
    letter = next(p for p in problems if p.column == "permit_letter")
    assert letter.value == "h"
    assert "a, b, c, d, e, f, g" in letter.expected
    assert all(p.row != 0 for p in problems)
    reference = next(p for p in problems if p.column == "reference_letter")
    assert "a, b, c, d, e, f, g, other" in reference.expected


def test_missing_family_facts_are_undetermined_not_errors():
    """Contract, "What an empty cell means": a gap the rule needs is `undetermined`."""
    frame = _frame(
        {"permit_letter": "f", "reference_letter": "a", "settled_by_agreement": "nei"},
        {"person_id": "f-unknown", "permit_letter": "f", "settled_by_agreement": "nei"},
    )
    out = assess_frame(frame, on=ON)
    assert out["programme"].tolist() == ["undetermined", "undetermined"]
    assert out["career_guidance"].tolist() == ["undetermined", "undetermined"]
    first, second = out["reason"].tolist()
    assert "reference_settled_date, reunification_applied are empty" in first
    assert "reference_letter" not in first
    assert "reference_letter, reference_settled_date, reunification_applied" in second
    # what each answer would lead to, with its basis
    assert "right and duty (integreringsloven § 8 første ledd" in second
    assert "the municipality may offer (integreringsloven § 8 tredje ledd første punktum)" in second


def test_split_returns_valid_rows_assessed_and_invalid_rows_separately():
    frame = _frame({}, {"person_id": "x", "permit_letter": "z"}, {"person_id": "y"})
    result = assess_frame(frame, on=ON, errors="split")
    assert isinstance(result, SplitResult)
    assert list(result.assessed.columns) == list(OUTPUT_COLUMNS)
    assert result.assessed["person_id"].tolist() == ["ok", "y"]
    assert result.invalid["person_id"].tolist() == ["x"]
    assert len(result.assessed) + len(result.invalid) == len(frame)
    assert [p.row for p in result.problems] == [1]
    assert not result.ok


def test_missing_required_columns_are_all_reported():
    frame = _frame({}).drop(columns=["permit_granted", "nordic_or_eea"])
    with pytest.raises(InvalidInputError) as exc:
        assess_frame(frame, on=ON)
    assert {p.column for p in exc.value.problems} == {"permit_granted", "nordic_or_eea"}
    result = assess_frame(frame, on=ON, errors="split")
    assert result.assessed.empty
    assert len(result.invalid) == 1


def test_reference_a_to_e_without_letter_f_is_reported():
    frame = _frame({"permit_letter": "", "reference_letter": "a"})
    with pytest.raises(InvalidInputError) as exc:
        assess_frame(frame, on=ON)
    assert [p.column for p in exc.value.problems] == ["reference_letter"]


def test_decision_before_the_current_permit_is_allowed_after_the_first():
    frame = _frame(
        {
            "decision_date": "2023-02-01",
            "first_permit_granted": "2023-01-10",
            "settled_date": "2023-01-20",
        }
    )
    assert assess_frame(frame, on=ON)["programme"].tolist() == ["right_and_duty"]
    with pytest.raises(InvalidInputError, match="decision"):
        assess_frame(_frame({"decision_date": "2023-02-01"}), on=ON)


def test_unknown_column_is_reported():
    with pytest.raises(InvalidInputError, match="bogus"):
        assess_frame(_frame({}).assign(bogus="1"), on=ON)


def test_scalar_assess_checks_impossible_dates():
    person = Person(
        person_id="p",
        birth_date=date(1990, 1, 1),
        permit=ResidencePermit(letter=PermitLetter.A, granted=date(2023, 10, 1)),
        settlement=Settlement(date=date(1980, 1, 1), by_agreement=True),
    )
    with pytest.raises(InvalidInputError) as exc:
        assess(person, on=ON)
    # the grant after ``on`` is no problem (issue 20: assessed as things stood on ``on``)
    assert {p.column for p in exc.value.problems} == {"settled_date"}


def test_bad_errors_argument():
    with pytest.raises(ValueError, match="errors"):
        assess_frame(_frame({}), on=ON, errors="ignore")  # type: ignore[call-overload]


@pytest.mark.parametrize(("lang", "words"), [("en", "more than one row"), ("nb", "mer enn én rad")])
def test_a_person_id_on_two_rows_is_assessed_twice_with_a_note(lang, words):
    """Issue 24: the same person_id on two rows is not passed over without a word."""
    frame = _frame({"person_id": "p1"}, {"person_id": "p1"}, {"person_id": "p2"})
    assessed = assess_frame(frame, on=ON, lang=lang)
    assert list(assessed["person_id"]) == ["p1", "p1", "p2"]  # each row assessed on its own
    (note,) = [n for n in assessed.attrs["notes"] if "p1" in n]
    assert words in note
    assert "p2" not in note


def test_unique_person_ids_get_no_note_about_them():
    assessed = assess_frame(_frame({"person_id": "p1"}, {"person_id": "p2"}), on=ON)
    assert not [n for n in assessed.attrs["notes"] if "p1" in n]
