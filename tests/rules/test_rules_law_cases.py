"""Law cases as data: tests/law_cases/eligibility.csv, through both entry points."""

import csv
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from integreringslov.rules import INPUT_COLUMNS, assess, assess_frame, person_from_row

CASES = Path(__file__).parents[1] / "law_cases" / "eligibility.csv"
with CASES.open(encoding="utf-8", newline="") as _fh:
    ROWS = list(csv.DictReader(_fh))


def _input(case):
    row = {c: case[c] for c in INPUT_COLUMNS if c in case}
    row["person_id"] = "case"
    return row


def test_every_change_date_has_cases_on_both_sides():
    dates = {c["on"] for c in ROWS} | {c["permit_granted"] for c in ROWS}
    for day_before, day_of in [
        ("2020-12-31", "2021-01-01"),
        ("2022-03-10", "2022-03-11"),
        ("2022-06-14", "2022-06-15"),
        ("2025-12-31", "2026-01-01"),
        ("2026-06-30", "2026-07-01"),
    ]:
        assert day_before in dates
        assert day_of in dates


@pytest.mark.parametrize("case", ROWS, ids=[c["name"] for c in ROWS])
def test_law_case_scalar(case):
    a = assess(person_from_row(_input(case)), on=date.fromisoformat(case["on"]))
    assert a.regime.value == case["regime"]
    assert a.programme.value == case["programme"]
    assert a.career_guidance.value == case["career_guidance"]
    assert case["provision"] in a.basis
    assert a.reason


@pytest.mark.parametrize("case", ROWS, ids=[c["name"] for c in ROWS])
def test_law_case_frame(case):
    frame = pd.DataFrame([_input(case)], dtype=str)
    out = assess_frame(frame, on=date.fromisoformat(case["on"]))
    row = out.iloc[0]
    assert list(out.columns) == [
        "person_id",
        "regime",
        "programme",
        "career_guidance",
        "basis",
        "reason",
    ]
    assert (row["regime"], row["programme"], row["career_guidance"]) == (
        case["regime"],
        case["programme"],
        case["career_guidance"],
    )
    assert case["provision"] in row["basis"]


def test_all_cases_in_one_frame_per_date_match_the_scalar_path():
    frame = pd.DataFrame([_input(c) | {"person_id": str(i)} for i, c in enumerate(ROWS)], dtype=str)
    for on in sorted({c["on"] for c in ROWS}):
        day = date.fromisoformat(on)
        sub = frame[[c["on"] == on for c in ROWS]]
        out = assess_frame(sub, on=day)
        for (_, inp), (_, got) in zip(sub.iterrows(), out.iterrows(), strict=True):
            want = assess(person_from_row(inp.to_dict()), on=day).to_row()
            assert {k: str(v) for k, v in got.items()} == want
