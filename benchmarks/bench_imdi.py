"""Benchmark: IMDi's long settlement export for all municipalities and years (~50,000 rows).

Generates a file shaped like IMDi's ``bosatt_anmodede`` download (cp1252, ``;``,
``Enhet;År;Kommunenummer;Kommune;Bosetting;Antall``, Personer and Prosent rows, symbols
``.`` and ``:``), then times ``integreringslov.read`` with the ``imdi`` importer (read,
map, validate). The issue asks for under 0.5 s. Run: ``python benchmarks/bench_imdi.py``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from integreringslov.plugins import Plugins, get_plugin_manager

CATEGORIES = [
    "Anmodning om bosetting",
    "Opprinnelig anmodning",
    "Vedtak om bosetting",
    "Faktisk bosetting",
]


def generate(path: Path, municipalities: int = 360, years: range = range(2012, 2024)) -> int:
    rng = np.random.default_rng(7)
    lines = ["Enhet;År;Kommunenummer;Kommune;Bosetting;Antall"]
    codes = [f"{c:04d}" for c in range(101, 101 + municipalities * 13, 13)][:municipalities]
    codes.append("9999")
    for unit in ("Personer", "Prosent"):
        for year in years:
            for code in codes:
                for cat in CATEGORIES:
                    r = rng.random()
                    value = "." if r < 0.1 else ":" if r < 0.15 else str(int(rng.integers(0, 800)))
                    if unit == "Prosent" and value not in (".", ":"):
                        value = f"{rng.random() * 150:.8f}"
                    lines.append(f"{unit};{year};{code};Kommune {code} (f.o.m. 2020);{cat};{value}")
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return len(lines) - 1


def main() -> float:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bosatt_anmodede.csv"
        n = generate(path, years=range(2006, 2024))  # 361 codes x 18 years x 4 x 2 units
        plugins = Plugins(get_plugin_manager(autoload=False))
        plugins.read(path, importer="imdi")  # warm-up (imports, schema construction)
        t0 = time.perf_counter()
        imported = plugins.read(path)  # detection included
        took = time.perf_counter() - t0
        assert imported.importer.name == "imdi"
        assert imported.report.ok, imported.report.to_text()[:2000]
        print(
            f"{n} rows in the file ({len(imported.table)} person rows): {took:.3f} s "
            "(required: < 0.5 s)"
        )
        return took


if __name__ == "__main__":
    sys.exit(0 if main() < 0.5 else 1)
