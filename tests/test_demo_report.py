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

HEADINGS = {
    "en": [
        "Counties and municipalities",
        "The law: integreringsloven over time",
        "Eligibility: introduction programme and career guidance",
        "Imported from SSB: immigrants in Trøndelag, 2021",
        "Settlement: the county's recommendation (§ 4 andre ledd)",
        "Settlement progress, May 2022",
    ],
    "nb": [
        "Fylker og kommuner",
        "Loven: integreringsloven over tid",
        "Rett og plikt: introduksjonsprogram og karriereveiledning",
        "Importert fra SSB: innvandrere i Trøndelag 2021",
        "Bosetting: fylkeskommunens anbefaling (§ 4 andre ledd)",
        "Bosettingen i mai 2022",
    ],
}


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


@pytest.fixture(scope="module")
def bokmal() -> str:
    """``demo --lang nb``, run as a user runs it: exit 0 and no traceback."""
    done = _run("--lang", "nb")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    return done.stdout


def _section(text: str, heading: str, lang: str = "en") -> str:
    """The body of one section: from its underlined heading to the next heading."""
    start = text.index(f"{heading}\n{'=' * len(heading)}\n")
    later = [text.find(f"\n{h}\n", start + 1) for h in HEADINGS[lang] if h != heading]
    ends = [i for i in later if i > start]
    return text[start : min(ends) if ends else len(text)]


def test_every_section_in_order(text: str, bokmal: str) -> None:
    assert text.startswith("integreringslov demo — the law applied on 2026-01-01\n")
    assert bokmal.startswith("integreringslov demo — loven anvendt per 01.01.2026\n")
    for lang, out in (("en", text), ("nb", bokmal)):
        positions = [out.index(f"{h}\n{'=' * len(h)}\n") for h in HEADINGS[lang]]
        assert positions == sorted(positions)


def test_english_and_bokmal_carry_the_same_content() -> None:
    """The same blocks, tables, columns and rows in both languages (one report model)."""

    def shape(lang: str) -> list[object]:
        made = report.demo_report(on=report.DEMO_DATE, lang=lang, figures=False)  # type: ignore[arg-type]
        return [
            (len(b.paragraphs), b.quote is not None,
             [(len(t.columns), len(t.rows), t.numeric) for t in b.tables])
            for b in made.blocks
        ]  # fmt: skip

    assert shape("en") == shape("nb")


def test_regions(text: str) -> None:
    body = _section(text, "Counties and municipalities")
    assert "On 2020-06-01: 356 municipalities in 11 counties." in body
    assert "On 2024-06-01: 357 municipalities in 15 counties." in body
    assert "50 Trøndelag" in body
    assert "Old code 1601 (Trondheim before 2018) resolves to 5001" in body
    assert "«Kilde: Statistisk sentralbyrå»" in text  # the footer


def test_law_timeline(text: str) -> None:
    body = _section(text, "The law: integreringsloven over time")
    assert "2021-01-01" in body
    assert "LOV-2020-11-06-127" in body
    assert "Kapittel 6A" in body
    assert "In force on 2026-01-01" in body
    assert "§ 4 andre ledd" in body
    assert "Recommend how many refugees each municipality in the county should settle" in body


def test_law_timeline_and_county_duties_in_bokmal(bokmal: str) -> None:
    """Issue 22: the § 4 duties and every description of the timeline in bokmål."""
    from integreringslov import law

    body = _section(bokmal, "Loven: integreringsloven over tid", "nb")
    assert "I kraft per 01.01.2026" in body
    # § 4 andre ledd: «Fylkeskommunen skal anbefale hvor mange flyktninger som bør bosettes
    # i den enkelte kommune i fylket.»
    assert "Anbefale hvor mange flyktninger som bør bosettes i den enkelte kommune" in body
    assert "Tilby karriereveiledning etter § 11" in body
    assert "integreringsloven trer i kraft; introduksjonsloven (2003) oppheves" in body
    flat = " ".join(body.split())
    for record in (*law.TIMELINE, *law.county_duties(on=report.DEMO_DATE)):
        assert record.title_no, record.key
        assert record.title not in flat, record.key
        assert " ".join(record.title_no.split()) in flat, record.key


def test_assessed_caseload_with_reasons(text: str) -> None:
    body = _section(text, "Eligibility: introduction programme and career guidance")
    assert "10 made-up persons assessed on 2026-01-01" in body
    assert "Basis: integreringsloven § 8 første ledd; § 9 første ledd bokstav a" in body
    # P9's permit is from 2019: the old act applies (§ 51, numbered § 52 from 2022-08-01
    # by LOV-2021-06-11-78).
    assert "introduksjonsloven" in body
    assert "§ 52" in body
    for outcome in ("right and duty", "may offer", "not covered", "right "):
        assert outcome in body


def test_persons_reasons_in_bokmal(bokmal: str) -> None:
    body = _section(bokmal, "Rett og plikt: introduksjonsprogram og karriereveiledning", "nb")
    assert "10 oppdiktede personer vurdert per 01.01.2026" in body
    assert body.count("Begrunnelse: ") == 10
    for label in ("rett og plikt", "kan tilby", "ikke omfattet"):
        assert label in body
    # the English report's words for the same persons are not in it
    for english in ("Reason:", "right and duty", "programme", "permit"):
        assert english not in body, english


def test_imported_sample_matches_the_seed(text: str) -> None:
    body = _section(text, "Imported from SSB: immigrants in Trøndelag, 2021")
    assert "the importer ssb-jsonstat: 54 rows, all valid" in " ".join(body.split())
    lines = {line.split("  ")[0]: line.split() for line in body.splitlines()}
    # The seed's Total row, then the row total (the grand total).
    assert lines["Total"][1:] == [
        "727", "4,091", "5,099", "1,781", "2,365", "31,155", "13,035", "1,645", "431", "60,329",
    ]  # fmt: skip
    assert lines["Europa unntatt Tyrkia"][-1] == "29,331"
    assert lines["Oseania"][-10:] == ["3", "10", "9", "0", "0", "132", "39", "5", "3", "201"]
    assert "1 January 2021: 60,329 persons." in " ".join(body.split())
    assert "Kilde: Statistisk sentralbyrå" in body


def test_recommendation_and_progress(text: str) -> None:
    body = _section(text, "Settlement: the county's recommendation (§ 4 andre ledd)")
    flat = " ".join(body.split())
    assert "3,790 persons are distributed over 38 municipalities" in flat
    assert "5001    Trondheim" in body
    assert "740" in body
    assert "«Fylkeskommunen skal anbefale hvor mange flyktninger" in body
    assert "far more than the 740 IMDi asked of it" in flat
    progress = " ".join(_section(text, "Settlement progress, May 2022").split())
    assert "2022-05-09 → 2022-05-16" in progress
    assert "settled 202 → 285 (+83" in progress
    assert "Kilde: IMDi (NLOD 2.0)" in progress


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
    old = report.demo_report(on=date(2022, 5, 16), lang="en", figures=False).to_text()
    assert "In force on 2022-05-16" in old
    assert "60,329 persons." in " ".join(old.split())


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
