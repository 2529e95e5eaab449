"""Benchmark: a 1,000,000-cell table fetched from a local PxWebApi 2 fake, against il.read of it.

The fake (tests/ssbclient/fake_servers.py) runs in its own process on 127.0.0.1, serving
the 1,000,000-cell JSON-stat 2.0 dataset of ``bench_jsonstat.py`` as table ``00000`` with
Statistics Sweden's recorded ``maxDataCells`` (150,000) and a call limit high enough not to
make the client wait (waiting for the server's window is by design, not work), so
``il.ssb.fetch`` of the whole table needs 7 data calls (plus ``/config`` and the metadata),
each parsed, joined in the table's order, validated and stored in the on-disk cache. The
server renders each call's answer once, in a warm-up fetch, so the timed runs measure the
client.

Compared in one run, on the same bytes:

* ``il.read`` of the dataset from disk (the floor: one file, no HTTP, no join, no cache);
* ``il.ssb.fetch`` with an empty cache (every call over HTTP, then stored);
* ``il.ssb.fetch`` again with the cache filled (for information).

Target (issue 11): the fetch within 2x the time of ``il.read``.

Measured at integration on a quiet machine (2026-11-29, load < 1), best of 3, two runs:
``il.read`` 0.163 / 0.166 s, ``il.ssb.fetch`` 0.304 / 0.313 s (1.86x / 1.89x), cached
0.208 / 0.207 s.

Run: ``python benchmarks/bench_fetch.py [--repeat 3]``
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd
from bench_jsonstat import IDS, best_of, generate

import integreringslov as il

ROOT = Path(__file__).resolve().parent.parent
SERVER = """
import json, sys
sys.path.insert(0, {fakes!r})
from fake_servers import FakePxWeb
cube = json.loads(open({path!r}, encoding="utf-8").read())
fake = FakePxWeb(cubes={{"00000": cube}}, max_data_cells=150_000, max_calls=1000, time_window=1)
with fake.running() as url:
    print(url, flush=True)
    sys.stdin.read()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.json"
        n = generate(path)
        size_mb = path.stat().st_size / 1e6
        code = SERVER.format(fakes=str(ROOT / "tests" / "ssbclient"), path=str(path))
        server = subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        try:
            assert server.stdout is not None
            url = server.stdout.readline().strip()
            select = dict.fromkeys(IDS, "*")
            runs = iter(range(10_000))

            def fetch(cache: Path) -> pd.DataFrame:
                got = il.ssb.fetch(
                    "00000", select=select, base_url=url, cache=cache, progress=False
                )
                assert got.report.ok
                assert len(got.table) == n
                return got.table

            def fresh() -> None:
                fetch(Path(tmp) / f"cache-{next(runs)}")

            def read() -> pd.DataFrame:
                got = il.read(path, importer="ssb-jsonstat")
                assert got.report.ok
                return got.table

            warm = Path(tmp) / "warm"
            fetched = fetch(warm)  # the server renders every call once
            pd.testing.assert_frame_equal(fetched, read())  # the same table, cell for cell
            results = {
                "il.read (disk)": best_of(read, args.repeat),
                "il.ssb.fetch": best_of(fresh, args.repeat),
                "il.ssb.fetch cached": best_of(lambda: fetch(warm), args.repeat),
            }
        finally:
            if server.stdin is not None:
                server.stdin.close()
            server.wait(timeout=30)
    calls = -(-n // 150_000)
    print(
        f"PxWebApi 2 fetch, {n:,} cells ({size_mb:.1f} MB as one file) in {calls} data calls "
        f"of at most 150,000 cells; best of {args.repeat}"
    )
    for name, seconds in results.items():
        print(f"  {name:<22} {seconds:8.3f} s")
    ratio = results["il.ssb.fetch"] / results["il.read (disk)"]
    print(f"  il.ssb.fetch / il.read = {ratio:.2f}x (target <= 2)")
    print(json.dumps({k: round(v, 3) for k, v in results.items()} | {"ratio": round(ratio, 2)}))


if __name__ == "__main__":
    main()
