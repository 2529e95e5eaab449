"""``integreringslov recommend MUNICIPALITIES.csv --total N``: the county's recommendation.

Integreringsloven § 4 andre ledd: «Fylkeskommunen skal anbefale hvor mange flyktninger som
bør bosettes i den enkelte kommune i fylket.»

The table is read with :func:`integreringslov.read` and the ``spreadsheet-municipalities``
importer: CSV or spreadsheet, Norwegian headers such as «Kommunenummer» and «Innbyggere»
recognised, decimal commas and thousands spaces accepted, problems pointing at the file's
rows and columns.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from integreringslov.allocation import METHODS
from integreringslov.cli._io import read_input, whole_number, write_or_print
from integreringslov.errors import AllocationError, InvalidInputError, Problem

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["IMPORTER", "register"]

IMPORTER = "spreadsheet-municipalities"
"""The importer that reads the criteria table (CSV or spreadsheet)."""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``recommend`` subcommand."""
    p = sub.add_parser(
        "recommend",
        help="recommend how many refugees each municipality should settle (§ 4 andre ledd)",
        description="Distribute TOTAL refugees over the municipalities of MUNICIPALITIES.csv "
        "by weighted criteria and an apportionment method, print the result with an "
        "explanation and, where the table has a 'requested' column, the comparison with the "
        "actual requests. The table has a 'municipality' column (kommunenummer), optional "
        "'name', 'requested', 'maximum' (cap) and 'excluded' (opt-out) columns, and any "
        "number of numeric criteria columns.",
        epilog="Criteria: name=weight pairs separated by commas. Prefix a name with ~ when "
        "more of it should mean fewer refugees (e.g. ~settled_per_1000); write rate*size to "
        "scale a rate by a size column (e.g. employment_rate*population). Without "
        "--criteria, a table with exactly one criteria column uses it alone.",
    )
    p.add_argument("municipalities", metavar="MUNICIPALITIES.csv", help="the criteria table")
    p.add_argument(
        "--total", required=True, type=whole_number, metavar="N", help="persons to distribute"
    )
    p.add_argument(
        "--method", default="hamilton", choices=METHODS, metavar="M",
        help=f"apportionment method: {', '.join(METHODS)} (default: hamilton)",
    )  # fmt: skip
    p.add_argument(
        "--minimum", default=0, type=whole_number, metavar="K",
        help="at least K or nothing per municipality (IMDi's rule of thumb: 10; default 0)",
    )  # fmt: skip
    p.add_argument(
        "--criteria", metavar="name=weight,...",
        help="criteria and weights, e.g. population=0.7,~settled_per_1000=0.3",
    )  # fmt: skip
    p.add_argument("-o", "--output", metavar="OUT.csv", help="also write the result table to OUT")
    p.set_defaults(handler=_run)


def _criteria(args: argparse.Namespace, frame: pd.DataFrame, source: str) -> str:
    from integreringslov.schemas.municipalities import RESERVED_COLUMNS, criteria_columns

    if args.criteria:
        return str(args.criteria)
    cols = [c for c in criteria_columns(frame) if c not in RESERVED_COLUMNS]
    if len(cols) == 1:
        return f"{cols[0]}=1"
    raise InvalidInputError(
        [Problem(message="say which columns are criteria and how they weigh, with "
                 "--criteria name=weight,...", source=source,
                 expected=f"criteria among the columns: {', '.join(cols) or '(none)'}")],
        what=source,
    )  # fmt: skip


def _run(args: argparse.Namespace) -> int:
    from integreringslov.allocation import parse_criteria, recommend
    from integreringslov.schemas.municipalities import MunicipalityCriteria, RecommendationTable

    source = str(args.municipalities)
    frame = read_input(source, table=MunicipalityCriteria, importer=IMPORTER)
    spec = _criteria(args, frame, source)
    try:
        parse_criteria(spec)
    except AllocationError as exc:
        raise InvalidInputError([Problem(message=str(exc), column="--criteria")],
                                what="the --criteria option") from None  # fmt: skip
    result = recommend(
        args.total, frame, criteria=spec, method=args.method, minimum=args.minimum,
        source=source,
    )  # fmt: skip
    table = result.table
    shown = table[[c for c in ("municipality", "name", "quota", "recommended", "requested",
                               "deviation") if c in table.columns]]  # fmt: skip
    if shown["name"].isna().all():
        shown = shown.drop(columns="name")
    print(shown.to_string(index=False, float_format=lambda v: f"{v:.1f}"))
    print()
    print(result.explain())
    if args.output:
        write_or_print(table, args.output, table=RecommendationTable)
        print(f"\nwrote {args.output}")
    return 0
