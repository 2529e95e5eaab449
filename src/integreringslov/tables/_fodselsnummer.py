"""Fødselsnummer columns: which cells look like one, and the birth dates they encode.

The scalar check lives in :mod:`integreringslov.fodselsnummer` (no pandas); this is the
vectorised column parser the table layer uses. The numbers are never kept: problems
built from :func:`birth_dates` carry a mask, not the number.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from integreringslov._text.privacy import MASK
from integreringslov.fodselsnummer import EXPECTED, SEPARATORS, WRITTEN, decode
from integreringslov.tables._coerce import Parsed, empty_mask

__all__ = ["birth_dates", "shaped"]


def shaped(series: pd.Series) -> pd.Series:
    """``bool`` series: true where a cell is written like an identity number.

    Eleven ASCII digits, perhaps with a separator after the birth date
    (``241270-20120``); the check digits are not looked at. For person ids, which must
    never be one (a mistyped number is still close to someone's).
    """
    text = series.astype("string").str.strip()
    # only a cell of 11 to 13 characters can be one (two separators at most): the pattern
    # runs on those alone, not on every id of a large table
    length = text.str.len().to_numpy(dtype=np.float64, na_value=0)
    maybe = (length >= 11) & (length <= 13)
    found = np.zeros(len(text), dtype=bool)
    if maybe.any():
        found[maybe] = text[maybe].str.fullmatch(WRITTEN).fillna(False).to_numpy(dtype=bool)
    return pd.Series(found, index=series.index)


def birth_dates(series: pd.Series, *, on: date | None = None) -> Parsed:
    """Vectorised :func:`birth_date` over a column of numbers (text).

    Returns a ``Parsed`` whose ``values`` are the birth
    dates (``datetime64``, ``NaT`` where empty or invalid) and whose ``original`` is
    **masked** — the numbers are not kept, so problems built from it cannot leak them.
    Every entry that is not a valid number (wrong length, other digits than 0-9, check
    digits, date) is a per-row problem; nothing here raises on a cell. With ``on``, the
    assessment date, a number whose birth date lies after ``on`` is a problem too (the
    person cannot have been born yet: the number is mistyped or belongs to someone else).
    """
    blank = empty_mask(series)
    text = series.astype("string").str.strip()
    is_shaped = text.str.fullmatch(WRITTEN).fillna(False).astype(bool).to_numpy()
    values = np.full(len(series), np.datetime64("NaT"), dtype="M8[D]")
    if is_shaped.any():
        digits_text = text[is_shaped].str.replace(SEPARATORS, "", regex=True)
        joined = "".join(digits_text.tolist()).encode("ascii")  # [0-9] only: cannot fail
        digits = (np.frombuffer(joined, dtype=np.uint8) - ord("0")).reshape(-1, 11)
        ok, year, month, day = decode(digits)
        safe = np.where(ok, year, 2000)
        d = ((safe - 1970).astype("M8[Y]").astype("M8[M]") + (month - 1)).astype("M8[D]") + (
            day - 1
        )
        idx = np.flatnonzero(is_shaped)
        values[idx[ok]] = d[ok]
    messages: pd.Series | None = None
    if on is not None:
        future = values > np.datetime64(on, "D")
        if future.any():
            values[future] = np.datetime64("NaT")
            why = f"the birth date in the number lies after the assessment date {on:%Y-%m-%d}"
            messages = pd.Series(None, index=series.index, dtype=object)
            messages[future] = why
    out = pd.Series(values.astype("M8[us]"), index=series.index)
    invalid = ~blank & out.isna()
    masked = pd.Series(np.where(blank.to_numpy(), "", MASK), index=series.index, dtype=object)
    return Parsed(
        values=out,
        invalid=invalid.astype(bool),
        original=masked,
        expected=EXPECTED,
        what="a fødselsnummer",
        kind="fodselsnummer",
        messages=messages,
    )
