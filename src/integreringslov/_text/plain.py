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

from integreringslov._text.i18n import Lang

__all__ = ["check_words", "dtype_words", "wording"]

_PATTERNS: Final[dict[str, dict[Lang, str]]] = {
    r"^\d{4}$": {"en": "four digits (e.g. 5001)", "nb": "fire sifre (f.eks. 5001)"},
    r"^\d{2}$": {"en": "two digits (e.g. 50)", "nb": "to sifre (f.eks. 50)"},
    r"^\d{4}-\d{2}$": {"en": "a month written YYYY-MM", "nb": "en måned skrevet ÅÅÅÅ-MM"},
    r"^\d{4}-\d{2}-\d{2}$": {"en": "a date written YYYY-MM-DD", "nb": "en dato skrevet ÅÅÅÅ-MM-DD"},
    r"^\d{4}-(0[1-9]|1[0-2])$": {"en": "a month written YYYY-MM", "nb": "en måned skrevet ÅÅÅÅ-MM"},
}
"""Regular expressions the library's schemas use, in words."""

_DTYPES: Final[dict[str, dict[Lang, str]]] = {
    "int": {"en": "a whole number", "nb": "et heltall"},
    "float": {
        "en": "a number (decimal point or comma)",
        "nb": "et tall (desimalpunktum eller -komma)",
    },
    "datetime": {
        "en": "a date (YYYY-MM-DD or DD.MM.YYYY)",
        "nb": "en dato (ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ)",
    },
    "category": {"en": "a code", "nb": "en kode"},
    "str": {"en": "text", "nb": "tekst"},
}

_WORDS: Final[dict[str, dict[Lang, str]]] = {
    "equal_to": {"en": "equal to {value}", "nb": "lik {value}"},
    "not_equal_to": {"en": "anything but {value}", "nb": "noe annet enn {value}"},
    "greater_than": {"en": "a number above {min_value}", "nb": "et tall over {min_value}"},
    "greater_than_or_equal_to": {
        "en": "a number of at least {min_value}",
        "nb": "et tall på minst {min_value}",
    },
    "less_than": {"en": "a number below {max_value}", "nb": "et tall under {max_value}"},
    "less_than_or_equal_to": {
        "en": "a number of at most {max_value}",
        "nb": "et tall på høyst {max_value}",
    },
    "in_range": {
        "en": "a number from {min_value} to {max_value}",
        "nb": "et tall fra {min_value} til {max_value}",
    },
    "isin": {"en": "one of: {allowed_values}", "nb": "én av: {allowed_values}"},
    "notin": {"en": "none of: {forbidden_values}", "nb": "ingen av: {forbidden_values}"},
    "str_matches": {"en": "text of the form {pattern}", "nb": "tekst på formen {pattern}"},
    "str_contains": {"en": "text containing {pattern}", "nb": "tekst som inneholder {pattern}"},
    "str_startswith": {
        "en": "text starting with {string}",
        "nb": "tekst som begynner med {string}",
    },
    "str_endswith": {"en": "text ending with {string}", "nb": "tekst som slutter med {string}"},
    "str_length": {"en": "text of {length} characters", "nb": "tekst på {length} tegn"},
    "field_uniqueness": {"en": "a value no other row has", "nb": "en verdi ingen annen rad har"},
    "not_nullable": {
        "en": "a value (the cell may not be empty)",
        "nb": "en verdi (cellen kan ikke være tom)",
    },
}

_MESSAGES: Final[dict[str, dict[Lang, str]]] = {
    "value": {"en": "invalid value", "nb": "ugyldig verdi"},
    "coerce": {"en": "the value cannot be read", "nb": "verdien kan ikke leses"},
    "coerce_column": {
        "en": "the column cannot be read as a whole, though no single value fails on its own "
        "(mixed date formats or time zones?)",
        "nb": "kolonnen kan ikke leses samlet, selv om ingen enkeltverdi feiler "
        "(blandede datoformater eller tidssoner?)",
    },
    "not_nullable": {"en": "the cell is empty", "nb": "cellen er tom"},
    "field_uniqueness": {
        "en": "the value is also in another row",
        "nb": "verdien står også i en annen rad",
    },
    "row": {"en": "the row breaks a rule of the table", "nb": "raden bryter en regel for tabellen"},
    "table": {"en": "the table breaks a rule", "nb": "tabellen bryter en regel"},
    "unknown_column": {
        "en": "column {column!r} is not part of {table}",
        "nb": "kolonnen {column!r} hører ikke til {table}",
    },
    "missing_column": {
        "en": "column {column!r} is required by {table} but missing",
        "nb": "kolonnen {column!r} kreves av {table}, men mangler",
    },
    "all_rows": {"en": "{message}, in all {rows} rows", "nb": "{message}, i alle {rows} rader"},
    "wrong_kind": {
        "en": "this is not a {table}: every row fails{like}",
        "nb": "dette er ikke en {table}: alle rader feiler{like}",
    },
    "looks_like": {"en": " (it looks like a {other})", "nb": " (den ser ut som en {other})"},
    "report_ok": {
        "en": "{table}{where}: {rows} rows, all valid.",
        "nb": "{table}{where}: {rows} rader, alle gyldige.",
    },
    "report_problems": {
        "en": "{table}{where}: {rows} rows, {count} problem{plural_en}:",
        "nb": "{table}{where}: {rows} rader, {count} problem{plural_nb}:",
    },
    "report_from": {"en": " from {source}", "nb": " fra {source}"},
    "report_notes": {
        "en": "Notes (left out on purpose, or decided):",
        "nb": "Merknader (utelatt med vilje, eller avgjort):",
    },
    "found": {"en": "found", "nb": "fant"},
    "expected": {"en": "expected", "nb": "ventet"},
    "row_word": {"en": "row", "nb": "rad"},
    "column_word": {"en": "column", "nb": "kolonne"},
    "sheet_word": {"en": "sheet", "nb": "ark"},
    "problem_count": {
        "en": "{what}: {n} problem{plural_en}",
        "nb": "{what}: {n} problem{plural_nb}",
    },
    "and_more": {"en": "  ... and {n} more", "nb": "  ... og {n} til"},
}


def wording(key: str, lang: Lang, **values: Any) -> str:
    """The message ``key`` (``"value"``, ``"coerce"``, ``"row"``, ...) in ``lang``, filled in."""
    return _MESSAGES[key][lang].format(**values)


def dtype_words(dtype: str, lang: Lang) -> str:
    """A pandas/pandera type (``int64``, ``Int64``, ``datetime64[ns]``, ...) in words.

    Not ``bool``: the yes/no words are the table layer's
    (``yes_no_expected``).
    """
    name = dtype.lower()
    for key in ("datetime", "category", "int", "float"):
        if name.startswith(key):
            return _DTYPES[key][lang]
    return _DTYPES["str"][lang]


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
    stats = dict(statistics)
    if name == "str_matches" and str(stats.get("pattern")) in _PATTERNS:
        return _PATTERNS[str(stats["pattern"])][lang]
    if name == "str_length":
        low, high = stats.get("min_value"), stats.get("max_value")
        if high is None:
            length = f"{low}+" if lang == "en" else f"minst {low}"
        elif low is None:
            length = f"at most {high}" if lang == "en" else f"høyst {high}"
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
        return template[lang].format(**stats)
    except (KeyError, IndexError):
        return error or name
