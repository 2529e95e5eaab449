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

import json
import math
import re
from typing import Any, TypeVar

import attrs
import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaError, SchemaErrors

from integreringslov.coerce import row_label
from integreringslov.errors import InvalidInputError, Problem

__all__ = ["Table", "ValidationReport", "validate"]

T = TypeVar("T", bound="Table")


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
    validation: the rows it could not read (in :attr:`problems`, first) and what it
    deliberately did not read as data (:attr:`notes`).
    """

    table: str
    """The schema's name."""
    source: str | None = None
    """Where the data came from (a file, or ``None``)."""
    rows: int = 0
    """How many rows were read: the rows validated, plus (from :func:`integreringslov.read`)
    the source rows the importer rejected, each counted once however many of its cells
    failed. Rows the importer skipped on purpose (see :attr:`notes`) are not counted."""
    problems: tuple[Problem, ...] = ()
    """Every failure: the importer's first, then validation's, each in row order."""
    notes: tuple[str, ...] = ()
    """What the importer deliberately did not read as data (title, sum and empty rows,
    percentage figures, ...), in words. Notes are not problems: :attr:`ok` ignores them."""

    @property
    def ok(self) -> bool:
        """True when there is no problem (notes do not count)."""
        return not self.problems

    @property
    def invalid_rows(self) -> tuple[int, ...]:
        """The row labels (source row numbers) that have at least one problem."""
        return tuple(sorted({p.row for p in self.problems if p.row is not None}))

    def to_text(self) -> str:
        """A report a person can read."""
        where = f" from {self.source}" if self.source else ""
        if self.ok:
            lines = [f"{self.table}{where}: {self.rows} rows, all valid."]
        else:
            lines = [f"{self.table}{where}: {self.rows} rows, {len(self.problems)} problems:"]
            lines += [f"  - {p}" for p in self.problems]
        if self.notes:
            lines.append("Not read (on purpose):")
            lines += [f"  - {n}" for n in self.notes]
        return "\n".join(lines)

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


@attrs.frozen
class _Failure:
    """One failure, at a position of the frame being validated (``None``: the whole table)."""

    position: int | None
    column: str | None
    check: str
    value: Any
    structural: bool = False  # a missing or unknown column: the table cannot be used
    row_check: bool = False  # a check of the whole row (a dataframe check) that this row fails


def _is_coercion(check: str) -> bool:
    return check.startswith("coerce_dtype(")


def _dtype_of(schema: pa.DataFrameSchema, column: str) -> Any:
    """The pandera data type the schema declares for ``column`` (regex columns too)."""
    col = schema.columns.get(column)
    if col is not None and not col.regex:
        return col.dtype
    for key, candidate in schema.columns.items():
        if candidate.regex and re.search(str(key), column):
            return candidate.dtype
    return None


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
    error, and casts every non-empty text (``"nei"`` too) to ``True``. Such cells are
    reported as coercion failures, as a failing cast would be.
    """
    out: list[_Failure] = []
    for name in frame.columns:
        dtype = _dtype_of(schema, str(name))
        if dtype is None:
            continue
        series = frame[name]
        check = f"coerce_dtype('{dtype}')"
        bounds = _integer_bounds(dtype)
        if bounds is not None and (
            pd.api.types.is_float_dtype(series.dtype) or series.dtype == object
        ):
            numbers = pd.to_numeric(series, errors="coerce").astype("float64")
            values = numbers.to_numpy()
            with np.errstate(invalid="ignore"):
                lossy = ~np.isnan(values) & (
                    (values != np.floor(values)) | (values < bounds[0]) | (values >= bounds[1])
                )
            out += [
                _Failure(int(pos), str(name), check, series.iat[int(pos)])
                for pos in np.flatnonzero(lossy)
            ]
        elif str(dtype) == "bool" and not pd.api.types.is_bool_dtype(series.dtype):
            if pd.api.types.is_numeric_dtype(series.dtype):
                bad = series.notna() & ~series.isin([0, 1])
            else:
                bad = series.map(
                    lambda v: (
                        not (v is None or v is pd.NA or isinstance(v, bool | np.bool_))
                        and not (isinstance(v, float) and math.isnan(v))
                    )
                ).astype(bool)
            out += [
                _Failure(int(pos), str(name), check, series.iat[int(pos)])
                for pos in np.flatnonzero(bad.to_numpy(dtype=bool))
            ]
    return out


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


def _failures(
    failure_cases: pd.DataFrame, schema: pa.DataFrameSchema, work: pd.DataFrame
) -> list[_Failure]:
    """Pandera's failure cases as :class:`_Failure`, every coercion failure with its row."""
    out: list[_Failure] = []
    failed_rows: set[tuple[int, str]] = set()
    for rec in failure_cases.to_dict("records"):
        column = rec.get("column")
        check = str(rec.get("check"))
        value = rec.get("failure_case")
        position = row_label(rec.get("index"))
        if rec.get("schema_context") == "DataFrameSchema" and check.startswith("column_in"):
            out.append(_Failure(None, str(value), check, value, structural=True))
            continue
        if rec.get("schema_context") == "DataFrameSchema" and position is not None:
            # pandera lists a failing row once per column: report the row once
            if (position, check) not in failed_rows:
                failed_rows.add((position, check))
                out.append(_Failure(position, None, check, None, row_check=True))
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
        out.append(_Failure(position, name, check, value))
    # A cell that cannot be coerced also fails the dtype check, and a missing value in a
    # column that is not nullable fails coercion too: report each cell once.
    coerced = {(f.position, f.column) for f in out if _is_coercion(f.check)}
    coerced_columns = {f.column for f in out if _is_coercion(f.check)}
    missing = {(f.position, f.column) for f in out if f.check == "not_nullable"}
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


def _problem(failure: _Failure, labels: pd.Index, schema_name: str, source: str | None) -> Problem:
    check = failure.check
    if failure.structural and check == "column_in_schema":
        message = f"column {failure.value!r} is not part of {schema_name}"
        return Problem(message=message, source=source, check=check, column=failure.column)
    if failure.structural:
        message = f"column {failure.value!r} is required by {schema_name} but missing"
        return Problem(message=message, source=source, check=check, column=failure.column)
    label = None if failure.position is None else labels[failure.position]
    row = row_label(label)
    value = failure.value
    text = None if value is None or (isinstance(value, float) and math.isnan(value)) else value
    if _is_coercion(check):
        dtype = check[len("coerce_dtype(") : -1].strip("'\"")
        message = f"value cannot be converted to {dtype}"
        if failure.position is None:
            message = (
                f"the column cannot be converted to {dtype} as a whole, though no single value "
                "fails on its own (mixed date formats or time zones?)"
            )
    elif failure.row_check:
        message = f"the row fails the table check {check!r}"
    elif failure.position is None:
        message = f"the table fails the check {check}"
    else:
        message = f"value fails the check {check}"
    if label is not None and row is None:
        message += f" (row label {label!r})"
    return Problem(
        message=message,
        source=source,
        row=row,
        column=failure.column,
        value=None if text is None else str(text),
        expected=check,
        check=check,
    )


def validate(
    schema: type[Table], frame: pd.DataFrame, *, source: str | None = None
) -> tuple[pd.DataFrame, ValidationReport]:
    """Validate ``frame`` lazily against ``schema``.

    Returns the coerced table of the *valid* rows and the report of all problems. Rows
    with a problem are left out of the returned table and listed in the report: nothing
    is dropped silently. Only a problem of the whole table (a missing or unknown column,
    or a check that fails without naming rows) empties the returned table.

    A cell that cannot be coerced to the column's type is reported with its row, and only
    its row is left out. Casts that pandas would make silently and lossily (``2.5`` or
    ``1e30`` to an integer, the text ``"nei"`` to ``True``) count as coercion failures.
    Checks that could not run because a column failed coercion are run again on the rows
    that remain, so their failures are reported too.
    """
    name = schema.__name__
    dfs = schema.to_schema()
    labels = frame.index
    work = frame.reset_index(drop=True)  # positions, so duplicate or odd labels are exact
    # pandas deep-copies ``attrs`` on every column operation; validation never reads them
    # (they are put back on the result below), and with thousands of columns that copying
    # dominated (2,000 JSON-stat dimensions: 16 s).
    work.attrs = {}
    failures = _lossy_cells(dfs, work)
    lossy = sorted({f.position for f in failures if f.position is not None})
    pending = work.drop(index=lossy) if lossy else work
    valid: pd.DataFrame | None = None
    for _ in range(_MAX_PASSES):
        try:
            valid = schema.validate(pending, lazy=True)
        except SchemaErrors as exc:
            found = _failures(exc.failure_cases, dfs, pending)
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
    problems = sorted(
        (_problem(f, labels, name, source) for f in failures),
        key=lambda p: (p.row is not None, p.row or 0, p.column or ""),
    )
    report = ValidationReport(table=name, source=source, rows=len(frame), problems=tuple(problems))
    if valid is None:
        return frame.iloc[0:0], report
    table = valid.set_axis(labels.take(valid.index.to_numpy()), axis=0)
    table.attrs = dict(frame.attrs)
    return table, report
