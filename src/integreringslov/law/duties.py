"""The county authority's duties under integreringsloven (§ 4), as a typed catalogue.

§ 4 Fylkeskommunens ansvar, as promulgated (LOV-2020-11-06-127):

    «Fylkeskommunen er ansvarlig for det regionale integreringsarbeidet. Fylkeskommunen
    skal utarbeide planer for kvalifisering av innvandrere.» ¶ «Fylkeskommunen skal anbefale
    hvor mange flyktninger som bør bosettes i den enkelte kommune i fylket.» ¶
    «Fylkeskommunen skal sørge for tilbud om karriereveiledning etter § 11 og opplæring i
    norsk og samfunnskunnskap for deltagere som går fulltid i videregående opplæring etter
    § 30.» ¶ «Departementet kan gi forskrift om fylkeskommunens ansvar for det regionale
    integreringsarbeidet.»

The third ledd was later reworded to end «… etter § 30 andre ledd.» (the consolidated text).

>>> from datetime import date
>>> [d.key for d in county_duties(on=date(2022, 5, 16))][:3]
['regional-integration', 'qualification-plans', 'settlement-recommendation']
>>> str(county_duty("settlement-recommendation").provision)
'integreringsloven § 4 andre ledd'
"""

from __future__ import annotations

from datetime import date

import attrs

from integreringslov.errors import NotInForceError
from integreringslov.law.provisions import Act, Provision
from integreringslov.law.timeline import covers, require_act_in_force

__all__ = ["CountyDuty", "DatedText", "county_duties", "county_duty"]

_START = date(2021, 1, 1)
_REWORDED = date(2023, 8, 1)


@attrs.frozen(kw_only=True)
class DatedText:
    """A wording of a provision and the period it held, ``[valid_from, valid_to)``."""

    text: str
    """The Norwegian text, verbatim."""
    valid_from: date
    """First day of this wording."""
    valid_to: date | None = None
    """First day of the next wording, or ``None``."""
    source: str = ""
    """Where the wording and its dates come from."""
    note: str = ""
    """Doubts about the dates, kept visible."""

    def covers(self, on: date) -> bool:
        """Whether this wording holds on ``on``."""
        return covers(self.valid_from, self.valid_to, on)


@attrs.frozen(kw_only=True)
class CountyDuty:
    """A duty of the county authority (*fylkeskommunens plikt*) and its legal basis."""

    key: str
    """A short stable identifier."""
    title: str
    """The duty in English, one line."""
    provision: Provision
    """The provision that lays the duty on the county."""
    responsible: str
    """Who answers for the duty (the body, in Norwegian)."""
    texts: tuple[DatedText, ...]
    """The wordings of the provision over time, oldest first."""
    related: tuple[Provision, ...] = ()
    """Provisions that give the duty its content (e.g. § 11 for career guidance)."""
    kind: str = "duty"
    """``"duty"``, or ``"regulation-power"`` for the ministry's power to regulate."""

    def text(self, *, on: date) -> DatedText:
        """The wording in force on ``on``; raises :class:`NotInForceError` before 2021."""
        require_act_in_force(on, f"the county duty {self.key!r}")
        for t in self.texts:
            if t.covers(on):
                return t
        raise NotInForceError(f"no wording of {self.provision} is modelled on {on.isoformat()}")


_S1 = "LOV-2020-11-06-127 as promulgated (Norsk Lovtidend)"

CATALOGUE: tuple[CountyDuty, ...] = (
    CountyDuty(
        key="regional-integration",
        title="Regional integration work",
        provision=Provision("§ 4", ledd=1, punktum=1),
        responsible="fylkeskommunen",
        texts=(
            DatedText(
                text="Fylkeskommunen er ansvarlig for det regionale integreringsarbeidet.",
                valid_from=_START,
                source=_S1,
            ),
        ),
        related=(Provision("§ 65", act=Act.INTEGRERINGSFORSKRIFTEN),),
    ),
    CountyDuty(
        key="qualification-plans",
        title="Plans for the qualification of immigrants",
        provision=Provision("§ 4", ledd=1, punktum=2),
        responsible="fylkeskommunen",
        texts=(
            DatedText(
                text="Fylkeskommunen skal utarbeide planer for kvalifisering av innvandrere.",
                valid_from=_START,
                source=_S1,
            ),
        ),
    ),
    CountyDuty(
        key="settlement-recommendation",
        title="Recommend how many refugees each municipality in the county should settle",
        provision=Provision("§ 4", ledd=2),
        responsible="fylkeskommunen",
        texts=(
            DatedText(
                text="Fylkeskommunen skal anbefale hvor mange flyktninger som bør bosettes i "
                "den enkelte kommune i fylket.",
                valid_from=_START,
                source=_S1,
            ),
        ),
    ),
    *(
        CountyDuty(
            key=key,
            title=title,
            provision=Provision("§ 4", ledd=3),
            responsible="fylkeskommunen",
            texts=(
                DatedText(
                    text="Fylkeskommunen skal sørge for tilbud om karriereveiledning etter § 11 "
                    "og opplæring i norsk og samfunnskunnskap for deltagere som går fulltid i "
                    "videregående opplæring etter § 30.",
                    valid_from=_START,
                    valid_to=_REWORDED,
                    source=_S1,
                ),
                DatedText(
                    text="Fylkeskommunen skal sørge for tilbud om karriereveiledning etter § 11 "
                    "og opplæring i norsk og samfunnskunnskap etter § 30 andre ledd.",
                    valid_from=_REWORDED,
                    source="consolidated text (norgeslover.no export of NL/lov/2020-11-06-127)",
                    note="The amending act (the 2023 «presiseringer», Prop. 73 L (2022–2023)) "
                    "was not found; IMDi reports its changes in force partly earlier and "
                    "partly on 1 August 2023. The date of this rewording is that assumption.",
                ),
            ),
            related=related,
        )
        for key, title, related in (
            (
                "career-guidance",
                "Offer career guidance (karriereveiledning) under § 11",
                (Provision("§ 11", ledd=1), Provision("§ 11", ledd=3)),
            ),
            (
                "upper-secondary-language-training",
                "Norwegian and social-studies training for full-time upper-secondary pupils",
                (Provision("§ 30", ledd=2),),
            ),
        )
    ),
    CountyDuty(
        key="regulation-power",
        title="The ministry may regulate the county's regional integration work",
        provision=Provision("§ 4", ledd=4),
        responsible="departementet",
        kind="regulation-power",
        texts=(
            DatedText(
                text="Departementet kan gi forskrift om fylkeskommunens ansvar for det "
                "regionale integreringsarbeidet.",
                valid_from=_START,
                source=_S1,
            ),
        ),
    ),
)
"""Every modelled county duty, in the order of § 4."""


def county_duties(*, on: date) -> tuple[CountyDuty, ...]:
    """The county duties in force on ``on`` (all of § 4 since 2021-01-01)."""
    require_act_in_force(on, "§ 4")
    return tuple(d for d in CATALOGUE if any(t.covers(on) for t in d.texts))


def county_duty(key: str) -> CountyDuty:
    """The duty with the given key; :class:`KeyError` names the known keys."""
    for d in CATALOGUE:
        if d.key == key:
            return d
    raise KeyError(f"no county duty {key!r}; known: {', '.join(d.key for d in CATALOGUE)}")
