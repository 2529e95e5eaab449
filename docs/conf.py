"""Sphinx configuration for the integreringslov documentation.

Everything that can go stale is generated at build time by the local extension
``_ext/ilgen.py``: the API pages (one per public module), the CLI reference (from
``integreringslov.cli.build_parser()``), the table and column reference (from the
schemas), the provision index (from the code, the law timeline and ``tests/law_cases/``),
the examples with their captured output, and the figures (matplotlib). Nothing is fetched
from the network. The tutorials' commands are
run at build time by ``_ext/ilrun.py`` (the ``il-run`` directive), which shows each with its
real output.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE / "_ext"))
# The package is normally installed (editable); fall back to the source tree.
try:
    import integreringslov
except ImportError:  # pragma: no cover - only when building from a bare checkout
    sys.path.insert(0, str(ROOT / "src"))
    import integreringslov

project = "integreringslov"
author = "The integreringslov developers"
copyright = "2025, the integreringslov developers"
release = integreringslov.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "ilgen",
    "ilrun",
    "lawtexts",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
language = "en"
exclude_patterns = ["_build", "_generated", "_data", "Thumbs.db", ".DS_Store"]
templates_path: list[str] = []
# Every cross-reference must resolve (``-n``). References into our own code resolve to the
# page that documents the object, also through re-exports (``_ext/ilgen.py``,
# ``resolve_alias``). Names from other projects cannot link anywhere: intersphinx would
# need the network, which the build never touches. They are listed here, package by
# package, and render as code. Reviewed list: add a package only when the code uses it.
nitpicky = True
EXTERNAL_PACKAGES = (
    "dask",
    "dd",
    "hishel",
    "httpx",
    "jinja2",
    "platformdirs",
    "polars",
    "pyarrow",
    "zipfile",
    "zlib",
    "attr",
    "attrs",
    "codecs",
    "collections",
    "datetime",
    "enum",
    "fractions",
    "matplotlib",
    "numpy",
    "os",
    "pandas",
    "pandera",
    "pathlib",
    "pluggy",
    "typing",
)
nitpick_ignore_regex = [
    ("py:.*", rf"(?:{'|'.join(EXTERNAL_PACKAGES)})(?:\..+)?"),
    # pandas is imported as ``pd`` in annotations that autodoc prints as written.
    ("py:.*", r"pd\..+"),
    # type variables and private aliases in signatures of decorators
    ("py:class", r"P|_Read"),
    # the frame kinds a function takes (pandas, polars, pyarrow), spelled out in its docstring
    ("py:class", r"AnyFrame|FrameT"),
    # the language of the words: "en" or "nb" (a Literal alias)
    ("py:class", r"Lang"),
    # a reform: its name or the parameters it changes, spelled out in il.compare's docstring
    ("py:class", r"(?:integreringslov\.law\._reforms\.)?Reform"),
]

# -- MyST ------------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "substitution"]
myst_heading_anchors = 3
myst_substitutions = {"version": release}

# -- autodoc ---------------------------------------------------------------------------
# ``members`` is given per page by _ext/ilgen.py (only the names a module defines).
autodoc_default_options = {
    "undoc-members": False,
    "show-inheritance": True,
    "member-order": "bysource",
}
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_preserve_defaults = False
autodoc_inherit_docstrings = True
autoclass_content = "class"
# pandera models and attrs classes carry machinery we do not want in the pages.
autodoc_mock_imports: list[str] = []

# -- napoleon --------------------------------------------------------------------------
# Some modules (allocation) write Google-style "Args:/Returns:/Raises:" sections.
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False

# -- doctest ---------------------------------------------------------------------------
# The modules' own docstrings contain ``>>>`` examples; autodoc puts them in the API
# pages and the doctest builder runs them (standard doctest blocks are tested).
doctest_test_doctest_blocks = "default"
doctest_global_setup = """
import datetime
from datetime import date
import integreringslov as il
"""

# -- HTML ------------------------------------------------------------------------------
html_theme = "furo"
html_title = f"integreringslov {release}"
html_static_path: list[str] = []
html_theme_options = {
    "source_repository": "https://github.com/integreringslov/integreringslov/",
    "source_branch": "main",
    "source_directory": "docs/",
}
html_last_updated_fmt = None

# No intersphinx: the docs build must not touch the network.
suppress_warnings: list[str] = []
