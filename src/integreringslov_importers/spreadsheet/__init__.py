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
  never read as empty — where it is data; in a row that is not data (a title, a sum row,
  a note) it is a note;
* Excel date cells, Excel serial numbers in date columns, and text dates (``dd.mm.yyyy``,
  ISO); Norwegian booleans (``ja/nei``, ``j/n``, ``x``/empty, ...); decimal commas;
* a ``Fødselsnummer`` column: turned into ``birth_date`` (where that is empty) and dropped.
  The number never reaches the output, the report or an error message.

Nothing is lost without a word. Empty rows, and sum rows *on evidence* (the label
``Sum``, ``Totalt``, ``I alt``, … and every other cell empty or equal to its column's
sum), and source and footnote lines below the data («Kilde: SSB, IMDi», «* foreløpige
tall»: one text cell, with nothing but such lines and empty rows below it), are left out
and named in the report's notes; a person whose id is ``Sum`` or ``I alt 3`` is data, and
so is a note-like line with data below it. A cell longer than
:attr:`~integreringslov.plugins.Limits.max_field_chars` and a CSV row with another
number of cells than the header are problems for their row. A table with a header and
only empty rows is refused.

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
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from integreringslov._io.limits import Limits
from integreringslov._io.text import decode_head, sniff_delimiter
from integreringslov._text.i18n import N_, tr
from integreringslov.plugins import Detection, RegisterImporter, SourceTable, hookimpl
from integreringslov.tables.municipalities import MunicipalityCriteria
from integreringslov_importers.spreadsheet._header import _find_header
from integreringslov_importers.spreadsheet._mapping import SheetMapping, load_mapping
from integreringslov_importers.spreadsheet._sheet import (
    SpreadsheetRead,
    _person_schema,
    read_spreadsheet,
)
from integreringslov_importers.spreadsheet._vocabulary import (
    _PERSON_COLUMNS,
    HEADER_SEARCH_ROWS,
    IMPORTER,
    MUNICIPALITIES_IMPORTER,
    MUNICIPALITY_HEADERS,
    column_for_header,
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


_DATA = Path(__file__).parent.parent / "data" / "spreadsheet"
"""Tiny example sheets with invented people and figures (for the conformance checks);
``tools/make_spreadsheet_examples.py`` writes them."""


@hookimpl
def register_importers(register: RegisterImporter) -> None:
    """Declare ``spreadsheet`` (person table) and ``spreadsheet-municipalities``."""
    register(
        name=IMPORTER,
        title=N_("Municipal spreadsheet (.xlsx, .csv) → person table"),
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
        title=N_("Municipal spreadsheet (.xlsx, .csv) → municipality criteria table"),
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
            reason=tr("Excel workbook"),
        )
    if suffix == ".csv":
        kind = _csv_kind(source)
        if kind == "municipalities":
            return Detection(
                importer=MUNICIPALITIES_IMPORTER,
                confidence=0.3,
                reason=tr("CSV file with municipality headers"),
            )
        if kind == "persons":
            return Detection(
                importer=IMPORTER,
                confidence=0.3,
                reason=tr("CSV file with person headers"),
            )
        return Detection(importer=IMPORTER, confidence=0.2, reason=tr("CSV file"))
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
