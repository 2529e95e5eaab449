"""Reforms: the law as it would be under an amendment not in force, or a changed parameter.

A :class:`Reform` replaces dated parameters (``law/data/parameters.toml``) on every date;
the rules then run unchanged, so a caseload can be assessed under the law in force and
under the reform side by side (:func:`integreringslov.compare`). The reforms shipped are
adopted amendments that are not in force (:data:`REFORMS`); any parameter can be changed
by name.

>>> as_reform("age-60").values
(('programme.age_max', 60),)
>>> as_reform({"programme.years_in_municipality": 3}).key
'programme.years_in_municipality=3'
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from integreringslov._text.i18n import N_
from integreringslov.law._parameters import parameters
from integreringslov.law._timeline import amendment

__all__ = ["REFORMS", "Reform", "as_reform"]


@attrs.frozen(kw_only=True)
class Reform:
    """A change to the law's parameters, applied on every date (hashable)."""

    key: str
    """A short name, e.g. ``"age-60"``."""
    title: str
    """What the reform does, in one line (English: a message id of the catalog, in the
    reader's language with ``tr``)."""
    values: tuple[tuple[str, int | float], ...]
    """Each changed parameter (dotted name, as in ``parameters.toml``) with its new value."""
    source: str = ""
    """The instrument and words the reform comes from, when it is an adopted amendment."""

    def value(self, name: str) -> int | float | None:
        """The reform's value of parameter ``name``, or ``None`` when it leaves it."""
        return dict(self.values).get(name)


_AGE_60 = amendment("age-60")

REFORMS: tuple[Reform, ...] = (
    Reform(
        key="age-60",
        title=N_("The upper age of § 8 første ledd raised from 55 to 60 (adopted, not in force)"),
        values=(("programme.age_max", 60),),
        source=f"{_AGE_60.instrument}: § 8 første ledd «fra og med 18 til og med 60 år», "
        "tredje ledd «over 60 år»; not put into force (FOR-2025-06-20-1102).",
    ),
)
"""The adopted amendments not in force that :func:`as_reform` knows by name."""


def as_reform(spec: str | Reform | Mapping[str, int | float]) -> Reform:
    """The reform named ``spec`` (see :data:`REFORMS`), or parameters changed by name.

    Raises :class:`ValueError` naming the known reforms or parameters for anything else.
    """
    if isinstance(spec, Reform):
        return spec
    if isinstance(spec, str):
        for known in REFORMS:
            if known.key == spec:
                return known
        names = ", ".join(r.key for r in REFORMS)
        raise ValueError(f"no reform {spec!r}; known: {names} (or a mapping of parameters)")
    unknown = sorted(set(spec) - set(parameters()))
    if unknown or not spec:
        raise ValueError(
            f"not parameters: {', '.join(unknown) or '(none given)'}; "
            f"expected names among: {', '.join(parameters())}"
        )
    values = tuple(sorted((name, value) for name, value in spec.items()))
    return Reform(
        key=",".join(f"{name}={value}" for name, value in values),
        title=N_("Parameters changed by the caller"),
        values=values,
    )
