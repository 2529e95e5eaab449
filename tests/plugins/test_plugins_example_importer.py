"""The real example plugin (examples/example-importer), installed by the README's test command.

These tests use the environment's real entry points, on purpose: they prove that an
installed plugin package is discovered, listed and validated.
"""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import pytest

from integreringslov.cli import main
from integreringslov.plugins import Plugins, get_plugin_manager

pytest.importorskip(
    "integreringslov_tally",
    reason="install it: python -m pip install -e ./examples/example-importer",
)


def test_it_is_installed_with_an_entry_point() -> None:
    eps = importlib.metadata.entry_points(group="integreringslov")
    assert "tally" in {ep.name for ep in eps}


def test_it_is_discovered_through_entry_points() -> None:
    plugins = Plugins(get_plugin_manager(autoload=True, blocked=()))
    info = plugins.importer("tally")
    assert info.plugin == "tally"
    assert info.distribution is not None
    assert info.distribution.startswith("integreringslov-tally ")
    assert info.table.__name__ == "TallyTable"


def test_it_is_listed_by_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["importers"]) == 0
    out = capsys.readouterr().out
    assert "tally: Tally of persons per municipality" in out
    assert "integreringslov-tally" in out


def test_its_output_is_validated(tmp_path: Path) -> None:
    source = tmp_path / "settled.tally"
    source.write_text("# header\n5001 120\n50x1 4\n5006 -2\n5014 3\n", encoding="utf-8")
    imported = Plugins(get_plugin_manager(autoload=True, blocked=())).read(source)
    assert imported.importer.name == "tally"
    assert [(p.row, p.column, p.value) for p in imported.report.problems] == [
        (3, "municipality", "50x1"),
        (4, "persons", "-2"),
    ]
    assert imported.table["persons"].tolist() == [120, 3]


def test_the_cli_reports_invalid_rows_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "settled.tally"
    source.write_text("5001 120\n50x1 4\n", encoding="utf-8")
    assert main(["import", str(source)]) == 1
    err = capsys.readouterr().err
    assert "row 2, column 'municipality'" in err
    assert "Traceback" not in err


def test_blocking_it_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTEGRERINGSLOV_BLOCKED_PLUGINS", "tally")
    names = {i.name for i in Plugins(get_plugin_manager()).importers()}
    assert "tally" not in names
