"""Benchmark: ``integreringslov assess`` on a 1,000,000-row person CSV, against reading it.

Run: python benchmarks/bench_cli_assess.py [N]

Writes N generated persons (the generator of ``bench_assess.py``, dates as ``YYYY-MM-DD``)
to a CSV in the person table's own layout, then times, each in a fresh process, best of 3:

* the floor: ``pandas.read_csv(path, engine="pyarrow")`` (interpreter start and imports
  included, as for the command);
* ``integreringslov assess PATH --on 2024-06-01 -o OUT`` for OUT ``.parquet`` and ``.csv``;

and prints each time, its peak RSS and its ratio to the floor. Goal (issue 12): within 4×
the floor.

Measured at integration on a quiet machine (2026-11-29, load < 1): floor 0.62 s (441 MB);
``-o out.parquet`` 2.49 s (568 MB), 4.0×; ``-o out.csv`` 6.53 s, 10.6× — pandas ``to_csv``
of the text columns takes about 3.5 s of that. Before issue 12 the command took 18–28 s.
With the CSV written by Arrow (categories as they are), same day, load 0.7: floor 0.63 s,
``-o out.parquet`` 2.53 s (4.0×), ``-o out.csv`` 2.54 s (4.0×, 608 MB).
With the CSV plain (no comment line; issue 19), 2026-12-07 under load 4–5 from other work,
so only the same run's ratios mean anything: floor 1.15 s, ``-o out.parquet`` 4.37 s
(3.8×), ``-o out.csv`` 3.24 s (2.8×); the commit before, alternated with it, 2.9–4.4× for
``-o out.csv``. Writing a million assessed rows to CSV takes the same CPU time before and
after (0.28 s).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_assess import generate


def write_persons(path: Path, n: int) -> None:
    frame = generate(n)
    for column in frame.columns:
        if str(frame[column].dtype).startswith("datetime"):
            frame[column] = frame[column].dt.strftime("%Y-%m-%d").fillna("")
    frame.to_csv(path, index=False)


def timed(args: list[str]) -> tuple[float, float]:
    """Wall time (s) and the peak RSS (MB) of a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024


def best(args: list[str], repeat: int = 3) -> tuple[float, float]:
    runs = [timed(args) for _ in range(repeat)]
    return min(r[0] for r in runs), max(r[1] for r in runs)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "persons.csv"
        write_persons(path, n)
        size = path.stat().st_size / 1e6
        py = sys.executable
        floor, floor_mb = best(
            [py, "-c", f"import pandas as pd; pd.read_csv({str(path)!r}, engine='pyarrow')"]
        )
        print(f"{n:,} persons, {size:.0f} MB CSV")
        print(f"floor  pandas.read_csv(engine='pyarrow')   {floor:6.2f} s  {floor_mb:6.0f} MB")
        env_cli = [py, "-m", "integreringslov", "assess", str(path), "--on", "2024-06-01", "-o"]
        for suffix in (".parquet", ".csv"):
            out = Path(tmp) / f"out{suffix}"
            seconds, mb = best([*env_cli, str(out)])
            print(
                f"assess -o out{suffix:<8}                    {seconds:6.2f} s  {mb:6.0f} MB"
                f"  ratio {seconds / floor:4.1f}× (goal ≤ 4×)"
            )
            os.remove(out)


if __name__ == "__main__":
    main()
