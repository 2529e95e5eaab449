"""The StatBank ``.xlsx`` download behind the ``ssb-xlsx`` importer (see :mod:`.ssb`).

PxWeb writes a workbook (PxTools/PCAxis.Serializers ``Xlsx2Serializer``) as: an optional
title in A1 followed by an empty row; one row per heading variable, whose values start right
of the stub columns and are written once per block; the stub values, written once per block
(the cells below stay empty); the data cells, numbers or symbol texts; an empty row and the
notes and table information. This module turns that sheet into the rows of a PxWeb CSV
download and reads them through the same path (:func:`._ssb_csv.grid_table`), so both
decide ambiguity the same way and say so in the notes.

The workbook is opened with openpyxl (pure Python: a hostile file cannot abort the process
in native code) only after :func:`.xlsx.check_workbook` has checked its zip directory and
XML claims against the limits, as for every workbook the library reads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from integreringslov._io.limits import Limits, check
from integreringslov._text.i18n import say
from integreringslov._text.privacy import redact
from integreringslov.errors import MissingExtraError, SourceError
from integreringslov_importers._ssb_csv import (
    SYMBOLS,
    CsvRead,
    grid_table,
    title_dimensions,
    title_table_id,
)
from integreringslov_importers.xlsx import check_workbook


def _rows(path: Path, name: str, limits: Limits) -> tuple[str, list[list[Any]]]:
    try:
        import openpyxl
    except ImportError:
        raise MissingExtraError("excel", "openpyxl", "Reading StatBank .xlsx downloads") from None
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a corrupt workbook
        kind = type(exc).__name__
        raise SourceError(
            name,
            say(
                en=f"not a readable .xlsx workbook: {kind}",
                nb=f"ikke en lesbar .xlsx-arbeidsbok: {kind}",
            ),
        ) from None
    try:
        visible = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
        if not visible:
            raise SourceError(
                name,
                say(
                    en="the workbook has no visible sheet",
                    nb="arbeidsboken har ikke noe synlig ark",
                ),
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


def _is_value(cell: Any) -> bool:
    if isinstance(cell, bool):
        return False
    return isinstance(cell, int | float) or (isinstance(cell, str) and cell.strip() in SYMBOLS)


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def read_statbank_xlsx(source: str | Path, *, labels: bool, limits: Limits) -> CsvRead:
    """Read a StatBank / PxWeb ``.xlsx`` download into the long table."""
    path = Path(source)
    name = str(path)
    check_workbook(path, limits)  # the zip directory and the XML claims, before openpyxl
    sheet, rows = _rows(path, name, limits)
    filled = [i for i, r in enumerate(rows) if any(_text(c) for c in r)]
    if not filled:
        raise SourceError(name, say(en="the sheet is empty", nb="arket er tomt"), sheet=sheet)
    notes: list[str] = []
    start = filled[0]
    title: str | None = None
    first = rows[start]
    if (
        len([c for c in first if _text(c)]) == 1
        and isinstance(first[0], str)
        and (start + 1 >= len(rows) or not any(_text(c) for c in rows[start + 1]))
    ):
        title = first[0].strip()
        shown = redact(title)[:200]
        notes.append(
            say(
                en=f"sheet {sheet!r}, row {start + 1} is the table's title: {shown!r}",
                nb=f"ark {sheet!r}, rad {start + 1} er tabellens tittel: {shown!r}",
            )
        )
        start = next((i for i in filled if i > start), len(rows))
    data_at = next((i for i in range(start, len(rows)) if any(_is_value(c) for c in rows[i])), None)
    if data_at is None or data_at == start:
        raise SourceError(
            name,
            say(
                en="no heading rows above numbers: not a StatBank table",
                nb="ingen hoderader over tallene: ikke en tabell fra Statistikkbanken",
            ),
            sheet=sheet,
            row=start + 1,
        )
    n_stub = next(j for j, c in enumerate(rows[data_at]) if _is_value(c))
    if n_stub == 0:
        raise SourceError(
            name,
            say(
                en="the first data row has no stub cells",
                nb="den første dataraden har ingen forspalteceller",
            ),
            sheet=sheet,
            row=data_at + 1,
        )
    end = next(
        (i for i in range(data_at, len(rows)) if not any(_text(c) for c in rows[i])), len(rows)
    )
    heading_rows = rows[start:data_at]
    width = max(len(r) for r in rows[start:end])
    parts: list[list[str]] = [[] for _ in range(width - n_stub)]
    for hrow in heading_rows:
        current = ""
        for j in range(n_stub, width):
            text = _text(hrow[j]) if j < len(hrow) else ""
            current = text or current
            if current:
                parts[j - n_stub].append(current)
    heading = [" ".join(p) for p in parts]
    last = heading_rows[-1]
    names = [_text(last[j]) if j < len(last) else "" for j in range(n_stub)]
    if not all(names):
        dims = title_dimensions(title_table_id(title)[1]) if title else []
        if len(dims) == n_stub + len(heading_rows):
            names = dims[:n_stub]
            listed = ", ".join(names)
            notes.append(
                say(
                    en=f"the stub columns are named after the title's first {n_stub} "
                    f"dimensions: {listed}",
                    nb=f"forspaltekolonnene har navn etter tittelens {n_stub} første "
                    f"dimensjoner: {listed}",
                )
            )
        else:
            names = [f"stub {j + 1}" for j in range(n_stub)]
            listed = ", ".join(names)
            notes.append(
                say(
                    en="the sheet does not name its stub columns and the title does not list "
                    f"them; they are called {listed}",
                    nb="arket navngir ikke forspaltekolonnene, og tittelen lister dem ikke; de "
                    f"kalles {listed}",
                )
            )
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
    if filled_down:
        notes.append(
            say(
                en=f"{filled_down} empty stub cells are read as the value above them "
                "(PxWeb writes a stub value once per block)",
                nb=f"{filled_down} tomme forspalteceller leses som verdien over dem "
                "(PxWeb skriver en forspalteverdi én gang per blokk)",
            )
        )
    if end < len(rows) and any(any(_text(c) for c in r) for r in rows[end:]):
        notes.append(
            say(
                en=f"rows {end + 2} and below are notes and table information, not data",
                nb=f"rad {end + 2} og nedover er merknader og tabellinformasjon, ikke data",
            )
        )
    return grid_table(
        name,
        names + heading,
        body,
        list(range(data_at + 1, end + 1)),
        quoting=quoting,
        title=title,
        notes=notes,
        labels=labels,
        header_row=data_at,
        fmt="ssb-xlsx",
    )
