"""Built-in plugin: the tables integreringslov itself writes (``-o``, ``write_table``).

Written exactly like a third-party plugin: it uses only the public API of
``integreringslov``. Every file ``integreringslov._io.write.write_table`` writes names the
table schema it holds (a first line ``# integreringslov:<Table>`` in CSV, ``"schema"`` in
JSON, file metadata in Parquet and ``.xlsx``; see ``integreringslov._io.write``). This
plugin declares one importer per table the library writes, claims such a file with
confidence 1 for the importer of the table it names, and reads it back to an equal table:
the same columns, values and types (the index is the row in the written file).

The importers (see :data:`IMPORTERS`): ``integreringslov-ssb`` (SSB statistics),
``integreringslov-settlement`` (IMDi settlement statistics), ``integreringslov-imdi-wide``
(other IMDi tables), ``integreringslov-persons`` (the person table),
``integreringslov-municipalities`` (municipality criteria), ``integreringslov-assessment``
and ``integreringslov-recommendation``.

A file that names a table none of these reads (a plugin's own table) is declined with that
reason. The host refuses to read a written file with an importer of another table.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from integreringslov._io.limits import Limits
from integreringslov._io.write import read_written, written_table
from integreringslov._text.i18n import say
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
    "integreringslov-ssb": (SsbTable, "SSB statistics", "example_ssb.csv"),
    "integreringslov-settlement": (
        SettlementStatistics,
        "IMDi settlement statistics",
        "example_settlement.json",
    ),
    "integreringslov-imdi-wide": (ImdiWideTable, "an IMDi wide table", "example_imdi_wide.csv"),
    "integreringslov-persons": (PersonTable, "person table", "example_persons.xlsx"),
    "integreringslov-municipalities": (
        MunicipalityCriteria,
        "municipality criteria",
        "example_municipalities.csv",
    ),
    "integreringslov-assessment": (AssessmentTable, "assessment", "example_assessment.csv"),
    "integreringslov-recommendation": (
        RecommendationTable,
        "recommendation",
        "example_recommendation.parquet",
    ),
}
"""Importer name → (the table it reads, what it is in words, its example file)."""

_BY_TABLE = {table.__name__: name for name, (table, _, _) in IMPORTERS.items()}


@hookimpl
def register_importers(register: RegisterImporter) -> None:
    """Declare one importer per table the library writes."""
    for name, (table, what, example) in IMPORTERS.items():
        register(
            name=name,
            title=f"integreringslov's own {what} (.csv, .xlsx, .json, .parquet as written)",
            publisher="integreringslov (this library's -o and write_table)",
            table=table,
            patterns=("*.csv", "*.xlsx", "*.json", "*.parquet"),
            description=f"A {table.__name__} written by integreringslov, read back to an "
            "equal table. Recognised by the table name the file carries.",
            examples=(_DATA / example,),
        )


@hookimpl
def detect_source(source: Path) -> Detection | None:
    """Claim a file that names a table written by the library, with confidence 1.

    Any other file is declined with the reason (confidence 0).
    """
    table = written_table(source)
    if table is None:
        return Detection(
            importer=next(iter(IMPORTERS)),
            confidence=0.0,
            reason=say(
                en="the file does not name a table written by integreringslov",
                nb="filen navngir ikke en tabell skrevet av integreringslov",
            ),
        )
    importer = _BY_TABLE.get(table)
    if importer is None:
        return Detection(
            importer=next(iter(IMPORTERS)),
            confidence=0.0,
            reason=say(
                en=f"written by integreringslov as {table!r}, a table none of its "
                "importers reads (an importer plugin's own table?)",
                nb=f"skrevet av integreringslov som {table!r}, en tabell ingen av bibliotekets "
                "importører leser (et tilleggs egen tabell?)",
            ),
        )
    return Detection(
        importer=importer,
        confidence=1.0,
        reason=say(en=f"written as {table}", nb=f"skrevet som {table}"),
    )


@hookimpl
def read_source(source: Path, importer: str, options: Mapping[str, Any]) -> pd.DataFrame | None:
    """Read a written table with the importer of its table (option: ``limits``)."""
    entry = IMPORTERS.get(importer)
    if entry is None:
        return None
    table = entry[0]
    named = written_table(source)
    if named != table.__name__:
        found = (
            say(en=f"it names {named!r}", nb=f"den navngir {named!r}")
            if named
            else say(en="it names no table", nb="den navngir ingen tabell")
        )
        raise SourceError(
            str(source),
            say(
                en=f"not a {table.__name__} written by integreringslov ({found})",
                nb=f"ikke en {table.__name__} skrevet av integreringslov ({found})",
            ),
            expected=say(
                en=f"a file written by integreringslov as {table.__name__}",
                nb=f"en fil skrevet av integreringslov som {table.__name__}",
            ),
        )
    limits = options.get("limits")
    return read_written(source, table, limits=limits if isinstance(limits, Limits) else None)
