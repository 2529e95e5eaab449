"""``integreringslov demo``: every section, with key figures checked against the source data.

The expected figures below were worked out by hand from the sources, not from the code:

- the seed table ``trondelag_2021_age_by_world_region.csv`` (SSB via Trøndelag
  fylkeskommune): column totals 727 4091 5099 1781 2365 31155 13035 1645 431, grand total
  60 329; Europe excluding Turkey 294+1584+1899+558+748+15289+7570+1087+302 = 29 331;
- SSB's KLASS 131: 356 municipalities in 11 counties in 2020, 357 in 15 from 2024;
- IMDi's 2022 requests for Trøndelag: 3 790 persons over 38 municipalities, Trondheim 740;
- the county's slide of May 2022: settled 202 (9 May) → 285 (16 May), of 3 790 requested.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from importlib.resources import files
from pathlib import Path

import pytest

from integreringslov._reporting import report

ROOT = Path(__file__).resolve().parents[1]

HEADINGS = [
    "Regions",
    "The law: integreringsloven over time",
    "Eligibility: introduction programme and career guidance",
    "Imported sample: SSB's immigrant population of Trøndelag, 2021",
    "Settlement: the county's recommendation (§ 4 andre ledd)",
]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "MPLBACKEND": "Agg"}
    return subprocess.run(
        [sys.executable, "-m", "integreringslov", "demo", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def _has_matplotlib() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture(scope="module")
def html_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the run below writes the HTML report (when matplotlib is installed)."""
    return tmp_path_factory.mktemp("demo") / "report"


@pytest.fixture(scope="module")
def run(html_dir: Path) -> subprocess.CompletedProcess[str]:
    """The demo, run once for the module as a user runs it (with ``--html`` if it can)."""
    return _run("--html", str(html_dir)) if _has_matplotlib() else _run()


@pytest.fixture(scope="module")
def text(run: subprocess.CompletedProcess[str]) -> str:
    """The text report of that run: exit 0 and no traceback."""
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    return run.stdout


def _section(text: str, heading: str) -> str:
    """The body of one section: from its underlined heading to the next heading."""
    start = text.index(f"{heading}\n{'=' * len(heading)}\n")
    later = [text.find(f"\n{h}\n", start + 1) for h in HEADINGS if h != heading]
    ends = [i for i in later if i > start]
    return text[start : min(ends) if ends else len(text)]


def test_every_section_in_order(text: str) -> None:
    assert text.startswith("integreringslov demo — the law applied on 2026-01-01\n")
    positions = [text.index(f"{h}\n{'=' * len(h)}\n") for h in HEADINGS]
    assert positions == sorted(positions)
    assert [s.title for s in report.sections(on=report.DEMO_DATE)] == HEADINGS


def test_regions(text: str) -> None:
    body = _section(text, "Regions")
    assert "On 2020-06-01: 356 municipalities in 11 counties." in body
    assert "On 2024-06-01: 357 municipalities in 15 counties." in body
    assert "50 Trøndelag" in body
    assert "Old code 1601 (Trondheim before 2018) resolves to 5001." in body
    assert "Kilde: Statistisk sentralbyrå" in body


def test_law_timeline(text: str) -> None:
    body = _section(text, "The law: integreringsloven over time")
    assert "2021-01-01" in body
    assert "LOV-2020-11-06-127" in body
    assert "Kapittel 6A" in body
    assert "In force on 2026-01-01:" in body
    assert "(§ 4 andre ledd)" in body


def test_assessed_caseload_with_reasons(text: str) -> None:
    body = _section(text, "Eligibility: introduction programme and career guidance")
    assert "10 example persons assessed on 2026-01-01" in body
    assert "basis: integreringsloven § 8 første ledd; § 9 første ledd bokstav a" in body
    # P9's permit is from 2019: the old act applies (§ 51, numbered § 52 from 2022-08-01
    # by LOV-2021-06-11-78).
    assert "introduksjonsloven" in body
    assert "§ 52" in body
    for outcome in ("right_and_duty", "may_offer", "not_covered", "right "):
        assert outcome in body


def test_imported_sample_matches_the_seed(text: str) -> None:
    body = _section(text, "Imported sample: SSB's immigrant population of Trøndelag, 2021")
    assert "importer:   ssb-jsonstat" in body
    assert (
        "validation: SsbTable from trondelag_2021_innvandrere_alder_verdensregion.json: "
        "54 rows, all valid." in body
    )
    assert "immigrant_population_from_ssb" in body
    lines = {line.split("  ")[0]: line.split() for line in body.splitlines()}
    # The seed's Total row, then the row total (the grand total).
    assert lines["Total"][1:] == [
        "727", "4091", "5099", "1781", "2365", "31155", "13035", "1645", "431", "60329",
    ]  # fmt: skip
    assert lines["Europa unntatt Tyrkia"][-1] == "29331"
    assert lines["Oseania"][-10:] == ["3", "10", "9", "0", "0", "132", "39", "5", "3", "201"]
    assert "In all 60 329 persons." in body
    assert "Kilde: Statistisk sentralbyrå" in body


def test_recommendation_and_progress(text: str) -> None:
    body = _section(text, "Settlement: the county's recommendation (§ 4 andre ledd)")
    assert "Total distributed: 3790 over 38 municipalities" in body
    assert "(sum 3790)" in body  # IMDi's requests
    assert "5001 Trondheim" in body
    assert "740" in body
    assert "«Fylkeskommunen skal anbefale hvor mange flyktninger" in body
    assert "2022-05-09 → 2022-05-16" in body
    assert "settled 202 → 285 (+83" in body
    assert "Kilde: IMDi (NLOD 2.0)" in body


def test_the_shipped_sample_is_the_test_fixture() -> None:
    shipped = files("integreringslov.data").joinpath(report.SAMPLE).read_bytes()
    fixture = ROOT / "tests" / "data" / "ssb" / report.SAMPLE
    assert shipped == fixture.read_bytes()
    data = json.loads(shipped)
    assert data["version"] == "2.0"
    assert sum(data["value"]) == 60329


def test_the_age_table_feeds_the_chart() -> None:
    from integreringslov._reporting import plots

    _, table = report._sample_table()
    assert list(table.columns) == ["world_region", *plots.AGE_GROUPS]
    assert table["world_region"].iloc[-1] == "Total"
    assert int(table.iloc[:-1, 1:].to_numpy().sum()) == 60329


def test_another_date_changes_the_law_not_the_data() -> None:
    old = report.demo_report(on=date(2022, 5, 16))
    assert "In force on 2022-05-16: original." in old
    assert "In all 60 329 persons." in old


def test_demo_html_writes_the_page_with_three_figures(
    run: subprocess.CompletedProcess[str], html_dir: Path
) -> None:
    pytest.importorskip("matplotlib")
    assert f"Wrote the HTML report to {html_dir / 'index.html'}" in run.stderr
    page = (html_dir / "index.html").read_text("utf-8")
    assert page.count('src="data:image/png;base64,') == 3  # age, recommendation, progress
    assert list(html_dir.iterdir()) == [html_dir / "index.html"]
    for heading in ("Fylker og kommuner", "Loven: integreringsloven over tid",
                    "Rett og plikt: introduksjonsprogram og karriereveiledning",
                    "Importert fra SSB: innvandrere i Trøndelag 2021",
                    "Bosetting: fylkeskommunens anbefaling (§ 4 andre ledd)"):  # fmt: skip
        assert heading in page, heading
    assert "60\u00a0329" in page  # the seed's grand total, in Norwegian grouping
