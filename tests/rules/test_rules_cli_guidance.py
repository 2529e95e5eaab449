"""`integreringslov assess`, the § 11 case timeline, and the demo section."""

import subprocess
import sys
from datetime import date

import attrs
import pandas as pd

from integreringslov.cli import main
from integreringslov.rules import GuidanceCase, check_guidance_case

HEADER = (
    "person_id;birth_date;permit_letter;permit_granted;settled_date;"
    "settled_by_agreement;nordic_or_eea\n"
)


def test_assess_semicolon_csv_with_bom_to_stdout(tmp_path, capsys):
    f = tmp_path / "persons.csv"
    f.write_bytes(
        ("\ufeff" + HEADER + "P1;15.06.1990;A;2023-03-01;2023-04-01;Ja;\n").encode("utf-8")
    )
    assert main(["assess", str(f), "--on", "2023-09-01"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "person_id,regime,programme,career_guidance,basis,reason"
    assert "P1,integreringsloven,right_and_duty,right_and_duty" in out


def test_assess_cp1252_comma_csv_to_file(tmp_path, capsys):
    f = tmp_path / "persons.csv"
    f.write_bytes(
        (HEADER.replace(";", ",") + "Bø-1,1990-06-15,e,2023-03-01,2023-04-01,x,\n").encode("cp1252")
    )
    out = tmp_path / "out.csv"
    assert main(["assess", str(f), "--on", "2023-09-01", "-o", str(out)]) == 0
    table = pd.read_csv(out, comment="#", dtype=str)
    assert table.loc[0, "person_id"] == "Bø-1"
    assert table.loc[0, "programme"] == "right"
    assert "wrote" in capsys.readouterr().out


def test_assess_invalid_input_exit_1_without_traceback(tmp_path):
    f = tmp_path / "persons.csv"
    f.write_text(HEADER + "P1;1990-06-15;h;2023-03-01;2023-04-01;ja;\nP2;1990-06-15;a;nope;;ja;\n")
    proc = subprocess.run(
        [sys.executable, "-m", "integreringslov", "assess", str(f), "--on", "2023-09-01"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    for text in ("row 2", "row 3", "permit_letter", "permit_granted"):
        assert text in proc.stderr


def test_assess_usage_errors_exit_2(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "integreringslov", "assess", "x.csv", "--on", "2024-13-01"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2


def test_assess_before_the_act_exit_1(tmp_path, capsys):
    f = tmp_path / "persons.csv"
    f.write_text(HEADER + "P1;1990-06-15;a;2020-03-01;2020-04-01;ja;\n")
    assert main(["assess", str(f), "--on", "2020-12-31"]) == 1
    assert "2021-01-01" in capsys.readouterr().err


def test_guidance_timeline_in_order_has_no_issues():
    case = GuidanceCase(
        mapping=date(2024, 1, 1),
        guidance=date(2024, 1, 15),
        decision=date(2024, 2, 1),
        recommendation=date(2024, 1, 20),
    )
    assert check_guidance_case(case) == ()


def test_guidance_timeline_breaks():
    late = GuidanceCase(
        mapping=date(2024, 1, 1), guidance=date(2024, 3, 1), decision=date(2024, 2, 1)
    )
    issues = check_guidance_case(late)
    assert [(i.severity, i.provision.short) for i in issues] == [
        ("warning", "§ 11 første ledd"),
        ("warning", "§ 11 fjerde ledd"),
    ]
    no_mapping = check_guidance_case(GuidanceCase(guidance=date(2024, 1, 1)))
    assert no_mapping[0].severity == "error"
    before_mapping = check_guidance_case(
        GuidanceCase(mapping=date(2024, 2, 1), guidance=date(2024, 1, 1), kapittel_6a=True)
    )
    assert [i.severity for i in before_mapping] == ["error"]  # § 11 fjerde ledd not under 6A


def test_guidance_after_the_decision_is_no_warning_under_kapittel_6a():
    """§ 37 b tredje ledd: guidance is «rett, men ikke plikt», so § 11's «bør» does not bind."""
    late = GuidanceCase(
        mapping=date(2024, 1, 1), guidance=date(2024, 3, 1), decision=date(2024, 2, 1)
    )
    assert check_guidance_case(attrs.evolve(late, kapittel_6a=True)) == ()
    no_guidance = GuidanceCase(mapping=date(2024, 1, 1), decision=date(2024, 2, 1))
    assert [i.provision.short for i in check_guidance_case(no_guidance)] == ["§ 11 første ledd"]
    assert check_guidance_case(attrs.evolve(no_guidance, kapittel_6a=True)) == ()


def test_demo_caseload_covers_main_outcomes():
    from integreringslov._reporting.report import demo_report

    text = demo_report(on=date(2026, 1, 1), lang="en", figures=False).to_text()
    for word in (
        "right and duty",
        "right ",
        "may offer",
        "not covered",
        "introduksjonsloven",
        "§ 37 c",
        "§ 8 fjerde ledd",
    ):
        assert word in text
