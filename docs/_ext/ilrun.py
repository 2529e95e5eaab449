"""The ``il-run`` directive: shell commands shown with the output they print at build time.

A tutorial page writes the commands a reader types::

    ```{il-run}
    integreringslov assess example_persons.csv --on 2024-06-01 -o assessed.csv
    ```

and the build runs them, in order, in one scratch directory per page (so a later block can
read what an earlier one wrote), and shows each command after a ``$`` with what it printed
(standard output and standard error, interleaved as a terminal shows them). A command that
exits with another status than expected is a build warning, fatal under ``-W``: the page
cannot show output that the commands no longer produce. Every command is expected to
succeed (status 0) except the last of a block with ``:status: N``, which is expected to
exit with N (to show an error message).

The commands run with the Python environment that runs Sphinx first on ``PATH``, so
``python`` and ``integreringslov`` are the ones being documented. :func:`run` is what the
tests call to follow a tutorial literally.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

TIMEOUT = 300
"""Seconds one command may take before the build gives up on it."""


def commands(lines: list[str]) -> Iterator[str]:
    """The commands of a block: one per line, a trailing backslash continues a line."""
    pending = ""
    for line in lines:
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1].rstrip() + " "
            continue
        command = (pending + line.strip()).strip()
        pending = ""
        if command:
            yield command


def environment() -> dict[str, str]:
    """The environment the commands run in: this Python first on PATH, a fixed width."""
    bindir = str(Path(sys.executable).parent)
    return dict(
        os.environ,
        PATH=os.pathsep.join([bindir, os.environ.get("PATH", "")]),
        COLUMNS="92",
        PYTHONIOENCODING="utf-8",
        PYTHONUNBUFFERED="1",  # output and messages in the order a terminal shows them
        MPLBACKEND="Agg",
    )


def run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run one command line in ``cwd`` as a reader's shell would; output merged."""
    return subprocess.run(
        command,
        shell=True,
        cwd=cwd,
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


_scratch: dict[str, Path] = {}


def scratch_dir(docname: str) -> Path:
    """The working directory of a page's commands (created on first use)."""
    if docname not in _scratch:
        _scratch[docname] = Path(tempfile.mkdtemp(prefix="il-run-"))
    return _scratch[docname]


class IlRun(SphinxDirective):
    """Run the commands of the block and show them with their output."""

    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {"status": directives.nonnegative_int}

    def run(self) -> list[nodes.Node]:
        """Run each command in the page's scratch directory; one console block for all."""
        cwd = scratch_dir(self.env.docname)
        shown: list[str] = []
        lines = list(commands(list(self.content)))
        for i, command in enumerate(lines):
            expected = self.options.get("status", 0) if i == len(lines) - 1 else 0
            try:
                proc = run(command, cwd)
            except subprocess.TimeoutExpired:
                logger.warning(
                    "il-run: %r took more than %s s", command, TIMEOUT, location=self.get_location()
                )
                continue
            if proc.returncode != expected:
                logger.warning(
                    "il-run: %r exited %s (expected %s):\n%s",
                    command,
                    proc.returncode,
                    expected,
                    proc.stdout[-2000:],
                    location=self.get_location(),
                )
            shown.append(f"$ {command}\n{proc.stdout.rstrip()}".rstrip())
        text = "\n".join(shown)
        block = nodes.literal_block(text, text, language="console")
        self.set_source_info(block)
        return [block]


def _forget_page(app: Sphinx, env: Any, docname: str) -> None:
    """A page read again starts from an empty scratch directory."""
    old = _scratch.pop(docname, None)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _clean_up(app: Sphinx, exception: Exception | None) -> None:
    for path in _scratch.values():
        shutil.rmtree(path, ignore_errors=True)
    _scratch.clear()


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("il-run", IlRun)
    app.connect("env-purge-doc", _forget_page)
    app.connect("build-finished", _clean_up)
    return {"version": "1", "parallel_read_safe": False, "parallel_write_safe": True}
