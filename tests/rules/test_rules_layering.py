"""The layers: the model knows nothing of tables, the table layer nothing of the rules.

(architecture.md, "The house as built": the model and the person table no longer import
each other, not even inside a function.)
"""

import ast
import subprocess
import sys
from datetime import date
from pathlib import Path

from integreringslov.rules import assess, person_from_row

SRC = Path(__file__).parents[2] / "src" / "integreringslov"


def test_the_model_and_the_person_table_load_without_the_rules():
    code = (
        "import sys, integreringslov.model\n"
        "print(sorted(m for m in sys.modules if m.startswith('integreringslov.tables')))\n"
        "from integreringslov.tables._rows import person_from_row\n"
        "person_from_row({'person_id': 'p', 'birth_date': '1990-01-01', 'permit_letter': 'a',"
        " 'permit_granted': '2023-01-01', 'settled_by_agreement': 'ja', 'nordic_or_eea': 'nei'})\n"
        "print(sorted(m for m in sys.modules if m.startswith('integreringslov.rules')))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert proc.stdout.split() == ["[]", "[]"]


def test_the_model_imports_no_table_not_even_inside_a_function():
    for module in (SRC / "model").glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("integreringslov.tables"), module
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("integreringslov.tables") for a in node.names)


def test_a_row_becomes_a_person_that_the_rules_assess():
    person = person_from_row(
        {
            "person_id": "p",
            "birth_date": "15.06.1990",
            "permit_letter": "a",
            "permit_granted": "2023-03-01",
            "settled_date": "2023-04-01",
            "settled_by_agreement": "nei",
            "nordic_or_eea": "nei",
            "previous_permit_letter": "f",
            "first_permit_granted": "2022-09-01",
        }
    )
    assert person.permit.first_granted == date(2022, 9, 1)
    # § 8 andre ledd andre punktum (LOV-2023-06-09-24): no agreement needed from 2023-08-01
    assert assess(person, on=date(2023, 8, 1)).programme.value == "right_and_duty"
    assert assess(person, on=date(2023, 7, 31)).programme.value == "may_offer"
