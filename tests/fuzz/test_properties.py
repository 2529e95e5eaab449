"""Invariants over generated input (hypothesis): no leak, no lost row, no stray exception."""

from __future__ import annotations

import re
import tempfile
from datetime import date
from pathlib import Path

import attrs
import pandas as pd
import pytest
from hostile_files import PERSON_HEADER, sheet_xml, workbook, xlsx_zip
from hypothesis import assume, example, given
from hypothesis import strategies as st

import integreringslov_importers.spreadsheet as sp
from integreringslov._io.limits import Limits
from integreringslov._text.privacy import MASK, printable, redact
from integreringslov.errors import Problem, SourceError
from integreringslov.fodselsnummer import check_digits, is_valid
from integreringslov.tables._fodselsnummer import birth_dates
from integreringslov_importers.xlsx import SheetEntry, scan_sheet


@st.composite
def identity_numbers(draw: st.DrawFn) -> str:
    """A valid fødselsnummer or D-number, from a birth date and an individual number."""
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2039, 12, 31)))
    individual = draw(st.integers(0, 499) if born.year < 2000 else st.integers(500, 999))
    day = born.day + (40 if draw(st.booleans()) else 0)
    nine = f"{day:02d}{born.month:02d}{born.year % 100:02d}{individual:03d}"
    digits = check_digits(nine)
    assume(digits is not None)  # for about one in six, no check digit exists
    assert digits is not None
    return nine + f"{digits[0]}{digits[1]}"


def _written(number: str, style: int) -> str:
    return [
        number,
        f"{number[:6]} {number[6:]}",
        f"{number[:6]}-{number[6:]}",
        f"{number[:6]}.{number[6:]}",
        f"{number[:6]} {number[6:9]} {number[9:]}",
    ][style]


_NO_DIGIT_EDGE = st.text(alphabet=st.characters(blacklist_categories=["Nd"]), max_size=20)


@given(identity_numbers(), st.integers(0, 4), _NO_DIGIT_EDGE, _NO_DIGIT_EDGE)
def test_a_valid_number_however_written_never_survives_redact(
    number: str, style: int, before: str, after: str
) -> None:
    text = before + _written(number, style) + after
    out = redact(text)
    assert out == before + MASK + after
    assert number not in re.sub(r"[ .\-]", "", out)
    assert redact(out) == out  # idempotent
    problem = Problem(message=text, source=text, sheet=text, column=text, value=text)
    assert number not in str(problem) + repr(problem) + str(problem.to_dict())


@given(st.from_regex(r"[0-9]{11}", fullmatch=True))
def test_numbers_that_fail_the_check_survive(digits: str) -> None:
    assert redact(f"konto {digits}.") == (
        f"konto {MASK}." if is_valid(digits) else f"konto {digits}."
    )


@given(st.text(max_size=60))
def test_printable_leaves_no_control_character(text: str) -> None:
    out = printable(text)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in out)
    assert "\u202e" not in out


@given(st.lists(st.one_of(st.text(max_size=14), identity_numbers()), max_size=30))
@example(["fødselsnumm"])  # words of the message itself, not the cell shown
def test_birth_dates_never_raise_and_flag_exactly_the_invalid(entries: list[str]) -> None:
    parsed = birth_dates(pd.Series(entries, dtype=object), on=date(2039, 12, 31))
    for entry, bad, value in zip(entries, parsed.invalid, parsed.values, strict=True):
        blank = not entry.strip()
        assert bad == (not blank and not is_valid(entry.strip()))
        assert pd.isna(value) == (blank or bad)
    problems = parsed.problems("fnr")
    shown = "".join(str(p) for p in problems)
    # the library's own words, with no cell in them: what a cell may be found in by chance
    words = "".join(str(attrs.evolve(p, value=None)) for p in problems)
    for entry in entries:
        if len(entry.strip()) >= 11 and entry.strip() not in words:
            assert entry.strip() not in shown


_CELL = st.one_of(
    st.sampled_from(["", "  ", "ja", "nei", "x", "a", "b", "h", "2024-02-01", "01.03.1990"]),
    st.sampled_from(["Sum", "Totalt", "I alt 3", "Total-7", "12", "37,5", "=1+1", "'"]),
    st.text(alphabet=st.characters(blacklist_characters='\x00\r\n"', codec="utf-8"), max_size=8),
)


@given(st.lists(st.lists(_CELL, min_size=6, max_size=6), min_size=1, max_size=25))
@example(rows=[["", "", "", "", "", "*"]])  # a footnote line below the table: named
def test_every_row_of_a_csv_is_read_reported_or_named(rows: list[list[str]]) -> None:
    lines = [";".join(PERSON_HEADER)] + [";".join(c.replace(";", ",") for c in row) for row in rows]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "liste.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        refused: SourceError | None = None
        try:
            result = sp.read_spreadsheet(path)
        except SourceError as exc:
            refused = exc
    if refused is not None:  # refusals are allowed; they must name the file
        assert refused.problems[0].source == str(path)
        return
    read = set(result.table.index)
    reported = {p.row for p in result.problems}
    empty = sum(
        int(n.split()[0])
        for n in result.skipped
        if n.endswith(("empty row not read", "empty rows not read"))
    )
    summed: set[int] = set()  # sum rows, and source and footnote lines below the table
    for note in result.skipped:
        if " not read as data: rows " in note:
            summed |= {int(r) for r in note.rsplit("rows ", 1)[1].split(", ")}
    assert read.isdisjoint(reported)
    assert len(read) + len(reported - summed) + len(summed) + empty == len(rows)


def _excel_cell(raw: str) -> tuple[int, int] | None:
    """The test's own reading of an A1 reference: (row, column), or None if Excel has none."""
    m = re.fullmatch(r"([A-Za-z]{0,3})([0-9]+)", raw)
    if m is None:
        return None
    column = 0
    for letter in m.group(1).upper():
        column = column * 26 + "ABCDEFGHIJKLMNOPQRSTUVWXYZ".index(letter) + 1
    row = int(m.group(2))
    return (row, column) if 1 <= row <= 1_048_576 and column <= 16_384 else None


@example("CZZ7")  # a column Excel has, beyond Limits.max_columns
@example("XFD1048576")
@given(st.text(alphabet="ABCDXFYZabc0123456789$:-", min_size=1, max_size=12))
def test_any_cell_reference_is_read_or_refused_by_name(raw: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ark.xlsx"
        cells = f'<row r="2"><c r="{raw}"><v>1</v></c></row>'
        path.write_bytes(xlsx_zip(workbook({"Ark1": sheet_xml([["a"]], extra_cells=cells)})))
        entry = SheetEntry(name="Ark1", part="xl/worksheets/sheet1.xml")
        expected = _excel_cell(raw)
        limits = Limits()
        if (
            expected is None
            or expected[1] > limits.max_columns
            or expected[0] * max(expected[1], 1) > limits.max_sheet_cells
        ):
            with pytest.raises(SourceError) as info:
                scan_sheet(path, entry, limits)
            assert info.value.problems[0].sheet == "Ark1"
        else:
            scan = scan_sheet(path, entry, limits)
            assert scan.rows == max(2, expected[0])
            assert scan.columns == max(1, expected[1])
