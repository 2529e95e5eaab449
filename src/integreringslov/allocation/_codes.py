"""Municipality codes of a recommendation, checked against the region registry.

A recommendation under integreringsloven § 4 andre ledd is made by one county for «den
enkelte kommune i fylket». The codes of its table are therefore checked against
:mod:`integreringslov.regions` on the recommendation's date:

* a code that is not four digits (``MUNICIPALITY_CODE``,
  the tables' check), one KLASS has never had (``9876``) or «Uoppgitt kommune»
  (``9999``) is an error;
* an old code (``1601`` Trondheim before 2018, ``5012`` Snillfjord, split in 2020) is an
  error naming the code(s) it became; with ``map_forward`` a code that became exactly one
  code is replaced by it (a split needs the user's decision and stays an error);
* municipalities of several counties are an error, unless the county is named (then every
  municipality must be in it) or a national run is asked for.

Without a date, a code must be valid in one of the divisions the registry models, and an
old code cannot be mapped forward (the date decides what it became).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from datetime import date

from integreringslov import regions
from integreringslov._text.i18n import spoken, tr
from integreringslov._text.plain import check_words
from integreringslov.errors import InvalidInputError, Problem, UnknownRegionError
from integreringslov.tables._coerce import MUNICIPALITY_CODE

__all__ = ["check_codes"]


@functools.cache
def _divisions() -> tuple[tuple[date, dict[str, regions.Municipality]], ...]:
    """Every division the registry models: (first day, code → municipality)."""
    out: list[tuple[date, dict[str, regions.Municipality]]] = []
    day: date | None = regions.FIRST_MODELLED
    while day is not None:
        found = {m.code: m for m in regions.municipalities(on=day)}
        out.append((day, found))
        ends = [m.valid_to for m in found.values() if m.valid_to is not None]
        day = min(ends) if ends else None
    return tuple(out)


def _valid(code: str, on: date | None) -> regions.Municipality | None:
    if on is not None:
        try:
            return regions.municipality(code, on=on)
        except UnknownRegionError:
            return None
    for _, found in _divisions():
        if code in found:
            return found[code]
    return None


def check_codes(
    codes: Sequence[str],
    rows: Sequence[int],
    *,
    on: date | None,
    county: str | None = None,
    national: bool = False,
    map_forward: bool = False,
    source: str | None = None,
    column: str = "municipality",
) -> list[str]:
    """The codes, checked against the registry (and mapped forward where asked).

    ``rows`` are the row numbers a person sees, one per code. Raises
    :class:`InvalidInputError` listing every problem at once.
    """
    table = source or tr("the criteria table")
    if map_forward and on is None:
        raise InvalidInputError(
            [Problem(message=tr("old codes can only be mapped forward to a date"),
                     source=source, expected=tr("the recommendation's date (on=, --on)"))],
            what=table,
        )  # fmt: skip
    when = (
        tr("on {on_isoformat}", on_isoformat=on.isoformat())
        if on
        else tr("in any division since 2020")
    )
    problems: list[Problem] = []
    out = list(codes)
    found: dict[int, regions.Municipality] = {}

    def bad(i: int, message: str, expected: str | None = None) -> None:
        if expected is None:
            expected = tr("a kommunenummer in use")
        problems.append(Problem(message=message, source=source, row=rows[i], column=column,
                                value=codes[i], expected=expected))  # fmt: skip

    for i, code in enumerate(codes):
        if not re.match(MUNICIPALITY_CODE, code):
            four_digits = check_words("str_matches", {"pattern": MUNICIPALITY_CODE}, None, spoken())
            bad(i, tr("not a kommunenummer"), four_digits)
            continue
        if code == regions.UNKNOWN_MUNICIPALITY:
            bad(i, tr("9999 «Uoppgitt kommune» is not a municipality"))  # fmt: skip
            continue
        m = _valid(code, on)
        if m is not None:
            found[i] = m
            continue
        try:
            res = regions.resolve(code, on=on or regions.FIRST_MODELLED)
        except UnknownRegionError:
            bad(i, tr(
                "unknown kommunenummer {code}: no municipality has had this number (SSB KLASS 131)",
                code=code,
            ))  # fmt: skip
            continue
        became = ", ".join(
            f"{c} {m.name}" if (m := _valid(c, on or res.on)) else c for c in res.codes
        )
        if res.ambiguous:
            bad(i, tr(
                "old kommunenummer {code}, split: {when} it corresponds to {became}; share its "
                "figures between them yourself",
                code=code,
                when=when,
                became=became,
            ))  # fmt: skip
            continue
        if map_forward:
            out[i] = res.codes[0]
            m2 = _valid(out[i], on)
            if m2 is not None:
                found[i] = m2
            continue
        bad(i, tr(
            "old kommunenummer {code}: {when} it is {became}; use the new code or map old codes "
            "forward (map_forward=True, --map-old-codes)",
            code=code,
            when=when,
            became=became,
        ))  # fmt: skip
    seen: dict[str, int] = {}
    for i, code in enumerate(out):
        if code in seen and out[i] != codes[i]:
            bad(i, tr(
                "mapped forward to {code}, which row {rows_seen_code} has too; merge the two rows "
                "yourself",
                code=code,
                rows_seen_code=rows[seen[code]],
            ),
                tr("one row per municipality"))  # fmt: skip
        seen.setdefault(code, i)
    if county is not None:
        known = (
            {c.code for c in regions.counties(on=on)}
            if on is not None
            else {m.county.code for _, ms in _divisions() for m in ms.values()}
        )
        if county not in known:
            problems.append(
                Problem(
                    message=tr("no county {county!r} {when}", county=county, when=when),
                    source=source,
                    value=county,
                    expected=tr("a two-digit fylkesnummer"),
                )
            )
        for i, m in found.items():
            if m.county.code != county:
                problems.append(Problem(
                    message=tr(
                        "{m_code} {m_name} is in county {m_county}, not in county {county}",
                        m_code=m.code,
                        m_name=m.name,
                        m_county=m.county,
                        county=county,
                    ),
                    source=source, row=rows[i], column=column, value=codes[i],
                    expected=tr("a municipality of county {county}", county=county)))  # fmt: skip
    elif not national:
        per = Counter(str(m.county) for m in found.values())
        if len(per) > 1:
            listed = "; ".join(f"{name}: {n}" for name, n in sorted(per.items()))
            problems.append(Problem(
                message=tr(
                    "the table mixes municipalities of {len_per} counties ({listed}); a county "
                    "recommends for its own municipalities",
                    len_per=len(per),
                    listed=listed,
                ),
                source=source, column=column,
                expected=tr(
                    "name the county (county=, --county) or ask for a national recommendation "
                    "(national=True, --national)",
                )))  # fmt: skip
    if problems:
        raise InvalidInputError(problems, what=table)
    return out
