"""Outcomes, grounds and the text of each ground: what an assessment says and why.

Every assessment ends in one :class:`Ground` — the rule that decided it. Given the ground,
the § 9 letter and the date the law is applied on (the § 12 decision date), the outcome,
the provisions and the reason are fixed: :func:`render` computes them. The scalar
:func:`~integreringslov.rules.assess` and the vectorised
:func:`~integreringslov.rules.assess_frame` both decide the ground on their own and then
render it with this one function, so their words can never drift apart.
"""

from __future__ import annotations

import enum
import functools
from datetime import date
from typing import Generic, TypeVar

import attrs

from integreringslov.law import Act, Provision, format_basis, parameter
from integreringslov.law.timeline import ACT_IN_FORCE, KAPITTEL_6A_PERMITS_FROM, amendment

__all__ = [
    "Assessment",
    "Finding",
    "Ground",
    "GuidanceOutcome",
    "ProgrammeOutcome",
    "Regime",
    "Rendered",
    "render",
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


class GuidanceOutcome(enum.Enum):
    """*Karriereveiledning* — the person's position towards career guidance (§ 11)."""

    RIGHT_AND_DUTY = "right_and_duty"
    """*Rett og plikt* (§ 11 første ledd)."""
    RIGHT = "right"
    """*Rett, men ikke plikt* (kapittel 6A, § 37 b)."""
    NOT_COVERED = "not_covered"
    """Not covered."""


class Ground(enum.IntEnum):
    """The rule that decided an assessment (integer codes, used by the vectorised path)."""

    INTRODUKSJONSLOVEN = 0
    """Permit before 2021 (no arrival from 2021): introduksjonsloven applies."""
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
    """Letter f whose reference person does not hold a–e: may offer."""
    FAMILY_FIVE_YEARS = 9
    """Letter f whose reference person had been settled five years or more: may offer."""
    NO_AGREEMENT = 10
    """Settled without agreement (letters a–e): may offer."""
    WORK_HOURS = 11
    """At least 30 hours a week of work or work offer (from 2026-01-01)."""
    KAPITTEL_6A = 12
    """§ 34 holder decided under kapittel 6A: right without duty."""
    RIGHT_AND_DUTY = 13
    """In the target group of § 8 første ledd."""


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


def _p(section: str, ledd: int | None = None, punktum: int | None = None) -> Provision:
    return Provision(section, ledd=ledd, punktum=punktum)


def _nordic_ledd(on: date) -> int:
    """§ 8 fjerde ledd until 2025; LOV-2025-06-20-35 moved it to femte ledd from 2026."""
    return 5 if on >= ACT_IN_FORCE and amendment("work-30-hours").covers(on) else 4


@functools.cache
def render(ground: Ground, letter: str | None, on: date) -> Rendered:
    """The outcomes, provisions and reason of ``ground`` for a § 9 ``letter`` on ``on``.

    ``on`` is the date the law is applied on (the § 12 decision date); the result depends
    on it only through the law's dated changes (parameters and amendments), so the
    vectorised path may pass the first day of the period instead.
    """
    intl, intro = Regime.INTEGRERINGSLOVEN, Regime.INTRODUKSJONSLOVEN
    nc, g_nc = ProgrammeOutcome.NOT_COVERED, GuidanceOutcome.NOT_COVERED
    if ground is Ground.INTRODUKSJONSLOVEN:
        return Rendered(
            regime=intro,
            programme=nc,
            career_guidance=g_nc,
            provisions=(
                _p("§ 51", 1),
                Provision("§ 72", act=Act.INTEGRERINGSFORSKRIFTEN),
            ),
            reason=f"The residence permit was granted before {ACT_IN_FORCE.isoformat()} "
            "without arrival in Norway from that date, so introduksjonsloven (2003) "
            "applies, not integreringsloven.",
        )
    age_min = parameter("programme.age_min", on=on).value
    age_max = parameter("programme.age_max", on=on).value
    years = parameter("programme.years_in_municipality", on=on).value
    ref_years = parameter("programme.reference_person_years", on=on).value
    s9 = (Provision("§ 9", ledd=1, letter=letter),) if letter else ()
    may = ProgrammeOutcome.MAY_OFFER
    tredje = (_p("§ 8", 3), *s9)
    simple: dict[Ground, tuple[ProgrammeOutcome, tuple[Provision, ...], str]] = {
        Ground.NORDIC_EEA: (
            nc,
            (_p("§ 8", _nordic_ledd(on)),),
            "Nordic and EEA citizens are not covered by § 8.",
        ),
        Ground.NO_SECTION_9_PERMIT: (
            nc,
            (_p("§ 8", 1), Provision("§ 9", ledd=1)),
            "The residence permit is not one of those listed in § 9 første ledd.",
        ),
        Ground.NOT_SETTLED: (
            nc,
            (_p("§ 8", 1), *s9),
            "Not (yet) settled in a municipality on the assessment date.",
        ),
        Ground.UNDER_AGE: (
            nc,
            (_p("§ 8", 1), *s9),
            f"Under {age_min} when the residence permit was granted.",
        ),
        Ground.TWO_YEARS: (
            nc,
            (_p("§ 8", 1, 3), *s9),
            f"Had lived in a municipality with the permit for {years} years or more "
            "at the § 12 decision.",
        ),
        Ground.TWO_YEARS_MAY_OFFER: (
            nc,
            (_p("§ 8", 3, 2), *s9),
            f"Only § 8 tredje ledd could apply, and the person had lived in a "
            f"municipality for {years} years or more at the § 12 decision.",
        ),
        Ground.OVER_AGE: (
            may,
            tredje,
            f"Over {age_max} when the residence permit was granted: the municipality "
            "may offer the programme.",
        ),
        Ground.FAMILY_OTHER: (
            may,
            tredje,
            "Family member of someone who holds none of the permits in § 9 letters a–e: "
            "the municipality may offer the programme.",
        ),
        Ground.FAMILY_FIVE_YEARS: (
            may,
            tredje,
            f"The reference person had been settled for {ref_years} years or more when "
            "family reunification was applied for: the municipality may offer the "
            "programme.",
        ),
        Ground.NO_AGREEMENT: (
            may,
            tredje,
            "Settled without agreement with the integration authorities: the "
            "municipality may offer the programme.",
        ),
    }
    if ground in simple:
        programme, provisions, reason = simple[ground]
        return Rendered(
            regime=intl,
            programme=programme,
            career_guidance=g_nc,
            provisions=provisions,
            reason=reason,
        )
    if ground is Ground.WORK_HOURS:
        hours = parameter("programme.work_hours_exemption", on=on).value
        return Rendered(
            regime=intl,
            programme=nc,
            career_guidance=g_nc,
            provisions=(_p("§ 8", 4), *s9),
            reason=f"In work, or offered work, of at least {hours} hours a week at the "
            "§ 12 decision: § 8 første ledd does not apply.",
        )
    agreement = (_p("§ 8", 2),) if letter in ("f", "g") else ()
    if ground is Ground.KAPITTEL_6A:
        return Rendered(
            regime=intl,
            programme=ProgrammeOutcome.RIGHT,
            career_guidance=GuidanceOutcome.RIGHT,
            provisions=(_p("§ 8", 1), *s9, _p("§ 37 c", 1), _p("§ 37 b", 3)),
            reason=f"Collective protection (§ 34) granted from "
            f"{KAPITTEL_6A_PERMITS_FROM.isoformat()} and decided under the temporary "
            "kapittel 6A: right, but no duty, to the programme and to career guidance.",
        )
    assert ground is Ground.RIGHT_AND_DUTY, ground
    settled = "no agreement needed" if agreement else "settled by agreement"
    return Rendered(
        regime=intl,
        programme=ProgrammeOutcome.RIGHT_AND_DUTY,
        career_guidance=GuidanceOutcome.RIGHT_AND_DUTY,
        provisions=(_p("§ 8", 1), *agreement, *s9),
        reason=f"Aged {age_min}–{age_max} at the grant, § 9 letter {letter} permit, "
        f"{settled}, less than {years} years in a municipality at the § 12 decision: "
        "right and duty to the programme and to career guidance.",
    )
