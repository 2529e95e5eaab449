"""``integreringslov demo``: an end-to-end report on the embedded data."""

from __future__ import annotations

import argparse
from datetime import date

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
        default=date(2026, 1, 1),
        help="the date the law is applied on (default: 2026-01-01)",
    )
    p.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    print(report.demo_report(on=args.on))
    return 0
