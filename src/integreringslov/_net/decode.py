r"""Answers decoded through every layer of ``Content-Encoding``, then as JSON (internal).

httpx decodes each chunk it receives whole: a 64 KiB chunk of a gzip bomb becomes 64 MiB
at once, and under ``Content-Encoding: gzip, gzip`` the inner layer multiplies that again
before anything can count it. :func:`decoded` undoes the codings of a header, the last
applied first, and hands on at most :data:`PIECE` bytes at a time from every layer, so the
caller counts the decoded bytes as they come and stops at its limit, having held no more
than a few pieces.

>>> import gzip
>>> twice = gzip.compress(gzip.compress(b"x" * 200_000))
>>> sum(len(piece) for piece in decoded([twice], "gzip, gzip"))
200000
>>> max(len(piece) for piece in decoded([twice], "gzip, gzip")) <= PIECE
True
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Iterator
from typing import Any, Final

from integreringslov._io.text import lone_surrogate

__all__ = ["ACCEPTED", "PIECE", "Undecodable", "decoded", "parse_json"]

PIECE: Final = 1 << 16
"""The most bytes one layer hands on at a time."""
ACCEPTED: Final = "gzip, deflate"
"""The codings the client asks for (``Accept-Encoding``) and undoes."""
_GZIP_MAGIC: Final = b"\x1f\x8b"


class Undecodable(Exception):
    """The answer's ``Content-Encoding`` is unknown, or its compressed data are damaged."""


def decoded(raw: Iterable[bytes], encodings: str) -> Iterator[bytes]:
    """The body ``raw`` with the codings of the header value ``encodings`` undone.

    :raises Undecodable: (while iterating) for a coding other than ``gzip``, ``x-gzip``,
        ``deflate`` and ``identity``, for damaged data, or for data that stop early.
    """
    stream: Iterator[bytes] = iter(raw)
    codings = [c.strip().lower() for c in encodings.split(",") if c.strip()]
    for coding in reversed(codings):
        if coding == "identity":
            continue
        if coding not in ("gzip", "x-gzip", "deflate"):
            raise Undecodable(
                f"the answer is encoded as {coding!r}, which the client did not ask for "
                f"(it accepts {ACCEPTED})"
            )
        stream = _inflate(stream, gzip=coding != "deflate")
    return stream


def _window(head: bytes, gzip: bool) -> int:
    """The zlib ``wbits`` for a stream starting with ``head``: gzip, zlib or raw deflate."""
    if gzip:
        return 16 + zlib.MAX_WBITS
    zlib_header = len(head) >= 2 and head[0] & 0x0F == 8 and (head[0] << 8 | head[1]) % 31 == 0
    return zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS


def _inflate(stream: Iterator[bytes], *, gzip: bool) -> Iterator[bytes]:
    name = "gzip" if gzip else "deflate"
    inflater: zlib._Decompress | None = None
    head = b""
    for chunk in stream:
        data, head = head + chunk, b""
        while True:
            if inflater is None:
                if not data:
                    break
                if not gzip and len(data) < 2:
                    head = data  # the zlib header needs two bytes to be told
                    break
                inflater = zlib.decompressobj(_window(data, gzip))
            try:
                out = inflater.decompress(data, PIECE)
            except zlib.error as exc:
                raise Undecodable(f"the answer's {name} data are damaged ({exc})") from None
            if out:
                yield out
            if inflater.eof:
                data, inflater = inflater.unused_data, None
                if data and not (gzip and data.startswith(_GZIP_MAGIC)):
                    raise Undecodable(f"the answer has bytes after the end of its {name} data")
                continue
            data = inflater.unconsumed_tail
            if not data and len(out) < PIECE:
                break  # all taken in, nothing held back: the next chunk, please
    if inflater is not None or head:
        raise Undecodable(f"the answer's {name} data end before they are complete")


def parse_json(body: bytes) -> Any:
    r"""``body`` as JSON: UTF-8 text, no ``NaN``/``Infinity``, no lone surrogate (``\ud800``).

    :raises ValueError: Saying what is wrong.
    """
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 (byte {exc.start})") from None
    found = lone_surrogate(body)
    if found is not None:
        raise ValueError(f"a lone surrogate {found[0]} (byte {found[1]}) is not text")
    try:
        return json.loads(text, parse_constant=_not_a_number)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def _not_a_number(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")
