"""The person table as rows: its columns, parsing text cells, and one row as a :class:`Person`.

The person table is the contract's input of ``assess_frame`` and ``integreringslov assess``.
:func:`parse_persons` turns text cells (from CSV) or typed columns into typed columns and
collects every unreadable cell at once; :func:`person_from_row` builds one
:class:`~integreringslov.model.Person` from a row with the same parser. This module knows
nothing of the rules that read the table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import attrs
import numpy as np
import pandas as pd

from integreringslov.errors import InvalidInputError, Problem
from integreringslov.model.person import (
    PermitLetter,
    Person,
    ReferencePerson,
    ResidencePermit,
    Settlement,
)
from integreringslov.tables import _coerce as coerce
from integreringslov.tables._fodselsnummer import birth_dates

__all__ = [
    "DATE_COLUMNS",
    "FODSELSNUMMER",
    "INPUT_COLUMNS",
    "LETTERS",
    "OPTIONAL_COLUMNS",
    "OUTPUT_COLUMNS",
    "REFERENCE_CODES",
    "REFERENCE_OTHER",
    "REQUIRED_COLUMNS",
    "ParsedPersons",
    "mask_problems",
    "parse_persons",
    "person_from_row",
]

REQUIRED_COLUMNS = (
    "person_id",
    "birth_date",
    "permit_letter",
    "permit_granted",
    "settled_by_agreement",
    "nordic_or_eea",
)
"""Columns the person table must have (``fodselsnummer`` may replace ``birth_date``)."""
OPTIONAL_COLUMNS = (
    "arrival_date",
    "settled_date",
    "reference_letter",
    "reference_permanent",
    "reference_settled_date",
    "reunification_applied",
    "decision_date",
    "work_hours_per_week",
    "previous_permit_letter",
    "first_permit_granted",
    "claim_date",
)
"""Columns the person table may have; a missing one counts as empty (see the contract)."""
INPUT_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
"""Every column of the person table, in the contract's order."""
OUTPUT_COLUMNS = ("person_id", "regime", "programme", "career_guidance", "basis", "reason")
"""The columns of the assessment output, in the contract's order."""
FODSELSNUMMER = "fodselsnummer"
"""The column that may replace ``birth_date``; dropped as soon as the birth date is derived."""

DATE_COLUMNS = (
    "birth_date",
    "permit_granted",
    "arrival_date",
    "settled_date",
    "reference_settled_date",
    "reunification_applied",
    "decision_date",
    "first_permit_granted",
    "claim_date",
)
"""The date columns of the person table."""
LETTERS: tuple[str, ...] = tuple("abcdefg")
"""The letters of integreringsloven § 9 første ledd, as written in the table."""
REFERENCE_OTHER = "other"
"""``reference_letter`` value: the reference person holds none of the § 9 letters a–g."""
REFERENCE_CODES: tuple[str, ...] = (*LETTERS, REFERENCE_OTHER)
"""The values of ``reference_letter`` (empty = unknown)."""


@attrs.frozen(kw_only=True)
class ParsedPersons:
    """The person table parsed into typed columns, with every parsing problem."""

    table: pd.DataFrame
    """The input's columns of the contract, typed (no ``fodselsnummer``; an absent optional
    column stays absent: it is empty), indexed as the input."""
    problems: tuple[Problem, ...]
    """Problems found while parsing (unreadable cells, missing values or columns)."""
    bad: np.ndarray
    """Boolean mask of the rows with at least one problem."""
    fatal: bool
    """True when the whole table is unusable (a required column is missing)."""


def _problem_rows(index: pd.Index, positions: np.ndarray) -> list[int]:
    return [coerce.source_row(index, int(p)) for p in positions]


def mask_problems(
    frame: pd.DataFrame,
    mask: np.ndarray,
    column: str,
    message: str,
    expected: str,
    source: str | None,
    values: pd.Series | None = None,
) -> list[Problem]:
    """One :class:`Problem` per true row of ``mask``, with the row as the user counts it."""
    positions = np.flatnonzero(mask)
    rows = _problem_rows(frame.index, positions)
    vals = values if values is not None else frame.get(column)
    out = []
    for pos, row in zip(positions, rows, strict=True):
        value = None if vals is None else vals.iloc[int(pos)]
        text = None if value is None or (isinstance(value, float) and np.isnan(value)) else value
        out.append(
            Problem(
                message=message,
                source=source,
                row=row,
                column=column,
                value=None if text is None or text is pd.NaT else str(text),
                expected=expected,
                check=column,
            )
        )
    return out


def _parse_letters(series: pd.Series, allowed: Sequence[str]) -> coerce.Parsed:
    """Like :func:`coerce.parse_choice`, but factorised: categorical values, fast on 1M rows."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    normal = pd.Index(uniques).astype("str").str.strip().str.lower()
    valid_u = normal.isin(list(allowed)) | (normal == "")
    cat_codes = np.full(len(uniques) + 1, -1, dtype=np.int64)
    lookup = {c: i for i, c in enumerate(allowed)}
    for i, v in enumerate(normal):
        cat_codes[i] = lookup.get(v, -1)
    values = pd.Series(
        pd.Categorical.from_codes(cat_codes[codes], categories=pd.Index(list(allowed))),
        index=series.index,
    )
    invalid_u = np.append(~np.asarray(valid_u, dtype=bool), False)
    invalid = pd.Series(invalid_u[codes], index=series.index)
    return coerce.Parsed(
        values=values,
        invalid=invalid,
        original=series,
        expected="one of " + ", ".join(allowed) + " (or empty)",
        what="a code",
        kind="choice",
    )


def parse_persons(
    frame: pd.DataFrame, *, source: str | None = None, on: date | None = None
) -> ParsedPersons:
    """Parse a person table (text cells or typed columns) and collect every problem.

    Accepts the columns of the contract; a ``fodselsnummer`` column may replace (or fill
    gaps in) ``birth_date`` — it is read, turned into birth dates and not kept. Columns
    that are not part of the person table are reported as problems. With ``on``, the
    assessment date, a fødselsnummer whose birth date lies after it is a problem of its row.
    """
    n = len(frame)
    problems: list[Problem] = []
    bad = np.zeros(n, dtype=bool)
    cols = set(frame.columns)
    missing = [
        c
        for c in REQUIRED_COLUMNS
        if c not in cols and not (c == "birth_date" and FODSELSNUMMER in cols)
    ]
    unknown = sorted(str(c) for c in cols - set(INPUT_COLUMNS) - {FODSELSNUMMER})
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

    def take(name: str, parsed: coerce.Parsed) -> None:
        nonlocal bad
        out[name] = parsed.values
        if not parsed.ok:
            problems.extend(parsed.problems(name, source=source))
            bad |= parsed.invalid.to_numpy(dtype=bool)

    pid = frame["person_id"]
    if not pd.api.types.is_string_dtype(pid.dtype):
        pid = pid.astype("str").where(pid.notna(), np.nan)
    stripped_len = pid.str.strip().str.len().to_numpy(dtype=np.float64, na_value=np.nan)
    pid_empty = ~(stripped_len > 0)
    out["person_id"] = pid.where(~pid_empty, np.nan) if pid_empty.any() else pid
    pid_len = pid.str.len().to_numpy(dtype=np.float64, na_value=np.nan)
    for name in DATE_COLUMNS:
        if name in cols:
            take(name, coerce.parse_date(frame[name]))
    if FODSELSNUMMER in cols:
        fnr = birth_dates(frame[FODSELSNUMMER], on=on)
        if not fnr.ok:
            problems.extend(fnr.problems(FODSELSNUMMER, source=source))
            bad |= fnr.invalid.to_numpy(dtype=bool)
        if "birth_date" in out:
            out["birth_date"] = out["birth_date"].fillna(fnr.values)
        else:
            out["birth_date"] = fnr.values
        del fnr
    for name, vocabulary in (
        ("permit_letter", LETTERS),
        ("previous_permit_letter", LETTERS),
        ("reference_letter", REFERENCE_CODES),
    ):
        if name in cols:
            take(name, _parse_letters(frame[name], vocabulary))
    for name in ("settled_by_agreement", "nordic_or_eea", "reference_permanent"):
        if name in cols:
            take(name, coerce.parse_bool(frame[name]))
    if "work_hours_per_week" in cols:
        take("work_hours_per_week", coerce.parse_float(frame["work_hours_per_week"]))

    # required values
    for name, what in (
        ("person_id", "a pseudonymous id"),
        ("birth_date", "a date (or a fodselsnummer column)"),
        ("permit_granted", "a date"),
    ):
        empty = out[name].isna().to_numpy() & ~bad
        if empty.any():
            problems.extend(
                mask_problems(frame, empty, name, f"{name} is empty", what, source, None)
            )
            bad |= empty
    pid_text = out["person_id"]
    looks_like_fnr = pid_len == 11
    if looks_like_fnr.any():
        looks_like_fnr = looks_like_fnr & pid_text.str.fullmatch(r"\d{11}").fillna(False).to_numpy(
            dtype=bool
        )
        problems.extend(
            mask_problems(
                frame,
                looks_like_fnr,
                "person_id",
                "person_id looks like a fødselsnummer; use a pseudonymous id",
                "a pseudonymous id, not eleven digits",
                source,
            )
        )
        bad |= looks_like_fnr
    table = pd.DataFrame({c: out[c] for c in INPUT_COLUMNS if c in out}, index=frame.index)
    problems.sort(key=lambda p: (p.row is None, p.row or 0))
    return ParsedPersons(table=table, problems=tuple(problems), bad=bad, fatal=False)


def _opt(value: Any) -> Any:
    return None if value is None or pd.isna(value) else value


def _day(value: Any) -> date | None:
    v = _opt(value)
    return None if v is None else pd.Timestamp(v).date()


def person_from_row(row: Mapping[str, Any]) -> Person:
    """Build a :class:`~integreringslov.model.Person` from one person-table row.

    Parses with the same helpers as the table path; raises
    :class:`~integreringslov.errors.InvalidInputError` with every problem. An empty
    ``reference_letter`` gives no reference person (unknown); ``other`` gives a reference
    person who holds none of the § 9 letters.
    """
    frame = pd.DataFrame({k: [v] for k, v in row.items()}, dtype=object)
    frame.index = pd.RangeIndex(1, 2)
    parsed = parse_persons(frame)
    if parsed.problems:
        raise InvalidInputError(parsed.problems, what="the person row")
    r = parsed.table.iloc[0].reindex(list(INPUT_COLUMNS))
    ref_code = _opt(r["reference_letter"])
    reference = None
    if ref_code is not None:
        reference = ReferencePerson(
            permit_letter=None if ref_code == REFERENCE_OTHER else PermitLetter.parse(ref_code),
            permanent=bool(_opt(r["reference_permanent"])),
            settled_date=_day(r["reference_settled_date"]),
        )
    hours = _opt(r["work_hours_per_week"])
    birth = _day(r["birth_date"])
    granted = _day(r["permit_granted"])
    if birth is None or granted is None:  # pragma: no cover - parse_persons requires both
        raise InvalidInputError([Problem(message="birth_date and permit_granted are required")])
    settled = _day(r["settled_date"])
    return Person(
        person_id=str(r["person_id"]),
        birth_date=birth,
        permit=ResidencePermit(
            letter=PermitLetter.parse(_opt(r["permit_letter"])),
            granted=granted,
            arrival_date=_day(r["arrival_date"]),
            reference_person=reference,
            reunification_applied=_day(r["reunification_applied"]),
            previous_letter=PermitLetter.parse(_opt(r["previous_permit_letter"])),
            first_granted=_day(r["first_permit_granted"]),
        ),
        settlement=(
            None
            if settled is None
            else Settlement(date=settled, by_agreement=bool(r["settled_by_agreement"]))
        ),
        nordic_or_eea=bool(r["nordic_or_eea"]),
        decision_date=_day(r["decision_date"]),
        claim_date=_day(r["claim_date"]),
        work_hours_per_week=None if hours is None else float(hours),
    )
