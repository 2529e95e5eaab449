"""integreringslov — Norway's Integration Act and the settlement process as typed Python.

The public API is importable from this module:

- the law as data: :mod:`integreringslov.law` (:class:`Provision`, the timeline, dated
  parameters, the county's duties) and :mod:`integreringslov.regions`;
- eligibility: :func:`assess` (one person, with reasons), :func:`assess_frame` (a table:
  pandas, polars or pyarrow) and :func:`assess_panel` (many dates, also on Dask);
  :func:`compare` (a table under the law in force and under a reform such as ``"age-60"``);
- settlement: :func:`apportion` and :func:`recommend` (§ 4 andre ledd);
- data: :func:`read` and :func:`importers`, with the :data:`hookimpl` marker for plugins;
  :mod:`integreringslov.ssb` fetches tables live from SSB's StatBank (PxWebApi 2).

Every public name is imported the first time it is used (SPEC 1): ``import integreringslov``
imports nothing else, so it and the command line start quickly — and the command line
handles a Ctrl-C from its first few hundredths of a second, not after the law has loaded.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - the same names as _LAZY, for type checkers and IDEs
    from integreringslov import law, regions, ssb
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
    from integreringslov.rules import Assessment, assess, assess_frame, compare
    from integreringslov.rules._panel import assess_panel
    from integreringslov.tables import Table, ValidationReport

    __version__: str

_LAZY = {
    "Provision": "integreringslov.law",
    "Person": "integreringslov.model",
    "ResidencePermit": "integreringslov.model",
    "Recommendation": "integreringslov.allocation",
    "apportion": "integreringslov.allocation",
    "recommend": "integreringslov.allocation",
    "Detection": "integreringslov.plugins",
    "Imported": "integreringslov.plugins",
    "ImporterInfo": "integreringslov.plugins",
    "RegisterImporter": "integreringslov.plugins",
    "SourceTable": "integreringslov.plugins",
    "hookimpl": "integreringslov.plugins",
    "importers": "integreringslov.plugins",
    "read": "integreringslov.plugins",
    "Assessment": "integreringslov.rules",
    "assess": "integreringslov.rules",
    "assess_frame": "integreringslov.rules",
    "compare": "integreringslov.rules",
    "assess_panel": "integreringslov.rules._panel",
    "Table": "integreringslov.tables",
    "ValidationReport": "integreringslov.tables",
}
"""Public names imported on first use, and the module each comes from."""

_LAZY_MODULES = frozenset({"law", "regions", "ssb"})
"""Public submodules imported on first use."""

_ERRORS = "integreringslov.errors"
"""The module whose every public name (its ``__all__``: the errors) is the package's too,
imported on first use like the rest."""

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
    "assess_panel",
    "compare",
    "hookimpl",
    "importers",
    "law",
    "read",
    "recommend",
    "regions",
    "ssb",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is not None:
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value  # later look-ups skip this function
        return value
    if name in _LAZY_MODULES:
        return importlib.import_module(f"{__name__}.{name}")
    errors = importlib.import_module(_ERRORS)
    if name in errors.__all__:
        value = getattr(errors, name)
        globals()[name] = value
        return value
    if name == "__version__":
        from importlib.metadata import version

        return version("integreringslov")
    raise AttributeError(f"module 'integreringslov' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
