"""README.md keeps its promises: two set-up commands first, and an example that runs."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
TEXT = README.read_text(encoding="utf-8")


def test_readme_opens_with_the_two_setup_commands():
    first_block = re.search(r"```sh\n(.*?)```", TEXT, re.DOTALL)
    assert first_block is not None
    assert TEXT.index("```sh") < TEXT.index("## ")  # before any section
    commands = first_block.group(1).strip().splitlines()
    assert commands == [
        "python -m pip install . && integreringslov demo",
        'python -m pip install -e ".[test,docs]" ./examples/example-importer && python -m pytest',
    ]


def test_ci_runs_the_test_command_verbatim():
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    second = re.search(r"```sh\n(.*?)```", TEXT, re.DOTALL).group(1).strip().splitlines()[1]
    assert second in ci.splitlines()
    # and the slow tier after it, so that CI runs every test
    lines = ci.splitlines()
    assert "python -m pytest --tier=slow" in lines[lines.index(second) + 1 :]


def test_the_python_example_runs_and_says_what_the_law_says():
    block = re.search(r"```python\n(.*?)```", TEXT, re.DOTALL)
    assert block is not None
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block.group(1), "README.md", "exec"), {})
    text = out.getvalue()
    # 35 at the grant: § 8 første ledd; 64 at the grant: § 8 tredje ledd (may offer)
    assert "right_and_duty" in text
    assert "may_offer" in text
    assert "{'A': 4, 'B': 3, 'C': 3}" in text  # Sainte-Laguë, the textbook vector
    assert "('5001',)" in text
    assert "55" in text
