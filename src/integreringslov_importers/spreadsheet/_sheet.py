"""One sheet read into the person or municipality table, with every problem and note."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pandas as pd

from integreringslov._io.limits import DEFAULT_LIMITS, Limits
from integreringslov._text.i18n import tr, trn
from integreringslov._text.privacy import redact_all
from integreringslov.errors import Problem, SourceError
from integreringslov.tables import Table
from integreringslov.tables import _coerce as coerce
from integreringslov.tables._fodselsnummer import birth_dates, shaped
from integreringslov.tables._rows import parse_column
from integreringslov.tables.persons import (
    FODSELSNUMMER,
    PERSON_COLUMNS,
    Kind,
    PersonTable,
)
from integreringslov_importers.spreadsheet._cells import _parse, _person_cells, _typed
from integreringslov_importers.spreadsheet._grids import _Grid, _read_csv, _xlsx_grids
from integreringslov_importers.spreadsheet._header import _closest, _fill_merged, _find_header
from integreringslov_importers.spreadsheet._mapping import SheetMapping, load_mapping
from integreringslov_importers.spreadsheet._vocabulary import (
    _BIRTH_DATE,
    _CARRIED,
    _EMPTY_CELLS,
    _FNR,
    _ID,
    _NOTE_ROW,
    _PERSON_COLUMNS,
    _SUM_ROW,
    _SYNONYMS,
    HEADER_SEARCH_ROWS,
    _slug,
)
from integreringslov_importers.xlsx import (
    column_number,
)


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
                    message=trn(
                        "the row has {n} cell; the header row has {width} (a delimiter too many "
                        "or too few?)",
                        "the row has {n} cells; the header row has {width} (a delimiter too many "
                        "or too few?)",
                        len(row),
                        width=width,
                    ),
                    row=number,
                    expected=tr("{width} cells, as in the header", width=width),
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
                    message=tr(
                        "the cell has {lengths_r} characters; the limit is {limit} (raise "
                        "Limits.max_field_chars to read it)",
                        lengths_r=lengths[r],
                        limit=limit,
                    ),
                    row=int(r),
                    column=headers[pos] if pos < len(headers) and headers[pos] else None,
                    check="max_field_chars",
                    **where,
                )
            )
    return out


def _cell_issues(
    grid: _Grid,
    h: int,
    found: Mapping[str, int],
    headers: list[str],
    where: Mapping[str, Any],
    left_out: Iterable[int] = (),
) -> tuple[list[Problem], list[str]]:
    """Formula cells without a value and error cells, never read as empty.

    Problems where they are data; notes where they are not (title rows, unused columns,
    and the rows ``left_out`` as not data: sum rows, notes below the table).
    """
    skipped = set(left_out)
    problems: list[Problem] = []
    notes: list[str] = []
    used = set(found.values())
    for issue in grid.issues:
        m = re.fullmatch(r"([A-Za-z]+)([0-9]+)", issue.ref)
        row, col = (int(m.group(2)), column_number(m.group(1)) - 1) if m else (0, -1)
        if row > h + 1 and col in used and row not in skipped:
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
                + tr(" (not a cell that is read)")
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


MAPPING_PAGE = (
    "https://integreringslov.readthedocs.io/en/latest/reference/tables.html"
    "#the-spreadsheet-mapping-toml"
)
"""The documentation of column mappings (``docs/reference/tables.md``), named in messages."""


def _note_rows(body: pd.DataFrame, is_blank: pd.DataFrame, empty_rows: pd.Series) -> pd.Series:
    """Source and footnote lines below the data («Kilde: SSB, IMDi», «* foreløpige tall»).

    On evidence: from the bottom of the sheet up, each row whose one non-empty cell is a
    text starting like a note (:data:`_NOTE_ROW`), up to the first row that is not — so a
    note line above the last data row is data, and is checked as such.
    """
    notes = pd.Series(False, index=body.index)
    filled = (~is_blank).sum(axis=1)
    for r in reversed(body.index):
        if empty_rows[r]:
            continue
        if filled[r] != 1:
            break
        cell = body.loc[r, is_blank.columns[~is_blank.loc[r]][0]]
        if not (isinstance(cell, str) and _NOTE_ROW.match(cell)):
            break
        notes[r] = True
    return notes


def _check_required(
    kind: str, found: Mapping[str, int], headers: list[str], src: str, where: dict[str, Any]
) -> None:
    """Refuse a sheet without the table's required columns — before any cell is read."""
    if kind == "persons":
        missing = [c for c in _required(_person_schema()) if c not in found]
        if _BIRTH_DATE in missing and _FNR in found:
            missing.remove(_BIRTH_DATE)
        table = tr("person table")
    else:
        missing = [] if "municipality" in found else ["municipality"]
        table = tr("municipality table")
    if not missing:
        return
    if kind == "persons" and _ID in missing and _FNR in found:
        # never suggest the fødselsnummer as the id: name what is needed, and where to read
        missing.remove(_ID)
        headers = [h for j, h in enumerate(headers) if j != found[_FNR]]
        first = tr(
            "no person_id column: the sheet has a fødselsnummer but no id. The person table needs "
            "a pseudonymous person_id (a case or serial number — never the fødselsnummer, which "
            "is only read for the birth date and then dropped): add such a column, or map yours "
            "with [columns] person_id = \"…\" (see {MAPPING_PAGE})",
            MAPPING_PAGE=MAPPING_PAGE,
        )
        if not missing:
            raise SourceError(src, first, **where)
    else:
        first = ""
    listed = ", ".join(repr(m) for m in missing)
    closest = ", ".join(
        repr(c) for c in _closest([s for m in missing for s in (m, *_SYNONYMS.get(m, ()))], headers)
    )
    rest = trn(
        "missing column {listed} of the {table}; closest headers found: {closest} (map it "
        "with [columns] in a mapping)",
        "missing columns {listed} of the {table}; closest headers found: {closest} (map them "
        "with [columns] in a mapping)",
        len(missing),
        listed=listed,
        table=table,
        closest=closest,
    )
    raise SourceError(src, f"{first}; {rest}" if first else rest, **where)


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
            tr(
                "no header row found: none of the first {HEADER_SEARCH_ROWS} rows has a column "
                "this importer knows (give a mapping with [columns])",
                HEADER_SEARCH_ROWS=HEADER_SEARCH_ROWS,
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
            trn(
                "{n} title row above the header (row {row}) not read",
                "{n} title rows above the header (row {row}) not read",
                h,
                row=h + 1,
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
            trn(
                "the table has a header (row {row}) but no data: the row below it is empty",
                "the table has a header (row {row}) but no data: all {n} rows below it are empty",
                n_empty,
                row=h + 1,
            )
            if n_empty
            else tr("the table has a header (row {row}) but no data", row=h + 1),
            sheet=sheet,
        )
    sums = _sum_rows(body, is_blank, empty_rows)
    below = _note_rows(body, is_blank, empty_rows)
    for skipped, what in (
        (sums, tr("sum rows")),
        (below, tr("source and footnote lines below the table")),
    ):  # fmt: skip
        if skipped.any():
            listed = ", ".join(str(r) for r in body.index[skipped])
            notes.append(tr("{what} not read as data: rows {listed}", what=what, listed=listed))
    if n_empty:
        notes.append(
            trn("{n} empty row not read", "{n} empty rows not read", n_empty)
        )
    left_out = empty_rows | sums | below
    not_data = body.index[sums | below]  # sheet rows whose formulas are not data either
    if left_out.any():  # (a copy of the whole body otherwise)
        body = body[~left_out]
    long_cells = _too_long(body, limits.max_field_chars, headers, where)
    if long_cells:  # reported once, not parsed: the row is left out
        early += long_cells
        body = body.drop(index=[p.row for p in long_cells])
    issue_problems, issue_notes = _cell_issues(grid, h, found, headers, where, left_out=not_data)
    early += issue_problems
    notes += issue_notes

    problems: list[Problem] = early
    out: dict[str, pd.Series] = {}
    header_of = {k: headers[j] or k for k, j in found.items()}
    if kind == "persons":
        for canonical, j in found.items():
            column = _PERSON_COLUMNS.get(canonical) or _CARRIED.get(canonical)
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
                        message=tr(
                            "the person id looks like a fødselsnummer; use a pseudonymous id (the "
                            "number is not kept; see {MAPPING_PAGE})",
                            MAPPING_PAGE=MAPPING_PAGE,
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
                        message=tr("the person id occurs more than once"),
                        row=int(r),
                        column=header_of[_ID],
                        value=str(ids[r]),
                        expected=tr("a unique id per person"),
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
                        tr("column {text!r} is not numeric; not used as a criterion", text=text)
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
            tr("columns not used: {listed}", listed=listed)
        )
    if _FNR in found:
        notes.append(
            tr(
                "column {header_of_fnr!r} turned into birth dates and dropped",
                header_of_fnr=header_of[_FNR],
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
            tr("old .xls workbooks are not supported; save it as .xlsx"),
        )
    else:
        raise SourceError(
            src,
            tr("not a spreadsheet: expected .xlsx or .csv"),
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
                tr(
                    "sheet {grid_name!r} has no recognised header or no data; not read",
                    grid_name=grid.name,
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
            tr("sheet {grid_name!r}: ", grid_name=grid.name)
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
