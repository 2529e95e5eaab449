"""Conformance: every way a person can arrive gives the same assessment, for every law case.

Issue 19: the same person got ``right_and_duty`` from a CSV file in the contract's layout
and ``may_offer`` once the file had one more column, because the command line read the
first file itself and the second through the spreadsheet importer, which lacked columns.
Now :func:`integreringslov.read` is the one way in, and every way below must give, for
every case of ``tests/law_cases/eligibility.csv``, the programme and career guidance the
case expects, and the same basis and reason as :func:`integreringslov.assess` gives for
the person built from the row:

- a CSV with only the contract's columns; the same with an extra column (``merknad``);
  ``;``-separated with a UTF-8 byte order mark; local headers named in a TOML mapping
  (with ``DD.MM.YYYY`` dates, ``x``/empty and decimal commas); a workbook with the headers
  recognised in bokmål — each through ``il.read`` and ``il.assess_frame``;
- the same files read with the library's Arrow paths blocked in this process (pandas
  keeps its own pyarrow here: it cannot be taken away from a running pandas);
- ``integreringslov assess FILE --on DATE -o out.csv`` (in this process), and in a
  process where ``import pyarrow`` fails from the start;
- ``il.assess`` on the person built from the row.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from contextlib import redirect_stdout
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

import integreringslov as il
from integreringslov.cli import main
from integreringslov.rules import parse_persons, persons_from_rows
from integreringslov.tables.persons import INPUT_COLUMNS, PERSON_COLUMNS
from integreringslov_importers.spreadsheet import _grids
from strategies import written

CASES_FILE = Path(__file__).parents[1] / "law_cases" / "eligibility.csv"
with CASES_FILE.open(encoding="utf-8", newline="") as _fh:
    CASES = {f"case-{i:02d}": case for i, case in enumerate(csv.DictReader(_fh))}
DATES = sorted({case["on"] for case in CASES.values()})
OUTCOME = ("programme", "career_guidance", "basis", "reason")
BLOCK_PYARROW = """
import sys

class NoPyarrow:
    def find_spec(self, name, path=None, target=None):
        if name == "pyarrow" or name.startswith("pyarrow."):
            raise ImportError(f"{name} is blocked: a machine without pyarrow")
        return None

sys.meta_path.insert(0, NoPyarrow())
"""
"""Makes every ``import pyarrow`` fail, before pandas is imported."""

Outcomes = dict[str, tuple[str, ...]]


def _text_rows(on: str) -> list[dict[str, str]]:
    """The cases assessed on ``on``, as the contract's columns (text, as in the case file)."""
    return [
        {"person_id": key, **{c: case[c] for c in INPUT_COLUMNS if c != "person_id"}}
        for key, case in CASES.items()
        if case["on"] == on
    ]


def _typed_rows(on: str) -> list[dict[str, object]]:
    """The same cells typed (dates, booleans, numbers; ``None`` for empty)."""
    table = parse_persons(pd.DataFrame(_text_rows(on), dtype=str)).table
    return [
        {k: (None if pd.isna(v) else v.date() if isinstance(v, pd.Timestamp) else v)
         for k, v in row.items()}
        for row in table.astype(object).to_dict("records")
    ]  # fmt: skip


def _write_csv(path: Path, header: list[str], rows: list[list[str]], *, sep: str = ",",
               bom: bool = False) -> Path:  # fmt: skip
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        out = csv.writer(fh, delimiter=sep)
        out.writerow(header)
        out.writerows(rows)
    return path


def _contract_csv(folder: Path, on: str) -> Path:
    rows = [[row[c] for c in INPUT_COLUMNS] for row in _text_rows(on)]
    return _write_csv(folder / f"contract-{on}.csv", list(INPUT_COLUMNS), rows)


def _merknad_csv(folder: Path, on: str) -> Path:
    rows = [[row[c] for c in INPUT_COLUMNS] + ["ring tilbake; «viktig», 3 barn"]
            for row in _text_rows(on)]  # fmt: skip
    return _write_csv(folder / f"merknad-{on}.csv", [*INPUT_COLUMNS, "merknad"], rows)


def _bom_csv(folder: Path, on: str) -> Path:
    rows = [[row[c] for c in INPUT_COLUMNS] for row in _text_rows(on)]
    return _write_csv(folder / f"bom-{on}.csv", list(INPUT_COLUMNS), rows, sep=";", bom=True)


LOCAL = {c.name: f"{c.headers[0].capitalize()} (lokal)" for c in PERSON_COLUMNS}
"""Headers no importer knows by itself: the mapping names them."""


def _mapped_csv(folder: Path, on: str) -> Path:
    mapping = folder / "map.toml"
    mapping.write_text(
        'table = "persons"\n[columns]\n' + "".join(f'{k} = "{v}"\n' for k, v in LOCAL.items()),
        encoding="utf-8",
    )
    rows = [[written(row[c], style=1) for c in INPUT_COLUMNS] for row in _typed_rows(on)]
    return _write_csv(folder / f"lokal-{on}.csv", list(LOCAL.values()), rows, sep=";")


def _workbook(folder: Path, on: str) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Deltakere"
    sheet.append(["Deltakere i introduksjonsprogrammet"])  # a title row above the header
    sheet.append([c.headers[0].capitalize() for c in PERSON_COLUMNS])
    for row in _typed_rows(on):
        sheet.append([row[c] for c in INPUT_COLUMNS])
    path = folder / f"deltakere-{on}.xlsx"
    book.save(path)
    return path


FILES = {
    "contract": _contract_csv,
    "merknad": _merknad_csv,
    "bom": _bom_csv,
    "mapping": _mapped_csv,
    "xlsx": _workbook,
}
"""Each way a person table arrives as a file, written for one assessment date."""


def _read_options(way: str, folder: Path) -> dict[str, object]:
    return {"mapping": folder / "map.toml"} if way == "mapping" else {}


def _outcomes(assessed: pd.DataFrame) -> Outcomes:
    return {
        str(row["person_id"]): tuple(str(row[c]) for c in OUTCOME) for _, row in assessed.iterrows()
    }


@pytest.fixture(scope="module")
def expected() -> Outcomes:
    """What ``il.assess`` says of the person built from each case's row."""
    out: Outcomes = {}
    for on in DATES:
        rows = _text_rows(on)
        for row, person in zip(rows, persons_from_rows(rows), strict=True):
            a = il.assess(person, on=date.fromisoformat(on))
            out[str(row["person_id"])] = (
                a.programme.value,
                a.career_guidance.value,
                a.basis,
                a.reason,
            )
    return out


def test_the_persons_get_what_the_law_cases_expect(expected: Outcomes) -> None:
    assert set(expected) == set(CASES)
    for key, case in CASES.items():
        assert expected[key][:2] == (case["programme"], case["career_guidance"]), case["name"]


def _same(got: Outcomes, expected: Outcomes, way: str) -> None:
    differs = {
        CASES[key]["name"]: (got.get(key), want) for key, want in expected.items()
        if got.get(key) != want
    }  # fmt: skip
    assert not differs, f"{way}: {len(differs)} case(s) differ: {differs}"


def _read_and_assess(way: str, folder: Path) -> Outcomes:
    got: Outcomes = {}
    for on in DATES:
        imported = il.read(FILES[way](folder, on), **_read_options(way, folder))
        assert imported.report.ok, imported.report.to_text()
        assert imported.importer.name == "spreadsheet"
        if way == "merknad":
            assert imported.report.notes == ("columns not used: 'merknad'",)
        got |= _outcomes(il.assess_frame(imported.table, on=date.fromisoformat(on)))
    return got


@pytest.mark.parametrize("way", list(FILES))
def test_read_and_assess_frame(way: str, tmp_path: Path, expected: Outcomes) -> None:
    _same(_read_and_assess(way, tmp_path), expected, f"il.read + assess_frame ({way})")


@pytest.fixture
def no_arrow(monkeypatch: pytest.MonkeyPatch) -> None:
    """The library's Arrow paths fail to import, and its cached probe is forgotten.

    ``import pyarrow.csv`` (what the CSV reader and writer need) and ``pyarrow.parquet``
    fail; pandas keeps the pyarrow it was imported with (a running pandas cannot lose it:
    the test in a fresh process below takes pyarrow away entirely).
    """
    from integreringslov._io import write

    for name in ("pyarrow.csv", "pyarrow.parquet"):
        monkeypatch.setitem(sys.modules, name, None)
    write._arrow_writes_dictionaries.cache_clear()
    yield
    write._arrow_writes_dictionaries.cache_clear()


@pytest.mark.slow
@pytest.mark.usefixtures("no_arrow")
@pytest.mark.parametrize("way", ["contract", "merknad", "bom", "mapping"])
def test_read_and_assess_frame_without_arrow(way: str, tmp_path: Path, expected: Outcomes) -> None:
    text = FILES[way](tmp_path, DATES[0]).read_text("utf-8-sig")
    sep = ";" if way in ("bom", "mapping") else ","
    assert _grids._arrow_columns(text, sep, "f.csv", il.plugins.Limits()) is None
    _same(_read_and_assess(way, tmp_path), expected, f"without Arrow ({way})")


def _command_line(way: str, folder: Path) -> Outcomes:
    got: Outcomes = {}
    for on in DATES:
        source = FILES[way](folder, on)
        out = folder / f"out-{way}-{on}.csv"
        mapping = ["--mapping", str(folder / "map.toml")] if way == "mapping" else []
        with redirect_stdout(io.StringIO()):
            assert main(["assess", str(source), "--on", on, *mapping, "-o", str(out)]) == 0
        got |= _outcomes(il.read(out).table)
    return got


@pytest.mark.slow
@pytest.mark.parametrize("way", list(FILES))
def test_the_command_line(way: str, tmp_path: Path, expected: Outcomes) -> None:
    _same(_command_line(way, tmp_path), expected, f"integreringslov assess ({way})")


@pytest.mark.slow
@pytest.mark.usefixtures("no_arrow")
def test_the_command_line_without_arrow(tmp_path: Path, expected: Outcomes) -> None:
    _same(_command_line("merknad", tmp_path), expected, "integreringslov assess, no Arrow")


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_the_command_line_in_a_process_without_pyarrow(tmp_path: Path, expected: Outcomes):
    jobs = []
    for way in ("contract", "merknad", "mapping"):
        for on in DATES:
            source = FILES[way](tmp_path, on)
            mapping = ["--mapping", str(tmp_path / "map.toml")] if way == "mapping" else []
            out = tmp_path / f"out-{way}-{on}.csv"
            jobs.append(["assess", str(source), "--on", on, *mapping, "-o", str(out)])
    code = BLOCK_PYARROW + (
        "from integreringslov.cli import main\n"
        f"codes = [main(job) for job in {jobs!r}]\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'pyarrow'], 'pyarrow loaded'\n"
        "import pandas\n"
        "assert 'pyarrow' not in str(pandas.Series(['x']).array.dtype), 'arrow strings'\n"
        "sys.exit(max(codes))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False
    )
    assert proc.returncode == 0, proc.stderr
    for way in ("contract", "merknad", "mapping"):
        got: Outcomes = {}
        for on in DATES:
            got |= _outcomes(il.read(tmp_path / f"out-{way}-{on}.csv").table)
        _same(got, expected, f"integreringslov assess without pyarrow ({way})")
    assert "columns not used: 'merknad'" in proc.stderr


# -- the example of the issue ----------------------------------------------------------------

ISSUE = (
    "person_id;birth_date;permit_letter;permit_granted;settled_date;settled_by_agreement;"
    "nordic_or_eea;previous_permit_letter;first_permit_granted;claim_date;reference_letter;"
    "reference_permanent\n"
    "p1;1990-05-01;a;2023-01-10;2023-03-01;nei;nei;f;2022-09-01;2023-04-01;;\n"
)
"""A letter a permit after letter f, settled without agreement: § 8 andre ledd andre
punktum (from 2023-08-01) needs no agreement, so right and duty."""


def _with_merknad(text: str) -> str:
    header, row = text.splitlines()
    return f"{header};merknad\n{row};ringt 3. juli\n"


@pytest.mark.parametrize("merknad", [False, True], ids=["as-given", "with-merknad"])
@pytest.mark.parametrize("lang", ["en", "nb"])
def test_the_issue_example_is_right_and_duty_with_or_without_merknad(
    merknad: bool, lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "persons.csv"
    path.write_text(_with_merknad(ISSUE) if merknad else ISSUE, encoding="utf-8")
    assert main(["assess", str(path), "--on", "2023-08-01", "--lang", lang]) == 0
    out, err = capsys.readouterr()
    assessed = pd.read_csv(io.StringIO(out), dtype=str, keep_default_na=False)
    assert assessed["programme"].tolist() == ["right_and_duty"]
    assert assessed["career_guidance"].tolist() == ["right_and_duty"]
    assert "§ 8 andre ledd andre punktum" in assessed["basis"].iloc[0]
    note = {"en": "columns not used: 'merknad'", "nb": "kolonner som ikke brukes: 'merknad'"}
    assert err.strip() == (note[lang] if merknad else "")


def test_the_issue_example_the_day_before_the_amendment(tmp_path: Path) -> None:
    """On 2023-07-31 the agreement is still needed: the extra column changes nothing."""
    for text in (ISSUE, _with_merknad(ISSUE)):
        path = tmp_path / "persons.csv"
        path.write_text(text, encoding="utf-8")
        imported = il.read(path)
        assessed = il.assess_frame(imported.table, on=date(2023, 7, 31))
        assert assessed["programme"].tolist() == ["may_offer"]


def test_a_reference_person_of_unknown_letter_keeps_the_facts_given() -> None:
    """The row's reference dates and permanence count for the person as for the table.

    (Before issue 19, a person built from the row dropped them with the unknown letter, so
    the reason named one more empty column and left out § 9 andre ledd.)
    """
    row = {
        "person_id": "p", "birth_date": "1990-01-01", "permit_letter": "f",
        "permit_granted": "2023-01-10", "settled_date": "2023-02-01",
        "settled_by_agreement": "ja", "nordic_or_eea": "nei", "reference_letter": "",
        "reference_settled_date": "2020-01-01", "reference_permanent": "ja",
    }  # fmt: skip
    on = date(2023, 9, 1)
    (person,) = persons_from_rows([row])
    reference = person.permit.reference_person
    assert reference is not None
    assert (reference.letter_known, reference.permanent) == (False, True)
    scalar = il.assess(person, on=on)
    table = il.assess_frame(pd.DataFrame([row]), on=on).iloc[0]
    assert (scalar.programme.value, scalar.reason) == (table["programme"], table["reason"])
    assert "reunification_applied are empty" in scalar.reason
    assert "reference_settled_date" not in scalar.reason
    assert "§ 9 andre ledd" in scalar.reason
