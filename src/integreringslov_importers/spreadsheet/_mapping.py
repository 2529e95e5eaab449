"""Mapping files (TOML): which sheet, which table, which header is which column."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from typing import Any

import attrs

from integreringslov._io.limits import DEFAULT_LIMITS, Limits, check, read_file
from integreringslov._text.i18n import tr
from integreringslov.errors import SourceError
from integreringslov_importers.spreadsheet._vocabulary import _CARRIED, _PERSON_COLUMNS


@attrs.frozen(kw_only=True)
class SheetMapping:
    """A spreadsheet mapping (the contract's TOML), already checked."""

    sheet: tuple[str, ...] = ()
    """The sheets to read; empty = the first sheet with a recognised header."""
    table: str | None = None
    """``"persons"``, ``"municipalities"`` or ``None`` (guess from the headers)."""
    columns: Mapping[str, str] = attrs.field(factory=dict)
    """Canonical column → header text in the sheet."""


def _depth(value: object) -> int:
    """How deeply tables and arrays nest in a parsed document (iteratively: no recursion)."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, Mapping):
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, level + 1) for v in item)
        else:
            deepest = max(deepest, level)
            continue
        deepest = max(deepest, level + 1)
    return deepest


def _read_toml(where: str, limits: Limits) -> Mapping[str, Any]:
    """A TOML mapping file, checked against the limits.

    Refused before it is opened when it is not a regular file or too large, and after
    parsing when it nests deeper than the limit.
    """
    data = read_file(where, limits.max_mapping_bytes, name="max_mapping_bytes")
    try:
        raw: Mapping[str, Any] = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise SourceError(
            where,
            tr(
                "the mapping is not UTF-8 text (byte {exc_start}); save it as UTF-8",
                exc_start=exc.start,
            ),
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(
            where,
            tr("the mapping is not valid TOML: {exc}", exc=exc),
        ) from None
    except RecursionError:
        raise SourceError(
            where,
            tr(
                "the mapping nests tables or arrays too deeply to read; the limit is "
                "{limits_max_nesting_depth} levels (Limits.max_nesting_depth)",
                limits_max_nesting_depth=limits.max_nesting_depth,
            ),
            check="max_nesting_depth",
        ) from None
    check(
        where,
        "levels of nesting",
        _depth(raw),
        limits.max_nesting_depth,
        name="max_nesting_depth",
    )
    return raw


def load_mapping(
    mapping: str | os.PathLike[str] | Mapping[str, Any] | None,
    *,
    limits: Limits = DEFAULT_LIMITS,
) -> SheetMapping:
    """Read and check a mapping: a TOML file path, the same as a dict, or ``None``.

    A path that is not a regular file (a FIFO, ``/dev/zero``, a directory) is refused
    before it is opened; a file over :attr:`Limits.max_mapping_bytes` or nested deeper
    than :attr:`Limits.max_nesting_depth` is refused too.
    """
    if mapping is None:
        return SheetMapping()
    where = "<mapping>"
    if isinstance(mapping, str | os.PathLike):
        where = os.fspath(mapping)
        raw = _read_toml(where, limits)
    else:
        raw = mapping
    unknown = sorted(set(raw) - {"sheet", "table", "columns"})
    if unknown:
        raise SourceError(
            where,
            tr("unknown keys in the mapping: ")
            + ", ".join(unknown),
            expected="sheet, table, [columns]",
        )
    sheet = raw.get("sheet", ())
    sheets = (sheet,) if isinstance(sheet, str) else tuple(str(s) for s in sheet)
    table = raw.get("table")
    if table not in (None, "persons", "municipalities"):
        raise SourceError(
            where,
            tr("unknown table in the mapping"),
            value=str(table),
            expected=tr("'persons' or 'municipalities'"),
        )
    columns = raw.get("columns", {})
    if not isinstance(columns, Mapping) or not all(isinstance(v, str) for v in columns.values()):
        raise SourceError(
            where,
            tr("[columns] must map canonical names to header texts (strings)"),
        )
    if table == "persons":
        known = [*_PERSON_COLUMNS, *_CARRIED]
        bad = sorted(set(columns) - set(known))
        if bad:
            raise SourceError(
                where,
                tr("unknown person-table columns in [columns]: ")
                + ", ".join(bad),
                expected=", ".join(known),
            )
    return SheetMapping(sheet=sheets, table=table, columns=dict(columns))
