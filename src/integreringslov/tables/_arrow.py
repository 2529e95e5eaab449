"""Arrow's text, read straight from its buffers: lengths, first bytes, hashes, blanks.

A pyarrow-backed text column (pandas ``str`` or ``string[pyarrow]``) holds its texts as
Arrow arrays: an offsets buffer (where each text starts) and a data buffer (the UTF-8
bytes). What the rules need of a million such texts — whether any is blank, how long each
is, whether two may be equal, a short code's byte — is read here from those buffers with
numpy, without making a Python string per cell. Each function answers ``None`` for a
column that is not Arrow text, and its caller then reads the texts the ordinary way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["ONE_BYTE_TEXTS", "arrow_text", "blank", "byte_lengths", "one_byte_codes", "text_hashes"]


def arrow_text(series: pd.Series) -> Any:
    """The Arrow strings behind a pyarrow-backed text column (no copy); else ``None``."""
    if isinstance(series.dtype, pd.StringDtype) and series.dtype.storage == "pyarrow":
        import pyarrow as pa

        return pa.array(series.array)  # through ``__arrow_array__``: no copy
    return None


_MIX = (0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB)
"""splitmix64's constants: a length's multiplier and the finaliser's two."""
_KEEP = np.array([2 ** (8 * k) - 1 for k in range(9)], dtype=np.uint64)
"""For a word with ``k`` bytes of the text left (0–8): the mask that keeps just those."""


def text_hashes(texts: pd.Series) -> np.ndarray | None:
    """A 64-bit hash of each text of a pyarrow-backed column; ``None`` for any other column.

    Equal texts have equal hashes, so where the hashes are all different the texts are
    too — a million ids told apart in a third of the time of Arrow's hash table of the
    texts themselves. Equal hashes prove nothing: the caller then compares the texts.
    Each text is read eight bytes at a time straight from Arrow's buffer (no Python
    string is made), and each of its words is mixed in with splitmix64's finaliser.
    """
    return _per_chunk(texts, _hashes_of, np.uint64)


def _chunks(arrow: Any) -> list[Any]:
    """The arrays of an Arrow array or chunked array."""
    import pyarrow as pa

    return list(arrow.chunks) if isinstance(arrow, pa.ChunkedArray) else [arrow]


def _per_chunk(
    texts: pd.Series, of_chunk: Callable[[Any], np.ndarray | None], dtype: type[np.generic]
) -> np.ndarray | None:
    """``of_chunk`` of each Arrow array behind a pyarrow-backed column, joined.

    ``None`` for any other column, or when ``of_chunk`` declines an array (``None``).
    """
    arrow = arrow_text(texts)
    if arrow is None:
        return None
    parts = []
    for chunk in _chunks(arrow):
        part = of_chunk(chunk)
        if part is None:
            return None
        parts.append(part)
    return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)


def _offsets_of(chunk: Any) -> np.ndarray | None:
    """The ``n + 1`` offsets of an Arrow string array; ``None`` for another type.

    Each text starts at its offset in the array's buffer; the last offset is the end.
    """
    import pyarrow as pa

    if chunk.type == pa.string():
        width: type[np.signedinteger[Any]] = np.int32
    elif chunk.type == pa.large_string():
        width = np.int64
    else:
        return None
    offsets_buffer = chunk.buffers()[1]
    return np.frombuffer(offsets_buffer, dtype=width)[chunk.offset : chunk.offset + len(chunk) + 1]


def byte_lengths(texts: pd.Series) -> np.ndarray | None:
    """The length in bytes of each text of a pyarrow-backed column; ``None`` for another.

    From Arrow's offsets, without reading the texts.
    """

    def lengths(chunk: Any) -> np.ndarray | None:
        offsets = _offsets_of(chunk)
        return None if offsets is None else np.diff(offsets)

    return _per_chunk(texts, lengths, np.int64)


def _hashes_of(chunk: Any) -> np.ndarray | None:
    """:func:`text_hashes` of one Arrow string array (``None``: not plain or large strings)."""
    offsets = _offsets_of(chunk)
    if offsets is None:
        return None
    data_buffer = chunk.buffers()[2]
    n = len(chunk)
    first, end = (int(offsets[0]), int(offsets[-1])) if n else (0, 0)
    starts = offsets[:-1].astype(np.int64) - first
    lengths = np.diff(offsets).astype(np.int64)
    # this array's bytes only (a slice of a column shares the whole column's buffer),
    # with room for the last word of the last text
    data = np.frombuffer(data_buffer or b"", dtype=np.uint8)[first:end]
    padded = np.zeros(len(data) + 8, dtype=np.uint8)
    padded[: len(data)] = data
    # every eight bytes from every position, unaligned: ``words[i]`` is bytes i … i + 7
    words = np.ndarray(shape=(len(data) + 1,), dtype="<u8", buffer=padded, strides=(1,))
    length_mix, m2, m3 = (np.uint64(m) for m in _MIX)
    hashes = lengths.astype(np.uint64) * length_mix
    longest = int(lengths.max()) if n else 0
    for at in range(0, longest, 8):
        word = words[np.minimum(starts + at, len(data))] & _KEEP[np.clip(lengths - at, 0, 8)]
        x = hashes ^ word
        x ^= x >> np.uint64(30)
        x *= m2
        x ^= x >> np.uint64(27)
        x *= m3
        x ^= x >> np.uint64(31)
        # a text is mixed once per word of its own, however long the others are (so
        # that a text hashes alike in any chunk)
        hashes = hashes ^ ((x ^ hashes) * (lengths > at)) if at else x
    return hashes


def blank(arrow: Any) -> np.ndarray:
    """Where a text of an Arrow array is missing, empty or white space throughout.

    Only a text whose first byte is not a printable ASCII character (``!`` to DEL) can be
    white space throughout: Arrow's ``utf8_is_space`` reads just those, found by their
    first bytes in Arrow's buffer.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    parts = []
    for chunk in _chunks(arrow):
        offsets = _offsets_of(chunk)
        if offsets is None:  # another type of text: every text read
            blank = pc.or_(pc.equal(pc.binary_length(chunk), 0), pc.utf8_is_space(chunk))
            parts.append(pc.fill_null(blank, True).to_numpy(zero_copy_only=False))
            continue
        data = np.frombuffer(chunk.buffers()[2] or b"\0", dtype=np.uint8)
        lengths = np.diff(offsets)
        first = np.take(data, offsets[:-1], mode="clip")  # (of an empty text: not read)
        maybe = np.flatnonzero((lengths > 0) & ((first < 0x21) | (first >= 0x80)))
        empty = lengths == 0
        if len(maybe):
            spaces = pc.utf8_is_space(chunk.take(pa.array(maybe)))
            empty[maybe] = pc.fill_null(spaces, False).to_numpy(zero_copy_only=False)
        if chunk.null_count:
            empty |= chunk.is_null().to_numpy(zero_copy_only=False)
        parts.append(empty)
    return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)


ONE_BYTE_TEXTS = pd.Index([chr(byte) for byte in range(128)] + [""], dtype=object)
"""Every text of at most one byte, at its code in :func:`one_byte_codes`: ASCII, then empty."""


def one_byte_codes(texts: pd.Series) -> np.ndarray | None:
    """Each text's position in :data:`ONE_BYTE_TEXTS` (``-1``: missing), by its byte.

    What :func:`pandas.factorize` gives a column of short codes (a letter, a yes/no mark),
    with :data:`ONE_BYTE_TEXTS` for its uniques, in a fifth of its time: each text's first
    byte is read from Arrow's buffer at its offset. ``None`` unless the column is Arrow
    text and no text is longer than one byte (a text of one byte is an ASCII character).
    """

    def codes(chunk: Any) -> np.ndarray | None:
        offsets = _offsets_of(chunk)
        if offsets is None:
            return None
        lengths = np.diff(offsets)
        if len(lengths) and int(lengths.max()) > 1:
            return None
        data = np.frombuffer(chunk.buffers()[2] or b"\0", dtype=np.uint8)
        if len(lengths) and int(data[int(offsets[0]) : int(offsets[-1])].max(initial=0)) >= 128:
            return None  # a byte of one that is not ASCII: not UTF-8, read the ordinary way
        # the text's byte where it has one, else the empty text's code (arithmetic: a
        # ``where`` takes six times as long)
        out = np.take(data, offsets[:-1], mode="clip").astype(np.int16)  # (empty: not read)
        empty_code = len(ONE_BYTE_TEXTS) - 1
        out -= empty_code
        out *= lengths.astype(np.int16)
        out += empty_code
        if chunk.null_count:  # a missing text: -1 (whatever its slot holds)
            out = (out + 1) * chunk.is_valid().to_numpy(zero_copy_only=False) - 1
        return out

    return _per_chunk(texts, codes, np.int16)
