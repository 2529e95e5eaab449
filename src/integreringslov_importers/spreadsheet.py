"""Municipal and county spreadsheets (``.xlsx``, ``.csv``) → the person or criteria table.

Integration teams keep their own lists: participants in the introduction programme, or
figures per municipality for the county's recommendation. This importer reads them into
the contract's person table (input of ``assess``) or the municipality criteria table
(input of ``recommend``), driven by an optional TOML mapping::

    sheet = "Deltakere"        # optional; default: the first visible sheet with a known header
    table = "persons"          # or "municipalities"; default: guessed from the headers
    [columns]                  # canonical column = header text in the sheet
    person_id = "Løpenr"
    birth_date = "Fødselsdato"

``sheet`` may also be a list of sheet names (read one after the other). Without a mapping,
built-in synonyms for common Norwegian headers (``Løpenr``, ``Fødselsdato``,
``Fødselsnummer``, ``Tillatelse``, ``Bosatt etter avtale``, ``Kommunenummer``,
``Innbyggere``, ...) are used, so a typical sheet needs none. Headers are matched
ignoring case, surrounding spaces and line breaks.

The sheet is read as a person sees it:

* only visible sheets, unless the mapping names one: a ``hidden`` or ``veryHidden`` sheet
  (often a stale copy) is skipped, with a note;
* title rows above the header (the header is the row that matches most known headers,
  among the first :data:`HEADER_SEARCH_ROWS`);
* merged cells, wherever they are: the value of a merged block applies to every cell it
  covers (a ``ja`` merged over three persons' rows is three persons' ``ja``);
* formulas as their cached values; a formula saved without a value, and an error cell
  (``#REF!``, ``#N/A``, …), is a problem naming the sheet and cell (``Deltakere!C31``) —
  never read as empty;
* Excel date cells, Excel serial numbers in date columns, and text dates (``dd.mm.yyyy``,
  ISO); Norwegian booleans (``ja/nei``, ``j/n``, ``x``/empty, ...); decimal commas;
* a ``Fødselsnummer`` column: turned into ``birth_date`` (where that is empty) and dropped.
  The number never reaches the output, the report or an error message.

Nothing is lost without a word. Empty rows, and sum rows *on evidence* (the label
``Sum``, ``Totalt``, ``I alt``, … and every other cell empty or equal to its column's
sum), are left out and named in the report's notes; a person whose id is ``Sum`` or
``I alt 3`` is data. A cell longer than :attr:`~integreringslov.plugins.Limits.max_field_chars`
and a CSV row with another number of cells than the header are problems for their row.
A table with a header and only empty rows is refused.

Safety: a workbook is checked before python-calamine sees it
(:mod:`integreringslov_importers.xlsx`: zip directory, sheets, shared strings, every cell
reference, against :class:`~integreringslov.plugins.Limits`); whatever the native reader
still raises becomes a :class:`~integreringslov.errors.SourceError`. A mapping path that is
not a regular file is refused before it is opened. The ``excel`` extra installs
python-calamine.

Problems in cells (text in a number or date column, an unknown permit letter, an invalid
fødselsnummer, a person id written like a fødselsnummer, duplicate person ids) are
reported with sheet, row and column, and the row is left out of the table; the valid
rows are returned.
"""

from __future__ import annotations

import csv
import difflib
import io
import os
import re
import sys
import tomllib
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pandas as pd

from integreringslov._io.limits import DEFAULT_LIMITS, Limits, check, read_file
from integreringslov._io.text import decode_head, decode_text, sniff_delimiter, split_rows
from integreringslov._text.i18n import say
from integreringslov._text.privacy import printable, redact, redact_all
from integreringslov.errors import MissingExtraError, Problem, SourceError
from integreringslov.plugins import Detection, RegisterImporter, SourceTable, hookimpl
from integreringslov.tables import Table
from integreringslov.tables import _coerce as coerce
from integreringslov.tables._fodselsnummer import birth_dates, shaped
from integreringslov.tables._rows import parse_column
from integreringslov.tables.municipalities import MunicipalityCriteria
from integreringslov.tables.persons import (
    FODSELSNUMMER,
    PERSON_COLUMNS,
    Column,
    Kind,
    PersonTable,
)
from integreringslov_importers.xlsx import (
    CellIssue,
    SheetEntry,
    check_workbook,
    column_number,
    scan_sheet,
)

__all__ = [
    "HEADER_SEARCH_ROWS",
    "IMPORTER",
    "MUNICIPALITIES_IMPORTER",
    "MUNICIPALITY_HEADERS",
    "SheetMapping",
    "SpreadsheetRead",
    "column_for_header",
    "detect_source",
    "load_mapping",
    "read_source",
    "read_spreadsheet",
    "register_importers",
]

IMPORTER = "spreadsheet"
"""The name of the importer that produces the person table."""
MUNICIPALITIES_IMPORTER = "spreadsheet-municipalities"
"""The name of the importer that produces the municipality criteria table."""

HEADER_SEARCH_ROWS = 30
"""How many rows from the top are searched for the header row."""

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_EXCEL_EPOCH = np.datetime64("1899-12-30", "D")


# --------------------------------------------------------------------------- vocabulary

_PERSON_COLUMNS: dict[str, Column] = {c.name: c for c in (*PERSON_COLUMNS, FODSELSNUMMER)}
"""The columns a person sheet may have (the declaration's), by name: the person table's
and the fødselsnummer that may stand in for the birth date."""
_FNR = FODSELSNUMMER.name
_BIRTH_DATE = next(c.name for c in PERSON_COLUMNS if c.kind is Kind.DATE and c.required)
_ID = next(c.name for c in PERSON_COLUMNS if c.kind is Kind.ID)

MUNICIPALITY_HEADERS: dict[str, tuple[str, ...]] = {
    "municipality": ("kommunenummer", "kommunenr", "kommunenr.", "knr", "kommune nr"),
    "name": ("kommune", "kommunenavn", "navn"),
    "requested": ("anmodning", "anmodning om bosetting", "anmodet"),
    "maximum": ("maksimum", "maks", "kapasitet", "vedtak om bosetting", "tak"),
    "excluded": ("unntatt", "utelatt", "holdes utenfor"),
    "population": ("innbyggere", "folketall", "befolkning", "antall innbyggere"),
}
"""Headers of the municipality criteria table recognised without a mapping (the person
table's come with its declaration, :data:`integreringslov.tables.persons.PERSON_COLUMNS`)."""

_SYNONYMS: dict[str, tuple[str, ...]] = {
    **{name: column.headers for name, column in _PERSON_COLUMNS.items()},
    **MUNICIPALITY_HEADERS,
}
"""Every header recognised without a mapping, by the column it names."""

_EMPTY_CELLS = frozenset({"", None})
"""What an empty cell reads as (python-calamine: ``""``; CSV: ``""``)."""


def column_for_header(header: str) -> str:
    """The table column a header of the file becomes (``Innbyggere`` → ``population``).

    Known Norwegian headers become their canonical column; any other header (a criterion
    of a municipality table) becomes its slug (``Sysselsetting (%)`` → ``sysselsetting``).
    """
    return _LOOKUP.get(_norm(header)) or _slug(header)


_SUM_ROW = re.compile(r"^(sum|totalt?|i alt|sum totalt|totalsum|sum alle)\b", re.IGNORECASE)


def _norm(text: object) -> str:
    """Header text for matching: case-folded, spaces and line breaks collapsed."""
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return ""
    return " ".join(str(text).split()).casefold().rstrip(":*").strip()


def _slug(text: str) -> str:
    s = re.sub(r"[^0-9a-zæøå]+", "_", _norm(redact(text))).strip("_")
    return s or "criterion"


_LOOKUP: dict[str, str] = {}
for _canonical, _names in _SYNONYMS.items():
    _LOOKUP.setdefault(_norm(_canonical), _canonical)
    for _n in _names:
        _LOOKUP.setdefault(_norm(_n), _canonical)


# --------------------------------------------------------------------------- mapping


@attrs.frozen(kw_only=True)
class SheetMapping:
    """A spreadsheet mapping (the contract's TOML), already checked."""

    sheet: tuple[str, ...] = ()
    """The sheets to read; empty = the first sheet with a recognised header."""
    table: str | None = None
    """``"persons"``, ``"municipalities"`` or ``None`` (guess from the headers)."""
    columns: Mapping[str, str] = attrs.field(factory=dict)
    """Canonical column → header text in the sheet."""


def _depth(value: object) -> int:
    """How deeply tables and arrays nest in a parsed document (iteratively: no recursion)."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, Mapping):
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, level + 1) for v in item)
        else:
            deepest = max(deepest, level)
            continue
        deepest = max(deepest, level + 1)
    return deepest


def _read_toml(where: str, limits: Limits) -> Mapping[str, Any]:
    """A TOML mapping file, checked against the limits.

    Refused before it is opened when it is not a regular file or too large, and after
    parsing when it nests deeper than the limit.
    """
    data = read_file(where, limits.max_mapping_bytes, name="max_mapping_bytes")
    try:
        raw: Mapping[str, Any] = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise SourceError(
            where,
            say(
                en=f"the mapping is not UTF-8 text (byte {exc.start}); save it as UTF-8",
                nb=f"tilordningen er ikke UTF-8-tekst (byte {exc.start}); lagre den som UTF-8",
            ),
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(
            where,
            say(
                en=f"the mapping is not valid TOML: {exc}",
                nb=f"tilordningen er ikke gyldig TOML: {exc}",
            ),
        ) from None
    except RecursionError:
        raise SourceError(
            where,
            say(
                en="the mapping nests tables or arrays too deeply to read; the limit is "
                f"{limits.max_nesting_depth} levels (Limits.max_nesting_depth)",
                nb="tilordningen nøster tabeller eller lister for dypt til å kunne leses; "
                f"grensen er {limits.max_nesting_depth} nivåer (Limits.max_nesting_depth)",
            ),
            check="max_nesting_depth",
        ) from None
    check(
        where,
        "levels of nesting",
        _depth(raw),
        limits.max_nesting_depth,
        name="max_nesting_depth",
    )
    return raw


def load_mapping(
    mapping: str | os.PathLike[str] | Mapping[str, Any] | None,
    *,
    limits: Limits = DEFAULT_LIMITS,
) -> SheetMapping:
    """Read and check a mapping: a TOML file path, the same as a dict, or ``None``.

    A path that is not a regular file (a FIFO, ``/dev/zero``, a directory) is refused
    before it is opened; a file over :attr:`Limits.max_mapping_bytes` or nested deeper
    than :attr:`Limits.max_nesting_depth` is refused too.
    """
    if mapping is None:
        return SheetMapping()
    where = "<mapping>"
    if isinstance(mapping, str | os.PathLike):
        where = os.fspath(mapping)
        raw = _read_toml(where, limits)
    else:
        raw = mapping
    unknown = sorted(set(raw) - {"sheet", "table", "columns"})
    if unknown:
        raise SourceError(
            where,
            say(en="unknown keys in the mapping: ", nb="ukjente nøkler i tilordningen: ")
            + ", ".join(unknown),
            expected="sheet, table, [columns]",
        )
    sheet = raw.get("sheet", ())
    sheets = (sheet,) if isinstance(sheet, str) else tuple(str(s) for s in sheet)
    table = raw.get("table")
    if table not in (None, "persons", "municipalities"):
        raise SourceError(
            where,
            say(en="unknown table in the mapping", nb="ukjent tabell i tilordningen"),
            value=str(table),
            expected=say(en="'persons' or 'municipalities'", nb="'persons' eller 'municipalities'"),
        )
    columns = raw.get("columns", {})
    if not isinstance(columns, Mapping) or not all(isinstance(v, str) for v in columns.values()):
        raise SourceError(
            where,
            say(
                en="[columns] must map canonical names to header texts (strings)",
                nb="[columns] må knytte kanoniske kolonnenavn til overskriftstekster "
                "(tekststrenger)",
            ),
        )
    if table == "persons":
        bad = sorted(set(columns) - set(_PERSON_COLUMNS))
        if bad:
            raise SourceError(
                where,
                say(
                    en="unknown person-table columns in [columns]: ",
                    nb="ukjente kolonner for persontabellen i [columns]: ",
                )
                + ", ".join(bad),
                expected=", ".join(_PERSON_COLUMNS),
            )
    return SheetMapping(sheet=sheets, table=table, columns=dict(columns))


# --------------------------------------------------------------------------- progress


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


# --------------------------------------------------------------------------- reading grids


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
        raise MissingExtraError("excel", "python-calamine", "Reading .xlsx workbooks") from None
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
                say(en="the workbook is password-protected", nb="arbeidsboken er passordbeskyttet"),
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
                say(en=f"did you mean {c[0]!r}?", nb=f"mente du {c[0]!r}?")
                for c in close.values()
                if c
            )
            raise SourceError(
                src,
                say(
                    en=f"no sheet called {missing[0]!r}; the workbook has ",
                    nb=f"ingen ark heter {missing[0]!r}; arbeidsboken har ",
                )
                + ", ".join(repr(n) for n in names)
                + (f" ({hint})" if hint else ""),
                sheet=missing[0],
            )
        return [by_name[s] for s in sheets]
    visible = [e for e in entries if e.state == "visible"]
    for e in entries:
        if e.state != "visible":
            notes.append(
                say(
                    en=f"sheet {e.name!r} is {e.state} in the workbook; not read",
                    nb=f"arket {e.name!r} er skjult i arbeidsboken ({e.state}); ikke lest",
                )
            )
    if not visible:
        raise SourceError(
            src,
            say(
                en="the workbook has no visible sheet; name the sheet to read in a mapping "
                "(sheet = ...)",
                nb="arbeidsboken har ikke noe synlig ark; oppgi arket som skal leses, i en "
                "tilordning (sheet = ...)",
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
        say(en="the workbook is corrupt", nb="arbeidsboken er skadet"),
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
        say(en="cannot read the sheet", nb="kan ikke lese arket"),
        lambda: wb.get_sheet_by_name(name),
        sheet=name,
    )
    with _progress(f"Reading sheet {name!r} ({scan.rows} rows)", None):
        rows = _native(
            src,
            say(
                en="cannot read the sheet (a cell holds a value the reader cannot convert, "
                "such as a negative number formatted as a date)",
                nb="kan ikke lese arket (en celle har en verdi leseren ikke kan gjøre om, "
                "for eksempel et negativt tall formatert som dato)",
            ),
            lambda: sheet.to_python(skip_empty_area=False),
            sheet=name,
        )
        merged = _native(
            src,
            say(en="cannot read the merged cells", nb="kan ikke lese de sammenslåtte cellene"),
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
            say(
                en="this is a workbook, not a CSV file; name it .xlsx",
                nb="dette er en arbeidsbok, ikke en CSV-fil; gi den filendelsen .xlsx",
            ),
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


# --------------------------------------------------------------------------- header


def _fill_merged(rows: list[list[Any]], merged: Sequence[Any]) -> None:
    """Copy a merged block's value to every cell it covers, wherever it is in the sheet.

    Excel shows the value across the whole block (a ``ja`` merged over three persons'
    rows is three persons' ``ja``); the file stores it in the top-left cell only.
    """
    for (r0, c0), (r1, c1) in merged:
        if r0 >= len(rows):
            continue
        value = rows[r0][c0] if c0 < len(rows[r0]) else ""
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(c0, min(c1, len(row) - 1) + 1):
                if row[c] in ("", None):
                    row[c] = value


def _find_header(
    rows: list[list[Any]], mapping: SheetMapping
) -> tuple[int, dict[str, int], list[str]]:
    """The header row (0-based), canonical column → position, and the header texts."""
    wanted = {_norm(v): k for k, v in mapping.columns.items()}
    best: tuple[int, int, dict[str, int], list[str]] = (-1, 0, {}, [])
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        texts = [_norm(c) if isinstance(c, str) else "" for c in row]
        found: dict[str, int] = {}
        for j, t in enumerate(texts):
            if not t:
                continue
            canonical = wanted.get(t)
            if canonical is None and t not in {_norm(v) for v in mapping.columns.values()}:
                canonical = _LOOKUP.get(t)
                if canonical in mapping.columns:  # mapped elsewhere by the user
                    canonical = None
            if canonical is not None and canonical not in found:
                found[canonical] = j
        score = len(found) + 10 * sum(1 for k in found if k in mapping.columns)
        if score > best[0] and found:
            best = (score, i, found, [str(c).strip() if isinstance(c, str) else "" for c in row])
    if best[0] < 0:
        return -1, {}, []
    return best[1], best[2], best[3]


def _closest(names: Sequence[str], headers: Sequence[str]) -> list[str]:
    cand = [h for h in headers if h]
    norm = {_norm(h): h for h in cand}
    out: list[str] = []
    for n in names:
        for m in difflib.get_close_matches(_norm(n), list(norm), n=2, cutoff=0.5):
            if norm[m] not in out:
                out.append(norm[m])
    return out or cand[:5]


# --------------------------------------------------------------------------- cells


def _typed(values: list[Any]) -> pd.Series:
    """One column of cells as the narrowest dtype that holds them all (C-level inference).

    Empty cells (``""`` from calamine or CSV) become missing; a column of only text becomes
    ``str``, of only numbers ``float64``, of only dates ``datetime64``; mixed columns stay
    ``object`` and take the slower per-cell path.
    """
    arr = np.array(values, dtype=object)
    if arr.size:
        arr[arr == ""] = None
    series = pd.Series(arr, dtype=object)
    kind = pd.api.types.infer_dtype(series, skipna=True)
    if kind == "string":
        return series.astype("str")
    if kind in ("floating", "integer", "mixed-integer-float"):
        return series.astype("float64")
    if kind in ("datetime", "datetime64", "date"):
        converted = pd.to_datetime(series, errors="coerce")
        if converted.isna().sum() == series.isna().sum():
            return converted
    if kind == "boolean":
        return series.astype("boolean")
    return series


def _is_number(series: pd.Series) -> pd.Series:
    if pd.api.types.is_bool_dtype(series.dtype):
        return pd.Series(False, index=series.index)
    if pd.api.types.is_numeric_dtype(series.dtype):
        return series.notna()
    if series.dtype != object:
        return pd.Series(False, index=series.index)
    return series.map(lambda v: isinstance(v, int | float) and not isinstance(v, bool)).astype(bool)


def _as_text(series: pd.Series) -> pd.Series:
    """Cells as text (``""`` when empty); whole numbers (``17.0``) become ``"17"``."""
    if pd.api.types.is_string_dtype(series.dtype) and series.dtype != object:
        return series.fillna("")
    num = _is_number(series)
    out = series.astype(object).copy()
    if num.any():
        vals = pd.to_numeric(series[num], errors="coerce")
        whole = coerce.is_whole(vals) & (vals.abs() <= coerce.EXACT_WHOLE).to_numpy()
        out[num[num].index[whole]] = vals[whole].astype("int64").astype(str)
    return out.map(
        lambda v: (
            ""
            if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v))
            else v
            if isinstance(v, str)
            else str(v)
        )
    )


def _serial_dates(series: pd.Series) -> pd.Series:
    """Excel serial numbers (days since 1899-12-30) in a date column → dates."""
    num = _is_number(series)
    if not num.any():
        return series
    vals = pd.to_numeric(series[num], errors="coerce").to_numpy(dtype="float64")
    ok = (vals >= 1) & (vals < 2_958_466)
    days = np.floor(vals[ok]).astype("int64")
    dates = (_EXCEL_EPOCH + days.astype("timedelta64[D]")).astype("M8[us]")
    if pd.api.types.is_numeric_dtype(series.dtype):  # a column of serial numbers only
        out = pd.Series(pd.NaT, index=series.index, dtype="datetime64[us]")
        out[num[num].index[ok]] = dates
        bad = num & ~out.notna()
        if bad.any():  # out-of-range numbers stay as they are, to be reported
            return series.astype(object).where(~bad, series.astype(object)).where(bad, out)
        return out
    out_obj = series.astype(object).copy()
    out_obj[num[num].index[ok]] = list(pd.DatetimeIndex(dates).to_pydatetime())
    return out_obj


def _parse(kind: str, series: pd.Series) -> coerce.Parsed:
    """A column of the municipality table: ``bool``, ``int``/``float`` or text."""
    if kind == "bool":
        return coerce.parse_bool(_as_text(series))
    if kind == "float":
        return coerce.parse_float(series)
    if kind == "int":
        return coerce.parse_whole(series)
    if kind == "municipality":
        return coerce.parse_municipality(_as_text(series))
    return coerce.parse_text(_as_text(series))


def _person_cells(column: Column, series: pd.Series) -> pd.Series:
    """A sheet's cells of a person column as the table's parser takes them.

    A workbook's numbers become dates in a date column (Excel serial numbers) and text
    elsewhere (``1.0`` → ``"1"``, for an id, a letter or a yes/no cell); text is stripped.
    A fødselsnummer written as a number gets back the leading zero a spreadsheet dropped.
    """
    if column.kind is Kind.DATE:
        return _serial_dates(series)
    if column.kind is Kind.HOURS:
        return series
    # a CSV's text column is text already (an empty cell missing, which reads as empty)
    plain = pd.api.types.is_string_dtype(series.dtype) and series.dtype != object
    text = series if plain else _as_text(series)
    if column.kind is Kind.IDENTITY:
        return text.str.zfill(11).where(text.notna() & (text != ""), "")
    return text.str.strip() if column.kind is Kind.ID else text


# --------------------------------------------------------------------------- result


@attrs.frozen(kw_only=True)
class SpreadsheetRead:
    """What a spreadsheet read produced."""

    table: pd.DataFrame
    """The rows that could be read, in canonical columns; index: the row in the sheet."""
    kind: str
    """``"persons"`` or ``"municipalities"``."""
    problems: tuple[Problem, ...] = ()
    """Every cell that could not be read, with sheet, row and column; its row is left out."""
    skipped: tuple[str, ...] = ()
    """What was deliberately not read as data (title, sum and empty rows, unused columns)."""
    headers: Mapping[str, str] = attrs.field(factory=dict)
    """Canonical column → the header in the sheet, for the host's validation messages."""
    sheet: str | None = None
    """The sheet read, when it is one sheet of a workbook."""


def _person_schema() -> type[Table]:
    return PersonTable


def _required(schema: type[Table]) -> list[str]:
    return [n for n, c in schema.to_schema().columns.items() if c.required and not c.regex]


def _ragged(
    data_rows: list[list[Any]], numbers: list[int], header: list[Any], where: Mapping[str, Any]
) -> list[Problem]:
    """Data rows with another number of cells than the header row, unless empty.

    Each is a problem, and the row is left out (CSV only: a sheet is rectangular).
    """
    width = len(header)
    out: list[Problem] = []
    for number, row in zip(numbers, data_rows, strict=True):
        if len(row) != width and any(str(c).strip() for c in row):
            out.append(
                Problem(
                    message=say(
                        en=f"the row has {len(row)} cells; the header row has {width} "
                        "(a delimiter too many or too few?)",
                        nb=f"raden har {len(row)} celler; overskriftsraden har {width} "
                        "(ett skilletegn for mye eller for lite?)",
                    ),
                    row=number,
                    expected=say(
                        en=f"{width} cells, as in the header",
                        nb=f"{width} celler, som i overskriftsraden",
                    ),
                    check="ragged_row",
                    **where,
                )
            )
    return out


def _too_long(
    body: pd.DataFrame, limit: int, headers: list[str], where: Mapping[str, Any]
) -> list[Problem]:
    """Cells longer than :attr:`Limits.max_field_chars`: a problem, the row left out."""
    out: list[Problem] = []
    for j in body.columns:
        col = body[j]
        if not (col.dtype == object or pd.api.types.is_string_dtype(col.dtype)):
            continue
        if col.dtype == object:  # mixed cells: only the text ones have a length
            lengths = col.map(lambda v: len(v) if isinstance(v, str) else 0)
        else:
            lengths = col.str.len().fillna(0)
        pos = int(j)
        for r in body.index[(lengths > limit).to_numpy()]:
            out.append(
                Problem(
                    message=say(
                        en=f"the cell has {lengths[r]} characters; the limit is {limit} "
                        "(raise Limits.max_field_chars to read it)",
                        nb=f"cellen har {lengths[r]} tegn; grensen er {limit} "
                        "(øk Limits.max_field_chars for å lese den)",
                    ),
                    row=int(r),
                    column=headers[pos] if pos < len(headers) and headers[pos] else None,
                    check="max_field_chars",
                    **where,
                )
            )
    return out


def _cell_issues(
    grid: _Grid, h: int, found: Mapping[str, int], headers: list[str], where: Mapping[str, Any]
) -> tuple[list[Problem], list[str]]:
    """Formula cells without a value and error cells, never read as empty.

    Problems where they are data; notes where they are not (title rows, unused columns).
    """
    problems: list[Problem] = []
    notes: list[str] = []
    used = set(found.values())
    for issue in grid.issues:
        m = re.fullmatch(r"([A-Za-z]+)([0-9]+)", issue.ref)
        row, col = (int(m.group(2)), column_number(m.group(1)) - 1) if m else (0, -1)
        if row > h + 1 and col in used:
            problems.append(
                Problem(
                    message=issue.message,
                    row=row,
                    column=headers[col] or None,
                    value=issue.value,
                    check=issue.check,
                    **where,
                )
            )
        else:
            notes.append(
                issue.message
                + say(en=" (not a cell that is read)", nb=" (ikke en celle som leses)")
            )
    return problems, notes


def _sum_rows(body: pd.DataFrame, is_blank: pd.DataFrame, empty_rows: pd.Series) -> pd.Series:
    """Rows that are sums, on evidence, not looks.

    The first non-empty cell (among the first four columns) reads ``Sum``, ``Totalt``,
    ``I alt``, … *and* every other cell of the row is empty or a number equal to the sum
    of its column over the rows above (since the previous sum row). A row with a date,
    a word or a number that is not the column's sum is data: a person whose id is
    ``Sum``, ``Total-7`` or ``I alt 3`` is kept.
    """
    width = body.shape[1]
    label = pd.Series(-1, index=body.index)
    seen = pd.Series(False, index=body.index)
    for pos in range(min(width, 4)):
        col = body[pos]
        first = ~seen & ~is_blank[pos]
        if pd.api.types.is_string_dtype(col.dtype):  # str, or mixed object cells
            cells = col
            if col.dtype == object:
                cells = col.where(col.map(lambda v: isinstance(v, str)).astype(bool), "")
            match = cells.astype("str").str.strip().str.match(_SUM_ROW).fillna(False)
            label = label.where(~(first & match.astype(bool)), pos)
        seen = seen | ~is_blank[pos]
    candidates = body.index[(label >= 0) & ~empty_rows]
    sums = pd.Series(False, index=body.index)
    if not len(candidates):
        return sums
    numbers = {j: coerce.parse_float(body[j]) for j in body.columns}
    start = body.index[0]
    for r in candidates:
        evidence = True
        for j in body.columns:
            if j == label[r] or is_blank.at[r, j]:
                continue
            parsed = numbers[j]
            if parsed.invalid[r] or np.isnan(parsed.values[r]):
                evidence = False  # a date or a word: person data
                break
            above = parsed.values.loc[start : r - 1]
            above = above[~sums.loc[start : r - 1]]
            total = float(np.nansum(above.to_numpy()))
            if not np.isclose(parsed.values[r], total, rtol=1e-9, atol=1e-9):
                evidence = False
                break
        if evidence:
            sums[r] = True
            start = r + 1
    return sums


def _check_required(
    kind: str, found: Mapping[str, int], headers: list[str], src: str, where: dict[str, Any]
) -> None:
    """Refuse a sheet without the table's required columns — before any cell is read."""
    if kind == "persons":
        missing = [c for c in _required(_person_schema()) if c not in found]
        if _BIRTH_DATE in missing and _FNR in found:
            missing.remove(_BIRTH_DATE)
        table = say(en="person table", nb="persontabellen")
    else:
        missing = [] if "municipality" in found else ["municipality"]
        table = say(en="municipality table", nb="kriterietabellen for kommunene")
    if missing:
        listed = ", ".join(repr(m) for m in missing)
        closest = ", ".join(
            repr(c)
            for c in _closest([s for m in missing for s in (m, *_SYNONYMS.get(m, ()))], headers)
        )
        raise SourceError(
            src,
            say(
                en=f"missing column(s) {listed} of the {table}; closest headers found: "
                f"{closest} (map them with [columns] in a mapping)",
                nb=f"mangler kolonne(r) {listed} i {table}; nærmeste overskrifter funnet: "
                f"{closest} (tilordne dem med [columns] i en tilordning)",
            ),
            **where,
        )


def _cell_body(
    rows: list[list[Any]], h: int, where: Mapping[str, Any]
) -> tuple[pd.DataFrame, int, list[Problem]]:
    """The rows below the header as typed columns (index: the sheet row).

    Also the number of empty rows left out, and the ragged rows' problems.
    """
    width = max((len(r) for r in rows), default=0)
    # empty rows go first, before any per-cell work: a sparse sheet is mostly empty rows
    numbers: list[int] = []
    data_rows: list[list[Any]] = []
    for number, row in enumerate(rows[h + 1 :], start=h + 2):
        if not _EMPTY_CELLS.issuperset(row):
            numbers.append(number)
            data_rows.append(row)
    n_empty = len(rows) - h - 1 - len(data_rows)
    ragged: list[Problem] = []
    if any(len(r) != width for r in data_rows):
        ragged = _ragged(data_rows, numbers, rows[h], where)
        data_rows = [r + [""] * (width - len(r)) for r in data_rows]
    by_column = list(zip(*data_rows, strict=True)) if data_rows else [() for _ in range(width)]
    body = pd.DataFrame({j: _typed(list(by_column[j])) for j in range(width)})
    body.index = pd.Index(numbers, dtype="int64")  # sheet row numbers
    return body, n_empty, ragged


def _sheet_table(
    grid: _Grid, mapping: SheetMapping, src: str, kind: str | None, limits: Limits
) -> tuple[pd.DataFrame, str, list[Problem], list[str], dict[str, str]]:
    rows = grid.rows
    sheet = grid.name
    where = {"source": src, "sheet": sheet}
    _fill_merged(rows, grid.merged)
    h, found, headers = _find_header(rows, mapping)
    if h < 0:
        raise SourceError(
            src,
            say(
                en=f"no header row found: none of the first {HEADER_SEARCH_ROWS} rows has a "
                "column this importer knows (give a mapping with [columns])",
                nb=f"fant ingen overskriftsrad: ingen av de første {HEADER_SEARCH_ROWS} radene "
                "har en kolonne denne importøren kjenner (gi en tilordning med [columns])",
            ),
            sheet=sheet,
        )
    if kind is None:
        person_hits = sum(1 for k in found if k in _PERSON_COLUMNS)
        muni_hits = len(found) - person_hits
        kind = "persons" if person_hits >= muni_hits else "municipalities"
    _check_required(kind, found, headers, src, {"sheet": sheet, "row": h + 1})
    notes: list[str] = []
    if h > 0:
        notes.append(
            say(
                en=f"{h} title row(s) above the header (row {h + 1}) not read",
                nb=f"{h} tittelrad(er) over overskriftsraden (rad {h + 1}) ikke lest",
            )
        )
    early: list[Problem] = []
    if grid.body is not None:
        dated = [c.name for c in PERSON_COLUMNS if c.kind is Kind.DATE]
        body, n_empty = grid.body(h, {j for k, j in found.items() if k in dated})
        width = body.shape[1]
    else:
        body, n_empty, early = _cell_body(rows, h, where)
        width = body.shape[1]
    is_blank = pd.DataFrame({j: coerce.empty_mask(body[j]) for j in body.columns})
    empty_rows = is_blank.all(axis=1) if width else pd.Series(True, index=body.index)
    n_empty += int(empty_rows.sum())
    if not len(body) or bool(empty_rows.all()):
        raise SourceError(
            src,
            say(
                en=f"the table has a header (row {h + 1}) but no data"
                + (f": all {n_empty} rows below it are empty" if n_empty else ""),
                nb=f"tabellen har en overskriftsrad (rad {h + 1}), men ingen data"
                + (f": alle de {n_empty} radene under den er tomme" if n_empty else ""),
            ),
            sheet=sheet,
        )
    sums = _sum_rows(body, is_blank, empty_rows)
    if sums.any():
        listed = ", ".join(str(r) for r in body.index[sums])
        notes.append(
            say(
                en=f"sum rows not read as data: rows {listed}",
                nb=f"sumrader ikke lest som data: rad {listed}",
            )
        )
    if n_empty:
        notes.append(
            say(en=f"{n_empty} empty row(s) not read", nb=f"{n_empty} tom(me) rad(er) ikke lest")
        )
    left_out = empty_rows | sums
    if left_out.any():  # (a copy of the whole body otherwise)
        body = body[~left_out]
    long_cells = _too_long(body, limits.max_field_chars, headers, where)
    if long_cells:  # reported once, not parsed: the row is left out
        early += long_cells
        body = body.drop(index=[p.row for p in long_cells])
    issue_problems, issue_notes = _cell_issues(grid, h, found, headers, where)
    early += issue_problems
    notes += issue_notes

    problems: list[Problem] = early
    out: dict[str, pd.Series] = {}
    header_of = {k: headers[j] or k for k, j in found.items()}
    if kind == "persons":
        for canonical, j in found.items():
            column = _PERSON_COLUMNS.get(canonical)
            if column is None:
                continue
            cells = _person_cells(column, body[j])
            if column is FODSELSNUMMER:
                fnr = birth_dates(cells)
                problems += fnr.problems(header_of[canonical], **where)
                given = out.get(_BIRTH_DATE)
                out[_BIRTH_DATE] = fnr.values if given is None else given.fillna(fnr.values)
                continue
            parsed = parse_column(column, cells)
            problems += parsed.problems(header_of[canonical], **where)
            values = parsed.values
            if canonical == _BIRTH_DATE and _BIRTH_DATE in out:
                values = values.fillna(out[_BIRTH_DATE])
            out[canonical] = values
        if _ID in out:
            ids = out[_ID].astype(str)
            looks_fnr = shaped(ids)
            for r in ids.index[looks_fnr]:
                problems.append(
                    Problem(
                        message=say(
                            en="the person id looks like a fødselsnummer; use a "
                            "pseudonymous id (the number is not kept)",
                            nb="personens ID ser ut som et fødselsnummer; bruk en "
                            "pseudonymisert ID (nummeret blir ikke tatt vare på)",
                        ),
                        row=int(r),
                        column=header_of[_ID],
                        check="person_id_not_fnr",
                        **where,
                    )
                )
            blank_id = out[_ID].isna()
            dup = ids.duplicated(keep=False) & ~blank_id & ~looks_fnr
            for r in ids.index[dup]:
                problems.append(
                    Problem(
                        message=say(
                            en="the person id occurs more than once",
                            nb="personens ID forekommer mer enn én gang",
                        ),
                        row=int(r),
                        column=header_of[_ID],
                        value=str(ids[r]),
                        expected=say(en="a unique id per person", nb="én unik ID per person"),
                        check="person_id_unique",
                        **where,
                    )
                )
    else:
        reserved_kind = {
            "municipality": "municipality",
            "name": "text",
            "requested": "int",
            "maximum": "int",
            "excluded": "bool",
        }
        used = set(found.values())
        criteria = {k: j for k, j in found.items() if k not in reserved_kind}
        if not mapping.columns:  # every other numeric column is a criterion
            for j, text in enumerate(headers):
                if j in used or not text:
                    continue
                name = _slug(text)
                if name in reserved_kind or name in criteria:
                    continue
                col = body[j]
                nonblank = col[~coerce.empty_mask(col)]
                share = (
                    1.0 - float(coerce.parse_float(nonblank).invalid.mean())
                    if len(nonblank)
                    else 0.0
                )
                if share >= 0.5:
                    criteria[name] = j
                    header_of[name] = text
                else:
                    notes.append(
                        say(
                            en=f"column {text!r} is not numeric; not used as a criterion",
                            nb=f"kolonnen {text!r} er ikke numerisk; brukes ikke som kriterium",
                        )
                    )
        for canonical, j in found.items():
            if canonical not in reserved_kind:
                continue
            series = body[j]
            parsed = _parse(reserved_kind[canonical], series)
            problems += parsed.problems(header_of[canonical], **where)
            out[canonical] = parsed.values
        for canonical, j in criteria.items():
            series = body[j]
            parsed = coerce.parse_float(series)
            problems += parsed.problems(header_of.get(canonical, canonical), **where)
            out[canonical] = parsed.values
    table = pd.DataFrame(out, index=body.index, copy=False)  # (not consolidated: no copy)
    unused = [headers[j] for j in range(len(headers)) if headers[j] and j not in found.values()]
    if kind == "persons" and unused:
        listed = ", ".join(repr(u) for u in unused)
        notes.append(
            say(en=f"columns not used: {listed}", nb=f"kolonner som ikke brukes: {listed}")
        )
    if _FNR in found:
        notes.append(
            say(
                en=f"column {header_of[_FNR]!r} turned into birth dates and dropped",
                nb=f"kolonnen {header_of[_FNR]!r} er gjort om til fødselsdatoer og fjernet",
            )
        )
    return table, kind, problems, notes, header_of


def read_spreadsheet(
    source: str | os.PathLike[str],
    *,
    mapping: str | os.PathLike[str] | Mapping[str, Any] | None = None,
    encoding: str | None = None,
    limits: Limits | None = None,
) -> SpreadsheetRead:
    """Read a municipal spreadsheet (``.xlsx``/``.xlsm`` or ``.csv``).

    Returns the rows that could be read in :attr:`SpreadsheetRead.table` (index: the row
    in the sheet), every unreadable cell in :attr:`SpreadsheetRead.problems` (its row is
    left out), and what was not read as data in :attr:`SpreadsheetRead.skipped`.
    Validation against the schema is the host's job (:func:`integreringslov.read`).

    :raises SourceError: The file cannot be read: corrupt, encrypted, too large, no sheet
        of that name, no header row, or required columns missing.
    :raises MissingExtraError: ``.xlsx`` without the ``excel`` extra installed.
    """
    path = Path(source)
    src = str(path)
    limits = limits or DEFAULT_LIMITS
    spec = load_mapping(mapping, limits=limits)
    notes: list[str] = []
    grids: Iterable[_Grid]
    if path.suffix.lower() in (".csv", ".txt", ".tsv"):
        grids = [_read_csv(path, limits, encoding)]
    elif path.suffix.lower() in (".xlsx", ".xlsm"):
        grids = _xlsx_grids(path, spec.sheet, limits, notes)
    elif path.suffix.lower() == ".xls":
        raise SourceError(
            src,
            say(
                en="old .xls workbooks are not supported; save it as .xlsx",
                nb="gamle .xls-arbeidsbøker støttes ikke; lagre den som .xlsx",
            ),
        )
    else:
        raise SourceError(
            src,
            say(
                en="not a spreadsheet: expected .xlsx or .csv",
                nb="ikke et regneark: ventet .xlsx eller .csv",
            ),
        )
    kind = spec.table
    frames: list[pd.DataFrame] = []
    problems: list[Problem] = []
    errors: list[SourceError] = []
    headers: dict[str, str] = {}
    sheets: list[str | None] = []
    for grid in grids:
        try:
            frame, kind_found, p, n, found = _sheet_table(grid, spec, src, kind, limits)
        except SourceError as exc:
            if spec.sheet:
                raise
            errors.append(exc)
            notes.append(
                say(
                    en=f"sheet {grid.name!r} has no recognised header or no data; not read",
                    nb=f"arket {grid.name!r} har ingen kjent overskriftsrad eller ingen data; "
                    "ikke lest",
                )
            )
            continue
        kind = kind_found
        bad = {q.row for q in p if q.row is not None}
        frames.append(frame[~frame.index.isin(list(bad))] if bad else frame)
        headers = {**found, **headers}
        sheets.append(grid.name)
        problems += p
        prefix = (
            say(en=f"sheet {grid.name!r}: ", nb=f"ark {grid.name!r}: ")
            if grid.name is not None and spec.sheet
            else ""
        )
        notes += [prefix + x for x in n]
        if not spec.sheet:
            break  # without a mapping: the first visible sheet with a header we know
    if not frames:
        raise errors[0]
    table = pd.concat(frames) if len(frames) > 1 else frames[0]
    return SpreadsheetRead(
        table=table,
        kind=kind or "persons",
        problems=tuple(sorted(problems, key=lambda p: (p.sheet or "", p.row or 0))),
        skipped=redact_all(notes),
        headers=headers,
        sheet=sheets[0] if len(sheets) == 1 else None,
    )


# --------------------------------------------------------------------------- plugin


_DATA = Path(__file__).parent / "data" / "spreadsheet"
"""Tiny example sheets with invented people and figures (for the conformance checks);
``tools/make_spreadsheet_examples.py`` writes them."""


@hookimpl
def register_importers(register: RegisterImporter) -> None:
    """Declare ``spreadsheet`` (person table) and ``spreadsheet-municipalities``."""
    register(
        name=IMPORTER,
        title="Municipal spreadsheet (.xlsx, .csv) → person table",
        publisher="the user's own municipality or county",
        table=_person_schema(),
        patterns=("*.xlsx", "*.xlsm", "*.csv"),
        description="A sheet kept by an integration team, read through an optional TOML "
        "mapping (`sheet`, `table`, `[columns]`); Norwegian headers are recognised without "
        "one. Options: `mapping`, `encoding`, `limits`. A sheet that turns out to hold "
        "municipalities is validated as `spreadsheet-municipalities`.",
        examples=(_DATA / "example_persons.xlsx", _DATA / "example_persons.csv"),
    )
    register(
        name=MUNICIPALITIES_IMPORTER,
        title="Municipal spreadsheet (.xlsx, .csv) → municipality criteria table",
        publisher="the user's own municipality or county",
        table=MunicipalityCriteria,
        patterns=("*.xlsx", "*.xlsm", "*.csv"),
        description="Figures per municipality (kommunenummer plus numeric criteria such as "
        "Innbyggere) for `recommend`. Same mapping and options as `spreadsheet`.",
        examples=(_DATA / "example_municipalities.csv",),
    )


def _csv_kind(source: Path) -> str | None:
    """``"persons"`` or ``"municipalities"`` from the headers at the top of a CSV file.

    Reads the first 16 KiB only; ``None`` when no header row this importer knows is there.
    """
    try:
        with source.open("rb") as fh:
            data = fh.read(16 * 1024)
        lines = decode_head(data).splitlines()[:HEADER_SEARCH_ROWS]
        rows: list[list[Any]] = [
            list(r) for r in csv.reader(lines, delimiter=sniff_delimiter(lines))
        ]
        _, found, _ = _find_header(rows, SheetMapping())
    except (OSError, csv.Error, ValueError):
        return None
    persons = sum(1 for k in found if k in _PERSON_COLUMNS)
    if "municipality" in found and persons < len(found) - persons:
        return "municipalities"
    return "persons" if persons else None


@hookimpl
def detect_source(source: Path) -> Detection | None:
    """Claim ``.xlsx``/``.xlsm`` files, and ``.csv`` weakly (other CSV formats know better).

    A CSV file whose header row names municipality columns (``Kommunenummer``,
    ``Innbyggere``, ...) rather than person columns is claimed for
    ``spreadsheet-municipalities``. Workbooks are not opened here; a workbook that holds
    municipalities is read as ``spreadsheet`` and validated as the municipality table.
    """
    suffix = source.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return Detection(
            importer=IMPORTER,
            confidence=0.6,
            reason=say(en="Excel workbook", nb="Excel-arbeidsbok"),
        )
    if suffix == ".csv":
        kind = _csv_kind(source)
        if kind == "municipalities":
            return Detection(
                importer=MUNICIPALITIES_IMPORTER,
                confidence=0.3,
                reason=say(
                    en="CSV file with municipality headers", nb="CSV-fil med kommuneoverskrifter"
                ),
            )
        if kind == "persons":
            return Detection(
                importer=IMPORTER,
                confidence=0.3,
                reason=say(en="CSV file with person headers", nb="CSV-fil med personoverskrifter"),
            )
        return Detection(importer=IMPORTER, confidence=0.2, reason=say(en="CSV file", nb="CSV-fil"))
    return None


@hookimpl
def read_source(source: Path, importer: str, options: Mapping[str, Any]) -> SourceTable | None:
    """Read a spreadsheet with ``spreadsheet`` or ``spreadsheet-municipalities``.

    The cells that could not be read (their rows are left out) are the result's problems,
    the rows and columns not read as data its notes. A sheet read as ``spreadsheet`` that
    holds municipalities names ``spreadsheet-municipalities`` as the importer whose schema
    the table follows.
    """
    if importer not in (IMPORTER, MUNICIPALITIES_IMPORTER):
        return None
    mapping = options.get("mapping")
    if importer == MUNICIPALITIES_IMPORTER:
        spec = load_mapping(mapping)
        mapping = {"sheet": list(spec.sheet), "table": "municipalities", "columns": spec.columns}
    limits = options.get("limits")
    result = read_spreadsheet(
        source,
        mapping=mapping,
        encoding=options.get("encoding"),
        limits=limits if isinstance(limits, Limits) else None,
    )
    return SourceTable(
        table=result.table,
        problems=result.problems,
        notes=result.skipped,
        headers=result.headers,
        sheet=result.sheet,
        importer=MUNICIPALITIES_IMPORTER if result.kind == "municipalities" else IMPORTER,
    )
