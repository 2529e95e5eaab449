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
    # ten persons on 2026-01-01, outcomes worked out by hand from §§ 8, 9, 11, 37 c and
    # § 51: K01 a / K03 f (reference settled 2½ years before applying) right and duty;
    # K02 e (§ 34 from 2025, kapittel 6A until 2026-07-01) right; K04 (59 at the grant) and
    # K05 (no agreement) may offer; K06 (37.5 h, decision 2026-01-01), K07 (not settled),
    # K08 (settled 2023), K09 (16 at the grant), K10 (permit 2019) not covered.
    "assess_caseload.py": [
        "regime: integreringsloven 9, introduksjonsloven 1",
        "programme: right_and_duty 3, may_offer 2, not_covered 5",
        "career_guidance: right_and_duty 2, right 1, not_covered 7",
        "§ 8 fjerde ledd; § 9 første ledd bokstav b",  # K06: the 30-hour rule
        "§ 9 første ledd bokstav e; § 37 c; § 37 b tredje ledd",  # K02: § 37 c from 2026
        "§ 8 første ledd; § 8 andre ledd første punktum; § 9 første ledd bokstav f",
        "3 valid rows assessed, 2 invalid",
        "B04  undetermined",  # letter f without the reference person's settlement date
    ],
    # law.md § 3.3 (IMDi bosatt_anmodede, Trøndelag 2022): requested 3 790, decided 3 610,
    # settled 3 121 (Røyrvik «:»); 3121 / 3790 = 82.3 %
    "imdi_requests_vs_settled.py": [
        "importer: integreringslov-settlement",
        "validation: ok",
        "(status ':')",
    ],
    # regions: 356 municipalities / 11 counties in 2020, 357 / 15 in 2024 (Haram split off
    # Ålesund); Snillfjord 5012 split into Heim, Hitra, Orkland; Moss 3002 -> 3103
    "regions_and_law.py": [
        "5012 -> 5055, 5056, 5059 (ambiguous)",
        "3002 -> 3103",
        "1507 -> 1508, 1580 (ambiguous)",
        "9999 («Uoppgitt kommune») is kept as it is",
        "2020-06-01: 356 municipalities in 11 counties",
        "2024-06-01: 357 municipalities in 15 counties",
        "change dates: 2021-01-01, 2022-06-15, 2022-08-01, 2023-06-02, 2023-06-09, "
        "2023-08-01, 2024-07-01, 2025-06-20, 2026-01-01, 2026-07-01",
    ],
}

# Patterns (regular expressions, whitespace-tolerant) the output must match, for figures
# laid out in columns. Each was checked by hand against the source named next to it.
EXPECTED_PATTERNS: dict[str, list[str]] = {
    "imdi_requests_vs_settled.py": [
        # county totals, law.md § 3.3
        r"Trøndelag\s+3790\s+3610\s+3121\s+82\.3 %",
        # rows of law.md § 3.3: request, decision, settled, settled / request
        r"5001 Trondheim\s+740\s+740\s+667\s+90\.1 %",
        r"5029 Skaun\s+140\s+70\s+30\s+21\.4 %",
        r"5046 Høylandet\s+100\s+40\s+44\s+44\.0 %",
        r"5043 Raarvihke - Røyrvik\s+15\s+15\s+:",
        # the six whose decision differs from the request
        r"6 municipalities decided otherwise than requested",
        r"5031 Malvik\s+requested\s+150, decided\s+90 \(-60\)",
        r"5038 Verdal\s+requested\s+125, decided\s+150 \(\+25\)",
        r"5045 Grong\s+requested\s+65, decided\s+40 \(-25\)",
        r"5061 Rindal\s+requested\s+15, decided\s+25 \(\+10\)",
    ],
    "regions_and_law.py": [
        # Trøndelag has 38 municipalities both before and after 2024
        r"(?s)2020-06-01:.*50 Trøndelag - Trööndelage\s+38\b.*2024-06-01:.*50 Trøndelag"
        r" - Trööndelage\s+38\b",
        # the 30-hour rule exists from 2026-01-01 only
        r"(?s)in force on 2025-06-01.*work_hours_exemption\s+\(not in force\).*"
        r"in force on 2026-01-01.*work_hours_exemption\s+30\s+integreringsloven § 8 fjerde ledd",
    ],
    "assess_caseload.py": [
        # the invalid rows: CSV line, column, value, expectation
        r"3\s+birth_date\s+1990-02-30",
        r"4\s+permit_letter\s+x\s+one of a, b, c, d, e, f, g",
    ],
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
    for pattern in EXPECTED_PATTERNS.get(script.name, []):
        assert re.search(pattern, proc.stdout), f"{script.name}: no match for {pattern!r}"
