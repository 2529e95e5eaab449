"""Trøndelag 2022: distribute 3 790 refugees over the county's 38 municipalities.

Integreringsloven § 4 andre ledd: «Fylkeskommunen skal anbefale hvor mange flyktninger som
bør bosettes i den enkelte kommune i fylket.»

Two recommendations — by population alone, and by a mixed set of criteria — compared with
the requests IMDi actually sent for 2022 (IMDi data, NLOD 2.0; population: SSB 07459,
CC BY 4.0, «Kilde: Statistisk sentralbyrå»). Run: python examples/trondelag_recommendation.py

Expect: 5001 Trondheim
Expect: mean_abs_deviation
Expect: integreringsloven § 4 andre ledd
"""

from __future__ import annotations

import pandas as pd

from integreringslov.allocation import recommend
from integreringslov.settlement._reference import trondelag_2022_criteria

TOTAL = 3790  # IMDi's 2022 request for Trøndelag (of the national 35 000)


def main() -> None:
    table = trondelag_2022_criteria()
    by_population = recommend(
        TOTAL, table, criteria={"population": 1.0}, method="sainte_lague", minimum=10
    )
    # Mixed: size (population), IMDi's pre-war criteria-based request (results, labour
    # market, capacity as IMDi judged them in November 2021), and an equal part for spread.
    mixed = recommend(
        TOTAL,
        table,
        criteria={"population": 0.6, "requested_original": 0.3, "spread": 0.1},
        method="sainte_lague",
        minimum=10,
    )
    out = pd.DataFrame(
        {
            "kommune": table["municipality"] + " " + table["name"],
            "population": table["population"].astype(int),
            "by_population": by_population.table["recommended"],
            "mixed": mixed.table["recommended"],
            "IMDi_request": table["requested"],
        }
    )
    out["dev_population"] = out["by_population"] - out["IMDi_request"]
    out["dev_mixed"] = out["mixed"] - out["IMDi_request"]
    pd.set_option("display.width", 120)
    print(out.to_string(index=False))
    print()
    print(f"{'':<16}{'by population':>15}{'mixed':>10}")
    a, b = by_population.comparison(), mixed.comparison()
    for key in ("recommended", "requested", "mean_abs_deviation", "max_abs_deviation", "moved"):
        print(f"{key:<16}{a[key]:>15.1f}{b[key]:>10.1f}")
    print()
    print(mixed.explain())


if __name__ == "__main__":
    main()
