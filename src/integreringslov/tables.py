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
from typing import Any, TypeVar

import attrs
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaError, SchemaErrors

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
    """What validation found: every problem with row, column, value and check."""

    table: str
    """The schema's name."""
    source: str | None = None
    """Where the data came from (a file, or ``None``)."""
    rows: int = 0
    """How many rows were validated."""
    problems: tuple[Problem, ...] = ()
    """Every failure, in row order."""

    @property
    def ok(self) -> bool:
        """True when there is no problem."""
        return not self.problems

    @property
    def invalid_rows(self) -> tuple[int, ...]:
        """The row labels (source row numbers) that have at least one problem."""
        return tuple(sorted({p.row for p in self.problems if p.row is not None}))

    def to_text(self) -> str:
        """A report a person can read."""
        where = f" from {self.source}" if self.source else ""
        if self.ok:
            return f"{self.table}{where}: {self.rows} rows, all valid."
        lines = [f"{self.table}{where}: {self.rows} rows, {len(self.problems)} problems:"]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """The report as a JSON-ready mapping."""
        return {
            "table": self.table,
            "source": self.source,
            "rows": self.rows,
            "ok": self.ok,
            "problems": [p.to_dict() for p in self.problems],
        }

    def to_json(self) -> str:
        """The report as JSON (row, column, value, check, message per problem)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def raise_for_problems(self) -> None:
        """Raise :class:`InvalidInputError` with every problem, if there are any."""
        if self.problems:
            raise InvalidInputError(self.problems, what=self.source or self.table)


def _row_label(index: Any) -> int | None:
    if index is None or (isinstance(index, float) and math.isnan(index)):
        return None
    try:
        return int(index)
    except (TypeError, ValueError):
        return None


def _problems(failures: pd.DataFrame, schema_name: str, source: str | None) -> list[Problem]:
    out = []
    for rec in failures.to_dict("records"):
        column = rec.get("column")
        check = str(rec.get("check"))
        value = rec.get("failure_case")
        row = _row_label(rec.get("index"))
        if rec.get("schema_context") == "DataFrameSchema" and check.startswith("column_in"):
            message = f"column {value!r} is required by {schema_name} but missing"
            out.append(Problem(message=message, source=source, check=check, column=str(value)))
            continue
        if check == "column_in_schema":
            message = f"column {value!r} is not part of {schema_name}"
            out.append(Problem(message=message, source=source, check=check, column=str(value)))
            continue
        out.append(
            Problem(
                message=f"value fails the check {check}",
                source=source,
                row=row,
                column=None if column is None else str(column),
                value=None if value is None else str(value),
                expected=check,
                check=check,
            )
        )
    out.sort(key=lambda p: (p.row is not None, p.row or 0, p.column or ""))
    return out


def validate(
    schema: type[Table], frame: pd.DataFrame, *, source: str | None = None
) -> tuple[pd.DataFrame, ValidationReport]:
    """Validate ``frame`` lazily against ``schema``.

    Returns the coerced table of the *valid* rows and the report of all problems. Rows
    with a problem are left out of the returned table and listed in the report: nothing
    is dropped silently. When a problem concerns the whole table (a missing column), the
    returned table is empty.
    """
    name = schema.__name__
    try:
        valid = schema.validate(frame, lazy=True)
    except SchemaErrors as exc:
        problems = _problems(exc.failure_cases, name, source)
        report = ValidationReport(
            table=name, source=source, rows=len(frame), problems=tuple(problems)
        )
        if any(p.row is None for p in problems):
            return frame.iloc[0:0], report
        bad = set(report.invalid_rows)
        keep = [label for label in frame.index if _row_label(label) not in bad]
        return schema.validate(frame.loc[keep]), report
    except SchemaError as exc:  # pragma: no cover - lazy=True collects into SchemaErrors
        problem = Problem(message=str(exc), source=source, check="schema")
        return frame.iloc[0:0], ValidationReport(table=name, source=source, problems=(problem,))
    return valid, ValidationReport(table=name, source=source, rows=len(frame))
