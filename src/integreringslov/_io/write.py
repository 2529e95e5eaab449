"""Write tables to files: the library's own table files, which read back to equal tables.

Every table the library writes follows a :class:`~integreringslov.tables.Table` schema, so
that :func:`integreringslov.read` reads it back to an equal table
(``readback``), and an importer for another kind of table refuses it
instead of returning a wrong one:

* ``.csv`` — a plain CSV: the header first, then the rows, as pandas, Excel and R expect
  (``pandas.read_csv(path)``; ``sep=";"`` for the Excel form). The header is the table's
  columns, which is how it is recognised when read back. Text is quoted, numbers are not;
  decimals always use ``.``, and a float is written with the fewest digits that read back
  to the same number. ``excel=True`` writes it for Norwegian Excel: ``;``-separated with a
  UTF-8 byte order mark and decimal commas.
* ``.xlsx`` — one sheet named after the table, the header in row 1; the workbook's custom
  document property ``integreringslov`` names the table. Needs the ``excel`` extra
  (openpyxl). Numbers keep every bit (the shortest text that reads back the same, as in
  CSV; an infinite number is refused), and a carriage return inside a cell reads back as
  a line feed (XML normalises line ends).
* ``.json`` — one object ``{"schema": "<Table>", "columns": [...], "rows": [[...], ...]}``
  (UTF-8; dates as ``YYYY-MM-DD``, times ISO 8601, missing values ``null``).

An assessment table also keeps its assessment date (``ASSESSED_ON``) in the workbook's
custom properties, the Parquet metadata and the JSON object (``"assessed_on"``); a CSV
file is the contract's columns only.
* ``.parquet`` — Apache Parquet (the ``parquet`` extra); the file's key-value metadata
  ``integreringslov`` names the table.

In CSV and xlsx, text a spreadsheet could run as a formula is neutralised, and in every
format identity numbers are masked (``sanitise``). Every file is written whole or not at
all (``atomic``): an interrupt, a full disk or a second writer never leaves a
cut-off or mixed file, and a folder, FIFO or device as the path is refused.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import re
import sys
from pathlib import Path
from typing import IO, Any, Literal

import numpy as np
import pandas as pd

from integreringslov._io.atomic import replacing
from integreringslov._io.formats import ASSESSED_ON, METADATA_KEY, SUFFIXES
from integreringslov._io.sanitise import (
    clean_frame,
    is_text,
    neutralise_formulas,
    set_column,
)
from integreringslov._text.i18n import N_
from integreringslov._text.privacy import printable, printable_lines, redact
from integreringslov.errors import InvalidInputError, MissingExtraError, Problem
from integreringslov.tables import Table
from integreringslov.tables._base import COLUMNS_ATTR, TABLE_ATTR

__all__ = ["write_csv", "write_table"]

_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _refuse_control_characters(frame: pd.DataFrame, target: Path) -> None:
    """A workbook (XML) cannot hold control characters other than tab, CR and LF: refuse."""
    problems: list[Problem] = []
    for position, name in enumerate(frame.columns):
        if isinstance(name, str) and _XML_ILLEGAL.search(name):
            problems.append(_control_problem(target, None, name, name))
        values = frame.iloc[:, position]
        if not is_text(values):
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


def _table_name(frame: pd.DataFrame, table: type[Table] | str | None) -> str | None:
    if table is None:
        name = frame.attrs.get(TABLE_ATTR)
        same = frame.attrs.get(COLUMNS_ATTR) == tuple(str(c) for c in frame.columns)
        return name if isinstance(name, str) and same else None
    return table if isinstance(table, str) else table.__name__


def _dates_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Datetime columns as text: ``YYYY-MM-DD`` when all at midnight, else ISO 8601."""
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
        set_column(out, position, text.astype(object).where(values.notna(), None))
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
            is_text(values)
            and values.astype(object)
            .map(lambda v: isinstance(v, str) and ("\r" in v or "\n" in v))
            .any()
        ):
            return csv.QUOTE_NONNUMERIC
    return csv.QUOTE_MINIMAL


def write_csv(
    frame: pd.DataFrame, out: IO[str], *, quote_text: bool = False, excel: bool = False
) -> None:
    """Write ``frame`` as CSV to the text stream ``out``: the header, then the rows.

    Formulas are neutralised and identity numbers masked. With ``quote_text`` every text
    cell is quoted, as in the library's own table files (by Arrow's CSV writer where
    pyarrow is installed); without, text is quoted only where needed (always where a text
    cell holds a line break). ``excel`` separates with ``;`` (the caller writes the byte
    order mark) and writes decimals with a comma, as Norwegian Excel reads them.
    """
    safe = _dates_as_text(neutralise_formulas(frame))
    if excel:
        safe = _decimal_commas(safe)
    sep = ";" if excel else ","
    if quote_text and _write_csv_arrow(safe, out, sep):
        return
    quoting: Literal[0, 2] = csv.QUOTE_NONNUMERIC if quote_text else _csv_quoting(safe)
    safe.to_csv(out, index=False, sep=sep, quoting=quoting, lineterminator="\n")


def _decimal_commas(frame: pd.DataFrame) -> pd.DataFrame:
    """Float columns as text with a decimal comma (``37,5``), the fewest digits that read back.

    What Norwegian Excel reads as a number; :func:`integreringslov.read` reads it back.
    """
    floats = [c for c in frame.columns if pd.api.types.is_float_dtype(frame[c].dtype)]
    if not floats:
        return frame
    out = frame.copy()
    for c in floats:
        values = frame[c].to_numpy(dtype=float, na_value=np.nan)
        out[c] = pd.Series(
            [None if np.isnan(v) else repr(float(v)).replace(".", ",") for v in values],
            index=frame.index,
            dtype=object,
        )
    return out


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

    Text quoted, numbers bare (a float in the fewest digits that read back to the same
    number), a missing value empty, booleans ``true``/``false`` (which
    ``read_written`` reads, as the contract's boolean
    words). About ten times faster than
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
    if binary is not None:  # a file: what is written so far (a BOM), then Arrow's bytes
        out.flush()
        pacsv.write_csv(table, binary, options)
        return True
    sink = io.BytesIO()
    pacsv.write_csv(table, sink, options)
    out.write(sink.getvalue().decode("utf-8"))
    return True


def _assessed_on(frame: pd.DataFrame) -> str | None:
    """The assessment date an assessed frame carries (``ASSESSED_ON``), if any."""
    value = frame.attrs.get(ASSESSED_ON)
    return value if isinstance(value, str) else None


def _json_text(frame: pd.DataFrame, name: str | None) -> str:
    clean = _dates_as_text(clean_frame(frame))
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
    if (on := _assessed_on(frame)) is not None:
        header["assessed_on"] = on
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


def _xlsx_bytes(frame: pd.DataFrame, target: Path, name: str | None) -> bytes:
    """The workbook's bytes, built in memory.

    openpyxl never meets a failing file, whose half-written sheet would print «I/O
    operation on closed file» as it is collected.
    """
    try:
        from openpyxl import Workbook
        from openpyxl.packaging.custom import StringProperty
    except ImportError as exc:
        raise MissingExtraError("excel", "openpyxl", N_("Writing .xlsx workbooks")) from exc
    safe = neutralise_formulas(frame)
    _refuse_control_characters(safe, target)
    _refuse_infinite(safe, target)
    book = Workbook(write_only=True)
    if name is not None:
        book.custom_doc_props.append(StringProperty(name=METADATA_KEY, value=name))
    if (on := _assessed_on(frame)) is not None:
        book.custom_doc_props.append(StringProperty(name=ASSESSED_ON, value=on))
    sheet = book.create_sheet((name or "table")[:31])
    sheet.append([str(c) for c in safe.columns])
    columns = []
    for i in range(safe.shape[1]):
        values = safe.iloc[:, i]
        if pd.api.types.is_datetime64_any_dtype(values) and values.dt.tz is not None:
            values = values.map(lambda v: None if v is pd.NaT else v.isoformat())
        cells = values.astype(object).where(values.notna(), None).tolist()
        if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            cells = _exact_numbers(cells, sheet)
        columns.append(cells)
    for row in zip(*columns, strict=True):
        sheet.append([v.to_pydatetime() if isinstance(v, pd.Timestamp) else v for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _refuse_infinite(frame: pd.DataFrame, target: Path) -> None:
    """A workbook has no infinite numbers (a cell would be left empty): refuse, naming it."""
    for position, name in enumerate(frame.columns):
        values = frame.iloc[:, position]
        if not pd.api.types.is_float_dtype(values):
            continue
        infinite = np.flatnonzero(np.isinf(values.to_numpy(dtype=float, na_value=np.nan)))
        if len(infinite):
            raise InvalidInputError(
                [
                    Problem(
                        message="a workbook has no infinite numbers; write .csv or .parquet",
                        source=redact(target),
                        row=int(infinite[0]) + 2,
                        column=printable(str(name)),
                        value=repr(float(values.iloc[int(infinite[0])])),
                        expected="finite numbers",
                        check="xlsx_finite",
                    )
                ],
                what=redact(target),
            )


def _exact_numbers(cells: list[Any], sheet: Any) -> list[Any]:
    """Numbers as cells that keep every bit: the shortest text that reads back the same.

    openpyxl writes a number with 16 significant digits (``%.16g``), which loses the 17th
    a double may need (``0.39410253422339125`` read back as ``0.3941025342233913``) and the
    sign of ``-0.0``, and rounds an integer beyond 10^16. A cell given that text as a
    number (type ``n``) keeps it exactly.
    """
    from openpyxl.cell import WriteOnlyCell

    out: list[Any] = []
    for value in cells:
        if value is None:
            out.append(None)
            continue
        text = repr(float(value)) if isinstance(value, float) else str(int(value))
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "n"
        out.append(cell)
    return out


def _write_parquet(frame: pd.DataFrame, target: Path, name: str | None) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise MissingExtraError("parquet", "pyarrow", N_("Writing Parquet files")) from exc
    arrow = pa.Table.from_pandas(clean_frame(frame), preserve_index=False)
    metadata = dict(arrow.schema.metadata or {})
    if name is not None:
        metadata[METADATA_KEY.encode()] = name.encode()
    if (on := _assessed_on(frame)) is not None:
        metadata[ASSESSED_ON.encode()] = on.encode()
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
        the format. ``None`` prints it as CSV to standard output.
    :param table: The schema the table follows (a :class:`~integreringslov.tables.Table`
        or its name); by default the one validation recorded in ``frame.attrs``. A
        workbook, JSON or Parquet file names it; a CSV file's header is its columns. Either
        way :func:`integreringslov.read` reads the file back as that table.
    :param excel: CSV for Norwegian Excel: ``;``-separated, with a UTF-8 byte order mark
        and decimal commas.
    :raises InvalidInputError: When the suffix is none of ``SUFFIXES``, or ``path`` is
        a folder, FIFO, device or socket.
    :raises MissingExtraError: Parquet without pyarrow, or ``.xlsx`` without openpyxl.
    """
    name = _table_name(frame, table)
    if path is None:
        shown = clean_frame(frame, printable_lines) if sys.stdout.isatty() else frame
        write_csv(shown, sys.stdout, excel=excel)
        return
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in SUFFIXES:
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
    with replacing(target) as partial:
        if suffix == ".csv":
            with partial.open("w", encoding="utf-8", newline="") as out:
                if excel:
                    out.write("\ufeff")  # the byte order mark that tells Excel it is UTF-8
                write_csv(frame, out, quote_text=name is not None, excel=excel)
        elif suffix == ".xlsx":
            partial.write_bytes(_xlsx_bytes(frame, target, name))
        elif suffix == ".parquet":
            _write_parquet(frame, partial, name)
        else:
            partial.write_text(_json_text(frame, name), encoding="utf-8")
