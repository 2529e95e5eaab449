"""``il.ssb.fetch`` against the local fake: limits, retries, timeouts, cache and offline mode.

The expected table is always the recorded response (``scb_TAB6471_data.json``, 2,772
cells, from Statistics Sweden's PxWebApi 2) read from disk by ``il.read``: a fetch cut into
calls must give it back cell for cell.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import attrs
import pandas as pd
import pytest
from fake_servers import PXWEB, FakePxWeb

import integreringslov as il
from integreringslov._io.limits import DEFAULT_LIMITS
from integreringslov._net import http
from integreringslov.errors import InvalidInputError, SourceError

RECORDED = il.read(PXWEB / "scb_TAB6471_data.json")
SELECT = {
    "Region": list(RECORDED.table["Region"].cat.categories),
    "Alder": list(RECORDED.table["Alder"].cat.categories),
    "Kon": "*",
    "ContentsCode": "000007SF",
    "Tid": "2026M01,2026M02,2026M03,2026M04",
}


def data_calls(fake: FakePxWeb) -> int:
    return fake.count("/data")


def test_the_package_exports_ssb_lazily():
    assert il.ssb.fetch is il.ssb.fetch
    assert "ssb" in dir(il)


def test_a_selection_over_max_data_cells_is_cut_into_calls_and_joined(fake, url):
    got = il.ssb.fetch("TAB6471", select=SELECT, base_url=url)
    assert got.report.ok
    assert got.importer.name == "ssb-jsonstat"
    pd.testing.assert_frame_equal(got.table, RECORDED.table)
    # 2,772 cells at 500 a call: 21 regions in pieces of 3 (3 x 11 x 3 x 4 = 396 cells)
    assert data_calls(fake) == 7
    assert 403 not in fake.statuses  # never over the server's cell limit


def test_a_selection_within_the_limit_is_one_call(url):
    fake = FakePxWeb(max_data_cells=150_000, max_calls=100)
    with fake.running() as base:
        got = il.ssb.fetch("TAB6471", select=SELECT, base_url=base)
    pd.testing.assert_frame_equal(got.table, RECORDED.table)
    assert data_calls(fake) == 1


def test_the_client_keeps_to_max_calls_per_time_window():
    fake = FakePxWeb(max_data_cells=1000, max_calls=2, time_window=1)
    start = time.monotonic()
    with fake.running() as base:
        got = il.ssb.fetch("TAB6471", select=SELECT, base_url=base)
    assert got.report.ok
    assert fake.over_limit == 0
    assert 429 not in fake.statuses
    # /config, /metadata and 3 data calls, at most 2 a second: the fifth leaves after 2 s
    assert data_calls(fake) == 3
    assert time.monotonic() - start >= 2


@pytest.mark.parametrize("status", [429, 503])
def test_a_429_or_503_is_retried_after_retry_after(status, fake, url):
    fake.failures.append((status, {"Retry-After": "1"}))
    start = time.monotonic()
    got = il.ssb.fetch("TAB6471", select=SELECT, base_url=url)
    assert time.monotonic() - start >= 1
    assert fake.statuses[0] == status
    pd.testing.assert_frame_equal(got.table, RECORDED.table)


def test_a_429_that_does_not_end_is_a_clear_error(fake, url):
    fake.failures.extend([(429, {"Retry-After": "0"})] * 10)
    with pytest.raises(SourceError, match=r"too many requests \(429\)") as info:
        il.ssb.fetch("TAB6471", select=SELECT, base_url=url)
    assert info.value.problems[0].source == "PxWebApi configuration at " + url
    assert len(fake.requests) == 4  # the first call and three retries


def test_a_retry_after_beyond_reason_is_not_waited_for(fake, url):
    fake.failures.append((429, {"Retry-After": "3600"}))
    start = time.monotonic()
    with pytest.raises(SourceError, match="asks to wait 3600 s"):
        il.ssb.fetch("TAB6471", select=SELECT, base_url=url)
    assert time.monotonic() - start < 5


def test_a_passing_500_is_retried(fake, url):
    fake.failures.append((500, {}))
    got = il.ssb.fetch("TAB6471", select=SELECT, base_url=url)
    assert fake.statuses[0] == 500
    assert got.report.ok


def test_a_lasting_500_is_a_clear_error_after_bounded_retries(fake, url, monkeypatch):
    monkeypatch.setattr(http, "_BACKOFF", 0.001)  # the retries, without their waits
    fake.failures.extend([(500, {})] * 10)
    with pytest.raises(SourceError, match=r"failed with 500 .* after retrying"):
        il.ssb.fetch("TAB6471", select=SELECT, base_url=url)
    assert len(fake.requests) == 4


def test_a_slow_server_times_out_with_a_clear_error(fake, url):
    fake.delay = 3
    start = time.monotonic()
    with pytest.raises(SourceError, match=r"did not answer in full within 0.5 s"):
        il.ssb.fetch("TAB6471", select=SELECT, base_url=url, timeout=0.5)
    assert time.monotonic() - start < 3


def test_a_server_that_is_not_there_is_a_clear_error():
    fake = FakePxWeb()
    with fake.running() as base:
        pass  # the port is closed again
    with pytest.raises(SourceError, match="could not reach the server"):
        il.ssb.fetch("TAB6471", select=SELECT, base_url=base)


def test_a_second_fetch_is_served_from_the_cache(fake, url, cache):
    il.ssb.fetch("TAB6471", select=SELECT, base_url=url)
    before = len(fake.requests)
    got = il.ssb.fetch("TAB6471", select=SELECT, base_url=url)
    assert len(fake.requests) == before  # not one request: config, metadata, data all fresh
    pd.testing.assert_frame_equal(got.table, RECORDED.table)
    assert (cache / "http-cache.sqlite").is_file()


def test_a_stale_entry_is_revalidated_and_a_changed_table_fetched_again(url):
    fake = FakePxWeb(max_data_cells=500, max_calls=100, cache_control="max-age=0")
    with fake.running() as base:
        il.ssb.fetch("TAB6471", select=SELECT, base_url=base)
        first = len(fake.statuses)
        again = il.ssb.fetch("TAB6471", select=SELECT, base_url=base)
        assert fake.statuses[first:] == [304] * 9  # config, metadata, 7 data calls
        pd.testing.assert_frame_equal(again.table, RECORDED.table)
        fake.change_table("TAB6471", 2)
        changed = il.ssb.fetch("TAB6471", select=SELECT, base_url=base)
    assert changed.table["value"].sum() == 2 * RECORDED.table["value"].sum()


def test_offline_serves_the_cache_and_names_what_it_lacks(fake):
    with fake.running() as base:
        il.ssb.fetch("TAB6471", select=SELECT, base_url=base)
    # the server is gone; offline mode does not need it
    got = il.ssb.fetch("TAB6471", select=SELECT, base_url=base, offline=True)
    pd.testing.assert_frame_equal(got.table, RECORDED.table)
    with pytest.raises(SourceError, match="not in the cache, and the client is offline") as info:
        il.ssb.fetch("TAB6471", select={**SELECT, "Kon": "1"}, base_url=base, offline=True)
    assert info.value.problems[0].source == "SSB table TAB6471"


def test_the_cache_directory_can_be_given(fake, url, tmp_path):
    il.ssb.fetch("TAB6471", select=SELECT, base_url=url, cache=tmp_path / "mine")
    assert (tmp_path / "mine" / "http-cache.sqlite").is_file()


def test_an_unknown_code_or_dimension_is_named(url):
    with pytest.raises(InvalidInputError) as info:
        il.ssb.fetch("TAB6471", select={**SELECT, "Kon": "3"}, base_url=url)
    problem = info.value.problems[0]
    assert (problem.column, problem.value) == ("Kon", "3")
    assert "TotSa" in (problem.expected or "")
    with pytest.raises(InvalidInputError, match="no such dimension"):
        il.ssb.fetch("TAB6471", select={"Kommune": "0301"}, base_url=url)


def test_an_unknown_table_is_a_clear_error(url):
    with pytest.raises(SourceError, match=r"not found \(404\)"):
        il.ssb.fetch("99999", select={}, base_url=url)


def test_a_language_the_server_does_not_offer_is_refused(url):
    with pytest.raises(InvalidInputError, match="does not offer this language"):
        il.ssb.fetch("TAB6471", select=SELECT, base_url=url, lang="sv")  # type: ignore[arg-type]


def test_tables_lists_the_recorded_page(fake, url):
    found = il.ssb.tables("anställningar", base_url=url, limit=30)
    assert len(found) == 30  # the recorded page holds 20 of 4,246: two pages asked for
    assert fake.count("/tables?") == 2
    assert found[0].id == "TAB4707"
    assert found[0].first_period == "2015M04"
    assert found[0].variables == ("sektor", "kön", "tabellinnehåll", "månad")


def test_metadata_describes_the_recorded_table(url):
    meta = il.ssb.metadata("TAB6471", base_url=url)
    assert [d.id for d in meta.dimensions] == ["Region", "Alder", "Kon", "ContentsCode", "Tid"]
    assert [len(d.codes) for d in meta.dimensions] == [312, 134, 3, 1, 16]
    assert meta.dimension("Region").elimination
    assert not meta.dimension("Tid").elimination
    assert meta.dimension("Kon").labels == ("totalt, samtliga män och kvinnor", "män", "kvinnor")


def test_progress_is_shown_on_request_only(fake, url, capsys):
    il.ssb.fetch("TAB6471", select=SELECT, base_url=url, progress=False)
    assert capsys.readouterr().err == ""


def test_the_fetched_table_writes_like_a_read_one(url, tmp_path: Path):
    from integreringslov._io.write import write_table

    got = il.ssb.fetch("TAB6471", select=SELECT, base_url=url)
    write_table(got.table, tmp_path / "out.csv")
    # the column header, which tells the table, then the 2,772 cells
    assert (tmp_path / "out.csv").read_text("utf-8").count("\n") == 1 + 2772
    assert il.read(tmp_path / "out.csv").importer.name == "integreringslov-ssb"


class _Stale(FakePxWeb):
    """A server whose answers do not fit together: every call gets the first regions."""

    def _data(self, table, query):
        return super()._data(table, {**query, "valueCodes[Region]": ["01,03,04"]})


def test_answers_that_do_not_fit_together_are_refused():
    fake = _Stale(max_data_cells=500, max_calls=100)
    with fake.running() as base, pytest.raises(SourceError, match="do not fit together"):
        il.ssb.fetch("TAB6471", select=SELECT, base_url=base)


def test_a_selection_over_max_cells_is_refused_before_any_data_call(fake, url):
    small = attrs.evolve(DEFAULT_LIMITS, max_cells=2000)
    with pytest.raises(SourceError, match=r"claims 2772 cells in the selection; the limit is 2000"):
        il.ssb.fetch("TAB6471", select=SELECT, base_url=url, limits=small)
    assert data_calls(fake) == 0


def test_an_answer_over_max_input_bytes_is_refused_while_it_arrives(fake, url):
    small = attrs.evolve(DEFAULT_LIMITS, max_input_bytes=5000)
    with pytest.raises(SourceError, match=r"larger than 5000 bytes, decoded \(raise Limits"):
        il.ssb.fetch("TAB6471", select=SELECT, base_url=url, limits=small)


def test_status_symbols_survive_a_fetch_in_several_calls():
    """SSB's own table 05300 (tests/data/ssb/samples): 432 cells, 28 with '.' or '..'."""
    path = PXWEB.parent / "ssb" / "samples" / "ssb_v0_table_05300_jsonstat2.json"
    cube = json.loads(path.read_text("utf-8"))
    fake = FakePxWeb(cubes={"05300": cube}, max_data_cells=50, max_calls=100)
    with fake.running() as base:
        got = il.ssb.fetch("05300", select={"Tid": "*", "Avstand1": "*"}, base_url=base)
    assert data_calls(fake) == 9  # split along the largest dimension, Tid: 6 x 8 = 48 a call
    expected = il.read(path).table
    pd.testing.assert_frame_equal(got.table.drop(columns="status"), expected.drop(columns="status"))
    assert got.table["status"].astype(str).tolist() == expected["status"].astype(str).tolist()
    assert (got.table["status"] != "").sum() == 28


def test_progress_on_request_does_not_disturb_the_fetch(fake, url, capsys):
    got = il.ssb.fetch("TAB6471", select=SELECT, base_url=url, progress=True)
    pd.testing.assert_frame_equal(got.table, RECORDED.table)
    assert capsys.readouterr().out == ""  # the bar goes to stderr, never into the data
