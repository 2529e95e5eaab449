"""The HTTP client's pieces: Retry-After in both of HTTP's forms, the cache directory rule,
the password mask, and the environment's proxy (under the cache)."""

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


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("https://anne:hemmelig@example.org/api", "https://anne:***@example.org/api"),
        ("http://:pw@h/x and ftp://u:p@h2", "http://:***@h/x and ftp://u:***@h2"),
        ("https://anne@example.org/a:b@c", "https://anne@example.org/a:b@c"),  # no password
        ("no url at all: a:b@c", "no url at all: a:b@c"),
    ],
)
def test_masked_hides_the_password_of_every_url(text, shown):
    from integreringslov._net.http import masked

    assert masked(text) == shown


def test_a_retry_after_date_beyond_the_calendar_is_no_wait():
    far = httpx.Response(429, headers={"Retry-After": "Fri, 31 Dec 99999 23:59:59 GMT"})
    assert _retry_after(far) is None


def test_the_environments_proxy_is_used_under_the_cache(monkeypatch):
    """HTTP_PROXY is taken (as httpx would), and what comes through it is cached too."""
    from fake_servers import FakePxWeb

    import integreringslov as il

    fake = FakePxWeb()
    with fake.running() as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.removesuffix("/api/v2"))
        base = "http://ssb.example.invalid/api/v2"  # a name that resolves nowhere
        first = il.ssb.tables("x", base_url=base, limit=3)
        asked = len(fake.requests)
        again = il.ssb.tables("x", base_url=base, limit=3)
    assert first == again
    assert fake.requests[0].startswith("http://ssb.example.invalid/api/v2/config")
    assert len(fake.requests) == asked  # the second time from the cache


def test_no_proxy_is_kept(monkeypatch):
    from fake_servers import FakePxWeb

    import integreringslov as il

    fake = FakePxWeb()
    with fake.running() as base:
        monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
        assert len(il.ssb.tables("x", base_url=base, limit=2)) == 2


@pytest.mark.parametrize(
    ("body", "said"),
    [
        (b'{"a": "\xe5"}', "not UTF-8"),
        (b'{"a": NaN}', "NaN is not a JSON number"),
        (b'{"a": -Infinity}', "-Infinity is not a JSON number"),
        (b'{"a": "\\udc00x"}', "lone surrogate"),
        (b"[" * 100_000, "nested too deeply"),
    ],
)
def test_parse_json_refuses_what_is_not_json_text(body, said):
    from integreringslov._net.decode import parse_json

    with pytest.raises(ValueError, match=said):
        parse_json(body)


def test_parse_json_takes_a_byte_order_mark_and_surrogate_pairs():
    from integreringslov._net.decode import parse_json

    assert parse_json(b'\xef\xbb\xbf{"a": "\\ud83d\\ude00", "b": "\\\\ud800"}') == {
        "a": "\U0001f600",
        "b": "\\ud800",
    }
