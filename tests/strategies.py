"""Generated persons for the property tests, derived from the person table's declaration.

One module, used by every property test that needs persons (the rules, the frame kinds, the
panel, the ways in). Every row has every column of
:data:`~integreringslov.tables.persons.PERSON_COLUMNS`: each column gets values of its
:class:`~integreringslov.tables.persons.Kind` (a coded column its vocabulary), so a column
added to the declaration is generated at once. The columns the law ties to each other (the
grant and the birth, the settlement, the decision, the reference person, …) are then drawn
together, so that most rows are people the rules can assess:

- :func:`person_rows` — one person as a typed row (``date``, ``bool``, ``float``, codes as
  text, ``None`` for empty), with the assessment date it was drawn for;
- :func:`wild_rows` — the same, now and then with a value its column refuses;
- :func:`persons` — the same as a :class:`~integreringslov.model.Person`;
- :func:`written` — a typed cell as a file writes it.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from integreringslov.model import Person
from integreringslov.rules import person_from_row
from integreringslov.tables.persons import (
    INPUT_COLUMNS,
    MAX_HOURS,
    PERSON_COLUMNS,
    REFERENCE_OTHER,
    Column,
    Kind,
)

__all__ = [
    "ANCHORS",
    "Row",
    "on_dates",
    "person_rows",
    "persons",
    "values",
    "wild",
    "wild_rows",
    "written",
]

Row = dict[str, object]
"""A typed person row: every column of the table, ``None`` for an empty cell."""

ANCHORS = [
    date(2021, 1, 1),
    date(2022, 3, 11),
    date(2022, 6, 15),
    date(2023, 8, 1),
    date(2026, 1, 1),
    date(2026, 7, 1),
]
"""Dates the law changes on: assessment dates cluster round them."""

_OFFSET = st.integers(min_value=-3, max_value=3)
on_dates = st.builds(
    lambda a, o: max(a + timedelta(days=o), date(2021, 1, 1)), st.sampled_from(ANCHORS), _OFFSET
) | st.dates(min_value=date(2021, 1, 1), max_value=date(2027, 12, 31))
"""Assessment dates: round the change dates, or any day the act is in force."""


def values(column: Column) -> st.SearchStrategy[object]:
    """Typed values of a column, by its kind (``None``, empty, where the column allows it)."""
    kind = column.kind
    if kind is Kind.ID:
        return st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,5}", fullmatch=True)
    if kind is Kind.FLAG:
        return st.booleans()
    if kind is Kind.DATE:
        given = st.dates(min_value=date(1940, 1, 1), max_value=date(2027, 12, 31))
    elif kind in (Kind.LETTER, Kind.REFERENCE):
        given = st.sampled_from(column.vocabulary)
    elif kind is Kind.HOURS:
        given = st.sampled_from([0.0, 29.5, 30.0, 40.0]) | st.floats(0, MAX_HOURS)
    else:  # pragma: no cover - the person table has no other kind
        raise AssertionError(f"no values for {column.name} ({kind})")
    return given if column.empty is None else st.none() | given


def wild(column: Column) -> st.SearchStrategy[object]:
    """A value the column refuses, or a date the rules may refuse (born after the grant…)."""
    kind = column.kind
    if kind in (Kind.LETTER, Kind.REFERENCE):
        return st.sampled_from(["x", "h", "ab"])
    if kind is Kind.HOURS:
        return st.sampled_from([-1.0, MAX_HOURS + 1.0])
    if kind is Kind.FLAG:
        return st.sampled_from(["kanskje", "2"])
    if kind is Kind.DATE:
        return st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
    return st.just("")  # an empty id


def _years_before(d: date, years: int, days: int) -> date:
    try:
        base = d.replace(year=d.year - years)
    except ValueError:  # 29 February
        base = d.replace(year=d.year - years, day=28)
    return base + timedelta(days=days)


@st.composite
def person_rows(draw: st.DrawFn, on: date | None = None) -> tuple[date, Row]:
    """One person as a typed row over every declared column, with the assessment date.

    Every column first gets a value of its kind; then the columns the law ties together
    are drawn together (born before the grant, settled after birth, a decision after the
    first permit, the reference person of a family member, …), so that the rules can
    assess most rows — the rest the rules refuse, by name.
    """
    on = draw(on_dates) if on is None else on
    row: Row = {c.name: draw(values(c)) for c in PERSON_COLUMNS}
    granted = draw(
        st.sampled_from([*ANCHORS[:3], date(2020, 12, 31), date(2020, 6, 1)]).flatmap(
            lambda a: _OFFSET.map(lambda o: a + timedelta(days=o))
        )
        | st.dates(min_value=date(2019, 1, 1), max_value=on)
    )
    granted = min(granted, on)
    age = draw(st.sampled_from([17, 18, 30, 55, 56, 70]))
    birth = _years_before(granted, age, draw(_OFFSET))
    letter = draw(st.sampled_from([None, *(c for c in "abcdefg")]))
    settled = draw(
        st.none()
        | st.builds(
            lambda y, o: _years_before(on, y, o), st.sampled_from([0, 1, 2]), st.integers(-5, 5)
        )
    )
    if settled is not None and settled < birth:
        settled = birth
    first = draw(st.none() | st.builds(lambda o: granted - timedelta(days=o), st.integers(0, 900)))
    decision = draw(st.none() | st.builds(lambda o: on + timedelta(days=o), st.integers(-400, 10)))
    if decision is not None and (
        decision < date(2021, 1, 1)
        or decision < (first or granted)
        or (settled is not None and decision < settled)
    ):
        decision = None
    row.update(
        permit_granted=granted,
        birth_date=birth,
        permit_letter=letter,
        settled_date=settled,
        first_permit_granted=first,
        decision_date=decision,
        arrival_date=draw(
            st.none() | st.dates(min_value=date(2020, 11, 1), max_value=date(2021, 2, 1))
        ),
        nordic_or_eea=draw(st.booleans()) and draw(st.booleans()),
        previous_permit_letter=draw(st.sampled_from([None, "e", "f"])),
        claim_date=draw(
            st.none() | st.builds(lambda o: on - timedelta(days=o), st.integers(0, 400))
        ),
        work_hours_per_week=draw(st.none() | st.sampled_from([0.0, 29.5, 30.0, 40.0])),
        reference_letter=None,
        reference_permanent=False,
        reference_settled_date=None,
        reunification_applied=None,
    )
    if letter in ("f", None) and draw(st.booleans()):
        # a family member: the reference person holds a letter, none (other), or it is not
        # known while other facts of them are
        choices = (
            [REFERENCE_OTHER, "g"] if letter is None else [None, REFERENCE_OTHER, "a", "e", "g"]
        )
        applied = draw(
            st.none()
            | st.dates(
                min_value=min(date(2019, 1, 1), first or granted), max_value=first or granted
            )
        )
        reference_settled = None
        if applied is not None and draw(st.booleans()):
            reference_settled = _years_before(
                applied, draw(st.sampled_from([4, 5, 6])), draw(_OFFSET)
            )
        row.update(
            reference_letter=draw(st.sampled_from(choices)),
            reference_permanent=draw(st.booleans()),
            reference_settled_date=reference_settled,
            reunification_applied=applied,
        )
    assert list(row) == list(INPUT_COLUMNS)
    return on, row


@st.composite
def wild_rows(draw: st.DrawFn, on: date | None = None) -> tuple[date, Row]:
    """:func:`person_rows`, and in about one row in ten a value its column refuses."""
    on, row = draw(person_rows(on))
    if draw(st.integers(0, 9)) == 0:
        column = draw(st.sampled_from(PERSON_COLUMNS))
        row[column.name] = draw(wild(column))
    return on, row


@st.composite
def persons(draw: st.DrawFn) -> tuple[date, Person]:
    """:func:`person_rows` as a :class:`~integreringslov.model.Person`, with its date."""
    on, row = draw(person_rows())
    return on, person_from_row(row)


def written(value: object, *, style: int = 0) -> str:
    """A typed cell as a file writes it: empty, a date (``style`` 1: ``DD.MM.YYYY``), text.

    Yes/no cells as ``ja``/``nei`` (``style`` 1: ``x``/empty), numbers with a decimal point
    (``style`` 1: a decimal comma).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        if style:
            return "x" if value else ""
        return "ja" if value else "nei"
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y") if style else value.isoformat()
    if isinstance(value, float):
        return repr(value).replace(".", ",") if style else repr(value)
    return str(value)
