"""Assess a municipality's caseload: introduction programme and career guidance, with reasons.

A municipal integration team keeps its caseload as a person table (one row per person,
the columns of the contract's person table). The script writes ten made-up persons as a
CSV into a temporary directory, reads it with ``il.read`` and assesses them on 1 January
2026 with ``il.assess_frame`` (vectorised, one row per person), prints a readable table and the
counts per outcome, then assesses one of them with ``il.assess`` from typed records to
show the provisions applied, the reason and what each rule found. Last, a table with
bad rows is assessed with ``errors="split"``: the valid rows are assessed, and every
invalid one is listed with its row, column, value and what was expected.

The rules: integreringsloven §§ 8–9 (the target group), § 11 (career guidance),
kapittel 6A (for collective protection, § 34: from 2026-01-01 the ordinary programme,
career guidance a right without duty until 2026-07-01), § 8 fjerde ledd (30 hours of
work, from 2026-01-01) and § 52 (permits before 2021; § 51 before 2022-08-01). A row
whose outcome turns on an empty cell is ``undetermined``, and its reason names the cell.

Expect: programme: right_and_duty 3, may_offer 2, not_covered 5
Expect: career_guidance: right_and_duty 2, right 1, not_covered 7
Expect: regime: integreringsloven 9, introduksjonsloven 1
Expect: integreringsloven § 8 første ledd; § 8 andre ledd første punktum; § 9 første ledd bokstav f
Expect: 3 valid rows assessed, 2 invalid
"""

from __future__ import annotations

import tempfile
import textwrap
from datetime import date
from pathlib import Path

import pandas as pd

import integreringslov as il

# Settlement, the permit letter and the reference person are the records a Person is made
# of; Person and ResidencePermit are also importable from the top-level package.
from integreringslov.model import PermitLetter, ReferencePerson, Settlement

ON = date(2026, 1, 1)  # the assessment date: always explicit, never "today"

# The caseload as the team's CSV. Dates are ISO; empty cells mean unknown / not applicable;
# booleans may be written ja/nei. Each row is there to show one rule:
CASELOAD = """\
person_id,birth_date,permit_letter,permit_granted,settled_date,settled_by_agreement,nordic_or_eea,reference_letter,reference_settled_date,reunification_applied,decision_date,work_hours_per_week
K01,1995-03-14,a,2025-05-02,2025-08-15,ja,nei,,,,,
K02,1988-09-01,e,2025-03-20,2025-06-01,ja,nei,,,,,
K03,1992-01-10,f,2025-06-10,2025-07-01,nei,nei,a,2022-04-01,2024-10-01,,
K04,1965-11-30,c,2025-02-01,2025-04-01,ja,nei,,,,,
K05,1990-07-22,a,2025-01-15,2025-03-01,nei,nei,,,,,
K06,1996-04-04,b,2025-09-01,2025-10-15,ja,nei,,,,2026-01-01,37.5
K07,2000-12-05,a,2025-11-20,,,nei,,,,,
K08,2001-06-06,d,2023-05-01,2023-08-01,ja,nei,,,,,
K09,2009-02-01,a,2025-04-10,2025-05-20,ja,nei,,,,,
K10,1984-10-10,a,2019-06-01,2019-09-01,ja,nei,,,,,
"""
# K01  refugee (a), 30 at the grant, settled by agreement 4½ months ago -> right and duty
# K02  collective protection (e) from 2025; § 37 c replaced on
#      2026-01-01: programme right and duty, guidance a right      -> right and duty
# K03  family member (f) of a refugee settled 2½ years before the
#      application; letter f needs no agreement (§ 8 andre ledd)   -> right and duty
# K04  59 when the permit was granted (over 55)                   -> may offer (§ 8 tredje ledd)
# K05  refugee settled without agreement                          -> may offer (§ 8 tredje ledd)
# K06  37.5 hours of work at a § 12 decision in 2026              -> not covered (§ 8 fjerde ledd)
# K07  not yet settled in a municipality                          -> not covered
# K08  settled in 2023: two years or more at the decision         -> not covered
# K09  16 when the permit was granted                             -> not covered
# K10  permit granted in 2019                                     -> introduksjonsloven (§ 52)

# A second file with three bad rows among two good ones.
WITH_ERRORS = """\
person_id,birth_date,permit_letter,permit_granted,settled_date,settled_by_agreement,nordic_or_eea,reference_letter,reference_settled_date,reunification_applied
B01,1995-03-14,a,2025-05-02,2025-08-15,ja,nei,,,
B02,1990-02-30,a,2025-05-02,2025-08-15,ja,nei,,,
B03,1991-05-05,x,2025-05-02,2025-08-15,ja,nei,,,
B04,1993-08-08,f,2025-06-10,2025-07-01,nei,nei,b,,2024-10-01
B05,1988-09-01,e,2025-03-20,2025-06-01,ja,nei,,,
"""
# B02  30 February does not exist; B03  "x" is not a § 9 letter;
# B04  letter f without the reference person's settlement date: not an error, but
#      undetermined (the reason names the empty column).


# The outcome values of the contract, in the order the counts are printed.
OUTCOME_ORDER = (
    "integreringsloven",
    "introduksjonsloven",
    "right_and_duty",
    "right",
    "may_offer",
    "not_covered",
    "undetermined",
)


def read_as_text(path: Path) -> pd.DataFrame:
    """A person CSV as raw text rows, for ``errors="split"`` to sort out.

    il.read is the way from a file to a person table (it refuses bad rows and reports
    them); this reads the cells as they are, so that assess_frame itself parses and checks
    every one. The index becomes the line number in the file (the header is line 1), so
    that every problem points at the line to fix.
    """
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.index = pd.RangeIndex(2, 2 + len(frame))
    return frame


def print_table(persons: pd.DataFrame, assessed: pd.DataFrame) -> None:
    """One line per person, then the provisions and the reason, indented."""
    print(f"{'id':<4} {'letter':<6} {'regime':<19} {'programme':<15} career guidance")
    for (_, row), letter in zip(assessed.iterrows(), persons["permit_letter"], strict=True):
        print(
            f"{row['person_id']:<4} {letter or '-':<6} {row['regime']:<19} "
            f"{row['programme']:<15} {row['career_guidance']}"
        )
        print(f"     basis:  {row['basis']}")
        print(
            textwrap.fill(
                str(row["reason"]),
                88,
                initial_indent="     reason: ",
                subsequent_indent="             ",
            )
        )


def print_counts(assessed: pd.DataFrame, column: str) -> None:
    """How many persons got each outcome in ``column``, the strongest right first."""
    counts = assessed[column].value_counts()
    order = [o for o in OUTCOME_ORDER if counts.get(o, 0)]
    print(f"{column}: " + ", ".join(f"{outcome} {counts[outcome]}" for outcome in order))


def assess_one() -> None:
    """Build one person from typed records and assess it with il.assess."""
    person = il.Person(
        person_id="K03",
        birth_date=date(1992, 1, 10),
        permit=il.ResidencePermit(
            letter=PermitLetter.F,
            granted=date(2025, 6, 10),
            reference_person=ReferencePerson(
                permit_letter=PermitLetter.A, settled_date=date(2022, 4, 1)
            ),
            reunification_applied=date(2024, 10, 1),
        ),
        settlement=Settlement(date=date(2025, 7, 1), by_agreement=False),
    )
    a = il.assess(person, on=ON)
    print(
        f"{a.person_id} on {a.on}: programme {a.programme.value}, "
        f"career guidance {a.career_guidance.value}"
    )
    print("provisions: ", "; ".join(str(p) for p in a.provisions))
    print("basis:      ", a.basis)
    print(textwrap.fill(a.reason, 88, initial_indent="reason:      ", subsequent_indent=" " * 13))
    print("what each rule found, in order:")
    for finding in a.findings:
        print(
            textwrap.fill(
                finding.reason,
                88,
                initial_indent=f"  {finding.rule:<26} ",
                subsequent_indent=" " * 29,
            )
        )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        caseload = Path(tmp) / "caseload.csv"
        caseload.write_text(CASELOAD, encoding="utf-8")
        imported = il.read(caseload)  # the one way from a file to a person table
        imported.report.raise_for_problems()
        persons = imported.table

        print(f"== {len(persons)} persons assessed on {ON.isoformat()} (il.assess_frame) ==")
        assessed = il.assess_frame(persons, on=ON)
        print_table(persons, assessed)
        print()
        for column in ("regime", "programme", "career_guidance"):
            print_counts(assessed, column)
        print()

        print("== One person from typed records (il.assess) ==")
        assess_one()
        print()

        print('== A table with bad rows (errors="split") ==')
        bad_file = Path(tmp) / "with_errors.csv"
        bad_file.write_text(WITH_ERRORS, encoding="utf-8")
        result = il.assess_frame(read_as_text(bad_file), on=ON, errors="split")
        print(f"{len(result.assessed)} valid rows assessed, {len(result.invalid)} invalid")
        for _, row in result.assessed.iterrows():
            print(f"  {row['person_id']:<4} {row['programme']:<15} {row['basis']}")
        print(f"{'line':>5}  {'column':<24} {'value':<12} expected")
        for problem in result.problems:
            print(
                f"{problem.row!s:>5}  {problem.column or '':<24} "
                f"{problem.value or '(empty)':<12} {problem.expected}"
            )


if __name__ == "__main__":
    main()
