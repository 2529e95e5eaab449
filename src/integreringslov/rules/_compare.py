"""*Reformer* — a caseload under the law in force and under a reform, side by side.

:func:`compare` reads and checks the person table once, decides every row twice with the
one definition of the rules (``decide``: under the law in force, and with the reform's
parameters), and returns, per person, both outcomes and what changed. :func:`summarise`
counts the change (how many more persons with right and duty), by municipality when the
table carries a ``municipality`` column.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from integreringslov._io.frames import AnyFrame, convert, enter
from integreringslov._text.i18n import Lang, as_lang
from integreringslov.errors import InvalidInputError
from integreringslov.law._reforms import Reform, as_reform
from integreringslov.law._timeline import AN_ASSESSMENT, require_act_in_force
from integreringslov.rules._columns import render_columns
from integreringslov.rules._frame import validate
from integreringslov.rules._grounds import decide
from integreringslov.tables.persons import CARRIED_COLUMNS

__all__ = ["CARRIED", "COMPARISON_COLUMNS", "compare", "summarise"]

CARRIED = tuple(c.name for c in CARRIED_COLUMNS)
"""Columns besides the person table's that :func:`compare` carries through (to group by)."""

_OUTCOMES = ("programme", "career_guidance")
_UNDER_REFORM = ("programme", "career_guidance", "basis", "reason")

COMPARISON_COLUMNS = (
    "person_id",
    *_OUTCOMES,
    *(f"reform_{c}" for c in _UNDER_REFORM),
    "changed",
)
"""The columns of :func:`compare` (after any carried column such as ``municipality``)."""


def compare(
    persons: AnyFrame,
    *,
    on: date,
    reform: str | Reform | Mapping[str, int | float],
    lang: Lang = "en",
    source: str | None = None,
    readings: Mapping[str, str] | None = None,
) -> Any:
    """*Sammenlign* — every person on ``on`` under the law in force and under ``reform``.

    ``reform`` is the name of an adopted amendment that is not in force (``"age-60"``:
    LOV-2025-06-20-35's upper age of 60, not put into force by FOR-2025-06-20-1102), or a
    mapping of parameters to new values (``{"programme.years_in_municipality": 3}``),
    applied on every date. ``persons`` is the person table of
    :func:`~integreringslov.rules.assess_frame` (pandas, polars or pyarrow: the result is
    of the same kind); a ``municipality`` column (a kommunenummer), if present, is read
    and checked like the others and carried through (``301`` as ``0301``).

    Returns one row per person: ``person_id``, the outcomes under the law in force
    (``programme``, ``career_guidance``), under the reform (``reform_programme``,
    ``reform_career_guidance``, with its ``reform_basis`` and ``reform_reason`` in
    ``lang``), and ``changed`` (True where an outcome differs). Invalid input raises
    :class:`~integreringslov.errors.InvalidInputError` with every problem, as
    :func:`~integreringslov.rules.assess_frame` does. ``readings`` chooses among the
    readings of open texts, under the law and the reform alike (as in
    :func:`~integreringslov.rules.assess_frame`).

    >>> import pandas as pd
    >>> row = {"person_id": "p", "birth_date": "1966-01-01", "permit_letter": "a",
    ...        "permit_granted": "2023-03-01", "settled_date": "2023-04-01",
    ...        "settled_by_agreement": "ja", "nordic_or_eea": "nei"}
    >>> out = compare(pd.DataFrame([row]), on=date(2023, 9, 1), reform="age-60")
    >>> first = out.iloc[0]
    >>> str(first["programme"]), str(first["reform_programme"]), bool(first["changed"])
    ('may_offer', 'right_and_duty', True)
    """
    chosen = as_reform(reform)
    require_act_in_force(on, what=AN_ASSESSMENT)
    lang = as_lang(lang)
    entered = enter(persons, source=source, what="the person table")
    frame = entered.frame
    carried = [c for c in CARRIED if c in frame.columns]
    valid = validate(frame, on=on, source=source)
    if valid.problems:
        raise InvalidInputError(list(valid.problems), what=source or "the person table")
    assert valid.facts is not None  # no problems: the table was read
    now = render_columns(decide(valid.facts, on, readings=readings), lang)
    then = render_columns(decide(valid.facts, on, reform=chosen, readings=readings), lang, chosen)
    changed = np.zeros(len(frame), dtype=bool)
    for name in _OUTCOMES:
        changed |= _differs(now[name], then[name])
    columns: dict[str, Any] = {"person_id": valid.table["person_id"]}
    columns |= {c: valid.table[c] for c in carried}  # as read: ``301`` is ``0301``
    columns |= {c: now[c] for c in _OUTCOMES}
    columns |= {f"reform_{c}": then[c] for c in _UNDER_REFORM}
    columns["changed"] = changed
    out = pd.DataFrame(columns, index=frame.index)
    out.attrs["reform"] = chosen.key
    kind = entered.kind
    del entered
    return convert(out, kind)


def _differs(a: pd.Categorical, b: pd.Categorical) -> np.ndarray:
    """Where two categoricals of the same length hold different values (by their codes)."""
    in_a = pd.Index(a.categories).get_indexer(b.categories)
    return np.asarray(a.codes != in_a[b.codes])


def summarise(comparison: pd.DataFrame) -> pd.DataFrame:
    """How many persons have each outcome under the law and the reform, and the change.

    One row per ``municipality`` when the comparison carries one, and last the total row
    ``all`` (the only row without municipalities): ``persons``, ``right_and_duty`` and
    ``reform_right_and_duty`` (programme), ``more_right_and_duty`` (the difference) and
    ``changed``.
    """
    table = pd.DataFrame(
        {
            "group": (
                comparison["municipality"].astype(str)
                if "municipality" in comparison.columns
                else "all"
            ),
            "persons": 1,
            "right_and_duty": np.asarray(comparison["programme"].astype(str) == "right_and_duty"),
            "reform_right_and_duty": np.asarray(
                comparison["reform_programme"].astype(str) == "right_and_duty"
            ),
            "changed": np.asarray(comparison["changed"], dtype=bool),
        }
    )
    grouped = table.groupby("group", sort=True).sum()
    if "municipality" in comparison.columns:
        grouped.loc["all"] = grouped.sum()
    elif grouped.empty:
        grouped.loc["all"] = 0
    grouped = grouped.astype(int)
    grouped["more_right_and_duty"] = grouped["reform_right_and_duty"] - grouped["right_and_duty"]
    grouped.index.name = "municipality" if "municipality" in comparison.columns else None
    return grouped[
        ["persons", "right_and_duty", "reform_right_and_duty", "more_right_and_duty", "changed"]
    ]
