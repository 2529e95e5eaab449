"""The county's recommendation: composite shares, contributions, comparison, reproducibility."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from integreringslov import regions
from integreringslov.allocation import (
    Criterion,
    Direction,
    Recommendation,
    parse_criteria,
    recommend,
)
from integreringslov.errors import AllocationError, InvalidInputError
from integreringslov.settlement._reference import trondelag_2022_criteria

TRONDELAG = [
    m.code for m in regions.municipalities(on=date(2022, 1, 1)) if m.county == "50"
]


def _table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "municipality": ["5001", "5006", "5007", "5020"],
            "name": ["Trondheim", "Steinkjer", "Namsos", "Osen"],
            "population": [200_000, 24_000, 15_000, 900],
            "settled_per_1000": [1.0, 3.0, 0.0, 2.0],
            "requested": [740, 185, 140, 15],
        }
    )


def test_population_alone_is_proportional():
    rec = recommend(1000, _table(), criteria={"population": 1}, method="hamilton")
    # quotas 833.68, 100.04, 62.53, 3.75: floors 998, remainders .75 and .68 win
    assert rec.numbers == {"5001": 834, "5006": 100, "5007": 62, "5020": 4}
    assert sum(rec.numbers.values()) == 1000


def test_contributions_sum_to_quota_and_weights_are_relative():
    a = recommend(
        1000, _table(), criteria={"population": 3, "~settled_per_1000": 1}, method="sainte_lague"
    )
    b = recommend(
        1000,
        _table(),
        criteria={"population": 0.75, "~settled_per_1000": 0.25},
        method="sainte_lague",
    )
    assert a.numbers == b.numbers
    for row in a.rows:
        assert sum(row.contributions.values()) == pytest.approx(row.quota)
    # ~: the municipality that settled most per capita gets nothing from that criterion
    steinkjer = next(r for r in a.rows if r.municipality == "5006")
    assert steinkjer.contributions["~settled_per_1000"] == 0
    namsos = next(r for r in a.rows if r.municipality == "5007")
    # max 3: Namsos 3, Osen 1, Trondheim 2 → Namsos gets 3/6 of the 250 of this criterion
    assert namsos.contributions["~settled_per_1000"] == pytest.approx(125.0)


def test_rate_times_size():
    t = _table().assign(rate=[0.5, 1.0, 1.0, 1.0])
    rec = recommend(100, t, criteria="rate*population=1", method="hamilton")
    q = {r.municipality: r.quota for r in rec.rows}
    assert q["5001"] == pytest.approx(100 * 100_000 / (100_000 + 24_000 + 15_000 + 900))


def test_minimum_caps_and_opt_outs():
    t = _table().assign(maximum=[500, None, None, None], excluded=[False, False, True, False])
    rec = recommend(1000, t, criteria={"population": 1}, method="dhondt", minimum=10)
    n = rec.numbers
    assert n["5001"] == 500
    assert n["5007"] == 0
    assert all(v == 0 or v >= 10 for v in n.values())
    assert sum(n.values()) == 1000


def test_deviation_table_and_explain():
    rec = recommend(1080, _table(), criteria={"population": 1}, method="hamilton", minimum=10)
    dev = rec.deviations()
    assert list(dev.columns) == [
        "municipality",
        "name",
        "recommended",
        "requested",
        "deviation",
        "deviation_pct",
    ]
    assert dev.iloc[0]["municipality"] == "5001"  # largest deviation first
    assert (dev["deviation"] == dev["recommended"] - dev["requested"]).all()
    text = rec.explain()
    assert "§ 4 andre ledd" in text
    assert "Fylkeskommunen skal anbefale" in text
    assert "population" in text
    assert "mean absolute deviation" in text


def test_round_trip_and_reproduce():
    rec = recommend(
        3790,
        trondelag_2022_criteria(),
        criteria="population=0.6,requested_original=0.3,spread=0.1",
        method="modified_sainte_lague",
        minimum=10,
    )
    data = json.loads(json.dumps(rec.to_dict()))
    back = Recommendation.from_dict(data)
    assert back == rec
    assert back.reproduce().numbers == rec.numbers
    assert data["criteria"][0] == {
        "column": "population",
        "weight": 0.6,
        "direction": "more",
        "per": None,
    }
    with pytest.raises(AllocationError, match="not a recommendation"):
        Recommendation.from_dict({"total": 1})


def test_table_matches_schema():
    from integreringslov.tables import validate
    from integreringslov.tables.municipalities import RecommendationTable

    rec = recommend(
        3790, trondelag_2022_criteria(), criteria={"population": 1}, method="hamilton", minimum=10
    )
    _, report = validate(RecommendationTable, rec.table)
    assert report.ok, report.to_text()
    assert int(rec.table["recommended"].sum()) == 3790


def test_trondelag_by_population_vs_imdi():
    rec = recommend(
        3790, trondelag_2022_criteria(), criteria={"population": 1}, method="hamilton", minimum=10
    )
    # Trondheim holds 44 % of Trøndelag's population; IMDi asked it for 740
    assert rec.numbers["5001"] == 1687
    assert rec.comparison()["requested"] == 3790


def test_parse_criteria():
    cs = parse_criteria("population=2, ~settled=1, rate*population=0.5")
    assert [c.label for c in cs] == ["population", "~settled", "rate*population"]
    assert cs[1].direction is Direction.FEWER
    assert cs[2].per == "population"
    assert parse_criteria([Criterion(column="x", weight=1)])[0].column == "x"


@pytest.mark.parametrize(
    ("criteria", "match"),
    [
        ("population", "no weight"),
        ("population=abc", "not a number"),
        ("population=1,population=2", "given twice"),
        ("population=0", "add up to 0"),
        ("population=-1", "≥ 0"),
        ({}, "no criteria"),
    ],
)
def test_bad_criteria(criteria, match):
    with pytest.raises(AllocationError, match=match):
        recommend(10, _table(), criteria=criteria, method="hamilton")


def test_bad_table_lists_every_problem():
    t = pd.DataFrame({"municipality": ["5001", "50x", "5001"], "population": ["1", "x", None]})
    with pytest.raises(InvalidInputError) as err:
        recommend(10, t, criteria={"population": 1}, method="hamilton")
    text = str(err.value)
    assert "row 2, column 'municipality'" in text
    assert "50x" in text
    assert "row 2, column 'population'" in text
    assert "'x'" in text
    assert "row 3, column 'municipality': the value is also in another row" in text
    assert "row 3, column 'population': the cell is empty" in text
    with pytest.raises(InvalidInputError, match="criterion column 'jobs' is missing"):
        recommend(10, _table(), criteria={"jobs": 1}, method="hamilton")
    with pytest.raises(InvalidInputError, match="must not be negative"):
        recommend(
            10,
            _table().assign(population=[-1, 2, 3, 4]),
            criteria={"population": 1},
            method="hamilton",
        )
    with pytest.raises(AllocationError, match="0 for every municipality"):
        recommend(10, _table().assign(z=0.0), criteria={"z": 1}, method="hamilton")


@settings(max_examples=40, deadline=None)
@given(
    pops=st.lists(st.integers(0, 10**6), min_size=2, max_size=30).filter(lambda p: sum(p) > 0),
    total=st.integers(0, 5000),
    w=st.floats(0.01, 10),
)
def test_recommend_sums_to_total(pops, total, w):
    t = pd.DataFrame(
        {
            "municipality": TRONDELAG[: len(pops)],
            "population": pops,
            "recent": [i % 3 for i in range(len(pops))],
        }
    )
    rec = recommend(total, t, criteria={"population": w, "~recent": 1}, method="sainte_lague")
    assert sum(rec.numbers.values()) == total
    assert sum(r.quota for r in rec.rows) == pytest.approx(total)
