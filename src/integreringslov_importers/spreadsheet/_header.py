"""Finding the header row under title rows and merged cells."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

from integreringslov_importers.spreadsheet._mapping import SheetMapping
from integreringslov_importers.spreadsheet._vocabulary import _LOOKUP, HEADER_SEARCH_ROWS, _norm


def _fill_merged(rows: list[list[Any]], merged: Sequence[Any]) -> None:
    """Copy a merged block's value to every cell it covers, wherever it is in the sheet.

    Excel shows the value across the whole block (a ``ja`` merged over three persons'
    rows is three persons' ``ja``); the file stores it in the top-left cell only.
    """
    for (r0, c0), (r1, c1) in merged:
        if r0 >= len(rows):
            continue
        value = rows[r0][c0] if c0 < len(rows[r0]) else ""
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(c0, min(c1, len(row) - 1) + 1):
                if row[c] in ("", None):
                    row[c] = value


def _find_header(
    rows: list[list[Any]], mapping: SheetMapping
) -> tuple[int, dict[str, int], list[str]]:
    """The header row (0-based), canonical column → position, and the header texts."""
    wanted = {_norm(v): k for k, v in mapping.columns.items()}
    best: tuple[int, int, dict[str, int], list[str]] = (-1, 0, {}, [])
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        texts = [_norm(c) if isinstance(c, str) else "" for c in row]
        found: dict[str, int] = {}
        for j, t in enumerate(texts):
            if not t:
                continue
            canonical = wanted.get(t)
            if canonical is None and t not in {_norm(v) for v in mapping.columns.values()}:
                canonical = _LOOKUP.get(t)
                if canonical in mapping.columns:  # mapped elsewhere by the user
                    canonical = None
            if canonical is not None and canonical not in found:
                found[canonical] = j
        score = len(found) + 10 * sum(1 for k in found if k in mapping.columns)
        if score > best[0] and found:
            best = (score, i, found, [str(c).strip() if isinstance(c, str) else "" for c in row])
    if best[0] < 0:
        return -1, {}, []
    return best[1], best[2], best[3]


def _closest(names: Sequence[str], headers: Sequence[str]) -> list[str]:
    cand = [h for h in headers if h]
    norm = {_norm(h): h for h in cand}
    out: list[str] = []
    for n in names:
        for m in difflib.get_close_matches(_norm(n), list(norm), n=2, cutoff=0.5):
            if norm[m] not in out:
                out.append(norm[m])
    return out or cand[:5]
