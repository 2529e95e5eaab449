"""The demo report's caseload: ten made-up persons, dated relative to the day of the report."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from integreringslov.model._person import (
    PermitLetter,
    Person,
    ReferencePerson,
    ResidencePermit,
    Settlement,
)
from integreringslov.tables._rows import person_to_row

__all__ = ["demo_persons", "demo_table", "letter_of"]


def demo_persons(on: date) -> list[Person]:
    """Ten made-up persons, dated relative to ``on``, covering the main outcomes."""
    a, b, c, d, e, f = (PermitLetter(x) for x in "abcdef")

    def ago(days: int) -> date:
        return on - timedelta(days=days)

    def person(
        pid: str,
        born: str,
        letter: PermitLetter | None,
        granted: date,
        settled: date | None,
        *,
        agreement: bool = False,
        nordic: bool = False,
        reference: tuple[PermitLetter, date, date] | None = None,
        hours: float | None = None,
    ) -> Person:
        return Person(
            person_id=pid,
            birth_date=date.fromisoformat(born),
            permit=ResidencePermit(
                letter=letter,
                granted=granted,
                reference_person=None
                if reference is None
                else ReferencePerson(permit_letter=reference[0], settled_date=reference[1]),
                reunification_applied=None if reference is None else reference[2],
            ),
            settlement=None
            if settled is None
            else Settlement(date=settled, by_agreement=agreement),
            nordic_or_eea=nordic,
            work_hours_per_week=hours,
        )

    return [
        person("P1", "1994-05-17", a, ago(200), ago(150), agreement=True),
        person("P2", "1962-02-01", c, ago(300), ago(250), agreement=True),
        person("P3", "1990-08-30", f, ago(120), ago(100), reference=(a, ago(900), ago(400))),
        person("P4", "1988-11-11", f, ago(120), ago(100), reference=(b, ago(2600), ago(400))),
        person("P5", "1999-01-20", b, ago(900), ago(880), agreement=True),
        person("P6", "1985-03-03", a, ago(60), None),
        person("P7", "1980-07-07", None, ago(100), ago(80), nordic=True),
        person("P8", "1997-12-24", d, ago(150), ago(120), agreement=True, hours=37.5),
        person("P9", "1970-01-01", a, date(2019, 6, 1), date(2019, 9, 1), agreement=True),
        person("P10", "1979-04-04", e, ago(90), ago(60), agreement=True),
    ]


def demo_table(persons: list[Person]) -> pd.DataFrame:
    """The persons as a person table (the rows of the contract's columns)."""
    return pd.DataFrame([person_to_row(p) for p in persons])


def letter_of(person: Person) -> str:
    """The person's § 9 letter as shown in the report (``-`` for none)."""
    return person.permit.letter.value if person.permit.letter else "-"
