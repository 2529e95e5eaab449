"""The StatBank / PxWeb CSV reader behind the ``ssb-csv`` importer (see :mod:`.ssb`).

One reader for every CSV layout PxWeb writes (StatBank web downloads, PxWebApi v0/v1
``csv``/``csv2``/``csv3``, PxWebApi 2 ``csv`` with its ``outputFormatParams``, ready-made
datasets, other PxWeb sites such as Statistics Finland's): an optional title line, a header
row, stub (dimension) columns on the left and value columns on the right. Everything the
reader had to decide — which columns are dimensions, which decimal mark, what the heading
columns mean — is returned as notes for the import report.

Arrow's CSV parser reads the cells where pyarrow is installed and the file is regular (no
control characters, no line break of its own kind, quotes only where a cell starts and
ends, one record per line); otherwise, and without pyarrow, Python's :mod:`csv` module
does, strictly. Either way the cells go through the same rules (:mod:`._ssb_cells`), and
the table is built from each column's *distinct* cells — a stub column of a million rows
holds a few hundred names — so the table is the same whichever parser read it.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from integreringslov._io.klass import klass_csv, klass_refusal
from integreringslov._io.limits import Limits, check
from integreringslov._io.text import arrow_text_table, decode, sniff_delimiter
from integreringslov._text.i18n import tr, trn
from integreringslov._text.privacy import redact
from integreringslov.errors import SourceError
from integreringslov_importers._ssb_cells import (
    STATUS_SYMBOLS,
    SYMBOLS,
    ArrowCells,
    Cells,
    CodedCells,
    TextCells,
    joined,
)

__all__ = [
    "KNOWN_DIMENSION_IDS",
    "SAMPLE_LINES",
    "SYMBOLS",
    "TIME_DIMENSIONS",
    "UNNAMED_HEADING",
    "CsvRead",
    "find_title",
    "grid_table",
    "is_blank",
    "is_time_token",
    "names_table",
    "quote_char",
    "quoted_cells",
    "read_statbank_csv",
    "title_dimensions",
    "title_names_columns",
    "title_table_id",
]

KNOWN_DIMENSION_IDS: Mapping[str, str] = {
    "region": "Region",
    "år": "Tid",
    "year": "Tid",
    "tid": "Tid",
    "time": "Tid",
    "kvartal": "Tid",
    "quarter": "Tid",
    "måned": "Tid",
    "month": "Tid",
    "statistikkvariabel": "ContentsCode",
    "contents": "ContentsCode",
    "contentscode": "ContentsCode",
    "alder": "Alder",
    "age": "Alder",
    "kjønn": "Kjonn",
    "kjonn": "Kjonn",
    "sex": "Kjonn",
    "landbakgrunn": "Landbakgrunn",
    "innvandringskategori": "InnvandrKat",
    "innvandrkat": "InnvandrKat",
}
"""CSV header text (lower case) → the SSB dimension id used as the column name."""

TIME_DIMENSIONS = frozenset(
    {
        "år",
        "year",
        "tid",
        "time",
        "kvartal",
        "quarter",
        "måned",
        "month",
        "uke",
        "week",
        "periode",
        "vuosi",
    }
)
"""Header texts (lower case) that name a time dimension."""

UNNAMED_HEADING = "heading"
"""The column of a heading dimension the file does not name (no title lists it): PxWeb's own
word for the variables across the top. Never a guess such as ``ContentsCode``."""

_BLANK = re.compile(r"[\s;,\"']*")
_TIME_TOKEN = re.compile(r"\d{4}(?:[KMUHQ]\d{1,2}|-\d{4})?")
_TABLE_ID = re.compile(r"(?P<table>\d{5})\s*:\s*")
_PXWEB_ID = re.compile(r"(?P<table>\w{2,12})\s+--\s+")
_CODE_NAME = re.compile(
    r"(?P<code>[A-Za-z]{1,2}[-_][\w-]+|[A-Za-z]{0,2}\d[\w-]*\+?)\s+(?P<name>\S.*)"
)  # «3801 Horten», «K-3001 Halden», «01-96 Alle næringar», «105+ 105 år eller eldre»
_CODE_DASH_TEXT = re.compile(r"(?P<code>\S+) - (?P<name>\S.*)")
_BREAKING = "[\x01-\x08\x0b\x0c\x0e-\x1f\x85\u2028\u2029]"
"""Control characters (but tab, LF, CR; a NUL is refused before) and the line breaks of
``str.splitlines``: Python's csv reading of the file breaks lines at some of them, Arrow's
does not."""
SAMPLE_LINES = 50
"""How many lines after the header the reader and detection look at to decide the layout."""


@attrs.frozen
class CsvRead:
    """What :func:`read_statbank_csv` returns: the long table and the notes for the report."""

    table: pd.DataFrame = attrs.field(eq=False, repr=False)
    notes: tuple[str, ...] = ()


def is_time_token(text: str) -> bool:
    """A PxWeb time code: ``2024``, ``2024K1``, ``2024M01``, ``2024Q4``, ``2023-2024``."""
    return _TIME_TOKEN.fullmatch(text) is not None


def is_blank(line: str) -> bool:
    """A line with no cell text: empty, or only delimiters (a spreadsheet's ``;;;;;;``).

    >>> is_blank(";;;;;;;"), is_blank(" "), is_blank(";x;")
    (True, True, False)
    """
    return _BLANK.fullmatch(line) is not None


def title_table_id(title: str) -> tuple[str | None, str]:
    """``"11616: Sysselsatte …"`` → ``("11616", "Sysselsatte …")``; also ``"128c -- …"``."""
    match = _TABLE_ID.match(title) or _PXWEB_ID.match(title)
    if match is None:
        return None, title
    return match.group("table"), title[match.end() :].strip()


def title_dimensions(title: str) -> list[str]:
    """The dimension names a PxWeb title lists after *etter* / *efter* / *by*.

    >>> title_dimensions("Sysselsatte per 4. kvartal, etter region, statistikkvariabel og år")
    ['region', 'statistikkvariabel', 'år']
    >>> title_dimensions("Live births, number by region, age of the Mother, sex and year")
    ['region', 'age of the Mother', 'sex', 'year']
    >>> title_dimensions("Population by municipality, age and sex 1998-2017 - Division into x")
    ['municipality', 'age', 'sex']
    >>> title_dimensions("Folkmängd efter region, civilstånd, ålder, kön och år")
    ['region', 'civilstånd', 'ålder', 'kön', 'år']
    >>> title_dimensions("Permanent resident population by sex and age, 1860-2021")
    ['sex', 'age']
    """
    title = " ".join(title.split())  # one space between words: no run to backtrack over
    match = re.search(r"(?:^|[ ,])(?:etter|efter|by) (?P<dims>.+)$", title)
    if not match:
        return []
    listed = match.group("dims").split(" - ", 1)[0].strip().rstrip(".,")
    listed = re.sub(r",? \d{4}(?: ?- ?\d{4})?$", "", listed)  # a period after the list
    dims = re.split(r", ?| (?:og|och|and) ", listed)
    return [d.strip() for d in dims if d.strip()]


def quote_char(header_line: str, delimiter: str) -> str:
    """``'`` for a file whose header writes every cell in single quotes, else ``"``.

    One ready-made dataset of 2016 quotes that way (``'region';'alder';'tid'``).

    >>> quote_char("'region';'tid';'Personer etter region og tid'", ";")
    "'"
    >>> quote_char('"region";"tid";"Personer"', ";"), quote_char("region;Hjem's", ";")
    ('"', '"')
    """
    cells = header_line.strip().split(delimiter)
    single = all(len(c) >= 2 and c[0] == c[-1] == "'" for c in cells)
    return "'" if single and '"' not in header_line and len(cells) > 1 else '"'


def quoted_cells(line: str, delimiter: str, quote: str = '"') -> list[bool]:
    """Which cells of one CSV line are written in quotes (jumps with ``str.find``).

    >>> quoted_cells('"3801 Horten";"2024";12', ";")
    [True, True, False]
    >>> quoted_cells('"a;""b""c";1', ";")
    [True, False]
    >>> quoted_cells("'0101 Halden';287", ";", "'")
    [True, False]
    """
    flags: list[bool] = []
    i, n = 0, len(line)
    while True:
        if line.startswith(quote, i):
            j = i + 1
            while True:  # to the closing quote; a doubled quote inside is an escaped one
                k = line.find(quote, j)
                if k < 0:
                    j = n
                    break
                if line.startswith(quote, k + 1):
                    j = k + 2
                    continue
                j = k + 1
                break
            flags.append(True)
            end = line.find(delimiter, j)
        else:
            flags.append(False)
            end = line.find(delimiter, i)
        if end < 0:
            return flags
        i = end + 1


def names_table(header: str) -> bool:
    """A value column named by the table: ``07459`` (PxWeb csv3) or ``06913: Befolkning …``."""
    text = header.strip()
    return re.fullmatch(r"\d{5}", text) is not None or _TABLE_ID.match(text) is not None


def title_names_columns(header: Sequence[str]) -> bool:
    """Whether the last header cell is the table's title, listing the other columns.

    The ready-made datasets of 2016 name the value column by the title alone, with no table
    number: ``region;statistikkvariabel;tid;Folkemengd …, etter region, statistikkvariabel
    og tid``. Every dimension the title lists must be one of the other columns.

    >>> title_names_columns(["region", "alder", "tid", "statistikkvariabel",
    ...                      "Personer etter region, alder og tid"])
    True
    >>> title_names_columns(["region", "Personer etter kjønn"])
    False
    """
    if len(header) < 2:
        return False
    dims = {d.lower() for d in title_dimensions(header[-1])}
    others = {h.strip().lower() for h in header[:-1]}
    return bool(dims) and dims <= others


def find_title(lines: Sequence[str], first: int) -> str | None:
    """The title of a PxWeb CSV: a first line that is one cell, followed by a header row."""
    line = lines[first]
    after = next((i for i in range(first + 1, len(lines)) if not is_blank(lines[i])), None)
    if after is None:
        return None
    delimiter = sniff_delimiter(lines[after : after + 5], candidates=(";", "\t", ","))
    try:
        cells = next(csv.reader([line], delimiter=delimiter))
        header = next(csv.reader([lines[after]], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return None
    while len(cells) > 1 and not cells[-1].strip():  # a spreadsheet pads every line
        cells.pop()
    if len(cells) != 1 or len(header) < 2:
        return None
    title = cells[0].strip()
    if title_table_id(title)[0] is not None or (
        line.lstrip().startswith('"') and after > first + 1
    ):
        return title
    return None


def _unnamed_note(title: str | None, title_dims: Sequence[str]) -> str:
    """Why a heading dimension is called :data:`UNNAMED_HEADING`."""
    if title_dims:
        listed = ", ".join(title_dims)
        return tr(" (the title names only {listed}, so this one has no name)", listed=listed)
    if title is not None:
        return tr(" (the title lists no dimensions; rename the column if you know what it is)")
    return tr(" (the file has no title to name it; rename the column if you know what it is)")


def _column_name(header: str) -> str:
    return KNOWN_DIMENSION_IDS.get(header.strip().lower(), header.strip())


def _split_code_name(
    cells: Sequence[str], header: str, notes: list[str]
) -> tuple[list[str], list[str]] | None:
    """``"3801 Horten"`` or ``"3801 - Horten"`` (PxWebApi 2 codes and texts) → codes, names.

    ``cells`` are a column's distinct cells, first seen first; the answer gives the code
    and the name of each. Only where the column shows it: every cell has the form, and
    different codes have different names (``"0 år"``, ``"1 år"`` are labels, not codes
    with the name «år»). A column of one value cannot show it, so it is split only under a
    ``region`` header, where StatBank downloads always write «code name».
    """
    for pattern in (_CODE_DASH_TEXT, _CODE_NAME):
        parts = [pattern.fullmatch(c) for c in cells]
        if not all(parts):
            continue
        codes = [p.group("code") for p in parts if p]
        names = [p.group("name") for p in parts if p]
        pairs = dict.fromkeys(zip(codes, names, strict=True))
        if len({c for c, _ in pairs}) < len(pairs) or len({n for _, n in pairs}) < len(pairs):
            continue
        if len(pairs) == 1 and header.strip().lower() != "region":
            notes.append(
                tr(
                    "column {header!r} has one value, {cells_0!r}: kept whole, since one value "
                    "cannot show whether it is a code and a name",
                    header=header,
                    cells_0=cells[0],
                )
            )
            return None
        notes.append(
            tr(
                "column {header!r}: each cell is a code and a name ({cells_0!r} → code "
                "{codes_0!r}, name {names_0!r})",
                header=header,
                cells_0=cells[0],
                codes_0=codes[0],
                names_0=names[0],
            )
        )
        return codes, names
    return None


def _decimal_mark(columns: Sequence[Cells], source: str) -> tuple[str, bool]:
    """The decimal mark of the value cells (``","`` or ``"."``, never both).

    Also whether any number shows one.
    """
    has_comma = has_point = False
    for column in columns:
        comma, point = column.marks()
        has_comma, has_point = has_comma or comma, has_point or point
    if has_comma and has_point:
        raise SourceError(
            source,
            tr(
                "the value cells use both ',' and '.' (thousands separators?); which is the "
                "decimal mark cannot be decided",
            ),
            expected=tr("numbers written with one decimal mark and no thousands separator"),
        )
    return ("," if has_comma else "."), has_comma or has_point


def _split_time(heading: Sequence[str]) -> tuple[list[str], list[str]] | None:
    """Every heading cell as (the rest, a period), or None.

    The period stands last (``"Personer 2021"``, PxWeb's order) or first (``"1951
    Befolkning 1. januar"``, Statistikkbanken's since 2025) — the same place in every cell.

    >>> _split_time(["Personer 2021", "Personer 2022"])
    (['Personer', 'Personer'], ['2021', '2022'])
    >>> _split_time(["1951 Døde", "1952 Døde"])
    (['Døde', 'Døde'], ['1951', '1952'])
    >>> _split_time(["Total 2016 Population 31 Dec"]) is None
    True
    """
    for last in (True, False):
        rests, times = [], []
        for cell in heading:
            # linear: no backtracking on long runs of spaces
            parts = cell.rsplit(None, 1) if last else cell.split(None, 1)
            if len(parts) != 2:
                break
            rest, time = (parts[0], parts[1]) if last else (parts[1], parts[0])
            if not is_time_token(time):
                break
            rests.append(rest)
            times.append(time)
        else:
            return rests, times
    return None


# -- reading the file ----------------------------------------------------------------------


@attrs.frozen
class _Grid:
    """The cells under the header, a column at a time, and the line each row is on."""

    header: list[str]
    columns: list[Cells]
    lines: npt.NDArray[np.int64]


class _Careful(Exception):
    """The quick way cannot be sure of this file: read it the careful way, which decides."""


def _head_lines(text: str, count: int) -> list[str]:
    """The first ``count`` lines of ``text`` (without splitting the rest of a big file)."""
    end = 0
    for _ in range(count):
        found = text.find("\n", end)
        if found < 0:
            return text.splitlines()
        end = found + 1
    return text[:end].splitlines()


def _unquote(cell: str, quote: str) -> str | None:
    """A cell as Python's csv module reads it, or ``None`` where its quoting is broken.

    >>> _unquote('"3801 Horten"', '"'), _unquote('5" pipe', '"'), _unquote('"a""b"', '"')
    ('3801 Horten', '5" pipe', 'a"b')
    >>> _unquote('"ab"c', '"') is None, _unquote('"', '"') is None
    (True, True)
    """
    if not cell.startswith(quote):
        return cell  # a quote later in an unquoted cell is just a character
    inner = cell[1:-1]
    if len(cell) < 2 or not cell.endswith(quote) or inner.replace(quote * 2, "").count(quote):
        return None
    return inner.replace(quote * 2, quote)


def _line_numbers(data: bytes, header_at: int, rows: int) -> npt.NDArray[np.int64] | None:
    """The numbers of the ``rows`` lines Arrow read from line ``header_at`` on.

    Arrow skips empty lines; the numbers are the rows a person sees. Where no line is empty
    (the usual), counting the line breaks is enough. ``None`` when the lines that are not
    empty are not ``rows``: a record over several lines.
    """
    raw = np.frombuffer(data, dtype=np.uint8)
    lines = _line_breaks(raw) + (1 if data and not data.endswith(b"\n") else 0)
    if lines - header_at == rows:
        return header_at + 1 + np.arange(rows, dtype=np.int64)
    breaks = np.flatnonzero(raw == 10)
    begin = 0 if header_at == 0 else int(breaks[header_at - 1]) + 1
    ends = breaks[header_at:]
    if not len(raw) or raw[-1] != 10:  # the last line has no line break of its own
        ends = np.append(ends, len(raw))
    starts = np.empty_like(ends)
    starts[:1] = begin
    starts[1:] = ends[:-1] + 1
    length = ends - starts
    if 13 in raw[ends[length > 0] - 1]:  # CRLF: a line holding only CR is empty
        length[length > 0] -= raw[ends[length > 0] - 1] == 13
    numbers = header_at + 1 + np.flatnonzero(length).astype(np.int64)
    return numbers if len(numbers) == rows else None


def _line_breaks(raw: npt.NDArray[np.uint8], block: int = 1 << 20) -> int:
    """How many line feeds ``raw`` holds, counted a block at a time.

    A third of the time of ``bytes.count``, and no array of the file's size (whose fresh
    memory costs more than the counting).
    """
    seen = np.empty(min(block, len(raw)), dtype=bool)
    count = 0
    for at in range(0, len(raw), block):
        part = raw[at : at + block]
        np.equal(part, 10, out=seen[: len(part)])
        count += int(np.count_nonzero(seen[: len(part)]))
    return count


def _line_start(data: bytes, line: int) -> int:
    """Where line ``line`` (from 0) starts in ``data``."""
    start = 0
    for _ in range(line):
        found = data.find(b"\n", start)
        if found < 0:
            raise _Careful
        start = found + 1
    return start


def _arrow_grid(
    data: bytes, header_at: int, delimiter: str, quote: str, width: int, sample: Sequence[str]
) -> tuple[list[str], list[Cells], npt.NDArray[np.int64]]:
    """The header and cells from line ``header_at`` on, read by Arrow (UTF-8 ``data``).

    Each column comes back coded (:class:`._ssb_cells.CodedCells`). Arrow's own quoting
    reads ``"a"b`` as ``ab``, where Python's csv module refuses it, so the file is read in
    the first of three ways that works, none of which can differ from the csv module
    (``sample`` holds the header line and the first data lines as text):

    1. without quoting, each distinct cell unquoted as the csv module would (a quoted cell
       holding the delimiter breaks the row's width, and this way is left);
    2. where the data rows hold quotes, split at the quotes (:func:`_split_at_quotes`):
       every quoted cell is then proven to open after a delimiter and close before one;
    3. with Arrow's quoting, after checking that every quote opens or closes a cell
       (:func:`_quotes_plain`).

    Raises :class:`_Careful` — so that the csv module reads the file, and says exactly what
    is wrong where something is — when pyarrow is missing or the text is not plainly one
    record per line: a control character, a carriage return that does not end a line, a
    record over several lines, a row of another width.
    """
    try:
        import pyarrow as pa
    except ImportError:
        raise _Careful from None
    if b"\r" in data and re.search(rb"\r(?!\n)", data):
        raise _Careful
    begin = _line_start(data, header_at)
    body = pa.py_buffer(data).slice(begin)
    names = [f"c{i}" for i in range(width)]
    for way in ("unquoted", "split at quotes", "quoted"):
        if way == "split at quotes":
            if any(quote in line for line in sample[1:]):
                split = _split_at_quotes(body, delimiter, quote, width, sample)
                if split is not None:
                    lines = _line_numbers(data, header_at, len(split[0]) + 1)
                    if lines is None:
                        raise _Careful
                    return _csv_header(sample[0], delimiter, quote), split, lines[1:]
            continue
        if way == "unquoted" and any(len(line.split(delimiter)) != width for line in sample):
            continue  # a quoted cell holds the delimiter already in the first lines
        raw = np.frombuffer(data, dtype=np.uint8)[begin:]
        if way == "quoted" and not _quotes_plain(raw, ord(quote), ord(delimiter)):
            raise _Careful
        table: Any = arrow_text_table(
            body, names, delimiter=delimiter, quote=quote if way == "quoted" else None
        )
        if table is None:
            continue  # a delimiter inside a quoted cell: not this way
        lines = _line_numbers(data, header_at, table.num_rows)
        if lines is None or table.num_rows < 1:
            raise _Careful
        header = [str(table.column(i)[0].as_py()) for i in range(width)]
        coded = _coded_all([table.column(i).slice(1) for i in range(width)])
        if way == "unquoted":
            header = [_unquoted(h, quote) for h in header]
            coded = [_unquote_cells(c, quote) for c in coded]
        columns: list[Cells] = list(coded)
        return header, columns, lines[1:]
    raise _Careful


def _csv_header(line: str, delimiter: str, quote: str) -> list[str]:
    """The header's cells as Python's csv module reads them (or :class:`_Careful`)."""
    try:
        return next(csv.reader([line], delimiter=delimiter, quotechar=quote, strict=True))
    except (csv.Error, StopIteration):
        raise _Careful from None


def _split_at_quotes(
    body: Any, delimiter: str, quote: str, width: int, sample: Sequence[str]
) -> list[Cells] | None:
    """The data rows (``body`` from the header line on) read by splitting at the quotes.

    A line ``"0301 Oslo";"Menn";12;..`` split at ``"`` is ``'', '0301 Oslo', ';',
    'Menn', ';12;..'``: the odd pieces are the quoted cells, the even ones the delimiters
    and unquoted cells between them. Every line must have as many quotes as the first
    data lines (Arrow checks the width), each even piece must hold a delimiter exactly
    where a quote opens or closes a cell — so no quote is doubled, stray or followed by
    anything but a delimiter — and the pieces together must give the header's width.
    A delimiter inside a quoted cell (csv2's ``"Ledige stillingar, sesongjustert"``)
    is then just text, as it is to the csv module. ``None`` where any of this fails.
    """
    import pyarrow.compute as pc

    counts = {line.count(quote) for line in sample[1:]}
    if len(counts) != 1 or min(counts) % 2 or min(counts) == 0:
        return None
    names = [f"p{i}" for i in range(min(counts) + 1)]
    table: Any = arrow_text_table(body, names, delimiter=quote, skip_rows=1)  # at the quotes
    if table is None:
        return None
    if table.num_rows < 1:
        return None

    def empty(column: Any) -> bool:
        return bool(pc.all(pc.equal(pc.binary_length(column), 0)).as_py())

    last = len(names) - 1
    plain = {  # the usual between two quoted cells: a delimiter and nothing else
        i for i in range(2, last, 2) if pc.all(pc.equal(table.column(i), delimiter)).as_py()
    }
    wanted = [i for i in range(len(names)) if i not in plain]
    coded_pieces = dict(zip(wanted, _coded_all([table.column(i) for i in wanted]), strict=True))
    cells: list[Cells] = []
    for i in range(len(names)):
        if i in plain:
            continue
        coded = coded_pieces[i]
        if i % 2:  # between two quotes: a quoted cell
            cells.append(coded)
            continue
        # the delimiters and unquoted cells: asked of the distinct pieces only
        distinct = coded.distinct.array if isinstance(coded.distinct, ArrowCells) else None
        if distinct is None:
            return None
        parts = pc.split_pattern(distinct, delimiter)
        sizes = pc.list_value_length(parts)
        size = int(pc.min(sizes).as_py() or 0)
        if size != int(pc.max(sizes).as_py() or 0):
            return None  # not the same cells in every row
        elements = {k: pc.list_element(parts, k) for k in {0, size - 1, min(1, size - 1)}}
        if size == 1:  # nothing between: the line starts or ends with a quote
            if 0 < i < last or not empty(elements[0]):
                return None
            continue
        if (i > 0 and not empty(elements[0])) or (i < last and not empty(elements[size - 1])):
            return None  # a quote not right after or before a delimiter
        start, stop = (1 if i > 0 else 0), (size - 1 if i < last else size)
        if stop - start == 1:
            inner = _coded(elements[start])  # each cell's distinct values, by way of the pieces'
            cells.append(
                CodedCells(inner.codes[coded.codes], inner.distinct, first_seen_first=True)
            )
            continue
        # many cells (a wide file's values): their distinct values shared, found in one pass
        flat = _coded(pc.list_flatten(pc.list_slice(parts, start, stop)))
        grid = flat.codes.reshape(-1, stop - start)
        cells.extend(
            CodedCells(grid[:, k][coded.codes], flat.distinct) for k in range(stop - start)
        )
    return cells if len(cells) == width else None


def _unquoted(cell: str, quote: str) -> str:
    read = _unquote(cell, quote)
    if read is None:
        raise _Careful  # a broken quote, or a quoted cell split at a delimiter inside it
    return read


def _coded_all(arrays: Sequence[Any]) -> list[CodedCells]:
    """:func:`_coded` of each column, a column per core (Arrow lets go of the GIL)."""
    if len(arrays) < 2 or sum(len(a) for a in arrays) < 1_000_000:
        return [_coded(a) for a in arrays]
    with ThreadPoolExecutor(max_workers=min(len(arrays), os.cpu_count() or 1)) as pool:
        return list(pool.map(_coded, arrays))


_RUN_SAMPLE = 4096
"""How many cells of a column :func:`_coded` looks at to tell a column of runs."""


def _coded(array: Any) -> CodedCells:
    """An Arrow column as its distinct cells (one dictionary for every chunk) and codes.

    A stub column of a long file repeats each cell in runs (a region for every age and
    year below it): such a column is coded run by run — Arrow finds the runs, only their
    cells are hashed, and the codes are repeated over each run's length. The innermost
    stub column repeats a cycle instead (the years, again for every age): when the whole
    column equals itself shifted by one cycle, only the first cycle is coded and its codes
    repeated. Both give the same coding as hashing every cell, for the work of a few
    thousand cells instead of millions.
    """
    import pyarrow as pa

    if len(array) >= 4 * _RUN_SAMPLE:
        if _runs(array.slice(0, _RUN_SAMPLE)) * 8 < _RUN_SAMPLE:
            by_run = _coded_runs(array)
            if by_run is not None:
                return by_run
        by_cycle = _coded_cycle(array)
        if by_cycle is not None:
            return by_cycle
    encoded = array.dictionary_encode()
    chunks = encoded.chunks if isinstance(encoded, pa.ChunkedArray) else [encoded]
    if not chunks:
        return CodedCells(np.zeros(0, dtype=np.intp), TextCells.of([]))
    codes = np.concatenate([c.indices.to_numpy(zero_copy_only=False) for c in chunks])
    return CodedCells(
        codes.astype(np.intp), ArrowCells(chunks[0].dictionary), first_seen_first=True
    )


def _runs(array: Any) -> int:
    """How many runs of equal cells ``array`` holds."""
    import pyarrow as pa
    import pyarrow.compute as pc

    encoded = pc.run_end_encode(array)
    chunks = encoded.chunks if isinstance(encoded, pa.ChunkedArray) else [encoded]
    return sum(len(c.run_ends) for c in chunks)


def _coded_cycle(array: Any) -> CodedCells | None:
    """:func:`_coded` of a column that repeats its first cycle; ``None`` if it does not."""
    import pyarrow.compute as pc

    first = array[0]
    again = pc.index(array.slice(1, _RUN_SAMPLE), first).as_py()
    if again < 0:
        return None
    cycle = again + 1
    n = len(array)
    if n % cycle or not pc.all(pc.equal(array.slice(cycle), array.slice(0, n - cycle))).as_py():
        return None
    head = _coded(array.slice(0, cycle))
    return CodedCells(
        np.tile(head.codes, n // cycle), head.distinct, first_seen_first=head.first_seen_first
    )


def _coded_runs(array: Any) -> CodedCells | None:
    """:func:`_coded` run by run; ``None`` where Arrow's runs do not add up to the column."""
    import pyarrow as pa
    import pyarrow.compute as pc

    encoded = pc.run_end_encode(array)
    chunks = encoded.chunks if isinstance(encoded, pa.ChunkedArray) else [encoded]
    lengths = np.concatenate(
        [np.diff(c.run_ends.to_numpy(zero_copy_only=False), prepend=0) for c in chunks]
        or [np.zeros(0, dtype=np.int64)]
    )
    if any(c.offset for c in chunks) or int(lengths.sum()) != len(array):
        return None
    kind = chunks[0].type.value_type if chunks else pa.string()
    heads = pa.chunked_array([c.values for c in chunks], type=kind).dictionary_encode()
    dictionaries = heads.chunks
    if not dictionaries:
        return None
    run_codes = np.concatenate([c.indices.to_numpy(zero_copy_only=False) for c in dictionaries])
    return CodedCells(
        np.repeat(run_codes.astype(np.intp), lengths),
        ArrowCells(dictionaries[0].dictionary),
        first_seen_first=True,
    )


def _unquote_cells(column: CodedCells, quote: str) -> CodedCells:
    """A column read without quoting, its distinct cells unquoted (``"3801 Horten"``)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    distinct = column.distinct
    if (
        not isinstance(distinct, ArrowCells)
        or not pc.any(pc.match_substring(distinct.array, quote)).as_py()
    ):
        return column
    cells = [_unquoted(str(c), quote) for c in distinct.array.to_pylist()]
    remap, values = _distinct(cells)  # "a" and a are the same cell
    codes = column.codes if len(values) == len(cells) else remap[column.codes]
    return CodedCells(codes, ArrowCells(pa.array(values, type=pa.string())), first_seen_first=True)


def _quotes_plain(raw: npt.NDArray[np.uint8], quote: int, delimiter: int) -> bool:
    """Whether every quote opens a cell, closes it or is doubled inside it.

    Counted in order, an even quote must follow a delimiter, a line break, the start or
    another quote, and an odd one must precede a delimiter, a line break, the end or
    another quote. A quote inside an unquoted cell (``5" pipe``) fails this too, though it
    is allowed: Python's csv module then reads the file, as strictly as always.
    """
    at = np.flatnonzero(raw == quote)
    if len(at) == 0:
        return True
    if len(at) % 2:
        return False
    ends = np.zeros(256, dtype=bool)
    ends[[delimiter, 10, 13, quote]] = True
    opening, closing = at[0::2], at[1::2]
    before = raw[np.maximum(opening - 1, 0)]
    after = raw[np.minimum(closing + 1, len(raw) - 1)]
    opens = ends[before] | (opening == 0)
    closes = ends[after] | (closing == len(raw) - 1)
    return bool(opens.all() and closes.all())


def _csv_grid(
    name: str, lines: list[str], header_at: int, delimiter: str, quote: str, limits: Limits
) -> _Grid:
    """The header and cells of ``lines[header_at:]``, read strictly by Python's csv module."""
    try:
        rows = list(
            csv.reader(
                io.StringIO("\n".join(lines[header_at:])),
                delimiter=delimiter,
                quotechar=quote,
                strict=True,
            )
        )
    except csv.Error as exc:
        if "field larger" in str(exc):
            raise SourceError(
                name,
                tr(
                    "a cell is longer than {csv_field_size_limit} characters, more than the limit "
                    "of {limits_max_field_chars} (Limits.max_field_chars)",
                    csv_field_size_limit=csv.field_size_limit(),
                    limits_max_field_chars=limits.max_field_chars,
                ),
                check="max_field_chars",
            ) from None
        raise SourceError(
            name, tr("not valid CSV: {exc}", exc=exc)
        ) from None
    header = [h.strip() for h in rows[0]]
    kept = [(header_at + 1 + i, r) for i, r in enumerate(rows) if r and any(c.strip() for c in r)]
    body = [r for _, r in kept[1:]]
    numbers = [n for n, _ in kept[1:]]
    check(name, "data rows", len(body), limits.max_rows, name="max_rows")
    for line_no, r in zip(numbers, body, strict=True):
        if len(r) != len(header):
            raise SourceError(
                name,
                tr(
                    "the row has {len_r} cells but the header has {len_header}",
                    len_r=len(r),
                    len_header=len(header),
                ),
                row=line_no,
            )
        longest = max(map(len, r))
        if longest > limits.max_field_chars:
            check(
                name,
                "characters in one cell",
                longest,
                limits.max_field_chars,
                name="max_field_chars",
                row=line_no,
            )
    columns: list[Cells] = [_text_coded(column) for column in zip(*body, strict=True)]
    if not body:
        columns = [TextCells(np.array([], dtype=object)) for _ in header]
    return _Grid(header=header, columns=columns, lines=np.array(numbers, dtype=np.int64))


def _text_coded(cells: Sequence[str]) -> CodedCells:
    """A column of text as its distinct cells and codes (as Arrow's are, read by pandas)."""
    codes, distinct = pd.factorize(np.array(cells, dtype=object))
    return CodedCells(
        np.asarray(codes, dtype=np.intp),
        TextCells(np.asarray(distinct, dtype=object)),
        first_seen_first=True,
    )


def _fast_grid(
    name: str,
    data: bytes,
    header_at: int,
    sample: Sequence[str],
    delimiter: str,
    quote: str,
    limits: Limits,
    *,
    decoded: bool,
) -> _Grid:
    """The grid as Arrow reads it (see :func:`_arrow_grid`), blank rows left out.

    ``sample`` holds the header line and the first data lines, as text.

    ``decoded``: the whole file was decoded and checked by ``decode``; otherwise the
    distinct cells are checked here for what that would have refused (text that looks
    doubly encoded).
    """
    width = len(_csv_header(sample[0], delimiter, quote))
    header, columns, lines = _arrow_grid(data, header_at, delimiter, quote, width, sample)
    header = [h.strip() for h in header]
    refused = _BREAKING if decoded else f"{_BREAKING}|Ã|Â"
    distinct = {id(c.distinct): c for c in columns if isinstance(c, CodedCells)}  # shared once
    if any(c.holds(refused) for c in distinct.values()):
        raise _Careful  # a control character or line break; text that looks doubly encoded
    if columns:
        blank = columns[0].blank()
        for column in columns[1:]:
            if not blank.any():
                break
            blank &= column.blank()
        if blank.any():
            keep = ~blank
            columns = [c.take(keep) for c in columns]
            lines = lines[keep]
    check(name, "data rows", len(lines), limits.max_rows, name="max_rows")
    longest = max((c.longest() for c in columns), default=0)
    if longest > limits.max_field_chars:
        raise _Careful  # the csv reader names the row
    return _Grid(header=header, columns=columns, lines=lines)


def _refuse_klass(
    name: str, lines: Callable[[], list[str]], header_at: int, header_line: str,
    delimiter: str, quote: str,
) -> None:  # fmt: skip
    """Refuse a KLASS classification saved as CSV, saying what it is and how to use it."""
    try:
        header = next(csv.reader([header_line], delimiter=delimiter, quotechar=quote))
    except (csv.Error, StopIteration):
        return
    if klass_csv(header) is None:
        return
    rows = sum(1 for line in lines()[header_at + 1 :] if not is_blank(line))
    found = klass_csv(header, rows)
    if found is not None:
        raise SourceError(name, klass_refusal(name, found), row=header_at + 1, check="klass_file")


def read_statbank_csv(
    source: str | Path, *, labels: bool, encoding: str | None, limits: Limits
) -> CsvRead:
    """Read a StatBank / PxWeb CSV into the long table (see :func:`.ssb.read_csv`).

    A UTF-8 file is first read the quick way: only its first lines decoded by Python, the
    rest handed to Arrow as it is (Arrow checks the UTF-8; the distinct cells are checked
    for what ``decode`` refuses). Anything unusual — another encoding, a title without
    a header, a cell Arrow would read otherwise than Python's csv module, any error —
    and the file is read the careful way, which decodes it all and decides.
    """
    path = Path(source)
    name = str(path)
    try:
        check(name, "bytes", path.stat().st_size, limits.max_input_bytes, name="max_input_bytes")
        data = path.read_bytes()
    except OSError as exc:
        why = exc.strerror or exc
        raise SourceError(
            name, tr("cannot read the file: {why}", why=why)
        ) from None
    if encoding is None and b"\x00" not in data:
        try:
            return _read(name, data.removeprefix(codecs.BOM_UTF8), None, labels, limits)
        except (_Careful, SourceError):
            pass
    decoded = decode(data, source=name, encoding=encoding or None)
    nul = decoded.text.find("\x00")
    if nul >= 0:
        raise SourceError(
            name,
            tr("the file holds a NUL byte, which no text export has; it is corrupt or binary"),
            row=decoded.text.count("\n", 0, nul) + 1,
        )
    utf8 = (
        data.removeprefix(codecs.BOM_UTF8)
        if decoded.encoding in ("utf-8", "utf-8-sig")
        else decoded.text.encode("utf-8")
    )
    return _read(name, utf8, decoded.text, labels, limits)


def _read(
    name: str, data: bytes, text: str | None, labels: bool, limits: Limits
) -> CsvRead:  # fmt: skip
    """Read the file: ``data`` as UTF-8 and, the careful way, ``text`` (all of it decoded).

    Without ``text`` (the quick way) every branch that would need it, or would refuse the
    file, raises :class:`_Careful` instead.
    """
    if text is None:
        end = 0
        for _ in range(4 * SAMPLE_LINES):
            found = data.find(b"\n", end)
            end = len(data) if found < 0 else found + 1
        try:
            head = data[:end].decode("utf-8")
        except UnicodeDecodeError:
            raise _Careful from None
        if "Ã" in head or "Â" in head or not head.strip():
            raise _Careful
    else:
        head = "\n".join(_head_lines(text, 4 * SAMPLE_LINES))
    lines = head.splitlines()
    first = next((i for i, line in enumerate(lines) if not is_blank(line)), None)
    if first is None or first + SAMPLE_LINES >= len(lines) // 2:
        if text is None:
            raise _Careful
        lines = text.splitlines()  # a short file, or blank lines at the top: read it all
        first = next((i for i, line in enumerate(lines) if not is_blank(line)), None)
        if first is None:
            raise SourceError(name, tr("the file is empty"))
    notes: list[str] = []
    title = find_title(lines, first)
    header_at = first
    if title is not None:
        header_at = next(
            (i for i in range(first + 1, len(lines)) if not is_blank(lines[i])), len(lines)
        )
        shown = redact(title)[:200]
        notes.append(
            tr("line {first_1} is the table's title: {shown!r}", first_1=first + 1, shown=shown)
        )
    elif title_table_id(lines[first].strip().strip('"'))[0] is not None:
        if text is None:
            raise _Careful
        if all(is_blank(line) for line in text.splitlines()[first + 1 :]):
            raise SourceError(
                name,
                tr("the file has a title but no header or data"),
                row=first + 1,
            )
    sample = lines[header_at : header_at + SAMPLE_LINES]
    delimiter = sniff_delimiter(sample, candidates=(";", "\t", ","))
    if not any(delimiter in line for line in sample) and any('" "' in line for line in sample):
        delimiter = " "  # PxWebApi 2 SeparatorSpace
    quote = quote_char(sample[0] if sample else "", delimiter)

    def all_lines() -> list[str]:
        if text is None:
            raise _Careful
        return text.splitlines()

    _refuse_klass(name, all_lines, header_at, sample[0] if sample else "", delimiter, quote)
    try:
        if re.search(_BREAKING, head):
            raise _Careful  # str.splitlines breaks a line there, Arrow does not
        grid = _fast_grid(
            name, data, header_at, sample, delimiter, quote, limits, decoded=text is not None
        )
    except _Careful:
        grid = _csv_grid(name, all_lines(), header_at, delimiter, quote, limits)
    header = grid.header
    longest = max(map(len, header), default=0)
    check(
        name, "characters in one cell", longest, limits.max_field_chars,
        name="max_field_chars", row=header_at + 1,
    )  # fmt: skip
    check(name, "columns", len(header), limits.max_columns, name="max_columns", row=header_at + 1)
    if len(header) < 2:
        raise SourceError(
            name,
            tr("the header has fewer than two columns; not a StatBank CSV"),
            row=header_at + 1,
        )
    if not len(grid.lines):
        raise SourceError(
            name,
            tr("the file has a header but no data rows"),
            row=header_at + 1,
        )
    last = int(grid.lines[min(len(grid.lines), SAMPLE_LINES) - 1])
    if last > len(lines):  # blank lines between the rows: the sample reaches further
        if text is None:
            raise _Careful
        lines = _head_lines(text, last)
    sampled = [lines[n - 1] for n in grid.lines[:SAMPLE_LINES]]
    quoting = [quoted_cells(line, delimiter, quote) for line in sampled]
    if quote == "'":
        notes.append(
            tr(
                "the cells are quoted with ' (single quotes), as one ready-made dataset of 2016 "
                "writes them",
            )
        )
    return grid_table(
        name,
        header,
        grid.columns,
        grid.lines,
        quoting=quoting,
        title=title,
        notes=notes,
        labels=labels,
        header_row=header_at + 1,
        fmt="ssb-csv",
    )


# -- the long table ------------------------------------------------------------------------


def grid_table(
    name: str,
    header: list[str],
    columns: Sequence[Cells],
    line_numbers: npt.NDArray[np.int64],
    *,
    quoting: list[list[bool]],
    title: str | None,
    notes: list[str],
    labels: bool,
    header_row: int,
    fmt: str,
    stub: int | None = None,
    heading_rows: Sequence[Sequence[str]] | None = None,
    heading_names: Sequence[str] | None = None,
) -> CsvRead:
    """The long table of a stub/heading grid (a CSV file's rows or a sheet's cells).

    ``quoting`` says, for a sample of the rows, which cells were written as text (quoted in
    a CSV file, a text cell in a workbook): PxWeb writes stub cells as text and values bare.
    A workbook knows more than a CSV file: how many columns are stub (``stub``), each
    heading row apart (``heading_rows``, whose cells joined by a space are the header's
    value columns) and, where its title lists them, their names (``heading_names``).
    """
    table_id, title_dims = None, []
    if title is not None:
        table_id, title_text = title_table_id(title)
        title_dims = title_dimensions(title_text)
    n_stub = stub or _stub_columns(columns, header, title_dims, quoting, notes, name)
    listed = {d.lower() for d in title_dims}
    if title_dims and not {h.strip().lower() for h in header[:n_stub]} <= listed:
        listed_words = ", ".join(title_dims)
        notes.append(
            tr(
                "the title's words after «etter»/«by» ({listed_words}) do not name the file's "
                "stub columns, so they are not taken as its dimensions",
                listed_words=listed_words,
            )
        )
        title_dims = []
    frame = _long_table(
        columns,
        header,
        n_stub,
        title,
        title_dims,
        line_numbers,
        labels,
        notes,
        name,
        header_row,
        heading_rows if heading_names is not None else None,
        heading_names,
    )
    frame.attrs.update({"format": fmt})
    value_header = header[-1].strip()
    if table_id is None and names_table(value_header):
        table_id = value_header[:5]
    titled = names_table(value_header) or title_names_columns(header)
    bare = re.fullmatch(r"\d{5}", value_header) is not None  # csv3's number is no title
    if title is None and n_stub == len(header) - 1 and titled and not bare:
        title = value_header.rstrip(",").strip()  # csv2 cuts it after the first comma
    if table_id:
        frame.attrs["table_id"] = table_id
    if title:
        frame.attrs["title"] = redact(title)
    return CsvRead(table=frame, notes=tuple(notes))


def _header_words(header: Sequence[str]) -> bool:
    """Whether the header names the stub by its variables' *texts* (``kjønn``), not codes.

    PxWeb writes a variable's text in lower case (``region``, ``statistikkvariabel``,
    ``næring (SN2007)``) and its code capitalised (``Region``, ``ContentsCode``).
    """
    return all(h[:1].islower() for h in header if h[:1].isalpha())


def _stub_columns(
    columns: Sequence[Cells],
    header: list[str],
    title_dims: list[str],
    quoting: list[list[bool]],
    notes: list[str],
    name: str,
) -> int:
    """How many columns from the left are dimensions (stub); the rest hold values."""
    quoting = [q for q in quoting if len(q) == len(header)]
    last_quoted = any(q[-1] for q in quoting)
    lowered = {d.lower() for d in title_dims}
    if names_table(header[-1]) or title_names_columns(header):
        words = _header_words(header[:-1])
        named = tr("names the table") if names_table(header[-1]) else tr("is the table's title")
        layout = (
            tr("PxWeb 'csv2' or ready-made dataset layout, which write labels")
            if words
            else tr("PxWeb 'csv3' layout, which writes codes")
        )
        notes.append(
            tr(
                "the last column {header_1!r} {named}, so it holds the values and every column "
                "before it is a dimension ({layout})",
                header_1=header[-1],
                named=named,
                layout=layout,
            )
        )
        return len(header) - 1
    n_stub = 0
    for j in range(len(header) - 1):
        head = header[j].lower()
        if bool(columns[j].numbers(",").bad.any()):  # a cell that is no number: text
            n_stub = j + 1
            continue
        quoted = bool(quoting) and all(q[j] for q in quoting) and not last_quoted
        if head in lowered or head in KNOWN_DIMENSION_IDS or head in TIME_DIMENSIONS:
            in_title = head in lowered
            why = (
                tr("its header names a dimension in the title")
                if in_title
                else tr("its header names a dimension")
            )
        elif quoted:
            why = tr("its cells are written as text (quoted) and the value cells are not")
        else:
            break
        notes.append(
            tr(
                "column {header_j!r} holds only numbers but is read as a dimension: {why}",
                header_j=header[j],
                why=why,
            )
        )
        n_stub = j + 1
    if n_stub == 0:
        raise SourceError(
            name,
            tr("no stub (dimension) column found before the value columns"),
            row=None,
        )
    return n_stub


def _sorted_categories(
    codes: npt.NDArray[np.intp], categories: Sequence[str]
) -> tuple[npt.NDArray[np.intp], list[str]]:
    """Codes into ``categories`` re-pointed at the same categories in sorted order."""
    order = sorted(range(len(categories)), key=categories.__getitem__)
    rank = np.empty(len(categories), dtype=np.intp)
    rank[order] = np.arange(len(categories))
    return rank[codes], [categories[i] for i in order]


def _code_dtype(categories: int) -> type[np.signedinteger[Any]]:
    """The smallest integer type pandas takes as categorical codes for so many categories."""
    for dtype in (np.int8, np.int16, np.int32):
        if categories < np.iinfo(dtype).max:
            return dtype
    return np.int64


def _distinct(values: Sequence[str]) -> tuple[npt.NDArray[np.intp], list[str]]:
    """Each value's position among the distinct values (first seen first), and those values."""
    where: dict[str, int] = {}
    codes = np.fromiter((where.setdefault(v, len(where)) for v in values), np.intp, len(values))
    return codes, list(where)


def _long_table(
    columns: Sequence[Cells],
    header: list[str],
    n_stub: int,
    title: str | None,
    title_dims: list[str],
    line_numbers: npt.NDArray[np.int64],
    labels: bool,
    notes: list[str],
    name: str,
    header_at: int,
    heading_rows: Sequence[Sequence[str]] | None,
    heading_names: Sequence[str] | None,
) -> pd.DataFrame:
    heading = header[n_stub:]
    stub_names = [h.lower() for h in header[:n_stub]]
    heading_dims = [d for d in title_dims if d.lower() not in stub_names]
    n_rows, n_heading = len(line_numbers), len(heading)
    table: dict[str, Any] = {}
    label_columns: dict[str, Any] = {}
    with_labels: list[str] = []

    def add(
        dim_name: str,
        codes: Sequence[str],
        texts: Sequence[str],
        positions: npt.NDArray[np.intp],
        spread: str,
    ) -> str:
        """One dimension: its codes and texts per distinct value, each cell's position."""
        column = _column_name(dim_name)
        if column in table or column in ("value", "status"):
            column = dim_name.strip()
        if column in table or column in ("value", "status"):
            raise SourceError(
                name,
                tr("two dimensions are both called {column!r}", column=column),
                row=header_at + 1,
            )
        words = "\n".join(dict.fromkeys([*codes, *texts]))
        if redact(words) != words:
            raise SourceError(
                name,
                tr(
                    "dimension {redact_dim_name!r} holds what looks like a fødselsnummer or "
                    "D-number; statistical tables must not identify persons, so the file is "
                    "refused (the number is not shown)",
                    redact_dim_name=redact(dim_name),
                ),
                check="identity_number",
            )
        for target, values in ((table, codes), *([(label_columns, texts)] if labels else [])):
            value_codes, categories = _distinct(values)
            value_codes, categories = _sorted_categories(value_codes, categories)
            cell_codes = value_codes.astype(_code_dtype(len(categories)))[positions]
            if spread == "rows":
                cell_codes = np.repeat(cell_codes, n_heading) if n_heading > 1 else cell_codes
            else:
                cell_codes = np.tile(cell_codes, n_rows)
            key = column if target is table else column + "_label"
            target[key] = pd.Categorical.from_codes(
                cell_codes, categories=pd.Index(categories, dtype=object), validate=False
            )
        return column

    for j in range(n_stub):
        raw_codes, raw = columns[j].factorize()
        stripped_codes, cells = _distinct([c.strip() for c in raw])
        positions = stripped_codes[raw_codes]
        padded = [c for c in raw if c != c.strip()]
        if padded:
            notes.append(
                tr(
                    "column {header_j!r}: {len_padded} of its values have white space around them "
                    "(such as {padded_0!r}), which is left out",
                    header_j=header[j],
                    len_padded=len(padded),
                    padded_0=padded[0],
                )
            )
        split = _split_code_name(cells, header[j], notes)
        codes, texts = split if split is not None else (cells, cells)
        column = add(header[j], codes, texts, positions, "rows")
        if split is None and column != "Tid" and header[j].strip().lower() not in TIME_DIMENSIONS:
            with_labels.append(column)
    if with_labels and _header_words(header[:n_stub]):
        listed = ", ".join(with_labels)
        notes.append(
            trn(
                "the file writes labels, not codes: {listed} holds the labels where codes would "
                "be (as does its _label column); for codes, download the table as JSON-stat or "
                "PxWeb 'csv3'",
                "the file writes labels, not codes: {listed} hold the labels where codes would "
                "be (as do their _label columns); for codes, download the table as JSON-stat or "
                "PxWeb 'csv3'",
                len(with_labels),
                listed=listed,
            )
        )
    heading_positions = np.arange(n_heading, dtype=np.intp)
    if heading_rows is not None and heading_names is not None:
        for dim_name, cells_across in zip(heading_names, heading_rows, strict=True):
            add(dim_name, cells_across, cells_across, heading_positions, "heading")
    else:
        named = names_table(heading[0]) or title_names_columns(header)
        _heading_dimensions(
            heading, heading_dims, named, table, title, title_dims, notes, add, heading_positions
        )

    values = joined(columns[n_stub:])  # column after column: one pass over every value cell
    decimal, marked = _decimal_mark([values], name)
    if marked:
        notes.append(
            tr("decimal mark: {decimal!r} (the only one the value cells use)", decimal=decimal)
        )
    read = values.numbers(decimal)

    def by_row(cells: npt.NDArray[Any]) -> npt.NDArray[Any]:
        return cells.reshape(n_heading, n_rows).T.ravel()

    bad = by_row(read.bad)
    if bad.any():
        first_bad = int(np.flatnonzero(bad)[0])
        row, at = divmod(first_bad, n_heading)
        raise SourceError(
            name,
            tr("a value cell is neither a number nor one of the symbols . .. : -"),
            row=int(line_numbers[row]),
            column=heading[at],
            value=values.cell(at * n_rows + row)[:200],
            expected=tr("a number or a symbol"),
        )
    table.update(label_columns)
    table["value"] = by_row(read.values)
    table["status"] = _status(
        None if read.status is None else by_row(read.status), n_rows * n_heading
    )
    empty = int(np.isnan(table["value"]).sum()) - int((table["status"].codes != 0).sum())
    if empty:
        notes.append(
            trn(
                "{n} value cell is empty (no figure and no symbol): read as missing, with an "
                "empty status",
                "{n} value cells are empty (no figure and no symbol): read as missing, with an "
                "empty status",
                empty,
            )
        )
    index = np.repeat(line_numbers, n_heading) if n_heading > 1 else line_numbers
    return pd.DataFrame(table, index=pd.Index(index, name="line"), copy=False)


def _heading_dimensions(
    heading: list[str],
    heading_dims: list[str],
    named: bool,
    table: Mapping[str, Any],
    title: str | None,
    title_dims: list[str],
    notes: list[str],
    add: Callable[..., str],
    positions: npt.NDArray[np.intp],
) -> None:
    """The dimensions across the top of a CSV file, from its joined heading cells.

    ``named``: the one value column is named by the table (its number or its title).
    """
    contents_in_stub = "ContentsCode" in table
    value_named = len(heading) == 1 and (named or contents_in_stub)
    if value_named and contents_in_stub and not named:
        notes.append(
            tr(
                "the value column {heading_0!r} is not a dimension: the statistics variable "
                "(ContentsCode) is already a stub column",
                heading_0=heading[0],
            )
        )
    time_dims = [d for d in heading_dims if d.lower() in TIME_DIMENSIONS]
    other_dims = [d for d in heading_dims if d.lower() not in TIME_DIMENSIONS]
    split_time = _split_time(heading) if not value_named else None
    if value_named:
        return
    if all(is_time_token(h) for h in heading) and not other_dims:
        if not heading_dims:
            notes.append(
                tr(
                    "the value columns' headers are periods ({heading_0} …): read as the time "
                    "dimension 'Tid'",
                    heading_0=heading[0],
                )
            )
        add(time_dims[0] if time_dims else "Tid", heading, heading, positions, "heading")
    elif split_time is not None and len(time_dims) <= 1:
        rests, times = split_time
        rest_name = " og ".join(other_dims) or UNNAMED_HEADING
        rest_column = _column_name(rest_name)
        time_column = _column_name(time_dims[0] if time_dims else "Tid")
        unnamed = "" if other_dims else _unnamed_note(title, title_dims)
        notes.append(
            tr(
                "the value columns' headers join a period and another category ({heading_0!r} …): "
                "read as two dimensions, {rest_column!r} and {time_column!r}{unnamed}",
                heading_0=heading[0],
                rest_column=rest_column,
                time_column=time_column,
                unnamed=unnamed,
            )
        )
        add(rest_name, rests, rests, positions, "heading")
        add(time_dims[0] if time_dims else "Tid", times, times, positions, "heading")
    else:
        dim_name = " og ".join(heading_dims) if heading_dims else UNNAMED_HEADING
        if not heading_dims:
            unnamed = _unnamed_note(title, title_dims)
            notes.append(
                tr(
                    "the value columns' headers ({heading_0!r} …) are read as one dimension, "
                    "{UNNAMED_HEADING!r}{unnamed}",
                    heading_0=heading[0],
                    UNNAMED_HEADING=UNNAMED_HEADING,
                    unnamed=unnamed,
                )
            )
        add(dim_name, heading, heading, positions, "heading")


def _status(codes: npt.NDArray[np.int8] | None, n: int = 0) -> pd.Categorical:
    """The ``status`` column from each cell's symbol code (see ``Numbers.status``)."""
    flat = np.zeros(n, dtype=np.int8) if codes is None else codes
    present = np.flatnonzero(np.bincount(flat, minlength=len(STATUS_SYMBOLS) + 1))
    remap = np.zeros(len(STATUS_SYMBOLS) + 1, dtype=np.int8)
    remap[present] = np.arange(len(present), dtype=np.int8)
    categories = ["", *(STATUS_SYMBOLS[k - 1] for k in present if k)]
    return pd.Categorical.from_codes(
        remap[flat], categories=pd.Index(categories, dtype=object), validate=False
    )
