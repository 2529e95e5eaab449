"""Assess a whole person table: :func:`assess_frame`.

Parses the person table of the contract (text or typed columns,
``parse_persons``), collects every problem at once, decides
the ground of every row with the one definition of the rules
(``decide``; no Python loop per row) and renders
outcomes, basis and reason by picking among the few distinct renderings (categorical
columns).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from typing import Any, Literal, overload

import attrs
import numpy as np
import pandas as pd

from integreringslov._io.formats import ASSESSED_ON
from integreringslov._io.frames import AnyFrame, Entered, FrameT, convert, enter
from integreringslov._text.i18n import Lang, as_lang, speaking, tr
from integreringslov._text.privacy import printable
from integreringslov.errors import InvalidInputError, Problem
from integreringslov.law._reforms import Reform
from integreringslov.law._timeline import AN_ASSESSMENT, require_act_in_force
from integreringslov.rules import _cores
from integreringslov.rules._cores import spread, threads_for
from integreringslov.rules._grounds import Decision, Facts, calendar, checks, decide
from integreringslov.rules._outcomes import Ground
from integreringslov.rules._readings import chosen
from integreringslov.rules._wording import render, sources_note
from integreringslov.tables._arrow import text_hashes
from integreringslov.tables._rows import mask_problems, parse_persons
from integreringslov.tables.persons import FODSELSNUMMER, OUTPUT_COLUMNS

__all__ = ["SplitResult", "Validated", "assess_frame", "render_columns", "validate"]

_FIELDS = ("regime", "programme", "career_guidance", "basis", "reason")


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


def _day(value: int) -> date:
    return date(value // 10000, value // 100 % 100, value % 100)


def render_columns(decision: Decision, lang: Lang, reform: Reform | None = None) -> dict[str, Any]:
    """Each output column for every row, rendered once per distinct (ground, letter, period, …)."""
    starts = calendar(reform).starts
    n_g = len(Ground)
    # Decided rows: a small key (ground, letter, period, reading, claim, …) counted with bincount;
    # the rare undetermined rows also carry their alternatives and missing columns.
    # (in int32, in place: the decision's codes may be held in single bytes)
    layout = _key_layout(len(starts))
    small = getattr(decision, _KEY_FIRST).astype(np.int32)
    for name, radix in layout:
        small *= radix
        small += getattr(decision, name)
    present = np.flatnonzero(np.bincount(small)) if len(small) else np.zeros(0, np.int64)
    remap = np.zeros(int(small.max()) + 1 if len(small) else 1, dtype=np.int32)
    remap[present] = np.arange(len(present))
    codes = np.take(remap, small)  # (``take``: half the time of ``remap[small]``)
    # what each distinct key renders, read back from the key itself (no row looked for)
    specs = [_unpacked(int(key), layout) for key in present]
    open_rows = np.flatnonzero(decision.ground == Ground.UNDETERMINED)
    if len(open_rows):
        extra = decision.if_covered[open_rows].astype(np.int64) * n_g
        extra = (extra + decision.if_not_covered[open_rows]) * 16
        extra = (extra + decision.missing[open_rows]) * len(present) + codes[open_rows]
        sub_codes, uniques = pd.factorize(extra)
        codes[open_rows] = len(present) + sub_codes
        sub_firsts = np.zeros(len(uniques), dtype=np.int64)
        sub_firsts[sub_codes[::-1]] = open_rows[::-1]
        specs += [_spec_of(decision, int(row)) for row in sub_firsts]
    cats: dict[str, dict[str, int]] = {f: {} for f in _FIELDS}
    luts = {f: np.zeros(len(specs), dtype=np.int32) for f in _FIELDS}
    for u, spec in enumerate(specs):
        if spec is None:
            continue  # a key only undetermined rows had: they were given keys of their own
        ground, letter, period, extras = spec
        r = render(
            Ground(ground),
            "abcdefg"[letter - 1] if letter else None,
            starts[period],
            lang,
            reform=reform,
            **extras,
        )
        values = {
            "regime": r.regime.value,
            "programme": r.programme.value,
            "career_guidance": r.career_guidance.value,
            "basis": r.basis,
            "reason": r.reason,
        }
        for f in _FIELDS:
            luts[f][u] = cats[f].setdefault(values[f], len(cats[f]))
    # Each row's category by one lookup, already in the codes' dtype pandas keeps for so
    # many categories (int8 below 127) and unchecked: no second pass over the rows.
    return {
        f: pd.Categorical.from_codes(
            np.take(luts[f].astype(np.int8 if len(cats[f]) < 127 else np.int32), codes),
            categories=pd.Index(list(cats[f])),
            validate=False,
        )
        for f in _FIELDS
    }


_KEY_FIRST = "ground"
"""The decision's field at the top of a decided row's key (``render_columns``)."""


def _key_layout(periods: int) -> tuple[tuple[str, int], ...]:
    """The rest of a decided row's key: each field of the decision and its number of values.

    Most significant first; one layout packs the key (``render_columns``) and unpacks it.
    """
    return (("letter", 8), ("period", periods), ("reading", 3),
            ("claim", 2), ("decided", 2), ("work", 2))  # fmt: skip


_Spec = tuple[int, int, int, dict[str, Any]]
"""What one rendering needs: ground, letter, period and the rest of ``render``'s words."""


def _unpacked(key: int, layout: tuple[tuple[str, int], ...]) -> _Spec | None:
    """The rendering of a decided row's key (``render_columns``'s packing undone).

    ``None`` for an undetermined key: its rows are rendered by their own, longer key.
    """
    field: dict[str, int] = {}
    for name, radix in reversed(layout):
        key, field[name] = divmod(key, radix)
    if key == Ground.UNDETERMINED:
        return None
    extras = {"if_covered": Ground(0), "if_not_covered": Ground(0), "missing": 0,
              "claim": bool(field["claim"]), "decided": bool(field["decided"]),
              "work": bool(field["work"]), "reading": field["reading"]}  # fmt: skip
    return key, field["letter"], field["period"], extras


def _spec_of(decision: Decision, row: int) -> _Spec:
    """The rendering of one row of ``decision``, read from its arrays."""
    extras = {
        "if_covered": Ground(int(decision.if_covered[row])),
        "if_not_covered": Ground(int(decision.if_not_covered[row])),
        "missing": int(decision.missing[row]),
        "claim": bool(decision.claim[row]),
        "decided": bool(decision.decided[row]),
        "work": bool(decision.work[row]),
        "reading": int(decision.reading[row]),
    }
    ground, letter = int(decision.ground[row]), int(decision.letter[row])
    return ground, letter, int(decision.period[row]), extras


@overload
def assess_frame(
    persons: FrameT,
    *,
    on: date,
    errors: Literal["raise"] = "raise",
    source: str | None = None,
    lang: Lang = "en",
    threads: int | None = None,
    readings: Mapping[str, str] | None = None,
) -> FrameT: ...


@overload
def assess_frame(
    persons: AnyFrame,
    *,
    on: date,
    errors: Literal["split"],
    source: str | None = None,
    lang: Lang = "en",
    threads: int | None = None,
    readings: Mapping[str, str] | None = None,
) -> SplitResult: ...


def assess_frame(
    persons: AnyFrame,
    *,
    on: date,
    errors: Literal["raise", "split"] = "raise",
    source: str | None = None,
    lang: Lang = "en",
    threads: int | None = None,
    readings: Mapping[str, str] | None = None,
) -> Any:
    """*Vurdering av en persontabell* — assess every person of a person table on ``on``.

    ``persons`` has the columns of the contract's person table, as text (from CSV) or
    typed; the optional columns may be absent. It may be a pandas, polars (``DataFrame`` or
    ``LazyFrame``) or pyarrow table: the result is of the same kind, with the same values
    (with ``errors="split"`` the :class:`SplitResult` holds pandas frames). Returns a
    DataFrame with exactly the contract's output columns (``person_id, regime, programme,
    career_guidance, basis, reason``; the last five as categoricals), one row per person,
    indexed as the input.
    ``reason`` is in ``lang`` (``"en"`` or ``"nb"``); the codes stay English. A row whose
    outcome turns on an empty family column is ``undetermined``, and its reason names the
    empty columns and what each answer would lead to.

    When the law is applied after the library's sources end
    (:data:`~integreringslov.law.SOURCES_END`), ``frame.attrs["notes"]`` says so
    once (it is an empty list otherwise). ``frame.attrs["integreringslov.assessed_on"]``
    holds ``on`` (ISO), and a table written to ``.xlsx``, ``.parquet`` or ``.json`` keeps
    it in the file's metadata.

    Every problem (missing or unknown columns, unreadable cells, impossible dates) is
    collected at once. With ``errors="raise"`` (default) they are raised together as
    :class:`~integreringslov.errors.InvalidInputError`; with ``errors="split"`` the valid
    rows are assessed and a :class:`SplitResult` returns them with the invalid rows and the
    problems. A date before 2021-01-01 raises
    :class:`~integreringslov.errors.NotInForceError`.

    A table of 200,000 rows or more is worked on every core: the check for a
    ``person_id`` on several rows runs on a thread of its own beside the assessment; with
    more threads than two the assessment is cut into chunks of rows (a million at most),
    each parsed, checked and decided on a thread of its own, the decisions joined before
    the outcome columns are rendered once — the result is the same as on one thread.
    ``threads`` says how many threads (``None``, the default: every core the process may
    use; ``1``: the calling thread only).

    ``readings`` chooses among the readings of open texts, by key (``docs/law/readings.md``:
    ``{"section-37b-guidance": "every-holder"}``); a reading not given is the default, and a
    reason names the reading where it decided the outcome.

    :provision: integreringsloven § 8
    :provision: integreringsloven § 9
    :provision: integreringsloven § 11 første ledd
    :provision: integreringsloven § 37 b
    :provision: integreringsloven § 37 c
    :provision: integreringsloven § 52
    """
    entered = enter(persons, source=source, what="the person table", whole=False)
    result = _assess(
        entered,
        on=on,
        errors=errors,
        source=source,
        lang=lang,
        threads=threads,
        readings=readings,
    )
    if errors == "split":
        return result  # a SplitResult holds pandas frames
    kind = entered.kind
    del entered  # the pandas copy of the input goes before the result is converted back
    return convert(result, kind)


def _surely_distinct(ids: pd.Series) -> bool:
    """True when the ids are surely all different, by their hashes; False: perhaps not.

    Different hashes, different ids: the usual case settled without comparing texts
    (:func:`~integreringslov.tables._arrow.text_hashes`; Arrow text only). What holds for
    every row holds for any of them.
    """
    hashes = text_hashes(ids)
    return hashes is not None and _all_different(hashes)


def _distinct_column(persons: Entered) -> bool:
    """:func:`_surely_distinct` of the ``person_id`` column of ``persons``."""
    return _surely_distinct(persons.column("person_id"))


def _all_different(hashes: np.ndarray) -> bool:
    """Whether 64-bit hashes are all different.

    Counted part by part: the hashes are grouped by their top bits (a radix sort of those
    bits) into parts of some 65,000, each counted in a hash table that stays in the
    processor's cache. Equal hashes share their top bits, so they meet in one part. One
    hash table of ten million entries misses the cache on every entry: four times slower.
    """
    bits = min(max(int(np.ceil(np.log2(max(len(hashes), 1) / 2**16))), 0), 16)
    if bits <= 1:
        return bool(pd.Index(hashes).is_unique)
    top = (hashes >> np.uint64(64 - bits)).astype(np.uint8 if bits <= 8 else np.uint16)
    grouped = hashes[np.argsort(top, kind="stable")]  # (stable: a radix sort of small keys)
    ends = np.cumsum(np.bincount(top, minlength=1 << bits)).tolist()
    return all(bool(pd.Index(grouped[a:b]).is_unique) for a, b in itertools.pairwise([0, *ends]))


def _repeated_ids(ids: pd.Series, lang: Lang, distinct: bool | None = None) -> list[str]:
    """A note when one ``person_id`` is on several rows: each row is assessed on its own.

    ``distinct``: :func:`_surely_distinct` of these ids or of rows they were taken from,
    when the caller has it (worked out here otherwise); when not true, the ids themselves
    are compared.
    """
    if distinct is None:
        distinct = _surely_distinct(ids)
    if distinct or ids.is_unique:  # (``is_unique``: one hash table, not duplicated()'s two)
        return []
    twice = ids.duplicated(keep=False) & ids.notna()
    if not twice.any():
        return []
    repeated = pd.unique(ids[twice])
    shown = ", ".join(printable(i) for i in repeated[:5]) + (", …" if len(repeated) > 5 else "")
    with speaking(lang):
        said = tr(
            "{len_repeated} person_id(s) occur on more than one row ({shown}); each row is "
            "assessed on its own",
            len_repeated=len(repeated),
            shown=shown,
        )
    return [said]


def _assess(
    persons: Entered,
    *,
    on: date,
    errors: Literal["raise", "split"],
    source: str | None = None,
    lang: Lang = "en",
    threads: int | None = None,
    readings: Mapping[str, str] | None = None,
) -> Any:
    """The rules over a person table taken in: the body of :func:`assess_frame`.

    With its defaults: :func:`~integreringslov.rules.assess_panel` calls it on each date.
    """
    require_act_in_force(on, what=AN_ASSESSMENT)
    if errors not in ("raise", "split"):
        raise ValueError(f"errors must be 'raise' or 'split', not {errors!r}")
    lang = as_lang(lang)
    chosen(readings)  # an unknown reading is an error before any work
    used = threads_for(threads)
    # A large table on every core: the check for repeated ids (hashing, then a hash table:
    # kernels that let go of the interpreter lock) on a thread of its own beside the rest
    aside = (
        ThreadPoolExecutor(1, thread_name_prefix="integreringslov-ids")
        if used > 1 and len(persons) >= _cores.MIN_ROWS and "person_id" in persons.columns
        else None
    )
    try:
        distinct = None if aside is None else aside.submit(_distinct_column, persons)
        return _assessed(
            persons, on=on, errors=errors, source=source, lang=lang,
            threads=used - 1 if aside else used, readings=readings, distinct=distinct,
        )  # fmt: skip
    finally:
        if aside is not None:
            aside.shutdown(wait=False, cancel_futures=True)


def _assessed(
    persons: Entered,
    *,
    on: date,
    errors: Literal["raise", "split"],
    source: str | None,
    lang: Lang,
    threads: int,
    readings: Mapping[str, str] | None,
    distinct: Future[bool] | None,
) -> Any:
    """:func:`_assess` on ``threads``, given the repeated-id check under way (if any)."""
    # With more threads, chunk by chunk; a table with a problem in any chunk is read again
    # whole, on one thread, for its problems with the rows the user counts.
    chunks = spread(persons, lambda part: _decided(part, on, source, readings), threads=threads)
    decision: Decision | None = None
    if chunks is not None and all(c is not None for c in chunks):
        done = [c for c in chunks if c is not None]
        ids = pd.concat([c[0] for c in done])
        decision = _joined([c[1] for c in done], done[0][2])
        problems: list[Problem] = []
        bad = np.zeros(len(persons), dtype=bool)
    else:
        valid = validate(persons.frame, on=on, source=source)
        problems, bad, facts = list(valid.problems), valid.bad, valid.facts
        if problems and errors == "raise":
            raise InvalidInputError(problems, what=source or "the person table")
        if facts is not None:
            ids = valid.table["person_id"]
            if bad.any():
                ids = ids.loc[~bad]
                facts = facts.take(~bad)
            decision = decide(facts, on, readings=readings)
    notes: list[str] = []
    if decision is None:
        assessed = pd.DataFrame({c: pd.Series(dtype=object) for c in OUTPUT_COLUMNS})
    else:
        cols: dict[str, Any] = render_columns(decision, lang)
        assessed = pd.DataFrame({"person_id": ids, **cols}, index=ids.index)[list(OUTPUT_COLUMNS)]
        note = sources_note(_day(decision.latest), lang)
        notes = [] if note is None else [note]
        notes += _repeated_ids(ids, lang, None if distinct is None else distinct.result())
    assessed.attrs["notes"] = notes
    assessed.attrs[ASSESSED_ON] = on.isoformat()  # the date travels with the table
    if errors == "raise":
        return assessed
    invalid = persons.frame.loc[bad] if bad.any() else persons.rows(0, 0)
    invalid = invalid.drop(columns=[FODSELSNUMMER.name], errors="ignore")
    return SplitResult(assessed=assessed, invalid=invalid, problems=tuple(problems))


@attrs.frozen(kw_only=True)
class Validated:
    """A person table parsed and checked: the typed table, its facts and every problem."""

    table: pd.DataFrame
    """The typed person table (every row, valid or not)."""
    facts: Facts | None
    """The facts of every row; ``None`` when the table could not be read at all."""
    problems: tuple[Problem, ...]
    """Every problem, ordered by row."""
    bad: np.ndarray
    """True for each row with a problem."""


def validate(persons: pd.DataFrame, *, on: date, source: str | None) -> Validated:
    """Parse ``persons`` and run every check (``checks``): the one way in to the rules."""
    parsed = parse_persons(persons, source=source, on=on)
    problems = list(parsed.problems)
    bad = parsed.bad.copy()
    facts: Facts | None = None
    if not parsed.fatal:
        facts = Facts.from_table(parsed.table)
        for check in checks(facts):
            mask = check.mask & ~bad
            if mask.any():
                problems += mask_problems(
                    persons,
                    mask,
                    check.column,
                    check.message,
                    check.expected,
                    source,
                    persons[check.column]
                    if check.column in persons.columns
                    else parsed.table[check.column],
                )
                bad |= mask
        problems.sort(key=lambda p: (p.row is None, p.row or 0))
    return Validated(table=parsed.table, facts=facts, problems=tuple(problems), bad=bad)


def _decided(
    part: pd.DataFrame, on: date, source: str | None, readings: Mapping[str, str] | None = None
) -> tuple[pd.Series, Decision, dict[str, np.dtype[Any]]] | None:
    """The ids and the decision of a chunk without problems; ``None`` if it has any."""
    valid = validate(part, on=on, source=source)
    if valid.problems or valid.facts is None:
        return None
    decision = decide(valid.facts, on, readings=readings)
    # Small codes held in the smallest integers while the other chunks are decided: a
    # tenth of the memory until they are joined, in the dtypes ``decide`` gave them.
    small = {name: _small(getattr(decision, name)) for name in _CODES}
    dtypes = {name: getattr(decision, name).dtype for name in _CODES}
    return valid.table["person_id"], Decision(**small, latest=decision.latest), dtypes


_CODES = tuple(f.name for f in attrs.fields(Decision) if f.name != "latest")
"""The decision's per-row arrays."""


def _small(values: np.ndarray) -> np.ndarray:
    """Whole numbers in the smallest integer dtype that holds them (others as they are)."""
    if values.dtype.kind not in "iu" or not len(values):
        return values
    low, high = np.min_scalar_type(values.min()), np.min_scalar_type(values.max())
    return values.astype(np.result_type(low, high))


def _joined(decisions: list[Decision], dtypes: dict[str, np.dtype[Any]]) -> Decision:
    """The decisions of consecutive chunks as one, row after row, in ``dtypes``."""
    return Decision(
        **{
            name: np.concatenate([getattr(d, name) for d in decisions], dtype=dtypes[name])
            for name in _CODES
        },
        latest=max(d.latest for d in decisions),
    )
