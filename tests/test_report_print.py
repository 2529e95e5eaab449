"""The HTML reports print and read: every column of every table on A4, and no overflow at 1024 px.

Issue 22: printed to A4 from Chromium, the recommendation's table «Anbefaling per kommune»
stopped at «Tak» — Anbefalt, Anmodet av IMDi and Avvik were cut off — and the page
overflowed on a 1200 px screen. Checked here in headless Chromium: the PDF's text holds
every header and every row of every table, whole and in order; and a 1024 px window has
nothing to scroll sideways, neither the page nor a table.

The recommendation is the widest the command writes: Trøndelag 2022 (SSB population
1 January 2021, IMDi's requests) with three criteria, one of them ``~``, and a cap, so
the table has ten columns.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from integreringslov.cli import main
from integreringslov.settlement._reference import trondelag_2022_criteria

pytest.importorskip("matplotlib")
pytest.importorskip("jinja2")


class _Tables(HTMLParser):
    """The tables of a page: the header cells, then each row's cells, as text."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("th", "td"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _tables(page: Path) -> list[list[list[str]]]:
    parser = _Tables()
    parser.feed(page.read_text("utf-8"))
    return parser.tables


def _squeezed(text: str) -> str:
    """Without any whitespace: a header or a name wrapped in a cell reads the same."""
    return re.sub(r"\s+", "", text.replace("\u00a0", " "))


@pytest.fixture(scope="module")
def wide_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("print")
    table = trondelag_2022_criteria().rename(
        columns={"municipality": "Kommunenummer", "population": "Innbyggere"}
    )
    table["maximum"] = [800, *([None] * (len(table) - 1))]  # a cap for Trondheim
    source = folder / "kommuner.csv"
    source.write_text(table.to_csv(index=False, sep=";", decimal=","), encoding="utf-8")
    criteria = "Innbyggere=0,7;~spread=0,2;requested_original=0,1"
    args = ["recommend", str(source), "--total", "3790", "--minimum", "10",
            "--on", "01.01.2022", "--county", "50", "--criteria", criteria,
            "--report", str(folder)]  # fmt: skip
    assert main(args) == 0
    return folder / "anbefaling.html"


@pytest.fixture(scope="module")
def demo_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "demo.html"
    assert main(["demo", "--html", str(out)]) == 0
    return out


def _every_table_on_paper(page: Path, pdf_text: Callable[[Path], list[str]]) -> None:
    printed = _squeezed("\n".join(pdf_text(page)))
    tables = _tables(page)
    assert tables
    for table in tables:
        for row in table:
            assert _squeezed("".join(row)) in printed, row


def test_the_recommendation_prints_every_column(
    wide_report: Path, pdf_text: Callable[[Path], list[str]]
) -> None:
    header = _tables(wide_report)[1][0]
    assert len(header) == 10
    assert header[-3:] == ["Anbefalt", "Anmodet av IMDi", "Avvik"]
    # the criteria as the user named them (issue 22: not «fra population»)
    assert header[3:6] == ["fra Innbyggere", "fra ~spread", "fra requested_original"]
    _every_table_on_paper(wide_report, pdf_text)
    from pypdf import PdfReader

    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
             for p in PdfReader(wide_report.with_suffix(".pdf")).pages}  # fmt: skip
    assert sizes == {(595, 842), (842, 595)}  # A4, the wide table on landscape pages


def test_the_demo_prints_every_column(
    demo_page: Path, pdf_text: Callable[[Path], list[str]]
) -> None:
    _every_table_on_paper(demo_page, pdf_text)


_PROBE = (
    "<script>const d = document.documentElement;"
    "document.body.dataset.page = String(d.scrollWidth - d.clientWidth);"
    "document.body.dataset.tables = [...document.querySelectorAll('.table')]"
    ".map(t => t.scrollWidth - t.clientWidth).join(' ');</script></body>"
)


@pytest.mark.parametrize("which", ["wide_report", "demo_page"])
def test_readable_at_1024_px(which: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("chromium is not installed")
    page: Path = request.getfixturevalue(which)
    probe = tmp_path / "probe.html"
    probe.write_text(page.read_text("utf-8").replace("</body>", _PROBE), encoding="utf-8")
    dom = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1024,800",
         "--dump-dom", probe.resolve().as_uri()],
        capture_output=True, text=True, check=False, timeout=120,
    ).stdout  # fmt: skip
    found = re.search(r'<body data-page="(-?\d+)" data-tables="([-\d ]*)"', dom)
    assert found, dom[:300]
    assert int(found[1]) <= 0, "the page scrolls sideways at 1024 px"
    assert all(int(w) <= 0 for w in found[2].split()), "a table scrolls sideways at 1024 px"
