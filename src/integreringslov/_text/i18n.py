"""The languages a person may read the library's text in: bokmål and English — by gettext.

Every sentence a person reads is written in the code in English, as a gettext message id
(:func:`tr`, :func:`trn` for a number's plural forms, :func:`N_` to mark a text that is
translated later), and translated from the ``nb`` catalog
(``integreringslov/locale/nb/LC_MESSAGES/integreringslov.po``, extracted with Babel's
``pybabel extract``; see the contributors' page *Messages and translations*). Codes in
tables (``right_and_duty``, ``may_offer``, …) are the contract and stay English.

The language is a context — :func:`speaking` sets it for a block, :func:`spoken` reads
it — so a message deep in an importer is told in the language the user asked for without
a language argument on every function between; the functions of the API that take
``lang=`` speak that language inside.

The catalog is read from its ``.po`` file with Babel's reader the first time bokmål is
spoken, so an editable install, a fresh clone and a wheel all translate the same, with no
build step; English never reads it. Numbers and dates filled into a bokmål sentence are
written the Norwegian way (``0,3``, ``7. desember 2026``) with Babel's formatting.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gettext
import string
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, Final, Literal, get_args

__all__ = [
    "CATALOG_DOMAIN",
    "DEFAULT_LANG",
    "LANGS",
    "N_",
    "OUTCOME_LABELS",
    "OUTCOME_WORDS",
    "Lang",
    "as_lang",
    "catalog_path",
    "date_text",
    "number_text",
    "outcome_label",
    "outcome_words",
    "percent_text",
    "say",
    "speaking",
    "spoken",
    "tr",
    "trn",
]

Lang = Literal["en", "nb"]
"""A language the library writes in: ``"nb"`` (Norwegian bokmål) or ``"en"`` (English)."""

LANGS: Final[tuple[Lang, ...]] = get_args(Lang)
"""Every :data:`Lang`, in the order they are offered."""

DEFAULT_LANG: Final[Lang] = "en"
"""The language of the Python API when none is asked for."""

CATALOG_DOMAIN: Final = "integreringslov"
"""The gettext domain: the catalogs' file name, ``locale/<lang>/LC_MESSAGES/<domain>.po``."""

_BABEL_LOCALE: Final[dict[Lang, str]] = {"nb": "nb_NO", "en": "en"}

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
    raise ValueError(
        tr("unknown language {value!r}: use one of {offered}", value=value, offered=offered)
    )


_SPOKEN: ContextVar[Lang] = ContextVar("integreringslov_lang", default=DEFAULT_LANG)


@contextlib.contextmanager
def speaking(lang: Lang) -> Iterator[None]:
    """Within the block, the library's messages and a plugin's :func:`say` speak ``lang``.

    The plugin host sets it around an importer's detection and reading, the command line
    around a whole command, so the messages are told in the language the user asked for.

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


def catalog_path(lang: Lang) -> Traversable:
    """Where the catalog (``.po``) of ``lang`` lies in the installed package."""
    locale = resources.files("integreringslov") / "locale"
    return locale / lang / "LC_MESSAGES" / f"{CATALOG_DOMAIN}.po"


@functools.cache
def _translations(lang: Lang) -> gettext.NullTranslations:
    """The catalog of ``lang``, read from its ``.po`` once (English: the message ids)."""
    if lang == "en":
        return gettext.NullTranslations()
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with catalog_path(lang).open("rb") as po:
        catalog = read_po(po, locale=_BABEL_LOCALE[lang], domain=CATALOG_DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)  # fuzzy entries are left out, as msgfmt does
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


class _Formatter(string.Formatter):
    """``str.format`` that writes a date or a decimal number in a field as ``lang`` does."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime) and not format_spec:
            return date_text(value, self.lang)
        if isinstance(value, float):
            if not format_spec:
                return number_text(value, self.lang)
            if format_spec[-1:] in ("f", "%", "g", "e"):
                text = format(value, format_spec).replace(".", ",")
                return text.replace("%", "\u00a0%")
        return format(value, format_spec)


def _filled(text: str, lang: Lang, fields: Mapping[str, object]) -> str:
    if not fields:
        return text
    if lang == "en":  # str.format itself: English writes its fields as Python does
        return text.format_map(fields)
    return _Formatter(lang).vformat(text, (), fields)


def tr(message: str, /, **fields: object) -> str:
    """``message`` (the English text, a gettext message id) in the spoken language.

    With ``fields``, ``message`` is a :meth:`str.format` pattern (a literal brace is
    written ``{{``) and the fields are filled in — in bokmål a date as «7. desember 2026»
    and a decimal number with a decimal comma.

    >>> with speaking("nb"):
    ...     tr("not a whole number: {text!r}", text="x")
    "ikke et heltall: 'x'"
    >>> tr("not a whole number: {text!r}", text="x")
    "not a whole number: 'x'"
    """
    lang = _SPOKEN.get()
    return _filled(_translations(lang).gettext(message), lang, fields)


def trn(singular: str, plural: str, n: int, /, **fields: object) -> str:
    """The form of ``singular``/``plural`` that fits the number ``n``, in the spoken language.

    ``n`` is a field too (``{n}``), besides ``fields``.

    >>> with speaking("nb"):
    ...     trn("{n} row", "{n} rows", 1), trn("{n} row", "{n} rows", 2)
    ('1 rad', '2 rader')
    """
    lang = _SPOKEN.get()
    return _filled(_translations(lang).ngettext(singular, plural, n), lang, {"n": n, **fields})


def tr_in(lang: Lang, message: str, /, **fields: object) -> str:
    """:func:`tr` in ``lang`` instead of the spoken language: for a report in its own language.

    >>> tr_in("nb", "not a whole number: {text!r}", text="x")
    "ikke et heltall: 'x'"
    """
    with speaking(lang):
        return tr(message, **fields)


def N_(message: str) -> str:
    """``message`` unchanged: marks a text for the catalog that :func:`tr` translates later.

    For a text kept in a table or a constant (an outcome's label, an option's help).
    """
    return message


def number_text(value: float, lang: Lang | None = None, decimals: int | None = None) -> str:
    r"""``value`` as a person reads it in ``lang`` (default: the spoken language).

    With ``decimals``, rounded to that many places and written with all of them.

    >>> number_text(0.3, "nb"), number_text(1234.5, "en"), number_text(1234.5, "nb", 0)
    ('0,3', '1,234.5', '1\xa0234')
    """
    from babel.numbers import format_decimal

    pattern = None if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
    return str(format_decimal(value, pattern, locale=_BABEL_LOCALE[lang or _SPOKEN.get()]))


def percent_text(share: float, lang: Lang | None = None, decimals: int = 1) -> str:
    """``share`` (0.123) as a percentage in ``lang`` (default: the spoken language).

    >>> percent_text(0.1234, "nb"), percent_text(0.1234, "en")
    ('12,3%', '12.3%')
    """
    from babel.numbers import format_percent

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    return str(format_percent(share, pattern, locale=_BABEL_LOCALE[lang or _SPOKEN.get()]))


_DATE_PATTERNS: Final[Mapping[tuple[Lang, Literal["long", "short"]], str]] = {
    ("nb", "long"): "long",  # 7. desember 2026
    ("nb", "short"): "short",  # 07.12.2026
    ("en", "long"): "yyyy-MM-dd",  # English writes dates as every table does: ISO
    ("en", "short"): "yyyy-MM-dd",
}


def date_text(
    day: dt.date, lang: Lang | None = None, form: Literal["long", "short"] = "long"
) -> str:
    """``day`` as ``lang`` writes it (default: the spoken language).

    Bokmål writes the month in words in a sentence (``form="long"``) and with digits in a
    table or on an axis (``form="short"``); English writes the ISO form, as every table.

    >>> date_text(dt.date(2026, 12, 7), "nb"), date_text(dt.date(2026, 12, 7), "en")
    ('7. desember 2026', '2026-12-07')
    >>> date_text(dt.date(2026, 12, 7), "nb", "short")
    '07.12.2026'
    """
    from babel.dates import format_date

    lang = lang or _SPOKEN.get()
    return str(format_date(day, _DATE_PATTERNS[lang, form], locale=_BABEL_LOCALE[lang]))


def say(*, en: str, nb: str) -> str:
    """``nb`` or ``en``: a third-party plugin's own text in the spoken language.

    For plugins outside this package, whose messages are not in the library's catalog:
    they write both languages side by side. The library itself uses its catalog (``tr``).

    >>> with speaking("nb"):
    ...     say(en="tally", nb="opptelling")
    'opptelling'
    """
    return nb if _SPOKEN.get() == "nb" else en


OUTCOME_LABELS: Final[Mapping[str, str]] = {
    "right_and_duty": N_("right and duty"),
    "right": N_("right (no duty)"),
    "may_offer": N_("may offer"),
    "not_covered": N_("not covered"),
    "undetermined": N_("undetermined"),
}
"""The short label a person reads for each outcome code (in summaries, reports and plots;
the codes stay in tables), as a message id. In bokmål the law's own terms — «rett og
plikt» (§ 8 første ledd), «rett» (§ 37 b), «kan tilby» (§ 8 tredje ledd: kommunen *kan
tilby*), «ikke omfattet» — and «ikke avgjort» where a fact is missing."""

OUTCOME_WORDS: Final[Mapping[str, str]] = {
    "right_and_duty": N_("right and duty"),
    "right": N_("right, but no duty"),
    "may_offer": N_("the municipality may offer"),
    "not_covered": N_("not covered"),
    "undetermined": N_("undetermined (facts missing)"),
}
"""How each outcome code reads inside a sentence (the reasons), as a message id."""


def outcome_label(code: str, lang: Lang | None = None) -> str:
    """The short label of the outcome ``code`` in ``lang`` (default: the spoken language).

    >>> outcome_label("may_offer", "nb")
    'kan tilby'
    """
    return tr_in(lang or _SPOKEN.get(), OUTCOME_LABELS[code])


def outcome_words(code: str, lang: Lang | None = None) -> str:
    """How the outcome ``code`` reads inside a sentence in ``lang`` (default: spoken).

    >>> outcome_words("right", "nb")
    'rett, men ikke plikt'
    """
    return tr_in(lang or _SPOKEN.get(), OUTCOME_WORDS[code])
