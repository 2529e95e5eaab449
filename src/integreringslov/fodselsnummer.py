"""Fødselsnummer and D-number: check digits and the birth date they encode.

A Norwegian national identity number is eleven digits ``DDMMYY III K1 K2``: the birth
date, a three-digit individual number ``III`` (which with ``YY`` gives the century), and
two mod-11 check digits. Variants handled here:

- **D-number** (*D-nummer*, for foreigners without a fødselsnummer): 4 added to the first
  digit of the day (day 41–71);
- **H-number** (*H-nummer*, assigned by health services): 40 added to the month;
- **synthetic test numbers** (Skatteetaten's Tenor test data): 80 added to the month.

Only ASCII digits count. The usual separators after the birth date (``241270 20120``,
``241270-20120``, ``241270.20120``, ``241270 201 20``) are stripped first; Arabic-Indic,
fullwidth or other digits make an entry invalid — a problem for that row, never an
exception for the column.

The number is personal data. Nothing in this module puts it into a message, a repr or a
log: errors say *what* is wrong (length, check digit, date), never the number.

>>> birth_date("01010049918")  # made up; individual number 499 → 1900s
datetime.date(1900, 1, 1)
>>> birth_date("01010050053")  # individual number 500 with year 00 → 2000s
datetime.date(2000, 1, 1)
>>> is_valid("01010050054")
False

.. note::
   From 2032 the Norwegian Tax Administration plans numbers whose check digits follow a
   new scheme; those are not handled here and will be reported as invalid.
"""

from __future__ import annotations

import re
from datetime import date

import numpy as np

__all__ = ["EXPECTED", "birth_date", "check_digits", "is_valid"]

_W1 = np.array([3, 7, 6, 1, 8, 9, 4, 5, 2], dtype=np.int64)
_W2 = np.array([5, 4, 3, 2, 7, 6, 5, 4, 3, 2], dtype=np.int64)
WRITTEN = r"[0-9]{6}[ .\-\u00a0]?[0-9]{3} ?[0-9]{2}"
"""How a number may be written: eleven digits, perhaps a separator after the birth date."""
SEPARATORS = r"[ .\-\u00a0]"
"""The separators stripped before the digits are read."""
EXPECTED = "an 11-digit fødselsnummer or D-number with valid check digits and date"
"""What a fødselsnummer column accepts, in words (each problem's ``expected``)."""


def _check(weights: np.ndarray, digits: np.ndarray) -> np.ndarray:
    """Mod-11 check digit per row; 10 marks "no valid check digit"."""
    r = 11 - (digits @ weights) % 11
    return np.where(r == 11, 0, r)


def check_digits(first_nine: str) -> tuple[int, int] | None:
    """The two check digits for the first nine digits, or ``None`` if none exist.

    >>> check_digits("010100500")
    (5, 3)
    """
    if not re.fullmatch(r"[0-9]{9}", first_nine):
        raise ValueError("expected nine digits")
    d = np.array([int(c) for c in first_nine], dtype=np.int64)
    k1 = int(_check(_W1, d[None, :])[0])
    if k1 == 10:
        return None
    k2 = int(_check(_W2, np.append(d, k1)[None, :])[0])
    if k2 == 10:
        return None
    return k1, k2


def decode(digits: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Vectorised core: (ok, year, month, day) for an (n, 11) digit array.

    Used by :func:`birth_date` and by the table layer's column parser.
    """
    d = digits.astype(np.int64)
    k1 = _check(_W1, d[:, :9])
    k2 = _check(_W2, np.column_stack([d[:, :9], k1]))
    ok = (k1 != 10) & (k2 != 10) & (k1 == d[:, 9]) & (k2 == d[:, 10])
    day = d[:, 0] * 10 + d[:, 1]
    month = d[:, 2] * 10 + d[:, 3]
    yy = d[:, 4] * 10 + d[:, 5]
    ind = d[:, 6] * 100 + d[:, 7] * 10 + d[:, 8]
    day = np.where(day > 40, day - 40, day)  # D-number
    month = np.where(month > 80, month - 80, np.where(month > 40, month - 40, month))
    century = np.select(
        [
            ind <= 499,
            (ind >= 500) & (ind <= 749) & (yy >= 54),
            (ind >= 500) & (yy <= 39),
            (ind >= 900) & (yy >= 40),
        ],
        [1900, 1800, 2000, 1900],
        default=-1,
    )
    ok &= century > 0
    year = century + yy
    ok &= (month >= 1) & (month <= 12) & (day >= 1) & (day <= 31)
    # real calendar date? (e.g. 30 February)
    safe_m = np.clip(month, 1, 12)
    safe_y = np.where(ok, year, 2000)
    first = (safe_y - 1970).astype("M8[Y]").astype("M8[M]") + (safe_m - 1)
    length = ((first + 1).astype("M8[D]") - first.astype("M8[D]")).astype(np.int64)
    ok &= day <= length
    return ok, year, month, day


def birth_date(number: str) -> date:
    """The birth date encoded in a fødselsnummer, D-number, H-number or test number.

    Raises :class:`ValueError` saying what is wrong — never repeating the number.
    """
    written = str(number).strip()
    if not re.fullmatch(WRITTEN, written):
        raise ValueError("a fødselsnummer has exactly eleven digits (0-9)")
    text = re.sub(SEPARATORS, "", written)
    digits = np.frombuffer(text.encode("ascii"), dtype=np.uint8)[None, :] - ord("0")
    ok, year, month, day = decode(digits)
    if not ok[0]:
        raise ValueError("not a valid fødselsnummer (check digits, century or date)")
    return date(int(year[0]), int(month[0]), int(day[0]))


def is_valid(number: str) -> bool:
    """Whether ``number`` is a valid fødselsnummer (or D-, H- or test number)."""
    try:
        birth_date(number)
    except ValueError:
        return False
    return True
