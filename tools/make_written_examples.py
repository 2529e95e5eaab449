"""Write the examples of the importers of the library's own tables (``integreringslov-*``).

Run from the repository root:  python tools/make_written_examples.py
Reads the built-in importers' own examples (invented people and figures, and SSB and IMDi
samples), assesses and recommends from them, and writes each table the way
``integreringslov ... -o`` does into src/integreringslov_importers/data/written/.
Needs openpyxl and pyarrow (the ``excel`` and ``parquet`` extras).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import integreringslov as il
from integreringslov._io.write import write_table
from integreringslov.tables.municipalities import RecommendationTable, criteria_columns
from integreringslov.tables.persons import AssessmentTable
from integreringslov_importers.written import IMPORTERS

DATA = Path("src/integreringslov_importers/data")
OUT = DATA / "written"


def main() -> None:
    """Write one example per written-table importer."""
    files = {name: OUT / example for name, (_, _, example) in IMPORTERS.items()}
    ssb = il.read(DATA / "ssb" / "example_jsonstat2.json").table
    write_table(ssb, files["integreringslov-ssb"])
    settlement = il.read(DATA / "imdi" / "example_bosatt_anmodede.csv").table
    write_table(settlement, files["integreringslov-settlement"])
    wide = il.read(DATA / "imdi" / "example_befolkning_botid.csv").table
    write_table(wide, files["integreringslov-imdi-wide"])
    persons = il.read(DATA / "spreadsheet" / "example_persons.csv").table
    write_table(persons, files["integreringslov-persons"])
    municipalities = il.read(DATA / "spreadsheet" / "example_municipalities.csv").table
    write_table(municipalities, files["integreringslov-municipalities"])
    assessed = il.assess_frame(persons, on=dt.date(2024, 6, 1)).reset_index(drop=True)
    write_table(assessed, files["integreringslov-assessment"], table=AssessmentTable)
    criteria = criteria_columns(municipalities)
    recommended = il.recommend(
        40, municipalities, criteria=dict.fromkeys(criteria[:2], 1.0), method="hamilton"
    ).table
    write_table(recommended, files["integreringslov-recommendation"], table=RecommendationTable)


if __name__ == "__main__":
    main()
