"""The Python API's ``lang="nb"``: bokmål in the frame of a report too (issue 22)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from english import english_lines

import integreringslov as il
from integreringslov._text.i18n import N_, speaking

ROOT = Path(__file__).resolve().parents[2]
PERSONS = ROOT / "src/integreringslov_importers/data/spreadsheet/example_persons.csv"


def test_a_report_read_in_bokmal_is_framed_in_bokmal() -> None:
    report = il.read(PERSONS, lang="nb").report
    assert report.to_text().startswith(f"PersonTable fra {PERSONS}: 4 rader, alle gyldige.")
    assert report.to_text("en").startswith(f"PersonTable from {PERSONS}: 4 rows, all valid.")
    assert il.read(PERSONS).report.to_text().startswith("PersonTable from ")


def test_one_row_one_problem(tmp_path: Path) -> None:
    """«1 rad, 1 problem», not «1 rader, 1 problemer» (nor «1 rows, 1 problems»)."""
    lines = PERSONS.read_text("utf-8").splitlines()
    header, first = lines[0].split(";"), lines[1].split(";")
    first[header.index("Fødselsdato")] = "31.02.1991"
    path = tmp_path / "one.csv"
    path.write_text(lines[0] + "\n" + ";".join(first) + "\n", encoding="utf-8")
    report = il.read(path, lang="nb").report
    assert ": 1 rad, 1 problem:" in report.to_text()
    assert ": 1 row, 1 problem:" in report.to_text("en")


def _bokmal(text: str) -> None:
    """``text`` holds no line that reads as English (the CLI test's detector)."""
    assert not english_lines(text), "\n".join(english_lines(text))


def test_an_error_raised_in_a_bokmal_read_reads_in_bokmal(tmp_path: Path) -> None:
    """``str(error)`` of ``il.read(..., lang="nb")``: the count, the «expected» and the
    account of how the importer was chosen, not only the problem itself."""
    path = tmp_path / "deltakere.csv"
    path.write_text("Løpenr;Tillatelse\nP1;a\n", encoding="utf-8")
    with pytest.raises(il.SourceError) as caught:
        il.read(path, lang="nb")
    said = str(caught.value)
    assert ": 2 problemer" in said
    assert "(ventet en annen importør" in said
    _bokmal(said.replace(str(path), "F"))
    with pytest.raises(il.SourceError) as caught:
        il.read(path)
    assert ": 2 problems" in str(caught.value)


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"", "filen er tom"),
        (b"a;b\n\x00\x01\n", "oppgi encoding='utf-16'"),
        ("Region;Tr\u00c3\u00b8ndelag\n".encode(), "lagre den på nytt som UTF-8"),
    ],
)
def test_a_file_that_is_no_text_is_refused_in_bokmal(
    tmp_path: Path, data: bytes, said: str
) -> None:
    path = tmp_path / "liste.csv"
    path.write_bytes(data)
    with pytest.raises(il.SourceError) as caught:
        il.read(path, lang="nb")
    assert said in str(caught.value)
    _bokmal(str(caught.value).replace(str(path), "F"))


def test_the_encoding_hint_is_bokmal(tmp_path: Path) -> None:
    from integreringslov._io.text import decode_text

    with speaking("nb"), pytest.raises(il.SourceError) as caught:
        decode_text(b"Fr\xf8ya", source="a.csv", encoding="utf-8")
    assert "prøv encoding='utf-8' eller encoding='cp1252'" in str(caught.value)
    assert "(linje 1, byte 0xf8" in str(caught.value)


def test_the_install_hint_of_a_missing_extra_is_bokmal() -> None:
    error = il.MissingExtraError("excel", "openpyxl", N_("Reading .xlsx workbooks"), lang="nb")
    assert str(error).startswith("Å lese .xlsx-arbeidsbøker trenger tilleggspakken 'openpyxl'")
    _bokmal(str(error))
    english = il.MissingExtraError("excel", "openpyxl", N_("Reading .xlsx workbooks"))
    assert str(english).startswith("Reading .xlsx workbooks needs the optional dependency")


def test_the_region_registry_refuses_a_date_and_a_code_in_bokmal() -> None:
    with speaking("nb"):
        with pytest.raises(il.NotInForceError) as early:
            il.regions.municipalities(on=date(2019, 12, 31))
        with pytest.raises(il.UnknownRegionError) as unknown:
            il.regions.municipality("9998", on=date(2024, 1, 1))
        with pytest.raises(il.UnknownRegionError) as merged:
            il.regions.municipality("1601", on=date(2024, 1, 1))
    assert str(early.value) == (
        "regionregisteret modellerer inndelingene fra 1. januar 2020; 31. desember 2019 er "
        "tidligere"
    )
    assert str(unknown.value).startswith("ingen kommune '9998' per 1. januar 2024")
    assert str(merged.value).endswith("; den datoen svarer den til 5001")
    for error in (early, unknown, merged):
        _bokmal(str(error.value))


def test_the_registrys_provenance_is_shown_in_bokmal() -> None:
    with speaking("nb"):
        shown, source = il.regions.provenance(), str(il.regions.source())
    assert shown.startswith("Datagrunnlag: Statistisk sentralbyrå (SSB), KLASS-klassifikasjonene")
    _bokmal(shown)
    _bokmal(source)
    assert il.regions.provenance().startswith("Source: Statistics Norway (SSB)")


def test_the_embedded_registrys_source_is_the_catalogs_message_id() -> None:
    """The message id that translates the embedded registry's ``source`` is that text."""
    import json
    from importlib import resources

    from integreringslov.regions import _EMBEDDED_SOURCE

    data = resources.files("integreringslov.regions").joinpath("data/regions.json").read_text()
    assert json.loads(data)["source"] == _EMBEDDED_SOURCE


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('{"columns": ["a"]}', "JSON-objektet har ikke listene 'columns' og 'rows'"),
        ('{"columns": ["a", "b"], "rows": [[1]]}', "rad 1 har ikke én verdi per kolonne"),
    ],
)
def test_a_json_file_the_library_cannot_read_back_is_refused_in_bokmal(
    tmp_path: Path, text: str, said: str
) -> None:
    from integreringslov._io.readback import _json_frame

    path = tmp_path / "vurdert.json"
    path.write_text(text, encoding="utf-8")
    with speaking("nb"), pytest.raises(il.SourceError) as caught:
        _json_frame(path)
    assert said in str(caught.value)
    _bokmal(str(caught.value).replace(str(path), "F"))


def test_an_unknown_importer_is_refused_in_bokmal() -> None:
    with pytest.raises(il.PluginError) as caught:
        il.read(PERSONS, importer="nope", lang="nb")
    assert str(caught.value).startswith("ingen importør heter 'nope'; installert: ")
    _bokmal(str(caught.value))


def test_assess_refuses_a_date_before_the_act_in_bokmal():
    """il.assess(..., lang="nb") refuses 2020-06-01 in bokmål, as the command line does."""
    from datetime import date

    import integreringslov as il
    from integreringslov.model import PermitLetter, Person, ResidencePermit

    person = Person(
        person_id="p1",
        birth_date=date(1990, 5, 1),
        permit=ResidencePermit(letter=PermitLetter.A, granted=date(2020, 1, 10)),
    )
    with pytest.raises(il.NotInForceError) as refused:
        il.assess(person, on=date(2020, 6, 1), lang="nb")
    assert "trådte i kraft 1. januar 2021" in str(refused.value)
    assert "entered into force" not in str(refused.value)
