"""Every script under examples/ runs to completion and prints what it promises.

Each script runs in a fresh interpreter (this venv's python) with a temporary working
directory, exactly as the documentation build runs it to capture its output.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))

# Text each script's output must contain. A script not listed here must at least print
# something; add its expected text when you add a script.
EXPECTED: dict[str, list[str]] = {
    # the seed's table rebuilt from an SSB-format file: its grand total
    "ssb_immigrants_trondelag.py": ["Europa unntatt Tyrkia,294,1584", "60329 persons"],
    # the recommendation against IMDi's 2022 requests: Trondheim's row
    "trondelag_recommendation.py": ["5001 Trondheim", "IMDi_request"],
}


def _expected_from_docstring(path: Path) -> list[str]:
    """Lines ``Expect: <text>`` in the script's docstring also name text that must appear."""
    text = path.read_text("utf-8")
    return re.findall(r"^\s*Expect:\s*(.+?)\s*$", text, flags=re.MULTILINE)


def test_there_are_examples():
    assert EXAMPLES.is_dir()


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.name for s in SCRIPTS])
def test_example_runs(script: Path, tmp_path: Path) -> None:
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONIOENCODING="utf-8", COLUMNS="100")
    proc = subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, f"{script.name} exited {proc.returncode}:\n{proc.stderr}"
    assert proc.stdout.strip(), f"{script.name} printed nothing"
    assert "Traceback" not in proc.stderr
    for text in EXPECTED.get(script.name, []) + _expected_from_docstring(script):
        assert text in proc.stdout, f"{script.name}: {text!r} not in its output"
