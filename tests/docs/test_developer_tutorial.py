"""The developer tutorial's program type-checks under ``mypy --strict`` as the page says.

(``tests/test_examples.py`` runs the same program and checks its output.)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "embed_in_your_tool.py"
PAGE = ROOT / "docs" / "guides" / "developer-tutorial.md"


def test_the_page_shows_the_program_and_the_command() -> None:
    text = PAGE.read_text("utf-8")
    assert "literalinclude} /../examples/embed_in_your_tool.py" in text
    assert "python -m mypy --strict examples/embed_in_your_tool.py" in text


@pytest.mark.slow
def test_mypy_strict_passes_on_the_example(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path), str(EXAMPLE)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Success: no issues found in 1 source file" in proc.stdout
