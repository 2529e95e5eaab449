"""Lossless round trips: every table the library writes reads back to an equal table.

For every built-in importer's table (read from the importer's own example files, which
are real published files or the library's invented samples) and for the assessment and
recommendation tables, in every output format: ``write_table`` then ``il.read`` gives the
same columns, values and types, read by the importer of the library's own table, with a
clean report. The index is the row in the written file, so it is not compared.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

import integreringslov as il
from integreringslov.output import TABLE_ATTR, write_table
from integreringslov.schemas.municipalities import RecommendationTable, criteria_columns
from integreringslov.schemas.persons import AssessmentTable
from integreringslov.tables import Table, validate
from integreringslov.testing import make_plugins
from integreringslov_importers.written import IMPORTERS

pytest.importorskip("pyarrow")
pytest.importorskip("openpyxl")

FORMATS = {
    "csv": ("out.csv", False),
    "csv-excel": ("out.csv", True),
    "json": ("out.json", False),
    "parquet": ("out.parquet", False),
    "xlsx": ("out.xlsx", False),
}


def _builtin_tables() -> dict[str, pd.DataFrame]:
    plugins = make_plugins()
    tables: dict[str, pd.DataFrame] = {}
    for info in plugins.importers():
        if info.name in IMPORTERS:
            continue
        for example in info.examples:
            imported = plugins.read(example, importer=info.name)
            assert imported.report.ok, imported.report.to_text()
            tables[f"{info.name}:{example.name}"] = imported.table
    persons = tables["spreadsheet:example_persons.csv"]
    # the tables the commands write, as the contract's schemas type them
    assessed = il.assess_frame(persons, on=dt.date(2024, 6, 1))
    tables["assessment"] = _validated(AssessmentTable, assessed)
    municipalities = tables["spreadsheet-municipalities:example_municipalities.csv"]
    weights = dict.fromkeys(criteria_columns(municipalities)[:2], 1.0)
    recommended = il.recommend(40, municipalities, criteria=weights, method="hamilton").table
    tables["recommendation"] = _validated(RecommendationTable, recommended)
    return tables


def _validated(schema: type[Table], frame: pd.DataFrame) -> pd.DataFrame:
    table, report = validate(schema, frame)
    assert report.ok, report.to_text()
    return table


TABLES = _builtin_tables()


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("kind", sorted(TABLES))
def test_round_trip(kind: str, fmt: str, tmp_path: Path) -> None:
    original = TABLES[kind]
    filename, excel = FORMATS[fmt]
    path = tmp_path / filename
    write_table(original, path, excel=excel)
    back = il.read(path)
    assert back.report.ok, back.report.to_text()
    assert back.importer.name in IMPORTERS
    assert back.importer.table.__name__ == original.attrs[TABLE_ATTR]
    assert_same_table(
        back.table,
        original,
        # CSV and workbooks list a column's categories in the order they first appear
        category_order=fmt in ("json", "parquet"),
        # a workbook keeps 16 significant digits, as Excel does
        rtol=1e-15 if fmt == "xlsx" else 0.0,
    )


def assert_same_table(
    got: pd.DataFrame, expected: pd.DataFrame, *, category_order: bool, rtol: float
) -> None:
    """Equal columns, dtypes and values; categories equal (in order, if asked).

    Whether a categorical's labels are held as ``object`` or ``str`` is not compared.
    """
    got = got.reset_index(drop=True)
    expected = expected.reset_index(drop=True)
    assert list(got.columns) == list(expected.columns)
    for column in expected.columns:
        want, have = expected[column], got[column]
        if isinstance(want.dtype, pd.CategoricalDtype):
            assert isinstance(have.dtype, pd.CategoricalDtype), column
            cats_want, cats_have = list(want.cat.categories), list(have.cat.categories)
            if category_order:
                assert cats_have == cats_want, column
            else:
                assert sorted(cats_have) == sorted(cats_want), column
            assert have.astype(object).tolist() == want.astype(object).tolist(), column
        else:
            pd.testing.assert_series_equal(
                have, want, check_exact=rtol == 0.0, rtol=rtol or 1e-5, obj=str(column)
            )
