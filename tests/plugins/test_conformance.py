"""Every registered importer passes the conformance checks in integreringslov.testing.

This runs over whatever is registered in this environment: the built-ins and every plugin
installed through entry points (the README's test command installs the example plugin).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from integreringslov.plugins import ImporterInfo, Plugins, get_plugin_manager
from integreringslov.testing import (
    check_declaration,
    check_detection_is_safe,
    check_example,
    make_plugins,
)


def _registered() -> list[ImporterInfo]:
    return Plugins(get_plugin_manager(autoload=True, blocked=())).importers()


IMPORTERS = _registered()


@pytest.fixture(scope="module")
def plugins() -> Plugins:
    return Plugins(get_plugin_manager(autoload=True, blocked=()))


def test_there_are_importers() -> None:
    assert {"ssb-jsonstat", "ssb-csv"} <= {i.name for i in IMPORTERS}


@pytest.mark.parametrize("info", IMPORTERS, ids=lambda i: i.name)
def test_declaration(info: ImporterInfo) -> None:
    check_declaration(info)


@pytest.mark.parametrize(
    ("info", "example"),
    [(i, e) for i in IMPORTERS for e in i.examples],
    ids=lambda v: v.name if hasattr(v, "name") else str(v),
)
def test_reads_its_examples(plugins: Plugins, info: ImporterInfo, example: Path) -> None:
    registered = plugins.importer(info.name)
    imported = check_example(plugins, registered, example)
    # every required column of the declared schema (optional ones may be absent)
    required = {
        name
        for name, column in info.table.to_schema().columns.items()
        if column.required and not column.regex
    }
    assert set(imported.table.columns) >= required


@pytest.mark.parametrize("info", IMPORTERS, ids=lambda i: i.name)
def test_declares_examples(info: ImporterInfo) -> None:
    assert info.examples, f"{info.name} declares no example files"


def test_detection_is_safe_on_foreign_files(plugins: Plugins, tmp_path: Path) -> None:
    check_detection_is_safe(plugins, tmp_path)


def test_make_plugins_without_builtins_has_none() -> None:
    assert make_plugins(builtins=False).importers() == []
