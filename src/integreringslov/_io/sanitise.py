"""Cells made safe to write: formulas neutralised, identity numbers masked.

**Formulas.** In the two formats a spreadsheet opens (CSV and xlsx), text that a spreadsheet
could run as a formula is neutralised (OWASP "CSV injection"): a text cell — and every line
inside it, after a carriage return or line feed — that starts with ``=``, ``+``, ``-``, ``@``,
a tab, a carriage return or ``'`` gets a leading ``'``. The ``'`` itself is in the list so
that the change can be undone exactly: reading a written table back
(``readback``) removes one leading ``'`` from each such line and gives
back the value that was written (``=1+1`` and ``'=1+1`` stay two values); other software
shows the ``'``. Numbers (negative ones too) are left alone.

**Identity numbers.** Column names and text cells are passed through
``redact`` before they are written, so a fødselsnummer in a
header, a category label or a name never reaches a file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

import numpy as np
import pandas as pd

from integreringslov._text.privacy import UNPRINTABLE_ENCODABLE, printable_lines, redact

__all__ = [
    "FORMULA_PREFIXES",
    "clean_frame",
    "escape_formula",
    "is_text",
    "neutralise_formulas",
    "set_column",
    "unescape_column",
    "unescape_formula",
]

FORMULA_PREFIXES: Final = ("=", "+", "-", "@", "\t", "\r", "'")
"""First characters (of a cell, or of a line in a cell) that get a leading ``'`` in CSV and
xlsx output: what makes a spreadsheet treat text as a formula (OWASP CSV injection), and the
``'`` itself so that the prefix can be removed again without loss."""

_ESCAPE = re.compile(r"(?:^|(?<=[\r\n]))(?=[=+\-@\t\r'])")
_UNESCAPE = re.compile(r"(?:^|(?<=[\r\n]))'(?=[=+\-@\t\r'])")


def escape_formula(text: str) -> str:
    r"""``text`` with ``'`` before each line that starts with a :data:`FORMULA_PREFIXES` character.

    >>> escape_formula("=1+1"), escape_formula("'=1+1"), escape_formula("Oslo\r=cmd")
    ("'=1+1", "''=1+1", "Oslo\r'=cmd")
    """
    return _ESCAPE.sub("'", text)


def unescape_formula(text: str) -> str:
    r"""Undo :func:`escape_formula`: ``unescape_formula(escape_formula(t)) == t`` for any text.

    >>> unescape_formula("''=1+1")
    "'=1+1"
    """
    return _UNESCAPE.sub("", text)


def unescape_column(values: pd.Series) -> pd.Series:
    """:func:`unescape_formula` on every cell of a text column, in one vectorised pass.

    >>> import pandas as pd
    >>> unescape_column(pd.Series(["'=1+1", "''=1+1", "ok"])).tolist()
    ['=1+1', "'=1+1", 'ok']
    """
    if not values.str.contains("'", regex=False).any():  # only such cells were escaped
        return values
    return values.str.replace(_UNESCAPE.pattern, "", regex=True)


def is_text(series: pd.Series) -> bool:
    """Whether ``series`` holds text: object, string or categorical cells."""
    return bool(
        pd.api.types.is_object_dtype(series.dtype)
        or pd.api.types.is_string_dtype(series.dtype)
        or isinstance(series.dtype, pd.CategoricalDtype)
    )


def set_column(frame: pd.DataFrame, position: int, values: pd.Series) -> None:
    """Replace the column at ``position`` (labels may repeat) keeping ``values``' dtype."""
    frame.isetitem(position, values.array)


def _for_spreadsheets(text: str) -> str:
    return escape_formula(redact(text))


_ID_LIKE = "\\d{6}[ .\\-\u00a0]?\\d{3} ?\\d{2}"
_MAY_CHANGE: dict[Callable[[str], str], str] = {
    redact: _ID_LIKE,
    _for_spreadsheets: _ID_LIKE + "|(?:^|[\\r\\n])[=+\\-@\\t\\r']",
    printable_lines: _ID_LIKE + "|" + UNPRINTABLE_ENCODABLE.pattern,  # Arrow: no surrogates
}
"""For each cleaning, a pattern every text it would change matches (its own patterns without
their look-arounds, so a superset): a column is searched with it in one vectorised pass, and
only the cells it finds are cleaned one by one."""


def _may_change(series: pd.Series, clean_text: Callable[[str], str]) -> np.ndarray | None:
    """Which cells ``clean_text`` might change, or ``None`` when it cannot be told cheaply."""
    pattern = _MAY_CHANGE.get(clean_text)
    if pattern is None:
        return None
    try:
        text = series.astype("string[pyarrow]")
    except (TypeError, ValueError, ImportError):  # cells that are not text, or no pyarrow
        return None
    found: np.ndarray = text.str.contains(pattern, regex=True).fillna(False).to_numpy(bool)
    return found


def _clean_series(series: pd.Series, clean_text: Callable[[str], str]) -> pd.Series:
    def clean(value: object) -> object:
        return clean_text(value) if isinstance(value, str) else value

    if isinstance(series.dtype, pd.CategoricalDtype):
        cats = series.cat.categories
        if not (
            pd.api.types.is_object_dtype(cats.dtype) or pd.api.types.is_string_dtype(cats.dtype)
        ):
            return series
        new = [clean(c) for c in cats]
        if new == list(cats):
            return series
        if len(set(new)) == len(new):
            return series.cat.rename_categories(new)
        # two labels redacted to the same mask: the column is no longer a set of categories
        return series.astype(object).map(clean).astype("category")
    candidates = _may_change(series, clean_text)
    if candidates is None:
        return series.map(clean)
    if not candidates.any():
        return series
    out = series.astype(object)
    out[candidates] = series[candidates].map(clean)
    return out.astype(series.dtype) if not pd.api.types.is_object_dtype(series) else out


def clean_frame(frame: pd.DataFrame, clean_text: Callable[[str], str] = redact) -> pd.DataFrame:
    """A copy of ``frame`` with ``clean_text`` applied to every text cell and column name.

    By default ``redact``: identity numbers masked.
    """
    out = frame.copy()
    for position in range(frame.shape[1]):
        values = frame.iloc[:, position]
        if is_text(values):
            set_column(out, position, _clean_series(values, clean_text))
    out.columns = [clean_text(c) if isinstance(c, str) else c for c in frame.columns]
    return out


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` that a spreadsheet cannot run, and without identity numbers.

    Text cells and column names get :func:`escape_formula` (numbers, including negative
    ones, are left alone) after ``redact``. The escape is
    reversible, so distinct values stay distinct (a categorical column never collides).

    >>> import pandas as pd
    >>> neutralise_formulas(pd.DataFrame({"a": ["=1+1", "ok"], "n": [-1, 2]}))["a"].tolist()
    ["'=1+1", 'ok']
    """
    return clean_frame(frame, _for_spreadsheets)
