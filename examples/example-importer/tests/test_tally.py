"""The tally plugin passes the library's conformance checks and reports bad lines by line."""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

import integreringslov_tally

from integreringslov.testing import check_importer, make_plugins


def test_conformance(tmp_path: Path) -> None:
    plugins = make_plugins(integreringslov_tally)
    ours = [i for i in plugins.importers() if i.plugin == integreringslov_tally.__name__]
    assert [i.name for i in ours] == ["tally"]
    for info in ours:
        check_importer(plugins, info, tmp_path)


def test_reads_the_example() -> None:
    imported = make_plugins(integreringslov_tally).read(integreringslov_tally.EXAMPLE)
    assert imported.report.ok
    # example.tally: line 2 "5001 120", line 3 "5006 14", line 5 "5014 3"
    assert imported.table["persons"].tolist() == [120, 14, 3]
    assert imported.table.index.tolist() == [2, 3, 5]


def test_wins_over_the_builtins_only_on_its_own_format(tmp_path: Path) -> None:
    plugins = make_plugins(integreringslov_tally)
    renamed = tmp_path / "settled.csv"  # tally content under a CSV name
    renamed.write_text("5001 120\n", encoding="utf-8")
    claims = {d.importer: d.confidence for d in plugins.detections(renamed)}
    assert claims["tally"] == 0.4
    assert max(c for name, c in claims.items() if name != "tally") == 0.2  # "some CSV"
    assert plugins.detect(renamed).name == "tally"
    csv = tmp_path / "table.csv"  # a real CSV goes to the built-in importers
    csv.write_text("municipality,persons\n5001,120\n", encoding="utf-8")
    assert plugins.detect(csv).name != "tally"


def test_bad_lines_are_reported_in_the_files_own_words(tmp_path: Path) -> None:
    path = tmp_path / "bad.tally"
    path.write_text("# comment\n5001 120\n5006\n501 4\n5014 -3\n", encoding="utf-8")
    imported = make_plugins(integreringslov_tally).read(path)
    assert not imported.report.ok
    where = {(p.row, p.value) for p in imported.report.problems}
    assert (3, "5006") in where  # one field: the plugin's own problem
    assert (4, "501") in where  # three digits: the schema's check, same line number
    assert (5, "-3") in where  # a negative count
    assert imported.table.index.tolist() == [2]


def test_the_installed_package_declares_its_entry_point() -> None:
    found = entry_points(group="integreringslov", name="tally")
    assert [ep.value for ep in found] == ["integreringslov_tally"]


def test_its_problem_and_note_follow_the_users_language(tmp_path: Path) -> None:
    path = tmp_path / "bad.tally"
    path.write_text("# comment\n5001 120\n5006\n", encoding="utf-8")
    plugins = make_plugins(integreringslov_tally)
    english = plugins.read(path).report
    bokmal = plugins.read(path, lang="nb").report
    assert [p.message for p in english.problems] == ["a tally line has two fields"]
    assert [p.message for p in bokmal.problems] == ["en tally-linje har to felter"]
    assert bokmal.notes == ("1 kommentarlinje(r) som begynner med '#'",)
