"""Settlement status snapshots and the progress between them.

The county follows the year's settlement as snapshots — requested, settled, assigned to a
municipality but not yet settled, career guidance given, and the age of those settled — as
Trøndelag fylkeskommune did in May 2022 for the arrivals from Ukraine (9 → 16 May 2022:
settled 202 → 285, assigned 413 → 388, of a request of 3 790).
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import attrs

from integreringslov._text.i18n import N_, Lang, speaking, tr

__all__ = ["AgeShares", "Progress", "SettlementStatus"]

_SHARE = [attrs.validators.ge(0.0), attrs.validators.le(1.0)]

_WORDS: dict[str, str] = {
    "progress": N_(
        "{a} → {b} ({days} days): settled {s0} → {s1} (+{ds}, {pw} a week), {share:.1%} of the "
        "request of {req}; assigned but not yet settled {a0} → {a1} ({da})",
    ),
    "guidance": N_("; career guidance {g0} → {g1}"),
    "pace": N_(". At this pace the request would be met by {when}"),
}  # fmt: skip
"""The words of :meth:`Progress.describe`, as message ids."""


@attrs.frozen(kw_only=True)
class AgeShares:
    """Aldersfordeling — the age distribution of the persons settled (shares 0–1).

    Shares as published are rounded, so they need not add up to exactly 1 (the 16 May 2022
    slide sums to 0.995); :attr:`total` tells how far off they are.
    """

    children_0_5: float = attrs.field(validator=_SHARE)
    """Barn 0–5 år."""
    children_6_15: float = attrs.field(validator=_SHARE)
    """Barn 6–15 år."""
    youth_16_19: float = attrs.field(validator=_SHARE)
    """Ungdom 16–19 år."""
    adults: float = attrs.field(validator=_SHARE)
    """Voksne (20 år og eldre)."""

    @property
    def total(self) -> float:
        """The sum of the shares (1.0 up to the publication's rounding)."""
        return self.children_0_5 + self.children_6_15 + self.youth_16_19 + self.adults

    def persons(self, settled: int) -> dict[str, int]:
        """Approximate persons per age group for ``settled`` persons (rounded shares × n)."""
        return {
            "children_0_5": round(self.children_0_5 * settled),
            "children_6_15": round(self.children_6_15 * settled),
            "youth_16_19": round(self.youth_16_19 * settled),
            "adults": round(self.adults * settled),
        }


@attrs.frozen(kw_only=True)
class SettlementStatus:
    """Bosettingsstatus — where the year's settlement stands on a date.

    For a county (fylkesnummer) or a municipality (kommunenummer).
    """

    region: str = attrs.field(validator=attrs.validators.matches_re(r"^\d{2}(\d{2})?$"))
    """Fylkesnummer (2 digits) or kommunenummer (4 digits)."""
    as_of: date
    """The date of the snapshot."""
    requested: int = attrs.field(validator=attrs.validators.ge(0))
    """Anmodet — persons the region's municipalities are asked to settle this year."""
    settled: int = attrs.field(validator=attrs.validators.ge(0))
    """Bosatt — persons settled so far this year."""
    assigned_municipality: int = attrs.field(validator=attrs.validators.ge(0))
    """Tildelt kommune — assigned to a municipality but not yet settled."""
    career_guidance: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.ge(0))
    )
    """Karriereveiledning gitt — persons who have received career guidance (§ 11)."""
    age_shares: AgeShares | None = None
    """The age distribution of the settled, where published."""

    @property
    def remaining(self) -> int:
        """Requested − settled (negative when more were settled than requested)."""
        return self.requested - self.settled

    @property
    def settled_share(self) -> float:
        """Settled ÷ requested (0 when nothing was requested)."""
        return self.settled / self.requested if self.requested else 0.0

    @property
    def in_pipeline(self) -> int:
        """Settled plus assigned: persons who have or will soon have a municipality."""
        return self.settled + self.assigned_municipality

    def progress_to(self, later: SettlementStatus) -> Progress:
        """The progress from this snapshot to a later one of the same region."""
        if later.region != self.region:
            raise ValueError(f"snapshots of different regions: {self.region} and {later.region}")
        if later.as_of <= self.as_of:
            raise ValueError(
                f"the later snapshot ({later.as_of}) must come after this one ({self.as_of})"
            )
        return Progress(start=self, end=later)


@attrs.frozen(kw_only=True)
class Progress:
    """Framdrift — the change between two settlement status snapshots."""

    start: SettlementStatus
    """The earlier snapshot."""
    end: SettlementStatus
    """The later snapshot."""

    @property
    def days(self) -> int:
        """Days between the snapshots."""
        return (self.end.as_of - self.start.as_of).days

    @property
    def settled(self) -> int:
        """Persons settled between the snapshots."""
        return self.end.settled - self.start.settled

    @property
    def assigned_change(self) -> int:
        """Change in persons assigned but not yet settled (negative when the queue shrank)."""
        return self.end.assigned_municipality - self.start.assigned_municipality

    @property
    def career_guidance(self) -> int | None:
        """Persons given career guidance between the snapshots, where both give it."""
        if self.start.career_guidance is None or self.end.career_guidance is None:
            return None
        return self.end.career_guidance - self.start.career_guidance

    @property
    def settled_per_week(self) -> float:
        """The pace of settlement: persons per 7 days."""
        return 7.0 * self.settled / self.days

    @property
    def share_points(self) -> float:
        """Change of the settled share of the request, in percentage points."""
        return 100.0 * (self.end.settled_share - self.start.settled_share)

    def projected_completion(self) -> date | None:
        """The date the request would be met at the current pace (a naive straight line).

        ``None`` when nothing was settled in the period; the end date when already met.
        """
        if self.end.remaining <= 0:
            return self.end.as_of
        if self.settled <= 0:
            return None
        days = math.ceil(self.end.remaining * self.days / self.settled)
        return self.end.as_of + timedelta(days=days)

    def describe(self, lang: Lang = "en") -> str:
        """One paragraph a county analyst can read, in ``lang`` (English or bokmål)."""
        s, e = self.start, self.end
        with speaking(lang):  # dates and the share as the language writes them
            text = tr(
                _WORDS["progress"], a=s.as_of, b=e.as_of, days=self.days, s0=s.settled,
                s1=e.settled, ds=self.settled, pw=f"{self.settled_per_week:.0f}",
                share=e.settled_share, req=e.requested, a0=s.assigned_municipality,
                a1=e.assigned_municipality, da=f"{self.assigned_change:+d}",
            )  # fmt: skip
            if self.career_guidance is not None:
                text += tr(_WORDS["guidance"], g0=s.career_guidance, g1=e.career_guidance)
            when = self.projected_completion()
            if when is not None:
                text += tr(_WORDS["pace"], when=when)
        return text + "."
