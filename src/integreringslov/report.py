"""The demo report: one section per capability, built from the data shipped with the library.

Each section is a function ``(on: date) -> Section``; :data:`SECTIONS` lists them in order:
regions, the law over time, an assessed example caseload, an imported SSB sample, and the
county's settlement recommendation with settlement progress. The eligibility and settlement
sections live next to their capability, as ``demo_section(on)`` in
``integreringslov.rules.demo`` and ``integreringslov.settlement.demo``; they are imported
inside the section functions because those modules import :class:`Section` from here.

The same report renders as text (:func:`demo_report`) or as a small web page with figures
(:func:`write_html`, which needs the ``plot`` extra).

>>> from datetime import date
>>> print(demo_report(on=date(2026, 1, 1)).splitlines()[0])
integreringslov demo — the law applied on 2026-01-01
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from importlib.resources import as_file, files
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from integreringslov import law, regions

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

    from integreringslov.plugins import Imported

__all__ = [
    "DEMO_DATE",
    "FIGURES",
    "SAMPLE",
    "SECTIONS",
    "Section",
    "demo_report",
    "eligibility_section",
    "figures",
    "imported_sample_section",
    "recommendation_figure",
    "regions_section",
    "sections",
    "settlement_section",
    "timeline_section",
    "write_html",
]


DEMO_DATE = date(2026, 1, 1)
"""The date ``integreringslov demo`` applies the law on unless ``--on`` says otherwise."""

SAMPLE = "trondelag_2021_innvandrere_alder_verdensregion.json"
"""The SSB file (JSON-stat 2.0) in ``integreringslov/data`` that the demo imports:
immigrants and Norwegian-born to immigrant parents in Trøndelag, 1 January 2021, by world
region of country background and age group."""


def _thousands(n: int) -> str:
    """``60329`` → ``'60 329'`` (Norwegian grouping, with a plain space)."""
    return f"{n:,}".replace(",", " ")


@attrs.frozen(kw_only=True)
class Section:
    """A titled block of the report."""

    title: str
    """The heading."""
    body: str
    """Plain text, already laid out."""
    figures: tuple[str, ...] = ()
    """Keys of :data:`FIGURES` to show after the text in the HTML report."""

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
    lines.append(regions.provenance())
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


def eligibility_section(on: date) -> Section:
    """An example caseload assessed on the date, with reasons (``integreringslov.rules.demo``)."""
    from integreringslov.rules.demo import demo_section

    return demo_section(on)


# -- the imported sample ---------------------------------------------------------------


def _import_sample() -> Imported:
    """Read :data:`SAMPLE` with :func:`integreringslov.read`; the report names the file only."""
    import integreringslov as il

    with as_file(files("integreringslov.data").joinpath(SAMPLE)) as path:
        imported = il.read(path)
    imported.report.raise_for_problems()
    # The report names the file by its full path, which depends on the installation.
    return attrs.evolve(imported, report=attrs.evolve(imported.report, source=SAMPLE))


def _sample_table() -> tuple[Imported, pd.DataFrame]:
    """The imported sample and its age × world-region table."""
    from integreringslov.schemas.statistics import (
        age_by_world_region,
        immigrant_population_from_ssb,
    )

    imported = _import_sample()
    population = immigrant_population_from_ssb(imported.table, source=SAMPLE)
    return imported, age_by_world_region(population)


def imported_sample_section(on: date) -> Section:
    """SSB's 2021 figures for Trøndelag, imported from the shipped JSON-stat file.

    The file is read with :func:`integreringslov.read` (the importer is detected), turned
    into the immigrant population table and laid out as world regions × age groups.
    ``on`` does not change it (the figures are those of 1 January 2021).
    """
    imported, table = _sample_table()
    info = imported.importer
    ages = [c for c in table.columns if c != "world_region"]
    head = f"{'world region':<24}" + "".join(f"{a:>7}" for a in ages) + f"{'total':>8}"
    lines = [
        "An SSB file shipped in integreringslov/data, read with integreringslov.read:",
        f"  file:       {SAMPLE} (JSON-stat 2.0)",
        f"  importer:   {info.name} — {info.title} ({info.publisher})",
        f"  validation: {imported.report.to_text().splitlines()[0]}",
        f"  converted with immigrant_population_from_ssb to {len(imported.table)} rows of "
        "ImmigrantPopulation,",
        "  then laid out by world region of country background × age group:",
        "",
        "Immigrants and Norwegian-born to immigrant parents, Trøndelag, 1 January 2021",
        head,
    ]
    for row in table.itertuples(index=False):
        values = [int(v) for v in row[1:]]
        lines.append(f"{row[0]:<24}" + "".join(f"{v:>7}" for v in values) + f"{sum(values):>8}")
    total = int(table.loc[table["world_region"] == "Total", ages].to_numpy().sum())
    lines += [
        "",
        f"In all {_thousands(total)} persons.",
        "Kilde: Statistisk sentralbyrå (CC BY 4.0), as shown by Trøndelag fylkeskommune (2022).",
    ]
    return Section(
        title="Imported sample: SSB's immigrant population of Trøndelag, 2021",
        body="\n".join(lines),
        figures=("age-by-world-region",),
    )


def settlement_section(on: date) -> Section:
    """Trøndelag 2022: a recommendation with its explanation, and settlement progress.

    From ``integreringslov.settlement.demo``, with the source of its figures (IMDi's).
    """
    from integreringslov.settlement.demo import demo_section

    section = demo_section(on)
    credit = (
        "Kilde: IMDi (NLOD 2.0). The requests, decisions and settled persons per municipality "
        "are IMDi's settlement statistics for 2022; the May 2022 progress is IMDi's figures as "
        "reported by Trøndelag fylkeskommune."
    )
    return attrs.evolve(
        section,
        body=f"{section.body}\n\n{credit}",
        figures=(*section.figures, "recommendation", "settlement-progress"),
    )


SECTIONS: tuple[Callable[[date], Section], ...] = (
    regions_section,
    timeline_section,
    eligibility_section,
    imported_sample_section,
    settlement_section,
)
"""The report's sections, in order."""


def sections(*, on: date) -> list[Section]:
    """The sections of the report on ``on``."""
    return [make(on) for make in SECTIONS]


def demo_report(*, on: date) -> str:
    """The whole demo report as text."""
    head = f"integreringslov demo — the law applied on {on.isoformat()}\n"
    return head + "\n" + "\n".join(s.render() for s in sections(on=on))


# -- figures -------------------------------------------------------------------------


def _age_figure(on: date) -> Figure:
    from integreringslov import plots

    _, table = _sample_table()
    return plots.age_by_world_region(
        table,
        title="Trøndelag, 1 January 2021: immigrants and Norwegian-born to immigrant\n"
        "parents, by age group and world region of country background",
    )


def _settlement_figure(on: date) -> Figure:
    import pandas as pd

    from integreringslov import plots
    from integreringslov.settlement.reference import trondelag_2022_status

    snapshots = trondelag_2022_status()
    table = pd.DataFrame(
        {
            "as_of": [pd.Timestamp(s.as_of) for s in snapshots],
            "requested": [s.requested for s in snapshots],
            "settled": [s.settled for s in snapshots],
            "assigned_municipality": [s.assigned_municipality for s in snapshots],
            "career_guidance": [s.career_guidance for s in snapshots],
        }
    )
    return plots.settlement_progress(
        table,
        title="Trøndelag (county 50), settlement in May 2022",
        source="Kilde: IMDi, as reported by Trøndelag fylkeskommune",
    )


def recommendation_figure(on: date | None = None) -> Figure:
    """Trøndelag 2022: a population-based recommendation against IMDi's actual requests.

    ``on`` is accepted for the signature of :data:`FIGURES` and not used (the figure is the
    2022 example).
    """
    from integreringslov import plots

    return plots.recommendation_against_request(
        _recommendation_table(),
        title="Trøndelag 2022: 3 790 refugees by population (largest remainder, at least 10)\n"
        "against IMDi's actual requests",
    )


def _recommendation_table() -> pd.DataFrame:
    """Trøndelag 2022 by population against IMDi's requests, largest request first."""
    from integreringslov.allocation import recommend
    from integreringslov.settlement.reference import trondelag_2022_criteria

    rec = recommend(
        3790,
        trondelag_2022_criteria(),
        criteria={"population": 1.0},
        method="hamilton",
        minimum=10,
    )
    table: pd.DataFrame = rec.deviations()
    return table.sort_values(["requested", "name"], ascending=[False, True]).reset_index(drop=True)


FIGURES: dict[str, tuple[str, Callable[[date], Figure]]] = {
    "age-by-world-region": (
        "Trøndelag's immigrant population by age and world region (imported from SSB's file)",
        _age_figure,
    ),
    "recommendation": ("Recommendation against IMDi's requests", recommendation_figure),
    "settlement-progress": ("Settlement progress, May 2022", _settlement_figure),
}
"""Every figure of the HTML report: key → (caption, function of the date)."""


def figures(*, on: date) -> Iterator[tuple[str, str, Figure]]:
    """``(key, caption, figure)`` for each figure of the report on ``on``."""
    for key, (caption, make) in FIGURES.items():
        yield key, caption, make(on)


# -- HTML ----------------------------------------------------------------------------

_CSS = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #222; line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; border-bottom: 1px solid #ddd; }
pre { background: #f6f6f6; padding: .75rem; overflow-x: auto; font-size: .85rem; }
figure { margin: 1rem 0; } figure img { max-width: 100%; }
figcaption { font-size: .85rem; color: #555; }
footer { margin-top: 3rem; font-size: .8rem; color: #666; }
"""


def write_html(directory: str | Path, *, on: date) -> Path:
    """Write the report as ``index.html`` with its figures (PNG) into ``directory``.

    Returns the path of ``index.html``. Needs matplotlib (the ``plot`` extra); without it
    :class:`~integreringslov.errors.MissingExtraError` names the extra to install.
    """
    from integreringslov import plots
    from integreringslov.errors import MissingExtraError

    try:
        import matplotlib  # noqa: F401
    except ImportError as exc:
        raise MissingExtraError("plot", "matplotlib", "The HTML report (demo --html)") from exc

    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    drawn: dict[str, str] = {}
    for key, caption, fig in figures(on=on):
        plots.save(fig, out / f"{key}.png")
        drawn[key] = caption
    title = f"integreringslov demo — the law applied on {on.isoformat()}"
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
    ]
    shown: set[str] = set()
    for section in sections(on=on):
        parts.append(f"<section><h2>{html.escape(section.title)}</h2>")
        parts.append(f"<pre>{html.escape(section.body)}</pre>")
        for key in section.figures:
            if key in drawn and key not in shown:
                parts.append(_figure_html(key, drawn[key]))
                shown.add(key)
        parts.append("</section>")
    rest = [k for k in drawn if k not in shown]
    if rest:
        parts.append("<section><h2>Figures</h2>")
        parts.extend(_figure_html(k, drawn[k]) for k in rest)
        parts.append("</section>")
    parts.append(
        "<footer>Region codes and population: «Kilde: Statistisk sentralbyrå» (CC BY 4.0). "
        "Settlement figures: IMDi (NLOD 2.0). Law text: Lovdata.</footer></body></html>"
    )
    index = out / "index.html"
    index.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return index


def _figure_html(key: str, caption: str) -> str:
    return (
        f'<figure><img src="{html.escape(key)}.png" alt="{html.escape(caption)}">'
        f"<figcaption>{html.escape(caption)}</figcaption></figure>"
    )
