"""Built-in plugin: the tables integreringslov itself writes (``-o``, ``write_table``).

Every file ``integreringslov._io.write.write_table`` writes tells the table schema it holds:
``"schema"`` in JSON, file metadata in Parquet and ``.xlsx``, and in a plain CSV the header,
which is the table's columns in the table's order (see ``integreringslov._io.readback``).
This plugin declares one importer per table the library writes, claims such a file with
confidence 1 for the importer of its table, and reads it back to an equal table: the same
columns, values and types (the index is the row in the written file). A CSV header that
could be two of these tables is not claimed: the reason names both, and the user chooses
with ``--importer``.

The importers (see :data:`IMPORTERS`): ``integreringslov-ssb`` (SSB statistics),
``integreringslov-settlement`` (IMDi settlement statistics), ``integreringslov-imdi-wide``
(other IMDi tables), ``integreringslov-persons`` (the person table),
``integreringslov-municipalities`` (municipality criteria), ``integreringslov-assessment``
and ``integreringslov-recommendation``.

A file that names a table none of these reads (a plugin's own table) is declined with that
reason. The host refuses to read a written file with an importer of another table, and
refuses to guess between the tables a CSV header could be.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from integreringslov._io.limits import Limits
from integreringslov._io.readback import read_written, written_tables
from integreringslov._text.i18n import N_, tr
from integreringslov.errors import SourceError
from integreringslov.plugins import Detection, RegisterImporter, hookimpl
from integreringslov.tables import Table
from integreringslov.tables.municipalities import MunicipalityCriteria, RecommendationTable
from integreringslov.tables.persons import AssessmentTable, PersonTable
from integreringslov.tables.settlement_statistics import ImdiWideTable, SettlementStatistics
from integreringslov.tables.statistics import SsbTable

__all__ = ["IMPORTERS", "detect_source", "read_source", "register_importers"]

_DATA = Path(__file__).parent / "data" / "written"

IMPORTERS: dict[str, tuple[type[Table], str, str]] = {
    "integreringslov-ssb": (SsbTable, N_(
            "integreringslov's own SSB statistics (.csv, .xlsx, .json, .parquet as written)"
        ), "example_ssb.csv"),
    "integreringslov-settlement": (
        SettlementStatistics,
        N_(
            "integreringslov's own IMDi settlement statistics (.csv, .xlsx, .json, .parquet "
            "as written)"
        ),
        "example_settlement.json",
    ),
    "integreringslov-imdi-wide": (ImdiWideTable, N_(
            "integreringslov's own IMDi wide table (.csv, .xlsx, .json, .parquet as written)"
        ), "example_imdi_wide.csv"),
    "integreringslov-persons": (PersonTable, N_(
            "integreringslov's own person table (.csv, .xlsx, .json, .parquet as written)"
        ), "example_persons.xlsx"),
    "integreringslov-municipalities": (
        MunicipalityCriteria,
        N_(
            "integreringslov's own municipality criteria (.csv, .xlsx, .json, .parquet as written)"
        ),
        "example_municipalities.csv",
    ),
    "integreringslov-assessment": (AssessmentTable, N_(
            "integreringslov's own assessment (.csv, .xlsx, .json, .parquet as written)"
        ), "example_assessment.csv"),
    "integreringslov-recommendation": (
        RecommendationTable,
        N_(
            "integreringslov's own recommendation (.csv, .xlsx, .json, .parquet as written)"
        ),
        "example_recommendation.parquet",
    ),
}
"""Importer name → (the table it reads, its title as a message id, its example file)."""

_BY_TABLE = {table.__name__: name for name, (table, _, _) in IMPORTERS.items()}
_TABLES = tuple(table for table, _, _ in IMPORTERS.values())


@hookimpl
def register_importers(register: RegisterImporter) -> None:
    """Declare one importer per table the library writes."""
    for name, (table, title, example) in IMPORTERS.items():
        register(
            name=name,
            title=title,
            publisher=N_("integreringslov (this library's -o and write_table)"),
            table=table,
            patterns=("*.csv", "*.xlsx", "*.json", "*.parquet"),
            description=f"A {table.__name__} written by integreringslov, read back to an "
            "equal table. Recognised by the table name the file carries (a CSV file: by "
            "its header, the table's columns).",
            examples=(_DATA / example,),
        )


@hookimpl
def detect_source(source: Path) -> Detection | None:
    """Claim a file the library wrote, with confidence 1, for the importer of its table.

    Any other file is declined with the reason (confidence 0), and so is a CSV file whose
    header could be several tables: the reason names them, to choose with ``--importer``.
    """
    tables = written_tables(source, _TABLES)
    if not tables:
        return _declined(
            tr(
                "the file does not name a table written by integreringslov, and its header is not "
                "the columns of one",
            )
        )
    if len(tables) > 1:
        kinds = ", ".join(f"{t} ({_BY_TABLE[t]!r})" for t in tables)
        return _declined(
            tr("its header could be any of {kinds}; choose one with --importer", kinds=kinds)
        )
    (table,) = tables
    importer = _BY_TABLE.get(table)
    if importer is None:
        return _declined(
            tr(
                "written by integreringslov as {table!r}, a table none of its importers reads (an "
                "importer plugin's own table?)",
                table=table,
            )
        )
    return Detection(
        importer=importer,
        confidence=1.0,
        reason=tr("written as {table}", table=table),
    )


def _declined(reason: str) -> Detection:
    return Detection(importer=next(iter(IMPORTERS)), confidence=0.0, reason=reason)


@hookimpl
def read_source(source: Path, importer: str, options: Mapping[str, Any]) -> pd.DataFrame | None:
    """Read a written table with the importer of its table (option: ``limits``)."""
    entry = IMPORTERS.get(importer)
    if entry is None:
        return None
    table = entry[0]
    named = written_tables(source, _TABLES)
    if table.__name__ not in named:
        found = (
            tr("it is {named}", named=tr(" or ").join(named))
            if named
            else tr("it names no table, and its header is not the columns of one")
        )
        raise SourceError(
            str(source),
            tr(
                "not a {table_name} written by integreringslov ({found})",
                table_name=table.__name__,
                found=found,
            ),
            expected=tr(
                "a file written by integreringslov as {table_name}",
                table_name=table.__name__,
            ),
        )
    limits = options.get("limits")
    return read_written(source, table, limits=limits if isinstance(limits, Limits) else None)
