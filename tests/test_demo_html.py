"""``integreringslov demo --html DIR``: the report as a web page with its figures."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from integreringslov import report
from integreringslov.cli import main
from integreringslov.errors import MissingExtraError

pytest.importorskip("matplotlib")


def test_demo_html_writes_page_and_figures(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    out = tmp_path / "report"
    assert main(["demo", "--on", "2022-05-16", "--html", str(out)]) == 0
    page = (out / "index.html").read_text("utf-8")
    assert "integreringslov demo — the law applied on 2022-05-16" in page
    for section in report.sections(on=date(2022, 5, 16)):
        assert section.title.replace("'", "&#x27;") in page
    pngs = sorted(p.name for p in out.glob("*.png"))
    assert pngs, "no figure was drawn"
    for name in pngs:
        assert f'src="{name}"' in page
        assert (out / name).read_bytes().startswith(b"\x89PNG")
    assert "Wrote the HTML report" in capsys.readouterr().out


def test_missing_matplotlib_names_the_plot_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingExtraError, match=r"integreringslov\[plot\]"):
        report.write_html(tmp_path, on=date(2026, 1, 1))


def test_missing_matplotlib_on_the_command_line_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert main(["demo", "--html", str(tmp_path)]) == 1
    assert "integreringslov[plot]" in capsys.readouterr().err


def test_plots_raise_missing_extra_without_matplotlib(monkeypatch: pytest.MonkeyPatch):
    import pandas as pd

    from integreringslov import plots

    for name in list(sys.modules):
        if name == "matplotlib" or name.startswith("matplotlib."):
            monkeypatch.setitem(sys.modules, name, None)
    table = pd.DataFrame({"world_region": ["A"], **{g: [1] for g in plots.AGE_GROUPS}})
    with pytest.raises(MissingExtraError, match="plot"):
        plots.age_by_world_region(table)
