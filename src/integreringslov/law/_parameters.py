"""Dated parameters of the act (age limits, durations, stipend fractions) as data.

The values live in ``law/data/parameters.toml``; each holds from its ``from`` date until
the next value's (half-open), and names its legal reference. Asking for a date the file
does not cover raises :class:`~integreringslov.errors.NotInForceError`.

>>> from datetime import date
>>> v = parameter("programme.age_max", on=date(2026, 1, 1))
>>> v.value, v.reference
(55, 'integreringsloven § 8 første ledd første og andre punktum')
>>> parameter("stipend.hourly_fraction", on=date(2024, 5, 1)).value
Fraction(1, 1850)
"""

from __future__ import annotations

import functools
import tomllib
from datetime import date
from fractions import Fraction
from importlib.resources import files
from typing import Any

import attrs

from integreringslov.errors import NotInForceError
from integreringslov.law._timeline import covers

__all__ = ["Parameter", "ParameterValue", "parameter", "parameters"]

Value = int | float | Fraction | date | str


@attrs.frozen(kw_only=True)
class ParameterValue:
    """One dated value of a parameter, with its legal reference."""

    value: Value
    """The value (fractions are :class:`fractions.Fraction`)."""
    valid_from: date
    """First day the value holds."""
    valid_to: date | None
    """First day it no longer holds (the next value's start or a sunset), or ``None``."""
    reference: str
    """The provision the value comes from, as cited."""
    instrument: str
    """The act or regulation that set it."""

    def covers(self, on: date) -> bool:
        """Whether the value holds on ``on``."""
        return covers(self.valid_from, self.valid_to, on)


@attrs.frozen(kw_only=True)
class Parameter:
    """A named quantity of the law and its history of values."""

    name: str
    """Dotted name, e.g. ``programme.age_max``."""
    title: str
    """What the parameter means."""
    unit: str
    """The unit of the values."""
    values: tuple[ParameterValue, ...]
    """The values, oldest first."""
    note: str = ""
    """Caveats (e.g. passed amendments not in force)."""

    def on(self, on: date) -> ParameterValue:
        """The value that holds on ``on``; raises :class:`NotInForceError` outside."""
        for v in self.values:
            if v.covers(on):
                return v
        first = self.values[0].valid_from
        last = self.values[-1].valid_to
        span = f"from {first.isoformat()}" + (f" until {last.isoformat()}" if last else "")
        raise NotInForceError(
            f"parameter {self.name!r} ({self.title}) has no value on {on.isoformat()}; "
            f"it is modelled {span}"
        )


def _convert(raw: Any) -> Value:
    if isinstance(raw, str) and "/" in raw:
        return Fraction(raw)
    if isinstance(raw, int | float | date | str):
        return raw
    raise TypeError(f"unsupported parameter value {raw!r}")


def _build(name: str, spec: dict[str, Any]) -> Parameter:
    raw_values = spec["values"]
    values = []
    for i, raw in enumerate(raw_values):
        nxt = raw_values[i + 1]["from"] if i + 1 < len(raw_values) else None
        values.append(
            ParameterValue(
                value=_convert(raw["value"]),
                valid_from=raw["from"],
                valid_to=raw.get("until", nxt),
                reference=raw["reference"],
                instrument=raw["instrument"],
            )
        )
    return Parameter(
        name=name,
        title=spec["title"],
        unit=spec["unit"],
        values=tuple(values),
        note=spec.get("note", ""),
    )


@functools.cache
def parameters() -> dict[str, Parameter]:
    """Every parameter shipped with the library, by dotted name."""
    text = files("integreringslov.law").joinpath("data/parameters.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return {
        f"{group}.{name}": _build(f"{group}.{name}", spec)
        for group, members in data.items()
        for name, spec in members.items()
    }


def parameter(name: str, *, on: date) -> ParameterValue:
    """The value of parameter ``name`` on ``on``.

    Raises :class:`KeyError` for an unknown name and :class:`NotInForceError` for a
    date outside the modelled period.
    """
    try:
        p = parameters()[name]
    except KeyError:
        raise KeyError(f"no parameter {name!r}; known: {', '.join(parameters())}") from None
    return p.on(on)
