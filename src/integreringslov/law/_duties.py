"""The county authority's duties under integreringsloven (§ 4), as a typed catalogue.

§ 4 Fylkeskommunens ansvar, as promulgated (LOV-2020-11-06-127):

    «Fylkeskommunen er ansvarlig for det regionale integreringsarbeidet. Fylkeskommunen
    skal utarbeide planer for kvalifisering av innvandrere.» ¶ «Fylkeskommunen skal anbefale
    hvor mange flyktninger som bør bosettes i den enkelte kommune i fylket.» ¶
    «Fylkeskommunen skal sørge for tilbud om karriereveiledning etter § 11 og opplæring i
    norsk og samfunnskunnskap for deltagere som går fulltid i videregående opplæring etter
    § 30.» ¶ «Departementet kan gi forskrift om fylkeskommunens ansvar for det regionale
    integreringsarbeidet.»

The third ledd was reworded to end «… etter § 30 andre ledd.» by LOV-2023-06-09-24, in
force 2023-08-01 (FOR-2023-06-09-804). The wordings come from ``texts``.

>>> from datetime import date
>>> [d.key for d in county_duties(on=date(2022, 5, 16))][:3]
['regional-integration', 'qualification-plans', 'settlement-recommendation']
>>> str(county_duty("settlement-recommendation").provision)
'integreringsloven § 4 andre ledd'
"""

from __future__ import annotations

from datetime import date

import attrs

from integreringslov.law._provisions import Act, Provision
from integreringslov.law._texts import Wording, text, versions
from integreringslov.law._timeline import require_act_in_force

__all__ = ["CountyDuty", "county_duties", "county_duty"]


@attrs.frozen(kw_only=True)
class CountyDuty:
    """A duty of the county authority (*fylkeskommunens plikt*) and its legal basis."""

    key: str
    """A short stable identifier."""
    title: str
    """The duty in English, one line."""
    title_no: str = ""
    """The duty in bokmål, one line, for reports read in Norwegian."""
    provision: Provision
    """The provision that lays the duty on the county."""
    responsible: str
    """Who answers for the duty (the body, in Norwegian)."""
    related: tuple[Provision, ...] = ()
    """Provisions that give the duty its content (e.g. § 11 for career guidance)."""
    kind: str = "duty"
    """``"duty"``, or ``"regulation-power"`` for the ministry's power to regulate."""

    @property
    def texts(self) -> tuple[Wording, ...]:
        """The wordings of the provision over time, oldest first."""
        return versions(self.provision)

    def text(self, *, on: date) -> Wording:
        """The wording in force on ``on``; raises :class:`NotInForceError` before 2021."""
        require_act_in_force(on, f"the county duty {self.key!r}")
        return text(self.provision, on=on)


_THIRD_LEDD = Provision("§ 4", ledd=3)

CATALOGUE: tuple[CountyDuty, ...] = (
    CountyDuty(
        key="regional-integration",
        title="Regional integration work",
        title_no="Regionalt integreringsarbeid",
        provision=Provision("§ 4", ledd=1, punktum=1),
        responsible="fylkeskommunen",
        related=(Provision("§ 65", act=Act.INTEGRERINGSFORSKRIFTEN),),
    ),
    CountyDuty(
        key="qualification-plans",
        title="Plans for the qualification of immigrants",
        title_no="Planer for kvalifisering av innvandrere",
        provision=Provision("§ 4", ledd=1, punktum=2),
        responsible="fylkeskommunen",
    ),
    CountyDuty(
        key="settlement-recommendation",
        title="Recommend how many refugees each municipality in the county should settle",
        title_no="Anbefale hvor mange flyktninger som bør bosettes i den enkelte kommune i fylket",
        provision=Provision("§ 4", ledd=2),
        responsible="fylkeskommunen",
    ),
    CountyDuty(
        key="career-guidance",
        title="Offer career guidance (karriereveiledning) under § 11",
        title_no="Tilby karriereveiledning etter § 11",
        provision=_THIRD_LEDD,
        responsible="fylkeskommunen",
        related=(Provision("§ 11", ledd=1), Provision("§ 11", ledd=3)),
    ),
    CountyDuty(
        key="upper-secondary-language-training",
        title="Norwegian and social-studies training for full-time upper-secondary pupils",
        title_no="Opplæring i norsk og samfunnskunnskap for heltidselever i videregående opplæring",
        provision=_THIRD_LEDD,
        responsible="fylkeskommunen",
        related=(Provision("§ 30", ledd=2),),
    ),
    CountyDuty(
        key="regulation-power",
        title="The ministry may regulate the county's regional integration work",
        title_no="Departementet kan gi forskrift om fylkeskommunens regionale integreringsarbeid",
        provision=Provision("§ 4", ledd=4),
        responsible="departementet",
        kind="regulation-power",
    ),
)
"""Every modelled county duty, in the order of § 4."""


def county_duties(*, on: date) -> tuple[CountyDuty, ...]:
    """The county duties in force on ``on`` (all of § 4 since 2021-01-01)."""
    require_act_in_force(on, "§ 4")
    return CATALOGUE


def county_duty(key: str) -> CountyDuty:
    """The duty with the given key; :class:`KeyError` names the known keys."""
    for d in CATALOGUE:
        if d.key == key:
            return d
    raise KeyError(f"no county duty {key!r}; known: {', '.join(d.key for d in CATALOGUE)}")
