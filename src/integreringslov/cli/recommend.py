"""``integreringslov recommend MUNICIPALITIES.csv --total N``: the county's recommendation.

Integreringsloven § 4 andre ledd: «Fylkeskommunen skal anbefale hvor mange flyktninger som
bør bosettes i den enkelte kommune i fylket.»

The table is read with :func:`integreringslov.read` and the ``spreadsheet-municipalities``
importer: CSV or spreadsheet, Norwegian headers such as «Kommunenummer» and «Innbyggere»
recognised, decimal commas and thousands spaces accepted, problems pointing at the file's
rows and columns. A file of another kind (an IMDi table, a person table) is refused with
one message. The municipality numbers are checked against the region registry on
``--on`` (see :func:`integreringslov.allocation.recommend`).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from integreringslov._text.i18n import tr
from integreringslov._text.privacy import printable
from integreringslov.cli._io import (
    add_explain_option,
    add_output_options,
    date_arg,
    method_arg,
    read_input,
    whole_number,
    write_or_print,
)
from integreringslov.errors import AllocationError, InvalidInputError, PluginError, Problem

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from integreringslov._text.i18n import Lang
    from integreringslov.allocation import Criterion

__all__ = ["IMPORTER", "register"]

IMPORTER = "spreadsheet-municipalities"
"""The importer that reads the criteria table (CSV or spreadsheet)."""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``recommend`` subcommand."""
    p = sub.add_parser(
        "recommend",
        help=tr("recommend how many refugees each municipality should settle (§ 4 andre ledd)"),
        description=tr(
            "Distribute TOTAL refugees over the municipalities of MUNICIPALITIES.csv by weighted "
            "criteria and an apportionment method, print the result with an explanation and, "
            "where the table has a 'requested' column (or --requests gives IMDi's table), the "
            "comparison with the actual requests. The table has a 'municipality' column "
            "(kommunenummer), optional 'name', 'requested', 'maximum' (cap) and 'excluded' "
            "(opt-out) columns, and any number of numeric criteria columns. The municipality "
            "numbers must be valid on --on and belong to one county (or name it with --county, or "
            "ask for --national).",
        ),
        epilog=tr(
            "Criteria: name=weight pairs separated by ';' (or ',' when the weights use a decimal "
            "point); a weight may have a decimal comma: 'Innbyggere=0,7;~Bosatte=0,3'. Name a "
            "criterion by the file's header or by its column name. Prefix a name with ~ when more "
            "of it should mean fewer refugees (e.g. ~settled_per_1000); write rate*size to scale "
            "a rate by a size column (e.g. employment_rate*population). --criteria may be "
            "repeated. Without --criteria, a table with exactly one criteria column uses it alone.",
        ),
    )
    p.add_argument("municipalities", metavar="MUNICIPALITIES.csv", help=tr("the criteria table"))
    p.add_argument(
        "--total", required=True, type=whole_number, metavar="N", help=tr("persons to distribute")
    )
    p.add_argument(
        "--method", default="hamilton", type=method_arg, metavar="M",
        help=tr(
            "apportionment method: hamilton, dhondt, sainte_lague (sainte-lague, webster), "
            "modified_sainte_lague, huntington_hill, adams (default: hamilton)",
        ),
    )  # fmt: skip
    p.add_argument(
        "--minimum", default=0, type=whole_number, metavar="K",
        help=tr("at least K or nothing per municipality (IMDi's rule of thumb: 10; default 0)"),
    )  # fmt: skip
    p.add_argument(
        "--criteria", metavar="name=weight;...", action="append",
        help=tr("criteria and weights, e.g. 'Innbyggere=0,7;~settled_per_1000=0,3'"),
    )  # fmt: skip
    p.add_argument(
        "--on", type=date_arg, metavar="DATE",
        help=tr(
            "the recommendation's date (YYYY-MM-DD or DD.MM.YYYY): municipality numbers must be "
            "valid on it; without it, valid in some division since 2020",
        ),
    )  # fmt: skip
    p.add_argument("--county", metavar="NN", help=tr("the county recommending (fylkesnummer)"))
    p.add_argument(
        "--national", action="store_true", help=tr("allow municipalities of several counties")
    )
    p.add_argument(
        "--map-old-codes", action="store_true",
        help=tr("replace an old municipality number by the one it became on --on (not splits)"),
    )  # fmt: skip
    p.add_argument(
        "--requests", metavar="IMDI.csv",
        help=tr("IMDi's settlement table to compare with (its 'requested' figures for --year)"),
    )  # fmt: skip
    p.add_argument("--year", type=int, metavar="YYYY", help=tr("the year of --requests to use"))
    p.add_argument(
        "--report", metavar="DIR|FILE.html",
        help=tr(
            "also write the recommendation as an HTML report (bokmål unless --lang en; needs the "
            "'plot' extra)",
        ),
    )  # fmt: skip
    add_output_options(p, what=tr("the result table too"))
    add_explain_option(p, _run)


def _refuse_other_kinds(source: str) -> None:
    """One message when the file is of another kind than a criteria table."""
    from integreringslov.plugins._manager import default_plugins
    from integreringslov.tables.settlement_statistics import SettlementStatistics

    plugins = default_plugins()
    try:
        found = plugins.detect(source)
    except (InvalidInputError, PluginError):
        return  # no single claim: the criteria importer will say what is wrong
    criteria = plugins.importer(IMPORTER)
    if found.plugin == criteria.plugin or found.table is criteria.table:
        return  # a spreadsheet, or a criteria table the library wrote: it reads as one
    hint = (
        tr("; to compare with IMDi's requests, give it with --requests")
        if found.table is SettlementStatistics
        else ""
    )
    raise InvalidInputError(
        [Problem(message=tr(
            "this is {found_title} ({found_publisher}; importer {found_name!r}), not a table of "
            "municipalities and criteria{hint}",
            found_title=found.title,
            found_publisher=found.publisher,
            found_name=found.name,
            hint=hint,
        ),
                 source=source,
                 expected=tr(
                     "a table with a Kommunenummer column and criteria such as Innbyggere",
                 ))],
        what=source,
    )  # fmt: skip


def _criteria(
    args: argparse.Namespace, frame: pd.DataFrame, source: str
) -> tuple[tuple[Criterion, ...], dict[str, str]]:
    """The criteria of ``--criteria``, with the file's headers turned into its columns.

    Also each column's name as the user wrote it, for the report (``population`` →
    ``Innbyggere``).
    """
    import attrs

    from integreringslov.allocation import parse_criteria
    from integreringslov.tables.municipalities import RESERVED_COLUMNS, criteria_columns
    from integreringslov_importers.spreadsheet import column_for_header

    cols = [c for c in criteria_columns(frame) if c not in RESERVED_COLUMNS]
    if not args.criteria:
        if len(cols) == 1:
            return parse_criteria({cols[0]: 1.0}), {}
        among = ", ".join(cols) or tr("(none)")
        raise InvalidInputError(
            [Problem(message=tr(
                "say which columns are criteria and how they weigh, with --criteria "
                "name=weight;...",
            ),
                     source=source,
                     expected=tr("criteria among the columns: {among}", among=among))],
            what=source,
        )  # fmt: skip
    try:
        parsed = parse_criteria(";".join(args.criteria))
    except AllocationError as exc:  # its message is already in the language asked for
        raise InvalidInputError(
            [Problem(message=str(exc), column="--criteria")],
            what=tr("the --criteria option"),
        ) from None

    def column(name: str) -> str:
        return name if name in frame.columns else column_for_header(name)

    out = tuple(
        attrs.evolve(c, column=column(c.column), per=c.per and column(c.per)) for c in parsed
    )
    missing = [
        (given, got)
        for c_in, c_out in zip(parsed, out, strict=True)
        for given, got in ((c_in.column, c_out.column), (c_in.per, c_out.per))
        if given is not None and got not in frame.columns
    ]
    if missing:
        listed = ", ".join(cols)
        raise InvalidInputError(
            [Problem(message=tr("no criterion {given!r} in the file", given=given),
                     source=source, column="--criteria", value=given,
                     expected=tr("a header of the file or one of its columns: {listed}",
                                 listed=listed))
             for given, _ in missing],
            what=source,
        )  # fmt: skip
    given = {
        got: name
        for c_in, c_out in zip(parsed, out, strict=True)
        for name, got in ((c_in.column, c_out.column), (c_in.per, c_out.per))
        if name is not None and got is not None
    }
    return out, given


def _requests(args: argparse.Namespace) -> dict[str, int] | None:
    """IMDi's requests per municipality for ``--year``, from ``--requests``."""
    if not args.requests:
        if args.year is not None:
            raise InvalidInputError(
                [Problem(message=tr("--year without --requests"),
                         column="--year")],
                what=tr("the options"),
            )  # fmt: skip
        return None
    from integreringslov.plugins import read
    from integreringslov.regions import UNKNOWN_MUNICIPALITY
    from integreringslov.tables.settlement_statistics import SettlementStatistics

    imported = read(args.requests)
    if imported.importer.table is not SettlementStatistics:
        raise InvalidInputError(
            [Problem(message=tr(
                "read as {imported_importer_title}, not as IMDi's settlement statistics",
                imported_importer_title=tr(imported.importer.title),
            ),
                     source=args.requests,
                     expected=tr("IMDi's table of requests"))],
            what=args.requests,
        )  # fmt: skip
    imported.report.raise_for_problems()
    table = imported.table
    rows = table[(table["measure"] == "requested") & (table["population"] == "all")]
    years = sorted({int(y) for y in rows["year"]})
    if args.year is None and len(years) != 1:
        raise InvalidInputError(
            [Problem(message=tr(
                "the table has requests for the years {years}; say which with --year",
                years=years,
            ),
                     source=args.requests, column="year")],
            what=args.requests,
        )  # fmt: skip
    year = args.year if args.year is not None else years[0]
    if year not in years:
        raise InvalidInputError(
            [Problem(message=tr("no requests for {year}", year=year),
                     source=args.requests, column="year", value=str(year),
                     expected=tr("one of {years}", years=years))],
            what=args.requests,
        )  # fmt: skip
    chosen = rows[(rows["year"] == year) & rows["persons"].notna()]
    return {
        str(m): int(n)
        for m, n in zip(chosen["municipality"], chosen["persons"], strict=True)
        if str(m) != UNKNOWN_MUNICIPALITY
    }


def _run(args: argparse.Namespace) -> int:
    from integreringslov._reporting import html as htmlreport
    from integreringslov.allocation import recommend
    from integreringslov.tables.municipalities import MunicipalityCriteria, RecommendationTable

    if args.report:
        htmlreport.check_target(args.report)  # before any work
    source = str(args.municipalities)
    _refuse_other_kinds(source)
    frame = read_input(source, table=MunicipalityCriteria, importer=IMPORTER).table
    criteria, headers = _criteria(args, frame, source)
    requested = _requests(args)
    result = recommend(
        args.total, frame, criteria=criteria, method=args.method, minimum=args.minimum,
        source=source, on=args.on, county=args.county, national=args.national,
        map_forward=args.map_old_codes, requested=requested,
    )  # fmt: skip
    lang: Lang = args.lang or "en"
    text = htmlreport.recommendation_report(result, lang=lang, figures=False, headers=headers)
    print(text.to_text(), end="")
    if args.output:
        write_or_print(result.table, args.output, table=RecommendationTable, excel=args.excel_csv)
        print(printable(tr("wrote {path}", path=args.output)), file=sys.stderr)
    if args.report:
        path = htmlreport.write_recommendation_report(
            result, args.report, lang=args.lang or "nb", headers=headers
        )
        print(printable(tr("Wrote the HTML report to {path}", path=path)), file=sys.stderr)
    return 0
