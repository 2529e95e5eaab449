"""Selections on a PxWebApi 2 table (*utvalg*), counted and split to the server's limits.

A selection maps a dimension id to what to take from it, as PxWebApi 2's
``valueCodes[DIM]=…`` takes it: codes (``"0301,5001"`` or ``["0301", "5001"]``), ``*`` and
``?`` wildcards (``"*"``, ``"50??"``), ``range(x,y)``, ``from(x)``, ``to(x)`` (in the
metadata's order, both ends included) and ``top(n[,offset])`` / ``bottom(n[,offset])``. A
code with a comma in it is written in brackets: ``[1,5]``.

A dimension left out is eliminated when the table allows it (SSB sums it), and taken whole
(``*``) when it does not. :func:`plan_calls` counts the cells of the selection and, when
they are more than the server's ``maxDataCells`` (or the URL would be too long), splits
the selection into calls along its largest dimensions; ``top``/``bottom`` are left for the
server to resolve, so a dimension selected that way is never split.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from fnmatch import fnmatchcase
from urllib.parse import urlencode

import attrs

from integreringslov._text.i18n import tr
from integreringslov.errors import InvalidInputError, Problem

__all__ = ["MAX_URL_LENGTH", "Dimension", "Metadata", "Selection", "cells", "plan_calls"]

MAX_URL_LENGTH = 2000
"""Longest data URL sent; PxWebApi 2 answers 404 to URLs over about 2,100 characters."""

Selection = Mapping[str, "str | Sequence[str]"]
"""Dimension id → codes or a selection expression (see the module documentation)."""

_EXPRESSION = re.compile(r"^(?P<fn>top|bottom|range|from|to)\((?P<args>[^()]*)\)$", re.IGNORECASE)


@attrs.frozen(kw_only=True)
class Dimension:
    """One dimension (*variabel*) of a table, as its metadata describes it."""

    id: str
    """The dimension id (``Region``, ``Tid``, ...)."""
    label: str
    """Its label in the language asked for."""
    codes: tuple[str, ...]
    """Its category codes, in the table's order."""
    labels: tuple[str, ...]
    """The categories' labels, in the same order."""
    elimination: bool
    """Whether the dimension may be left out (the server then sums over it)."""


@attrs.frozen(kw_only=True)
class Metadata:
    """What a table holds (*metadata*): its title and dimensions."""

    table: str
    """The table id."""
    label: str
    """The table's title."""
    updated: str | None
    """When SSB last updated it (ISO 8601), if stated."""
    dimensions: tuple[Dimension, ...]
    """Its dimensions, in the table's order."""

    def dimension(self, dim_id: str) -> Dimension:
        """The dimension called ``dim_id``; :class:`KeyError` if none."""
        for d in self.dimensions:
            if d.id == dim_id:
                return d
        raise KeyError(dim_id)

    @property
    def cells(self) -> int:
        """How many cells the whole table has."""
        return math.prod(len(d.codes) for d in self.dimensions)


@attrs.frozen
class _Choice:
    """What is selected in one dimension: local codes, or an expression the server resolves."""

    count: int
    codes: tuple[str, ...] | None  # None: left to the server (top/bottom)
    text: str  # what to send when the whole choice goes in one call


def _tokens(value: str | Sequence[str]) -> list[str]:
    if not isinstance(value, str):
        return [str(v).strip() for v in value]
    out, depth, current = [], 0, ""
    for ch in value:
        if ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(current.strip())
            current = ""
        else:
            current += ch
    out.append(current.strip())
    return out


def _problem(table: str, dim: str, message: str, value: str, expected: str) -> InvalidInputError:
    return InvalidInputError(
        [
            Problem(
                message=message,
                source=tr("SSB table {table}", table=table),
                column=dim,
                value=value,
                expected=expected,
            )
        ],
        what=tr("selection on SSB table {table}", table=table),
    )


def _choose(table: str, dim: Dimension, value: str | Sequence[str]) -> _Choice:
    tokens = _tokens(value)
    if not tokens or any(not t for t in tokens):
        raise _problem(table, dim.id, "an empty code in the selection", str(value), "codes")
    codes: list[str] = []
    server_count = 0
    position = {c: i for i, c in enumerate(dim.codes)}
    sample = ", ".join(dim.codes[:8]) + (", ..." if len(dim.codes) > 8 else "")

    def at(code: str) -> int:
        if code not in position:
            raise _problem(
                table, dim.id, "no such code in this dimension", code, f"one of {sample}"
            )
        return position[code]

    for token in tokens:
        match = _EXPRESSION.match(token)
        if token.startswith("[") and token.endswith("]"):
            codes.append(dim.codes[at(token[1:-1])])
        elif match:
            fn = match["fn"].lower()
            args = [a.strip() for a in match["args"].split(",")]
            if fn in ("top", "bottom"):
                if not all(a.isdigit() for a in args) or len(args) not in (1, 2):
                    raise _problem(
                        table, dim.id, "a malformed expression", token, f"{fn}(n) or {fn}(n,offset)"
                    )
                n, offset = int(args[0]), int(args[1]) if len(args) == 2 else 0
                server_count += max(0, min(n, len(dim.codes) - offset))
            elif fn == "range":
                if len(args) != 2:
                    raise _problem(table, dim.id, "a malformed expression", token, "range(x,y)")
                codes.extend(dim.codes[at(args[0]) : at(args[1]) + 1])
            elif fn == "from":
                codes.extend(dim.codes[at(match["args"].strip()) :])
            else:
                codes.extend(dim.codes[: at(match["args"].strip()) + 1])
        elif "*" in token or "?" in token:
            found = [c for c in dim.codes if fnmatchcase(c, token)]
            if not found:
                raise _problem(
                    table, dim.id, "the pattern matches no code", token, f"codes like {sample}"
                )
            codes.extend(found)
        else:
            codes.append(dim.codes[at(token)])
    unique = tuple(c for c in dim.codes if c in set(codes))
    text = value if isinstance(value, str) else ",".join(value)
    if server_count:
        return _Choice(count=server_count + len(unique), codes=None, text=text)
    return _Choice(count=len(unique), codes=unique, text=_code_text(dim, unique))


def _code_text(dim: Dimension, codes: Sequence[str]) -> str:
    if len(codes) == len(dim.codes) and len(codes) > 1:
        return "*"
    return ",".join(f"[{c}]" if "," in c else c for c in codes)


def _choices(meta: Metadata, select: Selection | None) -> dict[str, _Choice]:
    select = dict(select or {})
    known = {d.id for d in meta.dimensions}
    unknown = [k for k in select if k not in known]
    if unknown:
        raise _problem(
            meta.table,
            unknown[0],
            "the table has no such dimension",
            unknown[0],
            f"one of {', '.join(sorted(known))}",
        )
    out: dict[str, _Choice] = {}
    for dim in meta.dimensions:
        if dim.id in select:
            out[dim.id] = _choose(meta.table, dim, select[dim.id])
        elif not dim.elimination:
            out[dim.id] = _Choice(count=len(dim.codes), codes=dim.codes, text="*")
    return out


def cells(meta: Metadata, select: Selection | None) -> int:
    """How many cells ``select`` takes from the table (a dimension eliminated counts once).

    :raises InvalidInputError: As :func:`plan_calls`.
    """
    return math.prod(c.count for c in _choices(meta, select).values())


def _params(meta: Metadata, chunk: Mapping[str, _Choice]) -> dict[str, str]:
    return {f"valueCodes[{d}]": c.text for d, c in chunk.items()}


def _split(meta: Metadata, choice: _Choice, dim: str, parts: int) -> list[_Choice]:
    assert choice.codes is not None
    size = math.ceil(len(choice.codes) / parts)
    d = meta.dimension(dim)
    return [
        _Choice(count=len(group), codes=group, text=_code_text(d, group))
        for group in (choice.codes[i : i + size] for i in range(0, len(choice.codes), size))
    ]


def _within(meta: Metadata, calls: int, max_calls: int, max_cells: int) -> None:
    if calls > max_calls:
        raise InvalidInputError(
            [
                Problem(
                    message=tr(
                        "the selection needs more than {max_calls} calls at the server's "
                        "{max_cells} cells a call (maxDataCells); select fewer codes",
                        max_calls=max_calls,
                        max_cells=max_cells,
                    ),
                    source=tr("SSB table {table}", table=meta.table),
                )
            ],
            what=tr("selection on SSB table {table}", table=meta.table),
        )


def plan_calls(
    meta: Metadata,
    select: Selection | None,
    *,
    max_cells: int,
    url: str = "",
    max_calls: int | None = None,
) -> list[dict[str, str]]:
    """The ``valueCodes[...]`` parameters of each data call needed for ``select``.

    One call when the selection has at most ``max_cells`` cells; otherwise the selection
    is split along its largest locally resolved dimensions, in the table's order, so that
    every call stays within ``max_cells`` and every URL (``url`` plus the parameters)
    within :data:`MAX_URL_LENGTH`.

    :param max_calls: The most calls the plan may have; a selection that needs more is
        refused before the calls are written out (so a tiny ``max_cells`` cannot make a
        plan that fills the memory).
    :raises InvalidInputError: When the selection names an unknown dimension or code, is
        malformed, cannot be split small enough (a ``top``/``bottom`` dimension alone
        over the limit), or needs more than ``max_calls`` calls.
    """
    choices = _choices(meta, select)
    chunks: list[dict[str, _Choice]] = [choices]
    total = math.prod(c.count for c in choices.values())
    splittable = sorted(
        (d for d, c in choices.items() if c.codes is not None and c.count > 1),
        key=lambda d: -choices[d].count,
    )
    for dim in splittable:
        if total <= max_cells:
            break
        count = choices[dim].count
        rest = total // count
        parts = count if rest > max_cells else math.ceil(count / (max_cells // rest))
        if max_calls is not None:
            _within(meta, len(chunks) * parts, max_calls, max_cells)
        chunks = [
            {**chunk, dim: piece}
            for chunk in chunks
            for piece in _split(meta, chunk[dim], dim, parts)
        ]
        total = max(math.prod(c.count for c in chunk.values()) for chunk in chunks)
    if total > max_cells:
        raise InvalidInputError(
            [
                Problem(
                    message=f"the selection needs {total} cells in one call, over the server's "
                    f"limit of {max_cells} (maxDataCells), and cannot be split further: "
                    "select fewer codes, or use codes instead of top()/bottom()",
                    source=tr("SSB table {table}", table=meta.table),
                )
            ],
            what=tr("selection on SSB table {table}", table=meta.table),
        )
    out: list[dict[str, str]] = []
    while chunks:
        if max_calls is not None:
            _within(meta, len(out) + len(chunks), max_calls, max_cells)
        chunk = chunks.pop(0)
        params = _params(meta, chunk)
        if len(url) + len(urlencode(params)) + 1 <= MAX_URL_LENGTH:
            out.append(params)
            continue
        longest = max(
            (d for d, c in chunk.items() if c.codes is not None and c.count > 1),
            key=lambda d: len(chunk[d].text),
            default=None,
        )
        if longest is None:
            raise _problem(
                meta.table,
                max(chunk, key=lambda d: len(chunk[d].text)),
                "the selection is too long for one URL",
                "",
                "fewer codes",
            )
        chunks[:0] = [{**chunk, longest: p} for p in _split(meta, chunk[longest], longest, 2)]
    return out
