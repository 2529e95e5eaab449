"""The annual cycle (årshjul) of the settlement process, as dated milestones.

Almost nothing in the cycle is statutory: the act makes the county's recommendation a duty
(§ 4 andre ledd) but sets no date for it, and the other steps follow the cooperation
agreement (samarbeidsavtalen) and IMDi's practice. Each milestone therefore says what kind
of date it carries (:class:`DateKind`): a *known* date found in a source for that year, or a
*typical* date from earlier years' practice. Sources: law.md § 2.7.
"""

from __future__ import annotations

import enum
from datetime import date

import attrs

from integreringslov.law import Provision

__all__ = ["KNOWN_DATES", "DateKind", "Milestone", "annual_cycle"]


class DateKind(enum.Enum):
    """How firm a milestone's date is."""

    STATUTORY = "statutory"
    """Set by the act or a regulation (none of the settlement milestones is)."""
    KNOWN = "known"
    """The actual date for that year, from a cited source."""
    TYPICAL = "typical"
    """The usual timing in earlier years; not binding, and it varies."""


@attrs.frozen(kw_only=True)
class Milestone:
    """Milepæl i årshjulet — one step of the settlement year, with its window and deadline."""

    key: str
    """A stable identifier, e.g. ``request_letters``."""
    title: str
    """What happens, in English."""
    title_no: str
    """The Norwegian term."""
    start: date
    """Earliest date of the window (the date itself for a one-day event)."""
    deadline: date | None = None
    """The date by which it must be done, where there is one."""
    kind: DateKind = DateKind.TYPICAL
    """Whether the dates are statutory, known for that year, or typical."""
    basis: Provision | None = None
    """The provision that makes the step a legal duty, where one does."""
    source: str = ""
    """Where the timing comes from."""

    @property
    def end(self) -> date:
        """The last date of the window (the deadline, or the start)."""
        return self.deadline or self.start

    def open_on(self, on: date) -> bool:
        """True when ``on`` falls within the milestone's window."""
        return self.start <= on <= self.end


KNOWN_DATES: dict[tuple[int, str], tuple[date, date | None, str]] = {
    (2021, "request_letters"): (date(2020, 10, 30), None, "fjordabladet 2020-10-30"),
    (2022, "request_letters"): (date(2021, 11, 11), None, "IMDi 12.11.2021; vl.no 2021-11-11"),
    (2022, "revised_request"): (
        date(2022, 3, 18), date(2022, 3, 31), "IMDi 17.3.2022; TV2 2022-04 (answers by 31 March)"
    ),
    (2023, "request_letters"): (date(2022, 11, 25), None, "IMDi (law.md § 2.7)"),
    (2023, "revised_request"): (
        date(2023, 5, 1), date(2023, 8, 31), "regjeringen.no; avisenagder (35 000 → 38 000)"
    ),
    (2020, "municipal_decisions"): (
        date(2019, 11, 1), date(2019, 12, 20), "fjordabladet 2019-11-06"
    ),
    (2024, "municipal_decisions"): (date(2024, 1, 4), date(2024, 2, 25), "IMDi vedtak page"),
}  # fmt: skip
"""(settlement year, milestone key) → (start, deadline, source) where a source gives them."""


def annual_cycle(year: int) -> tuple[Milestone, ...]:
    """The milestones leading to and through settlement year ``year``, in date order.

    The cycle starts in the spring of the year before. Typical dates are used unless
    :data:`KNOWN_DATES` has the actual ones for that year.
    """
    prev = year - 1
    steps = [
        Milestone(
            key="national_need", title="National committee fixes next year's need",
            title_no="Nasjonalt utvalg fastsetter bosettingsbehovet",
            start=date(prev, 1, 1), deadline=date(prev, 4, 15),
            source="IMDi, mandate of Nasjonalt utvalg 2016–17 («innen 15. april»); later "
            "«innen rimelig tid» (veiviseren)",
        ),
        Milestone(
            key="county_recommendation", title="County recommends the distribution over its "
            "municipalities", title_no="Fylkeskommunens anbefaling",
            start=date(prev, 8, 1), deadline=date(prev, 10, 15), basis=Provision("§ 4", ledd=2),
            source="duty: integreringsloven § 4 andre ledd; no date in law — given «before the "
            "letters» (IMDi; vl.no 2021)",
        ),
        Milestone(
            key="request_letters", title="IMDi sends the requests (anmodning) for next year",
            title_no="IMDi sender anmodningsbrev",
            start=date(prev, 10, 25), deadline=date(prev, 11, 15),
            source="IMDi («i månedsskiftet oktober/november»); fjordingen 2017-10",
        ),
        Milestone(
            key="municipal_decisions", title="Municipal councils decide (vedtak)",
            title_no="Kommunestyret fatter vedtak om bosetting",
            start=date(prev, 11, 15), deadline=date(year, 2, 25),
            source="20 Dec 2019 for 2020 (fjordabladet); 25 Feb 2024 for 2024 (IMDi)",
        ),
        Milestone(
            key="state_budget", title="Storting fixes the quota of resettlement refugees",
            title_no="Stortinget vedtar kvoten av overføringsflyktninger i statsbudsjettet",
            start=date(prev, 10, 1), deadline=date(prev, 12, 20),
            source="steinkjer24 2021 (requests sent «med forbehold» before the budget)",
        ),
        Milestone(
            key="settlement", title="Settlement through the year (utsøking, bosetting)",
            title_no="Utsøking og bosetting", start=date(year, 1, 1), deadline=date(year, 12, 31),
            source="IMDi tildeling av bosettingskommune; «Behovet … gjelder for hele året»",
        ),
    ]  # fmt: skip
    out = []
    for m in steps:
        known = KNOWN_DATES.get((year, m.key))
        if known:
            start, deadline, source = known
            m = attrs.evolve(m, start=start, deadline=deadline, kind=DateKind.KNOWN, source=source)
        out.append(m)
    known_rev = KNOWN_DATES.get((year, "revised_request"))
    if known_rev:
        out.append(
            Milestone(
                key="revised_request", title="IMDi revises the request (justert anmodning)",
                title_no="Justert anmodning", start=known_rev[0], deadline=known_rev[1],
                kind=DateKind.KNOWN, source=known_rev[2],
            )
        )  # fmt: skip
    return tuple(sorted(out, key=lambda m: (m.start, m.key)))
