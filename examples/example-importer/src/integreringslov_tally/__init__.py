"""Example integreringslov importer plugin: ``.tally`` files of persons per municipality.

A ``.tally`` file has one ``<municipality number> <persons>`` pair per line; blank lines and
lines starting with ``#`` are ignored. This plugin uses only the public API of integreringslov:
the three hooks, :class:`~integreringslov.plugins.Detection`,
:class:`~integreringslov.plugins.SourceTable`, :class:`~integreringslov.errors.Problem` and
:func:`~integreringslov.plugins.say` (its words in the language the user asked for).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from integreringslov import hookimpl
from integreringslov.errors import Problem, SourceError
from integreringslov.plugins import Detection, RegisterImporter, SourceTable, say
from integreringslov.tables import Table

__all__ = ["EXAMPLE", "NAME", "TallyTable", "detect_source", "read_source", "register_importers"]

NAME = "tally"
"""The importer's name: ``integreringslov import --importer tally``."""
EXAMPLE = Path(__file__).parent / "example.tally"
"""A small file the importer must read cleanly (the conformance checks read it)."""

# One data line: a four-digit municipality number, spaces, a count.
_LINE = re.compile(r"^(\d{4})\s+(\d+)$")


class TallyTable(Table):
    """Persons per municipality, as counted in a ``.tally`` file."""

    municipality: Series[str] = pa.Field(
        str_matches=r"^\d{4}$",
        title="Municipality",
        description="The four-digit municipality number (kommunenummer).",
    )
    persons: Series[int] = pa.Field(
        ge=0, title="Persons", description="The number of persons counted."
    )


@hookimpl
def register_importers(register: RegisterImporter) -> None:
    """Declare the ``tally`` importer."""
    register(
        name=NAME,
        title="Tally of persons per municipality",
        publisher="integreringslov example plugin",
        table=TallyTable,
        patterns=("*.tally",),
        description="One '<municipality> <persons>' pair per line; '#' starts a comment.",
        examples=(EXAMPLE,),
    )


def _first_data_line(source: Path) -> str | None:
    """The first line that is neither blank nor a comment, or None (never raises)."""
    try:
        with source.open("rb") as f:
            head = f.read(4096)
    except OSError:
        return None
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return None
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            return line
    return None


@hookimpl
def detect_source(source: Path) -> Detection | None:
    """Claim tally files: surer on content than on the file name alone.

    The built-in importers claim any CSV file at 0.2 ("some CSV") and answer 0.9 or more
    only on a signature of their own formats. Tally-shaped content in a file of another
    name scores 0.4: it wins over "some CSV" and loses to any real signature.
    """
    by_name = source.suffix.lower() == ".tally"
    line = _first_data_line(source)
    by_content = line is not None and _LINE.match(line) is not None
    if by_name and by_content:
        return Detection(importer=NAME, confidence=0.95, reason="a .tally file of tally lines")
    if by_name:
        return Detection(importer=NAME, confidence=0.6, reason="the .tally suffix")
    if by_content:
        return Detection(importer=NAME, confidence=0.4, reason="'<municipality> <persons>' lines")
    return None


@hookimpl
def read_source(source: Path, importer: str, options: Mapping[str, Any]) -> SourceTable | None:
    """Read a tally file into a :class:`TallyTable`, indexed by the file's line numbers.

    A line that is not two fields is a problem in the file's own words (its line number and
    text); it is left out of the table and listed in the report, never dropped silently.
    Everything else (a three-digit municipality, a negative count) is left to the host's
    validation against :class:`TallyTable`, which reports it with the same line number.
    """
    if importer != NAME:
        return None
    try:
        lines = source.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise SourceError(str(source), "a tally file must be UTF-8 text", value=str(exc)) from exc
    numbers: list[int] = []
    rows: list[dict[str, str]] = []
    problems: list[Problem] = []
    comments = 0
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            comments += bool(text)
            continue
        fields = text.split()
        if len(fields) != 2:
            problems.append(
                Problem(
                    message=say(
                        en="a tally line has two fields", nb="en tally-linje har to felter"
                    ),
                    source=str(source),
                    row=number,
                    value=text,
                    expected=say(
                        en="'<municipality> <persons>', e.g. '5001 120'",
                        nb="'<kommune> <personer>', f.eks. '5001 120'",
                    ),
                    check="tally-line",
                )
            )
            continue
        numbers.append(number)
        rows.append({"municipality": fields[0], "persons": fields[1]})
    table = pd.DataFrame(rows, columns=["municipality", "persons"], index=pd.Index(numbers))
    note = say(
        en=f"{comments} comment line(s) starting with '#'",
        nb=f"{comments} kommentarlinje(r) som begynner med '#'",
    )
    notes = (note,) if comments else ()
    return SourceTable(table=table, problems=tuple(problems), notes=notes)
