"""The eligibility rules for one person: §§ 8–9, § 11, kapittel 6A and § 51.

Each rule is a pure function ``(person, *, on) -> Finding`` that quotes the sentence it
implements and cites the provisions it applied. :func:`assess` applies them in the order
the law reads — the regime first, then the exclusions, then the target group of § 8
første ledd with its exceptions — and returns an
:class:`~integreringslov.rules.outcomes.Assessment`.

Dates: ``on`` is the assessment date. The § 8 conditions are judged on the date of the
§ 12 decision (``person.decision_date``), or on ``on`` when none is given; that date also
decides which version of the law applies (the 30-hour rule, kapittel 6A).

Durations ("less than two years", "less than five years") are counted in whole calendar
years: ``full_years(start, end) < 2``, i.e. the second anniversary itself no longer
counts. The anniversary of 29 February in a common year is 1 March.

.. note::
   Interpretation choices (each can be challenged; they are listed in the docs too):

   1. § 8 første ledd tredje punktum counts time «i en kommune med en oppholdstillatelse
      nevnt i § 9», so for the første-ledd group the two years run from the later of the
      settlement date and the grant date. § 8 tredje ledd andre punktum says only «bodd i
      en kommune», so for the tredje-ledd groups they run from the settlement date.
   2. Kapittel 6A (§ 37 c: «rett, men ikke plikt … For øvrig gjelder §§ 8 og 9») turns
      *rett og plikt* into *rett* for those who would otherwise be in § 8 første ledd; the
      other conditions of § 8 (age, settlement by agreement, two years, 30 hours) still
      apply, and § 8 tredje ledd still gives *may offer*. § 37 b gives career guidance as a
      right to the same persons (read with § 11 første ledd), not to every § 34 holder.
   3. Letter f with no reference letter stands for a family member (utlendingsloven
      kapittel 6) of someone who holds none of a–e: § 8 tredje ledd (*may offer*).
   4. The 30-hour rule's proviso («Første ledd gjelder likevel dersom arbeidsforholdet
      opphører … innen fristen») needs the end of the job, which the person table does not
      hold; the hours on the decision date decide.
   5. A person not yet settled on the assessment date is *not covered (yet)*, even under
      kapittel 6A, whose § 37 c keeps § 8's «bosatt i kommunen».
"""

from __future__ import annotations

from datetime import date

from integreringslov.errors import InvalidInputError, Problem
from integreringslov.law import Act, Provision, parameter
from integreringslov.law.timeline import (
    ACT_IN_FORCE,
    KAPITTEL_6A_PERMITS_FROM,
    amendment,
    require_act_in_force,
)
from integreringslov.model.person import REFERENCE_LETTERS, PermitLetter, Person
from integreringslov.rules.outcomes import (
    Assessment,
    Finding,
    Ground,
    GuidanceOutcome,
    ProgrammeOutcome,
    Regime,
    render,
)

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

    >>> leap = date(2004, 2, 29)
    >>> full_years(leap, date(2022, 2, 28)), full_years(leap, date(2022, 3, 1))
    (17, 18)
    """
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def _number(name: str, on: date) -> float:
    """A numeric parameter's value on ``on``."""
    value = parameter(name, on=on).value
    if not isinstance(value, int | float):
        raise TypeError(f"parameter {name!r} is not a number: {value!r}")
    return float(value)


def decision_date(person: Person, *, on: date) -> date:
    """The date the § 8 conditions are judged on: the § 12 decision date, else ``on``."""
    return person.decision_date if person.decision_date is not None else on


def check_person(person: Person, *, on: date) -> list[Problem]:
    """Every problem with ``person`` that makes an assessment on ``on`` impossible.

    The same checks as the vectorised path: impossible dates (settled or granted before
    birth, granted after the assessment date, a decision before the grant), letter-f data
    missing, negative work hours, and a decision date before the act for a person the act
    governs.
    """
    out: list[Problem] = []
    pid = person.person_id

    def add(column: str, value: object, message: str, expected: str) -> None:
        out.append(
            Problem(
                message=f"person {pid!r}: {message}",
                column=column,
                value=None if value is None else str(value),
                expected=expected,
                check=column,
            )
        )

    permit = person.permit
    if not pid.strip():
        add("person_id", pid, "the person id is empty", "a non-empty id")
    if permit.granted > on:
        add(
            "permit_granted",
            permit.granted,
            "the permit is granted after the assessment date",
            f"a date on or before {on.isoformat()}",
        )
    if permit.granted < person.birth_date:
        add("permit_granted", permit.granted, "granted before birth", "a date after birth")
    if person.settlement is not None and person.settlement.date < person.birth_date:
        add(
            "settled_date",
            person.settlement.date,
            "settled before birth",
            "a date on or after the birth date",
        )
    if person.decision_date is not None and person.decision_date < permit.granted:
        add(
            "decision_date",
            person.decision_date,
            "the § 12 decision is before the permit was granted",
            "a date on or after permit_granted",
        )
    ref = permit.reference_person
    if permit.letter is PermitLetter.F and ref is not None and ref.permit_letter is not None:
        if ref.permit_letter not in REFERENCE_LETTERS:
            add(
                "reference_letter",
                ref.permit_letter.value,
                "the reference person's letter must be one of a–e",
                "one of a, b, c, d, e or empty",
            )
        if ref.settled_date is None:
            add(
                "reference_settled_date",
                None,
                "letter f needs the reference person's settlement date",
                "a date",
            )
        if permit.reunification_applied is None:
            add(
                "reunification_applied",
                None,
                "letter f needs the date family reunification was applied for",
                "a date",
            )
    hours = person.work_hours_per_week
    if hours is not None and not 0 <= hours <= 168:
        add("work_hours_per_week", hours, "impossible hours a week", "0 to 168")
    if regime(person, on=on).value is Regime.INTEGRERINGSLOVEN:
        d = decision_date(person, on=on)
        if d < ACT_IN_FORCE:
            add(
                "decision_date",
                d,
                "a § 12 decision under integreringsloven cannot precede the act",
                f"a date on or after {ACT_IN_FORCE.isoformat()}",
            )
    return out


def regime(person: Person, *, on: date) -> Finding[Regime]:
    """Which act governs: integreringsloven § 51 and integreringsforskriften § 72.

    § 51: «Loven gjelder for de som får innvilget oppholdstillatelse etter lovens
    ikrafttredelse.» Forskrift § 72: «Personer som søker om oppholdstillatelse fra
    utlandet og får innvilget oppholdstillatelse før integreringsloven trer i kraft, men
    som ankommer Norge etter integreringsloven trer i kraft, omfattes av
    integreringsloven.»

    The act applies to permits granted from 2021-01-01, and to permits granted abroad
    before then when the person arrived from 2021-01-01; otherwise introduksjonsloven
    (2003) does.

    :provision: integreringsloven § 51
    :provision: integreringsforskriften § 72
    """
    require_act_in_force(on)
    permit = person.permit
    s51 = Provision("§ 51", ledd=1)
    if permit.granted >= ACT_IN_FORCE:
        return Finding(
            rule="§ 51",
            value=Regime.INTEGRERINGSLOVEN,
            provisions=(s51,),
            reason=f"Permit granted on or after {ACT_IN_FORCE.isoformat()}.",
        )
    s72 = Provision("§ 72", act=Act.INTEGRERINGSFORSKRIFTEN)
    if permit.arrival_date is not None and permit.arrival_date >= ACT_IN_FORCE:
        return Finding(
            rule="forskrift § 72",
            value=Regime.INTEGRERINGSLOVEN,
            provisions=(s51, s72),
            reason=f"Permit granted abroad before {ACT_IN_FORCE.isoformat()}, arrival "
            "after the act entered into force.",
        )
    r = render(Ground.INTRODUKSJONSLOVEN, None, on)
    return Finding(
        rule="§ 51", value=Regime.INTRODUKSJONSLOVEN, provisions=r.provisions, reason=r.reason
    )


def family_reference(person: Person, *, on: date) -> Finding[bool]:
    """§ 9 første ledd bokstav f: the reference person's permit and the five-year test.

    «oppholdstillatelse etter utlendingsloven kapittel 6 som familiemedlem til personer som
    nevnt i bokstav a til e, forutsatt at referansepersonen har vært bosatt i en kommune i
    mindre enn fem år før det søkes om familiegjenforening»

    True when the reference person holds a–e and had been settled for less than five whole
    years on the day family reunification was applied for (five years to the day: false).
    Only meaningful for letter f.

    :provision: integreringsloven § 9 første ledd bokstav f
    """
    ref = person.permit.reference_person
    prov = (Provision("§ 9", ledd=1, letter="f"),)
    if ref is None or ref.permit_letter is None or ref.permit_letter not in REFERENCE_LETTERS:
        return Finding(
            rule="§ 9 første ledd bokstav f",
            value=False,
            provisions=prov,
            reason="The reference person holds none of the permits in letters a–e.",
        )
    applied = person.permit.reunification_applied
    if ref.settled_date is None or applied is None:
        raise InvalidInputError(
            [
                Problem(
                    message=f"person {person.person_id!r}: letter f needs the reference "
                    "person's settlement date and the reunification application date",
                    column="reference_settled_date",
                )
            ]
        )
    limit = parameter("programme.reference_person_years", on=decision_date(person, on=on))
    ok = full_years(ref.settled_date, applied) < _number(
        "programme.reference_person_years", decision_date(person, on=on)
    )
    return Finding(
        rule="§ 9 første ledd bokstav f",
        value=ok,
        provisions=prov,
        reason=(
            f"Reference person settled less than {limit.value} years before the application."
            if ok
            else f"Reference person settled {limit.value} years or more before the application."
        ),
    )


def kapittel_6a(person: Person, *, on: date) -> Finding[bool]:
    """Kapittel 6A (temporary rules for § 34 holders): right, but no duty.

    § 37 c første ledd: «Personer som har fått oppholdstillatelse etter utlendingsloven
    § 34, har rett, men ikke plikt, til å delta i et introduksjonsprogram etter kapittel 4
    i loven her. For øvrig gjelder §§ 8 og 9 i loven her.» § 37 b tredje ledd: «… har rett,
    men ikke plikt, til å gjennomføre karriereveiledning etter § 11 i loven her.»

    True for a letter-e permit granted from 2022-03-11 when the § 12 decision date (or the
    assessment date) falls while kapittel 6A is in force (2022-06-15 until the sunset,
    2026-07-01). Before and after, the ordinary rules apply.

    :provision: integreringsloven § 37 c
    :provision: integreringsloven § 37 b tredje ledd
    """
    d = decision_date(person, on=on)
    chapter = amendment("kapittel-6a")
    holds = (
        person.permit.letter is PermitLetter.E
        and person.permit.granted >= KAPITTEL_6A_PERMITS_FROM
        and chapter.covers(d)
    )
    return Finding(
        rule="kapittel 6A",
        value=holds,
        provisions=(Provision("§ 37 c", ledd=1), Provision("§ 37 b", ledd=3)),
        reason=(
            "§ 34 permit from 2022-03-11, decided while kapittel 6A is in force."
            if holds
            else "Kapittel 6A does not apply."
        ),
    )


def _ground(person: Person, *, on: date) -> Ground:
    """The rule that decides, in the order the law reads."""
    if regime(person, on=on).value is Regime.INTRODUKSJONSLOVEN:
        return Ground.INTRODUKSJONSLOVEN
    if person.nordic_or_eea:
        return Ground.NORDIC_EEA
    letter = person.permit.letter
    if letter is None:
        return Ground.NO_SECTION_9_PERMIT
    settlement = person.settlement
    if settlement is None or settlement.date > on:
        return Ground.NOT_SETTLED
    d = decision_date(person, on=on)
    granted = person.permit.granted
    age = full_years(person.birth_date, granted)
    if age < _number("programme.age_min", d):
        return Ground.UNDER_AGE
    years = _number("programme.years_in_municipality", d)
    over_age = age > _number("programme.age_max", d)
    if letter is PermitLetter.F:
        family = family_reference(person, on=on)
        ref = person.permit.reference_person
        no_reference = ref is None or ref.permit_letter is None
        family_other = not family.value
    else:
        no_reference = family_other = False
    no_agreement = letter in REFERENCE_LETTERS and not settlement.by_agreement
    if over_age or family_other or no_agreement:
        if full_years(settlement.date, d) >= years:
            return Ground.TWO_YEARS_MAY_OFFER
        if over_age:
            return Ground.OVER_AGE
        if family_other:
            return Ground.FAMILY_OTHER if no_reference else Ground.FAMILY_FIVE_YEARS
        return Ground.NO_AGREEMENT
    if full_years(max(settlement.date, granted), d) >= years:
        return Ground.TWO_YEARS
    hours = person.work_hours_per_week
    if (
        amendment("work-30-hours").covers(d)
        and hours is not None
        and hours >= _number("programme.work_hours_exemption", d)
    ):
        return Ground.WORK_HOURS
    if kapittel_6a(person, on=on).value:
        return Ground.KAPITTEL_6A
    return Ground.RIGHT_AND_DUTY


def target_group(person: Person, *, on: date) -> Finding[ProgrammeOutcome]:
    """§ 8: the target group of the introduction programme.

    Første ledd: «Innvandrere mellom 18 og 55 år som har fått innvilget en
    oppholdstillatelse som nevnt i § 9, og som er bosatt i kommunen etter avtale med
    integreringsmyndighetene, har rett og plikt til å delta i introduksjonsprogram.
    Alderen da oppholdstillatelsen ble innvilget er avgjørende for om personen omfattes av
    første punktum. Personen må ha bodd i en kommune med en oppholdstillatelse nevnt i § 9
    i mindre enn to år når vedtak etter § 12 treffes.» — aged 18 to 55 on the grant date
    (from the 18th birthday to the day before the 56th), a § 9 permit, settled by
    agreement, and less than two years in a municipality at the § 12 decision.

    Andre ledd: «Kravet om å være bosatt etter avtale gjelder ikke personer som har fått
    oppholdstillatelse som nevnt i § 9 første ledd bokstav f og g.»

    Tredje ledd: «Kommunen kan tilby introduksjonsprogram til innvandrere med
    oppholdstillatelse etter utlendingsloven kapittel 6 som er familiemedlemmer til andre
    enn personer nevnt i § 9 første ledd bokstav f, til innvandrere over 55 år med
    oppholdsgrunnlag som nevnt i § 9 og til innvandrere som nevnt i første ledd som er
    bosatt uten avtale med kommunen. Den som tilbys program, må ha bodd i en kommune i
    mindre enn to år når vedtak etter § 12 treffes.» — the municipality *may offer* the
    programme to those groups, within the same two years.

    Fjerde ledd (from 2026-01-01): «Første ledd gjelder ikke innvandrere som er i arbeid
    eller har tilbud om arbeid, når stillingen utgjør minst 30 timer i uken.»

    Fjerde (from 2026 femte) ledd: «Nordiske borgere og utlendinger som omfattes av Avtale
    om Det europeiske økonomiske samarbeidsområde (EØS-avtalen), omfattes ikke av denne
    bestemmelsen.»

    Kapittel 6A is applied on top (see :func:`kapittel_6a`).

    :provision: integreringsloven § 8
    :provision: integreringsloven § 9 første ledd
    """
    ground = _ground(person, on=on)
    letter = person.permit.letter.value if person.permit.letter else None
    r = render(ground, letter, max(decision_date(person, on=on), ACT_IN_FORCE))
    return Finding(rule="§ 8", value=r.programme, provisions=r.provisions, reason=r.reason)


def career_guidance(person: Person, *, on: date) -> Finding[GuidanceOutcome]:
    """§ 11 første ledd: career guidance (*karriereveiledning*).

    «Personer som omfattes av § 8 første ledd, har rett og plikt til å gjennomføre
    karriereveiledning.» Under kapittel 6A, § 37 b tredje ledd: «rett, men ikke plikt».

    Right and duty for those in § 8 første ledd; a right without duty for § 34 holders
    under kapittel 6A; otherwise not covered. The county provides it (§ 11 tredje ledd);
    see :mod:`integreringslov.rules.guidance` for the order of the case.

    :provision: integreringsloven § 11 første ledd
    """
    outcome = render(
        _ground(person, on=on),
        person.permit.letter.value if person.permit.letter else None,
        max(decision_date(person, on=on), ACT_IN_FORCE),
    ).career_guidance
    provisions = {
        GuidanceOutcome.RIGHT_AND_DUTY: (Provision("§ 11", ledd=1),),
        GuidanceOutcome.RIGHT: (Provision("§ 11", ledd=1), Provision("§ 37 b", ledd=3)),
        GuidanceOutcome.NOT_COVERED: (Provision("§ 11", ledd=1),),
    }[outcome]
    reason = {
        GuidanceOutcome.RIGHT_AND_DUTY: "In § 8 første ledd: right and duty to career guidance.",
        GuidanceOutcome.RIGHT: "§ 34 holder under kapittel 6A: right, but no duty.",
        GuidanceOutcome.NOT_COVERED: "Not in § 8 første ledd: no right to career guidance.",
    }[outcome]
    return Finding(rule="§ 11", value=outcome, provisions=provisions, reason=reason)


def assess(person: Person, *, on: date) -> Assessment:
    """Assess one person on ``on``: programme, career guidance, the provisions and why.

    Raises :class:`~integreringslov.errors.NotInForceError` for a date before
    2021-01-01 and :class:`~integreringslov.errors.InvalidInputError` (with every
    problem) for impossible input.

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
    """
    require_act_in_force(on, what="an assessment")
    problems = check_person(person, on=on)
    if problems:
        raise InvalidInputError(problems, what=f"person {person.person_id!r}")
    ground = _ground(person, on=on)
    d = decision_date(person, on=on)
    letter = person.permit.letter.value if person.permit.letter else None
    r = render(ground, letter, max(d, ACT_IN_FORCE))
    findings: list[Finding[object]] = [regime(person, on=on)]  # type: ignore[list-item]
    if r.regime is Regime.INTEGRERINGSLOVEN:
        if person.permit.letter is PermitLetter.F:
            findings.append(family_reference(person, on=on))  # type: ignore[arg-type]
        findings.append(kapittel_6a(person, on=on))  # type: ignore[arg-type]
        findings.append(
            Finding(rule="§ 8", value=r.programme, provisions=r.provisions, reason=r.reason)
        )
        findings.append(career_guidance(person, on=on))  # type: ignore[arg-type]
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
    )
