"""Helpers for testing importer plugins: a fresh plugin host and the conformance checks.

Plugin authors run the same checks the library runs over its built-in importers::

    from integreringslov.testing import check_importer, make_plugins
    import my_plugin

    def test_conformance(tmp_path):
        plugins = make_plugins(my_plugin)
        for info in plugins.importers():
            if info.plugin == my_plugin.__name__:
                check_importer(plugins, info, tmp_path)

Every check raises :class:`AssertionError` with a message saying what is wrong, so they read
as ordinary test failures under pytest.

.. versionadded:: 0.1
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from integreringslov.errors import IntegreringslovError
from integreringslov.plugins import Imported, ImporterInfo, Plugins, get_plugin_manager
from integreringslov.tables import Table

__all__ = [
    "FOREIGN_FILES",
    "check_declaration",
    "check_detection_is_safe",
    "check_example",
    "check_importer",
    "make_plugins",
]

_NAME = re.compile(r"^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$")

FOREIGN_FILES: dict[str, bytes] = {
    "empty.bin": b"",
    "garbage.bin": bytes(range(256)) * 4,
    "notes.txt": "Dette er ikke data. Æ ø å.\n".encode(),
    "truncated.json": b'{"class": "dataset", "value": [1, 2',
    "utf16.csv": "a;b\n1;2\n".encode("utf-16"),
}
"""Files no importer should claim with confidence 1, and on which detection must not raise."""


def make_plugins(*plugins: object, builtins: bool = True) -> Plugins:
    """A fresh :class:`~integreringslov.plugins.Plugins` with ``plugins`` registered.

    Entry points are never loaded, so the result does not depend on what is installed.

    :param plugins: Plugin modules or objects to register besides the built-ins.
    :param builtins: Register the built-in importers too (block them with ``False``).
    """
    blocked: list[str] = []
    if not builtins:
        from integreringslov_importers import BUILTIN_PLUGINS

        blocked = list(BUILTIN_PLUGINS)
    return Plugins(get_plugin_manager(autoload=False, blocked=blocked, plugins=plugins))


def check_declaration(info: ImporterInfo) -> None:
    """The importer is declared completely: name, title, publisher, a documented schema."""
    assert _NAME.match(info.name), (
        f"importer name {info.name!r} should be lower case words joined by '-' or '_'"
    )
    assert info.title.strip(), f"importer {info.name!r} has no title"
    assert info.publisher.strip(), f"importer {info.name!r} has no publisher"
    assert isinstance(info.table, type), f"importer {info.name!r}: table is not a class"
    assert issubclass(info.table, Table), (
        f"importer {info.name!r}: table must subclass integreringslov.tables.Table"
    )
    assert (info.table.__doc__ or "").strip(), (
        f"importer {info.name!r}: schema {info.table.__name__} has no docstring"
    )
    schema = info.table.to_schema()
    for name, column in schema.columns.items():
        assert column.title, f"{info.table.__name__}.{name} has no title"
        assert column.description, f"{info.table.__name__}.{name} has no description"
    assert all(isinstance(p, str) and p for p in info.patterns), (
        f"importer {info.name!r}: patterns must be non-empty strings"
    )
    assert info.plugin, f"importer {info.name!r} has no plugin name (set by the host)"


def check_detection_is_safe(plugins: Plugins, workdir: Path) -> None:
    """``detect_source`` never raises on foreign files and is never certain about them.

    A detection of confidence 0 (declining the file) must say why.
    """
    for filename, content in FOREIGN_FILES.items():
        path = workdir / filename
        path.write_bytes(content)
        try:
            detections = plugins.detections(path)
        except IntegreringslovError as exc:  # pragma: no cover - reported as a failure
            raise AssertionError(f"detect_source raised on {filename}: {exc}") from exc
        for d in detections:
            assert d.confidence < 1.0, (
                f"importer {d.importer!r} is certain that {filename} is its own"
            )
            assert d.confidence > 0 or d.reason, (
                f"importer {d.importer!r} declines {filename} (confidence 0) without a reason"
            )


def check_example(plugins: Plugins, info: ImporterInfo, example: Path) -> Imported:
    """The importer reads one of its declared examples cleanly, and detection picks it.

    :return: The import, for further assertions.
    """
    assert example.is_file(), f"importer {info.name!r}: example {example} does not exist"
    detected = plugins.detect(example)
    assert detected.name == info.name, (
        f"{example.name} is detected as {detected.name!r}, not as {info.name!r}"
    )
    imported = plugins.read(example, importer=info.name)
    assert imported.importer == info
    assert imported.report.ok, imported.report.to_text()
    assert isinstance(imported.table, pd.DataFrame)
    assert len(imported.table) > 0, f"importer {info.name!r} read no rows from {example}"
    assert imported.report.rows == len(imported.table)
    return imported


def check_importer(plugins: Plugins, info: ImporterInfo, workdir: Path) -> None:
    """Every conformance check for one importer (declaration, safe detection, examples)."""
    check_declaration(info)
    check_detection_is_safe(plugins, workdir)
    assert info.examples, f"importer {info.name!r} declares no examples to check it with"
    for example in info.examples:
        check_example(plugins, info, example)
