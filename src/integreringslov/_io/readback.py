"""Read back the tables the library wrote, and tell which table a written file holds.

``write`` writes every table so that it reads back to an equal
table. A workbook, a JSON file and a Parquet file name their table (a custom document
property, ``"schema"``, the key-value metadata); a CSV file is plain, and its header tells
the table: :func:`written_tables` finds the tables whose columns the header is, in the
order the table declares them. Where a header could be two tables, it says both, and the
caller chooses (``--importer``) rather than guessing. :func:`read_written` then reads the
file as the table, undoing what writing did for spreadsheets and typing each cell by the
table's schema — which is what makes a plain CSV come back equal, bit for bit.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import itertools
import json
import os
import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Final, NamedTuple

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionDtype

from integreringslov._io.formats import METADATA_KEY
from integreringslov._io.limits import DEFAULT_LIMITS, Limits, check
from integreringslov._io.sanitise import set_column, unescape_column, unescape_formula
from integreringslov._io.text import lone_surrogate
from integreringslov._text.i18n import N_, tr, trn
from integreringslov.errors import MissingExtraError, SourceError
from integreringslov.tables import Table, column_schema
from integreringslov.tables.persons import DECLARED

__all__ = ["read_written", "written_tables"]

_NAME = r"[A-Za-z_][A-Za-z0-9_]{0,99}"
_JSON_TAG = re.compile(rf'\A\s*\{{\s*"schema"\s*:\s*"({_NAME})"')
_XLSX_TAG = re.compile(
    rf'<property[^>]*name="{METADATA_KEY}"[^>]*>\s*<vt:lpwstr>({_NAME})</vt:lpwstr>'
)
_HEAD_BYTES: Final = 512
_HEADER_BYTES: Final = 1 << 20
"""How much of a CSV file is read for its header: a header longer than this (thousands of
long column names) is not one the library wrote."""
_SAMPLE_ROWS: Final = 100
"""How many rows of a CSV file are looked at to tell whether the library wrote them."""
_BOM: Final = b"\xef\xbb\xbf"


class _Head(NamedTuple):
    """The start of a CSV file: its column names, its first rows and its separator."""

    names: list[str]
    rows: list[list[str]]
    sep: str


# -- which table a written file holds --------------------------------------------------------


def _head(path: Path, size: int = _HEAD_BYTES) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(size)
    except OSError:
        return b""


def written_tables(
    path: str | os.PathLike[str], tables: Iterable[type[Table]]
) -> tuple[str, ...]:
    """The names of the tables a file written by the library may hold; empty when none.

    A workbook, a JSON file or a Parquet file names its table (one name, whether or not it
    is one of ``tables``). A CSV file is matched by its header against ``tables``: a table
    fits when the header is its columns in the order the table declares them (each named
    column where the table names it, optional ones left out or not, one or more columns
    for a column pattern such as an SSB table's dimensions), and when the first rows hold
    its cells as the writer writes them (booleans ``true``/``false``, ISO dates, numbers
    with a decimal point) — a person table typed by hand with ``ja``/``nei`` is the
    spreadsheet importer's. Where several tables fit, one that names more of the header's
    columns than another — by its own name rather than by a pattern — wins (an IMDi wide
    table's ``region`` and ``year`` over an SSB table's dimension pattern); the tables no
    other outdoes in this way are all returned: the header could be any of them, and the
    caller must not guess.

    Cheap: it reads the first bytes of the file (of a CSV file the header and up to 100
    rows, within its first MiB), the custom properties of a workbook, or the footer of a
    Parquet file; it never raises.
    """
    source = Path(path)
    head = _head(source)
    if head.startswith(b"PAR1"):
        try:
            import pyarrow.parquet as pq

            metadata = pq.read_schema(source).metadata or {}
        except Exception:  # not a readable Parquet file, or no pyarrow: not ours to say
            return ()
        value = metadata.get(METADATA_KEY.encode())
        name = value.decode("utf-8", "replace") if value else ""
        return (name,) if re.fullmatch(_NAME, name) else ()
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(source) as book:
                info = book.getinfo("docProps/custom.xml")
                if info.file_size > 1 << 16:
                    return ()
                text = book.read(info).decode("utf-8", "replace")
        except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, NotImplementedError):
            return ()
        found = _XLSX_TAG.search(text)
        return (found.group(1),) if found else ()
    found = _JSON_TAG.match(head.decode("utf-8", "replace"))
    if found:
        return (found.group(1),)
    csv_head = _csv_head(source)
    return () if csv_head is None else _header_tables(csv_head, tables)


def _separator(line: str) -> str:
    """``;`` when it splits a CSV file's first line into more fields than ``,`` does."""
    return max((",", ";"), key=lambda s: len(next(csv.reader([line], delimiter=s), [])))


def _csv_head(path: Path) -> _Head | None:
    """A CSV file's header (formula escapes undone) and first rows; ``None`` if it has none."""
    data = _head(path, _HEADER_BYTES)
    whole = len(data) < _HEADER_BYTES
    if b"\n" not in data and not whole:
        return None  # no line ends within the first MiB
    text = data.removeprefix(_BOM).decode("utf-8", "replace")
    try:
        sep = _separator(text.split("\n", 1)[0])
        records = list(
            itertools.islice(
                csv.reader(io.StringIO(text, newline=""), delimiter=sep), 1 + _SAMPLE_ROWS + 1
            )
        )
    except csv.Error:  # a NUL byte, a field over csv's own limit: not a written header
        return None
    if not records or not records[0]:
        return None
    rows = records[1 : 1 + _SAMPLE_ROWS] if whole else records[1:-1][:_SAMPLE_ROWS]
    return _Head([unescape_formula(n) for n in records[0]], rows, sep)


class _Field(NamedTuple):
    """One column a table declares, as far as telling its header and cells needs."""

    key: str
    """The column's name, or the pattern of the columns it stands for."""
    pattern: bool
    required: bool
    kind: str | None
    """``"bool"``, ``"datetime"``, ``"number"``, or ``None`` for text, codes, categories."""


@functools.cache
def _fields(table: type[Table]) -> tuple[_Field, ...] | None:
    """The table's columns, in the order it declares them.

    Read from the model's own declarations, not from the pandera schema it builds: the
    first schema pandera builds imports its dask backend (a gigabyte of address space),
    which a file that turns out to be nobody's must not pay for. ``None`` for a table that
    allows columns it does not declare (not ``strict``): no header is that table's alone.
    """
    if table.__config__ is None or table.__config__.strict is not True:
        return None
    declared = DECLARED.get(table)
    if declared is not None:  # built from its declaration, not from annotations
        return tuple(
            _Field(key=c.name, pattern=False, required=c.required, kind=_kind(c.dtype))
            for c in declared
        )
    return tuple(
        _Field(
            key=str(info.name),
            pattern=bool(info.regex),
            required=info.required and not annotation.optional,
            kind=_kind(annotation.arg),
        )
        for annotation, info in table.__fields__.values()
    )


def _kind(annotation: Any) -> str | None:
    """What kind of cells a column annotated ``annotation`` holds (see :class:`_Field`)."""
    if isinstance(annotation, type) and issubclass(annotation, dt.date):  # pandas.Timestamp
        return "datetime"
    extension = isinstance(annotation, type) and issubclass(annotation, ExtensionDtype)
    try:
        kind = pd.api.types.pandas_dtype(annotation() if extension else annotation).kind
    except (TypeError, ValueError):
        return None
    return {"b": "bool", "M": "datetime", "i": "number", "u": "number", "f": "number"}.get(kind)


def _fits(fields: Sequence[_Field], header: Sequence[str]) -> bool:
    """Whether ``header`` is these columns, in this order (see :func:`written_tables`)."""
    if len(set(header)) != len(header):
        return False
    reach = {0}  # how many header names the fields so far can take up
    for key, pattern, required, _ in fields:
        following: set[int] = set()
        for start in reach:
            if not required:
                following.add(start)
            if pattern:
                end = start
                while end < len(header) and re.search(key, header[end]):
                    end += 1
                    following.add(end)
            elif start < len(header) and header[start] == key:
                following.add(start + 1)
        reach = following
    return len(header) in reach


_NUMBER = r"[+-]?(?:\d+(?:{dot}\d*)?|{dot}\d+)(?:[eE][+-]?\d+)?|[+-]?inf|nan"
_AS_WRITTEN: Final = {
    "bool": re.compile("|true|false|True|False"),
    "datetime": re.compile(
        r"|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?)?"
    ),
    "number": re.compile("|" + _NUMBER.format(dot=r"\.")),
    "number;": re.compile("|" + _NUMBER.format(dot="[.,]")),
}
"""How the writer writes a cell of each kind of column (or Norwegian Excel saves it again:
a decimal comma in a ``;``-separated file); an empty cell is a missing value. Text, codes and
categories may be anything."""


def _field_of(fields: Sequence[_Field], name: str) -> _Field:
    """The field a column of a fitting header falls under: by its name, else by a pattern."""
    named = [f for f in fields if not f.pattern and f.key == name]
    return named[0] if named else next(f for f in fields if f.pattern and re.search(f.key, name))


def _cells_as_written(fields: Sequence[_Field], head: _Head) -> bool:
    """Whether the first rows hold the table's cells as the writer writes them.

    A CSV file with a table's header whose booleans are ``ja``/``nei``, whose dates are
    ``15.06.1990`` or whose rows are ragged was made by someone else, for an importer that
    reads such files (the spreadsheet importer): it is not claimed as written.
    """
    if any(len(row) != len(head.names) for row in head.rows):
        return False
    for position, name in enumerate(head.names):
        kind = _field_of(fields, name).kind
        if kind == "number" and head.sep == ";":
            kind = "number;"
        pattern = _AS_WRITTEN.get(kind or "")
        if pattern is not None and not all(pattern.fullmatch(row[position]) for row in head.rows):
            return False
    return True


def _header_tables(head: _Head, tables: Iterable[type[Table]]) -> tuple[str, ...]:
    """The names of the tables a CSV file is written as (see :func:`written_tables`)."""
    named: dict[str, frozenset[str]] = {}  # table → the header's columns it names
    for table in tables:
        fields = _fields(table)
        if (
            table.__name__ in named
            or fields is None
            or not _fits(fields, head.names)
            or not _cells_as_written(fields, head)
        ):
            continue
        names = {f.key for f in fields if not f.pattern}
        named[table.__name__] = frozenset(name for name in head.names if name in names)
    return tuple(
        name
        for name, own in named.items()
        if not any(own < other for other in named.values())  # no other names more
    )


# -- reading a written table back --------------------------------------------------------


def _csv_cells_arrow(body: bytes, sep: str, names: list[str]) -> pd.DataFrame | None:
    """Every cell of a written CSV as text (an empty cell ``""``), read by Arrow.

    The same frame as ``pandas.read_csv(dtype=str, na_filter=False)``, about nine times
    faster (a million assessed persons: 0.8 s against 7.2 s). ``None`` when pyarrow (the
    ``parquet`` extra) is missing or Arrow will not read the text (duplicate or missing
    column names, a ragged row): pandas then reads it, or says what is wrong.
    """
    try:
        import pyarrow as pa
        import pyarrow.csv as pacsv
    except ImportError:
        return None
    if not names or len(set(names)) != len(names):
        return None
    try:
        table = pacsv.read_csv(
            io.BytesIO(body),
            parse_options=pacsv.ParseOptions(delimiter=sep, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowException:
        return None
    if table.column_names != names:
        return None
    frame: pd.DataFrame = table.to_pandas()
    return frame


def _csv_frame(path: Path) -> tuple[pd.DataFrame, str]:
    """Every cell of a written CSV file as text, formula escapes undone, and its separator.

    The index is the row in a spreadsheet: the header is row 1, the first row of data 2.
    """
    data = path.read_bytes().removeprefix(_BOM)
    text = data.decode("utf-8")  # checked once; a CR inside a cell is kept
    header = text.split("\n", 1)[0]
    sep = _separator(header)
    names = next(csv.reader([header], delimiter=sep), [])
    frame = _csv_cells_arrow(data, sep, names)
    if frame is None:
        try:
            frame = pd.read_csv(
                io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, na_filter=False
            )
        except (ValueError, pd.errors.ParserError) as exc:
            raise SourceError(str(path), f"the CSV file cannot be read: {exc}") from None
    frame.columns = [unescape_formula(str(c)) for c in frame.columns]
    for position in range(frame.shape[1]):
        set_column(frame, position, unescape_column(frame.iloc[:, position]))
    frame.index = pd.RangeIndex(2, 2 + len(frame))
    return frame, sep


def _xlsx_frame(path: Path, limits: Limits) -> pd.DataFrame:
    try:
        from openpyxl import load_workbook
    except ImportError as exc:
        raise MissingExtraError("excel", "openpyxl", N_("Reading .xlsx workbooks")) from exc
    try:
        with zipfile.ZipFile(path) as members:
            unpacked = sum(info.file_size for info in members.infolist())
    except (OSError, zipfile.BadZipFile) as exc:
        raise SourceError(str(path), f"the workbook cannot be read: {exc}") from None
    limit = limits.max_decompressed_bytes
    check(str(path), "bytes unpacked", unpacked, limit, name="max_decompressed_bytes")
    try:
        book = load_workbook(path, read_only=True, data_only=True)
        rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
        book.close()
    except Exception as exc:  # a corrupt workbook, whatever openpyxl raises
        raise SourceError(str(path), f"the workbook cannot be read: {exc}") from None
    if not rows:
        raise SourceError(str(path), "the workbook's first sheet is empty")
    header = [unescape_formula(str(c)) if c is not None else "" for c in rows[0]]
    data = [
        [unescape_formula(v) if isinstance(v, str) else v for v in r]
        + [None] * (len(header) - len(r))
        for r in rows[1:]
    ]
    return pd.DataFrame(data, columns=header, index=pd.RangeIndex(2, 2 + len(data)))


def _json_frame(path: Path) -> pd.DataFrame:
    def no_constant(name: str) -> object:
        raise ValueError(f"{name} is not a JSON number")

    try:
        data = path.read_bytes()
        surrogate = lone_surrogate(data)
        if surrogate is not None:
            raise ValueError(f"a lone surrogate {surrogate[0]} (byte {surrogate[1]}) is not text")
        document = json.loads(data.decode("utf-8"), parse_constant=no_constant)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SourceError(str(path), tr("the JSON file cannot be read: {exc}", exc=exc)) from None
    columns = document.get("columns") if isinstance(document, dict) else None
    rows = document.get("rows") if isinstance(document, dict) else None
    if not (isinstance(columns, list) and isinstance(rows, list)):
        raise SourceError(
            str(path),
            tr("the JSON object has no 'columns' and 'rows' lists"),
            expected='{"schema": ..., "columns": [...], "rows": [[...], ...]}',
        )
    for number, row in enumerate(rows, start=1):
        if not (isinstance(row, list) and len(row) == len(columns)):
            raise SourceError(
                str(path),
                tr("row {number} does not have one value per column", number=number),
                row=number,
                expected=trn("a list of {n} value", "a list of {n} values", len(columns)),
            )
    frame = pd.DataFrame(rows, columns=columns, index=pd.RangeIndex(1, 1 + len(rows)))
    categories = document.get("categories") or {}
    for position, column in enumerate(frame.columns):
        known = categories.get(column) if isinstance(categories, dict) else None
        if isinstance(known, list) and frame.iloc[:, position].isin([*known, None]).all():
            dtype = pd.CategoricalDtype(pd.Index(known, dtype=object))
            set_column(frame, position, frame.iloc[:, position].astype(dtype))
    return frame


def _parquet_frame(path: Path) -> pd.DataFrame:
    try:
        frame = pd.read_parquet(path, engine="pyarrow")
    except ImportError as exc:
        raise MissingExtraError("parquet", "pyarrow", N_("Reading Parquet files")) from exc
    except Exception as exc:  # a corrupt file, whatever pyarrow raises
        raise SourceError(str(path), f"the Parquet file cannot be read: {exc}") from None
    return frame.set_axis(pd.RangeIndex(1, 1 + len(frame)), axis=0)


def _as_text(value: object) -> object:
    """A cell as text; missing stays missing."""
    if value is None or isinstance(value, str) or (isinstance(value, float) and value != value):
        return value
    return str(value)


def _typed(
    frame: pd.DataFrame, schema: type[Table], *, decimal_comma: bool = False
) -> pd.DataFrame:
    """Text read from CSV or a workbook, as the values the schema's types expect.

    Empty cells are missing values, except in text columns that may not be missing
    (``""`` there); codes stay text. ``True``/``False`` in boolean columns are left to
    validation, which reads the yes/no words.
    With ``decimal_comma`` (a ``;``-separated file, which Norwegian Excel saves with
    decimal commas) a ``,`` in a number column is the decimal mark. Anything else is left
    for validation, which reports what cannot be converted.
    """
    dfs = schema.to_schema()
    out = frame.copy()
    for position, name in enumerate(frame.columns):
        column = column_schema(dfs, str(name))
        if column is None:
            continue
        kind = str(column.dtype)
        text = kind.startswith(("str", "string", "object")) or kind == "category"
        values = frame.iloc[:, position]
        if text and values.dtype == object:  # a workbook's cells: numbers, text, None
            values = values.map(_as_text)
        empty = (values.isna() | (values == "")).to_numpy(dtype=bool)
        number = kind.lower().startswith(("int", "uint", "float"))
        if decimal_comma and number and pd.api.types.is_string_dtype(values.dtype):
            values = values.str.replace(",", ".", regex=False)
        if text and not column.nullable:
            values = values.where(~empty, "")
        elif empty.any():
            values = values.astype(object).where(~empty, None)
        if kind == "category":
            labels = pd.Index(values.dropna().unique(), dtype=object)  # first seen, first
            values = values.astype(pd.CategoricalDtype(labels))
        if number:
            values = _as_numbers(values, kind)
        set_column(out, position, values)
    return out


def _as_numbers(values: pd.Series, kind: str) -> pd.Series:
    """A number column in the schema's own type, when every present cell is such a number.

    Some schemas check types rather than coerce them (``SsbTable``). A cell that is not a
    number (or not a whole one, for an integer column) leaves the column as it is, for
    validation to report.
    """
    present = values.notna().to_numpy(dtype=bool)
    parsed = pd.to_numeric(values.where(present, None), errors="coerce")
    if (parsed.isna().to_numpy(dtype=bool) & present).any():
        return values
    dtype: Any = pd.api.types.pandas_dtype(kind)
    if kind.lower().startswith("float"):
        floats = parsed.to_numpy(dtype=dtype, na_value=np.nan)
        if parsed.dtype.kind in "iu":  # every cell a whole number: "-0" was read as 0
            minus = values.astype(str).str.startswith("-").to_numpy(dtype=bool)
            floats[minus & (floats == 0)] = -0.0
        return pd.Series(floats, index=values.index)
    numbers = parsed.to_numpy(dtype="float64", na_value=np.nan)
    whole = np.isnan(numbers) | (numbers == np.floor(numbers))
    if not whole.all() or (kind == "int64" and not present.all()):
        return values
    return pd.Series(pd.array(parsed.tolist(), dtype=dtype), index=values.index)


def _json_numbers(frame: pd.DataFrame, schema: type[Table]) -> pd.DataFrame:
    """A JSON table's number columns in the schema's types (``[1, 2]`` for a float column)."""
    dfs = schema.to_schema()
    out = frame.copy()
    for position, name in enumerate(frame.columns):
        column = column_schema(dfs, str(name))
        kind = "" if column is None else str(column.dtype)
        if kind.lower().startswith(("int", "uint", "float")):
            set_column(out, position, _as_numbers(frame.iloc[:, position], kind))
    return out


def read_written(
    path: str | os.PathLike[str], schema: type[Table], *, limits: Limits | None = None
) -> pd.DataFrame:
    """Read a file ``write_table`` wrote as the table ``schema``.

    Undoes what writing did for spreadsheets (the ``'`` before formula-like text) and
    turns text cells into the values ``schema`` expects; the index holds the row numbers a
    person sees (CSV and xlsx: the row in a spreadsheet, the header being row 1; JSON and
    Parquet: the position, from 1). The caller validates the result.

    :param limits: The reader limits (file size, a workbook's unpacked size); by default
        ``DEFAULT_LIMITS``.
    :type limits: ~integreringslov._io.limits.Limits | None
    :raises SourceError: When the file cannot be read, or claims more than the limits.
    """
    limits = limits or DEFAULT_LIMITS
    source = Path(path)
    size = source.stat().st_size
    check(str(source), "bytes", size, limits.max_input_bytes, name="max_input_bytes")
    head = _head(source)
    if head.startswith(b"PAR1"):
        return _parquet_frame(source)
    if head.startswith(b"PK\x03\x04"):
        return _typed(_xlsx_frame(source, limits), schema)
    if _JSON_TAG.match(head.decode("utf-8", "replace")):
        return _json_numbers(_json_frame(source), schema)
    frame, sep = _csv_frame(source)
    return _typed(frame, schema, decimal_comma=sep == ";")
