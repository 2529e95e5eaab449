"""The HTTP client against hostile servers (issue 24 items 2–6): bounded, private, no traceback.

Each case is a local server (``hostile.Hostile`` for raw bytes, the recorded PxWebApi fake
for bad documents) that stops by itself; each test bounds its own time. A test that waits
for the client's default deadline (30 s) is marked slow.
"""

from __future__ import annotations

import json
import sqlite3
import time
import tracemalloc
from pathlib import Path

import attrs
import pytest
from fake_servers import FakePxWeb
from hostile import CONFIG, Hostile, drip, gzip_bomb, response

import integreringslov as il
from integreringslov._io.limits import DEFAULT_LIMITS
from integreringslov._net.http import Client
from integreringslov.cli import main
from integreringslov.errors import InvalidInputError, SourceError

FNR = "01010050053"  # valid check digits (individual number 500, born 2000-01-01)
SELECT = {
    "Region": "01,03",
    "Alder": "0-9",
    "Kon": "*",
    "ContentsCode": "000007SF",
    "Tid": "2026M01,2026M02,2026M03,2026M04",
}


def cache_bytes(cache: Path) -> bytes:
    """Everything the HTTP cache holds on disk, the database and its journals."""
    return b"".join(p.read_bytes() for p in sorted(cache.glob("http-cache.sqlite*")))


def cached_entries(cache: Path) -> int:
    with sqlite3.connect(cache / "http-cache.sqlite") as db:
        return int(db.execute("SELECT count(*) FROM entries").fetchone()[0])


# -- deadlines (item 3) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "script",
    [
        pytest.param(drip(response(CONFIG), every=0.5), id="headers-dripped"),
        pytest.param(
            lambda send, path: (
                send(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n"),
                drip(b"{" + b" " * 100_000, every=0.5)(send, path),
            ),
            id="body-dripped",
        ),
    ],
)
def test_a_dripping_server_ends_at_the_deadline_not_at_a_read_timeout(script):
    with Hostile(script, lifetime=20).running("/api/v2") as base:
        start = time.monotonic()
        with pytest.raises(SourceError, match=r"did not answer in full within 2 s"):
            il.ssb.tables("x", base_url=base, timeout=2)
    assert time.monotonic() - start < 4


@pytest.mark.slow
def test_a_server_dripping_one_byte_every_two_seconds_ends_within_30_s_by_default(capsys):
    with Hostile(drip(response(CONFIG), every=2), lifetime=40).running("/api/v2") as base:
        start = time.monotonic()
        status = main(["fetch", "ssb", "TAB6471", "--base-url", base])
    assert time.monotonic() - start < 33
    assert status == 1
    err = capsys.readouterr().err
    assert "did not answer in full within 30 s" in err
    assert "Traceback" not in err


def test_a_chunked_body_that_never_ends_ends_at_the_deadline():
    def endless(send, path):
        send(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        while True:
            send(b"400\r\n" + b" " * 1024 + b"\r\n")
            time.sleep(0.01)  # 100 kB/s: the deadline comes before the byte limit

    with Hostile(endless, lifetime=20).running("/api/v2") as base:
        start = time.monotonic()
        with pytest.raises(SourceError, match="did not answer in full within 2 s"):
            il.ssb.tables("x", base_url=base, timeout=2)
    assert time.monotonic() - start < 4


def test_a_retry_after_longer_than_the_timeout_is_not_waited_and_says_when():
    script = lambda send, path: send(  # noqa: E731
        response(b"slow down", status="429 Too Many Requests", headers={"Retry-After": "119"})
    )
    with Hostile(script).running("/api/v2") as base:
        start = time.monotonic()
        with pytest.raises(SourceError) as info:
            il.ssb.tables("x", base_url=base)
    assert time.monotonic() - start < 3
    text = str(info.value)
    assert "asks to wait 119 s" in text
    assert "try again after 20" in text  # a UTC time: 20xx-…
    assert "UTC" in text


@pytest.mark.parametrize("window", ["1e9", "1e999"], ids=["a-billion-seconds", "infinity"])
def test_a_call_window_of_a_billion_seconds_or_infinity_is_refused_in_time(window):
    config = CONFIG.replace(b'"maxCallsPerTimeWindow": 100', b'"maxCallsPerTimeWindow": 1')
    config = config.replace(b'"timeWindow": 1', b'"timeWindow": ' + window.encode())
    script = lambda send, path: send(response(config))  # noqa: E731
    with Hostile(script).running("/api/v2") as base:
        start = time.monotonic()
        with pytest.raises(SourceError, match="after the client's deadline"):
            il.ssb.fetch("TAB6471", select=SELECT, base_url=base)
    assert time.monotonic() - start < 3


def test_a_config_that_would_split_a_fetch_into_millions_of_calls_is_refused_unplanned():
    fake = FakePxWeb(max_data_cells=1, max_calls=100)
    tracemalloc.start()
    try:
        with fake.running() as base, pytest.raises(InvalidInputError, match="more than 10000"):
            il.ssb.fetch(
                "TAB6471", select=dict.fromkeys(["Region", "Alder", "Kon"], "*"), base_url=base
            )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert fake.count("/data") == 0
    assert peak < 200 << 20


def test_calls_the_server_limits_cannot_make_within_the_deadline_are_refused_first():
    fake = FakePxWeb(max_data_cells=100, max_calls=2, time_window=10)
    with fake.running() as base, pytest.raises(SourceError, match=r"more than the .* left"):
        il.ssb.fetch("TAB6471", select={**SELECT, "Alder": "*"}, base_url=base, deadline=30)
    assert fake.count("/data") == 0


# -- bounded decoding (item 4) ---------------------------------------------------------------


def test_gzip_twice_does_not_defeat_the_decoded_byte_limit(cache):
    bomb = gzip_bomb(512, layers=2)  # 512 MiB of zeros in a few kB
    script = lambda send, path: send(  # noqa: E731
        response(bomb, headers={"Content-Encoding": "gzip, gzip", "Cache-Control": "max-age=60"})
    )
    tracemalloc.start()
    try:
        with (
            Hostile(script).running("/api/v2") as base,
            Client() as client,
            pytest.raises(SourceError, match="larger than 8388608 bytes"),
        ):
            client.get_json(f"{base}/config", what="a bomb", max_bytes=8 << 20)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 64 << 20
    assert cached_entries(cache) == 0


def test_an_encoding_not_asked_for_is_refused():
    script = lambda send, path: send(  # noqa: E731
        response(b"\x1f\x8b-not-brotli", headers={"Content-Encoding": "br"})
    )
    with (
        Hostile(script).running("/api/v2") as base,
        pytest.raises(SourceError, match="encoded as 'br', which the client did not ask for"),
    ):
        il.ssb.tables("x", base_url=base)


def test_a_huge_config_is_refused_before_it_is_parsed_or_cached(cache):
    def huge(send, path):  # a 400 MB /config, sent as fast as the client reads
        send(b"HTTP/1.1 200 OK\r\nContent-Length: 400000000\r\nCache-Control: max-age=600\r\n\r\n")
        send(b'{"maxDataCells": 1000, "padding": "')
        while True:
            send(b"x" * 65536)

    with Hostile(huge).running("/api/v2") as base:
        start = time.monotonic()
        with pytest.raises(SourceError, match="more than an answer of this kind can be"):
            il.ssb.fetch("TAB6471", select=SELECT, base_url=base)
    assert time.monotonic() - start < 5
    assert cached_entries(cache) == 0
    assert sum(p.stat().st_size for p in cache.glob("http-cache.sqlite*")) < 1 << 20


def test_a_refused_large_answer_leaves_nothing_in_the_cache(url, fake, cache):
    small = attrs.evolve(DEFAULT_LIMITS, max_input_bytes=1000)
    with pytest.raises(SourceError, match="larger than 1000 bytes"):
        il.ssb.fetch("TAB6471", select=SELECT, base_url=url, limits=small)
    # not even /config and the metadata: the fetch failed, so none of its answers is kept
    assert cached_entries(cache) == 0
    assert b"TotSa" not in cache_bytes(cache)


# -- privacy of the cache and the messages (items 2 and 5) -----------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        response(f'{{"id": ["{FNR}"'.encode(), headers={"Cache-Control": "max-age=600"}),
        response(
            f'{{"error": "person {FNR}"}}'.encode(),
            status="404 Not Found",
            headers={"Cache-Control": "max-age=600"},
        ),
    ],
    ids=["not-json", "a-404"],
)
def test_a_refused_answer_with_an_identity_number_never_reaches_the_cache(answer, cache, capsys):
    script = lambda send, path: send(answer if "metadata" in path else response(CONFIG))  # noqa: E731
    with Hostile(script).running("/api/v2") as base:
        assert main(["fetch", "ssb", "TAB6471", "--base-url", base]) == 1
    err = capsys.readouterr().err
    assert FNR not in err
    assert "Traceback" not in err
    assert FNR.encode() not in cache_bytes(cache)


def test_a_password_in_the_base_url_is_masked_in_every_message(capsys):
    fake = FakePxWeb()
    with fake.running() as base:
        pass  # closed again: the call fails
    secret = base.replace("http://", "http://anne:hemmelig@")
    with pytest.raises(SourceError) as info:
        il.ssb.fetch("TAB6471", select=SELECT, base_url=secret)
    assert "hemmelig" not in str(info.value)
    assert "http://anne:***@127.0.0.1" in str(info.value)
    assert main(["fetch", "ssb", "TAB6471", "--base-url", secret]) == 1
    err = capsys.readouterr().err
    assert "hemmelig" not in err
    assert "anne:***@" in err


def test_a_password_in_the_base_url_is_not_kept_in_the_cache(fake, url, cache):
    secret = url.replace("http://", "http://anne:hemmelig@")
    got = il.ssb.fetch("TAB6471", select=SELECT, base_url=secret)
    assert got.report.ok
    stored = cache_bytes(cache)
    assert cached_entries(cache) >= 3
    assert b"hemmelig" not in stored
    assert b"YW5uZTpoZW1tZWxpZw" not in stored  # base64 of anne:hemmelig (Authorization)


# -- the cache's own failures (item 6) -------------------------------------------------------


def _foreign(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE people (fnr TEXT)")
        db.execute("INSERT INTO people VALUES ('someone')")


def _hishel_1x(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE entries (id, cache_key, data, created_at, deleted_at)")


@pytest.mark.parametrize(
    ("spoil", "why"),
    [
        (lambda p: p.write_bytes(b"not a database at all " * 100), "not an SQLite database"),
        (lambda p: p.write_bytes(b""), None),  # empty: a new cache, used
        (_foreign, "a database of another program"),
        (_hishel_1x, "a database of another program"),
        (lambda p: p.mkdir(), "not a regular file"),
    ],
    ids=["garbage", "empty", "foreign", "hishel-1x", "a-directory"],
)
def test_a_cache_that_cannot_be_used_is_left_alone_and_said(spoil, why, url, cache, capsys):
    cache.mkdir()
    path = cache / "http-cache.sqlite"
    spoil(path)
    before = path.read_bytes() if path.is_file() else None
    got = il.ssb.fetch("TAB6471", select=SELECT, base_url=url)
    assert got.report.ok
    notes = " ".join(got.report.notes)
    if why is None:
        assert "HTTP cache" not in notes
        return
    assert why in notes
    assert "answers are fetched without it" in notes
    if before is not None:
        assert path.read_bytes() == before  # never touched
    assert main(["fetch", "ssb", "TAB6471", *[f"--select={k}={v}" for k, v in SELECT.items()],
                 "--base-url", url, "-o", str(cache.parent / "out.csv")]) == 0  # fmt: skip
    err = capsys.readouterr().err
    assert why in err
    assert "Traceback" not in err


def test_a_cache_cut_short_is_not_used(fake, url, cache):
    il.ssb.fetch("TAB6471", select=SELECT, base_url=url)
    path = cache / "http-cache.sqlite"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    got = il.ssb.fetch("TAB6471", select=SELECT, base_url=url)
    assert got.report.ok
    assert any("cut short" in note for note in got.report.notes)


def test_a_cache_damaged_inside_falls_back_without_a_traceback(fake, url, cache, capsys):
    il.ssb.fetch("TAB6471", select=SELECT, base_url=url)
    path = cache / "http-cache.sqlite"
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page:] = bytes(len(data) - page)  # every page after the first zeroed
    path.write_bytes(bytes(data))
    got = il.ssb.fetch("TAB6471", select=SELECT, base_url=url)
    assert got.report.ok
    assert any("HTTP cache" in note for note in got.report.notes)
    assert "Traceback" not in capsys.readouterr().err


@pytest.fixture
def read_only(tmp_path):
    """A file no one may write: immutable for root (who may write anything else), else 0444."""
    import os
    import subprocess

    path = tmp_path / "cache" / "http-cache.sqlite"
    path.parent.mkdir()
    with sqlite3.connect(path):
        pass
    if os.geteuid() != 0:
        path.chmod(0o444)
        yield path
        return
    made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    if made.returncode != 0:
        pytest.skip(f"cannot make a file read-only for root here: {made.stderr!r}")
    try:
        yield path
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=False)


def test_a_read_only_cache_is_not_used(read_only, url):
    got = il.ssb.fetch("TAB6471", select=SELECT, base_url=url)
    assert got.report.ok
    assert any("read-only" in note for note in got.report.notes)


def test_a_cache_directory_that_cannot_be_made_is_said_and_the_search_goes_on(
    tmp_path, monkeypatch, url
):
    from integreringslov._net.cache import CACHE_DIR_ENV

    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", "utf-8")
    monkeypatch.setenv(CACHE_DIR_ENV, str(blocker / "cache"))
    with pytest.warns(UserWarning, match="is not used"):
        found = il.ssb.tables("anställningar", base_url=url, limit=3)
    assert len(found) == 3


# -- clear messages for what used to be tracebacks (item 5) ----------------------------------


@pytest.mark.parametrize(
    "table", ["09817\n", "a\x1b[31mb", "x" * 10_000, "../etc/passwd", "09817?x#y", "", "0981 7"]
)
def test_a_table_id_that_is_no_id_is_refused_before_any_call(table, fake, url, capsys):
    with pytest.raises(InvalidInputError, match="not a table id"):
        il.ssb.fetch(table, base_url=url)
    assert fake.requests == []
    assert main(["fetch", "ssb", table, "--base-url", url]) == 1
    err = capsys.readouterr().err
    assert "not a table id" in err
    assert "\x1b" not in err
    assert "Traceback" not in err
    assert len(err) < 2000


def test_a_lone_surrogate_in_a_label_is_a_clear_error(capsys):
    pxweb = Path(__file__).parents[1] / "data" / "pxwebapi2"
    meta = json.loads((pxweb / "scb_TAB6471_metadata.json").read_text("utf-8"))
    meta["dimension"]["Kon"]["category"]["label"]["TotSa"] = "\ud800"  # sent as \ud800
    fake = FakePxWeb(metadata={"TAB6471": meta}, max_calls=100)
    with fake.running() as base:
        with pytest.raises(SourceError, match=r"a lone surrogate \\ud800"):
            il.ssb.fetch("TAB6471", select=SELECT, base_url=base)
        assert main(["fetch", "ssb", "TAB6471", "--base-url", base]) == 1
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize(
    "listing",
    [
        {"tables": [1, 2, 3]},
        {"tables": [{"label": "no id"}]},
        {"tables": [], "page": [1]},
        {"tables": "none"},
        [],
    ],
)
def test_tables_on_a_garbage_answer_is_a_clear_error(listing):
    class Garbage(FakePxWeb):
        def answer(self, path, query):
            if path.endswith("/tables"):
                return 200, json.dumps(listing).encode(), {}
            return super().answer(path, query)

    with Garbage().running() as base:
        if listing == {"tables": [], "page": [1]}:
            assert il.ssb.tables("x", base_url=base) == []
            return
        with pytest.raises(SourceError, match=r'table description|no "tables" list'):
            il.ssb.tables("x", base_url=base)


def test_a_status_index_out_of_range_when_joining_calls_is_a_clear_error():
    class OutOfRange(FakePxWeb):
        def _data(self, table, query):
            status, body, headers = super()._data(table, query)
            doc = json.loads(body)
            doc["status"] = {"99999": "."}
            return status, json.dumps(doc).encode(), headers

    fake = OutOfRange(max_data_cells=10, max_calls=100)
    with fake.running() as base, pytest.raises(SourceError, match="do not fit together"):
        il.ssb.fetch("TAB6471", select=SELECT, base_url=base)


def test_a_url_the_client_cannot_ask_for_is_a_clear_error():
    with pytest.raises(SourceError, match="not an http"):
        il.ssb.tables("x", base_url="file:///etc")
    with pytest.raises(SourceError, match="not a URL the client can ask for"):
        il.ssb.tables("x", base_url="http://exa mple.org\n/api")


@pytest.mark.parametrize(
    ("path", "limit"),
    [("/config", 1 << 20), ("/tables", 16 << 20), ("/metadata", 64 << 20)],
)
def test_each_kind_of_answer_has_its_own_limit(path, limit, cache):
    """A search page, a table's metadata: each refused as it passes its kind's limit."""

    def endless(send, asked):
        if path not in asked:
            send(response(CONFIG, headers={"Cache-Control": "max-age=600"}))
            return
        send(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        send(b'6\r\n{"a":"\r\n')
        while True:
            send(b"10000\r\n" + b"x" * 65536 + b"\r\n")

    def ask(base: str) -> object:
        if path == "/tables":
            return il.ssb.tables("x", base_url=base)
        return il.ssb.metadata("TAB6471", base_url=base)

    with (
        Hostile(endless).running("/api/v2") as base,
        pytest.raises(SourceError, match=f"larger than {limit} bytes"),
    ):
        ask(base)
    assert cached_entries(cache) == 0


def test_the_deadline_of_a_whole_search_is_said_as_such():
    with Hostile(drip(response(CONFIG), every=0.5), lifetime=20).running("/api/v2") as base:
        start = time.monotonic()
        with pytest.raises(SourceError, match=r"the client.s deadline of 1\.5 s passed"):
            il.ssb.tables("x", base_url=base, timeout=10, deadline=1.5)
    assert time.monotonic() - start < 3


def test_offline_with_a_cache_that_cannot_be_used_says_both(url, cache):
    cache.mkdir()
    (cache / "http-cache.sqlite").write_bytes(b"garbage" * 100)
    with pytest.raises(SourceError, match=r"not in the cache.*not an SQLite database"):
        il.ssb.fetch("TAB6471", select=SELECT, base_url=url, offline=True)


def test_an_answer_that_states_a_length_over_the_limit_is_refused_unread(cache):
    sent = []

    def big(send, path):
        send(b"HTTP/1.1 200 OK\r\nContent-Length: 1200000000\r\n\r\n")
        for _ in range(1200):
            send(b" " * (1 << 20))
            sent.append(1)

    with (
        Hostile(big).running("/api/v2") as base,
        Client() as client,
        pytest.raises(SourceError, match="larger than 1073741824 bytes"),
    ):
        client.get_json(f"{base}/tables/x/data", what="1.2 GB")
    assert len(sent) < 200  # refused at the header, not after a gigabyte
    assert cached_entries(cache) == 0
