"""What the subcommands share: argument types, reading an input table, writing output.

Every input file goes through :func:`integreringslov.read`, so the commands accept
whatever an installed importer reads (CSV and spreadsheets with Norwegian headers, ...)
and a table with any problem is refused with the whole report, never partly used.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import TYPE_CHECKING

from integreringslov.errors import InvalidInputError, Problem
from integreringslov.output import neutralise_formulas, write_table

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from integreringslov.tables import Table

__all__ = ["iso_date", "read_input", "whole_number", "write_or_print"]


def iso_date(text: str) -> date:
    """An argparse type: a date written ``YYYY-MM-DD``."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r}; expected YYYY-MM-DD") from None


def whole_number(text: str) -> int:
    """An argparse type: a whole number, zero or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {value}")
    return value


def read_input(
    source: str, *, table: type[Table], importer: str | None = None, mapping: str | None = None
) -> pd.DataFrame:
    """Read ``source`` with :func:`integreringslov.read` as a ``table``, or refuse it.

    Raises :class:`InvalidInputError` with every problem of the report when any row or
    cell is invalid, and when the importer chosen does not produce ``table``.
    """
    from integreringslov.plugins import read

    imported = read(source, importer=importer, mapping=mapping)
    produced = imported.importer.table
    if produced is not table:
        raise InvalidInputError(
            [
                Problem(
                    message=f"read as {produced.__name__} by the importer "
                    f"{imported.importer.name!r} ({imported.importer.title})",
                    source=str(source),
                    expected=f"a {table.__name__} (name the importer with --importer)",
                )
            ],
            what=str(source),
        )
    imported.report.raise_for_problems()
    return imported.table


def write_or_print(frame: pd.DataFrame, output: str | None) -> None:
    """Write ``frame`` to ``output`` (by its suffix), or print it as CSV to stdout."""
    if output:
        write_table(frame, output)
    else:
        neutralise_formulas(frame).to_csv(sys.stdout, index=False)
