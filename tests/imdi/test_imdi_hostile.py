"""IMDi exports a careless or hostile sender could make: each refused or reported, in place."""

from __future__ import annotations

import pytest

from integreringslov._io.limits import Limits
from integreringslov.errors import SourceError
from integreringslov_importers.imdi import read_settlement

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
