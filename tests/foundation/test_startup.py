"""Start-up cost: ``import integreringslov`` and the command line's ``--version`` and ``--help``
do not import pandas, pandera or numpy; every public name still resolves (on first use).

Each check runs in a fresh interpreter, since this test process has long imported pandas.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

import integreringslov as il

HEAVY = ("pandas", "pandera", "numpy")


def _python(code: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _heavy_after(code: str) -> list[str]:
    """The heavy modules imported once ``code`` has run in a fresh interpreter."""
    report = f"import sys\nprint('heavy:', *[m for m in {HEAVY!r} if m in sys.modules])"
    out = _python(f"{code}\n{report}")
    return out.splitlines()[-1].split()[1:]


def test_import_is_light_and_names_resolve_on_use():
    code = (
        "import sys\n"
        "import integreringslov as il\n"
        "assert 'pandas' not in sys.modules and 'pandera' not in sys.modules, 'eager'\n"
        "assert il.law.Provision is il.Provision and il.regions.__name__\n"
        "assert callable(il.read) and callable(il.assess) and callable(il.apportion)\n"
        "assert 'pandas' in sys.modules\n"
    )
    _python(code)


@pytest.mark.parametrize(
    "code",
    [
        "import integreringslov",
        "import integreringslov.law, integreringslov.regions, integreringslov.errors",
        "from integreringslov import Provision, Person, law, regions, __version__",
        "from integreringslov.allocation import METHODS, Method",
        "from integreringslov.cli import build_parser; build_parser()",
    ],
)
def test_light_paths_import_no_dataframe_library(code):
    assert _heavy_after(code) == []


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["assess", "--help"]])
def test_cli_version_and_help_import_no_pandas(argv):
    # Runs the console script's entry point as ``python -m integreringslov`` does, then
    # reports which heavy modules it imported (argparse exits through SystemExit).
    code = (
        "import sys\n"
        "from integreringslov.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit as exc:\n"
        "    assert exc.code == 0, exc.code\n"
    )
    assert _heavy_after(code) == []


def test_python_m_version_under_importtime_imports_no_pandas():
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "integreringslov", "--version"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"integreringslov {il.__version__}"
    imported = {line.rpartition("|")[2].strip() for line in proc.stderr.splitlines()}
    assert "integreringslov.cli" in imported  # the measurement did see our imports
    assert not imported & set(HEAVY)


def test_every_public_name_resolves_and_is_listed():
    code = (
        "import integreringslov as il\n"
        "missing = [n for n in il.__all__ if n not in dir(il)]\n"
        "assert not missing, missing\n"
        "for name in il.__all__:\n"
        "    assert getattr(il, name) is not None, name\n"
    )
    _python(code)
    for name in il.__all__:
        assert name in dir(il)
        assert getattr(il, name) is not None


def test_from_imports_work():
    _python(
        "from integreringslov import hookimpl, read, SourceTable, Table, assess, recommend\n"
        "from integreringslov.plugins import hookimpl as marker\n"
        "assert hookimpl is marker\n"
    )


def test_names_are_the_same_objects_as_in_their_modules():
    from integreringslov import allocation, plugins, rules, tables

    assert il.recommend is allocation.recommend
    assert il.apportion is allocation.apportion
    assert il.read is plugins.read
    assert il.hookimpl is plugins.hookimpl
    assert il.assess is rules.assess
    assert il.Table is tables.Table


def test_recommend_is_the_function_after_importing_the_recommendation_module():
    _python(
        "from integreringslov.allocation._recommendation import Criterion\n"
        "import integreringslov as il\n"
        "from integreringslov.allocation import recommend\n"
        "assert callable(recommend) and recommend is il.recommend, recommend\n"
    )


@pytest.mark.parametrize("module", ["integreringslov", "integreringslov.allocation"])
def test_unknown_name_is_an_attribute_error(module):
    import importlib

    mod = importlib.import_module(module)
    with pytest.raises(AttributeError, match=rf"module '{module}' has no attribute 'nope'"):
        _ = mod.nope
