"""IMDi exports a careless or hostile sender could make: each refused or reported, in place."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import integreringslov_importers.imdi as imdi
from integreringslov._io.limits import Limits
from integreringslov.errors import SourceError
from integreringslov_importers.imdi import read_settlement

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "imdi"
NOT_PLAIN = {  # read by Python's csv module
    "trondelag_2022_long.csv",  # empty lines between its rows
    "imdi_export_befolkning_botid.csv",  # quoted cells
}

HEAD = "Enhet;År;Kommunenummer;Kommune;Bosetting;Antall\n"


def _long(*lines: str) -> bytes:
    return (HEAD + "".join(line + "\n" for line in lines)).encode("utf-8")


@pytest.mark.parametrize("count", ["Infinity", "-Infinity", "NaN", "1e999", "1e30", "-3"])
def test_counts_that_are_no_count_are_problems_for_their_line(count: str) -> None:
    data = _long(
        "Personer;2024;3301;Drammen;Anmodning om bosetting;400",
        f"Personer;2024;3301;Drammen;Vedtak om bosetting;{count}",
    )
    result = read_settlement(data)
    assert result.table["persons"].tolist() == [400]
    (problem,) = result.problems
    assert (problem.row, problem.column, problem.value) == (3, "Antall", count)


@pytest.mark.parametrize("year", ["Infinity", "1e30", "-5", "2022.5", "1899", "2101", "²"])
def test_odd_years_are_problems_for_their_line(year: str) -> None:
    data = _long(
        "Personer;2024;3301;Drammen;Anmodning om bosetting;400",
        f"Personer;{year};3301;Drammen;Vedtak om bosetting;5",
    )
    result = read_settlement(data)
    assert result.table["year"].tolist() == [2024]
    (problem,) = result.problems
    assert (problem.row, problem.check, problem.value) == (3, "imdi_year", year)
    assert "from 1900 to 2100" in (problem.expected or "")


def test_a_cell_over_the_limit_is_refused_with_line_and_column() -> None:
    limits = Limits(max_field_chars=1000)
    ok = _long("Personer;2024;3301;" + "D" * 1000 + ";Anmodning om bosetting;400")
    assert len(read_settlement(ok, limits=limits).table) == 1
    long = _long("Personer;2024;3301;" + "D" * 1001 + ";Anmodning om bosetting;400")
    with pytest.raises(SourceError) as info:
        read_settlement(long, limits=limits)
    problem = info.value.problems[0]
    assert (problem.row, problem.column) == (2, "4")
    assert "claims 1001 characters in one cell; the limit is 1000" in problem.message


def test_a_very_wide_export_is_refused_before_it_is_expanded() -> None:
    limits = Limits(max_columns=100)
    header = "Region;Navn;" + ";".join(["Bosetting: Anmodning om bosetting"] * 99)
    years = ";;" + ";".join(["År: 2024"] * 99)
    data = f"{header}\n{years}\nK3301;Drammen;{';'.join(['1'] * 99)}\n".encode()
    with pytest.raises(SourceError, match="claims 101 cells in one row; the limit is 100"):
        read_settlement(data, limits=limits)


def test_a_ragged_export_is_refused_with_its_line() -> None:
    data = _long(
        "Personer;2024;3301;Drammen;Anmodning om bosetting;400",
        "Personer;2024;3301;Drammen;Vedtak",
    )
    with pytest.raises(SourceError, match="line 3 has 5 cells; the header line has 6"):
        read_settlement(data)


# ---- the grid read by Arrow where the file is plain, by Python's csv module otherwise


def _grids(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> tuple[pd.DataFrame | None, pd.DataFrame]:
    """The grid as Arrow reads it (``None``: not plain, left to Python), and as Python does."""
    from integreringslov._io.limits import DEFAULT_LIMITS

    first = text.split("\n", 1)[0]
    delimiter = imdi.sniff_delimiter(first)
    by_arrow = imdi._arrow_grid(text, first, delimiter, DEFAULT_LIMITS)
    with monkeypatch.context() as patch:
        patch.setattr(imdi, "_arrow_grid", lambda *args: None)
        by_python = imdi._read_grid(text, "f.csv", DEFAULT_LIMITS)
    return by_arrow, by_python


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.csv")))
def test_arrow_reads_the_same_grid_as_pythons_csv_module(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("pyarrow")
    data = (SAMPLES / name).read_bytes()
    text = imdi.decode_text(data, source=name)
    read = 0
    lf = text.replace("\r\n", "\n")
    for variant in (text, lf, lf.replace("\n", "\r\n")):
        by_arrow, by_python = _grids(variant, monkeypatch)
        if by_arrow is not None:
            read += 1
            pd.testing.assert_frame_equal(by_arrow, by_python)
    assert read or name in NOT_PLAIN, "the plain variants were read by Arrow"


@pytest.mark.parametrize(
    "text",
    [
        'Region;Navn\n"K3301";"Drammen; by"\n',  # a quoted cell with the delimiter
        "Region;Navn\n\nK3301;Drammen\n",  # an empty line keeps its line number
        "Region;Navn\rK3301;Drammen\r",  # lines ended by carriage returns alone
        "\ufeffRegion;Navn\nK3301;Drammen\n",  # a byte-order mark left in the text
    ],
)
def test_a_file_that_is_not_plain_is_left_to_pythons_csv_module(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    by_arrow, by_python = _grids(text, monkeypatch)
    assert by_arrow is None
    assert len(by_python) == len(text.replace("\r", "\n").rstrip("\n").split("\n"))


def test_a_ragged_line_read_by_arrow_is_still_refused_with_its_line() -> None:
    from integreringslov._io.limits import DEFAULT_LIMITS

    text = "Region;Navn;Antall\nK3301;Drammen;4\nK3303;Kongsberg\n"
    with pytest.raises(SourceError, match="line 3 has 2 cells"):
        imdi._read_grid(text, "f.csv", DEFAULT_LIMITS)
