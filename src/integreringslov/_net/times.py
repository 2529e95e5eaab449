"""How long the HTTP client waits, by default (internal; light to import).

The command line names these in its help, which is built for every command, so they live
apart from the HTTP stack they govern (``http``).
"""

from __future__ import annotations

from typing import Final

__all__ = ["DEFAULT_DEADLINE", "DEFAULT_TIMEOUT"]

DEFAULT_TIMEOUT: Final = 30.0
"""Seconds one exchange with a server may take (connect, send, headers, the whole body),
and the longest ``Retry-After`` waited."""
DEFAULT_DEADLINE: Final = 600.0
"""Seconds a client may work in all (every call and every wait), from its making."""
