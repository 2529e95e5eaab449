"""Output files against interrupts, a second writer and paths that are not files (issue 24 item 1).

Every file the library writes is written beside its target and renamed into place when
whole: whatever happens half-way, the target is either the old file or the complete new
one, and no temporary file is left behind. A folder, FIFO or device as the output is
refused before any work (standard output is asked for with ``-o -``).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from hostile_files import PERSON_HEADER, PERSON_ROW, SECONDS, cap_memory, capped_env

import integreringslov as il
from integreringslov._io import write
from integreringslov._io.write import write_table
from integreringslov.errors import InvalidInputError

CLI = [sys.executable, "-m", "integreringslov"]
SUFFIXES = (".csv", ".xlsx", ".parquet", ".json")


def _persons(path: Path, n: int) -> Path:
    lines = [";".join(PERSON_HEADER)]
    lines += [";".join(PERSON_ROW).format(i=i) for i in range(1, n + 1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".partial"))


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_failure_half_way_leaves_the_old_file(
    tmp_path: Path, suffix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / f"out{suffix}"
    old = pd.DataFrame({"a": ["old"]})
    write_table(old, target)
    before = target.read_bytes()

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    for name in ("write_csv", "_xlsx_bytes", "_write_parquet", "_json_text"):
        monkeypatch.setattr(write, name, interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_table(pd.DataFrame({"a": ["new"] * 10}), target)
    assert target.read_bytes() == before
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_folder_as_output_is_refused(tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"folder{suffix}"
    target.mkdir()
    with pytest.raises(InvalidInputError, match="a folder, not a file"):
        write_table(pd.DataFrame({"a": ["x"]}), target)
    assert list(target.iterdir()) == []
    assert _leftovers(tmp_path) == []


def test_a_fifo_as_output_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "out.csv"
    os.mkfifo(fifo)
    with pytest.raises(InvalidInputError, match="a FIFO, not a file"):
        write_table(pd.DataFrame({"a": ["x"]}), fifo)  # opening it would wait for a reader


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_device_as_output_is_refused_without_noise(tmp_path: Path) -> None:
    link = tmp_path / "full.xlsx"
    link.symlink_to("/dev/full")
    run = subprocess.run(
        [*CLI, "assess", str(_persons(tmp_path / "p.csv", 3)), "--on", "2024-06-01",
         "-o", str(link)],
        capture_output=True, text=True, timeout=SECONDS, preexec_fn=cap_memory, env=capped_env(),
    )  # fmt: skip
    assert run.returncode == 1, run.stderr
    assert "a device or socket, not a file" in run.stderr
    assert "Traceback" not in run.stderr
    assert "closed file" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 2  # the error and its one problem


def test_a_written_file_keeps_the_mode_of_the_one_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n")
    target.chmod(0o640)
    write_table(pd.DataFrame({"a": ["x"]}), target)
    assert (target.stat().st_mode & 0o777) == 0o640


def test_a_new_file_gets_the_usual_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    mask = os.umask(0o022)
    try:
        write_table(pd.DataFrame({"a": ["x"]}), target)
    finally:
        os.umask(mask)
    assert (target.stat().st_mode & 0o777) == 0o644  # not mkstemp's 0o600


def test_a_symbolic_link_is_followed(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    write_table(pd.DataFrame({"a": ["x"]}), link)
    assert link.is_symlink()
    assert "x" in real.read_text()


def test_dash_writes_to_standard_output(tmp_path: Path) -> None:
    run = subprocess.run(
        [*CLI, "assess", str(_persons(tmp_path / "p.csv", 2)), "--on", "2024-06-01", "-o", "-"],
        capture_output=True, text=True, cwd=tmp_path, timeout=SECONDS,
        preexec_fn=cap_memory, env=capped_env(),
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0].startswith("person_id,")
    assert len(run.stdout.splitlines()) == 3
    assert not (tmp_path / "-").exists()


def test_a_fifo_given_to_the_command_is_refused_before_the_work(tmp_path: Path) -> None:
    fifo = tmp_path / "out.csv"
    os.mkfifo(fifo)
    run = subprocess.run(
        [*CLI, "assess", str(_persons(tmp_path / "p.csv", 2)), "--lang", "nb", "--on",
         "2024-06-01", "-o", str(fifo)],
        capture_output=True, text=True, timeout=SECONDS, preexec_fn=cap_memory, env=capped_env(),
    )  # fmt: skip
    assert run.returncode == 1
    assert "er en FIFO, ikke en fil" in run.stderr


def _wait_for_pandas(pid: int) -> None:
    """Wait until the command has begun to load pandas: it is at work, past start-up.

    Ctrl-C while Python loads the library itself gets Python's own traceback (nothing is
    done yet; the library cannot catch what comes before it is loaded); while pandas's
    extension modules load, it can end the process without a word (status 0 or -2, no
    file written) — a known gap, so the signals here come a second or more later.
    """
    maps = Path(f"/proc/{pid}/maps")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if "pandas" in maps.read_text():
                return
        except OSError:
            return  # the child has ended already
        time.sleep(0.02)


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc")
def test_sigint_during_assess_leaves_no_file_and_exits_130(tmp_path: Path) -> None:
    """Whenever Ctrl-C comes: status 130 and one line, or the work was done (0, whole file)."""
    # 600,000 rows take some four seconds after pandas begins to load: the first signals
    # come in the middle of the work (200,000 rows could end within the first second)
    persons = _persons(tmp_path / "p.csv", 600_000)
    out = tmp_path / "out.csv"
    env = capped_env({"PYTHONUNBUFFERED": "1"})
    seen = set()
    for delay in (0.5, 1.0, 2.0, 4.0, 8.0):  # after pandas has loaded (see the report)
        child = subprocess.Popen(
            [*CLI, "assess", str(persons), "--on", "2024-06-01", "-o", str(out)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
            preexec_fn=cap_memory,
        )  # fmt: skip
        _wait_for_pandas(child.pid)
        time.sleep(delay)
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=SECONDS)
        assert "Traceback" not in err, (delay, err)
        assert _leftovers(tmp_path) == []
        seen.add(child.returncode)
        if child.returncode == 130:
            (line,) = err.strip().splitlines()  # one line, however early
            assert line.startswith("integreringslov")
            assert "interrupted" in line
            assert not out.exists()
        elif child.returncode == -signal.SIGINT:
            # the known gaps: killed while pyarrow loads (no file yet), or while Python
            # shuts down, its own handlers back, after the file was written whole
            if out.exists():
                assert len(il.read(out).table) == 600_000
                out.unlink()
        else:
            assert child.returncode == 0, err
            assert len(il.read(out).table) == 600_000
            out.unlink()
    assert 130 in seen


@pytest.mark.slow
def test_two_writers_never_leave_a_mixed_file(tmp_path: Path) -> None:
    """Two processes write the same path at once: it holds one of the tables, whole."""
    target = tmp_path / "out.csv"
    script = (
        "import sys, pandas as pd\n"
        "from integreringslov._io.write import write_table\n"
        "n, word = int(sys.argv[1]), sys.argv[2]\n"
        "write_table(pd.DataFrame({'a': [word] * n, 'b': range(n)}), sys.argv[3])\n"
    )
    sizes = {"long": 600_000, "short": 300_000}
    for _ in range(3):
        children = [
            subprocess.Popen(
                [sys.executable, "-c", script, str(n), word, str(target)],
                preexec_fn=cap_memory,
                env=capped_env(),
            )
            for word, n in sizes.items()
        ]
        assert [c.wait(timeout=SECONDS) for c in children] == [0, 0]
        back = pd.read_csv(target)
        (word,) = set(back["a"])
        assert len(back) == sizes[word]
        assert back["b"].tolist() == list(range(sizes[word]))
        assert _leftovers(tmp_path) == []


def test_a_report_to_a_fifo_is_refused_and_a_report_leaves_no_partial_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("matplotlib")
    pytest.importorskip("jinja2")
    from integreringslov.cli import main

    table = tmp_path / "m.csv"
    table.write_text("municipality;population\n5001;100\n5006;50\n", encoding="utf-8")
    args = ["recommend", str(table), "--total", "10", "--criteria", "population=1",
            "--on", "2024-01-01", "--report"]  # fmt: skip
    fifo = tmp_path / "r.html"
    os.mkfifo(fifo)
    assert main([*args, str(fifo)]) == 1
    assert "a FIFO, not a file" in capsys.readouterr().err
    fifo.unlink()
    assert main([*args, str(fifo)]) == 0
    assert fifo.read_text("utf-8").startswith("<!doctype html>")
    assert _leftovers(tmp_path) == []


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc")
def test_sigterm_during_assess_leaves_no_file_and_exits_143(tmp_path: Path) -> None:
    # 600,000 rows take some five seconds: the signal, a second after pandas began to load,
    # comes in the middle of the work (200,000 rows could end first on a quick machine)
    persons = _persons(tmp_path / "p.csv", 600_000)
    out = tmp_path / "out.csv"
    child = subprocess.Popen(
        [*CLI, "assess", str(persons), "--on", "2024-06-01", "-o", str(out), "--lang", "nb"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=cap_memory, env=capped_env(),
    )  # fmt: skip
    _wait_for_pandas(child.pid)
    time.sleep(1.0)
    child.send_signal(signal.SIGTERM)
    _, err = child.communicate(timeout=SECONDS)
    assert child.returncode == 143, err
    assert err.strip().splitlines() == [
        "integreringslov assess: stoppet; ingen fil ble liggende halvskrevet"
    ]
    assert not out.exists()
    assert _leftovers(tmp_path) == []


def _python(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``script`` in a fresh Python with ``args``; its status and output."""
    return subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=SECONDS
    )


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_after_the_work_is_done_ends_with_the_works_status(signum: int) -> None:
    """A signal while Python shuts down, the output written: the command's status, not -15."""
    script = (
        "import os, sys\n"
        "from integreringslov.cli import main\n"
        "sys.argv = ['integreringslov', 'importers']\n"
        "status = main()\n"
        f"os.kill(os.getpid(), {int(signum)})\n"
        "print('not reached')\n"
    )
    done = _python(script)
    assert done.returncode == 0, done.stderr
    assert "not reached" not in done.stdout
    assert "csv" in done.stdout  # the command's own output came first


_SWALLOWED = (
    "import os, signal, sys, weakref\n"
    "import integreringslov.cli as cli\n"
    "class Thing:\n"
    "    pass\n"
    "def swallowed(callback):\n"
    "    # what a weakref callback raises, Python has to ignore\n"
    "    thing = Thing()\n"
    "    ref = weakref.ref(thing, callback)\n"
    "    del thing\n"
)


def test_a_ctrl_c_python_had_to_ignore_still_keeps_the_output_out(tmp_path: Path) -> None:
    """Ctrl-C inside importlib's weakref callback (seen 1 in ~130 tries ~0.2 s after pandas
    began to load, the interrupt lost and its traceback printed): Python ignores its
    exception. The handler has stopped the writing: the work runs on, its file is not put in
    place, and the command ends as at any Ctrl-C — one line, 130, no traceback."""
    out = tmp_path / "out.csv"
    script = _SWALLOWED + (
        "from integreringslov._io.atomic import replacing\n"
        "def ctrl_c(ref):\n"
        "    os.kill(os.getpid(), signal.SIGINT)\n"
        "    for _ in range(1000):  # the handler runs here, inside the callback\n"
        "        pass\n"
        "target = sys.argv[1]\n"
        "def run(given, command):\n"
        "    command.append('assess')\n"
        "    swallowed(ctrl_c)\n"
        "    print('the work went on')\n"
        "    with replacing(target) as partial:\n"
        "        partial.write_text('person_id\\n')\n"
        "    return 0\n"
        "cli._run = run\n"
        "sys.argv = ['integreringslov', 'assess']\n"
        "sys.exit(cli.main())\n"
    )
    done = _python(script, str(out))
    assert done.returncode == 130, done.stderr
    assert done.stdout == "the work went on\n"
    assert done.stderr.splitlines() == [
        "integreringslov assess: interrupted; no file left half-written"
    ]
    assert not out.exists()
    assert _leftovers(tmp_path) == []


def test_a_ctrl_c_wrapped_by_python_still_stops_the_command() -> None:
    """Ctrl-C while a class's ``__set_name__`` runs (pandera's, as it loads): Python 3.11
    raises «RuntimeError: Error calling __set_name__» caused by it (caught once in 150
    tries: status 1 and Python's traceback). It is a Ctrl-C all the same."""
    script = (
        "import sys\n"
        "import integreringslov.cli as cli\n"
        "class Named:\n"
        "    def __set_name__(self, owner, name):\n"
        "        raise KeyboardInterrupt\n"
        "def run(given, command):\n"
        "    command.append('assess')\n"
        "    class Loading:\n"
        "        field = Named()\n"
        "    return 0\n"
        "cli._run = run\n"
        "sys.argv = ['integreringslov', 'assess']\n"
        "sys.exit(cli.main())\n"
    )
    done = _python(script)
    assert done.returncode == 130, done.stderr
    assert done.stderr.splitlines() == [
        "integreringslov assess: interrupted; no file left half-written"
    ]


def test_an_error_that_is_not_a_signal_is_not_taken_for_one() -> None:
    from integreringslov.cli import _signal_in

    def handling() -> None:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt:
            raise ValueError("raised while handling it, not caused by it")  # noqa: B904

    with pytest.raises(ValueError, match="while handling") as caught:
        handling()
    assert isinstance(caught.value.__context__, KeyboardInterrupt)
    assert _signal_in(caught.value) is None
    wrapped = RuntimeError("Error calling __set_name__")
    wrapped.__cause__ = KeyboardInterrupt()
    assert isinstance(_signal_in(wrapped), KeyboardInterrupt)


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "interrupted; no file left half-written"),
     ("nb", "avbrutt; ingen fil ble liggende halvskrevet")],
)  # fmt: skip
def test_a_ctrl_c_while_the_command_line_loads_is_one_line(lang: str, said: str) -> None:
    """The console script and ``python -m`` import the command line inside ``run``: a Ctrl-C
    while it loads (here: raised by the import of ``integreringslov.cli``) is one line."""
    script = (
        "import sys\n"
        "class Interrupting:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'integreringslov.cli':\n"
        "            sys.meta_path.remove(self)\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Interrupting())\n"
        f"sys.argv = ['integreringslov', 'assess', 'p.csv', '--lang', '{lang}']\n"
        "from integreringslov.__main__ import run\n"
        "sys.exit(run())\n"
    )
    done = _python(script)
    assert done.returncode == 130, done.stderr
    assert done.stderr.splitlines() == [f"integreringslov: {said}"]


def test_other_exceptions_python_had_to_ignore_are_still_printed() -> None:
    script = _SWALLOWED + (
        "def value_error(ref):\n"
        "    raise ValueError('in a callback')\n"
        "sys.argv = ['integreringslov', 'importers']\n"
        "status = cli.main()\n"
        "swallowed(value_error)\n"
        "sys.exit(status)\n"
    )
    done = _python(script)
    assert done.returncode == 0, done.stderr
    assert "ValueError: in a callback" in done.stderr


def test_a_figure_file_is_written_whole_and_a_fifo_refused(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    from integreringslov._reporting import plots

    table = pd.DataFrame({"name": ["Oslo"], "recommended": [3], "requested": [2]})
    figure = plots.recommendation_against_request(table)
    png = tmp_path / "f.png"
    plots.save(figure, png)
    assert png.read_bytes().startswith(b"\x89PNG")
    fifo = tmp_path / "g.png"
    os.mkfifo(fifo)
    with pytest.raises(InvalidInputError, match="a FIFO, not a file"):
        plots.save(figure, fifo)
    assert _leftovers(tmp_path) == []
