"""The immigrant population table, and the example that rebuilds the seed's Trøndelag table."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pandas as pd
import pytest

from integreringslov._io.jsonstat import read_jsonstat
from integreringslov.errors import InvalidInputError
from integreringslov.tables.statistics import immigrant_population_from_ssb

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "tests" / "data" / "ssb" / "trondelag_2021_innvandrere_alder_verdensregion.json"
SEED = """\
world_region,0,1-5,6-12,13-15,16-19,20-44,45-66,67-79,80+
Europa unntatt Tyrkia,294,1584,1899,558,748,15289,7570,1087,302
Afrika,183,1079,1179,393,512,4475,1194,99,7
Asia med Tyrkia,231,1323,1901,778,1037,9715,3589,316,72
Nord-Amerika,6,37,39,21,14,489,217,82,37
Sør- og Mellom-Amerika,10,58,72,31,54,1055,426,56,10
Oseania,3,10,9,0,0,132,39,5,3
Total,727,4091,5099,1781,2365,31155,13035,1645,431
"""


def test_helper_builds_the_domain_table() -> None:
    population = immigrant_population_from_ssb(read_jsonstat(SOURCE))
    assert list(population.columns) == [
        "region",
        "year",
        "age_group",
        "country_background",
        "country_background_label",
        "immigrant_category",
        "persons",
    ]
    assert len(population) == 54
    assert population["persons"].sum() == 60329
    row = population[
        (population["country_background"] == "2") & (population["age_group"] == "20-44")
    ]
    assert row["persons"].tolist() == [4475]
    assert row["country_background_label"].tolist() == ["Afrika"]
    assert set(population["region"]) == {"50"}
    assert set(population["year"]) == {2021}
    assert set(population["immigrant_category"]) == {"B-C"}


def test_example_reproduces_the_seed_table_exactly() -> None:
    spec = importlib.util.spec_from_file_location(
        "trondelag_example", ROOT / "examples" / "ssb_immigrants_trondelag.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["trondelag_example"] = module
    try:
        spec.loader.exec_module(module)
        table = module.age_by_world_region_table()
    finally:
        del sys.modules["trondelag_example"]
    assert table.to_csv(lineterminator="\n") == SEED
    seed = ROOT.parent / "shared" / "seed" / "trondelag_2021_age_by_world_region.csv"
    if seed.is_file():
        assert seed.read_text(encoding="utf-8") == SEED


def test_missing_dimension_needs_a_default() -> None:
    long = read_jsonstat(SOURCE).drop(columns=["InnvandrKat", "InnvandrKat_label"])
    with pytest.raises(InvalidInputError, match="InnvandrKat"):
        immigrant_population_from_ssb(long)
    population = immigrant_population_from_ssb(long, defaults={"immigrant_category": "B"})
    assert set(population["immigrant_category"]) == {"B"}


def test_fractional_persons_are_refused() -> None:
    long = read_jsonstat(SOURCE)
    long.loc[3, "value"] = 2.5
    with pytest.raises(InvalidInputError, match="whole number"):
        immigrant_population_from_ssb(long)


def test_symbols_become_missing_persons() -> None:
    long = read_jsonstat(SOURCE)
    long.loc[0, "value"] = float("nan")
    population = immigrant_population_from_ssb(long)
    assert pd.isna(population["persons"].iloc[0])
