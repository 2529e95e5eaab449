"""Parse whole columns of user input: booleans, dates, numbers and closed vocabularies.

These helpers are shared by ``integreringslov assess`` (CSV files read as text) and the
spreadsheet importer (cells that may already be ``datetime``, ``bool`` or ``float``). Each
takes a :class:`pandas.Series` and returns a :class:`Parsed`: the parsed values, a boolean
mask of the cells that could not be parsed, and the original input, so that the caller can
turn the failures into :class:`~integreringslov.errors.Problem` records. Nothing is dropped
silently: an unparsable cell becomes a missing value *and* is flagged in
:attr:`Parsed.invalid`.

Empty cells (``""``, whitespace only, ``None``, ``NaN``, ``NaT``) are never invalid; they
parse to the missing value of the result (``<NA>``, ``NaT`` or ``NaN``), except for
booleans, where the contract says empty means *false* (see :func:`parse_bool`).

Each vocabulary of a table cell is declared here once, and every reader of such a cell
uses it: the yes/no words (:data:`YES_NO`, read by :func:`parse_bool` — the importers,
the person-table parser and :func:`~integreringslov.tables.validate`'s boolean columns,
so :func:`integreringslov.recommend` too), the dates (:func:`parse_date`), the
kommunenummer (:data:`MUNICIPALITY_CODE`, the schemas' check, and
:func:`parse_municipality`, the importers' reading of it) and whole numbers
(:func:`is_whole`, :func:`parse_whole`).

The API (stable; the importer depends on it):

- :func:`parse_bool` ``(series, *, empty=False) -> Parsed`` — ``boolean`` dtype;
- :func:`parse_date` ``(series) -> Parsed`` — ``datetime64`` dtype (date at midnight);
- :func:`parse_float` ``(series) -> Parsed`` — ``float64`` dtype;
- :func:`parse_whole` ``(series) -> Parsed`` — ``Int64`` dtype;
- :func:`parse_municipality` ``(series) -> Parsed`` — ``str`` dtype, four digits;
- :func:`parse_choice` ``(series, choices) -> Parsed`` — ``category`` dtype, lower-cased;
- :func:`parse_text` ``(series) -> Parsed`` — ``str`` dtype, stripped;
- :meth:`Parsed.problems` ``(column, *, source=None, sheet=None) -> list[Problem]``.

>>> import pandas as pd
>>> p = parse_bool(pd.Series(["Ja", "nei", "x", "", "maybe"]))
>>> p.values.tolist(), p.invalid.tolist()
([True, False, True, False, <NA>], [False, False, False, False, True])
>>> parse_date(pd.Series(["2024-03-01", "01.03.2024", ""])).values.dt.strftime("%F").tolist()
['2024-03-01', '2024-03-01', nan]
>>> parse_float(pd.Series(["37,5", "40", ""])).values.tolist()
[37.5, 40.0, nan]
>>> print(parse_date(pd.Series(["31.02.2024"], index=[7])).problems("birth_date")[0])
row 7, column 'birth_date': cannot read the value as a date (found '31.02.2024'; \
expected a date as YYYY-MM-DD or DD.MM.YYYY)
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Callable, Iterable
from typing import Any, Final

import attrs
import numpy as np
import pandas as pd

from integreringslov._text.i18n import N_, Lang, speaking, spoken, tr
from integreringslov._text.plain import check_words
from integreringslov.errors import Problem
from integreringslov.tables._arrow import ONE_BYTE_TEXTS, one_byte_codes

__all__ = [
    "EXACT_WHOLE",
    "FALSE_WORDS",
    "MUNICIPALITY_CODE",
    "TRUE_WORDS",
    "YES_NO",
    "Parsed",
    "empty_mask",
    "is_whole",
    "parse_bool",
    "parse_choice",
    "parse_date",
    "parse_float",
    "parse_municipality",
    "parse_text",
    "parse_whole",
    "row_label",
    "shown",
    "source_row",
    "ticks_per_day",
    "yes_no_expected",
]

YES_NO: Final[tuple[tuple[str, str], ...]] = (
    ("true", "false"),
    ("ja", "nei"),
    ("j", "n"),
    ("yes", "no"),
    ("1", "0"),
    ("x", ""),
)
"""The yes/no words of a table cell, as the contract lists them: pairs of (yes, no).

«Booleans in CSV and spreadsheets accept true/false, ja/nei, j/n, yes/no, 1/0, x/empty»:
``x`` is yes and an empty cell no. Words are compared case-insensitively, after
stripping spaces. Any other word (``kanskje``, ``sann``, ``y``) is a problem of its cell,
never a silent no."""
TRUE_WORDS: Final = frozenset(yes for yes, _ in YES_NO)
"""Text read as *true* (the first word of each pair of :data:`YES_NO`)."""
FALSE_WORDS: Final = frozenset(no for _, no in YES_NO if no)
"""Text read as *false* (the second word of each pair of :data:`YES_NO`; empty aside)."""

MUNICIPALITY_CODE: Final = r"^\d{4}$"
"""A kommunenummer as every table holds it: four digits (``0301``, ``5001``).

The schemas check their municipality columns with it (``str_matches``); importers read
what a file holds into it with :func:`parse_municipality`."""
_MUNICIPALITY_CELL = r"^[Kk]?-?(\d{1,4})\b"
"""A kommunenummer as files write it: IMDi's ``K`` before it, its leading zeros lost in a
spreadsheet (``301`` for Oslo's ``0301``), a name after it (``3801 Horten``)."""

DATE_EXPECTED = N_("a date as YYYY-MM-DD or DD.MM.YYYY")
FLOAT_EXPECTED = N_("a number (decimal point or decimal comma)")


def yes_no_expected(lang: Lang) -> str:
    """The yes/no words of :data:`YES_NO` in words, for a problem's ``expected``.

    >>> yes_no_expected("en")
    'true/false, ja/nei, j/n, yes/no, 1/0, or x/empty'
    >>> yes_no_expected("nb")
    'true/false, ja/nei, j/n, yes/no, 1/0 eller x/tom'
    """
    with speaking(lang):
        empty = tr("empty")
        pairs = [f"{yes}/{no or empty}" for yes, no in YES_NO]
        return tr("{listed}, or {last}", listed=", ".join(pairs[:-1]), last=pairs[-1])


@attrs.frozen(kw_only=True)
class Parsed:
    """The result of parsing one column: values, a mask of failures, and the input.

    All three series share the input's index. ``values`` holds the missing value of its
    dtype wherever ``invalid`` is true, so a caller that ignores ``invalid`` still never
    sees a wrong value — but it must report them (see :meth:`problems`).
    """

    values: pd.Series
    """The parsed values (dtype depends on the parser)."""
    invalid: pd.Series
    """``bool`` series: true where a non-empty cell could not be parsed."""
    original: pd.Series
    """The input as given, for reporting."""
    expected: str
    """What the parser accepts, in words (goes into each problem's ``expected``)."""
    what: str
    """The kind of value, e.g. ``"a date"`` (goes into each problem's message)."""
    kind: str
    """Short name of the parser: ``bool``, ``date``, ``number``, ``whole``, ``municipality``,
    ``choice`` or ``text``."""
    messages: pd.Series | None = None
    """Per cell, a message that replaces the default one (``None`` where the default
    ``cannot read the value as …`` applies), for cells that parse but break a rule."""

    @property
    def ok(self) -> bool:
        """True when every non-empty cell parsed."""
        return not bool(self.invalid.any())

    def problems(
        self, column: str, *, source: str | None = None, sheet: str | None = None
    ) -> list[Problem]:
        """One :class:`Problem` per unparsable cell, in index order.

        The problem's ``row`` is the cell's index label when that is an integer (importers
        index tables by the row number a person sees in the file), otherwise its 1-based
        position. Values are redacted by :class:`Problem` itself.
        """
        out: list[Problem] = []
        positions = np.flatnonzero(self.invalid.to_numpy(dtype=bool))
        default = tr("cannot read the value as {self_what}", self_what=self.what)
        for pos in positions:
            special = None if self.messages is None else self.messages.iloc[pos]
            out.append(
                Problem(
                    message=special if isinstance(special, str) else default,
                    source=source,
                    sheet=sheet,
                    row=source_row(self.original.index, int(pos)),
                    column=column,
                    value=shown(self.original.iloc[pos]),
                    expected=self.expected,
                    check=f"parse_{self.kind}",
                )
            )
        return out


SHOWN_CHARS = 200
"""How much of an offending value a problem repeats (the rest is cut, marked ``…``)."""


def shown(value: object) -> str:
    """A cell's value as a problem repeats it: text, cut after ``SHOWN_CHARS``.

    >>> shown("x" * 300)[-5:], len(shown("x" * 300))
    ('xxxx…', 201)
    """
    text = str(value)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


def row_label(label: Any) -> int | None:
    """An index label as a row number, or ``None`` when it is not integer-like.

    >>> row_label(4), row_label(4.0), row_label("x"), row_label(True), row_label(None)
    (4, 4, None, None, None)
    """
    if label is None or isinstance(label, bool | np.bool_):
        return None
    if isinstance(label, int | np.integer):
        return int(label)
    if isinstance(label, float | np.floating):
        value = float(label)
        return int(value) if not math.isnan(value) and value.is_integer() else None
    return None


def source_row(index: pd.Index, position: int) -> int:
    """The row a person sees for the cell at ``position`` of ``index``.

    That is the cell's integer index label (the line or sheet row an importer put there),
    else its 1-based position.
    """
    row = row_label(index[position])
    return row if row is not None else position + 1


def empty_mask(series: pd.Series) -> pd.Series:
    """``bool`` series: true where the cell is missing or only whitespace."""
    na = series.isna()
    if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
        text = series.astype("string").str.strip()
        na = na | (text == "").fillna(True)
    return na.astype(bool)


def _text(series: pd.Series) -> pd.Series:
    """Stripped text of every cell (``<NA>`` for missing)."""
    return series.astype("string").str.strip()


def _once_per_value(series: pd.Series, parse: Callable[[pd.Series], Parsed]) -> Parsed | None:
    """``parse`` over the distinct cells of a text column only, spread back to every row.

    A large table repeats its cells (letters, yes/no, dates, hours): each distinct text is
    read once, then the results are taken row by row. ``None`` when the column is not all
    text (where equal-hashing values such as ``True`` and ``1`` must stay apart) or has
    few repeats, for the caller to read it cell by cell.
    """
    if len(series) < 1000 or not (
        pd.api.types.is_string_dtype(series.dtype)
        and (series.dtype != object or pd.api.types.infer_dtype(series, skipna=True) == "string")
    ):
        return None
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    if len(uniques) * 2 > len(series):
        return None
    # the distinct texts, and last an empty cell for the missing ones (code -1)
    distinct = pd.Series([*np.asarray(uniques, dtype=object), None], dtype="object")
    once = parse(distinct)
    at = np.where(codes < 0, len(uniques), codes)
    return attrs.evolve(
        once,
        values=once.values.take(at).set_axis(series.index),
        invalid=pd.Series(once.invalid.to_numpy(dtype=bool)[at], index=series.index),
        original=series,
        messages=None if once.messages is None else once.messages.take(at).set_axis(series.index),
    )


def parse_bool(series: pd.Series, *, empty: bool | None = False) -> Parsed:
    """Parse yes/no cells with the words of :data:`YES_NO`; case-insensitive.

    Accepts ``true/false``, ``ja/nei``, ``j/n``, ``yes/no``, ``1/0`` and ``x`` (true),
    real booleans and the numbers 1 and 0; any other word is invalid. An empty cell is
    ``empty``: *false* by default, as the contract's ``x``/empty convention says; pass
    ``empty=None`` to keep it missing (``<NA>``). Result dtype: pandas ``boolean``.
    """
    each = _once_per_value(series, lambda cells: parse_bool(cells, empty=empty))
    if each is not None:
        return each
    if series.dtype == np.bool_:  # fast path: a numpy bool column has no gaps
        flags = series.to_numpy(dtype=bool)
        result = pd.Series(
            pd.arrays.BooleanArray(flags, np.zeros(len(flags), dtype=bool)), index=series.index
        )
        invalid = pd.Series(False, index=series.index)
    else:
        result = pd.Series(pd.NA, index=series.index, dtype="boolean")
        blank = empty_mask(series)
        if pd.api.types.is_bool_dtype(series.dtype):
            result[:] = series.astype("boolean")
            invalid = pd.Series(False, index=series.index)
        else:
            if pd.api.types.is_numeric_dtype(series.dtype):
                text = series.astype("float64").map(
                    lambda v: "" if math.isnan(v) else ("1" if v == 1 else "0" if v == 0 else "?")
                )
                text = text.astype("string")
            else:
                # real Python booleans in an object column read as "True"/"False"
                text = _text(series).str.lower()
            is_true = text.isin(TRUE_WORDS).fillna(False).astype(bool)
            is_false = text.isin(FALSE_WORDS).fillna(False).astype(bool)
            result[is_true.to_numpy()] = True
            result[is_false.to_numpy()] = False
            invalid = ~(is_true | is_false | blank)
        if empty is not None:
            result[blank.to_numpy() & result.isna().to_numpy()] = empty
    return Parsed(
        values=result,
        invalid=invalid.astype(bool),
        original=series,
        expected=yes_no_expected(spoken()),
        what=tr("a yes/no value (bool)"),
        kind="bool",
    )


def ticks_per_day(dtype: np.dtype[Any]) -> int:
    """How many ticks of a ``datetime64`` dtype make a day (86,400 for seconds).

    >>> ticks_per_day(np.dtype("M8[ms]"))
    86400000
    """
    unit = np.datetime_data(dtype)[0]
    return int(np.timedelta64(1, "D").astype(f"m8[{unit}]").astype(np.int64))


_ISO = r"^\d{4}-\d{2}-\d{2}(?:[T ]00:00(?::00(?:\.0+)?)?)?$"
_NORWEGIAN = r"^\d{1,2}\.\d{1,2}\.\d{4}$"


def parse_date(series: pd.Series) -> Parsed:
    """Parse dates written ``YYYY-MM-DD`` (optionally with a midnight time) or ``DD.MM.YYYY``.

    ``datetime.date``, ``datetime.datetime`` and ``pandas.Timestamp`` cells (from
    spreadsheets) and a ``datetime64`` series are taken as they are, cut to the day.
    Impossible dates (``2024-02-30``) and other text are invalid. Result dtype:
    ``datetime64`` (pandas' default resolution), ``NaT`` where empty or invalid.
    """
    each = _once_per_value(series, parse_date)
    if each is not None:
        return each
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        naive = (
            pd.to_datetime(series).dt.tz_localize(None)
            if getattr(series.dt, "tz", None)
            else series
        )
        arr = naive.to_numpy()
        ticks = arr.view("i8")
        per_day = ticks_per_day(arr.dtype)
        # cut any time of day; most columns have none and are taken as they are. Off
        # midnight by floor division (a tenth of the time of ``%``); NaT, which is off
        # too, is looked for only then.
        off = ticks // per_day * per_day != ticks
        timed = bool(off.any()) and bool((off & ~np.isnat(arr)).any())
        values = (  # (a column without a time of day is kept as it is: no new Series)
            pd.Series(arr.astype("M8[D]").astype(arr.dtype), index=series.index)
            if timed
            else naive
        )
        invalid = pd.Series(False, index=series.index)
    else:
        blank = empty_mask(series)
        values = pd.Series(pd.NaT, index=series.index, dtype="datetime64[us]")
        done = blank.copy()
        if series.dtype == object:
            # a date or datetime object; not NaT, which is a datetime without a date
            is_obj = series.map(lambda v: isinstance(v, _dt.date) and not pd.isna(v))
            is_obj = is_obj.astype(bool)
            if is_obj.any():
                objs = series[is_obj].map(
                    lambda v: _dt.datetime(v.year, v.month, v.day)  # cut any time of day
                )
                values[is_obj.to_numpy()] = pd.to_datetime(objs).astype("datetime64[us]")
                done = done | is_obj
        text = _text(series)
        iso = text.str.match(_ISO).fillna(False).astype(bool) & ~done
        if iso.any():
            values[iso.to_numpy()] = pd.to_datetime(
                text[iso].str.slice(0, 10), format="%Y-%m-%d", errors="coerce"
            ).astype("datetime64[us]")
        nor = text.str.match(_NORWEGIAN).fillna(False).astype(bool) & ~done
        if nor.any():
            values[nor.to_numpy()] = pd.to_datetime(
                text[nor], format="%d.%m.%Y", errors="coerce"
            ).astype("datetime64[us]")
        invalid = ~blank & values.isna()
    return Parsed(
        values=values,
        invalid=invalid.astype(bool),
        original=series,
        expected=tr(DATE_EXPECTED),
        what=tr("a date"),
        kind="date",
    )


def parse_float(series: pd.Series) -> Parsed:
    """Parse numbers, accepting a decimal comma (``37,5``) and spaces as thousands separators.

    A cell with both a comma and a point is ambiguous and invalid. Numeric series pass
    through. Result dtype: ``float64``, ``NaN`` where empty or invalid.
    """
    each = _once_per_value(series, parse_float)
    if each is not None:
        return each
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        values = series.astype("float64")
        invalid = pd.Series(False, index=series.index)
    else:
        blank = empty_mask(series)
        text = _text(series).str.replace(r"[\s\u00a0\u202f]", "", regex=True)
        both = text.str.contains(",", regex=False) & text.str.contains(".", regex=False)
        text = text.str.replace(",", ".", regex=False)
        text = text.where(~both.fillna(False).astype(bool), "?")
        values = pd.to_numeric(text.astype(object).where(~blank, None), errors="coerce")
        values = values.astype("float64")
        invalid = ~blank & values.isna()
    return Parsed(
        values=values,
        invalid=invalid.astype(bool),
        original=series,
        expected=tr(FLOAT_EXPECTED),
        what=tr("a number"),
        kind="number",
    )


EXACT_WHOLE: Final = 2**53
"""The largest whole number a float holds exactly; :func:`parse_whole` reads none larger."""


def is_whole(numbers: pd.Series | np.ndarray[Any, Any]) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """``bool`` array: where a number is whole — finite, without a fraction; false where missing.

    The one whole-number check of the library: the importers' counts and the validation of
    integer columns use it, each adding the bounds of its own column.

    >>> is_whole(np.array([17.0, 2.5, np.inf, np.nan, -3.0])).tolist()
    [True, False, False, False, True]
    """
    values = np.asarray(pd.Series(numbers).astype("float64"), dtype="float64")
    with np.errstate(invalid="ignore"):
        whole: np.ndarray[Any, np.dtype[np.bool_]] = np.isfinite(values) & (
            values == np.floor(values)
        )
    return whole


def parse_whole(series: pd.Series) -> Parsed:
    """Parse whole numbers as :func:`parse_float` reads numbers (``17``, ``17,0``, ``1 234``).

    A number with a fraction (``2.5``), an infinite one, or one beyond :data:`EXACT_WHOLE`
    is invalid. Result dtype: ``Int64``, ``<NA>`` where empty or invalid.
    """
    number = parse_float(series)
    values = number.values
    fraction = values.notna().to_numpy(dtype=bool) & ~(
        is_whole(values) & (np.abs(values.to_numpy()) <= EXACT_WHOLE)
    )
    return Parsed(
        values=values.where(~fraction).astype("Int64"),
        invalid=number.invalid | fraction,
        original=series,
        expected=tr("a whole number"),
        what=tr("a whole number"),
        kind="whole",
    )


def parse_municipality(series: pd.Series) -> Parsed:
    """Read kommunenummer cells as :data:`MUNICIPALITY_CODE`: ``K3801`` → ``3801``.

    A cell may hold IMDi's ``K`` before the number, lose the leading zeros in a spreadsheet
    (``301`` → ``0301``) or have a name after it (``3801 Horten``); numbers (``3801.0``)
    are read as their digits. Whether a code exists is the region registry's question
    (:mod:`integreringslov.regions`), not this one's. Result dtype: ``str``, missing where
    empty or invalid.

    >>> parse_municipality(pd.Series(["K3801", "301", "5001 Trondheim", "Oslo"])).values.tolist()
    ['3801', '0301', '5001', nan]
    """
    blank = empty_mask(series)
    digits = _text(series).str.extract(_MUNICIPALITY_CELL, expand=False)
    ok = digits.notna().to_numpy(dtype=bool)
    values = digits.str.zfill(4).astype("str").where(ok, np.nan)
    return Parsed(
        values=values,
        invalid=~blank & ~ok,
        original=series,
        expected=check_words("str_matches", {"pattern": MUNICIPALITY_CODE}, None, spoken()),
        what=tr("a kommunenummer"),
        kind="municipality",
    )


def parse_choice(series: pd.Series, choices: Iterable[str]) -> Parsed:
    """Parse a closed vocabulary (e.g. permit letters ``a``–``g``), case-insensitively.

    Result dtype: ``category`` whose categories are the choices found (lower-cased), in the
    order given; missing where empty or invalid. Each distinct cell is read once (the
    column is factorised first, or its categories read): fast on a million rows. A
    categorical column whose categories are all choices already is taken as it is.
    """
    allowed = list(dict.fromkeys(c.lower() for c in choices))
    listed = ", ".join(sorted(allowed))
    expected = tr("one of {listed} (or empty)", listed=listed)
    what = tr("a code")
    if isinstance(series.dtype, pd.CategoricalDtype) and set(series.cat.categories) <= set(allowed):
        ok = pd.Series(False, index=series.index)
        return Parsed(values=series, invalid=ok, original=series, expected=expected,
                      what=what, kind="choice")  # fmt: skip
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = series.cat.codes.to_numpy()
        uniques = pd.Index(series.cat.categories)
    elif (short := one_byte_codes(series)) is not None:  # a code of one byte a cell
        codes, uniques = short, ONE_BYTE_TEXTS
    else:
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
    # the uniques that occur (a category or a byte need not; small codes, one count)
    used = np.bincount(codes + 1, minlength=len(uniques) + 1)[1:] > 0
    normal = pd.Index(uniques, dtype=object).astype("str").str.strip().str.lower()
    lookup = {c: i for i, c in enumerate(allowed)}
    # Per distinct cell its choice (-1: none), and last a missing cell's, which code -1
    # picks: every row is then read by one lookup in these few values.
    known = np.array([*(lookup.get(v, -1) for v in normal), -1], dtype=np.int64)
    wrong = np.append(~(normal.isin(allowed) | (normal == "")), False)
    # the choices found, in the order given
    present = sorted({int(k) for k in known[:-1][used] if k >= 0})
    small = np.int8 if len(allowed) < 127 else np.int32  # the codes in the fewest bytes
    renumber: np.ndarray[Any, np.dtype[np.integer[Any]]] = np.full(len(allowed) + 1, -1, small)
    renumber[present] = np.arange(len(present))
    values = pd.Categorical.from_codes(
        np.take(renumber[known], codes),  # (``take``: half the time of indexing)
        categories=pd.Index([allowed[i] for i in present], dtype=object),
        validate=False,  # each code is one of ``renumber``'s
    )
    return Parsed(
        values=pd.Series(values, index=series.index),
        invalid=pd.Series(np.take(wrong, codes), index=series.index),
        original=series,
        expected=expected,
        what=what,
        kind="choice",
    )


def parse_text(series: pd.Series) -> Parsed:
    """Strip text cells; never invalid. Result dtype: ``str``, missing where empty."""
    blank = empty_mask(series)
    values = _text(series).astype("str").where(~blank, np.nan)
    return Parsed(
        values=values,
        invalid=pd.Series(False, index=series.index),
        original=series,
        expected=tr("text"),
        what=tr("text"),
        kind="text",
    )
