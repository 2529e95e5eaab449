"""Hand-made bombs through the command line, each in a child with 2 GiB and 30 s (issue 15).

Every case builds its input here, at test time (nothing hostile is stored in the
repository), and runs ``integreringslov import`` on it in a subprocess limited with
``RLIMIT_AS`` = 2 GiB and a 30-second timeout. Whatever the input, the run must end in
an exit status of 0 or 1 (never a signal: a native abort would be −6), print no
traceback, stay under both limits, leak no identity number into stdout, stderr or the
written file, let no formula into the written CSV, and — when it refuses — name the file
and say what it broke.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import attrs
import pytest
from hostile_files import (
    PERSON_HEADER,
    PERSON_ROW,
    SECONDS,
    cap_memory,
    capped_env,
    cell_ref,
    fnr,
    sheet_xml,
    workbook,
    xlsx_zip,
)

from integreringslov._text.privacy import printable

HEADER = ";".join(PERSON_HEADER)
ROW = ";".join(PERSON_ROW)
XHEADER = list(PERSON_HEADER)
SECRET = fnr("241270")
SECRET_2 = fnr("311299", first=300)


@attrs.frozen
class Case:
    """An input, the command's extra arguments, and what the run must say."""

    source: Path
    args: tuple[str, ...] = ()
    refused: str | None = None
    """A fragment the refusal must contain; ``None`` when the file may be read."""


def _csv(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def _xlsx(path: Path, parts: dict[str, str | bytes], **kw: int) -> Path:
    path.write_bytes(xlsx_zip(parts, **kw))
    return path


def _sheet(extra: str = "", rows: int = 2, **kw: object) -> dict[str, str]:
    body = [XHEADER] + [ROW.format(i=i).split(";") for i in range(1, rows)]
    return workbook({"Deltakere": sheet_xml(body, extra_cells=extra, **kw)})  # type: ignore[arg-type]


def _patched(data: bytes, name: str, flag: int | None = None, method: int | None = None) -> bytes:
    """Rewrite a member's flag bits or compression method in both zip headers."""
    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo(name)
    local = info.header_offset
    central = out.find(b"PK\x01\x02")
    while central >= 0:
        n = int.from_bytes(out[central + 28 : central + 30], "little")
        if out[central + 46 : central + 46 + n] == name.encode():
            break
        central = out.find(b"PK\x01\x02", central + 4)
    assert central >= 0, name
    for at, flag_at, method_at in ((local, 6, 8), (central, 8, 10)):
        if flag is not None:
            out[at + flag_at : at + flag_at + 2] = flag.to_bytes(2, "little")
        if method is not None:
            out[at + method_at : at + method_at + 2] = method.to_bytes(2, "little")
    return bytes(out)


def _bomb_cases(tmp: Path) -> dict[str, Case]:
    cases: dict[str, Case] = {}
    # ---- workbooks a native reader would abort on
    cases["xlsx_XFD1048576"] = Case(
        _xlsx(tmp / "xfd.xlsx", _sheet('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')),
        refused="16384 columns",
    )
    cases["xlsx_23_letter_column"] = Case(
        _xlsx(
            tmp / "col.xlsx",
            _sheet('<row r="3"><c r="ABCDEFGHIJKLMNOPQRSTUVW3"><v>1</v></c></row>'),
        ),
        refused="not a valid cell",
    )
    sst = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'count="2000000000" uniqueCount="2000000000"><si><t>a</t></si></sst>'
    )
    parts = _sheet()
    parts["xl/sharedStrings.xml"] = sst
    cases["xlsx_2e9_shared_strings"] = Case(_xlsx(tmp / "sst.xlsx", parts), refused="uniqueCount")
    cases["xlsx_negative_date"] = Case(
        _xlsx(
            tmp / "neg.xlsx",
            _sheet(
                '<row r="3"><c r="A3" t="inlineStr"><is><t>P9</t></is></c>'
                '<c r="B3" s="1"><v>-700000</v></c></row>'
            ),
        ),
        refused="cannot read the value as a date",
    )
    # ---- containers
    parts = _sheet()
    parts["xl/media/padding.bin"] = b"\0" * (64 << 20)
    cases["xlsx_decompression_bomb"] = Case(_xlsx(tmp / "bomb.xlsx", parts), refused="bomb")
    plain = xlsx_zip(_sheet())
    enc = tmp / "encrypted.xlsx"
    enc.write_bytes(_patched(plain, "xl/worksheets/sheet1.xml", flag=1))
    cases["xlsx_encrypted_member"] = Case(enc, refused="is encrypted")
    odd = tmp / "method.xlsx"
    odd.write_bytes(_patched(plain, "xl/worksheets/sheet1.xml", method=99))
    cases["xlsx_unknown_compression"] = Case(odd, refused="compression method 99")
    broken = bytearray(plain)
    with zipfile.ZipFile(io.BytesIO(plain)) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    broken[start : start + 8] = b"\xff" * 8
    (tmp / "broken.xlsx").write_bytes(bytes(broken))
    cases["xlsx_broken_member"] = Case(tmp / "broken.xlsx", refused="xl/worksheets/sheet1.xml")
    sparse = {
        f"Ark{k}": sheet_xml(
            [XHEADER],
            extra_cells=f'<row r="999999"><c r="{cell_ref(999999, 10)}"><v>1</v></c></row>',
        )
        for k in (1, 2, 3)
    }
    cases["xlsx_three_sparse_sheets"] = Case(
        _xlsx(tmp / "sparse.xlsx", workbook(sparse)), refused="999997 empty rows not read"
    )
    # ---- text
    cases["csv_long_field"] = Case(
        _csv(tmp / "long.csv", [HEADER, ROW.format(i=1), ROW.format(i=2) + "x" * 200_000]),
        refused="200003 characters; the limit is 100000",
    )
    late_nul = tmp / "nul.csv"
    late_nul.write_bytes(
        ("\n".join([HEADER] + [ROW.format(i=i) for i in range(200)]) + "\n").encode() + b"\0"
    )
    cases["csv_late_nul"] = Case(late_nul, refused="NUL byte")
    cases["csv_ragged"] = Case(
        _csv(tmp / "ragged.csv", [HEADER, ROW.format(i=1), "P2;1990-01-15"]), refused="ragged"
    )
    cases["csv_million_empty_rows"] = Case(
        _csv(tmp / "empty.csv", [HEADER] + [";;;;;"] * 1_000_000), refused="no data"
    )
    cases["csv_million_ids_only"] = Case(
        _csv(tmp / "ids.csv", ["Løpenr"] + [f"P{i}" for i in range(1_000_000)]),
        refused="missing column",
    )
    cases["csv_ansi_file_name"] = Case(
        _csv(tmp / "liste\x1b[2J\x1b[31m.csv", [HEADER, "P1;ikke en dato;a;2024-02-01;ja;nei"]),
        refused="\\x1b[2J",
    )
    cases["csv_identity_numbers_everywhere"] = Case(
        _csv(
            tmp / f"liste {SECRET}.csv",
            [
                HEADER + f";Merknad {SECRET}",
                ROW.format(i=1) + f";{SECRET_2[:6]}-{SECRET_2[6:]}",
                f"{SECRET[:6]}.{SECRET[6:]};1990-01-15;a;2024-02-01;ja;nei;x",
            ],
        ),
        refused="fødselsnummer",
    )
    cases["csv_formula_after_carriage_return"] = Case(
        _csv(
            tmp / "formler.csv",
            [
                HEADER,
                "\"P1\r=cmd|' /C calc'!A0\";1990-01-15;a;2024-02-01;ja;nei",
                "=1+1;1990-01-15;a;2024-02-01;ja;nei",
                "'=1+1;1990-01-15;a;2024-02-01;ja;nei",
            ],
        ),
    )
    # ---- mapping files
    good = _csv(tmp / "ok.csv", [HEADER, ROW.format(i=1)])
    fifo = tmp / "mapping.toml"
    os.mkfifo(fifo)
    cases["mapping_fifo"] = Case(good, ("--mapping", str(fifo)), refused="named pipe")
    cases["mapping_dev_zero"] = Case(good, ("--mapping", "/dev/zero"), refused="a device")
    deep = tmp / "deep.toml"
    deep.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    cases["mapping_deeply_nested"] = Case(good, ("--mapping", str(deep)), refused="nest")
    # ---- IMDi
    imdi_head = "Enhet;År;Kommunenummer;Kommune;Bosetting;Antall"
    cases["imdi_infinity_and_odd_years"] = Case(
        _csv(
            tmp / "imdi.csv",
            [
                imdi_head,
                "Personer;2024;3301;Drammen;Anmodning om bosetting;Infinity",
                "Personer;1e30;3301;Drammen;Vedtak om bosetting;5",
            ],
        ),
        refused="cannot read the year",
    )
    cases["imdi_very_long_cell"] = Case(
        _csv(
            tmp / "imdi_long.csv",
            [imdi_head, "Personer;2024;3301;" + "D" * 9_000_000 + ";Anmodning om bosetting;4"],
        ),
        refused="characters in one cell",
    )
    # a million lines of one figure for a municipality with a 100-character name: every
    # line breaks "at most one figure per year, municipality, population and measure"
    # (issue 24: a million problems once took more than 120 s and 4.7 GB)
    long_line = "Personer;2024;3301;" + "D" * 100 + ";Anmodning om bosetting;4\n"
    million = tmp / "imdi_million.csv"
    with million.open("w", encoding="utf-8") as f:
        f.write(imdi_head + "\n")
        for _ in range(100):
            f.write(long_line * 10_000)
    cases["imdi_million_long_rows"] = Case(million, refused="in all 1000000 rows")
    wide_head = "Region;Navn;" + ";".join(["Bosetting: Anmodning om bosetting"] * 5000)
    cases["imdi_very_wide"] = Case(
        _csv(
            tmp / "imdi_wide.csv",
            [
                wide_head,
                ";;" + ";".join(["År: 2024"] * 5000),
                "K3301;Drammen;" + ";".join(["1"] * 5000),
            ],
        ),
        refused="cells in one row",
    )
    return cases


def _run(case: Case, out: Path) -> tuple[int, str, str, float]:
    env = capped_env({"PYTHONPATH": os.pathsep.join(sys.path), "COLUMNS": "200"})
    start = time.monotonic()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "integreringslov",
            "import",
            str(case.source),
            *case.args,
            "-o",
            str(out),
        ],
        capture_output=True,
        timeout=SECONDS,
        preexec_fn=cap_memory,
        env=env,
        check=False,
    )
    return (
        proc.returncode,
        proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
        time.monotonic() - start,
    )


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _formulas(path: Path) -> list[str]:
    if not path.exists() or path.suffix != ".csv":
        return []
    cells = [c for row in csv.reader(io.StringIO(path.read_text("utf-8"), newline="")) for c in row]
    bad = [c for c in cells if c.startswith(_FORMULA_START)]
    lines = path.read_text("utf-8").replace("\r\n", "\n").split("\n")
    bad += [line for line in lines if line.startswith(_FORMULA_START)]  # a record a reader splits
    return bad


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Case]:
    return _bomb_cases(tmp_path_factory.mktemp("bombs"))


CASE_NAMES = [
    "xlsx_XFD1048576",
    "xlsx_23_letter_column",
    "xlsx_2e9_shared_strings",
    "xlsx_negative_date",
    "xlsx_decompression_bomb",
    "xlsx_encrypted_member",
    "xlsx_unknown_compression",
    "xlsx_broken_member",
    "xlsx_three_sparse_sheets",
    "csv_long_field",
    "csv_late_nul",
    "csv_ragged",
    "csv_million_empty_rows",
    "csv_million_ids_only",
    "csv_ansi_file_name",
    "csv_identity_numbers_everywhere",
    "csv_formula_after_carriage_return",
    "mapping_fifo",
    "mapping_dev_zero",
    "mapping_deeply_nested",
    "imdi_infinity_and_odd_years",
    "imdi_very_long_cell",
    "imdi_million_long_rows",
    "imdi_very_wide",
]


def test_every_case_is_run(cases: dict[str, Case]) -> None:
    assert sorted(cases) == sorted(CASE_NAMES)


@pytest.mark.slow  # a child process each, 5-15 s; CI runs them all
@pytest.mark.timeout(SECONDS * 2)
@pytest.mark.parametrize("name", CASE_NAMES)
def test_bomb(name: str, cases: dict[str, Case], tmp_path: Path) -> None:
    case = cases[name]
    out = tmp_path / "out.csv"
    status, stdout, stderr, seconds = _run(case, out)
    assert status in (0, 1), f"exit status {status}: {stderr[-2000:]}"
    assert "Traceback" not in stderr, stderr[-3000:]
    assert "MemoryError" not in stderr
    assert seconds < SECONDS
    written = out.read_bytes().decode("utf-8", "replace") if out.exists() else ""
    for secret in (SECRET, SECRET_2):
        for text in (stdout, stderr, written):
            assert secret not in text
            assert f"{secret[:6]}-{secret[6:]}" not in text
            assert f"{secret[:6]}.{secret[6:]}" not in text
    assert "\x1b" not in stderr
    assert "\x1b" not in stdout
    assert _formulas(out) == []
    if case.refused is not None:
        assert status == 1, stdout[-2000:]
        assert case.refused in stderr, stderr[-3000:]
        named = case.args[-1] if case.args else printable(case.source.name)
        assert named in stderr, stderr[-3000:]
