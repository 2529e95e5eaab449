"""The HTTP client's pieces: Retry-After in both of HTTP's forms, the cache directory rule."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from integreringslov.cachedir import CACHE_DIR_ENV, cache_dir
from integreringslov.ssb.http import _retry_after


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
