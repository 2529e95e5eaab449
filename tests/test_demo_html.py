"""``integreringslov demo --html``: one web page with real tables and figures, in bokmål.

Checked as HTML (tables with headers, numbers right-aligned, figures embedded) and in a real
browser: headless Chromium prints it to A4 PDF, whose text must hold the tables.
Expected figures come from the shipped sources: IMDi asked Trondheim for 740 in 2022, the
county total was 3 790; SSB's KLASS gives 357 municipalities in 15 counties from 2024.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from integreringslov._reporting import report
from integreringslov.cli import main
from integreringslov.errors import MissingExtraError

pytest.importorskip("matplotlib")
pytest.importorskip("jinja2")


class _Tags(HTMLParser):
    """Counts of start tags, the classes of cells, and the image sources of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.count: dict[str, int] = {}
        self.images: list[str] = []
        self.numeric_cells = 0
        self.lang = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.count[tag] = self.count.get(tag, 0) + 1
        found = dict(attrs)
        if tag == "img":
            self.images.append(found.get("src") or "")
        if tag == "td" and found.get("class") == "num":
            self.numeric_cells += 1
        if tag == "html":
            self.lang = found.get("lang") or ""


def _tags(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    return parser


@pytest.fixture(scope="module")
def demo_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "report"
    assert main(["demo", "--on", "16.05.2022", "--html", str(out)]) == 0
    return out / "index.html"


def test_demo_html_is_one_page_of_tables_and_figures_in_bokmal(demo_page: Path):
    page = demo_page.read_text("utf-8")
    tags = _tags(page)
    assert tags.lang == "nb"
    assert tags.count.get("pre", 0) == 0
    assert tags.count["table"] >= 5
    assert tags.count["th"] >= 20
    assert tags.numeric_cells > 100
    assert len(tags.images) >= 3
    assert all(src.startswith("data:image/png;base64,") for src in tags.images)
    assert list(demo_page.parent.iterdir()) == [demo_page]  # one file to send
    for heading in ("Anbefaling per kommune", "Sammenligning med IMDis anmodning",
                    "Fylker og kommuner", "rett og plikt", "ikke omfattet"):  # fmt: skip
        assert heading in page, heading
    assert "@page { size: A4" in page


def test_demo_html_in_english_on_request(tmp_path: Path):
    assert main(["demo", "--html", str(tmp_path / "r.html"), "--lang", "en"]) == 0
    page = (tmp_path / "r.html").read_text("utf-8")
    assert _tags(page).lang == "en"
    assert "Recommendation per municipality" in page
    assert "Anbefaling per kommune" not in page


def test_demo_html_prints_in_a_browser(demo_page: Path, pdf_text: Callable[[Path], list[str]]):
    pages = pdf_text(demo_page)
    assert len(pages) >= 3
    assert all(text.strip() for text in pages), "a blank page"
    whole = "\n".join(pages)
    assert "Anbefaling per kommune" in whole
    assert "Trondheim" in whole
    assert "740" in whole  # IMDi's 2022 request for Trondheim
    assert "3 790" in whole or "3\u00a0790" in whole
    from pypdf import PdfReader

    first = PdfReader(demo_page.with_suffix(".pdf")).pages[0]
    width, height = float(first.mediabox.width), float(first.mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 in points


def test_settlement_figure_keeps_career_guidance_off_the_request_axis():
    """About 15 persons of career guidance must not be drawn against a 4 000 axis."""
    fig = report._settlement_figure(date(2022, 5, 16), "nb")
    axes = fig.get_axes()
    assert len(axes) == 2
    guidance = axes[1]
    top = guidance.get_ylim()[1]
    assert 15 <= top < 100
    assert "Karriereveiledning" in guidance.get_ylabel()


def test_missing_matplotlib_names_the_plot_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingExtraError, match=r"'\.\[plot\]'"):
        report.write_html(tmp_path, on=date(2026, 1, 1))


def test_prerequisites_are_checked_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert main(["demo", "--html", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""  # the report was not printed first
    assert "'.[plot]'" in err
    monkeypatch.undo()
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert main(["demo", "--html", str(blocker / "report")]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "cannot create the folder" in err


def test_plots_raise_missing_extra_without_matplotlib(monkeypatch: pytest.MonkeyPatch):
    import pandas as pd

    from integreringslov._reporting import plots

    for name in list(sys.modules):
        if name == "matplotlib" or name.startswith("matplotlib."):
            monkeypatch.setitem(sys.modules, name, None)
    table = pd.DataFrame({"world_region": ["A"], **{g: [1] for g in plots.AGE_GROUPS}})
    with pytest.raises(MissingExtraError, match="plot"):
        plots.age_by_world_region(table)
