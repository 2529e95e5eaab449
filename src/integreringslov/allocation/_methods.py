"""The apportionment methods by name, without numpy: what the command line offers.

:mod:`integreringslov.allocation` re-exports :class:`Method` and :data:`METHODS`; they live
here so that ``integreringslov recommend --help`` can list them without importing numpy.
"""

from __future__ import annotations

import enum
from typing import Literal, get_args

from integreringslov._text.i18n import N_, tr
from integreringslov.errors import AllocationError

__all__ = ["DESCRIPTIONS", "METHODS", "METHOD_NAMES", "Method", "MethodName"]

MethodName = Literal[
    "hamilton", "largest_remainder", "largest-remainder", "hare_niemeyer", "hare-niemeyer",
    "dhondt", "d_hondt", "d-hondt", "d'hondt", "jefferson",
    "sainte_lague", "sainte-lague", "webster",
    "modified_sainte_lague", "modified-sainte-lague",
    "huntington_hill", "huntington-hill", "equal_proportions", "equal-proportions",
    "adams",
]  # fmt: skip
"""Every name of a method that :func:`~integreringslov.allocation.apportion`,
:func:`~integreringslov.allocation.recommend` and ``integreringslov recommend --method``
accept: the canonical names of :class:`Method`, the same with ``-`` for ``_``, and the
usual other names (``webster``, ``jefferson``, ``largest_remainder``, …)."""

METHOD_NAMES: tuple[str, ...] = get_args(MethodName)
"""The names of :data:`MethodName`, for the command line."""


class Method(enum.Enum):
    """The apportionment methods; the values are the names the API and the CLI accept."""

    HAMILTON = "hamilton"
    """Largest remainder (Hamilton, Hare–Niemeyer): floor of the quota, then the largest
    remainders. Satisfies quota; not house monotone (Alabama paradox)."""
    DHONDT = "dhondt"
    """D'Hondt (Jefferson): divisors 1, 2, 3, … Favours larger regions."""
    SAINTE_LAGUE = "sainte_lague"
    """Sainte-Laguë (Webster): divisors 1, 3, 5, … Unbiased between large and small."""
    MODIFIED_SAINTE_LAGUE = "modified_sainte_lague"
    """Modified Sainte-Laguë as in Norwegian elections: divisors 1.4, 3, 5, …"""
    HUNTINGTON_HILL = "huntington_hill"
    """Huntington–Hill (equal proportions): divisors √(k(k+1)): 0, √2, √6, … Every region
    with a positive weight gets one unit before any gets a second."""
    ADAMS = "adams"
    """Adams (smallest divisors): divisors 0, 1, 2, … Every region with a positive weight
    gets one unit first; favours smaller regions."""

    @classmethod
    def parse(cls, value: str | Method) -> Method:
        """The method named ``value``: one of :data:`MethodName` (case and spaces ignored)."""
        if isinstance(value, Method):
            return value
        key = str(value).strip().lower().replace("-", "_").replace(" ", "_").replace("'", "")
        aliases = {
            "largest_remainder": "hamilton",
            "hare_niemeyer": "hamilton",
            "jefferson": "dhondt",
            "d_hondt": "dhondt",
            "webster": "sainte_lague",
            "sainte_lague_modified": "modified_sainte_lague",
            "equal_proportions": "huntington_hill",
        }
        key = aliases.get(key, key)
        try:
            return cls(key)
        except ValueError:
            names = ", ".join(m.value for m in cls)
            raise AllocationError(
                tr(
                    "unknown method {value!r}; expected one of: {names} (or sainte-lague, "
                    "webster, jefferson, largest_remainder, …)",
                    value=value,
                    names=names,
                )
            ) from None


METHODS: tuple[str, ...] = tuple(m.value for m in Method)
"""The method names :func:`apportion` accepts."""

DESCRIPTIONS: dict[Method, str] = {
    Method.HAMILTON: N_(
        "largest remainder: each gets the whole part of its quota, the rest go to the largest "
        "remainders"
    ),
    Method.DHONDT: N_("D'Hondt: highest quotients with divisors 1, 2, 3, … (favours the large)"),
    Method.SAINTE_LAGUE: N_(
        "Sainte-Laguë: highest quotients with divisors 1, 3, 5, … (unbiased)"
    ),
    Method.MODIFIED_SAINTE_LAGUE: N_(
        "modified Sainte-Laguë: divisors 1.4, 3, 5, … (a first unit is harder to get)"
    ),
    Method.HUNTINGTON_HILL: N_(
        "Huntington–Hill: divisors √(k(k+1)); everyone with a weight gets one before anyone "
        "gets two"
    ),
    Method.ADAMS: N_(
        "Adams: divisors 0, 1, 2, …; everyone with a weight gets one first (favours the small)"
    ),
}
"""A one-line description of each method, for explanations (a message id: the catalog has
its bokmål)."""
