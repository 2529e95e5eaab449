"""``integreringslov recommend``: reads the CSV itself, exit 0/1/2, no tracebacks."""

from __future__ import annotations

import pandas as pd
import pytest

from integreringslov.cli import main
from integreringslov.settlement._reference import trondelag_2022_criteria


def test_recommend_semicolon_decimal_comma_cp1252(tmp_path, capsys):
    path = tmp_path / "kommuner.csv"
    t = trondelag_2022_criteria()
    path.write_bytes(t.to_csv(index=False, sep=";", decimal=",").encode("cp1252"))
    out = tmp_path / "out.csv"
    rc = main(
        [
            "recommend",
            str(path),
            "--total",
            "3790",
            "--minimum",
            "10",
            "--criteria",
            "population=0.6,requested_original=0.3,spread=0.1",
            "--method",
            "sainte_lague",
            "-o",
            str(out),
        ]
    )
    assert rc == 0
    text = capsys.readouterr().out
    assert "Trondheim" in text
    assert "§ 4 andre ledd" in text
    assert "Frøya" in text
    result = pd.read_csv(out, comment="#", dtype={"municipality": str})
    assert result["recommended"].sum() == 3790
    assert "contribution_population" in result.columns


def test_single_criterion_column_needs_no_criteria(tmp_path, capsys):
    path = tmp_path / "k.csv"
    path.write_text("\ufeffmunicipality,population\n5001,100\n5006,50\n", encoding="utf-8")
    assert main(["recommend", str(path), "--total", "3"]) == 0
    assert "5001" in capsys.readouterr().out


def test_bad_rows_exit_1_with_report(tmp_path, capsys):
    path = tmp_path / "k.csv"
    path.write_text("municipality,population,jobs\n5001,100,x\n50x1,20,3\n", encoding="utf-8")
    rc = main(["recommend", str(path), "--total", "10", "--criteria", "population=1,jobs=1"])
    err = capsys.readouterr().err
    assert rc == 1
    assert "row 2, column 'jobs'" in err
    assert "row 3, column 'municipality'" in err
    assert "Traceback" not in err


def test_ambiguous_criteria_and_usage_errors(tmp_path, capsys):
    path = tmp_path / "k.csv"
    path.write_text("municipality,a,b\n5001,1,2\n", encoding="utf-8")
    assert main(["recommend", str(path), "--total", "10"]) == 1
    assert "--criteria" in capsys.readouterr().err
    assert main(["recommend", str(path), "--total", "10", "--criteria", "a=x"]) == 1
    assert main(["recommend", str(tmp_path / "none.csv"), "--total", "1"]) == 1
    with pytest.raises(SystemExit) as exc:
        main(["recommend", str(path), "--total", "-3"])
    assert exc.value.code == 2
