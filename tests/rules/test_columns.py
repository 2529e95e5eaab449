"""The outcome columns rendered chunk by chunk (issue 23) are the columns of the whole table.

A large table is decided a chunk at a time, on several threads, and each chunk's keys are
registered with one :class:`~integreringslov.rules._columns.Rendering` in whatever order the
chunks finish; the columns — values, categories and their order — must not depend on it.
"""

from __future__ import annotations

from datetime import date

import attrs
import numpy as np
import pandas as pd
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from integreringslov.rules._columns import FIELDS, Rendering, render_columns
from integreringslov.rules._frame import validate
from integreringslov.rules._grounds import Decision, decide
from integreringslov.rules._outcomes import Ground
from strategies import person_rows

ON = date(2025, 3, 1)


def _rows_of(decision: Decision, rows: slice) -> Decision:
    """The decision of some of the rows (as a chunk's decision would be)."""
    return attrs.evolve(
        decision,
        **{
            f.name: getattr(decision, f.name)[rows]
            for f in attrs.fields(Decision)
            if f.name != "latest"
        },
    )


@given(
    rows=st.lists(person_rows(ON), min_size=1, max_size=40),
    size=st.integers(1, 7),
    order=st.randoms(use_true_random=False),
    lang=st.sampled_from(["en", "nb"]),
)
@settings(max_examples=30, deadline=None)
def test_chunks_rendered_in_any_order_give_the_columns_of_the_whole(rows, size, order, lang):
    frame = pd.DataFrame([row for _, row in rows])
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    valid = validate(frame, on=ON, source=None)
    assume(not valid.problems)
    assert valid.facts is not None
    decision = decide(valid.facts, ON)
    whole = render_columns(decision, lang)
    chunks = [slice(start, start + size) for start in range(0, len(frame), size)]
    rendering = Rendering(lang)
    numbers: dict[int, np.ndarray] = {}
    for i in order.sample(range(len(chunks)), len(chunks)):  # the chunks finish in any order
        numbers[i] = rendering.add(_rows_of(decision, chunks[i]))
    got = rendering.columns([numbers[i] for i in range(len(chunks))])
    for field in FIELDS:
        assert list(got[field].categories) == list(whole[field].categories), field
        assert got[field].codes.tolist() == whole[field].codes.tolist(), field


def test_undetermined_rows_read_their_own_reason_in_a_chunk_of_their_own():
    """Rows left undetermined by an empty family column keep their longer key: a chunk of
    only such rows, registered first, renders as the whole table does."""
    row = {
        "person_id": "p1", "birth_date": date(1990, 1, 1), "permit_letter": "f",
        "permit_granted": date(2024, 1, 1), "settled_date": date(2024, 2, 1),
        "settled_by_agreement": True, "nordic_or_eea": False,
    }  # fmt: skip
    frame = pd.DataFrame([row, {**row, "person_id": "p2", "permit_letter": "a"}])
    frame.index = pd.RangeIndex(1, 3)
    valid = validate(frame, on=ON, source=None)
    assert valid.facts is not None
    decision = decide(valid.facts, ON)
    assert decision.ground[0] == Ground.UNDETERMINED  # letter f without the reference person
    rendering = Rendering("nb")
    first = rendering.add(_rows_of(decision, slice(0, 1)))
    second = rendering.add(_rows_of(decision, slice(1, 2)))
    got = rendering.columns([first, second])
    whole = render_columns(decision, "nb")
    for field in FIELDS:
        assert list(got[field]) == list(whole[field]), field
    assert got["programme"][0] == "undetermined"
