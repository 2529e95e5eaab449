"""Build the package's region registry from the real KLASS files in shared/samples/regions.

Run from the repository root:  python tools/build_regions.py [SAMPLES_DIR]
Writes src/integreringslov/regions/data/regions.json and population_2021.csv.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

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
    v2020 = {
        i["code"]: i["name"]
        for i in load("klass131_kommuneinndeling_2020.json")["classificationItems"]
    }
    v2024 = {
        i["code"]: i["name"]
        for i in load("klass131_kommuneinndeling_2024.json")["classificationItems"]
    }
    changes = load("klass131_changes_1971-01-01_2025-01-02.json")["codeChanges"]
    counties = load("klass104_fylker_codes_from_2022-07-10.json")["codes"]
    for table in (v2020, v2024):
        table.pop("9999", None)

    # Name changes inside the 2020-2023 division (2022-01-01, 2023-01-01): the 2020 file
    # carries names as later revised, so earlier names come from the change table.
    renames = defaultdict(list)
    for c in changes:
        if c["oldCode"] == c["newCode"] and D2020 < c["changeOccurred"] <= D2024:
            renames[c["oldCode"]].append(c)

    records = []
    for code, name in sorted(v2020.items()):
        periods = []
        start = D2020
        for c in sorted(renames.get(code, []), key=lambda c: c["changeOccurred"]):
            periods.append((c["oldName"], start, c["changeOccurred"]))
            start = c["changeOccurred"]
        last_name = renames[code][-1]["newName"] if code in renames else name
        end = D2024 if (code not in v2024 or v2024[code] != last_name) else None
        periods.append((last_name, start, end))
        if end is None:
            periods[-1] = (v2024[code], start, None)
        records += [
            {"code": code, "name": n, "valid_from": f, "valid_to": t} for n, f, t in periods
        ]
    for code, name in sorted(v2024.items()):
        if code in v2020 and any(r["code"] == code and r["valid_to"] is None for r in records):
            continue
        records.append({"code": code, "name": name, "valid_from": D2024, "valid_to": None})

    county_records = []
    for c in counties:
        if c["code"] == "99":
            continue
        county_records.append(
            {
                "code": c["code"],
                "name": c["name"],
                "valid_from": D2020,
                "valid_to": D2024 if c["code"] in ENDED_2024 else None,
            }
        )
    for code, name in COUNTIES_2024.items():
        county_records.append({"code": code, "name": name, "valid_from": D2024, "valid_to": None})

    data = {
        "source": "Statistics Norway (SSB), KLASS classifications 131 (kommuneinndeling, versions "
        "2020 and 2024, change table 1971-2025) and 104 (fylkesinndeling, 2022)",
        "licence": "CC BY 4.0 — Kilde: Statistisk sentralbyrå",
        "municipalities": sorted(records, key=lambda r: (r["code"], r["valid_from"])),
        "counties": sorted(county_records, key=lambda r: (r["code"], r["valid_from"])),
        "changes": [
            {k: c[k] for k in ("oldCode", "oldName", "newCode", "newName", "changeOccurred")}
            for c in changes
        ],
    }
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
