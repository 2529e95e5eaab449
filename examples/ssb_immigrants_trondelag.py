"""Rebuild Trøndelag's 2021 table of immigrants by age and world region from an SSB file.

Reads a JSON-stat 2.0 file in SSB's format (immigrants and Norwegian-born to immigrant
parents in Trøndelag, 1 January 2021, by world region of country background and age group),
turns it into the library's immigrant population table, and pivots it to the layout of the
county's 2022 slides: one row per world region, one column per age group, and a total row.

Expect: Total,727,4091,5099,1781,2365,31155,13035,1645,431
Expect: 60329 persons
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

import integreringslov as il
from integreringslov.tables.statistics import age_by_world_region, immigrant_population_from_ssb

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tests" / "data" / "ssb" / "trondelag_2021_innvandrere_alder_verdensregion.json"


def county_table(imported: il.Imported, source: str, year: int = 2021) -> pd.DataFrame:
    """Trøndelag (``50``) in ``year`` from an SSB table: world regions × age groups, total row."""
    imported.report.raise_for_problems()
    population = immigrant_population_from_ssb(imported.table, source=source)
    trondelag = population[(population["region"] == "50") & (population["year"] == year)]
    return age_by_world_region(trondelag).set_index("world_region")


def age_by_world_region_table(source: Path = SOURCE) -> pd.DataFrame:
    """The seed's table: world regions × age groups, with a ``Total`` row."""
    return county_table(il.read(source), str(source))


def print_table(table: pd.DataFrame) -> None:
    """Print the table as CSV, and the grand total."""
    buffer = io.StringIO()
    table.to_csv(buffer, lineterminator="\n")
    print(buffer.getvalue(), end="")
    print(f"{int(table.loc['Total'].sum())} persons")


def main() -> None:
    """Print the rebuilt table as CSV, and the grand total."""
    print_table(age_by_world_region_table())


if __name__ == "__main__":
    main()
