"""Decoding downloaded text files and sniffing their delimiter (integreringslov._io.text)."""

from __future__ import annotations

import doctest

import pytest

from integreringslov._io import text as textio
from integreringslov._io.text import decode_head, decode_text, sniff_delimiter
from integreringslov.errors import SourceError

NORWEGIAN = "Kommune;Innbyggere\nFrøya;5200\nÅfjord;4300\nBærum;128000\n"


def _problem(exc: pytest.ExceptionInfo[SourceError]) -> tuple[str, int | None, str]:
    problem = exc.value.problems[0]
    assert problem.source == "f.csv"
    return problem.message, problem.row, str(exc.value)


# -- decode_text: what is read ----------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig"])
def test_utf8_with_and_without_bom(codec: str) -> None:
    assert decode_text(NORWEGIAN.encode(codec), source="f.csv") == NORWEGIAN


def test_windows_1252() -> None:
    assert decode_text(NORWEGIAN.encode("cp1252"), source="f.csv") == NORWEGIAN
    # bytes Windows-1252 has and ISO-8859-1 has not: '€' and typographic quotes
    assert decode_text("«Sum» – 5 €".encode("cp1252"), source="f.csv") == "«Sum» – 5 €"


def test_bytes_neither_utf8_nor_windows_1252_are_refused_naming_byte_and_line() -> None:
    # 0x81 is undefined in Windows-1252; ISO-8859-1 would read it as a control character
    with pytest.raises(SourceError) as info:
        decode_text(b"a;b\n1;2\n\x81\x8d\n", source="f.csv")
    message, row, _ = _problem(info)
    assert "neither UTF-8 nor Windows-1252" in message
    assert "(line 3, byte 0x81: character maps to <undefined>)" in message
    assert row == 3


def test_a_forced_encoding_is_used() -> None:
    def read(codec: str, encoding: str) -> str:
        return decode_text(NORWEGIAN.encode(codec), source="f.csv", encoding=encoding)

    assert read("latin-1", "latin-1") == NORWEGIAN
    # a UTF-8 byte order mark is not content, also when UTF-8 is forced
    assert read("utf-8-sig", "UTF8") == NORWEGIAN
    # UTF-16 has NUL bytes, but it is text when the user says so
    assert read("utf-16", "utf-16") == NORWEGIAN


def test_a_forced_wrong_encoding_names_the_encoding_and_the_line() -> None:
    with pytest.raises(SourceError) as info:
        decode_text(NORWEGIAN.encode("cp1252"), source="f.csv", encoding="utf-8")
    message, row, text = _problem(info)
    assert message.startswith("cannot decode the file as utf-8 (line 2, byte 0xf8")
    assert row == 2
    assert "f.csv, row 2" in text


def test_an_unknown_forced_encoding() -> None:
    with pytest.raises(SourceError, match="cannot decode the file as klingon: no such encoding"):
        decode_text(b"a;b\n", source="f.csv", encoding="klingon")


# -- decode_text: what is refused -------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"  \r\n\t\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf \n"])
def test_an_empty_file(data: bytes) -> None:
    with pytest.raises(SourceError) as info:
        decode_text(data, source="f.csv")
    assert _problem(info)[0] == "the file is empty"


@pytest.mark.parametrize(
    "data",
    [
        NORWEGIAN.encode("utf-16"),
        NORWEGIAN.encode("utf-16-le"),
        NORWEGIAN.encode("utf-32"),
        b"PK\x03\x04\x14\x00\x00\x00" + bytes(range(256)),
    ],
    ids=["utf-16", "utf-16-le", "utf-32", "binary"],
)
def test_nul_bytes_mean_binary_or_utf16(data: bytes) -> None:
    with pytest.raises(SourceError) as info:
        decode_text(data, source="f.csv")
    assert "binary or UTF-16/32 encoded, not text" in _problem(info)[0]
    # a forced single-byte encoding does not let binary data through
    with pytest.raises(SourceError, match="binary"):
        decode_text(data, source="f.csv", encoding="latin-1")


def test_a_nul_byte_anywhere_is_refused_with_its_line() -> None:
    late = b"a;b\n" * 1100 + b"\0\n"  # past the first 4 KiB, where 0.1 stopped looking
    with pytest.raises(SourceError) as info:
        decode_text(late, source="f.csv")
    message, row, _ = _problem(info)
    assert "NUL byte at offset 4400, line 1101" in message
    assert row == 1101


@pytest.mark.parametrize("via", ["latin-1", "cp1252"])
def test_doubly_encoded_text_is_refused_with_its_line(via: str) -> None:
    doubled = NORWEGIAN.encode("utf-8").decode(via).encode("utf-8")
    with pytest.raises(SourceError) as info:
        decode_text(doubled, source="f.csv")
    message, row, _ = _problem(info)
    assert "doubly encoded" in message
    assert row == 2
    assert info.value.problems[0].value == "Ã¸"


def test_doubly_encoded_capitals_and_signs_are_refused() -> None:
    # 'Å' doubly encoded through Windows-1252 is 'Ã…' (U+2026), '§' is 'Â§'
    for text in ("Åfjord", "§ 9"):
        doubled = text.encode("utf-8").decode("cp1252").encode("utf-8")
        with pytest.raises(SourceError, match="doubly encoded"):
            decode_text(doubled, source="f.csv")


def test_a_file_mixing_utf8_and_windows_1252_is_refused() -> None:
    mixed = "Frøya;1\n".encode() + "Bærum;2\n".encode("cp1252")
    with pytest.raises(SourceError, match="doubly encoded"):
        decode_text(mixed, source="f.csv")


def test_text_that_only_looks_odd_is_read() -> None:
    text = "SÃO PAULO;Ã;Â\nÀ bientôt\n"
    assert decode_text(text.encode(), source="f.csv") == text


# -- decode_head ------------------------------------------------------------------------


@pytest.mark.parametrize("cut", [1, 2, 3])
def test_decode_head_leaves_out_a_character_cut_at_the_end(cut: int) -> None:
    data = "Region;Navn;€".encode()  # '€' is three bytes in UTF-8
    assert decode_head(data[: len(data) - cut]) == "Region;Navn;"


def test_decode_head_reads_what_decode_text_reads() -> None:
    for codec in ("utf-8", "utf-8-sig", "cp1252"):
        assert decode_head(NORWEGIAN.encode(codec)) == NORWEGIAN
    assert decode_head(b"Fr\xf8ya\x81") == "Frøya\x81"


@pytest.mark.parametrize(
    "data", [b"", b"\xef\xbb", NORWEGIAN.encode("utf-16"), b"\0\0\0", b"\xff" * 10]
)
def test_decode_head_never_raises(data: bytes) -> None:
    assert isinstance(decode_head(data), str)
    if b"\0" in data:
        assert decode_head(data) == ""


def test_decode_head_of_a_utf8_file_with_a_bad_byte_falls_back() -> None:
    assert decode_head("Frø".encode() + b"\xff;x") == "FrÃ¸ÿ;x"


# -- sniff_delimiter --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["Kommune;Andel", "Frøya;7,5", "Hitra;12,25"], ";"),
        (["kommune,andel", "5014,7.5"], ","),
        (["kommune\tandel", "5014\t7,5"], "\t"),
        (["kommune|andel|x", "5014|7,5|1"], "|"),
        ("a;b,c", ";"),  # a tie goes to ';'
        (["a;b", "c,d"], ";"),
        ("a,b\tc", ","),  # then in the order of the candidates
        (["Kommune"], ";"),  # none: ';'
        ([], ";"),
        ("", ";"),
    ],
)
def test_sniff_delimiter(lines: list[str] | str, expected: str) -> None:
    assert sniff_delimiter(lines) == expected


def test_sniff_delimiter_with_other_candidates() -> None:
    assert sniff_delimiter("a\tb,c", candidates=(";", "\t", ",")) == "\t"
    assert sniff_delimiter("abc", candidates=(",", ";")) == ","
    with pytest.raises(ValueError, match="at least one candidate"):
        sniff_delimiter("a;b", candidates=())


# -- the documentation's examples -------------------------------------------------------


def test_the_docstring_examples_run() -> None:
    result = doctest.testmod(textio, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 10
    assert result.failed == 0


def test_split_rows_keeps_quoted_line_breaks_and_refuses_an_open_quote() -> None:
    from integreringslov._io.text import split_rows

    rows = split_rows('id;merknad\nP1;"to\nlinjer"\nP2;"a ""b"""\n', source="f.csv", delimiter=";")
    assert rows == [["id", "merknad"], ["P1", "to\nlinjer"], ["P2", 'a "b"']]
    with pytest.raises(SourceError) as info:
        split_rows('id;merknad\nP1;"aldri lukket\n', source="f.csv", delimiter=";")
    message, row, _ = _problem(info)
    assert "not a well-formed CSV table (delimiter ';'" in message
    assert row == 2
