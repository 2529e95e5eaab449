"""The pluggy markers of the ``integreringslov`` project.

The spec marker is private: only :mod:`integreringslov.plugins.hookspecs` declares hooks.
The implementation marker :data:`hookimpl` is public and re-exported as
``integreringslov.hookimpl``; it is the only thing a plugin needs to import to implement a hook.
"""

from __future__ import annotations

import pluggy

__all__ = ["PROJECT", "hookimpl"]

PROJECT = "integreringslov"
"""The pluggy project name, which is also the entry-point group plugins are loaded from."""

_hookspec = pluggy.HookspecMarker(PROJECT)

hookimpl = pluggy.HookimplMarker(PROJECT)
"""Mark a function as an implementation of a hook in :mod:`~integreringslov.plugins.hookspecs`.

Use it bare (``@hookimpl``) or with pluggy's options (``@hookimpl(tryfirst=True)``). Name the
function after the hook and take only the hook parameters you need, *without defaults*
(pluggy never passes a parameter that has a default)."""
