"""Every claim of README.md and Getting started that can be run or checked, is.

Install commands: each extra they name exists in pyproject.toml, and each local path
exists (nothing is installed here: CI runs the README's command verbatim). The extras table
and the list of core dependencies match pyproject.toml. Every ``integreringslov`` command
shown parses with the real argument parser, and the cheap ones run. Links resolve; the docs
build command is the one CI runs; the nox sessions exist, and the extra said to install nox
does.
"""

from __future__ import annotations

import ast
import itertools
import re
import shlex
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from integreringslov.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

import ilrun  # noqa: E402

README = (ROOT / "README.md").read_text("utf-8")
GETTING_STARTED = (ROOT / "docs" / "getting-started.md").read_text("utf-8")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
EXTRAS: dict[str, list[str]] = PYPROJECT["optional-dependencies"]
CI = (ROOT / ".ci" / "run").read_text("utf-8").splitlines()
PAGES = {"README.md": README, "getting-started.md": GETTING_STARTED}


def _shell_lines(text: str, inline: bool = True) -> list[str]:
    """Every command of the ``sh`` blocks (and of inline code), split at ``&&``."""
    found = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.DOTALL):
        found += [line.split("#")[0].strip() for line in block.replace("\\\n", " ").splitlines()]
    if inline:
        found += re.findall(r"`((?:python -m pip install|integreringslov) [^`]*)`", text)
    commands = [part.strip() for line in found for part in line.split("&&")]
    return [c for c in commands if c]


COMMANDS = sorted({(page, c) for page, text in PAGES.items() for c in _shell_lines(text)})
PIP = [(p, c) for p, c in COMMANDS if c.startswith("python -m pip install")]
CLI = [(p, c) for p, c in COMMANDS if c.startswith("integreringslov ")]


def _parses(command: str) -> bool:
    """Whether the real argument parser accepts the command line (``--help`` counts)."""
    try:
        build_parser().parse_args(shlex.split(command)[1:])
    except SystemExit as exc:  # argparse: 0 for --help/--version, 2 for a usage error
        return exc.code == 0
    return True


def _names(requirements: list[str]) -> set[str]:
    return {Requirement(r).name.lower() for r in requirements}


@pytest.mark.parametrize(("page", "command"), PIP, ids=[f"{p}: {c}" for p, c in PIP])
def test_install_commands_name_real_extras_and_paths(page: str, command: str) -> None:
    args = shlex.split(command)[4:]
    if args == ["--upgrade", "pip"]:  # pip upgrading itself, before the project's commands
        return
    for arg in args:
        if arg.startswith("-"):
            continue
        path, _, extras = arg.partition("[")
        assert (ROOT / path).exists(), f"{page}: {command!r} installs {path!r}, not in the repo"
        for extra in filter(None, extras.rstrip("]").split(",")):
            assert extra in EXTRAS, f"{page}: {command!r} names extra {extra!r}, not in pyproject"


def test_there_are_install_commands_to_check() -> None:
    assert len(PIP) >= 3
    assert not any("integreringslov[" in c or "pip install integreringslov" in c for _, c in PIP)


@pytest.mark.parametrize(("page", "command"), CLI, ids=[f"{p}: {c}" for p, c in CLI])
def test_cli_commands_parse(page: str, command: str) -> None:
    assert _parses(command), f"{page}: {command!r} is not a valid command line"


def test_the_demo_on_another_date_runs(tmp_path: Path) -> None:
    command = "integreringslov demo --on 2022-05-16"
    assert ("getting-started.md", command) in CLI
    proc = ilrun.run(command, tmp_path)  # as a reader's shell runs it
    assert proc.returncode == 0, proc.stdout
    assert "2022-05-16" in proc.stdout


def _extras_table() -> dict[str, set[str]]:
    rows = re.findall(r"^\| `(\w+)` \| .*? \| ([^|]+) \|$", GETTING_STARTED, re.MULTILINE)
    return {extra: {n.strip().lower() for n in names.split(",")} for extra, names in rows}


def test_the_extras_table_is_pyproject() -> None:
    table = _extras_table()
    features = {e for e in EXTRAS if e not in ("test", "docs", "dev")}
    assert set(table) == features
    for extra, names in table.items():
        assert names == _names(EXTRAS[extra]), f"extra {extra!r}"
    for extra in ("test", "docs", "dev"):
        assert f"`{extra}`" in GETTING_STARTED


def test_the_core_dependencies_are_listed() -> None:
    listed = re.search(r"installs the core \(([^)]*)\)", GETTING_STARTED)
    assert listed is not None
    assert {n.strip().lower() for n in listed.group(1).split(",")} == _names(
        PYPROJECT["dependencies"]
    )


def test_readme_links_resolve_and_reach_the_docs() -> None:
    links = re.findall(r"\]\(([^)#]+)\)", README)
    local = [link for link in links if "://" not in link]
    assert "docs/index.md" in local
    for link in local:
        assert (ROOT / link).exists(), f"README links to {link}, which does not exist"


def test_the_docs_build_command_is_the_one_ci_runs() -> None:
    sphinx = [c for _, c in COMMANDS if c.startswith("python -m sphinx")]
    assert sphinx
    for command in sphinx:
        assert command in CI
        assert " -n " in command and " -W " in command  # noqa: PT018 - one claim


def test_the_nox_sessions_exist_and_dev_installs_nox() -> None:
    tree = ast.parse((ROOT / "noxfile.py").read_text("utf-8"))
    sessions = {n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.decorator_list}
    claimed = re.search(r"`nox -s ([\w ]+)`", README)
    assert claimed is not None
    assert set(claimed.group(1).split()) <= sessions
    assert "nox" in _names(EXTRAS["dev"])
    assert 'python -m pip install -e ".[dev]"' in README


GUIDES = sorted((ROOT / "docs" / "guides").glob("*.md"))
SHIPPED = {p.name for p in (ROOT / "src" / "integreringslov_importers" / "data").rglob("*")}


@pytest.mark.parametrize("guide", GUIDES, ids=[g.name for g in GUIDES])
def test_guide_commands_parse_and_read_files_that_exist(guide: Path) -> None:
    written: set[str] = set()
    for command in _shell_lines(guide.read_text("utf-8"), inline=False):
        if not command.startswith("integreringslov "):
            continue
        assert _parses(command), f"{guide.name}: {command!r} is not a valid command line"
        args = shlex.split(command)
        for before, arg in itertools.pairwise(args):
            if before in ("-o", "--output"):
                written.add(arg)
            elif re.search(r"\.(csv|xlsx|json|tally|toml)$", arg):
                assert arg in SHIPPED | written, f"{guide.name}: {command!r} reads {arg!r}"
