"""Apportionment: published vectors, properties, and agreement with a textbook reference."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from integreringslov.allocation import METHODS, apportion
from integreringslov.errors import AllocationError

DIVISOR_METHODS = [m for m in METHODS if m != "hamilton"]


# --- a slow reference, written from the textbook definitions ---------------------------------


def _prio(method: str, w: Fraction, k: int) -> tuple[int, Fraction]:
    """Claim on the (k+1)-th seat; (1, ·) is infinite."""
    if method == "dhondt":
        return (0, w / (k + 1))
    if method == "sainte_lague":
        return (0, w / (Fraction(2 * k + 1, 2)))
    if method == "modified_sainte_lague":
        return (0, w / (Fraction(7, 10) if k == 0 else Fraction(2 * k + 1, 2)))
    if method == "huntington_hill":
        return (1, Fraction(0)) if k == 0 else (0, w * w / (k * (k + 1)))  # squared
    if method == "adams":
        return (1, Fraction(0)) if k == 0 else (0, w / k)
    raise AssertionError(method)


def ref_divisor(total, weights, method, caps):
    keys = list(weights)
    ws = [Fraction(weights[k]) for k in keys]
    seats = [0] * len(keys)
    for _ in range(total):
        best = None
        for i, w in enumerate(ws):
            if w <= 0 or seats[i] >= caps[i]:
                continue
            key = (_prio(method, w, seats[i]), w, -i)
            if best is None or key > best[0]:
                best = (key, i)
        assert best is not None
        seats[best[1]] += 1
    return dict(zip(keys, seats, strict=False))


def ref_hamilton(total, weights, caps):
    keys = list(weights)
    ws = [Fraction(weights[k]) for k in keys]
    capped = [False] * len(keys)
    while True:
        rest = total - sum(caps[i] for i in range(len(keys)) if capped[i])
        free_w = sum(w for i, w in enumerate(ws) if not capped[i] and w > 0)
        q = [
            Fraction(caps[i]) if capped[i] else (rest * w / free_w if free_w else Fraction(0))
            for i, w in enumerate(ws)
        ]
        over = [i for i in range(len(keys)) if not capped[i] and ws[i] > 0 and q[i] > caps[i]]
        if not over:
            break
        for i in over:
            capped[i] = True
    seats = [math.floor(x) for x in q]
    r = total - sum(seats)
    order = sorted(range(len(keys)), key=lambda i: (-(q[i] - seats[i]), -ws[i], i))
    for i in order[:r]:
        seats[i] += 1
    return dict(zip(keys, seats, strict=False))


def reference(total, weights, method, caps=None):
    caps = caps or [total] * len(weights)
    if method == "hamilton":
        return ref_hamilton(total, weights, caps)
    return ref_divisor(total, weights, method, caps)


# --- published and hand-checked vectors ------------------------------------------------------


def test_textbook_votes_dhondt_and_sainte_lague():
    votes = {"A": 4160, "B": 3380, "C": 2460}
    assert apportion(10, votes, method="dhondt") == {"A": 4, "B": 4, "C": 2}
    assert apportion(10, votes, method="sainte_lague") == {"A": 4, "B": 3, "C": 3}


def test_wikipedia_dhondt_example():
    # Wikipedia "D'Hondt method": 100 000 / 80 000 / 30 000 / 20 000 votes, 8 seats
    votes = {"A": 100_000, "B": 80_000, "C": 30_000, "D": 20_000}
    assert apportion(8, votes, method="dhondt") == {"A": 4, "B": 3, "C": 1, "D": 0}
    # and Sainte-Laguë on the same votes gives 3/3/1/1
    assert apportion(8, votes, method="sainte_lague") == {"A": 3, "B": 3, "C": 1, "D": 1}


def test_modified_sainte_lague_first_divisor_hurts_small_parties():
    # quotients: A 53/1.4=37.9, 53/3=17.7, 53/5=10.6; B 24/1.4=17.1, 24/3=8; C 23/1.4=16.4
    # 5 seats: A 37.9, A 17.7, B 17.1, C 16.4, A 10.6
    votes = {"A": 53, "B": 24, "C": 23}
    assert apportion(5, votes, method="modified_sainte_lague") == {"A": 3, "B": 1, "C": 1}
    # with 1.4 the first divisor, a party of 10 loses to 52/3=17.3 → A gets the seat
    assert apportion(4, {"A": 52, "B": 10}, method="modified_sainte_lague") == {"A": 4, "B": 0}
    assert apportion(4, {"A": 52, "B": 10}, method="sainte_lague") == {"A": 3, "B": 1}


def test_alabama_paradox_hamilton():
    # The classic Alabama paradox: populations 6, 6, 2 — Hamilton gives C 2 of 10 seats
    # but only 1 of 11 (quotas 4.286/4.286/1.429 → 4/4/2; 4.714/4.714/1.571 → 5/5/1).
    pops = {"A": 6, "B": 6, "C": 2}
    assert apportion(10, pops, method="hamilton") == {"A": 4, "B": 4, "C": 2}
    assert apportion(11, pops, method="hamilton") == {"A": 5, "B": 5, "C": 1}


def test_huntington_hill_hand_example():
    # HH on 5 seats, populations 9 / 4 / 1: each gets one first; then priorities
    # 9/√2=6.36, 4/√2=2.83, 1/√2=.71, 9/√6=3.67 → A, A → 3/1/1
    assert apportion(5, {"A": 9, "B": 4, "C": 1}, method="huntington_hill") == {
        "A": 3,
        "B": 1,
        "C": 1,
    }
    # Adams also seats everyone first
    assert apportion(3, {"A": 1000, "B": 1, "C": 1}, method="adams") == {"A": 1, "B": 1, "C": 1}


def test_ties_larger_weight_then_input_order():
    # exact tie in remainders (quota 1.5 each): the earlier key wins
    assert apportion(3, {"x": 1, "y": 1}, method="hamilton") == {"x": 2, "y": 1}
    assert apportion(3, {"y": 1, "x": 1}, method="hamilton") == {"y": 2, "x": 1}
    # D'Hondt tie between 6/2 and 3/1: the larger weight wins
    assert apportion(3, {"s": 3, "b": 6}, method="dhondt") == {"s": 1, "b": 2}


def test_exact_fractions_decide_where_floats_cannot():
    third = Fraction(1, 3)
    w = {"a": third, "b": third, "c": third + Fraction(1, 10**30)}
    # c is larger by 1e-30: exact arithmetic gives it the odd seat
    assert apportion(4, w, method="hamilton")["c"] == 2
    assert apportion(4, w, method="dhondt")["c"] == 2


# --- properties -------------------------------------------------------------------------------

weights_st = st.lists(
    st.one_of(st.integers(0, 1000), st.fractions(0, 50, max_denominator=20)),
    min_size=1,
    max_size=8,
).filter(lambda ws: any(w > 0 for w in ws))


@settings(max_examples=150, deadline=None)
@given(ws=weights_st, total=st.integers(0, 60), method=st.sampled_from(METHODS))
def test_agrees_with_reference_and_sums(ws, total, method):
    weights = {f"k{i}": w for i, w in enumerate(ws)}
    got = apportion(total, weights, method=method)
    assert sum(got.values()) == total
    assert list(got) == list(weights)
    assert got == reference(total, weights, method)
    for k, w in weights.items():
        if w == 0:
            assert got[k] == 0


@settings(max_examples=100, deadline=None)
@given(
    ws=st.lists(st.floats(0.001, 1e6), min_size=1, max_size=10),
    total=st.integers(0, 300),
    method=st.sampled_from(METHODS),
)
def test_floats_agree_with_exact_reference(ws, total, method):
    weights = dict(enumerate(ws))
    assert apportion(total, weights, method=method) == reference(total, weights, method)


@settings(max_examples=100, deadline=None)
@given(ws=weights_st, total=st.integers(0, 60))
def test_hamilton_satisfies_quota(ws, total):
    weights = dict(enumerate(ws))
    got = apportion(total, weights, method="hamilton")
    tw = sum(Fraction(w) for w in ws)
    for k, w in weights.items():
        q = total * Fraction(w) / tw
        assert math.floor(q) <= got[k] <= math.ceil(q)


@settings(max_examples=80, deadline=None)
@given(ws=weights_st, total=st.integers(0, 40), method=st.sampled_from(DIVISOR_METHODS))
def test_divisor_methods_are_house_monotone(ws, total, method):
    weights = dict(enumerate(ws))
    a = apportion(total, weights, method=method)
    b = apportion(total + 1, weights, method=method)
    assert all(b[k] >= a[k] for k in weights)


@settings(max_examples=100, deadline=None)
@given(
    ws=weights_st,
    total=st.integers(0, 60),
    method=st.sampled_from(METHODS),
    data=st.data(),
)
def test_caps_hold_and_match_reference(ws, total, method, data):
    caps = data.draw(st.lists(st.integers(0, 30), min_size=len(ws), max_size=len(ws)))
    weights = dict(enumerate(ws))
    room = sum(c for c, w in zip(caps, ws, strict=False) if w > 0)
    if room < total:
        with pytest.raises(AllocationError, match="cap"):
            apportion(total, weights, method=method, maximum=dict(enumerate(caps)))
        return
    got = apportion(total, weights, method=method, maximum=dict(enumerate(caps)))
    assert sum(got.values()) == total
    assert all(got[k] <= caps[k] for k in weights)
    assert got == reference(total, weights, method, [min(c, total) for c in caps])


@settings(max_examples=100, deadline=None)
@given(
    ws=weights_st,
    total=st.integers(1, 80),
    minimum=st.integers(2, 12),
    method=st.sampled_from(METHODS),
)
def test_minimum_or_nothing(ws, total, minimum, method):
    weights = dict(enumerate(ws))
    if minimum > total:
        with pytest.raises(AllocationError, match="minimum"):
            apportion(total, weights, method=method, minimum=minimum)
        return
    got = apportion(total, weights, method=method, minimum=minimum)
    assert sum(got.values()) == total
    assert all(v == 0 or v >= minimum for v in got.values())
    # as few dropped as possible: the largest dropped region could not have been kept
    kept = [k for k, v in got.items() if v > 0]
    assert kept  # someone gets the total


@settings(max_examples=60, deadline=None)
@given(ws=weights_st, total=st.integers(0, 60), method=st.sampled_from(METHODS), data=st.data())
def test_opt_outs_get_nothing(ws, total, method, data):
    weights = dict(enumerate(ws))
    out = data.draw(st.sets(st.sampled_from(list(weights))))
    if total and all(weights[k] == 0 or k in out for k in weights):
        with pytest.raises(AllocationError):
            apportion(total, weights, method=method, exclude=out)
        return
    got = apportion(total, weights, method=method, exclude=out)
    assert all(got[k] == 0 for k in out)
    assert sum(got.values()) == total


def test_minimum_drops_the_smallest():
    got = apportion(25, {"a": 100, "b": 30, "c": 12}, method="hamilton", minimum=5)
    assert got == {"a": 19, "b": 6, "c": 0}
    # nobody below the minimum: nothing dropped
    assert apportion(30, {"a": 1, "b": 1}, method="dhondt", minimum=10) == {"a": 15, "b": 15}


def test_cap_below_minimum_means_nothing():
    got = apportion(20, {"a": 5, "b": 5}, method="hamilton", minimum=10, maximum={"a": 5})
    assert got == {"a": 0, "b": 20}


def test_pandas_series_weights():
    import pandas as pd

    s = pd.Series([4160, 3380, 2460], index=["A", "B", "C"])
    assert apportion(10, s, method="dhondt") == {"A": 4, "B": 4, "C": 2}


def test_large_vectorised_matches_reference_on_sample():
    rng = np.random.default_rng(7)
    w = {i: float(x) for i, x in enumerate(rng.lognormal(5, 1, 40))}
    for method in METHODS:
        assert apportion(500, w, method=method) == reference(500, w, method)


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"total": 5, "weights": {"a": -1, "b": 2}}, "negative"),
        ({"total": 5, "weights": {"a": float("nan"), "b": 2}}, "NaN"),
        ({"total": 5, "weights": {"a": float("inf")}}, "infinite"),
        ({"total": 5, "weights": {"a": 0, "b": 0}}, "every weight is zero"),
        ({"total": 5, "weights": {}}, "no regions"),
        ({"total": 5, "weights": {"a": 1, "b": 1}, "maximum": 2}, "add up to only 4"),
        ({"total": -1, "weights": {"a": 1}}, "must not be negative"),
        ({"total": 2.5, "weights": {"a": 1}}, "whole number"),
        ({"total": 5, "weights": {"a": "x"}}, "numbers"),
        ({"total": 5, "weights": {"a": 1}, "minimum": 6}, "minimum of 6"),
        ({"total": 5, "weights": {"a": 1}, "maximum": {"zz": 3}}, "not in weights"),
        ({"total": 5, "weights": {"a": 1}, "exclude": ["a"]}, "excluded"),
        ({"total": 5, "weights": [1, 2]}, "mapping"),
    ],
)
def test_infeasible_or_bad_input_says_why(kwargs, match):
    kwargs.setdefault("method", "hamilton")
    with pytest.raises(AllocationError, match=match):
        apportion(**kwargs)


def test_unknown_method():
    with pytest.raises(AllocationError, match="unknown method 'borda'"):
        apportion(5, {"a": 1}, method="borda")


def test_total_zero_and_aliases():
    assert apportion(0, {"a": 0, "b": 0}, method="dhondt") == {"a": 0, "b": 0}
    assert apportion(10, {"A": 4160, "B": 3380, "C": 2460}, method="Webster") == {
        "A": 4,
        "B": 3,
        "C": 3,
    }


# --- totals beyond float64 and int64: exact throughout (issue 12, item 6) ---------------------


def test_hamilton_exact_at_ten_to_the_seventeen():
    # quotas 10**17/3 = 33333333333333333 1/3 and 66666666666666666 2/3: the one unit left
    # goes to the larger remainder (2/3)
    got = apportion(10**17, {"a": 1, "b": 2}, method="hamilton")
    assert got == {"a": 33333333333333333, "b": 66666666666666667}


def test_two_regions_at_ten_to_the_seventeen_sum_exactly():
    for method in METHODS:
        got = apportion(10**17, {"a": 1, "b": 1}, method=method)
        assert got == {"a": 5 * 10**16, "b": 5 * 10**16}, method


@pytest.mark.parametrize("method", METHODS)
def test_exact_at_two_to_the_seventy(method):
    # 2**70 = 3k + 1: three equal weights get k each and the unit left goes to the first
    k = (2**70 - 1) // 3
    got = apportion(2**70, {"a": 1, "b": 1, "c": 1}, method=method)
    assert got == {"a": k + 1, "b": k, "c": k}


def test_caps_and_minimum_near_two_to_the_sixty_and_beyond_int64():
    total = 2**64 + 5
    got = apportion(
        total, {"a": 3, "b": 1, "c": 10**-9}, method="hamilton", maximum={"a": 2**62}, minimum=2
    )
    assert got["a"] == 2**62
    assert sum(got.values()) == total
    assert got["c"] == 0 or got["c"] >= 2


@pytest.mark.parametrize("bad", ["5", True, None, b"5", [5]])
def test_weights_must_be_numbers(bad):
    with pytest.raises(AllocationError, match="must be numbers"):
        apportion(10, {"a": bad, "b": 1}, method="hamilton")


@settings(max_examples=120, deadline=None)
@given(
    ws=weights_st,
    total=st.integers(0, 60),
    method=st.sampled_from(METHODS),
    data=st.data(),
)
def test_exact_path_agrees_with_the_reference(ws, total, method, data):
    """The arithmetic used above 2**50, forced on small totals, gives the textbook result."""
    from unittest import mock

    from integreringslov.allocation import _core

    caps = data.draw(st.lists(st.integers(0, 40), min_size=len(ws), max_size=len(ws)))
    weights = dict(enumerate(ws))
    room = sum(c for c, w in zip(caps, ws, strict=False) if w > 0)
    with mock.patch.object(_core, "EXACT_ABOVE", -1):
        if room < total:
            with pytest.raises(AllocationError, match="cap"):
                apportion(total, weights, method=method, maximum=dict(enumerate(caps)))
            return
        got = apportion(total, weights, method=method, maximum=dict(enumerate(caps)))
    assert got == reference(total, weights, method, [min(c, total) for c in caps])


@settings(max_examples=60, deadline=None)
@given(
    ws=st.lists(st.integers(1, 10**6), min_size=1, max_size=6),
    total=st.integers(2**50 + 1, 2**80),
    method=st.sampled_from(METHODS),
)
def test_huge_totals_sum_and_keep_quota(ws, total, method):
    weights = dict(enumerate(ws))
    got = apportion(total, weights, method=method)
    assert sum(got.values()) == total
    assert all(isinstance(v, int) for v in got.values())
    wsum = sum(ws)
    for k, w in weights.items():  # every method here stays within one unit of the quota
        quota = Fraction(total * w, wsum)
        assert abs(got[k] - quota) < len(ws) + 1
        if method == "hamilton":
            assert math.floor(quota) <= got[k] <= math.ceil(quota)
