"""The command line's argument parser, in the language a person reads.

``--lang`` is one option: the reader's language, taken before or after the subcommand
(and after an action, ``regions update --lang nb``), with ``--help`` too. It is read from
the command line before the parser is built, so the help texts — which are message ids,
translated by :func:`~integreringslov._text.i18n.tr` — and argparse's own words (usage,
section titles, its errors) come in that language: argparse asks :mod:`gettext` for its
words through its module's ``_`` and ``ngettext``, and :func:`argparse_speaking` answers
them from the library's catalog for the time of the parse.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator, Sequence

from integreringslov._text.i18n import N_, Lang, as_lang, tr, trn

__all__ = [
    "ARGPARSE_WORDS",
    "add_lang_option",
    "argparse_speaking",
    "lang_arg",
    "lang_given",
]

ARGPARSE_WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
)
"""The words argparse itself prints to a person (usage, section titles, usage errors), as
message ids of the catalog; ``expected %s argument(s)`` is the one with plural forms."""


def _argparse_gettext(message: str) -> str:
    return tr(message)


def _argparse_ngettext(singular: str, plural: str, n: int) -> str:
    # argparse fills in the number itself (%s): the form is chosen here, the number there
    if (singular, plural) == ("expected %s argument", "expected %s arguments"):
        return trn("expected %s argument", "expected %s arguments", n)
    return singular if n == 1 else plural


@contextlib.contextmanager
def argparse_speaking() -> Iterator[None]:
    """Within the block, argparse's own words come in the spoken language."""
    module = vars(argparse)
    saved = module["_"], module["ngettext"]
    module["_"], module["ngettext"] = _argparse_gettext, _argparse_ngettext
    try:
        yield
    finally:
        module["_"], module["ngettext"] = saved


def lang_arg(text: str) -> Lang:
    """An argparse type: a language (``nb``, ``no``, ``en``, …) as a :data:`Lang`."""
    try:
        return as_lang(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def lang_given(argv: Sequence[str]) -> Lang:
    """The language ``--lang`` asks for anywhere on the command line (English if none).

    Read before the parser is built, so that its help and its errors speak it; a value
    that names no language is English here and the parser's error later.
    """
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else None
        if arg.startswith("--lang="):
            value = arg.removeprefix("--lang=")
        if value is not None:
            with contextlib.suppress(ValueError):
                return as_lang(value)
    return "en"


def add_lang_option(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    """``--lang nb|en``, the reader's language, on ``parser`` and every parser below it.

    Only the top parser has a default (``None``: English messages): on a subcommand or an
    action the option sets the language when it is given there and leaves it alone when
    not, so ``integreringslov --lang nb regions update`` and ``… regions update --lang nb``
    are the same.
    """
    if not any("--lang" in action.option_strings for action in parser._actions):
        parser.add_argument(
            "--lang",
            type=lang_arg,
            default=None if top else argparse.SUPPRESS,
            metavar="nb|en",
            help=tr("the language you read messages, reports and help in (nb: bokmål, "
                    "en: English); default: messages in English"),
        )
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                add_lang_option(sub)

