"""Build the package's region registry from the real KLASS files in shared/samples/regions.

Run from the repository root:  PYTHONPATH=src python tools/build_regions.py [SAMPLES_DIR]
Writes src/integreringslov/regions/data/regions.json and population_2021.csv. The KLASS
parsing is the package's own (integreringslov.regions.klass.build_registry), the same that
`integreringslov regions update` uses on the live API.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

from integreringslov.regions.klass import Version, build_registry

SAMPLES = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/samples/regions")
OUT = Path("src/integreringslov/regions/data")
D2020, D2024 = "2020-01-01", "2024-01-01"

# County names of the 2024 division: KLASS 104 version 2024 is not among the samples; the
# codes come from the KLASS 131 2024 introduction text, the names are the official ones.
COUNTIES_2024 = {
    "31": "Østfold",
    "32": "Akershus",
    "33": "Buskerud",
    "39": "Vestfold",
    "40": "Telemark",
    "55": "Troms - Romsa - Tromssa",
    "56": "Finnmark - Finnmárku - Finmarkku",
}
ENDED_2024 = {"30", "38", "54"}


def load(name: str) -> dict:
    return json.loads((SAMPLES / name).read_text("utf-8"))


def main() -> None:
    def version(name: str, valid_from: str, valid_to: str | None = None) -> Version:
        doc = load(name)
        return Version(
            valid_from=doc.get("validFrom", valid_from),
            valid_to=doc.get("validTo", valid_to),
            names={i["code"]: i["name"] for i in doc["classificationItems"]},
        )

    municipal = [
        version("klass131_kommuneinndeling_2020.json", D2020),
        version("klass131_kommuneinndeling_2024.json", D2024),
    ]
    changes = load("klass131_changes_1971-01-01_2025-01-02.json")["codeChanges"]
    counties_2020 = {
        c["code"]: c["name"] for c in load("klass104_fylker_codes_from_2022-07-10.json")["codes"]
    }
    kept = {code: name for code, name in counties_2020.items() if code not in ENDED_2024}
    county = [
        Version(valid_from=D2020, valid_to=D2024, names=counties_2020),
        Version(valid_from=D2024, valid_to=None, names={**kept, **COUNTIES_2024}),
    ]
    data = build_registry(
        municipal,
        county,
        changes,
        source="Statistics Norway (SSB), KLASS classifications 131 (kommuneinndeling, versions "
        "2020 and 2024, change table 1971-2025) and 104 (fylkesinndeling, 2022)",
    )
    records, county_records = data["municipalities"], data["counties"]
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "regions.json").write_text(
        json.dumps(data, ensure_ascii=False, indent=0) + "\n", "utf-8"
    )

    population: dict[str, int] = defaultdict(int)
    with open(SAMPLES / "ssb07459_personer_2021_kommune_alder.csv", encoding="iso-8859-1") as f:
        rows = list(csv.reader(f, delimiter=";"))
    for row in rows[3:]:
        m = re.match(r"K-(\d{4}) ", row[0])
        if m:
            population[m.group(1)] += int(row[2])
    with open(OUT / "population_2021.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["municipality", "population"])
        for code in sorted(population):
            w.writerow([code, population[code]])
    print(
        f"{len(records)} municipality periods, {len(county_records)} counties, "
        f"{len(population)} populations (total {sum(population.values())})"
    )


if __name__ == "__main__":
    main()
