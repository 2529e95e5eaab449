"""One vocabulary per kind of cell: the yes/no words, the kommunenummer, whole numbers.

Each is declared once in :mod:`integreringslov.tables._coerce`; every reader of such a cell
in the library reads it the same way, and a word outside the vocabulary is a problem of its
row, never a silent *no*.
"""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pytest
from pandera.typing import Series

import integreringslov as il
from integreringslov.errors import InvalidInputError
from integreringslov.rules import person_from_row
from integreringslov.tables import Table, validate
from integreringslov.tables import _coerce as coerce
from integreringslov.tables.municipalities import MunicipalityCriteria
from integreringslov.tables.settlement_statistics import SettlementStatistics

SRC = Path(__file__).resolve().parents[2] / "src"

CONTRACT = (
    "Booleans in CSV and spreadsheets accept `true/false`, `ja/nei`, `j/n`, `yes/no`, "
    "`1/0`, `x`/empty."
)
"""The sentence of the public contract (shared/design/contract.md) that names the words."""

YES = ["true", "ja", "j", "yes", "1", "x", "JA", " Ja ", "X", "True", "YES"]
NO = ["false", "nei", "n", "no", "0", "", "  ", "NEI", "False", "No"]
UNKNOWN = ["kanskje", "sann", "usann", "y", "ok", "2", "-1", "nei!", "jaa", "t", "f"]
WORDS = YES + NO + UNKNOWN


def _wanted(word: str) -> bool | None:
    """What the contract says a word means; ``None`` for a word it does not know."""
    if word in YES:
        return True
    if word in NO:
        return False
    return None


def test_the_declared_words_are_the_contracts() -> None:
    pairs = re.findall(r"`([^`/]+)/([^`/]*)`|`(x)`/(empty)", CONTRACT)
    declared = [(a or c, "" if (b or d) == "empty" else (b or d)) for a, b, c, d in pairs]
    assert tuple(declared) == coerce.YES_NO
    assert {yes for yes, _ in declared} == coerce.TRUE_WORDS
    assert {no for _, no in declared if no} == coerce.FALSE_WORDS
    listed = coerce.yes_no_expected("en")
    assert all(f"{yes}/{no or 'empty'}" in listed for yes, no in coerce.YES_NO)


def test_parse_bool_reads_the_words_and_refuses_the_rest() -> None:
    parsed = coerce.parse_bool(pd.Series(WORDS, dtype=object))
    got = [None if parsed.invalid.iat[i] else bool(parsed.values.iat[i]) for i in range(len(WORDS))]
    assert got == [_wanted(w) for w in WORDS]


class _Flags(Table):
    """A test table with a yes/no column."""

    flag: Series[bool] = pa.Field(title="F", description="A flag.")


def test_validation_reads_the_same_words() -> None:
    frame = pd.DataFrame({"flag": WORDS}, index=range(1, len(WORDS) + 1))
    table, report = validate(_Flags, frame)
    refused = {p.value for p in report.problems}
    assert refused == set(UNKNOWN)
    assert all(p.column == "flag" and p.expected == coerce.yes_no_expected("en")
               for p in report.problems)  # fmt: skip
    kept = [w for w in WORDS if _wanted(w) is not None]
    assert table["flag"].tolist() == [_wanted(w) for w in kept]


def test_the_spreadsheet_importer_reads_the_same_words(tmp_path: Path) -> None:
    codes = [f"{5001 + i:04d}" for i in range(len(WORDS))]
    path = tmp_path / "kommuner.csv"
    body = "".join(f"{c};1;{w}\n" for c, w in zip(codes, WORDS, strict=True))
    path.write_text("Kommunenummer;Innbyggere;excluded\n" + body, encoding="utf-8")
    imported = il.read(path, importer="spreadsheet-municipalities")
    by_code = dict(zip(imported.table["municipality"], imported.table["excluded"], strict=True))
    got = [by_code.get(c) for c in codes]
    assert got == [_wanted(w) for w in WORDS]
    refused = {p.value for p in imported.report.problems if p.column == "excluded"}
    assert refused == set(UNKNOWN)


@pytest.mark.parametrize("word", WORDS)
def test_the_person_row_reads_the_same_words(word: str) -> None:
    row = {"person_id": "p", "birth_date": "1990-01-01", "permit_letter": "a",
           "permit_granted": "2024-01-01", "settled_by_agreement": "",
           "nordic_or_eea": word}  # fmt: skip
    if _wanted(word) is None:
        with pytest.raises(InvalidInputError) as err:
            person_from_row(row)
        [problem] = err.value.problems
        assert (problem.column, problem.value) == ("nordic_or_eea", word)
    else:
        assert person_from_row(row).nordic_or_eea is _wanted(word)


def _string_sets(path: Path) -> list[tuple[int, set[str]]]:
    """The string constants of each set literal and each dict's keys in a source file."""
    out: list[tuple[int, set[str]]] = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        items = node.elts if isinstance(node, ast.Set) else (
            [k for k in node.keys if k is not None] if isinstance(node, ast.Dict) else []
        )  # fmt: skip
        words = {i.value.strip().lower() for i in items
                 if isinstance(i, ast.Constant) and isinstance(i.value, str)}  # fmt: skip
        if words:
            out.append((node.lineno, words))
    return out


def test_no_other_module_declares_yes_no_words() -> None:
    declared = SRC / "integreringslov" / "tables" / "_coerce.py"
    copies = [
        f"{path.relative_to(SRC)}:{line}"
        for path in sorted(SRC.rglob("*.py"))
        if path != declared
        for line, words in _string_sets(path)
        if len(words & (coerce.TRUE_WORDS | coerce.FALSE_WORDS)) >= 2
    ]
    assert copies == []


def test_one_municipality_code_check() -> None:
    for schema in (MunicipalityCriteria, SettlementStatistics):
        column = schema.to_schema().columns["municipality"]
        [check] = [c for c in column.checks if c.name == "str_matches"]
        assert check.statistics["pattern"] == coerce.MUNICIPALITY_CODE
    read = coerce.parse_municipality(pd.Series(["K3801", "301", "0301", "5001 Trondheim", "Oslo"]))
    assert read.values.tolist()[:4] == ["3801", "0301", "0301", "5001"]
    assert read.invalid.tolist() == [False, False, False, False, True]
    assert all(re.match(coerce.MUNICIPALITY_CODE, c) for c in read.values.dropna())


def test_one_whole_number_check() -> None:
    parsed = coerce.parse_whole(pd.Series(["17", "17,0", "1 234", "2.5", "inf", "x", ""]))
    assert parsed.values.tolist()[:3] == [17, 17, 1234]
    assert parsed.invalid.tolist() == [False, False, False, True, True, True, False]
    assert parsed.values.dtype == "Int64"


def test_recommend_reads_the_words_as_il_read_does(tmp_path: Path) -> None:
    from integreringslov.allocation import recommend

    words = [w for w in WORDS if _wanted(w) is not None]
    codes = [m.code for m in il.regions.municipalities(on=date(2024, 1, 1)) if m.county == "50"]
    codes = codes[: len(words)]
    path = tmp_path / "kriterier.csv"
    body = "".join(f"{c},{i + 1},{w}\n" for i, (c, w) in enumerate(zip(codes, words, strict=True)))
    path.write_text("municipality,population,excluded\n" + body, encoding="utf-8")
    read = il.read(path).table
    assert read["excluded"].tolist() == [_wanted(w) for w in words]
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    rec = recommend(10, frame, criteria={"population": 1}, method="hamilton")
    assert [r.excluded for r in rec.rows] == [_wanted(w) for w in words]
    assert rec.numbers == recommend(10, read, criteria={"population": 1}, method="hamilton").numbers
