"""What the subcommands share: argument types, reading an input table, writing output.

Every input file goes through :func:`integreringslov.read`, so the commands accept
whatever an installed importer reads (CSV and spreadsheets with Norwegian headers, ...)
and a table with any problem is refused with the whole report, never partly used.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from integreringslov._io.formats import SUFFIXES
from integreringslov._text.i18n import N_, Lang, as_lang, tr
from integreringslov.errors import InvalidInputError, Problem

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from integreringslov.plugins import Imported
    from integreringslov.tables import Table

__all__ = [
    "add_output_options",
    "chosen_lang",
    "date_arg",
    "method_arg",
    "read_input",
    "whole_number",
    "write_or_print",
]


def chosen_lang(lang: str | None) -> Lang:
    """The language a person reads, from a command's ``--lang`` (``nb``, ``no``, ``en``, …).

    English when none is given or it names no language the library writes in.
    """
    try:
        return as_lang(lang) if lang else "en"
    except ValueError:
        return "en"


def method_arg(text: str) -> str:
    """An argparse type: an apportionment method by any name Python accepts (canonical name).

    The same names as :data:`~integreringslov.allocation.MethodName`: ``sainte-lague``,
    ``sainte_lague``, ``webster``, ….
    """
    from integreringslov.allocation._methods import Method
    from integreringslov.errors import AllocationError

    try:
        return Method.parse(text).value
    except AllocationError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_NORWEGIAN = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
DATE_EXPECTED = N_("YYYY-MM-DD or DD.MM.YYYY")
"""The date forms every command accepts: those of the person table's cells."""


def date_arg(text: str) -> date:
    """An argparse type: a date written ``YYYY-MM-DD`` or ``DD.MM.YYYY`` (as in the files).

    Every command's date option uses it, so each gives the same message for a bad date.
    """
    value = text.strip()
    iso, nor = _ISO.fullmatch(value), _NORWEGIAN.fullmatch(value)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if nor:
            return date(int(nor[3]), int(nor[2]), int(nor[1]))
    except ValueError:
        raise argparse.ArgumentTypeError(
            tr("no such date: {text!r}", text=text)
        ) from None
    raise argparse.ArgumentTypeError(
        tr(
            "not a date: {text!r}; expected {DATE_EXPECTED}",
            text=text,
            DATE_EXPECTED=tr(DATE_EXPECTED),
        )
    )


def whole_number(text: str) -> int:
    """An argparse type: a whole number, zero or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            tr("not a whole number: {text!r}", text=text)
        ) from None
    if value < 0:
        raise argparse.ArgumentTypeError(
            tr("must not be negative: {value}", value=value)
        )
    return value


def read_input(
    source: str, *, table: type[Table], importer: str | None = None, mapping: str | None = None
) -> Imported:
    """Read ``source`` with :func:`integreringslov.read` as a ``table``, or refuse it.

    Returns what :func:`~integreringslov.read` gave: the table, and the report whose notes
    the command prints. Raises :class:`InvalidInputError` with every problem of the report
    when any row or cell is invalid, and when the importer chosen does not produce ``table``.
    """
    from integreringslov.plugins import read

    imported = read(source, importer=importer, mapping=mapping)
    produced = imported.importer.table
    if produced is not table:
        raise InvalidInputError(
            [
                Problem(
                    message=tr(
                        "read as {produced_name} by the importer {imported_importer_name!r} "
                        "({imported_importer_title})",
                        produced_name=produced.__name__,
                        imported_importer_name=imported.importer.name,
                        imported_importer_title=tr(imported.importer.title),
                    ),
                    source=str(source),
                    expected=tr(
                        "a {table_name} (name the importer with --importer)",
                        table_name=table.__name__,
                    ),
                )
            ],
            what=str(source),
        )
    imported.report.raise_for_problems()
    return imported


def add_explain_option(
    parser: argparse.ArgumentParser, handler: Callable[[argparse.Namespace], int]
) -> None:
    """Add ``--explain`` to a command that reads a file, and run ``handler`` under it.

    A file that fails to read then also says what every installed importer said of it
    (:func:`~integreringslov.plugins._manager.explaining`); without it, only the importer
    detection chose is named.
    """
    parser.add_argument(
        "--explain", action="store_true",
        help=tr("when a file cannot be read, also say what every importer said of it"),
    )  # fmt: skip

    def run(args: argparse.Namespace) -> int:
        from integreringslov.plugins._manager import explaining  # pandas: not at start

        with explaining(args.explain):
            return handler(args)

    parser.set_defaults(handler=run)


def add_output_options(parser: argparse.ArgumentParser, *, what: str | None = None) -> None:
    """Add ``-o/--output`` and ``--excel-csv`` to a subcommand that writes a table.

    ``what`` is the table written, as the help says it (default: «the table»).
    """
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help=tr(
            "write {what} here instead of printing it; the suffix picks the format: "
            "{suffixes} (read back by 'import' to an equal table)",
            what=what or tr("the table"),
            suffixes=", ".join(SUFFIXES),
        ),
    )
    parser.add_argument(
        "--excel-csv",
        action="store_true",
        help=tr(
            "CSV for Norwegian Excel: ';'-separated, decimal commas, with a UTF-8 byte order mark "
            "(or write -o FILE.xlsx)"
        ),
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
    ``write_table``. ``excel`` writes CSV for Norwegian Excel.
    """
    from integreringslov._io.write import write_table  # pandas: in the handler, not at start

    write_table(frame, output or None, table=table, excel=excel)
