"""Keep personal identity numbers out of output, logs and error messages.

A fødselsnummer or D-number is eleven digits. :func:`redact` replaces any run of exactly
eleven digits (optionally written ``ddmmyy nnnnn``) with a mask, so that text produced by
the library can be shown, logged or written without exposing one.
"""

from __future__ import annotations

import re

__all__ = ["MASK", "redact"]

MASK = "***********"
"""What a redacted identity number is replaced with."""

_ELEVEN_DIGITS = re.compile(r"(?<!\d)\d{6}[ ]?\d{5}(?!\d)")


def redact(text: object) -> str:
    """Return ``str(text)`` with every eleven-digit run masked.

    >>> redact("person 01010112345 was born")
    'person *********** was born'
    >>> redact("row 12, value 2024")
    'row 12, value 2024'
    """
    return _ELEVEN_DIGITS.sub(MASK, str(text))
