"""The spreadsheet importer's words: the headers it recognises and the rows it skips."""

from __future__ import annotations

import re

import numpy as np

from integreringslov._text.privacy import redact
from integreringslov.tables.persons import (
    CARRIED_COLUMNS,
    FODSELSNUMMER,
    MUNICIPALITY,
    PERSON_COLUMNS,
    Column,
    Kind,
)

IMPORTER = "spreadsheet"

"""The name of the importer that produces the person table."""

MUNICIPALITIES_IMPORTER = "spreadsheet-municipalities"

"""The name of the importer that produces the municipality criteria table."""

HEADER_SEARCH_ROWS = 30

"""How many rows from the top are searched for the header row."""

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_ZIP_MAGIC = b"PK\x03\x04"

_EXCEL_EPOCH = np.datetime64("1899-12-30", "D")


_PERSON_COLUMNS: dict[str, Column] = {c.name: c for c in (*PERSON_COLUMNS, FODSELSNUMMER)}
"""The columns a person sheet may have (the declaration's), by name: the person table's
and the fødselsnummer that may stand in for the birth date."""
_CARRIED: dict[str, Column] = {c.name: c for c in CARRIED_COLUMNS}
"""The columns a person sheet may have beside them, which the rules do not read (the
municipality): read, checked and kept."""
_FNR = FODSELSNUMMER.name
_BIRTH_DATE = next(c.name for c in PERSON_COLUMNS if c.kind is Kind.DATE and c.required)
_ID = next(c.name for c in PERSON_COLUMNS if c.kind is Kind.ID)

MUNICIPALITY_HEADERS: dict[str, tuple[str, ...]] = {
    MUNICIPALITY.name: MUNICIPALITY.headers,
    "name": ("kommune", "kommunenavn", "navn"),
    "requested": ("anmodning", "anmodning om bosetting", "anmodet"),
    "maximum": ("maksimum", "maks", "kapasitet", "vedtak om bosetting", "tak"),
    "excluded": ("unntatt", "utelatt", "holdes utenfor"),
    "population": ("innbyggere", "folketall", "befolkning", "antall innbyggere"),
}
"""Headers of the municipality criteria table recognised without a mapping (the person
table's come with its declaration, :data:`integreringslov.tables.persons.PERSON_COLUMNS`)."""

_SYNONYMS: dict[str, tuple[str, ...]] = {
    **{name: column.headers for name, column in _PERSON_COLUMNS.items()},
    **MUNICIPALITY_HEADERS,
}
"""Every header recognised without a mapping, by the column it names."""

_EMPTY_CELLS = frozenset({"", None})
"""What an empty cell reads as (python-calamine: ``""``; CSV: ``""``)."""


def column_for_header(header: str) -> str:
    """The table column a header of the file becomes (``Innbyggere`` → ``population``).

    Known Norwegian headers become their canonical column; any other header (a criterion
    of a municipality table) becomes its slug (``Sysselsetting (%)`` → ``sysselsetting``).
    """
    return _LOOKUP.get(_norm(header)) or _slug(header)


_NOTE_ROW = re.compile(
    r"^\s*(\*|(kilde|kjelde|source|merknad|merk|note|notes|fotnote|anm|forklaring)\b)",
    re.IGNORECASE,
)
"""A source or footnote line below a table: «Kilde: SSB, IMDi», «* foreløpige tall»."""

_SUM_ROW = re.compile(r"^(sum|totalt?|i alt|sum totalt|totalsum|sum alle)\b", re.IGNORECASE)


def _norm(text: object) -> str:
    """Header text for matching: case-folded, spaces and line breaks collapsed."""
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return ""
    return " ".join(str(text).split()).casefold().rstrip(":*").strip()


def _slug(text: str) -> str:
    s = re.sub(r"[^0-9a-zæøå]+", "_", _norm(redact(text))).strip("_")
    return s or "criterion"


_LOOKUP: dict[str, str] = {}
for _canonical, _names in _SYNONYMS.items():
    _LOOKUP.setdefault(_norm(_canonical), _canonical)
    for _n in _names:
        _LOOKUP.setdefault(_norm(_n), _canonical)
