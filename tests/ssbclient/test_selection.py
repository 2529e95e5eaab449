"""Selections: PxWebApi 2 expressions counted, and split into calls within the server's limits."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from integreringslov.errors import InvalidInputError
from integreringslov.ssb.selection import MAX_URL_LENGTH, Dimension, Metadata, plan_calls


def dim(name: str, codes: list[str], *, elimination: bool = False) -> Dimension:
    return Dimension(
        id=name,
        label=name.lower(),
        codes=tuple(codes),
        labels=tuple(codes),
        elimination=elimination,
    )


META = Metadata(
    table="T1",
    label="test",
    updated=None,
    dimensions=(
        dim("Region", ["0", "03", "0301", "50", "5001", "5006"], elimination=True),
        dim("Kjonn", ["1", "2"], elimination=True),
        dim("Alder", ["0-15", "16-66", "67+"]),
        dim("Tid", ["2020", "2021", "2022", "2023", "2024"]),
    ),
)


def test_one_call_sends_expressions_as_written_and_eliminates_what_may_be():
    calls = plan_calls(META, {"Region": "50??", "Tid": "top(2)"}, max_cells=1000)
    assert calls == [
        {
            "valueCodes[Region]": "5001,5006",
            "valueCodes[Alder]": "*",  # not eliminable, not selected: taken whole
            "valueCodes[Tid]": "top(2)",  # resolved by the server
        }
    ]  # Kjonn left out: SSB sums over it


@pytest.mark.parametrize(
    ("value", "codes"),
    [
        ("range(03,50)", "03,0301,50"),
        ("from(5001)", "5001,5006"),
        ("to(03)", "0,03"),
        ("0301, 5001", "0301,5001"),
        (["5006", "0301"], "0301,5006"),  # in the table's order
        ("*", "*"),
        ("0,03,0301,50,5001,5006", "*"),
        ("50*,0", "0,50,5001,5006"),
    ],
)
def test_expressions_resolve_in_the_tables_order(value, codes):
    [call] = plan_calls(META, {"Region": value}, max_cells=1000)
    assert call["valueCodes[Region]"] == codes


def test_top_and_bottom_are_counted_for_the_limit():
    # 3 ages x top(4) = 12 cells: over 10, and Tid cannot be split locally, so Alder is
    calls = plan_calls(META, {"Tid": "top(4)"}, max_cells=10)
    assert [c["valueCodes[Alder]"] for c in calls] == ["0-15,16-66", "67+"]
    assert all(c["valueCodes[Tid]"] == "top(4)" for c in calls)


def test_a_selection_that_cannot_be_split_small_enough_is_refused():
    with pytest.raises(InvalidInputError, match="cannot be split further"):
        plan_calls(META, {"Alder": "16-66", "Tid": "top(5)"}, max_cells=4)


@pytest.mark.parametrize(
    ("select", "column", "value"),
    [
        ({"Region": "9999"}, "Region", "9999"),
        ({"Region": "7*"}, "Region", "7*"),
        ({"Tid": "top(x)"}, "Tid", "top(x)"),
        ({"Tid": "range(2020)"}, "Tid", "range(2020)"),
        ({"Tid": "2020,,2021"}, "Tid", "2020,,2021"),
        ({"Fylke": "50"}, "Fylke", "Fylke"),
    ],
)
def test_bad_selections_name_the_dimension_and_value(select, column, value):
    with pytest.raises(InvalidInputError) as info:
        plan_calls(META, select, max_cells=1000)
    problem = info.value.problems[0]
    assert (problem.column, problem.value) == (column, value)
    assert problem.source == "SSB table T1"


def test_urls_stay_under_the_length_limit():
    many = dim("Region", [f"K-{i:04d}" for i in range(1000)], elimination=True)
    meta = Metadata(table="T2", label="", updated=None, dimensions=(many,))
    codes = [f"K-{i:04d}" for i in range(0, 1000, 2)]  # every other: no '*' shortcut
    calls = plan_calls(meta, {"Region": codes}, max_cells=10**6, url="http://x/tables/T2/data")
    assert len(calls) > 1
    from urllib.parse import urlencode

    assert all(len(urlencode(c)) < MAX_URL_LENGTH for c in calls)
    sent = [code for c in calls for code in c["valueCodes[Region]"].split(",")]
    assert sent == codes


def _cells(meta: Metadata, call: dict[str, str]) -> set[tuple[str, ...]]:
    axes = []
    for d in meta.dimensions:
        text = call.get(f"valueCodes[{d.id}]")
        if text is None:
            continue
        axes.append(d.codes if text == "*" else tuple(text.split(",")))
    return set(itertools.product(*axes))


@given(
    sizes=st.lists(st.integers(1, 12), min_size=1, max_size=4),
    max_cells=st.integers(1, 2000),
    data=st.data(),
)
def test_calls_cover_the_selection_once_each_within_the_limit(sizes, max_cells, data):
    meta = Metadata(
        table="T",
        label="",
        updated=None,
        dimensions=tuple(dim(f"D{i}", [f"c{j}" for j in range(n)]) for i, n in enumerate(sizes)),
    )
    select = {
        d.id: data.draw(st.lists(st.sampled_from(d.codes), min_size=1, unique=True))
        for d in meta.dimensions
    }
    wanted = set(
        itertools.product(
            *(
                sorted(v, key=d.codes.index)
                for d, v in zip(meta.dimensions, select.values(), strict=True)
            )
        )
    )
    calls = plan_calls(meta, select, max_cells=max_cells)
    seen: list[tuple[str, ...]] = []
    for call in calls:
        cells = _cells(meta, call)
        assert len(cells) <= max_cells
        seen += cells
    assert len(seen) == len(wanted) == math.prod(len(v) for v in select.values())
    assert set(seen) == wanted
