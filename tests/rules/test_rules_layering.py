"""The model knows nothing of the rules that read it (architecture.md, "The house as built")."""

import subprocess
import sys
from datetime import date

from integreringslov.model import Person
from integreringslov.rules import assess


def test_the_model_and_the_person_table_load_without_the_rules():
    code = (
        "import sys, integreringslov.model, integreringslov.tables._rows\n"
        "from integreringslov.model import Person\n"
        "Person.from_row({'person_id': 'p', 'birth_date': '1990-01-01', 'permit_letter': 'a',"
        " 'permit_granted': '2023-01-01', 'settled_by_agreement': 'ja', 'nordic_or_eea': 'nei'})\n"
        "print(sorted(m for m in sys.modules if m.startswith('integreringslov.rules')))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert proc.stdout.strip() == "[]"


def test_a_row_becomes_a_person_that_the_rules_assess():
    person = Person.from_row(
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
