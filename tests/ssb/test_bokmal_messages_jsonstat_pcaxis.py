"""The JSON-stat and PC-Axis readers refuse bad input in bokmål when asked («--lang nb»).

Each bad input is built here (nothing stored), read once with ``lang="nb"`` and once
without a language: the refusal names the same problem in bokmål and in English, and the
English wording is the one the other tests (and users' scripts) match.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_ssb_bad_input import dataset  # one small JSON-stat document for all bad-input tests

import integreringslov as il
from integreringslov.errors import SourceError
from integreringslov.fodselsnummer import check_digits
from integreringslov.plugins import Plugins

CASES: dict[str, tuple[str, str, str | bytes, tuple[str, ...], tuple[str, ...]]] = {
    # case: (importer, file name, content, bokmål words, English words)
    "json-stat size over the cell limit": (
        "ssb-jsonstat",
        "big.json",
        json.dumps(
            dataset(
                id=["A", "B"],
                size=[20000, 10000],
                dimension={d: {"category": {"index": ["x"]}} for d in ("A", "B")},
                value={"0": 1},
            )
        ),
        (
            'filen oppgir 200000000 celler (det er tallene i "size" ganget sammen)',
            "grensen er 50000000 (øk Limits.max_cells for å lese den)",
        ),
        ('the file claims 200000000 cells ("size" multiplies to that)', "the limit is 50000000"),
    ),
    "json-stat size of about 10^30 cells": (
        "ssb-jsonstat",
        "huge.json",
        json.dumps(
            dataset(
                id=["A", "B"],
                size=[10**15, 10**15],
                dimension={d: {"category": {"index": ["x"]}} for d in ("A", "B")},
                value={"0": 1},
            )
        ),
        ("filen oppgir omtrent 10^30 celler",),
        ("the file claims about 10^30 cells",),
    ),
    "json-stat sparse key outside the cube": (
        "ssb-jsonstat",
        "keys.json",
        json.dumps(dataset(value={"9": 1, "0": 2})),
        ('"value" viser til celle 9, men kuben har 4 celler',),
        ('"value" refers to cell 9, but the cube has 4 cells',),
    ),
    "json-stat sparse key that is not a position": (
        "ssb-jsonstat",
        "minus.json",
        json.dumps(dataset(status={"-1": ".", "0": ":"})),
        (
            "\"status\": nøkkelen '-1' er ikke en celleposisjon",
            "ventet et heltall fra 0 til 3 skrevet med ASCII-sifre",
        ),
        (
            "\"status\" key '-1' is not a cell position",
            "expected a whole number from 0 to 3 in ASCII digits",
        ),
    ),
    "json-stat NaN": (
        "ssb-jsonstat",
        "nan.json",
        json.dumps(dataset()).replace("[1, 2, 3, 4]", "[1, NaN, 3, 4]"),
        ("ikke gyldig JSON: NaN er ikke et JSON-tall",),
        ("not valid JSON: NaN is not a JSON number",),
    ),
    "json-stat categories against size": (
        "ssb-jsonstat",
        "size.json",
        json.dumps(dataset(size=[3, 2], value=[0] * 6)),
        ("dimensjonen 'Region' har 2 kategorier, men \"size\" sier 3",),
        ("dimension 'Region' has 2 categories but \"size\" says 3",),
    ),
    "px with the sparse KEYS layout": (
        "ssb-px",
        "keys.px",
        'STUB="a";HEADING="b";KEYS("a")=VALUES;VALUES("a")="x";VALUES("b")="1";DATA=1;',
        ("filen bruker KEYS-oppsettet for glisne tabeller, som denne leseren ikke leser",),
        ("the file uses the sparse KEYS layout, which this reader does not read",),
    ),
    "px with too few data cells": (
        "ssb-px",
        "few.px",
        'STUB="a";HEADING="b";VALUES("a")="x","y";VALUES("b")="1";DATA=1;',
        ("DATA har 1 celler, men variablene ganget sammen gir 2", "ventet 2 celler (2 × 1)"),
        ("DATA holds 1 cells but the variables multiply to 2", "expected 2 cells (2 × 1)"),
    ),
    "px with text in DATA": (
        "ssb-px",
        "text.px",
        'STUB="a";HEADING="b";VALUES("a")="x";VALUES("b")="1";DATA=abc;',
        (
            "DATA-celle 0 er verken et tall eller et symbol i anførselstegn",
            "fant 'abc'; ventet et tall eller et symbol som \"..\"",
        ),
        ("DATA cell 0 is neither a number nor a quoted symbol",),
    ),
    "px values against codes": (
        "ssb-px",
        "codes.px",
        'STUB="a";HEADING="b";VALUES("a")="x","y";CODES("a")="1";VALUES("b")="1";DATA=1 2;',
        ("variabelen 'a' har 2 VALUES, men 1 CODES",),
        ("variable 'a' has 2 VALUES but 1 CODES",),
    ),
}


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_input_is_refused_in_bokmal_on_request(
    case: str, plugins: Plugins, tmp_path: Path
) -> None:
    importer, name, content, bokmal, english = CASES[case]
    path = _write(tmp_path, name, content)

    with pytest.raises(SourceError) as nb:
        plugins.read(path, importer=importer, lang="nb")
    text = nb.value.text("nb")
    assert str(path) in text
    for words in bokmal:
        assert words in text, text
    for words in english:  # not English with Norwegian around it
        assert words not in text, text

    with pytest.raises(SourceError) as en:
        plugins.read(path, importer=importer)  # the default language, after a bokmål read
    text = en.value.text("en")
    for words in english:
        assert words in text, text
    for words in bokmal:
        assert words not in text, text


@pytest.mark.parametrize(
    ("name", "content", "bokmal", "english"),
    [
        (
            "cells.json",
            json.dumps(dataset(value={"9": 1})),
            '"value" viser til celle 9, men kuben har 4 celler',
            '"value" refers to cell 9, but the cube has 4 cells',
        ),
        (
            "keys.px",
            'CHARSET="ANSI";\nSTUB="a";\nHEADING="b";\nKEYS("a")=VALUES;\nVALUES("a")="x";\n'
            'VALUES("b")="1";\nDATA=\n1;\n',
            "filen bruker KEYS-oppsettet for glisne tabeller",
            "the file uses the sparse KEYS layout",
        ),
    ],
    ids=["json-stat", "px"],
)
def test_the_public_read_speaks_bokmal_through_detection(
    name: str, content: str, bokmal: str, english: str, tmp_path: Path
) -> None:
    """``il.read(path, lang="nb")``: detection chooses the reader, whose refusal is bokmål."""
    path = _write(tmp_path, name, content)
    with pytest.raises(SourceError) as nb:
        il.read(path, lang="nb")
    assert bokmal in nb.value.text("nb")
    assert english not in nb.value.text("nb")
    with pytest.raises(SourceError) as en:
        il.read(path)
    assert english in en.value.text()
    assert bokmal not in en.value.text()
    assert english in str(en.value)


def test_the_bokmal_refusal_shows_no_identity_number(plugins: Plugins, tmp_path: Path) -> None:
    """The bokmål refusal of a code that looks like a fødselsnummer does not show it either."""
    digits = check_digits("010101499")  # born 1 January 2001
    assert digits is not None
    fnr = "010101499" + "".join(map(str, digits))
    doc = dataset(dimension={"Region": {"category": {"index": [fnr, "5001"]}},
                             "Tid": {"category": {"index": ["2020", "2021"]}}})  # fmt: skip
    path = _write(tmp_path, "fnr.json", json.dumps(doc))
    with pytest.raises(SourceError) as nb:
        plugins.read(path, importer="ssb-jsonstat", lang="nb")
    text = nb.value.text("nb")
    assert "ser ut som et fødselsnummer eller D-nummer" in text
    assert "nummeret vises ikke" in text
    assert fnr not in text
    assert fnr not in nb.value.to_json()
