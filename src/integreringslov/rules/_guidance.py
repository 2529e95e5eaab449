"""The career-guidance case (§ 11): mapping → guidance → § 12 decision → recommendation.

§ 11 første ledd: «Karriereveiledningen skal bygge på kompetansekartleggingen etter §§ 6
eller 10, og bør gjennomføres før det fattes vedtak etter § 12.» — guidance *shall* build
on the competence mapping (so the mapping comes first: an error if broken) and *should*
come before the § 12 decision (a warning if broken: «bør» is not «skal»).

§ 11 tredje ledd: «Fylkeskommunen skal sørge for karriereveiledningen.» — the county is
responsible.

§ 11 fjerde ledd: «Når karriereveiledningen er gjennomført bør det gis en anbefaling om
arbeid eller utdanning for den enkelte deltager …» — after guidance a recommendation
*should* follow (a warning if missing or earlier). Under kapittel 6A, § 37 b tredje ledd:
«rett, men ikke plikt» and «§ 11 fjerde ledd gjelder ikke.» — guidance is not a duty, so
neither «bør» gives a warning there (the «skal» of building on the mapping still holds).

>>> from datetime import date
>>> case = GuidanceCase(
...     mapping=date(2024, 1, 10), guidance=date(2024, 3, 1), decision=date(2024, 2, 1)
... )
>>> [i.severity for i in check_guidance_case(case)]
['warning', 'warning']
"""

from __future__ import annotations

from datetime import date
from typing import Literal

import attrs

from integreringslov.law import Provision

__all__ = ["RESPONSIBLE", "GuidanceCase", "TimelineIssue", "check_guidance_case"]

RESPONSIBLE = "county"
"""Who must provide career guidance: the county authority (§ 11 tredje ledd)."""


@attrs.frozen(kw_only=True)
class GuidanceCase:
    """*Karriereveiledning* — the dated steps of one person's career-guidance case."""

    mapping: date | None = None
    """Competence mapping (*kompetansekartlegging*) done, under § 6 or § 10."""
    guidance: date | None = None
    """Career guidance (*karriereveiledning*) done (§ 11)."""
    decision: date | None = None
    """The § 12 decision on the introduction programme."""
    recommendation: date | None = None
    """Recommendation on work or education given (§ 11 fjerde ledd)."""
    kapittel_6a: bool = False
    """The person holds a § 34 permit under kapittel 6A: guidance is a right, not a duty
    (§ 37 b tredje ledd), and § 11 fjerde ledd does not apply."""


@attrs.frozen(kw_only=True)
class TimelineIssue:
    """A break in the order of the case: an error for «skal», a warning for «bør»."""

    severity: Literal["error", "warning"]
    """``error`` when a «skal» is broken, ``warning`` when a «bør» is."""
    provision: Provision
    """The provision whose order is broken."""
    message: str
    """What is out of order."""


def check_guidance_case(case: GuidanceCase) -> tuple[TimelineIssue, ...]:
    """The order breaks of ``case``, in the order of the steps."""
    issues: list[TimelineIssue] = []
    s11_1 = Provision("§ 11", ledd=1)
    if case.guidance is not None:
        if case.mapping is None:
            issues.append(
                TimelineIssue(
                    severity="error",
                    provision=s11_1,
                    message="career guidance without a competence mapping to build on (§§ 6 or 10)",
                )
            )
        elif case.guidance < case.mapping:
            issues.append(
                TimelineIssue(
                    severity="error",
                    provision=s11_1,
                    message="career guidance before the competence mapping it must build on",
                )
            )
    # «bør gjennomføres før det fattes vedtak etter § 12» binds where guidance is a duty;
    # under kapittel 6A it is a right only (§ 37 b tredje ledd), so no warning.
    if (
        not case.kapittel_6a
        and case.decision is not None
        and (case.guidance is None or case.guidance > case.decision)
    ):
        issues.append(
            TimelineIssue(
                severity="warning",
                provision=s11_1,
                message="career guidance should be done before the § 12 decision",
            )
        )
    if not case.kapittel_6a and case.guidance is not None:
        s11_4 = Provision("§ 11", ledd=4)
        if case.recommendation is None:
            issues.append(
                TimelineIssue(
                    severity="warning",
                    provision=s11_4,
                    message="no recommendation on work or education after career guidance",
                )
            )
        elif case.recommendation < case.guidance:
            issues.append(
                TimelineIssue(
                    severity="warning",
                    provision=s11_4,
                    message="the recommendation predates the career guidance",
                )
            )
    return tuple(issues)
