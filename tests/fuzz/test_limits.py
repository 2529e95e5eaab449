"""Each limit at its boundary: the limit is read, the limit + 1 is refused, naming both."""

from __future__ import annotations

import os
import re
from pathlib import Path

import attrs
import pytest
from hostile_files import PERSON_HEADER, PERSON_ROW, cell_ref, sheet_xml, workbook, xlsx_zip

import integreringslov_importers.spreadsheet as sp
from integreringslov._io.limits import Limits, read_file
from integreringslov.errors import SourceError

DOCS = Path(__file__).parents[2] / "docs" / "reference" / "limits.md"
HEADER = list(PERSON_HEADER)
PERSON = [c.format(i=1) for c in PERSON_ROW]


def test_the_documented_table_is_the_class() -> None:
    rows = re.findall(r"^\| `(\w+)` \| (\d+) \|", DOCS.read_text(encoding="utf-8"), re.M)
    assert dict(rows) == {f.name: str(f.default) for f in attrs.fields(Limits)}


def _refused(call: object, limit: int, what: str) -> SourceError:
    with pytest.raises(SourceError) as info:
        call()  # type: ignore[operator]
    message = info.value.problems[0].message
    assert f"; the limit is {limit} (raise Limits.{what} to read it)" in message
    return info.value


def _xlsx(tmp_path: Path, extra: str = "", **kw: str) -> Path:
    path = tmp_path / "ark.xlsx"
    path.write_bytes(
        xlsx_zip(workbook({"Ark1": sheet_xml([HEADER, PERSON], extra_cells=extra)}, **kw))
    )
    return path


def test_sheet_cells(tmp_path: Path) -> None:
    path = _xlsx(tmp_path, f'<row r="7"><c r="{cell_ref(7, 6)}"><v>1</v></c></row>')  # 7 × 6
    assert sp.read_spreadsheet(path, limits=Limits(max_sheet_cells=42)).table is not None
    error = _refused(
        lambda: sp.read_spreadsheet(path, limits=Limits(max_sheet_cells=41)), 41, "max_sheet_cells"
    )
    assert "claims 42 cells (rows × columns up to F7)" in error.problems[0].message


def test_sheet_dimension_claim(tmp_path: Path) -> None:
    path = tmp_path / "dim.xlsx"
    path.write_bytes(xlsx_zip(workbook({"Ark1": sheet_xml([HEADER, PERSON], dimension="A1:J100")})))
    sp.read_spreadsheet(path, limits=Limits(max_sheet_cells=1000))
    error = _refused(
        lambda: sp.read_spreadsheet(path, limits=Limits(max_sheet_cells=999)),
        999,
        "max_sheet_cells",
    )
    assert "its <dimension> is A1:J100" in error.problems[0].message


def test_sheet_columns_and_rows(tmp_path: Path) -> None:
    path = _xlsx(tmp_path)
    sp.read_spreadsheet(path, limits=Limits(max_columns=6, max_rows=2))
    _refused(lambda: sp.read_spreadsheet(path, limits=Limits(max_columns=5)), 5, "max_columns")
    _refused(lambda: sp.read_spreadsheet(path, limits=Limits(max_rows=1)), 1, "max_rows")


def test_shared_strings(tmp_path: Path) -> None:
    def sst(n: int) -> str:
        items = "<si><t>a</t></si>" * 3
        return (
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'count="{n}" uniqueCount="{n}">{items}</sst>'
        )

    path = _xlsx(tmp_path, shared_strings=sst(3))
    sp.read_spreadsheet(path, limits=Limits(max_shared_strings=3))
    _refused(
        lambda: sp.read_spreadsheet(path, limits=Limits(max_shared_strings=2)),
        2,
        "max_shared_strings",
    )
    lying = _xlsx(tmp_path, shared_strings=sst(1))  # claims 1, holds 3
    _refused(
        lambda: sp.read_spreadsheet(lying, limits=Limits(max_shared_strings=2)),
        2,
        "max_shared_strings",
    )


def test_zip_members(tmp_path: Path) -> None:
    path = _xlsx(tmp_path)
    n = len(workbook({"Ark1": ""}))
    sp.read_spreadsheet(path, limits=Limits(max_zip_members=n))
    _refused(
        lambda: sp.read_spreadsheet(path, limits=Limits(max_zip_members=n - 1)),
        n - 1,
        "max_zip_members",
    )


def test_field_chars_in_a_csv(tmp_path: Path) -> None:
    path = tmp_path / "felt.csv"
    path.write_text(";".join(HEADER) + "\n" + "P" + "1" * 99 + ";1990-01-15;a;2024-02-01;ja;nei\n")
    assert sp.read_spreadsheet(path, limits=Limits(max_field_chars=100)).problems == ()
    (problem,) = sp.read_spreadsheet(path, limits=Limits(max_field_chars=99)).problems
    assert problem.message == (
        "the cell has 100 characters; the limit is 99 (raise Limits.max_field_chars to read it)"
    )
    assert (problem.row, problem.column) == (2, "Løpenr")


def test_input_bytes(tmp_path: Path) -> None:
    path = tmp_path / "liste.csv"
    path.write_bytes(b"x" * 100)
    assert read_file(path, 100, name="max_input_bytes") == b"x" * 100
    _refused(lambda: read_file(path, 99, name="max_input_bytes"), 99, "max_input_bytes")
    _refused(
        lambda: sp.read_spreadsheet(path, limits=Limits(max_input_bytes=99)), 99, "max_input_bytes"
    )


def test_csv_rows_and_columns(tmp_path: Path) -> None:
    path = tmp_path / "liste.csv"
    path.write_text(";".join(HEADER) + "\n" + ";".join(PERSON) + "\n", encoding="utf-8")
    sp.read_spreadsheet(path, limits=Limits(max_rows=2, max_columns=6))
    _refused(lambda: sp.read_spreadsheet(path, limits=Limits(max_rows=1)), 1, "max_rows")
    _refused(lambda: sp.read_spreadsheet(path, limits=Limits(max_columns=5)), 5, "max_columns")


def _nested(levels: int) -> str:
    """A TOML document nested ``levels`` deep: the document's own table is the first."""
    return "x = " + "[" * (levels - 1) + "]" * (levels - 1) + "\n"


def test_mapping_nesting_and_size(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    path.write_text(_nested(64), encoding="utf-8")
    with pytest.raises(SourceError, match="unknown keys in the mapping: x"):  # read, then checked
        sp.load_mapping(path)
    path.write_text(_nested(65), encoding="utf-8")
    _refused(lambda: sp.load_mapping(path), 64, "max_nesting_depth")
    path.write_text(_nested(100_000), encoding="utf-8")
    with pytest.raises(SourceError, match="nests tables or arrays too deeply"):
        sp.load_mapping(path)
    size = len(_nested(64).encode())
    path.write_text(_nested(64), encoding="utf-8")
    with pytest.raises(SourceError, match="unknown keys"):
        sp.load_mapping(path, limits=Limits(max_mapping_bytes=size))
    _refused(
        lambda: sp.load_mapping(path, limits=Limits(max_mapping_bytes=size - 1)),
        size - 1,
        "max_mapping_bytes",
    )


def test_mapping_paths_that_are_not_regular_files_are_refused_before_opening(
    tmp_path: Path,
) -> None:
    fifo = tmp_path / "mapping.toml"
    os.mkfifo(fifo)  # opening it for reading would block until a writer comes
    with pytest.raises(SourceError, match=r"not a regular file: the path is a named pipe \(FIFO\)"):
        sp.load_mapping(fifo)
    with pytest.raises(SourceError, match="not a regular file: the path is a device"):
        sp.load_mapping("/dev/zero")
    with pytest.raises(SourceError, match="not a regular file: the path is a directory"):
        sp.load_mapping(tmp_path)
