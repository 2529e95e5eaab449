"""``integreringslov assess PERSONS --on DATE [-o OUT]``: assess a person table.

PERSONS is read with :func:`integreringslov.read` (CSV or spreadsheet, with Norwegian
headers recognised; ``--mapping`` for other headers), so problems point at the file's rows
and columns. A table with any problem is refused whole: the console script prints every
problem and exits with status 1, without a traceback.

A CSV file already in the person table's own layout — UTF-8, its first line naming only
columns of the contract, one line per row — is read directly with pyarrow where it is
installed (the ``parquet`` extra; a million rows in about a second rather than half a
minute), and :func:`~integreringslov.rules.assess_frame` checks every cell as for any table,
naming the file's line for each problem; columns that hold nothing but real ``YYYY-MM-DD``
dates are handed over as dates, the rest as text. Anything else about such a file that pyarrow does
not take as it is (a ragged row, a line break inside a field, an empty line, another
encoding) sends it the general way, through the importers, which say what is wrong.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from integreringslov._text.i18n import Lang
from integreringslov.cli._io import (
    add_output_options,
    date_arg,
    message,
    read_input,
    write_or_print,
)
from integreringslov.cli._progress import Steps, add_progress_option

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    import pyarrow as pa

__all__ = ["read_persons", "register"]


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
    p.add_argument(
        "--on", required=True, type=date_arg, metavar="DATE",
        help="assessment date (YYYY-MM-DD or DD.MM.YYYY)",
    )  # fmt: skip
    p.add_argument("--mapping", metavar="MAP.toml", help="column mapping for a spreadsheet")
    add_output_options(p, what="the assessment table")
    add_progress_option(p)
    p.set_defaults(handler=_run)


def _own_layout(path: Path, columns: tuple[str, ...]) -> str | None:
    """The delimiter, when ``path`` is a CSV whose first line names only person columns."""
    if path.suffix.lower() != ".csv":
        return None
    try:
        with path.open("rb") as fh:
            first = fh.readline(64 * 1024).decode("utf-8-sig").rstrip("\r\n")
    except (OSError, UnicodeDecodeError):
        return None
    for delimiter in (",", ";"):
        names = first.split(delimiter)
        if len(names) > 1 and len(set(names)) == len(names) and set(names) <= set(columns):
            return delimiter
    return None


def _fast_read(path: Path, delimiter: str) -> pd.DataFrame | None:
    """The person table as text (ISO date columns typed), or ``None`` when not plain."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pv

    from integreringslov._io.limits import DEFAULT_LIMITS, check

    check(str(path), "bytes", path.stat().st_size, DEFAULT_LIMITS.max_input_bytes,
          name="max_input_bytes")  # fmt: skip
    data = path.read_bytes()
    if b"\x00" in data:
        return None  # the importer names the place of the NUL byte
    try:
        end = data.find(b"\n")
        header = data[: end if end >= 0 else len(data)].decode("utf-8-sig").rstrip("\r")
        names = header.split(delimiter)
        table = pv.read_csv(
            pa.BufferReader(data),
            read_options=pv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=pv.ParseOptions(
                delimiter=delimiter, newlines_in_values=False, ignore_empty_lines=False
            ),
            convert_options=pv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, OSError, UnicodeDecodeError):
        return None
    check(str(path), "rows", table.num_rows, DEFAULT_LIMITS.max_rows, name="max_rows")
    longest = max((pc.max(pc.utf8_length(col)).as_py() or 0 for col in table.columns), default=0)
    if longest > DEFAULT_LIMITS.max_field_chars:
        return None  # the importer names the field and the limit
    frame: dict[str, pd.Series] = {}
    index = pd.RangeIndex(2, table.num_rows + 2)  # the file's line numbers
    for name, col in zip(names, table.columns, strict=True):
        values = pd.Series(col.to_pandas(types_mapper=pd.ArrowDtype).array, index=index)
        typed = None if name == "person_id" else _iso_dates(col)
        if typed is not None:  # a date column (only dates hold nothing but dates)
            values = pd.Series(typed.to_numpy(zero_copy_only=False), index=index)
        else:
            values = values.astype("str")
        frame[name] = values
    return pd.DataFrame(frame, index=index)


def _iso_dates(column: pa.ChunkedArray) -> pa.ChunkedArray | None:
    """The column as timestamps if it has dates and every cell is empty or a real date.

    A real date is written ``YYYY-MM-DD`` and exists. Anything else leaves the column as
    text, for :func:`~integreringslov.rules.assess_frame` to read and report.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    head = column.slice(0, 1000)  # most columns that are not dates show it at once
    if not pc.all(pc.match_substring_regex(head, r"^(\d{4}-\d{2}-\d{2})?$")).as_py():
        return None
    filled = pc.not_equal(column, "")
    if not pc.any(filled).as_py():
        return None
    shaped = pc.match_substring_regex(column, r"^\d{4}-\d{2}-\d{2}$")
    if not pc.all(pc.or_(pc.invert(filled), shaped)).as_py():
        return None
    text = pc.if_else(filled, column, "2000-01-01")
    parsed = pc.strptime(text, format="%Y-%m-%d", unit="s", error_is_null=True)
    if parsed.null_count:
        return None
    # strptime rolls impossible days over (1999-02-30 → 1999-03-02): the day must stay
    written_day = pc.cast(pc.utf8_slice_codeunits(text, 8, 10), pa.int64())
    same_day = pc.equal(pc.day(parsed), written_day)
    if not pc.all(pc.and_(same_day, pc.greater_equal(pc.year(parsed), 1))).as_py():
        return None  # (and there is no year 0)
    result: pa.ChunkedArray = pc.if_else(filled, parsed, pa.scalar(None, parsed.type))
    return result


def read_persons(source: str, *, mapping: str | None = None) -> pd.DataFrame:
    """The person table of ``source``: directly when in the table's own CSV layout.

    Otherwise through :func:`integreringslov.read` (any importer); see the module notes.
    """
    from integreringslov.tables.persons import INPUT_COLUMNS, PersonTable

    path = Path(source)
    delimiter = None if mapping else _own_layout(path, INPUT_COLUMNS)
    if delimiter is not None and importlib.util.find_spec("pyarrow") is not None:
        frame = _fast_read(path, delimiter)
        if frame is not None:
            return frame
    return read_input(source, table=PersonTable, mapping=mapping)


def _run(args: argparse.Namespace) -> int:
    from integreringslov._reporting.html import day
    from integreringslov._reporting.report import outcome_label
    from integreringslov.rules import assess_frame
    from integreringslov.tables.persons import AssessmentTable

    lang: Lang = args.lang or "en"
    with Steps(args) as steps:
        steps.step("reading", source=Path(args.persons).name)
        persons = read_persons(args.persons, mapping=args.mapping)
        steps.done(len(persons))
        steps.step("assessing", total=len(persons))
        result = assess_frame(persons, on=args.on, source=str(args.persons), lang=lang)
        notes = result.attrs.get("notes", ())
        result = result.reset_index(drop=True)
        steps.done(len(result))
        steps.step("writing", total=len(result))
        write_or_print(result, args.output, table=AssessmentTable, excel=args.excel_csv)
    for note in notes:  # e.g. that the date lies past the library's legal sources
        print(note, file=sys.stderr)
    if args.output:
        counts = result["programme"].value_counts()
        summary = ", ".join(
            f"{outcome_label(str(k), args.lang)}: {v}" for k, v in counts.items() if v
        )
        said = message("assessed", args.lang, n=len(result), on=day(args.on, args.lang),
                       summary=summary, path=args.output)  # fmt: skip
        print(said)
    return 0
