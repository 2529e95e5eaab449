"""The demo report: one block per capability, built from the data shipped with the library.

:func:`demo_report` builds it as one :class:`~integreringslov._reporting.html.Report` —
regions, the law over time with the county's duties, an assessed example caseload with
reasons, an imported SSB sample, and the county's settlement recommendation with
settlement progress and the year's cycle — in bokmål or English, with the same content in
both. The same report renders as text (``Report.to_text``) or as a small web page with
figures (:func:`write_html`, which needs the ``plot`` extra). The Trøndelag 2022
recommendation is computed once (:func:`trondelag_2022`) for its tables and its figure.

>>> from datetime import date
>>> print(demo_report(on=date(2026, 1, 1), lang="en", figures=False).to_text().splitlines()[0])
integreringslov demo — the law applied on 2026-01-01
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from importlib.resources import as_file, files
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import attrs

from integreringslov import law, regions
from integreringslov._reporting.html import Block, Report, ReportTable, day, number
from integreringslov._text import i18n
from integreringslov._text.i18n import N_, OUTCOME_LABELS, Lang, speaking, tr, tr_in

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

    from integreringslov.allocation import Recommendation
    from integreringslov.plugins import Imported

__all__ = [
    "DEMO_DATE",
    "FIGURES",
    "SAMPLE",
    "demo_report",
    "figures",
    "outcome_label",
    "recommendation_figure",
    "trondelag_2022",
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


class _Titled(Protocol):
    @property
    def title(self) -> str: ...
    @property
    def title_no(self) -> str: ...


def _title(record: _Titled, lang: Lang) -> str:
    """A law or settlement record's one-line title in ``lang`` (English if no bokmål)."""
    return (record.title_no or record.title) if lang == "nb" else record.title


@functools.cache
def trondelag_2022() -> Recommendation:
    """Trøndelag 2022: IMDi's 3 790 over the county's 38 municipalities by population alone.

    Largest remainder, at least 10 or nothing, on the division of 1 January 2022, compared
    with IMDi's actual requests — the demo's recommendation, computed once for its tables
    and its figure.
    """
    from integreringslov.allocation import recommend
    from integreringslov.settlement._reference import trondelag_2022_criteria

    return recommend(3790, trondelag_2022_criteria(), criteria={"population": 1.0},
                     method="hamilton", minimum=10, on=date(2022, 1, 1), county="50")  # fmt: skip


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


# -- figures -------------------------------------------------------------------------


def _age_figure(on: date, lang: Lang = "en") -> Figure:
    from integreringslov._reporting import plots

    _, table = _sample_table()
    return plots.age_by_world_region(table, title=_dw("age_figure_title", lang), lang=lang)


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
        source=_dw("progress_source", lang),
        lang=lang,
    )


def recommendation_figure(on: date | None = None) -> Figure:
    """Trøndelag 2022: a population-based recommendation against IMDi's actual requests.

    ``on`` is accepted for the signature of :data:`FIGURES` and not used (the figure is the
    2022 example of :func:`trondelag_2022`).
    """
    from integreringslov._reporting import plots

    table = trondelag_2022().deviations()
    table = table.sort_values(["requested", "name"], ascending=[False, True])
    return plots.recommendation_against_request(
        table.reset_index(drop=True),
        title="Trøndelag 2022: 3 790 refugees by population (largest remainder, at least 10)\n"
        "against IMDi's actual requests",
    )


FIGURES: dict[str, tuple[str, Callable[[date], Figure]]] = {
    "age-by-world-region": (
        "Trøndelag's immigrant population by age and world region (imported from SSB's file)",
        _age_figure,
    ),
    "recommendation": ("Recommendation against IMDi's requests", recommendation_figure),
    "settlement-progress": ("Settlement progress, May 2022", _settlement_figure),
}
"""Every figure of the documentation: key → (caption, function of the date)."""


def figures(*, on: date) -> Iterator[tuple[str, str, Figure]]:
    """``(key, caption, figure)`` for each figure of :data:`FIGURES` on ``on``."""
    for key, (caption, make) in FIGURES.items():
        yield key, caption, make(on)


# -- the blocks ------------------------------------------------------------------------

_DEMO_WORDS: dict[str, str] = {
    "title": N_("integreringslov demo — the law applied on {on}"),
    "regions": N_("Counties and municipalities"),
    "divisions": N_("On {day}: {m} municipalities in {c} counties."),
    "old_codes": N_(
        "Old code 1601 (Trondheim before 2018) resolves to {a}; 5012 (Snillfjord, split in 2020) "
        "resolves to {b}.",
    ),
    "county": N_("County"),
    "count": N_("Municipalities"),
    "counties_on": N_("Counties on {day}"),
    "law": N_("The law: integreringsloven over time"),
    "in_force": N_("In force"),
    "until": N_("Until"),
    "instrument": N_("Instrument"),
    "change": N_("Change"),
    "changes": N_("Changes of the act"),
    "not_in_force": N_("not in force"),
    "eligibility": N_("Eligibility: introduction programme and career guidance"),
    "assessed": N_(
        "{n} made-up persons assessed on {day} under integreringsloven §§ 8–9, § 11 and kapittel "
        "6A.",
    ),
    "person": N_("Person"),
    "letter": N_("Letter (§ 9)"),
    "programme": N_("Introduction programme"),
    "guidance": N_("Career guidance"),
    "basis": N_("Basis"),
    "reason": N_("Reason"),
    "outcomes": N_("Assessment per person"),
    "sample": N_("Imported from SSB: immigrants in Trøndelag, 2021"),
    "sample_text": N_(
        "The file {file} (JSON-stat 2.0) is read with integreringslov.read and the importer "
        "{importer}: {rows} rows, all valid. Immigrants and Norwegian-born to immigrant parents, "
        "1 January 2021: {total} persons.",
    ),
    "world_region": N_("World region"),
    "total": N_("Total"),
    "by_age": N_("By world region and age group"),
    "age_figure": N_("Trøndelag's immigrant population by age and world region"),
    "settlement": N_("Settlement: the county's recommendation (§ 4 andre ledd)"),
    "settlement_text": N_(
        "Trøndelag 2022: the 3 790 refugees IMDi asked the county's 38 municipalities to settle, "
        "distributed by population (1 Jan 2021) alone, largest remainder, at least 10 or nothing "
        "— compared with IMDi's actual requests.",
    ),
    "progress": N_("Settlement progress, May 2022"),
    "progress_figure": N_("Trøndelag (county 50): settlement in May 2022"),
    "progress_source": N_("Kilde: IMDi, as reported by Trøndelag fylkeskommune"),
    "age_figure_title": N_(
        "Trøndelag, 1 January 2021: immigrants and Norwegian-born to immigrant\nparents, by "
        "age group and world region of country background",
    ),
    "footer": N_(
        "Region codes and population: «Kilde: Statistisk sentralbyrå» (CC BY 4.0). Settlement "
        "figures: IMDi (NLOD 2.0). Law text: Lovdata.",
    ),
}  # fmt: skip


def _dw(key: str, lang: Lang, **values: object) -> str:
    return tr_in(lang, _DEMO_WORDS[key], **values)


def _regions_block(on: date, lang: Lang) -> Block:
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
    yes, no = tr("yes"), tr("no")
    rows = tuple(
        (day(a.in_force, lang) if a.in_force else _dw("not_in_force", lang),
         day(a.until, lang) if a.until else "", a.instrument, _title(a, lang),
         yes if a.covers(on) else no)
        for a in law.TIMELINE
    )  # fmt: skip
    changes = ReportTable(
        caption=_dw("changes", lang),
        columns=(_dw("in_force", lang), _dw("until", lang), _dw("instrument", lang),
                 _dw("change", lang), tr("In force on {day}", day=day(on, lang))),
        rows=rows,
        numeric=(False,) * 5,
    )  # fmt: skip
    duties = ReportTable(
        caption=tr("The county's duties (§ 4) on {day}", day=day(on, lang)),
        columns=(tr("Duty"), tr("Provision")),
        rows=tuple((_title(d, lang), d.provision.short) for d in law.county_duties(on=on)),
        numeric=(False, False),
    )
    return Block(title=_dw("law", lang), tables=(changes, duties))


def _eligibility_block(on: date, lang: Lang) -> Block:
    from integreringslov._reporting.demo_rules import demo_persons, demo_table, letter_of
    from integreringslov.rules._frame import assess_frame

    persons = demo_persons(on)
    out = assess_frame(demo_table(persons), on=on, lang=lang)
    rows = tuple(
        (p.person_id, letter_of(p).replace("-", "–"), str(r["regime"]),
         outcome_label(str(r["programme"]), lang),
         outcome_label(str(r["career_guidance"]), lang), str(r["basis"]), str(r["reason"]))
        for (_, r), p in zip(out.iterrows(), persons, strict=True)
    )  # fmt: skip
    table = ReportTable(
        caption=_dw("outcomes", lang),
        columns=(_dw("person", lang), _dw("letter", lang), tr("Act"),
                 *(_dw(k, lang) for k in ("programme", "guidance", "basis", "reason"))),
        rows=rows,
        numeric=(False,) * 7,
    )  # fmt: skip
    return Block(title=_dw("eligibility", lang),
                 paragraphs=(_dw("assessed", lang, n=len(out), day=day(on, lang)),),
                 tables=(table,))  # fmt: skip


def _sample_block(on: date, lang: Lang, figures: bool) -> Block:
    from integreringslov._reporting.html import Figure

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
    credit = tr(
        "Kilde: Statistisk sentralbyrå (CC BY 4.0), as shown by Trøndelag fylkeskommune (2022).",
    )  # fmt: skip
    shown = ReportTable(
        caption=_dw("by_age", lang),
        columns=(_dw("world_region", lang), *ages, _dw("total", lang)),
        rows=tuple(rows),
        numeric=(False, *([True] * (len(ages) + 1))),
    )
    drawn = (Figure.of(_age_figure(on, lang), _dw("age_figure", lang)),) if figures else ()
    return Block(title=_dw("sample", lang), paragraphs=(text, credit), tables=(shown,),
                 figures=drawn)  # fmt: skip


def _settlement_blocks(on: date, lang: Lang, figures: bool) -> list[Block]:
    from integreringslov._reporting.html import Figure, recommendation_blocks
    from integreringslov.settlement._cycle import annual_cycle
    from integreringslov.settlement._reference import trondelag_2022_status

    rec = trondelag_2022()
    trondheim = next(r for r in rec.rows if r.municipality == "5001")
    got, asked = number(trondheim.recommended, lang), number(trondheim.requested, lang)
    spread = tr(
        "Population alone gives Trondheim {got}, far more than the {asked} IMDi asked of it: IMDi "
        "spread the 2022 request over all municipalities («styrt og spreidd»).",
        got=got,
        asked=asked,
    )
    head = Block(title=_dw("settlement", lang), paragraphs=(_dw("settlement_text", lang), spread))
    inner = recommendation_blocks(rec, lang=lang, figures=figures)
    start, end = trondelag_2022_status()[:2]
    progress = [start.progress_to(end).describe(lang)]
    if end.age_shares is not None:
        a = end.age_shares
        pct = functools.partial(number, lang=lang)
        shares = (f"0–5 {pct(100 * a.children_0_5)} %, 6–15 {pct(100 * a.children_6_15)} %, "
                  f"16–19 {pct(100 * a.youth_16_19, decimals=1)} %")  # fmt: skip
        progress.append(tr(
            "Age of the settled on {day_end_as_of_lang}: {shares}, adults {pct_100_a_adults} % "
            "(as rounded on the county's slide).",
            day_end_as_of_lang=day(end.as_of, lang),
            shares=shares,
            pct_100_a_adults=pct(100 * a.adults),
        ))  # fmt: skip
    progress.append(tr(
        "Kilde: IMDi (NLOD 2.0). The requests, decisions and settled persons per municipality are "
        "IMDi's settlement statistics for 2022; the May 2022 progress is IMDi's figures as "
        "reported by Trøndelag fylkeskommune.",
    ))  # fmt: skip
    drawn = (Figure.of(_settlement_figure(on, lang), _dw("progress_figure", lang)),)
    progress_block = Block(title=_dw("progress", lang), paragraphs=tuple(progress),
                           figures=drawn if figures else ())  # fmt: skip
    year = max(on.year, 2021)
    kinds = {"statutory": tr("set by law"),
             "known": tr("known date"),
             "typical": tr("usual timing")}  # fmt: skip
    cycle = ReportTable(
        caption=tr("The annual cycle of settlement year {year}", year=year),
        columns=(tr("From"), tr("Until"),
                 tr("Milestone"), tr("Date")),
        rows=tuple((day(m.start, lang), day(m.deadline, lang) if m.deadline else "",
                    _title(m, lang), kinds[m.kind.value]) for m in annual_cycle(year)),
        numeric=(False,) * 4,
    )  # fmt: skip
    cycle_block = Block(title=tr("Annual cycle (årshjul)"), tables=(cycle,))
    return [head, *inner, progress_block, cycle_block]


def demo_report(*, on: date, lang: Lang = "nb", figures: bool = True) -> Report:
    """The demo report on ``on`` in ``lang``; ``figures=False`` for text (no matplotlib)."""
    with speaking(lang):
        blocks = (
            _regions_block(on, lang),
            _law_block(on, lang),
            _eligibility_block(on, lang),
            _sample_block(on, lang, figures),
            *_settlement_blocks(on, lang, figures),
        )
    return Report(title=_dw("title", lang, on=day(on, lang)), blocks=blocks, lang=lang,
                  footer=_dw("footer", lang))  # fmt: skip


def write_html(target: str | Path, *, on: date, lang: Lang = "nb") -> Path:
    """Write the demo report as one HTML page with its figures embedded; return its path.

    ``target`` is a folder (the page is ``index.html`` in it) or a file ending in ``.html``.
    Bokmål by default. Needs the ``plot`` extra (matplotlib and Jinja2); without it
    :class:`~integreringslov.errors.MissingExtraError` names the extra to install, before
    any work is done.
    """
    from integreringslov._reporting.html import check_target

    with speaking(lang):  # its refusals, too, in the report's language
        out = check_target(target)
    return demo_report(on=on, lang=lang).write_html(out)
