"""Apportionment and the county's recommendation (integreringsloven § 4 andre ledd).

«Fylkeskommunen skal anbefale hvor mange flyktninger som bør bosettes i den enkelte kommune
i fylket.» — the county shall recommend how many refugees should be settled in each
municipality of the county. The law gives no formula and Norway publishes none, so this
package offers the tools to make one transparent and reproducible:

* :func:`apportion` shares a whole number among regions by weight, with the classical
  methods (Hamilton, D'Hondt, Sainte-Laguë, modified Sainte-Laguë, Huntington–Hill, Adams),
  a minimum ("at least the minimum or nothing"), caps and opt-outs, decided exactly;
* :func:`recommend` builds the weights from criteria the user chooses and weighs, then
  apportions, and returns a :class:`Recommendation` that explains itself and can be
  reproduced.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from integreringslov.allocation._methods import METHOD_NAMES, METHODS, Method, MethodName

if TYPE_CHECKING:  # pragma: no cover - the same names as _LAZY, for type checkers and IDEs
    from integreringslov.allocation._core import apportion
    from integreringslov.allocation._recommendation import (
        Criterion,
        Direction,
        Recommendation,
        RecommendationRow,
        parse_criteria,
        recommend,
    )

_LAZY = {
    "apportion": "integreringslov.allocation._core",
    "Criterion": "integreringslov.allocation._recommendation",
    "Direction": "integreringslov.allocation._recommendation",
    "Recommendation": "integreringslov.allocation._recommendation",
    "RecommendationRow": "integreringslov.allocation._recommendation",
    "parse_criteria": "integreringslov.allocation._recommendation",
    "recommend": "integreringslov.allocation._recommendation",
}
"""Names that need numpy or pandas, imported on first use, and the module of each.

:data:`METHODS` and :class:`Method` are imported at once: the command line lists them.
"""

__all__ = [
    "METHODS",
    "METHOD_NAMES",
    "Criterion",
    "Direction",
    "Method",
    "MethodName",
    "Recommendation",
    "RecommendationRow",
    "apportion",
    "parse_criteria",
    "recommend",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
