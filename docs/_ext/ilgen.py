"""Generate the pages that must never go stale, at the start of every docs build.

On ``builder-inited`` this extension writes:

- ``api/*.md`` — one page per public module of ``integreringslov`` and
  ``integreringslov_importers`` (found by walking the packages, so a new module appears
  by itself), each an ``automodule`` whose ``>>>`` examples the doctest builder runs;
- ``_generated/cli.md`` — the CLI reference, from ``integreringslov.cli.build_parser()``;
- ``_generated/tables.md`` and ``mapping.md`` — every column of every table schema, and
  the spreadsheet mapping TOML with the headers recognised without one;
- ``_generated/builtin-detections.md`` — what the built-in importers answer to
  ``detect_source`` for a few files, measured now;
- ``_generated/provisions.md`` — the provision index: the functions that declare a
  paragraph in a ``:provision:`` docstring field, the amendments of
  ``integreringslov.law.TIMELINE``, the law cases of ``tests/law_cases/`` by their
  ``provision`` column, and every ``Provision(...)`` written in the source;
- ``_generated/code-*.md``, ``tests-*.md``, ``parameters-*.md`` — the same per chapter,
  for the law pages;
- ``_generated/timeline-*.md`` — the change dates of each chapter, from ``TIMELINE``;
- ``_generated/grounds.md`` — the legal grounds of an assessment, from their records;
- ``_generated/examples.md`` and ``_generated/examples/*.txt`` — every ``examples/*.py``,
  run now, with its output;
- ``_generated/figures/*.png`` — the figures, drawn with :mod:`integreringslov._reporting.plots`.

A file is rewritten only when its content changes, so incremental builds stay cheap.
Anything that fails is reported as a Sphinx warning (fatal under ``-W``).

It also resolves cross-references to re-exported and short names (``missing-reference``),
keeps napoleon away from attribute docstrings, and drops the "Edit this page" link from
generated pages.
"""

from __future__ import annotations

import ast
import csv
import importlib
import io
import os
import pkgutil
import re
import subprocess
import sys
import tempfile
import textwrap
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

PACKAGES = ("integreringslov", "integreringslov_importers")
# Submodules left out of the API pages: the CLI's subcommand modules (the CLI reference
# documents them) and the demo-report sections.
SKIP_CHILDREN_OF = ("integreringslov.cli",)
SKIP_LEAVES = ("demo", "__main__")

# Which law page covers which paragraph (section number → page); see docs/law/.
LAW_PAGES = {
    "integreringsloven": {
        **dict.fromkeys(["§ 3", "§ 4"], "law/kapittel-2"),
        **dict.fromkeys(
            ["§ 8", "§ 9", "§ 10", "§ 11", "§ 12", "§ 13", "§ 14", "§ 14 a"], "law/kapittel-4"
        ),
        **dict.fromkeys(["§ 37 a", "§ 37 b", "§ 37 c", "§ 37 d", "§ 37 e"], "law/kapittel-6a"),
        **dict.fromkeys(["§ 51", "§ 52"], "law/overgangsregler"),
    },
    "integreringsforskriften": {"§ 72": "law/overgangsregler"},
}
CHAPTERS = {
    "kapittel-2": ("§ 3", "§ 4"),
    "kapittel-4": ("§ 8", "§ 9", "§ 10", "§ 11", "§ 12", "§ 13", "§ 14", "§ 14 a"),
    "kapittel-6a": ("§ 37 a", "§ 37 b", "§ 37 c", "§ 37 d", "§ 37 e"),
    "overgangsregler": ("§ 50", "§ 51", "§ 52"),
}


# -- helpers ---------------------------------------------------------------------------


class _Writer:
    """Write files under the docs directory only when their content changes."""

    def __init__(self, srcdir: Path) -> None:
        self.srcdir = srcdir
        self.written: set[Path] = set()

    def text(self, rel: str, content: str) -> None:
        self.bytes(rel, content.encode("utf-8"))

    def bytes(self, rel: str, content: bytes) -> None:
        path = self.srcdir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        self.written.add(path)
        if path.exists() and path.read_bytes() == content:
            return
        path.write_bytes(content)

    def prune(self, rel_dir: str, pattern: str = "*") -> None:
        """Delete files in ``rel_dir`` that this build did not write (stale pages)."""
        d = self.srcdir / rel_dir
        if not d.is_dir():
            return
        for p in d.rglob(pattern):
            if p.is_file() and p not in self.written:
                p.unlink()


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _fence(content: str, info: str = "text", options: Iterable[str] = ()) -> str:
    ticks = "`" * max(3, max((len(m) for m in re.findall(r"`+", content)), default=0) + 1)
    opts = "".join(f"{o}\n" for o in options)
    return f"{ticks}{info}\n{opts}{content.rstrip()}\n{ticks}\n"


# -- API pages -------------------------------------------------------------------------


def public_modules() -> list[str]:
    """Every public module of the packages, sorted, that imports cleanly."""
    names: list[str] = []
    for top in PACKAGES:
        try:
            pkg = importlib.import_module(top)
        except ImportError:
            continue
        names.append(top)
        for info in pkgutil.walk_packages(pkg.__path__, prefix=f"{top}."):
            parts = info.name.split(".")
            if any(p.startswith("_") for p in parts[1:]) or parts[-1] in SKIP_LEAVES:
                continue
            if any(info.name.startswith(f"{parent}.") for parent in SKIP_CHILDREN_OF):
                continue
            names.append(info.name)
    return sorted(set(names))


def _documented_elsewhere(srcdir: Path) -> tuple[set[str], dict[int, str]]:
    """What hand-written pages already autodoc: module names, and objects by identity.

    The API pages must not describe these a second time (Sphinx warns about duplicate
    object descriptions); they link to them instead.
    """
    modules: set[str] = set()
    objects: dict[int, str] = {}
    # A directive, its name, then its option lines: one with :no-index: is no target.
    pattern = re.compile(
        r"(?:\{(auto\w+)\}|\.\. (auto\w+)::)[ \t]+([\w.]+)((?:\n[ \t]*:[\w-]+:.*)*)"
    )
    for page in srcdir.rglob("*.md"):
        rel = page.relative_to(srcdir).parts
        if rel[0] in ("api", "_generated", "_build"):
            continue
        for a, b, target, options in pattern.findall(page.read_text("utf-8")):
            if ":no-index:" in options or ":noindex:" in options:
                continue
            kind = a or b
            if kind == "automodule":
                modules.add(target)
                continue
            obj = _import_object(target)
            if obj is not None:
                objects[id(obj)] = target
    return modules, objects


def _import_object(target: str) -> Any:
    parts = target.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        try:
            for attr in parts[i:]:
                obj = getattr(obj, attr)
        except AttributeError:
            return None
        return obj
    return None


def _imports_of(mod: Any) -> dict[str, str]:
    """``name -> absolute module`` for every top-level ``from X import name`` of ``mod``.

    Imports under ``if TYPE_CHECKING:`` count too: a package that imports names lazily
    (``__getattr__``) lists the same imports there for type checkers.
    """
    import inspect

    try:
        tree = ast.parse(inspect.getsource(mod))
    except (OSError, TypeError, SyntaxError):
        return {}
    package = mod.__name__ if hasattr(mod, "__path__") else mod.__name__.rpartition(".")[0]
    out: dict[str, str] = {}
    nodes = list(tree.body)
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) in (
            "TYPE_CHECKING",
            "typing.TYPE_CHECKING",
        ):
            nodes.extend(node.body)
    for node in nodes:
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                pkg = package.split(".")
                pkg = pkg[: len(pkg) - node.level + 1]
                base = ".".join([*pkg, base]) if base else ".".join(pkg)
            for alias in node.names:
                out[alias.asname or alias.name] = base
    return out


def _home_of(module: str, name: str, depth: int = 0) -> str:
    """The module that defines ``name`` reached from ``module`` through re-exports."""
    try:
        mod = importlib.import_module(module)
    except ImportError:
        return module
    source = _imports_of(mod).get(name)
    if source is None or depth > 8:
        return module
    return _home_of(source, name, depth + 1)


def _split_members(mod: Any) -> tuple[list[str], list[str]]:
    """(names defined in the module, qualified targets of names it re-exports).

    The public names are ``__all__`` (or, without it, the public names defined in the
    module). A name counts as defined here when the module's source binds it at top level
    with ``def``, ``class`` or an assignment; imported names are re-exports, documented on
    the page of the module that defines them (so no object is described twice).
    """
    import inspect

    try:
        tree = ast.parse(inspect.getsource(mod))
    except (OSError, TypeError, SyntaxError):
        return [], []
    defined: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            defined.add(node.name)
        elif isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Name):
                    defined.add(t.id)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            defined.add(node.target.id)
        elif isinstance(node, getattr(ast, "TypeAlias", ())):
            defined.add(node.name.id)  # type: ignore[attr-defined]
    public = getattr(mod, "__all__", None)
    if public is None:
        public = sorted(n for n in defined if not n.startswith("_"))
    own = [n for n in public if n in defined]
    reexported = []
    for n in public:
        if n in defined or n.startswith("__"):
            continue
        obj = getattr(mod, n, None)
        if inspect.ismodule(obj):
            reexported.append(obj.__name__)
        else:
            home = _public_home(_home_of(mod.__name__, n))
            home_public = getattr(importlib.import_module(home), "__all__", None)
            private_home = any(p.startswith("_") for p in home.split(".")[1:])
            if (
                private_home
                or home == mod.__name__
                or (home_public is not None and n not in home_public)
            ):
                own.append(n)  # defined in a private submodule or not public there
            else:
                reexported.append(f"{home}.{n}")
    return own, reexported


def _attribute_doc(module: str, name: str) -> str | None:
    """The docstring written under a module-level assignment (``NAME = ...`` + string)."""
    from sphinx.errors import PycodeError
    from sphinx.pycode import ModuleAnalyzer

    try:
        docs = ModuleAnalyzer.for_module(module).find_attr_docs()
    except PycodeError:
        return None
    lines = docs.get(("", name))
    return "\n".join(lines).strip() if lines else None


def has_doc(module: str, name: str) -> bool:
    """Whether autodoc will describe ``module.name``: it has a docstring of its own.

    Functions and classes carry their docstring; a constant's docstring is the string
    written under its assignment, in the module that defines it.
    """
    import inspect

    obj = _import_object(f"{module}.{name}")
    if inspect.isclass(obj) or inspect.isroutine(obj) or inspect.ismodule(obj):
        return bool(inspect.getdoc(obj))
    return _attribute_doc(_home_of(module, name), name) is not None


documented_targets: set[str] = set()
"""Every ``module.name`` the API pages and the hand-written pages describe (by write_api)."""


def _obj_link(target: str) -> str:
    """A link to a documented object, or its name as code when nothing documents it."""
    if target in documented_targets:
        return f"{{py:obj}}`~{target}`"
    return f"`{target.rpartition('.')[2]}`"


def _public_home(module: str) -> str:
    """The module an object is documented in: private modules map to their package."""
    parts = module.split(".")
    while len(parts) > 1 and parts[-1].startswith("_"):
        parts.pop()
    return ".".join(parts)


def write_api(w: _Writer) -> None:
    import inspect

    modules = public_modules()
    elsewhere, elsewhere_objects = _documented_elsewhere(w.srcdir)
    documented_targets.clear()
    documented_targets.update(elsewhere_objects.values())
    # First what each page describes, so that every page can tell a link from plain code.
    splits: dict[str, tuple[Any, list[str], list[str]]] = {}
    for name in modules:
        try:
            mod = importlib.import_module(name)
        except Exception as exc:  # a module that does not import is a doc error
            logger.warning("ilgen: cannot import %s: %s", name, exc)
            continue
        own, reexported = _split_members(mod)
        splits[name] = (mod, own, reexported)
        documented_targets.add(name)
        documented_targets.update(
            f"{name}.{m}"
            for m in own
            if id(getattr(mod, m, None)) not in elsewhere_objects and has_doc(name, m)
        )
    for name, (mod, own, reexported) in splits.items():
        moved: list[str] = []
        for member in list(own):
            target = elsewhere_objects.get(id(getattr(mod, member, None)))
            if target is not None:
                own.remove(member)
                moved.append(target)
        # A constant defined in a private submodule keeps its docstring there, where
        # autodoc (reading this module's source) cannot see it: describe it by hand.
        data_blocks = []
        for member in list(own):
            home = _home_of(name, member)
            obj = getattr(mod, member, None)
            if home == name or inspect.isclass(obj) or inspect.isroutine(obj):
                continue
            doc = _attribute_doc(home, member)
            if doc is not None:
                own.remove(member)
                data_blocks.append(
                    f".. py:data:: {member}\n   :module: {name}\n\n"
                    + textwrap.indent(doc, "   ")
                    + "\n"
                )
        options = [":members: " + ", ".join(own)] if own else []
        options.append(":exclude-members: Config")
        if name in elsewhere:
            options.append(":no-index:")
        setup = (
            "import importlib as _importlib\n"
            f"_module = _importlib.import_module({name!r})\n"
            "globals().update({k: getattr(_module, k) for k in dir(_module) "
            "if not k.startswith('__')})\n"
        )
        page = [
            f"# `{name}`\n",
            "```{testsetup}\n" + setup + "```\n",
            "```{eval-rst}\n.. automodule:: "
            + name
            + "\n"
            + "".join(f"   {o}\n" for o in options)
            + "```\n",
        ]
        if data_blocks:
            page.append("```{eval-rst}\n" + "\n".join(data_blocks) + "```\n")
        if reexported:
            links = ", ".join(_obj_link(target) for target in reexported)
            page.append(f"Also importable from here: {links}.\n")
        if moved:
            links = ", ".join(f"{{py:obj}}`{target}`" for target in moved)
            page.append(f"Defined here and documented on another page: {links}.\n")
        if not (mod.__doc__ or "").strip():
            logger.warning("ilgen: module %s has no docstring", name)
        w.text(f"api/{name}.md", "\n".join(page))
    index = _api_index(splits)
    w.text("api/index.md", "\n".join(index))
    w.prune("api")


CURATED = (
    "integreringslov",
    "integreringslov.rules",
    "integreringslov.plugins",
    "integreringslov.tables",
    "integreringslov.allocation",
    "integreringslov.settlement",
    "integreringslov.law",
    "integreringslov.regions",
    "integreringslov.ssb",
    "integreringslov.model",
    "integreringslov.errors",
    "integreringslov.fodselsnummer",
    "integreringslov.testing",
)
"""The packages the API index presents name by name, in the order a reader needs them."""


def _summary(doc: str | None) -> str:
    """The first sentence-line of a docstring, as Markdown for a table cell."""
    first = (doc or "").strip().split("\n\n")[0].replace("\n", " ")
    first = re.sub(r":[a-z:]+:`~?\.?([^`<]*?)(?: <[^>]*>)?`", r"`\1`", first)  # roles → code
    return first.replace("``", "`").replace("|", "\\|")


def _api_index(splits: dict[str, tuple[Any, list[str], list[str]]]) -> list[str]:
    """The API index: the public names of each package with one line each, then the rest.

    Curated by :data:`CURATED`: each package's ``__all__``, linked to where the object is
    documented, with the first line of its docstring; every other public module is listed
    below with its own first line, and all pages stay in the (hidden) table of contents.
    """
    import inspect

    by_id: dict[int, str] = {}
    for target in sorted(documented_targets):
        obj = _import_object(target)
        if obj is not None and not isinstance(obj, int | float | str | bool | tuple | frozenset):
            by_id.setdefault(id(obj), target)
    lines = [
        "# API reference\n",
        "The public names, package by package, with what each is for; the names most users",
        "need are importable from the top-level package (`import integreringslov as il`, see",
        "{doc}`/guides/using-the-library`). Each package's page has the full reference,",
        "generated from the docstrings at build time; every `>>>` example on these pages is",
        "run by the doctest builder. Modules whose names start with an underscore are",
        "internal and not listed.\n",
    ]
    for package in CURATED:
        if package not in splits:
            continue
        mod = splits[package][0]
        lines += [
            f"## `{package}`\n",
            _summary(mod.__doc__) + f" — {{doc}}`full page </api/{package}>`\n",
        ]
        names = [n for n in getattr(mod, "__all__", ()) if not n.startswith("_")]
        rows = []
        for name in names:
            obj = getattr(mod, name, None)
            if inspect.ismodule(obj):
                doc, link = obj.__doc__, f"{{doc}}`{obj.__name__} </api/{obj.__name__}>`"
            else:
                if inspect.isclass(obj) or inspect.isroutine(obj):
                    doc = inspect.getdoc(obj)
                else:
                    doc = _attribute_doc(_home_of(package, name), name)
                target = by_id.get(id(obj)) or (
                    f"{package}.{name}" if f"{package}.{name}" in documented_targets else None
                )
                link = f"{{py:obj}}`{name} <{target}>`" if target else f"`{name}`"
            rows.append(f"| {link} | {_summary(doc)} |")
        if rows:
            lines += ["| name | what it is |", "|---|---|", *rows, ""]
    others = [m for m in splits if m not in CURATED]
    if others:
        lines += ["## Every other public module\n"]
        lines += [f"- {{doc}}`{m} </api/{m}>` — {_summary(splits[m][0].__doc__)}" for m in others]
        lines.append("")
    lines.append("```{toctree}\n:hidden:\n:maxdepth: 1\n\n" + "\n".join(splits) + "\n```\n")
    return lines


# -- CLI reference ---------------------------------------------------------------------


def write_cli(w: _Writer) -> None:
    import argparse

    from integreringslov.cli import build_parser

    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "92"
    try:
        parser = build_parser()
        out = [
            "Generated at build time from `integreringslov.cli.build_parser()`; what you read",
            "here is what `--help` prints.\n",
            "## `integreringslov`\n",
            _fence(parser.format_help()),
        ]
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        for action in subs:
            helps = {c.dest: c.help for c in action._choices_actions}
            for name, sub in action.choices.items():
                out.append(f"## `integreringslov {name}`\n")
                summary = helps.get(name) or ""
                if summary:
                    out.append(f"{summary[:1].upper()}{summary[1:]}.\n")
                out.append(_fence(sub.format_help()))
                rows = []
                for a in sub._actions:
                    if isinstance(a, argparse._HelpAction):
                        continue
                    flags = ", ".join(f"`{s}`" for s in a.option_strings) or f"`{a.dest.upper()}`"
                    default = (
                        ""
                        if a.default in (None, argparse.SUPPRESS) or a.option_strings == []
                        else f"`{a.default}`"
                    )
                    rows.append(f"| {flags} | {_md_escape(a.help or '')} | {default} |")
                if rows:
                    out.append("| argument | meaning | default |\n|---|---|---|")
                    out.append("\n".join(rows) + "\n")
    finally:
        if old is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = old
    w.text("_generated/cli.md", "\n".join(out))


# -- table reference -------------------------------------------------------------------


def _schema_tables() -> list[type[Any]]:
    """Every table schema, in a stable order.

    Those defined in ``integreringslov.tables`` and every built-in importer's table (entry
    points are not loaded, so the page does not depend on what is installed).
    """
    import inspect

    from integreringslov.tables import Table
    from integreringslov.testing import make_plugins

    found: dict[str, type[Any]] = {}
    schemas = importlib.import_module("integreringslov.tables")
    for module_info in pkgutil.walk_packages(schemas.__path__, prefix="integreringslov.tables."):
        mod = importlib.import_module(module_info.name)
        for _name, obj in inspect.getmembers(mod, inspect.isclass):
            if issubclass(obj, Table) and obj is not Table and obj.__module__ == mod.__name__:
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    importers: dict[str, list[str]] = defaultdict(list)
    for info in make_plugins().importers():
        key = f"{info.table.__module__}.{info.table.__qualname__}"
        found.setdefault(key, info.table)
        importers[key].append(info.name)
    _table_importers.clear()
    _table_importers.update(importers)
    return [found[k] for k in sorted(found)]


_table_importers: dict[str, list[str]] = {}


def _check_text(check: Any) -> str:
    """A column check as a reader says it (``one of a, b``; ``≥ 0``; ``matches <regex>``)."""
    stats = dict(check.statistics or {})
    name = check.name
    if name == "isin":
        return "one of " + ", ".join(f"`{v}`" for v in stats["allowed_values"])
    if name == "str_matches":
        return f"matches `{stats.get('pattern')}`"
    if name == "str_length":
        lo, hi = stats.get("min_value"), stats.get("max_value")
        return f"{lo or 0}–{hi} characters" if hi else f"at least {lo} character(s)"
    ops = {
        "greater_than_or_equal_to": ("≥", "min_value"),
        "greater_than": (">", "min_value"),
        "less_than_or_equal_to": ("≤", "max_value"),
        "less_than": ("<", "max_value"),
    }
    if name in ops:
        sign, key = ops[name]
        return f"{sign} {stats.get(key)}"
    if name == "in_range":
        return f"{stats.get('min_value')} to {stats.get('max_value')}"
    return _md_escape(str(check.error or name))


_TYPES = {
    "string": "text",
    "datetime64": "date (`YYYY-MM-DD`, or `DD.MM.YYYY` in files)",
    "bool": "yes/no (`true`/`false`, `ja`/`nei`)",
    "float64": "number",
    "Float64": "number",
    "int64": "whole number",
    "Int64": "whole number",
    "category": "code",
}


def _type_text(dtype: Any) -> str:
    text = str(dtype)
    for prefix, words in _TYPES.items():
        if text.startswith(prefix):
            return words
    return f"`{text}`"


def write_table_reference(w: _Writer) -> None:
    """One section per table: every column with its meaning, format and rules."""
    out = [
        "Generated at build time: the person and assessment tables from their declaration",
        "(`integreringslov.tables.persons`, one record per column, from which their schemas,",
        "parsers, importers and rules are derived too), the other tables from their pandera",
        "schemas (`title`, `description` and the `provision` and `empty` entries of each",
        "field's metadata); the column names are the contract's. *Required* says whether",
        "the column must be in the table; *empty* whether a cell may be left empty, and what",
        "an empty cell means.\n",
    ]
    for table in _schema_tables():
        schema = table.to_schema()
        target = f"{table.__module__}.{table.__qualname__}"
        doc = (table.__doc__ or "").strip().splitlines()
        title = doc[0].rstrip(".") if doc else table.__name__
        out.append(f"## {_md_escape(title)}\n")
        link = _obj_link(f"{_public_home(table.__module__)}.{table.__qualname__}")
        readers = _table_importers.get(target, [])
        out.append(
            f"Schema {link}"
            + (
                "; read by the importer"
                + ("s " if len(readers) > 1 else " ")
                + ", ".join(f"`{r}`" for r in readers)
                if readers
                else ""
            )
            + (
                "; extra columns are refused."
                if schema.strict is True
                else "; extra columns are kept."
            )
            + "\n"
        )
        declared = _declared().get(table)
        if declared is not None:
            out += _declared_rows(declared)
            continue
        out.append("| column | meaning | format | required | empty | law |")
        out.append("|---|---|---|---|---|---|")
        for name, column in schema.columns.items():
            meta = column.metadata or {}
            meaning = " — ".join(
                x for x in (f"**{column.title}**" if column.title else "", column.description) if x
            )
            fmt = "; ".join([_type_text(column.dtype), *(_check_text(c) for c in column.checks)])
            empty = meta.get("empty") or "allowed" if column.nullable else "no"
            shown = f"any column matching `{name}`" if column.regex else f"`{name}`"
            out.append(
                f"| {_md_escape(shown)} | {_md_escape(meaning) or '—'} | {_md_escape(fmt)} | "
                f"{'yes' if column.required else 'no'} | {_md_escape(empty)} | "
                f"{_md_escape(meta.get('provision', '')) or '—'} |"
            )
        out.append("")
    w.text("_generated/tables.md", "\n".join(out))


def _declared() -> dict[Any, Any]:
    """The tables declared column by column (``integreringslov.tables.persons.DECLARED``)."""
    return dict(importlib.import_module("integreringslov.tables.persons").DECLARED)


def _kind_text(column: Any) -> str:
    """What a declared column holds, in words, with its vocabulary."""
    kind = column.kind.value
    if column.vocabulary:
        codes = ", ".join(f"`{v}`" for v in column.vocabulary)
        what = {"letter": "a § 9 letter", "reference": "a § 9 letter or `other`"}
        return f"{what.get(kind, 'a code')}: one of {codes}"
    persons = importlib.import_module("integreringslov.tables.persons")
    return {
        "id": "text (a pseudonymous id)",
        "date": "date (`YYYY-MM-DD` or `DD.MM.YYYY`)",
        "flag": "yes/no (`true`/`false`, `ja`/`nei`, `j`/`n`, `yes`/`no`, `1`/`0`, `x`/empty)",
        "hours": f"hours a week: a number from 0 to {persons.MAX_HOURS}",
        "text": "text",
        "municipality": "a kommunenummer: four digits (`K3801`, `301` and `3801 Horten` are "
        "read as `3801`, `0301`, `3801`)",
    }.get(kind, kind)


def _declared_rows(columns: Iterable[Any]) -> list[str]:
    """A declared table's columns: the declaration itself, one row per column."""
    out = [
        "| column | meaning | format | required | empty | law |",
        "|---|---|---|---|---|---|",
    ]
    for column in columns:
        meaning = f"**{column.title}** — {column.description}"
        out.append(
            f"| `{_md_escape(column.name)}` | {_md_escape(meaning)} | "
            f"{_md_escape(_kind_text(column))} | {'yes' if column.required else 'no'} | "
            f"{_md_escape(column.empty or 'no: a value is needed')} | "
            f"{_md_escape(column.provision or '') or '—'} |"
        )
    if columns is _declared_person_columns():
        fnr = importlib.import_module("integreringslov.tables.persons").FODSELSNUMMER
        out.append(
            f"\nA `{fnr.name}` column in a file: {_md_escape(fnr.description)} "
            "Its headers are listed with the spreadsheet mapping below."
        )
    out.append("")
    return out


def _declared_person_columns() -> Any:
    return importlib.import_module("integreringslov.tables.persons").PERSON_COLUMNS


def write_mapping_reference(w: _Writer) -> None:
    """The spreadsheet mapping (TOML): its keys, and the headers recognised without one."""
    import attrs

    spreadsheet = importlib.import_module("integreringslov_importers.spreadsheet")
    mapping = spreadsheet.SheetMapping
    docs = _attr_docs_of(mapping)
    out = [
        "| key | meaning | default |",
        "|---|---|---|",
    ]
    for field in attrs.fields(mapping):
        default = field.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            default = default.factory()
        out.append(f"| `{field.name}` | {_md_escape(docs.get(field.name, ''))} | `{default!r}` |")
    out.append("")
    persons = importlib.import_module("integreringslov.tables.persons")
    synonyms = {c.name: c.headers for c in (*persons.PERSON_COLUMNS, persons.FODSELSNUMMER)}
    municipal = getattr(spreadsheet, "MUNICIPALITY_HEADERS", None)
    if not isinstance(municipal, dict):
        logger.warning(
            "ilgen: integreringslov_importers.spreadsheet.MUNICIPALITY_HEADERS is gone; say "
            "in write_mapping_reference where the municipality table's headers now live"
        )
        municipal = {}
    out.append("### Headers recognised without a mapping\n")
    out.append(
        "Matched without regard to case, spaces and line breaks; the column's own name is "
        "always recognised too. The person table's headers come from its declaration "
        "(`integreringslov.tables.persons`), the municipality table's from "
        "`integreringslov_importers.spreadsheet`.\n"
    )
    out.append("| column | headers |\n|---|---|")
    for canonical, names in {**synonyms, **municipal}.items():
        out.append(f"| `{canonical}` | {_md_escape(', '.join(f'«{n}»' for n in names))} |")
    w.text("_generated/mapping.md", "\n".join(out) + "\n")


def _attr_docs_of(cls: type) -> dict[str, str]:
    from sphinx.pycode import ModuleAnalyzer

    docs = ModuleAnalyzer.for_module(cls.__module__).find_attr_docs()
    return {
        name: " ".join(" ".join(lines).split())
        for (scope, name), lines in docs.items()
        if scope == cls.__qualname__
    }


# -- detection by the built-in importers -------------------------------------------------

# Files a plugin author's format may be confused with; the built-ins' own examples follow.
_PROBES = {
    "table.csv": "name,count\nOslo,3\n",
    "table-semicolon.csv": "navn;antall\nOslo;3\n",
    "data.json": '{"name": "Oslo", "count": 3}',
    "notes.txt": "Some notes, not a table.\n",
}


def write_builtin_detections(w: _Writer) -> None:
    """What each built-in importer answers to ``detect_source``, measured now."""
    from integreringslov.testing import make_plugins

    plugins = make_plugins()
    rows = ["| file | claims (importer: confidence, reason) |", "|---|---|"]
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for name, content in _PROBES.items():
            path = Path(tmp) / name
            path.write_text(content, encoding="utf-8")
            files.append((f"`{name}` (`{_md_escape(content.splitlines()[0])}` …)", path))
        for info in plugins.importers():
            files += [(f"`{e.name}` (example of `{info.name}`)", e) for e in info.examples]
        for label, path in files:
            claims = sorted(plugins.detections(path), key=lambda d: -d.confidence)
            text = "<br>".join(
                f"`{d.importer}`: {d.confidence:g} ({_md_escape(d.reason)})" for d in claims
            )
            rows.append(f"| {label} | {text or 'none'} |")
    w.text("_generated/builtin-detections.md", "\n".join(rows) + "\n")


# -- provision index -------------------------------------------------------------------


class _Site:
    """One ``Provision(...)`` written in the source."""

    def __init__(
        self, module: str, line: int, provision: Any, exact: bool, owner: str | None = None
    ) -> None:
        self.module, self.line, self.provision, self.exact = module, line, provision, exact
        self.owner = owner  # the top-level function, class or constant it is written in


def _module_name(path: Path, src: Path) -> str:
    rel = path.relative_to(src).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _provision_callables(tree: ast.Module) -> set[str]:
    """Names that construct a Provision in this module: the class, aliases, helpers."""
    names = {"Provision"}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name == "Provision":
                    names.add(alias.asname or alias.name)
    # helpers like ``def _p(section, **kw): return Provision(section, **kw)``
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            for sub in ast.walk(node):
                if (
                    isinstance(sub, ast.Return)
                    and isinstance(sub.value, ast.Call)
                    and _callee(sub.value) in names
                ):
                    names.add(node.name)
    return names


def _callee(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def scan_provisions(src: Path) -> list[_Site]:
    from integreringslov.law import Act, Provision

    sites: list[_Site] = []
    for path in sorted(src.rglob("*.py")):
        module = _module_name(path, src)
        if not module.startswith(PACKAGES):
            continue
        try:
            tree = ast.parse(path.read_text("utf-8"))
        except SyntaxError as exc:
            logger.warning("ilgen: cannot parse %s: %s", path, exc)
            continue
        makers = _provision_callables(tree)
        owners: dict[int, str] = {}
        for top in tree.body:
            name = None
            if isinstance(top, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef):
                name = top.name
            elif isinstance(top, ast.Assign) and isinstance(top.targets[0], ast.Name):
                name = top.targets[0].id
            elif isinstance(top, ast.AnnAssign) and isinstance(top.target, ast.Name):
                name = top.target.id
            if name:
                for sub in ast.walk(top):
                    owners[id(sub)] = name
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _callee(node) in makers and node.args):
                continue
            exact = True
            try:
                section = ast.literal_eval(node.args[0])
            except ValueError:
                continue
            if not isinstance(section, str):
                continue
            kwargs: dict[str, Any] = {}
            for kw in node.keywords:
                if kw.arg is None:
                    exact = False
                    continue
                if kw.arg == "act":
                    if isinstance(kw.value, ast.Attribute) and kw.value.attr in Act.__members__:
                        kwargs["act"] = Act[kw.value.attr]
                    else:
                        exact = False
                    continue
                try:
                    kwargs[kw.arg] = ast.literal_eval(kw.value)
                except ValueError:
                    exact = False
            try:
                provision = Provision(section, **kwargs)
            except (TypeError, ValueError):
                continue
            sites.append(_Site(module, node.lineno, provision, exact, owners.get(id(node))))
    return sites


_SECTION_RE = re.compile(r"§\s*(\d+)(?:\s+([a-z])\b)?")


def load_law_cases(root: Path) -> list[dict[str, Any]]:
    """The law cases of ``tests/law_cases`` (YAML or CSV), as flat dicts."""
    cases: list[dict[str, Any]] = []
    folder = root / "tests" / "law_cases"
    if not folder.is_dir():
        return cases
    for path in sorted(folder.rglob("*")):
        records: list[Any] = []
        if path.suffix in (".yaml", ".yml"):
            try:
                import yaml
            except ImportError:
                logger.warning(
                    "ilgen: PyYAML is needed to read %s (add it to the docs extra)", path
                )
                continue
            data = yaml.safe_load(path.read_text("utf-8"))
            records = _case_records(data)
        elif path.suffix == ".csv":
            records = list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))
        elif path.suffix == ".toml":
            import tomllib

            records = _case_records(tomllib.loads(path.read_text("utf-8")))
        for rec in records:
            if isinstance(rec, dict):
                rec = dict(rec)
                rec["_file"] = path.relative_to(root).as_posix()
                cases.append(rec)
    return cases


def _case_records(data: Any) -> list[Any]:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in ("cases", "case", "tests"):
            if isinstance(data.get(key), list):
                return list(data[key])
        if "name" in data:
            return [data]
    return []


def _case_sections(case: dict[str, Any]) -> set[tuple[str, str]]:
    """(act short name, '§ N') pairs a case cites in its provision/basis field."""
    return sections_of(
        " ; ".join(
            str(case[k])
            for k in ("provision", "provisions", "basis")
            if k in case and case[k] is not None
        )
    )


def sections_of(citation: str) -> set[tuple[str, str]]:
    """(act short name, '§ N') pairs of a citation such as ``§ 8 første ledd; § 9``.

    In "integreringsloven § 51; integreringsforskriften § 72" each part separated by ``;``
    cites the act it names, and integreringsloven when it names none.
    """
    out = set()
    for chunk in citation.split(";"):
        act = "integreringsforskriften" if "forskrift" in chunk else "integreringsloven"
        for m in _SECTION_RE.finditer(chunk):
            out.add((act, f"§ {m.group(1)} {m.group(2)}" if m.group(2) else f"§ {m.group(1)}"))
    return out


# -- what implements and what tests each provision ---------------------------------------

PROVISION_FIELD = re.compile(r"^\s*:provision:\s*(.+?)\s*$", re.MULTILINE)
"""A docstring field naming the provision a function or class implements or tests.

Write one field per provision (``:provision: integreringsloven § 8 første ledd``) in the
docstring of a rule function, or of a test function or class that tests a provision. The
law pages and the provision index list them by citation; a test that merely mentions "§ 9"
somewhere is not listed.
"""


class Declared:
    """A function or class whose docstring declares a provision in a ``:provision:`` field."""

    def __init__(self, where: str, qualname: str, citation: str, is_test: bool) -> None:
        self.where, self.qualname, self.citation, self.is_test = where, qualname, citation, is_test
        self.sections = sections_of(citation)

    def link(self) -> str:
        """A link to the documented object, or ``path::name`` for a test."""
        if self.is_test:
            return f"`{self.where}::{self.qualname}`"
        return _obj_link(f"{_public_home(self.where)}.{self.qualname}")


def _definitions(body: list[ast.stmt], prefix: str = "") -> Iterable[tuple[str, ast.AST]]:
    for node in body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield f"{prefix}{node.name}", node
            if isinstance(node, ast.ClassDef):
                yield from _definitions(node.body, f"{prefix}{node.name}.")


def scan_declared(root: Path) -> list[Declared]:
    """Every ``:provision:`` field in the docstrings under ``src/`` and ``tests/``."""
    found: list[Declared] = []
    for folder, is_test in ((root / "src", False), (root / "tests", True)):
        for path in sorted(folder.rglob("*.py")) if folder.is_dir() else []:
            try:
                tree = ast.parse(path.read_text("utf-8"))
            except SyntaxError:
                continue
            where = path.relative_to(root).as_posix() if is_test else _module_name(path, folder)
            for qualname, node in _definitions(tree.body):
                doc = ast.get_docstring(node) or ""  # type: ignore[arg-type]
                for m in PROVISION_FIELD.finditer(doc):
                    found.append(Declared(where, qualname, m.group(1), is_test))
    return found


def _declared_by_section(root: Path, tests: bool) -> dict[tuple[str, str], list[Declared]]:
    out: dict[tuple[str, str], list[Declared]] = defaultdict(list)
    for d in scan_declared(root):
        if d.is_test == tests:
            for key in d.sections:
                out[key].append(d)
    return out


def _count(n: int, what: str) -> str:
    return f"{n} {what}" + ("" if n == 1 else "s")


def _expected_of(case: dict[str, Any]) -> str:
    expected = case.get("expected", "")
    if isinstance(expected, dict):
        expected = ", ".join(f"{k}={v}" for k, v in expected.items())
    if not expected:
        expected = ", ".join(
            f"{k} `{case[k]}`" for k in ("regime", "programme", "career_guidance") if case.get(k)
        )
    return str(expected)


def _case_table(cases: list[dict[str, Any]]) -> list[str]:
    rows = ["| case | date | expected | cites |", "|---|---|---|---|"]
    for c in cases:
        rows.append(
            f"| {_md_escape(str(c.get('name', '?')))} | {c.get('date', c.get('on', ''))} | "
            f"{_md_escape(_expected_of(c))} | {_md_escape(str(c.get('provision', '')))} |"
        )
    return rows


def _section_key(section: str) -> tuple[int, str]:
    m = re.match(r"§ (\d+)(?: (\w))?", section)
    return (int(m.group(1)), m.group(2) or "") if m else (10**6, section)


def write_chapter_code(w: _Writer, root: Path) -> None:
    """Per chapter: the modules and objects whose code cites the chapter's paragraphs."""
    sites = scan_provisions(root / "src")
    for chapter, sections in CHAPTERS.items():
        by_module: dict[str, dict[str, set[Any]]] = defaultdict(lambda: defaultdict(set))
        for s in sites:
            if (
                s.provision.section in sections
                and s.provision.act.short_name == "integreringsloven"
            ):
                by_module[s.module][s.owner or ""].add(s.provision)
        implemented = _declared_by_section(root, tests=False)
        lines = [
            "Generated from the source at build time. *Implemented by*: the functions and "
            "classes whose docstring declares the paragraph in a `:provision:` field.\n"
        ]
        for section in sections:
            declared = implemented.get(("integreringsloven", section), [])
            text = ", ".join(f"{d.link()} ({_md_escape(d.citation)})" for d in declared)
            lines.append(f"- **{section}**: {text or 'no function declares it yet'}")
        lines.append(
            "\n*Cited in*: every module and object that writes a `Provision` of this chapter.\n"
        )
        for module in sorted(by_module):
            doc = (importlib.import_module(module).__doc__ or "").strip().splitlines()[0]
            lines.append(f"- {{doc}}`{module} </api/{_api_page(module)}>` — {doc}")
            for owner, provs in sorted(by_module[module].items()):
                cites = "; ".join(p.short for p in sorted(provs, key=_prov_order))
                target = _obj_link(f"{module}.{owner}") if owner else "module level"
                lines.append(f"  - {target}: {_md_escape(cites)}")
        if not by_module:
            lines.append("- No module cites this chapter's paragraphs yet.")
        w.text(f"_generated/code-{chapter}.md", "\n".join(lines) + "\n")


def _prov_order(p: Any) -> tuple[Any, ...]:
    return (_section_key(p.section), p.ledd or 0, p.punktum or 0, p.letter or "")


def write_provision_index(w: _Writer, root: Path) -> None:
    from integreringslov.law import TIMELINE

    sites = scan_provisions(root / "src")
    cases = load_law_cases(root)
    by_section: dict[tuple[str, str], list[_Site]] = defaultdict(list)
    for s in sites:
        by_section[(s.provision.act.short_name, s.provision.section)].append(s)
    amendments: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for a in TIMELINE:
        for p in a.provisions:
            key = (p.act.short_name, p.section)
            if a not in amendments[key]:
                amendments[key].append(a)
    case_map: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for c in cases:
        for key in _case_sections(c):
            case_map[key].append(c)
    keys = sorted(
        set(by_section) | set(amendments) | set(case_map),
        key=lambda k: (k[0] != "integreringsloven", k[0], _section_key(k[1])),
    )

    implemented = _declared_by_section(root, tests=False)
    tested = _declared_by_section(root, tests=True)
    keys = sorted(
        set(keys) | set(implemented) | set(tested),
        key=lambda k: (k[0] != "integreringsloven", k[0], _section_key(k[1])),
    )
    out = [
        "This page is generated at build time from the code and the tests: the functions",
        "that declare a paragraph in a `:provision:` docstring field, every amendment in",
        f"`integreringslov.law.TIMELINE` ({len(TIMELINE)}), the law cases of `tests/law_cases/`",
        f"({len(cases)}) by their `provision` column, and every `Provision(...)` written in the",
        f"source ({len(sites)} places in {len({s.module for s in sites})} modules).\n",
        "| provision | implemented by | changes | tests |",
        "|---|---|---|---|",
    ]
    for act, section in keys:
        page = LAW_PAGES.get(act, {}).get(section)
        name = f"{act} {section}"
        link = f"{{doc}}`{name} </{page}>`" if page else name
        impl = "<br>".join(d.link() for d in implemented.get((act, section), []))
        changes = "<br>".join(
            f"`{a.key}` ({a.in_force.isoformat() if a.in_force else 'not in force'})"
            for a in amendments.get((act, section), [])
        )
        n_cases = len(case_map.get((act, section), []))
        n_tests = len(tested.get((act, section), []))
        counts = ", ".join(
            _count(n, what) for n, what in ((n_cases, "law case"), (n_tests, "test")) if n
        )

        out.append(f"| {link} | {impl or '—'} | {changes or '—'} | {counts or '—'} |")
    out.append("")
    out.append("## Where the code cites each paragraph\n")
    for act, section in keys:
        cited = sorted(
            {s.provision for s in by_section.get((act, section), [])}, key=_citation_order
        )
        if not cited:
            continue
        modules: dict[str, list[int]] = defaultdict(list)
        for site in by_section[(act, section)]:
            modules[site.module].append(site.line)
        where = "; ".join(
            f"{{doc}}`{m} </api/{_api_page(m)}>` (l. {', '.join(map(str, sorted(set(lines))))})"
            for m, lines in sorted(modules.items())
        )
        out.append(
            f"- **{act} {section}**, cited as {_md_escape('; '.join(p.short for p in cited))}: "
            f"{where}"
        )
    out.append("")
    if cases:
        out.append("## Law cases by provision\n")
        out.append(
            "Each case is a dated input with the expected outcome, written in the law's "
            "own terms; the test suite runs every one.\n"
        )
        for act, section in keys:
            cs = case_map.get((act, section))
            if cs:
                out += [f"### {act} {section}\n", *_case_table(cs), ""]
    w.text("_generated/provisions.md", "\n".join(out))


def _citation_order(p: Any) -> tuple[Any, ...]:
    return (p.ledd or 0, p.punktum or 0, p.letter or "")


def _api_page(module: str) -> str:
    """The API page that documents ``module`` (the nearest public module)."""
    modules = set(public_modules_cache or [])
    parts = module.split(".")
    while parts:
        name = ".".join(parts)
        if name in modules:
            return name
        parts.pop()
    return "index"


public_modules_cache: list[str] | None = None


# -- change dates per chapter ----------------------------------------------------------


def write_timelines(w: _Writer) -> None:
    from integreringslov.law import TIMELINE

    all_sections = tuple({p.section for a in TIMELINE for p in a.provisions})
    for chapter, sections in {**CHAPTERS, "all": all_sections}.items():
        rows = []
        for a in TIMELINE:
            touched = [p for p in a.provisions if p.section in sections]
            if not touched and a.key != "original":
                continue
            when = a.in_force.isoformat() if a.in_force else "*not in force*"
            until = a.until.isoformat() if a.until else ""
            what = "; ".join(p.short for p in touched) or "the act as a whole"
            if chapter == "all":
                what = "; ".join(p.short for p in a.provisions)
            rows.append(
                f"| {when} | {until or '—'} | `{a.key}` | {_md_escape(a.instrument)} | "
                f"{_md_escape(what)} | {_md_escape(a.note or a.title)} |"
            )
        text = [
            "Generated from `integreringslov.law.TIMELINE` at build time.\n",
            "| in force | until | key | instrument | provisions | note |",
            "|---|---|---|---|---|---|",
            *rows,
            "",
        ]
        w.text(f"_generated/timeline-{chapter}.md", "\n".join(text))


def write_chapter_tables(w: _Writer, root: Path) -> None:
    """Per chapter: the parameters whose reference cites it, and the cases and tests that do."""
    from integreringslov.law import parameters

    params = parameters()
    cases = load_law_cases(root)
    tested = _declared_by_section(root, tests=True)
    for chapter, sections in CHAPTERS.items():
        wanted = set(sections)
        # parameters
        rows = []
        for p in params.values():
            for v in p.values:
                if {sec for _, sec in sections_of(v.reference)} & wanted:
                    rows.append(
                        f"| `{p.name}` | {_md_escape(p.title)} | {v.value} {p.unit} | "
                        f"{v.valid_from.isoformat()} | "
                        f"{v.valid_to.isoformat() if v.valid_to else '—'} | "
                        f"{_md_escape(v.reference)} |"
                    )
        text = (
            [
                "| parameter | meaning | value | from | until | reference |",
                "|---|---|---|---|---|---|",
                *rows,
            ]
            if rows
            else ["No dated parameter of the library cites this chapter."]
        )
        w.text(f"_generated/parameters-{chapter}.md", "\n".join(text) + "\n")
        # tests: law cases by their provision column, test functions by their field
        lines = [
            "Generated at build time: the law cases of `tests/law_cases/` by their `provision` "
            "column, and the tests whose docstring declares the paragraph in a `:provision:` "
            "field. The test suite runs them all.\n"
        ]
        for section in sections:
            key = ("integreringsloven", section)
            cs = [c for c in cases if key in _case_sections(c)]
            ts = tested.get(key, [])
            if not cs and not ts:
                continue
            lines.append(
                f"**{section}** — {_count(len(cs), 'law case')}, {_count(len(ts), 'test')}\n"
            )
            if cs:
                lines += [*_case_table(cs), ""]
            if ts:
                lines.append(", ".join(f"{t.link()} ({_md_escape(t.citation)})" for t in ts))
                lines.append("")
        if len(lines) == 1:
            lines.append("No law case or test cites this chapter's paragraphs yet.")
        w.text(f"_generated/tests-{chapter}.md", "\n".join(lines) + "\n")


def write_county_duties(w: _Writer) -> None:
    from integreringslov.law._duties import CATALOGUE

    rows = ["| duty | provision | responsible | wording | in force |", "|---|---|---|---|---|"]
    for d in CATALOGUE:
        for t in d.texts:
            period = t.valid_from.isoformat() + (
                f" – {t.valid_to.isoformat()}" if t.valid_to else " –"
            )
            rows.append(
                f"| `{d.key}`: {_md_escape(d.title)} | {d.provision.short} | {d.responsible} | "
                f"«{_md_escape(t.text)}» | {period} |"
            )
    w.text("_generated/county-duties.md", "\n".join(rows) + "\n")


def write_grounds(w: _Writer) -> None:
    """The list of legal grounds, from their records (``rules/_records.py``)."""
    from integreringslov.rules._records import grounds_markdown

    w.text("_generated/grounds.md", grounds_markdown())


def write_package_data(w: _Writer, root: Path) -> None:
    """Every data file shipped inside the packages, with the README that describes it."""
    rows = ["| file | size | described in |", "|---|---|---|"]
    for top in PACKAGES:
        base = root / "src" / top
        for path in sorted(base.rglob("*")):
            if (
                not path.is_file()
                or path.suffix in (".py", ".pyc", ".typed")
                or path.name == "README.md"
            ):
                continue
            if "__pycache__" in path.parts:
                continue
            readme = next(
                (
                    d / "README.md"
                    for d in [path.parent, *path.parents]
                    if (d / "README.md").is_file() and base in [d, *d.parents]
                ),
                None,
            )
            where = f"`{readme.relative_to(root / 'src').as_posix()}`" if readme else "—"
            size = path.stat().st_size
            human = f"{size / 1024:.0f} KiB" if size >= 1024 else f"{size} B"
            rows.append(f"| `{path.relative_to(root / 'src').as_posix()}` | {human} | {where} |")
    w.text("_generated/package-data.md", "\n".join(rows) + "\n")


# -- examples --------------------------------------------------------------------------


def _doc_summary(path: Path) -> str:
    try:
        doc = ast.get_docstring(ast.parse(path.read_text("utf-8"))) or ""
    except SyntaxError:
        return ""
    return doc.strip()


def run_example(path: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONIOENCODING="utf-8", COLUMNS="100")
    with tempfile.TemporaryDirectory() as tmp:
        return subprocess.run(
            [sys.executable, str(path)],
            cwd=tmp,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


def write_examples(w: _Writer, root: Path) -> None:
    scripts = sorted((root / "examples").glob("*.py"))
    out = []
    for script in scripts:
        proc = run_example(script)
        if proc.returncode != 0:
            logger.warning(
                "ilgen: example %s exited %s:\n%s",
                script.name,
                proc.returncode,
                proc.stderr[-2000:],
            )
        output = proc.stdout
        if proc.stderr.strip():
            output += ("\n" if output else "") + proc.stderr
        w.text(f"_generated/examples/{script.stem}.txt", output.rstrip() + "\n")
        summary = _doc_summary(script)
        out.append(f"## `{script.name}`\n")
        if summary:
            out.append(summary + "\n")
        out.append(
            f"```{{literalinclude}} /../examples/{script.name}\n:language: python\n"
            f":caption: examples/{script.name}\n```\n"
        )
        out.append(
            f"```{{literalinclude}} /_generated/examples/{script.stem}.txt\n:language: text\n"
            f":caption: Output (captured when these pages were built)\n```\n"
        )
    if not scripts:
        out.append("No example scripts yet.\n")
    w.text("_generated/examples.md", "\n".join(out))
    w.prune("_generated/examples")


# -- figures ---------------------------------------------------------------------------


def write_figures(w: _Writer, srcdir: Path) -> None:
    from integreringslov._reporting import report

    figures = srcdir / "_generated" / "figures"
    figures.mkdir(parents=True, exist_ok=True)
    for key, _caption, fig in report.figures(on=report.DEMO_DATE):
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=110, metadata={"Software": None})
        w.bytes(f"_generated/figures/trondelag-{key}.png", buf.getvalue())
    w.prune("_generated/figures")


# -- wiring ----------------------------------------------------------------------------


def generate(app: Sphinx) -> None:
    global public_modules_cache
    srcdir = Path(app.srcdir)
    root = srcdir.parent
    w = _Writer(srcdir)
    public_modules_cache = public_modules()
    steps: list[tuple[str, Callable[[], object]]] = [
        ("API pages", lambda: write_api(w)),
        ("CLI reference", lambda: write_cli(w)),
        ("table reference", lambda: write_table_reference(w)),
        ("mapping reference", lambda: write_mapping_reference(w)),
        ("built-in detections", lambda: write_builtin_detections(w)),
        ("provision index", lambda: write_provision_index(w, root)),
        ("change dates", lambda: write_timelines(w)),
        ("chapter tables", lambda: write_chapter_tables(w, root)),
        ("chapter code", lambda: write_chapter_code(w, root)),
        ("county duties", lambda: write_county_duties(w)),
        ("legal grounds", lambda: write_grounds(w)),
        ("package data", lambda: write_package_data(w, root)),
        ("examples", lambda: write_examples(w, root)),
        ("figures", lambda: write_figures(w, srcdir)),
    ]
    for what, step in steps:
        try:
            step()
        except Exception as exc:
            logger.warning("ilgen: generating the %s failed: %s: %s", what, type(exc).__name__, exc)
            import traceback

            logger.info(textwrap.indent(traceback.format_exc(), "    "))


# -- cross-references ------------------------------------------------------------------


def _napoleon_except_attributes(
    app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    """Napoleon for everything but attribute docstrings.

    Napoleon reads the first line of an attribute's docstring as ``type: description``, so
    "How sure the plugin is, from 0 (not at all) to 1 (certain: a signature ...)" became a
    type named "How sure the plugin is ... (certain". Our attribute docstrings are prose
    (the type comes from the annotation), so they are left as written.
    """
    from sphinx.ext import napoleon

    if what in ("attribute", "data", "property"):
        return
    napoleon._process_docstring(app, what, name, obj, options, lines)  # type: ignore[arg-type]


def _replace_napoleon(app: Sphinx) -> None:
    from sphinx.ext import napoleon

    for listener in list(app.events.listeners.get("autodoc-process-docstring", [])):
        if listener.handler is napoleon._process_docstring:
            app.disconnect(listener.id)
            app.connect("autodoc-process-docstring", _napoleon_except_attributes)


_documented_by_id: dict[int, str] = {}


def _documented_objects(env: Any) -> dict[int, str]:
    """``id(object) -> documented name`` for every Python object the site describes."""
    if _documented_by_id:
        return _documented_by_id
    for name, entry in env.get_domain("py").objects.items():
        if entry.objtype == "module" or getattr(entry, "aliased", False):
            continue
        obj = _import_object(name)
        if obj is None or isinstance(obj, int | float | str | bytes | bool):
            continue
        _documented_by_id.setdefault(id(obj), name)
    return _documented_by_id


def _external(name: str, app: Sphinx) -> bool:
    return any(re.fullmatch(pattern, name) for _kind, pattern in app.config.nitpick_ignore_regex)


def resolve_alias(app: Sphinx, env: Any, node: Any, contnode: Any) -> Any:
    """Resolve a reference to a re-exported or short name to the page that documents it.

    ``integreringslov.read`` is documented as ``integreringslov.plugins.read``; a docstring
    in ``integreringslov.rules`` that says :func:`assess_frame` means the function of that
    module; a bare name that the module does not even import means the one documented
    object of that name, when there is exactly one. The target is imported (relative to
    the referring module and class), and the reference points at the name under which
    that very object is documented. A name that the module imports only for type checkers
    is followed to its source, so an external type (``Figure`` →
    ``matplotlib.figure.Figure``) is treated like any external name.
    """
    if node.get("refdomain") != "py":
        return None
    target: str = node["reftarget"].lstrip("~.")
    module = node.get("py:module") or ""
    cls = node.get("py:class") or ""
    tries = [target]
    if module:
        tries = [f"{module}.{cls}.{target}" if cls else "", f"{module}.{target}", target]
    for full in filter(None, tries):
        obj = _import_object(full)
        if obj is None:
            continue
        documented = _documented_objects(env).get(id(obj))
        if documented is not None:
            return env.get_domain("py").resolve_xref(
                env, node["refdoc"], app.builder, "obj", documented, node, contnode
            )
        home = getattr(obj, "__module__", None)
        if isinstance(obj, TypeVar) or (home and _external(f"{home}.x", app)):
            return contnode  # a type variable or an external type: nothing of ours to link
    if module and "." not in target:
        source = _imports_of(importlib.import_module(module)).get(target)
        if source and _external(f"{source}.{target}", app):
            return contnode
    if "." not in target:
        # A bare name the module does not import (a docstring naming an exception raised
        # by a callee): the one documented object of that name, if there is exactly one.
        py = env.get_domain("py")
        named = [n for n, e in py.objects.items() if n.endswith(f".{target}") and not e.aliased]
        if len(named) == 1:
            return py.resolve_xref(
                env, node["refdoc"], app.builder, "obj", named[0], node, contnode
            )
    return None


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Per-page HTML settings.

    No "Edit this page" link on generated pages (they are not in git), and ``lang="nb"`` on
    the pages written in bokmål (under ``nb/``).
    """
    top = pagename.split("/", 1)[0]
    if top in GENERATED_DIRS:
        context["page_source_suffix"] = ""
    if top == "nb":
        context["language"] = "nb"


GENERATED_DIRS = ("api",)
"""Top-level folders of ``docs/`` whose pages this extension writes (see docs/.gitignore)."""


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", generate)
    app.connect("builder-inited", _replace_napoleon)
    app.connect("missing-reference", resolve_alias)
    app.connect("html-page-context", page_context)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
