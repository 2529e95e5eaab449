"""The county-analyst tutorial, followed literally, ends in the promised result.

The commands are read from the pages (the ``il-run`` blocks, in order, in one fresh folder,
exactly as the docs build runs them) — so the test follows what a reader follows. The
expected outcomes come from the law and the sample files, not from the library's output:

- P-0101: 32 at the grant (1991-03-14, permit 2023-05-02), § 9 letter a, settled by
  agreement, § 12 decision within two years → right and duty (§ 8 første ledd, § 11).
- P-0104: Nordisk/EØS = ja → not covered (§ 8, last ledd).
- The recommendation distributes exactly the total asked for, gives Flå (Unntatt = ja)
  nothing and no municipality more than its Maksimum.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd
import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
sys.path.insert(0, str(DOCS / "_ext"))

import ilrun  # noqa: E402

TUTORIALS = [DOCS / "guides" / "county-analyst.md", DOCS / "nb" / "fylkesanalytiker.md"]

BLOCK = re.compile(r"^```\{il-run\}\n(.*?)^```", re.MULTILINE | re.DOTALL)


def blocks(page: Path) -> list[tuple[int, list[str]]]:
    """(expected exit status, commands) of every il-run block of a page, in order."""
    out = []
    for body in BLOCK.findall(page.read_text("utf-8")):
        lines = body.splitlines()
        status = 0
        options = [line for line in lines if line.startswith(":")]
        for option in options:
            name, _, value = option[1:].partition(":")
            assert name == "status", f"{page.name}: unknown il-run option {name!r}"
            status = int(value)
        out.append((status, list(ilrun.commands(lines[len(options) :]))))
    return out


@pytest.mark.slow
def test_tutorial_followed_literally(tmp_path: Path) -> None:
    # The bokmål page runs the same commands (checked below), so running one is enough.
    steps = blocks(TUTORIALS[0])
    assert len(steps) >= 5
    for status, commands in steps:
        for i, command in enumerate(commands):
            proc = ilrun.run(command, tmp_path)
            expected = status if i == len(commands) - 1 else 0  # as the directive does
            assert proc.returncode == expected, f"{command}\n{proc.stdout}"
    # written with --excel-csv, for Norwegian Excel: ';', decimal commas, a byte order mark
    assert (tmp_path / "assessed.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assessed = pd.read_csv(tmp_path / "assessed.csv", dtype=str, sep=";", encoding="utf-8-sig")
    assessed = assessed.set_index("person_id")
    assert assessed.loc["P-0101", "programme"] == "right_and_duty"
    assert assessed.loc["P-0101", "career_guidance"] == "right_and_duty"
    assert assessed.loc["P-0104", "programme"] == "not_covered"
    assert "§ 8" in assessed.loc["P-0101", "basis"]
    recommendation = pd.read_csv(tmp_path / "recommendation.csv", dtype={"municipality": str})
    by_code = recommendation.set_index("municipality")["recommended"]
    assert by_code.sum() == 100  # --total 100
    assert by_code["3320"] == 0  # Flå: Unntatt = ja
    assert by_code["3303"] <= 30  # Maksimum
    assert by_code["3312"] <= 20
    assert all(n == 0 or n >= 10 for n in by_code)  # --minimum 10


def test_both_languages_run_the_same_commands() -> None:
    """The same steps; the bokmål page asks every command to answer in bokmål."""
    english, norwegian = (blocks(p) for p in TUTORIALS)
    in_bokmal = [
        (status, [c.removesuffix(" --lang nb") for c in commands]) for status, commands in norwegian
    ]
    assert english == in_bokmal
    for _, commands in norwegian:
        for command in commands:
            if command.startswith("integreringslov ") and command != "integreringslov --version":
                assert command.endswith(" --lang nb"), command


def test_a_failing_command_is_reported_by_the_directive(tmp_path: Path) -> None:
    proc = ilrun.run("integreringslov assess no-such-file.csv --on 2024-06-01", tmp_path)
    assert proc.returncode == 1
    assert "no-such-file.csv" in proc.stdout
    assert "Traceback" not in proc.stdout


def test_continued_lines_are_one_command() -> None:
    assert list(ilrun.commands(["a \\", "  b", "", "c"])) == ["a b", "c"]
