"""Cells as the table's parsers take them: numbers, text, Excel serial dates."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from integreringslov.tables import _coerce as coerce
from integreringslov.tables.persons import (
    Column,
    Kind,
)
from integreringslov_importers.spreadsheet._vocabulary import _EXCEL_EPOCH


def _typed(values: list[Any]) -> pd.Series:
    """One column of cells as the narrowest dtype that holds them all (C-level inference).

    Empty cells (``""`` from calamine or CSV) become missing; a column of only text becomes
    ``str``, of only numbers ``float64``, of only dates ``datetime64``; mixed columns stay
    ``object`` and take the slower per-cell path.
    """
    arr = np.array(values, dtype=object)
    if arr.size:
        arr[arr == ""] = None
    series = pd.Series(arr, dtype=object)
    kind = pd.api.types.infer_dtype(series, skipna=True)
    if kind == "string":
        return series.astype("str")
    if kind in ("floating", "integer", "mixed-integer-float"):
        return series.astype("float64")
    if kind in ("datetime", "datetime64", "date"):
        converted = pd.to_datetime(series, errors="coerce")
        if converted.isna().sum() == series.isna().sum():
            return converted
    if kind == "boolean":
        return series.astype("boolean")
    return series


def _is_number(series: pd.Series) -> pd.Series:
    if pd.api.types.is_bool_dtype(series.dtype):
        return pd.Series(False, index=series.index)
    if pd.api.types.is_numeric_dtype(series.dtype):
        return series.notna()
    if series.dtype != object:
        return pd.Series(False, index=series.index)
    return series.map(lambda v: isinstance(v, int | float) and not isinstance(v, bool)).astype(bool)


def _as_text(series: pd.Series) -> pd.Series:
    """Cells as text (``""`` when empty); whole numbers (``17.0``) become ``"17"``."""
    if pd.api.types.is_string_dtype(series.dtype) and series.dtype != object:
        return series.fillna("")
    num = _is_number(series)
    out = series.astype(object).copy()
    if num.any():
        vals = pd.to_numeric(series[num], errors="coerce")
        whole = coerce.is_whole(vals) & (vals.abs() <= coerce.EXACT_WHOLE).to_numpy()
        out[num[num].index[whole]] = vals[whole].astype("int64").astype(str)
    return out.map(
        lambda v: (
            ""
            if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v))
            else v
            if isinstance(v, str)
            else str(v)
        )
    )


def _serial_dates(series: pd.Series) -> pd.Series:
    """Excel serial numbers (days since 1899-12-30) in a date column → dates."""
    num = _is_number(series)
    if not num.any():
        return series
    vals = pd.to_numeric(series[num], errors="coerce").to_numpy(dtype="float64")
    ok = (vals >= 1) & (vals < 2_958_466)
    days = np.floor(vals[ok]).astype("int64")
    dates = (_EXCEL_EPOCH + days.astype("timedelta64[D]")).astype("M8[us]")
    if pd.api.types.is_numeric_dtype(series.dtype):  # a column of serial numbers only
        out = pd.Series(pd.NaT, index=series.index, dtype="datetime64[us]")
        out[num[num].index[ok]] = dates
        bad = num & ~out.notna()
        if bad.any():  # out-of-range numbers stay as they are, to be reported
            return series.astype(object).where(~bad, series.astype(object)).where(bad, out)
        return out
    out_obj = series.astype(object).copy()
    out_obj[num[num].index[ok]] = list(pd.DatetimeIndex(dates).to_pydatetime())
    return out_obj


def _parse(kind: str, series: pd.Series) -> coerce.Parsed:
    """A column of the municipality table: ``bool``, ``int``/``float`` or text."""
    if kind == "bool":
        return coerce.parse_bool(_as_text(series))
    if kind == "float":
        return coerce.parse_float(series)
    if kind == "int":
        return coerce.parse_whole(series)
    if kind == "municipality":
        return coerce.parse_municipality(_as_text(series))
    return coerce.parse_text(_as_text(series))


def _person_cells(column: Column, series: pd.Series) -> pd.Series:
    """A sheet's cells of a person column as the table's parser takes them.

    A workbook's numbers become dates in a date column (Excel serial numbers) and text
    elsewhere (``1.0`` → ``"1"``, for an id, a letter or a yes/no cell); text is stripped.
    A fødselsnummer written as a number gets back the leading zero a spreadsheet dropped.
    """
    if column.kind is Kind.DATE:
        return _serial_dates(series)
    if column.kind is Kind.HOURS:
        return series
    # a CSV's text column is text already (an empty cell missing, which reads as empty)
    plain = pd.api.types.is_string_dtype(series.dtype) and series.dtype != object
    text = series if plain else _as_text(series)
    if column.kind is Kind.IDENTITY:
        return text.str.zfill(11).where(text.notna() & (text != ""), "")
    return text.str.strip() if column.kind is Kind.ID else text
