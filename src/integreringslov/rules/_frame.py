"""Assess a whole person table: :func:`assess_frame`.

Parses the person table of the contract (text or typed columns,
``parse_persons``), collects every problem at once, decides
the ground of every row with the one definition of the rules
(``decide``; no Python loop per row) and renders
outcomes, basis and reason by picking among the few distinct renderings (categorical
columns).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal, overload

import attrs
import numpy as np
import pandas as pd

from integreringslov._io.frames import AnyFrame, FrameT, convert, enter
from integreringslov._text.i18n import Lang, as_lang, say, speaking
from integreringslov._text.privacy import printable
from integreringslov.errors import InvalidInputError, Problem
from integreringslov.law._timeline import require_act_in_force
from integreringslov.rules._grounds import Decision, Facts, calendar, checks, decide
from integreringslov.rules._outcomes import Ground
from integreringslov.rules._wording import render, sources_note
from integreringslov.tables._rows import mask_problems, parse_persons
from integreringslov.tables.persons import FODSELSNUMMER, OUTPUT_COLUMNS

__all__ = ["SplitResult", "assess_frame", "render_columns"]

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


def render_columns(decision: Decision, lang: Lang) -> dict[str, Any]:
    """Each output column for every row, rendered once per distinct (ground, letter, period, …)."""
    starts = calendar().starts
    n_g = len(Ground)
    # Decided rows: a small key (ground, letter, period, claim) counted with bincount;
    # the rare undetermined rows also carry their alternatives and missing columns.
    small = ((decision.ground * 8 + decision.letter) * len(starts) + decision.period) * 2
    small = small + decision.claim
    present = np.flatnonzero(np.bincount(small)) if len(small) else np.zeros(0, np.int64)
    remap = np.zeros(int(small.max()) + 1 if len(small) else 1, dtype=np.int64)
    remap[present] = np.arange(len(present))
    codes = remap[small]
    firsts = np.full(len(present), -1, dtype=np.int64)
    firsts[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)
    open_rows = np.flatnonzero(decision.ground == Ground.UNDETERMINED)
    if len(open_rows):
        extra = (decision.if_covered[open_rows] * n_g + decision.if_not_covered[open_rows]) * 8
        extra = (extra + decision.missing[open_rows]) * len(present) + codes[open_rows]
        sub_codes, uniques = pd.factorize(extra)
        codes[open_rows] = len(present) + sub_codes
        sub_firsts = np.zeros(len(uniques), dtype=np.int64)
        sub_firsts[sub_codes[::-1]] = open_rows[::-1]
        firsts = np.concatenate([firsts, sub_firsts])
    cats: dict[str, dict[str, int]] = {f: {} for f in _FIELDS}
    luts = {f: np.zeros(len(firsts), dtype=np.int32) for f in _FIELDS}
    for u, row in enumerate(firsts):
        letter = int(decision.letter[row])
        r = render(
            Ground(int(decision.ground[row])),
            "abcdefg"[letter - 1] if letter else None,
            starts[int(decision.period[row])],
            lang,
            if_covered=Ground(int(decision.if_covered[row])),
            if_not_covered=Ground(int(decision.if_not_covered[row])),
            missing=int(decision.missing[row]),
            claim=bool(decision.claim[row]),
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
    return {
        f: pd.Categorical.from_codes(luts[f][codes], categories=pd.Index(list(cats[f])))
        for f in _FIELDS
    }


@overload
def assess_frame(
    persons: FrameT,
    *,
    on: date,
    errors: Literal["raise"] = "raise",
    source: str | None = None,
    lang: Lang = "en",
) -> FrameT: ...


@overload
def assess_frame(
    persons: AnyFrame,
    *,
    on: date,
    errors: Literal["split"],
    source: str | None = None,
    lang: Lang = "en",
) -> SplitResult: ...


def assess_frame(
    persons: AnyFrame,
    *,
    on: date,
    errors: Literal["raise", "split"] = "raise",
    source: str | None = None,
    lang: Lang = "en",
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
    once (it is an empty list otherwise).

    Every problem (missing or unknown columns, unreadable cells, impossible dates) is
    collected at once. With ``errors="raise"`` (default) they are raised together as
    :class:`~integreringslov.errors.InvalidInputError`; with ``errors="split"`` the valid
    rows are assessed and a :class:`SplitResult` returns them with the invalid rows and the
    problems. A date before 2021-01-01 raises
    :class:`~integreringslov.errors.NotInForceError`.

    :provision: integreringsloven § 8
    :provision: integreringsloven § 9
    :provision: integreringsloven § 11 første ledd
    :provision: integreringsloven § 37 b
    :provision: integreringsloven § 37 c
    :provision: integreringsloven § 52
    """
    entered = enter(persons, source=source, what="the person table")
    if errors == "split":
        return _assess(entered.frame, on=on, errors="split", source=source, lang=lang)
    result = _assess(entered.frame, on=on, errors=errors, source=source, lang=lang)
    kind = entered.kind
    del entered  # the pandas copy of the input goes before the result is converted back
    return convert(result, kind)


def _repeated_ids(ids: pd.Series, lang: Lang) -> list[str]:
    """A note when one ``person_id`` is on several rows: each row is assessed on its own."""
    twice = ids.duplicated(keep=False) & ids.notna()
    if not twice.any():
        return []
    repeated = pd.unique(ids[twice])
    shown = ", ".join(printable(i) for i in repeated[:5]) + (", …" if len(repeated) > 5 else "")
    with speaking(lang):
        said = say(
            en=f"{len(repeated)} person_id(s) occur on more than one row ({shown}); each row "
            "is assessed on its own",
            nb=f"{len(repeated)} person_id forekommer på mer enn én rad ({shown}); hver rad "
            "vurderes for seg",
        )
    return [said]


def _assess(
    persons: pd.DataFrame,
    *,
    on: date,
    errors: Literal["raise", "split"],
    source: str | None,
    lang: Lang,
) -> Any:
    """The rules over a pandas person table (the body of :func:`assess_frame`)."""
    require_act_in_force(on, what="an assessment")
    if errors not in ("raise", "split"):
        raise ValueError(f"errors must be 'raise' or 'split', not {errors!r}")
    lang = as_lang(lang)
    parsed = parse_persons(persons, source=source, on=on)
    problems = list(parsed.problems)
    bad = parsed.bad.copy()
    facts: Facts | None = None
    if not parsed.fatal:
        facts = Facts.from_table(parsed.table)
        for check in checks(facts, on):
            mask = check.mask & ~bad
            if mask.any():
                problems += mask_problems(
                    persons,
                    mask,
                    check.column,
                    check.message,
                    check.expected,
                    source,
                    parsed.table[check.column],
                )
                bad |= mask
        problems.sort(key=lambda p: (p.row is None, p.row or 0))
    if problems and errors == "raise":
        raise InvalidInputError(problems, what=source or "the person table")
    notes: list[str] = []
    if facts is None:
        assessed = pd.DataFrame({c: pd.Series(dtype=object) for c in OUTPUT_COLUMNS})
    else:
        table = parsed.table
        if bad.any():
            keep = ~bad
            table = table.loc[keep]
            facts = facts.take(keep)
        decision = decide(facts, on)
        cols: dict[str, Any] = render_columns(decision, lang)
        assessed = pd.DataFrame({"person_id": table["person_id"], **cols}, index=table.index)[
            list(OUTPUT_COLUMNS)
        ]
        note = sources_note(_day(decision.latest), lang)
        notes = [] if note is None else [note]
        notes += _repeated_ids(table["person_id"], lang)
    assessed.attrs["notes"] = notes
    if errors == "raise":
        return assessed
    invalid = persons.loc[bad].drop(columns=[FODSELSNUMMER.name], errors="ignore")
    return SplitResult(assessed=assessed, invalid=invalid, problems=tuple(problems))
