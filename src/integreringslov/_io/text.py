r"""Decode downloaded text files and find their delimiter: the one place importers do it.

Norwegian public bodies serve CSV in more than one encoding: IMDi and SSB say
"ISO-8859-1" and mean Windows-1252, files saved again by users are UTF-8 with or without
a byte order mark, and now and then a file has been through two programs and is *doubly
encoded* (UTF-8 read as Latin-1 and saved again as UTF-8: ``Ã¸`` where ``ø`` is meant).
Every importer, the built-in ones and third-party plugins alike, should read text through
this module, so that they all accept and refuse the same files with the same words:

- :func:`decode_text` ``(data, *, source, encoding=None) -> str`` — the strict
  reader for a whole file; anything it cannot read with confidence is a
  :class:`~integreringslov.errors.SourceError` naming the file (and the line, where there
  is one), never a silently replaced character; :func:`decode` reads the same and also
  says which encoding it read (so that a reader can hand UTF-8 bytes to Arrow as they
  are);
- :func:`decode_head` ``(data) -> str`` — the lenient reader for the first kilobytes of a
  file, for ``detect_source``: it never raises;
- :func:`sniff_delimiter` ``(lines, candidates=DELIMITERS) -> str`` — which of ``;``,
  ``,``, tab and ``|`` separates the cells;
- :func:`split_rows` ``(text, *, source, delimiter, limits) -> list[list[str]]`` — the
  records of decoded CSV text, quotes as RFC 4180 has them, within the
  ``Limits``;
- :func:`arrow_text_table` — the same records read by Arrow, every cell as text, for the
  readers that need Arrow's speed (with pyarrow installed).

>>> text = decode_text("Kommune;Bosatt\nFrøya;12\n".encode("cp1252"), source="liste.csv")
>>> text.splitlines()[1]
'Frøya;12'
>>> sniff_delimiter(text.splitlines())
';'
>>> decode_head("Kommune;Frø".encode("utf-8")[:-1])  # the head ends inside 'ø'
'Kommune;Fr'

Plugins may import it (``from integreringslov._io.text import decode_text``); it is part of the
public API.

.. versionadded:: 0.1
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Sequence
from typing import Any

import attrs

from integreringslov._io.limits import DEFAULT_LIMITS, Limits, check
from integreringslov._text.i18n import tr
from integreringslov.errors import SourceError

__all__ = [
    "DELIMITERS",
    "Decoded",
    "arrow_text_table",
    "decode",
    "decode_head",
    "decode_text",
    "lone_surrogate",
    "sniff_delimiter",
    "split_rows",
]

_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile(
    rb"(?<!\\)((?:\\\\)*)"
    rb"(\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    rb"|(?<![dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2})"
)


def lone_surrogate(json_bytes: bytes) -> tuple[str, int] | None:
    r"""The first escape of a lone surrogate in JSON text (``\ud800``) and its byte, if any.

    JSON allows the escape, but it is no character: Python would read it into a string
    that cannot be encoded (pandas, Arrow and every file writer fail on it). A pair
    (``\ud83d\ude00``) is a character and is not reported.

    >>> lone_surrogate(rb'{"a": "x\ud800"}')
    ('\\ud800', 8)
    >>> lone_surrogate(rb'{"a": "\ud83d\ude00"}') is None
    True
    """
    if not _SURROGATE_ESCAPE.search(json_bytes):
        return None
    found = _LONE_SURROGATE.search(json_bytes)
    return None if found is None else (found.group(2).decode(), found.start(2))


DELIMITERS: tuple[str, ...] = (";", ",", "\t", "|")
"""The delimiters :func:`sniff_delimiter` considers by default, in the order ties go."""

_UTF8_BOM = codecs.BOM_UTF8
_WIDE_CODECS = ("utf-16", "utf-32")
_CONTINUATION = range(0x80, 0xC0)
_UNDEFINED_IN_CP1252 = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D})
# UTF-8 of U+0080–U+00FF is 'Â' or 'Ã' followed by a continuation byte (0x80–0xBF); read
# as Latin-1 or Windows-1252 that byte becomes one of these characters.
_AFTER_A_TILDE = "".join(
    sorted(
        {chr(b) for b in _CONTINUATION}
        | {bytes([b]).decode("cp1252") for b in _CONTINUATION if b not in _UNDEFINED_IN_CP1252}
    )
)
_BLANK = re.compile(rb"(?:\xef\xbb\xbf)?\s*")
"""A file with nothing but white space (and perhaps a byte order mark); checked without
copying the file."""
_DOUBLY_ENCODED = re.compile("Ã[" + re.escape(_AFTER_A_TILDE) + "]|Â[\u00a0-\u00bf]")


@attrs.frozen
class Decoded:
    """A decoded file: its text, and the encoding its bytes were read with."""

    text: str
    """The file's text (no byte order mark)."""
    encoding: str
    """The codec's name as :mod:`codecs` gives it: ``utf-8``, ``cp1252``, ``utf-16``, …"""


def decode_text(data: bytes, *, source: str, encoding: str | None = None) -> str:
    r"""Decode a whole downloaded text file, or refuse it with a ``SourceError``.

    In this order:

    1. a file with nothing but white space (and perhaps a byte order mark) is refused as
       empty;
    2. a NUL byte anywhere is refused, with its line: the file is binary or UTF-16/32,
       not text (unless ``encoding`` names UTF-16 or UTF-32), or text with a NUL in it,
       which no CSV format allows;
    3. a forced ``encoding`` is used as it is; when the bytes do not fit it, the error names
       the encoding and the line (also as the problem's ``row``). A UTF-8 byte order mark
       is dropped when the encoding is UTF-8;
    4. otherwise UTF-8, with or without a byte order mark; else Windows-1252 (what IMDi and
       SSB serve as "ISO-8859-1"); else a refusal naming the first byte that is neither
       UTF-8 nor Windows-1252 (0x81, 0x8D, 0x8F, 0x90 or 0x9D, which ISO-8859-1 would read
       as control characters: no Norwegian export contains them);
    5. text that reads ``Ã¸`` where ``ø`` is meant (``Ã`` or ``Â`` followed by what a UTF-8
       continuation byte becomes in Latin-1 or Windows-1252) is refused as doubly encoded,
       naming the line. A file that mixes UTF-8 with Windows-1252 ends here too.

    No character is ever replaced: what cannot be read is an error.

    :param data: The file's bytes.
    :param source: The file's name, for the error.
    :param encoding: Force this encoding (any name :mod:`codecs` knows).
    :raises ~integreringslov.errors.SourceError: As listed above.

    >>> decode_text("æøå".encode("utf-8-sig"), source="a.csv")
    'æøå'
    >>> decode_text(b"Fr\xf8ya", source="a.csv")  # Windows-1252
    'Frøya'
    >>> decode_text(b"Fr\xf8ya", source="a.csv", encoding="utf-8")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    integreringslov.errors.SourceError: a.csv: 1 problem
      - a.csv, row 1: cannot decode the file as utf-8 (line 1, byte 0xf8: invalid start ...
    >>> doubled = "Frøya".encode("utf-8").decode("latin-1").encode("utf-8")  # 'FrÃ¸ya'
    >>> decode_text(doubled, source="a.csv")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    integreringslov.errors.SourceError: a.csv: 1 problem
      - a.csv, row 1: the file looks doubly encoded (UTF-8 read as Latin-1 and saved ...
    """
    return decode(data, source=source, encoding=encoding).text


def decode(data: bytes, *, source: str, encoding: str | None = None) -> Decoded:
    r"""Decode a whole file as :func:`decode_text` does, saying which encoding was read.

    >>> decode("Frøya".encode("utf-8-sig"), source="a.csv")
    Decoded(text='Frøya', encoding='utf-8')
    >>> decode(b"Fr\xf8ya", source="a.csv").encoding
    'cp1252'
    """
    if _BLANK.fullmatch(data):
        raise SourceError(source, tr("the file is empty"))
    codec = _codec_name(encoding, source) if encoding is not None else None
    if not (codec or "").startswith(_WIDE_CODECS):
        nul = data.find(b"\0")
        if nul >= 0:
            line = data.count(b"\n", 0, nul) + 1
            raise SourceError(
                source,
                tr(
                    "the file is binary or UTF-16/32 encoded, not text (a NUL byte at offset "
                    "{nul}, line {line}); if it is UTF-16 text, pass encoding='utf-16'",
                    nul=nul,
                    line=line,
                ),
                row=line,
            )
    if encoding is not None and codec is not None:
        text, read_as = _forced(data, encoding=encoding, codec=codec, source=source), codec
    else:
        text, read_as = _guessed(data, source)
    # (the pattern starts with one of two letters: most files have neither, and are not
    # searched at all)
    doubled = _DOUBLY_ENCODED.search(text) if "Ã" in text or "Â" in text else None
    if doubled:
        raise SourceError(
            source,
            tr(
                "the file looks doubly encoded (UTF-8 read as Latin-1 and saved again: 'Ã¸' "
                "for 'ø'); save it again as UTF-8"
            ),
            row=text.count("\n", 0, doubled.start()) + 1,
            value=doubled.group(),
        )
    return Decoded(text=text, encoding=read_as)


def _codec_name(encoding: str, source: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise SourceError(
            source, tr("cannot decode the file as {encoding}: no such encoding", encoding=encoding)
        ) from None


def _forced(data: bytes, *, encoding: str, codec: str, source: str) -> str:
    if codec == "utf-8":
        data = data.removeprefix(_UTF8_BOM)
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise _undecodable(
            data,
            exc,
            source,
            what=tr("cannot decode the file as {encoding}", encoding=encoding),
            hint=tr("try encoding='utf-8' or encoding='cp1252'"),
        ) from None


def _guessed(data: bytes, source: str) -> tuple[str, str]:
    try:
        return data.removeprefix(_UTF8_BOM).decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise _undecodable(
            data,
            exc,
            source,
            what=tr("the file is neither UTF-8 nor Windows-1252/ISO-8859-1"),
            hint=tr("pass the file's encoding (encoding=...)"),
        ) from None


def _undecodable(
    data: bytes, exc: UnicodeDecodeError, source: str, *, what: str, hint: str
) -> SourceError:
    """``what (line N, byte 0xNN: reason); hint``, with the line as the problem's row."""
    line = data.count(b"\n", 0, exc.start) + 1
    return SourceError(
        source,
        tr(
            "{what} (line {line}, byte 0x{byte:02x}: {reason}); {hint}",
            what=what,
            line=line,
            byte=data[exc.start],
            reason=exc.reason,
            hint=hint,
        ),
        row=line,
    )


def decode_head(data: bytes) -> str:
    r"""Decode the first kilobytes of a file for detection; never raises.

    UTF-8 (a byte order mark is dropped, and a character cut by the end of the head is
    left out), else Windows-1252, else ISO-8859-1. Data with a NUL byte (binary, or
    UTF-16/32) gives ``""``: nothing a text format could recognise. Read the whole file
    with :func:`decode_text`; this is only for guessing what it is.

    >>> decode_head("Region;Navn;År".encode("utf-8-sig"))
    'Region;Navn;År'
    >>> decode_head("År".encode("utf-8")[:1])  # cut inside 'Å'
    ''
    >>> decode_head(b"Fr\xf8ya\x81")  # neither UTF-8 nor Windows-1252
    'Frøya\x81'
    >>> decode_head("år".encode("utf-16"))
    ''
    """
    if b"\0" in data:
        return ""
    try:
        return codecs.getincrementaldecoder("utf-8-sig")().decode(data, final=False)
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def sniff_delimiter(lines: Sequence[str] | str, candidates: Sequence[str] = DELIMITERS) -> str:
    r"""The candidate that occurs most often in ``lines`` (a list of lines, or one text).

    Ties go to the candidate listed first — ``;`` by default, as in Norwegian exports,
    where ``,`` is the decimal mark — and when no candidate occurs at all the first is
    returned. Quotes are not parsed: pass a few lines (the header and some rows), not one
    header whose quoted cells may hold commas.

    >>> sniff_delimiter(["Kommune;Andel", "Frøya;7,5"])
    ';'
    >>> sniff_delimiter("a,b\tc")  # a tie
    ','
    >>> sniff_delimiter(["a\tb", "1\t2"])
    '\t'
    >>> sniff_delimiter(["Kommune"])
    ';'
    """
    if not candidates:
        raise ValueError("sniff_delimiter needs at least one candidate")
    text = lines if isinstance(lines, str) else "\n".join(lines)
    counts = [text.count(c) for c in candidates]
    best = max(range(len(candidates)), key=lambda i: (counts[i], -i))
    return candidates[best]


def split_rows(
    text: str, *, source: str, delimiter: str, limits: Limits = DEFAULT_LIMITS
) -> list[list[str]]:
    r"""The records of decoded CSV ``text`` as lists of cells (nothing dropped, nothing typed).

    Quoting follows RFC 4180 (``"a;b"`` is one cell, ``""`` a quote, a quoted cell may hold
    line breaks); a carriage return alone also ends a record. Records keep their own
    length — a ragged record is the caller's to report. Refused with a
    :class:`~integreringslov.errors.SourceError`: more records than
    ``max_rows``, a record wider than
    ``max_columns``, a quote left open at the end.

    >>> split_rows('a;b\n"x;y";2\n\n3', source="f.csv", delimiter=";")
    [['a', 'b'], ['x;y', '2'], [], ['3']]
    """
    old = csv.field_size_limit()
    csv.field_size_limit(max(old, len(text) + 1))  # field lengths are checked by the caller
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append(row)
            if len(row) > limits.max_columns:
                check(
                    source,
                    "cells in one row",
                    len(row),
                    limits.max_columns,
                    name="max_columns",
                    row=len(rows),
                )
            if len(rows) > limits.max_rows:
                check(source, "rows", len(rows), limits.max_rows, name="max_rows")
    except csv.Error as exc:
        raise SourceError(
            source,
            tr(
                "not a well-formed CSV table (delimiter {delimiter!r}, line {line}): {exc}",
                delimiter=delimiter,
                line=reader.line_num,
                exc=exc,
            ),
            row=len(rows) + 1,
        ) from None
    finally:
        csv.field_size_limit(old)
    return rows


def arrow_text_table(
    data: object,
    names: Sequence[str],
    *,
    delimiter: str,
    quote: str | None = None,
    skip_rows: int = 0,
) -> Any:
    """UTF-8 CSV bytes (or an Arrow buffer) read by Arrow: every cell text, never null.

    ``names`` are the columns, one per cell of a row; ``quote`` ``None`` reads without
    quoting; ``skip_rows`` lines are skipped first; empty lines are skipped. Returns a
    ``pyarrow.Table``, or ``None`` when Arrow will not read it (a row of another width,
    bytes that are not UTF-8) — the caller then reads the text itself, and says what is
    wrong. Needs pyarrow (a core dependency; a caller that must also run without it
    guards the import).
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    source = pa.py_buffer(data) if isinstance(data, bytes) else data
    try:
        return pacsv.read_csv(
            pa.BufferReader(source),
            read_options=pacsv.ReadOptions(column_names=list(names), skip_rows=skip_rows),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                quote_char=quote if quote is not None else False,
                newlines_in_values=False,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
