r"""Keep personal identity numbers out of everything the library shows, logs or writes.

One place (this module) decides what counts as an identity number in free text and how it
is hidden; messages (:class:`~integreringslov.errors.Problem`), reports, reprs, log lines
and the names and headers of written files all go through :func:`redact` (or
:func:`printable`, which also makes the text safe for a terminal).

**What is masked.** A fødselsnummer or D-number (or H- or synthetic test number) is eleven
digits ``DDMMYY IIIKK``; people also write it with one separator after the birth date —
``241270 20120``, ``241270-20120``, ``241270.20120`` — or as ``241270 201 20``.
:func:`redact` masks every such run **whose check digits and date are valid**
(:func:`integreringslov.fodselsnummer.is_valid`), in any Unicode digits. Eleven digits
that fail the check (an account number, a count, a made-up id) are left as they are, so
that ordinary numbers in a message survive: a number that fails the mod-11 check is not
an identity number anyone has been given. Person ids are stricter: the importers refuse
any id *shaped* like an identity number, valid or not (a mistyped number is still close
to a real one).

>>> redact("person 01010050053 was born")
'person *********** was born'
>>> redact("ids 010100-50053 and 010100.50053")
'ids *********** and ***********'
>>> redact("row 12, value 2024, account 12345678901")
'row 12, value 2024, account 12345678901'
>>> printable("liste\x1b[31m.csv")
'liste\\x1b[31m.csv'
>>> printable("Trond\ud800heim\u2028")
'Trond\\ud800heim\\u2028'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

__all__ = [
    "MASK",
    "UNPRINTABLE",
    "UNPRINTABLE_ENCODABLE",
    "printable",
    "printable_lines",
    "redact",
    "redact_all",
    "redact_optional",
]

MASK = "***********"
"""What a redacted identity number is replaced with."""

_CANDIDATE = re.compile(r"(?<![\d])\d{6}[ .\-\u00a0]?\d{3} ?\d{2}(?![\d])")
_SEPARATORS = re.compile(r"[ .\-\u00a0]")
# controls (C0, DEL, C1), the bidirectional overrides that reorder what a terminal shows,
# line and paragraph separators, and lone surrogates (no character: cannot be encoded)
_CONTROLS = "\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
UNPRINTABLE_ENCODABLE = re.compile(f"[{_CONTROLS}]")
""":data:`UNPRINTABLE` without the lone surrogates: for regular-expression engines that
take only encodable text (Arrow's), over text that cannot hold a surrogate."""
UNPRINTABLE = re.compile(f"[{_CONTROLS}\ud800-\udfff]")
"""The characters :func:`printable` escapes: C0 and C1 controls, the bidirectional marks
and overrides that can reorder what a terminal shows, the Unicode line and paragraph
separators (a new line to some terminals and browsers) and lone surrogates (which no
encoding can write)."""


def _mask(match: re.Match[str]) -> str:
    from integreringslov.fodselsnummer import is_valid

    digits = "".join(str(unicodedata.digit(c)) for c in _SEPARATORS.sub("", match.group()))
    return MASK if is_valid(digits) else match.group()


def redact(text: object) -> str:
    """Return ``str(text)`` with every valid identity number masked (see the module)."""
    return _CANDIDATE.sub(_mask, str(text))


def redact_optional(text: object | None) -> str | None:
    """:func:`redact`, keeping ``None`` (an attrs converter for optional text fields)."""
    return None if text is None else redact(text)


def redact_all(texts: Iterable[object]) -> tuple[str, ...]:
    """:func:`redact` of each text (an attrs converter for tuples of text)."""
    return tuple(redact(t) for t in texts)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: object) -> str:
    r""":func:`redact`, then escape control characters as ``\xNN`` (``\uNNNN``).

    For text that reaches a terminal or a log: an ANSI escape sequence or a carriage
    return in a file name, sheet name or cell cannot recolour, move or hide what is shown.
    """
    return UNPRINTABLE.sub(_escape, redact(text))


def printable_lines(text: object) -> str:
    r""":func:`printable` line by line: the line breaks of a multi-line message stay.

    >>> print(printable_lines("two problems:\n  - a\x1b[2Jb"))
    two problems:
      - a\x1b[2Jb
    """
    return "\n".join(printable(line) for line in str(text).split("\n"))
