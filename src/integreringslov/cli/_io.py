"""What the subcommands share: argument types, reading an input table, writing output.

Every input file goes through :func:`integreringslov.read`, so the commands accept
whatever an installed importer reads (CSV and spreadsheets with Norwegian headers, ...)
and a table with any problem is refused with the whole report, never partly used.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

from integreringslov.errors import InvalidInputError, Problem
from integreringslov.output import write_table

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from integreringslov.tables import Table

__all__ = ["add_output_options", "iso_date", "read_input", "whole_number", "write_or_print"]


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


def add_output_options(parser: argparse.ArgumentParser, *, what: str = "the table") -> None:
    """Add ``-o/--output`` and ``--excel-csv`` to a subcommand that writes a table."""
    from integreringslov.output import SUFFIXES

    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help=f"write {what} here instead of printing it; the suffix picks the format: "
        + ", ".join(SUFFIXES)
        + " (read back by 'import' to an equal table)",
    )
    parser.add_argument(
        "--excel-csv",
        action="store_true",
        help="CSV for Norwegian Excel: ';'-separated, with a UTF-8 byte order mark",
    )


def write_or_print(
    frame: pd.DataFrame,
    output: str | None,
    *,
    table: type[Table] | None = None,
    excel: bool = False,
) -> None:
    """Write ``frame`` to ``output`` (by its suffix), or print it as CSV to stdout.

    A file names ``table`` (default: the schema the frame was validated against), so that
    ``integreringslov import`` reads it back to an equal table; see
    :func:`integreringslov.output.write_table`. ``excel`` writes CSV for Norwegian Excel.
    """
    write_table(frame, output or None, table=table, excel=excel)
