"""The CSV reader codes a long file's columns by their runs and cycles: the same coding.

A stub column of a long StatBank file (csv2, csv3, the ready-made dataset) repeats each
cell in runs, or repeats a cycle (the years under every age); the reader codes such a
column from its runs or its first cycle instead of hashing every cell. Whatever the
column, the coding must be the one hashing every cell gives: each cell's code points at
its own text, the distinct cells are unique and in the order the rows first show them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from integreringslov.plugins import Plugins

pa = pytest.importorskip("pyarrow")

from integreringslov_importers import _ssb_csv  # noqa: E402
from integreringslov_importers._ssb_cells import texts  # noqa: E402

LABELS = st.lists(st.text(min_size=0, max_size=6), min_size=1, max_size=8)


def _column(labels: list[str], run: int, cycle: int, n: int, odd: int | None) -> list[str]:
    """``n`` cells: ``labels`` in runs of ``run``, the whole pattern cycled; one cell at
    ``odd`` changed to a text no other cell holds (the column then has no clean cycle)."""
    pattern = [label for label in labels[:cycle] for _ in range(run)]
    cells = [pattern[i % len(pattern)] for i in range(n)]
    if odd is not None:
        cells[odd % n] = "\x00odd"
    return cells


@settings(max_examples=40, deadline=None)
@given(
    labels=LABELS,
    run=st.integers(1, 3000),
    cycle=st.integers(1, 8),
    extra=st.integers(0, 5000),
    odd=st.none() | st.integers(0, 10**6),
    chunk=st.integers(1000, 40_000),
)
def test_coded_is_the_coding_of_every_cell(
    labels: list[str], run: int, cycle: int, extra: int, odd: int | None, chunk: int
) -> None:
    n = 4 * _ssb_csv._RUN_SAMPLE + extra
    cells = _column(labels, run, cycle, n, odd)
    array = pa.chunked_array([cells[i : i + chunk] for i in range(0, n, chunk)], pa.string())
    coded = _ssb_csv._coded(array.slice(1))  # as the reader does: the header row sliced off
    distinct = texts(coded.distinct)
    assert [distinct[c] for c in coded.codes] == cells[1:]
    assert distinct == list(dict.fromkeys(cells[1:]))
    assert coded.first_seen_first


def test_a_long_file_reads_the_same_by_arrow_and_by_the_csv_module(
    plugins: Plugins, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A csv3-like file of 24 000 rows (runs, a cycle, a last row that breaks it)."""
    lines = ["Region,Kjonn,Alder,Tid,ContentsCode,07459"]
    for r in range(40):
        for sex in ("1", "2"):
            for age in range(30):
                for year in range(2000, 2010):
                    value = ".." if (r + age + year) % 97 == 0 else str(r * age + year)
                    lines.append(f"{3000 + r:04d},{sex},{age:03d},{year},Personer1,{value}")
    lines[-1] = "3039,2,029,2011,Personer1,5"  # the year cycle broken at the very end
    path = tmp_path / "long.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    by_arrow = plugins.read(path, importer="ssb-csv")

    def declined(*args: object) -> None:
        raise _ssb_csv._Careful

    monkeypatch.setattr(_ssb_csv, "_arrow_grid", declined)
    by_csv = plugins.read(path, importer="ssb-csv")
    assert len(by_arrow.table) == 24_000
    pd.testing.assert_frame_equal(by_arrow.table, by_csv.table)
    assert by_arrow.report.notes == by_csv.report.notes
    assert by_arrow.table["Tid"].iloc[-1] == "2011"
