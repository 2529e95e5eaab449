"""Schemas of statistics tables: SSB's long table and the immigrant population table.

:class:`SsbTable` is what the SSB importers return (JSON-stat and StatBank CSV): one
categorical code column per dimension (named by the dimension id), optional ``<id>_label``
columns, ``value`` and ``status``. Its dimension columns are matched by pattern, since every
StatBank table has its own dimensions.

:class:`ImmigrantPopulation` is the domain table of immigrants and Norwegian-born to
immigrant parents (*innvandrere og norskfødte med innvandrerforeldre*);
:func:`immigrant_population_from_ssb` builds it from an SSB long table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from integreringslov.errors import InvalidInputError, Problem
from integreringslov.tables import Table, validate
from integreringslov.tables._coerce import is_whole

__all__ = [
    "DEFAULT_IMMIGRANT_DIMENSIONS",
    "IMMIGRANT_CATEGORIES",
    "PERSONS_CONTENTS",
    "ImmigrantPopulation",
    "SsbTable",
    "age_by_world_region",
    "immigrant_population_from_ssb",
]

_DIMENSION_PATTERN = r"^(?!value$|status$|value_text$).+$"

STATUS_SYMBOLS = {
    ".": "category not applicable",
    "..": "data not available",
    ":": "confidential (suppressed)",
    "-": "nil",
}
"""SSB's special symbols and what they mean (SSB StatBank user guide)."""


class SsbTable(Table):
    """A StatBank table in long form (*statistikkbanktabell*): one row per cell.

    The dimension columns (``Region``, ``Alder``, ``Tid``, ``ContentsCode``, ...) hold the
    category codes; ``<id>_label`` columns, when present, hold the labels.

    Not coercing: every reader of this table builds its columns with the final types
    (categoricals, ``float64``), so the dtypes are checked, not converted — a table of
    thousands of dimensions then validates in a fraction of the time.
    """

    class Config:
        """Strict like every table, but checking dtypes rather than coercing them."""

        strict = True
        coerce = False

    dimension: Series[pd.CategoricalDtype] = pa.Field(
        alias=_DIMENSION_PATTERN,
        regex=True,
        nullable=False,
        title="Dimension",
        description="A dimension's category codes (or labels, in a <id>_label column).",
    )
    value: Series[float] = pa.Field(
        nullable=True,
        title="Value",
        description="The cell's value; missing (NaN) where the source has a symbol, null or text.",
    )
    value_text: Series[pd.CategoricalDtype] = pa.Field(
        nullable=True,
        required=False,
        title="Value as text",
        description="Only when some cell's value is text (JSON-stat allows it, e.g. "
        "json-stat.org's order.json): the text, and empty where the value is a number.",
    )
    status: Series[pd.CategoricalDtype] = pa.Field(
        nullable=False,
        title="Status",
        description="The cell's symbol as published ('.', '..', ':', '-', ...) or ''.",
    )


IMMIGRANT_CATEGORIES = {
    "B": "immigrants (innvandrere)",
    "C": "Norwegian-born to immigrant parents (norskfødte med innvandrerforeldre)",
    "B-C": "immigrants and Norwegian-born to immigrant parents",
}
"""SSB's ``InnvandrKat`` codes seen in the immigrant tables (09817 and others)."""


class ImmigrantPopulation(Table):
    """Immigrant population (*innvandrere og norskfødte med innvandrerforeldre*) by group.

    One row per region, year (1 January), age group, country background and immigrant
    category, with the number of persons.
    """

    region: Series[str] = pa.Field(
        str_matches=r"^(?:\d{1,6}|[KF]-[\w-]+)$",
        title="Region",
        description="SSB region code: '0' (the country), a county (2 digits) or municipality "
        "(4 digits), or an SSB aggregate such as 'K-5001'.",
    )
    year: Series[int] = pa.Field(
        ge=1900, le=2200, title="Year", description="The year; counts refer to 1 January."
    )
    age_group: Series[str] = pa.Field(
        title="Age group", description="The age group code as published (e.g. '0', '1-5', '80+')."
    )
    country_background: Series[str] = pa.Field(
        title="Country background (landbakgrunn)",
        description="The world region or country of background, as its code.",
    )
    country_background_label: Series[str] = pa.Field(
        nullable=True,
        title="Country background label",
        description="The name of the world region or country of background.",
    )
    immigrant_category: Series[str] = pa.Field(
        title="Immigrant category (innvandringskategori)",
        description="SSB's InnvandrKat code: 'B' immigrants, 'C' Norwegian-born to immigrant "
        "parents, 'B-C' both.",
    )
    persons: Series[pd.Int64Dtype] = pa.Field(
        nullable=True,
        ge=0,
        title="Persons",
        description="Number of persons; missing where SSB publishes a symbol.",
    )


DEFAULT_IMMIGRANT_DIMENSIONS: Mapping[str, str] = {
    "region": "Region",
    "year": "Tid",
    "age_group": "Alder",
    "country_background": "Landbakgrunn",
    "immigrant_category": "InnvandrKat",
}
"""Which SSB dimension id feeds which column of :class:`ImmigrantPopulation`."""

PERSONS_CONTENTS = ("Personer", "Personer1")
"""``ContentsCode`` codes that count persons in SSB's immigrant tables."""


def immigrant_population_from_ssb(
    long: pd.DataFrame,
    *,
    dimensions: Mapping[str, str] | None = None,
    defaults: Mapping[str, str] | None = None,
    source: str | None = None,
) -> pd.DataFrame:
    """Turn an SSB long table (:class:`SsbTable`) into :class:`ImmigrantPopulation`.

    :param long: The importer's table, e.g. ``il.read("09817.json").table``.
    :param dimensions: Column → SSB dimension id, overriding
        :data:`DEFAULT_IMMIGRANT_DIMENSIONS` (for tables that name a dimension differently).
    :param defaults: Values for columns whose dimension the table does not have, e.g.
        ``{"immigrant_category": "B-C"}`` for a table of both categories together.
    :param source: Named in error messages.
    :return: The validated table. When the table has a ``ContentsCode`` dimension, only
        the persons contents (:data:`PERSONS_CONTENTS`) are kept.
    :raises InvalidInputError: When a dimension is missing without a default, values are
        not whole numbers, or the result fails :class:`ImmigrantPopulation`.
    """
    dims = {**DEFAULT_IMMIGRANT_DIMENSIONS, **(dimensions or {})}
    defaults = dict(defaults or {})
    frame = long
    if "ContentsCode" in frame.columns:
        keep = frame["ContentsCode"].astype(object).isin(PERSONS_CONTENTS)
        if not keep.any() and frame["ContentsCode"].nunique() == 1:
            keep[:] = True
        frame = frame[keep]
    problems: list[Problem] = []
    out: dict[str, object] = {}
    for column, dim in dims.items():
        if dim in frame.columns:
            out[column] = frame[dim].astype(object).astype(str).to_numpy()
        elif column in defaults:
            out[column] = np.full(len(frame), defaults[column], dtype=object)
        else:
            problems.append(
                Problem(
                    message=f"the table has no {dim!r} dimension for {column!r}; "
                    f"pass defaults={{{column!r}: ...}} or dimensions={{{column!r}: ...}}",
                    source=source,
                    column=dim,
                    check="dimension_present",
                )
            )
    if "year" in out and not defaults.get("year"):
        problems += _year_problems(frame, dims["year"], source)
    if problems:
        raise InvalidInputError(problems, what=source or "SSB table")
    label_col = dims["country_background"] + "_label"
    out["country_background_label"] = (
        frame[label_col].astype(object).to_numpy()
        if label_col in frame.columns
        else np.full(len(frame), None, dtype=object)
    )
    values = frame["value"].to_numpy(dtype=float)
    whole = np.isnan(values) | is_whole(values)
    if not whole.all():
        bad = frame.index[~whole][0]
        raise InvalidInputError(
            [
                Problem(
                    message="a person count is not a whole number",
                    source=source,
                    row=int(bad),
                    column="value",
                    value=str(values[~whole][0]),
                    expected="a whole number",
                    check="whole_number",
                )
            ],
            what=source or "SSB table",
        )
    out["persons"] = pd.array(np.where(np.isnan(values), 0, values).astype("int64"), dtype="Int64")
    persons = out["persons"]
    assert isinstance(persons, pd.api.extensions.ExtensionArray)
    persons[np.isnan(values)] = pd.NA
    result = pd.DataFrame(out, index=frame.index)
    result = result[list(ImmigrantPopulation.to_schema().columns)]
    valid, report = validate(ImmigrantPopulation, result, source=source)
    report.raise_for_problems()
    return valid


_YEAR = re.compile(r"[0-9]{4}")
_SUB_YEAR = re.compile(r"[0-9]{4}(?P<kind>[KMUH])[0-9]{1,2}")
_PERIOD_KINDS = {"K": "quarters", "M": "months", "U": "weeks", "H": "half-years"}


def _year_problems(frame: pd.DataFrame, dim: str, source: str | None) -> list[Problem]:
    """Each distinct period code that is not a year of four ASCII digits, once, by first row."""
    codes = frame[dim].astype(object).astype(str)
    odd = ~codes.str.fullmatch(_YEAR.pattern)
    problems = []
    for code in pd.unique(codes[odd])[:20]:  # the first twenty distinct codes say enough
        sub = _SUB_YEAR.fullmatch(code)
        what = (
            f"the table's periods are {_PERIOD_KINDS[sub.group('kind')]} ({code!r}), not years; "
            "the immigrant population is counted per year (1 January)"
            if sub
            else f"the period {code!r} is not a year"
        )
        problems.append(
            Problem(
                message=what,
                source=source,
                row=int(frame.index[int(np.flatnonzero((codes == code).to_numpy())[0])]),
                column=dim,
                value=str(code)[:40],
                expected="a year of four digits, such as '2024'",
                check="year",
            )
        )
    return problems


def age_by_world_region(population: pd.DataFrame) -> pd.DataFrame:
    """The immigrant population as the county's table: world regions × age groups.

    :param population: An :class:`~integreringslov.tables.statistics.ImmigrantPopulation`
        table of one region and year (as
        :func:`~integreringslov.tables.statistics.immigrant_population_from_ssb` returns).
    :return: A ``world_region`` column (the country background's label, in the source's
        order), one column per age group (in the source's order) and a last ``Total`` row
        — the layout ``age_by_world_region`` draws.
    """
    ages = list(dict.fromkeys(population["age_group"]))
    names = list(dict.fromkeys(population["country_background_label"]))
    table = population.pivot_table(
        index="country_background_label",
        columns="age_group",
        values="persons",
        aggfunc="sum",
        observed=True,
    ).reindex(index=names, columns=ages)
    table.loc["Total"] = table.sum()
    table.index.name = "world_region"
    table.columns.name = None
    out: pd.DataFrame = table.astype("int64").reset_index()
    return out
