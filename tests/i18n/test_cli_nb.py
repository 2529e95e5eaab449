"""Under ``--lang nb`` every command, its help and its error paths speak bokmål (issue 22).

Each command line runs as a person would type it — ``--lang nb`` before or after the
subcommand — and everything it prints (stdout and stderr) is checked by a heuristic
detector of English sentences (:mod:`english`): two English function words on a line,
outside quoted values, options, paths and codes, fail the test with the line.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from english import english_lines

from integreringslov.cli import main

ROOT = Path(__file__).resolve().parents[2]
PERSONS = ROOT / "src/integreringslov_importers/data/spreadsheet/example_persons.csv"
DATA = ROOT / "tests" / "data"

ALLOWED = frozenset()
"""Words that may stand in bokmål output as they are (none yet: codes and names are quoted)."""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """The exit status and everything printed by the command line ``argv``."""
    try:
        status = main(list(argv))
    except SystemExit as exc:  # --help and usage errors leave through argparse
        status = int(exc.code or 0)
    said = capsys.readouterr()
    return status, said.out + said.err


def assert_bokmal(text: str) -> None:
    found = english_lines(text, ALLOWED)
    assert not found, "English under --lang nb:\n" + "\n".join(found)


def test_the_detector_finds_english_and_leaves_bokmal_alone() -> None:
    assert english_lines("error: the file does not exist")
    assert english_lines("feil: x.csv: no such file or folder")
    assert english_lines("  -h, --help  show this help message and exit")
    assert not english_lines("feil: filen finnes ikke: 'the file.csv'")
    assert not english_lines("bruk: integreringslov assess [-h] --on DATE PERSONS")
    assert not english_lines("kolonne 'person_id' mangler (ventet en pseudonymisert ID)")


HELPS = [
    ["--lang", "nb", "--help"],
    ["--help", "--lang", "nb"],
    ["demo", "--help", "--lang", "nb"],
    ["--lang", "nb", "import", "--help"],
    ["importers", "--lang", "nb", "--help"],
    ["assess", "--help", "--lang=nb"],
    ["recommend", "--lang", "nb", "--help"],
    ["fetch", "--lang", "nb", "--help"],
    ["fetch", "ssb", "--help", "--lang", "nb"],
    ["--lang", "nb", "fetch", "ssb", "--help"],
    ["regions", "--lang", "nb", "--help"],
    ["regions", "update", "--lang", "nb", "--help"],
    ["--lang", "nb", "regions", "update", "--help"],
]


@pytest.mark.parametrize("argv", HELPS, ids=" ".join)
def test_every_help_is_bokmal(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    status, said = run(capsys, *argv)
    assert status == 0
    assert said.startswith("bruk: integreringslov")
    assert "valg:" in said
    assert_bokmal(said)


def test_the_help_is_english_without_lang(capsys: pytest.CaptureFixture[str]) -> None:
    status, said = run(capsys, "regions", "update", "--help")
    assert status == 0
    assert said.startswith("usage: integreringslov")
    assert "show this help message and exit" in said


def _closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on: the network is down there."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _bad_inputs(tmp: Path) -> list[tuple[str, Path]]:
    """A bad file for each built-in importer, with the importer's name."""
    def put(name: str, text: str) -> Path:
        path = tmp / name
        path.write_text(text, encoding="utf-8")
        return path

    plain = put("plain.csv", "a,b\n1,2\n")
    return [
        ("imdi", put("bosatt_anmodede.csv",
                     "Region;Navn;Bosetting: Vedtak om bosetting\n;;År: 2020\nK3301;Drammen\n")),
        ("imdi-wide", put("wide.csv", "Region;Navn;Bosetting: Vedtak om bosetting;Vedtak\n"
                          ";;År: 2020;År: 2021\n")),
        ("integreringslov-assessment", plain),
        ("integreringslov-imdi-wide", plain),
        ("integreringslov-municipalities", plain),
        ("integreringslov-persons", plain),
        ("integreringslov-recommendation", plain),
        ("integreringslov-settlement", plain),
        ("integreringslov-ssb", plain),
        ("spreadsheet", put("persons.csv", "Fødselsnummer;Navn\n1;Kari\n")),
        ("spreadsheet-municipalities", put("kommuner.csv", "Kommunenummer;Innbyggere\n9999;x\n")),
        ("ssb-csv", put("SSB_07459.csv", '"Region";"statistikkvariabel";"2024"\n'
                        '"0301 Oslo";"Personer";"mange"\n')),
        ("ssb-jsonstat", put("table.json", '{"class": "something else"}')),
        ("ssb-px", put("table.px", 'CHARSET="ANSI";\nMATRIX="x";\nDATA=\n1 2 3;\n')),
        ("ssb-xlsx", put("table.xlsx", "no workbook")),
    ]


def test_every_importer_refuses_bad_input_in_bokmal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from integreringslov.plugins import importers

    cases = _bad_inputs(tmp_path)
    built_in = {i.name for i in importers() if i.plugin.startswith("integreringslov_importers")}
    assert built_in <= {name for name, _ in cases}, "a bad file for every built-in importer"
    for name, path in cases:
        status, said = run(capsys, "import", str(path), "--importer", name, "--lang", "nb")
        assert status == 1, (name, said)
        assert said.strip(), name
        assert_bokmal(said)


def test_the_error_paths_are_bokmal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    down = f"http://127.0.0.1:{_closed_port()}"
    lines = [
        ("assess", str(tmp_path / "missing.csv"), "--on", "2024-06-01", "--lang", "nb"),
        ("--lang", "nb", "assess", str(tmp_path), "--on", "2024-06-01"),
        ("import", str(tmp_path / "missing.xlsx"), "--lang", "nb"),
        ("import", str(tmp_path), "--lang", "nb"),
        ("recommend", "10", str(tmp_path / "none.csv"), "--lang", "nb"),
        ("assess", str(PERSONS), "--on", "31.02.2024", "--lang", "nb"),
        ("assess", str(PERSONS), "--bogus", "--lang", "nb"),
        ("--lang", "nb", "assess"),
        ("--lang", "nb", "fetch", "ssb", "09817", "--data-lang", "nb"),
        ("--lang", "nb", "frobnicate"),
        ("fetch", "ssb", "09817", "--base-url", down, "--timeout", "2", "--quiet",
         "--lang", "nb"),
        ("regions", "update", "--base-url", down, "--timeout", "2", "--lang", "nb"),
        ("fetch", "ssb", "09817", "--offline", "--quiet", "--lang", "nb"),
        ("assess", str(PERSONS), "--on", "2020-06-01", "--lang", "nb"),  # before the act
    ]
    for argv in lines:
        status, said = run(capsys, *argv)
        assert status in (1, 2), (argv, said)
        assert "feil" in said, (argv, said)
        assert_bokmal(said)


def test_the_commands_that_work_speak_bokmal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from fake_servers import FakePxWeb

    out = tmp_path / "vurdert.csv"
    status, said = run(capsys, "assess", str(PERSONS), "--on", "01.06.2024", "-o", str(out),
                       "--lang", "nb")
    assert status == 0
    assert "vurderte 4 personer per 1. juni 2024" in said
    assert_bokmal(said)
    status, said = run(capsys, "--lang", "nb", "import", str(out), "-o", str(tmp_path / "x.csv"))
    assert status == 0
    assert "4 rader, alle gyldige" in said
    assert_bokmal(said)
    status, said = run(capsys, "importers", "--lang", "nb")
    assert status == 0
    with FakePxWeb(max_data_cells=500, max_calls=100).running() as url:
        status, said = run(capsys, "fetch", "ssb", "TAB6471", "--select", "Region=01",
                           "--select", "Alder=0-9", "--select", "Kon=*", "--select",
                           "ContentsCode=000007SF", "--select", "Tid=top(1)", "--base-url",
                           url, "--quiet", "-o", str(tmp_path / "t.csv"), "--lang", "nb")
    assert status == 0, said
    assert_bokmal(said)


def test_plural_forms(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """«1 person» / «2 personer», «1 rad» / «2 rader»: the catalog's plural forms."""
    one = tmp_path / "one.csv"
    lines = PERSONS.read_text("utf-8").splitlines()
    one.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    status, said = run(capsys, "assess", str(one), "--on", "2024-06-01", "-o",
                       str(tmp_path / "o.csv"), "--lang", "nb")
    assert status == 0
    assert "vurderte 1 person per 1. juni 2024" in said
    status, said = run(capsys, "import", str(one), "--lang", "nb")
    assert "1 rad, alle gyldige" in said
    status, said = run(capsys, "assess", str(one), "--on", "2024-06-01", "-o",
                       str(tmp_path / "o.csv"))
    assert "assessed 1 person on 2024-06-01" in said


def test_demo_in_bokmal(capsys: pytest.CaptureFixture[str]) -> None:
    status, said = run(capsys, "demo", "--lang", "nb")
    assert status == 0
    assert_bokmal(said)


class _PageText(HTMLParser):
    """The text a reader sees on a page, one line per piece (not its style or script)."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._hidden += tag in ("style", "script")
        self.lines += [v for k, v in attrs if k in ("alt", "title") and v]

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.lines.append(" ".join(data.split()))


def test_demo_html_in_bokmal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("matplotlib")
    status, said = run(capsys, "demo", "--html", str(tmp_path), "--lang", "nb")
    assert status == 0
    assert_bokmal(said)
    page = _PageText()
    page.feed((tmp_path / "index.html").read_text("utf-8"))
    assert len(page.lines) > 50  # the page's tables and paragraphs, not an empty shell
    assert_bokmal("\n".join(page.lines))


def test_a_subprocess_with_lang_before_the_subcommand_and_help() -> None:
    """As a person types it: the console script, ``--lang nb --help``."""
    done = subprocess.run(
        [sys.executable, "-m", "integreringslov", "--lang", "nb", "--help"],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "vis denne hjelpeteksten og avslutt" in done.stdout
    assert_bokmal(done.stdout)


def test_the_wheel_ships_the_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The wheel carries the ``.po`` the package reads at run time: no build step needed.

    (An editable install and a fresh clone read the same file from ``src/``, as every other
    test here does.)
    """
    backend = pytest.importorskip("hatchling.build")
    monkeypatch.chdir(ROOT)
    wheel = tmp_path / backend.build_wheel(str(tmp_path))
    with zipfile.ZipFile(wheel) as zf:
        assert "integreringslov/locale/nb/LC_MESSAGES/integreringslov.po" in zf.namelist()
        zf.extractall(tmp_path / "site")
    done = subprocess.run(
        [sys.executable, "-c", "import integreringslov._text.i18n as t\n"
         "with t.speaking('nb'): print(t.trn('{n} row', '{n} rows', 2), t.catalog_path('nb'))"],
        capture_output=True, text=True, check=False, timeout=60,
        env={"PYTHONPATH": str(tmp_path / "site"), "PATH": ""},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    said, where = done.stdout.split(maxsplit=2)[:2], done.stdout.split()[-1]
    assert said == ["2", "rader"]
    assert where.startswith(str(tmp_path / "site"))


def test_a_network_that_is_down_is_said_in_bokmal(capsys: pytest.CaptureFixture[str]) -> None:
    """The system's «Connection refused» is English: the library says it in its own words."""
    down = f"http://127.0.0.1:{_closed_port()}"
    for argv in (
        ("fetch", "ssb", "07459", "--base-url", down, "--timeout", "2", "--quiet", "--lang", "nb"),
        ("--lang", "nb", "regions", "update", "--base-url", down, "--timeout", "2"),
    ):
        status, said = run(capsys, *argv)
        assert status == 1
        assert "fikk ikke kontakt med tjeneren" in said
        assert "tilkoblingen ble avvist" in said
        assert "Connection refused" not in said
