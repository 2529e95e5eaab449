"""The dated history of integreringsloven: when each change entered into force.

Periods are half-open, ``[in_force, until)``. The act itself entered into force on
2021-01-01; asking about an earlier date raises :class:`~integreringslov.errors.NotInForceError`.

>>> from datetime import date
>>> [a.key for a in in_force(date(2022, 6, 15))]
['original', 'kapittel-6a', 'kapittel-6a-2022']
>>> is_in_force("work-30-hours", date(2025, 12, 31)), is_in_force("work-30-hours", date(2026, 1, 1))
(False, True)
>>> is_in_force("age-60", date(2030, 1, 1))
False
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Final

import attrs

from integreringslov._text.i18n import N_, tr
from integreringslov._text.privacy import printable
from integreringslov.errors import InvalidInputError, NotInForceError, Problem
from integreringslov.law._provisions import Act, Provision

__all__ = [
    "ACT_IN_FORCE",
    "KAPITTEL_6A_PERMITS_FROM",
    "SOURCES_END",
    "TIMELINE",
    "Amendment",
    "amendment",
    "beyond_sources",
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
"""Kapittel 6A covers § 34 permits granted from this date (FOR-2022-06-10-995 § 1 første
ledd, from 2024-07-01 FOR-2024-06-25-1217 § 1 første ledd)."""

SOURCES_END = date(2025, 11, 9)
"""The last day the library's legal sources cover (Lovdata's consolidated text of that day).

Changes enacted after this date — for example an act extending kapittel 6A beyond
2026-07-01, or a resolution putting the age-60 change into force — are not known to the
library. What it says about a later date is derived from the texts it has and the in-force
dates they fix, and says so (:func:`beyond_sources`).
"""


@attrs.frozen(kw_only=True)
class Amendment:
    """One dated change of the act: what changed, by which instrument, in force when.

    ``in_force`` is ``None`` for a change that has been passed but not put into force.
    ``until`` is the sunset of a temporary change (exclusive), or ``None``.
    """

    key: str
    """A short stable identifier, e.g. ``"kapittel-6a"``."""
    title: str
    """What the change does, in one line (English)."""
    title_no: str = ""
    """The same in bokmål, for reports read in Norwegian."""
    instrument: str
    """The act or regulation that made the change, e.g. ``LOV-2025-06-20-35``."""
    in_force: date | None
    """First day in force; ``None`` when not (yet) put into force."""
    until: date | None = None
    """First day no longer in force (sunset), or ``None``."""
    provisions: tuple[Provision, ...] = ()
    """The provisions the change introduced or reworded."""
    prop: str = ""
    """The bill and committee report (``Prop. 73 L (2022–2023)``, ``Innst. …``)."""
    commencement: str = ""
    """The resolution or clause that put it in force (``FOR-2023-06-09-804``, «straks»)."""
    source: str = ""
    """Where the dates come from, quoted from the primary text."""
    note: str = ""
    """Doubts and caveats, kept visible."""

    def covers(self, on: date) -> bool:
        """Whether the change is in force on ``on``."""
        return self.in_force is not None and covers(self.in_force, self.until, on)


def _p(section: str, **kw: object) -> Provision:
    return Provision(section, **kw)  # type: ignore[arg-type]


_6A_SECTIONS = ("§ 37 a", "§ 37 b", "§ 37 c", "§ 37 d", "§ 37 e")
_LOV_2025 = "LOV-2025-06-20-35 del I"
_PROP_2025 = "Prop. 81 L (2024–2025), Innst. 410 L (2024–2025)"

TIMELINE: tuple[Amendment, ...] = (
    Amendment(
        key="original",
        title="integreringsloven enters into force; introduksjonsloven (2003) is repealed",
        title_no="integreringsloven trer i kraft; introduksjonsloven (2003) oppheves",
        instrument="LOV-2020-11-06-127",
        in_force=ACT_IN_FORCE,
        provisions=(_p("§ 50"), _p("§ 51")),
        prop="Prop. 89 L (2019–2020)",
        commencement="FOR-2020-11-06-2247",
        source="res. 6. november 2020 nr. 2247: in force 1 January 2021",
        note="Applies to permits granted from 2021-01-01 and to permits granted abroad "
        "earlier with arrival from 2021-01-01 (§ 51, from 2022-08-01 § 52; "
        "integreringsforskriften § 72).",
    ),
    Amendment(
        key="kapittel-6a",
        title="Kapittel 6A: temporary rules for holders of collective protection "
        "(utlendingsloven § 34), the chapter as a whole",
        title_no="Kapittel 6A: midlertidige regler for personer med kollektiv beskyttelse "
        "(utlendingsloven § 34), kapitlet som helhet",
        instrument="LOV-2022-06-10-35 del IX",
        in_force=date(2022, 6, 15),
        until=date(2026, 7, 1),
        provisions=tuple(_p(s) for s in _6A_SECTIONS),
        prop="Prop. 107 L (2021–2022), Innst. 352 L (2021–2022)",
        commencement="FOR-2022-06-10-994",
        source="FOR-2022-06-10-994: «Loven trer i kraft 15. juni 2022.»; re-enacted the day "
        "its predecessor lapsed by LOV-2024-06-25-53 del X; LOV-2024-06-25-53 del XIII nr. 2: "
        "«Del II til XII i loven oppheves 1. juli 2026.»",
        note="In force without a gap from 2022-06-15 to 2026-07-01 in the versions below. "
        "Covers § 34 permits granted from 2022-03-11 (FOR-2022-06-10-995 § 1). After the "
        "repeal the ordinary rules (§ 9 første ledd bokstav e) apply. No extension was found "
        "in the sources, which end on 2025-11-09.",
    ),
    Amendment(
        key="kapittel-6a-2022",
        title="Kapittel 6A as first enacted (§§ 37 a–37 e): right, but not duty, to the "
        "programme and to career guidance for § 34 holders",
        title_no="Kapittel 6A slik det først ble vedtatt (§§ 37 a–37 e): rett, men ikke plikt, til "
        "programmet og til karriereveiledning for personer med tillatelse etter § 34",
        instrument="LOV-2022-06-10-35 del IX",
        in_force=date(2022, 6, 15),
        until=date(2024, 7, 1),
        provisions=tuple(_p(s) for s in _6A_SECTIONS),
        prop="Prop. 107 L (2021–2022), Innst. 352 L (2021–2022)",
        commencement="FOR-2022-06-10-994",
        source="FOR-2022-06-10-994; sunset first 1 July 2023 (del XI nr. 2), moved to "
        "1 July 2024 by LOV-2023-06-02-17 («Del III til X a i loven oppheves 1. juli 2024»)",
    ),
    Amendment(
        key="renumbering-2022",
        title="New § 50 «Samarbeid og samordning»; §§ 50–52 become §§ 51–53, so "
        "§ 51 Overgangsregler is cited as § 52",
        title_no="Ny § 50 «Samarbeid og samordning»; §§ 50–52 blir §§ 51–53, så "
        "§ 51 Overgangsregler siteres som § 52",
        instrument="LOV-2021-06-11-78 del XIV",
        in_force=date(2022, 8, 1),
        provisions=(_p("§ 50"), _p("§ 51"), _p("§ 52")),
        prop="Prop. 100 L (2020–2021), Innst. 581 L (2020–2021)",
        commencement="FOR-2022-05-20-871",
        source="FOR-2022-05-20-871; Lovdata notes on §§ 51 and 52: «tidligere § 50», "
        "«tidligere § 51»",
        note="Renumbering only: the texts of the transitional rule and of the commencement "
        "clause are unchanged.",
    ),
    Amendment(
        key="kapittel-6a-2023",
        title="Kapittel 6A extended to 2024-07-01; § 37 b andre ledd (duty to the competence "
        "survey for § 37 c participants) and § 37 c femte ledd reworded",
        title_no="Kapittel 6A forlenget til 1. juli 2024; § 37 b andre ledd (plikt til "
        "kompetansekartlegging for deltakere etter § 37 c) og § 37 c femte ledd endret",
        instrument="LOV-2023-06-02-17",
        in_force=date(2023, 6, 2),
        until=date(2024, 7, 1),
        provisions=(_p("§ 37 b", ledd=2), _p("§ 37 c", ledd=5)),
        prop="Prop. 90 L (2022–2023), Innst. 363 L (2022–2023)",
        commencement="«trer i kraft straks» (kunngjort 2023-06-02)",
        source="LOV-2023-06-02-17 (I kraft fra 2023-06-02)",
    ),
    Amendment(
        key="section-37f-2023",
        title="Temporary § 37 f: sharing competence data of § 34 holders",
        title_no="Midlertidig § 37 f: deling av kompetanseopplysninger om personer med tillatelse "
        "etter § 34",
        instrument="LOV-2023-06-09-25",
        in_force=date(2023, 6, 9),
        until=date(2024, 7, 1),
        provisions=(_p("§ 37 f"),),
        prop="Prop. 110 L (2022–2023), Innst. 424 L (2022–2023)",
        commencement="«trer i kraft straks»",
        source="LOV-2023-06-09-25: «Loven oppheves 1. juli 2024»; re-enacted by LOV-2024-06-25-53",
    ),
    Amendment(
        key="presiseringer-2023",
        title="The 2023 «presiseringer»: § 4 tredje ledd, § 8 andre ledd (new second "
        "sentence, letter a after letter f), § 9 første ledd bokstav d, new § 9 andre ledd "
        "(family of permanent residents); old § 9 andre ledd becomes tredje ledd",
        title_no="«Presiseringene» fra 2023: § 4 tredje ledd, § 8 andre ledd (nytt andre punktum, "
        "bokstav a etter bokstav f), § 9 første ledd bokstav d, ny § 9 andre ledd (familie "
        "til personer med permanent oppholdstillatelse); tidligere § 9 andre ledd blir "
        "tredje ledd",
        instrument="LOV-2023-06-09-24 del I",
        in_force=date(2023, 8, 1),
        provisions=(
            _p("§ 4", ledd=3),
            _p("§ 8", ledd=2, punktum=2),
            _p("§ 9", ledd=1, letter="d"),
            _p("§ 9", ledd=2),
            _p("§ 9", ledd=3),
        ),
        prop="Prop. 73 L (2022–2023), Innst. 399 L (2022–2023)",
        commencement="FOR-2023-06-09-804",
        source="FOR-2023-06-09-804: «Loven trer i kraft 1. august 2023.»",
    ),
    Amendment(
        key="kapittel-6a-2024",
        title="Kapittel 6A re-enacted (§§ 37 a–37 f): the municipality may refuse a person "
        "in near-full-time work; kapittel 5 (stønad) applies; repealed 2026-07-01",
        title_no="Kapittel 6A vedtatt på nytt (§§ 37 a–37 f): kommunen kan avslå en person i "
        "tilnærmet heltidsarbeid; kapittel 5 (stønad) gjelder; oppheves 1. juli 2026",
        instrument="LOV-2024-06-25-53 del X",
        in_force=date(2024, 7, 1),
        until=date(2026, 7, 1),
        provisions=(*(_p(s) for s in _6A_SECTIONS), _p("§ 37 f")),
        prop="Prop. 72 L (2023–2024), Innst. 430 L (2023–2024)",
        commencement="FOR-2024-06-25-1212",
        source="FOR-2024-06-25-1212: «Loven trer i kraft 1. juli 2024.»; del XIII nr. 2: "
        "«Del II til XII i loven oppheves 1. juli 2026.»; transitional rules "
        "FOR-2024-06-25-1217",
    ),
    Amendment(
        key="lov-2025-immediate",
        title="LOV-2025-06-20-35, first part: § 1 («stabil»), § 12 andre ledd (claim for the "
        "programme), § 30 andre ledd første punktum, § 48",
        title_no="LOV-2025-06-20-35, første del: § 1 («stabil»), § 12 andre ledd (krav om "
        "programmet), § 30 andre ledd første punktum, § 48",
        instrument=_LOV_2025,
        in_force=date(2025, 6, 20),
        provisions=(
            _p("§ 1", ledd=1, punktum=2),
            _p("§ 12", ledd=2),
            _p("§ 30", ledd=2, punktum=1),
            _p("§ 48"),
        ),
        prop=_PROP_2025,
        commencement="FOR-2025-06-20-1102",
        source="FOR-2025-06-20-1102: «Følgende trer i kraft straks»",
    ),
    Amendment(
        key="work-30-hours",
        title="LOV-2025-06-20-35, main part: § 8 fjerde ledd (work of at least 30 hours a "
        "week) and femte ledd (Nordic/EEA), § 11 fjerde ledd, § 12 tredje ledd repealed, "
        "new §§ 12 a, 13, 14, 14 a, 18 a, 18 b",
        title_no="LOV-2025-06-20-35, hoveddelen: § 8 fjerde ledd (arbeid minst 30 timer i uken) og "
        "femte ledd (nordiske borgere/EØS), § 11 fjerde ledd, § 12 tredje ledd opphevet, "
        "nye §§ 12 a, 13, 14, 14 a, 18 a, 18 b",
        instrument=_LOV_2025,
        in_force=date(2026, 1, 1),
        provisions=(
            _p("§ 8", ledd=4),
            _p("§ 8", ledd=5),
            _p("§ 11", ledd=4),
            _p("§ 12", ledd=3),
            _p("§ 12 a"),
            _p("§ 13"),
            _p("§ 14"),
            _p("§ 14 a"),
            _p("§ 18 a"),
            _p("§ 18 b"),
        ),
        prop=_PROP_2025,
        commencement="FOR-2025-06-20-1102",
        source="FOR-2025-06-20-1102: «Følgende trer i kraft 1. januar 2026: Øvrige "
        "bestemmelser i endringsloven del I med unntak av § 8 første ledd første punktum og "
        "§ 8 tredje ledd første punktum.»",
    ),
    Amendment(
        key="section-37c-2026",
        title="§ 37 c replaced: only the samfunnskunnskap element of § 14 a does not apply to "
        "§ 34 holders; the «rett, men ikke plikt» to the programme is gone",
        title_no="§ 37 c erstattet: bare samfunnskunnskapselementet i § 14 a gjelder ikke for "
        "personer med tillatelse etter § 34; «rett, men ikke plikt» til programmet faller "
        "bort",
        instrument=_LOV_2025,
        in_force=date(2026, 1, 1),
        until=date(2026, 7, 1),
        provisions=(_p("§ 37 c"), _p("§ 37 e", ledd=1, letter="d")),
        prop=_PROP_2025,
        commencement="FOR-2025-06-20-1102",
        source="LOV-2025-06-20-35 del I: «§ 37 c skal lyde: … Bestemmelsene i § 14 a første "
        "ledd bokstav c … gjelder ikke for personer som har fått oppholdstillatelse etter "
        "utlendingsloven § 34.»; repealed with the chapter on 2026-07-01",
        note="§ 37 b tredje ledd (career guidance as a right) was not amended and runs until "
        "the chapter is repealed.",
    ),
    Amendment(
        key="forskrift-43h-2026",
        title="integreringsforskriften § 43h: former § 34 holders decided under kapittel 6A "
        "get no new rights or duties on changing permit, and may finish their programme",
        title_no="integreringsforskriften § 43h: tidligere § 34-innehavere med vedtak etter "
        "kapittel 6A får ingen nye rettigheter eller plikter ved bytte av tillatelse, og kan "
        "fullføre programmet",
        instrument="FOR-2025-09-17-1909",
        in_force=date(2026, 1, 1),
        until=date(2026, 7, 1),
        provisions=(_p("§ 43h", act=Act.INTEGRERINGSFORSKRIFTEN),),
        commencement="FOR-2025-09-17-1909",
        source="FOR-2025-09-17-1909: in force 1 January 2026; «Paragraf 43h oppheves "
        "1. juli 2026.»",
    ),
    Amendment(
        key="age-60",
        title="Upper age limit of § 8 raised from 55 to 60 («fra og med 18 til og med 60 år»)",
        title_no="Øvre aldersgrense i § 8 heves fra 55 til 60 år "
        "(«fra og med 18 til og med 60 år»)",
        instrument=_LOV_2025,
        in_force=None,
        provisions=(_p("§ 8", ledd=1, punktum=1), _p("§ 8", ledd=3, punktum=1)),
        prop=_PROP_2025,
        source="FOR-2025-06-20-1102 excepts § 8 første ledd første punktum and tredje ledd "
        "første punktum from commencement; Lovdata (2025-11-09): «i kraft fra den tid Kongen "
        "bestemmer»",
        note="Passed but not in force; no commencement resolution in the sources (to "
        "2025-11-09). The limit stays 55.",
    ),
)
"""Every modelled change of the act, in order of entry into force."""


AN_ASSESSMENT: Final = N_("an assessment")
"""What :func:`require_act_in_force` refuses for the rules (``what=``), as a message id."""


def require_act_in_force(on: date, what: str = "integreringsloven") -> None:
    """Raise :class:`NotInForceError` if ``on`` is before the act entered into force.

    ``what`` is what is refused: a message id (:data:`AN_ASSESSMENT`) or a name, told in
    the spoken language.

    ``on`` must be a :class:`datetime.date`: text (``"2024-06-01"``), a
    :class:`~datetime.datetime` or a pandas ``Timestamp`` raise
    :class:`~integreringslov.errors.InvalidInputError` saying so, never a ``TypeError``
    from a comparison. (A time of day would be cut off without a word, and a text date
    has more than one reading.)
    """
    if isinstance(on, datetime) or not isinstance(on, date):
        shown = printable(str(on))
        raise InvalidInputError(
            [
                Problem(
                    message=tr(
                        "on= takes a date (datetime.date), not {kind}",
                        kind=type(on).__name__,
                    ),
                    value=shown if len(shown) <= 60 else shown[:59] + "…",
                    expected=tr(
                        'a date, such as date(2024, 6, 1) or date.fromisoformat("2024-06-01")'
                    ),
                    check="date_type",
                )
            ],
            what=tr(what),
        )
    if on < ACT_IN_FORCE:
        raise NotInForceError(
            tr(
                "{what} is not modelled on {on}: integreringsloven entered into force on {act}",
                what=tr(what),
                on=on,
                act=ACT_IN_FORCE,
            )
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


def beyond_sources(on: date) -> str | None:
    """A caveat for dates after :data:`SOURCES_END`, or ``None`` for dates it covers.

    >>> beyond_sources(date(2025, 11, 9)) is None
    True
    >>> beyond_sources(date(2026, 11, 29))[:57]
    "2026-11-29 is after 2025-11-09, where the library's legal"
    """
    if on <= SOURCES_END:
        return None
    return (
        f"{on.isoformat()} is after {SOURCES_END.isoformat()}, where the library's legal "
        "sources end: later changes (for example an act extending kapittel 6A, or the "
        "age-60 change being put in force) are not known to it."
    )


def change_dates() -> tuple[date, ...]:
    """Every date on which the modelled law changes (entries into force and sunsets)."""
    dates = {d for a in TIMELINE for d in (a.in_force, a.until) if d is not None}
    return tuple(sorted(dates))
