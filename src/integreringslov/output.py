"""Write tables to files, choosing the format by the file's suffix.

``.csv`` is UTF-8 and safe to open in a spreadsheet: text cells that a spreadsheet would
take for a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return)
are prefixed with ``'``. Numbers are written as numbers. ``.parquet`` needs the
``parquet`` extra (pyarrow). ``.json`` is a list of records.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from integreringslov.errors import InvalidInputError, MissingExtraError, Problem

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["FORMULA_PREFIXES", "SUFFIXES", "neutralise_formulas", "write_table"]

SUFFIXES = (".csv", ".parquet", ".json")
"""The file suffixes :func:`write_table` knows."""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet treat a text cell as a formula (OWASP CSV injection)."""


def _is_text(series: pd.Series) -> bool:
    import pandas as pd  # not at the top: the command line reads SUFFIXES without pandas

    return bool(
        pd.api.types.is_object_dtype(series.dtype)
        or pd.api.types.is_string_dtype(series.dtype)
        or isinstance(series.dtype, pd.CategoricalDtype)
    )


def _neutralise_series(series: pd.Series) -> pd.Series:
    import pandas as pd

    if isinstance(series.dtype, pd.CategoricalDtype):
        cats = series.cat.categories
        if not (
            pd.api.types.is_object_dtype(cats.dtype) or pd.api.types.is_string_dtype(cats.dtype)
        ):
            return series
        new = [_neutralise_cell(c) for c in cats]
        if new == list(cats):
            return series
        # Distinct categories stay distinct: a prefix only ever adds a leading "'".
        return series.cat.rename_categories(new)
    return series.map(_neutralise_cell)


def _neutralise_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells cannot be read as spreadsheet formulas.

    Only text cells are changed (numbers, including negative ones, are left alone); a text
    cell starting with one of :data:`FORMULA_PREFIXES` gets a leading ``'``. Column names
    are neutralised too.

    >>> import pandas as pd
    >>> neutralise_formulas(pd.DataFrame({"a": ["=1+1", "ok"], "n": [-1, 2]}))["a"].tolist()
    ["'=1+1", 'ok']
    """
    out = frame.copy()
    for column in out.columns:
        if _is_text(out[column]):
            out[column] = _neutralise_series(out[column])
    out.columns = [_neutralise_cell(c) if isinstance(c, str) else c for c in out.columns]
    return out


def _dates_as_days(frame: pd.DataFrame) -> pd.DataFrame:
    """Date columns (datetimes all at midnight) as ``YYYY-MM-DD`` text, as in the CSV."""
    import pandas as pd

    out = frame
    for column in frame.columns:
        values = frame[column]
        if not pd.api.types.is_datetime64_any_dtype(values) or values.dt.tz is not None:
            continue
        present = values.dropna()
        if (present == present.dt.normalize()).all():
            if out is frame:
                out = frame.copy()
            out[column] = values.dt.strftime("%Y-%m-%d")
    return out


def write_table(frame: pd.DataFrame, path: str | os.PathLike[str]) -> None:
    """Write ``frame`` to ``path`` in the format its suffix names.

    * ``.csv`` — UTF-8, comma-separated, no index, formula-looking text neutralised;
    * ``.parquet`` — Apache Parquet via pyarrow (the ``parquet`` extra);
    * ``.json`` — a JSON array of records (UTF-8; dates as ``YYYY-MM-DD``, times ISO).

    :raises InvalidInputError: When the suffix is none of these.
    :raises MissingExtraError: When writing Parquet without pyarrow installed.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".csv":
        neutralise_formulas(frame).to_csv(target, index=False, encoding="utf-8")
    elif suffix == ".parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError as exc:
            raise MissingExtraError("parquet", "pyarrow", "Writing Parquet files") from exc
        frame.to_parquet(target, index=False, engine="pyarrow")
    elif suffix == ".json":
        text = _dates_as_days(frame).to_json(
            orient="records", date_format="iso", force_ascii=False, indent=2
        )
        target.write_text((text or "[]") + "\n", encoding="utf-8")
    else:
        raise InvalidInputError(
            [
                Problem(
                    message="cannot write this kind of file",
                    source=str(target),
                    value=suffix or "(no suffix)",
                    expected="one of " + ", ".join(SUFFIXES),
                    check="output_suffix",
                )
            ],
            what=str(target),
        )
