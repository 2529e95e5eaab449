"""``integreringslov fetch ssb TABLE`` against the local fake."""

from __future__ import annotations

import csv
import io

import pytest

from integreringslov.cli import main

SELECT = [
    "--select",
    "Region=01,03",
    "--select",
    "Alder=0-9,10-19",
    "--select",
    "Kon=*",
    "--select",
    "ContentsCode=000007SF",
    "--select",
    "Tid=top(2)",
]


def test_fetch_writes_the_table(url, tmp_path, capsys):
    out = tmp_path / "out.csv"
    status = main(["fetch", "ssb", "TAB6471", *SELECT, "--base-url", url, "-o", str(out)])
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))  # plain: header first
    assert len(rows) == 2 * 2 * 3 * 1 * 2
    # the recorded cube: Stockholms län (01), 0-9 years, both sexes, 2026M03 and 2026M04
    first = rows[0]
    assert (first["Region"], first["Alder"], first["Kon"], first["Tid"]) == (
        "01",
        "0-9",
        "TotSa",
        "2026M03",
    )
    assert "Fetched SSB table TAB6471" in capsys.readouterr().err


def test_fetch_prints_csv_without_output(url, capsys):
    assert main(["fetch", "ssb", "TAB6471", *SELECT, "--base-url", url, "--quiet"]) == 0
    printed = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(printed) == 24
    assert {r["Tid"] for r in printed} == {"2026M03", "2026M04"}


def test_offline_without_a_cache_is_exit_1_naming_the_table(url, capsys):
    status = main(["fetch", "ssb", "TAB6471", *SELECT, "--base-url", url, "--offline"])
    err = capsys.readouterr().err
    assert status == 1
    assert "not in the cache" in err
    assert "/config" in err
    assert "Traceback" not in err


def test_an_unknown_code_is_exit_1_with_its_dimension(url, capsys):
    status = main(["fetch", "ssb", "TAB6471", *SELECT[:-1], "Tid=1999M01", "--base-url", url])
    err = capsys.readouterr().err
    assert status == 1
    assert "column 'Tid'" in err
    assert "found '1999M01'" in err


def test_messages_follow_lang_and_labels_follow_data_lang(fake, url, capsys):
    """--lang is the language of what a person reads; --data-lang is SSB's, of the labels."""
    args = ["fetch", "ssb", "TAB6471", *SELECT[:-2], "--base-url", url, "--quiet", "--select"]
    assert main([*args, "Tid=top(2)", "--data-lang", "en", "--lang", "nb"]) == 0
    assert all("lang=en" in r for r in fake.requests if "/tables/" in r)
    assert main([*args, "Tid=1999M01", "--lang", "nb"]) == 1
    err = capsys.readouterr().err
    assert "kolonne 'Tid'" in err
    assert "fant '1999M01'" in err


def test_a_timeout_that_is_no_number_of_seconds_is_a_usage_error(url, capsys):
    with pytest.raises(SystemExit) as info:
        main(["fetch", "ssb", "TAB6471", "--base-url", url, "--timeout", "soon"])
    assert info.value.code == 2
    assert "not a number of seconds" in capsys.readouterr().err


@pytest.mark.parametrize("bad", ["Region", "=01", "Region="])
def test_a_malformed_select_is_a_usage_error(bad, url, capsys):
    with pytest.raises(SystemExit) as info:
        main(["fetch", "ssb", "TAB6471", "--select", bad, "--base-url", url])
    assert info.value.code == 2
    assert "expected DIM=CODES" in capsys.readouterr().err


def test_fetch_needs_a_source(capsys):
    with pytest.raises(SystemExit) as info:
        main(["fetch"])
    assert info.value.code == 2
