"""Outcomes, grounds and the text of each ground: what an assessment says and why.

Every assessment ends in one :class:`Ground` — the rule that decided it. The rules
(``grounds``) decide the ground of every row of a table; given
the ground, the § 9 letter held and the date the law is applied on (the § 12 decision
date), the outcome, the provisions and the reason are fixed, and
:func:`integreringslov.rules.render` computes them in English or bokmål.
"""

from __future__ import annotations

import enum
from datetime import date
from typing import Generic, TypeVar

import attrs

from integreringslov.law import Provision, format_basis

__all__ = [
    "Assessment",
    "Finding",
    "Ground",
    "GuidanceOutcome",
    "ProgrammeOutcome",
    "Regime",
    "Rendered",
]

T = TypeVar("T")


class Regime(enum.Enum):
    """Which act governs the person (integreringsloven § 51, integreringsforskriften § 72)."""

    INTEGRERINGSLOVEN = "integreringsloven"
    """Permit granted from 2021-01-01, or granted abroad earlier with arrival from then."""
    INTRODUKSJONSLOVEN = "introduksjonsloven"
    """The repealed 2003 act still governs permits granted before 2021-01-01."""


class ProgrammeOutcome(enum.Enum):
    """*Introduksjonsprogram* — the person's position towards the introduction programme."""

    RIGHT_AND_DUTY = "right_and_duty"
    """*Rett og plikt* (§ 8 første ledd)."""
    RIGHT = "right"
    """*Rett, men ikke plikt* (kapittel 6A, § 37 c)."""
    MAY_OFFER = "may_offer"
    """The municipality *kan tilby* the programme (§ 8 tredje ledd)."""
    NOT_COVERED = "not_covered"
    """Not covered (or not yet: not settled)."""
    UNDETERMINED = "undetermined"
    """*Ikke avgjort* — a needed fact is missing; the reason names it."""


class GuidanceOutcome(enum.Enum):
    """*Karriereveiledning* — the person's position towards career guidance (§ 11)."""

    RIGHT_AND_DUTY = "right_and_duty"
    """*Rett og plikt* (§ 11 første ledd)."""
    RIGHT = "right"
    """*Rett, men ikke plikt* (kapittel 6A, § 37 b)."""
    NOT_COVERED = "not_covered"
    """Not covered."""
    UNDETERMINED = "undetermined"
    """*Ikke avgjort* — a needed fact is missing; the reason names it."""


class Ground(enum.IntEnum):
    """The rule that decided an assessment (integer codes, used by the vectorised path)."""

    INTRODUKSJONSLOVEN = 0
    """Permit before 2021 (no arrival from 2021): introduksjonsloven applies (§ 51/§ 52)."""
    NORDIC_EEA = 1
    """Nordic or EEA citizen."""
    NO_SECTION_9_PERMIT = 2
    """The permit is not one of § 9 første ledd."""
    NOT_SETTLED = 3
    """Not (yet) settled in a municipality on the assessment date."""
    UNDER_AGE = 4
    """Under 18 on the grant date."""
    TWO_YEARS = 5
    """Two years or more in a municipality with the permit at the § 12 decision."""
    TWO_YEARS_MAY_OFFER = 6
    """In a § 8 tredje ledd group, but two years or more in a municipality."""
    OVER_AGE = 7
    """Over 55 on the grant date: may offer."""
    FAMILY_OTHER = 8
    """Family member of someone who holds none of a–e: may offer (§ 8 tredje ledd)."""
    FAMILY_FIVE_YEARS = 9
    """Letter f whose reference person had been settled five years or more: may offer."""
    NO_AGREEMENT = 10
    """Settled without agreement (letters a–e): may offer."""
    WORK_HOURS = 11
    """At least 30 hours a week of work or work offer (from 2026-01-01)."""
    KAPITTEL_6A = 12
    """§ 34 holder decided under kapittel 6A (2022-06-15 to 2025-12-31): right without duty."""
    RIGHT_AND_DUTY = 13
    """In the target group of § 8 første ledd."""
    REFERENCE_PERMANENT_TOO_EARLY = 14
    """Reference person's permit now permanent, decided before § 9 andre ledd (2023-08-01)."""
    RIGHT_AND_DUTY_PERMANENT_REFERENCE = 15
    """Letter f through § 9 andre ledd (reference person's permit now permanent)."""
    RIGHT_AND_DUTY_AFTER_F = 16
    """Letter a after letter f, settled without agreement (§ 8 andre ledd andre punktum)."""
    SECTION_34_GUIDANCE = 17
    """§ 34 holder in 2026 before the sunset: ordinary programme, guidance a right (§ 37 b)."""
    TRANSITIONAL_43H = 18
    """Decided under kapittel 6A, then another permit: no new rights (forskrift § 43h)."""
    UNDETERMINED = 19
    """A fact the rules need is missing and would change the outcome."""
    NO_PERMIT_YET = 20
    """The permit is granted after the assessment date: no § 9 permit yet on that date."""
    KAPITTEL_6A_NEW_DECISION = 21
    """§ 34 holder decided under the ordinary rules before 2022-06-15: a new decision under
    kapittel 6A (FOR-2022-06-10-995 § 1 andre ledd), right without duty."""


@attrs.frozen(kw_only=True)
class Finding(Generic[T]):
    """What one rule found about one person, with the provisions it applied."""

    rule: str
    """The rule's name, e.g. ``"§ 8 første ledd"``."""
    value: T
    """The rule's answer (an outcome, a regime, or a bool)."""
    provisions: tuple[Provision, ...]
    """The provisions the rule applied."""
    reason: str
    """One sentence saying why."""


@attrs.frozen(kw_only=True)
class Rendered:
    """The fixed words of a ground: outcomes, provisions and reason."""

    regime: Regime
    """The act that governs."""
    programme: ProgrammeOutcome
    """Outcome for the introduction programme."""
    career_guidance: GuidanceOutcome
    """Outcome for career guidance."""
    provisions: tuple[Provision, ...]
    """The provisions applied, in citation order."""
    reason: str
    """One short sentence a caseworker can read."""

    @property
    def basis(self) -> str:
        """The provisions as one citation string."""
        return format_basis(self.provisions)


@attrs.frozen(kw_only=True)
class Assessment:
    """*Vurdering* — the assessment of one person on one date, with reasons."""

    person_id: str
    """The person's pseudonymous id."""
    on: date
    """The assessment date."""
    decision_date: date
    """The date the § 8 conditions were judged on: the § 12 decision date, or ``on``."""
    ground: Ground
    """The rule that decided the outcome."""
    regime: Regime
    """The act that governs."""
    programme: ProgrammeOutcome
    """Outcome for the introduction programme."""
    career_guidance: GuidanceOutcome
    """Outcome for career guidance (§ 11, § 37 b)."""
    provisions: tuple[Provision, ...]
    """The provisions applied."""
    reason: str
    """One short sentence a caseworker can read."""
    findings: tuple[Finding[object], ...] = ()
    """What each rule found, in the order they were applied."""
    notes: tuple[str, ...] = ()
    """Remarks on the assessment as a whole (e.g. a date past the library's sources)."""

    @property
    def basis(self) -> str:
        """The provisions as one citation string (the ``basis`` column)."""
        return format_basis(self.provisions)

    def to_row(self) -> dict[str, str]:
        """The assessment as one row of the output table of the contract."""
        return {
            "person_id": self.person_id,
            "regime": self.regime.value,
            "programme": self.programme.value,
            "career_guidance": self.career_guidance.value,
            "basis": self.basis,
            "reason": self.reason,
        }
