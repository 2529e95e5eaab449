"""``integreringslov assess PERSONS --on DATE [-o OUT]``: assess a person table.

CSV files are read here as text (separator ``;`` or ``,`` detected, UTF-8 with or without
BOM, falling back to cp1252); any other file goes through :func:`integreringslov.read`.
Rows are numbered as the lines of the file (the header is line 1), so problems point into
it. Invalid input raises :class:`~integreringslov.errors.InvalidInputError` with every
problem; the console script turns that into exit status 1 without a traceback.
"""

from __future__ import annotations

import argparse
import io
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from integreringslov.errors import IntegreringslovError, SourceError

__all__ = ["read_persons_csv", "register"]


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r}; expected YYYY-MM-DD") from None


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
    p.add_argument("--on", required=True, type=_iso_date, metavar="DATE", help="assessment date")
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write the table to OUT (.csv, .parquet or .json) instead of printing it",
    )
    p.set_defaults(handler=_run)


def _decode(raw: bytes, source: str) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SourceError(source, "cannot decode the file as UTF-8 or Windows-1252")  # pragma: no cover


def read_persons_csv(path: Path) -> pd.DataFrame:
    """Read a person CSV as text, indexed by file line number (header = line 1)."""
    source = str(path)
    text = _decode(path.read_bytes(), source)
    first = text.split("\n", 1)[0]
    sep = ";" if first.count(";") > first.count(",") else ","
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, skip_blank_lines=True
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise SourceError(source, f"cannot read the file as CSV: {exc}") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    return frame


def _read(path: Path) -> pd.DataFrame:
    if path.suffix.lower() == ".csv":
        return read_persons_csv(path)
    import integreringslov

    read: Any = getattr(integreringslov, "read", None)
    if read is None:
        raise IntegreringslovError(
            f"{path.name}: reading {path.suffix or 'this'} files needs integreringslov.read "
            "(the importer facade), which is not available in this build; use a CSV file"
        )
    table: pd.DataFrame = read(path).table
    return table


def _write(frame: pd.DataFrame, out: str) -> None:
    try:
        from integreringslov.output import write_table
    except ImportError:  # pragma: no cover - output.py ships with the package
        frame.to_csv(out, index=False)
        return
    write_table(frame, out)


def _run(args: argparse.Namespace) -> int:
    from integreringslov.rules import assess_frame

    path = Path(args.persons)
    if not path.exists():
        raise SourceError(str(path), "no such file")
    persons = _read(path)
    result = assess_frame(persons, on=args.on, source=str(path))
    result = result.reset_index(drop=True)
    if args.output:
        _write(result, args.output)
        counts = result["programme"].value_counts()
        summary = ", ".join(f"{k}: {v}" for k, v in counts.items() if v)
        print(
            f"assessed {len(result)} persons on {args.on.isoformat()} ({summary}); "
            f"wrote {args.output}"
        )
    else:
        from integreringslov.output import neutralise_formulas

        neutralise_formulas(result).to_csv(sys.stdout, index=False)
    return 0
