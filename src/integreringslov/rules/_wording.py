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

from integreringslov._text.i18n import (
    N_,
    OUTCOME_LABELS,
    OUTCOME_WORDS,
    Lang,
    outcome_words,
    tr_in,
)
from integreringslov.law import Provision, parameter
from integreringslov.law._reforms import Reform
from integreringslov.law._timeline import (
    ACT_IN_FORCE,
    KAPITTEL_6A_PERMITS_FROM,
    SOURCES_END,
    amendment,
)
from integreringslov.rules._grounds import (
    AGREEMENT_UNKNOWN,
    GUIDANCE,
    MISSING_COLUMNS,
    PROGRAMME,
    READ_37B_EVERY_HOLDER,
    SECTION_8_GROUNDS,
)
from integreringslov.rules._outcomes import (
    Ground,
    GuidanceOutcome,
    ProgrammeOutcome,
    Regime,
    Rendered,
)
from integreringslov.rules._records import RECORD

__all__ = [
    "OUTCOME_LABELS",
    "OUTCOME_WORDS",
    "family_reason",
    "no_6a_reason",
    "render",
    "sources_note",
]

_PHRASES: dict[str, str] = {
    "by_agreement": N_("settled by agreement"),
    "decided": N_("decided under"),
    "not_decided": N_("with no § 12 decision yet, assessed on the assessment date under"),
    "no_agreement_needed": N_("no agreement needed"),
    # why the transitional rule is cited as § 51 or § 52: the date the law is applied on
    # (LOV-2021-06-11-78 renumbered § 51 «Overgangsregler» as § 52, text unchanged)
    "transitional_51": N_(
        " The transitional rule is cited as § 51: {decided} the act as in force before "
        "{renumbered}, when it was § 51 (LOV-2021-06-11-78 renumbered it § 52 from that date, "
        "with the same text)."
    ),
    "transitional_52": N_(
        " The transitional rule is cited as § 52: {decided} the act as in force from "
        "{renumbered}, when LOV-2021-06-11-78 renumbered the former § 51 as § 52 (the same "
        "text)."
    ),
    "refusal_2024": N_(
        " The municipality may refuse the claim of a person with a job or job offer of near "
        "full time (§ 37 c første ledd tredje punktum); the library does not decide what "
        "counts as near full time."
    ),
    "claim": N_(
        " The § 12 decision and the start are due within {deadline} months of the claim (§ 12 "
        "andre ledd)."
    ),
    "undetermined": N_(
        "Undetermined: {columns} {empty}. If § 9 bokstav f covers the person (the reference "
        "person holds a–e and had been settled less than {ref_years} years when reunification "
        "was applied for): {covered}. Otherwise: {other}."
    ),
    "undetermined_agreement": N_(
        "Undetermined: {columns} {empty}. If settled by agreement with the integration "
        "authorities: {covered}. Otherwise: {other}."
    ),
    "reading_37b_default": N_(
        " Career guidance: not covered on the library's reading of § 37 b tredje ledd (the "
        "right reaches the § 34 holders otherwise within § 8 første ledd; reading "
        "section-37b-guidance=section-8-group)."
    ),
    "reading_37b_every": N_(
        " Career guidance: right, but no duty, on the reading chosen of § 37 b tredje ledd "
        "(the right reaches every § 34 holder; reading section-37b-guidance=every-holder)."
    ),
    "empty_one": N_("is empty"),
    "empty_many": N_("are empty"),
    "alternative": N_("{programme} ({basis})"),
    "sources": N_(
        "The assessment applies the law after {end}, where the library's sources end (Lovdata, "
        "consolidated 2025-11-09): later changes to the law (for example an act extending "
        "kapittel 6A, or the age-60 change being put in force) are not known to it."
    ),
    "family_yes": N_(
        "The reference person holds a–e and had been settled less than {ref_years} years "
        "before the application."
    ),
    "family_no": N_("§ 9 bokstav f does not cover the person."),
    "no_6a": N_("Kapittel 6A does not apply."),
    "family_unknown": N_("Not known whether § 9 bokstav f covers the person."),
}


def _p(
    section: str, ledd: int | None = None, punktum: int | None = None, letter: str | None = None
) -> Provision:
    return Provision(section, ledd=ledd, punktum=punktum, letter=letter)


def _value(name: str, on: date, reform: Reform | None) -> object:
    """A parameter's value on ``on``, or the reform's where it changes it."""
    changed = None if reform is None else reform.value(name)
    return parameter(name, on=on).value if changed is None else changed


def _words(
    ground: Ground,
    letter: str | None,
    on: date,
    lang: Lang,
    *,
    decided: bool,
    work: bool,
    reform: Reform | None,
) -> str:
    """The reason sentence of a decided ground."""
    values = {
        "act": ACT_IN_FORCE,  # a date: ISO in English, «1. januar 2021» in bokmål
        "from6a": KAPITTEL_6A_PERMITS_FROM,
        "in6a": str(amendment("kapittel-6a").in_force),
        "decided": tr_in(lang, _PHRASES["decided" if decided else "not_decided"]),
        "letter": letter,
        "settled": tr_in(
            lang, _PHRASES["no_agreement_needed" if letter in ("f", "g") else "by_agreement"]
        ),
    }
    if ground is not Ground.INTRODUKSJONSLOVEN:
        for key, name in (
            ("age_min", "programme.age_min"),
            ("age_max", "programme.age_max"),
            ("years", "programme.years_in_municipality"),
            ("ref_years", "programme.reference_person_years"),
        ):
            values[key] = str(_value(name, on, reform))
    if ground is Ground.WORK_HOURS:
        values["hours"] = str(_value("programme.work_hours_exemption", on, reform))
    text = tr_in(lang, RECORD[ground].reason, **values)
    if ground is Ground.INTRODUKSJONSLOVEN:
        renumbering = amendment("renumbering-2022")
        cited = "transitional_52" if renumbering.covers(on) else "transitional_51"
        text += tr_in(
            lang, _PHRASES[cited], decided=values["decided"], renumbered=renumbering.in_force
        )
    if ground is Ground.KAPITTEL_6A and work and amendment("kapittel-6a-2024").covers(on):
        text += tr_in(lang, _PHRASES["refusal_2024"])
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
    decided: bool = True,
    work: bool = False,
    reform: Reform | None = None,
    reading: int = 0,
) -> Rendered:
    """The outcomes, provisions and reason of ``ground`` for a § 9 ``letter`` on ``on``.

    ``on`` is the date the law is applied on (the § 12 decision date); the result depends
    on it only through the law's dated changes, so the vectorised path may pass the first
    day of the period instead. For ``UNDETERMINED``, ``if_covered`` and
    ``if_not_covered`` are the grounds under either answer and ``missing`` the bits of
    the empty columns (``MISSING_COLUMNS``). ``claim``
    adds § 12 andre ledd to a *right* outcome. ``decided`` says whether a § 12 decision
    was made (else the assessment date stands in for it); ``work`` that work is recorded
    while the § 37 c (2024) refusal for near full-time work is open. Under a ``reform``
    the reason states its parameters. ``reading`` (``Decision.reading``) says that the
    reading of § 37 b tredje ledd decided career guidance, and which: the reason names it.
    """
    regime = (
        Regime.INTRODUKSJONSLOVEN
        if ground is Ground.INTRODUKSJONSLOVEN
        else Regime.INTEGRERINGSLOVEN
    )
    if ground is Ground.UNDETERMINED:
        assert if_covered is not None
        assert if_not_covered is not None
        agreement = bool(missing & AGREEMENT_UNKNOWN)
        # the reading of § 37 b applies to the answer that puts the person outside § 8
        yes = render(
            if_covered,
            letter if agreement else "f",
            on,
            lang,
            reform=reform,
            reading=reading if if_covered in SECTION_8_GROUNDS else 0,
        )
        no = render(
            if_not_covered,
            letter if agreement else None,
            on,
            lang,
            reform=reform,
            reading=reading if if_not_covered in SECTION_8_GROUNDS else 0,
        )
        words = {code: outcome_words(code, lang) for code in OUTCOME_WORDS}
        columns = [c for bit, c in enumerate(MISSING_COLUMNS) if missing & (1 << bit)]
        template = "undetermined_agreement" if agreement else "undetermined"
        reason = tr_in(
            lang,
            _PHRASES[template],
            columns=", ".join(columns),
            empty=tr_in(lang, _PHRASES["empty_one" if len(columns) == 1 else "empty_many"]),
            ref_years=_value("programme.reference_person_years", on, reform),
            covered=tr_in(
                lang, _PHRASES["alternative"], programme=words[yes.programme.value], basis=yes.basis
            ),
            other=tr_in(
                lang, _PHRASES["alternative"], programme=words[no.programme.value], basis=no.basis
            ),
        )
        if reading == READ_37B_EVERY_HOLDER:  # it decides guidance only when chosen
            reason += tr_in(lang, _PHRASES["reading_37b_every"])
        same_guidance = yes.career_guidance is no.career_guidance
        provisions = tuple(dict.fromkeys((*yes.provisions, *no.provisions)))
        return Rendered(
            regime=regime,
            programme=ProgrammeOutcome.UNDETERMINED,
            career_guidance=yes.career_guidance if same_guidance else GuidanceOutcome.UNDETERMINED,
            provisions=provisions,
            reason=reason,
        )
    provisions = RECORD[ground].provisions(letter, on)
    reason = _words(ground, letter, on, lang, decided=decided, work=work, reform=reform)
    programme = PROGRAMME[ground]
    if claim and programme in (ProgrammeOutcome.RIGHT_AND_DUTY, ProgrammeOutcome.RIGHT):
        provisions = (*provisions, _p("§ 12", 2))
        deadline = parameter("programme.start_deadline", on=on).value
        reason += tr_in(lang, _PHRASES["claim"], deadline=deadline)
    guidance = GUIDANCE[ground]
    if reading == READ_37B_EVERY_HOLDER:
        guidance = GuidanceOutcome.RIGHT
        provisions = (*provisions, _p("§ 11", 1), _p("§ 37 b", 3))
        reason += tr_in(lang, _PHRASES["reading_37b_every"])
    elif reading:
        reason += tr_in(lang, _PHRASES["reading_37b_default"])
    return Rendered(
        regime=regime,
        programme=programme,
        career_guidance=guidance,
        provisions=provisions,
        reason=reason,
    )


def family_reason(covered: bool | None, on: date, lang: Lang = "en") -> str:
    """The reason of the § 9 bokstav f finding: covered, not covered, or not known."""
    key = "family_unknown" if covered is None else "family_yes" if covered else "family_no"
    years = parameter("programme.reference_person_years", on=on).value
    return tr_in(lang, _PHRASES[key], ref_years=years)


def no_6a_reason(lang: Lang = "en") -> str:
    """The reason of the kapittel 6A finding where the chapter does not apply."""
    return tr_in(lang, _PHRASES["no_6a"])


def sources_note(latest: date, lang: Lang = "en") -> str | None:
    """The note for an assessment that applies the law after the sources end, else ``None``."""
    if latest <= SOURCES_END:
        return None
    return tr_in(lang, _PHRASES["sources"], latest=latest, end=SOURCES_END)
