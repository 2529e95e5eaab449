"""Fixtures for the live clients: a fake PxWebApi 2 on 127.0.0.1 and a cache of the test's own.

No test here touches the network: every URL is the fake's, no proxy of the machine is
used, and the cache directory is the test's temporary directory (also through
``INTEGRERINGSLOV_CACHE_DIR``, so nothing reads or writes the user's real cache).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_servers import FakePxWeb

from integreringslov import regions
from integreringslov._net.cache import CACHE_DIR_ENV


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv(CACHE_DIR_ENV, str(directory))
    # the local servers are reached directly, whatever proxy the machine names
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    return directory


@pytest.fixture(autouse=True)
def fresh_registry() -> Iterator[None]:
    """The region registry loaded anew around each test (an update may have changed it)."""
    regions.reload()
    yield
    regions.reload()


@pytest.fixture
def fake() -> FakePxWeb:
    """The fake, with SCB's recorded TAB6471 and a small cell limit (several calls)."""
    return FakePxWeb(max_data_cells=500, max_calls=100)


@pytest.fixture
def url(fake: FakePxWeb) -> Iterator[str]:
    with fake.running() as base:
        yield base
