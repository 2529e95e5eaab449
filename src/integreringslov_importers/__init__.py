"""The built-in importer plugins of integreringslov.

Each module here is a plugin written exactly like a third-party one: it imports only the
public API (``from integreringslov import hookimpl`` and public modules) and implements the
hooks of :mod:`integreringslov.plugins.hookspecs`. The host registers the modules named in
:data:`BUILTIN_PLUGINS` explicitly (not through entry points), so turning plugin autoloading
off never removes them.
"""

from __future__ import annotations

__all__ = ["BUILTIN_PLUGINS"]

# To add a built-in importer: write ``integreringslov_importers/<name>.py`` with
# ``@hookimpl`` functions ``register_importers``, ``detect_source`` and ``read_source``
# (see integreringslov_importers/ssb.py), then append its module name to this tuple.
# The module name is also the plugin's name, which INTEGRERINGSLOV_BLOCKED_PLUGINS accepts.
# Keep one module per publisher/format family; nothing else needs to change.
BUILTIN_PLUGINS: tuple[str, ...] = (
    "integreringslov_importers.ssb",
    "integreringslov_importers.imdi",
    "integreringslov_importers.spreadsheet",
    "integreringslov_importers.written",
)
"""The modules registered as built-in plugins, in registration order."""
