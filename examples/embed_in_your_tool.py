"""Embed the library in your own tool: read a caseload, report its problems, assess the rest.

A case-handling tool gets a file from a municipality and must say, for each person, what
integreringsloven gives them on a date — and, for each bad cell, where it is in the user's
own file. ``check_caseload`` is such a function, typed so that ``mypy --strict`` checks the
calling code (the test suite runs it on this file). It runs on the sample person table
shipped with the library, then on a copy with two mistakes, then on a file that cannot be
read and on a date the law does not cover, to show the errors a tool has to handle.

Expect: example_persons.csv: 4 of 4 rows valid
Expect: broken.csv: 2 of 4 rows valid
Expect: broken.csv, row 2, column 'Fødselsdato'
Expect: P-0103  right_and_duty
Expect: SourceError: missing.csv: 1 problem
Expect: NotInForceError: an assessment is not modelled on 2020-06-01
"""

from __future__ import annotations

import contextlib
import tempfile
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from pathlib import Path

import pandas as pd

import integreringslov as il

SAMPLE = Path(
    str(files("integreringslov_importers") / "data" / "spreadsheet" / "example_persons.csv")
)


@dataclass(frozen=True)
class CaseloadCheck:
    """What the tool shows: the assessment of the valid rows and every problem found."""

    assessed: pd.DataFrame
    problems: list[il.Problem]
    rows: int


def check_caseload(path: Path, on: date) -> CaseloadCheck:
    """Read any person file the importers know, and assess every row that is valid.

    ``il.read`` never raises on bad rows: it leaves them out of the table and lists them in
    the report, each with the file's own row number, header and value. It raises
    ``il.SourceError`` (an ``il.IntegreringslovError``) only when the file cannot be read at
    all. ``il.assess_frame`` raises ``il.NotInForceError`` for a date the law does not cover.
    """
    imported: il.Imported = il.read(path)
    assessed = il.assess_frame(imported.table, on=on)
    assert isinstance(assessed, pd.DataFrame)  # errors="raise" (the default) returns a table
    return CaseloadCheck(assessed, list(imported.report.problems), imported.report.rows)


def show(path: Path, on: date) -> None:
    """Print what a tool would show for one file."""
    result = check_caseload(path, on)
    print(f"{path.name}: {len(result.assessed)} of {result.rows} rows valid")
    for problem in result.problems:
        print(f"  problem: {problem}")
    for row in result.assessed.itertuples(index=False):
        print(f"  {row.person_id}  {row.programme:<15} {row.basis}")


def main() -> None:
    """Run ``check_caseload`` on a good file, a file with mistakes, and two errors."""
    on = date(2024, 6, 1)
    show(SAMPLE, on)
    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp):
        broken = Path("broken.csv")  # a copy with a date that does not exist and a bad letter
        text = SAMPLE.read_text(encoding="utf-8")
        text = text.replace("14.03.1991", "31.02.1991").replace(";b;", ";x;")
        broken.write_text(text, encoding="utf-8")
        show(broken, on)
        for path, when in ((Path("missing.csv"), on), (SAMPLE, date(2020, 6, 1))):
            try:
                show(path, when)
            except il.IntegreringslovError as exc:  # the one base class of every error
                print(f"{type(exc).__name__}: {exc}")


if __name__ == "__main__":
    main()
