"""Benchmark: a 100,000-row × 12-column person sheet (.xlsx).

Times ``integreringslov.read`` with the ``spreadsheet`` importer (read with calamine, map
the Norwegian headers, parse every cell, validate against the person table) against
``pandas.read_excel(engine="openpyxl")`` alone reading the same file, in the same run.
The issue asks for at least 2x. Run: ``python benchmarks/bench_spreadsheet.py [ROWS]``.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd

from integreringslov.plugins import Plugins, get_plugin_manager

HEADER = [
    "Løpenr",
    "Fødselsdato",
    "Tillatelse",
    "Tillatelse gitt",
    "Ankomstdato",
    "Bosatt dato",
    "Bosatt etter avtale",
    "Nordisk/EØS",
    "Referansepersonens tillatelse",
    "Søknad familiegjenforening",
    "Vedtaksdato",
    "Timer per uke",
]


def generate(path: Path, rows: int) -> None:
    rng = np.random.default_rng(2025)
    base = dt.date(1960, 1, 1)
    births = [base + dt.timedelta(days=int(d)) for d in rng.integers(0, 20000, rows)]
    granted = [dt.date(2021, 1, 1) + dt.timedelta(days=int(d)) for d in rng.integers(0, 1500, rows)]
    letters = rng.choice(list("abcdefg"), rows)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Deltakere")
    ws.append(["Deltakere i introduksjonsprogrammet (generert)"])
    ws.append([])
    ws.append(HEADER)
    for i in range(rows):
        g = granted[i]
        ws.append(
            [
                f"P{i:06d}",
                births[i],
                str(letters[i]).upper(),
                g,
                g - dt.timedelta(days=3),
                g.strftime("%d.%m.%Y"),
                "ja" if i % 3 else "nei",
                "x" if i % 17 == 0 else None,
                "a" if letters[i] == "f" else None,
                None,
                g + dt.timedelta(days=40),
                float(i % 40),
            ]
        )
    ws.append(["Sum", None, None, None, None, None, None, None, None, None, None, None])
    wb.save(path)


def main(rows: int = 100_000) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "persons.xlsx"
        t0 = time.perf_counter()
        generate(path, rows)
        print(
            f"generated {rows} rows x {len(HEADER)} columns in {time.perf_counter() - t0:.1f} s"
            f" ({path.stat().st_size / 1e6:.1f} MB)"
        )
        plugins = Plugins(get_plugin_manager(autoload=False))
        t0 = time.perf_counter()
        imported = plugins.read(path, importer="spreadsheet")
        ours = time.perf_counter() - t0
        assert imported.report.ok, imported.report.to_text()[:2000]
        assert len(imported.table) == rows
        t0 = time.perf_counter()
        frame = pd.read_excel(path, engine="openpyxl", header=2)
        theirs = time.perf_counter() - t0
        assert len(frame) == rows + 1
        ratio = theirs / ours
        print(f"integreringslov.read (import + map + validate): {ours:.2f} s")
        print(f"pandas.read_excel(engine='openpyxl') alone:      {theirs:.2f} s")
        print(f"ratio: {ratio:.1f}x (required: >= 2x)")
        return ratio


if __name__ == "__main__":
    ratio = main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
    sys.exit(0 if ratio >= 2 else 1)
