"""The ``integreringslov`` console script: a thin layer over the public API.

Each subcommand lives in its own module in this package and exposes
``register(subparsers)``, which adds its parser and sets ``handler`` to a function
``(args) -> int``. ``register`` runs for every command line, even ``--version``, so a
subcommand module imports pandas, pandera, numpy and the modules that need them inside its
handler, not at the top (``tests/foundation/test_startup.py`` checks). Exit status: 0 on
success, 1 for invalid input (with a report, never a traceback), 2 for usage errors.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from integreringslov.errors import IntegreringslovError
from integreringslov.privacy import printable_lines

__all__ = ["EXIT_INVALID", "EXIT_OK", "EXIT_USAGE", "main"]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

COMMANDS = ("demo", "importing", "assess", "recommend", "fetch", "regions")
"""The subcommand modules, in the order ``--help`` lists them."""


def _version() -> str:
    from importlib.metadata import version

    return version("integreringslov")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="integreringslov",
        description="Norway's Integration Act (integreringsloven) and the settlement "
        "process: assess eligibility, import SSB and IMDi data, recommend settlement.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"integreringslov.cli.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        status: int = args.handler(args)
    except IntegreringslovError as exc:
        print(f"integreringslov {args.command}: error: {printable_lines(exc)}", file=sys.stderr)
        return EXIT_INVALID
    except OSError as exc:
        print(f"integreringslov {args.command}: error: {printable_lines(exc)}", file=sys.stderr)
        return EXIT_INVALID
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
