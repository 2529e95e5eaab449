"""Benchmark: a 1.89 M-cell StatBank table as CSV (wide and long) and as JSON-stat.

The same cube — 357 regions × 2 sexes × 106 ages × 25 years, 1 892 100 cells, 1 % of them
the symbol ``..`` — is written in four layouts SSB serves, and each is read with
``il.read`` as a user would (detection, the reader, validation against ``SsbTable``):

* ``wide``: the StatBank download — a title line, an empty line, ``;``, the stub
  ``"0301 Oslo";"Menn";"0 år"`` quoted, the years across (``"Personer 2000"``);
* ``csv2``: PxWebApi v0 ``csv2`` — every variable in the stub, labels, ``,``, the value
  column ``"07459: Befolkning,"``;
* ``csv3``: PxWebApi v0 ``csv3`` — codes, ``,``, the table id as the value column;
* ``dataset``: the ready-made dataset CSV — ``;``, ``"0301 Oslo"``, the value column
  ``"07459: Befolkning, etter …"``;
* ``json-stat``: the same cube as JSON-stat 2.0.

The floor beside each CSV is ``pandas.read_csv(engine="pyarrow")`` of the same file (all
columns typed by Arrow, nothing checked) and, for the wide layout, ``melt`` into the long
table; beside JSON-stat, ``json.loads``. The target (issue 21): every CSV layout within 3×
of its floor.

Run: ``python benchmarks/bench_ssb_csv.py [--repeat 3] [--no-arrow]`` (``--no-arrow`` also
times the reader as it runs without pyarrow: Python's csv module, for comparison).

Figures on the shared 2-core machine (2026-12-07; noisy, compare the ratios). Before
issue 21 the wide file took about 17 s. Before the long layouts' stub columns were coded
by their runs and cycles (04:54 UTC, best of 3, load about 2.7) and after (05:21 UTC, best
of 7, load 10-11: six engineers' tests on two cores), each ratio from its own run, the
floor timed turn about with the reader:

======================= ======== ======== ====== ======== ======== ======
layout                  before   floor    ratio  after    floor    ratio
======================= ======== ======== ====== ======== ======== ======
wide                    0.186 s  0.076 s  2.44   0.400 s  0.188 s  2.12
csv2                    0.727 s  0.293 s  2.48   1.518 s  0.625 s  2.43
csv3                    0.770 s  0.331 s  2.33   1.273 s  0.677 s  1.88
dataset                 1.169 s  0.368 s  3.18   1.292 s  0.653 s  1.98
json-stat               0.602 s  0.216 s  2.79   0.680 s  0.285 s  2.38
======================= ======== ======== ====== ======== ======== ======

The floor is Arrow's parser on both cores; where the machine leaves them free it is at its
quickest and the ratio at its highest (before, on quieter runs that day: csv2 2.4-3.4,
wide 2.5-2.8). csv2 is the slowest: its labels hold the delimiter, so each line is split
at its quotes into twice as many pieces as it has cells. Without pyarrow
(``--no-arrow``: Python's csv module, the same table; measured before this change): wide
2.4 s, csv2 13.1 s, csv3 11.1 s, dataset 11.0 s.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from bench_jsonstat import best_of  # benchmarks/ is the script's folder

from integreringslov.plugins import Plugins, get_plugin_manager

REGIONS = 357
SEXES = ("Menn", "Kvinner")
AGES = 106
YEARS = tuple(range(2000, 2025))
TITLE = "07459: Befolkning, etter region, kjønn, alder, statistikkvariabel og år"


def _cube(seed: int = 1) -> tuple[list[str], list[str], np.ndarray[Any, Any]]:
    """Region cells («0301 Oslo»), age labels, and the values (rows × years) as text."""
    rng = np.random.default_rng(seed)
    regions = [f"{3000 + i:04d} Kommune {i}" for i in range(REGIONS)]
    ages = [f"{a} år" for a in range(AGES)]
    rows = REGIONS * len(SEXES) * AGES
    values = rng.integers(0, 5000, (rows, len(YEARS))).astype(str).astype(object)
    values[rng.random(values.shape) < 0.01] = ".."
    return regions, ages, values


def _stub_rows(regions: list[str], ages: list[str]) -> list[tuple[str, str, str]]:
    return [(r, s, a) for r in regions for s in SEXES for a in ages]


def write_wide(path: Path) -> int:
    regions, ages, values = _cube()
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(f'"{TITLE}"\n\n')
        heading = ";".join(f'"Personer {y}"' for y in YEARS)
        out.write(f'"region";"kjønn";"alder";{heading}\n')
        for (r, s, a), row in zip(_stub_rows(regions, ages), values, strict=True):
            out.write(f'"{r}";"{s}";"{a}";' + ";".join(row) + "\n")
    return int(values.size)


def _write_long(path: Path, header: str, sep: str, cell: Callable[..., str]) -> int:
    regions, ages, values = _cube()
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(header + "\n")
        for (r, s, a), row in zip(_stub_rows(regions, ages), values, strict=True):
            for year, value in zip(YEARS, row, strict=True):
                out.write(sep.join((*cell(r, s, a, year), value)) + "\n")
    return int(values.size)


def write_csv2(path: Path) -> int:
    return _write_long(
        path,
        '"region","kjønn","alder","år","statistikkvariabel","07459: Befolkning,"',
        ",",
        lambda r, s, a, y: (f'"{r[5:]}"', f'"{s}"', f'"{a}"', f'"{y}"', '"Personer"'),
    )


def write_csv3(path: Path) -> int:
    return _write_long(
        path,
        "Region,Kjonn,Alder,Tid,ContentsCode,07459",
        ",",
        lambda r, s, a, y: (
            r[:4],
            "1" if s == "Menn" else "2",
            f"{a.split()[0]:>03}",
            str(y),
            "Personer1",
        ),
    )


def write_dataset(path: Path) -> int:
    return _write_long(
        path,
        '"region";"kjønn";"alder";"år";"statistikkvariabel";'
        '"07459: Befolkning, etter region, kjønn, alder, år og statistikkvariabel"',
        ";",
        lambda r, s, a, y: (f'"{r}"', f'"{s}"', f'"{a}"', f'"{y}"', '"Personer"'),
    )


def write_jsonstat(path: Path) -> int:
    regions, _ages, values = _cube()
    cells: list[Any] = [None if v == ".." else int(v) for v in values.ravel()]
    status = {str(i): ".." for i, v in enumerate(values.ravel()) if v == ".."}
    dims = {
        "Region": [r[:4] for r in regions],
        "Kjonn": ["1", "2"],
        "Alder": [f"{a:03d}" for a in range(AGES)],
        "Tid": [str(y) for y in YEARS],
    }
    doc = {
        "version": "2.0",
        "class": "dataset",
        "label": TITLE,
        "id": list(dims),
        "size": [len(c) for c in dims.values()],
        "dimension": {
            d: {"label": d.lower(), "category": {"index": {c: i for i, c in enumerate(codes)}}}
            for d, codes in dims.items()
        },
        "value": cells,
        "status": status,
    }
    path.write_text(json.dumps(doc), encoding="utf-8")
    return len(cells)


def interleaved(
    floor: Callable[[], Any], ours: Callable[[], Any], repeat: int
) -> tuple[float, float]:
    """The best time of each, taken turn about, so that the machine's load (shared,
    noisy) weighs on both alike."""
    floors, ours_ = [], []
    for _ in range(repeat):
        floors.append(best_of(floor, 1))
        ours_.append(best_of(ours, 1))
    return min(floors), min(ours_)


def _floor_csv(path: Path, sep: str, skip: int, wide: bool) -> Callable[[], Any]:
    def floor() -> None:
        frame = pd.read_csv(path, engine="pyarrow", sep=sep, skiprows=skip)
        if wide:
            frame = frame.melt(id_vars=list(frame.columns[:3]))
        assert len(frame)

    return floor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-arrow", action="store_true", help="also time the csv-module path")
    args = parser.parse_args()
    plugins = Plugins(get_plugin_manager(autoload=False))
    layouts = {
        "wide": (write_wide, ";", 2, True),
        "csv2": (write_csv2, ",", 0, False),
        "csv3": (write_csv3, ",", 0, False),
        "dataset": (write_dataset, ";", 0, False),
    }
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, (write, sep, skip, wide) in layouts.items():
            path = Path(tmp) / f"{name}.csv"
            n = write(path)

            def ours(path: Path = path, n: int = n) -> None:
                imported = plugins.read(path)
                assert imported.importer.name == "ssb-csv"
                assert imported.report.ok
                assert len(imported.table) == n

            floor, mine = interleaved(_floor_csv(path, sep, skip, wide), ours, args.repeat)
            rows.append((name, n, path.stat().st_size / 1e6, mine, floor))
            if args.no_arrow:
                from integreringslov_importers import _ssb_csv

                def declined(*args: object) -> None:
                    raise _ssb_csv._Careful

                arrow = _ssb_csv._arrow_grid
                _ssb_csv._arrow_grid = declined  # type: ignore[assignment]
                try:
                    slow = best_of(ours, 1)
                finally:
                    _ssb_csv._arrow_grid = arrow  # type: ignore[assignment]
                rows.append((f"{name} (csv module)", n, path.stat().st_size / 1e6, slow, floor))
            path.unlink()
        path = Path(tmp) / "cube.json"
        n = write_jsonstat(path)

        def ours_json() -> None:
            imported = plugins.read(path)
            assert imported.importer.name == "ssb-jsonstat"
            assert len(imported.table) == n

        floor, mine = interleaved(lambda: json.loads(path.read_bytes()), ours_json, args.repeat)
        rows.append(("json-stat", n, path.stat().st_size / 1e6, mine, floor))
    print(f"{TITLE[:5]}-like cube, best of {args.repeat}; floor: read_csv(engine='pyarrow')")
    print("(+ melt for wide), json.loads for JSON-stat")
    print(f"{'layout':<22} {'cells':>10} {'MB':>6} {'ours':>8} {'floor':>8} {'ratio':>6}")
    for name, cells, size, mine, floor in rows:
        print(
            f"{name:<22} {cells:>10,} {size:>6.1f} {mine:>7.3f}s {floor:>7.3f}s "
            f"{mine / floor:>5.2f}x"
        )
    print("target: every CSV layout within 3x of its floor")


if __name__ == "__main__":
    main()
