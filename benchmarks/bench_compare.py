"""Benchmark: ``il.compare(persons, on=…, reform="age-60")`` against one ``assess_frame``.

Run: python benchmarks/bench_compare.py [PERSONS] [ROUNDS]
(default 1,000,000 persons, 3 rounds; the best round of each is reported)

The persons are the typed synthetic table of ``tests/scale/synthetic.py``. The floor is one
``il.assess_frame`` of the same table on the same date; the goal (issue 20) is a
comparison within 2× of it: the table is read and checked once and the rules run twice.
The two are timed turn about in each round, so that the shared machine's load falls on
both alike; the ratio is the figure to compare.

Figures on the shared 2-core machine (2026-12-07, other engineers' jobs running; best of
3 rounds, 1,000,000 persons on 2022-01-01, 13,468 outcomes changed under age-60):

==============================  =======  ==================
step                            seconds  against the floor
==============================  =======  ==================
floor: one ``assess_frame``     0.96
``il.compare(age-60)``          1.22     1.27×
==============================  =======  ==================
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "scale"))

from synthetic import persons

import integreringslov as il

ON = dt.date(2022, 1, 1)
"""The first date every synthetic row is valid on: many are within their first two years."""


def main(n: int = 1_000_000, rounds: int = 3) -> None:
    """Time the floor and the comparison turn about; print the best of each and the ratio."""
    frame = persons(n)
    floor, comparison = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        il.assess_frame(frame, on=ON)
        floor.append(time.perf_counter() - start)
        start = time.perf_counter()
        out = il.compare(frame, on=ON, reform="age-60")
        comparison.append(time.perf_counter() - start)
    best_floor, best = min(floor), min(comparison)
    print(f"persons: {n:,}; changed under age-60: {int(out['changed'].sum()):,}")
    print(f"floor: one assess_frame  {best_floor:7.2f} s")
    print(f"il.compare(age-60)       {best:7.2f} s  ({best / best_floor:.2f}× the floor)")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
