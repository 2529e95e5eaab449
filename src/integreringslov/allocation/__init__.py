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

from integreringslov.allocation._core import METHODS, Method, apportion
from integreringslov.allocation.recommend import (
    Criterion,
    Direction,
    Recommendation,
    RecommendationRow,
    parse_criteria,
    recommend,
)

__all__ = [
    "METHODS",
    "Criterion",
    "Direction",
    "Method",
    "Recommendation",
    "RecommendationRow",
    "apportion",
    "parse_criteria",
    "recommend",
]
