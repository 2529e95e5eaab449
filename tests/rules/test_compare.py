"""Reforms (issue 20): il.compare and ``integreringslov assess --reform``.

The age-60 reform is LOV-2025-06-20-35 del I, § 8 første ledd «fra og med 18 til og med 60
år» and tredje ledd «over 60 år», adopted but not put into force (FOR-2025-06-20-1102).
Under the law in force (LOV-2020-11-06-127 § 8 første ledd «mellom 18 og 55 år») the 56th
birthday on the grant date gives *kan tilby*.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import integreringslov as il
from integreringslov.cli import main

ON = date(2023, 9, 1)
BASE = {
    "permit_letter": "a",
    "permit_granted": "2023-03-01",
    "settled_date": "2023-04-01",
    "settled_by_agreement": "ja",
    "nordic_or_eea": "nei",
}
# birth dates around the 56th and the 61st birthday on the grant date (2023-03-01)
BIRTHS = {
    "55": "1967-03-02",  # the day before the 56th birthday: in force and reform alike
    "56": "1967-03-01",  # the 56th birthday: may offer now, right and duty under age-60
    "60": "1962-03-02",  # the day before the 61st: right and duty under age-60
    "61": "1962-03-01",  # the 61st birthday: may offer under both
}


def _persons(municipality: bool = False) -> pd.DataFrame:
    rows = [BASE | {"person_id": k, "birth_date": b} for k, b in BIRTHS.items()]
    frame = pd.DataFrame(rows)
    if municipality:
        frame["municipality"] = ["5001", "5001", "5035", "5035"]
    return frame


def test_age_60_changes_exactly_the_persons_between_56_and_60():
    out = il.compare(_persons(), on=ON, reform="age-60").set_index("person_id")
    assert out["programme"].astype(str).to_dict() == {
        "55": "right_and_duty",
        "56": "may_offer",
        "60": "may_offer",
        "61": "may_offer",
    }
    assert out["reform_programme"].astype(str).to_dict() == {
        "55": "right_and_duty",
        "56": "right_and_duty",
        "60": "right_and_duty",
        "61": "may_offer",
    }
    assert out["changed"].to_dict() == {"55": False, "56": True, "60": True, "61": False}
    assert "Over 60" in out.loc["61", "reform_reason"]
    assert "§ 8 tredje ledd første punktum" in out.loc["61", "reform_basis"]


def test_the_law_in_force_side_equals_assess_frame():
    persons = _persons()
    out = il.compare(persons, on=ON, reform="age-60")
    alone = il.assess_frame(persons, on=ON)
    for column in ("programme", "career_guidance"):
        assert out[column].astype(str).tolist() == alone[column].astype(str).tolist()


def test_a_parameter_changed_by_name():
    """§ 8 første ledd tredje punktum: «mindre enn to år»; as if it said three."""
    persons = pd.DataFrame(
        [BASE | {"person_id": "x", "birth_date": "1990-01-01", "settled_date": "2023-04-01"}]
    )
    on = date(2025, 4, 1)  # two whole years after the settlement
    out = il.compare(persons, on=on, reform={"programme.years_in_municipality": 3})
    assert (out.loc[0, "programme"], out.loc[0, "reform_programme"]) == (
        "not_covered",
        "right_and_duty",
    )
    assert "less than 3 years" in out.loc[0, "reform_reason"]


def test_summary_by_municipality():
    from integreringslov.rules._compare import summarise

    out = il.compare(_persons(municipality=True), on=ON, reform="age-60")
    assert out["municipality"].tolist() == ["5001", "5001", "5035", "5035"]
    summary = summarise(out)
    assert summary.loc["5001", "more_right_and_duty"] == 1
    assert summary.loc["5035", "more_right_and_duty"] == 1
    assert summary.loc["all"].tolist() == [4, 1, 3, 2, 2]


def test_unknown_reforms_and_parameters_are_refused_by_name():
    with pytest.raises(ValueError, match="age-60"):
        il.compare(_persons(), on=ON, reform="age-70")
    with pytest.raises(ValueError, match=r"programme\.age_max"):
        il.compare(_persons(), on=ON, reform={"programme.nope": 1})


def test_polars_in_polars_out():
    out = il.compare(pl.from_pandas(_persons()), on=ON, reform="age-60")
    assert isinstance(out, pl.DataFrame)
    assert out["changed"].to_list() == [False, True, True, False]


@settings(max_examples=25, deadline=None)
@given(age=st.integers(min_value=18, max_value=70), offset=st.integers(-2, 2))
def test_the_reform_never_takes_right_and_duty_away(age, offset):
    """Invariant: raising the upper age can only add right and duty, never remove it."""
    granted = date(2023, 3, 1)
    birth = date(granted.year - age, 3, 1 + 2 + offset)
    row = BASE | {"person_id": "h", "birth_date": birth.isoformat()}
    out = il.compare(pd.DataFrame([row]), on=ON, reform="age-60").iloc[0]
    if out["programme"] == "right_and_duty":
        assert out["reform_programme"] == "right_and_duty"


def test_cli_reform_writes_both_outcomes_and_a_summary(tmp_path, capsys):
    source = tmp_path / "persons.csv"
    _persons().to_csv(source, index=False)
    target = tmp_path / "out.csv"
    assert main(["assess", str(source), "--on", "2023-09-01", "--reform", "age-60",
                 "-o", str(target)]) == 0  # fmt: skip
    said = capsys.readouterr().out
    assert "+2 persons with right and duty" in said
    assert "(1 → 3)" in said
    written = pd.read_csv(target, dtype=str)
    assert written["reform_programme"].tolist() == [
        "right_and_duty",
        "right_and_duty",
        "right_and_duty",
        "may_offer",
    ]


@pytest.mark.parametrize("header", ["municipality", "Kommunenummer"])
def test_cli_reform_summary_by_municipality_when_the_file_has_one(tmp_path, capsys, header):
    """The issue's words: «how many more persons with right and duty, by municipality when
    the table has one». A file's kommunenummer (``301`` and ``K5035`` as spreadsheets and
    IMDi write them) is carried through and counted by; the rules do not read it."""
    source = tmp_path / "persons.csv"
    frame = _persons(municipality=True).rename(columns={"municipality": header})
    frame[header] = ["5001", "5001", "K5035", "301"]
    frame.to_csv(source, index=False)
    target = tmp_path / "out.csv"
    assert main(["assess", str(source), "--on", "2023-09-01", "--reform", "age-60",
                 "-o", str(target), "--lang", "nb"]) == 0  # fmt: skip
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert "+2 personer med rett og plikt" in lines[0]
    assert "(Øvre aldersgrense i § 8 første ledd hevet fra 55 til 60 år" in lines[0]
    assert lines[1:] == [
        "  0301: +0 (0 → 0), 0 endret",
        "  5001: +1 (1 → 2), 1 endret",
        "  5035: +1 (0 → 1), 1 endret",
    ]
    assert "not used" not in err
    assert "ikke brukt" not in err
    written = pd.read_csv(target, dtype=str)
    assert written["municipality"].tolist() == ["5001", "5001", "5035", "0301"]
    # the assessment itself is the same with and without the column
    plain = il.assess_frame(_persons(), on=ON)
    read = il.read(source).table
    assert list(il.assess_frame(read, on=ON)["programme"]) == list(plain["programme"])


def test_a_municipality_that_is_no_kommunenummer_is_refused_with_its_row(tmp_path, capsys):
    source = tmp_path / "persons.csv"
    frame = _persons(municipality=True)
    frame["municipality"] = ["5001", "Trondheim", "5035", "5035"]
    frame.to_csv(source, index=False)
    assert main(["assess", str(source), "--on", "2023-09-01", "--reform", "age-60"]) == 1
    err = capsys.readouterr().err
    assert "Trondheim" in err
    assert "row 3" in err


def test_the_api_reads_and_checks_the_municipality_as_the_importer_does():
    frame = _persons(municipality=True)
    frame["municipality"] = ["5001", "K5001", "301", "5035 Steinkjer"]
    out = il.compare(frame, on=ON, reform="age-60")
    assert out["municipality"].tolist() == ["5001", "5001", "0301", "5035"]
    frame["municipality"] = ["5001", "5001", "Steinkjer", "5035"]
    for run in (il.compare, il.assess_frame):
        kwargs = {"reform": "age-60"} if run is il.compare else {}
        with pytest.raises(il.InvalidInputError) as caught:
            run(frame, on=ON, **kwargs)
        (problem,) = caught.value.problems
        assert problem.column == "municipality"
        assert problem.value == "Steinkjer"


def test_cli_unknown_reform_exits_1(tmp_path, capsys):
    source = tmp_path / "persons.csv"
    _persons().to_csv(source, index=False)
    assert main(["assess", str(source), "--on", "2023-09-01", "--reform", "age-70"]) == 1
    assert "age-60" in capsys.readouterr().err
