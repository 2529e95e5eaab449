"""Write tables to files, and read back what was written: the library's own table files.

Every table the library writes names its table — the :class:`~integreringslov.tables.Table`
schema it follows — so that :func:`integreringslov.read` reads it back to an equal table,
and an importer for another kind of table refuses it instead of returning a wrong one:

* ``.csv`` — a first line ``# integreringslov:<Table>`` (e.g.
  ``# integreringslov:AssessmentTable``), then the header and the rows. Text is quoted (so a
  ``#`` or a line break inside a cell never ends a record), numbers are not; decimals always
  use ``.``. ``excel=True`` writes it for Norwegian Excel: ``;``-separated with a UTF-8 byte
  order mark. Other software opens it with the first line skipped:
  ``pandas.read_csv(path, skiprows=1)`` (``sep=";"`` for the Excel form); not
  ``comment="#"``, which would also cut a text cell at a ``#``.
* ``.xlsx`` — one sheet named after the table, the header in row 1; the workbook's custom
  document property ``integreringslov`` names the table. Needs the ``excel`` extra
  (openpyxl). Numbers keep 16 significant digits, as Excel itself does, and a carriage
  return inside a cell reads back as a line feed (XML normalises line ends).
* ``.json`` — one object ``{"schema": "<Table>", "columns": [...], "rows": [[...], ...]}``
  (UTF-8; dates as ``YYYY-MM-DD``, times ISO 8601, missing values ``null``).
* ``.parquet`` — Apache Parquet (the ``parquet`` extra); the file's key-value metadata
  ``integreringslov`` names the table.

**Formulas.** In the two formats a spreadsheet opens (CSV and xlsx), text that a spreadsheet
could run as a formula is neutralised (OWASP "CSV injection"): a text cell — and every line
inside it, after a carriage return or line feed — that starts with ``=``, ``+``, ``-``, ``@``,
a tab, a carriage return or ``'`` gets a leading ``'``. The ``'`` itself is in the list so
that the change can be undone exactly: :func:`integreringslov.read` removes one leading ``'``
from each such line and gives back the value that was written (``=1+1`` and ``'=1+1`` stay
two values); other software shows the ``'``. Numbers (negative ones too) are left alone.

**Identity numbers.** Column names and text cells are passed through
``redact`` before they are written, so a fødselsnummer in a
header, a category label or a name never reaches a file.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import re
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, Literal

from integreringslov._io.limits import DEFAULT_LIMITS, Limits, check
from integreringslov._text.privacy import UNPRINTABLE, printable, printable_lines, redact
from integreringslov.errors import InvalidInputError, MissingExtraError, Problem, SourceError

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

    from integreringslov.tables import Table

__all__ = [
    "COLUMNS_ATTR",
    "FORMULA_PREFIXES",
    "SUFFIXES",
    "TABLE_ATTR",
    "TAG_PREFIX",
    "escape_formula",
    "neutralise_formulas",
    "read_written",
    "unescape_formula",
    "write_csv",
    "write_table",
    "written_table",
]

SUFFIXES: Final = (".csv", ".xlsx", ".parquet", ".json")
"""The file suffixes :func:`write_table` knows."""

FORMULA_PREFIXES: Final = ("=", "+", "-", "@", "\t", "\r", "'")
"""First characters (of a cell, or of a line in a cell) that get a leading ``'`` in CSV and
xlsx output: what makes a spreadsheet treat text as a formula (OWASP CSV injection), and the
``'`` itself so that the prefix can be removed again without loss."""

TAG_PREFIX: Final = "integreringslov:"
"""How the first line of a CSV file written by the library starts, after ``#`` and a space."""

TABLE_ATTR: Final = "integreringslov.table"
"""The :attr:`pandas.DataFrame.attrs` key naming the table schema a frame follows; set by
validation, read by :func:`write_table` when no ``table`` is given."""

COLUMNS_ATTR: Final = "integreringslov.columns"
"""The :attr:`pandas.DataFrame.attrs` key holding the columns the frame had when it was
validated. pandas carries ``attrs`` over to derived frames (a selection of columns, a
result computed from the table); :func:`write_table` trusts :data:`TABLE_ATTR` only while
the columns are still these."""

_METADATA_KEY: Final = "integreringslov"
_NAME = r"[A-Za-z_][A-Za-z0-9_]{0,99}"
_CSV_TAG = re.compile(rf'\A(?:\ufeff)?"?# {re.escape(TAG_PREFIX)}({_NAME})"?[,;\t]*\r?\n')
_JSON_TAG = re.compile(rf'\A\s*\{{\s*"schema"\s*:\s*"({_NAME})"')
_XLSX_TAG = re.compile(
    rf'<property[^>]*name="{_METADATA_KEY}"[^>]*>\s*<vt:lpwstr>({_NAME})</vt:lpwstr>'
)
_HEAD_BYTES = 512
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ESCAPE = re.compile(r"(?:^|(?<=[\r\n]))(?=[=+\-@\t\r'])")
_UNESCAPE = re.compile(r"(?:^|(?<=[\r\n]))'(?=[=+\-@\t\r'])")


# -- formulas and identity numbers ---------------------------------------------------------


def escape_formula(text: str) -> str:
    r"""``text`` with ``'`` before each line that starts with a :data:`FORMULA_PREFIXES` character.

    >>> escape_formula("=1+1"), escape_formula("'=1+1"), escape_formula("Oslo\r=cmd")
    ("'=1+1", "''=1+1", "Oslo\r'=cmd")
    """
    return _ESCAPE.sub("'", text)


def unescape_formula(text: str) -> str:
    r"""Undo :func:`escape_formula`: ``unescape_formula(escape_formula(t)) == t`` for any text.

    >>> unescape_formula("''=1+1")
    "'=1+1"
    """
    return _UNESCAPE.sub("", text)


def _is_text(series: pd.Series) -> bool:
    import pandas as pd  # not at the top: the command line reads SUFFIXES without pandas

    return bool(
        pd.api.types.is_object_dtype(series.dtype)
        or pd.api.types.is_string_dtype(series.dtype)
        or isinstance(series.dtype, pd.CategoricalDtype)
    )


def _for_spreadsheets(text: str) -> str:
    return escape_formula(redact(text))


_ID_LIKE = "\\d{6}[ .\\-\u00a0]?\\d{3} ?\\d{2}"
_MAY_CHANGE: dict[Callable[[str], str], str] = {
    redact: _ID_LIKE,
    _for_spreadsheets: _ID_LIKE + "|(?:^|[\\r\\n])[=+\\-@\\t\\r']",
    printable_lines: _ID_LIKE + "|" + UNPRINTABLE.pattern,
}
"""For each cleaning, a pattern every text it would change matches (its own patterns without
their look-arounds, so a superset): a column is searched with it in one vectorised pass, and
only the cells it finds are cleaned one by one."""


def _may_change(series: pd.Series, clean_text: Callable[[str], str]) -> np.ndarray | None:
    """Which cells ``clean_text`` might change, or ``None`` when it cannot be told cheaply."""
    pattern = _MAY_CHANGE.get(clean_text)
    if pattern is None:
        return None
    try:
        text = series.astype("string[pyarrow]")
    except (TypeError, ValueError, ImportError):  # cells that are not text, or no pyarrow
        return None
    found: np.ndarray = text.str.contains(pattern, regex=True).fillna(False).to_numpy(bool)
    return found


def _clean_series(series: pd.Series, clean_text: Callable[[str], str]) -> pd.Series:
    import pandas as pd

    def clean(value: object) -> object:
        return clean_text(value) if isinstance(value, str) else value

    if isinstance(series.dtype, pd.CategoricalDtype):
        cats = series.cat.categories
        if not (
            pd.api.types.is_object_dtype(cats.dtype) or pd.api.types.is_string_dtype(cats.dtype)
        ):
            return series
        new = [clean(c) for c in cats]
        if new == list(cats):
            return series
        if len(set(new)) == len(new):
            return series.cat.rename_categories(new)
        # two labels redacted to the same mask: the column is no longer a set of categories
        return series.astype(object).map(clean).astype("category")
    candidates = _may_change(series, clean_text)
    if candidates is None:
        return series.map(clean)
    if not candidates.any():
        return series
    out = series.astype(object)
    out[candidates] = series[candidates].map(clean)
    return out.astype(series.dtype) if not pd.api.types.is_object_dtype(series) else out


def _set(frame: pd.DataFrame, position: int, values: pd.Series) -> None:
    """Replace the column at ``position`` (labels may repeat) keeping ``values``' dtype."""
    frame.isetitem(position, values.array)


def _clean_frame(frame: pd.DataFrame, clean_text: Callable[[str], str] = redact) -> pd.DataFrame:
    """A copy of ``frame`` with ``clean_text`` applied to every text cell and column name."""
    out = frame.copy()
    for position in range(frame.shape[1]):
        values = frame.iloc[:, position]
        if _is_text(values):
            _set(out, position, _clean_series(values, clean_text))
    out.columns = [clean_text(c) if isinstance(c, str) else c for c in frame.columns]
    return out


def _refuse_control_characters(frame: pd.DataFrame, target: Path) -> None:
    """A workbook (XML) cannot hold control characters other than tab, CR and LF: refuse."""
    problems: list[Problem] = []
    for position, name in enumerate(frame.columns):
        if isinstance(name, str) and _XML_ILLEGAL.search(name):
            problems.append(_control_problem(target, None, name, name))
        values = frame.iloc[:, position]
        if not _is_text(values):
            continue
        for row, value in enumerate(values.astype(object).tolist(), start=2):
            if isinstance(value, str) and _XML_ILLEGAL.search(value):
                problems.append(_control_problem(target, row, str(name), value))
    if problems:
        raise InvalidInputError(problems, what=redact(target))


def _control_problem(target: Path, row: int | None, column: str, value: str) -> Problem:
    return Problem(
        message="a workbook cannot hold this control character; write .csv, .json or .parquet",
        source=redact(target),
        row=row,
        column=printable(column),
        value=printable(value),
        expected="text without control characters other than tab and line breaks",
        check="xlsx_control_character",
    )


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` that a spreadsheet cannot run, and without identity numbers.

    Text cells and column names get :func:`escape_formula` (numbers, including negative
    ones, are left alone) after ``redact``. The escape is
    reversible, so distinct values stay distinct (a categorical column never collides).

    >>> import pandas as pd
    >>> neutralise_formulas(pd.DataFrame({"a": ["=1+1", "ok"], "n": [-1, 2]}))["a"].tolist()
    ["'=1+1", 'ok']
    """
    return _clean_frame(frame, _for_spreadsheets)


# -- writing -------------------------------------------------------------------------------


def _table_name(frame: pd.DataFrame, table: type[Table] | str | None) -> str | None:
    if table is None:
        name = frame.attrs.get(TABLE_ATTR)
        same = frame.attrs.get(COLUMNS_ATTR) == tuple(str(c) for c in frame.columns)
        return name if isinstance(name, str) and same else None
    return table if isinstance(table, str) else table.__name__


def _dates_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Datetime columns as text: ``YYYY-MM-DD`` when all at midnight, else ISO 8601."""
    import pandas as pd

    out = frame
    for position in range(frame.shape[1]):
        values = frame.iloc[:, position]
        if not pd.api.types.is_datetime64_any_dtype(values):
            continue
        present = values.dropna()
        days = values.dt.tz is None and bool((present == present.dt.normalize()).all())
        text = (
            values.dt.strftime("%Y-%m-%d")
            if days
            else values.map(lambda v: None if v is pd.NaT else v.isoformat())
        )
        if out is frame:
            out = frame.copy()
        _set(out, position, text.astype(object).where(values.notna(), None))
    return out


def _csv_quoting(frame: pd.DataFrame) -> Literal[0, 2]:
    """All text quoted when a text cell holds a line break, else only where needed.

    Python's csv module would not quote a field holding a bare carriage return.
    """
    if any(isinstance(c, str) and ("\r" in c or "\n" in c) for c in frame.columns):
        return csv.QUOTE_NONNUMERIC
    for position in range(frame.shape[1]):
        values = frame.iloc[:, position]
        if (
            _is_text(values)
            and values.astype(object)
            .map(lambda v: isinstance(v, str) and ("\r" in v or "\n" in v))
            .any()
        ):
            return csv.QUOTE_NONNUMERIC
    return csv.QUOTE_MINIMAL


def write_csv(
    frame: pd.DataFrame, out: IO[str], *, name: str | None = None, excel: bool = False
) -> None:
    """Write ``frame`` as CSV to the text stream ``out``, formulas neutralised.

    With ``name``, the first line is the tag ``# integreringslov:<name>`` and all text is
    quoted; without, text is quoted only where needed (always where it holds a line break).
    ``excel`` separates with ``;`` (the caller opens ``out`` with the ``utf-8-sig`` encoding).
    """
    safe = _dates_as_text(neutralise_formulas(frame))
    sep = ";" if excel else ","
    if name is not None:
        out.write(f"# {TAG_PREFIX}{name}\n")
        if _write_csv_arrow(safe, out, sep):
            return
    quoting: Literal[0, 2] = csv.QUOTE_NONNUMERIC if name is not None else _csv_quoting(safe)
    safe.to_csv(out, index=False, sep=sep, quoting=quoting, lineterminator="\n")


@functools.cache
def _arrow_writes_dictionaries() -> bool:
    """Whether this pyarrow's CSV writer takes dictionary (categorical) columns as they are.

    Newer releases do, which spares casting every category label out to each row (a third
    of the writing time for a million assessed persons); older ones are told by a probe.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    probe = pa.table({"c": pa.array(["a"]).dictionary_encode()})
    try:
        pacsv.write_csv(probe, io.BytesIO())
    except pa.ArrowException:
        return False
    return True


def _write_csv_arrow(frame: pd.DataFrame, out: IO[str], sep: str) -> bool:
    """Write ``frame`` with Arrow's CSV writer, as pandas would with ``QUOTE_NONNUMERIC``.

    Text quoted, numbers bare, a missing value empty, booleans ``true``/``false`` (which
    :func:`read_written` reads, as the contract's boolean words). About ten times faster than
    ``DataFrame.to_csv`` on a million assessed persons (0.6 s against 5.2 s), where the
    reasons are long texts. ``False`` when pyarrow (the ``parquet`` extra) is missing or
    cannot hold a column; the caller then writes with pandas.
    """
    try:
        import pyarrow as pa
        import pyarrow.csv as pacsv
    except ImportError:
        return False
    try:
        table = pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowException, TypeError, ValueError):
        return False  # objects Arrow has no type for: pandas writes their text
    options = pacsv.WriteOptions(quoting_style="needed", delimiter=sep)
    if not _arrow_writes_dictionaries():  # older pyarrow: the category labels as text
        columns = [
            c.cast(pa.large_string()) if pa.types.is_dictionary(c.type) else c
            for c in table.columns
        ]
        table = pa.table(columns, names=table.column_names)
    binary = getattr(out, "buffer", None)
    if binary is not None:  # a file: the tag (and BOM) first, then Arrow's bytes after them
        out.flush()
        pacsv.write_csv(table, binary, options)
        return True
    sink = io.BytesIO()
    pacsv.write_csv(table, sink, options)
    out.write(sink.getvalue().decode("utf-8"))
    return True


def _json_text(frame: pd.DataFrame, name: str | None) -> str:
    import pandas as pd

    clean = _dates_as_text(_clean_frame(frame))
    columns = [
        clean.iloc[:, i].astype(object).where(clean.iloc[:, i].notna(), None).tolist()
        for i in range(clean.shape[1])
    ]
    rows = [list(row) for row in zip(*columns, strict=True)] if columns else []

    def plain(value: object) -> object:
        if isinstance(value, str | int | float | bool) or value is None:
            return value
        if isinstance(value, pd.Timedelta | pd.Timestamp):
            return value.isoformat()
        if hasattr(value, "item"):  # a numpy scalar
            return value.item()
        return str(value)

    categories = {
        str(column): [plain(c) for c in clean.iloc[:, i].cat.categories]
        for i, column in enumerate(clean.columns)
        if isinstance(clean.iloc[:, i].dtype, pd.CategoricalDtype)
    }
    header: dict[str, Any] = {"schema": name, "columns": [str(c) for c in clean.columns]}
    if categories:
        header["categories"] = categories
    text = json.dumps(header, ensure_ascii=False)[:-1]
    try:
        body = json.dumps(rows, ensure_ascii=False, default=plain, allow_nan=False)
    except ValueError:
        raise InvalidInputError(
            [
                Problem(
                    message="JSON has no infinite numbers; write .csv or .parquet instead",
                    value="inf",
                    expected="finite numbers",
                    check="json_finite",
                )
            ],
            what="the table",
        ) from None
    return f'{text}, "rows": {body}}}\n'


def _write_xlsx(frame: pd.DataFrame, target: Path, name: str | None) -> None:
    import pandas as pd

    try:
        from openpyxl import Workbook
        from openpyxl.packaging.custom import StringProperty
    except ImportError as exc:
        raise MissingExtraError("excel", "openpyxl", "Writing .xlsx workbooks") from exc
    safe = neutralise_formulas(frame)
    _refuse_control_characters(safe, target)
    book = Workbook(write_only=True)
    if name is not None:
        book.custom_doc_props.append(StringProperty(name=_METADATA_KEY, value=name))
    sheet = book.create_sheet((name or "table")[:31])
    sheet.append([str(c) for c in safe.columns])
    columns = []
    for i in range(safe.shape[1]):
        values = safe.iloc[:, i]
        if pd.api.types.is_datetime64_any_dtype(values) and values.dt.tz is not None:
            values = values.map(lambda v: None if v is pd.NaT else v.isoformat())
        columns.append(values.astype(object).where(values.notna(), None).tolist())
    for row in zip(*columns, strict=True):
        sheet.append([v.to_pydatetime() if isinstance(v, pd.Timestamp) else v for v in row])
    book.save(target)


def _write_parquet(frame: pd.DataFrame, target: Path, name: str | None) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise MissingExtraError("parquet", "pyarrow", "Writing Parquet files") from exc
    arrow = pa.Table.from_pandas(_clean_frame(frame), preserve_index=False)
    if name is not None:
        metadata = dict(arrow.schema.metadata or {})
        metadata[_METADATA_KEY.encode()] = name.encode()
        arrow = arrow.replace_schema_metadata(metadata)
    pq.write_table(arrow, target)


def write_table(
    frame: pd.DataFrame,
    path: str | os.PathLike[str] | None,
    *,
    table: type[Table] | str | None = None,
    excel: bool = False,
) -> None:
    """Write ``frame`` to ``path`` in the format its suffix names (see the module docs).

    :param frame: The table.
    :param path: The file; its suffix (``.csv``, ``.xlsx``, ``.json``, ``.parquet``) picks
        the format. ``None`` prints it as CSV to standard output, without the tag line.
    :param table: The schema the table follows (a :class:`~integreringslov.tables.Table`
        or its name); by default the one validation recorded in ``frame.attrs``. The file
        then names it, and :func:`integreringslov.read` reads it back as that table.
    :param excel: CSV for Norwegian Excel: ``;``-separated, with a UTF-8 byte order mark.
    :raises InvalidInputError: When the suffix is none of :data:`SUFFIXES`.
    :raises MissingExtraError: Parquet without pyarrow, or ``.xlsx`` without openpyxl.
    """
    name = _table_name(frame, table)
    if path is None:
        shown = _clean_frame(frame, printable_lines) if sys.stdout.isatty() else frame
        write_csv(shown, sys.stdout, excel=excel)
        return
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".csv":
        with target.open("w", encoding="utf-8-sig" if excel else "utf-8", newline="") as out:
            write_csv(frame, out, name=name, excel=excel)
    elif suffix == ".xlsx":
        _write_xlsx(frame, target, name)
    elif suffix == ".parquet":
        _write_parquet(frame, target, name)
    elif suffix == ".json":
        target.write_text(_json_text(frame, name), encoding="utf-8")
    else:
        raise InvalidInputError(
            [
                Problem(
                    message="cannot write this kind of file",
                    source=redact(target),
                    value=suffix or "(no suffix)",
                    expected="one of " + ", ".join(SUFFIXES),
                    check="output_suffix",
                )
            ],
            what=redact(target),
        )


# -- reading back --------------------------------------------------------------------------


def _head(path: Path, size: int = _HEAD_BYTES) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(size)
    except OSError:
        return b""


def written_table(path: str | os.PathLike[str]) -> str | None:
    """The name of the table a file written by :func:`write_table` says it holds, else ``None``.

    Cheap: it reads the first bytes of a CSV or JSON file, the custom properties of a
    workbook, or the footer of a Parquet file; it never raises.
    """
    source = Path(path)
    head = _head(source)
    if head.startswith(b"PAR1"):
        try:
            import pyarrow.parquet as pq

            metadata = pq.read_schema(source).metadata or {}
        except Exception:  # not a readable Parquet file, or no pyarrow: not ours to say
            return None
        value = metadata.get(_METADATA_KEY.encode())
        name = value.decode("utf-8", "replace") if value else ""
        return name if re.fullmatch(_NAME, name) else None
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(source) as book:
                info = book.getinfo("docProps/custom.xml")
                if info.file_size > 1 << 16:
                    return None
                text = book.read(info).decode("utf-8", "replace")
        except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, NotImplementedError):
            return None
        found = _XLSX_TAG.search(text)
        return found.group(1) if found else None
    text = head.decode("utf-8", "replace")
    found = _CSV_TAG.match(text) or _JSON_TAG.match(text)
    return found.group(1) if found else None


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
    import pandas as pd

    data = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    text = data.decode("utf-8")  # checked once; a CR inside a cell is kept
    body = text.split("\n", 1)[1] if "\n" in text else ""
    header = body.split("\n", 1)[0]
    sep = max((",", ";"), key=lambda s: len(next(csv.reader([header], delimiter=s), [])))
    names = next(csv.reader([header], delimiter=sep), [])
    frame = _csv_cells_arrow(data.split(b"\n", 1)[1] if body else b"", sep, names)
    if frame is None:
        try:
            frame = pd.read_csv(
                io.StringIO(body), sep=sep, dtype=str, keep_default_na=False, na_filter=False
            )
        except (ValueError, pd.errors.ParserError) as exc:
            raise SourceError(str(path), f"the CSV file cannot be read: {exc}") from None
    frame.columns = [unescape_formula(str(c)) for c in frame.columns]
    for position in range(frame.shape[1]):
        values = frame.iloc[:, position]
        if values.str.contains("'", regex=False).any():  # only such cells were escaped
            _set(frame, position, values.str.replace(_UNESCAPE.pattern, "", regex=True))
    frame.index = pd.RangeIndex(3, 3 + len(frame))  # the tag is row 1, the header row 2
    return frame, sep


def _xlsx_frame(path: Path, limits: Limits) -> pd.DataFrame:
    import pandas as pd

    try:
        from openpyxl import load_workbook
    except ImportError as exc:
        raise MissingExtraError("excel", "openpyxl", "Reading .xlsx workbooks") from exc
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
    import pandas as pd

    def no_constant(name: str) -> object:
        raise ValueError(f"{name} is not a JSON number")

    try:
        document = json.loads(path.read_text(encoding="utf-8"), parse_constant=no_constant)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SourceError(str(path), f"the JSON file cannot be read: {exc}") from None
    columns = document.get("columns") if isinstance(document, dict) else None
    rows = document.get("rows") if isinstance(document, dict) else None
    if not (isinstance(columns, list) and isinstance(rows, list)):
        raise SourceError(
            str(path),
            "the JSON object has no 'columns' and 'rows' lists",
            expected='{"schema": ..., "columns": [...], "rows": [[...], ...]}',
        )
    for number, row in enumerate(rows, start=1):
        if not (isinstance(row, list) and len(row) == len(columns)):
            raise SourceError(
                str(path),
                f"row {number} does not have one value per column",
                row=number,
                expected=f"a list of {len(columns)} values",
            )
    frame = pd.DataFrame(rows, columns=columns, index=pd.RangeIndex(1, 1 + len(rows)))
    categories = document.get("categories") or {}
    for position, column in enumerate(frame.columns):
        known = categories.get(column) if isinstance(categories, dict) else None
        if isinstance(known, list) and frame.iloc[:, position].isin([*known, None]).all():
            dtype = pd.CategoricalDtype(pd.Index(known, dtype=object))
            _set(frame, position, frame.iloc[:, position].astype(dtype))
    return frame


def _parquet_frame(path: Path) -> pd.DataFrame:
    import pandas as pd

    try:
        frame = pd.read_parquet(path, engine="pyarrow")
    except ImportError as exc:
        raise MissingExtraError("parquet", "pyarrow", "Reading Parquet files") from exc
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
    import pandas as pd

    from integreringslov.tables import column_schema

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
        _set(out, position, values)
    return out


def _as_numbers(values: pd.Series, kind: str) -> pd.Series:
    """A number column in the schema's own type, when every present cell is such a number.

    Some schemas check types rather than coerce them (``SsbTable``). A cell that is not a
    number (or not a whole one, for an integer column) leaves the column as it is, for
    validation to report.
    """
    import numpy as np
    import pandas as pd

    present = values.notna().to_numpy(dtype=bool)
    parsed = pd.to_numeric(values.where(present, None), errors="coerce")
    if (parsed.isna().to_numpy(dtype=bool) & present).any():
        return values
    dtype: Any = pd.api.types.pandas_dtype(kind)
    if kind.lower().startswith("float"):
        return pd.Series(parsed.to_numpy(dtype=dtype, na_value=np.nan), index=values.index)
    numbers = parsed.to_numpy(dtype="float64", na_value=np.nan)
    whole = np.isnan(numbers) | (numbers == np.floor(numbers))
    if not whole.all() or (kind == "int64" and not present.all()):
        return values
    return pd.Series(pd.array(parsed.tolist(), dtype=dtype), index=values.index)


def _json_numbers(frame: pd.DataFrame, schema: type[Table]) -> pd.DataFrame:
    """A JSON table's number columns in the schema's types (``[1, 2]`` for a float column)."""
    from integreringslov.tables import column_schema

    dfs = schema.to_schema()
    out = frame.copy()
    for position, name in enumerate(frame.columns):
        column = column_schema(dfs, str(name))
        kind = "" if column is None else str(column.dtype)
        if kind.lower().startswith(("int", "uint", "float")):
            _set(out, position, _as_numbers(frame.iloc[:, position], kind))
    return out


def read_written(
    path: str | os.PathLike[str], schema: type[Table], *, limits: Limits | None = None
) -> pd.DataFrame:
    """Read a file :func:`write_table` wrote as the table ``schema``, before validation.

    Undoes what writing did for spreadsheets (the ``'`` before formula-like text) and
    turns text cells into the values ``schema`` expects; the index holds the row numbers a
    person sees (CSV and xlsx: the row in a spreadsheet, with the header counted; JSON and
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
    head = _head(source, 4)
    if head.startswith(b"PAR1"):
        return _parquet_frame(source)
    if head.startswith(b"PK\x03\x04"):
        return _typed(_xlsx_frame(source, limits), schema)
    if _JSON_TAG.match(_head(source).decode("utf-8", "replace")):
        return _json_numbers(_json_frame(source), schema)
    frame, sep = _csv_frame(source)
    return _typed(frame, schema, decimal_comma=sep == ";")
