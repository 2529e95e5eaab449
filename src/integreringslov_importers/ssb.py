"""Built-in plugin: Statistics Norway (SSB) StatBank tables, as JSON-stat, CSV and PC-Axis.

Written exactly like a third-party plugin: it uses only the public API of
``integreringslov``. It declares four importers, all producing
:class:`~integreringslov.tables.statistics.SsbTable` (the formats, and how ambiguity is
decided, are described on the *SSB and PxWeb table formats* reference page):

``ssb-jsonstat``
    JSON-stat 2.0 as SSB's APIs emit it (v0 ``json-stat2`` and PxWebApi v2), JSON-stat 1.x
    bundles (ready-made datasets) and other JSON-stat, via ``integreringslov._io.jsonstat``.
    Options: ``labels`` (default ``True``), ``dataset`` (for bundles and collections with
    several datasets) and ``limits``. The index is the cell's position in ``value``. A
    KLASS file is refused with what it is and how to use it (``regions update --from``).

``ssb-csv``
    Every PxWeb CSV layout: StatBank web downloads (title line, ``"3801 Horten"`` stub
    cells, Windows-1252), PxWebApi v0/v1 ``csv``/``csv2``/``csv3``, PxWebApi 2 ``csv`` with
    its ``outputFormatParams``, ready-made dataset CSV and other PxWeb sites' downloads.
    Options: ``labels``, ``encoding`` and ``limits``. The index is the line number in the
    file; what the reader decided is returned as notes for the report. Arrow reads the
    cells where pyarrow is installed, Python's csv module otherwise: the same table.

``ssb-px``
    PC-Axis files, via ``integreringslov._io.pcaxis``. Options: ``labels`` and ``limits``.
    The index is the cell's position in ``DATA``.

``ssb-xlsx``
    The StatBank ``.xlsx`` download, claimed by its layout and origin; a download its user
    changed is refused, saying so and which importer to try. Options: ``labels`` and
    ``limits``. The index is the sheet's row.

Data from SSB is licensed CC BY 4.0 ("Kilde: Statistisk sentralbyrå").
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from integreringslov._io.jsonstat import load_jsonstat
from integreringslov._io.klass import klass_csv, klass_head
from integreringslov._io.limits import DEFAULT_LIMITS, Limits
from integreringslov._io.pcaxis import read_px
from integreringslov._io.text import decode_head, sniff_delimiter
from integreringslov._text.i18n import N_, tr
from integreringslov.errors import PluginError
from integreringslov.plugins import Detection, RegisterImporter, SourceTable, hookimpl
from integreringslov.tables.statistics import SsbTable
from integreringslov_importers import _ssb_csv as _csv
from integreringslov_importers._ssb_csv import KNOWN_DIMENSION_IDS, SYMBOLS
from integreringslov_importers._ssb_xlsx import look_at_workbook, read_statbank_xlsx

__all__ = [
    "CSV_IMPORTER",
    "JSONSTAT_IMPORTER",
    "KNOWN_DIMENSION_IDS",
    "PX_IMPORTER",
    "SYMBOLS",
    "XLSX_IMPORTER",
    "detect_source",
    "read_csv",
    "read_source",
    "register_importers",
]

JSONSTAT_IMPORTER = "ssb-jsonstat"
"""The name of the JSON-stat importer."""
CSV_IMPORTER = "ssb-csv"
"""The name of the StatBank CSV importer."""
PX_IMPORTER = "ssb-px"
"""The name of the PC-Axis importer."""
XLSX_IMPORTER = "ssb-xlsx"
"""The name of the StatBank ``.xlsx`` importer."""

PUBLISHER = "Statistics Norway (SSB)"

_DATA = Path(__file__).parent / "data" / "ssb"
"""Tiny example files in SSB's formats with made-up figures (for the conformance checks)."""
_HEAD = 65536


# -- declaration ---------------------------------------------------------------------------


@hookimpl
def register_importers(register: RegisterImporter) -> None:
    """Declare the SSB JSON-stat and CSV importers."""
    register(
        name=JSONSTAT_IMPORTER,
        title=N_("SSB StatBank table (JSON-stat 2.0 or 1.x)"),
        publisher=PUBLISHER,
        table=SsbTable,
        patterns=("*.json",),
        description="StatBank API responses (v0 json-stat2, PxWebApi v2) and ready-made "
        "datasets (JSON-stat 1.x bundles), and other JSON-stat datasets.",
        examples=(_DATA / "example_jsonstat2.json", _DATA / "example_jsonstat1.json"),
    )
    register(
        name=CSV_IMPORTER,
        title=N_("SSB StatBank / PxWeb CSV download"),
        publisher=PUBLISHER,
        table=SsbTable,
        patterns=("SSB_*.csv", "*.csv"),
        description="StatBank web downloads, PxWebApi csv/csv2/csv3 and PxWebApi 2 csv, "
        "ready-made dataset CSV and other PxWeb sites' CSV (';', ',' or tab; Windows-1252 or "
        "UTF-8; title line; 'code name' and 'code - text' stub cells).",
        examples=(_DATA / "example_statbank.csv",),
    )
    register(
        name=PX_IMPORTER,
        title=N_("PC-Axis table (.px), as PxWeb and Statistikkbanken serve it"),
        publisher=PUBLISHER,
        table=SsbTable,
        patterns=("*.px",),
        description="PC-Axis files from Statistikkbanken and other PxWeb sites (PxWebApi 2 "
        "outputFormat=px), read by integreringslov._io.pcaxis: codes, labels and symbols.",
        examples=(_DATA / "example_tab4_fewcells.px",),
    )
    register(
        name=XLSX_IMPORTER,
        title=N_("SSB StatBank .xlsx download"),
        publisher=PUBLISHER,
        table=SsbTable,
        patterns=("*.xlsx",),
        description="The workbook PxWeb writes (title, heading rows above an empty corner, "
        "stub values once per block, data, notes), read like the CSV download.",
        examples=(_DATA / "example_statbank.xlsx",),
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
    """Claim JSON-stat files, StatBank/PxWeb CSV downloads and workbooks, by content.

    CSV claims, most certain first: a StatBank title line (``"11616: …"``, 0.9); a header
    whose last column is the table id, ``"<id>: <title>"`` or the table's title listing the
    other columns (PxWebApi ``csv2``/``csv3`` and the ready-made datasets, 0.6); another
    PxWeb title line (Statistics Finland's ``"128c -- …"``) or a header naming SSB
    dimensions above quoted stub cells and unquoted values (0.5). All beat the generic CSV
    claim of the spreadsheet importer (0.2–0.3). Workbooks: see ``_detect_workbook``.
    A KLASS classification file (JSON or CSV) is claimed too, so that its reader can say
    what it is and how to use it instead of reading it as a table.
    """
    head = _head(source)
    suffix = source.suffix.lower()
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if suffix in (".xlsx", ".xlsm"):
        return _detect_workbook(source)
    if stripped.startswith(b"{"):
        if b'"dimension"' in head:
            return Detection(
                importer=JSONSTAT_IMPORTER,
                confidence=0.9,
                reason=tr("JSON-stat dimension"),
            )
        if klass_head(head):
            return Detection(
                importer=JSONSTAT_IMPORTER,
                confidence=0.5,
                reason=tr("a KLASS classification file (its reader says how to use it)"),
            )
        if b'"value"' in head or suffix == ".json":
            return Detection(
                importer=JSONSTAT_IMPORTER,
                confidence=0.3,
                reason=tr("JSON object"),
            )
        return _declined(
            JSONSTAT_IMPORTER,
            tr("a JSON object with no 'dimension' or 'value'"),
        )
    if re.match(rb"\s*(CHARSET|AXIS-VERSION|CODEPAGE|LANGUAGE|MATRIX)\s*=", stripped) or (
        re.search(rb"(?m)^(STUB|HEADING)\s*=", head) and re.search(rb"(?m)^VALUES\(", head)
    ):
        return Detection(
            importer=PX_IMPORTER,
            confidence=0.9,
            reason=tr("PC-Axis keywords"),
        )
    return _detect_csv(decode_head(head))


def _detect_csv(text: str) -> Detection:
    """The CSV claims of :func:`detect_source`, on the decoded head of the file."""
    lines = text.splitlines()[: _csv.SAMPLE_LINES]
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return _declined(CSV_IMPORTER, tr("the file has no text"))
    title = _csv.find_title(lines, first)
    if title is not None:
        if _csv.title_table_id(title)[0] is not None and ":" in title[:8]:
            return Detection(
                importer=CSV_IMPORTER,
                confidence=0.9,
                reason=tr("StatBank title line"),
            )
        return Detection(
            importer=CSV_IMPORTER,
            confidence=0.5,
            reason=tr("PxWeb title line"),
        )
    header_line = lines[first]
    delimiter = sniff_delimiter(lines[first : first + 5], candidates=(";", "\t", ","))
    quote = _csv.quote_char(header_line, delimiter)
    try:
        header = next(csv.reader([header_line], delimiter=delimiter, quotechar=quote))
    except (csv.Error, StopIteration):
        return _declined(
            CSV_IMPORTER, tr("the first line is not CSV")
        )
    if len(header) < 2:
        return _declined(
            CSV_IMPORTER,
            tr("the first line has one column: no PxWeb title or header"),
        )
    if klass_csv(header) is not None:
        return Detection(
            importer=CSV_IMPORTER,
            confidence=0.9,
            reason=tr("a KLASS classification file (its reader says how to use it)"),
        )
    if _csv.names_table(header[-1]):
        return Detection(
            importer=CSV_IMPORTER,
            confidence=0.6,
            reason=tr("table id in header"),
        )
    if _csv.title_names_columns(header):
        return Detection(
            importer=CSV_IMPORTER,
            confidence=0.6,
            reason=tr("the last column is the table's title, listing the other columns"),
        )
    named = [h for h in header[:-1] if h.strip().lower() in _csv.KNOWN_DIMENSION_IDS]
    data = next((line for line in lines[first + 1 :] if line.strip()), None)
    if named and data is not None:
        quoting = _csv.quoted_cells(data, delimiter, quote)
        if len(quoting) == len(header) and quoting[0] and not quoting[-1]:
            return Detection(
                importer=CSV_IMPORTER,
                confidence=0.5,
                reason=tr(
                    "StatBank CSV header ({join_named}) over quoted stub cells",
                    join_named=', '.join(named),
                ),
            )
    return _declined(
        CSV_IMPORTER,
        tr(
            "no PxWeb title line, no table id or title in the header, and no header naming SSB "
            "dimensions (region, år, tid, …) over quoted stub cells",
        ),
    )


def _declined(importer: str, why: str) -> Detection:
    """A refusal with its reason, which the host shows when no importer reads the file."""
    return Detection(importer=importer, confidence=0.0, reason=why)


def _detect_workbook(source: Path) -> Detection:
    """Claim a workbook PxWeb wrote, or a StatBank download changed since.

    0.9 when the first sheet has PxWeb's layout (a title in A1, heading rows above an empty
    corner) and the workbook says where it comes from (a StatBank title ``"05300: …"``, or
    StatBank's own writer, which leaves ``docProps/core.xml`` out); 0.7 with only one of
    them, or for PxWeb 2's own download (no title; the sheet named after the table, a
    heading above an empty corner); 0.65 for a StatBank download by its name and creation
    time whose layout is gone — its reader then says so, and which importer to try. All
    above the spreadsheet importer's 0.6 for any workbook.
    """
    look = look_at_workbook(source)
    origin = look.numbered_title or look.pxweb_package
    if look.layout and origin:
        return Detection(
            importer=XLSX_IMPORTER,
            confidence=0.9,
            reason=tr(
                "a StatBank workbook: its title or writer, and heading rows above an empty corner",
            ),
        )
    if origin:
        return Detection(
            importer=XLSX_IMPORTER,
            confidence=0.7,
            reason=tr("StatBank title in the workbook")
            if look.numbered_title
            else tr("written by StatBank's PxWeb"),
        )
    if look.matrix is not None and (look.layout or look.corner):
        return Detection(
            importer=XLSX_IMPORTER,
            confidence=0.7,
            reason=tr(
                "a PxWeb workbook: its sheet is named after table {look_matrix} and its heading "
                "stands above an empty corner",
                look_matrix=look.matrix,
            ),
        )
    if look.download is not None:
        return Detection(
            importer=XLSX_IMPORTER,
            confidence=0.65,
            reason=tr(
                "a StatBank download of table {look_download_table} by its name and creation time",
                look_download_table=look.download.table,
            ),
        )
    return _declined(
        XLSX_IMPORTER,
        tr(
            "no StatBank title («NNNNN: …») or StatBank writer in the workbook, and its name is "
            "not a StatBank download's",
        ),
    )


# -- reading -------------------------------------------------------------------------------


@hookimpl
def read_source(
    source: Path, importer: str, options: Mapping[str, Any]
) -> pd.DataFrame | SourceTable | None:
    """Read ``source`` when ``importer`` is one of this plugin's."""
    labels = bool(options.get("labels", True))
    limits = options.get("limits", DEFAULT_LIMITS)
    if not isinstance(limits, Limits):
        raise PluginError(f"limits= must be an integreringslov.plugins.Limits, not {limits!r}")
    if importer == JSONSTAT_IMPORTER:
        found = load_jsonstat(source, labels=labels, dataset=options.get("dataset"), limits=limits)
        return SourceTable(table=found.table, notes=found.notes)
    if importer == PX_IMPORTER:
        return read_px(source, labels=labels, limits=limits)
    if importer == CSV_IMPORTER:
        read = _csv.read_statbank_csv(
            source, labels=labels, encoding=options.get("encoding"), limits=limits
        )
        return SourceTable(table=read.table, notes=read.notes)
    if importer == XLSX_IMPORTER:
        read = read_statbank_xlsx(source, labels=labels, limits=limits)
        return SourceTable(table=read.table, notes=read.notes)
    return None


def read_csv(
    source: str | Path,
    *,
    labels: bool = True,
    encoding: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> pd.DataFrame:
    """Read a StatBank or PxWeb CSV download into the long table (*statistikkbanktabell*).

    The table follows :class:`~integreringslov.tables.statistics.SsbTable`.

    The layouts read are listed in the module documentation and in the SSB formats
    reference page. What the reader decided (which columns are dimensions, the decimal
    mark, the meaning of the heading columns) is reported as notes when the file is read
    through :func:`integreringslov.read`.

    :param source: The CSV file.
    :param labels: Add ``<column>_label`` columns (the names of ``"code name"`` stub cells,
        or the text itself where a dimension has no separate code).
    :param encoding: Force an encoding; by default UTF-8 (BOM or not), then Windows-1252
        (``integreringslov._io.text.decode_text``; bytes that are neither are refused
        rather than read as ISO-8859-1 control characters).
    :param limits: The input size, row, column and cell-length limits.
    :raises SourceError: When the file is empty, binary, not decodable, doubly encoded,
        ragged, over a limit, or holds a cell that is neither a number nor a symbol.
    """
    return _csv.read_statbank_csv(source, labels=labels, encoding=encoding, limits=limits).table
