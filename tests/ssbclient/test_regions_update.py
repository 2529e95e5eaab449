"""``il.regions.update`` / ``integreringslov regions update`` against a fake KLASS API.

The fake serves the recorded KLASS files (tests/data/klass/README.md); the version lists and
KLASS 104's versions are composed from them here, as that README says. Expected values are
the counts SSB's files hold (356 municipalities and 11 counties in 2020, 357 and 15 in
2024) and the registry embedded in the package, which was built from the same files.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from fake_servers import FakeKlass
from klass_answers import REAL, recorded, routes, snapshot

import integreringslov as il
from integreringslov import regions
from integreringslov._net import http
from integreringslov.cli import main
from integreringslov.errors import InvalidInputError, SourceError
from integreringslov.regions.klass import registry_file

DATES = [date(2020, 6, 1), date(2021, 12, 31), date(2023, 6, 1), date(2024, 1, 1), date(2025, 6, 1)]


@pytest.fixture
def klass() -> Iterator[tuple[FakeKlass, str]]:
    fake = FakeKlass(routes())
    with fake.running() as base:
        yield fake, base


def test_the_embedded_registry_is_the_offline_default():
    src = regions.source()
    assert src.kind == "embedded"
    assert src.fetched is None
    assert "KLASS classifications 131" in str(src)


def test_update_makes_klass_the_registry_and_says_so(klass, cache: Path):
    fake, base = klass
    embedded = snapshot(DATES)
    text = il.regions.update(base_url=base)
    src = regions.source()
    assert src.kind == "klass"
    assert src.fetched == datetime.now(UTC).date()
    assert src.path == str(registry_file())
    assert str(cache) in src.path
    assert text == str(src)
    assert "fetched" in text
    assert base in src.description
    # the same divisions as SSB's files, date by date
    assert snapshot(DATES) == embedded
    assert len(regions.municipalities(on=date(2020, 6, 1))) == 356
    assert len(regions.counties(on=date(2020, 6, 1))) == 11
    assert len(regions.municipalities(on=date(2024, 6, 1))) == 357
    assert len(regions.counties(on=date(2024, 6, 1))) == 15
    assert regions.resolve("1601", on=date(2021, 1, 1)).codes == ("5001",)
    assert regions.resolve("1507", on=date(2024, 1, 1)).codes == ("1508", "1580")
    assert fake.count("/versions/") == 4  # two of 131, two of 104


def test_a_division_after_2024_arrives_without_a_release(cache: Path):
    v2026 = recorded("klass131_kommuneinndeling_2024.json")
    v2026.update(
        name="Kommuneinndeling 2026",
        validFrom="2026-01-01",
        id=9026,
        _links={"self": {"href": f"{REAL}/versions/9026"}},
    )
    for item in v2026["classificationItems"]:
        if item["code"] == "5001":
            item["name"] = "Trondheim - Tråante (2026)"
    fake = FakeKlass(routes(extra_131=[v2026]))
    with fake.running() as base:
        regions.update(base_url=base)
    assert regions.municipality("5001", on=date(2025, 12, 31)).name == "Trondheim - Tråante"
    assert regions.municipality("5001", on=date(2026, 1, 1)).name == "Trondheim - Tråante (2026)"
    assert "latest municipal division 2026-01-01" in str(regions.source())


def test_data_that_make_no_registry_are_refused_and_nothing_changes(cache: Path):
    fake = FakeKlass(routes(with_2024_counties=False))
    with fake.running() as base, pytest.raises(InvalidInputError, match="no counties"):
        regions.update(base_url=base)
    assert not registry_file().exists()
    assert regions.source().kind == "embedded"


def test_klass_out_of_reach_is_a_clear_error(klass, monkeypatch):
    fake, base = klass
    monkeypatch.setattr(http, "_BACKOFF", 0.001)  # the retries, without their waits
    fake.failures.extend([(503, {})] * 10)
    with pytest.raises(SourceError, match="failed with 503"):
        regions.update(base_url=base)
    assert regions.source().kind == "embedded"


def test_an_unreadable_cached_registry_falls_back_to_the_embedded_one_and_says_why(cache: Path):
    path = registry_file()
    path.parent.mkdir(parents=True)
    path.write_text("{not json", "utf-8")
    src = regions.source()
    assert src.kind == "embedded"
    assert "could not be read" in (src.note or "")
    assert len(regions.municipalities(on=date(2024, 6, 1))) == 357


def test_the_cli_updates_and_prints_the_source(klass, capsys):
    _, base = klass
    assert main(["regions", "update", "--base-url", base]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Region registry: KLASS, fetched ")
    assert regions.source().kind == "klass"


def test_the_cli_reports_an_unreachable_klass_without_a_traceback(capsys):
    fake = FakeKlass({})
    with fake.running() as base:
        pass
    assert main(["regions", "update", "--base-url", base]) == 1
    err = capsys.readouterr().err
    assert "could not reach the server" in err
    assert "Traceback" not in err
