"""``regions update --from FILE …``: the registry from KLASS answers a user saved (issue 21 item 3).

The files are SSB's own, saved by others (tests/data/klass/README.md): the 131 version
list, the 2020 and 2024 versions, a ``codesAt`` answer, the change table, a ``codes``
answer of 104 and KLASS's CSV of 104. Expected values are the counts SSB's files hold and
the registry embedded in the package, which was built from the same files.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from fake_servers import KLASS
from klass_answers import counties, snapshot

import integreringslov as il
from integreringslov import regions
from integreringslov.cli import main
from integreringslov.errors import InvalidInputError
from integreringslov.regions.klass import read_files, registry_file

V2020 = KLASS / "klass131_kommuneinndeling_2020.json"
V2024 = KLASS / "klass131_kommuneinndeling_2024.json"
CHANGES = KLASS / "klass131_changes_1971-01-01_2025-01-02.json"
LISTING = KLASS / "klass131_classification.json"
CODES_AT = KLASS / "klass131_codesAt_2023-03-02.json"
CSV_104 = KLASS / "klass104_codes_latin1.csv"
CODES_104 = KLASS / "klass104_fylker_codes_from_2022-07-10.json"
DATES = [date(2020, 6, 1), date(2022, 6, 1), date(2023, 6, 1), date(2024, 6, 1), date(2026, 6, 1)]


def test_saved_versions_and_changes_make_the_registry_the_embedded_one_is(cache):
    embedded = snapshot(DATES)
    text = il.regions.update(files=[V2020, V2024, CHANGES])
    src = regions.source()
    assert src.kind == "files"
    assert text == str(src)
    assert text.startswith("KLASS answers saved in files, read ")
    assert "klass131_kommuneinndeling_2020.json" in src.description
    assert "all counties as in the registry it updated" in src.description
    assert snapshot(DATES) == embedded
    built = json.loads(registry_file().read_text("utf-8"))
    shipped = json.loads((Path(regions.__file__).parent / "data" / "regions.json").read_text())
    assert built["municipalities"] == shipped["municipalities"]
    assert built["counties"] == shipped["counties"]
    assert len(built["changes"]) == 594
    assert regions.resolve("1507", on=date(2024, 1, 1)).codes == ("1508", "1580")


def test_a_codes_at_answer_stands_for_the_version_the_list_says_was_in_force(cache):
    """codesAt 2023-03-02 + the version list: the 2023 version, 2023-01-01 to 2024-01-01."""
    il.regions.update(files=[LISTING, V2020, f"{CODES_AT}@2023-03-02", V2024, CHANGES])
    assert len(regions.municipalities(on=date(2023, 1, 1))) == 356
    assert len(regions.municipalities(on=date(2024, 6, 1))) == 357
    # the names of 2023 are the codesAt answer's (as SSB wrote it on 2023-03-02, «Tråanten»,
    # where the change table and the 2024 version write «Tråante»); before 2023 the 2020 one's
    assert regions.municipality("5001", on=date(2023, 1, 1)).name == "Trondheim - Tråanten"
    assert regions.municipality("5001", on=date(2024, 1, 1)).name == "Trondheim - Tråante"
    assert regions.municipality("5001", on=date(2022, 12, 31)).name == "Trondheim"


def test_the_command_line_builds_from_saved_files(cache, capsys):
    args = [str(V2020), str(V2024), str(CHANGES), f"{CODES_AT}@2023-03-02", str(LISTING)]
    assert main(["regions", "update", "--from", *args]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Region registry: KLASS answers saved in files, read ")
    assert "latest municipal division 2024-01-01" in out
    assert main(["regions", "update", "--from", *args, "--lang", "nb"]) == 0
    assert capsys.readouterr().out.startswith("Regionregister: KLASS-svar lagret i filer, lest ")


def test_klass_csv_is_read_as_the_county_division(cache, tmp_path):
    """KLASS's CSV of 104 (ISO-8859-1, rows shorter than the header), given its date.

    No KLASS 104 answer of 2024 was found saved: the one the fake KLASS serves (composed
    from the recorded codes, klass_answers.py) is written to a file here.
    """
    composed = tmp_path / "104-version-2024.json"
    composed.write_text(json.dumps(counties()[1]), "utf-8")
    il.regions.update(files=[f"{CSV_104}@2020-01-01", composed])
    in_2020 = {c.code: c.name for c in regions.counties(on=date(2020, 6, 1))}
    assert len(in_2020) == 11
    assert in_2020["15"] == "Moere og Romsdal"  # as the CSV writes it
    assert in_2020["54"] == "Troms og Finnmark - Romsa ja Finnmárku"  # á from ISO-8859-1
    assert len(regions.counties(on=date(2024, 6, 1))) == 15
    assert len(regions.municipalities(on=date(2024, 6, 1))) == 357  # the registry's own


def test_read_files_tells_each_kind_of_answer():
    answers = read_files(
        [LISTING, V2020, f"{CODES_AT}@2023-03-02", CHANGES, f"{CSV_104}@2021-01-01"]
    )
    assert [v.valid_from for v in answers.municipalities] == ["2020-01-01", "2023-01-01"]
    assert answers.municipalities[1].valid_to == "2024-01-01"
    assert len(answers.municipalities[1].names) == 357  # 356 and 9999
    assert [(v.valid_from, len(v.names)) for v in answers.counties] == [("2021-01-01", 12)]
    assert len(answers.changes) == 594
    ranged = read_files([CODES_104])
    assert [(v.valid_from, v.valid_to) for v in ranged.counties] == [("2022-07-10", None)]


def test_saved_files_that_do_not_fit_together_are_refused_and_nothing_changes(cache, capsys):
    """The 104 codes of 2022 are still open-ended: the 2024 municipalities have no county."""
    il.regions.update(files=[V2020, V2024, CHANGES])
    good = registry_file().read_bytes()
    regions.reload()
    files = [V2020, V2024, CHANGES, CODES_104]
    with pytest.raises(InvalidInputError, match="from 2024-01-01 there is no county 31"):
        il.regions.update(files=files)
    assert main(["regions", "update", "--from", *map(str, files)]) == 1
    err = capsys.readouterr().err
    assert "there is no county 31 for its 12 municipalities" in err
    assert "Traceback" not in err
    assert registry_file().read_bytes() == good
    assert regions.source().kind == "files"


def test_a_code_list_without_its_date_is_refused_with_how_to_give_it(cache):
    with pytest.raises(InvalidInputError, match=r"klass131_codesAt_2023-03-02.json@YYYY-MM-DD"):
        il.regions.update(files=[CODES_AT])
    assert not registry_file().exists()


@pytest.mark.parametrize("day", ["2023-02-30", "0000-01-01", "2023-13-01"])
def test_a_date_given_with_a_file_must_be_a_date(day, cache):
    with pytest.raises(InvalidInputError, match="@DATE is not a date"):
        il.regions.update(files=[f"{CODES_AT}@{day}"])


def test_files_an_update_cannot_read_are_refused(cache, tmp_path, capsys):
    stat = tmp_path / "table.json"
    stat.write_text('{"version": "2.0", "class": "dataset"}', "utf-8")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    cases = {
        str(stat): "not a KLASS answer",
        str(tmp_path / "missing.json"): "cannot open the file",
        str(fifo): "not a regular file",
        str(tmp_path): "not a regular file",
    }
    for path, said in cases.items():
        with pytest.raises(InvalidInputError, match=said):
            il.regions.update(files=[path])
        assert main(["regions", "update", "--from", path]) == 1
        err = capsys.readouterr().err
        assert said in err
        assert "Traceback" not in err
    assert not registry_file().exists()


def test_a_file_too_large_for_a_klass_answer_is_refused_unread(cache, tmp_path):
    big = tmp_path / "big.json"
    with big.open("wb") as fh:
        fh.truncate(65 << 20)  # sparse: nothing is written, nothing needs be read
    with pytest.raises(InvalidInputError, match="more than a KLASS answer can be"):
        il.regions.update(files=[big])


def test_two_saved_versions_of_one_day_must_agree(cache, tmp_path):
    other = json.loads(V2024.read_text("utf-8"))
    other["classificationItems"][0]["name"] = "Oslo (annet navn)"
    copy = tmp_path / "2024-again.json"
    copy.write_text(json.dumps(other), "utf-8")
    with pytest.raises(InvalidInputError, match="two files hold different versions"):
        il.regions.update(files=[V2020, V2024, copy, CHANGES])
    il.regions.update(files=[V2020, V2024, V2024, CHANGES])  # the same one twice: taken once


def test_files_or_base_url_not_both(cache, capsys):
    with pytest.raises(InvalidInputError, match="not both"):
        il.regions.update(base_url="http://127.0.0.1:9", files=[V2024])
    with pytest.raises(InvalidInputError, match="no files given"):
        il.regions.update(files=[])
    with pytest.raises(SystemExit) as info:
        main(["regions", "update", "--base-url", "http://127.0.0.1:9", "--from", str(V2024)])
    assert info.value.code == 2
    assert "not allowed with" in capsys.readouterr().err


def test_a_newer_saved_version_updates_the_registry_from_its_day_on(cache, tmp_path):
    """A user saves only the newest version and the changes: the registry before it stays."""
    newest = json.loads(V2024.read_text("utf-8"))
    newest.update(validFrom="2026-01-01", name="Kommuneinndeling 2026")
    for entry in newest["classificationItems"]:
        if entry["code"] == "5001":
            entry["name"] = "Trondheim - Tråante (2026)"
    path = tmp_path / "2026.json"
    path.write_text(json.dumps(newest), "utf-8")
    il.regions.update(files=[path])
    assert regions.municipality("5001", on=date(2025, 12, 31)).name == "Trondheim - Tråante"
    assert regions.municipality("5001", on=date(2026, 1, 1)).name == "Trondheim - Tråante (2026)"
    assert regions.municipality("5001", on=date(2020, 6, 1)).name == "Trondheim"
    assert "municipalities before 2026-01-01 and all counties as in the registry it updated" in (
        regions.source().description
    )


def test_klass_csv_in_utf_8_reads_as_in_iso_8859_1(tmp_path):
    utf8 = tmp_path / "104.csv"
    utf8.write_text(CSV_104.read_bytes().decode("iso-8859-1"), "utf-8")
    latin1 = read_files([f"{CSV_104}@2021-01-01"]).counties
    assert read_files([f"{utf8}@2021-01-01"]).counties == latin1
    assert dict(latin1[0].names)["54"] == "Troms og Finnmark - Romsa ja Finnmárku"


def test_lang_is_taken_before_and_after_the_action(cache, capsys):
    """``regions update … --lang nb``, and ``regions --lang nb update``: one option (issue 22)."""
    assert main(["regions", "--lang", "nb", "update", "--from", str(V2024)]) == 0
    assert capsys.readouterr().out.startswith("Regionregister: ")
    assert main(["regions", "update", "--from", str(CODES_AT), "--lang", "nb"]) == 1
    assert "kodene sier ikke når de gjaldt" in capsys.readouterr().err


def test_files_with_nothing_in_force_from_2020_are_refused(cache, tmp_path):
    old = tmp_path / "old-list.json"
    old.write_text(
        '{"id": 131, "versions": [{"validFrom": "2019-01-01", "validTo": "2020-01-01", '
        '"_links": {"self": {"href": "https://data.ssb.no/api/klass/v1/versions/1102"}}}]}',
        "utf-8",
    )
    with pytest.raises(InvalidInputError, match="nothing to build from"):
        il.regions.update(files=[old])
    empty = tmp_path / "changes.json"
    empty.write_text('{"codeChanges": []}', "utf-8")
    assert read_files([V2024, empty]).changes == ()


def test_one_path_given_as_files_is_one_file():
    assert read_files(str(V2024)).municipalities == read_files([V2024]).municipalities
