"""The repeated-id note (issue 24) and the id hashes that make the usual case cheap (issue 23).

``text_hashes`` may only ever *prove* that ids differ: equal ids must hash alike however
Arrow holds them (sliced, in several chunks, as large strings), and a repeated id must be
found whatever the hashes say.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from holdings import arrow_holdings
from integreringslov.rules._frame import _repeated_ids
from integreringslov.tables._arrow import blank, text_hashes

pa = pytest.importorskip("pyarrow")

IDS = st.lists(
    st.one_of(
        st.none(),
        st.sampled_from(["", "p1", "p1 ", "12345678", "123456789", "x" * 16, "x" * 17, "\x00"]),
        st.text(max_size=20),
    ),
    max_size=12,
)


@given(IDS)
@example(["a", "b", "a"])
@example(["12345678", "12345678 "])  # a word of eight bytes, then a ninth
@example(["\x00", ""])  # a NUL byte is not the end of a text
def test_equal_ids_hash_alike_and_repeats_are_always_found(ids):
    given_ids = [i for i in ids if i is not None]
    repeated = len(set(given_ids)) < len(given_ids)
    for held in arrow_holdings(ids):
        hashes = text_hashes(held)
        assert hashes is not None
        assert len(hashes) == len(ids)
        for i, a in enumerate(ids):
            for j, b in enumerate(ids):
                if a is not None and a == b:
                    assert hashes[i] == hashes[j]
        assert bool(_repeated_ids(held, "en")) == repeated


def test_other_columns_have_no_hashes_and_are_compared_as_texts():
    for ids in (pd.Series(["a", "b", "a"], dtype=object), pd.Series([1, 2, 1])):
        assert text_hashes(ids) is None
        assert _repeated_ids(ids, "en")


def test_a_million_different_ids_have_different_hashes():
    ids = pd.Series([f"p{i}" for i in range(1_000_000)], dtype="string[pyarrow]")
    hashes = text_hashes(ids)
    assert hashes is not None
    assert len(np.unique(hashes)) == len(ids)
    assert _repeated_ids(ids, "en") == []


@pytest.mark.parametrize("n", [131_073, 3_000_000])
def test_a_repeat_far_apart_in_a_large_table_is_found(n):
    """Issue 23: a large table's hashes are counted in parts by their top bits; a repeat
    at the two ends of the table still meets itself."""
    ids = pd.Series([f"p{i}" for i in range(n)], dtype="string[pyarrow]")
    assert _repeated_ids(ids, "en") == []
    ids.iloc[-1] = "p0"
    (note,) = _repeated_ids(ids, "en")
    assert "(p0)" in note


TEXTS = st.lists(
    st.one_of(
        st.none(),
        st.sampled_from(["", " ", "\t", "\n \r", "\u00a0", "\u2003 ", " p1", "p1 ", "!", "\x7f"]),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=6),
    ),
    max_size=12,
)


@given(TEXTS)
@example(["", " ", "\u00a0", "a", None])
def test_blank_ids_are_found_by_their_first_byte_as_arrow_reads_them_all(ids):
    """Issue 23: only texts that may be white space are read by ``utf8_is_space``; the
    answer is the one of reading every text (missing, empty or white space throughout)."""
    import pyarrow.compute as pc

    for held in arrow_holdings(ids):
        arrow = pa.array(held.array)
        every = pc.or_(pc.equal(pc.binary_length(arrow), 0), pc.utf8_is_space(arrow))
        expected = pc.fill_null(every, True).to_numpy(zero_copy_only=False)
        assert blank(arrow).tolist() == expected.tolist()
