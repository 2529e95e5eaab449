"""``excluded`` speaks the yes/no words of every table: an unknown word is refused with its row.

``recommend()`` validates its criteria table against ``MunicipalityCriteria``, the schema
``il.read`` validates a criteria file against; before, it had words of its own and read
``kanskje`` or ``sann`` as "not excluded", giving the municipality seats.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from integreringslov.allocation import recommend
from integreringslov.cli import main
from integreringslov.errors import InvalidInputError
from integreringslov.tables._coerce import yes_no_expected

ROWS = "municipality,name,population,excluded\n5001,Trondheim,200000,nei\n5006,Steinkjer,24000,{}\n"


@pytest.mark.parametrize("word", ["kanskje", "sann"])
def test_recommend_refuses_an_unknown_word_with_its_row(word: str) -> None:
    frame = pd.read_csv(io.StringIO(ROWS.format(word)), dtype=str)
    with pytest.raises(InvalidInputError) as err:
        recommend(10, frame, criteria={"population": 1}, method="hamilton", source="k.csv")
    [problem] = err.value.problems
    assert (problem.row, problem.column, problem.value) == (2, "excluded", word)
    assert problem.expected == yes_no_expected("en")
    assert problem.source == "k.csv"


@pytest.mark.parametrize("word", ["kanskje", "sann"])
def test_the_command_exits_1_naming_the_row(
    word: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "crit.csv"
    path.write_text(ROWS.format(word), encoding="utf-8")
    assert main(["recommend", str(path), "--total", "10"]) == 1
    err = capsys.readouterr().err
    assert "row 3, column 'excluded'" in err  # the file's line: the header is line 1
    assert f"found '{word}'" in err
    assert yes_no_expected("en") in err
    assert "Traceback" not in err


def test_the_words_exclude_as_the_contract_says() -> None:
    frame = pd.read_csv(io.StringIO(ROWS.format("X")), dtype=str, keep_default_na=False)
    rec = recommend(10, frame, criteria={"population": 1}, method="hamilton")
    assert rec.numbers == {"5001": 10, "5006": 0}
    assert [r.excluded for r in rec.rows] == [False, True]
