"""The person table as rows: cells parsed into typed columns, and a row as a :class:`Person`.

Everything here follows the declaration (:data:`~integreringslov.tables.persons.PERSON_COLUMNS`):
:func:`parse_column` reads one column by its :class:`~integreringslov.tables.persons.Kind`
(the spreadsheet importer reads each column it finds with it, so a file and a frame are
read alike); :func:`parse_persons` reads a whole table (text cells from CSV, or typed
columns) and collects every unreadable cell at once; :func:`person_from_row` and
:func:`person_to_row` convert between a row and a :class:`~integreringslov.model.Person`
along each column's :attr:`~integreringslov.tables.persons.Column.attribute`. This module
knows nothing of the rules that read the table.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from typing import Any

import attrs
import numpy as np
import pandas as pd

from integreringslov._text.i18n import tr
from integreringslov._text.privacy import MASK, redact
from integreringslov.errors import InvalidInputError, Problem
from integreringslov.model._person import (
    PermitLetter,
    Person,
    ReferencePerson,
    ResidencePermit,
    Settlement,
)
from integreringslov.tables import _coerce as coerce
from integreringslov.tables._arrow import arrow_text, blank, byte_lengths
from integreringslov.tables._fodselsnummer import birth_dates, shaped
from integreringslov.tables.persons import (
    CARRIED_COLUMNS,
    FODSELSNUMMER,
    INPUT_COLUMNS,
    PERSON_COLUMNS,
    REFERENCE_OTHER,
    REQUIRED_COLUMNS,
    Column,
    Kind,
)

__all__ = [
    "ParsedPersons",
    "mask_problems",
    "parse_column",
    "parse_persons",
    "person_from_row",
    "person_to_row",
    "persons_from_rows",
]


@attrs.frozen(kw_only=True)
class ParsedPersons:
    """The person table parsed into typed columns, with every parsing problem."""

    table: pd.DataFrame
    """The input's columns of the contract, typed (no ``fodselsnummer``; an absent optional
    column stays absent: it is empty), then any carried column, indexed as the input."""
    problems: tuple[Problem, ...]
    """Problems found while parsing (unreadable cells, missing values or columns)."""
    bad: np.ndarray
    """Boolean mask of the rows with at least one problem."""
    fatal: bool
    """True when the whole table is unusable (a required column is missing)."""


def mask_problems(
    frame: pd.DataFrame,
    mask: np.ndarray,
    column: str,
    message: str,
    expected: str,
    source: str | None,
    values: pd.Series | None = None,
) -> list[Problem]:
    """One :class:`Problem` per true row of ``mask``, with the row as the user counts it.

    ``values`` are the cells as the user wrote them (text as given; a typed date at
    midnight as ``yyyy-mm-dd``).
    """
    positions = np.flatnonzero(mask)
    vals = values if values is not None else frame.get(column)
    out = []
    for pos in positions:
        value = None if vals is None else vals.iloc[int(pos)]
        text = None if value is None or (isinstance(value, float) and np.isnan(value)) else value
        if isinstance(text, datetime) and not pd.isna(text) and text.time() == time(0, 0):
            text = text.date().isoformat()  # a typed date as a date, not '… 00:00:00'
        out.append(
            Problem(
                message=message,
                source=source,
                row=coerce.source_row(frame.index, int(pos)),
                column=column,
                value=None if text is None or text is pd.NaT else str(text),
                expected=expected,
                check=column,
            )
        )
    return out


def _parse_id(series: pd.Series) -> coerce.Parsed:
    """Ids as text; an empty (or blank) id is missing. Never invalid here."""
    ids = series
    if not pd.api.types.is_string_dtype(ids.dtype):
        ids = ids.astype("str").where(ids.notna(), np.nan)
    arrow = arrow_text(ids)
    if arrow is not None:  # blank without stripping every id: a third of the time
        empty = blank(arrow)
    else:
        length = ids.str.strip().str.len().to_numpy(dtype=np.float64, na_value=np.nan)
        empty = ~(length > 0)
    return coerce.Parsed(
        values=ids.where(~empty, np.nan) if empty.any() else ids,
        invalid=pd.Series(False, index=series.index),
        original=series,
        expected=tr("a pseudonymous id"),
        what=tr("an id"),
        kind="text",
    )


def parse_column(column: Column, series: pd.Series) -> coerce.Parsed:
    """Read one column of the person table by its kind: text cells, or typed values.

    Ids stay text (empty = missing); dates as ``parse_date``
    reads them; letters and reference letters in the column's vocabulary (categorical,
    missing where empty); yes/no cells with an empty cell as *no* (missing where the column
    is :attr:`~integreringslov.tables.persons.Column.unknown_when_empty`); hours as numbers (the
    range is the schema's check). The result's ``invalid`` marks every cell that could not
    be read.
    """
    kind = column.kind
    if kind is Kind.ID:
        return _parse_id(series)
    if kind is Kind.DATE:
        return coerce.parse_date(series)
    if kind in (Kind.LETTER, Kind.REFERENCE):
        return coerce.parse_choice(series, column.vocabulary)
    if kind is Kind.FLAG:
        return coerce.parse_bool(series, empty=None if column.unknown_when_empty else False)
    if kind is Kind.HOURS:
        return coerce.parse_float(series)
    if kind is Kind.MUNICIPALITY:
        return coerce.parse_municipality(series)
    raise ValueError(f"column {column.name!r} is not a column of the person table")


_BIRTH_DATE = next(c for c in PERSON_COLUMNS if c.kind is Kind.DATE and c.required)
"""The birth date: the first required date, which a fødselsnummer may stand in for."""
_ID = next(c for c in PERSON_COLUMNS if c.kind is Kind.ID)


def parse_persons(
    frame: pd.DataFrame, *, source: str | None = None, on: date | None = None
) -> ParsedPersons:
    """Parse a person table (text cells or typed columns) and collect every problem.

    Accepts the columns of the contract; a ``fodselsnummer`` column may replace (or fill
    gaps in) ``birth_date`` — it is read, turned into birth dates and not kept. A carried
    column (``municipality``, :data:`~integreringslov.tables.persons.CARRIED_COLUMNS`) is
    read and checked like the others, and kept after them; the rules do not read it. Other
    columns that are not part of the person table are reported as problems. With ``on``, the
    assessment date, a fødselsnummer whose birth date lies after it is a problem of its row.
    """
    n = len(frame)
    problems: list[Problem] = []
    bad = np.zeros(n, dtype=bool)
    cols = set(frame.columns)
    fnr = FODSELSNUMMER.name
    missing = [
        c for c in REQUIRED_COLUMNS if c not in cols and not (c == _BIRTH_DATE.name and fnr in cols)
    ]
    carried = [c.name for c in CARRIED_COLUMNS]  # read and checked; not read by the rules
    unknown = sorted(str(c) for c in cols - set(INPUT_COLUMNS) - {fnr} - set(carried))
    columns = ", ".join(INPUT_COLUMNS)
    for c, message, expected, check in [
        *((c, "required column {!r} is missing", "the person table's columns: ",
           "column_in_dataframe") for c in missing),
        *((c, "column {!r} is not part of the person table", "only the columns: ",
           "column_in_schema") for c in unknown),
    ]:  # fmt: skip
        problems.append(
            Problem(
                message=message.format(c),
                source=source,
                column=c,
                expected=expected + columns,
                check=check,
            )
        )
    if missing or unknown:
        return ParsedPersons(
            table=pd.DataFrame(index=frame.index),
            problems=tuple(problems),
            bad=np.ones(n, dtype=bool),
            fatal=True,
        )

    out: dict[str, pd.Series] = {}
    for column in (*PERSON_COLUMNS, *CARRIED_COLUMNS):
        if column.name not in cols:
            continue
        parsed = parse_column(column, frame[column.name])
        out[column.name] = parsed.values
        if not parsed.ok:
            problems.extend(parsed.problems(column.name, source=source))
            bad |= parsed.invalid.to_numpy(dtype=bool)
    if fnr in cols:
        born = birth_dates(frame[fnr], on=on)
        if not born.ok:
            problems.extend(born.problems(fnr, source=source))
            bad |= born.invalid.to_numpy(dtype=bool)
        given = out.get(_BIRTH_DATE.name)
        out[_BIRTH_DATE.name] = born.values if given is None else given.fillna(born.values)
        del born

    # cells that must not be empty
    for column in PERSON_COLUMNS:
        if column.empty is not None or column.kind is Kind.FLAG:
            continue
        what = "a pseudonymous id" if column.kind is Kind.ID else "a date"
        if column is _BIRTH_DATE:
            what += f" (or a {fnr} column)"
        empty = out[column.name].isna().to_numpy() & ~bad
        if empty.any():
            problems.extend(
                mask_problems(frame, empty, column.name, f"{column.name} is empty", what, source)
            )
            bad |= empty
    looks_like_fnr = _holds_fnr(out[_ID.name])
    if looks_like_fnr.any():
        problems.extend(
            mask_problems(
                frame,
                looks_like_fnr,
                _ID.name,
                f"{_ID.name} looks like a fødselsnummer; use a pseudonymous id",
                "a pseudonymous id, not eleven digits",
                source,
                values=pd.Series(MASK, index=frame.index),
            )
        )
        bad |= looks_like_fnr
    typed = {c: out[c] for c in (*INPUT_COLUMNS, *carried) if c in out}
    table = pd.DataFrame(typed, index=frame.index, copy=False)  # (not consolidated: no copy)
    problems.sort(key=lambda p: (p.row is None, p.row or 0))
    return ParsedPersons(table=table, problems=tuple(problems), bad=bad, fatal=False)


_EMBEDDED_FNR = re.compile(r"(?<![0-9A-Za-z])\d{6}[ .\-\u00a0]?\d{3} ?\d{2}(?![0-9A-Za-z])")


def _holds_fnr(ids: pd.Series) -> np.ndarray:
    """Where an id is or holds an identity number: never kept, never echoed.

    An id written like one (eleven digits, perhaps with separators or spaces around:
    ``311299.30090``, ``311299 300 90``), valid or not, and an id with a valid one inside,
    set off by other characters than letters and digits (``case-31129930090``; inside a
    UUID's hex a run of digits is not taken for one). Only ids of eleven characters or more
    are looked at, and only those a vectorised pattern finds are checked one by one.
    """
    # Bytes from Arrow's offsets first (a text has at least as many bytes as characters),
    # then the characters of the few that have eleven bytes or more
    counted = byte_lengths(ids)
    if counted is None:
        counted = ids.str.len().to_numpy(dtype=np.float64, na_value=0)
    found = np.zeros(len(ids), dtype=bool)
    long = counted >= 11
    if not long.any():
        return found
    lengths = ids[long].str.len().to_numpy(dtype=np.float64, na_value=0)
    eleven = lengths >= 11
    long[long] = eleven
    if not long.any():
        return found
    some = ids[long]
    short = lengths[eleven] <= 13  # eleven digits and at most two separators or spaces
    hit = np.zeros(len(some), dtype=bool)
    if short.any():
        few = some[short]
        hit[short] = few.str.fullmatch(r"\s*\d{11}\s*").fillna(False).to_numpy(dtype=bool)
        hit[short] |= shaped(few).to_numpy(dtype=bool)
    try:  # Arrow's regular expressions: one pass in C++ over a million ids
        searched = some.astype("string[pyarrow]")
    except (TypeError, ValueError, ImportError):
        searched = some
    # a superset first, in ASCII (a non-ASCII class makes Arrow's engine ten times
    # slower), then the few it finds one by one: set off, and a valid number
    maybe = searched.str.contains(r"[0-9]{6}[ .\-]?[0-9]{3} ?[0-9]{2}", regex=True)
    maybe |= searched.str.contains("\u00a0", regex=False)
    inside = maybe.fillna(False).to_numpy(dtype=bool) & ~hit
    if inside.any():
        hit[inside] = [
            any(redact(m.group()) != m.group() for m in _EMBEDDED_FNR.finditer(v))
            for v in some[inside].tolist()
        ]
    found[long] = hit
    return found


# --------------------------------------------------------------------------- Person ⇄ row


def _cell(value: Any) -> Any:
    """A typed cell as a plain Python value: ``None`` where empty, a ``date`` for a date."""
    if value is None or value is pd.NaT or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, np.generic):
        return value.item()
    return value


def person_from_row(row: Mapping[str, Any]) -> Person:
    """*Person fra en rad* — a :class:`~integreringslov.model.Person` from one row of the table.

    Cells may be text (``"2024-03-01"``, ``"01.03.2024"``, ``"ja"``, ``"37,5"``), typed
    values or empty, and are read as :func:`parse_persons` reads a table; a ``fodselsnummer``
    cell may stand in for ``birth_date`` (it is used and forgotten). Raises
    :class:`~integreringslov.errors.InvalidInputError` with every problem.

    An empty ``reference_letter`` gives no reference person, unless other facts of the
    reference person are given (they are kept, with the letter unknown:
    :attr:`~integreringslov.model.ReferencePerson.letter_known`); ``other`` gives a
    reference person who holds none of the § 9 letters. An empty settlement date gives no
    settlement (not settled).
    """
    (person,) = persons_from_rows([row])
    return person


def persons_from_rows(rows: Iterable[Mapping[str, Any]]) -> list[Person]:
    """:func:`person_from_row` for many rows, read together (one parse for them all).

    Raises :class:`~integreringslov.errors.InvalidInputError` with every problem of every
    row (rows counted from 1).
    """
    listed = list(rows)
    frame = pd.DataFrame.from_records(listed, columns=_columns(listed)).astype(object)
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    parsed = parse_persons(frame)
    if parsed.problems:
        raise InvalidInputError(
            parsed.problems, what="the person row" if len(listed) == 1 else "the person rows"
        )
    present = [c for c in PERSON_COLUMNS if c.name in parsed.table.columns]
    return [
        _person({str(c.attribute): _cell(cells[c.name]) for c in present})
        for cells in parsed.table.to_dict("records")
    ]


def _columns(rows: list[Mapping[str, Any]]) -> list[str]:
    """Every key of the rows, in the order first seen."""
    return list(dict.fromkeys(key for row in rows for key in row))


def _person(at: Mapping[str, Any]) -> Person:
    """A person from typed cells keyed by the attribute path they fill (missing: empty)."""
    cell = {str(c.attribute): at.get(str(c.attribute)) for c in PERSON_COLUMNS}
    letter = cell["permit.reference_person"]
    others = (
        cell["permit.reference_person.permanent"],
        cell["permit.reference_person.settled_date"],
    )
    reference = None
    if letter is not None or any(others):
        reference = ReferencePerson(
            permit_letter=(
                None if letter in (None, REFERENCE_OTHER) else PermitLetter.parse(letter)
            ),
            letter_known=letter is not None,
            permanent=bool(others[0]),
            settled_date=others[1],
        )
    settled = cell["settlement.date"]
    hours = cell["work_hours_per_week"]
    born, granted = cell["birth_date"], cell["permit.granted"]
    if born is None or granted is None:  # pragma: no cover - parse_persons requires both
        raise InvalidInputError([Problem(message="a birth date and a grant date are required")])
    return Person(
        person_id=str(cell["person_id"]),
        birth_date=born,
        permit=ResidencePermit(
            letter=PermitLetter.parse(cell["permit.letter"]),
            granted=granted,
            arrival_date=cell["permit.arrival_date"],
            reference_person=reference,
            reunification_applied=cell["permit.reunification_applied"],
            previous_letter=PermitLetter.parse(cell["permit.previous_letter"]),
            first_granted=cell["permit.first_granted"],
        ),
        settlement=(
            None
            if settled is None
            else Settlement(date=settled, by_agreement=_flag(cell["settlement.by_agreement"]))
        ),
        nordic_or_eea=bool(cell["nordic_or_eea"]),
        decision_date=cell["decision_date"],
        claim_date=cell["claim_date"],
        work_hours_per_week=None if hours is None else float(hours),
    )


def _flag(value: Any) -> bool | None:
    """A typed yes/no cell: ``None`` where it is missing (unknown)."""
    return None if value is None else bool(value)


def _attribute(person: Person, path: str) -> Any:
    """The value at a dotted attribute path; ``None`` once a step is ``None``."""
    value: Any = person
    for step in path.split("."):
        if value is None:
            return None
        value = getattr(value, step)
    return value


def _to_cell(column: Column, value: Any) -> Any:
    """A person's attribute as the column's typed cell (``None`` for empty)."""
    if column.kind is Kind.REFERENCE:
        if value is None or not value.letter_known:
            return None
        return REFERENCE_OTHER if value.permit_letter is None else value.permit_letter.value
    if column.kind is Kind.LETTER:
        return None if value is None else value.value
    if column.kind is Kind.FLAG:
        return None if value is None and column.unknown_when_empty else bool(value)
    return value


def person_to_row(person: Person) -> dict[str, object]:
    """*Rad fra en person* — the person as one row of the person table.

    Typed values (``date``, ``bool``, ``float``, the letters as text), ``None`` for an
    empty cell; every column of the contract, in its order.
    :func:`person_from_row` reads the row back to an equal person.
    """
    return {c.name: _to_cell(c, _attribute(person, str(c.attribute))) for c in PERSON_COLUMNS}
