"""The languages a person may read the library's text in: bokmål and English.

Codes in tables (``right_and_duty``, ``may_offer``, …) are the contract and stay English;
what a person reads — reasons, outcome labels in reports, command-line messages — is
given in the language asked for. Each module that produces such text keeps its own
wordings beside the code that uses them; this module holds only the shared type, the one
place that turns a user's ``--lang`` or ``lang=`` value into it, and the words for the
outcome codes, which the reasons, the summaries and the reports all show.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Final, Literal, get_args

__all__ = [
    "DEFAULT_LANG",
    "LANGS",
    "OUTCOME_LABELS",
    "OUTCOME_WORDS",
    "Lang",
    "as_lang",
    "say",
    "speaking",
    "spoken",
]

Lang = Literal["en", "nb"]
"""A language the library writes in: ``"nb"`` (Norwegian bokmål) or ``"en"`` (English)."""

LANGS: Final[tuple[Lang, ...]] = get_args(Lang)
"""Every :data:`Lang`, in the order they are offered."""

DEFAULT_LANG: Final[Lang] = "en"
"""The language of the Python API when none is asked for."""

_ALIASES: Final[dict[str, Lang]] = {
    "nb": "nb",
    "no": "nb",
    "nob": "nb",
    "bokmål": "nb",
    "bokmal": "nb",
    "norsk": "nb",
    "en": "en",
    "eng": "en",
    "english": "en",
}


def as_lang(value: str) -> Lang:
    """The :data:`Lang` that ``value`` names (``"nb"``, ``"no"``, ``"en"``, …).

    >>> as_lang("NO"), as_lang(" en ")
    ('nb', 'en')

    Raises :class:`ValueError` naming the languages offered for anything else.
    """
    key = value.strip().casefold()
    if key in _ALIASES:
        return _ALIASES[key]
    offered = ", ".join(LANGS)
    raise ValueError(f"unknown language {value!r}: use one of {offered}")


_SPOKEN: ContextVar[Lang] = ContextVar("integreringslov_lang", default=DEFAULT_LANG)


@contextlib.contextmanager
def speaking(lang: Lang) -> Iterator[None]:
    """Within the block, :func:`say` answers in ``lang``.

    The plugin host sets it around an importer's detection and reading, so the notes and
    messages an importer writes with :func:`say` come in the language the user asked for,
    without a language argument on every function between.

    >>> with speaking("nb"):
    ...     say(en="sheet", nb="ark")
    'ark'
    """
    token = _SPOKEN.set(lang)
    try:
        yield
    finally:
        _SPOKEN.reset(token)


def spoken() -> Lang:
    """The language of the surrounding :func:`speaking` block; English outside one."""
    return _SPOKEN.get()


def say(*, en: str, nb: str) -> str:
    """``nb`` or ``en``: the text in the language of the surrounding :func:`speaking` block.

    English outside one. For an importer's notes and messages; text the library writes
    with a ``lang`` argument at hand takes that instead.
    """
    return nb if _SPOKEN.get() == "nb" else en


OUTCOME_LABELS: dict[str, dict[Lang, str]] = {
    "right_and_duty": {"nb": "rett og plikt", "en": "right and duty"},
    "right": {"nb": "rett", "en": "right (no duty)"},
    "may_offer": {"nb": "kan tilby", "en": "may offer"},
    "not_covered": {"nb": "ikke omfattet", "en": "not covered"},
    "undetermined": {"nb": "ikke avgjort", "en": "undetermined"},
}
"""The short label a person reads for each outcome code (in summaries, reports and plots;
the codes stay in tables): the law's own terms in bokmål — «rett og plikt» (§ 8 første
ledd), «rett» (§ 37 b), «kan tilby» (§ 8 tredje ledd: kommunen *kan tilby*), «ikke
omfattet» — and «ikke avgjort» where a fact is missing, as in :data:`OUTCOME_WORDS`."""

OUTCOME_WORDS: dict[Lang, dict[str, str]] = {
    "en": {
        "right_and_duty": "right and duty",
        "right": "right, but no duty",
        "may_offer": "the municipality may offer",
        "not_covered": "not covered",
        "undetermined": "undetermined",
    },
    "nb": {
        "right_and_duty": "rett og plikt",
        "right": "rett, men ikke plikt",
        "may_offer": "kommunen kan tilby",
        "not_covered": "ikke omfattet",
        "undetermined": "ikke avgjort (mangler opplysninger)",
    },
}
"""How each outcome code reads inside a sentence (the reasons), by language."""
