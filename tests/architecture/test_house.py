"""The house's shape, checked: the layers' order, no import circles, a pinned public surface.

The layers are declared once, in ``pyproject.toml`` (``[tool.importlinter]``), and described
on the contributors' page ``docs/contributing/architecture.md``. Imports inside functions
count (they are circles all the same, only hidden); imports for type checkers only do not.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(
        "integreringslov",
        "integreringslov_importers",
        exclude_type_checking_imports=True,
        cache_dir=None,
    )


def _circles(graph: grimp.ImportGraph, modules: set[str]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan, iterative)."""
    edges = {m: sorted(graph.find_modules_directly_imported_by(m) & modules) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(modules):
        if start in index:
            continue
        work = [(start, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            recurse = False
            for j in range(i, len(edges[node])):
                nxt = edges[node][j]
                if nxt not in index:
                    work.append((node, j + 1))
                    work.append((nxt, 0))
                    recurse = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if recurse:
                continue
            if low[node] == index[node]:
                group = []
                while True:
                    m = stack.pop()
                    on_stack.discard(m)
                    group.append(m)
                    if m == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return found


def test_no_import_circles(graph: grimp.ImportGraph) -> None:
    """No module reaches itself through imports, at module level or inside functions.

    A package's ``__init__`` importing its own submodules is the ordinary way to build a
    package; the check is between modules, so such a package counts once as each module.
    """
    modules = set(graph.modules)
    assert _circles(graph, modules) == []


def test_a_circle_is_found() -> None:
    """The check above can fail: two modules importing each other are one circle."""

    class Fake:
        def find_modules_directly_imported_by(self, m: str) -> set[str]:
            return {"a": {"b"}, "b": {"a", "c"}, "c": set()}[m]

    assert _circles(Fake(), {"a", "b", "c"}) == [["a", "b"]]  # type: ignore[arg-type]


@pytest.mark.skipif(shutil.which("lint-imports") is None, reason="import-linter not installed")
def test_layers_in_order() -> None:
    """import-linter's layers contract from pyproject.toml holds."""
    run = subprocess.run(
        [shutil.which("lint-imports") or "lint-imports", "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
