"""Benchmark: a 60,000,000-row panel on Dask, out of core — 10,000,000 persons × 6 dates.

Run: python benchmarks/bench_scale_panel.py [PERSONS] [PARTITIONS]
(default 10,000,000 persons in 20 Parquet files; results written to Parquet)

The persons (typed columns, from ``tests/scale/synthetic.py``) are written to a folder of
Parquet files, one per partition. A ``LocalCluster`` of 2 worker processes (1 thread
each, 4 GB memory limit each) then:

- floor 1: reads every partition (all columns) and drops it;
- floor 2: reads every partition and writes it to another Parquet folder (a plain copy);
- the panel: ``il.assess_panel(dd.read_parquet(...), dates=DATES)`` — the validation pass,
  which runs when it is called — then ``.to_parquet(...)``, the assessment pass, writing the
  60,000,000 rows.

Each worker starts fresh, so its peak RSS (``ru_maxrss``, read on the worker after the run)
is the peak of everything that worker did: generating its persons, the floors and the panel.

Figures measured on the 2-core/24 GB machine while seven other jobs ran on it (load
average 8–11 on 2 cores, top showed each worker at about 15 % of a core; 2026-11-29,
10,000,000 persons × 6 dates = 60,000,000 rows, 20 partitions of 500,000 persons):

=======================================  =======  ========================
step                                     seconds  against the floor
=======================================  =======  ========================
floor 1: read every partition            11.0
floor 2: read and write a copy           22.1
assess_panel, validation pass            267.7
assess_panel, assess and write           305.5    (60,000,000 rows, 160 MiB)
assess_panel, total                      573.2    52× floor 1, 26× floor 2
=======================================  =======  ========================

Peak RSS per worker: 0.60 GB and 0.59 GB (0.29 GB after generating the persons): the panel
runs out of core in bounded memory, one 500,000-person partition (3,000,000 panel rows) per
worker at a time. Time goes to ``assess_frame`` itself — six calls per partition in each
of the two passes, each parsing the partition again (the rules are a black box here) —
so the validation pass costs about as much as the assessment; the Dask overhead and the
Parquet writing are small beside it (floor 2).
"""

from __future__ import annotations

import datetime as dt
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

DATES = (
    dt.date(2022, 1, 1),
    dt.date(2023, 1, 1),
    dt.date(2024, 1, 1),
    dt.date(2025, 1, 1),
    dt.date(2026, 1, 1),
    dt.date(2026, 7, 1),  # the day kapittel 6A is repealed
)
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "scale"))


def write_part(folder: str, i: int, size: int) -> int:
    from synthetic import persons

    frame = persons(size, seed=i, start=i * size)
    frame.to_parquet(Path(folder) / f"part-{i:04d}.parquet", index=False)
    return len(frame)


def peak_rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


def touch(frame):  # type: ignore[no-untyped-def]
    import pandas as pd

    return pd.Series([len(frame) + frame.memory_usage(deep=False).sum() * 0])


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # progress as it goes
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    import integreringslov as il

    persons = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    parts = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    size = persons // parts
    tmp = Path(tempfile.mkdtemp(prefix="bench_scale_panel_"))
    try:
        with (
            LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, memory_limit="4GB",
                dashboard_address=None,
            ) as cluster,
            Client(cluster) as client,
        ):  # fmt: skip
            source, copy, out = tmp / "persons", tmp / "copy", tmp / "panel"
            source.mkdir()
            t0 = time.perf_counter()
            written = client.gather(
                client.map(write_part, [str(source)] * parts, range(parts), [size] * parts)
            )
            n = sum(written)
            print(f"{n:,} persons in {parts} Parquet files, written in "
                  f"{time.perf_counter() - t0:.1f} s")  # fmt: skip
            rss_before = client.run(peak_rss_gb)

            t0 = time.perf_counter()
            rows = dd.read_parquet(source).map_partitions(touch, meta=(None, "int64")).sum()
            assert int(rows.compute()) == n
            read = time.perf_counter() - t0

            t0 = time.perf_counter()
            dd.read_parquet(source).to_parquet(copy, write_index=False)
            read_write = time.perf_counter() - t0

            t0 = time.perf_counter()
            panel = il.assess_panel(dd.read_parquet(source), dates=DATES)
            validated = time.perf_counter() - t0
            panel.to_parquet(out, write_index=False)
            total = time.perf_counter() - t0
            rss = client.run(peak_rss_gb)

            rows_out = dd.read_parquet(out).map_partitions(len).sum().compute()
            assert rows_out == n * len(DATES), rows_out
            out_mb = sum(f.stat().st_size for f in out.glob("*.parquet")) / 2**20
            print(f"panel rows written: {rows_out:,} ({out_mb:.0f} MiB Parquet)")
            print(f"floor 1, read every partition:         {read:7.1f} s")
            print(f"floor 2, read and write a copy:        {read_write:7.1f} s")
            print(f"assess_panel, validation pass:         {validated:7.1f} s")
            print(f"assess_panel, assess and write:        {total - validated:7.1f} s")
            print(f"assess_panel, total:                   {total:7.1f} s "
                  f"({total / read:.1f}× floor 1, {total / read_write:.1f}× floor 2)")  # fmt: skip
            for worker, peak in rss.items():
                print(f"peak RSS {worker}: {peak:.2f} GB (after writing the persons: "
                      f"{rss_before[worker]:.2f} GB)")  # fmt: skip
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
