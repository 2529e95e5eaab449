"""write_table: CSV (formula-safe), Parquet and JSON by suffix."""

from __future__ import annotations

import builtins
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from integreringslov._io.sanitise import neutralise_formulas
from integreringslov._io.write import write_table
from integreringslov.errors import InvalidInputError, MissingExtraError


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": ['=HYPERLINK("x")', "+47 22", "-minus", "@sum", "Trondheim", None],
            "code": pd.Categorical(["=1", "5001", "5001", "-2", "50", "50"]),
            "n": [-1, 2, 3, -4, 5, 6],
            "x": [-1.5, 0.0, 2.5, None, 1.0, 2.0],
        }
    )


def test_csv_neutralises_text_but_not_numbers(frame: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    write_table(frame, path)
    back = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert back["name"].tolist() == [
        '\'=HYPERLINK("x")',
        "'+47 22",
        "'-minus",
        "'@sum",
        "Trondheim",
        "",
    ]
    assert back["code"].tolist() == ["'=1", "5001", "5001", "'-2", "50", "50"]
    assert back["n"].tolist() == ["-1", "2", "3", "-4", "5", "6"]
    assert back["x"].tolist()[0] == "-1.5"
    assert path.read_bytes().decode("utf-8")  # UTF-8


def test_csv_is_utf8(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    write_table(pd.DataFrame({"kommune": ["Frøya", "Tråante"]}), path)
    assert "Frøya" in path.read_text(encoding="utf-8")


def test_neutralise_leaves_the_input_alone(frame: pd.DataFrame) -> None:
    before = frame.copy()
    neutralise_formulas(frame)
    pd.testing.assert_frame_equal(frame, before)


def _json_records(path: Path) -> list[dict[str, Any]]:
    document = json.loads(path.read_text(encoding="utf-8"))
    return [dict(zip(document["columns"], row, strict=True)) for row in document["rows"]]


def test_json_columns_and_rows(frame: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    write_table(frame, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["schema"] is None  # no table named: nothing claimed
    assert document["columns"] == ["name", "code", "n", "x"]
    records = _json_records(path)
    assert records[0] == {"name": '=HYPERLINK("x")', "code": "=1", "n": -1, "x": -1.5}
    assert records[3]["x"] is None
    assert document["categories"] == {"code": ["-2", "50", "5001", "=1"]}


def test_parquet_round_trip(frame: pd.DataFrame, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    path = tmp_path / "out.parquet"
    write_table(frame, path)
    back = pd.read_parquet(path)
    assert back["n"].tolist() == frame["n"].tolist()
    assert back["name"].tolist()[0] == '=HYPERLINK("x")'


def test_parquet_without_pyarrow_names_the_extra(
    frame: pd.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = builtins.__import__

    def fake_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pyarrow" or name.startswith("pyarrow."):
            raise ImportError("no pyarrow")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(MissingExtraError, match=r"'\.\[parquet\]'") as info:
        write_table(frame, tmp_path / "out.parquet")
    assert info.value.extra == "parquet"


def test_unknown_suffix(frame: pd.DataFrame, tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match=r"\.txt"):
        write_table(frame, tmp_path / "out.txt")


def test_json_writes_dates_as_days_and_times_in_full(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "day": pd.to_datetime(["2024-01-10", None]),
            "moment": pd.to_datetime(["2024-01-10 12:30", "2024-01-11 00:00"]),
        }
    )
    path = tmp_path / "out.json"
    write_table(frame, path)
    records = _json_records(path)
    assert records[0]["day"] == "2024-01-10"
    assert records[1]["day"] is None
    assert records[0]["moment"].startswith("2024-01-10T12:30:00")


@pytest.mark.parametrize("dtype", ["object", "str"])
@given(
    texts=st.lists(
        st.one_of(
            st.none(),
            st.text(alphabet="0123456789 .-\u00a0=+@'\t\r\nab\x1b\x7f\u202e\x85", max_size=30),
            st.sampled_from(["01019054361", "010190 54361", "010190-543 61", "=1+1", "a\r=b"]),
        ),
        max_size=20,
    )
)
def test_the_vectorised_prefilter_cleans_exactly_what_cell_by_cell_cleaning_does(
    dtype: str, texts: list[str | None]
) -> None:
    # The prefilter may find more cells than change, never fewer: the result is the same.
    from integreringslov._io.sanitise import _MAY_CHANGE, _clean_series

    series = pd.Series(texts, dtype=dtype)
    for clean in _MAY_CHANGE:
        expected = [clean(t) if isinstance(t, str) else t for t in series.tolist()]
        got = _clean_series(series, clean).tolist()
        assert [None if pd.isna(v) else v for v in got] == [
            None if pd.isna(v) else v for v in expected
        ]


def test_a_terminal_sees_control_and_bidi_characters_escaped_and_no_identity_number(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    cells = ["Oslo\x1b[31m", "evil\u202etxt.exe", "født 01010012356", "to\nlinjer"]
    write_table(pd.DataFrame({"name": cells}), None)
    shown = capsys.readouterr().out
    assert "\x1b" not in shown
    assert "\u202e" not in shown
    assert "Oslo\\x1b[31m" in shown
    assert "evil\\u202etxt.exe" in shown
    assert "01010012356" not in shown
    assert "født ***********" in shown
    assert '"to\nlinjer"' in shown  # a line break stays a line break, quoted as CSV does


def test_a_pipe_gets_the_cells_as_they_are(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys

    monkeypatch.setattr(sys.stdout, "isatty", lambda: False)
    write_table(pd.DataFrame({"name": ["Oslo\x1b[31m"]}), None)
    assert "Oslo\x1b[31m" in capsys.readouterr().out
