"""``integreringslov recommend … --report``: an HTML recommendation a county can send.

The table is Trøndelag's 2022 figures as shipped (SSB population 1 January 2021, IMDi's
requests); IMDi asked Trondheim (5001) for 740 of the county's 3 790.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from integreringslov.cli import main
from integreringslov.settlement._reference import trondelag_2022_criteria

pytest.importorskip("matplotlib")
pytest.importorskip("jinja2")


@pytest.fixture(scope="module")
def criteria_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("k") / "kommuner.csv"
    path.write_text(trondelag_2022_criteria().to_csv(index=False, sep=";", decimal=","),
                    encoding="utf-8")  # fmt: skip
    return path


def _args(path: Path, *more: str) -> list[str]:
    return ["recommend", str(path), "--total", "3790", "--minimum", "10", "--on", "01.01.2022",
            "--county", "50", "--criteria", "population=0,7;~spread=0,3", *more]  # fmt: skip


def test_report_in_bokmal_with_tables_figure_and_comparison(
    criteria_csv: Path, tmp_path: Path, pdf_text: Callable[[Path], list[str]]
):
    assert main(_args(criteria_csv, "--report", str(tmp_path))) == 0
    page = tmp_path / "anbefaling.html"
    html = page.read_text("utf-8")
    assert '<html lang="nb">' in html
    assert html.count("<table>") == 3  # criteria, per municipality, deviations
    assert '<th scope="col" class="num">Kvote</th>' in html
    assert "data:image/png;base64," in html
    assert "Fylke 50 Trøndelag" in html
    whole = "\n".join(pdf_text(page))
    for text in ("Anbefaling om bosetting av flyktninger", "Kriterier og vekter",
                 "Anbefaling per kommune", "Sammenligning med IMDis anmodning", "Trondheim",
                 "740", "§ 4 andre ledd"):  # fmt: skip
        assert text in whole, text


def test_report_in_english_to_a_named_file(criteria_csv: Path, tmp_path: Path):
    out = tmp_path / "rec.html"
    assert main(_args(criteria_csv, "--report", str(out), "--lang", "en")) == 0
    html = out.read_text("utf-8")
    assert '<html lang="en">' in html
    assert "Recommendation per municipality" in html
    assert "Comparison with IMDi&#39;s request" in html


def test_report_prerequisites_are_checked_before_any_work(
    criteria_csv: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert main(_args(criteria_csv, "--report", str(blocker / "r.html"))) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "cannot create the folder" in err
    monkeypatch.setitem(sys.modules, "jinja2", None)
    assert main(_args(criteria_csv, "--report", str(tmp_path))) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "python -m pip install jinja2" in err
    assert "integreringslov[" not in err  # not published: that cannot be installed


def test_requests_from_an_imdi_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    root = Path(__file__).resolve().parents[2] / "src/integreringslov_importers/data"
    imdi = root / "imdi/example_bosatt_anmodede.csv"  # requests for 2023 and 2024
    table = root / "spreadsheet/example_municipalities.csv"
    base = ["recommend", str(table), "--total", "100", "--on", "2024-06-01",
            "--criteria", "Innbyggere=1", "--requests", str(imdi)]  # fmt: skip
    assert main(base) == 1
    assert "--year" in capsys.readouterr().err
    assert main([*base, "--year", "2024"]) == 0
    out = capsys.readouterr().out
    assert "Requested by IMDi" in out
    assert "55" in out  # IMDi's 2024 request for Drammen (3301)
