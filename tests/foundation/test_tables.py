"""Validation: every failure is reported with its row, and only failing rows are left out."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandera.typing import Series

from integreringslov.errors import InvalidInputError, Problem
from integreringslov.tables import Table, ValidationReport, validate


class Counts(Table):
    """A test table: a code and a count."""

    code: Series[str] = pa.Field(str_matches=r"^\d{4}$", title="Code", description="A code.")
    n: Series[int] = pa.Field(ge=0, title="N", description="A count.")


class Figures(Table):
    """A test table with a nullable count, a flag, a date and a table-wide check."""

    persons: Series[pd.Int64Dtype] = pa.Field(nullable=True, title="P", description="Persons.")
    flag: Series[bool] = pa.Field(title="F", description="A flag.")
    day: Series[pd.Timestamp] = pa.Field(nullable=True, title="D", description="A day.")

    @pa.dataframe_check(name="below_1000", error="fewer than 1000 persons")
    @classmethod
    def _below_1000(cls, frame: pd.DataFrame) -> pd.Series[bool]:
        return frame["persons"].fillna(0) < 1000


def _rows(report: ValidationReport) -> list[tuple[int | None, str | None, str | None]]:
    return [(p.row, p.column, p.value) for p in report.problems]


def test_a_valid_table_is_coerced_and_keeps_its_row_numbers() -> None:
    frame = pd.DataFrame({"code": ["5001", "5006"], "n": ["3", "4"]}, index=[7, 9])
    table, report = validate(Counts, frame, source="counts.csv")
    assert report.ok
    assert report.rows == 2
    assert table.index.tolist() == [7, 9]
    assert table["n"].dtype == np.dtype("int64")
    assert table["n"].tolist() == [3, 4]


def test_a_coercion_failure_leaves_out_only_its_row() -> None:
    frame = pd.DataFrame(
        {"code": ["5001", "5006", "5007"], "n": ["1", "abc", "3"]}, index=[2, 3, 4]
    )
    table, report = validate(Counts, frame, source="counts.csv")
    assert _rows(report) == [(3, "n", "abc")]  # once, not also as a failed dtype check
    [problem] = report.problems
    assert problem.check == "coerce_dtype('int64')"
    assert problem.message == "the value cannot be read"
    assert problem.expected == "a whole number"
    assert table.index.tolist() == [2, 4]
    assert table["n"].tolist() == [1, 3]
    assert report.rows == 3


def test_a_coercion_failure_pandera_reports_without_a_row_is_found() -> None:
    # pandas refuses to cast [1.0, 2.5, None] to Int64 as a column, while pandera casts 2.5
    # alone to 2: pandera then reports the failure with no row. Once, validate returned
    # an empty table here.
    frame = pd.DataFrame(
        {
            "persons": [1.0, 2.5, np.nan, 4.0],
            "flag": [True, False, True, True],
            "day": pd.to_datetime(["2024-01-01"] * 4),
        },
        index=[10, 11, 12, 13],
    )
    table, report = validate(Figures, frame)
    assert _rows(report) == [(11, "persons", "2.5")]
    assert table.index.tolist() == [10, 12, 13]
    assert table["persons"].tolist()[0] == 1
    assert table["persons"].isna().tolist() == [False, True, False]


def test_a_date_out_of_range_is_found_by_row() -> None:
    # pandera reports an out-of-bounds datetime without a row; bisection finds it
    frame = pd.DataFrame(
        {
            "persons": [1, 2, 3],
            "flag": [True, True, True],
            "day": ["2024-01-01", "3024-01-01", "2024-01-03"],
        },
        index=[2, 3, 4],
    )
    table, report = validate(Figures, frame)
    assert _rows(report) == [(3, "day", "3024-01-01")]
    assert table.index.tolist() == [2, 4]


def test_lossy_casts_are_failures_not_silent_changes() -> None:
    frame = pd.DataFrame(
        {"code": ["5001", "5006", "5007", "5008"], "n": [1.0, 2.5, 1e30, 4.0]}, index=[1, 2, 3, 4]
    )
    table, report = validate(Counts, frame)
    assert _rows(report) == [(2, "n", "2.5"), (3, "n", "1e+30")]
    assert table["n"].tolist() == [1, 4]

    # pandas reads every non-empty text as True; a yes/no column reads the yes/no words
    flags = pd.DataFrame(
        {"persons": [1, 2, 3, 4], "flag": [True, "nei", "kanskje", "X"], "day": [None] * 4},
        index=[1, 2, 3, 4],
    )
    table, report = validate(Figures, flags)
    assert _rows(report) == [(3, "flag", "kanskje")]
    assert report.problems[0].expected == "true/false, ja/nei, j/n, yes/no, 1/0, or x/empty"
    assert table["flag"].tolist() == [True, False, True]


def test_checks_hidden_by_a_coercion_failure_are_run_on_the_other_rows() -> None:
    # with 'abc' in the column, pandera's ge check raises instead of naming row 4
    frame = pd.DataFrame(
        {"code": ["5001", "5006", "5007"], "n": ["1", "abc", "-3"]}, index=[2, 3, 4]
    )
    table, report = validate(Counts, frame)
    assert _rows(report) == [(3, "n", "abc"), (4, "n", "-3")]
    assert report.problems[1].check == "greater_than_or_equal_to(0)"
    assert not any("TypeError" in str(p) for p in report.problems)
    assert table.index.tolist() == [2]


def test_a_missing_column_empties_the_table_and_every_failure_is_still_listed() -> None:
    frame = pd.DataFrame({"n": ["1", "x", "-2"]}, index=[2, 3, 4])
    table, report = validate(Counts, frame, source="counts.csv")
    assert table.empty
    missing = [p for p in report.problems if p.row is None]
    assert [(p.column, p.check) for p in missing] == [("code", "column_in_dataframe")]
    assert "required by Counts but missing" in missing[0].message
    assert (3, "n", "x") in _rows(report)


def test_an_unknown_column_empties_the_table() -> None:
    frame = pd.DataFrame({"code": ["5001"], "n": [1], "extra": ["?"]}, index=[2])
    table, report = validate(Counts, frame)
    assert table.empty
    assert [(p.column, p.check) for p in report.problems] == [("extra", "column_in_schema")]
    assert "not part of Counts" in report.problems[0].message


def test_mixed_date_formats_are_a_problem_of_the_column() -> None:
    # each value converts alone, the column does not: no single row is to blame
    frame = pd.DataFrame(
        {"persons": [1, 2], "flag": [True, True], "day": ["2024-01-01", "02.01.2024"]},
        index=[2, 3],
    )
    table, report = validate(Figures, frame)
    assert table.empty
    [problem] = report.problems
    assert problem.row is None
    assert problem.column == "day"
    assert "as a whole" in problem.message


def test_all_failures_are_collected_at_once() -> None:
    frame = pd.DataFrame(
        {
            "persons": [1, 5000, 3, 4.5, 5],
            "flag": [True, True, "sann", True, True],
            "day": ["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04", "x"],
        },
        index=[2, 3, 4, 5, 6],
    )
    table, report = validate(Figures, frame)
    assert sorted((p.row, p.column or "") for p in report.problems) == [
        (3, ""),  # below_1000, a check of the whole row, reported once for the row
        (4, "flag"),
        (5, "persons"),
        (6, "day"),
    ]
    assert report.invalid_rows == (3, 4, 5, 6)
    [row_check] = [p for p in report.problems if p.row == 3]
    assert row_check.message == "the row breaks a rule of the table"
    assert row_check.expected == "fewer than 1000 persons"  # the check's own words
    assert table.index.tolist() == [2]


def test_duplicate_row_labels_leave_out_only_the_failing_row() -> None:
    # IMDi tables have one row per cell, all cells of a line sharing its line number
    frame = pd.DataFrame(
        {"code": ["5001", "5006", "5007"], "n": ["1", "abc", "3"]}, index=[4, 4, 5]
    )
    table, report = validate(Counts, frame)
    assert _rows(report) == [(4, "n", "abc")]
    assert table.index.tolist() == [4, 5]
    assert table["code"].tolist() == ["5001", "5007"]


def test_attrs_of_the_frame_are_kept() -> None:
    frame = pd.DataFrame({"code": ["5001", "5006"], "n": ["1", "x"]}, index=[1, 2])
    frame.attrs["table_id"] = "05300"
    table, _ = validate(Counts, frame)
    assert table.attrs["table_id"] == "05300"


def test_report_text_and_json() -> None:
    frame = pd.DataFrame({"code": ["5001", "50x6"], "n": ["1", "abc"]}, index=[2, 3])
    _, report = validate(Counts, frame, source="counts.csv")
    text = report.to_text()
    assert text.splitlines()[0] == "Counts from counts.csv: 2 rows, 2 problems:"
    assert "counts.csv, row 3, column 'code'" in text
    assert "found '50x6'" in text
    assert "column 'n': the value cannot be read (found 'abc'; expected a whole number)" in text
    assert "Not read" not in text
    data = json.loads(report.to_json())
    assert data["table"] == "Counts"
    assert data["source"] == "counts.csv"
    assert data["rows"] == 2
    assert data["ok"] is False
    assert data["notes"] == []
    assert [(p["row"], p["column"], p["value"], p["check"]) for p in data["problems"]] == [
        (3, "code", "50x6", "str_matches('^\\d{4}$')"),
        (3, "n", "abc", "coerce_dtype('int64')"),
    ]
    assert all(p["message"] and p["source"] == "counts.csv" for p in data["problems"])
    with pytest.raises(InvalidInputError, match=r"counts\.csv.*2 problems"):
        report.raise_for_problems()


def test_report_notes_are_shown_and_do_not_make_it_fail() -> None:
    report = ValidationReport(
        table="PersonTable",
        source="deltakere.xlsx",
        rows=3,
        notes=("1 title row(s) above the header (row 2) not read", "sum rows not read: rows 6"),
    )
    assert report.ok
    assert report.to_text().splitlines() == [
        "PersonTable from deltakere.xlsx: 3 rows, all valid.",
        "Notes (left out on purpose, or decided):",
        "  - 1 title row(s) above the header (row 2) not read",
        "  - sum rows not read: rows 6",
    ]
    assert json.loads(report.to_json())["notes"] == list(report.notes)
    with_problem = ValidationReport(
        table="PersonTable",
        rows=3,
        problems=(Problem(message="cannot read the date", row=4, column="Født"),),
        notes=("sum rows not read: rows 6",),
    )
    lines = with_problem.to_text().splitlines()
    assert lines[0] == "PersonTable: 3 rows, 1 problem:"
    assert lines[1] == "  - row 4, column 'Født': cannot read the date"
    assert lines[2:] == [
        "Notes (left out on purpose, or decided):",
        "  - sum rows not read: rows 6",
    ]


def test_a_column_failing_in_every_row_is_one_problem_not_another_kind() -> None:
    frame = pd.DataFrame(
        {"code": ["5001", "5006", "5007", "5008"], "n": ["-1", "-2", "-3", "-4"]},
        index=[2, 3, 4, 5],
    )
    _, report = validate(Counts, frame, source="counts.csv")
    (problem,) = report.problems
    assert (problem.row, problem.column) == (None, "n")
    assert problem.message == "invalid value, in all 4 rows"
    assert problem.expected == "a number of at least 0"
    assert problem.value == "-1"  # the first, as an example


def test_a_table_whose_columns_all_fail_is_said_to_be_another_kind() -> None:
    frame = pd.DataFrame(
        {"code": ["x", "y", "z"], "n": ["a", "b", "c"]},
        index=[2, 3, 4],
    )
    _, report = validate(Counts, frame, lang="nb")
    assert report.problems[0].check == "table_kind"
    assert report.problems[0].message.startswith("dette er ikke en Counts (")
    assert len(report.problems) == 3  # the headline, then one per column


_UNIQUE_FIGURE = "at most one figure per year, municipality, population and measure"
"""SettlementStatistics' check ``unique_figure``, as pandera names it in a failure."""


def _figures(rows: int, *, index: list[int] | None = None) -> pd.DataFrame:
    """The same figure for Drammen ``rows`` times: every row breaks ``unique_figure``."""
    return pd.DataFrame(
        {
            "year": ["2024"] * rows,
            "municipality": ["3301"] * rows,
            "population": ["all"] * rows,
            "measure": ["requested"] * rows,
            "persons": ["4"] * rows,
            "status": [""] * rows,
        },
        index=index if index is not None else list(range(2, rows + 2)),
    )


def test_a_row_check_failing_in_every_row_is_one_problem_with_the_count() -> None:
    # SettlementStatistics: "at most one figure per year, municipality, population and
    # measure" — the same figure on every line breaks it on every line
    from integreringslov.tables.settlement_statistics import SettlementStatistics

    table, report = validate(SettlementStatistics, _figures(5000), source="imdi.csv")
    assert table.empty
    assert report.rows == 5000
    rule = [p for p in report.problems if p.check == _UNIQUE_FIGURE]
    assert len(rule) == 1
    assert rule[0].row is None
    assert rule[0].message == "the row breaks a rule of the table, in all 5000 rows"


def test_every_row_counts_distinct_row_labels_of_a_line_with_several_cells() -> None:
    # an IMDi line gives several rows under one label: 3 lines, 6 rows, all failing
    from integreringslov.tables.settlement_statistics import SettlementStatistics

    _, report = validate(SettlementStatistics, _figures(6, index=[2, 2, 3, 3, 4, 4]))
    (rule,) = [p for p in report.problems if p.check == _UNIQUE_FIGURE]
    assert rule.message.endswith("in all 3 rows")


def test_a_check_failing_in_all_rows_but_one_names_each_failing_row() -> None:
    from integreringslov.tables.settlement_statistics import SettlementStatistics

    frame = _figures(4)
    frame.loc[5, "municipality"] = "3401"  # Kongsvinger: its own figure
    table, report = validate(SettlementStatistics, frame)
    assert list(table.index) == [5]
    assert sorted(p.row for p in report.problems if p.check == _UNIQUE_FIGURE) == [2, 3, 4]
    assert report.invalid_rows == (2, 3, 4)


def _counts(signs: list[bool]) -> pd.DataFrame:
    """A Counts frame, rows labelled from 2: ``n`` is negative (fails ``ge=0``) where True."""
    return pd.DataFrame(
        {"code": ["5001"] * len(signs), "n": ["-1" if bad else "1" for bad in signs]},
        index=range(2, len(signs) + 2),
    )


def test_a_check_failing_in_more_than_many_rows_is_one_problem_with_count_and_first_rows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from integreringslov.tables import _base

    monkeypatch.setattr(_base, "MANY_ROWS", 4)
    signs = [False, True, True, False, True, True, True, False]  # rows 3, 4, 6, 7, 8 fail
    table, report = validate(Counts, _counts(signs))
    assert list(table.index) == [2, 5, 9]  # the failing rows are still left out
    (problem,) = report.problems
    assert problem.row is None
    assert problem.message == "invalid value, in 5 rows of 8 (the first: 3, 4, 6, 7, 8, …)"
    _, nb = validate(Counts, _counts(signs), lang="nb")
    assert nb.problems[0].message.endswith("i 5 rader av 8 (de første: 3, 4, 6, 7, 8, …)")


def test_a_check_failing_in_many_rows_but_not_more_names_each_row(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from integreringslov.tables import _base

    monkeypatch.setattr(_base, "MANY_ROWS", 4)
    _, report = validate(Counts, _counts([True, False, True, True, True, False]))
    assert [p.row for p in report.problems] == [2, 4, 5, 6]


@given(signs=st.lists(st.booleans(), min_size=1, max_size=40), many=st.integers(1, 12))
@settings(max_examples=60, deadline=None)
def test_every_failing_row_is_left_out_and_counted(signs: list[bool], many: int) -> None:
    """Whether failures are named one by one or counted, none is lost: the rows left out
    are exactly the failing rows, and the problems account for each of them once."""
    from integreringslov.tables import _base

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_base, "MANY_ROWS", many)
        table, report = validate(Counts, _counts(signs))
    failing = [i + 2 for i, bad in enumerate(signs) if bad]
    assert sorted(set(range(2, len(signs) + 2)) - set(table.index)) == failing
    assert report.rows == len(signs)
    counted = 0
    for p in report.problems:
        if p.check == "table_kind":
            continue
        said = re.search(r"in (?:all )?(\d+) rows", p.message)
        counted += 1 if p.row is not None else int(said.group(1)) if said else -999
    assert counted == len(failing)


def test_many_rows_is_the_ten_thousand_the_docs_say() -> None:
    from integreringslov.tables import _base

    assert _base.MANY_ROWS == 10_000  # validate's docstring and the CHANGELOG say 10,000
