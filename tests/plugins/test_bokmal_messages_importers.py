"""The built-in importers' error and problem messages in bokmål, when the user reads in ``nb``.

Each bad input is read twice through :func:`integreringslov.read`: with ``lang="nb"`` the
importer's own message is in bokmål, in the law's and IMDi's terms; without ``lang`` it is
the English message, word for word as before.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import integreringslov as il
from integreringslov._io.limits import Limits
from integreringslov._text.i18n import speaking
from integreringslov.errors import SourceError
from integreringslov_importers import written


def _refusal(path: Path, **options: Any) -> tuple[str, str]:
    """The error text of reading ``path`` in bokmål, and in the default language."""
    with pytest.raises(SourceError) as nb:
        il.read(path, lang="nb", **options)
    with pytest.raises(SourceError) as en:
        il.read(path, **options)
    return nb.value.text("nb"), en.value.text()


def test_a_ragged_imdi_wide_export(tmp_path: Path) -> None:
    path = tmp_path / "bosatt_anmodede.csv"
    path.write_text(
        "Region;Navn;Bosetting: Vedtak om bosetting\n;;År: 2020\nK3301;Drammen\n",
        encoding="utf-8",
    )
    nb, en = _refusal(path)
    assert "rad 3: linje 3 har 2 celler; overskriftslinjen har 3" in nb
    assert "(en IMDi-eksport er rektangulær: er filen skadet?)" in nb
    assert "line 3 has" not in nb
    assert "line 3 has 2 cells; the header line has 3 (an IMDi export is rectangular" in en
    assert "overskriftslinjen" not in en


def test_an_imdi_export_with_a_malformed_header_cell(tmp_path: Path) -> None:
    path = tmp_path / "bosatt_anmodede.csv"
    path.write_text(
        "Region;Navn;Bosetting: Vedtak om bosetting;Vedtak\n;;År: 2020;År: 2021\n",
        encoding="utf-8",
    )
    nb, en = _refusal(path)
    assert (
        "rad 1, kolonne '4': en overskriftscelle i en IMDi-eksport i bredt format må ha "
        "formen 'Dimensjon: verdi' (fant 'Vedtak')"
    ) in nb
    assert "row 1, column '4': a header cell of an IMDi wide export must read" in en
    assert "overskriftscelle" not in en


def test_an_imdi_export_with_a_bad_count_is_reported_in_bokmal(tmp_path: Path) -> None:
    path = tmp_path / "bosatt_anmodede.csv"
    path.write_text(
        "Region;Navn;Bosetting: Vedtak om bosetting;Bosetting: Vedtak om bosetting\n"
        ";;År: 2020;År: 2021\nK3301;Drammen;fem;\nK3801;Horten;5;6\n",
        encoding="utf-8",
    )
    nb = il.read(path, lang="nb").report
    (problem,) = nb.problems
    said = problem.text("nb")
    assert "kolonne 'kolonne 3: Vedtak om bosetting | 2020'" in said
    assert "et antall personer må være et heltall, '.' eller ':'" in said
    assert "(fant 'fem'; ventet et heltall, '.' eller ':')" in said
    assert nb.notes == ("1 tom celle (verken tall eller symbol) utelatt",)  # «1 tom celle»

    en = il.read(path).report
    (problem,) = en.problems
    assert "column 'column 3: Vedtak om bosetting | 2020'" in problem.text()
    assert problem.message == "a count of persons must be a whole number, '.' or ':'"
    assert en.notes == ("1 empty cell (neither a figure nor a symbol) left out",)


def test_a_workbook_with_no_visible_sheet(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Deltakere"
    sheet.append(["Løpenr", "Fødselsdato"])
    sheet.append(["P1", "01.01.1990"])
    saved = tmp_path / "saved.xlsx"
    book.save(saved)  # openpyxl will not save a workbook without a visible sheet: hide it after
    path = tmp_path / "deltakere.xlsx"
    with zipfile.ZipFile(saved) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/workbook.xml":
                assert b'state="visible"' in data
                data = data.replace(b'state="visible"', b'state="hidden"')
            zout.writestr(info, data)
    nb, en = _refusal(path)
    assert (
        "arbeidsboken har ikke noe synlig ark; oppgi arket som skal leses, i en tilordning "
        "(sheet = ...)"
    ) in nb
    assert "the workbook has no visible sheet; name the sheet to read in a mapping" in en
    assert "synlig" not in en


def test_a_sheet_missing_required_columns(tmp_path: Path) -> None:
    path = tmp_path / "deltakere.csv"
    path.write_text(
        "person_id;permit_granted;permit_letter;settled_by_agreement;nordic_or_eea\n"
        "P1;2020-01-01;2020-01-02;true;false\n",
        encoding="utf-8",
    )
    nb, en = _refusal(path)
    assert "rad 1: mangler kolonnen 'birth_date' i persontabellen;" in nb
    assert "(tilordne den med [columns] i en tilordning)" in nb
    assert "row 1: missing column 'birth_date'" in en
    assert "(map it with [columns] in a mapping)" in en
    assert "persontabellen" not in en


def test_two_missing_columns_take_the_plural(tmp_path: Path) -> None:
    path = tmp_path / "deltakere.csv"
    path.write_text("Løpenr;Tillatelse\nP1;a\n", encoding="utf-8")
    nb, en = _refusal(path)
    assert "rad 1: mangler kolonnene 'birth_date', " in nb
    assert "i persontabellen; nærmeste overskrifter funnet: 'Tillatelse'" in nb
    assert "(tilordne dem med [columns] i en tilordning)" in nb
    assert "row 1: missing columns 'birth_date', " in en
    assert "of the person table; closest headers found: 'Tillatelse'" in en
    assert "(map them with [columns] in a mapping)" in en


def test_a_file_that_is_no_workbook(tmp_path: Path) -> None:
    path = tmp_path / "liste.xlsx"
    path.write_bytes(b"this is not a workbook at all")
    nb, en = _refusal(path)
    assert "ikke en .xlsx-arbeidsbok (filen er skadet eller har et annet format)" in nb
    assert "not an .xlsx workbook (the file is corrupt or another format)" in en


def test_a_statbank_csv_whose_value_cell_is_neither_number_nor_symbol(tmp_path: Path) -> None:
    path = tmp_path / "ssb.csv"
    path.write_text('"region";"A 2021";"B 2021"\n"5001 X";1;2\n"5006 Y";3;tre\n', encoding="utf-8")
    nb, en = _refusal(path, importer="ssb-csv")
    assert (
        "rad 3, kolonne 'B 2021': en verdicelle er verken et tall eller et av symbolene "
        ". .. : - (fant 'tre'; ventet et tall eller et symbol)"
    ) in nb
    assert (
        "row 3, column 'B 2021': a value cell is neither a number nor one of the symbols "
        ". .. : - (found 'tre'; expected a number or a symbol)"
    ) in en


def test_a_statbank_csv_with_a_header_but_no_data(tmp_path: Path) -> None:
    path = tmp_path / "ssb.csv"
    path.write_text('"region";"A 2021"\n', encoding="utf-8")
    nb, en = _refusal(path, importer="ssb-csv")
    assert "rad 1: filen har en overskriftsrad, men ingen datarader" in nb
    assert "row 1: the file has a header but no data rows" in en


def test_a_plain_table_read_with_an_importer_of_written_tables(tmp_path: Path) -> None:
    path = tmp_path / "tabell.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    nb, en = _refusal(path, importer="integreringslov-ssb")
    assert (
        "ikke en SsbTable skrevet av integreringslov (den navngir ingen tabell, og "
        "overskriftsraden er ikke kolonnene i en) "
        "(ventet en fil skrevet av integreringslov som SsbTable)"
    ) in nb
    assert (
        "not a SsbTable written by integreringslov (it names no table, and its header is not "
        "the columns of one) (expected a file written by integreringslov as SsbTable)"
    ) in en


def test_a_written_table_is_claimed_in_bokmal(tmp_path: Path) -> None:
    path = tmp_path / "skrevet.csv"
    path.write_text("region,value,status\n", encoding="utf-8")
    with speaking("nb"):
        nb = written.detect_source(path)
    en = written.detect_source(path)
    assert nb is not None
    assert en is not None
    assert (nb.reason, en.reason) == ("skrevet som SsbTable", "written as SsbTable")


def test_a_sheet_over_a_limit_says_what_it_counts_in_bokmal(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Deltakere"
    sheet.append(["Løpenr", "Fødselsdato"])
    sheet["C5"] = "x"
    path = tmp_path / "deltakere.xlsx"
    book.save(path)
    nb, en = _refusal(path, limits=Limits(max_sheet_cells=10))
    assert (
        "ark 'Deltakere': filen oppgir 15 celler (arkets <dimension> er A1:C5); grensen er 10"
    ) in nb
    assert "sheet 'Deltakere': the file claims 15 cells (its <dimension> is A1:C5)" in en
