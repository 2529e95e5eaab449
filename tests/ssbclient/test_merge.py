"""Answers of several calls put together equal the one answer of a single call (property)."""

from __future__ import annotations

import json
import math

import pandas as pd
from fake_servers import cut, metadata_of
from hypothesis import given
from hypothesis import strategies as st

from integreringslov import ssb
from integreringslov._io.jsonstat import parse_jsonstat
from integreringslov.ssb.selection import plan_calls


@st.composite
def cubes(draw: st.DrawFn) -> dict:
    sizes = draw(st.lists(st.integers(1, 5), min_size=1, max_size=4))
    n = math.prod(sizes)
    values = draw(st.lists(st.one_of(st.none(), st.integers(0, 10**6)), min_size=n, max_size=n))
    symbols = draw(st.dictionaries(st.integers(0, n - 1), st.sampled_from([".", "..", ":"])))
    dimension = {}
    for k, size in enumerate(sizes):
        codes = [f"d{k}c{j}" for j in range(size)]
        order = draw(st.permutations(range(size)))  # index objects in any key order
        dimension[f"D{k}"] = {
            "label": f"dimension {k}",
            "category": {
                "index": {codes[p]: p for p in order},
                "label": {c: f"label {c}" for c in codes},
            },
        }
    return {
        "version": "2.0",
        "class": "dataset",
        "id": [f"D{k}" for k in range(len(sizes))],
        "size": sizes,
        "dimension": dimension,
        "value": [None if i in symbols else v for i, v in enumerate(values)],
        "status": {str(i): s for i, s in symbols.items()},
    }


@given(cube=cubes(), max_cells=st.integers(1, 100))
def test_merged_calls_read_as_the_whole_cube(cube, max_cells):
    client_meta = ssb._metadata(_Static(metadata_of(cube)), "http://x", "T", "no")
    calls = plan_calls(client_meta, dict.fromkeys(cube["id"], "*"), max_cells=max_cells)
    docs = []
    for params in calls:
        doc = cut(cube, {k: [v] for k, v in params.items()})
        assert isinstance(doc, dict)
        docs.append(json.loads(json.dumps(doc)))  # as the server sends it
    got = parse_jsonstat(ssb._merge(docs, client_meta, "T"))
    whole = parse_jsonstat(cube)
    pd.testing.assert_frame_equal(got.drop(columns="status"), whole.drop(columns="status"))
    # the same symbol in every cell (the order of the categories follows the answers' keys)
    assert got["status"].astype(str).tolist() == whole["status"].astype(str).tolist()


class _Static:
    """A client that answers every request with one document."""

    def __init__(self, doc: dict) -> None:
        self.doc = doc

    def get_json(self, url: str, **how: object) -> dict:
        return self.doc
