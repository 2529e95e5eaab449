"""IMDi settlement statistics and IMDi's other wide CSV exports.

IMDi (Integrerings- og mangfoldsdirektoratet) publishes its statistics as CSV downloads
(``;``-separated, ISO-8859-1/cp1252; UTF-8 with or without BOM is accepted too; the
files are decoded by ``integreringslov._io.text.decode_text``, which refuses empty,
binary and doubly encoded files). Two layouts exist, and both are read:

* the **wide export**: one header row per dimension, ``Region;Navn;Bosetting: Anmodning
  om bosetting;...``, then ``;;Enhet: Personer;...`` and ``;;År: 2014;...``, and data rows
  such as ``K3801;Horten;5;5;20;...`` (``K`` + kommunenummer);
* the **long export**: ``Enhet;År;Kommunenummer;Kommune;Bosetting;Antall``, and the later
  variants where the category column is called ``Anmodning, vedtak og faktisk bosetting``
  or ``Kategori`` (any single column besides the known ones is taken as the category).

Two importers are declared:

``imdi``
    The settlement statistics (``bosatt_anmodede`` and ``enslige_mindrearige``) as the
    :class:`~integreringslov.tables.settlement_statistics.SettlementStatistics` table:
    ``Anmodning om bosetting`` → ``requested``, ``Opprinnelig anmodning`` →
    ``requested_original``, ``Vedtak om bosetting`` → ``decided``, ``Faktisk bosetting``
    → ``settled``; the unaccompanied-minors table (``Bosetting enslige mindreårige``) →
    ``population = "unaccompanied_minors"``.
``imdi-wide``
    Any other IMDi wide export (``befolkning_botid``, ``befolkning_innvandringsgrunn``,
    ...) in long form, one column per dimension
    (:class:`~integreringslov.tables.settlement_statistics.ImdiWideTable`).

Decisions, so that nothing is dropped silently (each is counted in the import report):

* ``Enhet: Prosent`` figures are left out of the settlement table: they are the figure
  divided by the request and can be recomputed; mixing them in would double the rows.
* ``Faktisk bosetting (sammenslått for tidligere fylker)`` is left out: it restates
  settled persons aggregated over former counties' areas, so adding it as ``settled``
  would count the same persons twice, and the contract's measures have no place for it.
  Read the file with ``imdi-wide`` to get it.
* Cells with neither a figure nor a symbol (IMDi leaves them blank, e.g. before a
  municipality existed) are left out: they carry no information.
* ``.`` and ``:`` are kept as ``status`` with a null count; never read as zero.
* Municipality numbers are kept as published (``9999`` = uoppgitt kommune, historical
  numbers such as ``1601``); resolve them with :func:`integreringslov.regions.resolve`.
* A cell that is not a whole number or a symbol, or a category the importer does not
  know, is reported with its line and column and left out of the valid table.

The index of every table returned is the line number in the file, so problems point at it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pandas as pd

from integreringslov._io.limits import DEFAULT_LIMITS, Limits, check, read_file
from integreringslov._io.text import (
    arrow_text_table,
    decode_head,
    decode_text,
    sniff_delimiter,
    split_rows,
)
from integreringslov._text.i18n import N_, tr, trn
from integreringslov.errors import Problem, SourceError
from integreringslov.plugins import Detection, RegisterImporter, SourceTable, hookimpl
from integreringslov.tables import _coerce as coerce
from integreringslov.tables.settlement_statistics import (
    POPULATIONS,
    ImdiWideTable,
    SettlementStatistics,
)

__all__ = [
    "IMPORTER",
    "TABLE_COLUMNS",
    "WIDE_IMPORTER",
    "ImdiRead",
    "detect_source",
    "looks_like",
    "read_settlement",
    "read_source",
    "read_wide_table",
    "register_importers",
]

IMPORTER = "imdi"
"""Name of the settlement-statistics importer."""
WIDE_IMPORTER = "imdi-wide"
"""Name of the generic IMDi wide-table importer."""

SYMBOLS = frozenset({".", ":"})
"""IMDi's symbols for a figure that is not given."""

MEASURES: dict[str, str | None] = {
    "anmodning om bosetting": "requested",
    "anmodning": "requested",
    "opprinnelig anmodning": "requested_original",
    "vedtak om bosetting": "decided",
    "vedtak": "decided",
    "faktisk bosetting": "settled",
    "bosatt": "settled",
    "faktisk bosetting (sammenslått for tidligere fylker)": None,
}
"""IMDi category (lower case) → measure; ``None`` = known but deliberately left out."""

TABLE_COLUMNS = ("year", "municipality", "population", "measure", "persons", "status")
"""The columns of :class:`SettlementStatistics`, in order: a file with exactly this header
is the library's own output, read back as it is."""

YEARS = (1900, 2100)
"""The years an IMDi figure may be for (inclusive); anything else is a problem, not a guess."""
_LONG_KNOWN = {
    "enhet": "unit",
    "år": "year",
    "aar": "year",
    "kommunenummer": "municipality",
    "kommunenr": "municipality",
    "kommunenr.": "municipality",
    "kommune": "name",
    "kommunenavn": "name",
    "antall": "value",
    "verdi": "value",
}
_MINORS = re.compile(r"enslige\s+mindre", re.IGNORECASE)


@attrs.frozen(kw_only=True)
class ImdiRead:
    """What an IMDi read produced: the table, the problems found, and what was left out."""

    table: pd.DataFrame
    """The rows read (index: line in the file); invalid cells are not in it."""
    problems: tuple[Problem, ...] = ()
    """Cells that could not be read, with line, column and value."""
    skipped: tuple[str, ...] = ()
    """What was deliberately left out, in words (e.g. percentage figures)."""


# --------------------------------------------------------------------------- decoding


def _read_bytes(source: Any, limits: Limits) -> tuple[bytes, str]:
    if isinstance(source, bytes | bytearray):
        data, name = bytes(source), "<bytes>"
    elif hasattr(source, "read"):
        raw = source.read(limits.max_input_bytes + 1)
        name = str(getattr(source, "name", "<stream>"))
        data = raw.encode("utf-8") if isinstance(raw, str) else bytes(raw)
    else:
        name = os.fspath(source)
        return read_file(name, limits.max_input_bytes, name="max_input_bytes"), name
    check(name, "bytes", len(data), limits.max_input_bytes, name="max_input_bytes")
    return data, name


def _norm(text: object) -> str:
    return " ".join(str(text).split()).lower()


def _per_unique(series: pd.Series, func: Any) -> pd.Series:
    """Apply ``func`` (Series → Series) to the distinct values only, then spread back.

    IMDi files repeat a few dozen categories, codes and years over thousands of rows.
    """
    codes, uniques = pd.factorize(series, use_na_sentinel=False)
    mapped = func(pd.Series(uniques, dtype=object))
    return pd.Series(np.asarray(mapped, dtype=object)[codes], index=series.index)


def looks_like(head: str) -> str | None:
    """Which IMDi layout the start of a decoded file has.

    Returns ``"settlement-wide"``, ``"wide"`` (another IMDi wide table),
    ``"settlement-long"``, ``"table"`` (the library's own settlement table, as
    ``integreringslov import -o out.csv`` writes it) or ``None``.
    """
    first = head.lstrip("\ufeff").splitlines()[0] if head.strip() else ""
    cells = [_norm(c).strip('"') for c in first.split(sniff_delimiter(first))]
    if cells == list(TABLE_COLUMNS):
        return "table"
    if len(cells) >= 3 and cells[0] == "region" and cells[1] == "navn" and ":" in first:
        return "settlement-wide" if cells[2].startswith("bosetting") else "wide"
    names = {_LONG_KNOWN.get(c) for c in cells}
    if {"year", "municipality", "value"} <= names:
        return "settlement-long"
    return None


# --------------------------------------------------------------------------- wide layout


def _read_grid(text: str, source: str, limits: Limits) -> pd.DataFrame:
    """The file's cells, index = line; refused when ragged or a cell is over the limit.

    IMDi's exports are rectangular: a line with another number of cells than the first
    is a damaged file, not a row to guess about.
    """
    first = text.split("\n", 1)[0]
    delimiter = sniff_delimiter(first)
    grid = _arrow_grid(text, first, delimiter, limits)
    if grid is not None:
        return grid
    rows = split_rows(text, source=source, delimiter=delimiter, limits=limits)
    width = len(rows[0]) if rows else 0
    for line, row in enumerate(rows, start=1):
        if row and len(row) != width:
            raise SourceError(
                source,
                trn(
                    "line {line} has {n} cell; the header line has {width} (an IMDi export is "
                    "rectangular: a damaged file?)",
                    "line {line} has {n} cells; the header line has {width} (an IMDi export is "
                    "rectangular: a damaged file?)",
                    len(row),
                    line=line,
                    width=width,
                ),
                row=line,
            )
        longest = max(map(len, row), default=0)
        if longest > limits.max_field_chars:
            column = next(j for j, cell in enumerate(row, start=1) if len(cell) == longest)
            check(
                source,
                "characters in one cell",
                longest,
                limits.max_field_chars,
                name="max_field_chars",
                row=line,
                column=str(column),
            )
    check(source, "cells", len(rows) * width, limits.max_cells, name="max_cells")
    grid = pd.DataFrame([r or [""] * width for r in rows], dtype=str)
    grid.index = pd.RangeIndex(1, len(grid) + 1)  # line numbers
    return grid


def _arrow_grid(text: str, first: str, delimiter: str, limits: Limits) -> pd.DataFrame | None:
    """The grid of :func:`_read_grid`, read by Arrow, where that gives the same cells.

    ``first`` is the text's first line, as the caller split it off. Only a plain file: no
    quote, no empty line, no carriage return but in CRLF, no byte-order mark (Python's csv
    module and Arrow agree on such a file, line for line). A file that is not plain, that
    Arrow will not read (a ragged line, say) or that breaks a limit is left to the Python
    reader (``None``), which says what is wrong in its words. A million lines: a second
    instead of ten.
    """
    plain = (
        '"' not in text
        and "\n\n" not in text
        and "\r\n\r\n" not in text
        and not text.startswith(("\n", "\r", "\ufeff"))
        and text.count("\r") == text.count("\r\n")
    )
    width = first.rstrip("\r").count(delimiter) + 1
    if not plain or width > limits.max_columns:
        return None
    try:
        import pyarrow.compute as pc
    except ImportError:  # the install without pyarrow reads with Python's csv module
        return None
    table = arrow_text_table(
        text.encode("utf-8"), [str(j) for j in range(width)], delimiter=delimiter
    )
    if table is None or table.num_rows == 0 or table.num_rows > limits.max_rows:
        return None
    if table.num_rows * width > limits.max_cells:
        return None
    longest = max((pc.max(pc.utf8_length(c)).as_py() or 0) for c in table.columns)
    if longest > limits.max_field_chars:
        return None
    grid: pd.DataFrame = table.to_pandas().astype(str)
    grid.columns = pd.RangeIndex(width)
    grid.index = pd.RangeIndex(1, len(grid) + 1)  # line numbers
    return grid


@attrs.frozen
class _Wide:
    cells: pd.DataFrame  # line (index), region, region_name, <dims...>, raw
    dimensions: tuple[str, ...]
    columns: np.ndarray  # header text of each value column, for problems


def _parse_wide(text: str, source: str, limits: Limits) -> _Wide:
    grid = _read_grid(text, source, limits)
    if grid.shape[1] < 3 or _norm(grid.iat[0, 0]) != "region":
        raise SourceError(
            source,
            tr("not an IMDi wide export: the first line must start with 'Region;Navn;'"),
            row=1,
        )
    first_col = grid.iloc[:, 0].str.strip()
    n_header = 1
    while n_header < len(grid) and first_col.iat[n_header] == "":
        if not grid.iloc[n_header, 2:].str.contains(":", regex=False).any():
            break
        n_header += 1
    header = grid.iloc[:n_header, 2:]
    dims: list[str] = []
    labels: list[np.ndarray] = []
    for i in range(n_header):
        row = header.iloc[i].str.strip()
        parts = row.str.split(":", n=1, expand=True)
        bad = np.ones(len(row), dtype=bool) if parts.shape[1] < 2 else parts[1].isna().to_numpy()
        if bad.any():
            pos = int(np.flatnonzero(bad)[0])
            raise SourceError(
                source,
                tr("a header cell of an IMDi wide export must read 'Dimension: value'"),
                row=i + 1,
                column=str(pos + 3),
                value=str(row.iat[pos]),
            )
        names = parts[0].str.strip().unique()
        if len(names) != 1:
            raise SourceError(
                source,
                tr("each header row of an IMDi wide export must hold one dimension; found ")
                + ", ".join(repr(n) for n in names),
                row=i + 1,
            )
        dims.append(str(names[0]))
        labels.append(parts[1].str.strip().to_numpy(dtype=object))
    body = grid.iloc[n_header:]
    body = body[(body != "").any(axis=1)]
    n_rows, n_cols = len(body), header.shape[1]
    values = body.iloc[:, 2:].to_numpy(dtype=object)
    cells: dict[str, Any] = {
        "region": np.repeat(body.iloc[:, 0].str.strip().to_numpy(dtype=object), n_cols),
        "region_name": np.repeat(body.iloc[:, 1].str.strip().to_numpy(dtype=object), n_cols),
    }
    for dim, lab in zip(dims, labels, strict=True):
        cells[dim] = np.tile(lab, n_rows)
    cells["raw"] = values.ravel()
    cells["column"] = np.tile(np.arange(3, n_cols + 3), n_rows)
    frame = pd.DataFrame(cells, index=np.repeat(body.index.to_numpy(), n_cols))
    columns = np.array([" | ".join(str(lab[j]) for lab in labels) for j in range(n_cols)])
    return _Wide(cells=frame, dimensions=tuple(dims), columns=columns)


def _find_dim(dims: Iterable[str], *candidates: str) -> str | None:
    for d in dims:
        if _norm(d) in candidates:
            return d
    return None


# --------------------------------------------------------------------------- values


def _split_values(
    raw: pd.Series, *, integer: bool
) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """Split raw cells into (number, status, empty mask, invalid mask)."""
    text = raw.astype(str).str.strip()
    empty = text == ""
    symbol = text.isin(SYMBOLS)
    number = pd.to_numeric(text.where(~(empty | symbol), None), errors="coerce")
    number = number.astype("float64")
    number = number.where(np.isfinite(number))  # 'Infinity', '1e999': not a figure
    invalid = ~(empty | symbol) & number.isna()
    if integer:
        not_count = number.notna() & ~_whole(number)
        invalid = invalid | not_count
        number = number.where(~not_count)
    status = text.where(symbol, "")
    return number, status, empty, invalid


def _cell_problems(
    frame: pd.DataFrame,
    mask: pd.Series,
    *,
    source: str,
    column: pd.Series | str,
    message: str,
    expected: str,
    check: str,
) -> list[Problem]:
    out: list[Problem] = []
    positions = np.flatnonzero(mask.to_numpy(dtype=bool))
    raw = frame["raw"].to_numpy(dtype=object)
    for pos in positions[:1000]:
        col = column if isinstance(column, str) else str(column.iat[pos])
        out.append(
            Problem(
                message=message,
                source=source,
                row=int(frame.index[pos]),
                column=col,
                value=str(raw[pos]),
                expected=expected,
                check=check,
            )
        )
    if len(positions) > 1000:
        out.append(
            Problem(
                message=tr(
                    "{len_positions_1000} more cells like these were not read",
                    len_positions_1000=len(positions) - 1000,
                ),
                source=source,
                check=check,
            )
        )
    return out


def _whole(number: pd.Series) -> pd.Series:
    """Where a float is a count: whole, not negative, exact (below 2**53)."""
    exact = (number >= 0) & (number < coerce.EXACT_WHOLE)
    return exact.astype(bool) & coerce.is_whole(number)


def _years(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The years of ``raw`` as floats, and the mask of the cells that are not a year.

    A year is a whole number within :data:`YEARS`; ``Infinity``, ``1e30``, ``-5`` and
    ``2022.5`` are problems for their cell.
    """
    year = _per_unique(
        raw, lambda y: pd.to_numeric(y.astype(str).str.strip(), errors="coerce")
    ).astype("float64")
    ok = (year >= YEARS[0]) & (year <= YEARS[1]) & coerce.is_whole(year)
    return year.where(ok), ~ok.astype(bool)


def _year_problems(
    frame: pd.DataFrame,
    raw: pd.Series,
    mask: pd.Series,
    *,
    source: str,
    column: pd.Series | str,
) -> list[Problem]:
    """A problem for each cell of ``raw`` under ``mask`` (a year that cannot be read)."""
    if not mask.any():
        return []
    return _cell_problems(
        frame.assign(raw=raw),
        mask,
        source=source,
        column=column,
        message=tr("cannot read the year"),
        expected=tr(
            "a year such as 2022 (from {years_0} to {years_1})",
            years_0=YEARS[0],
            years_1=YEARS[1],
        ),
        check="imdi_year",
    )


# --------------------------------------------------------------------------- settlement


def _population(dimension: str, explicit: str | None) -> str:
    if explicit is not None:
        return explicit
    return "unaccompanied_minors" if _MINORS.search(dimension) else "all"


def _settlement_frame(
    cells: pd.DataFrame,
    *,
    source: str,
    category_label: str,
    population: str,
    column: pd.Series | str,
    value_column: pd.Series | str,
) -> ImdiRead:
    """Common tail of both layouts: ``cells`` has unit, year, municipality, category, raw."""
    problems: list[Problem] = []
    skipped: list[str] = []
    unit = _per_unique(cells["unit"], lambda u: u.astype(str).str.strip().str.lower())
    personer = unit.isin(["personer", "antall", "antall personer", ""]).astype(bool)
    n_pct = int((~personer).sum())
    if n_pct:
        other = ", ".join(sorted(map(str, cells.loc[~personer.to_numpy(), "unit"].unique())))
        skipped.append(
            tr(
                "{n_pct} figures in units other than persons ({other}) left out; percentages can "
                "be recomputed from the counts",
                n_pct=n_pct,
                other=other,
            )
        )
    keep = personer.to_numpy()
    cells = cells[keep]
    column = column if isinstance(column, str) else column[keep]
    value_column = value_column if isinstance(value_column, str) else value_column[keep]

    category = _per_unique(cells["category"], lambda c: c.map(_norm))
    measure = category.map(MEASURES)
    known = category.isin(list(MEASURES)).astype(bool)
    left_out = known & measure.isna()
    if left_out.any():
        names = sorted(map(str, cells.loc[left_out.to_numpy(), "category"].unique()))
        n_left, listed = int(left_out.sum()), ", ".join(repr(n) for n in names)
        skipped.append(
            tr(
                "{n_left} figures of {listed} left out (not one of the table's measures; read the "
                "file with 'imdi-wide' to get them)",
                n_left=n_left,
                listed=listed,
            )
        )
    unknown = ~known
    if unknown.any():
        problems += _cell_problems(
            cells.assign(raw=cells["category"]),
            unknown,
            source=source,
            column=column,
            message=tr("unknown {category_label} category ", category_label=category_label)
            + ", ".join(
                repr(c)
                for c in sorted(map(str, cells.loc[unknown.to_numpy(), "category"].unique()))
            ),
            expected=tr("one of ") + ", ".join(repr(k) for k in MEASURES),
            check="imdi_category",
        )

    year, bad_year = _years(cells["year"])
    problems += _year_problems(
        cells, cells["year"], bad_year & ~unknown, source=source, column=column
    )
    number, status, empty, invalid = _split_values(cells["raw"], integer=True)
    if invalid.any():
        problems += _cell_problems(
            cells,
            invalid & known & ~bad_year,
            source=source,
            column=value_column,
            message=tr("a count of persons must be a whole number, '.' or ':'"),
            expected=tr("a whole number, '.' or ':'"),
            check="imdi_persons",
        )
    n_empty = int((empty & known & measure.notna()).sum())
    if n_empty:
        skipped.append(
            trn(
                "{n} empty cell (neither a figure nor a symbol) left out",
                "{n} empty cells (neither a figure nor a symbol) left out",
                n_empty,
            )
        )
    good = (known & measure.notna() & ~bad_year & ~invalid & ~empty).to_numpy()
    table = pd.DataFrame(
        {
            "year": year[good].astype("int64"),
            "municipality": cells.loc[good, "municipality"].astype(str),
            "population": population,
            "measure": measure[good].astype(str),
            "persons": number[good].astype("Int64"),
            "status": status[good].astype(str),
        },
        index=cells.index[good],
    )
    return ImdiRead(table=table, problems=tuple(problems), skipped=tuple(skipped))


def _municipality_codes(region: pd.Series) -> pd.Series:
    """``K3801`` → ``3801``; ``301`` → ``0301``; anything else is kept as published.

    What is kept is not a kommunenummer, and validation reports it with its line.
    """
    code = coerce.parse_municipality(region).values
    return code.where(code.notna(), region.astype(str).str.strip())


def read_settlement(
    source: Any,
    *,
    encoding: str | None = None,
    population: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> ImdiRead:
    """Read an IMDi settlement-statistics export (wide or long layout).

    ``source`` is a path, bytes or a binary stream. ``population`` overrides the
    population the importer infers (``"unaccompanied_minors"`` when the category
    dimension or column names *enslige mindreårige*, otherwise ``"all"``).
    """
    data, name = _read_bytes(source, limits)
    text = decode_text(data, source=name, encoding=encoding)
    layout = looks_like(text[:8192])
    if layout == "table":
        return _read_table(text, name, limits)
    if layout == "settlement-long":
        return _read_long(text, name, population, limits)
    if layout in ("settlement-wide", "wide"):
        return _read_settlement_wide(text, name, population, limits)
    raise SourceError(
        name,
        tr(
            "not an IMDi settlement export: expected a header 'Region;Navn;Bosetting: ...' or "
            "'Enhet;År;Kommunenummer;Kommune;Bosetting;Antall'",
        ),
        row=1,
    )


def _read_table(text: str, source: str, limits: Limits) -> ImdiRead:
    """The library's own table read back: counts and years parsed, the rest validated later.

    ``persons`` may be empty only where ``status`` holds IMDi's symbol; the schema checks
    that, and the measure and population vocabularies, when the host validates the table.
    """
    grid = _read_grid(text, source, limits)
    body = grid.iloc[1:]
    body.columns = pd.Index(TABLE_COLUMNS)
    body = body[(body != "").any(axis=1)]
    year, bad_year = _years(body["year"])
    persons = body["persons"].str.strip()
    number = pd.to_numeric(persons.where(persons != "", None), errors="coerce")
    bad_persons = (persons != "") & ~_whole(number.astype("float64"))
    number = number.where(~bad_persons)
    problems = _year_problems(
        body, body["year"], bad_year, source=source, column="year"
    ) + _cell_problems(
        body.assign(raw=body["persons"]),
        bad_persons & ~bad_year,
        source=source,
        column="persons",
        message=tr("a count of persons must be a whole number (or empty, with a status)"),
        expected=tr("a whole number"),
        check="imdi_persons",
    )
    good = ~(bad_year | bad_persons)
    table = pd.DataFrame(
        {
            "year": year[good].astype("int64"),
            "municipality": body.loc[good, "municipality"].str.strip(),
            "population": body.loc[good, "population"].str.strip(),
            "measure": body.loc[good, "measure"].str.strip(),
            "persons": number[good].astype("Int64"),
            "status": body.loc[good, "status"].str.strip(),
        },
        index=body.index[good],
    )
    return ImdiRead(table=table, problems=tuple(problems))


def _read_settlement_wide(
    text: str, source: str, population: str | None, limits: Limits
) -> ImdiRead:
    wide = _parse_wide(text, source, limits)
    dims = wide.dimensions
    unit = _find_dim(dims, "enhet")
    year = _find_dim(dims, "år", "aar")
    category = next((d for d in dims if _norm(d).startswith("bosetting")), None)
    if year is None or category is None:
        raise SourceError(
            source,
            tr(
                "an IMDi settlement export needs the header rows 'Bosetting: ...' and 'År: ...'; "
                "found ",
            )
            + ", ".join(repr(d) for d in dims),
        )
    extra = [d for d in dims if d not in (unit, year, category)]
    if extra:
        listed = ", ".join(repr(d) for d in extra)
        raise SourceError(
            source,
            tr(
                "unexpected dimensions for settlement statistics: {listed}; read the file with "
                "'imdi-wide'",
                listed=listed,
            ),
        )
    c = wide.cells
    region = c["region"].astype(str)
    not_k = ~region.str.match(r"^[Kk]?\d{4}$")
    if not_k.all():
        raise SourceError(
            source,
            tr(
                "no municipality rows (region ids like K3801); this looks like a county or other "
                "level; read the file with 'imdi-wide'",
            ),
            value=str(region.iat[0]) if len(region) else None,
        )
    cells = pd.DataFrame(
        {
            "unit": c[unit] if unit is not None else "",
            "year": c[year],
            "municipality": _per_unique(region, _municipality_codes),
            "category": c[category],
            "raw": c["raw"],
        },
        index=c.index,
    )
    columns = pd.Series(
        [
            tr("column {j}: {wide_columns_j_3}", j=j, wide_columns_j_3=wide.columns[j - 3])
            for j in c["column"].to_numpy()
        ],
        index=c.index,
        dtype=object,
    )
    return _settlement_frame(
        cells,
        source=source,
        category_label=category,
        population=_population(category, population),
        column=columns,
        value_column=columns,
    )


def _read_long(text: str, source: str, population: str | None, limits: Limits) -> ImdiRead:
    grid = _read_grid(text, source, limits)
    headers = [str(h).strip() for h in grid.iloc[0]]
    roles: dict[str, str] = {}
    others: list[str] = []
    for h in headers:
        role = _LONG_KNOWN.get(_norm(h))
        if role and role not in roles:
            roles[role] = h
        else:
            others.append(h)
    if len(others) != 1:
        raise SourceError(
            source,
            tr(
                "cannot tell which column holds the settlement category (Anmodning om bosetting, "
                "Vedtak om bosetting, ...); found ",
            )
            + (", ".join(repr(o) for o in others) if others else tr("none")),
            row=1,
        )
    for role, label in (("year", "År"), ("municipality", "Kommunenummer"), ("value", "Antall")):
        if role not in roles:
            raise SourceError(
                source,
                tr("the column {label!r} is missing", label=label),
                row=1,
            )
    body = grid.iloc[1:]
    body.columns = pd.Index(headers)
    body = body[(body != "").any(axis=1)]
    cat = others[0]
    cells = pd.DataFrame(
        {
            "unit": body[roles["unit"]] if "unit" in roles else "",
            "year": body[roles["year"]],
            "municipality": _per_unique(body[roles["municipality"]], _municipality_codes),
            "category": body[cat],
            "raw": body[roles["value"]],
        },
        index=body.index,
    )
    return _settlement_frame(
        cells,
        source=source,
        category_label=cat,
        population=_population(cat, population),
        column=cat,
        value_column=roles["value"],
    )


# --------------------------------------------------------------------------- generic wide


def read_wide_table(
    source: Any, *, encoding: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> ImdiRead:
    """Read any IMDi wide export into long form, one column per dimension.

    ``Enhet`` becomes ``unit``, ``År`` becomes ``year``; every other header dimension
    becomes a column named as IMDi names it, holding the category labels as published.
    ``value`` is a float (IMDi's percentages use a decimal point), ``status`` the symbol.
    """
    data, name = _read_bytes(source, limits)
    text = decode_text(data, source=name, encoding=encoding)
    wide = _parse_wide(text, name, limits)
    dims = wide.dimensions
    unit = _find_dim(dims, "enhet")
    year = _find_dim(dims, "år", "aar")
    if year is None:
        raise SourceError(
            name,
            tr("an IMDi wide export needs a header row 'År: ...'"),
            row=1,
        )
    c = wide.cells
    problems: list[Problem] = []
    skipped: list[str] = []
    columns = pd.Series(
        [
            tr("column {j}: {wide_columns_j_3}", j=j, wide_columns_j_3=wide.columns[j - 3])
            for j in c["column"].to_numpy()
        ],
        index=c.index,
        dtype=object,
    )
    years, bad_year = _years(c[year])
    problems += _year_problems(c, c[year], bad_year, source=name, column=columns)
    number, status, empty, invalid = _split_values(c["raw"], integer=False)
    if invalid.any():
        problems += _cell_problems(
            c,
            invalid & ~bad_year,
            source=name,
            column=columns,
            message=tr("a figure must be a number, '.' or ':'"),
            expected=tr("a number (decimal point), '.' or ':'"),
            check="imdi_value",
        )
    if empty.any():
        n_empty = int(empty.sum())
        skipped.append(
            trn(
                "{n} empty cell (neither a figure nor a symbol) left out",
                "{n} empty cells (neither a figure nor a symbol) left out",
                n_empty,
            )
        )
    good = (~bad_year & ~invalid & ~empty).to_numpy()
    out: dict[str, Any] = {
        "region": c.loc[good, "region"].astype(str),
        "region_name": c.loc[good, "region_name"].astype(str),
    }
    for d in dims:
        if d not in (unit, year):
            out[d] = c.loc[good, d].astype(str)
    out["unit"] = c.loc[good, unit].astype(str) if unit is not None else ""
    out["year"] = years[good].astype("int64")
    out["value"] = number[good]
    out["status"] = status[good].astype(str)
    table = pd.DataFrame(out, index=c.index[good])
    return ImdiRead(table=table, problems=tuple(problems), skipped=tuple(skipped))


# --------------------------------------------------------------------------- plugin

_DATA = Path(__file__).parent / "data" / "imdi"
"""Tiny example files in IMDi's wide layout with made-up figures (for the conformance checks)."""


def _source_table(result: ImdiRead) -> SourceTable:
    """The read as the host wants it: the cells not read are problems, the rest notes."""
    return SourceTable(table=result.table, problems=result.problems, notes=result.skipped)


def _head(path: Path, size: int = 8192) -> str | None:
    try:
        with path.open("rb") as fh:
            return decode_head(fh.read(size))
    except OSError:
        return None


@hookimpl
def register_importers(register: RegisterImporter) -> None:
    """Declare ``imdi`` (settlement statistics) and ``imdi-wide`` (other IMDi tables)."""
    register(
        name=IMPORTER,
        title=N_("IMDi settlement statistics (anmodning, vedtak, faktisk bosetting)"),
        publisher="Integrerings- og mangfoldsdirektoratet (IMDi)",
        table=SettlementStatistics,
        patterns=("*.csv",),
        description="IMDi's CSV downloads `bosatt_anmodede` and `enslige_mindrearige`, "
        "wide (`Region;Navn;Bosetting: ...`) or long (`Enhet;År;Kommunenummer;Kommune;"
        "Bosetting;Antall`), and this table as the library writes it (`year,municipality,"
        "population,measure,persons,status`). Options: `encoding`, `population`, `limits`.",
        examples=(_DATA / "example_bosatt_anmodede.csv",),
    )
    register(
        name=WIDE_IMPORTER,
        title=N_("IMDi wide table (any IMDi CSV export with 'Dimensjon: verdi' header rows)"),
        publisher="Integrerings- og mangfoldsdirektoratet (IMDi)",
        table=ImdiWideTable,
        patterns=("*.csv",),
        description="Any IMDi wide CSV export (e.g. `befolkning_botid`) in long form, "
        "one column per dimension. Options: `encoding`, `limits`.",
        examples=(_DATA / "example_befolkning_botid.csv",),
    )


@hookimpl
def detect_source(source: Path) -> Detection | None:
    """Claim IMDi CSV exports by their header line."""
    if source.suffix.lower() not in (".csv", ".txt", ""):
        return None
    head = _head(source)
    layout = looks_like(head) if head else None
    if layout in ("settlement-wide", "settlement-long", "table"):
        return Detection(
            importer=IMPORTER,
            confidence=0.95,
            reason=tr("IMDi {layout} header", layout=layout),
        )
    if layout == "wide":
        return Detection(
            importer=WIDE_IMPORTER,
            confidence=0.9,
            reason=tr("IMDi wide header"),
        )
    return Detection(
        importer=IMPORTER,
        confidence=0.0,
        reason=tr(
            "the first line is not an IMDi header (Region;Navn;<dimension>: … of an IMDi export, "
            "or year, municipality and a count)",
        ),
    )


@hookimpl
def read_source(source: Path, importer: str, options: Mapping[str, Any]) -> SourceTable | None:
    """Read an IMDi export with ``imdi`` or ``imdi-wide``.

    The cells that could not be read are the result's problems; what was left out on
    purpose (percentages, empty cells, the «sammenslått» block) its notes.
    """
    encoding = options.get("encoding")
    given = options.get("limits")
    limits = given if isinstance(given, Limits) else DEFAULT_LIMITS
    if importer == IMPORTER:
        population = options.get("population")
        if population is not None and population not in POPULATIONS:
            raise SourceError(
                str(source),
                tr("unknown population {population!r}", population=population),
                expected=tr(" or ").join(POPULATIONS),
            )
        return _source_table(
            read_settlement(source, encoding=encoding, population=population, limits=limits)
        )
    if importer == WIDE_IMPORTER:
        return _source_table(read_wide_table(source, encoding=encoding, limits=limits))
    return None
