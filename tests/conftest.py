"""Suite-wide test settings.

Tiers: a plain ``pytest`` runs the fast tier, every test not marked ``slow``; ``pytest
--tier=slow`` runs the slow tier (mypy on the examples, the tutorials followed literally,
long property runs, the browser tests, the big cases) and ``--tier=all`` both. CI
(``.ci/run``) runs both tiers. A test that uses the ``pdf_text`` fixture (a real browser)
is in the slow tier without saying so.

Hypothesis: no per-example deadline (this suite runs on 2-core machines that are often
busy, where a deadline only measures the load), and in CI (``CI=true``) a derandomized
run, so that a red CI is reproducible and a green one is not luck. Locally the search
stays random and keeps its example database.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "integreringslov",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=os.environ.get("CI", "").lower() == "true",
)
settings.load_profile("integreringslov")


TIERS = ("fast", "slow", "all")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--tier", choices=TIERS, default="fast",
        help="which tests to run: fast (the default: every test not marked slow), slow, or all",
    )  # fmt: skip


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "pdf_text" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
    tier = config.getoption("--tier")
    if tier == "all":
        return
    keep, gone = [], []
    for item in items:
        slow = item.get_closest_marker("slow") is not None
        (keep if slow == (tier == "slow") else gone).append(item)
    if gone:
        config.hook.pytest_deselected(items=gone)
        items[:] = keep


@pytest.fixture(scope="session")
def pdf_text() -> Callable[[Path], list[str]]:
    """Render an HTML file in headless Chromium to an A4 PDF; return the text of each page.

    The PDF is written next to the page (same name, ``.pdf``).

    Skips when Chromium is not installed locally; fails in CI (``CI=true``), where
    ``.ci/run`` installs it.
    """
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("chromium is not installed; .ci/run installs it for the report tests")
        pytest.skip("chromium is not installed (apt-get install chromium); the HTML report "
                    "is checked in a real browser")  # fmt: skip
    from pypdf import PdfReader

    def render(page: Path) -> list[str]:
        out = page.with_suffix(".pdf")
        proc = subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--no-pdf-header-footer",
             f"--print-to-pdf={out}", page.resolve().as_uri()],
            capture_output=True, text=True, check=False, timeout=120,
        )  # fmt: skip
        assert out.is_file(), proc.stderr
        # NFKC: the PDF's text has ligatures (ﬂ) and no-break spaces where the page had them
        return [unicodedata.normalize("NFKC", p.extract_text() or "") for p in PdfReader(out).pages]

    return render
