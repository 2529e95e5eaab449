"""Apportionment and recommendation benchmarks (run: python benchmarks/bench_allocation.py).

Targets (issue 6): every method 1 000 000 units over 10 000 regions in under 1 s; a
357-municipality recommendation with criteria in under 50 ms. Also runnable under
pytest-benchmark: pytest benchmarks/bench_allocation.py --benchmark-enable.
"""

from __future__ import annotations

import time
from datetime import date

import numpy as np
import pandas as pd
import pytest

from integreringslov import regions
from integreringslov.allocation import METHODS, apportion, recommend


def _weights(seed: int = 1, n: int = 10_000, integer: bool = False) -> dict[int, float]:
    rng = np.random.default_rng(seed)
    w = rng.lognormal(8, 1.5, n)
    if integer:
        return dict(enumerate(np.rint(w).astype(int).tolist()))
    return dict(enumerate(w.tolist()))


ON = date(2024, 6, 1)


def _municipalities(seed: int = 2) -> pd.DataFrame:
    """Norway's 357 municipalities of 2024, with made-up figures."""
    codes = [m.code for m in regions.municipalities(on=ON)]
    n = len(codes)
    rng = np.random.default_rng(seed)
    pop = np.rint(rng.lognormal(9, 1.3, n))
    return pd.DataFrame(
        {
            "municipality": codes,
            "population": pop,
            "employment_rate": rng.uniform(0.6, 0.85, n),
            "settled_per_1000": rng.uniform(0, 5, n),
            "requested": rng.integers(0, 200, n),
        }
    )


CRITERIA = {"population": 0.5, "employment_rate*population": 0.3, "~settled_per_1000": 0.2}


@pytest.mark.parametrize("method", METHODS)
def test_bench_apportion(benchmark, method):
    w = _weights()
    result = benchmark(apportion, 1_000_000, w, method=method)
    assert sum(result.values()) == 1_000_000


def test_bench_recommend(benchmark):
    frame = _municipalities()
    rec = benchmark(recommend, 35_000, frame, criteria=CRITERIA, method="sainte_lague", minimum=10,
                    on=ON, national=True)  # fmt: skip
    assert sum(rec.numbers.values()) == 35_000


def _best(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    for integer in (False, True):
        w = _weights(integer=integer)
        kind = "integer" if integer else "float"
        for method in METHODS:
            s = _best(lambda m=method, w=w: apportion(1_000_000, w, method=m))
            print(f"apportion 1e6 over 1e4 ({kind:7} weights) {method:<22} {s * 1000:8.1f} ms")
        s = _best(lambda w=w: apportion(1_000_000, w, method="dhondt", minimum=150))
        print(
            f"apportion 1e6 over 1e4 ({kind:7} weights) dhondt, minimum 150    {s * 1000:8.1f} ms"
        )
    w = _weights()
    for method in METHODS:  # exact arithmetic throughout above 2**50
        s = _best(lambda m=method, w=w: apportion(2**70, w, method=m), repeat=1)
        print(f"apportion 2**70 over 1e4 (float   weights) {method:<22} {s * 1000:8.1f} ms")
    frame = _municipalities()
    s = _best(
        lambda: recommend(
            35_000,
            frame,
            criteria=CRITERIA,
            method="sainte_lague",
            minimum=10,
            on=ON,
            national=True,
        )
    )
    print(f"recommend 35 000 over 357 municipalities, 3 criteria    {s * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
