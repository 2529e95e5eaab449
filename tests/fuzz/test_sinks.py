"""Hostile names and ids through every sink: reports, figures, the API's errors (issue 24).

A municipality name holding a fødselsnummer, a line break, a carriage return, an escape
sequence, a bidirectional override or TeX (``$\\foo$``) is shown printable, masked and as
plain text in the text report, the HTML report and its figure; a person id that holds an
identity number in any spelling is refused without being echoed; two rows of one
``person_id`` are noted; an absurd ``--total`` is a message, not a traceback.
"""

from __future__ import annotations

import base64
import io
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hostile_files import fnr

import integreringslov as il
from integreringslov.cli import main
from integreringslov.errors import InvalidInputError

SECRET = fnr("311299", first=300)
VARIANTS = (
    SECRET,
    f"{SECRET[:6]}.{SECRET[6:]}",
    f"{SECRET[:6]} {SECRET[6:]}",
    f"{SECRET[:6]}-{SECRET[6:]}",
    f"{SECRET[:6]} {SECRET[6:9]} {SECRET[9:]}",
    f" {SECRET}",
    f"{SECRET}\n",
    f"case-{SECRET}",
    f"{SECRET}/2024",
)
HOSTILE_NAMES = {
    "5001": f"Trondheim {SECRET}",
    "5006": "$\\foo$",
    "5007": "Nam\rsos\x1b[2J",
    "5014": "Frø\nya\u202e",
    "5020": "\\frac{a}{b}^_",
}


def _persons(ids: list[str]) -> pd.DataFrame:
    n = len(ids)
    return pd.DataFrame({"person_id": ids, "birth_date": ["1990-01-15"] * n,
                         "permit_letter": ["a"] * n, "permit_granted": ["2024-02-01"] * n,
                         "settled_by_agreement": ["ja"] * n,
                         "nordic_or_eea": ["nei"] * n})  # fmt: skip


@pytest.mark.parametrize("person_id", VARIANTS, ids=repr)
def test_a_person_id_holding_an_identity_number_is_refused_unseen(person_id: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        il.assess_frame(_persons([person_id, "p2"]), on=date(2024, 6, 1))
    said = str(caught.value) + repr(caught.value) + repr(caught.value.problems)
    assert "looks like a fødselsnummer" in said
    assert re.sub(r"\D", "", SECRET) not in re.sub(r"\D", "", said)


def test_an_id_with_eleven_digits_that_are_no_identity_number_inside_is_kept() -> None:
    ids = ["case-12345678901-a", f"a{SECRET}b-uuid-like", "p2"]  # no number; inside hex
    out = il.assess_frame(_persons(ids), on=date(2024, 6, 1))
    assert out["person_id"].tolist() == ids


def test_two_rows_of_one_person_are_noted() -> None:
    out = il.assess_frame(_persons(["p1", "p2", "p1"]), on=date(2024, 6, 1), lang="nb")
    assert len(out) == 3
    assert out.attrs["notes"] == [
        "1 person_id forekommer på mer enn én rad (p1); hver rad vurderes for seg"
    ]
    assert il.assess_frame(_persons(["p1", "p2"]), on=date(2024, 6, 1)).attrs["notes"] == []


@pytest.mark.parametrize("total", ["1000000000000000000000000000000", "9007199254740993"])
def test_a_total_beyond_two_to_the_53_is_a_message(
    total: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "m.csv"
    table.write_text("municipality;population\n5001;100\n5006;50\n", encoding="utf-8")
    status = main(["recommend", str(table), "--total", total, "--criteria", "population=1",
                   "--on", "2024-01-01"])  # fmt: skip
    err = capsys.readouterr().err
    assert status == 1
    assert "total must be at most 2**53 = 9007199254740992 persons" in err


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    pytest.importorskip("matplotlib")
    pytest.importorskip("jinja2")
    folder = tmp_path_factory.mktemp("report")
    table = folder / "m.csv"
    rows = [f'{code};"{name}";{1000 * (i + 1)};{10 * i}' for i, (code, name) in
            enumerate(HOSTILE_NAMES.items())]  # fmt: skip
    table.write_text("municipality;name;population;requested\n" + "\n".join(rows) + "\n",
                     encoding="utf-8", newline="")  # fmt: skip
    out = io.StringIO()
    from contextlib import redirect_stdout

    with redirect_stdout(out):
        status = main(["recommend", str(table), "--total", "100", "--criteria", "population=1",
                       "--on", "2024-01-01", "--report", str(folder / "r.html"),
                       "--lang", "en"])  # fmt: skip
    assert status == 0
    return out.getvalue(), (folder / "r.html").read_text("utf-8")


@pytest.mark.parametrize("sink", ["text", "html"])
def test_reports_show_names_printable_and_masked(
    hostile_report: tuple[str, str], sink: str
) -> None:
    shown = hostile_report[0 if sink == "text" else 1]
    assert SECRET not in shown
    assert "Trondheim ***********" in shown
    for raw in ("\r", "\x1b", "\u202e", "\u2028"):
        assert raw not in shown
    assert "Nam\\x0dsos\\x1b[2J" in shown
    assert "Frø\\x0aya\\u202e" in shown
    assert "$\\foo$" in shown


def test_a_figure_draws_tex_and_identity_numbers_as_plain_masked_text() -> None:
    pytest.importorskip("matplotlib")
    from matplotlib.text import Text

    from integreringslov._reporting import plots

    table = pd.DataFrame({"label": list(HOSTILE_NAMES.values()), "recommended": [5, 4, 3, 2, 1],
                          "requested": [1, 2, 3, 4, 5]})  # fmt: skip
    figure = plots.recommendation_against_request(
        table, series={"recommended": "R", "requested": "Q"}, label="label",
        title=f"$\\foo$ {SECRET}", lang="en",
    )  # fmt: skip
    buffer = io.BytesIO()
    plots.save(figure, buffer, format="png")  # mathtext would raise ValueError on $\foo$
    assert buffer.getvalue().startswith(b"\x89PNG")
    drawn = [t.get_text() for t in figure.findobj(Text)]
    assert not any(SECRET in t for t in drawn)
    assert f"$\\foo$ {'*' * 11}" in drawn
    assert base64.b64encode(buffer.getvalue())  # drawn whole


@pytest.mark.parametrize("where", ["label", "category"])
def test_a_lone_surrogate_in_a_jsonstat_file_is_a_message(where: str, tmp_path: Path) -> None:
    label = "T\\ud800" if where == "label" else "T"
    name = "Trond\\udfffheim" if where == "category" else "Trondheim"
    source = tmp_path / "t.json"
    source.write_text(
        '{"version": "2.0", "class": "dataset", "label": "' + label + '", "id": ["Region"],'
        ' "size": [1], "dimension": {"Region": {"category": {"index": {"5001": 0},'
        ' "label": {"5001": "' + name + '"}}}}, "value": [1]}',
        encoding="utf-8",
    )
    with pytest.raises(
        il.SourceError, match=r"a lone surrogate \\ud[8f]\w\w \(byte \d+\) is not text"
    ):
        il.read(source)


def test_printable_escapes_lone_surrogates_and_line_separators() -> None:
    from integreringslov._text.privacy import printable

    shown = printable("Trond\ud800heim\u2028x\u2029")
    assert shown == "Trond\\ud800heim\\u2028x\\u2029"
    shown.encode("utf-8")  # writable to any UTF-8 terminal or file


def test_a_lone_surrogate_in_a_written_json_table_is_a_message(tmp_path: Path) -> None:
    from integreringslov._io.readback import read_written
    from integreringslov._io.write import write_table
    from integreringslov.tables.persons import AssessmentTable

    frame = il.assess_frame(_persons(["p1"]), on=date(2024, 6, 1))
    path = tmp_path / "t.json"
    write_table(frame, path, table=AssessmentTable)
    path.write_text(path.read_text("utf-8").replace('"p1"', '"p\\ud800"'), encoding="utf-8")
    with pytest.raises(il.SourceError, match=r"a lone surrogate \\ud800 \(byte \d+\) is not text"):
        read_written(path, AssessmentTable)
