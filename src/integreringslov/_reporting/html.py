"""The report model and its two renderers: terminal text and an HTML page that prints.

A :class:`Report` is a title and a list of :class:`Block` — a heading, paragraphs, tables
with headers (numbers right-aligned) and figures. The one model feeds both renderers:
:meth:`Report.to_text` for a terminal and :meth:`Report.to_html`, one Jinja2 template
(``integreringslov/templates/report.html``) whose print CSS lays every table on A4 (wide
tables on a landscape page, long cells wrapped). Figures are embedded as PNG data, so the
HTML report is one file a county can send to IMDi and its municipalities. The demo
(:mod:`integreringslov._reporting.report`) and the county's recommendation
(:func:`recommendation_report`) are built on it; text is in bokmål by default
(``lang="nb"``), English with ``lang="en"``, with the same content in both.

Writing a report needs the ``plot`` extra (matplotlib for the figures, Jinja2 for the
page); :func:`check_target` checks it and the target folder *before* any work is done.
"""

from __future__ import annotations

import base64
import functools
import io
import os
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from integreringslov import regions
from integreringslov._io.atomic import replacing
from integreringslov._text.i18n import N_, Lang, date_text, number_text, speaking, tr, tr_in
from integreringslov._text.privacy import printable
from integreringslov.errors import MissingExtraError, SourceError, UnknownRegionError

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure as MplFigure

    from integreringslov.allocation import Criterion, Recommendation

__all__ = [
    "WIDE_TABLE",
    "Block",
    "Figure",
    "Report",
    "ReportTable",
    "check_target",
    "day",
    "number",
    "recommendation_blocks",
    "recommendation_report",
    "target_file",
    "write_recommendation_report",
]

WIDE_TABLE = 7
"""A table with this many columns or more is printed on a landscape A4 page."""


def _printable_rows(rows: Iterable[Iterable[object]]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(printable(cell) for cell in row) for row in rows)


def _printable_all(texts: Iterable[object]) -> tuple[str, ...]:
    return tuple(printable(t) for t in texts)


# Every text of a report passes the privacy guard once, here, as the report is built: the
# text and the HTML renderings both show it printable (a line break, an escape sequence or
# a bidirectional override in a name is shown escaped) with identity numbers masked.


@attrs.frozen(kw_only=True)
class ReportTable:
    """A table of a report: a caption, column headers and rows of already formatted cells."""

    caption: str = attrs.field(converter=printable)
    """What the table shows."""
    columns: tuple[str, ...] = attrs.field(converter=_printable_all)
    """The header of each column."""
    rows: tuple[tuple[str, ...], ...] = attrs.field(converter=_printable_rows)
    """The cells, as text."""
    numeric: tuple[bool, ...]
    """Per column: right-align (a number)."""

    @property
    def wide(self) -> bool:
        """Whether the table needs a landscape page to print (:data:`WIDE_TABLE` columns)."""
        return len(self.columns) >= WIDE_TABLE


@attrs.frozen(kw_only=True)
class Figure:
    """A figure of a report: a caption and the PNG image, base64-encoded."""

    caption: str = attrs.field(converter=printable)
    """What the figure shows."""
    png: str
    """The image (PNG), base64."""

    @classmethod
    def of(cls, figure: MplFigure, caption: str) -> Figure:
        """A matplotlib figure drawn to PNG."""
        from integreringslov._reporting import plots

        buffer = io.BytesIO()
        plots.save(figure, buffer, format="png")
        return cls(caption=caption, png=base64.b64encode(buffer.getvalue()).decode("ascii"))


@attrs.frozen(kw_only=True)
class Block:
    """A section of a report."""

    title: str = attrs.field(converter=printable)
    """The heading."""
    quote: str | None = attrs.field(default=None, converter=attrs.converters.optional(printable))
    """A quotation (the law's text), shown before the paragraphs."""
    paragraphs: tuple[str, ...] = attrs.field(default=(), converter=_printable_all)
    """Text, one paragraph each."""
    tables: tuple[ReportTable, ...] = ()
    """Tables, after the paragraphs."""
    figures: tuple[Figure, ...] = ()
    """Figures, after the tables (the HTML page shows them; text leaves them out)."""


_TEXT_WIDTH = 92


@attrs.frozen(kw_only=True)
class Report:
    """A whole report: a title, blocks and a footer, in one language; two renderers."""

    title: str = attrs.field(converter=printable)
    """The report's heading."""
    blocks: tuple[Block, ...]
    """Its sections, in order."""
    lang: Lang
    """The language it is written in."""
    subtitle: str = attrs.field(default="", converter=printable)
    """A line under the title (e.g. the county)."""
    footer: str = attrs.field(default="", converter=printable)
    """Sources and credits, at the end."""

    def to_text(self) -> str:
        """The report as plain text for a terminal: headings, paragraphs, aligned tables."""
        out: list[str] = [self.title]
        if self.subtitle:
            out.append(self.subtitle)
        out.append("")
        for block in self.blocks:
            out += [block.title, "=" * len(block.title)]
            if block.quote:
                out += textwrap.wrap(block.quote, _TEXT_WIDTH)
            for p in block.paragraphs:
                out += textwrap.wrap(p, _TEXT_WIDTH)
            for t in block.tables:
                out += ["", t.caption + ":", *_text_table(t)]
            out.append("")
        if self.footer:
            out += textwrap.wrap(self.footer, _TEXT_WIDTH)
        return "\n".join(out) + "\n"

    def to_html(self) -> str:
        """The report as one HTML page (one template; every text is escaped)."""
        import jinja2

        text = files("integreringslov").joinpath("templates/report.html").read_text("utf-8")
        env = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
        page: str = env.from_string(text).render(
            title=self.title, subtitle=self.subtitle, blocks=self.blocks, lang=self.lang,
            footer=self.footer,
        )  # fmt: skip
        return page

    def write_html(self, out: Path) -> Path:
        """Write :meth:`to_html` to ``out`` (checked with :func:`check_target`); return it.

        Whole or not at all: the page goes to a temporary file beside ``out``, renamed into
        place when complete.
        """
        page = self.to_html()
        with replacing(out) as partial:
            partial.write_text(page, encoding="utf-8")
        return out


_LONG_CELL = 60
"""A text cell longer than this is wrapped under its row in the text rendering."""


def _text_table(t: ReportTable) -> list[str]:
    """A table as aligned lines; long text cells (reasons) go wrapped under their row."""
    short = [
        j for j, _ in enumerate(t.columns)
        if t.numeric[j] or all(len(r[j]) <= _LONG_CELL for r in t.rows)
    ]  # fmt: skip
    long = [j for j in range(len(t.columns)) if j not in short]
    widths = {j: max([len(t.columns[j]), *(len(r[j]) for r in t.rows)]) for j in short}

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            cells[j].rjust(widths[j]) if t.numeric[j] else cells[j].ljust(widths[j]) for j in short
        ).rstrip()

    out = [line(t.columns), line(["-" * widths.get(j, 0) for j in range(len(t.columns))])]
    for r in t.rows:
        out.append(line(r))
        for j in long:
            out += textwrap.wrap(f"{t.columns[j]}: {r[j]}", _TEXT_WIDTH - 4,
                                 initial_indent="    ", subsequent_indent="      ")  # fmt: skip
    return out


def number(value: float | int | None, lang: Lang, decimals: int = 0) -> str:
    """A number as a reader of ``lang`` writes it: ``1 234,5`` (nb) or ``1,234.5`` (en)."""
    return "" if value is None else number_text(value, lang, decimals)


def day(on: date, lang: Lang | None) -> str:
    """A date in a table as a reader of ``lang`` writes it: ``01.06.2024`` or ``2024-06-01``."""
    return date_text(on, lang, "short")


def _require_extra() -> None:
    for module in ("matplotlib", "jinja2"):
        try:
            __import__(module)
        except ImportError as exc:
            raise MissingExtraError("plot", module, N_("The HTML report")) from exc


def target_file(target: str | os.PathLike[str], default_name: str = "index.html") -> Path:
    """The report's file: ``target`` if it ends in ``.html``, else ``default_name`` in it."""
    path = Path(target)
    return path if path.suffix.lower() in (".html", ".htm") else path / default_name


def check_target(target: str | os.PathLike[str], default_name: str = "index.html") -> Path:
    """Check before any work that a report can be written to ``target``; return its file.

    Raises :class:`MissingExtraError` without matplotlib or Jinja2 (the ``plot`` extra) and
    :class:`SourceError` when the folder cannot be created or written to.
    """
    _require_extra()
    out = target_file(target, default_name)
    folder = out.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SourceError(
            str(folder),
            tr("cannot create the folder for the report: {reason}", reason=exc.strerror),
        ) from None
    if not os.access(folder, os.W_OK | os.X_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise SourceError(str(out), tr("cannot write the report here: permission denied"))
    return out


# -- the recommendation ----------------------------------------------------------------

_QUOTE = (
    "«Fylkeskommunen skal anbefale hvor mange flyktninger som bør bosettes i den enkelte "
    "kommune i fylket.» (integreringsloven § 4 andre ledd)"
)

_WORDS: dict[str, str] = {
    "title": N_("Recommendation on the settlement of refugees"),
    "for_county": N_("County {county}"),
    "on": N_("The municipality numbers are checked against the division of {on}."),
    "basis": N_("Basis and method"),
    "total": N_(
        "{total} persons are distributed over {n} municipalities; {positive} get a positive "
        "number.",
    ),
    "method": N_("Apportionment method: {name} — {description}."),
    "minimum": N_(
        "Minimum: at least {minimum} or none (the smallest municipalities are left out until "
        "every one that gets any gets at least {minimum}).",
    ),
    "caps": N_("Caps for {caps} municipalities; {outs} opted out."),
    "formula": N_(
        "A municipality's share = Σ weight × (its value ÷ the sum of the values) per criterion; "
        "quota = total × share; the quotas are rounded to whole persons by the method.",
    ),
    "inverse": N_(
        "For a criterion where more means fewer (~), the value distributed is the largest value − "
        "the municipality's value: the municipality with the highest value gets 0 from that "
        "criterion.",
    ),
    "criteria": N_("Criteria and weights"),
    "criterion": N_("Criterion"),
    "direction": N_("Direction"),
    "more": N_("more means more"),
    "fewer": N_("more means fewer"),
    "weight": N_("Weight"),
    "weight_share": N_("Share of weight"),
    "per_municipality": N_("Recommendation per municipality"),
    "how": N_(
        "The quota is the sum of the criteria's contributions; the recommended number is the "
        "quota rounded by the method, within caps and the minimum.",
    ),
    "code": N_("Number"),
    "name": N_("Municipality"),
    "quota": N_("Quota"),
    "from": N_("from {label}"),
    "cap": N_("Cap"),
    "recommended": N_("Recommended"),
    "requested": N_("Requested by IMDi"),
    "deviation": N_("Deviation"),
    "deviation_pct": N_("Deviation %"),
    "excluded": N_("opted out"),
    "comparison": N_("Comparison with IMDi's request"),
    "compared": N_(
        "{n} municipalities have a request (in all {requested}; recommended in all "
        "{recommended}). Mean absolute deviation {mean}, largest {largest}; {moved} persons are "
        "placed differently.",
    ),
    "deviations": N_("Deviations from the request, largest first"),
    "figure": N_("Recommended number against IMDi's request per municipality"),
    "figure_only": N_("Recommended number per municipality"),
    "footer": N_(
        "Made with integreringslov {version}. Municipal division: «Kilde: Statistisk sentralbyrå» "
        "(CC BY 4.0). Law text: Lovdata.",
    ),
}  # fmt: skip


def _w(key: str, lang: Lang, **values: Any) -> str:
    return tr_in(lang, _WORDS[key], **values)


def _method_text(method: str, lang: Lang) -> tuple[str, str]:
    from integreringslov.allocation._methods import DESCRIPTIONS, Method

    return method, tr_in(lang, DESCRIPTIONS[Method.parse(method)])


def recommendation_blocks(
    rec: Recommendation,
    *,
    lang: Lang = "nb",
    figures: bool = True,
    headers: Mapping[str, str] | None = None,
) -> list[Block]:
    """The sections of a recommendation report: basis, criteria, per municipality, comparison.

    ``figures=False`` leaves the figures out (for text, or without matplotlib).
    ``headers`` names a criterion's column as the user wrote it (``population`` →
    ``Innbyggere``); the report shows that name.
    """
    shown = dict(headers or {})

    def name_of(column: str) -> str:
        return shown.get(column, column)

    from integreringslov.allocation import Direction

    n = functools.partial(number, lang=lang)
    name, description = _method_text(rec.method, lang)
    paragraphs = [
        _w("total", lang, total=n(rec.total), n=len(rec.rows),
           positive=sum(1 for r in rec.rows if r.recommended > 0)),
        _w("method", lang, name=name, description=description),
    ]  # fmt: skip
    if rec.minimum > 1:
        paragraphs.append(_w("minimum", lang, minimum=rec.minimum))
    caps = sum(1 for r in rec.rows if r.maximum is not None)
    outs = sum(1 for r in rec.rows if r.excluded)
    if caps or outs:
        paragraphs.append(_w("caps", lang, caps=caps, outs=outs))
    if rec.on is not None:
        paragraphs.append(_w("on", lang, on=day(rec.on, lang)))
    paragraphs.append(_w("formula", lang))
    if any(c.direction is Direction.FEWER for c in rec.criteria):
        paragraphs.append(_w("inverse", lang))
    wsum = sum(c.weight for c in rec.criteria)
    criteria = ReportTable(
        caption=_w("criteria", lang),
        columns=(_w("criterion", lang), _w("direction", lang), _w("weight", lang),
                 _w("weight_share", lang)),
        rows=tuple(
            (name_of(c.column) + (f" × {name_of(c.per)}" if c.per else ""),
             _w(c.direction.value, lang),
             n(c.weight, decimals=2), n(100 * c.weight / wsum, decimals=1) + " %")
            for c in rec.criteria
        ),
        numeric=(False, False, True, True),
    )  # fmt: skip
    blocks = [
        Block(title=_w("basis", lang), quote=_QUOTE, paragraphs=tuple(paragraphs),
              tables=(criteria,)),
        Block(title=_w("per_municipality", lang), paragraphs=(_w("how", lang),),
              tables=(_per_municipality(rec, lang, name_of),),
              figures=(_figure(rec, lang),) if figures else ()),
    ]  # fmt: skip
    if rec.has_requests:
        blocks.append(_comparison(rec, lang))
    return blocks


def _per_municipality(
    rec: Recommendation, lang: Lang, name_of: Callable[[str], str]
) -> ReportTable:
    n = functools.partial(number, lang=lang)
    labels = [c.label for c in rec.criteria]
    has_caps = any(r.maximum is not None for r in rec.rows)
    columns = [_w("code", lang), _w("name", lang), _w("quota", lang)]
    columns += [_w("from", lang, label=_label(c, name_of)) for c in rec.criteria]
    columns += [_w("cap", lang)] if has_caps else []
    columns += [_w("recommended", lang)]
    columns += [_w("requested", lang), _w("deviation", lang)] if rec.has_requests else []
    rows = []
    for r in rec.rows:
        cells = [r.municipality, (r.name or "") + (f" ({_w('excluded', lang)})" if r.excluded
                                                    else ""), n(r.quota, decimals=1)]  # fmt: skip
        cells += [n(r.contributions.get(label, 0.0), decimals=1) for label in labels]
        cells += [n(r.maximum)] if has_caps else []
        cells += [n(r.recommended)]
        if rec.has_requests:
            dev = r.deviation
            cells += [n(r.requested), "" if dev is None else _signed(dev, lang)]
        rows.append(tuple(cells))
    numeric = (False, False, *([True] * (len(columns) - 2)))
    return ReportTable(
        caption=_w("per_municipality", lang), columns=tuple(columns), rows=tuple(rows),
        numeric=numeric,
    )  # fmt: skip


def _label(criterion: Criterion, name_of: Callable[[str], str]) -> str:
    """The criterion's label (``~settled``, ``rate*population``) in the user's names."""
    from integreringslov.allocation import Direction

    head = "~" if criterion.direction is Direction.FEWER else ""
    tail = f"*{name_of(criterion.per)}" if criterion.per else ""
    return f"{head}{name_of(criterion.column)}{tail}"


def _comparison(rec: Recommendation, lang: Lang) -> Block:
    n = functools.partial(number, lang=lang)
    s = rec.comparison()
    text = _w("compared", lang, n=int(s["compared"]), requested=n(s["requested"]),
              recommended=n(s["recommended"]), mean=n(s["mean_abs_deviation"], decimals=1),
              largest=n(s["max_abs_deviation"]), moved=n(s["moved"]))  # fmt: skip
    dev = rec.deviations()
    table = ReportTable(
        caption=_w("deviations", lang),
        columns=(_w("code", lang), _w("name", lang), _w("recommended", lang),
                 _w("requested", lang), _w("deviation", lang), _w("deviation_pct", lang)),
        rows=tuple(
            (str(r["municipality"]), _text(r["name"]), n(int(r["recommended"])),
             n(int(r["requested"])), _signed(int(r["deviation"]), lang),
             "" if _missing(r["deviation_pct"]) else n(float(r["deviation_pct"]), decimals=1))
            for r in dev.to_dict("records")
        ),
        numeric=(False, False, True, True, True, True),
    )  # fmt: skip
    return Block(title=_w("comparison", lang), paragraphs=(text,), tables=(table,))


def _missing(value: Any) -> bool:
    return value is None or value != value  # None, NaN or <NA>-like


def _text(value: Any) -> str:
    return "" if value is None or _missing(value) else str(value)


def _signed(value: int, lang: Lang) -> str:
    return ("+" if value > 0 else "") + number(value, lang)


def _figure(rec: Recommendation, lang: Lang) -> Figure:
    from integreringslov._reporting import plots

    table = rec.table.copy()
    table["label"] = [r.name or r.municipality for r in rec.rows]
    if rec.has_requests:
        table = table.sort_values(["requested", "label"], ascending=[False, True])
        series = {"recommended": _w("recommended", lang), "requested": _w("requested", lang)}
        caption = _w("figure", lang)
    else:
        table = table.sort_values(["recommended", "label"], ascending=[False, True])
        series = {"recommended": _w("recommended", lang)}
        caption = _w("figure_only", lang)
    fig = plots.recommendation_against_request(
        table, series=series, label="label", title=caption, lang=lang
    )
    return Figure.of(fig, caption)


def recommendation_report(
    rec: Recommendation,
    *,
    lang: Lang = "nb",
    figures: bool = True,
    headers: Mapping[str, str] | None = None,
) -> Report:
    """The county's recommendation as a :class:`Report` (text or HTML), in ``lang``.

    ``figures=False`` leaves the figure out (for text, or without matplotlib); ``headers``
    names the criteria as the user wrote them (see :func:`recommendation_blocks`).
    """
    from integreringslov import __version__

    subtitle = ""
    if rec.county is not None:
        try:
            county = str(regions.county(rec.county, on=rec.on or regions.FIRST_MODELLED))
        except UnknownRegionError:
            county = rec.county
        subtitle = _w("for_county", lang, county=county)
    return Report(
        title=_w("title", lang), subtitle=subtitle, lang=lang,
        blocks=tuple(recommendation_blocks(rec, lang=lang, figures=figures, headers=headers)),
        footer=_w("footer", lang, version=__version__),
    )  # fmt: skip


def write_recommendation_report(
    rec: Recommendation,
    target: str | os.PathLike[str],
    *,
    lang: Lang = "nb",
    headers: Mapping[str, str] | None = None,
) -> Path:
    """Write the recommendation as one HTML file (figures embedded); return its path.

    ``target`` is a file ending in ``.html`` or a folder (then the file name is the
    catalog's: ``anbefaling.html`` in bokmål, ``recommendation.html`` in English). Needs the
    ``plot`` extra.
    """
    with speaking(lang):  # its refusals, too, in the report's language
        out = check_target(target, tr(N_("recommendation.html")))
    return recommendation_report(rec, lang=lang, headers=headers).write_html(out)
