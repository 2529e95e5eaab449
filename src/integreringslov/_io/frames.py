"""Datarammer (data frames) of every kind: the one place where a user's frame enters and leaves.

The rules, the validation and the settlement engine are written once, for pandas. A user
may hold the same table as a polars ``DataFrame``, a polars ``LazyFrame`` or a pyarrow
``Table``; this module turns any of them into pandas on the way in and the result back into
the caller's kind on the way out, always through Arrow (zero-copy where the column types
allow it, for instance numbers without gaps and pandas' Arrow-backed strings). The rules
take a large polars or Arrow table into pandas a slice of rows at a time, as they work on
it (:class:`Entered`), rather than as a whole second copy of the table:

- :func:`enter`, :func:`convert` and :func:`kind_of`, which
  :func:`integreringslov.assess_frame`, :func:`integreringslov.assess_panel` and the plugin
  host's reading of frames use;
- :func:`accepts_frames` — the decorator that lets :func:`~integreringslov.recommend`
  take every kind of criteria table.

On the way in, a frame is checked the way a file is (integer row numbers as a person counts
them): duplicate column labels, cells that hold a list, a dict or another object rather
than one value, and date-times with a time zone are reported as
:class:`~integreringslov.errors.Problem` records in one
:class:`~integreringslov.errors.InvalidInputError`, never as an ``AttributeError`` or a
``TypeError`` from deep inside pandas.

A ``LazyFrame`` is collected on the way in and the result is returned as
``result.lazy()`` (collected-then-lazy, not a lazy wrapper): the rules need every column of
every row at once, and a problem in the input must be raised when the call is made, not at
some later ``collect()`` far from the cause.

polars and pyarrow are imported only when a frame of theirs is passed in; turning a polars
frame into pandas needs pyarrow, which the ``[polars]`` extra installs — without it the
conversion raises :class:`~integreringslov.errors.MissingExtraError` naming the extra.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import importlib
import inspect
import sys
from collections.abc import Callable
from types import ModuleType
from typing import (
    TYPE_CHECKING,
    Any,
    Concatenate,
    Literal,
    ParamSpec,
    TypeAlias,
    TypeVar,
)

import attrs
import numpy as np
import pandas as pd

from integreringslov._text.i18n import N_
from integreringslov.errors import InvalidInputError, MissingExtraError, Problem
from integreringslov.tables._coerce import source_row

if TYPE_CHECKING:  # pragma: no cover - for type checkers only
    import polars as pl
    import pyarrow as pa

__all__ = [
    "FRAMES_NOTE",
    "AnyFrame",
    "Entered",
    "FrameKind",
    "FrameT",
    "accepts_frames",
    "check_frame",
    "convert",
    "enter",
    "kind_of",
    "noted",
]

AnyFrame: TypeAlias = "pd.DataFrame | pl.DataFrame | pl.LazyFrame | pa.Table"
"""Every kind of frame the public API takes: pandas, polars (eager or lazy), pyarrow."""
FrameKind = Literal["pandas", "polars", "polars-lazy", "arrow"]
"""The kind of a frame, as :func:`kind_of` names it."""

FrameT = TypeVar("FrameT", bound=AnyFrame)
P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

_SCALARS = (
    str,
    bool,
    int,
    float,
    complex,
    decimal.Decimal,
    dt.date,
    dt.time,
    dt.timedelta,
    np.generic,
)
"""Python types whose values are one cell's worth (``datetime`` is a ``date``)."""
_SCALAR_INFERRED = frozenset(
    {
        "empty",
        "string",
        "boolean",
        "integer",
        "floating",
        "mixed-integer-float",
        "decimal",
        "complex",
        "date",
        "time",
        "timedelta",
    }
)
"""What :func:`pandas.api.types.infer_dtype` says of object columns that need no cell scan."""
_EXPECTED_CELL = "one value per cell: text, a number, a date or yes/no"
_EXPECTED_NAIVE = (
    "dates, or date-times without a time zone (for example "
    "series.dt.tz_convert('Europe/Oslo').dt.tz_localize(None))"
)


def _loaded(module: str) -> ModuleType | None:
    """The module if the caller has imported it (a frame of its kind can only exist then)."""
    return sys.modules.get(module)


def _need(module: str, purpose: str) -> ModuleType:
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError("polars", module, purpose) from None


def kind_of(frame: object) -> FrameKind | None:
    """The kind of ``frame``, or ``None`` when it is not a frame this library takes.

    >>> import pandas as pd
    >>> kind_of(pd.DataFrame()), kind_of([1, 2])
    ('pandas', None)
    """
    if isinstance(frame, pd.DataFrame):
        return "pandas"
    pl = _loaded("polars")
    if pl is not None:
        if isinstance(frame, pl.DataFrame):
            return "polars"
        if isinstance(frame, pl.LazyFrame):
            return "polars-lazy"
    pa = _loaded("pyarrow")
    if pa is not None and isinstance(frame, pa.Table):
        return "arrow"
    return None


def check_frame(frame: pd.DataFrame, *, source: str | None = None) -> list[Problem]:
    """Problems a frame handed to the API has that a file could not have.

    Duplicate column labels; cells holding a list, dict, set or other object instead of
    one value (each cell named by its row); columns of date-times with a time zone (a date
    in the law is a calendar date, and which zone's calendar is meant is the caller's
    decision, not a guess of ours).

    >>> import pandas as pd
    >>> frame = pd.DataFrame([[1, [2]], [3, 4]], columns=["a", "a"], index=[1, 2])
    >>> [str(p) for p in check_frame(frame)]  # doctest: +NORMALIZE_WHITESPACE
    ["column 'a': the column label appears 2 times (expected each column label once)",
     "row 1, column 'a': the cell holds a list, not one value (found 'list';
     expected one value per cell: text, a number, a date or yes/no)"]
    """
    return [problem for problem, _ in _located_problems(frame, source)]


def split_problems(frame: pd.DataFrame, source: str) -> tuple[list[Problem], pd.DataFrame]:
    """The problems of :func:`check_frame`, and the rows of ``frame`` that have none.

    A problem of the whole table (a duplicate label, a column of zoned date-times) leaves no
    row to validate; a problem of a cell leaves out its row. The host runs this on every
    table before validation, so that a plugin's or a caller's frame gets a report.
    """
    located = _located_problems(frame, source)
    problems = [problem for problem, _ in located]
    if any(position is None for _, position in located):
        return problems, frame.iloc[0:0]
    if not located:
        return problems, frame
    keep = np.ones(len(frame), dtype=bool)
    keep[[position for _, position in located if position is not None]] = False
    return problems, frame.iloc[keep]


def _located_problems(
    frame: pd.DataFrame, source: str | None
) -> list[tuple[Problem, int | None]]:
    """Each problem of :func:`check_frame` with its row's position (``None``: the table)."""
    problems: list[tuple[Problem, int | None]] = []
    labels = pd.Index(frame.columns)
    counts = labels.value_counts(sort=False)
    for label, count in counts[counts > 1].items():
        problem = Problem(
            message=f"the column label appears {count} times",
            source=source,
            column=str(label),
            expected="each column label once",
            check="unique_column_labels",
        )
        problems.append((problem, None))
    for position in range(frame.shape[1]):
        column = frame.iloc[:, position]
        problems += _column_problems(column, str(labels[position]), frame.index, source)
    return problems


def _column_problems(
    column: pd.Series, label: str, index: pd.Index, source: str | None
) -> list[tuple[Problem, int | None]]:
    dtype = column.dtype
    if isinstance(dtype, pd.DatetimeTZDtype):
        zoned = Problem(
            message=f"the date-times carry a time zone ({dtype.tz})",
            source=source,
            column=label,
            expected=_EXPECTED_NAIVE,
            check="timezone_naive",
        )
        return [(zoned, None)]
    if isinstance(dtype, pd.ArrowDtype) and dtype.pyarrow_dtype.num_fields > 0:
        nested = Problem(
            message=f"the column holds nested values ({dtype.pyarrow_dtype})",
            source=source,
            column=label,
            expected=_EXPECTED_CELL,
            check="scalar_cells",
        )
        return [(nested, None)]
    if not pd.api.types.is_object_dtype(dtype):
        return []
    inferred = pd.api.types.infer_dtype(column, skipna=True)
    if inferred in _SCALAR_INFERRED:
        return []
    out: list[tuple[Problem, int | None]] = []
    for position, value in enumerate(column.tolist()):
        if value is None or value is pd.NA or value is pd.NaT:
            continue
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            message, expected, check = (
                "the date-time carries a time zone",
                _EXPECTED_NAIVE,
                "timezone_naive",
            )
        elif not isinstance(value, _SCALARS):
            message = f"the cell holds a {type(value).__name__}, not one value"
            expected, check = _EXPECTED_CELL, "scalar_cells"
        else:
            continue
        problem = Problem(
            message=message,
            source=source,
            row=source_row(index, position),
            column=label,
            value=type(value).__name__ if check == "scalar_cells" else str(value),
            expected=expected,
            check=check,
        )
        out.append((problem, position))
    return out


@attrs.define
class Entered:
    """A caller's frame taken in: pandas, whole or a slice of rows at a time, and the way back.

    A pandas frame is held as it is. A polars or Arrow frame is held as Arrow when
    :func:`enter` was asked to keep it (``whole=False``) and is turned into pandas only as
    far as it is read: :meth:`rows` converts a slice, :attr:`frame` the whole table (once).
    Rows of a polars or Arrow frame are indexed 1, 2, … as a person counts them, in a
    slice as in the whole.
    """

    kind: FrameKind
    """The kind the caller passed in, and gets back from :meth:`leave`."""
    _frame: pd.DataFrame | None = attrs.field(default=None, repr=False, alias="frame")
    _arrow: pa.Table | None = attrs.field(default=None, repr=False, alias="arrow")

    @property
    def frame(self) -> pd.DataFrame:
        """The whole frame as pandas (a kept Arrow table is converted on first use)."""
        if self._frame is None:
            assert self._arrow is not None  # one of the two is always held
            self._frame = _arrow_to_pandas(self._arrow, first=1)
        return self._frame

    def __len__(self) -> int:
        return len(self._frame) if self._frame is not None else len(self._arrow)  # type: ignore[arg-type]

    @property
    def columns(self) -> pd.Index:
        """The column labels."""
        if self._frame is not None:
            return self._frame.columns
        return pd.Index(self._arrow.column_names)  # type: ignore[union-attr]

    @property
    def index(self) -> pd.Index:
        """The row labels: pandas' own, or 1, 2, … for a polars or Arrow frame."""
        return self._frame.index if self._frame is not None else pd.RangeIndex(1, len(self) + 1)

    def rows(self, start: int, stop: int) -> pd.DataFrame:
        """Rows ``start`` to ``stop`` (positions, ``stop`` excluded) as pandas.

        From a kept Arrow table only these rows are converted: a large table read a slice
        at a time reuses the memory of the last slice for the next.
        """
        if self._frame is not None:
            return self._frame.iloc[start:stop]
        assert self._arrow is not None
        stop = min(stop, len(self._arrow))
        return _arrow_to_pandas(self._arrow.slice(start, max(stop - start, 0)), first=start + 1)

    def column(self, name: str) -> pd.Series:
        """The whole column ``name`` as pandas (from a kept Arrow table, this column only)."""
        if self._frame is not None:
            return self._frame[name]
        assert self._arrow is not None
        return _arrow_to_pandas(self._arrow.select([name]), first=1)[name]

    def leave(self, result: pd.DataFrame) -> Any:
        """``result`` as the caller's kind (see :func:`convert`)."""
        return convert(result, self.kind)


def enter(
    frame: AnyFrame,
    *,
    source: str | None = None,
    what: str = "the frame",
    check: bool = True,
    whole: bool = True,
) -> Entered:
    """Take a caller's frame in: convert it to pandas and check it (:func:`check_frame`).

    With ``check=False`` the problems of :func:`check_frame` are left to the caller (the
    plugin host reports them, as ``read_frame`` does); polars ``Object`` columns, which
    cannot be converted at all, are refused either way.

    With ``whole=False`` a polars or Arrow frame is kept as Arrow, to be converted a slice
    of rows at a time (:meth:`Entered.rows`), when every column of it becomes a typed
    pandas column: its problems are then those of its columns' types (a time zone, nested
    values, a label twice), found without converting a row. A column that would become
    Python objects (decimals, times, bytes, a column of nothing but nulls) has its cells
    checked one by one, so such a frame is converted whole, as with ``whole=True``.

    :raises TypeError: When ``frame`` is not a frame of a kind this library takes.
    :raises InvalidInputError: With every problem of :func:`check_frame`, named after
        ``source`` (or ``what``).
    :raises MissingExtraError: When a polars frame comes in without pyarrow installed.
    """
    kind = kind_of(frame)
    if kind is None:
        raise TypeError(
            f"{what} must be a pandas, polars (DataFrame or LazyFrame) or pyarrow table, "
            f"not {type(frame).__name__}"
        )
    if kind in ("polars", "polars-lazy"):
        objects = _polars_objects(frame, source)
        if objects:
            raise InvalidInputError(objects, what=source or what)
    if kind == "pandas":
        checked: pd.DataFrame = frame  # type: ignore[assignment]
        entered = Entered(kind, frame=checked)
    else:
        entered = Entered(kind, arrow=_to_arrow(frame, kind))
        checked = entered.rows(0, 0)  # the columns' types, not a row converted
        if whole or _has_objects(checked):
            checked = entered.frame
    problems = check_frame(checked, source=source) if check else []
    if problems:
        raise InvalidInputError(problems, what=source or what)
    return entered


def _has_objects(frame: pd.DataFrame) -> bool:
    """Whether a column of ``frame`` holds Python objects (whose cells need checking)."""
    return any(pd.api.types.is_object_dtype(dtype) for dtype in frame.dtypes)


def _polars_objects(frame: Any, source: str | None) -> list[Problem]:
    """The ``Object`` columns of a polars frame (Python objects, which Arrow cannot carry)."""
    import polars as pl

    return [
        Problem(
            message="the column holds Python objects (polars Object)",
            source=source,
            column=name,
            expected=_EXPECTED_CELL,
            check="scalar_cells",
        )
        for name, dtype in frame.collect_schema().items()
        if dtype == pl.Object
    ]


def _to_arrow(frame: Any, kind: FrameKind) -> pa.Table:
    """A polars or Arrow frame as an Arrow table (a polars frame's columns, mostly unchanged)."""
    if kind == "polars-lazy":
        frame = frame.collect()
    if kind != "arrow":
        _need("pyarrow", N_("turning a polars frame into pandas"))
        frame = frame.to_arrow()
    return frame


def _arrow_to_pandas(table: pa.Table, *, first: int) -> pd.DataFrame:
    """An Arrow table as pandas, its rows indexed from ``first`` on."""
    # date32 columns become datetime64, as the library holds dates in pandas; one block per
    # column, so that columns without gaps are not copied into a consolidated block
    pdf: pd.DataFrame = table.to_pandas(date_as_object=False, split_blocks=True)
    pdf.index = pd.RangeIndex(first, first + len(pdf))  # rows as a person counts them
    return pdf


def convert(frame: pd.DataFrame, kind: FrameKind) -> Any:
    """A pandas ``frame`` as ``kind``, through Arrow; its index is dropped for other kinds.

    Categoricals become Arrow dictionaries (polars ``Categorical``), dates stay
    date-times (as the library holds them in pandas).

    >>> import pandas as pd
    >>> convert(pd.DataFrame({"a": [1, 2]}), "arrow").column_names
    ['a']
    """
    if kind == "pandas":
        return frame
    pa = _need("pyarrow", N_("returning a polars or Arrow frame"))
    table = pa.Table.from_pandas(frame, preserve_index=False)
    if kind == "arrow":
        return table
    pl = _need("polars", N_("returning a polars frame"))
    out = pl.from_arrow(table)
    return out.lazy() if kind == "polars-lazy" else out


FRAMES_NOTE = """``{name}`` may be a pandas, polars (``DataFrame`` or ``LazyFrame``) or
    pyarrow table."""
"""The note :func:`accepts_frames` adds to a docstring."""


def noted(doc: str | None, note: str) -> str:
    """``doc`` with ``note`` as its second paragraph (after the summary)."""
    summary, _, rest = (doc or "").partition("\n\n")
    return f"{summary}\n\n    {note}\n\n{rest}"


def accepts_frames(
    func: Callable[Concatenate[T, pd.DataFrame, P], R],
) -> Callable[Concatenate[T, AnyFrame, P], R]:
    """Let ``func(first, frame, ...)`` take every kind of frame as its second argument.

    The frame (positional or by its parameter's name) goes through :func:`enter`; what
    ``func`` returns is left as it is (for :func:`~integreringslov.recommend`, a
    :class:`~integreringslov.Recommendation`).
    """
    name = list(inspect.signature(func).parameters)[1]

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> R:
        source = kwargs.get("source")
        if len(args) > 1:
            entered = enter(args[1], source=source, what=name)
            args = (args[0], entered.frame, *args[2:])
        elif name in kwargs:
            kwargs[name] = enter(kwargs[name], source=source, what=name).frame
        return func(*args, **kwargs)

    wrapper.__doc__ = noted(func.__doc__, FRAMES_NOTE.format(name=name))
    return wrapper
