"""``integreringslov demo``: an end-to-end report on the embedded data."""

from __future__ import annotations

import argparse
import sys

from integreringslov._reporting import report
from integreringslov._text.i18n import Lang, tr
from integreringslov._text.privacy import printable
from integreringslov.cli._io import date_arg
from integreringslov.cli._progress import Steps, add_progress_option

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``demo`` subcommand."""
    p = sub.add_parser(
        "demo",
        help=tr("run end-to-end on the embedded data and print a report"),
        description=tr(
            "Run the library end-to-end on the data shipped with it and print a report a county "
            "analyst can read.",
        ),
    )
    p.add_argument(
        "--on",
        type=date_arg,
        default=report.DEMO_DATE,
        metavar="DATE",
        help=tr(
            "the date the law is applied on, YYYY-MM-DD or DD.MM.YYYY (default: "
            "{default})",
            default=report.DEMO_DATE,
        ),
    )
    p.add_argument(
        "--html",
        metavar="DIR|FILE.html",
        default=None,
        help=tr(
            "also write the report as one web page with tables and figures (DIR/index.html, or "
            "FILE.html); bokmål unless --lang en; needs the 'plot' extra",
        ),
    )
    add_progress_option(p)
    p.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from integreringslov._reporting.html import check_target

    lang: Lang = args.lang or "en"
    if args.html is not None:
        check_target(args.html)  # the extra and the folder, before any work
    print(report.demo_report(on=args.on, lang=lang, figures=False).to_text(), end="")
    if args.html is not None:
        with Steps(args) as steps:
            steps.step(tr("Writing the HTML report"))
            index = report.write_html(args.html, on=args.on, lang=args.lang or "nb")
        print(printable(tr("Wrote the HTML report to {path}", path=index)), file=sys.stderr)
    return 0
