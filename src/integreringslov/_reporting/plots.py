"""Figures for the documentation and the HTML demo report (the optional ``[plot]`` extra).

Every function takes plain data (a :class:`pandas.DataFrame` or a mapping), draws one
figure and returns a :class:`matplotlib.figure.Figure`. The figures are drawn without
:mod:`matplotlib.pyplot`, on the non-interactive Agg canvas, so calling them never opens a
window and never changes the backend of the caller's session. Save one with
:func:`save`, or with ``figure.savefig(path)``.

matplotlib is imported inside the functions: importing this module works without it, and
drawing without it raises :class:`~integreringslov.errors.MissingExtraError` naming the
``plot`` extra.

>>> import integreringslov._reporting.plots as plots
>>> plots.AGE_GROUPS[:3]
('0', '1-5', '6-12')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pandas as pd

from integreringslov._io.atomic import replacing
from integreringslov._text.i18n import N_, Lang, date_text, percent_text, tr_in
from integreringslov._text.privacy import printable
from integreringslov.errors import InvalidInputError, MissingExtraError, Problem

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = [
    "AGE_GROUPS",
    "age_by_world_region",
    "recommendation_against_request",
    "save",
    "settlement_progress",
]

AGE_GROUPS: tuple[str, ...] = (
    "0", "1-5", "6-12", "13-15", "16-19", "20-44", "45-66", "67-79", "80+",
)  # fmt: skip
"""SSB's age groups in the seed table, youngest first (column names of the table)."""

_SOURCE_SSB = "Kilde: Statistisk sentralbyrå (CC BY 4.0)"
_SOURCE_IMDI = "Kilde: IMDi (NLOD 2.0)"

_LABELS: dict[str, str] = {
    "persons": N_("Persons"),
    "age_group": N_("Age group (years)"),
    "world_region": N_("World region"),
    "recommended": N_("Recommended"),
    "requested_imdi": N_("Requested by IMDi"),
    "settled": N_("Settled (bosatt)"),
    "assigned": N_("Assigned, not yet settled"),
    "guidance": N_("Career guidance given"),
    "guidance_axis": N_("Career guidance given (persons)"),
    "requested": N_("Requested (anmodet)"),
    "share_settled": N_("{share} settled"),
}  # fmt: skip
"""The figures' words, as message ids (the catalog has their bokmål)."""


def _word(key: str, lang: Lang) -> str:
    return tr_in(lang, _LABELS[key])


def _figure(width: float = 8.0, height: float = 4.5) -> Figure:
    """A new figure on the Agg canvas; :class:`MissingExtraError` without matplotlib."""
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as exc:  # pragma: no cover - exercised with matplotlib absent
        raise MissingExtraError("plot", "matplotlib", N_("Drawing figures")) from exc
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _source(ax: Any, text: str) -> None:
    """Credit the data source under the axes, right-aligned."""
    ax.annotate(
        text,
        xy=(1.0, 0.0),
        xycoords="axes fraction",
        xytext=(0, -28),
        textcoords="offset points",
        ha="right",
        va="top",
        fontsize="x-small",
        alpha=0.7,
    )


def _require(table: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise InvalidInputError(
            [
                Problem(message=f"missing column {c!r}", column=c, expected="a column of that name")
                for c in missing
            ],
            what=what,
        )


def age_by_world_region(
    table: pd.DataFrame, *, title: str | None = None, lang: Lang = "en"
) -> Figure:
    """Immigrants by age group and world region as stacked bars (the seed's 2021 table).

    ``table`` has a ``world_region`` column and one column per age group in
    :data:`AGE_GROUPS`, as :func:`integreringslov.tables.statistics.age_by_world_region`
    makes from an imported SSB table (the layout of the seed file
    ``trondelag_2021_age_by_world_region.csv``).
    A ``Total`` row, if present, is left out of the bars and checked against their sums.
    ``lang`` is the language of the axes and the legend.
    """
    _require(table, ["world_region", *AGE_GROUPS], "the age × world-region table")
    rows = table[table["world_region"] != "Total"].set_index("world_region")[list(AGE_GROUPS)]
    fig = _figure(9.0, 4.8)
    ax = fig.add_subplot()
    bottom = [0.0] * len(AGE_GROUPS)
    x = list(range(len(AGE_GROUPS)))
    for region, values in rows.iterrows():
        heights = [float(v) for v in values]
        ax.bar(x, heights, bottom=bottom, label=str(region))
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    ax.set_xticks(x, list(AGE_GROUPS))
    ax.set_xlabel(_word("age_group", lang))
    ax.set_ylabel(_word("persons", lang))
    total = int(sum(bottom))
    ax.set_title(
        title
        or "Immigrants and Norwegian-born to immigrant parents\n"
        f"by age and world region ({total:,} persons)".replace(",", " ")
    )
    ax.legend(title=_word("world_region", lang), fontsize="small", frameon=False)
    ax.grid(axis="y", alpha=0.3)
    _source(ax, _SOURCE_SSB)
    return fig


def recommendation_against_request(
    table: pd.DataFrame,
    *,
    series: Mapping[str, str] | None = None,
    label: str = "name",
    title: str = "Recommendation against IMDi's request",
    lang: Lang = "en",
) -> Figure:
    """Horizontal grouped bars: one bar per series for each municipality.

    ``table`` has a ``label`` column (the municipality's name) and numeric columns named
    by ``series`` (column → legend text); the default compares ``recommended`` with
    ``requested``. Rows are drawn in the table's order, first at the top. ``lang`` is the
    language of the axis and the default legend.
    """
    series = dict(series or {"recommended": _word("recommended", lang),
                             "requested": _word("requested_imdi", lang)})  # fmt: skip
    _require(table, [label, *series], "the recommendation table")
    n = len(table)
    fig = _figure(8.0, max(3.0, 0.26 * n + 1.2))
    ax = fig.add_subplot()
    height = 0.8 / max(len(series), 1)
    positions = list(range(n))
    for i, (column, legend) in enumerate(series.items()):
        values = pd.to_numeric(table[column], errors="coerce").fillna(0).astype(float).tolist()
        ax.barh([p + i * height for p in positions], values, height=height, label=legend)
    ax.set_yticks([p + height * (len(series) - 1) / 2 for p in positions])
    ax.set_yticklabels([str(v) for v in table[label]], fontsize="small")
    ax.invert_yaxis()
    ax.set_xlabel(_word("persons", lang))
    ax.set_title(title)
    ax.legend(frameon=False, fontsize="small")
    ax.grid(axis="x", alpha=0.3)
    _source(ax, _SOURCE_IMDI)
    return fig


def settlement_progress(
    snapshots: pd.DataFrame,
    *,
    title: str = "Settlement progress",
    source: str = "",
    lang: Lang = "en",
) -> Figure:
    """Settlement status over snapshots: settled and assigned against the request.

    ``snapshots`` has one row per snapshot with the columns ``as_of`` (date), ``requested``,
    ``settled`` and ``assigned_municipality``, and optionally ``career_guidance`` (the
    columns of the seed file ``trondelag_settlement_2022.csv``). Settled and assigned are
    stacked per snapshot; the request is drawn as a line above them. Career guidance counts
    far fewer persons than the request (about 15 against 3 790), so it gets its own panel
    and scale beside the bars instead of lying on their axis. ``source`` credits the data
    under the axes; ``lang`` is the language of the labels.
    """
    _require(snapshots, ["as_of", "requested", "settled", "assigned_municipality"], "the snapshots")
    words = {k: _word(k, lang) for k in _LABELS}
    data = snapshots.sort_values("as_of")
    labels = [date_text(pd.Timestamp(d).date(), lang, "short") for d in data["as_of"]]
    x = list(range(len(labels)))
    settled = data["settled"].astype(float).tolist()
    assigned = data["assigned_municipality"].astype(float).tolist()
    requested = data["requested"].astype(float).tolist()
    guided = (
        data["career_guidance"].astype(float).tolist() if "career_guidance" in data.columns
        else None
    )  # fmt: skip
    fig = _figure(8.5 if guided else 7.0, 4.2)
    if guided:
        ax, gx = fig.subplots(1, 2, width_ratios=(3, 1))
    else:
        ax, gx = fig.add_subplot(), None
    ax.bar(x, settled, label=words["settled"], color="#2a7ab0")
    ax.bar(x, assigned, bottom=settled, label=words["assigned"], color="#9cc9e6")
    ax.plot(x, requested, linestyle="--", color="#444444", label=words["requested"])
    for xi, s, a, r in zip(x, settled, assigned, requested, strict=True):
        ax.annotate(
            words["share_settled"].format(share=percent_text(s / r if r else 0.0, lang)),
            (xi, s + a),
            textcoords="offset points",
            xytext=(0, 4),
            ha="center",
            fontsize="small",
        )
    ax.set_xticks(x, labels)
    ax.set_ylabel(words["persons"])
    ax.set_title(title)
    ax.set_ylim(0, max(requested + [s + a for s, a in zip(settled, assigned, strict=True)]) * 1.1)
    ax.legend(frameon=False, fontsize="small", loc="center right")
    if source:
        _source(ax, source)
    ax.grid(axis="y", alpha=0.3)
    if gx is not None and guided is not None:
        gx.bar(x, guided, color="#d9822b", label=words["guidance"])
        for xi, g in zip(x, guided, strict=True):
            gx.annotate(f"{g:.0f}", (xi, g), textcoords="offset points", xytext=(0, 3),
                        ha="center", fontsize="small")  # fmt: skip
        gx.set_xticks(x, labels, fontsize="small")
        gx.set_ylim(0, max(max(guided) * 1.25, 1.0))
        gx.set_ylabel(words["guidance_axis"])
        gx.set_title(words["guidance"], fontsize="medium")
        gx.grid(axis="y", alpha=0.3)
    return fig


def _printable_labels(func: Any) -> Any:
    def label(x: Any, pos: Any = None) -> str:
        return printable(func(x, pos))

    return label


def _plain_text(figure: Figure) -> None:
    r"""Every text of ``figure`` drawn as it is: printable, identity numbers masked, no mathtext.

    A name such as ``$\foo$`` would otherwise be parsed as TeX (and fail to draw), a line
    break would start a new line, and a fødselsnummer in a name would reach the image.
    """
    from matplotlib.text import Text
    from matplotlib.ticker import FixedFormatter, FuncFormatter

    for ax in figure.axes:
        for axis in (ax.xaxis, ax.yaxis):  # tick labels are set again at each draw
            formatter = axis.get_major_formatter()
            if isinstance(formatter, FixedFormatter):
                formatter.seq = [printable(label) for label in formatter.seq]
            elif isinstance(formatter, FuncFormatter):  # labels given with set_ticks
                formatter.func = _printable_labels(formatter.func)
    for text in figure.findobj(Text):
        text.set_parse_math(False)
        text.set_text(printable(text.get_text()))


def save(figure: Figure, path: str | Path | IO[bytes], **options: Any) -> Path | IO[bytes]:
    """Write ``figure`` to ``path``: a file name (the suffix picks the format) or a file.

    A binary file object needs ``format=``. PNG is written at 110 dpi by default. A file
    is written whole or not at all (a temporary file renamed into place). Every text is
    drawn as plain text (no mathtext), made printable, with identity numbers masked.

    The PNG carries no creation time, so the same figure gives the same bytes.
    """
    import matplotlib

    target = Path(path) if isinstance(path, str | Path) else path
    options.setdefault("dpi", 110)
    fmt = options.get("format") or (target.suffix.lstrip(".") if isinstance(target, Path) else "")
    if str(fmt).lower() == "png":
        options.setdefault("metadata", {"Software": None})
    _plain_text(figure)
    with matplotlib.rc_context({"text.parse_math": False}):  # ticks made while drawing too
        if isinstance(target, Path):
            with replacing(target) as partial:  # whole or not at all
                options.setdefault("format", fmt or matplotlib.rcParams["savefig.format"])
                figure.savefig(partial, **options)
        else:
            figure.savefig(target, **options)
    return target
