import subprocess
import sys
from importlib.metadata import version

import pytest

import integreringslov as il
from integreringslov.cli import main


def test_version_matches_package_metadata(capsys):
    assert il.__version__ == version("integreringslov")
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"integreringslov {il.__version__}"


def test_no_command_prints_help_and_is_a_usage_error(capsys):
    assert main([]) == 2
    assert "COMMAND" in capsys.readouterr().out


def test_unknown_option_is_a_usage_error():
    proc = subprocess.run(
        [sys.executable, "-m", "integreringslov", "demo", "--bogus"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


def test_demo_runs_end_to_end_from_the_console_script():
    proc = subprocess.run(
        [sys.executable, "-m", "integreringslov", "demo"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "356 municipalities in 11 counties" in proc.stdout
    assert "357 municipalities in 15 counties" in proc.stdout
    assert "§ 4 andre ledd" in proc.stdout
    assert "LOV-2025-06-20-35" in proc.stdout
