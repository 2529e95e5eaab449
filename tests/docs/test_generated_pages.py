"""The generated reference pages say what the code and the tests say, matched by citation.

The law pages list, per paragraph, the functions that declare it in a ``:provision:``
docstring field and the law cases whose ``provision`` column cites it — never a test that
merely mentions "§ 9" in its text. The table reference covers every column of every table.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

import ilgen  # noqa: E402

from integreringslov.testing import make_plugins  # noqa: E402


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docs")
    w = ilgen._Writer(out)
    ilgen.public_modules_cache = ilgen.public_modules()
    ilgen.write_chapter_tables(w, ROOT)
    ilgen.write_chapter_code(w, ROOT)
    ilgen.write_provision_index(w, ROOT)
    ilgen.write_table_reference(w)
    return out / "_generated"


def test_a_citation_names_its_act_per_part() -> None:
    assert ilgen.sections_of("integreringsloven § 51; integreringsforskriften § 72") == {
        ("integreringsloven", "§ 51"),
        ("integreringsforskriften", "§ 72"),
    }
    assert ilgen.sections_of("§ 37 c første ledd; § 9 første ledd bokstav f") == {
        ("integreringsloven", "§ 37 c"),
        ("integreringsloven", "§ 9"),
    }


def test_provision_fields_are_found_in_docstrings(tmp_path: Path) -> None:
    (tmp_path / "src" / "pkg").mkdir(parents=True)
    (tmp_path / "tests").mkdir()
    (tmp_path / "src" / "pkg" / "rules.py").write_text(
        'def rule():\n    """A rule.\n\n    :provision: integreringsloven § 8 første ledd\n'
        '    """\n'
        'def other():\n    """Mentions § 9 in passing."""\n',
        encoding="utf-8",
    )
    (tmp_path / "tests" / "test_x.py").write_text(
        'class TestIt:\n    def test_a(self):\n        """:provision: § 11"""\n'
        'def test_text():\n    """The § 9 of a text file."""\n',
        encoding="utf-8",
    )
    found = {(d.where, d.qualname, d.is_test): d.sections for d in ilgen.scan_declared(tmp_path)}
    assert found == {
        ("pkg.rules", "rule", False): {("integreringsloven", "§ 8")},
        ("tests/test_x.py", "TestIt.test_a", True): {("integreringsloven", "§ 11")},
    }


def test_text_tests_are_not_listed_as_law_tests(pages: Path) -> None:
    text = (pages / "tests-kapittel-4.md").read_text("utf-8")
    assert "test_an_empty_file" not in text  # a text-encoding test that mentions § 9
    assert "tests/foundation/test_textio.py" not in text


def test_every_law_case_is_listed_under_each_paragraph_it_cites(pages: Path) -> None:
    text = (pages / "tests-kapittel-4.md").read_text("utf-8")
    blocks = dict(re.findall(r"\*\*(§ [\w ]+?)\*\* — (.*?)(?=\n\*\*§|\Z)", text, re.DOTALL))
    cases = (ROOT / "tests" / "law_cases" / "eligibility.csv").read_text("utf-8")
    rows = csv.DictReader(io.StringIO(cases))
    checked = 0
    for case in rows:
        for act, section in ilgen.sections_of(case["provision"]):
            if act == "integreringsloven" and section in ilgen.CHAPTERS["kapittel-4"]:
                assert ilgen._md_escape(case["name"]) in blocks[section], (section, case["name"])
                checked += 1
    assert checked > 0


def test_the_rules_that_implement_section_8_are_on_its_page(pages: Path) -> None:
    text = (pages / "code-kapittel-4.md").read_text("utf-8")
    line = next(x for x in text.splitlines() if x.startswith("- **§ 8**"))
    assert "assess_frame" in line
    assert "target_group" in line


def test_the_provision_index_is_narrow(pages: Path) -> None:
    text = (pages / "provisions.md").read_text("utf-8")
    header = next(x for x in text.splitlines() if x.startswith("| provision"))
    assert header.count("|") - 1 <= 4


def test_every_column_of_every_table_is_described(pages: Path) -> None:
    text = (pages / "tables.md").read_text("utf-8")
    tables = {info.table for info in make_plugins().importers()}
    tables |= set(ilgen._schema_tables())
    for table in tables:
        for name, column in table.to_schema().columns.items():
            assert f"`{ilgen._md_escape(name)}`" in text, f"{table.__name__}.{name}"
            assert column.description, f"{table.__name__}.{name} has no description"


def test_the_plugin_tutorial_shows_every_file_of_the_package() -> None:
    package = ROOT / "examples" / "example-importer"
    page = (ROOT / "docs" / "guides" / "writing-an-importer.md").read_text("utf-8")
    made = {"__pycache__", ".pytest_cache", ".mypy_cache", "build", "dist"}  # by tools
    files = [
        p
        for p in package.rglob("*")
        if p.is_file()
        and not made & set(p.parts)
        and not any(part.endswith(".egg-info") for part in p.parts)
    ]
    assert len(files) >= 5
    for path in files:
        rel = path.relative_to(ROOT).as_posix()
        assert f"{{literalinclude}} /../{rel}" in page, f"the tutorial does not show {rel}"


def test_the_api_index_lists_the_public_names_with_a_line_each(tmp_path: Path) -> None:
    """Issue 22: not a flat list of modules, but each package's public names, summarised."""
    w = ilgen._Writer(tmp_path)
    ilgen.write_api(w)
    index = (tmp_path / "api" / "index.md").read_text("utf-8")
    import integreringslov as il

    for package in ("integreringslov", "integreringslov.rules", "integreringslov.law"):
        assert f"## `{package}`" in index
    rows = dict(re.findall(r"^\| (.+?) \| (.*) \|$", index, flags=re.MULTILINE))
    top = index.split("## `integreringslov.rules`")[0]
    for name in (n for n in il.__all__ if not n.startswith("_")):
        assert re.search(rf"^\| [^|]*\b{name}\b", top, flags=re.MULTILINE), name
    assert all(summary.strip() for summary in rows.values()), "a public name without a line"
    assert "{py:obj}`assess_frame <integreringslov.rules.assess_frame>`" in index
    assert "_frame" not in index.replace("assess_frame", "")  # no private module shown
