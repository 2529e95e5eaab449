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

from collections.abc import Iterable
from typing import Any, Protocol

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = ["NUMBER", "SYMBOLS", "WHITESPACE", "ArrowCells", "Cells", "Numbers", "TextCells"]

SYMBOLS = frozenset({".", "..", ":", "-", "...", "....", ".....", "......"})
"""Cell symbols that stand for a missing value; kept in the ``status`` column."""

WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""Every character :meth:`str.strip` takes off (``str.isspace``), for Arrow's trim."""

NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
"""A number as a value cell writes it, once spaces are out and the decimal mark is ``.``."""


@attrs.frozen
class Numbers:
    """A column's cells read as numbers."""

    values: npt.NDArray[np.float64]
    """The number of each cell; NaN for a symbol, an empty cell and a bad cell."""
    status: npt.NDArray[np.object_] | None
    """The symbol of each cell (``""`` where there is none); ``None`` when no cell has one."""
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
        return _numbers(values, number, symbol, empty, lambda: text.to_numpy(dtype=object))


class ArrowCells:
    """Cells held as an Arrow string array (Arrow's CSV parser); the work done in C++."""

    def __init__(self, array: Any) -> None:
        import pyarrow as pa

        self.array = array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array

    def __len__(self) -> int:
        return len(self.array)

    def _stripped(self) -> Any:
        import pyarrow.compute as pc

        return pc.utf8_trim(self.array, characters=WHITESPACE)

    def _symbols(self, stripped: Any) -> npt.NDArray[np.bool_]:
        import pyarrow as pa
        import pyarrow.compute as pc

        symbol = pc.is_in(stripped, value_set=pa.array(sorted(SYMBOLS)))
        return np.asarray(symbol.to_numpy(zero_copy_only=False), dtype=bool)

    def factorize(self) -> tuple[npt.NDArray[np.intp], list[str]]:
        encoded = self.array.dictionary_encode()
        codes = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.intp)
        return codes, [str(u) for u in encoded.dictionary.to_pylist()]

    def cell(self, i: int) -> str:
        return str(self.array[i].as_py())

    def longest(self) -> int:
        import pyarrow.compute as pc

        longest = pc.max(pc.utf8_length(self.array)).as_py()
        return int(longest or 0)

    def blank(self) -> npt.NDArray[np.bool_]:
        import pyarrow.compute as pc

        empty = pc.equal(pc.binary_length(self._stripped()), 0)
        return np.asarray(empty.to_numpy(zero_copy_only=False), dtype=bool)

    def take(self, keep: npt.NDArray[np.bool_]) -> ArrowCells:
        import pyarrow as pa

        return ArrowCells(self.array.filter(pa.array(keep)))

    def marks(self) -> tuple[bool, bool]:
        import pyarrow.compute as pc

        comma = bool(pc.any(pc.match_substring(self.array, ",")).as_py())  # no symbol has ','
        point = pc.match_substring(self.array, ".")
        if not pc.any(point).as_py():
            return comma, False
        symbol = self._symbols(self._stripped())
        return comma, bool((np.asarray(point.to_numpy(zero_copy_only=False)) & ~symbol).any())

    def numbers(self, decimal: str) -> Numbers:
        import pyarrow as pa
        import pyarrow.compute as pc

        n = len(self.array)
        try:  # every cell a plain number: no white space, symbol, empty cell or comma
            values = np.asarray(
                pc.cast(self.array, pa.float64()).to_numpy(zero_copy_only=False), dtype=np.float64
            )
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
        else:
            none = np.zeros(n, dtype=bool)
            return _numbers(values, ~none, none, none, lambda: np.array([], dtype=object))
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
        values = np.asarray(
            pc.cast(pc.if_else(pa.array(number), plain, "0"), pa.float64()).to_numpy(
                zero_copy_only=False
            ),
            dtype=np.float64,
        ).copy()
        values[~number] = np.nan
        return _numbers(
            values,
            number,
            symbol,
            empty,
            lambda: np.asarray(stripped.to_numpy(zero_copy_only=False), dtype=object),
        )


def _numbers(
    values: npt.NDArray[np.float64],
    number: npt.NDArray[np.bool_],
    symbol: npt.NDArray[np.bool_],
    empty: npt.NDArray[np.bool_],
    stripped: Any,
) -> Numbers:
    """The rules shared by both kinds of cells, once each has parsed what it could.

    ``stripped`` gives the stripped cells, asked for only when some cell is a symbol.
    """
    finite = np.isfinite(values)
    bad = ~symbol & ~empty & ~(number & finite)
    if (number & ~finite).any():
        values = values.copy()
        values[~finite] = np.nan
    status = None
    if symbol.any():
        status = np.where(symbol, stripped(), "").astype(object)
    return Numbers(values=values, status=status, bad=bad)
