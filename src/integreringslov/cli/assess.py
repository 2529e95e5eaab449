"""``integreringslov assess PERSONS --on DATE [--reform NAME] [-o OUT]``: assess a person table.

PERSONS is read with :func:`integreringslov.read`, the one way from a file to a person
table (CSV or spreadsheet, with Norwegian headers recognised; ``--mapping`` for other
headers), so problems point at the file's rows and columns. A table with any problem is
refused whole: the console script prints every problem and exits with status 1, without a
traceback. What the import noted (a column that is not read, title or sum rows left out)
is printed to stderr, in the language asked for, before the assessment's own notes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from integreringslov._text.i18n import Lang, tr, trn
from integreringslov._text.privacy import printable
from integreringslov.cli._io import (
    add_explain_option,
    add_output_options,
    date_arg,
    read_input,
    write_or_print,
)
from integreringslov.cli._progress import Steps, add_progress_option

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``assess`` subcommand."""
    p = sub.add_parser(
        "assess",
        help=tr("assess a person table: introduction programme and career guidance"),
        description=tr(
            "Assess every person in PERSONS on DATE under integreringsloven §§ 8–9, § 11 and "
            "kapittel 6A, and print (or write) the assessment table with the provisions applied "
            "and a reason for each person.",
        ),
    )
    p.add_argument("persons", metavar="PERSONS", help=tr("person table (CSV, spreadsheet, ...)"))
    p.add_argument(
        "--on", required=True, type=date_arg, metavar="DATE",
        help=tr("assessment date (YYYY-MM-DD or DD.MM.YYYY)"),
    )  # fmt: skip
    p.add_argument("--mapping", metavar="MAP.toml", help=tr("column mapping for a spreadsheet"))
    p.add_argument(
        "--reform", metavar="NAME",
        help=tr(
            "also assess under a reform not in force (age-60: LOV-2025-06-20-35's upper age of "
            "60) and write both outcomes side by side, with a summary",
        ),
    )  # fmt: skip
    p.add_argument(
        "--reading", metavar="KEY=OPTION", action="append", type=_reading_arg, default=[],
        help=tr(
            "choose a reading of an open text (docs/law/readings.md), for example "
            "section-37b-guidance=every-holder; may be given more than once",
        ),
    )  # fmt: skip
    add_output_options(p, what=tr("the assessment table"))
    add_progress_option(p)
    add_explain_option(p, _run)


def _reading_arg(text: str) -> tuple[str, str]:
    from integreringslov.rules._readings import parse_reading

    try:
        return parse_reading(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _run(args: argparse.Namespace) -> int:
    from integreringslov._reporting.report import outcome_label
    from integreringslov.rules import assess_frame
    from integreringslov.tables.persons import AssessmentTable, PersonTable

    lang: Lang = args.lang or "en"
    with Steps(args) as steps:
        steps.step(tr("Reading {source}", source=Path(args.persons).name))
        imported = read_input(args.persons, table=PersonTable, mapping=args.mapping)
        persons = imported.table
        steps.done(len(persons))
        steps.step(tr("Assessing"), total=len(persons))
        if args.reform is not None:
            return _reform(args, persons, imported.report.notes, lang, steps)
        result = assess_frame(
            persons, on=args.on, source=str(args.persons), lang=lang, readings=dict(args.reading)
        )
        notes = result.attrs.get("notes", ())
        result = result.reset_index(drop=True)
        steps.done(len(result))
        steps.step(tr("Writing"), total=len(result))
        write_or_print(result, args.output, table=AssessmentTable, excel=args.excel_csv)
    # what the import did not read (a column not in the table, title or sum rows), then
    # what the assessment says of itself (a date past the library's legal sources)
    for note in (*imported.report.notes, *notes):
        print(printable(note), file=sys.stderr)
    if args.output:
        counts = result["programme"].value_counts()
        summary = ", ".join(
            f"{outcome_label(str(k), args.lang)}: {v}" for k, v in counts.items() if v
        )
        said = trn("assessed {n} person on {on} ({summary}); wrote {path}",
                   "assessed {n} persons on {on} ({summary}); wrote {path}",
                   len(result), on=args.on, summary=summary, path=args.output)  # fmt: skip
        print(printable(said))
    return 0


def _reform(
    args: argparse.Namespace, persons: Any, import_notes: Any, lang: Lang, steps: Steps
) -> int:
    """``--reform NAME``: the comparison table, and how many more have right and duty."""
    from integreringslov.errors import InvalidInputError, Problem
    from integreringslov.law._reforms import REFORMS, as_reform
    from integreringslov.rules import compare
    from integreringslov.rules._compare import summarise

    try:
        reform = as_reform(args.reform)
    except ValueError:
        known = ", ".join(r.key for r in REFORMS)
        raise InvalidInputError(
            [Problem(message="no such reform", value=args.reform, expected=f"one of {known}")],
            what="--reform",
        ) from None
    result = compare(
        persons,
        on=args.on,
        reform=reform,
        source=str(args.persons),
        lang=lang,
        readings=dict(args.reading),
    )
    result = result.reset_index(drop=True)
    steps.done(len(result))
    steps.step(tr("Writing"), total=len(result))
    write_or_print(result, args.output, excel=args.excel_csv)
    steps.done(len(result))
    for note in import_notes:
        print(printable(note), file=sys.stderr)
    summary = summarise(result)
    total = {str(k): int(v) for k, v in summary.loc["all"].to_dict().items()}
    out = sys.stdout if args.output else sys.stderr  # keep a printed table clean
    print(
        tr(
            "Under {reform_key} ({reform_title}): {total_more_right_and_duty:+d} persons with "
            "right and duty to the programme ({total_right_and_duty} → "
            "{total_reform_right_and_duty}); {total_changed} of {total_persons} outcomes changed.",
            reform_key=reform.key,
            reform_title=tr(reform.title),
            total_more_right_and_duty=total['more_right_and_duty'],
            total_right_and_duty=total['right_and_duty'],
            total_reform_right_and_duty=total['reform_right_and_duty'],
            total_changed=total['changed'],
            total_persons=total['persons'],
        ),
        file=out,
    )  # fmt: skip
    if len(summary) > 1:
        for group, row in summary.drop(index="all").iterrows():
            print(
                tr(
                    "  {group}: {int_row_more_right_and_duty:+d} ({int_row_right_and_duty} → "
                    "{int_row_reform_right_and_duty}), {int_row_changed} changed",
                    group=group,
                    int_row_more_right_and_duty=int(row['more_right_and_duty']),
                    int_row_right_and_duty=int(row['right_and_duty']),
                    int_row_reform_right_and_duty=int(row['reform_right_and_duty']),
                    int_row_changed=int(row['changed']),
                ),
                file=out,
            )  # fmt: skip
    return 0
