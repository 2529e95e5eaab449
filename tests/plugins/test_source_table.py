"""What an importer leaves out reaches the report: ``SourceTable`` end to end.

Through :func:`integreringslov.read`, with the built-in spreadsheet importer and with
plugins written here: rows the importer could not read are problems (with sheet, row and
column), what it skipped on purpose is in the notes, a table may follow a sibling
importer's schema, and naming another plugin's importer is refused.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pandera.pandas as pa
import pytest
from pandera.typing import Series

import integreringslov as il
from integreringslov.errors import PluginError, Problem
from integreringslov.plugins import Detection, RegisterImporter, SourceTable, hookimpl
from integreringslov.tables import Table
from integreringslov.tables.municipalities import MunicipalityCriteria
from integreringslov.tables.persons import PersonTable

HEADER = ["Løpenr", "Fødselsdato", "Tillatelse", "Tillatelse gitt", "Bosatt etter avtale"]
HEADER += ["Nordisk/EØS"]


@pytest.fixture
def persons_xlsx(tmp_path: Path) -> Path:
    """Four people under a title row, one with an unreadable date, then a sum row."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Deltakere"
    ws.append(["Deltakere 2024"])  # row 1: a title
    ws.append(HEADER)  # row 2
    ws.append(["P-1", "14.03.1991", "a", "02.05.2023", "ja", "nei"])  # row 3
    ws.append(["P-2", "30.11.2004", "b", "31.02.2023", "ja", "nei"])  # row 4: no 31 February
    ws.append(["P-3", "01.06.1978", "f", "22.01.2024", "nei", "nei"])  # row 5
    ws.append(["P-4", "09.08.1999", "", "05.02.2024", "nei", "ja"])  # row 6
    ws.append(["Sum", "", "", "", "", ""])  # row 7
    path = tmp_path / "deltakere.xlsx"
    wb.save(path)
    return path


def test_an_unreadable_cell_is_a_problem_and_its_row_is_left_out(persons_xlsx: Path) -> None:
    imported = il.read(persons_xlsx)
    assert imported.importer.name == "spreadsheet"
    report = imported.report
    assert not report.ok
    [problem] = report.problems
    assert (problem.sheet, problem.row, problem.column) == ("Deltakere", 4, "Tillatelse gitt")
    assert problem.value == "31.02.2023"
    assert problem.source == str(persons_xlsx)
    assert report.invalid_rows == (4,)
    assert imported.table.index.tolist() == [3, 5, 6]
    assert "P-2" not in set(imported.table["person_id"])
    assert report.rows == 4  # three read and validated, one rejected by the importer
    as_json = json.loads(report.to_json())
    assert [(p["sheet"], p["row"], p["column"]) for p in as_json["problems"]] == [
        ("Deltakere", 4, "Tillatelse gitt")
    ]


def test_what_was_skipped_on_purpose_is_in_the_report(persons_xlsx: Path) -> None:
    report = il.read(persons_xlsx).report
    assert any("sum rows" in n and "7" in n for n in report.notes)
    assert any("title row" in n for n in report.notes)
    text = report.to_text()
    assert "Notes (left out on purpose, or decided):" in text
    assert text.index("Notes (left out on purpose, or decided):") > text.index("row 4")
    assert "sum rows not read as data: rows 7" in text
    as_json = json.loads(report.to_json())
    assert as_json["notes"] == list(report.notes)
    assert any("sum rows" in n for n in as_json["notes"])


def test_notes_alone_leave_the_report_ok(tmp_path: Path) -> None:
    path = tmp_path / "k.csv"
    path.write_text(
        "Kommunenummer;Kommune;Innbyggere\n3301;Drammen;103300\n\nSum;;103300\n", encoding="utf-8"
    )
    report = il.read(path).report
    assert report.ok
    assert report.notes
    assert "all valid" in report.to_text()
    assert "Notes (left out on purpose, or decided):" in report.to_text()


@pytest.mark.parametrize("importer", [None, "spreadsheet"])
def test_a_municipality_sheet_is_validated_as_the_municipality_table(
    tmp_path: Path, importer: str | None
) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Kommunenummer", "Kommune", "Innbyggere", "Anmodning"])
    ws.append(["3301", "Drammen", 103300, 60])
    ws.append(["3303", "Kongsberg", 28200, -5])  # a negative request fails the schema
    ws.append(["3305", "Ringerike", 31400, 20])
    path = tmp_path / "kommuner.xlsx"
    wb.save(path)
    imported = il.read(path, importer=importer)
    assert imported.importer.name == "spreadsheet-municipalities"
    assert imported.importer.table is MunicipalityCriteria
    assert imported.report.table == "MunicipalityCriteria"
    assert [(p.row, p.column, p.value) for p in imported.report.problems] == [
        (3, "Anmodning", "-5")  # the sheet's header
    ]
    assert imported.table.municipality.tolist() == ["3301", "3305"]
    assert str(imported.table["requested"].dtype) == "Int64"


def test_a_person_sheet_stays_the_person_table(persons_xlsx: Path) -> None:
    imported = il.read(persons_xlsx, importer="spreadsheet")
    assert imported.importer.table is PersonTable
    assert imported.report.table == "PersonTable"


# -- plugins written here ------------------------------------------------------------------


class CodeTable(Table):
    """A test table of codes."""

    code: Series[str] = pa.Field(str_matches=r"^\d{4}$", title="Code", description="A code.")


class CountTable(Table):
    """A test table of counts."""

    code: Series[str] = pa.Field(str_matches=r"^\d{4}$", title="Code", description="A code.")
    n: Series[int] = pa.Field(ge=0, title="N", description="A count.")


def _plugin(
    names: Mapping[str, type[Table]], result: Callable[[str], object] | None = None
) -> type:
    """A plugin declaring ``names`` (importer → schema); reads ``*.cnt`` with the first."""
    first = next(iter(names))

    class Plugin:
        @staticmethod
        @hookimpl
        def register_importers(register: RegisterImporter) -> None:
            for name, table in names.items():
                register(name=name, title=f"{name} files", publisher="Tests", table=table)

        @staticmethod
        @hookimpl
        def detect_source(source: Path) -> Detection | None:
            if source.suffix == ".cnt" and result is not None:
                return Detection(importer=first, confidence=0.9)
            return None

        @staticmethod
        @hookimpl
        def read_source(source: Path, importer: str, options: Mapping[str, Any]) -> object:
            if importer not in names or result is None:
                return None
            return result(importer)

    return Plugin


@pytest.fixture
def cnt_file(tmp_path: Path) -> Path:
    path = tmp_path / "data.cnt"
    path.write_text("5001 3\n", encoding="utf-8")
    return path


def test_naming_another_plugins_importer_is_a_plugin_error(
    fake_distributions: Callable[..., None], cnt_file: Path
) -> None:
    def steal(importer: str) -> SourceTable:
        frame = pd.DataFrame({"code": ["5001"], "n": [3]}, index=[1])
        return SourceTable(table=frame, importer="other-counts")

    fake_distributions(
        ("il-codes", "1.0", {"codes": _plugin({"codes": CodeTable}, steal)}),
        ("il-other", "1.0", {"other": _plugin({"other-counts": CountTable})}),
    )
    with pytest.raises(PluginError, match=r"'other-counts'.*plugin 'other'.*same plugin"):
        il.read(cnt_file)


def test_naming_an_importer_nobody_declares_is_a_plugin_error(
    fake_distributions: Callable[..., None], cnt_file: Path
) -> None:
    def unknown(importer: str) -> SourceTable:
        return SourceTable(table=pd.DataFrame({"code": ["5001"]}, index=[1]), importer="nope")

    fake_distributions(("il-codes", "1.0", {"codes": _plugin({"codes": CodeTable}, unknown)}))
    with pytest.raises(PluginError, match="'nope', which no plugin declares"):
        il.read(cnt_file)


def test_a_sibling_importer_of_the_same_plugin_is_accepted(
    fake_distributions: Callable[..., None], cnt_file: Path
) -> None:
    def counts(importer: str) -> SourceTable:
        frame = pd.DataFrame({"code": ["5001", "50x2"], "n": ["3", "4"]}, index=[2, 3])
        skipped = Problem(message="cannot read the count", row=4, column="n", value="mange")
        return SourceTable(
            table=frame, problems=[skipped], notes=["a total line"], importer="counts"
        )

    fake_distributions(
        ("il-codes", "1.0", {"codes": _plugin({"codes": CodeTable, "counts": CountTable}, counts)})
    )
    imported = il.read(cnt_file)
    assert imported.importer.name == "counts"
    assert imported.table["n"].tolist() == [3]
    assert [(p.row, p.column) for p in imported.report.problems] == [(4, "n"), (3, "code")]
    assert imported.report.notes == ("a total line",)
    assert imported.report.rows == 3


def test_a_source_table_of_the_wrong_kind_is_a_plugin_error(
    fake_distributions: Callable[..., None], cnt_file: Path
) -> None:
    fake_distributions(
        (
            "il-codes",
            "1.0",
            {
                "codes": _plugin(
                    {"codes": CodeTable},
                    lambda i: SourceTable(table=pd.DataFrame({"code": ["5001"]}), problems=["x"]),  # type: ignore[list-item]
                )
            },
        )
    )
    with pytest.raises(PluginError, match=r"not integreringslov\.errors\.Problem"):
        il.read(cnt_file)
