"""integreringslov — Norway's Integration Act and the settlement process as typed Python.

The public API is importable from this module; see the documentation for a tour.
"""

from __future__ import annotations

from typing import Any

from integreringslov import law, regions
from integreringslov.errors import (
    IntegreringslovError,
    InvalidInputError,
    NotInForceError,
    Problem,
    SourceError,
    UnknownRegionError,
)
from integreringslov.law import Provision

__all__ = [
    "IntegreringslovError",
    "InvalidInputError",
    "NotInForceError",
    "Problem",
    "Provision",
    "SourceError",
    "UnknownRegionError",
    "__version__",
    "law",
    "regions",
]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import version

        return version("integreringslov")
    raise AttributeError(f"module 'integreringslov' has no attribute {name!r}")
