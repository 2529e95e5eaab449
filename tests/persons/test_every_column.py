"""Conformance: every importer of the person table carries every column of the declaration.

Issue 19: the spreadsheet importer had its own list of person columns, which lacked the
newer ones and refused ``reference_letter`` f, g and ``other``, so a person read through
it lost facts the rules need. Now every registered importer whose table is
:class:`~integreringslov.tables.persons.PersonTable` must read a file holding every
declared column, with every value of each column's vocabulary, back to the same cells.

The table and what it holds come from the declaration (``PERSON_COLUMNS``); only how to
write a file each importer reads is spelled out here, per importer. The importers are the
registered ones, installed plugins included (as in ``tests/plugins/test_conformance.py``):
a new importer of the person table fails :func:`test_every_person_importer_is_covered`
until it gets one.
"""

from __future__ import annotations

import csv
import datetime as dt
import tomllib
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from integreringslov._io.write import write_table
from integreringslov.plugins import ImporterInfo, Plugins, get_plugin_manager
from integreringslov.tables import validate
from integreringslov.tables.persons import (
    INPUT_COLUMNS,
    PERSON_COLUMNS,
    Column,
    Kind,
    PersonTable,
)
from strategies import written

PLUGINS = Plugins(get_plugin_manager(autoload=True, blocked=()))  # installed plugins too
PERSON_IMPORTERS = [i for i in PLUGINS.importers() if i.table is PersonTable]
ROWS = max(len(c.vocabulary) for c in PERSON_COLUMNS)  # every code of every column once


def _cell(column: Column, i: int) -> object:
    """Row ``i``'s typed cell of ``column``: each code of a coded column comes round."""
    if column.kind is Kind.ID:
        return f"P-{i:03d}"
    if column.kind is Kind.DATE:
        return dt.date(2020, 1, 1) + dt.timedelta(days=37 * i + 3 * len(column.name))
    if column.kind in (Kind.LETTER, Kind.REFERENCE):
        return column.vocabulary[i % len(column.vocabulary)]
    if column.kind is Kind.FLAG:
        return i % 2 == 0
    if column.kind is Kind.HOURS:
        return 7.5 * i
    raise AssertionError(f"no cells for {column.name}")


FULL: list[dict[str, object]] = [{c.name: _cell(c, i) for c in PERSON_COLUMNS} for i in range(ROWS)]
"""Every declared column, in the contract's order; every code of every vocabulary."""


def _csv(path: Path, headers: list[str], *, sep: str = ",", style: int = 0) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, delimiter=sep)
        out.writerow(headers)
        for row in FULL:
            out.writerow([written(row[name], style=style) for name in INPUT_COLUMNS])
    return path


def _spreadsheet_files(tmp_path: Path) -> list[tuple[Path, dict[str, object]]]:
    """The contract's headers; the headers recognised in bokmål; a workbook; a mapping."""
    from openpyxl import Workbook

    norwegian = [c.headers[0] for c in PERSON_COLUMNS]
    book = Workbook()
    sheet = book.active
    sheet.append(norwegian)
    for row in FULL:
        sheet.append([row[name] for name in INPUT_COLUMNS])
    book.save(tmp_path / "deltakere.xlsx")
    mapping = tmp_path / "map.toml"
    local = [f"Kolonne {i}" for i in range(len(PERSON_COLUMNS))]
    mapping.write_text(
        'table = "persons"\n[columns]\n'
        + "".join(f'{c.name} = "{h}"\n' for c, h in zip(PERSON_COLUMNS, local, strict=True)),
        encoding="utf-8",
    )
    assert set(tomllib.loads(mapping.read_text("utf-8"))["columns"]) == set(INPUT_COLUMNS)
    return [
        (_csv(tmp_path / "persons.csv", list(INPUT_COLUMNS)), {}),
        (_csv(tmp_path / "personer.csv", norwegian, sep=";", style=1), {}),
        (tmp_path / "deltakere.xlsx", {}),
        (_csv(tmp_path / "lokal.csv", local, sep=";", style=1), {"mapping": mapping}),
    ]


def _written_files(tmp_path: Path) -> list[tuple[Path, dict[str, object]]]:
    """The person table as the library writes it, in every format."""
    table, report = validate(PersonTable, pd.DataFrame(FULL))
    assert report.ok, report.to_text()
    files = []
    for suffix in (".csv", ".xlsx", ".json", ".parquet"):
        path = tmp_path / f"written{suffix}"
        write_table(table, path)
        files.append((path, {}))
    return files


WRITERS: dict[str, Callable[[Path], list[tuple[Path, dict[str, object]]]]] = {
    "spreadsheet": _spreadsheet_files,
    "integreringslov-persons": _written_files,
}
"""For each importer of the person table: the files to read, with the options to read them."""


def test_every_person_importer_is_covered() -> None:
    assert {i.name for i in PERSON_IMPORTERS} == set(WRITERS), (
        "an importer of the person table without a file here: add how to write one to WRITERS"
    )


def _plain(value: object) -> object:
    """A table's cell as a plain Python value, to compare with what was written."""
    if value is None or value is pd.NaT or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value.item() if hasattr(value, "item") else value


@pytest.mark.parametrize("info", PERSON_IMPORTERS, ids=lambda i: i.name)
def test_every_column_with_every_code_is_carried(info: ImporterInfo, tmp_path: Path) -> None:
    files = WRITERS[info.name](tmp_path)
    assert files
    for path, options in files:
        imported = PLUGINS.read(path, importer=info.name, **options)  # type: ignore[arg-type]
        assert imported.report.ok, imported.report.to_text()
        assert imported.importer.table is PersonTable
        table = imported.table
        assert set(table.columns) == set(INPUT_COLUMNS), path.name
        for column in PERSON_COLUMNS:
            got = [_plain(v) for v in table[column.name]]
            want = [row[column.name] for row in FULL]
            assert got == want, (path.name, column.name)
            if column.vocabulary:  # every code is read, none refused or dropped
                assert set(got) == set(column.vocabulary), (path.name, column.name)


def test_a_column_outside_the_table_is_noted_not_read(tmp_path: Path) -> None:
    path = tmp_path / "persons.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow([*INPUT_COLUMNS, "merknad"])
        for row in FULL:
            out.writerow([*(written(row[n]) for n in INPUT_COLUMNS), "ring tilbake"])
    imported = PLUGINS.read(path)
    assert imported.report.ok
    assert "merknad" not in imported.table.columns
    assert imported.report.notes == ("columns not used: 'merknad'",)
