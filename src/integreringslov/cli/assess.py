"""``integreringslov assess PERSONS --on DATE [-o OUT]``: assess a person table.

PERSONS is read with :func:`integreringslov.read` (CSV or spreadsheet, with Norwegian
headers recognised; ``--mapping`` for other headers), so problems point at the file's rows
and columns. A table with any problem is refused whole: the console script prints every
problem and exits with status 1, without a traceback.
"""

from __future__ import annotations

import argparse

from integreringslov.cli._io import iso_date, read_input, write_or_print

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``assess`` subcommand."""
    p = sub.add_parser(
        "assess",
        help="assess a person table: introduction programme and career guidance",
        description="Assess every person in PERSONS on DATE under integreringsloven "
        "§§ 8–9, § 11 and kapittel 6A, and print (or write) the assessment table with "
        "the provisions applied and a reason for each person.",
    )
    p.add_argument("persons", metavar="PERSONS", help="person table (CSV, spreadsheet, ...)")
    p.add_argument("--on", required=True, type=iso_date, metavar="DATE", help="assessment date")
    p.add_argument("--mapping", metavar="MAP.toml", help="column mapping for a spreadsheet")
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write the table to OUT (.csv, .parquet or .json) instead of printing it",
    )
    p.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from integreringslov.rules import assess_frame
    from integreringslov.schemas.persons import AssessmentTable, PersonTable

    persons = read_input(args.persons, table=PersonTable, mapping=args.mapping)
    result = assess_frame(persons, on=args.on, source=str(args.persons)).reset_index(drop=True)
    write_or_print(result, args.output, table=AssessmentTable)
    if args.output:
        counts = result["programme"].value_counts()
        summary = ", ".join(f"{k}: {v}" for k, v in counts.items() if v)
        print(
            f"assessed {len(result)} persons on {args.on.isoformat()} ({summary}); "
            f"wrote {args.output}"
        )
    return 0
