"""Fetch Trøndelag's 2021 immigrants by age and world region live, and rebuild the seed's table.

The way an analyst would: ask a PxWebApi 2 server for the table, select Trøndelag
(``Region=50``), immigrants and Norwegian-born to immigrant parents (``InnvandrKat=B-C``),
every world region and age group (``*``) and the newest year (``Tid=top(1)``) with
``il.ssb.fetch``, then pivot it to the county's slide: world regions × age groups with a
total row (with the steps of ``ssb_immigrants_trondelag.py``, which reads a downloaded file).

The table id is the one the project's SSB-format file carries (``trondelag-2021``; see
``src/integreringslov/data/README.md``): no StatBank table could be shown to carry exactly
age × world region for a county, so this script does not guess one. Point it at a server
that has the table:

    python examples/ssb_fetch_trondelag.py --base-url URL [--table ID]

Without ``--base-url`` it prints the selection it would send and stops (it never goes to
the network on its own). The tests run it against a local server that serves the project's
file (``tests/ssbclient/test_example_fetch.py``), split into several calls.

Expect: Selection: Region=50 InnvandrKat=B-C Landbakgrunn=* Alder=* ContentsCode=Personer Tid=top(1)
"""

from __future__ import annotations

import argparse

import pandas as pd
from ssb_immigrants_trondelag import county_table, print_table

import integreringslov as il

TABLE = "trondelag-2021"
SELECT = {
    "Region": "50",
    "InnvandrKat": "B-C",
    "Landbakgrunn": "*",
    "Alder": "*",
    "ContentsCode": "Personer",
    "Tid": "top(1)",
}


def age_by_world_region_live(base_url: str, table: str = TABLE) -> pd.DataFrame:
    """The seed's table from the live path: world regions × age groups, with a ``Total`` row."""
    imported = il.ssb.fetch(table, select=SELECT, base_url=base_url, progress=False)
    year = int(imported.table["Tid"].astype(str).max())  # top(1): the newest year there is
    return county_table(imported, f"SSB table {table}", year)


def main(argv: list[str] | None = None) -> None:
    """Fetch and print the table as CSV, with its grand total; or show the selection."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="the PxWebApi 2 server")
    parser.add_argument("--table", default=TABLE, help="the table id")
    args = parser.parse_args(argv)
    print("Selection: " + " ".join(f"{k}={v}" for k, v in SELECT.items()))
    if not args.base_url:
        print("Give --base-url URL to fetch it.")
        return
    print_table(age_by_world_region_live(args.base_url, args.table))


if __name__ == "__main__":
    main()
