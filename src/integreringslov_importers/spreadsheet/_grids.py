"""Reading a sheet or a CSV file into a grid of cells, within the limits."""

from __future__ import annotations

import csv
import difflib
import io
import sys
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pandas as pd

from integreringslov._io.limits import Limits, check, read_file
from integreringslov._io.text import decode_text, sniff_delimiter, split_rows
from integreringslov._text.i18n import N_, tr
from integreringslov._text.privacy import printable
from integreringslov.errors import MissingExtraError, SourceError
from integreringslov_importers.spreadsheet._vocabulary import (
    _OLE_MAGIC,
    _ZIP_MAGIC,
    HEADER_SEARCH_ROWS,
)
from integreringslov_importers.xlsx import (
    CellIssue,
    SheetEntry,
    check_workbook,
    scan_sheet,
)


@contextmanager
def _progress(description: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """A rich progress bar on stderr when it is a terminal; a no-op otherwise."""
    if not sys.stderr.isatty():
        yield lambda n: None
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    description = escape(printable(description))  # no terminal escapes, no rich markup

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as progress:
        task = progress.add_task(description, total=total)
        yield lambda n: progress.advance(task, n)


_Body = Callable[[int, Collection[int]], tuple[pd.DataFrame, int]]
"""The body of a CSV read column-wise, below header row ``h`` (0-based): typed columns
(index: the row in the file) and the number of empty rows left out. The columns at the
positions given are date columns: where every cell is empty or a real ``YYYY-MM-DD`` date,
the reader may hand them over as dates."""


@attrs.frozen
class _Grid:
    name: str | None  # sheet name (None for CSV)
    rows: list[list[Any]]  # row i is sheet row i + 1
    merged: tuple[tuple[tuple[int, int], tuple[int, int]], ...] = ()
    issues: tuple[CellIssue, ...] = ()  # formula cells without a value, error cells
    body: _Body | None = None  # a rectangular CSV read column-wise (rows: its head only)


def _calamine() -> Any:
    try:
        import python_calamine
    except ImportError:
        raise MissingExtraError("excel", "python-calamine", N_("Reading .xlsx workbooks")) from None
    return python_calamine


def _native(src: str, what: str, call: Callable[[], Any], **where: Any) -> Any:
    """Run a python-calamine call; whatever it raises (a Rust panic too) is a SourceError."""
    try:
        return call()
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:
        if type(exc).__name__ == "PasswordError":
            raise SourceError(
                src,
                tr("the workbook is password-protected"),
                **where,
            ) from None
        detail = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise SourceError(src, f"{what}: {detail}", **where) from None


def _wanted_sheets(
    src: str, entries: Sequence[SheetEntry], sheets: Sequence[str], notes: list[str]
) -> list[SheetEntry]:
    """The sheets named by the mapping, else the visible ones in order (hidden: a note)."""
    by_name = {e.name: e for e in entries}
    if sheets:
        missing = [s for s in sheets if s not in by_name]
        if missing:
            names = list(by_name)
            close = {m: difflib.get_close_matches(m, names, n=1) for m in missing}
            hint = "; ".join(
                tr("did you mean {c_0!r}?", c_0=c[0])
                for c in close.values()
                if c
            )
            raise SourceError(
                src,
                tr("no sheet called {missing_0!r}; the workbook has ", missing_0=missing[0])
                + ", ".join(repr(n) for n in names)
                + (f" ({hint})" if hint else ""),
                sheet=missing[0],
            )
        return [by_name[s] for s in sheets]
    visible = [e for e in entries if e.state == "visible"]
    for e in entries:
        if e.state != "visible":
            notes.append(
                tr(
                    "sheet {e_name!r} is {e_state} in the workbook; not read",
                    e_name=e.name,
                    e_state=e.state,
                )
            )
    if not visible:
        raise SourceError(
            src,
            tr(
                "the workbook has no visible sheet; name the sheet to read in a mapping (sheet = "
                "...)",
            ),
        )
    return visible


def _xlsx_grids(
    path: Path, sheets: Sequence[str], limits: Limits, notes: list[str]
) -> Iterator[_Grid]:
    """The sheets to read, one at a time, each checked (:mod:`.xlsx`) before it is read."""
    src = str(path)
    entries = check_workbook(path, limits)
    pc = _calamine()
    wanted = _wanted_sheets(src, entries, sheets, notes)
    wb = _native(
        src,
        tr("the workbook is corrupt"),
        lambda: pc.CalamineWorkbook.from_path(src),
    )
    try:
        for entry in wanted:
            yield _xlsx_grid(path, wb, entry, limits)
    finally:
        wb.close()


def _xlsx_grid(path: Path, wb: Any, entry: SheetEntry, limits: Limits) -> _Grid:
    """One sheet, scanned (:func:`.xlsx.scan_sheet`) before python-calamine reads it."""
    src, name = str(path), entry.name
    scan = scan_sheet(path, entry, limits)
    sheet = _native(
        src,
        tr("cannot read the sheet"),
        lambda: wb.get_sheet_by_name(name),
        sheet=name,
    )
    with _progress(f"Reading sheet {name!r} ({scan.rows} rows)", None):
        rows = _native(
            src,
            tr(
                "cannot read the sheet (a cell holds a value the reader cannot convert, such as a "
                "negative number formatted as a date)",
            ),
            lambda: sheet.to_python(skip_empty_area=False),
            sheet=name,
        )
        merged = _native(
            src,
            tr("cannot read the merged cells"),
            lambda: sheet.merged_cell_ranges,
            sheet=name,
        )
    return _Grid(name, rows, tuple(merged or ()), scan.issues)


def _read_csv(path: Path, limits: Limits, encoding: str | None) -> _Grid:
    src = str(path)
    data = read_file(path, limits.max_input_bytes, name="max_input_bytes")
    if data.startswith((_OLE_MAGIC, _ZIP_MAGIC)):
        raise SourceError(
            src,
            tr("this is a workbook, not a CSV file; name it .xlsx"),
        )
    text = decode_text(data, source=src, encoding=encoding)
    # plain ASCII (no encoding forced, so no NUL either) is its own UTF-8: no second copy
    utf8 = data if encoding is None and data.isascii() else None
    del data
    sample = text[: 64 * 1024].splitlines()[:HEADER_SEARCH_ROWS]
    sep = sniff_delimiter(sample)
    with _progress(f"Reading {path.name}", None):
        columns = _arrow_columns(text, sep, src, limits, utf8)
        if columns is not None:
            return _Grid(None, columns[0], body=columns[1])
        return _Grid(None, split_rows(text, source=src, delimiter=sep, limits=limits))


_Columns = tuple[list[list[Any]], _Body]
"""A rectangular CSV read column-wise: its first rows (for the header search) as text, and
its :data:`_Body`."""


def _width(text: str, sep: str) -> int:
    """How many cells the first record has (a quoted line break inside it counts as text)."""
    head = text[: 64 * 1024]
    try:
        return len(next(csv.reader(io.StringIO(head), delimiter=sep), []))
    except csv.Error:
        return 0


def _arrow_columns(
    text: str, sep: str, src: str, limits: Limits, utf8: bytes | None = None
) -> _Columns | None:
    """A CSV whose records all have the same number of cells, read column-wise by Arrow.

    Arrow's CSV reader (pyarrow, a dependency of the library): the cells
    ``split_rows`` gives, record by record, many times faster
    on a large file. A date column whose every cell is empty or a real ``YYYY-MM-DD`` date
    is handed over as dates (what the parser makes of it, without reading text a cell at
    a time), any other column as text (an empty cell missing). ``None`` where pyarrow is
    not installed, or when a record has another number of cells than the first (or a line
    is blank): ``split_rows`` then reads the file, and names such records. ``utf8`` is the
    text encoded as UTF-8, where the caller has it already.
    """
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.csv as pacsv
    except ImportError:
        return None
    width = _width(text, sep)
    if not width:
        return None
    check(src, "cells in one row", width, limits.max_columns, name="max_columns", row=1)
    names = [str(j) for j in range(width)]
    try:
        table = pacsv.read_csv(
            io.BytesIO(text.encode("utf-8") if utf8 is None else utf8),
            read_options=pacsv.ReadOptions(column_names=names),
            parse_options=pacsv.ParseOptions(
                delimiter=sep, newlines_in_values=True, ignore_empty_lines=False
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowException):
        return None
    check(src, "rows", table.num_rows, limits.max_rows, name="max_rows")
    top = table.slice(0, HEADER_SEARCH_ROWS)
    head = [list(r) for r in zip(*(c.to_pylist() for c in top.columns), strict=True)]

    def body(h: int, dates: Collection[int]) -> tuple[pd.DataFrame, int]:
        data = table.slice(h + 1)
        empty = np.ones(data.num_rows, dtype=bool)
        for column in data.columns:
            empty &= pc.equal(column, "").to_numpy(zero_copy_only=False)
        keep = pa.array(~empty)
        index = pd.Index(np.arange(h + 2, h + 2 + data.num_rows)[~empty], dtype="int64")
        cells: dict[int, pd.Series] = {}
        for j, column in enumerate(data.columns):
            kept = column.filter(keep) if empty.any() else column
            typed = _iso_dates(kept) if j in dates else None
            if typed is not None:
                cells[j] = pd.Series(typed, index=index)
                continue
            nulled = pc.if_else(pc.equal(kept, ""), pa.scalar(None, pa.string()), kept)
            text = nulled.combine_chunks().to_pandas().astype("str")
            cells[j] = text.set_axis(index)
        return pd.DataFrame(cells, index=index, copy=False), int(empty.sum())

    return head, body


_DAYS_IN_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _iso_dates(column: Any) -> np.ndarray | None:
    """An Arrow text column as dates (``datetime64``), if every cell is empty or a date.

    A date is written ``YYYY-MM-DD``, exists, and is not in the year 0; at least one cell
    must hold one. The ten bytes of each cell are read as numbers, all at once. ``None``
    otherwise: the column stays text, for the parser to read (``DD.MM.YYYY``) or report.
    """
    cells = column.combine_chunks() if hasattr(column, "combine_chunks") else column
    if cells.null_count:
        return None
    _, offsets_buffer, data_buffer = cells.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int32)[
        cells.offset : cells.offset + len(cells) + 1
    ]
    lengths = np.diff(offsets)
    filled = lengths != 0
    if not filled.any() or not bool(np.all(~filled | (lengths == 10))):
        return None
    raw = np.frombuffer(data_buffer, dtype=np.uint8)[offsets[0] : offsets[-1]].reshape(-1, 10)
    if not ((raw[:, 4] == ord("-")) & (raw[:, 7] == ord("-"))).all():
        return None
    digit = [raw[:, i] - np.uint8(ord("0")) for i in (0, 1, 2, 3, 5, 6, 8, 9)]
    if not all(bool((d <= 9).all()) for d in digit):  # (below "0" wraps round to > 9)
        return None
    d = [x.astype(np.int32) for x in digit]
    year = d[0] * 1000 + d[1] * 100 + d[2] * 10 + d[3]
    month = d[4] * 10 + d[5]
    day = d[6] * 10 + d[7]
    if not ((month >= 1) & (month <= 12)).all():
        return None
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    last = _DAYS_IN_MONTH[month - 1] + ((month == 2) & leap)
    if not ((year >= 1) & (day >= 1) & (day <= last)).all():
        return None
    months = ((year - 1970) * 12 + month - 1).astype("M8[M]")
    # nanoseconds, the table's own unit, where they reach (the years 1678 to 2261)
    unit = "M8[ns]" if bool(((year >= 1678) & (year <= 2261)).all()) else "M8[s]"
    out = np.full(len(cells), np.datetime64("NaT"), dtype=unit)
    out[filled] = (months.astype("M8[D]") + (day - 1)).astype(unit)
    return out
