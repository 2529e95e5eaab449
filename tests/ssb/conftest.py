"""Fixtures for the SSB importer tests: the real sample files and a fresh plugin host."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from integreringslov.plugins import Plugins, get_plugin_manager

DATA = Path(__file__).resolve().parents[1] / "data" / "ssb"
SAMPLES = DATA / "samples"


@pytest.fixture
def sample() -> Callable[[str], Path]:
    """The path of a real sample file (see tests/data/ssb/samples/README.md)."""

    def path(name: str) -> Path:
        found = SAMPLES / name
        assert found.is_file(), found
        return found

    return path


@pytest.fixture
def raw(sample: Callable[[str], Path]) -> Callable[[str], Any]:
    """The sample parsed with json.loads, for looking values up independently."""
    return lambda name: json.loads(sample(name).read_text(encoding="utf-8"))


@pytest.fixture
def plugins() -> Plugins:
    """Built-ins only: no entry points, so nothing installed can interfere."""
    return Plugins(get_plugin_manager(autoload=False, blocked=()))
