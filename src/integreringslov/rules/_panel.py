"""Paneler (panels): every person assessed on every date, in memory or on Dask.

:func:`assess_panel` runs :func:`integreringslov.rules.assess_frame` (the rules, written
once) over a person table on several assessment dates — each year of a register, or the
days around an amendment — and returns one row per person and date: ``person_id``, ``on``
and the assessment columns of the contract, person by person in the input's order and, for
each person, the dates in the order given. The index repeats the input's index (``.loc``
finds a person's rows); a polars or Arrow frame has no index and gets none back.

A pandas, polars or pyarrow table is assessed in memory and returned as the same kind. A
``dask.dataframe.DataFrame`` is assessed partition by partition with ``map_partitions``
(explicit ``meta``) and a Dask frame is returned, lazily, for the caller to ``compute()``
or write (``to_parquet``); each partition is a pandas frame that goes through the same
function as the in-memory path, so the results are identical. Validation runs first, per
partition, and the problems are merged with their rows counted over the whole table (the
first person of the second partition is the row after the last of the first): an invalid
table raises one :class:`~integreringslov.errors.InvalidInputError` when
:func:`assess_panel` is called, not at some later ``compute()``. That costs one more pass
over the data (reported in ``benchmarks/bench_scale_panel.py``).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, overload

import attrs
import numpy as np
import pandas as pd

from integreringslov._io import frames
from integreringslov.errors import InvalidInputError, Problem

if TYPE_CHECKING:  # pragma: no cover - for type checkers only
    import dask.dataframe as dd

__all__ = ["assess_panel"]

ON = "on"
"""The column that holds each row's assessment date."""


def _dates(dates: Iterable[dt.date]) -> tuple[dt.date, ...]:
    from integreringslov.law._timeline import AN_ASSESSMENT, require_act_in_force

    out = []
    for d in dates:
        if not isinstance(d, dt.date):
            raise TypeError(f"dates must be datetime.date values, not {type(d).__name__}")
        day = d.date() if isinstance(d, dt.datetime) else d
        require_act_in_force(day, what=AN_ASSESSMENT)
        out.append(day)
    if not out:
        raise ValueError("dates is empty; give at least one assessment date")
    repeated = sorted({d for d in out if out.count(d) > 1})
    if repeated:
        raise ValueError(f"dates repeats {', '.join(d.isoformat() for d in repeated)}")
    return tuple(out)


def _merge(problems: Iterable[Problem]) -> list[Problem]:
    """Each problem once (a row fails the same way on every date), ordered by row."""
    unique = dict.fromkeys(problems)
    return sorted(unique, key=lambda p: (p.row is None, p.row or 0, p.column or ""))


def _panel(
    persons: frames.Entered, dates: Sequence[dt.date], options: dict[str, Any]
) -> tuple[pd.DataFrame, list[Problem]]:
    """A table taken in (or a Dask partition) on every date: the panel rows, or the problems."""
    from integreringslov.rules._frame import _assess

    n, k = len(persons), len(dates)
    parts = []
    problems: list[Problem] = []
    for d in dates:
        split = _assess(persons, on=d, errors="split", **options)
        problems += split.problems
        parts.append(split.assessed)
    if problems:
        return persons.rows(0, 0), _merge(problems)
    if k == 1:  # one date: the assessment as it is, with its date (no copy of its columns)
        table = parts[0].copy(deep=False)
        table.insert(1, ON, np.full(n, np.datetime64(dates[0], "s")))
        table.attrs = {}
        return table, []
    # parts are date-major; take them person by person, each person's dates in order
    order = (np.arange(k)[None, :] * n + np.arange(n)[:, None]).ravel()
    repeat = np.repeat(np.arange(n), k)
    first = parts[0]
    columns: dict[str, Any] = {
        "person_id": first["person_id"].array.take(repeat),
        ON: np.tile(np.array(dates, dtype="M8[s]"), n),
    }
    for name in first.columns[1:]:
        stacked = pd.api.types.union_categoricals([p[name] for p in parts])
        columns[name] = stacked.take(order)
    return pd.DataFrame(columns, index=persons.index[repeat]), []


def _raise(problems: list[Problem], source: str | None) -> None:
    if problems:
        raise InvalidInputError(problems, what=source or "the person table")


@overload
def assess_panel(
    persons: frames.FrameT, *, dates: Iterable[dt.date], **options: Any
) -> frames.FrameT: ...


@overload
def assess_panel(
    persons: dd.DataFrame, *, dates: Iterable[dt.date], **options: Any
) -> dd.DataFrame: ...


def assess_panel(persons: Any, *, dates: Iterable[dt.date], **options: Any) -> Any:
    """Assess every person on every date: one row per person and date, with an ``on`` column.

    :param persons: The person table of the contract: pandas, polars (eager or lazy),
        pyarrow, or a ``dask.dataframe.DataFrame`` (assessed partition by partition).
    :param dates: The assessment dates, each on or after 2021-01-01, none twice.
    :param options: Passed on to :func:`integreringslov.rules.assess_frame` (``source=``
        names the table in messages; ``threads=`` the threads a large table is assessed
        on in memory — every core by default; a Dask partition is assessed on one).
    :return: The panel, of the same kind as ``persons``: ``person_id``, ``on``, ``regime``,
        ``programme``, ``career_guidance``, ``basis``, ``reason``.
    :raises InvalidInputError: With every problem of every row on every date, merged.
    :raises NotInForceError: When a date is before integreringsloven entered into force.
    """
    days = _dates(dates)
    source = options.get("source")
    dd_module = sys.modules.get("dask.dataframe")
    if dd_module is not None and isinstance(persons, dd_module.DataFrame):
        return _dask_panel(persons, days, options)
    entered = frames.enter(persons, source=source, what="the person table", whole=False)
    table, problems = _panel(entered, days, options)
    _raise(problems, source)
    return entered.leave(table)


# -- Dask -------------------------------------------------------------------------------------


@attrs.frozen
class _Checked:
    rows: int
    problems: list[Problem]


def _check_partition(
    part: pd.DataFrame, dates: Sequence[dt.date], options: dict[str, Any]
) -> _Checked:
    """The problems of one partition, rows counted from 1 within the partition.

    The checks of :func:`~integreringslov.rules.assess_frame` on every date, without
    deciding and rendering the outcomes the assessment pass decides.
    """
    from integreringslov.rules._frame import validate

    local = part.set_axis(pd.RangeIndex(1, len(part) + 1), axis=0)
    source = options.get("source")
    try:
        frames.enter(local, source=source)
    except InvalidInputError as error:
        return _Checked(len(part), list(error.problems))
    return _Checked(
        len(part), _merge(p for d in dates for p in validate(local, on=d, source=source).problems)
    )


def _assess_partition(
    part: pd.DataFrame, dates: Sequence[dt.date], options: dict[str, Any]
) -> pd.DataFrame:
    table, problems = _panel(frames.Entered("pandas", frame=part), dates, options)
    _raise(problems, options.get("source"))  # only if the data changed since the check
    return table


def _dask_panel(
    persons: dd.DataFrame, dates: Sequence[dt.date], options: dict[str, Any]
) -> dd.DataFrame:
    from dask.base import compute
    from dask.dataframe.utils import clear_known_categories
    from dask.delayed import delayed

    options = {"threads": 1, **options}  # Dask spreads the partitions over the cores
    parts = persons.to_delayed()  # type: ignore[no-untyped-call]
    checked: Sequence[_Checked] = compute(  # type: ignore[no-untyped-call]
        *[delayed(_check_partition)(p, dates, options) for p in parts]
    )
    offset = 0
    problems = []
    for part in checked:
        problems += [
            attrs.evolve(p, row=None if p.row is None else p.row + offset) for p in part.problems
        ]
        offset += part.rows
    _raise(_merge(problems), options.get("source"))
    sample, _ = _panel(frames.Entered("pandas", frame=persons._meta), dates, options)
    meta = clear_known_categories(sample, index=False)  # type: ignore[no-untyped-call]
    panel: dd.DataFrame = persons.map_partitions(  # type: ignore[no-untyped-call]
        _assess_partition, dates, options, meta=meta
    )
    return panel
