"""Where the library keeps what it downloads (*hurtigbuffer*): one directory, one rule.

Used by the HTTP client (``http``) and by the region registry, which
reads the KLASS data :func:`integreringslov.regions.update` stored there. Light on purpose:
the registry asks for the directory without importing the HTTP stack.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

__all__ = ["CACHE_DIR_ENV", "cache_dir"]

CACHE_DIR_ENV: Final = "INTEGRERINGSLOV_CACHE_DIR"
"""Environment variable that moves the cache directory (see :func:`cache_dir`)."""


def cache_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The directory the library caches downloads in.

    ``path`` when given; else ``$INTEGRERINGSLOV_CACHE_DIR``; else the platform's user
    cache directory (``~/.cache/integreringslov`` on Linux, via :mod:`platformdirs`).
    """
    if path is not None:
        return Path(path)
    env = os.environ.get(CACHE_DIR_ENV)
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("integreringslov", appauthor=False))
