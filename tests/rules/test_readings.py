"""Readings of open texts: declared once, chosen by ``readings=`` / ``--reading``.

The § 37 b tredje ledd cases come from the law's text (integreringsloven, LOV-2020-11-06-127,
kapittel 6A as added by LOV-2022-06-10-35, in force 2022-06-15 by FOR-2022-06-10-994, and
repealed from 2026-07-01 by LOV-2025-06-20-35): «Personer som har fått oppholdstillatelse etter
utlendingsloven § 34, har rett, men ikke plikt, til å gjennomføre karriereveiledning etter
§ 11 i loven her.» Each reading is shown on the day before and the day of the chapter's
entry into force, and on its last day and the day after it.
"""

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings

import integreringslov as il
from integreringslov.model import PermitLetter, Person, ResidencePermit, Settlement
from integreringslov.rules import check_person
from integreringslov.rules._readings import READING, READINGS, chosen, parse_reading
from strategies import persons

PAGE = Path(__file__).parents[2] / "docs" / "law" / "readings.md"
EVERY = {"section-37b-guidance": "every-holder"}
DEFAULT = {"section-37b-guidance": "section-8-group"}


def test_the_page_has_one_section_per_declared_reading_in_order():
    headings = re.findall(r"^## (.+)$", PAGE.read_text(encoding="utf-8"), flags=re.M)
    assert headings == [r.question for r in READINGS]


def test_every_choice_is_on_the_page_with_its_options_default_first():
    page = PAGE.read_text(encoding="utf-8")
    choices = [r for r in READINGS if len(r.options) > 1]
    assert choices  # at least § 37 b tredje ledd
    for r in choices:
        row = f"| `{r.key}` | " + ", ".join(f"`{o}`" for o in r.options) + " |"
        assert row in page
        assert r.default == r.options[0]


def test_keys_are_unique_and_every_reading_argues():
    assert len(READING) == len(READINGS)
    assert all(r.argument.strip() and r.options for r in READINGS)


def test_unknown_key_or_option_is_a_clear_error():
    with pytest.raises(ValueError, match=r"no reading 'nope'.*section-37b-guidance"):
        chosen({"nope": "x"})
    with pytest.raises(ValueError, match=r"has no option 'all'.*every-holder"):
        chosen({"section-37b-guidance": "all"})
    with pytest.raises(ValueError, match="KEY=OPTION"):
        parse_reading("section-37b-guidance")
    assert parse_reading("section-37b-guidance=every-holder") == (
        "section-37b-guidance",
        "every-holder",
    )


def _holder(born: date, *, settled: bool = True) -> Person:
    """A § 34 holder (letter e, granted 2022-05-02, from 2022-03-11), settled by agreement."""
    return Person(
        person_id="p1",
        birth_date=born,
        permit=ResidencePermit(letter=PermitLetter.E, granted=date(2022, 5, 2)),
        settlement=Settlement(date=date(2022, 5, 20), by_agreement=True) if settled else None,
    )


@pytest.mark.parametrize(
    ("on", "default", "every"),
    [
        # 2022-06-14: kapittel 6A not yet in force — § 11 første ledd alone, both readings.
        (date(2022, 6, 14), "not_covered", "not_covered"),
        # 2022-06-15: § 37 b tredje ledd in force — the readings part.
        (date(2022, 6, 15), "not_covered", "right"),
        # 2026-06-30: the chapter's last day.
        (date(2026, 6, 30), "not_covered", "right"),
        # 2026-07-01: kapittel 6A repealed (LOV-2025-06-20-35) — both readings agree again.
        (date(2026, 7, 1), "not_covered", "not_covered"),
    ],
)
def test_37b_tredje_ledd_under_18_at_the_grant(on, default, every):
    """§ 37 b tredje ledd with § 8 første ledd («mellom 18 og 55 år»): the two readings."""
    p = _holder(date(2006, 1, 1))  # 16 at the grant
    a, b = il.assess(p, on=on), il.assess(p, on=on, readings=EVERY)
    assert a.programme.value == b.programme.value == "not_covered"
    assert (a.career_guidance.value, b.career_guidance.value) == (default, every)
    assert a == il.assess(p, on=on, readings=DEFAULT)
    if every == "right":  # the reading decided: each reason names it
        assert "section-37b-guidance=section-8-group" in a.reason
        assert "section-37b-guidance=every-holder" in b.reason
        assert "§ 37 b tredje ledd" in b.basis
        assert "§ 11 første ledd" in b.basis
        nb = il.assess(p, on=on, readings=EVERY, lang="nb")
        assert "Karriereveiledning: rett, men ikke plikt" in nb.reason
        assert "tolkning section-37b-guidance=every-holder" in nb.reason
    else:
        assert "section-37b-guidance" not in a.reason + b.reason
        assert a == b


def test_37b_within_section_8_the_readings_agree():
    """Aged 18–55, settled by agreement: § 37 b tredje ledd reaches the person on both."""
    p = _holder(date(1990, 1, 1))
    on = date(2022, 6, 15)
    a, b = il.assess(p, on=on), il.assess(p, on=on, readings=EVERY)
    assert a == b
    assert a.career_guidance.value == "right"
    assert "section-37b-guidance" not in a.reason


def test_37b_not_settled_stays_not_covered_on_both():
    p = _holder(date(2006, 1, 1), settled=False)
    on = date(2022, 6, 15)
    assert il.assess(p, on=on, readings=EVERY).career_guidance.value == "not_covered"


ROWS = [
    {"person_id": pid, "birth_date": born, "permit_letter": letter,
     "permit_granted": "2022-05-02", "settled_date": "2022-05-20",
     "settled_by_agreement": agreed, "nordic_or_eea": "nei"}
    for pid, born, letter, agreed in [
        ("minor", "2006-01-01", "e", "ja"),
        ("no-agreement", "1990-01-01", "e", "nei"),
        ("adult", "1990-01-01", "e", "ja"),
        ("refugee-a", "2006-01-01", "a", "ja"),
    ]
]  # fmt: skip


def test_assess_frame_panel_and_compare_take_the_reading():
    table = pd.DataFrame(ROWS)
    on = date(2023, 1, 10)
    base = il.assess_frame(table, on=on)
    pd.testing.assert_frame_equal(base, il.assess_frame(table, on=on, readings=DEFAULT))
    every = il.assess_frame(table, on=on, readings=EVERY)
    assert list(base["career_guidance"].astype(str)) == [
        "not_covered",
        "not_covered",
        "right",
        "not_covered",
    ]
    # every § 34 holder: the minor and the one settled without agreement; a letter-a
    # refugee is no § 34 holder
    assert list(every["career_guidance"].astype(str)) == ["right", "right", "right", "not_covered"]
    assert list(every["programme"].astype(str)) == list(base["programme"].astype(str))
    panel = il.assess_panel(table, dates=[date(2022, 6, 14), on], readings=EVERY)
    got = panel[panel["person_id"] == "minor"]["career_guidance"].astype(str).tolist()
    assert got == ["not_covered", "right"]
    cmp = il.compare(table, on=on, reform="age-60", readings=EVERY)
    assert cmp["career_guidance"].astype(str).tolist()[:2] == ["right", "right"]
    assert cmp["reform_career_guidance"].astype(str).tolist()[:2] == ["right", "right"]


def test_37b_an_open_agreement_leaves_guidance_open_only_on_the_default():
    """An empty settled_by_agreement: § 8 første ledd (and § 37 b on both readings) or § 8
    tredje ledd; on every-holder, guidance is a right on either answer."""
    row = dict(ROWS[2], settled_by_agreement="")
    on = date(2023, 1, 10)
    a = il.assess_frame(pd.DataFrame([row]), on=on).iloc[0]
    b = il.assess_frame(pd.DataFrame([row]), on=on, readings=EVERY).iloc[0]
    assert (a["programme"], a["career_guidance"]) == ("undetermined", "undetermined")
    assert (b["programme"], b["career_guidance"]) == ("undetermined", "right")
    assert "section-37b-guidance" not in a["reason"]
    assert "section-37b-guidance=every-holder" in b["reason"]


def test_assess_frame_rejects_an_unknown_reading():
    with pytest.raises(ValueError, match="no reading"):
        il.assess_frame(pd.DataFrame(ROWS), on=date(2023, 1, 10), readings={"x": "y"})


def test_cli_reading(tmp_path):
    f = tmp_path / "persons.csv"
    pd.DataFrame(ROWS).to_csv(f, index=False)
    run = [sys.executable, "-m", "integreringslov", "assess", str(f), "--on", "2023-01-10"]
    chosen_ = subprocess.run(
        [*run, "--reading", "section-37b-guidance=every-holder"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "minor,integreringsloven,not_covered,right," in chosen_.stdout
    default = subprocess.run(run, capture_output=True, text=True, check=True)
    assert "minor,integreringsloven,not_covered,not_covered," in default.stdout
    bad = subprocess.run([*run, "--reading", "section-37b-guidance=all"],
                         capture_output=True, text=True, check=False)  # fmt: skip
    assert bad.returncode == 2
    assert "has no option 'all'" in bad.stderr
    assert "Traceback" not in bad.stderr
    nb = subprocess.run([*run[:3], "--lang", "nb", *run[3:], "--reading", "nope=x"],
                        capture_output=True, text=True, check=False)  # fmt: skip
    assert nb.returncode == 2
    assert "ingen tolkning 'nope'" in nb.stderr


@settings(max_examples=60, deadline=None)
@given(persons())
def test_the_choice_only_ever_gives_career_guidance(case):
    """Property: the reading changes nothing but career guidance, to right (from not_covered,
    or from undetermined where only the person's § 8 answer was open),
    and only for a § 34 holder (letter e); the default is the same as giving no reading."""
    on, person = case
    if check_person(person, on=on):
        return
    a = il.assess(person, on=on)
    assert a == il.assess(person, on=on, readings=DEFAULT)
    b = il.assess(person, on=on, readings=EVERY)
    assert a.programme is b.programme
    if a.career_guidance is not b.career_guidance:
        assert person.permit.letter is PermitLetter.E
        assert a.career_guidance.value in ("not_covered", "undetermined")
        assert b.career_guidance.value == "right"


@pytest.mark.parametrize(
    ("case", "on"),
    [
        # § 8 tredje ledd: over 55 at the grant (born 1960, granted 2022-05-02)
        ({"birth_date": "1960-01-01"}, date(2023, 1, 10)),
        # § 8 første ledd tredje punktum: two years or more at the assessment (no decision)
        ({}, date(2024, 6, 1)),
        # § 8 fjerde ledd (LOV-2025-06-20-35, from 2026-01-01): 30 hours or more of work;
        ({"work_hours_per_week": "35", "permit_granted": "2025-09-01",
          "settled_date": "2025-10-01"}, date(2026, 1, 1)),
    ],
)  # fmt: skip
def test_37b_other_grounds_outside_section_8(case, on):
    """Over 55, two years, 30 hours: outside § 8 første ledd, so the reading decides."""
    row = dict(ROWS[2]) | case
    a = il.assess_frame(pd.DataFrame([row]), on=on).iloc[0]
    b = il.assess_frame(pd.DataFrame([row]), on=on, readings=EVERY).iloc[0]
    assert (a["career_guidance"], b["career_guidance"]) == ("not_covered", "right")
    assert a["programme"] == b["programme"]
    assert a["programme"] != "right"
    assert "section-37b-guidance=section-8-group" in a["reason"]
