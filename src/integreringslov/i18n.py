"""The languages a person may read the library's text in: bokmål and English.

Codes in tables (``right_and_duty``, ``may_offer``, …) are the contract and stay English;
what a person reads — reasons, outcome labels in reports, command-line messages — is
given in the language asked for. Each module that produces such text keeps its own
wordings beside the code that uses them; this module holds only the shared type and the
one place that turns a user's ``--lang`` or ``lang=`` value into it.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

__all__ = ["DEFAULT_LANG", "LANGS", "Lang", "as_lang"]

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
