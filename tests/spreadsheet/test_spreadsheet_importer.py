"""The municipal spreadsheet importer: layouts, cell types, bad input, safety, privacy."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import integreringslov_importers.spreadsheet as sp
from integreringslov.errors import SourceError
from integreringslov.fodselsnummer import check_digits
from integreringslov.plugins import Plugins, get_plugin_manager

HEADER = [
    "Løpenr",
    "Fødselsdato",
    "Tillatelse",
    "Tillatelse gitt",
    "Bosatt etter avtale",
    "Nordisk/EØS",
    "Timer per uke",
]


def _fnr(day: str) -> str:
    """A fødselsnummer with valid check digits for DDMMYY (individual number 100-199)."""
    for individual in range(100, 200):
        nine = f"{day}{individual}"
        k = check_digits(nine)
        if k is not None:
            return nine + f"{k[0]}{k[1]}"
    raise AssertionError("no valid number")  # pragma: no cover


def _set_cached_values(path: Path, values: dict[str, str]) -> None:
    """Give formula cells a cached value, as Excel does when it saves (openpyxl cannot)."""
    with zipfile.ZipFile(path) as zin:
        parts = {i.filename: zin.read(i.filename) for i in zin.infolist()}
    name = "xl/worksheets/sheet1.xml"
    xml = parts[name].decode("utf-8")
    for ref, value in values.items():
        xml, n = re.subn(
            rf'(<c r="{ref}"[^>]*>)<f>(.*?)</f><v\s*/>', rf"\1<f>\2</f><v>{value}</v>", xml
        )
        assert n == 1, ref
    parts[name] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for fname, data in parts.items():
            zout.writestr(fname, data)


@pytest.fixture
def typical(tmp_path: Path) -> Path:
    """A sheet as a municipality keeps it: title rows, merged headers, sums, formulas."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Deltakere"
    ws["A1"] = "Introduksjonsprogrammet – deltakere 2025"
    ws["A2"] = "Oppdatert 01.03.2025"
    ws.merge_cells("D3:E3")
    ws["D3"] = "Oppholdstillatelse"  # a merged block above two columns: a title, not data
    header = [
        "  LØPENR ",
        "Fødselsdato\n",
        "Tillatelse",
        "Tillatelse gitt",
        "Bosatt etter\navtale",
        "Nordisk/EØS",
        "Timer per uke",
        "Merknad",
    ]
    ws.append(header)  # row 4
    ws.append(["P1", dt.datetime(1990, 3, 15), "A", dt.datetime(2024, 5, 2), "ja", "nei", 10, ""])
    ws.append([2, 33000, "b", "02.05.2024", "x", None, "37,5", "serial date"])  # row 6
    ws.append(["P3", "1985-12-24", "f", "2024-06-30", True, False, None, ""])  # row 7
    ws.append(["P4", dt.date(2001, 1, 1), "", "15.08.2023", "nei", "j", "=20+10", ""])  # row 8
    ws.append([])  # row 9
    ws.append(["Sum", None, None, None, None, None, "=SUM(G5:G8)", ""])  # row 10
    ws.append([])
    path = tmp_path / "deltakere.xlsx"
    wb.save(path)
    _set_cached_values(path, {"G8": "30", "G10": "77.5"})
    return path


@pytest.fixture
def plugins() -> Plugins:
    """A fresh manager with this plugin only (other built-ins blocked, no autoload)."""
    from integreringslov_importers import BUILTIN_PLUGINS

    others = [m for m in BUILTIN_PLUGINS if m != sp.__name__]
    pm = get_plugin_manager(autoload=False, blocked=others)
    if not pm.is_registered(sp):
        pm.register(sp, name=sp.__name__)
    return Plugins(pm)


# --------------------------------------------------------------------------- typical sheet


def test_typical_sheet_without_mapping(typical: Path) -> None:
    result = sp.read_spreadsheet(typical)
    assert result.kind == "persons"
    assert result.problems == ()
    t = result.table
    assert t.index.tolist() == [5, 6, 7, 8]  # sheet rows: title rows, sum and empty left out
    assert t.person_id.tolist() == ["P1", "2", "P3", "P4"]
    assert t.birth_date.dt.strftime("%Y-%m-%d").tolist() == [
        "1990-03-15",
        "1990-05-07",  # Excel serial 33000 (36526 is 2000-01-01; 3526 days earlier)
        "1985-12-24",
        "2001-01-01",
    ]
    assert t.permit_letter.tolist()[:3] == ["a", "b", "f"]
    assert pd.isna(t.permit_letter.iloc[3])
    assert t.permit_granted.dt.strftime("%d.%m.%Y").tolist() == [
        "02.05.2024",
        "02.05.2024",
        "30.06.2024",
        "15.08.2023",
    ]
    assert t.settled_by_agreement.tolist() == [True, True, True, False]
    assert t.nordic_or_eea.tolist() == [False, False, False, True]
    assert t.work_hours_per_week.tolist()[:2] == [10.0, 37.5]
    assert pd.isna(t.work_hours_per_week.iloc[2])
    assert t.work_hours_per_week.iloc[3] == 30.0  # the formula's cached value
    notes = " | ".join(result.skipped)
    assert "sum rows not read as data: rows 10" in notes
    assert "1 empty row not read" in notes  # one: the singular form
    assert "3 title rows above the header" in notes
    assert "'Merknad'" in notes  # unused column named, not silently ignored


def test_typical_sheet_through_the_host(typical: Path, plugins: Plugins) -> None:
    imported = plugins.read(typical)
    assert imported.importer.name == "spreadsheet"
    assert imported.report.ok, imported.report.to_text()
    assert len(imported.table) == 4
    assert str(imported.table.birth_date.dtype).startswith("datetime64")


def test_mapping_toml_with_sheet_and_columns(tmp_path: Path, plugins: Plugins) -> None:
    wb = openpyxl.Workbook()
    first = wb.active
    assert first is not None
    first.title = "Info"
    first["A1"] = "Les meg"
    ws = wb.create_sheet("Deltakere 2025")
    ws.append(["Nr", "Dato født", "Grunnlag §9", "Innvilget dato", "Avtale IMDi", "EØS?"])
    ws.append([101, "01.02.1999", "c", "01.01.2025", "ja", "nei"])
    path = tmp_path / "m.xlsx"
    wb.save(path)
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        'sheet = "Deltakere 2025"\ntable = "persons"\n[columns]\n'
        'person_id = "nr"\nbirth_date = "DATO FØDT"\npermit_letter = "Grunnlag §9"\n'
        'permit_granted = "Innvilget dato"\nsettled_by_agreement = "Avtale IMDi"\n'
        'nordic_or_eea = "EØS?"\n',
        encoding="utf-8",
    )
    imported = plugins.read(path, mapping=mapping)
    assert imported.report.ok, imported.report.to_text()
    row = imported.table.iloc[0]
    assert row.person_id == "101"
    assert row.birth_date == pd.Timestamp("1999-02-01")
    assert row.permit_letter == "c"
    assert bool(row.settled_by_agreement) is True


def test_first_sheet_without_header_is_passed_over(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    info = wb.active
    assert info is not None
    info.title = "Forside"
    info["B2"] = "Kommunens deltakerliste"
    ws = wb.create_sheet("Liste")
    ws.append(HEADER)
    ws.append(["A1", "1990-01-01", "a", "2024-01-01", "ja", "nei", 0])
    path = tmp_path / "two.xlsx"
    wb.save(path)
    result = sp.read_spreadsheet(path)
    assert result.table.person_id.tolist() == ["A1"]
    assert any("'Forside'" in n for n in result.skipped)


def test_several_sheets_from_a_mapping(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    a = wb.active
    assert a is not None
    a.title = "2024"
    a.append(HEADER)
    a.append(["A", "1990-01-01", "a", "2024-01-01", "ja", "nei", 0])
    b = wb.create_sheet("2025")
    b.append(["Tittel"])
    b.append(HEADER)
    b.append(["B", "1991-01-01", "b", "2025-01-01", "nei", "nei", 0])
    path = tmp_path / "years.xlsx"
    wb.save(path)
    result = sp.read_spreadsheet(path, mapping={"sheet": ["2024", "2025"]})
    assert result.table.person_id.tolist() == ["A", "B"]
    assert result.table.index.tolist() == [2, 3]


# --------------------------------------------------------------------------- fødselsnummer


def test_fodselsnummer_becomes_birth_date_and_never_leaks(
    tmp_path: Path, plugins: Plugins, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _fnr("150390")
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Løpenr", "Fødselsnummer", *HEADER[2:]])
    ws.append(["P1", good, "a", "2024-01-01", "ja", "nei", 0])
    ws.append(["P2", bad, "a", "2024-01-01", "ja", "nei", 0])
    ws.append([good, "", "a", "2024-01-01", "ja", "nei", 0])  # an fnr used as the id
    path = tmp_path / "fnr.xlsx"
    wb.save(path)
    result = sp.read_spreadsheet(path)
    assert "fodselsnummer" not in result.table.columns
    assert result.table.loc[2, "birth_date"] == pd.Timestamp("1990-03-15")
    assert {p.row for p in result.problems} == {3, 4}
    imported = plugins.read(path)
    text = " ".join(
        [
            result.table.to_csv(),
            repr(result.problems),
            " ".join(str(p) for p in result.problems),
            " ".join(result.skipped),
            imported.report.to_json(),
            imported.table.to_csv(),
            capsys.readouterr().err,
        ]
    )
    assert good not in text
    assert bad not in text


# --------------------------------------------------------------------------- bad input


def test_missing_headers_name_the_columns_and_the_closest_headers(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Løpenr", "Fødselsdto", "Tillatelse", "Tillatelse gitt", "Bosatt etter avtale"])
    ws.append(["P1", "1990-01-01", "a", "2024-01-01", "ja"])
    path = tmp_path / "missing.xlsx"
    wb.save(path)
    with pytest.raises(SourceError) as info:
        sp.read_spreadsheet(path)
    msg = str(info.value)
    assert "'birth_date'" in msg
    assert "'nordic_or_eea'" in msg
    assert "'Fødselsdto'" in msg  # the closest header found
    assert info.value.problems[0].row == 1


def test_wrong_sheet_name_lists_the_sheets(typical: Path) -> None:
    with pytest.raises(SourceError, match=r"no sheet called 'Deltaker'.*'Deltakere'"):
        sp.read_spreadsheet(typical, mapping={"sheet": "Deltaker"})


def test_bad_cells_and_duplicate_ids(tmp_path: Path, plugins: Plugins) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Ark1"
    ws.append(HEADER)
    ws.append(["P1", "1990-01-01", "a", "2024-01-01", "ja", "nei", "tretti"])
    ws.append(["P2", "31.02.1990", "a", "2024-01-01", "ja", "nei", 0])
    ws.append(["P3", "1990-01-01", "z", "2024-01-01", "kanskje", "nei", 0])
    ws.append(["P4", "1990-01-01", "a", "2024-01-01", "ja", "nei", 0])
    ws.append(["P4", "1991-01-01", "a", "2024-01-01", "ja", "nei", 0])
    ws.append(["P6", "1992-01-01", "a", "2024-01-01", "ja", "nei", 1])
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    result = sp.read_spreadsheet(path)
    found = {(p.sheet, p.row, p.column) for p in result.problems}
    assert found == {
        ("Ark1", 2, "Timer per uke"),
        ("Ark1", 3, "Fødselsdato"),
        ("Ark1", 4, "Tillatelse"),
        ("Ark1", 4, "Bosatt etter avtale"),
        ("Ark1", 5, "Løpenr"),
        ("Ark1", 6, "Løpenr"),
    }
    assert result.table.person_id.tolist() == ["P6"]  # the valid rows, separately
    words = next(p for p in result.problems if p.row == 2)
    assert words.value == "tretti"


def test_encrypted_workbook(tmp_path: Path) -> None:
    path = tmp_path / "locked.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(SourceError, match="password-protected"):
        sp.read_spreadsheet(path)


def test_corrupt_workbook(tmp_path: Path, typical: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(typical.read_bytes()[:300])
    with pytest.raises(SourceError, match="corrupt"):
        sp.read_spreadsheet(path)
    other = tmp_path / "text.xlsx"
    other.write_text("Løpenr;Fødselsdato\n")
    with pytest.raises(SourceError, match=r"not an \.xlsx workbook"):
        sp.read_spreadsheet(other)


def test_decompression_bomb_is_refused_before_parsing(tmp_path: Path, typical: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(typical) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            z.writestr(info.filename, zin.read(info.filename))
        z.writestr("xl/media/padding.bin", b"\0" * (20 * 1024 * 1024))
    with pytest.raises(SourceError, match="decompression bomb"):
        sp.read_spreadsheet(path)
    with pytest.raises(SourceError, match=r"bytes unpacked .* the limit is 1000 "):
        sp.read_spreadsheet(typical, limits=sp.Limits(max_decompressed_bytes=1000))


def test_xml_entities_are_refused(tmp_path: Path, typical: Path) -> None:
    path = tmp_path / "entities.xlsx"
    with zipfile.ZipFile(typical) as zin, zipfile.ZipFile(path, "w") as z:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;">]>' + data
            z.writestr(info.filename, data)
    with pytest.raises(SourceError, match="DOCTYPE/ENTITY"):
        sp.read_spreadsheet(path)


def test_row_and_column_bounds(typical: Path) -> None:
    with pytest.raises(
        SourceError, match=r"claims 10 rows; the limit is 5 \(raise Limits\.max_rows"
    ):
        sp.read_spreadsheet(typical, limits=sp.Limits(max_rows=5))
    with pytest.raises(SourceError, match="claims 8 columns; the limit is 7"):
        sp.read_spreadsheet(typical, limits=sp.Limits(max_columns=7))


def test_csv_cp1252_and_encoding_errors(tmp_path: Path) -> None:
    path = tmp_path / "liste.csv"
    lines = [";".join(HEADER), "P1;15.03.1990;a;02.05.2024;ja;nei;37,5"]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    result = sp.read_spreadsheet(path)
    assert result.problems == ()
    assert result.table.work_hours_per_week.tolist() == [37.5]
    assert result.table.index.tolist() == [2]
    with pytest.raises(SourceError, match="cannot decode the file as utf-8") as info:
        sp.read_spreadsheet(path, encoding="utf-8")
    assert info.value.problems[0].row == 1
    doubled = tmp_path / "doubled.csv"
    doubled.write_bytes("\r\n".join(lines).encode("utf-8").decode("cp1252").encode("utf-8"))
    with pytest.raises(SourceError, match="doubly encoded"):
        sp.read_spreadsheet(doubled)


def test_csv_with_an_unusable_delimiter(tmp_path: Path) -> None:
    path = tmp_path / "spaces.csv"
    path.write_text("Løpenr Fødselsdato Tillatelse\nP1 1990-01-01 a\n", encoding="utf-8")
    with pytest.raises(SourceError, match="no header row found"):
        sp.read_spreadsheet(path)


def test_mapping_errors(tmp_path: Path, typical: Path) -> None:
    with pytest.raises(SourceError, match="unknown keys"):
        sp.read_spreadsheet(typical, mapping={"sheets": "x"})
    with pytest.raises(SourceError, match="unknown table"):
        sp.read_spreadsheet(typical, mapping={"table": "people"})
    bad = tmp_path / "bad.toml"
    bad.write_text("columns = [", encoding="utf-8")
    with pytest.raises(SourceError, match="not valid TOML"):
        sp.read_spreadsheet(typical, mapping=bad)


# --------------------------------------------------------------------------- municipalities


def test_municipality_criteria_sheet(tmp_path: Path, plugins: Plugins) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"] = "Kriterier 2025"
    ws.append([])
    ws.append(["Kommunenr", "Kommune", "Innbyggere", "Sysselsetting\n(%)", "Anmodning", "Merknad"])
    ws.append([5001, "Trondheim", 212660, "70,5", 740, "stor"])
    ws.append(["5006", "Steinkjer", 24000, 68.2, 185, ""])
    ws.append(["301", "Oslo", 709000, 71.0, 2000, ""])
    ws.append(["I alt", "", 945660, None, 2925, ""])
    path = tmp_path / "kommuner.xlsx"
    wb.save(path)
    result = sp.read_spreadsheet(path)
    assert result.kind == "municipalities"
    t = result.table
    assert t.municipality.tolist() == ["5001", "5006", "0301"]
    assert t.population.tolist() == [212660.0, 24000.0, 709000.0]
    assert t.sysselsetting.tolist() == [70.5, 68.2, 71.0]
    assert t.requested.tolist() == [740, 185, 2000]
    assert any("rows 7" in n for n in result.skipped)
    assert any("'Merknad'" in n for n in result.skipped)
    imported = plugins.read(path, importer="spreadsheet-municipalities")
    assert imported.report.ok, imported.report.to_text()
    assert len(imported.table) == 3


def test_not_a_tty_means_no_progress_output(
    typical: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sp.read_spreadsheet(typical)
    assert capsys.readouterr().err == ""


def test_read_source_hands_problems_notes_and_table_kind_to_the_host(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Kommunenr", "Innbyggere"])
    ws.append(["5001", "mange"])
    ws.append(["5006", 24000])
    ws.append(["Sum", 24000])
    path = tmp_path / "k.xlsx"
    wb.save(path)
    returned = sp.read_source(path, "spreadsheet", {})
    assert returned is not None
    assert returned.importer == "spreadsheet-municipalities"
    problems = returned.problems
    assert [(p.row, p.column, p.value) for p in problems] == [(2, "Innbyggere", "mange")]
    assert any("rows 4" in n for n in returned.notes)
    assert returned.table.index.tolist() == [3]
    assert sp.read_source(path, "ssb-jsonstat", {}) is None
