"""The eligibility of one person: §§ 8–9, § 11, kapittel 6A and § 51 (§ 52 from 2022-08-01).

:func:`assess` evaluates one person as a one-row table through the same rules as
:func:`~integreringslov.rules.assess_frame` (``grounds``: each
dated rule is written once there, with the interpretation notes) and returns an
:class:`~integreringslov.rules.Assessment` with the finding of each rule. The
functions :func:`regime`, :func:`family_reference`, :func:`kapittel_6a`,
:func:`target_group` and :func:`career_guidance` return those findings one by one; each
quotes the text it applies.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from integreringslov._text.i18n import Lang, as_lang, speaking
from integreringslov.errors import InvalidInputError, Problem
from integreringslov.law import Provision
from integreringslov.law._timeline import (
    ACT_IN_FORCE,
    AN_ASSESSMENT,
    amendment,
    require_act_in_force,
)
from integreringslov.model._person import PermitLetter, Person
from integreringslov.rules._grounds import Facts, calendar, checks, decide, int_date
from integreringslov.rules._outcomes import (
    Assessment,
    Finding,
    Ground,
    GuidanceOutcome,
    ProgrammeOutcome,
    Regime,
)
from integreringslov.rules._wording import family_reason, no_6a_reason, render, sources_note
from integreringslov.tables._rows import person_to_row

__all__ = [
    "assess",
    "career_guidance",
    "check_person",
    "decision_date",
    "family_reference",
    "full_years",
    "kapittel_6a",
    "regime",
    "target_group",
]


def full_years(start: date, end: date) -> int:
    """Whole calendar years from ``start`` to ``end`` (negative if ``end`` is earlier).

    The same count as the rules' ``(b - a) // 10000`` on ``yyyymmdd`` integers.

    >>> leap = date(2004, 2, 29)
    >>> full_years(leap, date(2022, 2, 28)), full_years(leap, date(2022, 3, 1))
    (17, 18)
    """
    return (int_date(end) - int_date(start)) // 10000


def decision_date(person: Person, *, on: date) -> date:
    """The date the § 8 conditions are judged on: the § 12 decision date, else ``on``.

    A decision dated after ``on`` had not been made on ``on``: ``on`` stands in for it.
    """
    made = person.decision_date
    return made if made is not None and made <= on else on


def check_person(person: Person, *, on: date) -> list[Problem]:
    """Every problem with ``person`` that makes an assessment on ``on`` impossible.

    The same checks as the table path (``checks``),
    plus an empty id.
    """
    pid = person.person_id
    out: list[Problem] = []
    if not pid.strip():
        out.append(
            Problem(
                message=f"person {pid!r}: the person id is empty",
                column="person_id",
                value=pid,
                expected="a non-empty id",
                check="person_id",
            )
        )
    row = person_to_row(person)
    for check in checks(Facts.from_person(person)):
        if check.mask[0]:
            value = row[check.column]
            out.append(
                Problem(
                    message=f"person {pid!r}: {check.message}",
                    column=check.column,
                    value=None if value is None else str(value),
                    expected=check.expected,
                    check=check.column,
                )
            )
    return out


def assess(
    person: Person,
    *,
    on: date,
    lang: Lang = "en",
    readings: Mapping[str, str] | None = None,
) -> Assessment:
    """*Vurdering* — assess one person on ``on``: programme, career guidance, basis and why.

    The reasons are in ``lang`` (``"en"`` or ``"nb"``). Raises
    :class:`~integreringslov.errors.NotInForceError` for a date before 2021-01-01 and
    :class:`~integreringslov.errors.InvalidInputError` (with every problem) for impossible
    input. When the law is applied after the library's sources end, :attr:`Assessment.notes`
    says so. ``readings`` chooses among the readings of open texts, by key (see
    ``docs/law/readings.md``); a reading not given is the default, and the reason names
    the reading where it decided the outcome.

    >>> from integreringslov.model import Person, ResidencePermit, Settlement, PermitLetter
    >>> p = Person(
    ...     person_id="p1",
    ...     birth_date=date(1990, 5, 1),
    ...     permit=ResidencePermit(letter=PermitLetter.A, granted=date(2023, 1, 10)),
    ...     settlement=Settlement(date=date(2023, 3, 1), by_agreement=True),
    ... )
    >>> a = assess(p, on=date(2023, 6, 1))
    >>> a.programme.value, a.career_guidance.value
    ('right_and_duty', 'right_and_duty')
    >>> a.basis
    'integreringsloven § 8 første ledd; § 9 første ledd bokstav a'
    >>> assess(p, on=date(2023, 6, 1), lang="nb").reason[:30]
    '18–55 år ved innvilgelsen, til'
    """
    lang = as_lang(lang)
    with speaking(lang):  # a refusal in the reader's language too
        require_act_in_force(on, what=AN_ASSESSMENT)
        problems = check_person(person, on=on)
        if problems:
            raise InvalidInputError(problems, what=f"person {person.person_id!r}")
    decision = decide(Facts.from_person(person), on, readings=readings)
    ground = Ground(int(decision.ground[0]))
    d = decision_date(person, on=on)
    if ground is Ground.KAPITTEL_6A_NEW_DECISION:  # FOR-2022-06-10-995 § 1 andre ledd
        d = max(d, amendment("kapittel-6a").in_force or d)
    law_on = calendar().starts[int(decision.period[0])]
    letter = int(decision.letter[0])
    r = render(
        ground,
        "abcdefg"[letter - 1] if letter else None,
        law_on,
        lang,
        if_covered=Ground(int(decision.if_covered[0])),
        if_not_covered=Ground(int(decision.if_not_covered[0])),
        missing=int(decision.missing[0]),
        claim=bool(decision.claim[0]),
        decided=bool(decision.decided[0]),
        work=bool(decision.work[0]),
        reading=int(decision.reading[0]),
    )
    findings: list[Finding[object]] = [_regime_finding(ground, law_on, r.provisions)]
    if r.regime is Regime.INTEGRERINGSLOVEN and _family_route(person):
        covered = None if ground is Ground.UNDETERMINED else bool(decision.letter[0])
        findings.append(_family_finding(covered, law_on, lang))
    in_6a = ground in (
        Ground.KAPITTEL_6A,
        Ground.KAPITTEL_6A_NEW_DECISION,
        Ground.SECTION_34_GUIDANCE,
    )
    findings += [
        Finding(
            rule="kapittel 6A",
            value=in_6a,
            provisions=(Provision("§ 37 c", ledd=1), Provision("§ 37 b", ledd=3)),
            reason=r.reason if in_6a else no_6a_reason(lang),
        ),
        Finding(rule="§ 8", value=r.programme, provisions=r.provisions, reason=r.reason),
        Finding(
            rule="§ 11",
            value=r.career_guidance,
            provisions=_guidance_provisions(r.career_guidance),
            reason=r.reason,
        ),
    ]
    note = sources_note(on, lang)
    return Assessment(
        person_id=person.person_id,
        on=on,
        decision_date=d,
        ground=ground,
        regime=r.regime,
        programme=r.programme,
        career_guidance=r.career_guidance,
        provisions=r.provisions,
        reason=r.reason,
        findings=tuple(findings),
        notes=() if note is None else (note,),
    )


def _family_route(person: Person) -> bool:
    """Letter f, or no letter and a reference person whose letter is known (as the table)."""
    reference = person.permit.reference_person
    return person.permit.letter is PermitLetter.F or (
        person.permit.letter is None and reference is not None and reference.letter_known
    )


def _family_finding(covered: bool | None, law_on: date, lang: Lang) -> Finding[object]:
    return Finding(
        rule="§ 9 første ledd bokstav f",
        value=covered,
        provisions=(Provision("§ 9", ledd=1, letter="f"),),
        reason=family_reason(covered, law_on, lang),
    )


def _guidance_provisions(outcome: GuidanceOutcome) -> tuple[Provision, ...]:
    if outcome is GuidanceOutcome.RIGHT:
        return (Provision("§ 11", ledd=1), Provision("§ 37 b", ledd=3))
    return (Provision("§ 11", ledd=1),)


def _regime_finding(
    ground: Ground, law_on: date, provisions: tuple[Provision, ...]
) -> Finding[object]:
    section = "§ 52" if amendment("renumbering-2022").covers(law_on) else "§ 51"
    if ground is Ground.INTRODUKSJONSLOVEN:
        return Finding(
            rule=section,
            value=Regime.INTRODUKSJONSLOVEN,
            provisions=provisions,
            reason=f"Permit granted before {ACT_IN_FORCE.isoformat()}.",
        )
    return Finding(
        rule=section,
        value=Regime.INTEGRERINGSLOVEN,
        provisions=(Provision(section, ledd=1),),
        reason=f"Permit granted on or after {ACT_IN_FORCE.isoformat()}, or arrival from then.",
    )


def _finding(person: Person, on: date, rule: str) -> Finding[object]:
    a = assess(person, on=on)
    for f in a.findings:
        if f.rule == rule or (rule == "regime" and f.rule in ("§ 51", "§ 52")):
            return f
    # only the § 9 bokstav f finding is left out, for a person who is no family member
    return _family_finding(False, max(decision_date(person, on=on), ACT_IN_FORCE), "en")


def regime(person: Person, *, on: date) -> Finding[Regime]:
    """Which act governs: integreringsloven § 51 (§ 52 from 2022-08-01) and forskrift § 72.

    § 51: «Loven gjelder for de som får innvilget oppholdstillatelse etter lovens
    ikrafttredelse.» Forskrift § 72: «Personer som søker om oppholdstillatelse fra
    utlandet og får innvilget oppholdstillatelse før integreringsloven trer i kraft, men
    som ankommer Norge etter integreringsloven trer i kraft, omfattes av
    integreringsloven.» LOV-2021-06-11-78 renumbered § 51 as § 52 from 2022-08-01, text
    unchanged.

    The act applies to permits granted from 2021-01-01, and to permits granted abroad
    before then when the person arrived from 2021-01-01; otherwise introduksjonsloven
    (2003) does.

    :provision: integreringsloven § 52
    :provision: integreringsloven § 51
    :provision: integreringsforskriften § 72
    """
    return _finding(person, on, "regime")  # type: ignore[return-value]


def family_reference(person: Person, *, on: date) -> Finding[bool | None]:
    """§ 9 første ledd bokstav f and andre ledd: the reference person and the five years.

    Bokstav f: «oppholdstillatelse etter utlendingsloven kapittel 6 som familiemedlem til
    personer som nevnt i bokstav a til e, forutsatt at referansepersonen har vært bosatt i
    en kommune i mindre enn fem år før det søkes om familiegjenforening». Andre ledd (from
    2023-08-01, LOV-2023-06-09-24): «Første ledd bokstav f omfatter også familiemedlemmer
    til personer som har fått permanent oppholdstillatelse på grunnlag av en
    oppholdstillatelse som nevnt i bokstav a til e.»

    True when the reference person holds a–e (or, from 2023-08-01, a permanent permit
    granted on that basis) and had been settled for less than five whole years on the day
    family reunification was applied for; False when not; None when a needed fact
    (``reference_letter``, ``reference_settled_date``, ``reunification_applied``) is
    missing. Only meaningful for a family member (letter f, or a reference person given).

    :provision: integreringsloven § 9 første ledd bokstav f
    :provision: integreringsloven § 9 andre ledd
    """
    return _finding(person, on, "§ 9 første ledd bokstav f")  # type: ignore[return-value]


def kapittel_6a(person: Person, *, on: date) -> Finding[bool]:
    """Kapittel 6A (temporary rules for § 34 holders): right, but no duty.

    § 37 c første ledd (LOV-2022-06-10-35, re-enacted by LOV-2024-06-25-53): «Personer som
    har fått oppholdstillatelse etter utlendingsloven § 34, har rett, men ikke plikt, til å
    delta i et introduksjonsprogram etter kapittel 4 i loven her. For øvrig gjelder §§ 8
    og 9 i loven her.» From 2024-07-01 also: «Kommunen kan avslå krav om deltagelse … for
    personer som har jobb eller tilbud om jobb på tilnærmet fulltid.» § 37 b tredje ledd:
    «… har rett, men ikke plikt, til å gjennomføre karriereveiledning etter § 11 i loven
    her. § 11 fjerde ledd gjelder ikke.» From 2026-01-01 (LOV-2025-06-20-35) § 37 c only
    says that samfunnskunnskap is not part of the programme; the chapter is repealed on
    2026-07-01.

    True for a letter-e permit granted from 2022-03-11 (FOR-2022-06-10-995 § 1) whose § 12
    decision (or the assessment date) falls while kapittel 6A is in force and the person
    is in § 8 første ledd otherwise.

    :provision: integreringsloven § 37 c
    :provision: integreringsloven § 37 b tredje ledd
    :provision: integreringsforskriften § 43h
    """
    return _finding(person, on, "kapittel 6A")  # type: ignore[return-value]


def target_group(person: Person, *, on: date) -> Finding[ProgrammeOutcome]:
    """§ 8: the target group of the introduction programme.

    Første ledd: «Innvandrere mellom 18 og 55 år som har fått innvilget en
    oppholdstillatelse som nevnt i § 9, og som er bosatt i kommunen etter avtale med
    integreringsmyndighetene, har rett og plikt til å delta i introduksjonsprogram.
    Alderen da oppholdstillatelsen ble innvilget er avgjørende for om personen omfattes av
    første punktum. Personen må ha bodd i en kommune med en oppholdstillatelse nevnt i § 9
    i mindre enn to år når vedtak etter § 12 treffes.» — aged 18 to 55 on the grant date
    (from the 18th birthday to the day before the 56th), a § 9 permit, settled by
    agreement, and less than two years in a municipality with a § 9 permit (counted from
    ``first_permit_granted`` when given) at the § 12 decision.

    Andre ledd: «Kravet om å være bosatt etter avtale gjelder ikke personer som har fått
    oppholdstillatelse som nevnt i § 9 første ledd bokstav f og g.» From 2023-08-01
    (LOV-2023-06-09-24) also: «Kravet gjelder heller ikke for personer som får innvilget
    oppholdstillatelse som nevnt i § 9 første ledd bokstav a etter å ha hatt en
    oppholdstillatelse som nevnt i § 9 første ledd bokstav f.»

    Tredje ledd: «Kommunen kan tilby introduksjonsprogram til innvandrere med
    oppholdstillatelse etter utlendingsloven kapittel 6 som er familiemedlemmer til andre
    enn personer nevnt i § 9 første ledd bokstav f, til innvandrere over 55 år med
    oppholdsgrunnlag som nevnt i § 9 og til innvandrere som nevnt i første ledd som er
    bosatt uten avtale med kommunen. Den som tilbys program, må ha bodd i en kommune i
    mindre enn to år når vedtak etter § 12 treffes.» — the municipality *may offer* the
    programme to those groups, within the same two years.

    Fjerde ledd (from 2026-01-01, LOV-2025-06-20-35): «Første ledd gjelder ikke innvandrere
    som er i arbeid eller har tilbud om arbeid, når stillingen utgjør minst 30 timer i
    uken.»

    Fjerde (from 2026 femte) ledd: «Nordiske borgere og utlendinger som omfattes av Avtale
    om Det europeiske økonomiske samarbeidsområde (EØS-avtalen), omfattes ikke av denne
    bestemmelsen.»

    Kapittel 6A and integreringsforskriften § 43h are applied on top (see
    :func:`kapittel_6a`). ``undetermined`` when a family fact the outcome turns on is empty.

    :provision: integreringsloven § 8
    :provision: integreringsloven § 9 første ledd
    """
    return _finding(person, on, "§ 8")  # type: ignore[return-value]


def career_guidance(person: Person, *, on: date) -> Finding[GuidanceOutcome]:
    """§ 11 første ledd: career guidance (*karriereveiledning*).

    «Personer som omfattes av § 8 første ledd, har rett og plikt til å gjennomføre
    karriereveiledning.» Under kapittel 6A, § 37 b tredje ledd (until 2026-06-30): «rett,
    men ikke plikt».

    Right and duty for those in § 8 første ledd; a right without duty for § 34 holders
    under kapittel 6A; otherwise not covered; ``undetermined`` where § 8 første ledd turns
    on a missing fact. The county provides it (§ 11 tredje ledd); see
    ``guidance`` for the order of the case.

    :provision: integreringsloven § 11 første ledd
    :provision: integreringsloven § 37 b tredje ledd
    """
    return _finding(person, on, "§ 11")  # type: ignore[return-value]
