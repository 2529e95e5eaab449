"""Round-trip benchmark: write a table and read it back, beside pandas' own write and read.

Run: python benchmarks/bench_roundtrip.py [ROWS]

A long SSB table (two categorical dimensions of codes, a float value, a status) of ROWS rows
(default 1 000 000) is written by ``write_table`` in each format and read back with
``il.read`` (detection, the reading importer, full validation). The floor beside each is
pandas writing and reading the same frame in the same format with no checks
(``to_csv``/``read_csv(dtype=str)``, ``to_parquet``/``read_parquet``), so the ratio shows
what naming the table, neutralising formulas, typing and validating cost. JSON has no
pandas floor of the same shape; it is for small tables.

Figures on the shared 2-core machine, 1 000 000 rows, two runs (2026-11-29; noisy, compare
ratios; before this change a written CSV could not be read back at all). Second run, after
SsbTable stopped coercing: csv read 3.75 s vs 1.81 s (2.1), parquet 0.28 s vs 0.12 s (2.4).

========= ============ ============= ============= ============== ===========
format    write (ours) write (pandas) read (ours)  read (pandas)  read ratio
========= ============ ============= ============= ============== ===========
csv       2.88 s       4.07 s         4.19 s        1.67 s         2.5
parquet   0.33 s       0.27 s         0.22 s        0.18 s         1.3
json      5.80 s       —              7.37 s        —              —
========= ============ ============= ============= ============== ===========

Later the same day, with the CSV written by Arrow's CSV writer (load 0.7): csv write 0.20 s
(pandas 1.31 s), read 1.33 s (pandas 0.45 s, 2.9); parquet write 0.09 s, read 0.05 s (2.3);
json write 1.85 s, read 2.62 s. With the written CSV's cells read by Arrow too: csv write
0.17 s (pandas 1.26 s), read 1.01 s (pandas 0.48 s, 2.1). With the CSV plain and its table
told by its header (issue 19; 2026-12-07, load 4): csv write 0.25 s (pandas 2.26 s), read
1.36 s (pandas 1.42 s, 1.0); the commit before, the same minute: write 0.33 s, read 1.74 s
(pandas 1.05 s, 1.7).
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

import integreringslov as il
from integreringslov._io.write import write_table
from integreringslov.tables.statistics import SsbTable


def _table(rows: int) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    return pd.DataFrame(
        {
            "Region": pd.Categorical(rng.choice([f"{i:04d}" for i in range(300)], rows)),
            "Tid": pd.Categorical(rng.choice([str(y) for y in range(2000, 2025)], rows)),
            "value": rng.random(rows),
            "status": pd.Categorical(rng.choice(["", ".."], rows)),
        }
    )


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main(rows: int) -> None:
    """Print write and read times per format, ours beside pandas'."""
    frame = _table(rows)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_table(frame.head(10), folder / "warm.csv", table=SsbTable)
        il.read(folder / "warm.csv")  # the plugins and schemas loaded once, as in a session
        print(f"{rows} rows")
        for suffix in (".csv", ".parquet", ".json"):
            path = folder / f"ours{suffix}"
            write = _timed(lambda p=path: write_table(frame, p, table=SsbTable))
            read = _timed(lambda p=path: il.read(p))
            floor_path = folder / f"pandas{suffix}"
            if suffix == ".csv":
                floor_write = _timed(lambda f=floor_path: frame.to_csv(f, index=False))
                floor_read = _timed(lambda f=floor_path: pd.read_csv(f, dtype=str))
            elif suffix == ".parquet":
                floor_write = _timed(lambda f=floor_path: frame.to_parquet(f, index=False))
                floor_read = _timed(lambda f=floor_path: pd.read_parquet(f))
            else:
                floor_write = floor_read = float("nan")
            print(
                f"{suffix:9} write {write:6.2f} s (pandas {floor_write:6.2f} s)   "
                f"read {read:6.2f} s (pandas {floor_read:6.2f} s, "
                f"ratio {read / floor_read:4.1f})"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
