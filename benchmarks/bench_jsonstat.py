"""Benchmark: a 1,000,000-cell JSON-stat 2.0 file into the validated long table.

Compares, in one run and on the same file:

* ``json.loads`` of the file (the floor: no reader can be faster than parsing the JSON);
* ``integreringslov`` — ``Plugins.read`` with the ``ssb-jsonstat`` importer: parse, build
  the long table (codes, labels, value, status) and validate it against ``SsbTable``;
* ``pyjstat`` 2.4 — ``Dataset.read(text).write("dataframe")`` (no status, one naming),
  when installed (``pip install pyjstat``; benchmark only, not a dependency).

Targets (issue 4): at least 5x faster than pyjstat, within 3x of ``json.loads``.

Run: ``python benchmarks/bench_jsonstat.py [--cells 1000000] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from integreringslov.plugins import Plugins, get_plugin_manager

SIZES = (10, 5, 4, 10, 50, 10)  # 1,000,000 cells
IDS = ("Region", "Kjonn", "InnvandrKat", "Landbakgrunn", "Alder", "Tid")


def generate(path: Path, sizes: tuple[int, ...] = SIZES, seed: int = 1) -> int:
    """Write a JSON-stat 2.0 dataset in SSB's style; returns the number of cells."""
    rng = np.random.default_rng(seed)
    n = int(np.prod(sizes))
    values: list[Any] = rng.integers(0, 5000, n).tolist()
    missing = rng.choice(n, size=n // 50, replace=False)
    status = {}
    for i, pos in enumerate(sorted(missing.tolist())):
        values[pos] = None
        status[str(pos)] = (".", "..", ":")[i % 3]
    dimension = {}
    for dim_id, size in zip(IDS, sizes, strict=True):
        codes = [f"{dim_id[:2].upper()}{k:03d}" for k in range(size)]
        positions = list(range(size))
        rng.shuffle(positions)  # the index object in an arbitrary key order
        index = {codes[p]: p for p in positions}
        dimension[dim_id] = {
            "label": dim_id.lower(),
            "category": {"index": index, "label": {c: f"{dim_id} {c}" for c in codes}},
        }
    doc = {
        "class": "dataset",
        "label": "Benchmark table",
        "source": "generated",
        "updated": "2024-01-01T00:00:00Z",
        "id": list(IDS),
        "size": list(sizes),
        "dimension": dimension,
        "value": values,
        "status": status,
        "role": {"time": ["Tid"], "geo": ["Region"]},
        "version": "2.0",
        "extension": {"px": {"tableid": "00000", "decimals": 0}},
    }
    path.write_text(json.dumps(doc), encoding="utf-8")
    return n


def best_of(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.json"
        n = generate(path)
        size_mb = path.stat().st_size / 1e6
        plugins = Plugins(get_plugin_manager(autoload=False))

        def ours() -> None:
            imported = plugins.read(path, importer="ssb-jsonstat")
            assert imported.report.ok
            assert len(imported.table) == n

        def bare() -> None:
            json.loads(path.read_bytes())

        results = {
            "json.loads": best_of(bare, args.repeat),
            "integreringslov": best_of(ours, args.repeat),
        }
        try:
            from pyjstat import pyjstat  # type: ignore[import-untyped]
        except ImportError:
            pyjstat = None
        if pyjstat is not None:

            def theirs() -> None:
                frame = pyjstat.Dataset.read(path.read_text(encoding="utf-8")).write("dataframe")
                assert len(frame) == n

            results["pyjstat"] = best_of(theirs, max(1, args.repeat - 1))

    print(
        f"JSON-stat 2.0, {n:,} cells, {len(SIZES)} dimensions, {size_mb:.1f} MB; "
        f"best of {args.repeat}"
    )
    for name, seconds in results.items():
        print(f"  {name:<16} {seconds:8.3f} s")
    ratio = results["integreringslov"] / results["json.loads"]
    print(f"  integreringslov / json.loads = {ratio:.2f}x (target <= 3)")
    if "pyjstat" in results:
        speedup = results["pyjstat"] / results["integreringslov"]
        print(f"  pyjstat / integreringslov    = {speedup:.1f}x faster (target >= 5)")


if __name__ == "__main__":
    main()
