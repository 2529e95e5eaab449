"""The settlement section of the demo report.

A recommendation for Trøndelag 2022 and the settlement progress of May 2022.
"""

from __future__ import annotations

from datetime import date

from integreringslov._reporting.section import Section
from integreringslov.allocation import recommend
from integreringslov.settlement._cycle import annual_cycle
from integreringslov.settlement._reference import trondelag_2022_criteria, trondelag_2022_status

__all__ = ["demo_section"]


def demo_section(on: date) -> Section:
    """Trøndelag 2022: 3 790 by population vs IMDi's requests, and progress 9 → 16 May.

    The recommendation does not depend on ``on`` (it is the 2022 example); the date only
    selects which year's annual cycle is shown.
    """
    rec = recommend(
        3790, trondelag_2022_criteria(), criteria={"population": 1.0}, method="hamilton",
        minimum=10,
    )  # fmt: skip
    lines = [
        "Trøndelag 2022: the 3 790 refugees IMDi asked the county's 38 municipalities to "
        "settle, distributed by population (1 Jan 2021) alone, largest remainder, at least "
        "10 or nothing — compared with IMDi's actual requests.",
        "",
        rec.explain(top=3),
        "",
        f"{'kommune':<24}{'recommended':>12}{'requested':>10}{'deviation':>10}",
    ]
    dev = rec.deviations()
    for r in dev.head(8).itertuples(index=False):
        lines.append(
            f"{r.municipality} {r.name:<19}{r.recommended:>12}{r.requested:>10}{r.deviation:>+10}"
        )
    lines.append(f"... ({len(dev) - 8} more; largest deviations first)")
    lines.append(
        "Population alone gives Trondheim far more than IMDi asked of it (740): IMDi spread "
        "the 2022 request over all municipalities («styrt og spreidd»)."
    )
    start, end = trondelag_2022_status()[:2]
    lines += ["", "Settlement progress, Trøndelag (the county's figures):",
              start.progress_to(end).describe()]  # fmt: skip
    if end.age_shares is not None:
        a = end.age_shares
        lines.append(
            f"Age of the settled on {end.as_of.isoformat()}: 0–5 {a.children_0_5:.0%}, "
            f"6–15 {a.children_6_15:.0%}, 16–19 {a.youth_16_19:.1%}, adults {a.adults:.0%} "
            f"(sum {a.total:.3f}, as rounded on the slide)."
        )
    year = max(on.year, 2021)
    lines += ["", f"Annual cycle (årshjul) for settlement year {year}:"]
    for m in annual_cycle(year):
        until = f" – {m.deadline.isoformat()}" if m.deadline else ""
        lines.append(f"  {m.start.isoformat()}{until:<13} {m.title} [{m.kind.value}]")
    return Section(title="Settlement: the county's recommendation (§ 4 andre ledd)",
                   body="\n".join(lines))  # fmt: skip
