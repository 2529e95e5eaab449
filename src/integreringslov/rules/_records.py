"""*Rettsgrunnlag* — one record per legal ground, in the law's order.

Each :class:`GroundRecord` holds everything the library says of one
:class:`~integreringslov.rules.Ground`: its condition (a vectorised test over the facts the
rules compute, see ``grounds``), the outcome it gives for the programme and for career
guidance, its provisions as numbered on a date (ledd, punktum, bokstav), its reason in
English and bokmål, the statute's words it rests on and the amendment that brought it in.
The rules (the order of :data:`RECORDS` is the order they are tried in), the wording, the
basis and the docs' list of grounds (:func:`grounds_markdown`) are derived from them: an
amendment is one record here (and, when only a number moves, one value in
``law/data/parameters.toml``) plus its law cases in ``tests/law_cases/``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

import attrs

from integreringslov._text.i18n import N_
from integreringslov.law import Act, Provision
from integreringslov.law._timeline import amendment
from integreringslov.rules._outcomes import Ground, GuidanceOutcome, ProgrammeOutcome

__all__ = ["RECORD", "RECORDS", "GroundRecord", "grounds_markdown"]


@attrs.frozen(kw_only=True)
class GroundRecord:
    """One legal ground: when it applies, what it gives, on what words, since when."""

    ground: Ground
    """The ground's code."""
    condition: Callable[[Mapping[str, Any]], Any] | None
    """The rows it decides, given the facts the rules compute (``None``: the default
    ground, or ``UNDETERMINED``, which the rules set themselves)."""
    programme: ProgrammeOutcome
    """The outcome for the introduction programme."""
    guidance: GuidanceOutcome
    """The outcome for career guidance (§ 11, § 37 b)."""
    provisions: Callable[[str | None, date], tuple[Provision, ...]]
    """The provisions applied, for the § 9 letter held, as numbered on a date."""
    reason: str
    """The reason, in English, with ``{…}`` for the dated parameters: a message id whose
    bokmål is in the catalog (``locale/nb``), like every other text the library writes."""
    words: str
    """The statute's words the ground rests on."""
    instrument: str
    """The instrument whose text decides it (``LOV-…``, ``FOR-…``)."""
    amendment: str | None = None
    """The timeline key of the amendment that brought it in or changed it, if any."""


def _p(
    section: str, ledd: int | None = None, punktum: int | None = None, letter: str | None = None
) -> Provision:
    return Provision(section, ledd=ledd, punktum=punktum, letter=letter)


def _s9(letter: str | None) -> tuple[Provision, ...]:
    """§ 9 første ledd with the letter held, when one is surely held."""
    return (_p("§ 9", 1, letter=letter),) if letter else ()


def _right_and_duty(letter: str | None, on: date) -> tuple[Provision, ...]:
    # § 8 andre ledd got a second sentence on 2023-08-01 (LOV-2023-06-09-24).
    presiseringer = amendment("presiseringer-2023").covers(on)
    agreement = (_p("§ 8", 2, 1 if presiseringer else None),) if letter in ("f", "g") else ()
    return (_p("§ 8", 1), *agreement, *_s9(letter))


RECORDS: tuple[GroundRecord, ...] = (
    GroundRecord(
        ground=Ground.NO_PERMIT_YET,
        condition=lambda v: v["not_yet"],
        programme=ProgrammeOutcome.NOT_COVERED,
        guidance=GuidanceOutcome.NOT_COVERED,
        provisions=lambda letter, on: (_p("§ 8", 1), _p("§ 9", 1)),
        reason=N_(
            "The residence permit is granted after the assessment date: no § 9 permit yet on "
            "that date."
        ),
        words=(
            "§ 9 første ledd: «har fått innvilget en oppholdstillatelse som nevnt i § 9» — "
            "not yet on the assessment date"
        ),
        instrument="LOV-2020-11-06-127",
        amendment=None,
    ),
    GroundRecord(
        ground=Ground.INTRODUKSJONSLOVEN,
        condition=lambda v: ~v["intl"],
        programme=ProgrammeOutcome.NOT_COVERED,
        guidance=GuidanceOutcome.NOT_COVERED,
        provisions=lambda letter, on: (
            _p("§ 52" if amendment("renumbering-2022").covers(on) else "§ 51", 1),
            Provision("§ 72", act=Act.INTEGRERINGSFORSKRIFTEN),
        ),
        reason=N_(
            "The residence permit was granted before {act} without arrival in Norway from that "
            "date, so introduksjonsloven (2003) applies, not integreringsloven."
        ),
        words=(
            "§ 51 (§ 52 from 2022-08-01): «Loven gjelder for de som får innvilget "
            "oppholdstillatelse etter lovens ikrafttredelse.»"
        ),
        instrument="LOV-2020-11-06-127",
        amendment="renumbering-2022",
    ),
    GroundRecord(
        ground=Ground.NORDIC_EEA,
        condition=lambda v: v["nordic"],
        programme=ProgrammeOutcome.NOT_COVERED,
        guidance=GuidanceOutcome.NOT_COVERED,
        provisions=lambda letter, on: (
            _p("§ 8", 5 if amendment("work-30-hours").covers(on) else 4),
        ),
        reason=N_("Nordic and EEA citizens are not covered by § 8."),
        words=(
            "§ 8 fjerde (from 2026 femte) ledd: «Nordiske borgere og utlendinger som omfattes"
            " av … EØS-avtalen, omfattes ikke av denne bestemmelsen.»"
        ),
        instrument="LOV-2020-11-06-127",
        amendment="work-30-hours",
    ),
    GroundRecord(
        ground=Ground.NO_SECTION_9_PERMIT,
        condition=lambda v: v["no_letter"] & ~v["family_route"],
        programme=ProgrammeOutcome.NOT_COVERED,
        guidance=GuidanceOutcome.NOT_COVERED,
        provisions=lambda letter, on: (_p("§ 8", 1), _p("§ 9", 1)),
        reason=N_("The residence permit is not one of those listed in § 9 første ledd."),
        words="§ 8 første ledd: «har fått innvilget en oppholdstillatelse som nevnt i § 9»",
        instrument="LOV-2020-11-06-127",
        amendment=None,
    ),
    GroundRecord(
        ground=Ground.NOT_SETTLED,
        condition=lambda v: v["not_settled"],
        programme=ProgrammeOutcome.NOT_COVERED,
        guidance=GuidanceOutcome.NOT_COVERED,
        provisions=lambda letter, on: (_p("§ 8", 1), *_s9(letter)),
        reason=N_("Not (yet) settled in a municipality on the assessment date."),
        words="§ 8 første ledd: «som er bosatt i kommunen»",
        instrument="LOV-2020-11-06-127",
        amendment=None,
    ),
    GroundRecord(
        ground=Ground.UNDER_AGE,
        condition=lambda v: v["age"] < v["age_min"],
        programme=ProgrammeOutcome.NOT_COVERED,
        guidance=GuidanceOutcome.NOT_COVERED,
        provisions=lambda letter, on: (_p("§ 8", 1), *_s9(letter)),
        reason=N_("Under {age_min} when the residence permit was granted."),
        words=(
            "§ 8 første ledd: «Innvandrere mellom 18 og 55 år … Alderen da "
            "oppholdstillatelsen ble innvilget er avgjørende»"
        ),
        instrument="LOV-2020-11-06-127",
        amendment=None,
    ),
    GroundRecord(
        ground=Ground.TRANSITIONAL_43H,
        condition=lambda v: v["t43h"],
        programme=ProgrammeOutcome.RIGHT,
        guidance=GuidanceOutcome.RIGHT,
        provisions=lambda letter, on: (
            Provision("§ 43h", ledd=1, act=Act.INTEGRERINGSFORSKRIFTEN),
            Provision("§ 43h", ledd=2, act=Act.INTEGRERINGSFORSKRIFTEN),
        ),
        reason=N_(
            "Decided under kapittel 6A while holding collective protection (§ 34), then "
            "granted another permit: no new rights or duties, but the right to complete the "
            "programme begun (integreringsforskriften § 43h)."
        ),
        words=(
            "integreringsforskriften § 43h: no new rights or duties after a new permit, but "
            "the right to complete the programme begun"
        ),
        instrument="FOR-2025-09-17-1909",
        amendment="forskrift-43h-2026",
    ),
    GroundRecord(
        ground=Ground.TWO_YEARS_MAY_OFFER,
        condition=lambda v: v["may"] & (v["years_settled"] >= v["years"]),
        programme=ProgrammeOutcome.NOT_COVERED,
        guidance=GuidanceOutcome.NOT_COVERED,
        provisions=lambda letter, on: (_p("§ 8", 3, 2), *_s9(letter)),
        reason=N_(
            "Only § 8 tredje ledd could apply, and the person had lived in a municipality for "
            "{years} years or more at the § 12 decision."
        ),
        words=(
            "§ 8 tredje ledd andre punktum: «Den som tilbys program, må ha bodd i en kommune "
            "i mindre enn to år når vedtak etter § 12 treffes.»"
        ),
        instrument="LOV-2020-11-06-127",
        amendment=None,
    ),
    GroundRecord(
        ground=Ground.OVER_AGE,
        condition=lambda v: v["over"],
        programme=ProgrammeOutcome.MAY_OFFER,
        guidance=GuidanceOutcome.NOT_COVERED,
        provisions=lambda letter, on: (_p("§ 8", 3, 1), *_s9(letter)),
        reason=N_(
            "Over {age_max} when the residence permit was granted: the municipality may offer "
            "the programme."
        ),
        words=(
            "§ 8 tredje ledd første punktum: «Kommunen kan tilby introduksjonsprogram … til "
            "innvandrere over 55 år med oppholdsgrunnlag som nevnt i § 9»"
        ),
        instrument="LOV-2020-11-06-127",
        amendment=None,
    ),
    GroundRecord(
        ground=Ground.REFERENCE_PERMANENT_TOO_EARLY,
        condition=lambda v: v["other"] & v["too_early"],
        programme=ProgrammeOutcome.MAY_OFFER,
        guidance=GuidanceOutcome.NOT_COVERED,
        provisions=lambda letter, on: (_p("§ 8", 3, 1), *_s9(letter)),
        reason=N_(
            "The reference person's permit is now permanent; family members of such persons "
            "are covered by § 9 bokstav f only from 2023-08-01 (§ 9 andre ledd, "
            "LOV-2023-06-09-24): the municipality may offer the programme."
        ),
        words=(
            "§ 9 andre ledd (from 2023-08-01): «Første ledd bokstav f omfatter også "
            "familiemedlemmer til personer som har fått permanent oppholdstillatelse …» — not"
            " before"
        ),
        instrument="LOV-2023-06-09-24",
        amendment="presiseringer-2023",
    ),
    GroundRecord(
        ground=Ground.FAMILY_OTHER,
        condition=lambda v: v["other"] & v["ref_known"] & ~v["ref_ae"],
        programme=ProgrammeOutcome.MAY_OFFER,
        guidance=GuidanceOutcome.NOT_COVERED,
        provisions=lambda letter, on: (_p("§ 8", 3, 1), *_s9(letter)),
        reason=N_(
            "Family member of someone who holds none of the permits in § 9 letters a–e, so not "
            "§ 9 bokstav f: the municipality may offer the programme."
        ),
        words=(
            "§ 8 tredje ledd første punktum: «familiemedlemmer til andre enn personer nevnt i"
            " § 9 første ledd bokstav f»"
        ),
        instrument="LOV-2020-11-06-127",
        amendment=None,
    ),
    GroundRecord(
        ground=Ground.FAMILY_FIVE_YEARS,
        condition=lambda v: v["other"],
        programme=ProgrammeOutcome.MAY_OFFER,
        guidance=GuidanceOutcome.NOT_COVERED,
        provisions=lambda letter, on: (_p("§ 8", 3, 1), *_s9(letter)),
        reason=N_(
            "The reference person had been settled for {ref_years} years or more when family "
            "reunification was applied for, so not § 9 bokstav f: the municipality may offer "
            "the programme."
        ),
        words=(
            "§ 9 første ledd bokstav f: «forutsatt at referansepersonen har vært bosatt i en "
            "kommune i mindre enn fem år før det søkes om familiegjenforening»"
        ),
        instrument="LOV-2020-11-06-127",
        amendment=None,
    ),
    GroundRecord(
        ground=Ground.NO_AGREEMENT,
        condition=lambda v: v["no_agreement"],
        programme=ProgrammeOutcome.MAY_OFFER,
        guidance=GuidanceOutcome.NOT_COVERED,
        provisions=lambda letter, on: (_p("§ 8", 3, 1), *_s9(letter)),
        reason=N_(
            "Settled without agreement with the integration authorities: the municipality may "
            "offer the programme."
        ),
        words=(
            "§ 8 tredje ledd første punktum: «til innvandrere som nevnt i første ledd som er "
            "bosatt uten avtale med kommunen»"
        ),
        instrument="LOV-2020-11-06-127",
        amendment=None,
    ),
    GroundRecord(
        ground=Ground.TWO_YEARS,
        condition=lambda v: v["years_with_permit"] >= v["years"],
        programme=ProgrammeOutcome.NOT_COVERED,
        guidance=GuidanceOutcome.NOT_COVERED,
        provisions=lambda letter, on: (_p("§ 8", 1, 3), *_s9(letter)),
        reason=N_(
            "Had lived in a municipality with the permit for {years} years or more at the § 12 "
            "decision."
        ),
        words=(
            "§ 8 første ledd tredje punktum: «Personen må ha bodd i en kommune med en "
            "oppholdstillatelse nevnt i § 9 i mindre enn to år når vedtak etter § 12 "
            "treffes.»"
        ),
        instrument="LOV-2020-11-06-127",
        amendment=None,
    ),
    GroundRecord(
        ground=Ground.WORK_HOURS,
        condition=lambda v: v["working"],
        programme=ProgrammeOutcome.NOT_COVERED,
        guidance=GuidanceOutcome.NOT_COVERED,
        provisions=lambda letter, on: (_p("§ 8", 4), *_s9(letter)),
        reason=N_(
            "In work, or offered work, of at least {hours} hours a week at the § 12 decision: "
            "§ 8 første ledd does not apply."
        ),
        words=(
            "§ 8 fjerde ledd (from 2026-01-01): «Første ledd gjelder ikke innvandrere som er "
            "i arbeid eller har tilbud om arbeid, når stillingen utgjør minst 30 timer i "
            "uken.»"
        ),
        instrument="LOV-2025-06-20-35",
        amendment="work-30-hours",
    ),
    GroundRecord(
        ground=Ground.KAPITTEL_6A_NEW_DECISION,
        condition=lambda v: v["kap6a"] & v["redecided"],
        programme=ProgrammeOutcome.RIGHT,
        guidance=GuidanceOutcome.RIGHT,
        provisions=lambda letter, on: (
            _p("§ 8", 1),
            *_s9(letter),
            _p("§ 37 c", 1),
            _p("§ 37 b", 3),
            Provision("§ 1", ledd=2, act=Act.OVERGANGSREGLER_6A_2022),
        ),
        reason=N_(
            "Collective protection (§ 34) granted from {from6a}, decided under the ordinary "
            "rules before kapittel 6A entered into force on {in6a}: a new decision is made "
            "under kapittel 6A (FOR-2022-06-10-995 § 1 andre ledd), so right, but no duty, to "
            "the programme and to career guidance."
        ),
        words=(
            "FOR-2022-06-10-995 § 1 andre ledd: «… skal det fattes nye vedtak etter "
            "integreringsloven kapittel 6A.»"
        ),
        instrument="FOR-2022-06-10-995",
        amendment="kapittel-6a",
    ),
    GroundRecord(
        ground=Ground.KAPITTEL_6A,
        condition=lambda v: v["kap6a"],
        programme=ProgrammeOutcome.RIGHT,
        guidance=GuidanceOutcome.RIGHT,
        provisions=lambda letter, on: (
            _p("§ 8", 1),
            *_s9(letter),
            _p("§ 37 c", 1),
            _p("§ 37 b", 3),
        ),
        reason=N_(
            "Collective protection (§ 34) granted from {from6a} and {decided} the temporary "
            "kapittel 6A: right, but no duty, to the programme and to career guidance."
        ),
        words=(
            "§ 37 c første ledd: «Personer som har fått oppholdstillatelse etter "
            "utlendingsloven § 34, har rett, men ikke plikt, til å delta i et "
            "introduksjonsprogram»"
        ),
        instrument="LOV-2022-06-10-35",
        amendment="kapittel-6a",
    ),
    GroundRecord(
        ground=Ground.SECTION_34_GUIDANCE,
        condition=lambda v: v["guidance_6a"],
        programme=ProgrammeOutcome.RIGHT_AND_DUTY,
        guidance=GuidanceOutcome.RIGHT,
        provisions=lambda letter, on: (_p("§ 8", 1), *_s9(letter), _p("§ 37 c"), _p("§ 37 b", 3)),
        reason=N_(
            "Collective protection (§ 34): from 2026-01-01 § 37 c no longer gives a right "
            "without duty, so § 8 første ledd gives right and duty to the programme (without "
            "samfunnskunnskap); career guidance stays a right, but no duty (§ 37 b tredje "
            "ledd) until kapittel 6A is repealed on 2026-07-01."
        ),
        words=(
            "§ 37 b tredje ledd: «… har rett, men ikke plikt, til å gjennomføre "
            "karriereveiledning etter § 11»; § 37 c (2026) no longer gives a right without "
            "duty"
        ),
        instrument="LOV-2025-06-20-35",
        amendment="section-37c-2026",
    ),
    GroundRecord(
        ground=Ground.RIGHT_AND_DUTY_AFTER_F,
        condition=lambda v: v["after_f"],
        programme=ProgrammeOutcome.RIGHT_AND_DUTY,
        guidance=GuidanceOutcome.RIGHT_AND_DUTY,
        provisions=lambda letter, on: (_p("§ 8", 1), _p("§ 8", 2, 2), *_s9(letter)),
        reason=N_(
            "Granted a letter a permit after a letter f permit, so no agreement is needed (§ 8 "
            "andre ledd andre punktum); aged {age_min}–{age_max} at the grant, less than "
            "{years} years in a municipality at the § 12 decision: right and duty to the "
            "programme and to career guidance."
        ),
        words=(
            "§ 8 andre ledd andre punktum (from 2023-08-01): «Kravet gjelder heller ikke for "
            "personer som får innvilget oppholdstillatelse som nevnt i § 9 første ledd "
            "bokstav a etter å ha hatt en oppholdstillatelse som nevnt i § 9 første ledd "
            "bokstav f.»"
        ),
        instrument="LOV-2023-06-09-24",
        amendment="presiseringer-2023",
    ),
    GroundRecord(
        ground=Ground.RIGHT_AND_DUTY_PERMANENT_REFERENCE,
        condition=lambda v: v["permanent"],
        programme=ProgrammeOutcome.RIGHT_AND_DUTY,
        guidance=GuidanceOutcome.RIGHT_AND_DUTY,
        provisions=lambda letter, on: (_p("§ 8", 1), _p("§ 8", 2, 1), *_s9(letter), _p("§ 9", 2)),
        reason=N_(
            "Family member of a person whose permanent permit was granted on the basis of § 9 "
            "letters a–e (§ 9 andre ledd), aged {age_min}–{age_max} at the grant, less than "
            "{years} years in a municipality at the § 12 decision: right and duty to the "
            "programme and to career guidance."
        ),
        words=(
            "§ 9 andre ledd (from 2023-08-01): «Første ledd bokstav f omfatter også "
            "familiemedlemmer til personer som har fått permanent oppholdstillatelse på "
            "grunnlag av en oppholdstillatelse som nevnt i bokstav a til e.»"
        ),
        instrument="LOV-2023-06-09-24",
        amendment="presiseringer-2023",
    ),
    GroundRecord(
        ground=Ground.RIGHT_AND_DUTY,
        condition=None,
        programme=ProgrammeOutcome.RIGHT_AND_DUTY,
        guidance=GuidanceOutcome.RIGHT_AND_DUTY,
        provisions=lambda letter, on: _right_and_duty(letter, on),
        reason=N_(
            "Aged {age_min}–{age_max} at the grant, § 9 letter {letter} permit, {settled}, "
            "less than {years} years in a municipality at the § 12 decision: right and duty to "
            "the programme and to career guidance."
        ),
        words=(
            "§ 8 første ledd: «Innvandrere mellom 18 og 55 år som har fått innvilget en "
            "oppholdstillatelse som nevnt i § 9, og som er bosatt i kommunen etter avtale med"
            " integreringsmyndighetene, har rett og plikt til å delta i "
            "introduksjonsprogram.»"
        ),
        instrument="LOV-2020-11-06-127",
        amendment=None,
    ),
    GroundRecord(
        ground=Ground.UNDETERMINED,
        condition=None,
        programme=ProgrammeOutcome.UNDETERMINED,
        guidance=GuidanceOutcome.UNDETERMINED,
        provisions=lambda letter, on: (),
        reason="",  # worded in rules._wording: it names the empty columns and both answers
        words="Contract, «What an empty cell means»: a fact the outcome turns on is empty; "
        "the reason names it and both answers.",
        instrument="LOV-2020-11-06-127",
    ),
)
"""Every ground, in the order the rules try them (the law's order)."""

RECORD: Mapping[Ground, GroundRecord] = {r.ground: r for r in RECORDS}
"""The record of each ground."""


def grounds_markdown(records: Sequence[GroundRecord] = RECORDS) -> str:
    """The docs' list of grounds: one table row per record, in the law's order."""
    rows = [
        "| ground | programme | career guidance | rests on | instrument | amendment |",
        "|---|---|---|---|---|---|",
    ]
    for r in records:
        words = r.words.replace("|", "\\|")
        rows.append(
            f"| `{r.ground.name.lower()}` | `{r.programme.value}` | `{r.guidance.value}` "
            f"| {words} | {r.instrument} | {r.amendment or ''} |"
        )
    return "\n".join(rows) + "\n"
