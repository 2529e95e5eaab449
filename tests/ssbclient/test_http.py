"""The HTTP client's pieces: Retry-After in both of HTTP's forms, the cache directory rule."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from integreringslov._net.cache import CACHE_DIR_ENV, cache_dir
from integreringslov._net.http import _retry_after


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"Retry-After": "7"}, 7.0),
        # RFC 9110 § 10.2.3: an HTTP-date, counted from the response's own Date
        (
            {
                "Retry-After": "Wed, 21 Oct 2026 07:28:30 GMT",
                "Date": "Wed, 21 Oct 2026 07:28:00 GMT",
            },
            30.0,
        ),
        ({"Retry-After": "soon"}, None),
        ({}, None),
    ],
)
def test_retry_after(headers, seconds):
    assert _retry_after(httpx.Response(429, headers=headers)) == seconds


def test_the_cache_directory_is_the_parameter_then_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path / "env"))
    assert cache_dir(tmp_path / "given") == tmp_path / "given"
    assert cache_dir() == tmp_path / "env"
    monkeypatch.delenv(CACHE_DIR_ENV)
    assert cache_dir().name == "integreringslov"
    assert cache_dir() != Path(tmp_path / "env")


def test_a_cache_directory_that_cannot_be_made_is_a_clear_error(tmp_path, monkeypatch):
    import integreringslov as il
    from integreringslov.errors import SourceError

    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", "utf-8")
    monkeypatch.setenv(CACHE_DIR_ENV, str(blocker / "cache"))
    with pytest.raises(SourceError, match="the cache directory cannot be used") as info:
        il.ssb.tables("x", base_url="http://127.0.0.1:9")
    assert info.value.problems[0].source == str(blocker / "cache")


def test_the_package_and_the_registry_do_not_import_the_http_stack():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from datetime import date\n"
        "import integreringslov as il\n"
        "il.regions.municipalities(on=date(2024, 6, 1)); il.regions.source()\n"
        "assert 'httpx' not in sys.modules and 'hishel' not in sys.modules, 'eager'\n"
        "il.ssb.fetch\n"
        "assert 'httpx' in sys.modules\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
