"""``on=`` of ``il.assess`` and ``il.assess_frame`` when it is not a date (issue 24, item 3).

Both once raised a bare ``TypeError`` from comparing text with a date. Both now refuse
text, a ``datetime`` and a pandas ``Timestamp`` with the same library error, which says
what ``on=`` takes. (A time of day would be cut off without a word; text has more than
one reading.) A real date still works on both sides of the act's entry into force
(integreringsloven § 51, footnote 1: «Fra 1 jan 2021 iflg. res. 6 nov 2020 nr. 2247»):
on 2024-06-01 it is assessed, on 2020-12-31 it raises ``NotInForceError``.
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

import integreringslov as il
from integreringslov.errors import IntegreringslovError, InvalidInputError, NotInForceError
from integreringslov.model import PermitLetter, Person, ResidencePermit, Settlement

PERSON = Person(
    person_id="p1",
    birth_date=date(1990, 5, 1),
    permit=ResidencePermit(letter=PermitLetter.A, granted=date(2023, 1, 10)),
    settlement=Settlement(date=date(2023, 3, 1), by_agreement=True),
)
FRAME = pd.DataFrame(
    {
        "person_id": ["p1"],
        "birth_date": [date(1990, 5, 1)],
        "permit": ["a"],
        "permit_granted": [date(2023, 1, 10)],
        "settled_by_agreement": [True],
        "nordic_or_eea": [False],
    }
)
NOT_DATES = ["2024-06-01", datetime(2024, 6, 1, 12, 0), pd.Timestamp("2024-06-01"), 20240601]


@pytest.mark.parametrize("on", NOT_DATES, ids=repr)
def test_assess_refuses_what_is_not_a_date_with_a_library_error(on: object) -> None:
    with pytest.raises(InvalidInputError) as caught:
        il.assess(PERSON, on=on)  # type: ignore[arg-type]
    assert not isinstance(caught.value, TypeError)
    (problem,) = caught.value.problems
    assert problem.message.startswith("on= takes a date (datetime.date), not ")
    assert "date.fromisoformat" in (problem.expected or "")


@pytest.mark.parametrize("on", NOT_DATES, ids=repr)
def test_assess_and_assess_frame_refuse_alike(on: object) -> None:
    with pytest.raises(IntegreringslovError) as one:
        il.assess(PERSON, on=on)  # type: ignore[arg-type]
    with pytest.raises(IntegreringslovError) as frame:
        il.assess_frame(FRAME, on=on)  # type: ignore[arg-type]
    assert type(one.value) is type(frame.value) is InvalidInputError
    assert one.value.problems == frame.value.problems


def test_the_text_date_is_shown_as_given() -> None:
    with pytest.raises(InvalidInputError) as caught:
        il.assess(PERSON, on="2024-06-01")  # type: ignore[arg-type]
    assert caught.value.problems[0].value == "2024-06-01"
    assert caught.value.problems[0].message.endswith("not str")


def test_a_real_date_is_still_assessed_and_checked_against_entry_into_force() -> None:
    assert il.assess(PERSON, on=date(2024, 6, 1)).programme.value == "right_and_duty"
    with pytest.raises(NotInForceError):
        il.assess(PERSON, on=date(2020, 12, 31))
