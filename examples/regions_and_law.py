"""First steps for a data engineer: municipality codes, counties, and the law on a date.

Norwegian statistics carry the municipality number valid when they were published. After
the reforms of 2020 and 2024 an old file holds codes that no longer exist, some of which
were split between several municipalities. The script resolves a list of codes as found
in older files to the codes valid on 1 June 2024 (a split resolves to several codes and
says so), shows the counties before and after the 2024 county reform, and then the law as
data: the dated changes of integreringsloven (``il.law.TIMELINE``) and the parameters in
force on a date (``il.law.parameter``), each with its legal reference.

Expect: 5012 -> 5055, 5056, 5059 (ambiguous)
Expect: 3002 -> 3103
Expect: 2020-06-01: 356 municipalities in 11 counties
Expect: 2024-06-01: 357 municipalities in 15 counties
Expect: 2021-01-01, 2022-06-15, 2022-08-01, 2023-06-02, 2023-06-09, 2023-08-01, 2024-07-01
"""

from __future__ import annotations

import textwrap
from collections import Counter
from datetime import date

import integreringslov as il

BEFORE, AFTER = date(2020, 6, 1), date(2024, 6, 1)

# Codes as they appear in a file from 2019–2023: Trondheim's number before 2018, Snillfjord
# (split between Heim, Hitra and Orkland in 2020), Moss and Drammen (renumbered in 2024),
# Ålesund (Haram split off again in 2024), a current code, and 9999 «Uoppgitt kommune»
# (IMDi's and SSB's code for an unknown municipality, kept as it is — not a municipality:
# il.regions.municipality("9999", on=...) raises).
CODES = ["1601", "5012", "3002", "3005", "1507", "5001", "9999"]

# Parameters of § 8 (target group) and § 13 (duration), to show what changes on 2026-01-01.
PARAMETERS = [
    "programme.age_min",
    "programme.age_max",
    "programme.years_in_municipality",
    "programme.work_hours_exemption",
    "programme.duration_with_upper_secondary_max",
]


def resolve_codes() -> None:
    """Resolve each code to the code(s) valid on AFTER; a split needs a choice by address."""
    print(f"== Old codes resolved to {AFTER.isoformat()} ==")
    for code in CODES:
        r = il.regions.resolve(code, on=AFTER)
        flag = " (ambiguous)" if r.ambiguous else ""
        print(f"{code} -> {', '.join(r.codes)}{flag}")
        print(textwrap.fill(r.note, 92, initial_indent=" " * 7, subsequent_indent=" " * 9))
    # The same code can be current on one date and old on another:
    print(f"3002 on {BEFORE.isoformat()}: {il.regions.resolve('3002', on=BEFORE).note}")
    print()


def show_counties() -> None:
    """The counties on both dates, with the number of municipalities in each."""
    print("== Counties before and after the 2024 reform ==")
    for on in (BEFORE, AFTER):
        municipalities = il.regions.municipalities(on=on)
        counties = il.regions.counties(on=on)
        per_county = Counter(m.county.code for m in municipalities)
        print(f"{on.isoformat()}: {len(municipalities)} municipalities in {len(counties)} counties")
        for county in counties:
            print(f"  {county.code} {county.name:<62} {per_county[county.code]:>3}")
    print()


def show_law() -> None:
    """The act's dated changes, what is in force on a date, and the parameters on two dates."""
    print("== integreringsloven over time (il.law.TIMELINE) ==")
    for a in il.law.TIMELINE:
        start = a.in_force.isoformat() if a.in_force else "not in force"
        until = f" until {a.until.isoformat()}" if a.until else ""
        print(f"{a.key:<19} {start}{until}  {a.instrument}")
        print(textwrap.fill(a.title, 92, initial_indent=" " * 20, subsequent_indent=" " * 20))
    print("change dates:", ", ".join(d.isoformat() for d in il.law.change_dates()))
    print()

    for on in (date(2025, 6, 1), date(2026, 1, 1)):
        keys = ", ".join(a.key for a in il.law.in_force(on))
        print(f"-- in force on {on.isoformat()}: {keys}")
        for name in PARAMETERS:
            try:
                v = il.law.parameter(name, on=on)
            except il.NotInForceError:
                # A parameter asked for outside its dates raises; it never answers "None".
                print(f"   {name:<44} (not in force)")
                continue
            print(f"   {name:<44} {v.value!s:>3}  {v.reference}")
    print()


def main() -> None:
    resolve_codes()
    show_counties()
    show_law()


if __name__ == "__main__":
    main()
