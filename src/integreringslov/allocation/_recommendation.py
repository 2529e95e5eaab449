"""The county's recommendation: criteria → composite share → apportionment.

Integreringsloven § 4 andre ledd: «Fylkeskommunen skal anbefale hvor mange flyktninger som
bør bosettes i den enkelte kommune i fylket.» The county shall recommend how many refugees
should be settled in each municipality of the county.

Neither the act nor IMDi publishes a formula. IMDi's criteria (law.md § 2.3) are verbal —
population, employment, results of the introduction programme, capacity, spread — so the
library has **no built-in criteria or weights**: the user names the columns and weights,
and the result records them.

How the composite share is formed
---------------------------------

For each criterion *c* with weight *w_c* and (transformed) value *v_ic* for municipality
*i*, the composite share is::

    s_i = Σ_c (w_c / Σ w) · v_ic / Σ_j v_jc

i.e. each criterion's own distribution, mixed by the weights. The quota is
``total × s_i``; its part from criterion *c* is that criterion's **contribution**, and the
contributions of a municipality add up to its quota. The quotas are then rounded to whole
persons by :func:`~integreringslov.allocation.apportion` with the chosen method, minimum,
caps and opt-outs.

Criteria where *more means fewer* (e.g. recent settlement per capita: who settled many
lately should be asked for fewer) are written with a leading ``~``: ``~settled_per_1000``.
Their value is transformed to ``max − v`` over the municipalities taking part, so the
municipality with the highest value gets nothing from that criterion and the others in
proportion to how far they are below it. (If all are equal the criterion is spread evenly.)

A rate can be scaled by a size with ``*``: ``employment_rate*population`` uses
``employment_rate × population`` as the value, so that a rate weighs by the number of people
it concerns rather than counting each municipality alike.

The specification string form ``[~]column[*column]`` is accepted as a key of the
``criteria`` mapping and by the command line's ``--criteria``.
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from numbers import Real
from typing import Any, TypeVar

import attrs
import cattrs
import numpy as np
import pandas as pd

from integreringslov._io.frames import accepts_frames
from integreringslov._text.i18n import spoken, tr
from integreringslov.allocation._codes import check_codes
from integreringslov.allocation._core import apportion
from integreringslov.allocation._methods import DESCRIPTIONS, Method, MethodName
from integreringslov.errors import AllocationError, InvalidInputError, Problem
from integreringslov.law import Provision
from integreringslov.tables import validate
from integreringslov.tables.municipalities import (
    CONTRIBUTION_PREFIX,
    RESERVED_COLUMNS,
    MunicipalityCriteria,
)

__all__ = [
    "PROVISION",
    "Criterion",
    "Direction",
    "Recommendation",
    "RecommendationRow",
    "check_criteria_table",
    "parse_criteria",
    "recommend",
]

PROVISION = Provision("§ 4", ledd=2)

MOST_PERSONS = 2**53
"""The largest total :func:`recommend` takes: every figure of its table (shares, quotas,
counts and deviations, as floats and 64-bit integers) stays exact below it."""
"""integreringsloven § 4 andre ledd — the county's duty to recommend."""

T = TypeVar("T")

_SPEC = re.compile(r"^\s*(~)?\s*([^~*=,]+?)\s*(?:\*\s*([^~*=,]+?)\s*)?$")


class Direction(enum.Enum):
    """Whether more of a criterion means more refugees (``more``) or fewer (``fewer``)."""

    MORE = "more"
    """More of the criterion, more refugees (e.g. population, employment)."""
    FEWER = "fewer"
    """More of the criterion, fewer refugees (e.g. recent settlement per capita)."""


@attrs.frozen(kw_only=True)
class Criterion:
    """Kriterium — one column of the criteria table, its weight and its direction."""

    column: str
    """The criteria table's column holding the values."""
    weight: float = attrs.field(converter=float)
    """The criterion's weight; weights are relative (only their ratios matter)."""
    direction: Direction = Direction.MORE
    """``more``: share in proportion to the value; ``fewer``: in proportion to max − value."""
    per: str | None = None
    """Optional size column the value is multiplied by (a rate times a population)."""

    @weight.validator
    def _check_weight(self, _: Any, value: float) -> None:
        if not math.isfinite(value) or value < 0:
            raise AllocationError(
                tr(
                    "criterion {self_column!r}: weight must be a finite number ≥ 0, not {value!r}",
                    self_column=self.column,
                    value=value,
                )
            )

    @classmethod
    def parse(cls, spec: str, weight: float) -> Criterion:
        """A criterion from its specification ``[~]column[*column]`` and a weight.

        >>> c = Criterion.parse("~settled_per_1000", 0.2)
        >>> c.column, c.weight, c.direction.value, c.per
        ('settled_per_1000', 0.2, 'fewer', None)
        """
        m = _SPEC.match(spec)
        if not m:
            raise AllocationError(
                tr(
                    "cannot read the criterion {spec!r}; expected [~]column[*column], e.g. "
                    "'population', '~settled_per_1000' or 'employment_rate*population'",
                    spec=spec,
                )
            )
        inverse, column, per = m.groups()
        return cls(
            column=column,
            weight=weight,
            direction=Direction.FEWER if inverse else Direction.MORE,
            per=per,
        )

    @property
    def label(self) -> str:
        """The specification string, e.g. ``~settled_per_1000`` or ``rate*population``."""
        head = "~" if self.direction is Direction.FEWER else ""
        tail = f"*{self.per}" if self.per else ""
        return f"{head}{self.column}{tail}"

    def describe(self) -> str:
        """One phrase, e.g. ``population (more means more)``."""
        what = self.column + (f" × {self.per}" if self.per else "")
        how = "more means fewer" if self.direction is Direction.FEWER else "more means more"
        return f"{what} ({how})"


def _split_spec(spec: str) -> list[str]:
    """``name=weight`` parts of a criteria string, with decimal commas put back together.

    Parts are separated by ``;`` or ``,``. A part that is only digits and has no ``=`` can
    only be the decimals of the weight before it (``population=0,7``), so it is joined to
    it; a weight never needs guessing, since a column name of digits alone would still need
    its ``=weight``.
    """
    parts: list[str] = []
    for chunk in re.split(r"[;,]", spec):
        text = chunk.strip()
        if not text:
            continue
        if text.isdigit() and parts and re.search(r"=\s*[+-]?\d+$", parts[-1]):
            parts[-1] = f"{parts[-1]}.{text}"
        else:
            parts.append(text)
    return parts


def parse_criteria(spec: str | Mapping[str, float] | Iterable[Criterion]) -> tuple[Criterion, ...]:
    """Criteria from ``"name=weight;~other=weight"``, a mapping, or :class:`Criterion` objects.

    In the string form, criteria are separated by ``;`` or ``,`` and a weight may have a
    decimal point or a decimal comma: ``population=0,7;~settled_per_1000=0,3`` and
    ``population=0.7,~settled_per_1000=0.3`` are the same.

    >>> [c.label for c in parse_criteria("population=0.7, ~settled_per_1000=0.3")]
    ['population', '~settled_per_1000']
    >>> [c.weight for c in parse_criteria("population=0,7;jobs=0,3")]
    [0.7, 0.3]
    """
    out: list[Criterion] = []
    if isinstance(spec, str):
        for part in _split_spec(spec):
            name, sep, weight = part.partition("=")
            if not sep:
                raise AllocationError(
                    tr(
                        "criterion {part!r} has no weight; expected name=weight, criteria "
                        "separated by ';' (e.g. population=0,7;~settled_per_1000=0,3)",
                        part=part,
                    )
                )
            try:
                value = float(weight.strip().replace(",", "."))
            except ValueError:
                crit, given = name.strip(), weight.strip()
                raise AllocationError(
                    tr(
                        "criterion {crit!r}: weight {given!r} is not a number",
                        crit=crit,
                        given=given,
                    )
                ) from None
            out.append(Criterion.parse(name, value))
    elif isinstance(spec, Mapping):
        for key, w in spec.items():
            if isinstance(w, bool) or not isinstance(w, (int, float)):
                raise AllocationError(
                    tr("criterion {key!r}: weight {w!r} is not a number", key=key, w=w)
                )
            out.append(Criterion.parse(str(key), float(w)))
    else:
        for c in spec:
            if not isinstance(c, Criterion):
                raise AllocationError(f"not a Criterion: {c!r}")
            out.append(c)
    if not out:
        raise AllocationError(
            tr("no criteria given; name at least one column and its weight")
        )
    labels = [c.label for c in out]
    dup = sorted({x for x in labels if labels.count(x) > 1})
    if dup:
        twice = ", ".join(dup)
        raise AllocationError(
            tr("criteria given twice: {twice}", twice=twice)
        )
    if sum(c.weight for c in out) <= 0:
        raise AllocationError(
            tr("the criteria weights add up to 0; give at least one a positive weight")
        )
    return tuple(out)


@attrs.frozen(kw_only=True)
class RecommendationRow:
    """One municipality's line of a recommendation (*anbefaling* for one kommune)."""

    municipality: str
    """Kommunenummer (four digits)."""
    name: str | None = None
    """The municipality's name, where the input gave one."""
    values: dict[str, float] = attrs.field(factory=dict)
    """The input values used: column → value (criteria and their size columns)."""
    share: float
    """The composite share s_i (0–1), before caps and minimum."""
    quota: float
    """total × share: the number before rounding."""
    recommended: int
    """The recommended number of refugees to settle."""
    contributions: dict[str, float] = attrs.field(factory=dict)
    """criterion label → the part of the quota the criterion accounts for."""
    requested: int | None = None
    """The actual request (anmodning) compared with, where given."""
    maximum: int | None = None
    """The cap applied, where given."""
    excluded: bool = False
    """True when the municipality was left out (opt-out)."""

    @property
    def deviation(self) -> int | None:
        """Recommended − requested, or ``None`` without a request."""
        return None if self.requested is None else self.recommended - self.requested


def _converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True)
    conv.register_unstructure_hook(Direction, lambda d: d.value)
    conv.register_structure_hook(Direction, lambda v, _: Direction(v))
    conv.register_unstructure_hook(date, date.isoformat)
    conv.register_structure_hook(date, lambda v, _: date.fromisoformat(v))
    return conv


@attrs.frozen(kw_only=True)
class Recommendation:
    """Anbefaling — the county's recommendation per municipality (§ 4 andre ledd).

    «Fylkeskommunen skal anbefale hvor mange flyktninger som bør bosettes i den enkelte
    kommune i fylket.» The record holds everything needed to reproduce it: the total, the
    criteria with their weights and directions, the method, the minimum, and each
    municipality's input values, caps and opt-outs.
    """

    total: int
    """The number distributed (e.g. the county's share of the national need)."""
    method: str
    """The apportionment method's name (see :data:`~integreringslov.allocation.METHODS`)."""
    minimum: int
    """At least this many or nothing, per municipality (0 = no minimum)."""
    criteria: tuple[Criterion, ...]
    """The criteria, weights and directions, in the order given."""
    rows: tuple[RecommendationRow, ...]
    """One row per municipality, in the input order."""
    provision: str = str(PROVISION)
    """The legal basis: integreringsloven § 4 andre ledd."""
    on: date | None = None
    """The date the municipality codes were checked on (``None``: not tied to a date)."""
    county: str | None = None
    """The county (fylkesnummer) the recommendation is for, where named."""

    @property
    def numbers(self) -> dict[str, int]:
        """Kommunenummer → recommended number."""
        return {r.municipality: r.recommended for r in self.rows}

    @property
    def has_requests(self) -> bool:
        """True when at least one municipality has an actual request to compare with."""
        return any(r.requested is not None for r in self.rows)

    @property
    def table(self) -> pd.DataFrame:
        """The result as a :class:`~integreringslov.tables.municipalities.RecommendationTable`."""
        labels = [c.label for c in self.criteria]
        data: dict[str, Any] = {
            "municipality": [r.municipality for r in self.rows],
            "name": pd.array([r.name for r in self.rows], dtype="string"),
            "share": np.array([r.share for r in self.rows], dtype=np.float64),
            "quota": np.array([r.quota for r in self.rows], dtype=np.float64),
            "recommended": np.array([r.recommended for r in self.rows], dtype=np.int64),
            "requested": pd.array([r.requested for r in self.rows], dtype="Int64"),
            "deviation": pd.array([r.deviation for r in self.rows], dtype="Int64"),
        }
        for label in labels:
            data[CONTRIBUTION_PREFIX + label] = np.array(
                [r.contributions.get(label, 0.0) for r in self.rows], dtype=np.float64
            )
        return pd.DataFrame(data)

    def deviations(self) -> pd.DataFrame:
        """The deviation table: recommended vs requested, per municipality with a request.

        Columns ``municipality``, ``name``, ``recommended``, ``requested``, ``deviation``
        (recommended − requested) and ``deviation_pct`` (of the request; empty where the
        request is 0), sorted by the size of the deviation, largest first.
        """
        rows = [r for r in self.rows if r.requested is not None]
        frame = pd.DataFrame(
            {
                "municipality": [r.municipality for r in rows],
                "name": pd.array([r.name for r in rows], dtype="string"),
                "recommended": np.array([r.recommended for r in rows], dtype=np.int64),
                "requested": np.array([r.requested for r in rows], dtype=np.int64),
            }
        )
        frame["deviation"] = frame["recommended"] - frame["requested"]
        req = frame["requested"].astype("float64")
        frame["deviation_pct"] = (100.0 * frame["deviation"] / req.where(req > 0)).round(1)
        order = np.lexsort((frame["municipality"].to_numpy(), -frame["deviation"].abs().to_numpy()))
        return frame.iloc[order].reset_index(drop=True)

    def comparison(self) -> dict[str, float]:
        """Summary of the comparison with the actual requests.

        ``compared`` (municipalities with a request), ``requested`` and ``recommended``
        (their totals), ``moved`` (half the sum of absolute deviations: persons that would
        have to move between municipalities to turn one into the other, when the totals
        agree), ``mean_abs_deviation`` and ``max_abs_deviation``.
        """
        dev = self.deviations()
        if dev.empty:
            return {"compared": 0}
        absdev = dev["deviation"].abs()
        return {
            "compared": float(len(dev)),
            "requested": float(dev["requested"].sum()),
            "recommended": float(dev["recommended"].sum()),
            "moved": float(absdev.sum()) / 2.0,
            "mean_abs_deviation": float(absdev.mean()),
            "max_abs_deviation": float(absdev.max()),
        }

    def explain(self, *, top: int = 5) -> str:
        """A plain-text explanation of the recommendation.

        It gives the basis, the parameters, the formula, the largest figures and, where
        requests were given, the comparison with them.
        """
        m = Method.parse(self.method)
        wsum = sum(c.weight for c in self.criteria)
        lines = [
            f"Recommendation under {self.provision}:",
            "«Fylkeskommunen skal anbefale hvor mange flyktninger som bør bosettes i den "
            "enkelte kommune i fylket.»",
            "",
            f"Total distributed: {self.total} over {len(self.rows)} municipalities "
            f"({sum(1 for r in self.rows if r.recommended > 0)} get a positive number).",
            f"Method: {m.value} — {DESCRIPTIONS[m]}.",
        ]
        if self.minimum > 1:
            lines.append(
                f"Minimum: at least {self.minimum} or nothing (the smallest municipalities are "
                "left out until every remaining one reaches it)."
            )
        caps = sum(1 for r in self.rows if r.maximum is not None)
        outs = sum(1 for r in self.rows if r.excluded)
        if caps or outs:
            lines.append(f"Caps on {caps} municipalities; {outs} opted out.")
        lines.append("Criteria (weight, normalised):")
        for c in self.criteria:
            lines.append(f"  - {c.describe()}: weight {c.weight:g} ({c.weight / wsum:.1%})")
        lines.append(
            "Share of a municipality = Σ weight × (its value ÷ the sum of values); "
            "quota = total × share; the quotas are rounded to whole persons by the method."
        )
        ranked = sorted(self.rows, key=lambda r: (-r.recommended, r.municipality))[:top]
        if ranked:
            lines.append(f"Largest {len(ranked)}:")
            for r in ranked:
                parts = ", ".join(f"{k} {v:.1f}" for k, v in r.contributions.items())
                lines.append(
                    f"  {r.municipality} {r.name or '':<16} {r.recommended:>6}  "
                    f"(quota {r.quota:.1f}: {parts})"
                )
        if self.has_requests:
            s = self.comparison()
            lines.append(
                f"Compared with the actual requests of {int(s['compared'])} municipalities "
                f"(sum {int(s['requested'])}): mean absolute deviation "
                f"{s['mean_abs_deviation']:.1f}, largest {int(s['max_abs_deviation'])}, "
                f"{s['moved']:.0f} persons placed differently."
            )
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Everything as a JSON-ready mapping (reverse with :meth:`from_dict`)."""
        out: dict[str, Any] = _converter().unstructure(self)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Recommendation:
        """The recommendation from :meth:`to_dict` output."""
        try:
            return _converter().structure(dict(data), cls)
        except Exception as exc:  # cattrs raises class-validation groups
            msgs = (
                cattrs.transform_error(exc)
                if isinstance(exc, cattrs.BaseValidationError)
                else [str(exc)]
            )
            prefix = tr("not a recommendation: ")
            raise AllocationError(prefix + "; ".join(msgs)) from exc

    def inputs(self) -> pd.DataFrame:
        """The criteria table the recommendation was made from (as recorded)."""
        cols = list(dict.fromkeys(k for r in self.rows for k in r.values))
        data: dict[str, Any] = {
            "municipality": [r.municipality for r in self.rows],
            "name": pd.array([r.name for r in self.rows], dtype="string"),
        }
        for col in cols:
            data[col] = [r.values.get(col, math.nan) for r in self.rows]
        data["requested"] = pd.array([r.requested for r in self.rows], dtype="Int64")
        data["maximum"] = pd.array([r.maximum for r in self.rows], dtype="Int64")
        data["excluded"] = [r.excluded for r in self.rows]
        return pd.DataFrame(data)

    def reproduce(self) -> Recommendation:
        """Recompute from the recorded inputs and parameters (equal to ``self`` if intact)."""
        return recommend(
            self.total, self.inputs(), criteria=self.criteria, method=Method.parse(self.method),
            minimum=self.minimum, on=self.on, county=self.county, national=True,
        )  # fmt: skip


# --- input checks ---------------------------------------------------------------------------


def _row_numbers(frame: pd.DataFrame) -> np.ndarray[Any, np.dtype[np.int64]]:
    """The row numbers a person sees: 1-based, or the frame's own integer index (file lines)."""
    index = frame.index
    if isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1:
        return np.arange(1, len(frame) + 1, dtype=np.int64)
    return np.asarray(index, dtype=np.int64)


def check_criteria_table(
    frame: pd.DataFrame, columns: Iterable[str], *, source: str | None = None
) -> pd.DataFrame:
    """The criteria table for :func:`recommend`, validated; every problem listed at once.

    The table must have a ``municipality`` column and the named criteria ``columns``; those
    and the reserved columns it has (``name``, ``requested``, ``maximum``, ``excluded``)
    are validated against
    :class:`~integreringslov.tables.municipalities.MunicipalityCriteria`, the schema
    :func:`integreringslov.read` validates a criteria file against, so both read a cell
    alike: unique four-digit codes, numeric, finite criteria present on every row,
    ``requested`` and ``maximum`` whole numbers ≥ 0 or empty, ``excluded`` one of the
    yes/no words (``ja``/``nei``, ``x``/empty, …). Other columns are not read.

    Returns the validated table, indexed by the row numbers a person sees: counted from 1,
    unless the frame has its own integer index (such as the file's line numbers).

    Raises :class:`InvalidInputError` with each problem's row, column, value and what was
    expected.
    """
    problems: list[Problem] = []
    table = source or tr("the criteria table")
    cols = [str(c) for c in frame.columns]
    if "municipality" not in cols:
        problems.append(
            Problem(message=tr("column 'municipality' (kommunenummer) is missing"),
                    source=source, column="municipality",
                    expected=tr("a column of four-digit codes"))
        )  # fmt: skip
    missing = [c for c in columns if c not in cols]
    listed = ", ".join(cols)
    for c in missing:
        problems.append(
            Problem(message=tr("criterion column {c!r} is missing", c=c),
                    source=source, column=c,
                    expected=tr("one of the columns: {listed}", listed=listed))
        )  # fmt: skip
    if problems:
        raise InvalidInputError(problems, what=table)
    used = [c for c in cols if c in RESERVED_COLUMNS or c in columns]
    criteria = frame[used].set_axis(_row_numbers(frame), axis=0)
    valid, report = validate(MunicipalityCriteria, criteria, source=source, lang=spoken())
    if report.problems:
        raise InvalidInputError(report.problems, what=table)
    return valid


def _all_excluded() -> str:
    """The message when no municipality takes part (said in two places)."""
    return tr("every municipality is excluded; nothing to recommend for")


def _optional(frame: pd.DataFrame, column: str, kind: Callable[[Any], T]) -> list[T | None]:
    """The validated table's optional ``column`` as Python values (``None`` where empty)."""
    if column not in frame.columns:
        return [None] * len(frame)
    return [None if pd.isna(v) else kind(v) for v in frame[column].tolist()]


@accepts_frames
def recommend(
    total: int,
    municipalities: pd.DataFrame,
    *,
    criteria: str | Mapping[str, float] | Iterable[Criterion],
    method: MethodName | Method,
    minimum: int = 0,
    maximum: int | Mapping[str, int | None] | None = None,
    exclude: Iterable[str] = (),
    requested: Mapping[str, int] | None = None,
    source: str | None = None,
    on: date | None = None,
    county: str | None = None,
    national: bool = False,
    map_forward: bool = False,
) -> Recommendation:
    """Recommend how many refugees each municipality should settle (§ 4 andre ledd).

    «Fylkeskommunen skal anbefale hvor mange flyktninger som bør bosettes i den enkelte
    kommune i fylket.»

    Args:
        total: the number to distribute over the municipalities.
        municipalities: the criteria table
            (:class:`~integreringslov.tables.municipalities.MunicipalityCriteria`): a
            ``municipality`` column, the criteria columns, optionally ``name``,
            ``requested`` (the actual request to compare with), ``maximum`` (a cap) and
            ``excluded`` (opt-out: ``ja``/``nei``, ``x``/empty, … — the yes/no words of
            every table). It is validated as :func:`integreringslov.read` validates a
            criteria file (see ``check_criteria_table``).
        criteria: column → weight (``{"population": 0.7, "~settled_per_1000": 0.3}``), the
            same as a string (``"population=0.7,~settled_per_1000=0.3"``), or
            :class:`Criterion` objects. ``~`` marks a criterion where more means fewer;
            ``a*b`` scales a rate ``a`` by a size ``b``. No criteria are built in.
        method: the apportionment method (see :func:`~integreringslov.allocation.apportion`).
        minimum: at least this many or nothing per municipality (IMDi's rule of thumb is 10).
        maximum: caps for all (int) or per municipality, added to the table's ``maximum``
            column (the smaller cap wins).
        exclude: municipalities that opt out, in addition to the table's ``excluded`` column.
        requested: actual requests to compare with, overriding the table's ``requested``.
        source: the file name, for error messages.
        on: the recommendation's date: every municipality code (of the table and of
            ``requested``) must be valid on it (see :mod:`integreringslov.regions`).
            Without it, a code must be valid in one of the divisions since 2020.
        county: the county (fylkesnummer, ``"50"``) recommending; every municipality must
            be in it. Without it (and without ``national``), the municipalities must all
            be in one county.
        national: allow municipalities of several counties (a national run).
        map_forward: replace an old code that became exactly one code on ``on`` by that
            code (a split stays an error: the figures must be shared by the user).

    Raises:
        InvalidInputError: a bad table: unknown, old or split codes, municipalities of
            several counties, missing or non-numeric criteria, an ``excluded`` cell that is
            not a yes/no word, each with its row.

    Returns:
        a :class:`Recommendation` with each municipality's number, the contribution of each
        criterion, the comparison with the actual requests and every parameter.

    """
    if isinstance(total, Real) and not isinstance(total, bool) and total > MOST_PERSONS:
        raise AllocationError(
            tr(
                "total must be at most 2**53 = {MOST_PERSONS} persons, not {float_total:.3g}",
                MOST_PERSONS=MOST_PERSONS,
                float_total=float(total),
            )
        )
    crit = parse_criteria(criteria)
    frame = municipalities
    reserved = [c.column for c in crit if c.column in RESERVED_COLUMNS]
    if reserved:
        listed = ", ".join(reserved)
        raise AllocationError(
            tr("reserved columns cannot be criteria: {listed}", listed=listed)
        )
    value_cols = list(dict.fromkeys([c.column for c in crit] + [c.per for c in crit if c.per]))
    try:
        frame = check_criteria_table(frame, value_cols, source=source)
    except (TypeError, ValueError) as exc:
        if isinstance(exc, InvalidInputError):
            raise
        raise InvalidInputError(  # e.g. a non-integer index
            [
                Problem(
                    message=tr("cannot read the criteria table: {exc}", exc=exc),
                    source=source,
                )
            ]
        ) from exc
    codes = check_codes(
        frame["municipality"].tolist(), frame.index.tolist(), on=on, county=county,
        national=national, map_forward=map_forward, source=source,
    )  # fmt: skip
    n = len(codes)
    names = _optional(frame, "name", str)
    values = {c: frame[c].to_numpy(dtype=np.float64) for c in value_cols}
    excluded = (
        frame["excluded"].to_numpy(dtype=bool, copy=True)
        if "excluded" in frame.columns
        else np.zeros(n, dtype=bool)
    )
    ex = set(exclude)
    unknown = ex - set(codes)
    if unknown:
        raise AllocationError(
            tr(
                "exclude names municipalities not in the table: {sorted_unknown}",
                sorted_unknown=sorted(unknown),
            )
        )
    excluded |= np.array([c in ex for c in codes], dtype=bool)
    caps = _optional(frame, "maximum", int)
    if maximum is not None:
        if isinstance(maximum, Mapping):
            for code, cap in maximum.items():
                if code not in codes:
                    raise AllocationError(
                        tr("maximum names a municipality not in the table: {code}", code=code)
                    )
                i = codes.index(code)
                old = caps[i]
                if cap is not None:
                    caps[i] = cap if old is None else min(cap, old)
        else:
            caps = [int(maximum) if c is None else min(int(maximum), c) for c in caps]
    req = _optional(frame, "requested", int)
    if requested is not None:
        asked = list(requested)
        mapped = check_codes(  # requests for municipalities not in the table are not used
            asked, list(range(1, len(asked) + 1)), on=on, national=True,
            map_forward=map_forward, source=tr("the requests"),
            column="requested",
        )  # fmt: skip
        by_code = {new: requested[old] for old, new in zip(asked, mapped, strict=True)}
        req = [by_code.get(c) for c in codes]

    active = ~excluded
    wsum = sum(c.weight for c in crit)
    share = np.zeros(n)
    parts: dict[str, np.ndarray[Any, np.dtype[np.float64]]] = {}
    for c in crit:
        v = values[c.column].copy()
        if c.direction is Direction.FEWER:
            top = float(v[active].max()) if active.any() else 0.0
            v = top - v
        elif (v[active] < 0).any():
            i = int(np.flatnonzero(active & (v < 0))[0])
            raise InvalidInputError(
                [Problem(message=tr(
                    "criterion {c_column!r} must not be negative (where more means more)",
                    c_column=c.column,
                ),
                         source=source, row=int(frame.index[i]), column=c.column,
                         value=repr(float(v[i])),
                         expected=tr("a number ≥ 0, or mark it ~"))],
                what=source or tr("the criteria table"),
            )  # fmt: skip
        if c.per:
            size = values[c.per]
            if (size[active] < 0).any():
                raise AllocationError(
                    tr("size column {c_per!r} must not be negative", c_per=c.per)
                )
            v = v * size
        v = np.where(active, v, 0.0)
        s = float(v.sum())
        if s <= 0:
            if c.direction is Direction.FEWER or c.per:
                v = active.astype(np.float64)
                s = float(v.sum())
            else:
                raise AllocationError(
                    tr(
                        "criterion {c_column!r} is 0 for every municipality taking part; it "
                        "cannot share anything",
                        c_column=c.column,
                    )
                )
        if s <= 0:
            raise AllocationError(_all_excluded())
        part = (c.weight / wsum) * v / s
        parts[c.label] = part
        share += part
    if not active.any() and total:
        raise AllocationError(_all_excluded())
    weights = dict(zip(codes, share.tolist(), strict=True))
    cap_map = {code: cap for code, cap in zip(codes, caps, strict=True) if cap is not None}
    m = Method.parse(method)
    numbers = apportion(
        total, weights, method=m, minimum=minimum, maximum=cap_map or None,
        exclude=[c for c, e in zip(codes, excluded.tolist(), strict=True) if e],
    )  # fmt: skip
    quota = share * total
    value_lists = {c: values[c].tolist() for c in value_cols}
    part_lists = {k: (p * total).tolist() for k, p in parts.items()}
    share_list = share.tolist()
    quota_list = quota.tolist()
    rows = tuple(
        RecommendationRow(
            municipality=code,
            name=names[i],
            values={c: value_lists[c][i] for c in value_cols},
            share=share_list[i],
            quota=quota_list[i],
            recommended=numbers[code],
            contributions={k: part_lists[k][i] for k in part_lists},
            requested=req[i],
            maximum=caps[i],
            excluded=bool(excluded[i]),
        )
        for i, code in enumerate(codes)
    )
    return Recommendation(
        total=int(total), method=m.value, minimum=int(minimum), criteria=crit, rows=rows,
        on=on, county=county,
    )  # fmt: skip
