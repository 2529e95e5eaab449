"""The StatBank ``.xlsx`` download behind the ``ssb-xlsx`` importer (see :mod:`.ssb`).

PxWeb writes a workbook (PxTools/PCAxis.Serializers ``Xlsx2Serializer``; SSB's StatBank
also through an older writer that leaves ``docProps/core.xml`` out and puts a
``package/services/metadata/core-properties/*.psmdcp`` part in) as: an optional title in A1
followed by an empty row; one row per heading variable, whose values start right of the
stub columns and are written once per block, so the corner above the stub is empty; the
stub values, written once per block (the cells below stay empty); the data cells, numbers
or symbol texts; an empty row and the notes and table information. This module turns that
sheet into the rows of a PxWeb CSV download and reads them through the same path
(:func:`._ssb_csv.grid_table`), so both decide ambiguity the same way and say so in the
notes.

A sheet without that layout is refused, never read by guessing. When the workbook's name
and creation time say it *was* a StatBank download (``03013_20250408-140901.xlsx``,
created at that minute and second), the refusal says that it has been changed since and
which importer to try.

The workbook is opened with openpyxl (pure Python: a hostile file cannot abort the process
in native code) only after :func:`.xlsx.check_workbook` has checked its zip directory and
XML claims against the limits, as for every workbook the library reads.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import numpy as np

from integreringslov._io.limits import DEFAULT_LIMITS, Limits, check
from integreringslov._text.i18n import N_, tr, trn
from integreringslov._text.privacy import redact
from integreringslov.errors import IntegreringslovError, MissingExtraError, SourceError
from integreringslov_importers._ssb_cells import SYMBOLS, TextCells
from integreringslov_importers._ssb_csv import (
    TIME_DIMENSIONS,
    CsvRead,
    grid_table,
    is_time_token,
    title_dimensions,
    title_table_id,
)
from integreringslov_importers.xlsx import (
    DAMAGED,
    CellComment,
    check_workbook,
    column_number,
    sheet_comments,
)

__all__ = ["WorkbookLook", "look_at_workbook", "read_statbank_xlsx"]

_HEAD = 65536
_HEAD_ROWS = 60
_DOWNLOAD_NAME = re.compile(r"(?:^|[_\W])(?P<table>\d{5})_(?P<date>\d{8})-(?P<time>\d{6})$")
_CREATED = re.compile(rb"<(?:\w+:)?created\b[^>]*>\s*([0-9T:.\-+Z]+)\s*<")
_NUMBERED_TITLE = re.compile(rb"<(?:\w+:)?t(?:\s[^>]*)?>\s*\d{5}\s*:")
_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?row>)", re.S)
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_ATTR_R = re.compile(rb'\br="([A-Za-z]{1,3})?(\d+)?"')
_ATTR_T = re.compile(rb'\bt="(\w+)"')
_HAS_VALUE = re.compile(rb"<(?:\w+:)?(?:v|is)\b")
_PSMDCP = "package/services/metadata/core-properties/"
_MATRIX = re.compile(r"\d{5}|[A-Z]{3}\d{3,6}")
_NOTE_CHARS = 500
_REF = re.compile(r"([A-Z]{1,3})([0-9]+)")


# -- the layout PxWeb writes ---------------------------------------------------------------


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _is_value(cell: Any) -> bool:
    if isinstance(cell, bool):
        return False
    return isinstance(cell, int | float) or (isinstance(cell, str) and cell.strip() in SYMBOLS)


def _is_number(cell: Any) -> bool:
    return isinstance(cell, int | float) and not isinstance(cell, bool)


def _filled(row: Sequence[Any]) -> bool:
    return any(_text(c) for c in row)


@attrs.frozen
class Layout:
    """Where PxWeb put the parts of a sheet (0-based rows and columns)."""

    title_row: int | None
    """The row of the title (A1 alone, an empty row below), if the sheet has one."""
    heading: range
    """The heading rows: one per heading variable, empty over the stub."""
    stub: int
    """How many columns from the left are stub (dimension) columns."""


def pxweb_layout(rows: Sequence[Sequence[Any]]) -> Layout | None:
    """The sheet's layout when it is PxWeb's, else ``None``.

    PxWeb's shape: an optional title (one text cell in column A, the row below empty), then
    one or more heading rows whose cells over the stub are empty (the empty corner) and
    whose values are text, then the first data row, whose stub cells are all filled.
    ``rows`` may be only the first rows of a sheet (detection): the layout needs no more
    than the first data row.
    """
    filled = [i for i, r in enumerate(rows) if _filled(r)]
    if not filled:
        return None
    start = filled[0]
    title_row = None
    first = rows[start]
    if (
        sum(1 for c in first if _text(c)) == 1
        and isinstance(first[0], str)
        and first[0].strip()
        and (start + 1 >= len(rows) or not _filled(rows[start + 1]))
    ):
        title_row = start
        start = next((i for i in filled if i > start), len(rows))
    at = start
    stub: int | None = None
    while at < len(rows) and _filled(rows[at]) and not _text(rows[at][0] if rows[at] else None):
        lead = next(j for j, c in enumerate(rows[at]) if _text(c))
        if any(_is_number(c) for c in rows[at][lead:]):
            break  # PxWeb writes heading values as text: numbers are data without their stub
        stub = lead if stub is None else min(stub, lead)
        at += 1
    if stub is None or at >= len(rows):
        return None
    data = rows[at]
    if len(data) <= stub or not all(_text(c) for c in data[:stub]):
        return None
    return Layout(title_row=title_row, heading=range(start, at), stub=stub)


# -- what the workbook says about itself ---------------------------------------------------


@attrs.frozen
class Download:
    """A StatBank download, by its file name and the workbook's creation time."""

    table: str
    """The table id in the name (``03013``)."""
    named: dt.datetime
    """The time in the name (StatBank's local time)."""
    created: dt.datetime
    """When the workbook was created (UTC, from its core properties)."""


def _created(raw: bytes) -> dt.datetime | None:
    match = _CREATED.search(raw)
    if match is None:
        return None
    text = match.group(1).decode("ascii")
    text = re.sub(r"\.\d+", "", text).replace("Z", "+00:00")  # seconds are enough
    try:
        stamp = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(dt.UTC).replace(tzinfo=None)
    return stamp


def _download(path: Path, core: bytes | None) -> Download | None:
    """The StatBank download ``path`` is, when its name and creation time agree.

    StatBank names a download ``<table>_<yyyymmdd>-<hhmmss>.xlsx`` in its own local time,
    and the workbook records when it was created in UTC: the two are a whole number of
    hours apart (the time zone) with the same minutes and seconds. A user's prefix
    (``landareal_09280_…``) is allowed.
    """
    match = _DOWNLOAD_NAME.search(path.stem)
    if match is None or core is None:
        return None
    try:
        named = dt.datetime.strptime(match["date"] + match["time"], "%Y%m%d%H%M%S")
    except ValueError:
        return None
    created = _created(core)
    if created is None:
        return None
    offset = (named - created).total_seconds()
    if offset % 3600 or abs(offset) > 14 * 3600:
        return None
    return Download(table=match["table"], named=named, created=created)


@attrs.frozen
class WorkbookLook:
    """What detection sees in a workbook without reading its cells."""

    numbered_title: bool = False
    """A StatBank title (``"05300: …"``) is among the first strings."""
    pxweb_package: bool = False
    """Written by StatBank's PxWeb writer: a ``.psmdcp`` core-properties part and no
    ``docProps/core.xml``."""
    layout: bool = False
    """The first sheet's first rows have PxWeb's layout (see :func:`pxweb_layout`)."""
    download: Download | None = None
    """The StatBank download the name and creation time say it is."""
    matrix: str | None = None
    """The table id the first sheet is named after (``05300``, ``TAB6471``): PxWeb 2 names
    the sheet by the table's matrix and, unless asked, writes no title."""
    corner: bool = False
    """The first sheet's first filled row leaves column A empty: a heading above an empty
    corner, as PxWeb writes it without a title."""


def _head_rows(sheet: bytes, strings: bytes) -> list[list[Any]]:
    """The first rows of a sheet's XML head: a cell is ``None`` (empty), a number or a text.

    Texts are the shared string where the head of ``sharedStrings.xml`` holds it, else
    ``"?"`` (the layout only needs to know that a cell is text).
    """
    shared = [
        re.sub(rb"<[^>]+>", b"", si).decode("utf-8", "replace")
        for si in re.findall(rb"<(?:\w+:)?si\b[^>]*>(.*?)</(?:\w+:)?si>", strings, re.S)
    ]
    rows: list[list[Any]] = []
    for number, (attributes, body) in enumerate(_ROW.findall(sheet), start=1):
        at = _ATTR_R.search(attributes)
        index = int(at.group(2)) if at and at.group(2) else number
        if index > _HEAD_ROWS:
            break
        while len(rows) < index:
            rows.append([])
        row: list[Any] = []
        for cell_attributes, content in _CELL.findall(body or b""):
            if not _HAS_VALUE.search(content or b""):
                continue
            ref = _ATTR_R.search(cell_attributes)
            column = column_number(ref.group(1).decode()) if ref and ref.group(1) else len(row) + 1
            kind = _ATTR_T.search(cell_attributes)
            value: Any = "?"
            if kind is None or kind.group(1) == b"n":
                value = 0
            elif kind.group(1) == b"s":
                found = re.search(rb"<(?:\w+:)?v>\s*(\d+)\s*<", content)
                if found and int(found.group(1)) < len(shared):
                    value = shared[int(found.group(1))] or "?"
            while len(row) < column:
                row.append(None)
            row[column - 1] = value
        rows[index - 1] = row
    return rows


def look_at_workbook(path: Path) -> WorkbookLook:
    """What the workbook's parts say, for detection; never raises.

    Reads the zip directory, the heads (64 KB) of the first visible sheet and of the shared
    strings, and the core properties: not the cells.
    """
    try:
        sheets = check_workbook(path, DEFAULT_LIMITS)
        visible = [s for s in sheets if s.state == "visible"]
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()

            def head(member: str) -> bytes:
                if member not in names:
                    return b""
                with archive.open(member) as fh:
                    return fh.read(_HEAD)

            strings = head(next((n for n in names if n.endswith("sharedStrings.xml")), ""))
            sheet = head(visible[0].part) if visible else b""
            psmdcp = [n for n in names if n.startswith(_PSMDCP) and n.endswith(".psmdcp")]
            core = head("docProps/core.xml") or (head(psmdcp[0]) if psmdcp else b"")
    except (IntegreringslovError, *DAMAGED):
        return WorkbookLook()  # a damaged workbook is for its reader to refuse, with the reason
    rows = _head_rows(sheet, strings)
    return WorkbookLook(
        numbered_title=bool(_NUMBERED_TITLE.search(strings) or _NUMBERED_TITLE.search(sheet)),
        pxweb_package=bool(psmdcp) and "docProps/core.xml" not in names,
        layout=pxweb_layout(rows) is not None,
        download=_download(path, core or None),
        matrix=_matrix(visible[0].name) if visible else None,
        corner=_corner(rows),
    )


def _matrix(sheet: str) -> str | None:
    """The table id a sheet is named after, as PxWeb 2 names it (``05300``), else ``None``."""
    return sheet if _MATRIX.fullmatch(sheet) else None


def _corner(rows: Sequence[Sequence[Any]]) -> bool:
    """Whether the first filled row leaves column A empty and holds text to its right."""
    first = next((r for r in rows if _filled(r)), None)
    return first is not None and not _text(first[0]) and all(not _is_number(c) for c in first)


# -- reading -------------------------------------------------------------------------------


def _rows(path: Path, name: str, limits: Limits) -> tuple[str, list[list[Any]]]:
    try:
        import openpyxl
    except ImportError:
        purpose = N_("Reading StatBank .xlsx downloads")
        raise MissingExtraError("excel", "openpyxl", purpose) from None
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a corrupt workbook
        kind = type(exc).__name__
        raise SourceError(
            name,
            tr("not a readable .xlsx workbook: {kind}", kind=kind),
        ) from None
    try:
        visible = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
        if not visible:
            raise SourceError(
                name,
                tr("the workbook has no visible sheet"),
            )
        sheet = visible[0]
        rows_claim, cols_claim = sheet.max_row or 0, sheet.max_column or 0
        check(name, "cells in the sheet", rows_claim * cols_claim, limits.max_sheet_cells,
              name="max_sheet_cells", sheet=sheet.title)  # fmt: skip
        rows: list[list[Any]] = []
        for values in sheet.iter_rows(values_only=True):
            row = list(values)
            while row and (row[-1] is None or row[-1] == ""):
                row.pop()
            check(name, "columns", len(row), limits.max_columns, name="max_columns",
                  sheet=sheet.title, row=len(rows) + 1)  # fmt: skip
            rows.append(row)
            check(name, "rows", len(rows), limits.max_rows, name="max_rows", sheet=sheet.title)
        return str(sheet.title), rows
    finally:
        book.close()


def _core_properties(path: Path) -> bytes | None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            member = (
                "docProps/core.xml"
                if "docProps/core.xml" in names
                else next(
                    (n for n in names if n.startswith(_PSMDCP) and n.endswith(".psmdcp")), None
                )
            )
            if member is None:
                return None
            with archive.open(member) as fh:
                return fh.read(_HEAD)
    except DAMAGED:
        return None


def _not_statbank(path: Path, sheet: str, rows: Sequence[Sequence[Any]]) -> SourceError:
    """The refusal of a sheet whose layout is not PxWeb's, saying what it found instead."""
    name = str(path)
    at = next((i for i, r in enumerate(rows) if _filled(r)), None)
    if at is None:
        return SourceError(name, tr("the sheet is empty"), sheet=sheet)
    matrix = _matrix(sheet)
    if matrix is not None and _corner(rows):
        return SourceError(
            name,
            tr(
                "a PxWeb workbook without a title (the sheet is named after table {matrix} and "
                "its heading stands above an empty corner), but its data rows do not start with "
                "their stub cells where PxWeb writes them, so which row a figure belongs to "
                "cannot be told; it is not read. Download table {matrix} as JSON-stat "
                "(importer='ssb-jsonstat') or CSV (importer='ssb-csv'), which are read as they "
                "are, or as .xlsx with its title; a sheet of persons or municipality criteria is "
                "read with importer='spreadsheet'",
                matrix=matrix,
            ),
            sheet=sheet,
            check="pxweb_layout",
        )
    cells = ", ".join(repr(redact(_text(c))[:40]) for c in rows[at][:4] if _text(c))
    found = tr(
        "row {at_1} holds {cells}, where StatBank writes the table's title or its heading above "
        "an empty corner",
        at_1=at + 1,
        cells=cells,
    )
    download = _download(path, _core_properties(path))
    if download is None:
        return SourceError(
            name,
            tr("not a StatBank .xlsx download: {found}", found=found),
            sheet=sheet,
            row=at + 1,
            expected=tr(
                "the workbook as StatBank wrote it; a sheet of persons or municipality criteria "
                "is read with importer='spreadsheet' and a mapping",
            ),
        )
    named = download.named.strftime("%Y-%m-%d %H:%M:%S")
    created = download.created.strftime("%Y-%m-%d %H:%M:%S")
    table = download.table
    return SourceError(
        name,
        tr(
            "this workbook was downloaded from StatBank (table {table}, {named} by its name; "
            "created {created} UTC) and changed afterwards: its layout is not StatBank's any more "
            "({found}), so it is not read as SSB's table. Download table {table} again (the "
            ".xlsx, CSV and JSON-stat downloads are read as they are), or, if the sheet now holds "
            "persons or municipality criteria, name importer='spreadsheet' or "
            "'spreadsheet-municipalities' (--importer) with a mapping",
            table=table,
            named=named,
            created=created,
            found=found,
        ),
        sheet=sheet,
        row=at + 1,
        check="edited_download",
    )


def _slot_names(
    title: str | None, n_stub: int, stub_columns: Sequence[Sequence[str]],
    heading_rows: Sequence[Sequence[str]],
) -> list[str] | None:  # fmt: skip
    """The dimension names of the stub columns and heading rows, from the title.

    PxWeb's title lists the variables stub first, then heading, in order (``etter region,
    kjønn, alder, år og statistikkvariabel``). The names are taken when the title lists one
    per stub column and heading row, and its time words (``år``, ``year``, …) fall exactly
    on the columns and rows of periods; a title that ends with a span of years (``…, by sex
    and age, 1860-2021``) leaves the time out, which then names the one part of periods.
    Otherwise ``None``: the title does not describe this sheet (a pivoted download), and
    nothing is guessed.
    """
    if title is None:
        return None
    text = title_table_id(title)[1]
    dims = title_dimensions(text)
    slots = [*stub_columns, *heading_rows]
    periods = [bool(s) and all(is_time_token(v) for v in s) for s in slots]
    timed = [d.lower() in TIME_DIMENSIONS for d in dims]
    if (
        len(dims) == len(slots) - 1
        and not any(timed)
        and periods.count(True) == 1
        and re.search(r"\d{4}(?: ?- ?\d{4})?\W*$", text)
    ):
        dims.insert(periods.index(True), "Tid")
        timed.insert(periods.index(True), True)
    if len(dims) != len(slots) or timed != periods:
        return None
    return dims


def _comment_notes(
    comments: Sequence[CellComment], sheet: str, layout: Layout, data_end: int,
    heading_rows: Sequence[Sequence[str]], body: Sequence[Sequence[str]],
) -> list[str]:  # fmt: skip
    """The notes that say the cell comments: StatBank's and PxWeb's footnotes.

    PxWeb writes a footnote on a heading or stub value, and on a cell, as a comment on
    that cell (author ``PX-Web Ekstern`` in StatBank's downloads); the comment is the only
    place the workbook keeps it. Each text is said once, with the cells it is on and what
    those cells are (the heading or stub value, or the data cell's stub and heading).
    """
    n_stub, data_at = layout.stub, layout.heading.stop
    where: dict[tuple[str, str], list[str]] = {}
    for comment in comments:
        match = _REF.fullmatch(comment.ref)
        if match is None or not comment.text:
            continue
        row, col = int(match.group(2)) - 1, column_number(match.group(1)) - 1
        if row in layout.heading and col >= n_stub and col - n_stub < len(heading_rows[0]):
            what = heading_rows[row - layout.heading.start][col - n_stub]
        elif data_at <= row < data_end and col < len(body[row - data_at]):
            cells = body[row - data_at]
            across = (
                [h[col - n_stub] for h in heading_rows]
                if col >= n_stub and col - n_stub < len(heading_rows[0])
                else []
            )
            what = cells[col] if col < n_stub else " / ".join([*cells[:n_stub], *across])
        else:
            what = ""
        text = redact(" ".join(comment.text.split()))
        if len(text) > _NOTE_CHARS:
            text = text[: _NOTE_CHARS - 1] + "…"
        label = f"{comment.ref} ({redact(what)[:80]})" if what else comment.ref
        where.setdefault((comment.author, text), []).append(label)
    notes = []
    for (author, text), cells in where.items():
        by = tr(" by {author!r}", author=author) if author else ""
        listed = ", ".join(cells)
        notes.append(
            tr(
                "sheet {sheet!r}: a footnote kept as a cell comment{by} on {listed}: {text!r}",
                sheet=sheet,
                by=by,
                listed=listed,
                text=text,
            )
        )
    return notes


def read_statbank_xlsx(source: str | Path, *, labels: bool, limits: Limits) -> CsvRead:
    """Read a StatBank / PxWeb ``.xlsx`` download into the long table.

    Footnotes PxWeb kept as cell comments come out as notes (see :func:`_comment_notes`).
    """
    path = Path(source)
    name = str(path)
    sheets = check_workbook(path, limits)  # the zip directory and the XML claims, first
    sheet, rows = _rows(path, name, limits)
    layout = pxweb_layout(rows)
    if layout is None:
        raise _not_statbank(path, sheet, rows)
    notes: list[str] = []
    title: str | None = None
    if layout.title_row is not None:
        title = _text(rows[layout.title_row][0])
        shown = redact(title)[:200]
        notes.append(
            tr(
                "sheet {sheet!r}, row {layout_title_row_1} is the table's title: {shown!r}",
                sheet=sheet,
                layout_title_row_1=layout.title_row + 1,
                shown=shown,
            )
        )
    n_stub = layout.stub
    data_at = layout.heading.stop
    end = next(  # an empty row, or notes right below the data: no value cell
        (i for i in range(data_at, len(rows)) if not _filled(rows[i][n_stub:])), len(rows)
    )
    width = max(len(r) for r in rows[layout.heading.start : end])
    heading_rows: list[list[str]] = []
    for hrow in rows[layout.heading.start : data_at]:
        current, parts = "", []
        for j in range(n_stub, width):
            current = (_text(hrow[j]) if j < len(hrow) else "") or current
            parts.append(current)
        heading_rows.append(parts)
    body: list[list[str]] = []
    quoting: list[list[bool]] = []
    above = [""] * n_stub
    filled_down = 0
    for r in rows[data_at:end]:
        cells = [r[j] if j < len(r) else None for j in range(width)]
        stub = [_text(c) for c in cells[:n_stub]]
        for j in range(n_stub):
            if not stub[j]:
                stub[j] = above[j]
                filled_down += 1
        above = stub
        body.append(stub + [_text(c) for c in cells[n_stub:]])
        quoting.append(
            [True] * n_stub + [isinstance(c, str) and not _is_value(c) for c in cells[n_stub:]]
        )
    stub_columns = [sorted({row[j] for row in body}) for j in range(n_stub)]
    names = _slot_names(title, n_stub, stub_columns, [sorted(set(h)) for h in heading_rows])
    if names is not None:
        listed = ", ".join(names[:n_stub])
        notes.append(
            tr(
                "the stub columns are named after the title's first {n_stub} dimensions: {listed}",
                n_stub=n_stub,
                listed=listed,
            )
        )
    elif title is None and _matrix(sheet) is not None:
        listed = ", ".join(f"stub {j + 1}" for j in range(n_stub))
        notes.append(
            tr(
                "a PxWeb workbook without a title (PxWeb 2 writes none unless asked), its sheet "
                "named after table {sheet}: nothing in it names the stub columns, so they are "
                "called {listed}; for the variables' names and codes, download table {sheet} as "
                "JSON-stat (importer='ssb-jsonstat')",
                sheet=sheet,
                listed=listed,
            )
        )
    else:
        listed = ", ".join(f"stub {j + 1}" for j in range(n_stub))
        notes.append(
            tr(
                "the sheet does not name its stub columns and the title does not list them one "
                "for each column and heading row; they are called {listed}",
                listed=listed,
            )
        )
    if filled_down:
        notes.append(
            trn(
                "{n} empty stub cell is read as the value above it (PxWeb writes a stub value "
                "once per block)",
                "{n} empty stub cells are read as the value above them (PxWeb writes a stub value "
                "once per block)",
                filled_down,
            )
        )
    visible = [s for s in sheets if s.state == "visible"]
    if visible and visible[0].name == sheet:
        comments = sheet_comments(path, visible[0], limits)
        notes.extend(_comment_notes(comments, sheet, layout, end, heading_rows, body))
    below = next((i for i in range(end, len(rows)) if _filled(rows[i])), None)
    if below is not None:
        notes.append(
            tr(
                "rows {below_1} and below are notes and table information, not data",
                below_1=below + 1,
            )
        )
    stub_names = names[:n_stub] if names else [f"stub {j + 1}" for j in range(n_stub)]
    return grid_table(
        name,
        stub_names + [" ".join(parts) for parts in zip(*heading_rows, strict=True)],
        [TextCells(np.array(column, dtype=object)) for column in zip(*body, strict=True)],
        np.arange(data_at + 1, end + 1, dtype=np.int64),
        quoting=quoting,
        title=title,
        notes=notes,
        labels=labels,
        header_row=data_at,
        fmt="ssb-xlsx",
        stub=n_stub,
        heading_rows=heading_rows,
        heading_names=names[n_stub:] if names else None,
    )
