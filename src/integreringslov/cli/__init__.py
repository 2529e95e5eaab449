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
with status 141 (128 + SIGPIPE). Interrupted (Ctrl-C, ``SIGINT``) or terminated (``SIGTERM``),
a command says so in one line and ends with status 130 (143), leaving no partial output
file: every file is written beside its target and renamed into place when whole. ``-o -``
writes the table to standard output; any other ``-o`` that is a folder, FIFO or device is
refused before the work starts.
"""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys
import threading
from collections.abc import Sequence
from typing import NoReturn

from integreringslov._text.i18n import Lang, say, speaking
from integreringslov._text.privacy import printable_lines
from integreringslov.cli._io import chosen_lang, lang_arg, message
from integreringslov.errors import IntegreringslovError, InvalidInputError

__all__ = ["EXIT_INVALID", "EXIT_OK", "EXIT_PIPE", "EXIT_USAGE", "main"]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_PIPE = 141
"""The status of a command whose reader closed the pipe (128 + SIGPIPE, as the shell shows)."""
EXIT_INTERRUPT = 128 + signal.SIGINT
"""The status of a command stopped by Ctrl-C (130, as the shell shows)."""
EXIT_TERMINATED = 128 + signal.SIGTERM
"""The status of a command stopped by ``SIGTERM`` (143)."""


class _Terminated(BaseException):
    """Raised in the main thread when ``SIGTERM`` arrives, so that partial files are removed."""


def _terminate(signum: int, frame: object) -> NoReturn:
    raise _Terminated


COMMANDS = ("demo", "importing", "assess", "recommend", "fetch", "regions")
"""The subcommand modules, in the order ``--help`` lists them."""


def _version() -> str:
    from importlib.metadata import version

    return version("integreringslov")


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors say «error» in the language being spoken."""

    def error(self, message: str) -> NoReturn:
        """Print the usage and the problem, then exit with status 2 (as argparse does)."""
        for english, bokmal in _ARGPARSE_NB:
            if message.startswith(english):
                message = say(en=message, nb=bokmal + message.removeprefix(english))
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: {say(en='error', nb='feil')}: {message}\n")


_ARGPARSE_NB = (
    ("the following arguments are required: ", "disse argumentene mangler: "),
    ("unrecognized arguments: ", "ukjente argumenter: "),
)
"""argparse's own words for its two commonest usage errors, in bokmål."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = _Parser(
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


def _lang_given(argv: Sequence[str]) -> Lang:
    """The language ``--lang`` asks for, read before the parser runs (English if none)."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return chosen_lang(argv[i + 1])
        if arg.startswith("--lang="):
            return chosen_lang(arg.removeprefix("--lang="))
    return "en"


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


def _stopped(command: str | None, exc: BaseException) -> int:
    """Say in one line that the command was stopped by a signal; return its exit status."""
    interrupted = isinstance(exc, KeyboardInterrupt)
    said = (
        say(en="interrupted; no file left half-written",
            nb="avbrutt; ingen fil ble liggende halvskrevet")
        if interrupted
        else say(en="terminated; no file left half-written",
                 nb="stoppet; ingen fil ble liggende halvskrevet")
    )  # fmt: skip
    print(f"integreringslov{' ' + command if command else ''}: {said}", file=sys.stderr)
    return EXIT_INTERRUPT if interrupted else EXIT_TERMINATED


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    given = list(sys.argv[1:] if argv is None else argv)
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if main_thread else None
    command: list[str] = []  # the subcommand, once known
    try:
        status = _run(given, command)
    except (KeyboardInterrupt, _Terminated) as exc:
        with speaking(_lang_given(given)):
            status = _stopped(command[0] if command else None, exc)
        if argv is None and main_thread:
            # the console script: end here with 130/143. An interrupt that landed inside an
            # import or a finaliser can leave Python to end itself by SIGINT (status -2)
            # after this function has returned; nothing is left to clean up.
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(status)
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)
    if argv is None and main_thread:  # the console script: the work is done and written
        signal.signal(signal.SIGINT, lambda signum, frame: os._exit(status))
    return status


def _run(given: list[str], command: list[str]) -> int:
    parser = build_parser()
    with speaking(_lang_given(given)):  # an option's bad value is told in that language too
        args = parser.parse_args(given)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    command.append(args.command)
    error = message("error", args.lang)
    lang = chosen_lang(args.lang)
    if getattr(args, "output", None) == "-":  # -o -: the table to standard output
        args.output = None
    try:
        with speaking(lang):  # what the library says along the way, in the language asked for
            if getattr(args, "output", None):
                from integreringslov._io.atomic import check_writable

                check_writable(args.output)  # before the work, not after it
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
