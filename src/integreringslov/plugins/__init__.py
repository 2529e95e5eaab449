"""The importer plugin system (pluggy).

Plugins implement the hooks in :mod:`integreringslov.plugins.hookspecs` with the public
:data:`hookimpl` marker and are discovered through the ``integreringslov`` entry-point group.
:func:`read` detects the importer of a file, reads it and always validates the result.
A plugin speaks the user's language with :func:`say` (inside :func:`speaking`, which the
host sets around every hook call), and reads within :class:`Limits`.
"""

from __future__ import annotations

from integreringslov._io.limits import DEFAULT_LIMITS, Limits
from integreringslov._text.i18n import say, speaking
from integreringslov.plugins._manager import (
    BLOCKED_ENV,
    DISABLE_AUTOLOAD_ENV,
    ENTRY_POINT_GROUP,
    Plugins,
    default_plugins,
    get_plugin_manager,
    importers,
    read,
)
from integreringslov.plugins._markers import PROJECT, hookimpl
from integreringslov.plugins._types import (
    Detection,
    Imported,
    ImporterInfo,
    RegisterImporter,
    SourceTable,
)

__all__ = [
    "BLOCKED_ENV",
    "DEFAULT_LIMITS",
    "DISABLE_AUTOLOAD_ENV",
    "ENTRY_POINT_GROUP",
    "PROJECT",
    "Detection",
    "Imported",
    "ImporterInfo",
    "Limits",
    "Plugins",
    "RegisterImporter",
    "SourceTable",
    "default_plugins",
    "get_plugin_manager",
    "hookimpl",
    "importers",
    "read",
    "say",
    "speaking",
]
