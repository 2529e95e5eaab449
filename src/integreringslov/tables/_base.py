"""Validated tables: the pandera base model and the validation report.

Every table the library reads or writes has a :class:`Table` schema: strict (no unknown
columns), coercing, and with a title and description on every field (and the provision
where the law defines it, under the ``"provision"`` metadata key). Validation is lazy, so
all failures are collected at once into a :class:`ValidationReport` that names the row,
column, value and check of each.

Importers set the DataFrame index to the row numbers a person sees in the source (the
line in a CSV, the row in a sheet), so the report's ``row`` points into the file.
"""

from __future__ import annotations

import copy
import functools
import importlib
import json
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any, Final, NamedTuple, TypeVar

import attrs
import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaError, SchemaErrors

from integreringslov._text.i18n import DEFAULT_LANG, Lang, speaking, tr, trn
from integreringslov._text.plain import check_words, dtype_words, wording
from integreringslov._text.privacy import printable, redact_all, redact_optional
from integreringslov.errors import InvalidInputError, Problem, problem_lines
from integreringslov.tables._coerce import is_whole, parse_bool, row_label, yes_no_expected

__all__ = ["COLUMNS_ATTR", "TABLE_ATTR", "Table", "ValidationReport", "column_schema", "validate"]

T = TypeVar("T", bound="Table")

TABLE_ATTR: Final = "integreringslov.table"
"""The :attr:`pandas.DataFrame.attrs` key naming the table schema a frame follows: set by
:func:`validate`, read by the writer when it is not told which table it writes."""

COLUMNS_ATTR: Final = "integreringslov.columns"
"""The :attr:`pandas.DataFrame.attrs` key holding the columns the frame had when it was
validated. pandas carries ``attrs`` over to derived frames (a selection of columns, a
result computed from the table); the writer trusts :data:`TABLE_ATTR` only while the
columns are still these."""


class Table(pa.DataFrameModel):
    """Base schema of every table in the library: strict and coercing."""

    class Config:
        """Shared pandera settings."""

        strict = True
        coerce = True


@attrs.frozen(kw_only=True)
class ValidationReport:
    """What validation found: every problem with row, column, value and check.

    A report from :func:`integreringslov.read` also holds what the importer found before
    validation: the rows it could not read (in :attr:`problems`, first), and what it
    deliberately did not read as data or had to decide about the file (:attr:`notes`).
    """

    table: str
    """The schema's name."""
    source: str | None = attrs.field(default=None, converter=redact_optional)
    """Where the data came from (a file, or ``None``); identity numbers masked."""
    rows: int = 0
    """How many rows were read: the rows validated, plus (from :func:`integreringslov.read`)
    the source rows the importer rejected, each counted once however many of its cells
    failed. Rows the importer skipped on purpose (see :attr:`notes`) are not counted."""
    problems: tuple[Problem, ...] = ()
    """Every failure: the importer's first, then validation's, each in row order."""
    notes: tuple[str, ...] = attrs.field(default=(), converter=redact_all)
    """What the importer deliberately did not read as data (title, sum and empty rows,
    percentage figures, ...) and what it decided about the file (a column of years read as a
    dimension, the decimal mark), in words. Notes are not problems: :attr:`ok` ignores them."""
    lang: Lang = DEFAULT_LANG
    """The language the problems and notes were told in (``lang=`` of
    :func:`integreringslov.read`): :meth:`to_text` frames them in it unless asked otherwise."""

    @property
    def ok(self) -> bool:
        """True when there is no problem (notes do not count)."""
        return not self.problems

    @property
    def invalid_rows(self) -> tuple[int, ...]:
        """The row labels (source row numbers) that have at least one problem."""
        return tuple(sorted({p.row for p in self.problems if p.row is not None}))

    def to_text(self, lang: Lang | None = None) -> str:
        """A report a person can read, in ``lang`` (``"nb"`` or ``"en"``).

        By default in the language the report was read in (:attr:`lang`), so the frame —
        how many rows and problems, the notes' heading — speaks as its messages do.
        """
        lang = lang or self.lang
        where = wording("report_from", lang, source=self.source) if self.source else ""
        values = {"table": self.table, "where": where}
        with speaking(lang):
            rows = trn("{n} row", "{n} rows", self.rows)
            if self.ok:
                lines = [tr("{table}{where}: {rows}, all valid.", rows=rows, **values)]
            else:
                problems = trn("{n} problem", "{n} problems", len(self.problems))
                lines = [tr("{table}{where}: {rows}, {problems}:", rows=rows,
                            problems=problems, **values)]  # fmt: skip
                lines += [f"  - {text}" for text, _ in problem_lines(self.problems, lang)]
        if self.notes:
            lines.append(wording("report_notes", lang))
            lines += [f"  - {n}" for n in self.notes]
        return "\n".join(printable(line) for line in lines)

    def to_dict(self) -> dict[str, Any]:
        """The report as a JSON-ready mapping."""
        return {
            "table": self.table,
            "source": self.source,
            "rows": self.rows,
            "ok": self.ok,
            "problems": [p.to_dict() for p in self.problems],
            "notes": list(self.notes),
        }

    def to_json(self) -> str:
        """The report as JSON (row, column, value, check, message per problem; the notes)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def raise_for_problems(self) -> None:
        """Raise :class:`InvalidInputError` with every problem, if there are any."""
        if self.problems:
            raise InvalidInputError(self.problems, what=self.source or self.table)


_MAX_PASSES = 10
"""Validation passes before giving up (each pass after the first follows dropped rows)."""


class _Failure(NamedTuple):
    """One failure, at a position of the frame being validated (``None``: the whole table).

    A named tuple, not an attrs class: a check can fail in a million rows, and a tuple is
    made several times faster.
    """

    position: int | None
    column: str | None
    check: str
    value: Any
    structural: bool = False  # a missing or unknown column: the table cannot be used
    row_check: bool = False  # a check of the whole row (a dataframe check) that this row fails
    number: int | None = None  # the check's position among its column's (or the table's) checks
    rows: int = 0  # stands for the same failure in this many rows (see _many_rows)
    first_rows: tuple[int | None, ...] = ()  # the first of them, as the report names rows


def _is_coercion(check: str) -> bool:
    return check.startswith("coerce_dtype(")


def column_schema(schema: pa.DataFrameSchema, column: str) -> Any:
    """The pandera column of ``schema`` that a frame's ``column`` falls under, or ``None``.

    A column named in the schema, else the first regex column whose pattern matches it (the
    dimension columns of an SSB table, the criteria of a municipality table).
    """
    col = schema.columns.get(column)
    if col is not None and not col.regex:
        return col
    return next(
        (c for key, c in schema.columns.items() if c.regex and re.search(str(key), column)),
        None,
    )


def _dtype_of(schema: pa.DataFrameSchema, column: str) -> Any:
    """The pandera data type the schema declares for ``column`` (regex columns too)."""
    col = column_schema(schema, column)
    return None if col is None else col.dtype


def _integer_bounds(dtype: Any) -> tuple[float, float] | None:
    """The range of an integer dtype (numpy or pandas' nullable), ``None`` for other types."""
    kind = getattr(dtype, "type", None)
    try:
        np_dtype = np.dtype(getattr(kind, "numpy_dtype", kind))
    except (TypeError, ValueError):
        return None
    if np_dtype.kind not in "iu":
        return None
    info = np.iinfo(np_dtype.type)  # type: ignore[type-var]
    return float(info.min), float(info.max) + 1.0  # [low, high): exact in float64


def _lossy_cells(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> list[_Failure]:
    """Cells that coercion would change silently instead of failing.

    pandas casts ``2.5`` to the integer ``2`` and ``1e30`` to a negative number without an
    error. Such cells are reported as coercion failures, as a failing cast would be.
    """
    out: list[_Failure] = []
    for name in frame.columns:
        dtype = _dtype_of(schema, str(name))
        bounds = None if dtype is None else _integer_bounds(dtype)
        series = frame[name]
        if bounds is not None and (
            pd.api.types.is_float_dtype(series.dtype) or series.dtype == object
        ):
            values = pd.to_numeric(series, errors="coerce").astype("float64").to_numpy()
            with np.errstate(invalid="ignore"):
                lossy = ~np.isnan(values) & (
                    ~is_whole(values) | (values < bounds[0]) | (values >= bounds[1])
                )
            out += [
                _Failure(int(pos), str(name), f"coerce_dtype('{dtype}')", series.iat[int(pos)])
                for pos in np.flatnonzero(lossy)
            ]
    return out


def _yes_no(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[_Failure]]:
    """The frame with its yes/no columns read, and the cells that are not a yes/no word.

    A ``bool`` (or nullable ``boolean``) column that holds text or numbers is read with the
    library's one yes/no vocabulary, ``parse_bool``
    (pandas would cast every non-empty text, ``"nei"`` and ``"kanskje"`` too, to
    ``True``): ``ja``, ``x``, ``1`` … An empty cell is no in a ``bool`` column and stays
    missing in a ``boolean`` one. Any other word is a coercion failure of its cell.
    """
    out = frame
    failures: list[_Failure] = []
    for position, name in enumerate(frame.columns):
        dtype = _dtype_of(schema, str(name))
        series = frame.iloc[:, position]
        if str(dtype) not in ("bool", "boolean") or series.dtype == np.bool_:
            continue
        parsed = parse_bool(series, empty=False if str(dtype) == "bool" else None)
        failures += [
            _Failure(int(pos), str(name), f"coerce_dtype('{dtype}')", series.iat[int(pos)])
            for pos in np.flatnonzero(parsed.invalid.to_numpy(dtype=bool))
        ]
        values = parsed.values.array
        if out is frame:
            out = frame.copy(deep=False)  # copy-on-write: the caller's frame stays as it was
        out.isetitem(position, values.fillna(False) if str(dtype) == "bool" else values)
    return out, failures


def _uncoercible(dtype: Any, series: pd.Series) -> list[int]:
    """The positions in ``series`` that ``dtype`` cannot coerce, found by bisection.

    pandera finds the failing cells of a failed coercion by coercing each value on its own;
    when every value coerces alone but the column does not (pandas refuses to cast
    ``[1.0, 2.5]`` to ``Int64``, while the value ``2.5`` alone becomes ``2``), it reports
    the failure without a row. Coercing halves of the column finds the rows.
    """

    def failing(lo: int, hi: int) -> list[int]:
        try:
            dtype.coerce(series.iloc[lo:hi])
        except Exception:
            if hi - lo == 1:
                return [lo]
            mid = (lo + hi) // 2
            return failing(lo, mid) + failing(mid, hi)
        return []

    return failing(0, len(series)) if len(series) else []


def _matched_column(work: pd.DataFrame, key: str, position: int, value: Any) -> str:
    """The column of ``work`` that a failure pandera reports under a regex ``key`` is in."""
    try:
        row = work.loc[position]
        for column in work.columns:
            if re.search(key, str(column)) and str(row[column]) == str(value):
                return str(column)
    except (KeyError, re.error, ValueError, TypeError):
        pass
    return key


_TABLE_CHECK_CASES: Final = 1
"""The failure cases pandera keeps of a check of the whole row: the failing rows are read
from the check's output instead (:func:`_row_check_rows`). Pandera lists such a row once
per column and joins every case it keeps into its message: a million failing rows were six
million cases and 12 s of a 20 s import."""


@functools.cache
def _capped(schema: type[Table]) -> pa.DataFrameSchema:
    """``schema`` as pandera validates it, its checks of whole rows keeping one case."""
    dfs = copy.deepcopy(schema.to_schema())
    for check in dfs.checks:
        check.n_failure_cases = _TABLE_CHECK_CASES
    return dfs


def _row_check_rows(exc: SchemaErrors) -> dict[str, tuple[Any, np.ndarray]]:
    """Per check of whole rows that failed: its number and every failing row's label.

    Keyed as pandera names the check in its failure cases (its error, else its name).
    """
    out: dict[str, tuple[Any, np.ndarray]] = {}
    for error in exc.schema_errors:
        check, output = error.check, error.check_output
        if not isinstance(error.schema, pa.DataFrameSchema) or isinstance(check, str):
            continue
        if check is None or not isinstance(output, pd.Series) or output.dtype != bool:
            continue
        key = check.error if check.error is not None else check.name
        failing = output.index[~output.to_numpy()].to_numpy(dtype="int64")
        out[str(key if key is not None else check)] = (error.check_index, failing)
    return out


def _failures(
    failure_cases: pd.DataFrame,
    schema: pa.DataFrameSchema,
    work: pd.DataFrame,
    row_check_rows: Mapping[str, tuple[Any, np.ndarray]] | None = None,
) -> list[_Failure]:
    """Pandera's failure cases as :class:`_Failure`, every coercion failure with its row.

    The rows that fail a check of the whole row come from ``row_check_rows`` (see
    :func:`_row_check_rows`) where it has the check. Otherwise pandera lists such a row
    once per column: those rows are taken apart from the rest and made unique by row and
    check with pandas, the rest read one by one.
    """
    out: list[_Failure] = []
    full = row_check_rows or {}
    for check, (number, failing) in full.items():
        label = row_label(number)
        out += [_Failure(i, None, check, None, False, True, label) for i in failing.tolist()]
    checks = failure_cases["check"]
    row_checks = (failure_cases["schema_context"] == "DataFrameSchema") & failure_cases[
        "index"
    ].notna()
    if full:
        read = row_checks & checks.astype(str).isin(list(full))
        failure_cases, checks, row_checks = (
            failure_cases[~read], checks[~read], row_checks[~read]
        )  # fmt: skip
    # a missing or unknown column is a failure of the table, not of a row (few names:
    # looked at once each, not in each of a million rows)
    named = pd.unique(checks[row_checks])
    row_checks &= ~checks.isin([c for c in named if str(c).startswith("column_in")])
    if row_checks.any():
        wanted = [c for c in ("index", "check", "check_number") if c in failure_cases]
        rows = failure_cases.loc[row_checks, wanted]
        # unique by row and check, on one whole number each (hashing text is slow)
        codes, _ = pd.factorize(rows["check"])
        pair = rows["index"].to_numpy(dtype="int64") * (int(codes.max()) + 1) + codes
        rows = rows[~pd.Series(pair).duplicated().to_numpy()]
        # a check's number is the same in each of its rows
        each = rows.drop_duplicates("check")
        numbers = each["check_number"].tolist() if "check_number" in each else [None] * len(each)
        numbered = {
            str(c): row_label(n) for c, n in zip(each["check"].tolist(), numbers, strict=True)
        }
        # positions of ``work`` (a fresh range index): whole numbers
        positions = rows["index"].astype("int64").tolist()
        names = rows["check"].astype(str).tolist()
        out += [
            _Failure(i, None, c, None, False, True, numbered[c])  # positional: faster
            for i, c in zip(positions, names, strict=True)
        ]
        failure_cases = failure_cases[~row_checks]
    columns = {k: failure_cases[k].tolist() for k in failure_cases.columns}
    for i in range(len(failure_cases)):
        rec = {k: v[i] for k, v in columns.items()}
        column = rec.get("column")
        check = str(rec.get("check"))
        value = rec.get("failure_case")
        position = row_label(rec.get("index"))
        number = row_label(rec.get("check_number"))
        if rec.get("schema_context") == "DataFrameSchema" and check.startswith("column_in"):
            out.append(_Failure(None, str(value), check, value, structural=True))
            continue
        name = None if column is None else str(column)
        if _is_coercion(check) and position is None and name is not None and name in work:
            dtype = _dtype_of(schema, name)
            found = _uncoercible(dtype, work[name]) if dtype is not None else []
            if found:
                column_values = work[name]
                out += [
                    _Failure(int(work.index[p]), name, check, column_values.iat[p]) for p in found
                ]
                continue
        if name is not None and name not in work.columns and position is not None:
            name = _matched_column(work, name, position, value)
        out.append(_Failure(position, name, check, value, number=number))
    # A cell that cannot be coerced also fails the dtype check, and a missing value in a
    # column that is not nullable fails coercion too: report each cell once.
    cells = [f for f in out if not f.row_check]
    coerced = {(f.position, f.column) for f in cells if _is_coercion(f.check)}
    coerced_columns = {f.column for f in cells if _is_coercion(f.check)}
    missing = {(f.position, f.column) for f in cells if f.check == "not_nullable"}
    if not coerced and not missing:
        return out
    return [
        f
        for f in out
        if not (
            f.check.startswith("dtype(")
            and ((f.position, f.column) in coerced or f.position is None)
            and f.column in coerced_columns
        )
        and not (_is_coercion(f.check) and (f.position, f.column) in missing)
    ]


def _hidden_by_coercion(
    schema: pa.DataFrameSchema, work: pd.DataFrame, failures: list[_Failure]
) -> list[_Failure]:
    """Failures that a coercion failure kept from being found in the rows left out.

    A column that cannot be coerced in one row has its checks skipped on every row in that
    pass, and the rows left out after the pass are not validated again: a row with ``abc``
    in one column and ``-1`` in another would show only the first. Those rows are checked
    now, each without the columns it could not coerce, and without the table's own checks
    (which need every column); only failures not found before are added.
    """
    if not any(_is_coercion(f.check) for f in failures):
        return []
    uncoercible: dict[int, set[str]] = {}
    for f in failures:
        if f.position is not None:
            cells = uncoercible.setdefault(f.position, set())
            if _is_coercion(f.check) and f.column is not None:
                cells.add(f.column)
    groups: dict[frozenset[str], list[int]] = {}
    for position, columns in uncoercible.items():
        groups.setdefault(frozenset(columns), []).append(position)
    known = {(f.position, f.column, f.check) for f in failures}
    found: list[_Failure] = []
    for skip, positions in groups.items():
        rows = work.iloc[sorted(positions)].drop(columns=[c for c in skip if c in work.columns])
        named = [c for c in skip if c in schema.columns and not schema.columns[c].regex]
        narrow = schema.remove_columns(named) if named else schema
        narrow = pa.DataFrameSchema(
            columns=narrow.columns, checks=[], strict=False, coerce=narrow.coerce
        )
        try:
            narrow.validate(rows, lazy=True)
        except SchemaErrors as exc:
            found += [
                f
                for f in _failures(exc.failure_cases, narrow, rows)
                if f.position is not None
                and not f.structural
                and (f.position, f.column, f.check) not in known
            ]
    return found


def _expected(failure: _Failure, schema: pa.DataFrameSchema, lang: Lang) -> str:
    """What the failed check wanted, in words (see ``plain``)."""
    check = failure.check
    if _is_coercion(check) or check.startswith("dtype("):
        dtype = check[check.index("(") + 1 : -1].strip("'\"")
        return yes_no_expected(lang) if dtype.startswith("bool") else dtype_words(dtype, lang)
    if check in ("not_nullable", "field_uniqueness"):
        return check_words(check, {}, None, lang)
    checks: list[Any] = []
    if failure.row_check:
        checks = list(schema.checks)
    elif failure.column is not None:
        col = column_schema(schema, failure.column)
        checks = list(col.checks) if col is not None else []
    if failure.number is not None and 0 <= failure.number < len(checks):
        found = checks[failure.number]
        return check_words(str(found.name), found.statistics or {}, found.error, lang)
    return check


def _problem(
    failure: _Failure,
    labels: pd.Index,
    schema: pa.DataFrameSchema,
    where: _Where,
    rows: int,
) -> Problem:
    lang = where.lang
    name = schema.name or "table"
    header = where.headers.get(failure.column or "", failure.column)
    check = failure.check
    if failure.structural:
        key = "unknown_column" if check == "column_in_schema" else "missing_column"
        shown = where.headers.get(str(failure.value), str(failure.value))
        return Problem(
            message=wording(key, lang, column=shown, table=name),
            source=where.source,
            sheet=where.sheet,
            column=header,
            check=check,
        )
    label = None if failure.position is None else labels[failure.position]
    row = row_label(label)
    value = failure.value
    text = None if value is None or (isinstance(value, float) and math.isnan(value)) else value
    expected = _expected(failure, schema, lang)
    if _is_coercion(check):
        key = "coerce" if failure.position is not None else "coerce_column"
    elif check in ("not_nullable", "field_uniqueness"):
        key = check
    elif failure.row_check:
        key = "row"
    elif failure.position is None:
        key = "table"
    else:
        key = "value"
    message = wording(key, lang)
    if failure.rows >= rows:
        message = wording("all_rows", lang, message=message, rows=rows)
        label = row = None
    elif failure.rows:
        with speaking(lang):
            message = trn(
                "{message}, in {n} row of {rows} (the first: {first}, …)",
                "{message}, in {n} rows of {rows} (the first: {first}, …)",
                failure.rows,
                message=message,
                rows=rows,
                first=", ".join(str(r) for r in failure.first_rows),
            )
        label = row = None
    if label is not None and row is None:
        message += f" (row label {label!r})"
    return Problem(
        message=message,
        source=where.source,
        sheet=where.sheet,
        row=row,
        column=header,
        value=None if text is None else str(text),
        expected=expected,
        check=check,
    )


@attrs.frozen
class _Where:
    """Where the table came from and how its user names things, for the problems."""

    source: str | None = None
    sheet: str | None = None
    headers: Mapping[str, str] = attrs.field(factory=dict)
    lang: Lang = DEFAULT_LANG


def _all_tables(base: type[Table] = Table) -> list[type[Table]]:
    out: list[type[Table]] = []
    for sub in base.__subclasses__():
        out += [sub, *_all_tables(sub)]
    return out


def _looks_like(schema: type[Table], columns: Sequence[str]) -> type[Table] | None:
    """The table (the library's or a plugin's) whose named columns the frame has, if any.

    A candidate needs at least two named columns, all present; the one with most wins.
    """
    for module in _SCHEMA_MODULES:  # the library's tables, whether used yet or not
        importlib.import_module(module)

    def named(table: type[Table]) -> set[str]:
        return {k for k, c in table.to_schema().columns.items() if not c.regex and c.required}

    present = set(columns)
    own = named(schema)
    best: tuple[int, type[Table]] | None = None
    for other in _all_tables():
        theirs = named(other)
        if other is schema or theirs == own:  # the same kind of table, by its columns
            continue
        if (
            len(theirs) >= 2
            and present.issuperset(theirs)
            and (best is None or len(theirs) > best[0])
        ):
            best = (len(theirs), other)
    return None if best is None else best[1]


_SCHEMA_MODULES = (
    "integreringslov.tables.municipalities",
    "integreringslov.tables.persons",
    "integreringslov.tables.settlement_statistics",
    "integreringslov.tables.statistics",
)


MANY_ROWS: Final = 10_000
"""A check failing in more rows than this is one problem, with the count and the first
rows, instead of one problem per row: a million problems take minutes and gigabytes to
make, and nobody reads them one by one. The rows are still left out of the valid table."""

_FIRST_ROWS = 5
"""How many of its rows such a problem names."""


def _many_rows(
    failures: list[_Failure], labels: pd.Index
) -> tuple[list[_Failure], set[str | None], bool]:
    """One failure per column and check that fails in every row or in :data:`MANY_ROWS`.

    Found before any :class:`Problem` is made, so a check that fails in each of a million
    rows costs one problem, not a million. The one kept is the first row's, with the count
    of rows it stands for (``rows``) and the first of them: its problem says so instead of
    a row. Every other failure stays as it is. ``labels`` are the row labels: an IMDi table
    has several cells per line, and rows are counted by distinct label.

    Returns the failures, the columns (``None``: the row's own checks) that fail in every
    row, and whether every row fails something.
    """
    rows = labels.nunique()
    positions = [f.position for f in failures if f.position is not None]
    if not positions or (rows < 3 and len(positions) <= MANY_ROWS):
        return failures, set(), False
    codes: dict[tuple[str | None, str], int] = {}
    keys = [
        codes.setdefault((f.column, f.check), len(codes))
        for f in failures
        if f.position is not None
    ]
    placed = pd.DataFrame({"key": keys, "label": labels.take(positions), "position": positions})
    counts = placed.groupby("key")["label"].nunique()
    every = {int(k) for k in counts.index[counts >= rows]} if rows >= 3 else set()
    over = counts[counts > MANY_ROWS]
    many = dict(zip(over.index.tolist(), over.tolist(), strict=True))
    many.update(dict.fromkeys(every, rows))
    failing = placed["label"].nunique() >= rows
    if not many:
        return failures, set(), failing
    grouped = placed[placed["key"].isin(list(many))].sort_values("position", kind="stable")
    first = grouped.groupby("key")["position"].min().to_dict()
    heads = grouped.drop_duplicates(["key", "label"]).groupby("key").head(_FIRST_ROWS)
    shown: dict[int, tuple[int | None, ...]] = {}
    for code, label in zip(heads["key"].tolist(), heads["label"].tolist(), strict=True):
        shown[code] = (*shown.get(code, ()), row_label(label))
    named = {code: key for key, code in codes.items()}
    out: list[_Failure] = []
    for f in failures:
        if f.position is None:
            out.append(f)
            continue
        code = codes[(f.column, f.check)]
        if code not in many:
            out.append(f)
        elif first[code] == f.position:
            out.append(f._replace(rows=many[code], first_rows=shown[code]))
    return out, {named[c][0] for c in every}, failing


def _systematic(
    problems: list[Problem],
    whole: set[str | None],
    failing: bool,
    schema: type[Table],
    frame: pd.DataFrame,
    where: _Where,
) -> list[Problem]:
    """The problems, first one that says the table is of another kind when it probably is.

    When every row fails (``failing``) and the table looks like another the library knows,
    or most of its columns fail in every row (``whole``: see :func:`_many_rows`), it is
    probably of another kind. (A person table whose dates are all in one wrong format is
    not said to be another kind.)
    """
    if not whole or not failing:
        return problems
    other = _looks_like(schema, [str(c) for c in frame.columns])
    spread = len(whole) * 2 > frame.shape[1]
    if other is None and not spread:
        return problems
    like = wording("looks_like", where.lang, other=_title(other)) if other else ""
    headline = wording("wrong_kind", where.lang, table=_title(schema), like=like)
    return [Problem(message=headline, source=where.source, check="table_kind"), *problems]


def _title(table: type[Table]) -> str:
    """The table's name and the first line of its docstring."""
    doc = (table.__doc__ or "").strip().splitlines()
    return f"{table.__name__} ({doc[0].rstrip('.').replace('*', '')})" if doc else table.__name__


def validate(
    schema: type[Table],
    frame: pd.DataFrame,
    *,
    source: str | None = None,
    sheet: str | None = None,
    headers: Mapping[str, str] | None = None,
    lang: Lang = DEFAULT_LANG,
) -> tuple[pd.DataFrame, ValidationReport]:
    """Validate ``frame`` lazily against ``schema``.

    Returns the coerced table of the *valid* rows and the report of all problems. Rows
    with a problem are left out of the returned table and listed in the report: nothing
    is dropped silently. Only a problem of the whole table (a missing or unknown column,
    or a check that fails without naming rows) empties the returned table.

    A cell that cannot be coerced to the column's type is reported with its row, and only
    its row is left out. Casts that pandas would make silently and lossily (``2.5`` or
    ``1e30`` to an integer) count as coercion failures. Yes/no columns are read with the
    yes/no words every importer reads (``ja``/``nei``, ``x``/empty, …): any other word
    (``kanskje``) fails coercion, as pandas would otherwise read every non-empty text as
    ``True``.
    Checks that could not run because a column failed coercion are run again on the rows
    that remain, so their failures are reported too.

    Problems speak the file's words: ``headers`` maps a canonical column to the header the
    source has for it (``{"month": "måned"}``), ``sheet`` names the sheet, and each message
    and ``expected`` says in words (in ``lang``) what was wrong and what the column takes,
    never a check expression (the expression stays in ``Problem.check``). A check that
    fails in every row is reported once for the column, and when every row fails the first
    problem says the table is not of this kind (and which it looks like, if the library
    knows it). A check that fails in more than 10,000 rows is reported once too,
    with the count and the first rows (those rows are not in
    :attr:`ValidationReport.invalid_rows`, but they are left out of the table all the same).
    """
    name = schema.__name__
    dfs = _capped(schema)
    labels = frame.index
    work = frame.reset_index(drop=True)  # positions, so duplicate or odd labels are exact
    # pandas deep-copies ``attrs`` on every column operation; validation never reads them
    # (they are put back on the result below), and with thousands of columns that copying
    # dominated (2,000 JSON-stat dimensions: 16 s).
    work.attrs = {}
    work, failures = _yes_no(dfs, work)
    failures += _lossy_cells(dfs, work)
    lossy = sorted({f.position for f in failures if f.position is not None})
    pending = work.drop(index=lossy) if lossy else work
    valid: pd.DataFrame | None = None
    for _ in range(_MAX_PASSES):
        try:
            valid = dfs.validate(pending, lazy=True)
        except SchemaErrors as exc:
            found = _failures(exc.failure_cases, dfs, pending, _row_check_rows(exc))
            by_row = [f for f in found if f.position is not None]
            whole = [f for f in found if f.position is None]
            if any(_is_coercion(f.check) for f in by_row):
                # checks on a column that failed coercion ran on uncoerced values (and may
                # have raised); they run again on the remaining rows in the next pass
                whole = [f for f in whole if f.structural]
            failures += by_row + whole
            if whole or not by_row:
                valid = None
                break
            pending = pending.drop(
                index=sorted({f.position for f in by_row if f.position is not None})
            )
            continue
        except SchemaError as exc:  # pragma: no cover - lazy=True collects into SchemaErrors
            failures.append(_Failure(None, None, "schema", str(exc)))
            valid = None
            break
        break
    else:
        failures.append(_Failure(None, None, "validation", "rows kept failing"))
        valid = None
    failures += _hidden_by_coercion(dfs, work, failures)
    where = _Where(source=source, sheet=sheet, headers=dict(headers or {}), lang=lang)
    failures, in_every_row, failing = _many_rows(failures, labels)
    rows = labels.nunique()
    problems = sorted(
        (_problem(f, labels, dfs, where, rows) for f in failures),
        key=lambda p: (p.row is not None, p.row or 0, p.column or ""),
    )
    problems = _systematic(problems, in_every_row, failing, schema, frame, where)
    report = ValidationReport(table=name, source=source, rows=len(frame), problems=tuple(problems))
    if valid is None:
        return frame.iloc[0:0], report
    table = valid.set_axis(labels.take(valid.index.to_numpy()), axis=0)
    table.attrs = dict(frame.attrs)
    table.attrs[TABLE_ATTR] = name  # so that write_table names the table it writes
    table.attrs[COLUMNS_ATTR] = tuple(str(c) for c in table.columns)
    return table, report
