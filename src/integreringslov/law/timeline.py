"""The dated history of integreringsloven: when each change entered into force.

Periods are half-open, ``[in_force, until)``. The act itself entered into force on
2021-01-01; asking about an earlier date raises :class:`~integreringslov.errors.NotInForceError`.

>>> from datetime import date
>>> [a.key for a in in_force(date(2022, 6, 15))]
['original', 'kapittel-6a']
>>> is_in_force("work-30-hours", date(2025, 12, 31)), is_in_force("work-30-hours", date(2026, 1, 1))
(False, True)
>>> is_in_force("age-60", date(2030, 1, 1))
False
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import attrs

from integreringslov.errors import NotInForceError
from integreringslov.law.provisions import Provision

__all__ = [
    "ACT_IN_FORCE",
    "KAPITTEL_6A_PERMITS_FROM",
    "TIMELINE",
    "Amendment",
    "amendment",
    "change_dates",
    "in_force",
    "is_in_force",
    "require_act_in_force",
]


def covers(valid_from: date, valid_to: date | None, on: date) -> bool:
    """Whether ``on`` falls in the half-open period ``[valid_from, valid_to)``.

    ``valid_to`` ``None`` leaves the period open. The one test of a dated value that the
    timeline, the dated wordings and parameters, and the region registry all share.
    """
    return valid_from <= on and (valid_to is None or on < valid_to)


ACT_IN_FORCE = date(2021, 1, 1)
"""integreringsloven entered into force (res. 6. november 2020 nr. 2247)."""

KAPITTEL_6A_PERMITS_FROM = date(2022, 3, 11)
"""Kapittel 6A covers § 34 permits granted from this date (utlendingsforskriften § 7-5 a)."""


@attrs.frozen(kw_only=True)
class Amendment:
    """One dated change of the act: what changed, by which instrument, in force when.

    ``in_force`` is ``None`` for a change that has been passed but not put into force.
    ``until`` is the sunset of a temporary change (exclusive), or ``None``.
    """

    key: str
    """A short stable identifier, e.g. ``"kapittel-6a"``."""
    title: str
    """What the change does, in one line."""
    instrument: str
    """The act or regulation that made the change, e.g. ``LOV-2025-06-20-35``."""
    in_force: date | None
    """First day in force; ``None`` when not (yet) put into force."""
    until: date | None = None
    """First day no longer in force (sunset), or ``None``."""
    provisions: tuple[Provision, ...] = ()
    """The provisions the change introduced or reworded."""
    source: str = ""
    """Where the dates come from (commencement resolution, preparatory works, IMDi)."""
    note: str = ""
    """Doubts and caveats, kept visible."""

    def covers(self, on: date) -> bool:
        """Whether the change is in force on ``on``."""
        return self.in_force is not None and covers(self.in_force, self.until, on)


def _p(section: str, **kw: object) -> Provision:
    return Provision(section, **kw)  # type: ignore[arg-type]


TIMELINE: tuple[Amendment, ...] = (
    Amendment(
        key="original",
        title="integreringsloven enters into force; introduksjonsloven (2003) is repealed",
        instrument="LOV-2020-11-06-127",
        in_force=ACT_IN_FORCE,
        provisions=(_p("§ 50"), _p("§ 51")),
        source="res. 6. november 2020 nr. 2247; Lovdata note on introduksjonsloven",
        note="Applies to permits granted from 2021-01-01 and to permits granted abroad "
        "earlier with arrival from 2021-01-01 (§ 51, integreringsforskriften § 72).",
    ),
    Amendment(
        key="kapittel-6a",
        title="Kapittel 6A: temporary rules for holders of collective protection (§ 34)",
        instrument="LOV-2022-06-10-35 del IX",
        in_force=date(2022, 6, 15),
        until=date(2026, 7, 1),
        provisions=tuple(_p(s) for s in ("§ 37 a", "§ 37 b", "§ 37 c", "§ 37 d", "§ 37 e")),
        source="IMDi: «Med virkning fra 15. juni 2022»; sunset 2023-07-01 (LOV-2022-06-10-35 "
        "del XI), extended to 2024-07-01 (Innst. 363 L (2022–2023)) and to 2026-07-01 "
        "(Prop. 72 L (2023–2024); IMDi: «gjelder foreløpig til 1. juli 2026»)",
        note="Covers § 34 permits granted from 2022-03-11. After the sunset the ordinary "
        "rules (§ 9 første ledd bokstav e) apply again.",
    ),
    Amendment(
        key="lov-2025-immediate",
        title="LOV-2025-06-20-35, first part: § 1 («stabil»), § 12 andre ledd, "
        "§ 30 andre ledd første punktum, § 48 (statsforvalteren's supervision)",
        instrument="LOV-2025-06-20-35",
        in_force=date(2025, 6, 20),
        provisions=(
            _p("§ 1", ledd=1, punktum=2),
            _p("§ 12", ledd=2),
            _p("§ 30", ledd=2, punktum=1),
            _p("§ 48"),
        ),
        source="FOR-2025-06-20-1102: «Følgende trer i kraft straks»",
    ),
    Amendment(
        key="work-30-hours",
        title="LOV-2025-06-20-35, main part: new §§ 12 a, 13, 14, 14 a, 18 a, 18 b; "
        "§ 8 fjerde ledd (work of at least 30 hours a week) and femte ledd (Nordic/EEA)",
        instrument="LOV-2025-06-20-35",
        in_force=date(2026, 1, 1),
        provisions=(
            _p("§ 8", ledd=4),
            _p("§ 8", ledd=5),
            _p("§ 12 a"),
            _p("§ 13"),
            _p("§ 14"),
            _p("§ 14 a"),
            _p("§ 18 a"),
            _p("§ 18 b"),
            _p("§ 37 c"),
        ),
        source="FOR-2025-06-20-1102: «Følgende trer i kraft 1. januar 2026: Øvrige "
        "bestemmelser i endringsloven del I med unntak av § 8 første ledd første punktum og "
        "§ 8 tredje ledd første punktum.»",
    ),
    Amendment(
        key="age-60",
        title="Upper age limit of § 8 raised from 55 to 60 («fra og med 18 til og med 60 år»)",
        instrument="LOV-2025-06-20-35",
        in_force=None,
        provisions=(_p("§ 8", ledd=1, punktum=1), _p("§ 8", ledd=3, punktum=1)),
        source="FOR-2025-06-20-1102 excepts § 8 første ledd første punktum and tredje ledd "
        "første punktum from commencement",
        note="Passed but not in force; no commencement resolution found. The limit stays 55.",
    ),
)
"""Every modelled change of the act, in order of entry into force."""


def require_act_in_force(on: date, what: str = "integreringsloven") -> None:
    """Raise :class:`NotInForceError` if ``on`` is before the act entered into force."""
    if on < ACT_IN_FORCE:
        raise NotInForceError(
            f"{what} is not modelled on {on.isoformat()}: integreringsloven "
            f"entered into force on {ACT_IN_FORCE.isoformat()}"
        )


def amendment(key: str) -> Amendment:
    """The amendment with the given key; :class:`KeyError` names the known keys."""
    for a in TIMELINE:
        if a.key == key:
            return a
    raise KeyError(f"no amendment {key!r}; known: {', '.join(a.key for a in TIMELINE)}")


def is_in_force(key: str, on: date) -> bool:
    """Whether the amendment ``key`` is in force on ``on`` (the act itself must be)."""
    require_act_in_force(on)
    return amendment(key).covers(on)


def in_force(on: date) -> Sequence[Amendment]:
    """The amendments in force on ``on``, oldest first."""
    require_act_in_force(on)
    return tuple(a for a in TIMELINE if a.covers(on))


def change_dates() -> tuple[date, ...]:
    """Every date on which the modelled law changes (entries into force and sunsets)."""
    dates = {d for a in TIMELINE for d in (a.in_force, a.until) if d is not None}
    return tuple(sorted(dates))
