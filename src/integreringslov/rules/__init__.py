"""Eligibility rules: introduction programme (§§ 8–9), career guidance (§ 11), kapittel 6A.

Each dated rule is written once (``grounds``, vectorised) and
worded once (``wording``, English and bokmål). Two entry points
evaluate it and always agree (a property test says so):

- :func:`assess` ``(person, *, on, lang="en") -> Assessment`` — one person (a one-row
  table), with the findings of each rule, the provisions applied and a readable reason;
- :func:`assess_frame` ``(persons_df, *, on, errors="raise", lang="en") -> DataFrame`` — a
  whole person table, vectorised, with exactly the contract's output columns;
- :func:`compare` ``(persons_df, *, on, reform) -> DataFrame`` — the same table under the
  law in force and under a reform (``"age-60"``, or changed parameters), side by side.

Where the texts are open the rules take a reading (:data:`READINGS`, one
:class:`Reading` each); where two are defensible, ``readings={key: option}`` on each
entry point (and on :func:`integreringslov.assess_panel`) chooses the other.

A row of the person table becomes a :class:`~integreringslov.model.Person` with
:func:`person_from_row` (many with :func:`persons_from_rows`, and back with
:func:`person_to_row`); they follow the table's one declaration,
:mod:`integreringslov.tables.persons`.
"""

from integreringslov.rules._compare import compare
from integreringslov.rules._eligibility import (
    assess,
    career_guidance,
    check_person,
    decision_date,
    family_reference,
    full_years,
    kapittel_6a,
    regime,
    target_group,
)
from integreringslov.rules._frame import SplitResult, assess_frame
from integreringslov.rules._guidance import GuidanceCase, TimelineIssue, check_guidance_case
from integreringslov.rules._outcomes import (
    Assessment,
    Finding,
    Ground,
    GuidanceOutcome,
    ProgrammeOutcome,
    Regime,
    Rendered,
)
from integreringslov.rules._readings import READINGS, Reading
from integreringslov.rules._wording import render
from integreringslov.tables._rows import (
    ParsedPersons,
    parse_persons,
    person_from_row,
    person_to_row,
    persons_from_rows,
)
from integreringslov.tables.persons import INPUT_COLUMNS, OUTPUT_COLUMNS, REQUIRED_COLUMNS

__all__ = [
    "INPUT_COLUMNS",
    "OUTPUT_COLUMNS",
    "READINGS",
    "REQUIRED_COLUMNS",
    "Assessment",
    "Finding",
    "Ground",
    "GuidanceCase",
    "GuidanceOutcome",
    "ParsedPersons",
    "ProgrammeOutcome",
    "Reading",
    "Regime",
    "Rendered",
    "SplitResult",
    "TimelineIssue",
    "assess",
    "assess_frame",
    "career_guidance",
    "check_guidance_case",
    "check_person",
    "compare",
    "decision_date",
    "family_reference",
    "full_years",
    "kapittel_6a",
    "parse_persons",
    "person_from_row",
    "person_to_row",
    "persons_from_rows",
    "regime",
    "render",
    "target_group",
]
