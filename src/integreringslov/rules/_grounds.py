"""The rules of §§ 8, 9, 11, 52 and kapittel 6A, each written once, for a whole table.

Every dated rule is one vectorised predicate over the columns of the person table
(:class:`Facts`), read in the order the law reads: the regime (§ 51, from 2022-08-01
§ 52), the exclusions, the target group of § 8 første ledd with its exceptions, then
kapittel 6A and integreringsforskriften § 43h. :func:`decide` returns the
:class:`~integreringslov.rules.Ground` of every row; the single person of
:func:`~integreringslov.rules.assess` is a one-row table through the same function.
An amendment is one edit here (or in ``law/data/parameters.toml`` when only a number
moves) plus its law cases in ``tests/law_cases/``.

Dates are ``yyyymmdd`` integers (int32, 0 = empty): they order like the dates, and whole
calendar years between two of them are ``(b - a) // 10000`` — the anniversary itself no
longer counts, and the anniversary of 29 February in a common year is 1 March.

The § 8 conditions are judged on the date of the § 12 decision (``decision_date``), or on
the assessment date when none is given; that date also decides which version of the law
applies (kapittel 6A, the 2023 presiseringer, the 30-hour rule).

.. note::
   Interpretation choices (each can be challenged; they are listed in the docs too):

   1. § 8 første ledd tredje punktum counts time «i en kommune med en oppholdstillatelse
      nevnt i § 9», so for the første-ledd group the two years run from the later of the
      settlement date and the grant of the *first* § 9 permit (``first_permit_granted``
      when given, else ``permit_granted``): a person who moves from letter f to a, or e to
      a, gets no fresh two years. § 8 tredje ledd andre punktum says only «bodd i en
      kommune», so for the tredje-ledd groups they run from the settlement date.
   2. Kapittel 6A (§ 37 c in its 2022–2025 wording: «rett, men ikke plikt … For øvrig
      gjelder §§ 8 og 9») turns *rett og plikt* into *rett* for those who would otherwise
      be in § 8 første ledd, for § 12 decisions from 2022-06-15 to 2025-12-31. The § 37 c
      of LOV-2025-06-20-35 (2026-01-01 to 2026-06-30) says only that samfunnskunnskap is
      not part of the programme, so the ordinary § 8 første ledd / § 9 bokstav e outcome
      applies then. § 37 b tredje ledd gives career guidance as a right to the same
      persons (read with § 11 første ledd) until the chapter is repealed on 2026-07-01.
   3. The 2024 § 37 c første ledd tredje punktum lets the municipality *refuse* a person
      with a job or job offer «på tilnærmet fulltid»; the act gives no number of hours, so
      the outcome stays *right* and the reason tells the caseworker of the discretion.
   4. A family member (utlendingsloven kapittel 6) of someone who holds none of a–e, or
      whose reference person had been settled five years or more, does not hold § 9
      bokstav f: § 8 tredje ledd første punktum (*may offer*), and the basis cites no
      letter. A reference person whose permit is now permanent, granted on the basis of
      a–e, counts from 2023-08-01 (§ 9 andre ledd) and not before.
   5. The 30-hour rule's proviso («Første ledd gjelder likevel dersom arbeidsforholdet
      opphører … innen fristen») needs the end of the job, which the person table does not
      hold; the hours on the decision date decide.
   6. A person not yet settled on the assessment date is *not covered (yet)*, even under
      kapittel 6A, whose § 37 c kept § 8's «bosatt i kommunen».
   7. Integreringsforskriften § 43h (2026-01-01 to 2026-06-30) applies on the assessment
      date to a person whose previous permit was letter e, whose § 12 decision was taken
      under kapittel 6A before the current permit was granted: no new rights or duties,
      but the right to complete the programme (*right*).
   8. ``claim_date`` does not change an outcome: it adds § 12 andre ledd (decision and
      start within three months of the claim) to the basis of a *right* outcome.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from datetime import date

import attrs
import numpy as np
import pandas as pd

from integreringslov.law import parameters
from integreringslov.law._reforms import Reform
from integreringslov.law._timeline import (
    ACT_IN_FORCE,
    KAPITTEL_6A_PERMITS_FROM,
    amendment,
    change_dates,
)
from integreringslov.model._person import Person
from integreringslov.rules._outcomes import Ground, GuidanceOutcome, ProgrammeOutcome
from integreringslov.rules._readings import chosen
from integreringslov.rules._records import RECORDS
from integreringslov.tables._coerce import ticks_per_day
from integreringslov.tables._rows import person_to_row
from integreringslov.tables.persons import LETTERS, MAX_HOURS, PERSON_COLUMNS, Column, Kind

__all__ = [
    "AGREEMENT_UNKNOWN",
    "GUIDANCE",
    "MISSING_COLUMNS",
    "PROGRAMME",
    "READ_37B_DEFAULT",
    "READ_37B_EVERY_HOLDER",
    "SECTION_8_GROUNDS",
    "Calendar",
    "Check",
    "Decision",
    "Facts",
    "calendar",
    "checks",
    "decide",
    "int_date",
]

_KAPITTEL_6A_IN_FORCE = amendment("kapittel-6a").in_force or ACT_IN_FORCE
"""Kapittel 6A entered into force (FOR-2022-06-10-994): 2022-06-15."""

A, E, F = (LETTERS.index(letter) + 1 for letter in "aef")
"""Letter codes: 0 = none/unknown, 1–7 = a–g, 8 = ``other`` (reference letter only)."""

MISSING_COLUMNS = (
    "reference_letter",
    "reference_settled_date",
    "reunification_applied",
    "settled_by_agreement",
)
"""The facts an ``undetermined`` row may lack, by bit of :attr:`Decision.missing`."""

AGREEMENT_UNKNOWN = 1 << MISSING_COLUMNS.index("settled_by_agreement")
"""The bit of :attr:`Decision.missing` for an empty ``settled_by_agreement``: the
alternatives are then «settled by agreement» and «not» (else § 9 bokstav f or not)."""

PROGRAMME: dict[Ground, ProgrammeOutcome] = {r.ground: r.programme for r in RECORDS}
"""The programme outcome of each ground (``UNDETERMINED``: see the alternatives)."""

GUIDANCE: dict[Ground, GuidanceOutcome] = {r.ground: r.guidance for r in RECORDS}
"""The career-guidance outcome of each ground (§ 11 første ledd, § 37 b tredje ledd)."""

_DECIDING = tuple((r.condition, int(r.ground)) for r in RECORDS if r.condition is not None)
"""The grounds the rules try, in the law's order; none applies: right and duty."""

SECTION_8_GROUNDS = (
    Ground.UNDER_AGE,
    Ground.TWO_YEARS,
    Ground.TWO_YEARS_MAY_OFFER,
    Ground.OVER_AGE,
    Ground.NO_AGREEMENT,
    Ground.WORK_HOURS,
)
"""The grounds that put a settled § 34 holder outside § 8 første ledd: where the reading of
§ 37 b tredje ledd (``section-37b-guidance``) decides career guidance."""
_SECTION_8_BITS = np.int32(sum(1 << int(g) for g in SECTION_8_GROUNDS))
"""A bit for each ground of :data:`SECTION_8_GROUNDS`."""


def _in_section_8(codes: np.ndarray) -> np.ndarray:
    """Whether each ground code is one of :data:`SECTION_8_GROUNDS` (0, none: no).

    By shifting a bit mask, which the processor does many rows at a time.
    """
    found: np.ndarray = (_SECTION_8_BITS >> codes) & 1 != 0
    return found

READ_37B_DEFAULT = 1
""":attr:`Decision.reading` code: career guidance ``not_covered`` on the default reading of
§ 37 b tredje ledd (only § 34 holders otherwise within § 8 første ledd)."""
READ_37B_EVERY_HOLDER = 2
""":attr:`Decision.reading` code: career guidance a ``right`` on the reading that § 37 b
tredje ledd reaches every § 34 holder."""

_PROGRAMME_CODE = np.array([list(ProgrammeOutcome).index(PROGRAMME[g]) for g in Ground])
_GUIDANCE_CODE = np.array([list(GuidanceOutcome).index(GUIDANCE[g]) for g in Ground])


def int_date(d: date) -> int:
    """A date as a ``yyyymmdd`` integer."""
    return d.year * 10000 + d.month * 100 + d.day


_FACTS = tuple(c for c in PERSON_COLUMNS if c.kind is not Kind.ID)
"""The columns the rules read: every column of the person table but the id."""

_UNKNOWN_FLAGS = tuple(c for c in _FACTS if c.kind is Kind.FLAG and c.unknown_when_empty)
"""The yes/no columns whose empty cell is unknown (``Facts.unknown``)."""


@attrs.frozen(kw_only=True)
class Facts:
    """*Opplysninger* — the person table as arrays the rules read, one element per person.

    ``facts["claim_date"]`` is that column as an array, by its
    :class:`~integreringslov.tables.persons.Kind`: dates are ``yyyymmdd`` integers
    (int32) with 0 for empty; letters are codes (int8) 0 (empty) and 1–7 (a–g), and 8 for
    ``other`` in a reference letter; yes/no as booleans; hours as floats (NaN = none
    recorded). An absent optional column is empty.
    """

    columns: Mapping[str, np.ndarray]
    """Each column of the person table (but the id) by name."""
    size: int
    """The number of persons."""
    unknown: Mapping[str, np.ndarray] = attrs.field(factory=dict)
    """For each yes/no column whose empty cell is unknown: True where it is empty (the
    column itself reads it as *no*)."""

    def __getitem__(self, column: str) -> np.ndarray:
        return self.columns[column]

    def __len__(self) -> int:
        return self.size

    def take(self, which: np.ndarray) -> Facts:
        """The facts of the rows selected by a mask or an index array."""
        columns = {name: values[which] for name, values in self.columns.items()}
        unknown = {name: values[which] for name, values in self.unknown.items()}
        return Facts(columns=columns, size=len(np.arange(self.size)[which]), unknown=unknown)

    @classmethod
    def from_table(cls, table: pd.DataFrame) -> Facts:
        """The facts of a typed person table, as ``parse_persons`` returns it."""
        n = len(table)
        present = set(table.columns)

        def read(column: Column) -> np.ndarray:
            if column.name not in present:
                return _empty(column.kind, n)
            values = table[column.name]
            if column.kind is Kind.DATE:
                return _ymd(values)
            if column.kind is Kind.FLAG:
                return np.asarray(values.to_numpy(dtype=bool, na_value=False))
            if column.kind is Kind.HOURS:
                return values.to_numpy(dtype=np.float64, na_value=np.nan)
            cat = pd.Categorical(values, categories=list(column.vocabulary))
            return np.asarray(cat.codes, dtype=np.int8) + np.int8(1)

        unknown = {
            c.name: (
                np.asarray(table[c.name].isna().to_numpy(dtype=bool))
                if c.name in present
                else np.ones(n, dtype=bool)
            )
            for c in _UNKNOWN_FLAGS
        }
        return cls(columns={c.name: read(c) for c in _FACTS}, size=n, unknown=unknown)

    @classmethod
    def from_person(cls, person: Person) -> Facts:
        """The facts of one person: a one-row table, built without parsing text."""
        row = person_to_row(person)

        def read(column: Column) -> np.ndarray:
            value = row[column.name]
            if column.kind is Kind.FLAG:
                return np.array([bool(value)])
            if value is None:
                return _empty(column.kind, 1)
            if column.kind is Kind.DATE:
                return np.array([int_date(value)], dtype=np.int32)  # type: ignore[arg-type]
            if column.kind is Kind.HOURS:
                return np.array([float(value)])  # type: ignore[arg-type]
            return np.array([column.vocabulary.index(str(value)) + 1], dtype=np.int8)

        unknown = {c.name: np.array([row[c.name] is None]) for c in _UNKNOWN_FLAGS}
        return cls(columns={c.name: read(c) for c in _FACTS}, size=1, unknown=unknown)


def _empty(kind: Kind, n: int) -> np.ndarray:
    """``n`` empty values of a kind: no, NaN hours, 0 for no date (int32) or no letter (int8)."""
    if kind is Kind.FLAG:
        return np.zeros(n, dtype=bool)
    if kind is Kind.HOURS:
        return np.full(n, np.nan)
    return np.zeros(n, dtype=np.int32 if kind is Kind.DATE else np.int8)


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
    return np.asarray(year * 10000 + month * 100 + day, dtype=np.int32)


_LUT = _civil(np.arange(_LUT_START, _LUT_END).astype(np.int64))


_NAT = np.iinfo(np.int64).min
"""NaT's ticks, in any unit."""


def _ymd(series: pd.Series) -> np.ndarray:
    """A datetime64 series as ``yyyymmdd`` int32, 0 where NaT."""
    stamps = series.to_numpy()
    unit = np.datetime_data(stamps.dtype)[0]
    if unit not in ("D", "h", "m", "s", "ms", "us", "ns"):  # pragma: no cover - months, years
        stamps = stamps.astype("M8[D]")
    ticks = stamps.view(np.int64)
    # the day of each stamp by floor division of its ticks (as a cast to days floors it;
    # NaT's ticks fall far before the table)
    days = ticks // ticks_per_day(stamps.dtype)
    offset = days - _LUT_START.astype(np.int64)
    out = _LUT.take(offset, mode="clip")
    # one unsigned comparison finds the days before and after the table, and NaT
    outside = offset.view(np.uint64) >= len(_LUT)
    if outside.any():
        out *= ~outside  # (a product, not a masked copy: many rows at a time)
        dated = outside & (ticks != _NAT)
        if dated.any():
            out[dated] = _civil(days[dated])
    return out


@attrs.frozen(kw_only=True)
class Calendar:
    """The dated law as arrays over periods: one element per period between change dates."""

    starts: tuple[date, ...]
    """First day of each period (every date on which the modelled law changes)."""
    start_ints: np.ndarray
    """The same as ``yyyymmdd`` integers."""
    values: dict[str, np.ndarray]
    """Each numeric parameter and each amendment flag, per period."""


_FLAGS: dict[str, Callable[[date], bool]] = {
    "work_rule": amendment("work-30-hours").covers,
    "chapter_6a": amendment("kapittel-6a").covers,
    "section_37c_right": lambda s: (
        amendment("kapittel-6a").covers(s) and not amendment("section-37c-2026").covers(s)
    ),
    "presiseringer": amendment("presiseringer-2023").covers,
    "refusal_2024": amendment("kapittel-6a-2024").covers,
}


@functools.cache
def calendar(reform: Reform | None = None) -> Calendar:
    """The periods of the modelled law, with parameters and amendment flags per period.

    Under a ``reform`` its parameters replace the law's on every date.
    """
    dates = {ACT_IN_FORCE, *change_dates()}
    for p in parameters().values():
        for v in p.values:
            dates.add(v.valid_from)
            if v.valid_to is not None:
                dates.add(v.valid_to)
    starts = tuple(sorted(d for d in dates if d >= ACT_IN_FORCE))
    values: dict[str, np.ndarray] = {}
    for name in (
        "programme.age_min",
        "programme.age_max",
        "programme.years_in_municipality",
        "programme.reference_person_years",
        "programme.work_hours_exemption",
    ):
        p = parameters()[name]
        values[name] = np.array(
            [next((float(v.value) for v in p.values if v.covers(s)), np.nan) for s in starts]  # type: ignore[arg-type]
        )
        changed = None if reform is None else reform.value(name)
        if changed is not None:
            values[name] = np.full(len(starts), float(changed))
        if np.isfinite(values[name]).all() and (values[name] % 1 == 0).all():
            # whole numbers as int32, the dates' type: an age or a count of years is then
            # compared with them as it is, not first turned into a float for each person
            values[name] = values[name].astype(np.int32)
    for flag, test in _FLAGS.items():
        values[flag] = np.array([test(s) for s in starts], dtype=bool)
    return Calendar(
        starts=starts,
        start_ints=np.array([int_date(s) for s in starts], dtype=np.int64),
        values=values,
    )


@attrs.frozen(kw_only=True)
class Decision:
    """What :func:`decide` found for every row."""

    ground: np.ndarray
    """The deciding :class:`Ground` code of each row."""
    letter: np.ndarray
    """The § 9 letter the basis may cite (0 where the person does not surely hold one)."""
    period: np.ndarray
    """Index into :attr:`Calendar.starts`: the version of the law on the decision date."""
    if_covered: np.ndarray
    """For ``UNDETERMINED`` rows: the ground if § 9 bokstav f covers the person (else 0)."""
    if_not_covered: np.ndarray
    """For ``UNDETERMINED`` rows: the ground if it does not (else 0)."""
    missing: np.ndarray
    """For ``UNDETERMINED`` rows: bits of :data:`MISSING_COLUMNS` that are empty."""
    claim: np.ndarray
    """Whether a ``claim_date`` is given (§ 12 andre ledd)."""
    decided: np.ndarray
    """Whether a § 12 decision was made on or before the assessment date (else ``on``
    stands in for it)."""
    work: np.ndarray
    """Whether the § 37 c (2024) refusal for near full-time work may be open: work is
    recorded, the decision falls under that wording and kapittel 6A is still in force."""
    reading: np.ndarray
    """Where the reading of § 37 b tredje ledd decided career guidance: 0 (nowhere),
    :data:`READ_37B_DEFAULT` or :data:`READ_37B_EVERY_HOLDER`."""
    latest: int
    """The latest date (``yyyymmdd``) the law was applied on, for notes past the sources."""


@attrs.frozen(kw_only=True)
class Check:
    """One impossible-input check: the rows that fail it, and what the user must fix."""

    column: str
    """The column to fix."""
    mask: np.ndarray
    """True for each row that fails."""
    message: str
    """What is wrong."""
    expected: str
    """What was expected."""


def checks(f: Facts) -> list[Check]:
    """Every check that makes an assessment impossible, for every row (on any date).

    Impossible or contradictory dates (granted or settled before birth, a § 12 decision
    before the first § 9 permit, before the settlement or before the act for a person the
    act governs, a first permit after the current one, family reunification applied for
    after the permit it led to), impossible work hours, and a reference person holding
    a–e for a person with no § 9 letter. A date after the assessment date is no problem:
    the person is assessed as things stood on that date (see :func:`decide`).
    """
    act = int_date(ACT_IN_FORCE)
    known = (f["birth_date"] > 0) & (f["permit_granted"] > 0)
    first = _first_permit(f)
    intl = (f["permit_granted"] >= act) | (f["arrival_date"] >= act)
    with np.errstate(invalid="ignore"):
        hours = f["work_hours_per_week"]
        bad_hours = (hours < 0) | (hours > MAX_HOURS)
    return [
        Check(
            column="permit_granted",
            mask=known & (f["permit_granted"] < f["birth_date"]),
            message="granted before birth",
            expected="a date after birth",
        ),
        Check(
            column="settled_date",
            mask=known & (f["settled_date"] > 0) & (f["settled_date"] < f["birth_date"]),
            message="settled before birth",
            expected="a date on or after the birth date",
        ),
        Check(
            column="first_permit_granted",
            mask=known & (f["first_permit_granted"] > f["permit_granted"]),
            message="the first § 9 permit is granted after the current permit",
            expected="a date on or before permit_granted (or empty)",
        ),
        Check(
            column="decision_date",
            mask=known & (f["decision_date"] > 0) & (f["decision_date"] < first),
            message="the § 12 decision is before the (first) permit was granted",
            expected="a date on or after first_permit_granted, or else permit_granted",
        ),
        Check(
            column="decision_date",
            mask=known & intl & (f["decision_date"] > 0) & (f["decision_date"] < act),
            message="a § 12 decision under integreringsloven cannot precede the act",
            expected=f"a date on or after {ACT_IN_FORCE.isoformat()}",
        ),
        Check(
            column="decision_date",
            mask=known
            & (f["decision_date"] > 0)
            & (f["settled_date"] > 0)
            & (f["decision_date"] < f["settled_date"]),
            message="the § 12 decision is before the settlement in the municipality",
            expected="a date on or after settled_date",
        ),
        Check(
            column="reunification_applied",
            mask=known & (f["reunification_applied"] > first),
            message="family reunification is applied for after the (first) permit was granted",
            expected="a date on or before first_permit_granted, or else permit_granted",
        ),
        Check(
            column="work_hours_per_week",
            mask=bad_hours,
            message="impossible hours a week",
            expected=f"0 to {MAX_HOURS}",
        ),
        Check(
            column="reference_letter",
            mask=(f["permit_letter"] == 0)
            & (f["reference_letter"] >= 1)
            & (f["reference_letter"] <= E),
            message="a family member of someone holding a–e holds § 9 letter f, but "
            "permit_letter is empty",
            expected="permit_letter f, or reference_letter f, g, other or empty",
        ),
    ]


def _first_permit(f: Facts) -> np.ndarray:
    """The grant of the first § 9 permit: ``first_permit_granted`` where given."""
    if not f["first_permit_granted"].any():
        return f["permit_granted"]
    return np.where(f["first_permit_granted"] > 0, f["first_permit_granted"], f["permit_granted"])


def decide(
    f: Facts,
    on: date,
    *,
    reform: Reform | None = None,
    readings: Mapping[str, str] | None = None,
) -> Decision:
    """The ground of every row on ``on``: each dated rule of §§ 8–9, 11, 52 and 6A, once.

    Under a ``reform`` (:mod:`~integreringslov.law._reforms`) its parameters replace the
    law's. ``readings`` chooses among the readings of open texts (``rules._readings``);
    the defaults where not given.

    Rows whose outcome turns on a missing family fact (``reference_letter``,
    ``reference_settled_date``, ``reunification_applied``) or on an empty
    ``settled_by_agreement`` are decided under both answers; where the outcomes differ the
    row is ``UNDETERMINED`` and keeps both grounds. A fact that cannot change the outcome
    is never asked for.

    :provision: integreringsloven § 8
    :provision: integreringsloven § 9
    :provision: integreringsloven § 11 første ledd
    :provision: integreringsloven § 37 b
    :provision: integreringsloven § 37 c
    :provision: integreringsloven § 52
    """
    cal = calendar(reform)
    on_i = int_date(on)
    n = len(f)
    # Dates as they were: a decision after ``on`` has not been made yet on ``on``.
    has_decision = (f["decision_date"] > 0) & (f["decision_date"] <= on_i)
    # FOR-2022-06-10-995 § 1 andre ledd: a § 34 holder (permit from 2022-03-11) decided
    # under the ordinary rules before kapittel 6A entered into force gets a new decision
    # under kapittel 6A; from 2022-06-15 the law of that day applies.
    chapter_start = int_date(_KAPITTEL_6A_IN_FORCE)
    redecided = (
        has_decision
        & (f["permit_letter"] == E)
        & (f["permit_granted"] >= int_date(KAPITTEL_6A_PERMITS_FROM))
        & (f["decision_date"] < chapter_start)
        & (on_i >= chapter_start)
    )
    one_period = not has_decision.any()  # every row is judged on ``on``
    d: np.ndarray | int = (
        on_i
        if one_period
        else np.where(redecided, chapter_start, np.where(has_decision, f["decision_date"], on_i))
    )
    if one_period:
        only = max(int(np.searchsorted(cal.start_ints, on_i, side="right")) - 1, 0)
        period = np.full(n, only, dtype=np.int8)  # (a period is one of a few dozen)
    else:
        period = np.clip(
            np.searchsorted(cal.start_ints, d, side="right") - 1, 0, len(cal.starts) - 1
        )

    def at(name: str) -> np.ndarray:
        """The dated value per row (one scalar, broadcast, when there is one period)."""
        values = cal.values[name]
        return values[only] if one_period else values[period]

    is_f = f["permit_letter"] == F
    ref_known = f["reference_letter"] > 0
    ref_ae = ref_known & (f["reference_letter"] <= E)
    presiseringer = at("presiseringer")
    # § 9 første ledd bokstav f, and from 2023-08-01 § 9 andre ledd (a permanent permit
    # granted on the basis of a–e counts as a–e).
    ref_counts = ref_ae & (~f["reference_permanent"] | presiseringer)
    dates_known = (f["reference_settled_date"] > 0) & (f["reunification_applied"] > 0)
    within_five = (f["reunification_applied"] - f["reference_settled_date"]) // 10000 < at(
        "programme.reference_person_years"
    )
    # Dates that already put the reference person's settlement five years or more before
    # the application rule bokstav f out whatever the letter: never ask for it then.
    five_years = dates_known & ~within_five
    family_known = ~is_f | five_years | (ref_known & (~ref_counts | dates_known))
    family_ok = is_f & ref_counts & dates_known & within_five
    unknown = ~family_known

    first = _first_permit(f)
    # § 8 andre ledd andre punktum (2023-08-01): letter a after letter f needs no agreement.
    after_f = (
        (f["permit_letter"] == A) & (f["previous_permit_letter"] == F) & presiseringer
        if f["previous_permit_letter"].any()
        else np.zeros(n, dtype=bool)
    )
    from_6a = f["permit_granted"] >= int_date(KAPITTEL_6A_PERMITS_FROM)
    with np.errstate(invalid="ignore"):
        working = at("work_rule") & (
            f["work_hours_per_week"] >= at("programme.work_hours_exemption")
        )
    v = {
        "not_yet": f["permit_granted"] > on_i,
        "redecided": redecided,
        "intl": (f["permit_granted"] >= int_date(ACT_IN_FORCE))
        | (f["arrival_date"] >= int_date(ACT_IN_FORCE)),
        "nordic": f["nordic_or_eea"],
        "no_letter": f["permit_letter"] == 0,
        "family_route": is_f | ((f["permit_letter"] == 0) & ref_known),
        "ref_known": ref_known,
        "ref_ae": ref_ae,
        "too_early": ref_ae & f["reference_permanent"] & ~presiseringer,
        "permanent": is_f & f["reference_permanent"],
        "not_settled": (f["settled_date"] == 0) | (f["settled_date"] > on_i),
        "age": (f["permit_granted"] - f["birth_date"]) // 10000,
        "age_min": at("programme.age_min"),
        "age_max": at("programme.age_max"),
        "years": at("programme.years_in_municipality"),
        "years_settled": (d - f["settled_date"]) // 10000,
        "years_with_permit": (d - np.maximum(f["settled_date"], first)) // 10000,
        "no_agreement": (f["permit_letter"] >= A)
        & (f["permit_letter"] <= E)
        & ~f["settled_by_agreement"]
        & ~after_f,
        "after_f": after_f & ~f["settled_by_agreement"],
        "working": working,
        "kap6a": (f["permit_letter"] == E) & from_6a & at("section_37c_right"),
        "guidance_6a": (f["permit_letter"] == E) & from_6a & at("chapter_6a"),
        # integreringsforskriften § 43h (FOR-2025-09-17-1909), on the assessment date
        "t43h": (
            (f["previous_permit_letter"] == E)
            & (f["permit_letter"] != E)
            & (f["permit_letter"] != 0)
            & has_decision
            & (f["decision_date"] < f["permit_granted"])
            & (first >= int_date(KAPITTEL_6A_PERMITS_FROM))
            & at("chapter_6a")
            if amendment("forskrift-43h-2026").covers(on)
            else np.zeros(n, dtype=bool)
        ),
    }
    ground = _ground(v, family_ok | unknown)
    if_covered = np.zeros(len(ground), dtype=np.int8)  # ground codes and bits: one byte
    if_not = np.zeros(len(ground), dtype=np.int8)
    missing = np.zeros(len(ground), dtype=np.int8)

    def leave_open(rows: np.ndarray, yes: np.ndarray, no: np.ndarray) -> np.ndarray:
        """Mark ``rows`` undetermined where the two answers give different outcomes."""
        differs = (_PROGRAMME_CODE[yes] != _PROGRAMME_CODE[no]) | (
            _GUIDANCE_CODE[yes] != _GUIDANCE_CODE[no]
        )
        rows = rows[differs]
        ground[rows] = Ground.UNDETERMINED
        if_covered[rows] = yes[differs]
        if_not[rows] = no[differs]
        return rows

    rows = np.flatnonzero(unknown)
    if len(rows):
        subset = {k: a[rows] if np.ndim(a) else a for k, a in v.items()}
        not_covered = _ground(subset, np.zeros(len(rows), dtype=bool))
        rows = leave_open(rows, ground[rows], not_covered)
        needs_dates = ~ref_known[rows] | ref_counts[rows]
        missing[rows] = (
            (~ref_known[rows]) * 1
            + (needs_dates & (f["reference_settled_date"][rows] == 0)) * 2
            + (needs_dates & (f["reunification_applied"][rows] == 0)) * 4
        )
    agreement = f.unknown.get("settled_by_agreement")
    if agreement is not None and agreement.any():
        # an empty settled_by_agreement reads as «no» above; where «yes» gives another
        # outcome, the row is undetermined with both answers (§ 8 første og tredje ledd)
        rows = np.flatnonzero(agreement & (ground != Ground.UNDETERMINED))
        subset = {k: a[rows] if np.ndim(a) else a for k, a in v.items()}
        no = np.zeros(len(rows), dtype=bool)
        agreed = _ground(subset | {"no_agreement": no, "after_f": no}, (family_ok | unknown)[rows])
        missing[leave_open(rows, agreed, ground[rows].copy())] = AGREEMENT_UNKNOWN
    letter = f["permit_letter"] * ~(is_f & ~family_ok)  # 0 where f is not surely held
    # § 37 b tredje ledd: a settled § 34 holder (permit from 2022-03-11) outside § 8 første
    # ledd while kapittel 6A is in force on the decision date — the reading decides guidance.
    # an undetermined row is open too where one of its answers is such a ground
    in_8 = _in_section_8(ground)
    undetermined = np.flatnonzero(ground == Ground.UNDETERMINED)
    in_8[undetermined] |= _in_section_8(if_covered[undetermined]) | _in_section_8(
        if_not[undetermined]
    )
    open_37b = v["guidance_6a"] & in_8
    every = chosen(readings)["section-37b-guidance"] == "every-holder"
    reading = open_37b * np.int8(READ_37B_EVERY_HOLDER if every else READ_37B_DEFAULT)
    refusal_open = amendment("kapittel-6a-2024").covers(on) and not amendment(
        "section-37c-2026"
    ).covers(on)
    work: np.ndarray | np.bool_ = np.False_
    if refusal_open:
        with np.errstate(invalid="ignore"):
            work = (f["work_hours_per_week"] > 0) & at("refusal_2024")
    return Decision(
        ground=ground,
        letter=letter,
        period=period,
        if_covered=if_covered,
        if_not_covered=if_not,
        missing=missing,
        claim=f["claim_date"] > 0,
        decided=has_decision,
        work=np.broadcast_to(work, (n,)),
        reading=np.asarray(np.broadcast_to(reading, (n,)), dtype=np.int8),
        latest=on_i,
    )


def _ground(v: dict[str, np.ndarray], family_ok: np.ndarray) -> np.ndarray:
    """The ground of each row, given whether § 9 bokstav f covers it; in the law's order.

    The conditions are the records' (``RECORDS``): the first that holds decides.
    """
    other = v["family_route"] & ~family_ok
    over = v["age"] > v["age_max"]
    facts = v | {"other": other, "over": over, "may": over | other | v["no_agreement"]}
    # The last record first, each overwritten by those before it: the first that holds
    # decides, as ``np.select`` would. In one byte a row, and overwritten by arithmetic
    # (``ground += (code - ground) * holds``), which the processor does many rows at a
    # time: a masked copy goes row by row, some forty times slower.
    ground = np.full(np.shape(other), int(Ground.RIGHT_AND_DUTY), dtype=np.int8)
    for test, code in reversed(_DECIDING):
        ground += (np.int8(code) - ground) * test(facts)
    return ground
