"""The demo report: one section per capability, built from the embedded data.

Each section is a function ``(on: date) -> Section``; :data:`SECTIONS` lists them in order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date

import attrs

from integreringslov import law, regions

__all__ = ["SECTIONS", "Section", "demo_report"]


@attrs.frozen(kw_only=True)
class Section:
    """A titled block of the report."""

    title: str
    """The heading."""
    body: str
    """Plain text, already laid out."""

    def render(self) -> str:
        """The section as text with an underlined heading."""
        return f"{self.title}\n{'=' * len(self.title)}\n{self.body}\n"


def regions_section(on: date) -> Section:
    """Counties and municipalities on the date, with the 2020 and 2024 reforms."""
    lines = []
    for d in (date(2020, 6, 1), date(2024, 6, 1)):
        ms = regions.municipalities(on=d)
        cs = regions.counties(on=d)
        lines.append(f"On {d.isoformat()}: {len(ms)} municipalities in {len(cs)} counties.")
    cs = regions.counties(on=max(on, regions.FIRST_MODELLED))
    per = Counter(m.county.code for m in regions.municipalities(on=max(on, regions.FIRST_MODELLED)))
    lines.append("")
    lines.append(f"{'county':<40} municipalities")
    for c in cs:
        lines.append(f"{c.code} {c.names[0]:<37} {per[c.code]:>5}")
    r = regions.resolve("1601", on=date(2020, 1, 1))
    lines.append("")
    lines.append(f"Old code 1601 (Trondheim before 2018) resolves to {', '.join(r.codes)}.")
    s = regions.resolve("5012", on=date(2020, 1, 1))
    lines.append(f"Old code 5012 (Snillfjord, split in 2020) resolves to {', '.join(s.codes)}.")
    lines.append(f"Source: {regions._registry().source}. {regions._registry().licence}.")
    return Section(title="Regions", body="\n".join(lines))


def timeline_section(on: date) -> Section:
    """The dated changes of integreringsloven and what is in force on the date."""
    lines = []
    for a in law.TIMELINE:
        when = a.in_force.isoformat() if a.in_force else "not in force"
        until = f" until {a.until.isoformat()}" if a.until else ""
        lines.append(f"{when:<12}{until:<17} {a.instrument:<26} {a.title}")
    lines.append("")
    keys = ", ".join(a.key for a in law.in_force(on))
    lines.append(f"In force on {on.isoformat()}: {keys}.")
    lines.append("")
    lines.append(f"The county's duties (§ 4) on {on.isoformat()}:")
    for d in law.county_duties(on=on):
        lines.append(f"  - {d.title} ({d.provision.short})")
    return Section(title="The law: integreringsloven over time", body="\n".join(lines))


SECTIONS: tuple[Callable[[date], Section], ...] = (timeline_section, regions_section)
"""The report's sections, in order."""


def demo_report(*, on: date) -> str:
    """The whole demo report as text."""
    head = f"integreringslov demo — the law applied on {on.isoformat()}\n"
    return head + "\n" + "\n".join(section(on).render() for section in SECTIONS)
