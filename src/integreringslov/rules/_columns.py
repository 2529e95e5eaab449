"""The outcome columns of decided rows: each distinct decision rendered once, chunk by chunk.

:func:`~integreringslov.rules.assess_frame` decides every row with numbers
(:class:`~integreringslov.rules._grounds.Decision`); the outcome, basis and reason a person
reads are rendered here. Rows that were decided alike read alike, so each row gets a small
key — its ground, letter, period, reading and the few yes/no facts the wording turns on —
and only each *distinct* key is rendered (:func:`~integreringslov.rules._wording.render`):
the columns are categoricals whose codes are found by lookups, never a Python call per row.

A large table is decided a chunk of rows at a time (:mod:`~integreringslov.rules._cores`);
:class:`Rendering` takes each chunk's decision as it is made (:meth:`Rendering.add`: its
keys, in chunk-sized memory, on the chunk's thread) and puts the columns together once at
the end (:meth:`Rendering.columns`). The categories are ordered by key, whichever chunk met
a key first, so every thread count gives the same columns.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from integreringslov._text.i18n import Lang
from integreringslov.law._reforms import Reform
from integreringslov.rules._grounds import MISSING_COLUMNS, Decision, calendar
from integreringslov.rules._outcomes import Ground
from integreringslov.rules._wording import render

__all__ = ["FIELDS", "Rendering", "render_columns"]

FIELDS = ("regime", "programme", "career_guidance", "basis", "reason")
"""The rendered columns, in the contract's order."""

_KEY_FIRST = "ground"
"""The decision's field at the top of a decided row's key."""
_GROUND_VALUES = int(max(Ground)) + 1
"""The values of a ground code (of :attr:`Decision.ground` and its two alternatives)."""
_MISSING_VALUES = 1 << len(MISSING_COLUMNS)
"""The values of :attr:`Decision.missing` (a bit for each column whose emptiness mattered)."""


def _key_layout(periods: int) -> tuple[tuple[str, int], ...]:
    """The rest of a decided row's key: each field of the decision and its number of values.

    Most significant first; one layout packs the key (:meth:`Rendering.add`) and unpacks it.
    """
    return (("letter", 8), ("period", periods), ("reading", 3),
            ("claim", 2), ("decided", 2), ("work", 2))  # fmt: skip


_Spec = tuple[int, int, int, dict[str, Any]]
"""What one rendering needs: ground, letter, period and the rest of ``render``'s words."""


def _unpacked(key: int, layout: tuple[tuple[str, int], ...]) -> _Spec | None:
    """The rendering of a decided row's key (:meth:`Rendering.add`'s packing undone).

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


class Rendering:
    """The outcome columns of one or more decisions, each distinct key rendered once.

    :meth:`add` each decision (a chunk's rows, in any order and from any thread), then
    :meth:`columns` with what :meth:`add` returned, in row order.
    """

    def __init__(self, lang: Lang, reform: Reform | None = None) -> None:
        self._lang = lang
        self._reform = reform
        self._starts = calendar(reform).starts
        self._layout = _key_layout(len(self._starts))
        self._span = _GROUND_VALUES * math.prod(radix for _, radix in self._layout)
        self._specs: list[_Spec | None] = []
        self._keys: list[tuple[int, int]] = []  # each spec's place: (0, key) or (1, long key)
        self._numbers: dict[tuple[int, int], int] = {}
        self._lock = threading.Lock()

    def _number(self, place: tuple[int, int], spec: Callable[[], _Spec | None]) -> int:
        """The number of the rendering at ``place``; ``spec()`` registers it if new (lock held)."""
        number = self._numbers.get(place)
        if number is None:
            number = self._numbers[place] = len(self._specs)
            self._specs.append(spec())
            self._keys.append(place)
        return number

    def add(self, decision: Decision) -> np.ndarray:
        """The number of each row's rendering (for :meth:`columns`), new keys registered.

        Decided rows: a small key (ground, letter, period, reading, claim, …) counted with
        ``bincount``; the rare undetermined rows also carry their alternatives and missing
        columns, in a longer key of their own.
        """
        # (in int32, in place: the decision's codes may be held in single bytes)
        small = getattr(decision, _KEY_FIRST).astype(np.int32)
        for name, radix in self._layout:
            small *= radix
            small += getattr(decision, name)
        present = np.flatnonzero(np.bincount(small)) if len(small) else np.zeros(0, np.int64)
        open_rows = np.flatnonzero(decision.ground == Ground.UNDETERMINED)
        if len(open_rows):
            extra = decision.if_covered[open_rows].astype(np.int64) * _GROUND_VALUES
            extra = (extra + decision.if_not_covered[open_rows]) * _MISSING_VALUES
            extra = (extra + decision.missing[open_rows]) * self._span + small[open_rows]
            sub_codes, uniques = pd.factorize(extra)
            sub_firsts = np.zeros(len(uniques), dtype=np.int64)
            sub_firsts[sub_codes[::-1]] = open_rows[::-1]
        with self._lock:
            numbers = [
                self._number((0, int(key)), partial(_unpacked, int(key), self._layout))
                for key in present
            ]
            if len(open_rows):
                open_numbers = [
                    self._number((1, int(u)), partial(_spec_of, decision, int(row)))
                    for u, row in zip(uniques, sub_firsts, strict=True)
                ]
        remap = np.zeros(int(small.max()) + 1 if len(small) else 1, dtype=np.int32)
        remap[present] = numbers
        rows: np.ndarray = np.take(remap, small)  # (``take``: half the time of ``remap[small]``)
        if len(open_rows):
            rows[open_rows] = np.take(np.array(open_numbers, dtype=np.int32), sub_codes)
        return rows

    def columns(self, parts: Sequence[np.ndarray]) -> dict[str, Any]:
        """Each output column for the rows of ``parts`` (what :meth:`add` gave, in order).

        Each registered key is rendered once, in the order of the keys; each row's category
        is one lookup, written straight into the column in the dtype pandas keeps for so
        many categories (int8 below 127), unchecked: no second pass over the rows.
        """
        cats: dict[str, dict[str, int]] = {f: {} for f in FIELDS}
        luts = {f: np.zeros(len(self._specs), dtype=np.int32) for f in FIELDS}
        for number in sorted(range(len(self._specs)), key=self._keys.__getitem__):
            spec = self._specs[number]
            if spec is None:
                continue  # a key only undetermined rows had: they were given keys of their own
            ground, letter, period, extras = spec
            r = render(
                Ground(ground),
                "abcdefg"[letter - 1] if letter else None,
                self._starts[period],
                self._lang,
                reform=self._reform,
                **extras,
            )
            values = {
                "regime": r.regime.value,
                "programme": r.programme.value,
                "career_guidance": r.career_guidance.value,
                "basis": r.basis,
                "reason": r.reason,
            }
            for f in FIELDS:
                luts[f][number] = cats[f].setdefault(values[f], len(cats[f]))
        n = sum(len(part) for part in parts)
        out = {}
        for f in FIELDS:
            lut = luts[f].astype(np.int8 if len(cats[f]) < 127 else np.int32)
            codes = np.empty(n, dtype=lut.dtype)
            at = 0
            for part in parts:  # (``clip``: unbuffered; every number is one of ``lut``'s)
                np.take(lut, part, out=codes[at : at + len(part)], mode="clip")
                at += len(part)
            out[f] = pd.Categorical.from_codes(
                codes, categories=pd.Index(list(cats[f])), validate=False
            )
        return out


def render_columns(decision: Decision, lang: Lang, reform: Reform | None = None) -> dict[str, Any]:
    """Each output column for every row of ``decision``, rendered once per distinct key."""
    rendering = Rendering(lang, reform)
    return rendering.columns([rendering.add(decision)])
