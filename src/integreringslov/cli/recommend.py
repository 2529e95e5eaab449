"""``integreringslov recommend MUNICIPALITIES.csv --total N``: the county's recommendation.

Integreringsloven § 4 andre ledd: «Fylkeskommunen skal anbefale hvor mange flyktninger som
bør bosettes i den enkelte kommune i fylket.»

The CSV is read here as text: separator ``;`` or ``,`` (detected from the header), UTF-8
with or without BOM, falling back to Windows-1252. With ``;`` as the separator a decimal
comma is accepted in numbers; spaces inside numbers (thousands) are ignored. Rows are
numbered as the file's lines (the header is line 1), so problems point into the file.
"""

from __future__ import annotations

import argparse
import io
import re
from pathlib import Path

import pandas as pd

from integreringslov.allocation import METHODS, parse_criteria, recommend
from integreringslov.errors import AllocationError, InvalidInputError, Problem, SourceError
from integreringslov.schemas.municipalities import RESERVED_COLUMNS, criteria_columns

__all__ = ["read_municipalities_csv", "register"]


def _whole(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {value}")
    return value


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``recommend`` subcommand."""
    p = sub.add_parser(
        "recommend",
        help="recommend how many refugees each municipality should settle (§ 4 andre ledd)",
        description="Distribute TOTAL refugees over the municipalities of MUNICIPALITIES.csv "
        "by weighted criteria and an apportionment method, print the result with an "
        "explanation and, where the table has a 'requested' column, the comparison with the "
        "actual requests. The table has a 'municipality' column (kommunenummer), optional "
        "'name', 'requested', 'maximum' (cap) and 'excluded' (opt-out) columns, and any "
        "number of numeric criteria columns.",
        epilog="Criteria: name=weight pairs separated by commas. Prefix a name with ~ when "
        "more of it should mean fewer refugees (e.g. ~settled_per_1000); write rate*size to "
        "scale a rate by a size column (e.g. employment_rate*population). Without "
        "--criteria, a table with exactly one criteria column uses it alone.",
    )
    p.add_argument("municipalities", metavar="MUNICIPALITIES.csv", help="the criteria table")
    p.add_argument("--total", required=True, type=_whole, metavar="N", help="persons to distribute")
    p.add_argument(
        "--method", default="hamilton", choices=METHODS, metavar="M",
        help=f"apportionment method: {', '.join(METHODS)} (default: hamilton)",
    )  # fmt: skip
    p.add_argument(
        "--minimum", default=0, type=_whole, metavar="K",
        help="at least K or nothing per municipality (IMDi's rule of thumb: 10; default 0)",
    )  # fmt: skip
    p.add_argument(
        "--criteria", metavar="name=weight,...",
        help="criteria and weights, e.g. population=0.7,~settled_per_1000=0.3",
    )  # fmt: skip
    p.add_argument("-o", "--output", metavar="OUT.csv", help="also write the result table to OUT")
    p.set_defaults(handler=_run)


def _decode(raw: bytes, source: str) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SourceError(source, "cannot decode the file as UTF-8 or Windows-1252")  # pragma: no cover


_NUMBER_SPACES = re.compile(r"(?<=\d)[\s\u00a0\u202f](?=\d)")


def read_municipalities_csv(path: Path) -> pd.DataFrame:
    """Read a municipality criteria CSV as text, indexed by file line (header = line 1).

    Numbers keep their text; a decimal comma (with ``;`` as separator) becomes a point and
    spaces between digits are dropped, so that the checks can read them.
    """
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
    for col in frame.columns:
        if col in ("municipality", "name", "excluded"):
            frame[col] = frame[col].str.strip()
            continue
        values = frame[col].str.strip().str.replace(_NUMBER_SPACES, "", regex=True)
        if sep == ";":
            values = values.str.replace(",", ".", regex=False)
        frame[col] = values
    if "municipality" in frame.columns:  # "301" for Oslo written as a number
        codes = frame["municipality"]
        frame["municipality"] = codes.where(~codes.str.fullmatch(r"\d{3}"), "0" + codes)
    return frame


def _criteria(args: argparse.Namespace, frame: pd.DataFrame, source: str) -> str:
    if args.criteria:
        return str(args.criteria)
    cols = [c for c in criteria_columns(frame) if c not in RESERVED_COLUMNS]
    if len(cols) == 1:
        return f"{cols[0]}=1"
    raise InvalidInputError(
        [Problem(message="say which columns are criteria and how they weigh, with "
                 "--criteria name=weight,...", source=source,
                 expected=f"criteria among the columns: {', '.join(cols) or '(none)'}")],
        what=source,
    )  # fmt: skip


def _run(args: argparse.Namespace) -> int:
    path = Path(args.municipalities)
    if not path.exists():
        raise SourceError(str(path), "no such file")
    frame = read_municipalities_csv(path)
    spec = _criteria(args, frame, str(path))
    try:
        parse_criteria(spec)
    except AllocationError as exc:
        raise InvalidInputError([Problem(message=str(exc), column="--criteria")],
                                what="the --criteria option") from None  # fmt: skip
    result = recommend(
        args.total, frame, criteria=spec, method=args.method, minimum=args.minimum,
        source=str(path),
    )  # fmt: skip
    table = result.table
    shown = table[[c for c in ("municipality", "name", "quota", "recommended", "requested",
                               "deviation") if c in table.columns]]  # fmt: skip
    if shown["name"].isna().all():
        shown = shown.drop(columns="name")
    print(shown.to_string(index=False, float_format=lambda v: f"{v:.1f}"))
    print()
    print(result.explain())
    if args.output:
        _write(table, args.output)
        print(f"\nwrote {args.output}")
    return 0


def _write(frame: pd.DataFrame, out: str) -> None:
    try:
        from integreringslov.output import write_table
    except ImportError:  # pragma: no cover - output.py ships with the package
        frame.to_csv(out, index=False)
        return
    write_table(frame, out)
