"""The IMDi importers on the real samples and on small files written from law.md § 3.3.

Expected values were read by eye from the raw files (cp1252, `;`), not produced by the code.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import integreringslov_importers.imdi as imdi
from integreringslov import regions
from integreringslov._io.write import write_table
from integreringslov.errors import SourceError
from integreringslov.plugins import Plugins, get_plugin_manager

HERE = Path(__file__).resolve().parents[1] / "data" / "imdi"
EM = HERE / "imdi_export_bosatte_enslige_mindrearige.csv"  # byte copies of the real samples
BOTID = HERE / "imdi_export_befolkning_botid.csv"


def _sample(name: str, tmp_path: Path) -> Path:
    return Path(shutil.copy(HERE / name, tmp_path / name))


@pytest.fixture
def plugins() -> Plugins:
    """A fresh manager with this plugin only (other built-ins blocked, no autoload)."""
    from integreringslov_importers import BUILTIN_PLUGINS

    others = [m for m in BUILTIN_PLUGINS if m != imdi.__name__]
    pm = get_plugin_manager(autoload=False, blocked=others)
    if not pm.is_registered(imdi):
        pm.register(imdi, name=imdi.__name__)
    return Plugins(pm)


def _figure(table: pd.DataFrame, municipality: str, measure: str, year: int) -> object:
    row = table[
        (table.municipality == municipality) & (table.measure == measure) & (table.year == year)
    ]
    assert len(row) == 1, row
    persons = row.persons.iloc[0]
    return row.status.iloc[0] if pd.isna(persons) else int(persons)


# --------------------------------------------------------------------------- real samples


def test_wide_unaccompanied_minors_sample_values(tmp_path: Path, plugins: Plugins) -> None:
    path = _sample(EM.name, tmp_path)
    imported = plugins.read(path)
    assert imported.importer.name == "imdi"
    assert imported.report.ok
    t = imported.table
    assert set(t.population) == {"unaccompanied_minors"}
    assert set(t.measure) == {"requested", "requested_original", "decided", "settled"}
    # K3801;Horten;5;5;20;5;:;:;:;:;12  (Anmodning om bosetting, Personer, 2014..2022)
    assert [_figure(t, "3801", "requested", y) for y in range(2014, 2023)] == [
        5,
        5,
        20,
        5,
        ":",
        ":",
        ":",
        ":",
        12,
    ]
    # Horten, Faktisk bosetting, Personer: 4;6;13;10;:;:;:;:;0
    assert _figure(t, "3801", "settled", 2014) == 4
    assert _figure(t, "3801", "settled", 2022) == 0
    # Horten, Vedtak om bosetting, Personer: 5;5;20;8;...;10
    assert _figure(t, "3801", "decided", 2017) == 8
    assert _figure(t, "3801", "decided", 2022) == 10
    # Horten, Opprinnelig anmodning: only 2020 (':') and 2022 (5) are filled in
    orig = t[(t.municipality == "3801") & (t.measure == "requested_original")]
    assert sorted(orig.year) == [2020, 2022]
    assert _figure(t, "3801", "requested_original", 2022) == 5
    # Porsgrunn, Vedtak 2021 = 0 and 2022 = ':'
    assert _figure(t, "3806", "decided", 2021) == 0
    assert _figure(t, "3806", "decided", 2022) == ":"
    # Sandefjord (f.o.m. 2017): 2014/2015 empty (left out), 2016 '.', 2017 7
    assert _figure(t, "3804", "requested", 2016) == "."
    assert _figure(t, "3804", "requested", 2017) == 7
    assert t[(t.municipality == "3804") & (t.measure == "requested")].year.min() == 2016
    # no percentage leaks in: Horten 2022 Prosent for Faktisk bosetting is 0 / 100 / 83.33...
    assert t.persons.dropna().le(1000).all()
    # the index points at the line in the file (Horten is line 4)
    assert set(t[t.municipality == "3801"].index) == {4}


def test_wide_sample_skips_percentages_and_empty_cells(tmp_path: Path) -> None:
    result = imdi.read_settlement(_sample(EM.name, tmp_path))
    assert result.problems == ()
    # 23 municipality lines x 4 measures x 9 years of Prosent
    assert any("828 figures in units other than persons (Prosent)" in s for s in result.skipped)
    assert any("empty cells" in s for s in result.skipped)
    returned = imdi.read_source(EM, "imdi", {})
    assert returned is not None
    assert returned.notes == result.skipped
    assert returned.problems == ()
    assert returned.importer is None


def test_generic_wide_botid_sample(tmp_path: Path, plugins: Plugins) -> None:
    path = _sample(BOTID.name, tmp_path)
    imported = plugins.read(path)
    assert imported.importer.name == "imdi-wide"
    assert imported.report.ok
    t = imported.table
    assert list(t.columns) == [
        "region",
        "region_name",
        "Botid i Norge",
        "Verdensregion",
        "unit",
        "year",
        "value",
        "status",
    ]
    horten = t[t.region == "K3801"]
    first = horten[
        (horten["Botid i Norge"] == "0-4 år")
        & horten["Verdensregion"].str.startswith("EU/EFTA")
        & (horten.year == 2014)
    ]
    assert first.value.tolist() == [624.0]  # first figure of the Horten line
    assert set(t.unit) == {"Personer"}
    # the Hjartdal line has three '.' cells: kept as status with no value
    dots = t[(t.region == "K3819") & (t.status == ".")]
    assert len(dots) == 3
    assert dots.value.isna().all()
    assert set(t["Botid i Norge"]) >= {"0-4 år", "5-9 år", "10+ år", "Alle", "undefined"}


# --------------------------------------------------------------------------- long layout


def test_long_trondelag_2022_matches_law_md(plugins: Plugins) -> None:
    imported = plugins.read(HERE / "trondelag_2022_long.csv")
    assert imported.importer.name == "imdi"
    assert imported.report.ok, imported.report.to_text()
    t = imported.table
    assert set(t.population) == {"all"}
    y22 = t[(t.year == 2022) & t.municipality.str.startswith("50")]
    sums = y22.groupby("measure").persons.sum()
    assert sums.to_dict() == {
        "requested_original": 641,
        "requested": 3790,
        "decided": 3610,
        "settled": 3121,
    }
    assert _figure(t, "5001", "requested", 2022) == 740
    assert _figure(t, "5001", "requested_original", 2022) == 140
    assert _figure(t, "5043", "settled", 2022) == ":"  # Røyrvik, suppressed
    assert _figure(t, "9999", "settled", 2022) == 3  # uoppgitt kommune, kept
    assert _figure(t, "1601", "settled", 2017) == "."  # historical number, kept
    # percentage rows are not persons: Skaun's settled stays 30, not 21.43
    assert _figure(t, "5029", "settled", 2022) == 30
    assert t.loc[2].tolist() == [2022, "5001", "all", "requested_original", 140, ""]


def test_historical_numbers_resolve_through_the_registry() -> None:
    t = imdi.read_settlement(HERE / "trondelag_2022_long.csv").table
    old = t[t.municipality == "1601"].iloc[0]
    resolved = regions.resolve(old.municipality, on=pd.Timestamp("2024-01-01").date())
    assert "5001" in resolved.codes


def test_long_variant_renamed_category_utf8_bom() -> None:
    result = imdi.read_settlement(HERE / "variant_utf8_bom.csv")
    t = result.table
    assert result.problems == ()
    assert set(t.municipality) == {"0301", "5001"}  # zero-padded to four digits
    assert _figure(t, "0301", "settled", 2023) == 1981
    assert _figure(t, "5001", "settled", 2023) == ":"


def test_wide_settlement_leaves_out_merged_county_figures() -> None:
    result = imdi.read_settlement(HERE / "bosatt_anmodede_wide.csv")
    t = result.table
    assert result.problems == ()
    assert _figure(t, "5001", "settled", 2022) == 667  # not doubled by the merged block
    assert _figure(t, "5001", "requested", 2021) == 150
    assert _figure(t, "5043", "requested", 2021) == "."
    assert _figure(t, "9999", "settled", 2022) == 3
    assert len(t[(t.municipality == "5001") & (t.measure == "settled")]) == 2
    assert any("sammenslått for tidligere fylker" in s for s in result.skipped)
    assert any("Prosent" in s for s in result.skipped)


def test_bad_cells_are_reported_with_line_and_column(plugins: Plugins) -> None:
    path = HERE / "kategori_bad_cells.csv"
    result = imdi.read_settlement(path)
    by_check = {p.check: p for p in result.problems}
    assert set(by_check) == {"imdi_category", "imdi_persons"}
    cat = by_check["imdi_category"]
    assert (cat.row, cat.column, cat.value) == (4, "Kategori", "Avtalt bosetting")
    bad = [p for p in result.problems if p.check == "imdi_persons"]
    assert [(p.row, p.column, p.value) for p in bad] == [
        (3, "Antall", "tre hundre"),
        (5, "Antall", "12.5"),
    ]
    # the valid row is there
    assert result.table.index.tolist() == [2]
    assert _figure(result.table, "3301", "requested", 2024) == 400


def test_encoding_can_be_forced_and_fails_clearly() -> None:
    with pytest.raises(SourceError, match="cannot decode the file as utf-8"):
        imdi.read_settlement(HERE / "trondelag_2022_long.csv", encoding="utf-8")
    ok = imdi.read_settlement(HERE / "trondelag_2022_long.csv", encoding="cp1252")
    assert len(ok.table) == 38 * 4 + 2


def test_not_an_imdi_file(tmp_path: Path, plugins: Plugins) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a;b;c\n1;2;3\n", encoding="utf-8")
    declined = imdi.detect_source(path)
    assert declined is not None
    assert declined.confidence == 0
    assert declined.reason.startswith("the first line is not an IMDi header")
    with pytest.raises(SourceError, match="not an IMDi settlement export"):
        imdi.read_settlement(path)


def test_malformed_header_cell(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("Region;Navn;Bosetting: Vedtak om bosetting;Vedtak\n;;År: 2020;År: 2021\n")
    with pytest.raises(SourceError) as info:
        imdi.read_settlement(path)
    problem = info.value.problems[0]
    assert (problem.row, problem.value) == (1, "Vedtak")


def test_county_level_export_points_to_imdi_wide(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("Region;Navn;Bosetting: Vedtak om bosetting\n;;År: 2020\nF50;Trøndelag;561\n")
    with pytest.raises(SourceError, match="imdi-wide"):
        imdi.read_settlement(path)
    assert imdi.read_wide_table(path).table.value.tolist() == [561.0]


def test_population_option(plugins: Plugins) -> None:
    imported = plugins.read(
        HERE / "variant_utf8_bom.csv", importer="imdi", population="unaccompanied_minors"
    )
    assert set(imported.table.population) == {"unaccompanied_minors"}
    with pytest.raises(SourceError, match="unknown population"):
        plugins.read(HERE / "variant_utf8_bom.csv", importer="imdi", population="kids")


def test_detection_confidences() -> None:
    assert imdi.detect_source(HERE / "trondelag_2022_long.csv").importer == "imdi"  # type: ignore[union-attr]
    assert imdi.detect_source(EM).importer == "imdi"  # type: ignore[union-attr]
    assert imdi.detect_source(BOTID).importer == "imdi-wide"  # type: ignore[union-attr]
    assert imdi.detect_source(HERE / "nope.json") is None


def test_the_library_reads_back_what_it_writes(tmp_path: Path) -> None:
    # integreringslov import -o out.csv writes the contract's table, its columns the header
    # (which tells the table); reading that file again must give the same table.
    plugins = Plugins(get_plugin_manager())
    first = plugins.read(EM)
    out = tmp_path / "out.csv"
    write_table(first.table, out)
    assert out.read_text(encoding="utf-8").splitlines()[0] == (
        '"year","municipality","population","measure","persons","status"'
    )
    again = plugins.read(out)
    assert again.importer.name == "integreringslov-settlement"
    assert again.report.ok
    pd.testing.assert_frame_equal(
        first.table.reset_index(drop=True), again.table.reset_index(drop=True)
    )


def test_reading_back_reports_a_bad_count_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    path.write_text(
        "year,municipality,population,measure,persons,status\n"
        "2022,5001,all,requested,740,\n"
        "2022,5006,all,requested,1.5,\n"
        "2022,5043,all,settled,,:\n",
        encoding="utf-8",
    )
    result = Plugins(get_plugin_manager()).read(path)
    assert [(p.row, p.column, p.value) for p in result.report.problems] == [(3, "persons", "1.5")]
    assert result.table["municipality"].tolist() == ["5001", "5043"]
    assert result.table["persons"].isna().tolist() == [False, True]
