"""The output guard: no formula, no identity number, no broken record in what is written.

Cases from issue 15 (a bare carriage return before a formula, ``=1+1`` beside ``'=1+1`` in
one categorical column, fødselsnumre in headers and category labels) and the OWASP list of
characters that start a formula.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import integreringslov as il
from integreringslov._io.sanitise import escape_formula, unescape_formula
from integreringslov._io.write import write_csv, write_table
from integreringslov._text.privacy import MASK
from integreringslov.errors import InvalidInputError
from integreringslov.tables.statistics import SsbTable

FNR = "01019054361"  # a valid fødselsnummer (check digits right): the library masks it
CALC = "P1\r=cmd|' /C calc'!A0"
LINE_START = re.compile(r"(?:^|(?<=[\r\n]))[=+\-@\t\r]")


@given(st.text(alphabet=st.sampled_from("=+-@\t\r\n'ab1 "), max_size=12) | st.text())
def test_the_escape_is_undone_exactly_and_leaves_no_formula(text: str) -> None:
    escaped = escape_formula(text)
    assert unescape_formula(escaped) == text
    assert not LINE_START.search(escaped)


@given(st.lists(st.text(alphabet=st.sampled_from("=+'a\r"), max_size=4), unique=True))
def test_distinct_values_stay_distinct(values: list[str]) -> None:
    escaped = [escape_formula(v) for v in values]
    assert len(set(escaped)) == len(values)


def _ssb(codes: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Region": pd.Categorical(codes),
            "value": [float(i) for i in range(len(codes))],
            "status": pd.Categorical([""] * len(codes)),
        }
    )


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_colliding_values_are_written_and_read_back(tmp_path: Path, suffix: str) -> None:
    pytest.importorskip("openpyxl")
    frame = _ssb(["=1+1", "'=1+1", "Oslo\r=SUM(A1)", "ok"])
    path = tmp_path / f"out{suffix}"
    write_table(frame, path, table=SsbTable)
    back = il.read(path)
    assert back.report.ok, back.report.to_text()
    line_end = "\r" if suffix == ".csv" else "\n"  # XML normalises a CR in a workbook
    assert back.table["Region"].astype(object).tolist() == [
        "=1+1",
        "'=1+1",
        f"Oslo{line_end}=SUM(A1)",
        "ok",
    ]


def test_a_carriage_return_never_starts_a_record(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    write_table(pd.DataFrame({"id": [CALC, "P2"], "n": [1, 2]}), path)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows == [["id", "n"], ["P1\r'=cmd|' /C calc'!A0", "1"], ["P2", "2"]]
    # the same on standard output
    buffer = io.StringIO()
    write_csv(pd.DataFrame({"id": [CALC]}), buffer)
    assert list(csv.reader(io.StringIO(buffer.getvalue()))) == [["id"], ["P1\r'=cmd|' /C calc'!A0"]]


def test_identity_numbers_leave_headers_and_labels(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    frame = pd.DataFrame(
        {
            f"id {FNR}": pd.Categorical([f"{FNR}", "15057532189", "x"]),
            "name": [f"Oslo {FNR[:6]} {FNR[6:]}", "Bergen", None],
        }
    )
    for suffix in (".csv", ".json", ".parquet", ".xlsx"):
        path = tmp_path / f"out{suffix}"
        write_table(frame, path)
        if suffix == ".parquet":
            seen = pd.read_parquet(path)
            text = repr((seen.columns.tolist(), seen.astype(object).values.tolist()))
        elif suffix == ".xlsx":
            seen = pd.read_excel(path, dtype=str, engine="openpyxl")
            text = repr((seen.columns.tolist(), seen.values.tolist()))
        else:
            text = path.read_text(encoding="utf-8")
        assert FNR not in text, suffix
        assert "15057532189" not in text, suffix
        assert f"{FNR[:6]} {FNR[6:]}" not in text, suffix
        assert MASK in text, suffix


def test_a_written_csv_is_plain_for_pandas_and_excel(tmp_path: Path) -> None:
    frame = _ssb(["#1 Oslo", "0301"])
    plain, excel = tmp_path / "plain.csv", tmp_path / "excel.csv"
    write_table(frame, plain, table=SsbTable)
    write_table(frame, excel, table=SsbTable, excel=True)
    assert plain.read_text(encoding="utf-8").startswith('"Region","value","status"\n')
    assert excel.read_bytes().startswith(b'\xef\xbb\xbf"Region";"value";"status"\n')
    for path, sep in ((plain, ","), (excel, ";")):
        seen = pd.read_csv(path, sep=sep, dtype=str)  # the header first: pandas' defaults
        assert seen.columns.tolist() == ["Region", "value", "status"]
        assert seen["Region"].tolist() == ["#1 Oslo", "0301"]
    assert il.read(excel).table["value"].tolist() == [0.0, 1.0]


def test_a_workbook_refuses_control_characters_with_their_place(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    frame = pd.DataFrame({"name": ["Oslo", "Bergen\x1b[31m"], "n": [1, 2]})
    with pytest.raises(InvalidInputError) as refused:
        write_table(frame, tmp_path / "out.xlsx")
    (problem,) = refused.value.problems
    assert (problem.row, problem.column) == (3, "name")  # row 1 is the header
    assert problem.value == "Bergen\\x1b[31m"  # shown, not sent to the terminal
    assert "\x1b" not in str(refused.value)
    assert not (tmp_path / "out.xlsx").exists()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_table_printed_to_a_terminal_shows_control_characters(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    frame = pd.DataFrame({"name\x1b]0;x\x07": ["Oslo\x1b[2J", "=1+1"]})
    terminal = _Terminal()
    monkeypatch.setattr("sys.stdout", terminal)
    write_table(frame, None)
    shown = terminal.getvalue()
    assert "\x1b" not in shown
    assert "\x07" not in shown
    assert shown.splitlines() == ["name\\x1b]0;x\\x07", "Oslo\\x1b[2J", "'=1+1"]
    piped = io.StringIO()  # not a terminal: the data as it is, formulas neutralised
    monkeypatch.setattr("sys.stdout", piped)
    write_table(frame, None)
    assert "Oslo\x1b[2J" in piped.getvalue()


def test_reading_back_keeps_to_the_limits(tmp_path: Path) -> None:
    import attrs

    from integreringslov._io.limits import DEFAULT_LIMITS
    from integreringslov.errors import SourceError

    path = tmp_path / "out.csv"
    write_table(_ssb(["0301", "5001"]), path, table=SsbTable)
    tiny = attrs.evolve(DEFAULT_LIMITS, max_input_bytes=10)
    with pytest.raises(SourceError, match="max_input_bytes"):
        il.read(path, limits=tiny)
    assert il.read(path).report.ok


def test_an_excel_csv_saved_again_by_norwegian_excel_reads_back(tmp_path: Path) -> None:
    # Excel (nb-NO) saves without quotes, with CRLF line ends and decimal commas; the
    # table still reads back
    path = tmp_path / "lagret.csv"
    path.write_bytes("\ufeffRegion;value;status\r\n0301;1,5;\r\n5001;;..\r\n".encode())
    back = il.read(path)
    assert back.importer.name == "integreringslov-ssb"
    assert back.report.ok, back.report.to_text()
    assert back.table["Region"].astype(object).tolist() == ["0301", "5001"]
    assert back.table["value"].tolist()[0] == 1.5
    assert back.table["status"].astype(object).tolist() == ["", ".."]


def test_a_frame_derived_from_a_table_is_not_written_as_that_table(tmp_path: Path) -> None:
    table = il.read(
        Path(__file__).parents[1] / "data/ssb/samples/ssb_v0dataset_1120_jsonstat1.json"
    ).table
    assert table.attrs["integreringslov.table"] == "SsbTable"
    derived = table[["value"]]  # pandas carries attrs over to the selection
    assert derived.attrs["integreringslov.table"] == "SsbTable"
    write_table(derived, tmp_path / "derived.json")
    assert '"schema": null' in (tmp_path / "derived.json").read_text(encoding="utf-8")
    write_table(table.head(3), tmp_path / "rows.csv")  # the same columns: still the table
    assert il.read(tmp_path / "rows.csv").importer.name == "integreringslov-ssb"
