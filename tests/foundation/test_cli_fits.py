"""The command line fits its users (issue 12, items 3 and 4): one test per habit.

Dates as in the files, decimal commas, the file's own headers, the method names of the
Python API, a report on every import, a closed pipe, prerequisites before work, progress,
and bokmål — checked against the law's own terms.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import get_args

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from integreringslov._reporting.report import OUTCOME_LABELS
from integreringslov._text.i18n import outcome_label, outcome_words
from integreringslov.allocation import METHOD_NAMES, MethodName, apportion
from integreringslov.cli import EXIT_PIPE, main

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src/integreringslov_importers/data"
PERSONS = DATA / "spreadsheet/example_persons.csv"
MUNICIPALITIES = DATA / "spreadsheet/example_municipalities.csv"  # Buskerud, 2024 codes


def _cli(*args: str, stdout: int | None = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "integreringslov", *args],
        stdout=stdout, stderr=subprocess.PIPE, text=True, check=False, env=env, timeout=300,
    )  # fmt: skip


# --- dates -----------------------------------------------------------------------------------


def test_norwegian_dates_on_every_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    iso, nor = tmp_path / "iso.csv", tmp_path / "nor.csv"
    assert main(["assess", str(PERSONS), "--on", "2024-06-01", "-o", str(iso)]) == 0
    assert main(["assess", str(PERSONS), "--on", "01.06.2024", "-o", str(nor)]) == 0
    assert iso.read_bytes() == nor.read_bytes()
    capsys.readouterr()
    messages = []
    for command in (["assess", str(PERSONS)], ["demo"], ["recommend", "x.csv", "--total", "1"]):
        with pytest.raises(SystemExit) as exc:
            main([*command, "--on", "31.02.2024"])
        assert exc.value.code == 2
        err = capsys.readouterr().err
        messages.append(err.splitlines()[-1].split(": ", 2)[-1])
    assert messages[0] == messages[1] == messages[2]
    assert "31.02.2024" in messages[0]
    with pytest.raises(SystemExit):
        main(["demo", "--on", "june 1st"])
    assert "expected YYYY-MM-DD or DD.MM.YYYY" in capsys.readouterr().err


# --- criteria: decimal commas and the file's headers -----------------------------------------


def test_decimal_commas_and_headers_in_criteria(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    out_a, out_b = tmp_path / "a.csv", tmp_path / "b.csv"
    args = ["recommend", str(MUNICIPALITIES), "--total", "100", "--on", "2024-06-01"]
    # the file's headers «Innbyggere» and «Sysselsetting (%)», weights with decimal commas
    assert main([*args, "--criteria", "Innbyggere=0,7;Sysselsetting (%)=0,3", "-o",
                 str(out_a)]) == 0  # fmt: skip
    # the same as column names, decimal points, repeated --criteria
    assert main([*args, "--criteria", "population=0.7", "--criteria", "sysselsetting=0.3",
                 "-o", str(out_b)]) == 0  # fmt: skip
    a, b = pd.read_csv(out_a), pd.read_csv(out_b)
    pd.testing.assert_frame_equal(a, b)
    assert a["recommended"].sum() == 100
    capsys.readouterr()
    assert main([*args, "--criteria", "population=0,7,sysselsetting=0,3"]) == 0
    assert "70.0 %" in capsys.readouterr().out  # the weight 0,7 of 1,0
    assert main([*args, "--criteria", "Jobber=1"]) == 1
    err = capsys.readouterr().err
    assert "no criterion 'Jobber'" in err
    assert "population" in err


def test_a_lone_number_without_a_weight_says_how_to_write_criteria(
    capsys: pytest.CaptureFixture[str],
):
    args = ["recommend", str(MUNICIPALITIES), "--total", "10", "--criteria", "population=0.5,7"]
    assert main(args) == 1
    assert "separated by ';'" in capsys.readouterr().err


# --- methods -------------------------------------------------------------------------------


def test_every_method_name_works_in_python_and_on_the_command_line(
    capsys: pytest.CaptureFixture[str],
):
    assert set(get_args(MethodName)) == set(METHOD_NAMES)
    assert {"sainte-lague", "sainte_lague", "webster", "d'hondt", "hamilton"} <= set(METHOD_NAMES)
    weights = {"a": 4160, "b": 3380, "c": 2460}
    for name in METHOD_NAMES:
        apportion(10, weights, method=name)
        args = ["recommend", str(MUNICIPALITIES), "--total", "10", "--on", "2024-06-01",
                "--criteria", "population=1", "--method", name]  # fmt: skip
        assert main(args) == 0, name
    capsys.readouterr()
    with pytest.raises(SystemExit) as exc:
        main(["recommend", str(MUNICIPALITIES), "--total", "10", "--method", "bogus"])
    assert exc.value.code == 2
    assert "unknown method 'bogus'" in capsys.readouterr().err


# --- import reports ------------------------------------------------------------------------


def test_import_always_reports(capsys: pytest.CaptureFixture[str]):
    assert main(["import", str(PERSONS)]) == 0
    out, err = capsys.readouterr()
    assert "person_id" in out  # the table itself on stdout
    assert f"Read {PERSONS} with the importer spreadsheet" in err
    assert "4 rows, all valid" in err  # the sample has 4 persons
    assert main(["import", str(PERSONS), "--lang", "nb"]) == 0
    assert "4 rader, alle gyldige" in capsys.readouterr().err


# --- SIGPIPE -------------------------------------------------------------------------------


def test_a_closed_pipe_ends_quietly():
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line, as with `| head -0`
    try:
        proc = _cli("importers", stdout=write_end)
    finally:
        os.close(write_end)
    assert proc.stderr == ""
    assert proc.returncode == EXIT_PIPE


def test_importers_piped_to_head_exits_quietly():
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    shell = f"{sys.executable} -m integreringslov importers | head -2"
    proc = subprocess.run(["sh", "-c", shell], capture_output=True, text=True, env=env,
                          check=False, timeout=120)  # fmt: skip
    assert proc.returncode == 0
    assert proc.stderr == ""
    assert len(proc.stdout.splitlines()) == 2


# --- progress ------------------------------------------------------------------------------


def test_progress_only_when_forced_or_on_a_terminal(tmp_path: Path):
    args = ("assess", str(PERSONS), "--on", "2024-06-01", "-o", str(tmp_path / "o.csv"))
    quiet = _cli(*args)
    assert quiet.returncode == 0
    assert quiet.stderr == ""  # not a terminal: no progress
    shown = _cli(*args, "--progress", "--lang", "nb")
    assert shown.returncode == 0
    assert "Leser" in shown.stderr
    assert "Vurderer" in shown.stderr
    assert "4/4" in shown.stderr  # counts


# --- bokmål --------------------------------------------------------------------------------

LAW = {  # integreringsloven § 8 (Lovdata, consolidated 2025-11-09), the words of each outcome
    "right_and_duty": "… og som er bosatt i kommunen etter avtale med integreringsmyndighetene, "
    "har rett og plikt til å delta i introduksjonsprogram.",
    "may_offer": "Kommunen kan tilby introduksjonsprogram til innvandrere med oppholdstillatelse "
    "etter utlendingsloven kapittel 6 …",
    "not_covered": "Nordiske borgere og utlendinger som omfattes av Avtale om Det europeiske "
    "økonomiske samarbeidsområde (EØS-avtalen), omfattes ikke av denne bestemmelsen.",
    "right": "Personer som har fått oppholdstillatelse etter utlendingsloven § 34, har rett, men "
    "ikke plikt, til å gjennomføre karriereveiledning etter § 11 i loven her.",
}


def test_bokmal_outcome_labels_are_the_laws_own_terms():
    assert outcome_label("right_and_duty", "nb") == "rett og plikt"
    assert outcome_label("may_offer", "nb") == "kan tilby"
    assert outcome_label("not_covered", "nb") == "ikke omfattet"
    assert outcome_label("right", "nb") == "rett"
    for code, sentence in LAW.items():
        words = outcome_label(code, "nb").split()
        # the label's words stand in the law's sentence («omfattes ikke» → «ikke omfattet»)
        stems = [w[:6] for w in words]
        assert all(stem in sentence for stem in stems), (code, words)
    assert outcome_label("undetermined", "nb") == "ikke avgjort"
    # the same words as the reason sentence of an undetermined row
    assert outcome_words("undetermined", "nb").startswith(outcome_label("undetermined", "nb"))


def test_lang_nb_on_messages_and_summaries(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    out = tmp_path / "o.csv"
    assert main(["assess", str(PERSONS), "--on", "01.06.2024", "-o", str(out), "--lang",
                 "nb"]) == 0  # fmt: skip
    said = capsys.readouterr().out
    assert "vurderte 4 personer per 1. juni 2024" in said  # no ISO date in a bokmål sentence
    assert "rett og plikt" in said
    codes = pd.read_csv(out)["programme"]
    assert set(codes) <= set(OUTCOME_LABELS)  # the table keeps its English codes
    assert main(["assess", str(tmp_path / "none.csv"), "--on", "2024-06-01", "--lang", "nb"]) == 1
    assert "integreringslov assess: feil:" in capsys.readouterr().err


def test_lang_nb_on_an_error_the_command_line_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "notat.txt"
    path.write_text("hei\n", encoding="utf-8")
    assert main(["import", str(path), "--lang", "nb"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"integreringslov import: feil: {path}: 1 problem\n")
    assert "ingen installert importør kjenner igjen filen" in err
    assert main(["import", str(path)]) == 1  # English unless asked
    assert "no installed importer recognises this file" in capsys.readouterr().err


def test_lang_nb_reaches_the_importer_and_the_parsers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command runs inside the language asked for: a cell's problem is in bokmål too."""
    path = tmp_path / "personer.csv"
    text = PERSONS.read_text(encoding="utf-8")
    path.write_text(text.replace("14.03.1991", "31.02.1991"), encoding="utf-8")
    assert main(["assess", str(path), "--on", "2024-06-01", "--lang", "nb"]) == 1
    err = capsys.readouterr().err
    assert "rad 2, kolonne 'Fødselsdato': kan ikke lese verdien som en dato" in err
    assert "(fant '31.02.1991'; ventet en dato som ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ)" in err
    assert main(["assess", str(path), "--on", "2024-06-01"]) == 1
    assert "row 2, column 'Fødselsdato': cannot read the value as a date" in capsys.readouterr().err


def test_lang_nb_on_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """Even before the command runs: a bad option value is told in the language asked for."""
    with pytest.raises(SystemExit) as bad_date:
        main(["assess", "p.csv", "--on", "31.02.2024", "--lang", "nb"])
    assert bad_date.value.code == 2
    assert "integreringslov assess: feil: argumentet --on: datoen finnes ikke: '31.02.2024'" in (
        capsys.readouterr().err
    )
    with pytest.raises(SystemExit):
        main(["assess", "--lang=nb"])
    assert "feil: disse argumentene mangler: PERSONS, --on" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["assess", "p.csv", "--on", "31.02.2024"])
    assert "error: argument --on: no such date: '31.02.2024'" in capsys.readouterr().err


# --- a person table in its own CSV layout goes the one way in, as every file ---------------


def _own_layout(tmp_path: Path) -> Path:
    """The shipped sample, written with the contract's headers and ISO dates."""
    import integreringslov as il

    table = il.read(PERSONS).table
    path = tmp_path / "own.csv"
    table.to_csv(path, index=False, date_format="%Y-%m-%d")
    return path


def test_own_layout_gives_what_the_norwegian_sheet_gives(tmp_path: Path):
    own = _own_layout(tmp_path)
    via_norwegian, direct = tmp_path / "a.csv", tmp_path / "b.csv"
    assert main(["assess", str(PERSONS), "--on", "2024-06-01", "-o", str(via_norwegian)]) == 0
    assert main(["assess", str(own), "--on", "2024-06-01", "-o", str(direct)]) == 0
    assert via_norwegian.read_bytes() == direct.read_bytes()


def test_own_layout_problems_name_the_files_line(tmp_path: Path, capsys):
    own = _own_layout(tmp_path)
    lines = own.read_text("utf-8").splitlines()
    lines[2] = lines[2].replace(lines[2].split(",")[1], "1999-02-30", 1)  # second person
    own.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["assess", str(own), "--on", "2024-06-01"]) == 1
    err = capsys.readouterr().err
    assert "row 3, column 'birth_date'" in err  # line 3 of the file
    assert "1999-02-30" in err


def test_own_layout_with_a_ragged_row_is_refused_by_name(tmp_path: Path, capsys):
    own = _own_layout(tmp_path)
    with own.open("a", encoding="utf-8") as fh:
        fh.write("P-9,1990-01-01\n")
    assert main(["assess", str(own), "--on", "2024-06-01"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "row 6" in err
    assert "cells" in err


_DATE_TEXT = st.one_of(
    st.just(""),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)).map(date.isoformat),
    st.from_regex(r"\A[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\Z"),  # impossible or unpadded dates
    st.from_regex(r"\A[0-9]{2}\.[0-9]{2}\.[0-9]{4}\Z"),
)


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(_DATE_TEXT, min_size=1, max_size=12))
def test_arrow_dates_are_exactly_what_was_written(texts):
    """Arrow hands a date column over as dates only when every cell reads back exactly."""
    pytest.importorskip("pyarrow")
    from integreringslov._io.limits import DEFAULT_LIMITS
    from integreringslov.tables._coerce import parse_date
    from integreringslov_importers.spreadsheet._grids import _arrow_columns

    text = "person_id,birth_date\n" + "".join(f"P{i},{t}\n" for i, t in enumerate(texts))
    read = _arrow_columns(text, ",", "p.csv", DEFAULT_LIMITS)
    assert read is not None
    body, empty = read[1](0, {1})
    kept = list(texts)  # every row has an id: none is empty
    assert empty == 0
    assert list(body.index) == list(range(2, len(texts) + 2))  # the file's lines
    column = body[1]
    if pd.api.types.is_datetime64_any_dtype(column):
        # not strftime: it writes the year 1 as «1», not «0001»
        shown = [("" if pd.isna(v) else f"{v.year:04d}-{v.month:02d}-{v.day:02d}") for v in column]
        assert shown == kept
        assert parse_date(pd.Series(kept)).ok  # what the parser accepts too
    else:
        assert [("" if pd.isna(v) else v) for v in column] == kept


def test_every_command_takes_lang_and_the_long_ones_progress():
    from integreringslov.cli import build_parser

    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    assert commands
    for name, command in commands.items():
        options = {o for a in command._actions for o in a.option_strings}
        nested = [
            p for a in command._actions if isinstance(a, argparse._SubParsersAction)
            for p in a.choices.values()
        ]  # fmt: skip
        assert "--lang" in options or all(
            "--lang" in {o for a in p._actions for o in a.option_strings} for p in nested
        ), name
        long_steps = name in ("assess", "import", "demo")
        assert ({"--progress", "--no-progress"} <= options) is long_steps, name


def test_demo_in_bokmal_on_the_terminal(capsys: pytest.CaptureFixture[str]):
    assert main(["demo", "--on", "01.01.2026", "--lang", "nb"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("integreringslov demo — loven anvendt per 01.01.2026")
    assert "Per 01.06.2024: 357 kommuner i 15 fylker." in out  # SSB KLASS 131
    assert "rett og plikt" in out
    assert "Anbefaling per kommune" in out
