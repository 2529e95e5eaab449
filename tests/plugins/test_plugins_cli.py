"""`integreringslov import` and `integreringslov importers` with built-ins only."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest

from integreringslov.cli import main
from integreringslov.plugins import default_plugins

SAMPLE = (
    Path(__file__).resolve().parents[1]
    / "data"
    / "ssb"
    / "samples"
    / "ssb_v0dataset_1120_jsonstat1.json"
)


@pytest.fixture(autouse=True)
def _builtins_only(fake_distributions: Callable[..., None]) -> Iterator[None]:
    fake_distributions()  # no third-party plugins
    yield
    default_plugins.cache_clear()


def test_importers_lists_the_builtins(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["importers", "--json"]) == 0
    records = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert records["ssb-jsonstat"]["table"] == "SsbTable"
    assert records["ssb-csv"]["patterns"] == ["SSB_*.csv", "*.csv"]
    assert records["ssb-jsonstat"]["plugin"] == "integreringslov_importers.ssb"


@pytest.mark.parametrize(
    ("suffix", "options"),
    [(".csv", []), (".csv", ["--excel-csv"]), (".json", []), (".parquet", []), (".xlsx", [])],
)
def test_import_writes_a_table_that_reads_back(
    tmp_path: Path, suffix: str, options: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"out{suffix}"
    assert main(["import", str(SAMPLE), "-o", str(out), *options]) == 0
    capsys.readouterr()
    assert main(["import", str(out), "--report", "json"]) == 0
    printed = capsys.readouterr()
    assert json.loads(printed.err)["table"] == "SsbTable"
    table = pd.read_csv(io.StringIO(printed.out), dtype={"VareGrupper2": str})
    assert len(table) == 8
    assert table["value"].tolist()[5] == 43.49  # the sample's sixth value
    if suffix == ".csv":
        excel = {"sep": ";", "decimal": ","} if options else {}  # Norwegian Excel's form
        other = pd.read_csv(out, dtype={"VareGrupper2": str}, **excel)  # type: ignore[call-overload]
        assert other["value"].tolist()[5] == 43.49


def test_a_written_table_is_refused_by_an_importer_of_another_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.csv"
    assert main(["import", str(SAMPLE), "-o", str(out)]) == 0
    capsys.readouterr()
    for importer in ("imdi", "spreadsheet", "integreringslov-assessment"):
        assert main(["import", str(out), "--importer", importer]) == 1
        err = capsys.readouterr().err
        assert "written by integreringslov as a SsbTable" in err
        assert "'integreringslov-ssb'" in err
        assert "Traceback" not in err


def test_import_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(SAMPLE), "--importer", "ssb-jsonstat"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("VareGrupper2,Tid,ContentsCode")


def test_unknown_importer_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(SAMPLE), "--importer", "nope"]) == 1
    err = capsys.readouterr().err
    assert "no importer called 'nope'" in err
    assert "Traceback" not in err


def test_missing_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(tmp_path / "absent.json")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_import_to_stdout_neutralises_formulas(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "persons.csv"
    path.write_text(
        "person_id,birth_date,permit_letter,permit_granted,settled_date,"
        "settled_by_agreement,nordic_or_eea\n"
        '"=HYPERLINK(""x"")",1990-01-01,a,2024-01-01,2024-02-01,ja,nei\n',
        encoding="utf-8",
    )
    assert main(["import", str(path)]) == 0
    out = capsys.readouterr().out
    assert "'=HYPERLINK" in out
    assert "\n=HYPERLINK" not in out
