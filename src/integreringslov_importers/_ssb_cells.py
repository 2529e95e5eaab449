"""The cells of a StatBank / PxWeb table, one column at a time, by Arrow or by pandas.

The CSV reader (:mod:`._ssb_csv`) holds each column of the file as :class:`ArrowCells`
when pyarrow is installed and the file is regular enough for Arrow's parser, else as
:class:`TextCells` (a numpy array of ``str``, from Python's :mod:`csv` module or from a
workbook). Both answer the same questions with the same answers — what the distinct
cells are, which are blank, which decimal mark the numbers use, and each cell's number or
symbol — so the table does not depend on which one read the file. The rules are written
once, here:

* a cell is read as :meth:`str.strip` leaves it (every Unicode white space, NO-BREAK
  SPACE included);
* a symbol (:data:`SYMBOLS`) is a missing value whose symbol goes in ``status``; an empty
  cell is a missing value with no symbol;
* anything else must be a number once spaces and NO-BREAK SPACEs are taken out (and, with
  a decimal comma, ``,`` read as ``.``): an optional sign, digits with at most one decimal
  mark, an optional exponent (:data:`NUMBER`); ``1e999``, ``inf`` and ``nan`` are not.

>>> cells = TextCells.of([" 1,5", "..", "", "2 000", "x"])
>>> cells.marks()
(True, False)
>>> read = cells.numbers(",")
>>> read.values.tolist()[:2], read.bad.tolist()
([1.5, nan], [False, False, False, False, True])
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = [
    "NUMBER",
    "STATUS_SYMBOLS",
    "SYMBOLS",
    "WHITESPACE",
    "ArrowCells",
    "Cells",
    "CodedCells",
    "Numbers",
    "TextCells",
    "joined",
    "texts",
]

SYMBOLS = frozenset({".", "..", ":", "-", "...", "....", ".....", "......"})
"""Cell symbols that stand for a missing value; kept in the ``status`` column."""

WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""Every character :meth:`str.strip` takes off (``str.isspace``), for Arrow's trim."""

NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
"""A number as a value cell writes it, once spaces are out and the decimal mark is ``.``."""


STATUS_SYMBOLS: tuple[str, ...] = tuple(sorted(SYMBOLS))
"""The symbols in the order :attr:`Numbers.status` numbers them (from 1; 0 is none)."""


@attrs.frozen
class Numbers:
    """A column's cells read as numbers."""

    values: npt.NDArray[np.float64]
    """The number of each cell; NaN for a symbol, an empty cell and a bad cell."""
    status: npt.NDArray[np.int8] | None
    """Each cell's symbol as its position in :data:`STATUS_SYMBOLS` plus one (0: none);
    ``None`` when no cell has a symbol."""
    bad: npt.NDArray[np.bool_]
    """Cells that are neither a number, a symbol nor empty."""


class Cells(Protocol):
    """One column of a table's cells, as text."""

    def __len__(self) -> int:
        """The number of cells."""

    def factorize(self) -> tuple[npt.NDArray[np.intp], list[str]]:
        """Each cell's position among the distinct cells, and those cells (first seen first)."""

    def cell(self, i: int) -> str:
        """The ``i``-th cell as the file writes it."""

    def longest(self) -> int:
        """The length of the longest cell, in characters."""

    def blank(self) -> npt.NDArray[np.bool_]:
        """Which cells hold nothing but white space."""

    def take(self, keep: npt.NDArray[np.bool_]) -> Cells:
        """The cells where ``keep`` is true."""

    def marks(self) -> tuple[bool, bool]:
        """Whether a cell that is not a symbol holds ``,`` and whether one holds ``.``."""

    def numbers(self, decimal: str) -> Numbers:
        """Every cell as a number, a symbol, empty or bad (see the module's rules)."""


class TextCells:
    """Cells held as a numpy array of ``str`` (Python's :mod:`csv` module, a workbook)."""

    def __init__(self, cells: npt.NDArray[np.object_]) -> None:
        self.cells = cells

    @classmethod
    def of(cls, cells: Iterable[str]) -> TextCells:
        """The cells of a list (or any iterable) of text."""
        return cls(np.array(list(cells), dtype=object))

    def __len__(self) -> int:
        return len(self.cells)

    def _stripped(self) -> pd.Series:
        return pd.Series(self.cells, dtype=object).str.strip()

    def factorize(self) -> tuple[npt.NDArray[np.intp], list[str]]:
        codes, uniques = pd.factorize(self.cells)
        return np.asarray(codes, dtype=np.intp), [str(u) for u in uniques]

    def cell(self, i: int) -> str:
        return str(self.cells[i])

    def longest(self) -> int:
        return max(map(len, self.cells), default=0)

    def blank(self) -> npt.NDArray[np.bool_]:
        return (self._stripped() == "").to_numpy(dtype=bool)

    def take(self, keep: npt.NDArray[np.bool_]) -> TextCells:
        return TextCells(self.cells[keep])

    def marks(self) -> tuple[bool, bool]:
        text = self._stripped()
        text = text[~text.isin(SYMBOLS)]
        return (
            bool(text.str.contains(",", regex=False).any()),
            bool(text.str.contains(".", regex=False).any()),
        )

    def numbers(self, decimal: str) -> Numbers:
        text = self._stripped()
        symbol = text.isin(SYMBOLS).to_numpy(dtype=bool)
        empty = (text == "").to_numpy(dtype=bool)
        plain = text.str.replace("\u00a0", "", regex=False).str.replace(" ", "", regex=False)
        if decimal == ",":
            plain = plain.str.replace(",", ".", regex=False)
        number = plain.str.fullmatch(NUMBER).to_numpy(dtype=bool) & ~symbol & ~empty
        values = np.full(len(text), np.nan)
        if number.any():
            values[number] = plain[number].astype(np.float64).to_numpy()
        return _numbers(values, number, symbol, empty, lambda: _status_codes(text))


class ArrowCells:
    """Cells held as an Arrow string array (Arrow's CSV parser); the work done in C++.

    Each question is first asked the cheap way — a cast of the cells as they are, symbols
    as they are written — and only where that fails the long way, cell by cell through the
    module's rules, so a column of plain numbers costs one pass.
    """

    def __init__(self, array: Any) -> None:
        self.array = array  # an Array, or a ChunkedArray as Arrow's CSV reader gives it
        self._found: Any = None

    def _written_symbols(self) -> Any:
        """Each cell's position among the symbols as written («..», no white space), or null.

        Asked by :meth:`marks` and :meth:`numbers` alike: computed once.
        """
        import pyarrow as pa
        import pyarrow.compute as pc

        if self._found is None:
            self._found = pc.index_in(self.array, value_set=pa.array(STATUS_SYMBOLS))
        return self._found

    def __len__(self) -> int:
        return len(self.array)

    def _stripped(self) -> Any:
        import pyarrow.compute as pc

        return pc.utf8_trim(self.array, characters=WHITESPACE)

    @staticmethod
    def _symbols(cells: Any) -> npt.NDArray[np.bool_]:
        import pyarrow as pa
        import pyarrow.compute as pc

        symbol = pc.is_in(cells, value_set=pa.array(STATUS_SYMBOLS))
        return np.asarray(symbol.to_numpy(zero_copy_only=False), dtype=bool)

    def factorize(self) -> tuple[npt.NDArray[np.intp], list[str]]:
        import pyarrow as pa

        encoded = self.array.dictionary_encode()  # one dictionary for every chunk
        chunks = encoded.chunks if isinstance(encoded, pa.ChunkedArray) else [encoded]
        if not chunks:
            return np.zeros(0, dtype=np.intp), []
        codes = np.concatenate([c.indices.to_numpy(zero_copy_only=False) for c in chunks])
        return codes.astype(np.intp), [str(u) for u in chunks[0].dictionary.to_pylist()]

    def cell(self, i: int) -> str:
        return str(self.array[i].as_py())

    def longest(self) -> int:
        import pyarrow.compute as pc

        longest = int(pc.max(pc.binary_length(self.array)).as_py() or 0)  # bytes ≥ characters
        if longest > 100_000:
            longest = int(pc.max(pc.utf8_length(self.array)).as_py() or 0)
        return longest

    def blank(self) -> npt.NDArray[np.bool_]:
        import pyarrow.compute as pc

        # utf8_is_space is str.isspace, character for character (tested): one pass, no copy
        empty = pc.or_(pc.utf8_is_space(self.array), pc.equal(pc.binary_length(self.array), 0))
        return np.asarray(empty.to_numpy(zero_copy_only=False), dtype=bool)

    def take(self, keep: npt.NDArray[np.bool_]) -> ArrowCells:
        import pyarrow as pa

        return ArrowCells(self.array.filter(pa.array(keep)))

    def marks(self) -> tuple[bool, bool]:
        import pyarrow.compute as pc

        comma = bool(pc.any(pc.match_substring(self.array, ",")).as_py())  # no symbol has ','
        written = self._written_symbols().is_valid()
        point = pc.and_not(pc.match_substring(self.array, "."), written)
        if not pc.any(point).as_py():  # a symbol written as it is («..») is no number
            return comma, False
        # a symbol with white space around it is one too: strip only the cells left
        left = ArrowCells(self.array.filter(point))
        return comma, bool((~left._symbols(left._stripped())).any())

    def numbers(self, decimal: str) -> Numbers:
        import pyarrow as pa
        import pyarrow.compute as pc

        n = len(self.array)
        none = np.zeros(n, dtype=bool)
        found = self._written_symbols()
        written = found.is_valid()  # symbols written as they are («..»)
        plain = self.array if decimal == "." else pc.replace_substring(self.array, ",", ".")
        try:  # plain numbers (no white space, empty cell or other text) and such symbols
            values = _floats(plain if found.null_count == n else pc.if_else(written, "0", plain))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
        else:
            if found.null_count == n:
                return _numbers(values, ~none, none, none, lambda: None)
            symbol = np.asarray(written.to_numpy(zero_copy_only=False), dtype=bool)
            codes = np.asarray(found.fill_null(-1).to_numpy(zero_copy_only=False)) + 1
            values[symbol] = np.nan
            return _numbers(values, ~symbol, symbol, none, lambda: codes.astype(np.int8))
        stripped = self._stripped()
        symbol = self._symbols(stripped)
        empty = np.asarray(
            pc.equal(pc.binary_length(stripped), 0).to_numpy(zero_copy_only=False), dtype=bool
        )
        plain = pc.replace_substring(pc.replace_substring(stripped, "\u00a0", ""), " ", "")
        if decimal == ",":
            plain = pc.replace_substring(plain, ",", ".")
        matched = pc.match_substring_regex(plain, f"^{NUMBER}$")
        number = np.asarray(matched.to_numpy(zero_copy_only=False), dtype=bool) & ~symbol & ~empty
        values = _floats(pc.if_else(pa.array(number), plain, "0"))
        values[~number] = np.nan
        return _numbers(
            values,
            number,
            symbol,
            empty,
            lambda: _status_codes(pd.Series(stripped.to_numpy(zero_copy_only=False), dtype=object)),
        )


def _floats(cells: Any) -> npt.NDArray[np.float64]:
    """Arrow's cast of text to float64, as a writable numpy array (raises on a non-number)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    floats = pc.cast(cells, pa.float64()).to_numpy(zero_copy_only=False)
    return np.array(floats, dtype=np.float64)


def _status_codes(stripped: pd.Series) -> npt.NDArray[np.int8]:
    """Each stripped cell's symbol as its position in :data:`STATUS_SYMBOLS` plus one."""
    codes = pd.Index(STATUS_SYMBOLS, dtype=object).get_indexer(pd.Index(stripped, dtype=object))
    return np.asarray(codes + 1, dtype=np.int8)


def _numbers(
    values: npt.NDArray[np.float64],
    number: npt.NDArray[np.bool_],
    symbol: npt.NDArray[np.bool_],
    empty: npt.NDArray[np.bool_],
    status: Callable[[], Any],
) -> Numbers:
    """The rules shared by both kinds of cells, once each has parsed what it could.

    ``status`` gives the status codes, asked for only when some cell is a symbol.
    """
    finite = np.isfinite(values)
    bad = ~symbol & ~empty & ~(number & finite)
    if (number & ~finite).any():
        values = values.copy()
        values[~finite] = np.nan
    return Numbers(values=values, status=status() if symbol.any() else None, bad=bad)


class CodedCells:
    """Cells as positions into their distinct values (Arrow's dictionary encoding).

    Each rule runs once per distinct value, and the answers are spread by position. A
    stub column of a million rows holds a few hundred names, and even a value column
    repeats its figures, so this is the cheap way to ask every question of a long file.
    """

    def __init__(
        self, codes: npt.NDArray[np.intp], distinct: Cells, *, first_seen_first: bool = False
    ) -> None:
        self.codes = codes
        self.distinct = distinct
        self.first_seen_first = first_seen_first
        """Whether the distinct values are unique and in the order the rows first show them
        (as Arrow's dictionary encoding gives them), so that :meth:`factorize` is free."""

    def __len__(self) -> int:
        return len(self.codes)

    def factorize(self) -> tuple[npt.NDArray[np.intp], list[str]]:
        values = texts(self.distinct)
        if self.first_seen_first:
            return self.codes, values
        where: dict[str, int] = {}
        remap = np.fromiter((where.setdefault(v, len(where)) for v in values), np.intp, len(values))
        codes = remap[self.codes]
        order, first = np.unique(codes, return_index=True)  # distinct values first seen first
        seen = order[np.argsort(first)]
        rank = np.empty(len(where), dtype=np.intp)
        rank[seen] = np.arange(len(seen))
        names = list(where)
        return rank[codes], [names[i] for i in seen]

    def cell(self, i: int) -> str:
        return self.distinct.cell(int(self.codes[i]))

    def longest(self) -> int:
        return self.distinct.longest()

    def blank(self) -> npt.NDArray[np.bool_]:
        return self.distinct.blank()[self.codes]

    def take(self, keep: npt.NDArray[np.bool_]) -> CodedCells:
        codes = self.codes[keep]
        used = np.zeros(len(self.distinct), dtype=bool)
        used[codes] = True
        if used.all():
            return CodedCells(codes, self.distinct)
        remap = np.cumsum(used) - 1  # only the values still used: as if never read
        return CodedCells(remap[codes].astype(np.intp), self.distinct.take(used))

    def holds(self, pattern: str) -> bool:
        """Whether a distinct value matches the regular expression ``pattern`` (RE2 syntax)."""
        if isinstance(self.distinct, ArrowCells):
            import pyarrow.compute as pc

            found = pc.any(pc.match_substring_regex(self.distinct.array, pattern))
            return bool(found.as_py())
        return any(re.search(pattern, v) for v in texts(self.distinct))

    def marks(self) -> tuple[bool, bool]:
        return self.distinct.marks()

    def numbers(self, decimal: str) -> Numbers:
        read = self.distinct.numbers(decimal)
        return Numbers(
            values=read.values[self.codes],
            status=None if read.status is None else read.status[self.codes],
            bad=read.bad[self.codes],
        )


def texts(cells: Cells) -> list[str]:
    """Every cell as ``str``, in order."""
    if isinstance(cells, TextCells):
        return [str(c) for c in cells.cells]
    if isinstance(cells, ArrowCells):
        return [str(c) for c in cells.array.to_pylist()]
    return [cells.cell(i) for i in range(len(cells))]


def joined(columns: Sequence[Cells]) -> Cells:
    """The columns one after the other as one column, so that each rule runs once over all.

    Coded columns stay coded (their distinct values side by side), Arrow columns stay Arrow
    (their chunks, not copied); anything else becomes text.
    """
    if all(isinstance(c, CodedCells) for c in columns):
        coded = [c for c in columns if isinstance(c, CodedCells)]
        if all(c.distinct is coded[0].distinct for c in coded):  # one set of values for all
            return CodedCells(np.concatenate([c.codes for c in coded]), coded[0].distinct)
        offsets = np.cumsum([0, *(len(c.distinct) for c in coded[:-1])])
        return CodedCells(
            np.concatenate([c.codes + at for c, at in zip(coded, offsets, strict=True)]),
            joined([c.distinct for c in coded]),
        )  # the same value in two columns is there twice: no factorize of this one
    if all(isinstance(c, ArrowCells) for c in columns):
        import pyarrow as pa

        chunks = [
            chunk
            for c in columns
            if isinstance(c, ArrowCells)
            for chunk in (c.array.chunks if isinstance(c.array, pa.ChunkedArray) else [c.array])
        ]
        return ArrowCells(pa.chunked_array(chunks, type=pa.string()))
    return TextCells(
        np.concatenate(
            [
                c.cells if isinstance(c, TextCells) else np.array(texts(c), dtype=object)
                for c in columns
            ]
        )
    )
