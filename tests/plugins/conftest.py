"""Fixtures for plugin tests: fresh plugin managers and faked entry-point discovery."""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from integreringslov.plugins import BLOCKED_ENV, DISABLE_AUTOLOAD_ENV, default_plugins


class FakeEntryPoint:
    def __init__(self, name: str, plugin: object, group: str = "integreringslov") -> None:
        self.name = name
        self.group = group
        self.value = f"fake:{name}"
        self._plugin = plugin

    def load(self) -> object:
        return self._plugin


class FakeDistribution:
    def __init__(self, name: str, version: str, entry_points: dict[str, object]) -> None:
        self.metadata = {"name": name}
        self.version = version
        self.entry_points = [FakeEntryPoint(n, p) for n, p in entry_points.items()]


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(DISABLE_AUTOLOAD_ENV, raising=False)
    monkeypatch.delenv(BLOCKED_ENV, raising=False)
    default_plugins.cache_clear()
    yield
    default_plugins.cache_clear()


@pytest.fixture
def fake_distributions(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Replace entry-point discovery: ``fake_distributions(("dist", "1.0", {"ep": plugin}))``."""

    def install(*dists: tuple[str, str, dict[str, Any]]) -> None:
        fakes = [FakeDistribution(*d) for d in dists]
        monkeypatch.setattr(importlib.metadata, "distributions", lambda: iter(fakes))
        default_plugins.cache_clear()

    install()
    return install
