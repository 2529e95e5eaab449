"""Fødselsnummer: check digits, centuries, D-, H- and test numbers; never leaked."""

import logging
from datetime import date

import pandas as pd
import pytest

from integreringslov.errors import InvalidInputError
from integreringslov.fodselsnummer import birth_date, is_valid
from integreringslov.rules import assess_frame
from integreringslov.tables._fodselsnummer import birth_dates
from integreringslov.tables._rows import _holds_fnr


def make(day: int, month: int, yy: int, individual: int) -> str:
    """An independent implementation of the check-digit algorithm, for the tests."""
    base = f"{day:02d}{month:02d}{yy:02d}{individual:03d}"
    d = [int(c) for c in base]
    k1 = 11 - sum(w * x for w, x in zip([3, 7, 6, 1, 8, 9, 4, 5, 2], d, strict=True)) % 11
    k1 = 0 if k1 == 11 else k1
    k2 = 11 - sum(w * x for w, x in zip([5, 4, 3, 2, 7, 6, 5, 4, 3, 2], [*d, k1], strict=True)) % 11
    k2 = 0 if k2 == 11 else k2
    if 10 in (k1, k2):
        return make(day, month, yy, individual + 1)
    return f"{base}{k1}{k2}"


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (make(15, 5, 85, 123), date(1985, 5, 15)),
        (make(15, 5, 5, 501), date(2005, 5, 15)),
        (make(15, 5, 60, 550), date(1860, 5, 15)),
        (make(15, 5, 60, 950), date(1960, 5, 15)),
        (make(29, 2, 0, 600), date(2000, 2, 29)),
        (make(15 + 40, 5, 85, 123), date(1985, 5, 15)),  # D-number
        (make(15, 5 + 40, 85, 123), date(1985, 5, 15)),  # H-number
        (make(15, 5 + 80, 85, 123), date(1985, 5, 15)),  # synthetic test number
    ],
)
def test_birth_date(number, expected):
    assert birth_date(number) == expected
    assert is_valid(number)
    assert birth_dates(pd.Series([number])).values.iloc[0].date() == expected


def test_invalid_numbers():
    good = make(15, 5, 85, 123)
    wrong_check = good[:-1] + str((int(good[-1]) + 1) % 10)
    for bad in [
        wrong_check,
        "1234567890",
        "abcdefghijk",
        make(30, 2, 85, 123),
        make(15, 5, 45, 600),
    ]:
        assert not is_valid(bad)
    with pytest.raises(ValueError, match="not a valid") as exc:
        birth_date(wrong_check)
    assert wrong_check not in str(exc.value)
    parsed = birth_dates(pd.Series([good, wrong_check, ""]))
    assert parsed.invalid.tolist() == [False, True, False]
    assert wrong_check not in str(parsed.problems("fodselsnummer")[0])
    assert good not in parsed.original.tolist()


def test_fodselsnummer_column_replaces_birth_date_and_never_leaks(caplog):
    good = make(15, 6, 90, 123)
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    base = {
        "permit_letter": "a",
        "permit_granted": "2023-03-01",
        "settled_date": "2023-04-01",
        "settled_by_agreement": "ja",
        "nordic_or_eea": "",
    }
    frame = pd.DataFrame(
        [
            base | {"person_id": "1", "fodselsnummer": good},
            base | {"person_id": "2", "fodselsnummer": bad},
        ]
    )
    caplog.set_level(logging.DEBUG)
    with pytest.raises(InvalidInputError) as exc:
        assess_frame(frame, on=date(2023, 9, 1))
    text = str(exc.value) + exc.value.to_json() + repr(exc.value.problems)
    assert bad not in text
    assert good not in text
    result = assess_frame(frame, on=date(2023, 9, 1), errors="split")
    everything = result.assessed.to_csv() + result.invalid.to_csv() + repr(result) + caplog.text
    assert good not in everything
    assert bad not in everything
    assert "fodselsnummer" not in result.assessed.columns
    assert "fodselsnummer" not in result.invalid.columns
    assert result.assessed["programme"].tolist() == ["right_and_duty"]


def test_person_id_that_looks_like_a_fodselsnummer_is_refused():
    number = make(15, 6, 90, 123)
    frame = pd.DataFrame(
        [
            {
                "person_id": number,
                "birth_date": "1990-06-15",
                "permit_letter": "a",
                "permit_granted": "2023-03-01",
                "settled_by_agreement": "ja",
                "nordic_or_eea": "",
            }
        ]
    )
    with pytest.raises(InvalidInputError) as exc:
        assess_frame(frame, on=date(2023, 9, 1))
    assert number not in str(exc.value)


@pytest.mark.parametrize("dtype", [object, "string[pyarrow]"])
def test_ids_are_looked_at_by_their_characters_not_their_bytes(dtype):
    """Issue 23: Arrow's byte counts pick the ids to look at; characters decide.

    ``søknad-æøå`` has ten characters and thirteen bytes: no identity number can be in
    it. Eleven digits set off inside a longer id, or with spaces around, are refused.
    """
    pytest.importorskip("pyarrow")
    number = make(15, 6, 90, 123)
    ids = ["søknad-æøå", f"sak-{number}", f" {number} ", "p1", "åååååååååå"]
    found = _holds_fnr(pd.Series(ids, dtype=dtype))
    assert found.tolist() == [False, True, True, False, False]


# --------------------------------------------------------------------------- issue 12 item 5

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def test_other_digits_are_a_problem_for_their_row_not_an_exception_for_the_column():
    good = make(15, 5, 85, 123)
    column = pd.Series(  # index: the file's lines, as an importer sets it
        [good, good.translate(ARABIC_INDIC), good.translate(FULLWIDTH), ""], index=[2, 3, 4, 5]
    )
    parsed = birth_dates(column)  # 0.1 raised UnicodeEncodeError, its repr holding every number
    assert parsed.invalid.tolist() == [False, True, True, False]
    assert parsed.values.iloc[0].date() == date(1985, 5, 15)
    problems = parsed.problems("fodselsnummer", source="liste.csv")
    assert [p.row for p in problems] == [3, 4]
    text = "".join(str(p) + repr(p) for p in problems)
    for entry in column:
        if entry:
            assert entry not in text
    assert not is_valid(good.translate(ARABIC_INDIC))
    with pytest.raises(ValueError, match=r"eleven digits \(0-9\)") as exc:
        birth_date(good.translate(FULLWIDTH))
    assert good.translate(FULLWIDTH) not in str(exc.value)


@pytest.mark.parametrize("sep", [" ", "-", ".", "\u00a0"])
def test_the_usual_separators_after_the_birth_date_are_stripped(sep):
    good = make(24, 12, 70, 201)
    written = f"{good[:6]}{sep}{good[6:]}"
    assert birth_date(written) == date(1970, 12, 24)
    assert birth_dates(pd.Series([written])).values.iloc[0].date() == date(1970, 12, 24)
    assert birth_date(f"{good[:6]} {good[6:9]} {good[9:]}") == date(1970, 12, 24)


def test_a_birth_date_after_the_assessment_date_is_a_problem_for_that_row():
    born_2025 = make(1, 3, 25, 600)  # individual number 600 with year 25: born 2025-03-01
    born_1990 = make(1, 3, 90, 123)
    parsed = birth_dates(pd.Series([born_1990, born_2025], index=[2, 3]), on=date(2024, 6, 1))
    assert parsed.invalid.tolist() == [False, True]
    assert pd.isna(parsed.values.iloc[1])
    (problem,) = parsed.problems("Fødselsnummer")
    assert problem.row == 3
    assert problem.message == (
        "the birth date in the number lies after the assessment date 2024-06-01"
    )
    assert born_2025 not in str(problem)
    # the same number is fine for an assessment after the birth
    assert birth_dates(pd.Series([born_2025]), on=date(2025, 3, 1)).ok
