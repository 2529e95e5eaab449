r"""Validation failures in plain words, in bokmål or English — never a check expression.

:func:`integreringslov.tables.validate` reports each failing cell with the check that failed
(``check``, for machine readers: ``str_matches('^\d{4}$')``, ``isin([...])``,
``coerce_dtype('int64')``) and, for people, a ``message`` and an ``expected`` made here from
the check's name and its parameters: *"the value is not four digits (e.g. 5001)"*, *"verdien
er ikke én av: a, b, c"*. A check with its own ``error`` text (a plugin's ``pa.Check(...,
error="a count of persons, 0 or more")``) is shown in those words.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from integreringslov._text.i18n import N_, Lang, speaking, tr

__all__ = ["check_words", "dtype_words", "wording"]

_PATTERNS: Final[dict[str, str]] = {
    r"^\d{4}$": N_("four digits (e.g. 5001)"),
    r"^\d{2}$": N_("two digits (e.g. 50)"),
    r"^\d{4}-\d{2}$": N_("a month written YYYY-MM"),
    r"^\d{4}-\d{2}-\d{2}$": N_("a date written YYYY-MM-DD"),
    r"^\d{4}-(0[1-9]|1[0-2])$": N_("a month written YYYY-MM"),
}
"""Regular expressions the library's schemas use, in words."""

_DTYPES: Final[dict[str, str]] = {
    "int": N_("a whole number"),
    "float": N_("a number (decimal point or comma)"),
    "datetime": N_("a date (YYYY-MM-DD or DD.MM.YYYY)"),
    "category": N_("a code"),
    "str": N_("text"),
}

_WORDS: Final[dict[str, str]] = {
    "equal_to": N_("equal to {value}"),
    "not_equal_to": N_("anything but {value}"),
    "greater_than": N_("a number above {min_value}"),
    "greater_than_or_equal_to": N_("a number of at least {min_value}"),
    "less_than": N_("a number below {max_value}"),
    "less_than_or_equal_to": N_("a number of at most {max_value}"),
    "in_range": N_("a number from {min_value} to {max_value}"),
    "isin": N_("one of: {allowed_values}"),
    "notin": N_("none of: {forbidden_values}"),
    "str_matches": N_("text of the form {pattern}"),
    "str_contains": N_("text containing {pattern}"),
    "str_startswith": N_("text starting with {string}"),
    "str_endswith": N_("text ending with {string}"),
    "str_length": N_("text of {length} characters"),
    "field_uniqueness": N_("a value no other row has"),
    "not_nullable": N_("a value (the cell may not be empty)"),
}

_MESSAGES: Final[dict[str, str]] = {
    "value": N_("invalid value"),
    "coerce": N_("the value cannot be read"),
    "coerce_column": N_(
        "the column cannot be read as a whole, though no single value fails on its own (mixed "
        "date formats or time zones?)",
    ),
    "not_nullable": N_("the cell is empty"),
    "field_uniqueness": N_("the value is also in another row"),
    "row": N_("the row breaks a rule of the table"),
    "table": N_("the table breaks a rule"),
    "unknown_column": N_("column {column!r} is not part of {table}"),
    "missing_column": N_("column {column!r} is required by {table} but missing"),
    "all_rows": N_("{message}, in all {rows} rows"),
    "wrong_kind": N_("this is not a {table}: every row fails{like}"),
    "looks_like": N_(" (it looks like a {other})"),
    "report_from": N_(" from {source}"),
    "report_notes": N_("Notes (left out on purpose, or decided):"),
    "found": N_("found"),
    "expected": N_("expected"),
    "row_word": N_("row"),
    "column_word": N_("column"),
    "sheet_word": N_("sheet"),
    "and_more": N_("  ... and {n} more"),
}


def wording(key: str, lang: Lang, **values: Any) -> str:
    """The message ``key`` (``"value"``, ``"coerce"``, ``"row"``, ...) in ``lang``, filled in."""
    with speaking(lang):
        return tr(_MESSAGES[key], **values)


def dtype_words(dtype: str, lang: Lang) -> str:
    """A pandas/pandera type (``int64``, ``Int64``, ``datetime64[ns]``, ...) in words.

    Not ``bool``: the yes/no words are the table layer's
    (``yes_no_expected``).
    """
    name = dtype.lower()
    for key in ("datetime", "category", "int", "float"):
        if name.startswith(key):
            break
    else:
        key = "str"
    with speaking(lang):
        return tr(_DTYPES[key])


def _listed(values: object) -> str:
    if isinstance(values, list | tuple | set | frozenset):
        items = [str(v) for v in values]
        return ", ".join(items[:12]) + (", …" if len(items) > 12 else "")
    return str(values)


def _number(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def check_words(name: str, statistics: Mapping[str, Any], error: str | None, lang: Lang) -> str:
    r"""What a check expects, in words: from its own ``error`` text, or its name and parameters.

    >>> check_words("greater_than_or_equal_to", {"min_value": 0}, None, "nb")
    'et tall på minst 0'
    >>> check_words("str_matches", {"pattern": "^\\d{4}$"}, None, "en")
    'four digits (e.g. 5001)'
    >>> check_words("finite", {}, "a finite number (not inf)", "en")
    'a finite number (not inf)'
    """
    template = _WORDS.get(name)
    if template is None or (error and not error.startswith(f"{name}(")):
        return error or name  # the check's author's own words
    with speaking(lang):
        return _check_words(name, template, dict(statistics), error or name)


def _check_words(name: str, template: str, stats: dict[str, Any], otherwise: str) -> str:
    if name == "str_matches" and str(stats.get("pattern")) in _PATTERNS:
        return tr(_PATTERNS[str(stats["pattern"])])
    if name == "str_length":
        low, high = stats.get("min_value"), stats.get("max_value")
        if high is None:
            length = tr("at least {low}", low=low)
        elif low is None:
            length = tr("at most {high}", high=high)
        else:
            length = f"{low}–{high}"
        stats["length"] = length
    for key in ("allowed_values", "forbidden_values"):
        if key in stats:
            stats[key] = _listed(sorted(stats[key], key=str))
    for key in ("min_value", "max_value", "value"):
        if key in stats:
            stats[key] = _number(stats[key])
    try:
        return tr(template, **stats)
    except (KeyError, IndexError):
        return otherwise
