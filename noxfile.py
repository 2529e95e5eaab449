"""Developer sessions: ``nox -s tests lint typing docs bench``.

The Python versions of the ``tests`` session come from the trove classifiers in
pyproject.toml, so adding a classifier adds a version to the matrix.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import nox

ROOT = Path(__file__).parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
PYTHONS = [
    c.rsplit("::", 1)[-1].strip()
    for c in PYPROJECT["project"]["classifiers"]
    if c.startswith("Programming Language :: Python :: 3.")
]
DEFAULT = PYTHONS[0]

nox.options.sessions = ["tests", "lint", "typing", "docs"]
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = False


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The test suite (both tiers), with the example importer plugin installed."""
    session.install("-e", ".[test]", "./examples/example-importer")
    session.run("python", "-m", "pytest", "--tier=all", *session.posargs)


@nox.session(python=DEFAULT)
def lint(session: nox.Session) -> None:
    """ruff over the sources and the tests."""
    session.install("-e", ".[dev]")
    session.run("python", "-m", "ruff", "check", "src", "tests", *session.posargs)


@nox.session(python=DEFAULT)
def typing(session: nox.Session) -> None:
    """mypy --strict (configured in pyproject.toml) over src."""
    session.install("-e", ".[dev]")
    session.run("python", "-m", "mypy", *session.posargs)


@nox.session(python=DEFAULT)
def docs(session: nox.Session) -> None:
    """The Sphinx site (HTML) and its doctests; warnings and unresolved references fail."""
    session.install("-e", ".[docs]", "./examples/example-importer")
    common = ["-n", "-W", "--keep-going", "-q"]
    session.run("python", "-m", "sphinx", *common, "-b", "html", "docs", "docs/_build/html")
    session.run("python", "-m", "sphinx", *common, "-b", "doctest", "docs", "docs/_build/doctest")


@nox.session(python=DEFAULT)
def bench(session: nox.Session) -> None:
    """Every benchmark under benchmarks/ (each script prints its own figures).

    The baselines the benchmarks compare against (OpenFisca for the § 8 rule, pyjstat for
    JSON-stat) are installed here only; the library does not depend on them.
    """
    session.install("-e", ".[test]", "openfisca-core", "pyjstat>=2.4,<2.5")
    scripts = sorted(ROOT.glob("benchmarks/*.py"))
    if not scripts:
        session.skip("no benchmarks yet")
    for script in scripts:
        session.run("python", str(script.relative_to(ROOT)), *session.posargs)
