"""``integreringslov demo``: an end-to-end report on the embedded data."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from integreringslov import report

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``demo`` subcommand."""
    p = sub.add_parser(
        "demo",
        help="run end-to-end on the embedded data and print a report",
        description="Run the library end-to-end on the data shipped with it and print a "
        "report a county analyst can read.",
    )
    p.add_argument(
        "--on",
        type=date.fromisoformat,
        default=report.DEMO_DATE,
        help=f"the date the law is applied on (default: {report.DEMO_DATE.isoformat()})",
    )
    p.add_argument(
        "--html",
        metavar="DIR",
        type=Path,
        default=None,
        help="also write the report as a web page with figures into DIR (index.html and "
        "PNG files; needs the 'plot' extra)",
    )
    p.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    print(report.demo_report(on=args.on))
    if args.html is not None:
        index = report.write_html(args.html, on=args.on)
        print(f"Wrote the HTML report to {index}")
    return 0
