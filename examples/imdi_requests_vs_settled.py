"""Trøndelag 2022: what IMDi asked for, what the municipalities decided, who was settled.

IMDi's settlement statistics (table ``bosatt_anmodede``, NLOD 2.0) give per municipality
the request (*anmodning om bosetting*), the municipal decision (*vedtak om bosetting*)
and the persons actually settled (*faktisk bosetting*). The library ships Trøndelag's
2022 figures (``integreringslov/data/trondelag_2022_settlement.csv``, in the library's
own long table, as ``integreringslov import -o`` writes it). ``il.read`` tells the table
from the file's header, as it does for your own download from IMDi (wide or long export,
read by the IMDi importer), and validates it.

It prints, per municipality, the request, the decision, those settled and settled as a
share of the request; the county totals; and the municipalities whose decision differs
from the request. IMDi suppressed Røyrvik's settled figure (``:``): it is kept as a
status with no count, never as zero, and left out of the settled total.

Expect: importer: integreringslov-settlement
Expect: Trøndelag                                 3790     3610     3121   82.3 %
Expect: 5043 Raarvihke - Røyrvik: settled suppressed by IMDi
Expect: 6 municipalities decided otherwise than requested
"""

from __future__ import annotations

from datetime import date
from importlib.resources import as_file, files

import pandas as pd

import integreringslov as il

YEAR = 2022


def main() -> None:
    resource = files("integreringslov.data") / "trondelag_2022_settlement.csv"
    with as_file(resource) as path:
        imported = il.read(path)  # the importer is detected from the file's header

    print(f"importer: {imported.importer.name} — {imported.importer.title}")
    print(f"validation: {'ok' if imported.report.ok else imported.report}")
    table = imported.table
    table = table[(table["year"] == YEAR) & (table["population"] == "all")]
    print(
        f"{len(table)} rows: {table['municipality'].nunique()} municipalities × "
        f"{table['measure'].nunique()} measures\n"
    )

    # One row per municipality, one column per measure; a suppressed figure stays <NA>.
    wide = table.pivot(index="municipality", columns="measure", values="persons")
    suppressed = table[table["status"] == ":"]
    wide["share"] = wide["settled"] / wide["requested"]

    on = date(YEAR, 1, 1)
    print(f"{'kommune':<37}{'request':>9}{'decided':>9}{'settled':>9}{'share':>9}")
    for code, row in wide.iterrows():
        name = il.regions.municipality(str(code), on=on).name
        settled = ":" if pd.isna(row["settled"]) else f"{row['settled']}"
        share = "" if pd.isna(row["share"]) else f"{row['share']:.1%}".replace("%", " %")
        print(f"{code} {name:<32}{row['requested']:>9}{row['decided']:>9}{settled:>9}{share:>9}")

    requested, decided = int(wide["requested"].sum()), int(wide["decided"].sum())
    settled = int(wide["settled"].sum())  # pandas skips <NA>: the suppressed figure
    share = f"{settled / requested:.1%}".replace("%", " %")
    print(f"{'Trøndelag':<37}{requested:>9}{decided:>9}{settled:>9}{share:>9}")
    print()
    for _, row in suppressed.iterrows():
        name = il.regions.municipality(row["municipality"], on=on).name
        print(
            f"{row['municipality']} {name}: {row['measure']} suppressed by IMDi "
            f"(status {row['status']!r}), not counted in the total"
        )

    differs = wide[wide["decided"] != wide["requested"]]
    print(f"\n{len(differs)} municipalities decided otherwise than requested:")
    for code, row in differs.iterrows():
        name = il.regions.municipality(str(code), on=on).name
        change = int(row["decided"] - row["requested"])
        print(
            f"  {code} {name:<10} requested {row['requested']:>4}, "
            f"decided {row['decided']:>4} ({change:+d})"
        )


if __name__ == "__main__":
    main()
