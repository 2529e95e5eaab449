"""``integreringslov fetch ssb TABLE``: a table from SSB's StatBank, live (PxWebApi 2).

The selection is given as ``--select DIM=CODES`` (repeatable), where CODES is what
PxWebApi 2 takes in ``valueCodes[DIM]``: codes separated by commas, ``*``, ``top(3)``,
``from(2020)``, ... ``--data-lang no|en`` is SSB's language of the labels; ``--lang nb|en``,
as for every command, the language of the messages. The table is validated and written
(or printed) like ``import`` does.
"""

from __future__ import annotations

import argparse
import math
import sys

from integreringslov._net.times import DEFAULT_TIMEOUT
from integreringslov._text.i18n import tr
from integreringslov._text.privacy import printable_lines
from integreringslov.cli._io import add_output_options, chosen_lang, write_or_print

__all__ = ["add_timeout_option", "parse_selection", "register"]


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 < value < math.inf:
        raise argparse.ArgumentTypeError(
            tr("not a number of seconds: {text!r}", text=text)
        )
    return value


def add_timeout_option(parser: argparse.ArgumentParser) -> None:
    """``--timeout SECONDS``: how long one call to the server may take (``regions`` too)."""
    parser.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=tr(
            "how long one call may take, from connecting to its last byte (default "
            "{seconds:g})",
            seconds=DEFAULT_TIMEOUT,
        ),
    )


def parse_selection(items: list[str] | None) -> dict[str, str]:
    """``["Region=0301,5001", "Tid=top(2)"]`` → ``{"Region": "0301,5001", "Tid": "top(2)"}``.

    Raises :class:`argparse.ArgumentTypeError` for an item without ``=``, without a
    dimension or without codes, or a dimension given twice.
    """
    selection: dict[str, str] = {}
    for item in items or []:
        dim, sep, codes = item.partition("=")
        dim, codes = dim.strip(), codes.strip()
        if not sep or not dim or not codes:
            raise argparse.ArgumentTypeError(
                f"--select {item!r}: expected DIM=CODES, e.g. Region=0301,5001 or Tid=top(3)"
            )
        if dim in selection:
            raise argparse.ArgumentTypeError(f"--select names {dim!r} twice")
        selection[dim] = codes
    return selection


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``fetch`` subcommand (with its one source, ``ssb``)."""
    p = sub.add_parser(
        "fetch",
        help=tr("fetch a table live from a statistics API (SSB's StatBank)"),
        description=tr("Fetch a table from a statistics API, validate it and write it."),
    )
    sources = p.add_subparsers(dest="source", metavar="SOURCE", required=True)
    s = sources.add_parser(
        "ssb",
        help=tr("a table from SSB's StatBank (PxWebApi 2)"),
        description=tr(
            "Fetch a selection of StatBank table TABLE from SSB's PxWebApi 2, keeping to the "
            "server's limits (a large selection is split into calls and joined), caching the "
            "answers on disk, and validate it as the ssb-jsonstat importer's table. Exit status 1 "
            "when the server cannot be reached or the table is invalid.",
        ),
        epilog=tr(
            "CODES as PxWebApi 2 takes them: 0301,5001 or * or top(3) or from(2020). A dimension "
            "left out is eliminated where the table allows it, else taken whole. The cache is "
            "under the user cache directory, or INTEGRERINGSLOV_CACHE_DIR.",
        ),
    )
    s.add_argument("table", metavar="TABLE", help=tr("the table id, e.g. 09817"))
    s.add_argument(
        "--select",
        action="append",
        metavar="DIM=CODES",
        help=tr("what to take from a dimension (repeat for each dimension)"),
    )
    s.add_argument(
        "--data-lang",
        choices=("no", "en"),
        default="no",
        help=tr("the language of SSB's labels (SSB's content language; default no)"),
    )
    s.add_argument("--base-url", metavar="URL", help=tr("the PxWebApi 2 server (default: SSB's)"))
    s.add_argument("--offline", action="store_true", help=tr("answer only from the cache"))
    add_timeout_option(s)
    s.add_argument("--quiet", action="store_true", help=tr("no progress bar"))
    add_output_options(s)
    s.set_defaults(handler=_run, parser=s)


def _run(args: argparse.Namespace) -> int:
    from integreringslov import ssb

    try:
        selection = parse_selection(args.select)
    except argparse.ArgumentTypeError as exc:
        args.parser.error(str(exc))
    imported = ssb.fetch(
        args.table,
        select=selection,
        lang=args.data_lang,
        base_url=args.base_url or ssb.DEFAULT_BASE_URL,
        offline=args.offline,
        timeout=args.timeout,
        progress=False if args.quiet else None,
    )
    report = imported.report
    lang = chosen_lang(args.lang)
    if not report.ok:
        print(printable_lines(report.to_text(lang)), file=sys.stderr)
        return 1
    write_or_print(imported.table, args.output, excel=args.excel_csv)
    if args.output:
        done = tr(
            "Fetched SSB table {args_table}; wrote {args_output}.",
            args_table=args.table,
            args_output=args.output,
        )
        print(printable_lines(f"{report.to_text(lang)}\n{done}"), file=sys.stderr)
    elif report.notes:
        print(printable_lines(report.to_text(lang)), file=sys.stderr)
    return 0
