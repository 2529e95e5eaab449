"""Provisions as value objects that print the way Norwegian lawyers cite them.

>>> from integreringslov.law import Provision
>>> str(Provision("§ 8", ledd=1))
'integreringsloven § 8 første ledd'
>>> str(Provision("§ 9", ledd=1, letter="f"))
'integreringsloven § 9 første ledd bokstav f'
>>> Provision("§ 8", ledd=1, punktum=2).short
'§ 8 første ledd andre punktum'
>>> format_basis([Provision("§ 8", ledd=1), Provision("§ 9", ledd=1, letter="a")])
'integreringsloven § 8 første ledd; § 9 første ledd bokstav a'
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from urllib.parse import quote

import attrs

__all__ = ["Act", "Provision", "format_basis", "ordinal"]

_ORDINALS = (
    "første", "andre", "tredje", "fjerde", "femte",
    "sjette", "sjuende", "åttende", "niende", "tiende",
)  # fmt: skip


def ordinal(n: int) -> str:
    """The Norwegian (bokmål) ordinal used in citations: 1 → ``første``, 2 → ``andre``.

    >>> ordinal(3)
    'tredje'
    """
    if not 1 <= n <= len(_ORDINALS):
        raise ValueError(f"no citation ordinal for {n}; expected 1 to {len(_ORDINALS)}")
    return _ORDINALS[n - 1]


class Act(enum.Enum):
    """The acts and regulations the library cites, with their Lovdata identifiers."""

    INTEGRERINGSLOVEN = ("integreringsloven", "lov/2020-11-06-127")
    """Lov om integrering gjennom opplæring, utdanning og arbeid (LOV-2020-11-06-127)."""
    INTRODUKSJONSLOVEN = ("introduksjonsloven", "lov/2003-07-04-80")
    """Lov om introduksjonsordning og norskopplæring for nyankomne innvandrere (repealed 2021)."""
    INTEGRERINGSFORSKRIFTEN = ("integreringsforskriften", "forskrift/2020-12-15-2912")
    """Forskrift til integreringsloven (FOR-2020-12-15-2912)."""
    UTLENDINGSLOVEN = ("utlendingsloven", "lov/2008-05-15-35")
    """Lov om utlendingers adgang til riket og deres opphold her (LOV-2008-05-15-35)."""
    OVERGANGSREGLER_6A_2022 = ("FOR-2022-06-10-995", "forskrift/2022-06-10-995")
    """Forskrift om overgangsregler om integreringsloven kapittel 6A (FOR-2022-06-10-995)."""
    OVERGANGSREGLER_6A_2024 = ("FOR-2024-06-25-1217", "forskrift/2024-06-25-1217")
    """Forskrift om overgangsregler om integreringsloven kapittel 6A (FOR-2024-06-25-1217)."""

    def __init__(self, short_name: str, lovdata_path: str) -> None:
        self.short_name = short_name
        self.lovdata_path = lovdata_path

    @property
    def url(self) -> str:
        """The act's page on Lovdata."""
        return f"https://lovdata.no/{self.lovdata_path}"


_SECTION = re.compile(r"^(?:§\s*)?(\d+)(?:\s*([a-z]))?$")
_ORDINAL_WORDS = "|".join(_ORDINALS)
_CITATION = re.compile(
    rf"^(?:(?P<act>[a-zæøå]+)\s+)?(?P<section>§\s*\d+(?:\s*[a-z](?![a-zæøå]))?)"
    rf"(?:\s+(?P<ledd>{_ORDINAL_WORDS})\s+ledd)?"
    rf"(?:\s+(?P<punktum>{_ORDINAL_WORDS})\s+punktum)?"
    rf"(?:\s+bokstav\s+(?P<letter>[a-z]))?$"
)


def _normalise_section(value: str) -> str:
    m = _SECTION.match(value.strip())
    if not m:
        raise ValueError(f"not a section reference: {value!r}; expected e.g. '§ 8' or '§ 37 c'")
    number, suffix = m.groups()
    return f"§ {number} {suffix}" if suffix else f"§ {number}"


@attrs.frozen(order=False)
class Provision:
    """A citable unit of an act: a paragraph (§), optionally its ledd, punktum and bokstav.

    The section is positional and may be written ``"§ 8"``, ``"8"`` or ``"§ 37 c"``;
    everything else is keyword-only. Equal provisions compare and hash equal, so
    provisions can be collected in sets.
    """

    section: str = attrs.field(converter=_normalise_section)
    """The paragraph, normalised to ``§ N`` or ``§ N x``."""
    ledd: int | None = attrs.field(default=None, kw_only=True)
    """The paragraph's ledd (numbered paragraph of text), 1-based."""
    punktum: int | None = attrs.field(default=None, kw_only=True)
    """The sentence (punktum) within the ledd, 1-based."""
    letter: str | None = attrs.field(default=None, kw_only=True)
    """The bokstav in a list, e.g. ``"f"`` in § 9 første ledd bokstav f."""
    act: Act = attrs.field(default=Act.INTEGRERINGSLOVEN, kw_only=True)
    """The act or regulation the provision belongs to."""

    @classmethod
    def parse(cls, citation: str) -> Provision:
        """The provision a citation names, e.g. ``"§ 9 første ledd bokstav f"``.

        The act's name may lead (``"integreringsloven § 8 andre ledd"``); the act defaults to
        integreringsloven.

        >>> str(Provision.parse("integreringsforskriften § 72 andre ledd"))
        'integreringsforskriften § 72 andre ledd'
        >>> str(Provision.parse("§ 37 c første ledd tredje punktum"))
        'integreringsloven § 37 c første ledd tredje punktum'
        """
        m = _CITATION.match(citation.strip())
        if m is None:
            raise ValueError(
                f"not a citation: {citation!r}; expected e.g. '§ 9 første ledd bokstav f'"
            )
        act = next((a for a in Act if a.short_name == (m["act"] or "integreringsloven")), None)
        if act is None:
            raise ValueError(f"unknown act {m['act']!r} in {citation!r}")

        def number(word: str | None) -> int | None:
            return None if word is None else _ORDINALS.index(word) + 1

        return cls(
            m["section"],
            ledd=number(m["ledd"]),
            punktum=number(m["punktum"]),
            letter=m["letter"],
            act=act,
        )

    @property
    def short(self) -> str:
        """The citation without the act's name, e.g. ``§ 9 første ledd bokstav f``."""
        # The act writes «§ 37 c», the forskrift «§ 43h»: cite each as it is written.
        section = self.section
        if self.act is Act.INTEGRERINGSFORSKRIFTEN:
            section = re.sub(r"(\d) ([a-z])$", r"\1\2", section)
        parts = [section]
        if self.ledd is not None:
            parts.append(f"{ordinal(self.ledd)} ledd")
        if self.punktum is not None:
            parts.append(f"{ordinal(self.punktum)} punktum")
        if self.letter is not None:
            parts.append(f"bokstav {self.letter}")
        return " ".join(parts)

    def __str__(self) -> str:
        return f"{self.act.short_name} {self.short}"

    @property
    def url(self) -> str:
        """A link to the paragraph on Lovdata (the current consolidated text)."""
        anchor = quote(self.section.replace(" ", ""))
        return f"{self.act.url}/{anchor}"


def format_basis(provisions: Iterable[Provision]) -> str:
    """Join provisions into one citation string, naming each act only once, in order.

    >>> format_basis([Provision("§ 51"), Provision("§ 72", act=Act.INTEGRERINGSFORSKRIFTEN)])
    'integreringsloven § 51; integreringsforskriften § 72'
    """
    out: list[str] = []
    last_act: Act | None = None
    seen: set[Provision] = set()
    for p in provisions:
        if p in seen:
            continue
        seen.add(p)
        out.append(p.short if p.act is last_act else str(p))
        last_act = p.act
    return "; ".join(out)
