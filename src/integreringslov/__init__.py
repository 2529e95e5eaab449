"""integreringslov — Norway's Integration Act and the settlement process as typed Python.

The public API is importable from this module:

- the law as data: :mod:`integreringslov.law` (:class:`Provision`, the timeline, dated
  parameters, the county's duties) and :mod:`integreringslov.regions`;
- eligibility: :func:`assess` (one person, with reasons) and :func:`assess_frame` (a table);
- settlement: :func:`apportion` and :func:`recommend` (§ 4 andre ledd);
- data: :func:`read` and :func:`importers`, with the :data:`hookimpl` marker for plugins.
"""

from __future__ import annotations

from typing import Any

from integreringslov import law, regions
from integreringslov.allocation import Recommendation, apportion, recommend
from integreringslov.errors import (
    AllocationError,
    IntegreringslovError,
    InvalidInputError,
    MissingExtraError,
    NotInForceError,
    PluginError,
    Problem,
    SourceError,
    UnknownRegionError,
)
from integreringslov.law import Provision
from integreringslov.model import Person, ResidencePermit
from integreringslov.plugins import (
    Detection,
    Imported,
    ImporterInfo,
    RegisterImporter,
    SourceTable,
    hookimpl,
    importers,
    read,
)
from integreringslov.rules import Assessment, assess, assess_frame
from integreringslov.tables import Table, ValidationReport

__all__ = [
    "AllocationError",
    "Assessment",
    "Detection",
    "Imported",
    "ImporterInfo",
    "IntegreringslovError",
    "InvalidInputError",
    "MissingExtraError",
    "NotInForceError",
    "Person",
    "PluginError",
    "Problem",
    "Provision",
    "Recommendation",
    "RegisterImporter",
    "ResidencePermit",
    "SourceError",
    "SourceTable",
    "Table",
    "UnknownRegionError",
    "ValidationReport",
    "__version__",
    "apportion",
    "assess",
    "assess_frame",
    "hookimpl",
    "importers",
    "law",
    "read",
    "recommend",
    "regions",
]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import version

        return version("integreringslov")
    raise AttributeError(f"module 'integreringslov' has no attribute {name!r}")
