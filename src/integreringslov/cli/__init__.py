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
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from integreringslov._io.atomic import check_writable, stop_writing
from integreringslov._text.i18n import speaking, tr
from integreringslov._text.privacy import printable_lines
from integreringslov.cli._io import chosen_lang
from integreringslov.cli._parser import add_lang_option, argparse_speaking, lang_given
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
    stop_writing(_Terminated)
    raise _Terminated


def _interrupt(signum: int, frame: object) -> NoReturn:
    stop_writing(KeyboardInterrupt)
    raise KeyboardInterrupt


COMMANDS = ("demo", "importing", "assess", "recommend", "fetch", "regions")
"""The subcommand modules, in the order ``--help`` lists them."""


def _version() -> str:
    from importlib.metadata import version

    return version("integreringslov")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered, in the spoken language.

    Its help texts are translated when it is built: build it inside
    :func:`~integreringslov._text.i18n.speaking` for another language than English.
    """
    parser = argparse.ArgumentParser(
        prog="integreringslov",
        description=tr(
            "Norway's Integration Act (integreringsloven) and the settlement process: assess "
            "eligibility, import SSB and IMDi data, recommend settlement."
        ),
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {_version()}",
        help=tr("show program's version number and exit"),
    )  # fmt: skip
    sub = parser.add_subparsers(dest="command", metavar=tr("COMMAND"))
    for name in COMMANDS:
        importlib.import_module(f"integreringslov.cli.{name}").register(sub)
    add_lang_option(parser, top=True)
    return parser


def _os_error(exc: Exception) -> str:
    """What went wrong, in the spoken language: the system's own words are English."""
    if not isinstance(exc, OSError) or isinstance(exc, IntegreringslovError):
        return str(exc)
    name = exc.filename if exc.filename is not None else ""
    if isinstance(exc, FileNotFoundError):
        return tr("{name}: no such file or folder", name=name)
    if isinstance(exc, IsADirectoryError):
        return tr("{name} is a folder, not a file", name=name)
    if isinstance(exc, NotADirectoryError):
        return tr("{name}: a part of the path is a file, not a folder", name=name)
    if isinstance(exc, PermissionError):
        return tr("{name}: no permission", name=name)
    if isinstance(exc, FileExistsError):
        return tr("{name} exists already", name=name)
    return tr("{name}: the system refused: {why}", name=name, why=exc.strerror or exc)


def _quiet_stdout() -> None:
    """After a broken pipe: send what is left of stdout nowhere, so exit stays quiet."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _stopped(command: str | None, exc: BaseException) -> int:
    """Say in one line that the command was stopped by a signal; return its exit status."""
    interrupted = isinstance(exc, KeyboardInterrupt)
    said = (
        tr("interrupted; no file left half-written")
        if interrupted
        else tr("terminated; no file left half-written")
    )  # fmt: skip
    print(f"integreringslov{' ' + command if command else ''}: {said}", file=sys.stderr)
    return EXIT_INTERRUPT if interrupted else EXIT_TERMINATED


def _unraisable(previous: Callable[[Any], object]) -> Callable[[Any], object]:
    """A ``sys.unraisablehook`` that keeps quiet about a signal Python had to ignore.

    A signal's exception raised inside a weakref callback or a finaliser (importlib's
    module locks have one) cannot propagate: Python prints «Exception ignored in …» with a
    traceback and goes on. That print is left out — the signal is not lost: its handler
    has stopped the writing of files (:func:`~integreringslov._io.atomic.stop_writing`),
    so the command ends at its output with one line and 130 (143). Every other unraisable
    exception goes to ``previous``.
    """

    def hook(unraisable: Any) -> None:
        if not isinstance(unraisable.exc_value, KeyboardInterrupt | _Terminated):
            previous(unraisable)

    return hook


def _signal_in(exc: BaseException) -> BaseException | None:
    """The Ctrl-C or ``SIGTERM`` that ``exc`` is, or that directly caused it, if any.

    Python 3.11 wraps an exception raised in ``__set_name__`` while a class is made — as a
    Ctrl-C can be, while pandera's classes load — in a ``RuntimeError`` («Error calling
    __set_name__ …») whose cause is the interrupt.
    """
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt | _Terminated):
            return cause
        seen.add(id(cause))
        cause = cause.__cause__
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    given = list(sys.argv[1:] if argv is None else argv)
    main_thread = threading.current_thread() is threading.main_thread()
    if argv is None and main_thread:  # the console script
        sys.unraisablehook = _unraisable(sys.unraisablehook)
    previous = signal.signal(signal.SIGTERM, _terminate) if main_thread else None
    previous_int = signal.signal(signal.SIGINT, _interrupt) if main_thread else None
    command: list[str] = []  # the subcommand, once known
    try:
        status = _run(given, command)
    except BaseException as exc:
        stopped = _signal_in(exc)
        if stopped is None:
            raise
        with speaking(lang_given(given)):
            status = _stopped(command[0] if command else None, stopped)
        if argv is None and main_thread:
            # the console script: end here with 130/143. An interrupt that landed inside an
            # import or a finaliser can leave Python to end itself by SIGINT (status -2)
            # after this function has returned; nothing is left to clean up.
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(status)
    finally:
        if main_thread and argv is not None:
            signal.signal(signal.SIGTERM, previous)
            signal.signal(signal.SIGINT, previous_int)
            stop_writing(None)
    if argv is None and main_thread:
        # the console script: the work is done and written, so a signal that comes while
        # Python shuts down ends it with the work's own status, not as killed (-15, -2)
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda signum, frame: os._exit(status))
    return status


def _run(given: list[str], command: list[str]) -> int:
    # the help, argparse's words and an option's bad value: in the language asked for
    with speaking(lang_given(given)), argparse_speaking():
        parser = build_parser()
        args = parser.parse_args(given)
        if args.command is None:
            parser.print_help()
            return EXIT_USAGE
    command.append(args.command)
    lang = chosen_lang(args.lang)
    if getattr(args, "output", None) == "-":  # -o -: the table to standard output
        args.output = None
    try:
        with speaking(lang):  # what the library says along the way, in the language asked for
            if getattr(args, "output", None):
                check_writable(args.output)  # before the work, not after it
            status: int = args.handler(args)
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_PIPE
    except (IntegreringslovError, OSError) as exc:
        with speaking(lang):
            said = exc.text(lang) if isinstance(exc, InvalidInputError) else _os_error(exc)
            error = tr("error")
        print(f"integreringslov {args.command}: {error}: {printable_lines(said)}", file=sys.stderr)
        return EXIT_INVALID
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
