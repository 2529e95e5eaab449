"""The vectorised twin of :func:`~integreringslov.rules.assess`: a whole person table at once.

:func:`assess_frame` parses the person table of the contract (text or typed columns),
collects every problem at once, decides the :class:`~integreringslov.rules.outcomes.Ground`
of every row with numpy (no Python loop per row), and renders outcomes, basis and reason by
picking among a handful of precomputed strings (categorical columns). A property test
checks that it agrees with the scalar rules on every column.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Literal, overload

import attrs
import numpy as np
import pandas as pd

from integreringslov import coerce
from integreringslov.errors import InvalidInputError, Problem
from integreringslov.fodselsnummer import birth_dates
from integreringslov.law import parameters
from integreringslov.law.timeline import (
    ACT_IN_FORCE,
    KAPITTEL_6A_PERMITS_FROM,
    amendment,
    change_dates,
    require_act_in_force,
)
from integreringslov.model.person import (
    PermitLetter,
    Person,
    ReferencePerson,
    ResidencePermit,
    Settlement,
)
from integreringslov.rules.outcomes import Ground, render

__all__ = [
    "FODSELSNUMMER",
    "INPUT_COLUMNS",
    "OPTIONAL_COLUMNS",
    "OUTPUT_COLUMNS",
    "REQUIRED_COLUMNS",
    "SplitResult",
    "assess_frame",
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
    "reference_settled_date",
    "reunification_applied",
    "decision_date",
    "work_hours_per_week",
)
"""Columns the person table may have; a missing one counts as empty."""
INPUT_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
"""Every column of the person table, in the contract's order."""
OUTPUT_COLUMNS = ("person_id", "regime", "programme", "career_guidance", "basis", "reason")
"""The columns of the assessment output, in the contract's order."""
FODSELSNUMMER = "fodselsnummer"
"""The column that may replace ``birth_date``; dropped as soon as the birth date is derived."""

_DATES = (
    "birth_date",
    "permit_granted",
    "arrival_date",
    "settled_date",
    "reference_settled_date",
    "reunification_applied",
    "decision_date",
)
_LETTERS = "abcdefg"


@attrs.frozen(kw_only=True)
class SplitResult:
    """What :func:`assess_frame` returns with ``errors="split"``.

    Every input row is in exactly one of :attr:`assessed` and :attr:`invalid`; the
    problems say why each invalid row is invalid. Nothing is dropped.
    """

    assessed: pd.DataFrame
    """The output table (contract columns) for the valid rows, indexed as the input."""
    invalid: pd.DataFrame
    """The invalid input rows as given (without any ``fodselsnummer`` column)."""
    problems: tuple[Problem, ...]
    """Every problem found, with row, column, value and expectation."""

    @property
    def ok(self) -> bool:
        """True when every row was valid."""
        return not self.problems


@attrs.frozen(kw_only=True)
class ParsedPersons:
    """The person table parsed into typed columns, with every parsing problem."""

    table: pd.DataFrame
    """Typed columns of the contract (no ``fodselsnummer``), indexed as the input."""
    problems: tuple[Problem, ...]
    """Problems found while parsing (unreadable cells, missing values or columns)."""
    bad: np.ndarray
    """Boolean mask of the rows with at least one problem."""
    fatal: bool
    """True when the whole table is unusable (a required column is missing)."""


def _problem_rows(index: pd.Index, positions: np.ndarray) -> list[int]:
    return [coerce.source_row(index, int(p)) for p in positions]


def _mask_problems(
    frame: pd.DataFrame,
    mask: np.ndarray,
    column: str,
    message: str,
    expected: str,
    source: str | None,
    values: pd.Series | None = None,
) -> list[Problem]:
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


def _parse_letters(series: pd.Series, allowed: str) -> coerce.Parsed:
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


def parse_persons(frame: pd.DataFrame, *, source: str | None = None) -> ParsedPersons:
    """Parse a person table (text cells or typed columns) and collect every problem.

    Accepts the columns of the contract; a ``fodselsnummer`` column may replace (or fill
    gaps in) ``birth_date`` — it is read, turned into birth dates and not kept. Columns
    that are not part of the person table are reported as problems.
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
    for c in missing:
        problems.append(
            Problem(
                message=f"required column {c!r} is missing",
                source=source,
                column=c,
                expected="the person table's columns: " + ", ".join(INPUT_COLUMNS),
                check="column_in_dataframe",
            )
        )
    for c in unknown:
        problems.append(
            Problem(
                message=f"column {c!r} is not part of the person table",
                source=source,
                column=c,
                expected="only the columns: " + ", ".join(INPUT_COLUMNS),
                check="column_in_schema",
            )
        )
    if missing or unknown:
        return ParsedPersons(
            table=pd.DataFrame(index=frame.index),
            problems=tuple(problems),
            bad=np.ones(n, dtype=bool),
            fatal=True,
        )

    def column(name: str) -> pd.Series:
        if name in cols:
            return frame[name]
        return pd.Series("", index=frame.index, dtype=object)

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
    no_date = pd.Series(np.full(n, np.datetime64("NaT"), dtype="M8[us]"), index=frame.index)
    for name in _DATES:
        if name == "birth_date" and "birth_date" not in cols:
            continue
        if name in cols:
            take(name, coerce.parse_date(frame[name]))
        else:
            out[name] = no_date
    if FODSELSNUMMER in cols:
        fnr = birth_dates(frame[FODSELSNUMMER])
        if not fnr.ok:
            problems.extend(fnr.problems(FODSELSNUMMER, source=source))
            bad |= fnr.invalid.to_numpy(dtype=bool)
        if "birth_date" in out:
            out["birth_date"] = out["birth_date"].fillna(fnr.values)
        else:
            out["birth_date"] = fnr.values
        del fnr
    take("permit_letter", _parse_letters(column("permit_letter"), _LETTERS))
    take("reference_letter", _parse_letters(column("reference_letter"), _LETTERS[:5]))
    for name in ("settled_by_agreement", "nordic_or_eea"):
        take(name, coerce.parse_bool(column(name)))
    if "work_hours_per_week" in cols:
        take("work_hours_per_week", coerce.parse_float(frame["work_hours_per_week"]))
    else:
        out["work_hours_per_week"] = pd.Series(np.nan, index=frame.index)

    # required values
    for name, what in (
        ("person_id", "a pseudonymous id"),
        ("birth_date", "a date (or a fodselsnummer column)"),
        ("permit_granted", "a date"),
    ):
        empty = out[name].isna().to_numpy() & ~bad
        if empty.any():
            problems.extend(
                _mask_problems(frame, empty, name, f"{name} is empty", what, source, None)
            )
            bad |= empty
    pid_text = out["person_id"]
    looks_like_fnr = pid_len == 11
    if looks_like_fnr.any():
        looks_like_fnr = looks_like_fnr & pid_text.str.fullmatch(r"\d{11}").fillna(False).to_numpy(
            dtype=bool
        )
        problems.extend(
            _mask_problems(
                frame,
                looks_like_fnr,
                "person_id",
                "person_id looks like a fødselsnummer; use a pseudonymous id",
                "a pseudonymous id, not eleven digits",
                source,
            )
        )
        bad |= looks_like_fnr
    table = pd.DataFrame({c: out[c] for c in INPUT_COLUMNS}, index=frame.index)
    problems.sort(key=lambda p: (p.row is None, p.row or 0))
    return ParsedPersons(table=table, problems=tuple(problems), bad=bad, fatal=False)


_LUT_START = np.datetime64("1800-01-01", "D")
_LUT_END = np.datetime64("2200-01-01", "D")


def _civil(days: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 as ``yyyymmdd`` integers (H. Hinnant's civil-from-days)."""
    z = days.astype(np.int64) + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 - 12 * (mp >= 10)
    year = yoe + era * 400 + (month <= 2)
    return np.asarray(year * 10000 + month * 100 + day, dtype=np.int64)


_LUT = _civil(np.arange(_LUT_START, _LUT_END).astype(np.int64))


def _ymd(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """A datetime64 series as ``yyyymmdd`` int64 (0 where NaT) and its NaT mask.

    Integers in this form order like the dates, and whole calendar years between two of
    them are ``(b - a) // 10000`` — the same as ``eligibility.full_years``.
    """
    days = series.to_numpy().astype("M8[D]")
    nat = np.isnat(days)
    if nat.all():
        return np.zeros(len(days), dtype=np.int64), nat
    offset = (days - _LUT_START).astype(np.int64)
    inside = ~nat & (offset >= 0) & (offset < len(_LUT))
    out = np.zeros(len(days), dtype=np.int64)
    out[inside] = _LUT[offset[inside]]
    outside = ~nat & ~inside
    if outside.any():
        out[outside] = _civil(days[outside].astype(np.int64))
    return out, nat


def _int_date(d: date) -> int:
    return d.year * 10000 + d.month * 100 + d.day


def _breaks() -> np.ndarray:
    """Every date on which the rendered law can change, from the act's entry into force."""
    dates = {ACT_IN_FORCE, *change_dates()}
    for p in parameters().values():
        for v in p.values:
            dates.add(v.valid_from)
            if v.valid_to is not None:
                dates.add(v.valid_to)
    return np.array(sorted(d for d in dates if d >= ACT_IN_FORCE), dtype="M8[D]")


def _param(name: str, starts: list[date]) -> np.ndarray:
    """The parameter's value at each period start, NaN where it has none."""
    p = parameters()[name]
    out = np.full(len(starts), np.nan)
    for i, s in enumerate(starts):
        for v in p.values:
            if v.covers(s):
                out[i] = float(v.value)  # type: ignore[arg-type]
    return out


def _grounds(
    t: pd.DataFrame, on: date, ymd: dict[str, tuple[np.ndarray, np.ndarray]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Decide the ground of every row; returns (ground, letter code, period index)."""
    on_i = _int_date(on)
    act = _int_date(ACT_IN_FORCE)
    birth, _ = ymd["birth_date"]
    granted, _ = ymd["permit_granted"]
    arrival, no_arrival = ymd["arrival_date"]
    settled, no_settled = ymd["settled_date"]
    ref_settled, _ = ymd["reference_settled_date"]
    applied, _ = ymd["reunification_applied"]
    decision, no_decision = ymd["decision_date"]
    d = np.where(no_decision, on_i, decision)

    letter = _letter_codes(t["permit_letter"])
    ref_letter = t["reference_letter"].notna().to_numpy()

    breaks = _breaks()
    starts = [b.astype(date) for b in breaks]
    break_ints = np.array([_int_date(b) for b in starts], dtype=np.int64)
    if no_decision.all():  # every row is judged on ``on``: one period
        first = max(int(np.searchsorted(break_ints, on_i, side="right")) - 1, 0)
        period = np.full(len(d), first, dtype=np.int64)
    else:
        period = np.clip(np.searchsorted(break_ints, d, side="right") - 1, 0, len(breaks) - 1)
    age_min = _param("programme.age_min", starts)[period]
    age_max = _param("programme.age_max", starts)[period]
    years = _param("programme.years_in_municipality", starts)[period]
    ref_years = _param("programme.reference_person_years", starts)[period]
    hours_limit = _param("programme.work_hours_exemption", starts)
    work_rule = np.array([amendment("work-30-hours").covers(s) for s in starts])
    chapter_6a = np.array([amendment("kapittel-6a").covers(s) for s in starts])

    intl = (granted >= act) | (~no_arrival & (arrival >= act))
    nordic = t["nordic_or_eea"].to_numpy(dtype=bool, na_value=False)
    agreement = t["settled_by_agreement"].to_numpy(dtype=bool, na_value=False)
    not_settled = no_settled | (settled > on_i)

    age = (granted - birth) // 10000
    years_settled = (d - settled) // 10000
    years_with_permit = (d - np.maximum(settled, granted)) // 10000
    five = (applied - ref_settled) // 10000

    is_f = letter == 6
    family_other = is_f & (~ref_letter | (five >= ref_years))
    over = age > age_max
    no_agreement = (letter >= 1) & (letter <= 5) & ~agreement
    may = over | family_other | no_agreement
    hours = t["work_hours_per_week"].to_numpy(dtype=np.float64, na_value=np.nan)
    with np.errstate(invalid="ignore"):
        working = work_rule[period] & (hours >= hours_limit[period])
    kap6a = (letter == 5) & (granted >= _int_date(KAPITTEL_6A_PERMITS_FROM)) & chapter_6a[period]
    ground = np.select(
        [
            ~intl,
            nordic,
            letter == 0,
            not_settled,
            age < age_min,
            may & (years_settled >= years),
            over,
            family_other & ~ref_letter,
            family_other,
            no_agreement,
            years_with_permit >= years,
            working,
            kap6a,
        ],
        [
            Ground.INTRODUKSJONSLOVEN,
            Ground.NORDIC_EEA,
            Ground.NO_SECTION_9_PERMIT,
            Ground.NOT_SETTLED,
            Ground.UNDER_AGE,
            Ground.TWO_YEARS_MAY_OFFER,
            Ground.OVER_AGE,
            Ground.FAMILY_OTHER,
            Ground.FAMILY_FIVE_YEARS,
            Ground.NO_AGREEMENT,
            Ground.TWO_YEARS,
            Ground.WORK_HOURS,
            Ground.KAPITTEL_6A,
        ],
        default=Ground.RIGHT_AND_DUTY,
    )
    return ground.astype(np.int64), letter, period


def _letter_codes(letters: pd.Series) -> np.ndarray:
    """Permit letters as 0 (none) and 1–7 (a–g)."""
    codes = pd.Categorical(letters, categories=list(_LETTERS)).codes
    return codes.astype(np.int64) + 1


def _checks(
    t: pd.DataFrame,
    frame: pd.DataFrame,
    on: date,
    bad: np.ndarray,
    source: str | None,
    ymd: dict[str, tuple[np.ndarray, np.ndarray]],
) -> list[Problem]:
    """The on-dependent and cross-column checks (the same as ``check_person``)."""
    on_i = _int_date(on)
    act = _int_date(ACT_IN_FORCE)
    birth, no_birth = ymd["birth_date"]
    granted, no_granted = ymd["permit_granted"]
    arrival, no_arrival = ymd["arrival_date"]
    settled, no_settled = ymd["settled_date"]
    decision, no_decision = ymd["decision_date"]
    known = ~no_birth & ~no_granted
    ok = ~bad
    out: list[Problem] = []

    def check(mask: np.ndarray, column: str, message: str, expected: str) -> None:
        mask = mask & ok
        if mask.any():
            out.extend(_mask_problems(frame, mask, column, message, expected, source, t[column]))
            bad[mask] = True

    check(
        known & (granted > on_i),
        "permit_granted",
        "the permit is granted after the assessment date",
        f"a date on or before {on.isoformat()}",
    )
    check(known & (granted < birth), "permit_granted", "granted before birth", "a date after birth")
    check(
        known & ~no_settled & (settled < birth),
        "settled_date",
        "settled before birth",
        "a date on or after birth",
    )
    check(
        known & ~no_decision & (decision < granted),
        "decision_date",
        "the § 12 decision is before the permit was granted",
        "a date on or after permit_granted",
    )
    is_f_with_ref = (t["permit_letter"] == "f").to_numpy(dtype=bool, na_value=False) & t[
        "reference_letter"
    ].notna().to_numpy()
    if is_f_with_ref.any():
        check(
            is_f_with_ref & ymd["reference_settled_date"][1],
            "reference_settled_date",
            "letter f needs the reference person's settlement date",
            "a date",
        )
        check(
            is_f_with_ref & ymd["reunification_applied"][1],
            "reunification_applied",
            "letter f needs the date family reunification was applied for",
            "a date",
        )
    hours = t["work_hours_per_week"].to_numpy(dtype=np.float64, na_value=np.nan)
    with np.errstate(invalid="ignore"):
        check((hours < 0) | (hours > 168), "work_hours_per_week", "impossible hours", "0 to 168")
    intl = (granted >= act) | (~no_arrival & (arrival >= act))
    check(
        known & intl & ~no_decision & (decision < act),
        "decision_date",
        "a § 12 decision under integreringsloven cannot precede the act",
        f"a date on or after {ACT_IN_FORCE.isoformat()}",
    )
    return out


def _render_columns(
    ground: np.ndarray, letter: np.ndarray, period: np.ndarray, index: pd.Index
) -> dict[str, Any]:
    """Pick each row's strings among the precomputed renderings of (ground, letter, period)."""
    breaks = _breaks()
    n_p = len(breaks)
    key = (ground * 8 + letter) * n_p + period
    size = len(Ground) * 8 * n_p
    present = np.flatnonzero(np.bincount(key, minlength=size)) if len(key) else np.array([])
    fields = ("regime", "programme", "career_guidance", "basis", "reason")
    cats: dict[str, dict[str, int]] = {f: {} for f in fields}
    luts = {f: np.zeros(size, dtype=np.int32) for f in fields}
    for k in present:
        g, rest = divmod(int(k), 8 * n_p)
        li, pi = divmod(rest, n_p)
        r = render(Ground(g), _LETTERS[li - 1] if li else None, breaks[pi].astype(date))
        values = {
            "regime": r.regime.value,
            "programme": r.programme.value,
            "career_guidance": r.career_guidance.value,
            "basis": r.basis,
            "reason": r.reason,
        }
        for f in fields:
            luts[f][k] = cats[f].setdefault(values[f], len(cats[f]))
    return {
        f: pd.Categorical.from_codes(np.asarray(luts[f][key]), categories=pd.Index(list(cats[f])))
        for f in fields
    }


@overload
def assess_frame(
    persons: pd.DataFrame,
    *,
    on: date,
    errors: Literal["raise"] = "raise",
    source: str | None = None,
) -> pd.DataFrame: ...


@overload
def assess_frame(
    persons: pd.DataFrame,
    *,
    on: date,
    errors: Literal["split"],
    source: str | None = None,
) -> SplitResult: ...


def assess_frame(
    persons: pd.DataFrame,
    *,
    on: date,
    errors: Literal["raise", "split"] = "raise",
    source: str | None = None,
) -> pd.DataFrame | SplitResult:
    """Assess every person of a person table on ``on``, vectorised.

    ``persons`` has the columns of the contract's person table, as text (from CSV) or
    typed. Returns a DataFrame with exactly the contract's output columns
    (``person_id, regime, programme, career_guidance, basis, reason``; the last five as
    categoricals), one row per person, indexed as the input.

    Every problem (missing or unknown columns, unreadable cells, impossible dates, missing
    letter-f data) is collected at once. With ``errors="raise"`` (default) they are raised
    together as :class:`~integreringslov.errors.InvalidInputError`; with
    ``errors="split"`` the valid rows are assessed and a :class:`SplitResult` returns them
    with the invalid rows and the problems. A date before 2021-01-01 raises
    :class:`~integreringslov.errors.NotInForceError`.
    """
    require_act_in_force(on, what="an assessment")
    if errors not in ("raise", "split"):
        raise ValueError(f"errors must be 'raise' or 'split', not {errors!r}")
    parsed = parse_persons(persons, source=source)
    problems = list(parsed.problems)
    bad = parsed.bad.copy()
    ymd: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    if not parsed.fatal:
        ymd = {name: _ymd(parsed.table[name]) for name in _DATES}
        problems += _checks(parsed.table, persons, on, bad, source, ymd)
        problems.sort(key=lambda p: (p.row is None, p.row or 0))
    if problems and errors == "raise":
        raise InvalidInputError(problems, what=source or "the person table")
    table = parsed.table
    if bad.any() and not parsed.fatal:
        keep = ~bad
        table = table.loc[keep]
        ymd = {k: (v[keep], m[keep]) for k, (v, m) in ymd.items()}
    if parsed.fatal:
        assessed = pd.DataFrame({c: pd.Series(dtype=object) for c in OUTPUT_COLUMNS})
    else:
        ground, letter, period = _grounds(table, on, ymd)
        cols = _render_columns(ground, letter, period, table.index)
        assessed = pd.DataFrame(
            {"person_id": table["person_id"], **cols},
            index=table.index,
        )[list(OUTPUT_COLUMNS)]
    if errors == "raise":
        return assessed
    invalid = persons.loc[bad].drop(columns=[FODSELSNUMMER], errors="ignore")
    return SplitResult(assessed=assessed, invalid=invalid, problems=tuple(problems))


def _opt(value: Any) -> Any:
    return None if value is None or pd.isna(value) else value


def _day(value: Any) -> date | None:
    v = _opt(value)
    return None if v is None else pd.Timestamp(v).date()


def person_from_row(row: Mapping[str, Any]) -> Person:
    """Build a :class:`~integreringslov.model.Person` from one person-table row.

    Parses with the same helpers as :func:`assess_frame`; raises
    :class:`~integreringslov.errors.InvalidInputError` with every problem.
    """
    frame = pd.DataFrame({k: [v] for k, v in row.items()}, dtype=object)
    frame.index = pd.RangeIndex(1, 2)
    parsed = parse_persons(frame)
    if parsed.problems:
        raise InvalidInputError(parsed.problems, what="the person row")
    r = parsed.table.iloc[0]
    letter = PermitLetter.parse(_opt(r["permit_letter"]))
    ref_letter = PermitLetter.parse(_opt(r["reference_letter"]))
    settled = _day(r["settled_date"])
    reference = None
    if letter is PermitLetter.F:
        reference = ReferencePerson(
            permit_letter=ref_letter, settled_date=_day(r["reference_settled_date"])
        )
    hours = _opt(r["work_hours_per_week"])
    birth = _day(r["birth_date"])
    granted = _day(r["permit_granted"])
    if birth is None or granted is None:  # pragma: no cover - parse_persons requires both
        raise InvalidInputError([Problem(message="birth_date and permit_granted are required")])
    return Person(
        person_id=str(r["person_id"]),
        birth_date=birth,
        permit=ResidencePermit(
            letter=letter,
            granted=granted,
            arrival_date=_day(r["arrival_date"]),
            reference_person=reference,
            reunification_applied=_day(r["reunification_applied"]),
        ),
        settlement=(
            None
            if settled is None
            else Settlement(date=settled, by_agreement=bool(r["settled_by_agreement"]))
        ),
        nordic_or_eea=bool(r["nordic_or_eea"]),
        decision_date=_day(r["decision_date"]),
        work_hours_per_week=None if hours is None else float(hours),
    )
