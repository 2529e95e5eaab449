"""Deterministic synthetic person tables, generated with numpy at test (or benchmark) time.

Every row has every column of the person table's declaration (in the contract's order) and
is valid on every assessment date from :data:`FIRST_DATE` on: permits are granted before it,
letter f rows carry the reference person's letter and dates, decisions are left to the
assessment date. The outcomes are mixed (both regimes, Nordic/EEA, no § 9 permit, not
settled, under and over age, family members, no agreement, two years, work, a letter a
after f, a first permit earlier than the current one, a claim for the programme).
Used by tests/scale and benchmarks/bench_scale_*.py.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from integreringslov.tables.persons import INPUT_COLUMNS

FIRST_DATE = dt.date(2022, 1, 1)
"""The earliest assessment date every generated row is valid on."""


def _days(rng: np.random.Generator, start: str, end: str, n: int) -> np.ndarray:
    lo = np.datetime64(start, "D").astype(np.int64)
    hi = np.datetime64(end, "D").astype(np.int64)
    return rng.integers(lo, hi, size=n)


def persons(n: int, *, seed: int = 2021, start: int = 0) -> pd.DataFrame:
    """``n`` persons with typed columns (dates as ``datetime64[s]``), rows start+1..start+n.

    A large table is built in parts: part ``i`` of ``size`` rows is
    ``persons(size, seed=i, start=i * size)``.
    """
    rng = np.random.default_rng(seed)
    granted = _days(rng, "2020-09-01", "2021-12-31", n)
    birth = granted - rng.integers(5 * 365, 65 * 365, size=n)
    letters = np.array(["a", "b", "c", "d", "e", "f", "g", ""], dtype=object)
    letter = letters[rng.choice(8, size=n, p=[0.3, 0.05, 0.05, 0.05, 0.1, 0.3, 0.05, 0.1])]
    settled = granted + rng.integers(0, 500, size=n)
    not_settled = rng.random(n) < 0.15
    is_f = letter == "f"
    ref_letters = np.array(["a", "b", "c", "d", "e", "other"], dtype=object)
    reference = np.where(is_f, ref_letters[rng.integers(0, 6, size=n)], "")
    ref_settled = granted - rng.integers(30, 3000, size=n)
    applied = ref_settled + rng.integers(10, 2500, size=n)
    hours = np.where(rng.random(n) < 0.1, rng.integers(0, 45, size=n).astype(float), np.nan)

    def dates(days: np.ndarray, empty: np.ndarray | None = None) -> np.ndarray:
        out = days.astype("M8[D]").astype("M8[s]")
        if empty is not None:
            out[empty] = np.datetime64("NaT")
        return out

    needs_ref = is_f & (reference != "other")
    previous = np.where((letter == "a") & (rng.random(n) < 0.2), "f", None)
    earlier = rng.random(n) < 0.1  # an earlier § 9 permit, up to two years before
    claimed = rng.random(n) < 0.3  # a claim for the programme, after the settlement
    first = granted - rng.integers(1, 730, size=n)
    # family reunification is applied for before the permit it leads to (the first one)
    applied = np.minimum(applied, np.where(earlier, first, granted) - 1)
    columns = {
        "person_id": pd.array([f"P{i:09d}" for i in range(start, start + n)], dtype="str"),
        "birth_date": dates(birth),
        "permit_letter": pd.array(np.where(letter == "", None, letter), dtype="str"),
        "permit_granted": dates(granted),
        "settled_by_agreement": rng.random(n) < 0.8,
        "nordic_or_eea": rng.random(n) < 0.03,
        "settled_date": dates(settled, not_settled),
        "reference_letter": pd.array(np.where(reference == "", None, reference), dtype="str"),
        "reference_settled_date": dates(ref_settled, ~needs_ref),
        "reunification_applied": dates(applied, ~needs_ref),
        "work_hours_per_week": hours,
        "arrival_date": dates(granted, np.ones(n, dtype=bool)),
        "reference_permanent": is_f & (rng.random(n) < 0.05),
        "decision_date": dates(granted, np.ones(n, dtype=bool)),
        "previous_permit_letter": pd.array(previous, dtype="str"),
        "first_permit_granted": dates(first, ~earlier),
        "claim_date": dates(np.maximum(settled, granted) + 1, ~claimed),
    }
    frame = pd.DataFrame({name: columns[name] for name in INPUT_COLUMNS})
    frame.index = pd.RangeIndex(start + 1, start + n + 1)
    return frame
