import json

from integreringslov._text.privacy import MASK, redact
from integreringslov.errors import InvalidInputError, MissingExtraError, Problem, SourceError

FNR = "01010050053"  # valid check digits (individual number 500, born 2000-01-01)


def test_redact_masks_valid_identity_numbers_only():
    assert redact(f"id {FNR}.") == f"id {MASK}."
    assert redact("010100 50053") == MASK
    assert redact("01010050054") == "01010050054"  # fails the check: an ordinary number
    assert redact("123456789012") == "123456789012"  # twelve digits: not an identity number
    assert redact("row 2024, 30 hours") == "row 2024, 30 hours"


def test_problem_says_where_and_what_and_never_leaks_an_identity_number():
    p = Problem(
        message="not a date",
        source="persons.xlsx",
        sheet="Deltakere",
        row=4,
        column="Fødselsdato",
        value=FNR,
        expected="a date such as 2001-12-31",
    )
    text = str(p)
    assert text.startswith("persons.xlsx, sheet 'Deltakere', row 4, column 'Fødselsdato'")
    assert "expected a date such as 2001-12-31" in text
    assert FNR not in text
    assert FNR not in repr(p)
    assert FNR not in json.dumps(p.to_dict())


def test_invalid_input_error_lists_every_problem():
    problems = [Problem(message=f"bad {i}", row=i) for i in range(25)]
    err = InvalidInputError(problems, what="persons.csv")
    assert len(err.problems) == 25
    assert str(err).startswith("persons.csv: 25 problems\n")
    assert "and 5 more" in str(err)
    assert len(json.loads(err.to_json())) == 25


def test_source_error_and_missing_extra():
    err = SourceError("x.json", "not JSON", row=3)
    assert "x.json, row 3: not JSON" in str(err)
    assert err.source == "x.json"
    extra = MissingExtraError("excel", "openpyxl", "Reading .xlsx files")
    assert "python -m pip install openpyxl" in str(extra)
    assert "python -m pip install '.[excel]'" in str(extra)
    assert isinstance(extra, ImportError)
