"""``integreringslov import`` and ``integreringslov importers``: read data through the plugins."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from integreringslov._text.i18n import Lang, tr, trn
from integreringslov._text.privacy import printable
from integreringslov.cli._io import add_explain_option, add_output_options, write_or_print
from integreringslov.cli._progress import Steps, add_progress_option

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``import`` and ``importers`` subcommands."""
    p = sub.add_parser(
        "import",
        help=tr("read a data file with an importer plugin and validate it"),
        description=tr(
            "Read SOURCE with an installed importer (detected from the file, or named with "
            "--importer), validate it against the importer's table schema, and write the table "
            "(or print it). Exit status 1 when the file cannot be read or any row is invalid; the "
            "report names every row, column and value.",
        ),
    )
    p.add_argument("source", metavar="SOURCE", help=tr("the file to import"))
    p.add_argument("--importer", metavar="NAME", help=tr("the importer to use (see 'importers')"))
    p.add_argument("--mapping", metavar="MAP.toml", help=tr("a column mapping (spreadsheets)"))
    add_output_options(p)
    p.add_argument("--report", choices=("text", "json"), default="text", help=tr(
        "the report's format",
    ))
    add_progress_option(p)
    add_explain_option(p, _run_import)

    q = sub.add_parser(
        "importers",
        help=tr("list the installed importer plugins"),
        description=tr(
            "List every installed importer: its name, title, publisher, table schema, file "
            "patterns and the plugin (and distribution) that provides it.",
        ),
    )
    q.add_argument("--json", action="store_true", help=tr("print the list as JSON"))
    q.set_defaults(handler=_run_importers)


def _run_import(args: argparse.Namespace) -> int:
    from integreringslov.plugins import read

    with Steps(args) as steps:
        steps.step(tr("Reading {source}", source=Path(args.source).name))
        lang: Lang = args.lang or "en"
        imported = read(args.source, importer=args.importer, mapping=args.mapping, lang=lang)
        steps.done(len(imported.table))
    report = imported.report
    if args.report == "json":
        print(report.to_json(), file=sys.stderr)
    else:  # text: always a summary — which importer, how many rows, valid or not
        state = (
            tr("all valid")
            if report.ok
            else trn("{n} problem", "{n} problems", len(report.problems))
        )
        info = imported.importer
        summary = tr("Read {source} with the importer {importer} ({title}): {rows}, {state}.",
                     source=args.source, importer=info.name, title=tr(info.title), state=state,
                     rows=trn("{n} row", "{n} rows", report.rows))  # fmt: skip
        print(printable(summary), file=sys.stderr)
        if not report.ok or report.notes:
            print(report.to_text(lang), file=sys.stderr)
    if not report.ok:
        return 1
    write_or_print(imported.table, args.output, excel=args.excel_csv)
    if args.output:
        print(printable(tr("wrote {path}", path=args.output)), file=sys.stderr)
    return 0


def _run_importers(args: argparse.Namespace) -> int:
    from integreringslov.plugins import importers

    found = importers()
    if args.json:
        records = [
            {
                "name": i.name,
                "title": i.title,
                "publisher": i.publisher,
                "table": i.table.__name__,
                "patterns": list(i.patterns),
                "plugin": i.plugin,
                "distribution": i.distribution,
            }
            for i in found
        ]
        print(json.dumps(records, ensure_ascii=False, indent=2))
        return 0
    labels = {"publisher": tr("publisher"), "table": tr("table"), "files": tr("files"),
              "plugin": tr("plugin")}  # fmt: skip
    width = max(map(len, labels.values())) + 1
    for i in found:
        print(f"{i.name}: {tr(i.title)}")
        lines = {"publisher": tr(i.publisher), "table": i.table.__name__,
                 "files": " ".join(i.patterns),
                 "plugin": i.plugin + (f" ({i.distribution})" if i.distribution else "")}
        for key, value in lines.items():
            if value:
                print(f"    {labels[key] + ':':<{width}} {value}")
    return 0
