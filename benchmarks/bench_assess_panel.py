"""Benchmark: ``assess_panel`` on 10,000,000 persons on one date, one thread against every core.

Run: python benchmarks/bench_assess_panel.py [N] [--dask]   (default N = 10,000,000)

The persons of ``bench_assess.py`` (typed columns) on 2024-06-01, written once to a Parquet
file. Each measurement runs in a fresh process that reads the file (pandas or polars), so
that its peak memory (``ru_maxrss``: the table read and everything the call took) is its
own; the RSS after reading is printed beside it:

- **floor** — ``bench_assess.floor``: § 8 første ledd by hand, vectorised numpy over the
  typed pandas columns, one thread (it computes one yes/no per person and nothing else);
  over the whole table at once, and a million rows at a time (``floor-1M``: the columns
  of each chunk reuse the memory of the last, where ten million rows' columns are new
  memory the system hands over page by page). The ratios are to the faster of the two;
- **pandas** — ``il.assess_panel(frame, dates=[ON], threads=1)`` and with every core
  (``threads=None``, the default): the whole call, parsing, checks, every ground, the
  rendered outcome, basis and reason columns and the ``on`` column;
- **polars** — the same on the file read by polars, the result a polars frame;
- **Dask** (``--dask``) — ``il.assess_panel`` on a Dask frame of 20 partitions held by a
  ``LocalCluster`` of one worker process per core (one thread each), warm (the same call
  run once before the clock), the panel's rows counted on the workers
  (validation pass and assessment pass, both timed); once with Dask's own worker
  environment, once with ``MALLOC_MMAP_THRESHOLD_`` as docs/guides/scale.md says
  (``dask-mmap``).

Every in-memory path must agree with the floor on every person (in the § 8 target group
or not; the Dask path's rows are counted);
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
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


def run(path: str, n: int, threads: int | None, folder: Path) -> dict[str, Any]:
    """One measurement, in this process, on the persons read from ``folder``."""
    import numpy as np
    import pandas as pd
    from bench_assess import ON, floor, in_target_group

    import integreringslov as il

    if path == "polars":
        import polars as pl

        table: Any = pl.read_parquet(folder / "persons.parquet")
    else:
        table = pd.read_parquet(folder / "persons.parquet")
    read_gb = peak_gb()
    if path.startswith("floor"):
        gc.collect()
        t0 = time.perf_counter()
        if path == "floor-1M":  # a million rows at a time: their columns stay in reused memory
            step = 1_000_000
            answer = np.concatenate(
                [floor(table.iloc[i : i + step], ON) for i in range(0, len(table), step)]
            )
        else:
            answer = floor(table, ON)
        seconds = time.perf_counter() - t0
        np.save(folder / f"{path}.npy", answer)
        return {"seconds": seconds, "peak_gb": peak_gb(), "read_gb": read_gb, "agree": True}
    il.assess_frame(table.head(1000), on=ON)  # warm the caches (wordings, parameters)
    gc.collect()
    t0 = time.perf_counter()
    panel = il.assess_panel(table, dates=[ON], threads=threads)
    seconds = time.perf_counter() - t0
    peak = peak_gb()
    del table
    if path == "polars":
        panel = panel.to_pandas()
    expected = np.load(folder / "floor.npy")
    agree = len(panel) == len(expected) and bool((in_target_group(panel) == expected).all())
    return {"seconds": seconds, "peak_gb": peak, "read_gb": read_gb, "agree": agree}


def run_dask(n: int, folder: Path, *, mmap: bool) -> dict[str, Any]:
    """The Dask path with warm workers: validation and assessment, rows counted on the workers.

    ``mmap``: the workers started with ``MALLOC_MMAP_THRESHOLD_`` as docs/guides/scale.md
    says (else Dask's own worker environment).
    """
    import dask
    import dask.dataframe as dd
    import pandas as pd
    from bench_assess import ON
    from distributed import Client, LocalCluster

    import integreringslov as il
    from integreringslov.rules._cores import usable_cores

    workers = usable_cores()
    setting = {"distributed.nanny.pre-spawn-environ.MALLOC_MMAP_THRESHOLD_": 32 * 2**20}
    with dask.config.set(setting if mmap else {}):
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               memory_limit="4GB", dashboard_address=None)  # fmt: skip
    with cluster, Client(cluster):
        frame = pd.read_parquet(folder / "persons.parquet")
        persons = dd.from_pandas(frame, npartitions=20).persist()
        del frame
        times = []
        for _ in range(2):  # the first warms the workers (imports, caches)
            t0 = time.perf_counter()
            rows = int(il.assess_panel(persons, dates=[ON]).map_partitions(len).sum().compute())
            times.append(time.perf_counter() - t0)
        return {"seconds": times[-1], "cold": times[0], "agree": rows == n, "workers": workers}


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        path, n, threads, folder = sys.argv[2], int(sys.argv[3]), sys.argv[4], Path(sys.argv[5])
        result = (
            run_dask(n, folder, mmap=path == "dask-mmap")
            if path.startswith("dask")
            else run(path, n, None if threads == "all" else int(threads), folder)
        )
        print(json.dumps(result))
        return
    import numpy as np
    from bench_assess import ON, generate, machine

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 10_000_000
    runs = [("floor", "1"), ("floor-1M", "1"), ("pandas", "1"), ("pandas", "all"),
            ("polars", "1"), ("polars", "all")]  # fmt: skip
    if "--dask" in sys.argv:
        runs += [("dask", "all"), ("dask-mmap", "all")]
    print(f"persons: {n:,} on {ON}   {machine()}")
    found: dict[tuple[str, str], dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="bench_assess_panel_") as tmp:
        folder = Path(tmp)
        generate(n).to_parquet(folder / "persons.parquet", index=False)
        for path, threads in runs:
            out = subprocess.run(
                [sys.executable, __file__, "--one", path, str(n), threads, str(folder)],
                check=True, capture_output=True, text=True, cwd=HERE,
            ).stdout  # fmt: skip
            found[path, threads] = json.loads(out.strip().splitlines()[-1])
            print(f"  ({path}, {threads} thread(s) measured; {machine()})")
        whole, chunked = (np.load(folder / f"{name}.npy") for name in ("floor", "floor-1M"))
        found["floor-1M", "1"]["agree"] = bool(np.array_equal(whole, chunked))
    # the faster floor: the whole table at once, or a million rows at a time
    base = min(found["floor", "1"]["seconds"], found["floor-1M", "1"]["seconds"])
    print(f"{'path':8} {'threads':>7} {'seconds':>8} {'x floor':>8} {'peak RSS':>9} "
          f"{'after read':>10}  agrees")  # fmt: skip
    for (path, threads), r in found.items():
        peak = f"{r['peak_gb']:.2f} GB" if "peak_gb" in r else "-"
        read = f"{r['read_gb']:.2f} GB" if "read_gb" in r else "-"
        print(f"{path:8} {threads:>7} {r['seconds']:8.2f} {r['seconds'] / base:7.2f}x "
              f"{peak:>9} {read:>10}  {r['agree']}")  # fmt: skip
    for path in ("pandas", "polars"):
        one, every = found[path, "1"]["seconds"], found[path, "all"]["seconds"]
        print(f"{path}: every core {one / every:.2f}x faster than one thread")
    for path, how in (("dask", "Dask's worker environment"),
                      ("dask-mmap", "MALLOC_MMAP_THRESHOLD_ as the guide says")):  # fmt: skip
        if (path, "all") in found:
            d = found[path, "all"]
            print(f"{path}, {d['workers']} workers, {how}: cold {d['cold']:.2f} s, "
                  f"warm {d['seconds']:.2f} s = {d['seconds'] / base:.2f}x the floor")  # fmt: skip


if __name__ == "__main__":
    main()
