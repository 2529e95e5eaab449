"""The region registry against the counts SSB's KLASS files give (shared/samples/regions)."""

from datetime import date

import pytest

from integreringslov import regions
from integreringslov.errors import NotInForceError, UnknownRegionError

D2020, D2024 = date(2020, 6, 1), date(2024, 6, 1)


@pytest.mark.parametrize(("on", "n_muni", "n_county"), [(D2020, 356, 11), (D2024, 357, 15)])
def test_division_sizes(on, n_muni, n_county):
    assert len(regions.municipalities(on=on)) == n_muni
    assert len(regions.counties(on=on)) == n_county


def test_counties_of_2024_by_code():
    assert [c.code for c in regions.counties(on=D2024)] == [
        "03", "11", "15", "18", "31", "32", "33", "34", "39", "40", "42", "46", "50", "55", "56",
    ]  # fmt: skip


def test_municipalities_per_county_2024():
    # From the KLASS 2024 version's two-digit prefixes (samples/regions/README.md).
    expected = {"03": 1, "11": 23, "15": 27, "18": 41, "31": 12, "32": 21, "33": 18, "34": 46,
                "39": 6, "40": 17, "42": 25, "46": 43, "50": 38, "55": 21, "56": 18}  # fmt: skip
    counts: dict[str, int] = {}
    for m in regions.municipalities(on=D2024):
        counts[m.county.code] = counts.get(m.county.code, 0) + 1
    assert counts == expected


@pytest.mark.parametrize("on", [D2020, D2024])
def test_trondheim_is_5001_in_county_50(on):
    m = regions.municipality("5001", on=on)
    assert m.names[0] == "Trondheim"
    assert m.county.code == "50"
    assert m.county == "50"
    assert m.county.names[0] == "Trøndelag"


def test_names_follow_their_dated_changes():
    # KLASS change table: 5001 «Trondheim» → «Trondheim - Tråante» on 2023-01-01,
    # 1853 «Evenes» → «Evenes - Evenášši» on 2022-01-01.
    assert regions.municipality("5001", on=date(2022, 12, 31)).name == "Trondheim"
    assert regions.municipality("5001", on=date(2023, 1, 1)).name == "Trondheim - Tråante"
    assert regions.municipality("5001", on=date(2023, 1, 1)).names == ("Trondheim", "Tråante")
    assert regions.municipality("1853", on=date(2021, 12, 31)).name == "Evenes"
    assert regions.municipality("1853", on=date(2022, 1, 1)).name == "Evenes - Evenášši"


def test_2019_codes_resolve_to_2020_successors():
    # 5030 Klæbu merged into 5001 Trondheim; 0101 Halden renumbered 3001 (2020-01-01).
    assert regions.resolve("5030", on=date(2020, 1, 1)).codes == ("5001",)
    assert regions.resolve("0101", on=date(2020, 1, 1)).codes == ("3001",)
    # Moss: 0104 → 3002 (2020) → 3103 (2024).
    assert regions.resolve("0104", on=D2020).codes == ("3002",)
    assert regions.resolve("0104", on=D2024).codes == ("3103",)


def test_splits_are_ambiguous_and_say_so():
    r = regions.resolve("1850", on=D2020)  # Tysfjord → Narvik, Hamarøy
    assert r.codes == ("1806", "1875")
    assert r.ambiguous
    assert "several codes" in r.note
    r = regions.resolve("1507", on=D2024)  # Ålesund → Ålesund, Haram
    assert set(r) == {"1508", "1580"}
    assert r.ambiguous


def test_newer_codes_resolve_backwards():
    assert regions.resolve("3103", on=D2020).codes == ("3002",)
    assert regions.resolve("4001", on=date(2022, 1, 1)).codes == ("3806",)


def test_valid_code_resolves_to_itself_and_9999_is_unknown_municipality():
    r = regions.resolve("5001", on=D2024)
    assert r.codes == ("5001",)
    assert not r.ambiguous
    assert regions.resolve("9999", on=D2024).codes == ("9999",)
    assert all(m.code != "9999" for m in regions.municipalities(on=D2024))
    # issue 22: 9999 is not called valid (il.regions.municipality("9999", on=…) raises)
    note = regions.resolve("9999", on=D2024).note
    assert "valid" not in note
    assert "not a municipality" in note
    with pytest.raises(UnknownRegionError):
        regions.municipality("9999", on=D2024)


def test_unknown_codes_and_dates_raise_clear_errors():
    with pytest.raises(UnknownRegionError, match="'0000'"):
        regions.resolve("0000", on=D2024)
    with pytest.raises(UnknownRegionError, match="corresponds to 3103"):
        regions.municipality("3002", on=D2024)
    with pytest.raises(NotInForceError, match="2020-01-01"):
        regions.municipalities(on=date(2019, 12, 31))
    with pytest.raises(UnknownRegionError):
        regions.county("30", on=D2024)


def test_population_2021_matches_ssb_07459():
    pop = regions.population_2021()
    assert len(pop) == 356
    assert sum(pop.values()) == 5_391_369
    assert pop["5001"] == 207_595
    assert sum(v for k, v in pop.items() if k.startswith("50")) == 471_124


def test_the_embedded_municipalities_are_what_klass_131_builds():
    """The package's KLASS parsing (also used by regions.update) rebuilds the embedded data
    from SSB's own files: the 2020 and 2024 versions and the change table of KLASS 131."""
    import json
    from pathlib import Path

    from integreringslov.regions.klass import Version, build_registry

    klass = Path(__file__).resolve().parents[1] / "data" / "klass"

    def version(name: str) -> Version:
        doc = json.loads((klass / name).read_text("utf-8"))
        names = {i["code"]: i["name"] for i in doc["classificationItems"]}
        return Version(valid_from=doc["validFrom"], valid_to=doc.get("validTo"), names=names)

    changes = json.loads((klass / "klass131_changes_1971-01-01_2025-01-02.json").read_text("utf-8"))
    built = build_registry(
        [
            version("klass131_kommuneinndeling_2020.json"),
            version("klass131_kommuneinndeling_2024.json"),
        ],
        [],
        changes["codeChanges"],
        source="test",
    )
    embedded = json.loads(
        (Path(regions.__file__).parent / "data" / "regions.json").read_text("utf-8")
    )
    assert built["municipalities"] == embedded["municipalities"]
    assert built["changes"] == embedded["changes"]
    assert len(built["changes"]) == 594  # rows in SSB's change table, 1972-2024


def test_the_registry_says_it_is_the_embedded_one_without_a_klass_cache(tmp_path, monkeypatch):
    from integreringslov._net.cache import CACHE_DIR_ENV

    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path))
    regions.reload()
    try:
        source = regions.source()
        assert source.kind == "embedded"
        assert source.fetched is None
        assert "KLASS classifications 131" in source.description
    finally:
        monkeypatch.undo()
        regions.reload()
