"""The recommendation's problems are said in bokmål when asked for (``--lang nb``, ``speaking``).

The county analyst reads «kriterier», «anmodning», «tak» and «minimum», not English; the
English text stays the default of the Python API and is unchanged. Every message given to
``AllocationError`` or ``Problem`` in the modules of the recommendation goes through ``say``
(a structural check below keeps it so), apart from the few that are programming errors.
"""

from __future__ import annotations

import ast
import importlib.resources
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from integreringslov._text.i18n import speaking
from integreringslov.allocation import Method, apportion, recommend
from integreringslov.cli import main
from integreringslov.errors import AllocationError, InvalidInputError
from integreringslov.settlement._model import SettlementRequest

DATA = importlib.resources.files("integreringslov_importers") / "data" / "spreadsheet"
MUNICIPALITIES = str(DATA / "example_municipalities.csv")  # Buskerud, 2024 codes
SRC = Path(__file__).resolve().parents[2] / "src/integreringslov"


def _err(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """The stderr of ``integreringslov recommend MUNICIPALITIES --total 100 …`` (exit 1)."""
    rc = main(["recommend", MUNICIPALITIES, "--total", "100", *args])
    err = capsys.readouterr().err
    assert rc == 1, err
    assert "Traceback" not in err
    return err


# --- the command line -----------------------------------------------------------------------


def test_no_criteria_bokmal_and_english(capsys: pytest.CaptureFixture[str]):
    err = _err(capsys, "--lang", "nb")
    assert "feil:" in err
    assert "oppgi hvilke kolonner som er kriterier og hvilken vekt de har" in err
    assert "--criteria navn=vekt" in err  # the option's name stays as typed
    assert "ventet kriterier blant kolonnene: population, sysselsetting" in err
    assert "say which columns" not in err
    err = _err(capsys)
    assert "say which columns are criteria and how they weigh, with --criteria" in err
    assert "kriterier" not in err


def test_criteria_that_cannot_be_read(capsys: pytest.CaptureFixture[str]):
    err = _err(capsys, "--criteria", "Innbyggere", "--lang", "nb")
    assert "valget --criteria: 1 problem" in err
    assert "kriteriet 'Innbyggere' har ingen vekt; ventet navn=vekt" in err
    err = _err(capsys, "--criteria", "Innbyggere=mye", "--lang", "nb")
    assert "kriteriet 'Innbyggere': vekten 'mye' er ikke et tall" in err
    err = _err(capsys, "--criteria", "Innbyggere")
    assert "the --criteria option: 1 problem" in err
    assert "criterion 'Innbyggere' has no weight; expected name=weight" in err


def test_criterion_not_in_the_file(capsys: pytest.CaptureFixture[str]):
    err = _err(capsys, "--criteria", "Arbeidsledighet=1", "--lang", "nb")
    assert "ikke noe kriterium 'Arbeidsledighet' i filen" in err
    assert "en overskrift i filen eller en av kolonnene: population" in err
    err = _err(capsys, "--criteria", "Arbeidsledighet=1")
    assert "no criterion 'Arbeidsledighet' in the file" in err


def test_year_without_requests(capsys: pytest.CaptureFixture[str]):
    err = _err(capsys, "--criteria", "Innbyggere=1", "--year", "2022", "--lang", "nb")
    assert "valgene: 1 problem" in err
    assert "kolonne '--year': --year uten --requests" in err
    err = _err(capsys, "--criteria", "Innbyggere=1", "--year", "2022")
    assert "the options: 1 problem" in err
    assert "--year without --requests" in err


def test_total_below_the_minimum(capsys: pytest.CaptureFixture[str]):
    err = _err(capsys, "--criteria", "Innbyggere=1", "--minimum", "200", "--lang", "nb")
    assert "kan ikke fordele 100 med et minimum på 200: ingen region kan få minst så mange" in err
    err = _err(capsys, "--criteria", "Innbyggere=1", "--minimum", "200")
    assert "cannot apportion 100 with a minimum of 200" in err


def test_caps_that_cannot_hold_the_total_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "kommuner.csv"
    path.write_text(
        "Kommunenummer;Innbyggere;Maksimum\n3301;103300;30\n3303;28200;20\n", encoding="utf-8"
    )
    rc = main(["recommend", str(path), "--total", "100", "--criteria", "Innbyggere=1",
               "--lang", "nb"])  # fmt: skip
    err = capsys.readouterr().err
    assert rc == 1
    assert "kan ikke fordele 100: takene for regionene som er med, er til sammen bare 50" in err


# --- the Python API ---------------------------------------------------------------------------


def test_apportion_caps_below_the_total():
    weights = {"3301": 3.0, "3303": 1.0}
    with speaking("nb"), pytest.raises(AllocationError) as exc:
        apportion(10, weights, method="hamilton", maximum=3)
    assert str(exc.value) == (
        "kan ikke fordele 10: takene for regionene som er med, er til sammen bare 6"
    )
    with pytest.raises(AllocationError) as exc:
        apportion(10, weights, method="hamilton", maximum=3)
    assert (
        str(exc.value) == "cannot apportion 10: the caps of the eligible regions add up to only 6"
    )


def test_apportion_bad_weights_and_numbers():
    with speaking("nb"):
        with pytest.raises(AllocationError, match="vektene kan ikke være negative; negativ for"):
            apportion(5, {"a": 1.0, "b": -1.0}, method="hamilton")
        with pytest.raises(AllocationError, match=r"totalt antall må være et heltall, ikke 2\.5"):
            apportion(2.5, {"a": 1.0}, method="hamilton")  # type: ignore[arg-type]
        with pytest.raises(AllocationError, match="alle regioner med positiv vekt er unntatt"):
            apportion(5, {"a": 1.0}, method="hamilton", exclude=["a"])
        with pytest.raises(AllocationError, match="ukjent metode 'foo'; ventet én av: hamilton"):
            Method.parse("foo")
    with pytest.raises(AllocationError, match="unknown method 'foo'; expected one of: hamilton"):
        Method.parse("foo")


def test_recommend_codes_and_counties():
    table = pd.DataFrame({"municipality": ["0301", "5001", "9876"], "population": [3, 2, 1]})
    kw = {"criteria": "population=1", "method": "hamilton", "on": date(2024, 1, 1)}
    with speaking("nb"), pytest.raises(InvalidInputError) as exc:
        recommend(10, table, **kw)  # type: ignore[arg-type]
    nb = exc.value.text("nb")
    assert nb.startswith("kriterietabellen: 2 problemer")
    assert "ukjent kommunenummer 9876: ingen kommune har hatt dette nummeret" in nb
    assert "ventet et kommunenummer i bruk" in nb
    assert "tabellen blander kommuner fra 2 fylker" in nb
    assert "fylkeskommunen anbefaler for kommunene i eget fylke" in nb
    with pytest.raises(InvalidInputError) as exc:
        recommend(10, table, **kw)  # type: ignore[arg-type]
    en = exc.value.text("en")
    assert en.startswith("the criteria table: 2 problems")
    assert "unknown kommunenummer 9876: no municipality has had this number (SSB KLASS 131)" in en
    assert "the table mixes municipalities of 2 counties" in en


def test_recommend_criteria_table_and_everyone_excluded():
    table = pd.DataFrame({"municipality": ["3301", "3301"], "population": [1.0, None]})
    with speaking("nb"), pytest.raises(InvalidInputError) as exc:
        recommend(10, table, criteria={"population": 1, "jobs": 1}, method="hamilton")
    assert "kriteriekolonnen 'jobs' mangler" in exc.value.text("nb")
    with speaking("nb"), pytest.raises(InvalidInputError) as exc:
        recommend(10, table, criteria={"population": 1}, method="hamilton")
    text = exc.value.text("nb")
    assert "verdien står også i en annen rad" in text
    assert "rad 2, kolonne 'population': cellen er tom" in text
    ok = pd.DataFrame({"municipality": ["3301", "3303"], "population": [2.0, 1.0]})
    out = {"method": "hamilton", "exclude": ["3301", "3303"]}
    with speaking("nb"), pytest.raises(AllocationError, match="er 0 for alle kommunene som er med"):
        recommend(10, ok, criteria={"population": 1}, **out)  # type: ignore[arg-type]
    with speaking("nb"), pytest.raises(AllocationError, match="alle kommunene er unntatt"):
        recommend(10, ok, criteria={"~population": 1}, **out)  # type: ignore[arg-type]
    with pytest.raises(AllocationError, match="every municipality is excluded"):
        recommend(10, ok, criteria={"~population": 1}, **out)  # type: ignore[arg-type]


def test_settlement_records():
    with speaking("nb"), pytest.raises(InvalidInputError) as exc:
        SettlementRequest.from_imdi_rows([{"year": 2022, "municipality": "3301"}])
    text = exc.value.text("nb")
    assert text.startswith("IMDis bosettingstabell: 3 problemer")
    assert "kolonnen 'population' i IMDi-tabellen mangler" in text
    with speaking("nb"), pytest.raises(ValueError, match="enslige mindreårige er flere enn"):
        SettlementRequest(year=2022, municipality="3301", persons=2, unaccompanied_minors=3)
    with pytest.raises(ValueError, match="unaccompanied minors exceed the request of 2"):
        SettlementRequest(year=2022, municipality="3301", persons=2, unaccompanied_minors=3)


# --- every message goes through say ---------------------------------------------------------

MODULES = [
    "allocation/_codes.py",
    "allocation/_core.py",
    "allocation/_methods.py",
    "allocation/_recommendation.py",
    "settlement/_model.py",
    "cli/recommend.py",
    "cli/_io.py",
]
ENGLISH_ONLY = {  # programming errors, not for the people who read the results
    "weights must be a mapping from region to weight, not ",
    "internal error: no divisor brackets the total",
    "not a Criterion: ",
}


def _plain_text(node: ast.expr | None) -> str | None:
    """The text of ``node`` when it is written out in one language (not a ``say`` call)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.BinOp):
        return _plain_text(node.left) or _plain_text(node.right)
    return None


@pytest.mark.parametrize("module", MODULES)
def test_every_message_is_said_in_both_languages(module: str):
    tree = ast.parse((SRC / module).read_text(encoding="utf-8"))
    plain = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        name = node.func.id
        texts: list[ast.expr | None] = []
        if name in ("AllocationError", "SourceError"):
            texts += node.args[:2] if name == "SourceError" else node.args[:1]
        if name in ("AllocationError", "SourceError", "Problem", "InvalidInputError"):
            texts += [k.value for k in node.keywords if k.arg in ("message", "expected", "what")]
        if name == "say":
            en = next(k.value for k in node.keywords if k.arg == "en")
            nb = next(k.value for k in node.keywords if k.arg == "nb")
            assert ast.dump(en) != ast.dump(nb), f"{module}:{node.lineno}: not translated"
        for text in texts:
            found = _plain_text(text)
            if found is not None and found not in ENGLISH_ONLY:
                plain.append(f"{module}:{node.lineno}: {found!r}")
    assert plain == []
