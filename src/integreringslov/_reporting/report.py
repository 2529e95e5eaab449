"""The demo report: one section per capability, built from the data shipped with the library.

Each section is a function ``(on: date) -> Section``; :data:`SECTIONS` lists them in order:
regions, the law over time, an assessed example caseload, an imported SSB sample, and the
county's settlement recommendation with settlement progress. The eligibility and settlement
sections live next to their capability, as ``demo_section(on)`` in
the demo modules of this package.

The same report renders as text (:func:`demo_report`) or as a small web page with figures
(:func:`write_html`, which needs the ``plot`` extra).

>>> from datetime import date
>>> print(demo_report(on=date(2026, 1, 1)).splitlines()[0])
integreringslov demo — the law applied on 2026-01-01
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from importlib.resources import as_file, files
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from integreringslov import law, regions
from integreringslov._reporting.html import day
from integreringslov._reporting.section import Section
from integreringslov._text import i18n
from integreringslov._text.i18n import OUTCOME_LABELS, Lang

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

    from integreringslov._reporting.html import Block
    from integreringslov.plugins import Imported

__all__ = [
    "DEMO_DATE",
    "FIGURES",
    "OUTCOME_LABELS",
    "SAMPLE",
    "SECTIONS",
    "Section",
    "demo_blocks",
    "demo_report",
    "demo_title",
    "eligibility_section",
    "figures",
    "imported_sample_section",
    "outcome_label",
    "recommendation_figure",
    "regions_section",
    "sections",
    "settlement_section",
    "timeline_section",
    "write_html",
]


def outcome_label(code: str, lang: Lang | None) -> str:
    """The label of an outcome code in ``lang``; the code itself when ``lang`` is ``None``.

    >>> outcome_label("right_and_duty", "nb"), outcome_label("may_offer", None)
    ('rett og plikt', 'may_offer')
    """
    if lang is None or code not in OUTCOME_LABELS:
        return code
    return i18n.outcome_label(code, lang)


DEMO_DATE = date(2026, 1, 1)
"""The date ``integreringslov demo`` applies the law on unless ``--on`` says otherwise."""

SAMPLE = "trondelag_2021_innvandrere_alder_verdensregion.json"
"""The SSB file (JSON-stat 2.0) in ``integreringslov/data`` that the demo imports:
immigrants and Norwegian-born to immigrant parents in Trøndelag, 1 January 2021, by world
region of country background and age group."""


def _thousands(n: int) -> str:
    """``60329`` → ``'60 329'`` (Norwegian grouping, with a plain space)."""
    return f"{n:,}".replace(",", " ")


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
    """An example caseload assessed on the date, with reasons."""
    from integreringslov._reporting.demo_rules import demo_section

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
    from integreringslov.tables.statistics import (
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

    From ``integreringslov._reporting.demo_settlement``, with the source of its figures (IMDi's).
    """
    from integreringslov._reporting.demo_settlement import demo_section

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


def _age_figure(on: date, lang: Lang = "en") -> Figure:
    from integreringslov._reporting import plots

    _, table = _sample_table()
    title = (
        "Trøndelag, 1. januar 2021: innvandrere og norskfødte med innvandrerforeldre,\n"
        "etter aldersgruppe og landbakgrunn (verdensregion)"
        if lang == "nb"
        else "Trøndelag, 1 January 2021: immigrants and Norwegian-born to immigrant\n"
        "parents, by age group and world region of country background"
    )
    return plots.age_by_world_region(table, title=title, lang=lang)


def _settlement_figure(on: date, lang: Lang = "en") -> Figure:
    import pandas as pd

    from integreringslov._reporting import plots
    from integreringslov.settlement._reference import trondelag_2022_status

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
        title=_dw("progress_figure", lang),
        source="Kilde: IMDi, "
        + (
            "som rapportert av Trøndelag fylkeskommune"
            if lang == "nb"
            else "as reported by Trøndelag fylkeskommune"
        ),
        lang=lang,
    )


def recommendation_figure(on: date | None = None) -> Figure:
    """Trøndelag 2022: a population-based recommendation against IMDi's actual requests.

    ``on`` is accepted for the signature of :data:`FIGURES` and not used (the figure is the
    2022 example).
    """
    from integreringslov._reporting import plots

    return plots.recommendation_against_request(
        _recommendation_table(),
        title="Trøndelag 2022: 3 790 refugees by population (largest remainder, at least 10)\n"
        "against IMDi's actual requests",
    )


def _recommendation_table() -> pd.DataFrame:
    """Trøndelag 2022 by population against IMDi's requests, largest request first."""
    from integreringslov.allocation import recommend
    from integreringslov.settlement._reference import trondelag_2022_criteria

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

_DEMO_WORDS: dict[str, dict[Lang, str]] = {
    "title": {"nb": "integreringslov demo — loven anvendt per {on}",
              "en": "integreringslov demo — the law applied on {on}"},
    "regions": {"nb": "Fylker og kommuner", "en": "Counties and municipalities"},
    "divisions": {"nb": "Per {day}: {m} kommuner i {c} fylker.",
                  "en": "On {day}: {m} municipalities in {c} counties."},
    "old_codes": {"nb": "Gammelt kommunenummer 1601 (Trondheim før 2018) tilsvarer {a}; 5012 "
                        "(Snillfjord, delt i 2020) tilsvarer {b}.",
                  "en": "Old code 1601 (Trondheim before 2018) resolves to {a}; 5012 "
                        "(Snillfjord, split in 2020) resolves to {b}."},
    "county": {"nb": "Fylke", "en": "County"},
    "count": {"nb": "Kommuner", "en": "Municipalities"},
    "counties_on": {"nb": "Fylker per {day}", "en": "Counties on {day}"},
    "law": {"nb": "Loven: integreringsloven over tid",
            "en": "The law: integreringsloven over time"},
    "in_force": {"nb": "I kraft", "en": "In force"},
    "until": {"nb": "Til", "en": "Until"},
    "instrument": {"nb": "Kilde", "en": "Instrument"},
    "change": {"nb": "Endring", "en": "Change"},
    "changes": {"nb": "Endringer i loven", "en": "Changes of the act"},
    "not_in_force": {"nb": "ikke i kraft", "en": "not in force"},
    "duties": {"nb": "Fylkeskommunens oppgaver (§ 4) per {day}: {duties}.",
               "en": "The county's duties (§ 4) on {day}: {duties}."},
    "eligibility": {"nb": "Rett og plikt: introduksjonsprogram og karriereveiledning",
                    "en": "Eligibility: introduction programme and career guidance"},
    "assessed": {"nb": "{n} oppdiktede personer vurdert per {day} etter integreringsloven "
                       "§§ 8–9, § 11 og kapittel 6A.",
                 "en": "{n} made-up persons assessed on {day} under integreringsloven §§ 8–9, "
                       "§ 11 and kapittel 6A."},
    "person": {"nb": "Person", "en": "Person"},
    "letter": {"nb": "Bokstav (§ 9)", "en": "Letter (§ 9)"},
    "programme": {"nb": "Introduksjonsprogram", "en": "Introduction programme"},
    "guidance": {"nb": "Karriereveiledning", "en": "Career guidance"},
    "basis": {"nb": "Hjemmel", "en": "Basis"},
    "reason": {"nb": "Begrunnelse", "en": "Reason"},
    "outcomes": {"nb": "Vurdering per person", "en": "Assessment per person"},
    "sample": {"nb": "Importert fra SSB: innvandrere i Trøndelag 2021",
               "en": "Imported from SSB: immigrants in Trøndelag, 2021"},
    "sample_text": {"nb": "Filen {file} (JSON-stat 2.0) er lest med integreringslov.read og "
                          "importøren {importer}: {rows} rader, alle gyldige. Innvandrere og "
                          "norskfødte med innvandrerforeldre, 1. januar 2021: {total} personer.",
                    "en": "The file {file} (JSON-stat 2.0) is read with integreringslov.read and "
                          "the importer {importer}: {rows} rows, all valid. Immigrants and "
                          "Norwegian-born to immigrant parents, 1 January 2021: {total} "
                          "persons."},
    "world_region": {"nb": "Verdensregion", "en": "World region"},
    "total": {"nb": "I alt", "en": "Total"},
    "by_age": {"nb": "Etter verdensregion og aldersgruppe", "en": "By world region and age group"},
    "age_figure": {"nb": "Innvandrerbefolkningen i Trøndelag etter alder og verdensregion",
                   "en": "Trøndelag's immigrant population by age and world region"},
    "settlement": {"nb": "Bosetting: fylkeskommunens anbefaling (§ 4 andre ledd)",
                   "en": "Settlement: the county's recommendation (§ 4 andre ledd)"},
    "settlement_text": {"nb": "Trøndelag 2022: de 3 790 flyktningene IMDi anmodet fylkets 38 "
                              "kommuner om å bosette, fordelt etter folketall (1. januar 2021) "
                              "alene med største brøk og minst 10 eller ingen — sammenlignet "
                              "med IMDis faktiske anmodninger.",
                        "en": "Trøndelag 2022: the 3 790 refugees IMDi asked the county's 38 "
                              "municipalities to settle, distributed by population (1 Jan 2021) "
                              "alone, largest remainder, at least 10 or nothing — compared "
                              "with IMDi's actual requests."},
    "progress": {"nb": "Bosettingen i mai 2022", "en": "Settlement progress, May 2022"},
    "progress_figure": {"nb": "Trøndelag (fylke 50): bosetting i mai 2022",
                        "en": "Trøndelag (county 50): settlement in May 2022"},
    "footer": {"nb": "Kommuneinndeling og folketall: «Kilde: Statistisk sentralbyrå» (CC BY "
                     "4.0). Bosettingstall: IMDi (NLOD 2.0). Lovtekst: Lovdata.",
               "en": "Region codes and population: «Kilde: Statistisk sentralbyrå» (CC BY 4.0). "
                     "Settlement figures: IMDi (NLOD 2.0). Law text: Lovdata."},
}  # fmt: skip


def _dw(key: str, lang: Lang, **values: object) -> str:
    return _DEMO_WORDS[key][lang].format(**values)


def _regions_block(on: date, lang: Lang) -> Block:
    from integreringslov._reporting.html import Block, ReportTable

    paragraphs = [
        _dw("divisions", lang, day=day(d, lang), m=len(regions.municipalities(on=d)),
            c=len(regions.counties(on=d)))
        for d in (date(2020, 6, 1), date(2024, 6, 1))
    ]  # fmt: skip
    paragraphs.append(_dw(
        "old_codes", lang, a=", ".join(regions.resolve("1601", on=date(2020, 1, 1)).codes),
        b=", ".join(regions.resolve("5012", on=date(2020, 1, 1)).codes)))  # fmt: skip
    when = max(on, regions.FIRST_MODELLED)
    per = Counter(m.county.code for m in regions.municipalities(on=when))
    table = ReportTable(
        caption=_dw("counties_on", lang, day=day(when, lang)),
        columns=(_dw("county", lang), _dw("count", lang)),
        rows=tuple((f"{c.code} {c.names[0]}", str(per[c.code])) for c in regions.counties(on=when)),
        numeric=(False, True),
    )
    return Block(title=_dw("regions", lang), paragraphs=tuple(paragraphs), tables=(table,))


def _law_block(on: date, lang: Lang) -> Block:
    from integreringslov._reporting.html import Block, ReportTable

    rows = tuple(
        (day(a.in_force, lang) if a.in_force else _dw("not_in_force", lang),
         day(a.until, lang) if a.until else "", a.instrument, a.title)
        for a in law.TIMELINE
    )  # fmt: skip
    table = ReportTable(
        caption=_dw("changes", lang),
        columns=(_dw("in_force", lang), _dw("until", lang), _dw("instrument", lang),
                 _dw("change", lang)),
        rows=rows,
        numeric=(False, False, False, False),
    )  # fmt: skip
    duties = "; ".join(f"{d.title} ({d.provision.short})" for d in law.county_duties(on=on))
    return Block(title=_dw("law", lang), paragraphs=(_dw("duties", lang, day=day(on, lang),
                 duties=duties),), tables=(table,))  # fmt: skip


def _eligibility_block(on: date, lang: Lang) -> Block:
    from integreringslov._reporting.demo_rules import demo_persons, demo_table, letter_of
    from integreringslov._reporting.html import Block, ReportTable
    from integreringslov.rules._frame import assess_frame

    persons = demo_persons(on)
    out = assess_frame(demo_table(persons), on=on)
    rows = tuple(
        (p.person_id, letter_of(p).replace("-", "–"), outcome_label(str(r["programme"]), lang),
         outcome_label(str(r["career_guidance"]), lang), str(r["basis"]), str(r["reason"]))
        for (_, r), p in zip(out.iterrows(), persons, strict=True)
    )  # fmt: skip
    table = ReportTable(
        caption=_dw("outcomes", lang),
        columns=tuple(_dw(k, lang) for k in ("person", "letter", "programme", "guidance",
                                             "basis", "reason")),
        rows=rows,
        numeric=(False,) * 6,
    )  # fmt: skip
    return Block(title=_dw("eligibility", lang),
                 paragraphs=(_dw("assessed", lang, n=len(out), day=day(on, lang)),),
                 tables=(table,))  # fmt: skip


def _sample_block(on: date, lang: Lang, figures: bool) -> Block:
    from integreringslov._reporting.html import Block, Figure, ReportTable, number

    imported, table = _sample_table()
    ages = [str(c) for c in table.columns if c != "world_region"]
    rows = []
    for values in table.itertuples(index=False):
        counts = [int(v) for v in values[1:]]
        region = _dw("total", lang) if values[0] == "Total" else str(values[0])
        rows.append((region, *(number(v, lang) for v in counts), number(sum(counts), lang)))
    total = int(table.loc[table["world_region"] == "Total", ages].to_numpy().sum())
    text = _dw("sample_text", lang, file=SAMPLE, importer=imported.importer.name,
               rows=len(imported.table), total=number(total, lang))  # fmt: skip
    shown = ReportTable(
        caption=_dw("by_age", lang),
        columns=(_dw("world_region", lang), *ages, _dw("total", lang)),
        rows=tuple(rows),
        numeric=(False, *([True] * (len(ages) + 1))),
    )
    drawn = (Figure.of(_age_figure(on, lang), _dw("age_figure", lang)),) if figures else ()
    return Block(title=_dw("sample", lang), paragraphs=(text,), tables=(shown,), figures=drawn)


def _settlement_blocks(on: date, lang: Lang, figures: bool) -> list[Block]:
    from integreringslov._reporting.html import Block, Figure, recommendation_blocks
    from integreringslov.allocation import recommend
    from integreringslov.settlement._reference import trondelag_2022_criteria, trondelag_2022_status

    rec = recommend(3790, trondelag_2022_criteria(), criteria={"population": 1.0},
                    method="hamilton", minimum=10, on=date(2022, 1, 1), county="50")  # fmt: skip
    inner = recommendation_blocks(rec, lang=lang, figures=figures)
    head = Block(title=_dw("settlement", lang), paragraphs=(_dw("settlement_text", lang),))
    start, end = trondelag_2022_status()[:2]
    progress = Block(
        title=_dw("progress", lang),
        paragraphs=(start.progress_to(end).describe(lang),),
        figures=(Figure.of(_settlement_figure(on, lang), _dw("progress_figure", lang)),)
        if figures
        else (),
    )
    return [head, *inner, progress]


def demo_blocks(*, on: date, lang: Lang = "nb", figures: bool = True) -> list[Block]:
    """The demo report as blocks (tables and figures) for the HTML page, in ``lang``."""
    return [
        _regions_block(on, lang),
        _law_block(on, lang),
        _eligibility_block(on, lang),
        _sample_block(on, lang, figures),
        *_settlement_blocks(on, lang, figures),
    ]


def demo_title(on: date, lang: Lang) -> str:
    """The demo report's title in ``lang``."""
    return _dw("title", lang, on=day(on, lang))


def write_html(target: str | Path, *, on: date, lang: Lang = "nb") -> Path:
    """Write the demo report as one HTML page with its figures embedded; return its path.

    ``target`` is a folder (the page is ``index.html`` in it) or a file ending in ``.html``.
    Bokmål by default. Needs the ``plot`` extra (matplotlib and Jinja2); without it
    :class:`~integreringslov.errors.MissingExtraError` names the extra to install, before
    any work is done.
    """
    from integreringslov._reporting.html import check_target, render

    out = check_target(target)
    page = render(title=demo_title(on, lang), blocks=demo_blocks(on=on, lang=lang), lang=lang,
                  footer=_dw("footer", lang))  # fmt: skip
    out.write_text(page, encoding="utf-8")
    return out
