"""The wording of each modelled provision in force on a date, with the instrument behind it.

The wordings are data (``law/data/texts.toml``), ledd by ledd, each with the half-open period
it held, the act that gave it (LOV-…), the bill (Prop. … L) and the resolution that put it in
force (FOR-…). :func:`text` answers for a paragraph, a ledd, a punktum or a bokstav;
:func:`versions` lists every wording a provision has had.

>>> from datetime import date
>>> w = text("§ 8 andre ledd", on=date(2023, 7, 31))
>>> w.instrument, w.valid_to
('LOV-2020-11-06-127', datetime.date(2023, 8, 1))
>>> w = text("§ 8 andre ledd andre punktum", on=date(2023, 8, 1))
>>> w.instrument, w.text[:48]
('LOV-2023-06-09-24 del I', 'Kravet gjelder heller ikke for personer som får ')
>>> [v.valid_from.isoformat() for v in versions("§ 9")]
['2021-01-01', '2023-08-01']
>>> text("§ 52", on=date(2023, 1, 1)).heading
'Overgangsregler'

The library's sources end on :data:`~integreringslov.law.SOURCES_END`; a wording
asked for on a later date carries that caveat in :attr:`Wording.notes`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import attrs

from integreringslov.errors import NotInForceError
from integreringslov.law._provisions import Provision
from integreringslov.law._timeline import beyond_sources, covers, require_act_in_force

__all__ = ["Wording", "modelled_sections", "text", "versions"]


@attrs.frozen(kw_only=True)
class Wording:
    """A wording of a provision and the period it held, ``[valid_from, valid_to)``.

    For a whole paragraph the wording is composed of its ledd (:attr:`parts`); its period is
    the one in which none of them changed, and :attr:`instrument` is the act behind the most
    recent of them.
    """

    provision: Provision
    """What was asked for (a paragraph, ledd, punktum or bokstav)."""
    heading: str
    """The paragraph's heading in this period, e.g. ``Overgangsregler``."""
    text: str
    """The Norwegian text, verbatim; ledd separated by blank lines."""
    valid_from: date
    """First day of this wording."""
    valid_to: date | None
    """First day of the next wording (or of its repeal), or ``None``."""
    instrument: str
    """The act that gave this wording, e.g. ``LOV-2023-06-09-24 del I``."""
    prop: str = ""
    """The bill and committee report behind the instrument."""
    commencement: str = ""
    """The resolution that put the instrument in force (``FOR-…``) or «straks»."""
    notes: tuple[str, ...] = ()
    """Caveats: renumbering, changes passed but not in force, the end of the sources."""
    ended_by: str = ""
    """For a ledd repealed without a successor, the act that repealed or moved it."""
    parts: tuple[Wording, ...] = ()
    """For a paragraph, the wording of each ledd; empty for a ledd."""

    def covers(self, on: date) -> bool:
        """Whether this wording holds on ``on``."""
        return covers(self.valid_from, self.valid_to, on)

    @property
    def instruments(self) -> tuple[str, ...]:
        """Every instrument behind this wording (for a paragraph, each ledd's), oldest first."""
        items = self.parts or (self,)
        ordered = sorted(items, key=lambda w: w.valid_from)
        return tuple(dict.fromkeys(w.instrument for w in ordered))

    def period(self) -> str:
        """The period as text, e.g. ``2021-01-01 – 2023-08-01`` (end exclusive)."""
        end = self.valid_to.isoformat() if self.valid_to else ""
        return f"{self.valid_from.isoformat()} – {end}".rstrip()

    def __str__(self) -> str:
        return f"{self.provision.short}. {self.heading}\n{self.text}"


@cache
def _ledd() -> tuple[Wording, ...]:
    raw: dict[str, Any] = tomllib.loads(
        resources.files("integreringslov.law").joinpath("data/texts.toml").read_text("utf-8")
    )
    return tuple(
        Wording(
            provision=Provision(item["section"], ledd=item["ledd"]),
            heading=item["heading"],
            text=item["text"].rstrip("\n"),
            valid_from=item["valid_from"],
            valid_to=item.get("valid_to"),
            instrument=item["instrument"],
            prop=item.get("prop", ""),
            commencement=item.get("commencement", ""),
            notes=(item["note"],) if item.get("note") else (),
            ended_by=item.get("ended_by", ""),
        )
        for item in raw["wording"]
    )


def modelled_sections() -> tuple[str, ...]:
    """The paragraphs whose wordings the library holds, in the act's order."""
    return tuple(dict.fromkeys(w.provision.section for w in _ledd()))


def _as_provision(provision: Provision | str) -> Provision:
    return provision if isinstance(provision, Provision) else Provision.parse(provision)


def _of_section(section: str) -> tuple[Wording, ...]:
    found = tuple(w for w in _ledd() if w.provision.section == section)
    if not found:
        known = ", ".join(modelled_sections())
        raise KeyError(f"no wording of {section} is modelled; the library holds {known}")
    return found


_SENTENCE_END = re.compile(r"(?<=[.:])\s+(?=[A-ZÆØÅ])")


def _narrow(wording: Wording, provision: Provision) -> str:
    """The punktum or bokstav of a ledd's text that ``provision`` names."""
    if provision.letter is not None:
        for line in wording.text.splitlines():
            if re.match(rf"{provision.letter}[.)] ", line):
                return line
        raise KeyError(f"{wording.provision.short} has no bokstav {provision.letter}")
    if provision.punktum is not None:
        sentences = _SENTENCE_END.split(wording.text)
        if provision.punktum > len(sentences):
            raise KeyError(
                f"{wording.provision.short} has {len(sentences)} punktum on "
                f"{wording.valid_from.isoformat()}, not {provision.punktum}"
            )
        return sentences[provision.punktum - 1]
    return wording.text


def _not_in_force(provision: Provision, on: date, candidates: Sequence[Wording]) -> str:
    later = [w.valid_from for w in candidates if w.valid_from > on]
    ended = [w.valid_to for w in candidates if w.valid_to is not None and w.valid_to <= on]
    if later and not ended:
        when = f"it entered into force on {min(later).isoformat()}"
    elif ended:
        when = f"it was repealed or renumbered from {max(ended).isoformat()}"
    else:  # pragma: no cover - the data has no gaps
        when = "no wording covers that date"
    return f"{provision.short} is not in force on {on.isoformat()}: {when}"


def text(provision: Provision | str, *, on: date) -> Wording:
    """The wording of ``provision`` in force on ``on``, with its instrument and dates.

    ``provision`` is a :class:`Provision` or a citation such as ``"§ 9 første ledd bokstav
    d"``. Raises :class:`NotInForceError` for a date before the act or when the provision
    was not in force (e.g. § 37 c after kapittel 6A was repealed on 2026-07-01), and
    :class:`KeyError` for a provision whose wording is not modelled.
    """
    p = _as_provision(provision)
    require_act_in_force(on, p.short)
    candidates = _of_section(p.section)
    caveat = beyond_sources(on)
    extra = (caveat,) if caveat else ()
    if p.ledd is None:
        parts = tuple(sorted((w for w in candidates if w.covers(on)), key=_ledd_number))
        if not parts:
            raise NotInForceError(_not_in_force(p, on, candidates))
        # The paragraph last changed when a ledd began or a ledd was repealed.
        changes = [(w.valid_from, w) for w in parts] + [
            (w.valid_to, w) for w in candidates if w.valid_to is not None and w.valid_to <= on
        ]
        since, latest = max(changes, key=lambda change: change[0])
        instrument = latest.instrument if latest in parts else latest.ended_by
        ends = [w.valid_to for w in parts if w.valid_to is not None]
        ends.extend(w.valid_from for w in candidates if w.valid_from > on)
        return attrs.evolve(
            latest,
            provision=p,
            heading=parts[0].heading,
            text="\n\n".join(w.text for w in parts),
            valid_from=since,
            valid_to=min(ends) if ends else None,
            instrument=instrument,
            notes=tuple(dict.fromkeys(n for w in parts for n in w.notes)) + extra,
            parts=parts,
        )
    ledd = [w for w in candidates if w.provision.ledd == p.ledd]
    match = next((w for w in ledd if w.covers(on)), None)
    if match is None:
        raise NotInForceError(_not_in_force(p, on, ledd or candidates))
    return attrs.evolve(match, provision=p, text=_narrow(match, p), notes=match.notes + extra)


def _ledd_number(w: Wording) -> int:
    return w.provision.ledd or 0


def versions(provision: Provision | str) -> tuple[Wording, ...]:
    """Every wording ``provision`` has had since 2021-01-01, oldest first.

    For a paragraph, a new version starts whenever one of its ledd changes.
    """
    p = _as_provision(provision)
    candidates = _of_section(p.section)
    if p.ledd is not None:
        candidates = tuple(w for w in candidates if w.provision.ledd == p.ledd)
        if not candidates:
            raise KeyError(f"no wording of {p.short} is modelled")
    changes = sorted({d for w in candidates for d in (w.valid_from, w.valid_to) if d})
    out: list[Wording] = []
    for day in changes:
        try:
            out.append(text(p, on=day))
        except NotInForceError:  # repealed from that day
            continue
    return tuple(out)
