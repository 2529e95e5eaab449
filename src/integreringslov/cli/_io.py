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
from integreringslov._text.i18n import Lang, as_lang, say
from integreringslov._text.privacy import printable
from integreringslov.errors import InvalidInputError, Problem

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from integreringslov.plugins import Imported
    from integreringslov.tables import Table

__all__ = [
    "MESSAGES",
    "add_output_options",
    "chosen_lang",
    "date_arg",
    "lang_arg",
    "message",
    "method_arg",
    "read_input",
    "whole_number",
    "write_or_print",
]

MESSAGES: dict[str, dict[Lang, str]] = {
    "error": {"en": "error", "nb": "feil"},
    "wrote": {"en": "wrote {path}", "nb": "skrev {path}"},
    "assessed": {"en": "assessed {n} persons on {on} ({summary}); wrote {path}",
                 "nb": "vurderte {n} personer per {on} ({summary}); skrev {path}"},
    "reform": {"en": "Under {reform} ({title}): {more:+d} persons with right and duty to the "
                     "programme ({before} → {after}); {changed} of {n} outcomes changed.",
               "nb": "Med {reform} ({title}): {more:+d} personer med rett og plikt til "
                     "introduksjonsprogram ({before} → {after}); {changed} av {n} utfall "
                     "endret."},
    "reform_group": {"en": "  {group}: {more:+d} ({before} → {after}), {changed} changed",
                     "nb": "  {group}: {more:+d} ({before} → {after}), {changed} endret"},
    "imported": {"en": "Read {source} with the importer {importer} ({title}): {rows} rows, "
                       "{state}.",
                 "nb": "Leste {source} med importøren {importer} ({title}): {rows} rader, "
                       "{state}."},
    "valid": {"en": "all valid", "nb": "alle gyldige"},
    "invalid": {"en": "{n} problems", "nb": "{n} problemer"},
    "report": {"en": "Wrote the HTML report to {path}", "nb": "Skrev HTML-rapporten til {path}"},
    "reading": {"en": "Reading {source}", "nb": "Leser {source}"},
    "assessing": {"en": "Assessing", "nb": "Vurderer"},
    "writing": {"en": "Writing", "nb": "Skriver"},
    "drawing": {"en": "Writing the HTML report", "nb": "Skriver HTML-rapporten"},
}  # fmt: skip
"""What the command line itself says, in each language (the library's messages stay its own)."""


def chosen_lang(lang: str | None) -> Lang:
    """The language a person reads, from a command's ``--lang`` (``nb``, ``no``, ``en``, …).

    English when none is given or it names no language the library writes in.
    """
    try:
        return as_lang(lang) if lang else "en"
    except ValueError:
        return "en"


def message(key: str, lang: str | None, **values: object) -> str:
    """The command line's text ``key`` in ``lang`` (``nb``, ``no``, ``en``, …; else English).

    Identity numbers are masked and control characters escaped, as in every message.
    """
    chosen = chosen_lang(lang)
    # file names and values come from the user's files: no identity number, no raw
    # control character reaches the terminal
    return printable(MESSAGES[key][chosen].format(**values))


def lang_arg(text: str) -> Lang:
    """An argparse type: a language (``nb``, ``no``, ``en``, …) as a :data:`Lang`."""
    try:
        return as_lang(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


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
DATE_EXPECTED = "YYYY-MM-DD or DD.MM.YYYY"
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
            say(en=f"no such date: {text!r}", nb=f"datoen finnes ikke: {text!r}")
        ) from None
    raise argparse.ArgumentTypeError(
        say(
            en=f"not a date: {text!r}; expected {DATE_EXPECTED}",
            nb=f"ikke en dato: {text!r}; ventet ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ",
        )
    )


def whole_number(text: str) -> int:
    """An argparse type: a whole number, zero or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            say(en=f"not a whole number: {text!r}", nb=f"ikke et heltall: {text!r}")
        ) from None
    if value < 0:
        raise argparse.ArgumentTypeError(
            say(en=f"must not be negative: {value}", nb=f"kan ikke være negativt: {value}")
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
                    message=say(
                        en=f"read as {produced.__name__} by the importer "
                        f"{imported.importer.name!r} ({imported.importer.title})",
                        nb=f"lest som {produced.__name__} av importøren "
                        f"{imported.importer.name!r} ({imported.importer.title})",
                    ),
                    source=str(source),
                    expected=say(
                        en=f"a {table.__name__} (name the importer with --importer)",
                        nb=f"en {table.__name__} (oppgi importøren med --importer)",
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
        help=say(en="when a file cannot be read, also say what every importer said of it",
                 nb="når en fil ikke kan leses, vis også hva hver importør sa om den"),
    )  # fmt: skip

    def run(args: argparse.Namespace) -> int:
        from integreringslov.plugins._manager import explaining  # pandas: not at start

        with explaining(args.explain):
            return handler(args)

    parser.set_defaults(handler=run)


def add_output_options(parser: argparse.ArgumentParser, *, what: str = "the table") -> None:
    """Add ``-o/--output`` and ``--excel-csv`` to a subcommand that writes a table."""
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
        help="CSV for Norwegian Excel: ';'-separated, decimal commas, with a UTF-8 byte "
        "order mark (or write -o FILE.xlsx)",
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
