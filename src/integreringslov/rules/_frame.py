"""Assess a whole person table: :func:`assess_frame`.

Parses the person table of the contract (text or typed columns,
``parse_persons``), collects every problem at once, decides
the ground of every row with the one definition of the rules
(``decide``; no Python loop per row) and renders
outcomes, basis and reason by picking among the few distinct renderings (categorical
columns, :mod:`~integreringslov.rules._columns`).
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
from integreringslov.law._timeline import AN_ASSESSMENT, require_act_in_force
from integreringslov.rules import _cores
from integreringslov.rules._columns import Rendering
from integreringslov.rules._cores import spread, threads_for
from integreringslov.rules._grounds import Facts, checks, decide
from integreringslov.rules._readings import chosen
from integreringslov.rules._wording import sources_note
from integreringslov.tables._arrow import text_hashes
from integreringslov.tables._rows import mask_problems, parse_persons
from integreringslov.tables.persons import FODSELSNUMMER, OUTPUT_COLUMNS

__all__ = ["SplitResult", "Validated", "assess_frame", "validate"]

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
    rendering = Rendering(lang)
    chunks = spread(
        persons, lambda part: _decided(part, on, source, readings, rendering), threads=threads
    )
    parts: list[np.ndarray] = []
    latest = 0
    if chunks is not None and all(c is not None for c in chunks):
        done = [c for c in chunks if c is not None]
        ids = pd.concat([c[0] for c in done])
        parts = [c[1] for c in done]
        latest = max(c[2] for c in done)
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
            parts, latest = [rendering.add(decision)], decision.latest
    notes: list[str] = []
    if not parts:
        assessed = pd.DataFrame({c: pd.Series(dtype=object) for c in OUTPUT_COLUMNS})
    else:
        cols: dict[str, Any] = rendering.columns(parts)
        assessed = pd.DataFrame({"person_id": ids, **cols}, index=ids.index)[list(OUTPUT_COLUMNS)]
        note = sources_note(_day(latest), lang)
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
    part: pd.DataFrame,
    on: date,
    source: str | None,
    readings: Mapping[str, str] | None,
    rendering: Rendering,
) -> tuple[pd.Series, np.ndarray, int] | None:
    """A chunk without problems: its ids, its rows' renderings and its latest date.

    ``None`` if the chunk has a problem. The chunk's decision is rendered (its keys
    registered with ``rendering``) here, on the chunk's thread, while its arrays are near
    the processor; only a number per row is kept until the chunks are joined.
    """
    valid = validate(part, on=on, source=source)
    if valid.problems or valid.facts is None:
        return None
    decision = decide(valid.facts, on, readings=readings)
    return valid.table["person_id"], rendering.add(decision), decision.latest
