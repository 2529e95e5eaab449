"""Law cases as data: tests/law_cases/eligibility.csv, through both entry points.

Each case cites the ledd and bokstav it comes from (``provision``: every citation in it
must be in the basis, in the contract's style) and the instrument whose text decides it
(``instrument``: a LOV-/FOR- number). ``not_in_basis`` is text the basis must not contain
(a letter the person does not hold, a provision not yet or no longer numbered so), and
``reason_contains`` is text the English reason must contain.
"""

import csv
import re
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from integreringslov.rules import INPUT_COLUMNS, assess, assess_frame, person_from_row

CASES = Path(__file__).parents[1] / "law_cases" / "eligibility.csv"
with CASES.open(encoding="utf-8", newline="") as _fh:
    ROWS = list(csv.DictReader(_fh))

# Every date on which the modelled law changes (issue 10, "Done when").
CHANGE_DATES = [
    "2022-03-11",
    "2022-06-15",
    "2022-08-01",
    "2023-06-02",
    "2023-08-01",
    "2024-07-01",
    "2025-06-20",
    "2026-01-01",
    "2026-07-01",
]
NEW_COLUMNS = [
    "previous_permit_letter",
    "first_permit_granted",
    "reference_permanent",
    "claim_date",
]


def _input(case):
    row = {c: case[c] for c in INPUT_COLUMNS if c in case}
    row["person_id"] = "case"
    return row


def _check(basis, reason, case):
    for citation in case["provision"].split("; "):
        assert citation in basis, (citation, basis)
    if case["not_in_basis"]:
        assert case["not_in_basis"] not in basis, basis
    if case["reason_contains"]:
        assert case["reason_contains"] in reason, reason


@pytest.mark.parametrize("day_of", CHANGE_DATES)
def test_every_change_date_has_cases_the_day_before_and_the_day_of(day_of):
    dates = {c["on"] for c in ROWS} | {c["permit_granted"] for c in ROWS}
    before = (date.fromisoformat(day_of) - timedelta(days=1)).isoformat()
    assert before in dates
    assert day_of in dates


@pytest.mark.parametrize("column", NEW_COLUMNS)
def test_every_new_column_has_cases_with_it_given_and_empty(column):
    given = [c for c in ROWS if c[column] and f"{column} given" in c["name"]]
    empty = [c for c in ROWS if not c[column] and f"{column} empty" in c["name"]]
    assert given
    assert empty


def test_every_case_cites_its_instrument():
    for case in ROWS:
        assert re.fullmatch(r"(LOV|FOR)-\d{4}-\d{2}-\d{2}-\d+", case["instrument"]), case["name"]
        assert case["provision"], case["name"]


@pytest.mark.parametrize("case", ROWS, ids=[c["name"] for c in ROWS])
def test_law_case_scalar(case):
    a = assess(person_from_row(_input(case)), on=date.fromisoformat(case["on"]))
    assert a.regime.value == case["regime"]
    assert a.programme.value == case["programme"]
    assert a.career_guidance.value == case["career_guidance"]
    _check(a.basis, a.reason, case)


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
    _check(row["basis"], row["reason"], case)


@pytest.mark.slow
def test_all_cases_in_one_frame_per_date_match_the_scalar_path():
    frame = pd.DataFrame([_input(c) | {"person_id": str(i)} for i, c in enumerate(ROWS)], dtype=str)
    for on in sorted({c["on"] for c in ROWS}):
        day = date.fromisoformat(on)
        sub = frame[[c["on"] == on for c in ROWS]]
        for lang in ("en", "nb"):
            out = assess_frame(sub, on=day, lang=lang)
            for (_, inp), (_, got) in zip(sub.iterrows(), out.iterrows(), strict=True):
                want = assess(person_from_row(inp.to_dict()), on=day, lang=lang).to_row()
                assert {k: str(v) for k, v in got.items()} == want


def test_a_table_without_the_new_columns_keeps_working():
    old = [c for c in ROWS if not any(c[n] for n in NEW_COLUMNS)]
    frame = pd.DataFrame(
        [{k: v for k, v in _input(c).items() if k not in NEW_COLUMNS} for c in old], dtype=str
    )
    on = date(2023, 9, 1)
    subset = [c for c in old if c["on"] == "2023-09-01"]
    out = assess_frame(frame[[c["on"] == "2023-09-01" for c in old]], on=on)
    assert out["programme"].tolist() == [c["programme"] for c in subset]


@pytest.mark.parametrize("case", ROWS, ids=[c["name"] for c in ROWS])
def test_every_cited_provision_exists_as_numbered_on_the_decision_date(case):
    """The basis cites the law as worded on the decision date (il.law.text has that wording)."""
    from integreringslov.law import Act
    from integreringslov.law._texts import modelled_sections, text

    a = assess(person_from_row(_input(case)), on=date.fromisoformat(case["on"]))
    on = max(a.decision_date, date(2021, 1, 1))
    for provision in a.provisions:
        if provision.act is Act.INTEGRERINGSLOVEN and provision.section in modelled_sections():
            assert text(provision, on=on).text, (str(provision), on)
