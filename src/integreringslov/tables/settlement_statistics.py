"""IMDi's published settlement statistics and IMDi's other wide tables.

*Bosettingsstatistikk fra IMDi* — the figures IMDi publishes per municipality and year:
how many refugees each municipality was asked to settle (*anmodning om bosetting*), the
first request of a year that was later revised (*opprinnelig anmodning*), how many the
municipality decided to settle (*vedtak om bosetting*) and how many were actually settled
(*faktisk bosetting*), for all refugees and for unaccompanied minors (*enslige
mindreårige*). IMDi data is published under NLOD 2.0.

:class:`SettlementStatistics` is the contract's IMDi table (one row per municipality,
year, population and measure). :class:`ImdiWideTable` is the long form of any other IMDi
wide export (for example ``befolkning_botid``): one column per dimension of the export.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import DataFrame, Series

from integreringslov.tables import Table
from integreringslov.tables._coerce import MUNICIPALITY_CODE

__all__ = [
    "IMDI_STATUS",
    "MEASURES",
    "POPULATIONS",
    "ImdiWideTable",
    "SettlementStatistics",
]

MEASURES: tuple[str, ...] = ("requested", "requested_original", "decided", "settled")
"""The measures of :class:`SettlementStatistics`, in the order of the settlement process."""

POPULATIONS: tuple[str, ...] = ("all", "unaccompanied_minors")
"""The populations of :class:`SettlementStatistics`."""

IMDI_STATUS: tuple[str, ...] = ("", ".", ":")
"""IMDi's symbols: empty (a figure), ``.`` (nothing to report) and ``:`` (suppressed)."""

_WIDE_FIXED = ("region", "region_name", "unit", "year", "value", "status")
_WIDE_DIMENSION = r"^(?!(?:" + "|".join(_WIDE_FIXED) + r")$).+$"


class SettlementStatistics(Table):
    """IMDi settlement statistics — *anmodning, vedtak og faktisk bosetting*.

    One row per ``year``, ``municipality``, ``population`` and ``measure``. ``persons`` is
    null where IMDi publishes a symbol instead of a figure; the symbol is in ``status``.
    Percentages (IMDi's ``Enhet: Prosent``) are not part of the table: they are the
    figure divided by the request and can be recomputed.
    """

    year: Series[int] = pa.Field(
        ge=1900,
        le=2200,
        title="År",
        description="The calendar year the request, decision or settlement belongs to.",
    )
    municipality: Series[str] = pa.Field(
        str_matches=MUNICIPALITY_CODE,
        title="Kommunenummer",
        description="The four-digit municipality number as IMDi published it, including "
        "historical numbers and 9999 (uoppgitt kommune); resolve old numbers with "
        "integreringslov.regions.resolve.",
    )
    population: Series[str] = pa.Field(
        isin=list(POPULATIONS),
        title="Gruppe",
        description="'all' for all refugees, 'unaccompanied_minors' for IMDi's table of "
        "unaccompanied minors (enslige mindreårige).",
    )
    measure: Series[str] = pa.Field(
        isin=list(MEASURES),
        title="Bosetting",
        description="'requested' (anmodning om bosetting, the latest request), "
        "'requested_original' (opprinnelig anmodning, the first request of a year that "
        "was revised), 'decided' (vedtak om bosetting) or 'settled' (faktisk bosetting).",
        metadata={"provision": "integreringsloven § 4 første ledd; § 4 tredje ledd"},
    )
    persons: Series[pd.Int64Dtype] = pa.Field(
        nullable=True,
        ge=0,
        title="Antall personer",
        description="Number of persons; null where IMDi published a symbol or nothing.",
    )
    status: Series[str] = pa.Field(
        isin=list(IMDI_STATUS),
        title="Status",
        description="IMDi's symbol for a missing figure: '.' (nothing to report, e.g. no "
        "request was made), ':' (suppressed, small numbers), or empty for a figure.",
    )

    @pa.dataframe_check(name="symbol_means_no_count", error="a status symbol has no count")
    @classmethod
    def _symbol_means_no_count(cls, frame: DataFrame[pd.DataFrame]) -> pd.Series[bool]:
        return (frame["status"] == "") | frame["persons"].isna()

    @pa.dataframe_check(
        name="unique_figure",
        error="at most one figure per year, municipality, population and measure",
    )
    @classmethod
    def _unique_figure(cls, frame: DataFrame[pd.DataFrame]) -> pd.Series[bool]:
        keys = ["year", "municipality", "population", "measure"]
        counted = frame["persons"].notna()
        dup = frame[keys].where(counted).duplicated(keep=False) & counted
        return ~dup


class ImdiWideTable(Table):
    """An IMDi wide export in long form — e.g. *befolkning etter botid*.

    IMDi's wide CSV exports have one header row per dimension (``Dimensjon: verdi``).
    The long form has the region, one column per dimension other than ``Enhet`` and
    ``År``, named as IMDi names it (``Botid i Norge``, ``Verdensregion``, ...) and holding
    the category labels as published, then ``unit``, ``year``, ``value`` and ``status``.
    """

    region: Series[str] = pa.Field(
        str_matches=r"^[A-Z]*\d+$",
        title="Region",
        description="The region id as IMDi publishes it: a letter for the level (K = "
        "kommune, F = fylke, B = bydel, N = næringsregion) followed by the number, e.g. "
        "K3801.",
    )
    region_name: Series[str] = pa.Field(
        title="Navn",
        description="The region's name as published, with any validity note such as "
        "'(f.o.m. 2020)'.",
    )
    dimension: Series[str] = pa.Field(
        alias=_WIDE_DIMENSION,
        regex=True,
        required=False,
        title="Dimensjon",
        description="One column per other dimension of the export, named as IMDi names "
        "it, holding the category label as published.",
    )
    unit: Series[str] = pa.Field(
        title="Enhet",
        description="IMDi's unit, e.g. 'Personer' or 'Prosent'; never mix units when summing.",
    )
    year: Series[int] = pa.Field(
        ge=1900, le=2200, title="År", description="The year the figure belongs to."
    )
    value: Series[float] = pa.Field(
        nullable=True,
        title="Verdi",
        description="The figure; null where IMDi published a symbol or nothing.",
    )
    status: Series[str] = pa.Field(
        isin=list(IMDI_STATUS),
        title="Status",
        description="'.' (nothing to report), ':' (suppressed), or empty for a figure.",
    )
