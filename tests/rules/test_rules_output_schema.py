"""assess_frame's output is the contract's assessment table, and validates as such."""

from __future__ import annotations

from datetime import date

import pandas as pd

import integreringslov as il
from integreringslov.tables import validate
from integreringslov.tables.persons import AssessmentTable

# The contract's column order (shared/design/contract.md, "Assessment output").
CONTRACT_COLUMNS = ["person_id", "regime", "programme", "career_guidance", "basis", "reason"]


def test_output_has_the_contract_columns_and_validates():
    persons = pd.DataFrame(
        {
            "person_id": ["a", "b", "c", "d"],
            "birth_date": ["1990-05-01", "1960-05-01", "1990-05-01", "1990-05-01"],
            "permit_letter": ["a", "a", "e", ""],
            "permit_granted": ["2025-03-10", "2025-03-10", "2025-03-10", "2020-03-10"],
            "settled_date": ["2025-04-01", "2025-04-01", "2025-04-01", "2020-04-01"],
            "settled_by_agreement": ["ja", "ja", "ja", "nei"],
            "nordic_or_eea": ["nei", "nei", "nei", "nei"],
        }
    )
    out = il.assess_frame(persons, on=date(2026, 1, 1))
    assert list(out.columns) == CONTRACT_COLUMNS
    table, report = validate(AssessmentTable, out)
    assert report.ok, report.to_text()
    assert len(table) == 4
    # permit granted 2020 (before the act, no arrival date): the 2003 act governs (§ 51)
    assert out.set_index("person_id").loc["d", "regime"] == "introduksjonsloven"
    # § 37 c as replaced by LOV-2025-06-20-35 from 2026-01-01: the ordinary § 8 første ledd
    # outcome for the programme; career guidance stays a right (§ 37 b tredje ledd)
    assert out.set_index("person_id").loc["c", "programme"] == "right_and_duty"
    assert out.set_index("person_id").loc["c", "career_guidance"] == "right"


def test_undetermined_rows_validate_and_notes_say_the_sources_end():
    persons = pd.DataFrame(
        {
            "person_id": ["f"],
            "birth_date": ["1990-05-01"],
            "permit_letter": ["f"],
            "permit_granted": ["2025-03-10"],
            "settled_date": ["2025-04-01"],
            "settled_by_agreement": ["nei"],
            "nordic_or_eea": ["nei"],
        }
    )
    out = il.assess_frame(persons, on=date(2025, 11, 10))
    assert out["programme"].tolist() == ["undetermined"]
    _, report = validate(AssessmentTable, out)
    assert report.ok, report.to_text()
    assert len(out.attrs["notes"]) == 1
    assert "2025-11-09" in out.attrs["notes"][0]
    assert "2025-11-09" not in out["reason"].iloc[0]
    assert il.assess_frame(persons, on=date(2025, 11, 9)).attrs["notes"] == []
