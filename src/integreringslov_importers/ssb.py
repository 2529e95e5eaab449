"""Built-in plugin: Statistics Norway (SSB) StatBank tables, as JSON-stat and as CSV.

Written exactly like a third-party plugin: it uses only the public API of
``integreringslov``. It declares two importers, both producing
:class:`~integreringslov.schemas.statistics.SsbTable`:

``ssb-jsonstat``
    JSON-stat 2.0 as SSB's APIs emit it (v0 ``json-stat2`` and PxWebApi v2) and JSON-stat
    1.x bundles (ready-made datasets), via :mod:`integreringslov.jsonstat`. Options:
    ``labels`` (default ``True``) and ``dataset`` (for bundles and collections with several
    datasets). The index is the cell's position in ``value``.

``ssb-csv``
    CSV downloads from the StatBank web and ready-made datasets: semicolon (or comma or tab)
    separated, decimal comma with semicolons, ISO-8859-1/Windows-1252 or UTF-8 (with or
    without BOM), an optional quoted title line (``"11616: Sysselsatte ..., etter region,
    statistikkvariabel og år"``), stub cells as ``"code name"`` (``"3801 Horten"``) and the
    symbols ``.``, ``..``, ``:`` and ``-`` (missing value, symbol kept in ``status``).
    Options: ``labels`` and ``encoding``. The index is the line number in the file.

    A CSV download carries the dimensions' *labels*, not their ids: the columns are named by
    the header text, except for the dimensions every StatBank table shares, which get their
    ids (``region`` → ``Region``, ``år``/``year`` → ``Tid``, ``statistikkvariabel``/
    ``contents`` → ``ContentsCode``, ``alder``/``age`` → ``Alder``, ``kjønn``/``sex`` →
    ``Kjonn``). Heading columns such as ``"Persons 2021"`` are split into their dimensions
    when the title names them and the last is a time dimension.

Data from SSB is licensed CC BY 4.0 ("Kilde: Statistisk sentralbyrå").
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from integreringslov.errors import PluginError, SourceError
from integreringslov.jsonstat import read_jsonstat
from integreringslov.limits import DEFAULT_LIMITS, Limits
from integreringslov.plugins import Detection, RegisterImporter, hookimpl
from integreringslov.schemas.statistics import SsbTable
from integreringslov.textio import decode_head, decode_text, sniff_delimiter

__all__ = [
    "CSV_IMPORTER",
    "JSONSTAT_IMPORTER",
    "KNOWN_DIMENSION_IDS",
    "SYMBOLS",
    "detect_source",
    "read_csv",
    "read_source",
    "register_importers",
]

JSONSTAT_IMPORTER = "ssb-jsonstat"
"""The name of the JSON-stat importer."""
CSV_IMPORTER = "ssb-csv"
"""The name of the StatBank CSV importer."""

PUBLISHER = "Statistics Norway (SSB)"

SYMBOLS = frozenset({".", "..", ":", "-", "...", "....", ".....", "......"})
"""Cell symbols that stand for a missing value; kept in the ``status`` column."""

KNOWN_DIMENSION_IDS: Mapping[str, str] = {
    "region": "Region",
    "år": "Tid",
    "year": "Tid",
    "tid": "Tid",
    "time": "Tid",
    "statistikkvariabel": "ContentsCode",
    "contents": "ContentsCode",
    "alder": "Alder",
    "age": "Alder",
    "kjønn": "Kjonn",
    "sex": "Kjonn",
}
"""CSV header text (lower case) → the SSB dimension id used as the column name."""

_DATA = Path(__file__).parent / "data" / "ssb"
"""Tiny example files in SSB's formats with made-up figures (for the conformance checks)."""
_HEAD = 65536
_TITLE = re.compile(r"^\s*\"?(?P<table>\d{5})\s*:\s*(?P<title>.*?)\"?\s*$")
_TIME_DIMENSIONS = frozenset(
    {"år", "year", "tid", "time", "kvartal", "quarter", "måned", "month", "uke", "week", "periode"}
)
_TIME_TOKEN = re.compile(r"^(?P<rest>.*?)\s+(?P<time>\d{4}(?:[KMUH]\d{1,2}|-\d{4})?)$")
_CODE_NAME = re.compile(r"^(?P<code>[A-Za-z]{1,2}-[\w-]+|[A-Za-z]{0,2}\d[\w-]*)\s+(?P<name>\S.*)$")


# -- declaration ---------------------------------------------------------------------------


@hookimpl
def register_importers(register: RegisterImporter) -> None:
    """Declare the SSB JSON-stat and CSV importers."""
    register(
        name=JSONSTAT_IMPORTER,
        title="SSB StatBank table (JSON-stat 2.0 or 1.x)",
        publisher=PUBLISHER,
        table=SsbTable,
        patterns=("*.json",),
        description="StatBank API responses (v0 json-stat2, PxWebApi v2) and ready-made "
        "datasets (JSON-stat 1.x bundles), and other JSON-stat datasets.",
        examples=(_DATA / "example_jsonstat2.json", _DATA / "example_jsonstat1.json"),
    )
    register(
        name=CSV_IMPORTER,
        title="SSB StatBank CSV download",
        publisher=PUBLISHER,
        table=SsbTable,
        patterns=("SSB_*.csv", "*.csv"),
        description="Semicolon-separated StatBank web downloads and ready-made dataset CSV "
        "(Windows-1252 or UTF-8, decimal comma, title line, 'code name' stub cells).",
        examples=(_DATA / "example_statbank.csv",),
    )


# -- detection -----------------------------------------------------------------------------


def _head(source: Path) -> bytes:
    try:
        with source.open("rb") as fh:
            return fh.read(_HEAD)
    except OSError:
        return b""


@hookimpl
def detect_source(source: Path) -> Detection | None:
    """Claim JSON-stat files and StatBank CSV downloads (by content, then by suffix)."""
    head = _head(source)
    suffix = source.suffix.lower()
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{"):
        if b'"dimension"' in head:
            return Detection(
                importer=JSONSTAT_IMPORTER, confidence=0.9, reason="JSON-stat dimension"
            )
        if b'"value"' in head or suffix == ".json":
            return Detection(importer=JSONSTAT_IMPORTER, confidence=0.3, reason="JSON object")
        return None
    text = decode_head(head)
    first = next((line for line in text.splitlines() if line.strip()), "")
    if _TITLE.match(first) and len(next(csv.reader([first], delimiter=";"), [])) == 1:
        return Detection(importer=CSV_IMPORTER, confidence=0.9, reason="StatBank title line")
    if suffix == ".csv" and re.fullmatch(r"[^\n]*[,;]\"?\d{5}\"?\s*", first):
        return Detection(importer=CSV_IMPORTER, confidence=0.6, reason="table id in header")
    return None


# -- reading -------------------------------------------------------------------------------


@hookimpl
def read_source(source: Path, importer: str, options: Mapping[str, Any]) -> pd.DataFrame | None:
    """Read ``source`` when ``importer`` is one of this plugin's."""
    labels = bool(options.get("labels", True))
    limits = options.get("limits", DEFAULT_LIMITS)
    if not isinstance(limits, Limits):
        raise PluginError(f"limits= must be an integreringslov.limits.Limits, not {limits!r}")
    if importer == JSONSTAT_IMPORTER:
        return read_jsonstat(source, labels=labels, dataset=options.get("dataset"), limits=limits)
    if importer == CSV_IMPORTER:
        return read_csv(source, labels=labels, encoding=options.get("encoding"))
    return None


def _title_dimensions(title: str) -> list[str]:
    """``"Sysselsatte ..., etter region, statistikkvariabel og år"`` → the dimension names."""
    match = re.search(r"(?:,\s*etter|,\s*by)\s+(?P<dims>.+)$", title)
    if not match:
        return []
    dims = re.split(r",\s*|\s+og\s+|\s+and\s+", match.group("dims").strip().rstrip("."))
    return [d.strip() for d in dims if d.strip()]


def _column_name(header: str) -> str:
    return KNOWN_DIMENSION_IDS.get(header.strip().lower(), header.strip())


def _split_code_name(cells: pd.Series) -> tuple[pd.Series, pd.Series] | None:
    parts = cells.str.extract(_CODE_NAME)
    if parts["code"].isna().any():
        return None
    pairs = parts.drop_duplicates()
    if pairs["code"].duplicated().any() or pairs["name"].duplicated().any():
        return None
    return parts["code"], parts["name"]


def _parse_numbers(
    cells: np.ndarray[Any, Any], decimal_comma: bool
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Cells → (values, status symbols, bad mask)."""
    text = pd.Series(cells, dtype=object).str.strip()
    is_symbol = text.isin(SYMBOLS).to_numpy()
    empty = (text == "").to_numpy()
    numeric = text.str.replace("\u00a0", "", regex=False).str.replace(" ", "", regex=False)
    if decimal_comma:
        numeric = numeric.str.replace(",", ".", regex=False)
    values = pd.to_numeric(numeric.where(~(is_symbol | empty), None), errors="coerce").to_numpy(
        dtype=float
    )
    bad = np.isnan(values) & ~is_symbol & ~empty
    status = np.where(is_symbol, text.to_numpy(dtype=object), "")
    return values, status, bad


def read_csv(
    source: str | Path,
    *,
    labels: bool = True,
    encoding: str | None = None,
) -> pd.DataFrame:
    """Read a StatBank CSV download into the long :class:`SsbTable` form.

    :param source: The CSV file.
    :param labels: Add ``<column>_label`` columns (the names of ``"code name"`` stub cells,
        or the text itself where a dimension has no separate code).
    :param encoding: Force an encoding; by default UTF-8 (BOM or not), then Windows-1252
        (:func:`integreringslov.textio.decode_text`; bytes that are neither are refused
        rather than read as ISO-8859-1 control characters).
    :raises SourceError: When the file is empty, binary, not decodable, doubly encoded,
        ragged, or holds a cell that is neither a number nor a symbol.
    """
    path = Path(source)
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(name, f"cannot read the file: {exc.strerror or exc}") from None
    text = decode_text(data, source=name, encoding=encoding or None)
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise SourceError(name, "the file is empty")
    title_match = _TITLE.match(lines[first])
    title_dims: list[str] = []
    header_at = first
    table_id: str | None = None
    if title_match and len(next(csv.reader([lines[first]], delimiter=";"), [])) == 1:
        table_id = title_match.group("table")
        title_dims = _title_dimensions(title_match.group("title"))
        header_at = next((i for i in range(first + 1, len(lines)) if lines[i].strip()), len(lines))
        if header_at >= len(lines):
            raise SourceError(name, "the file has a title but no header or data", row=first + 1)
    delimiter = sniff_delimiter(lines[header_at : header_at + 20], candidates=(";", "\t", ","))
    try:
        rows = list(
            csv.reader(io.StringIO("\n".join(lines[header_at:])), delimiter=delimiter, strict=True)
        )
    except csv.Error as exc:
        raise SourceError(name, f"not valid CSV: {exc}") from None
    header = [h.strip() for h in rows[0]]
    line_numbers = [
        header_at + 1 + i for i, r in enumerate(rows) if r and any(c.strip() for c in r)
    ]
    body = [r for r in rows if r and any(c.strip() for c in r)][1:]
    line_numbers = line_numbers[1:]
    if len(header) < 2:
        raise SourceError(
            name, "the header has fewer than two columns; not a StatBank CSV", row=header_at + 1
        )
    if not body:
        raise SourceError(name, "the file has a header but no data rows", row=header_at + 1)
    for line_no, r in zip(line_numbers, body, strict=True):
        if len(r) != len(header):
            raise SourceError(
                name,
                f"the row has {len(r)} cells but the header has {len(header)}",
                row=line_no,
            )
    grid = np.array(body, dtype=object)
    lowered = {d.lower() for d in title_dims}
    n_stub = 0
    for j in range(len(header) - 1):
        column = pd.Series(grid[:, j], dtype=object).str.strip()
        non_numeric = (
            ~column.isin(SYMBOLS)
            & pd.to_numeric(column.str.replace(",", ".", regex=False), errors="coerce").isna()
        )
        if header[j].lower() in lowered or bool(non_numeric.any()):
            n_stub = j + 1
        else:
            break
    if n_stub == 0:
        raise SourceError(
            name, "no stub (dimension) column found before the value columns", row=header_at + 1
        )
    heading = header[n_stub:]
    stub_names = [h.lower() for h in header[:n_stub]]
    heading_dims = [d for d in title_dims if d.lower() not in stub_names]

    n_rows, n_heading = grid.shape[0], len(heading)
    row_of_cell = np.repeat(np.arange(n_rows), n_heading)
    head_of_cell = np.tile(np.arange(n_heading), n_rows)
    columns: dict[str, Any] = {}
    label_columns: dict[str, Any] = {}

    def add(dim_name: str, codes: pd.Series, texts: pd.Series, take: np.ndarray[Any, Any]) -> None:
        column = _column_name(dim_name)
        if column in columns or column in ("value", "status"):
            column = dim_name.strip()
        if column in columns or column in ("value", "status"):
            raise SourceError(name, f"two dimensions are both called {column!r}", row=header_at + 1)
        columns[column] = pd.Categorical(codes.to_numpy(dtype=object)[take])
        if labels:
            label_columns[column + "_label"] = pd.Categorical(texts.to_numpy(dtype=object)[take])

    for j in range(n_stub):
        cells = pd.Series(grid[:, j], dtype=object).str.strip()
        split = _split_code_name(cells)
        codes, texts = split if split is not None else (cells, cells)
        add(header[j], codes, texts, row_of_cell)

    heading_series = pd.Series(heading, dtype=object)
    if len(heading_dims) >= 2 and heading_dims[-1].lower() in _TIME_DIMENSIONS:
        parts = heading_series.str.extract(_TIME_TOKEN)
        if not parts["time"].isna().any():
            rest_name = " og ".join(heading_dims[:-1])
            add(rest_name, parts["rest"], parts["rest"], head_of_cell)
            add(heading_dims[-1], parts["time"], parts["time"], head_of_cell)
            heading_dims = []
    if len(columns) == n_stub:  # one heading dimension (or unknown ones): keep the text
        dim_name = " og ".join(heading_dims) if heading_dims else "ContentsCode"
        add(dim_name, heading_series, heading_series, head_of_cell)

    values, status, bad = _parse_numbers(
        grid[:, n_stub:].reshape(-1), decimal_comma=delimiter == ";"
    )
    if bad.any():
        first_bad = int(np.flatnonzero(bad)[0])
        raise SourceError(
            name,
            "a value cell is neither a number nor one of the symbols . .. : -",
            row=line_numbers[int(row_of_cell[first_bad])],
            column=heading[int(head_of_cell[first_bad])],
            value=str(grid[:, n_stub:].reshape(-1)[first_bad]),
            expected="a number or a symbol",
        )
    columns.update(label_columns)
    columns["value"] = values
    columns["status"] = pd.Categorical(
        status, categories=pd.Index(["", *sorted(set(status) - {""})], dtype=object)
    )
    frame = pd.DataFrame(
        columns, index=pd.Index(np.asarray(line_numbers)[row_of_cell], name="line")
    )
    frame.attrs.update(
        {"format": "ssb-csv", "table_id": table_id} if table_id else {"format": "ssb-csv"}
    )
    return frame
