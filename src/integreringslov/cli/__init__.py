"""The ``integreringslov`` console script: a thin layer over the public API.

Each subcommand lives in its own module in this package and exposes
``register(subparsers)``, which adds its parser and sets ``handler`` to a function
``(args) -> int``. ``register`` runs for every command line, even ``--version``, so a
subcommand module imports pandas, pandera, numpy and the modules that need them inside its
handler, not at the top (``tests/foundation/test_startup.py`` checks). Exit status: 0 on
success, 1 for invalid input (with a report, never a traceback), 2 for usage errors.

Every command also takes ``--lang nb|en`` (the language of what a person reads: messages,
reports; tables keep their English codes); the commands with long steps (``assess``,
``import``, ``demo``) take ``--progress/--no-progress`` (progress on stderr; by default only
when stderr is a terminal). Like other Unix tools, a command whose
output is cut off by its reader (``integreringslov importers | head -2``) stops quietly,
with status 141 (128 + SIGPIPE).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from integreringslov.cli._io import chosen_lang, lang_arg, message
from integreringslov.errors import IntegreringslovError, InvalidInputError
from integreringslov.i18n import speaking
from integreringslov.privacy import printable_lines

__all__ = ["EXIT_INVALID", "EXIT_OK", "EXIT_PIPE", "EXIT_USAGE", "main"]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_PIPE = 141
"""The status of a command whose reader closed the pipe (128 + SIGPIPE, as the shell shows)."""

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
    for command in sub.choices.values():
        if _takes_lang(command):  # e.g. fetch ssb --lang no|en: SSB's content language
            continue
        command.add_argument(
            "--lang", type=lang_arg, default=None, metavar="nb|en",
            help="language of messages and reports (nb: bokmål, en: English); default: "
            "reports in bokmål, messages in English",
        )  # fmt: skip
    return parser


def _takes_lang(parser: argparse.ArgumentParser) -> bool:
    """Whether ``parser`` or a subcommand of it has its own ``--lang`` already."""
    for action in parser._actions:
        if "--lang" in action.option_strings:
            return True
        if isinstance(action, argparse._SubParsersAction) and any(
            _takes_lang(p) for p in action.choices.values()
        ):
            return True
    return False


def _quiet_stdout() -> None:
    """After a broken pipe: send what is left of stdout nowhere, so exit stays quiet."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    error = message("error", args.lang)
    lang = chosen_lang(args.lang)
    try:
        with speaking(lang):  # what the library says along the way, in the language asked for
            status: int = args.handler(args)
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_PIPE
    except (IntegreringslovError, OSError) as exc:
        said = exc.text(lang) if isinstance(exc, InvalidInputError) else str(exc)
        print(f"integreringslov {args.command}: {error}: {printable_lines(said)}", file=sys.stderr)
        return EXIT_INVALID
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
