"""Benchmark: ``assess_panel`` on 10,000,000 persons on one date, one thread against every core.

Run: python benchmarks/bench_assess_panel.py [N] [--dask]   (default N = 10,000,000)

The persons of ``bench_assess.py`` (typed columns) on 2024-06-01. Each measurement runs in
a fresh process, so that its peak memory (``ru_maxrss``: the persons generated, the
caller's table and everything the call took) is its own:

- **floor** — ``bench_assess.floor``: § 8 første ledd by hand, vectorised numpy over the
  typed pandas columns, one thread (it computes one yes/no per person and nothing else);
- **pandas** — ``il.assess_panel(frame, dates=[ON], threads=1)`` and with every core
  (``threads=None``, the default): the whole call, parsing, checks, every ground, the
  rendered outcome, basis and reason columns and the ``on`` column;
- **polars** — the same on a polars ``DataFrame`` made from the persons (the pandas frame
  is dropped before the call), the result a polars frame;
- **Dask** (``--dask``) — ``il.assess_panel`` on a Dask frame of 20 partitions held by a
  ``LocalCluster`` of one worker process per core (one thread each), warm (the same call
  run once before the clock), the panel's rows counted on the workers
  (validation pass and assessment pass, both timed).

Every path must agree with the floor on every person (in the § 8 target group or not);
the script prints the machine's cores and load, each time, its ratio to the floor, the
speed-up of every core over one thread, and each process's peak RSS against the 4 GB
budget. Latest figures: ``benchmarks/README.md``.
"""

from __future__ import annotations

import gc
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


def run(path: str, n: int, threads: int | None) -> dict[str, Any]:
    """One measurement, in this process."""

    from bench_assess import ON, floor, generate, in_target_group

    import integreringslov as il

    frame = generate(n)
    expected = floor(frame, ON)
    if path == "floor":
        gc.collect()
        t0 = time.perf_counter()
        floor(frame, ON)
        return {"seconds": time.perf_counter() - t0, "peak_gb": peak_gb(), "agree": True}
    il.assess_frame(frame.head(1000), on=ON)  # warm the caches (wordings, parameters)
    table: Any = frame
    if path == "polars":
        import polars as pl

        table = pl.from_pandas(frame)
    del frame
    gc.collect()
    t0 = time.perf_counter()
    panel = il.assess_panel(table, dates=[ON], threads=threads)
    seconds = time.perf_counter() - t0
    if path == "polars":
        panel = panel.to_pandas()
    agree = bool((in_target_group(panel) == expected).all()) and len(panel) == len(expected)
    return {"seconds": seconds, "peak_gb": peak_gb(), "agree": agree, "rows": len(panel)}


def run_dask(n: int) -> dict[str, Any]:
    """The Dask path with warm workers: validation and assessment, rows counted on the workers."""
    import dask.dataframe as dd
    from bench_assess import ON, generate
    from distributed import Client, LocalCluster

    import integreringslov as il
    from integreringslov.rules._cores import usable_cores

    workers = usable_cores()
    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                     memory_limit="4GB", dashboard_address=None) as cluster,
        Client(cluster),
    ):  # fmt: skip
        persons = dd.from_pandas(generate(n), npartitions=20).persist()
        times = []
        for _ in range(2):  # the first warms the workers (imports, caches)
            t0 = time.perf_counter()
            rows = int(il.assess_panel(persons, dates=[ON]).map_partitions(len).sum().compute())
            times.append(time.perf_counter() - t0)
        return {"seconds": times[-1], "cold": times[0], "rows": rows, "workers": workers}


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        path, n, threads = sys.argv[2], int(sys.argv[3]), sys.argv[4]
        result = (
            run_dask(n)
            if path == "dask"
            else run(path, n, None if threads == "all" else int(threads))
        )
        print(json.dumps(result))
        return
    from bench_assess import ON, machine

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 10_000_000
    runs = [("floor", "1"), ("pandas", "1"), ("pandas", "all"), ("polars", "1"),
            ("polars", "all")]  # fmt: skip
    if "--dask" in sys.argv:
        runs.append(("dask", "all"))
    print(f"persons: {n:,} on {ON}   {machine()}")
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for path, threads in runs:
        out = subprocess.run(
            [sys.executable, __file__, "--one", path, str(n), threads],
            check=True, capture_output=True, text=True, cwd=HERE,
        ).stdout  # fmt: skip
        found[path, threads] = json.loads(out.strip().splitlines()[-1])
        print(f"  ({path}, {threads} thread(s) measured; {machine()})")
    base = found["floor", "1"]["seconds"]
    print(f"{'path':8} {'threads':>7} {'seconds':>8} {'x floor':>8} {'peak RSS':>9}  agrees")
    for (path, threads), r in found.items():
        peak = f"{r['peak_gb']:.2f} GB" if "peak_gb" in r else "-"
        agrees = r.get("agree", "rows" in r and r["rows"] == n)
        print(f"{path:8} {threads:>7} {r['seconds']:8.2f} {r['seconds'] / base:7.2f}x "
              f"{peak:>9}  {agrees}")  # fmt: skip
    for path in ("pandas", "polars"):
        one, every = found[path, "1"]["seconds"], found[path, "all"]["seconds"]
        print(f"{path}: every core {one / every:.2f}x faster than one thread")
    if ("dask", "all") in found:
        d = found["dask", "all"]
        print(f"dask, {d['workers']} workers: cold {d['cold']:.2f} s, warm {d['seconds']:.2f} s "
              f"= {d['seconds'] / base:.2f}x the floor")  # fmt: skip


if __name__ == "__main__":
    main()
