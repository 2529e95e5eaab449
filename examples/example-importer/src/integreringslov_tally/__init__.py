"""Example integreringslov importer plugin: ``.tally`` files of persons per municipality.

A ``.tally`` file has one ``<municipality number> <persons>`` pair per line; blank lines and
lines starting with ``#`` are ignored. This plugin uses only the public API of integreringslov.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from integreringslov import hookimpl
from integreringslov.plugins import Detection, RegisterImporter
from integreringslov.tables import Table

__all__ = ["TallyTable", "detect_source", "read_source", "register_importers"]

NAME = "tally"
EXAMPLE = Path(__file__).parent / "example.tally"


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


@hookimpl
def detect_source(source: Path) -> Detection | None:
    """Claim files named ``*.tally``."""
    if source.suffix.lower() == ".tally":
        return Detection(importer=NAME, confidence=0.95, reason="the .tally suffix")
    return None


@hookimpl
def read_source(source: Path, importer: str, options: Mapping[str, Any]) -> pd.DataFrame | None:
    """Read a tally file; the host validates the result against :class:`TallyTable`."""
    if importer != NAME:
        return None
    lines = source.read_text(encoding="utf-8").splitlines()
    numbers, rows = [], []
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        municipality, _, persons = text.partition(" ")
        numbers.append(number)
        rows.append({"municipality": municipality, "persons": persons.strip()})
    # No checks here: the host validates against TallyTable and reports every bad line.
    return pd.DataFrame(rows, columns=["municipality", "persons"], index=pd.Index(numbers))
