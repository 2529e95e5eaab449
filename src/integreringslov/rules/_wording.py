"""The words of every ground, in English and bokmål: outcome, basis and reason.

Given a :class:`~integreringslov.rules.Ground`, the § 9 letter the person holds
and the date the law is applied on (the § 12 decision date), :func:`render` gives the
outcomes, the provisions as numbered and worded on that date, and one sentence a
caseworker can read — in the language asked for (``"en"`` or ``"nb"``, in the law's own
terms: *rett og plikt*, *rett*, *kan tilby*, *ikke omfattet*, *ikke avgjort*). Both
:func:`~integreringslov.rules.assess` and :func:`~integreringslov.rules.assess_frame`
use it, so their words cannot drift apart. Codes in tables stay English.
"""

from __future__ import annotations

import functools
from datetime import date

from integreringslov._text.i18n import OUTCOME_LABELS, OUTCOME_WORDS, Lang, outcome_words
from integreringslov.law import Act, Provision, parameter
from integreringslov.law._timeline import (
    ACT_IN_FORCE,
    KAPITTEL_6A_PERMITS_FROM,
    SOURCES_END,
    amendment,
)
from integreringslov.rules._grounds import GUIDANCE, MISSING_COLUMNS, PROGRAMME
from integreringslov.rules._outcomes import (
    Ground,
    GuidanceOutcome,
    ProgrammeOutcome,
    Regime,
    Rendered,
)

__all__ = [
    "OUTCOME_LABELS",
    "OUTCOME_WORDS",
    "family_reason",
    "no_6a_reason",
    "render",
    "sources_note",
]

_REASONS: dict[Ground, dict[Lang, str]] = {
    Ground.INTRODUKSJONSLOVEN: {
        "en": "The residence permit was granted before {act} without arrival in Norway "
        "from that date, so introduksjonsloven (2003) applies, not integreringsloven.",
        "nb": "Oppholdstillatelsen ble innvilget før {act} uten ankomst til Norge fra den "
        "datoen, så introduksjonsloven (2003) gjelder, ikke integreringsloven.",
    },
    Ground.NORDIC_EEA: {
        "en": "Nordic and EEA citizens are not covered by § 8.",
        "nb": "Nordiske borgere og EØS-borgere omfattes ikke av § 8.",
    },
    Ground.NO_SECTION_9_PERMIT: {
        "en": "The residence permit is not one of those listed in § 9 første ledd.",
        "nb": "Oppholdstillatelsen er ikke en av dem som er nevnt i § 9 første ledd: "
        "ikke omfattet.",
    },
    Ground.NOT_SETTLED: {
        "en": "Not (yet) settled in a municipality on the assessment date.",
        "nb": "Ikke (ennå) bosatt i en kommune på vurderingsdatoen: ikke omfattet.",
    },
    Ground.UNDER_AGE: {
        "en": "Under {age_min} when the residence permit was granted.",
        "nb": "Under {age_min} år da oppholdstillatelsen ble innvilget: ikke omfattet.",
    },
    Ground.TWO_YEARS: {
        "en": "Had lived in a municipality with the permit for {years} years or more at "
        "the § 12 decision.",
        "nb": "Hadde bodd i en kommune med tillatelsen i {years} år eller mer da vedtak "
        "etter § 12 ble truffet: ikke omfattet.",
    },
    Ground.TWO_YEARS_MAY_OFFER: {
        "en": "Only § 8 tredje ledd could apply, and the person had lived in a "
        "municipality for {years} years or more at the § 12 decision.",
        "nb": "Bare § 8 tredje ledd kunne gjelde, og personen hadde bodd i en kommune i "
        "{years} år eller mer da vedtak etter § 12 ble truffet: ikke omfattet.",
    },
    Ground.OVER_AGE: {
        "en": "Over {age_max} when the residence permit was granted: the municipality "
        "may offer the programme.",
        "nb": "Over {age_max} år da oppholdstillatelsen ble innvilget: kommunen kan tilby "
        "introduksjonsprogram.",
    },
    Ground.FAMILY_OTHER: {
        "en": "Family member of someone who holds none of the permits in § 9 letters "
        "a–e, so not § 9 bokstav f: the municipality may offer the programme.",
        "nb": "Familiemedlem til en som ikke har noen av tillatelsene i § 9 bokstav a–e, "
        "og derfor ikke omfattet av § 9 bokstav f: kommunen kan tilby "
        "introduksjonsprogram.",
    },
    Ground.FAMILY_FIVE_YEARS: {
        "en": "The reference person had been settled for {ref_years} years or more when "
        "family reunification was applied for, so not § 9 bokstav f: the municipality "
        "may offer the programme.",
        "nb": "Referansepersonen hadde vært bosatt i {ref_years} år eller mer da det ble "
        "søkt om familiegjenforening, så § 9 bokstav f gjelder ikke: kommunen kan tilby "
        "introduksjonsprogram.",
    },
    Ground.REFERENCE_PERMANENT_TOO_EARLY: {
        "en": "The reference person's permit is now permanent; family members of such "
        "persons are covered by § 9 bokstav f only from 2023-08-01 (§ 9 andre ledd, "
        "LOV-2023-06-09-24): the municipality may offer the programme.",
        "nb": "Referansepersonen har nå permanent oppholdstillatelse; familiemedlemmer til "
        "slike personer omfattes av § 9 bokstav f først fra 1. august 2023 (§ 9 andre "
        "ledd, LOV-2023-06-09-24): kommunen kan tilby introduksjonsprogram.",
    },
    Ground.NO_AGREEMENT: {
        "en": "Settled without agreement with the integration authorities: the "
        "municipality may offer the programme.",
        "nb": "Bosatt uten avtale med integreringsmyndighetene: kommunen kan tilby "
        "introduksjonsprogram.",
    },
    Ground.WORK_HOURS: {
        "en": "In work, or offered work, of at least {hours} hours a week at the § 12 "
        "decision: § 8 første ledd does not apply.",
        "nb": "I arbeid, eller med tilbud om arbeid, på minst {hours} timer i uken da "
        "vedtak etter § 12 ble truffet: § 8 første ledd gjelder ikke.",
    },
    Ground.KAPITTEL_6A: {
        "en": "Collective protection (§ 34) granted from {from6a} and decided under the "
        "temporary kapittel 6A: right, but no duty, to the programme and to career "
        "guidance.",
        "nb": "Kollektiv beskyttelse (§ 34) innvilget fra {from6a} og vedtak etter de "
        "midlertidige reglene i kapittel 6A: rett, men ikke plikt, til "
        "introduksjonsprogram og karriereveiledning.",
    },
    Ground.RIGHT_AND_DUTY: {
        "en": "Aged {age_min}–{age_max} at the grant, § 9 letter {letter} permit, "
        "{settled}, less than {years} years in a municipality at the § 12 decision: "
        "right and duty to the programme and to career guidance.",
        "nb": "{age_min}–{age_max} år ved innvilgelsen, tillatelse etter § 9 bokstav "
        "{letter}, {settled}, mindre enn {years} år i en kommune da vedtak etter § 12 "
        "ble truffet: rett og plikt til introduksjonsprogram og karriereveiledning.",
    },
    Ground.RIGHT_AND_DUTY_PERMANENT_REFERENCE: {
        "en": "Family member of a person whose permanent permit was granted on the basis "
        "of § 9 letters a–e (§ 9 andre ledd), aged {age_min}–{age_max} at the grant, less "
        "than {years} years in a municipality at the § 12 decision: right and duty to "
        "the programme and to career guidance.",
        "nb": "Familiemedlem til en person med permanent oppholdstillatelse på grunnlag av "
        "§ 9 bokstav a–e (§ 9 andre ledd), {age_min}–{age_max} år ved innvilgelsen, "
        "mindre enn {years} år i en kommune da vedtak etter § 12 ble truffet: rett og "
        "plikt til introduksjonsprogram og karriereveiledning.",
    },
    Ground.RIGHT_AND_DUTY_AFTER_F: {
        "en": "Granted a letter a permit after a letter f permit, so no agreement is "
        "needed (§ 8 andre ledd andre punktum); aged {age_min}–{age_max} at the grant, "
        "less than {years} years in a municipality at the § 12 decision: right and duty "
        "to the programme and to career guidance.",
        "nb": "Innvilget tillatelse etter bokstav a etter å ha hatt tillatelse etter "
        "bokstav f, så kravet om bosetting etter avtale gjelder ikke (§ 8 andre ledd andre "
        "punktum); {age_min}–{age_max} år ved innvilgelsen, mindre enn {years} år i en "
        "kommune da vedtak etter § 12 ble truffet: rett og plikt til introduksjonsprogram "
        "og karriereveiledning.",
    },
    Ground.SECTION_34_GUIDANCE: {
        "en": "Collective protection (§ 34): from 2026-01-01 § 37 c no longer gives a "
        "right without duty, so § 8 første ledd gives right and duty to the programme "
        "(without samfunnskunnskap); career guidance stays a right, but no duty "
        "(§ 37 b tredje ledd) until kapittel 6A is repealed on 2026-07-01.",
        "nb": "Kollektiv beskyttelse (§ 34): fra 1. januar 2026 gir § 37 c ikke lenger "
        "rett uten plikt, så § 8 første ledd gir rett og plikt til introduksjonsprogram "
        "(uten samfunnskunnskap); karriereveiledning er fortsatt en rett, men ikke plikt "
        "(§ 37 b tredje ledd) til kapittel 6A oppheves 1. juli 2026.",
    },
    Ground.TRANSITIONAL_43H: {
        "en": "Decided under kapittel 6A while holding collective protection (§ 34), "
        "then granted another permit: no new rights or duties, but the right to complete "
        "the programme begun (integreringsforskriften § 43h).",
        "nb": "Fikk vedtak etter de midlertidige reglene i kapittel 6A med kollektiv "
        "beskyttelse (§ 34), og har siden fått en annen oppholdstillatelse: ingen nye "
        "rettigheter eller plikter, men rett til å fullføre påbegynt program "
        "(integreringsforskriften § 43h).",
    },
}

_PHRASES: dict[str, dict[Lang, str]] = {
    "by_agreement": {"en": "settled by agreement", "nb": "bosatt etter avtale"},
    "no_agreement_needed": {"en": "no agreement needed", "nb": "avtale ikke nødvendig"},
    "refusal_2024": {
        "en": " The municipality may refuse the claim of a person with a job or job offer "
        "of near full time (§ 37 c første ledd tredje punktum); the library does not "
        "decide what counts as near full time.",
        "nb": " Kommunen kan avslå krav om deltagelse for personer som har jobb eller "
        "tilbud om jobb på tilnærmet fulltid (§ 37 c første ledd tredje punktum); "
        "biblioteket avgjør ikke hva som er tilnærmet fulltid.",
    },
    "claim": {
        "en": " The § 12 decision and the start are due within {deadline} months of the "
        "claim (§ 12 andre ledd).",
        "nb": " Vedtak og oppstart skal skje senest innen {deadline} måneder etter at det "
        "ble fremsatt krav om program (§ 12 andre ledd).",
    },
    "undetermined": {
        "en": "Undetermined: {columns} {empty}. If § 9 bokstav f covers the person "
        "(the reference person holds a–e and had been settled less than {ref_years} "
        "years when reunification was applied for): {covered}. Otherwise: {other}.",
        "nb": "Ikke avgjort, mangler opplysninger: {columns} {empty}. Dersom § 9 bokstav f "
        "omfatter personen (referansepersonen har tillatelse etter bokstav a–e og hadde "
        "vært bosatt i mindre enn {ref_years} år da det ble søkt om "
        "familiegjenforening): {covered}. Ellers: {other}.",
    },
    "empty_one": {"en": "is empty", "nb": "er tom"},
    "empty_many": {"en": "are empty", "nb": "er tomme"},
    "alternative": {"en": "{programme} ({basis})", "nb": "{programme} ({basis})"},
    "sources": {
        "en": "The assessment applies the law after {end}, where the library's sources "
        "end (Lovdata, consolidated 2025-11-09): later changes to the law (for example "
        "an act extending kapittel 6A, or the age-60 change being put in force) are not "
        "known to it.",
        "nb": "Vurderingen anvender loven etter {end}, der bibliotekets kilder slutter "
        "(Lovdata, konsolidert 9. november 2025): senere endringer i loven (for eksempel "
        "en lov som forlenger kapittel 6A, eller at endringen til 60 år settes i kraft) "
        "er ikke kjent for biblioteket.",
    },
    "family_yes": {
        "en": "The reference person holds a–e and had been settled less than {ref_years} "
        "years before the application.",
        "nb": "Referansepersonen har tillatelse etter bokstav a–e og hadde vært bosatt i "
        "mindre enn {ref_years} år før søknaden.",
    },
    "family_no": {
        "en": "§ 9 bokstav f does not cover the person.",
        "nb": "§ 9 bokstav f omfatter ikke personen.",
    },
    "no_6a": {"en": "Kapittel 6A does not apply.", "nb": "Kapittel 6A gjelder ikke."},
    "family_unknown": {
        "en": "Not known whether § 9 bokstav f covers the person.",
        "nb": "Det er ikke kjent om § 9 bokstav f omfatter personen.",
    },
}


def _p(
    section: str, ledd: int | None = None, punktum: int | None = None, letter: str | None = None
) -> Provision:
    return Provision(section, ledd=ledd, punktum=punktum, letter=letter)


def _provisions(ground: Ground, letter: str | None, on: date) -> tuple[Provision, ...]:
    """The provisions of ``ground`` as numbered and worded on ``on``."""
    s9 = (_p("§ 9", 1, letter=letter),) if letter else ()
    presiseringer = amendment("presiseringer-2023").covers(on)
    if ground is Ground.INTRODUKSJONSLOVEN:
        section = "§ 52" if amendment("renumbering-2022").covers(on) else "§ 51"
        return (_p(section, 1), Provision("§ 72", act=Act.INTEGRERINGSFORSKRIFTEN))
    if ground is Ground.NORDIC_EEA:
        return (_p("§ 8", 5 if amendment("work-30-hours").covers(on) else 4),)
    if ground is Ground.NO_SECTION_9_PERMIT:
        return (_p("§ 8", 1), _p("§ 9", 1))
    if ground in (Ground.NOT_SETTLED, Ground.UNDER_AGE):
        return (_p("§ 8", 1), *s9)
    if ground is Ground.TWO_YEARS:
        return (_p("§ 8", 1, 3), *s9)
    if ground is Ground.TWO_YEARS_MAY_OFFER:
        return (_p("§ 8", 3, 2), *s9)
    if ground in (
        Ground.OVER_AGE,
        Ground.FAMILY_OTHER,
        Ground.FAMILY_FIVE_YEARS,
        Ground.REFERENCE_PERMANENT_TOO_EARLY,
        Ground.NO_AGREEMENT,
    ):
        return (_p("§ 8", 3, 1), *s9)
    if ground is Ground.WORK_HOURS:
        return (_p("§ 8", 4), *s9)
    if ground is Ground.KAPITTEL_6A:
        return (_p("§ 8", 1), *s9, _p("§ 37 c", 1), _p("§ 37 b", 3))
    if ground is Ground.SECTION_34_GUIDANCE:
        return (_p("§ 8", 1), *s9, _p("§ 37 c"), _p("§ 37 b", 3))
    if ground is Ground.TRANSITIONAL_43H:
        forskrift = Act.INTEGRERINGSFORSKRIFTEN
        return (
            Provision("§ 43h", ledd=1, act=forskrift),
            Provision("§ 43h", ledd=2, act=forskrift),
        )
    if ground is Ground.RIGHT_AND_DUTY_AFTER_F:
        return (_p("§ 8", 1), _p("§ 8", 2, 2), *s9)
    if ground is Ground.RIGHT_AND_DUTY_PERMANENT_REFERENCE:
        return (_p("§ 8", 1), _p("§ 8", 2, 1), *s9, _p("§ 9", 2))
    assert ground is Ground.RIGHT_AND_DUTY, ground
    # § 8 andre ledd got a second sentence on 2023-08-01 (LOV-2023-06-09-24).
    agreement = (_p("§ 8", 2, 1 if presiseringer else None),) if letter in ("f", "g") else ()
    return (_p("§ 8", 1), *agreement, *s9)


def _words(ground: Ground, letter: str | None, on: date, lang: Lang) -> str:
    """The reason sentence of a decided ground."""
    values = {
        "act": ACT_IN_FORCE.isoformat(),
        "from6a": KAPITTEL_6A_PERMITS_FROM.isoformat(),
        "letter": letter,
        "settled": _PHRASES["no_agreement_needed" if letter in ("f", "g") else "by_agreement"][
            lang
        ],
    }
    if ground is not Ground.INTRODUKSJONSLOVEN:
        for key, name in (
            ("age_min", "programme.age_min"),
            ("age_max", "programme.age_max"),
            ("years", "programme.years_in_municipality"),
            ("ref_years", "programme.reference_person_years"),
        ):
            values[key] = str(parameter(name, on=on).value)
    if ground is Ground.WORK_HOURS:
        values["hours"] = str(parameter("programme.work_hours_exemption", on=on).value)
    text = _REASONS[ground][lang].format(**values)
    if ground is Ground.KAPITTEL_6A and amendment("kapittel-6a-2024").covers(on):
        text += _PHRASES["refusal_2024"][lang]
    return text


@functools.cache
def render(
    ground: Ground,
    letter: str | None,
    on: date,
    lang: Lang = "en",
    *,
    if_covered: Ground | None = None,
    if_not_covered: Ground | None = None,
    missing: int = 0,
    claim: bool = False,
) -> Rendered:
    """The outcomes, provisions and reason of ``ground`` for a § 9 ``letter`` on ``on``.

    ``on`` is the date the law is applied on (the § 12 decision date); the result depends
    on it only through the law's dated changes, so the vectorised path may pass the first
    day of the period instead. For ``UNDETERMINED``, ``if_covered`` and
    ``if_not_covered`` are the grounds under either answer and ``missing`` the bits of
    the empty columns (``MISSING_COLUMNS``). ``claim``
    adds § 12 andre ledd to a *right* outcome.
    """
    regime = (
        Regime.INTRODUKSJONSLOVEN
        if ground is Ground.INTRODUKSJONSLOVEN
        else Regime.INTEGRERINGSLOVEN
    )
    if ground is Ground.UNDETERMINED:
        assert if_covered is not None
        assert if_not_covered is not None
        yes = render(if_covered, "f", on, lang)
        no = render(if_not_covered, None, on, lang)
        words = {code: outcome_words(code, lang) for code in OUTCOME_WORDS}
        columns = [c for bit, c in enumerate(MISSING_COLUMNS) if missing & (1 << bit)]
        reason = _PHRASES["undetermined"][lang].format(
            columns=", ".join(columns),
            empty=_PHRASES["empty_one" if len(columns) == 1 else "empty_many"][lang],
            ref_years=parameter("programme.reference_person_years", on=on).value,
            covered=_PHRASES["alternative"][lang].format(
                programme=words[yes.programme.value], basis=yes.basis
            ),
            other=_PHRASES["alternative"][lang].format(
                programme=words[no.programme.value], basis=no.basis
            ),
        )
        same_guidance = yes.career_guidance is no.career_guidance
        provisions = tuple(dict.fromkeys((*yes.provisions, *no.provisions)))
        return Rendered(
            regime=regime,
            programme=ProgrammeOutcome.UNDETERMINED,
            career_guidance=yes.career_guidance if same_guidance else GuidanceOutcome.UNDETERMINED,
            provisions=provisions,
            reason=reason,
        )
    provisions = _provisions(ground, letter, on)
    reason = _words(ground, letter, on, lang)
    programme = PROGRAMME[ground]
    if claim and programme in (ProgrammeOutcome.RIGHT_AND_DUTY, ProgrammeOutcome.RIGHT):
        provisions = (*provisions, _p("§ 12", 2))
        deadline = parameter("programme.start_deadline", on=on).value
        reason += _PHRASES["claim"][lang].format(deadline=deadline)
    return Rendered(
        regime=regime,
        programme=programme,
        career_guidance=GUIDANCE[ground],
        provisions=provisions,
        reason=reason,
    )


def family_reason(covered: bool | None, on: date, lang: Lang = "en") -> str:
    """The reason of the § 9 bokstav f finding: covered, not covered, or not known."""
    key = "family_unknown" if covered is None else "family_yes" if covered else "family_no"
    years = parameter("programme.reference_person_years", on=on).value
    return _PHRASES[key][lang].format(ref_years=years)


def no_6a_reason(lang: Lang = "en") -> str:
    """The reason of the kapittel 6A finding where the chapter does not apply."""
    return _PHRASES["no_6a"][lang]


def sources_note(latest: date, lang: Lang = "en") -> str | None:
    """The note for an assessment that applies the law after the sources end, else ``None``."""
    if latest <= SOURCES_END:
        return None
    return _PHRASES["sources"][lang].format(latest=latest.isoformat(), end=SOURCES_END.isoformat())
