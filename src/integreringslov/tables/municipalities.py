"""The municipality criteria table (input of ``recommend``) and the recommendation table.

*Kriterietabell for kommunene* — one row per municipality, with the figures a county
weighs when it recommends how many refugees each municipality should settle
(integreringsloven § 4 andre ledd: «Fylkeskommunen skal anbefale hvor mange flyktninger
som bør bosettes i den enkelte kommune i fylket.»).

Input columns (:class:`MunicipalityCriteria`):

============ ============================ ==================================================
column       type                         meaning
============ ============================ ==================================================
municipality str, 4 digits, unique        kommunenummer, e.g. ``5001``
name         str, optional                the municipality's name (for people only)
requested    int ≥ 0, optional, nullable  the actual request (anmodning) to compare with
maximum      int ≥ 0, optional, nullable  a cap: the most this municipality should get
                                          (capacity, or its decision); empty = no cap
excluded     bool, optional               yes = opt out: the municipality gets 0 (the
                                          yes/no words: ``ja``/``nei``, ``x``/empty, …)
*anything*   float, finite                a criterion (population, employment rate, ...);
                                          every other column is a numeric criterion
============ ============================ ==================================================

The column names ``municipality``, ``name``, ``requested``, ``maximum`` and ``excluded``
are reserved; every other column is a criterion and must be numeric and present on every
row. The spreadsheet importer produces this table from a TOML mapping with
``table = "municipalities"``.

Output columns (:class:`RecommendationTable`): ``municipality``, ``name``, ``share``
(the composite share, 0–1), ``quota`` (share × total, before rounding), ``recommended``
(the whole number), ``requested`` and ``deviation`` (recommended − requested, both
nullable), then one ``contribution_<criterion>`` column per criterion: the part of the
municipality's quota that the criterion accounts for (the contributions of a row sum to
its quota).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from integreringslov.tables import Table
from integreringslov.tables._coerce import MUNICIPALITY_CODE, yes_no_expected

__all__ = [
    "CONTRIBUTION_PREFIX",
    "RESERVED_COLUMNS",
    "MunicipalityCriteria",
    "RecommendationTable",
    "criteria_columns",
]

RESERVED_COLUMNS: tuple[str, ...] = ("municipality", "name", "requested", "maximum", "excluded")
"""Columns of the criteria table that are not criteria."""

CONTRIBUTION_PREFIX = "contribution_"
"""Prefix of the per-criterion contribution columns in the recommendation table."""

_CRITERION = r"^(?!(?:municipality|name|requested|maximum|excluded)$).+$"


def criteria_columns(frame: pd.DataFrame) -> list[str]:
    """The criterion columns of a criteria table: every column that is not reserved."""
    return [str(c) for c in frame.columns if str(c) not in RESERVED_COLUMNS]


class MunicipalityCriteria(Table):
    """Municipality criteria table — *kriterietabell*: one row per municipality.

    Input of :func:`integreringslov.recommend` and ``integreringslov recommend``; see the
    module docstring for the columns.
    """

    municipality: Series[str] = pa.Field(
        str_matches=MUNICIPALITY_CODE,
        unique=True,
        title="Kommunenummer",
        description="The municipality's four-digit number (kommunenummer), e.g. 5001.",
    )
    name: Series[str] | None = pa.Field(
        nullable=True,
        title="Kommunenavn",
        description="The municipality's name; for people only, never used in the calculation.",
    )
    requested: Series[pd.Int64Dtype] | None = pa.Field(
        nullable=True,
        ge=0,
        title="Anmodning",
        description="The actual request (anmodning om bosetting) to compare the "
        "recommendation with; empty where there is none.",
    )
    maximum: Series[pd.Int64Dtype] | None = pa.Field(
        nullable=True,
        ge=0,
        title="Maksimum",
        description="A cap: the most this municipality should be recommended (capacity, "
        "or its vedtak); empty means no cap.",
    )
    excluded: Series[bool] | None = pa.Field(
        title="Unntatt",
        description="Yes when the municipality is left out (recommended 0); written "
        + yes_no_expected("en")
        + ".",
    )
    criterion: Series[float] = pa.Field(
        alias=_CRITERION,
        regex=True,
        nullable=False,
        title="Kriterium",
        description="A numeric criterion (any column not reserved), e.g. population.",
    )

    @pa.check(_CRITERION, regex=True, name="finite", error="a finite number (not inf)")
    @classmethod
    def _finite(cls, values: Series[float]) -> Series[bool]:
        return Series(np.isfinite(values.to_numpy(dtype="float64")), index=values.index)


class RecommendationTable(Table):
    """Recommendation table — *anbefaling* (§ 4 andre ledd): one row per municipality."""

    municipality: Series[str] = pa.Field(
        str_matches=MUNICIPALITY_CODE,
        unique=True,
        title="Kommunenummer",
        description="The municipality's four-digit number (kommunenummer).",
    )
    name: Series[str] | None = pa.Field(
        nullable=True, title="Kommunenavn", description="The municipality's name."
    )
    share: Series[float] = pa.Field(
        ge=0.0,
        le=1.0,
        title="Andel",
        description="The composite share of the total (0 to 1) before caps and minimum.",
    )
    quota: Series[float] = pa.Field(
        ge=0.0,
        title="Kvote",
        description="share × total: the unrounded number before apportionment.",
    )
    recommended: Series[int] = pa.Field(
        ge=0,
        title="Anbefalt",
        description="The recommended number of refugees to settle (whole persons).",
        metadata={"provision": "integreringsloven § 4 andre ledd"},
    )
    requested: Series[pd.Int64Dtype] | None = pa.Field(
        nullable=True,
        ge=0,
        title="Anmodning",
        description="The actual request compared with, where given.",
    )
    deviation: Series[pd.Int64Dtype] | None = pa.Field(
        nullable=True,
        title="Avvik",
        description="recommended − requested, where a request is given.",
    )
    contribution: Series[float] = pa.Field(
        alias=rf"^{CONTRIBUTION_PREFIX}.+$",
        regex=True,
        title="Bidrag",
        description="The part of the quota a criterion accounts for (a row's "
        "contributions sum to its quota).",
    )
