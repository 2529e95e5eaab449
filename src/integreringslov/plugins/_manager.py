"""The plugin host: wiring the plugin manager, and the typed facade over its hooks.

:func:`get_plugin_manager` is the only place where plugins are registered. :class:`Plugins`
is the only code that calls ``pm.hook``: it collects importer declarations, picks an
importer by detection, reads, and always validates what the importer returned.
"""

from __future__ import annotations

import contextlib
import fnmatch
import functools
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from importlib import import_module
from pathlib import Path
from typing import Any, Protocol

import attrs
import pandas as pd
import pluggy

from integreringslov._io.frames import (
    FRAMES_NOTE,
    AnyFrame,
    enter,
    kind_of,
    noted,
    split_problems,
)
from integreringslov._io.readback import written_tables
from integreringslov._text.i18n import DEFAULT_LANG, N_, Lang, as_lang, speaking, spoken, tr
from integreringslov.errors import (
    IntegreringslovError,
    InvalidInputError,
    PluginError,
    Problem,
    SourceError,
)
from integreringslov.plugins import hookspecs
from integreringslov.plugins._markers import PROJECT
from integreringslov.plugins._types import Detection, Imported, ImporterInfo, SourceTable
from integreringslov.tables import Table, ValidationReport, validate

__all__ = [
    "BLOCKED_ENV",
    "DISABLE_AUTOLOAD_ENV",
    "ENTRY_POINT_GROUP",
    "Plugins",
    "default_plugins",
    "explaining",
    "fitting_importer",
    "get_plugin_manager",
    "importers",
    "read",
    "read_frame",
]

ENTRY_POINT_GROUP = PROJECT
"""The entry-point group third-party plugins are published under."""

DISABLE_AUTOLOAD_ENV = "INTEGRERINGSLOV_DISABLE_PLUGIN_AUTOLOAD"
"""When this environment variable is set (to anything but an empty string), plugins are not
loaded from entry points. The built-in importers are always registered."""

BLOCKED_ENV = "INTEGRERINGSLOV_BLOCKED_PLUGINS"
"""A comma-separated list of plugin names (entry-point names, or the module names of the
built-ins) that are not registered."""

_TIE = 1e-9
_CLOSE = 0.25
"""Detection chose between close claims (reported in the report's notes) when the runner-up's
confidence is within this of the chosen one's."""

_WORDS: dict[str, str] = {
    "none": N_(
        "no installed importer recognises this file; tried: {tried}; name one with importer=... "
        "(--importer on the command line)",
    ),
    "tie": N_(
        "{path}: several importers claim this file with confidence {c:g}: {names}; choose one with "
        "importer=... (--importer on the command line)",
    ),
    "claim": N_("{importer!r} (plugin {plugin!r}, confidence {c:g}{why})"),
    "claimed": N_("claimed it as {claims}"),
    "confidence": N_("{importer!r} with confidence {c:g}"),
    "and": N_(" and "),
    "declined": N_("declined: {reasons}"),
    "silent": N_("declined without a reason"),
    "other_kind": N_("does not read this kind of file"),
    "reads_like": N_(" (it reads files like {patterns})"),
    "importers": N_("{n} importers"),
    "no_importer": N_("no importer is installed"),
    "read_with": N_(
        "the file was read with importer {importer!r}, chosen by detection; tried: {tried}",
    ),
    "another": N_("name another importer with importer=... (--importer)"),
    "header_tables": N_(
        "{path}: the header is the columns of several tables integreringslov writes: {kinds}; "
        "choose one with importer=... (--importer on the command line)",
    ),
    "chose": N_(
        "detection chose {best} over {others}; if that is wrong, name the importer with "
        "importer=... (--importer)",
    ),
}
"""The host's own words about detection, as message ids (the catalog has their bokmål). A
plugin's reasons (``Detection.reason``) are quoted in the plugin's words."""

_EXPLAIN: ContextVar[bool] = ContextVar("integreringslov_explain", default=False)


@contextlib.contextmanager
def explaining(on: bool = True) -> Iterator[None]:
    """Within the block, a file that fails to read also says what every importer said of it.

    Without it, the failure names the importer detection chose and the problems of the
    file, no more: the first message is the one that helps. The command line's
    ``--explain`` sets it.
    """
    token = _EXPLAIN.set(on)
    try:
        yield
    finally:
        _EXPLAIN.reset(token)


@attrs.frozen
class _Choice:
    """The importer that reads a source, and the detections it was chosen from (if any)."""

    chosen: ImporterInfo
    detections: tuple[Detection, ...] = ()


def _builtin_modules() -> tuple[str, ...]:
    from integreringslov_importers import BUILTIN_PLUGINS

    return tuple(BUILTIN_PLUGINS)


def get_plugin_manager(
    *,
    autoload: bool | None = None,
    blocked: Iterable[str] | None = None,
    plugins: Iterable[object] = (),
) -> pluggy.PluginManager:
    """Build a plugin manager with the hook specs, the built-ins and the installed plugins.

    This is the single wiring point of the plugin system. In order: the hook specs are
    added; blocked names are set (before anything is registered); the built-in importers
    of :mod:`integreringslov_importers` are registered by module, not through entry points,
    so that turning autoloading off never removes them; ``plugins`` are registered; the
    ``integreringslov`` entry-point group is loaded unless autoloading is off; finally
    ``check_pending()`` fails on any hook implementation that matches no spec (a misspelt
    hook name).

    :param autoload: Load plugins from entry points. ``None`` (the default) reads the
        environment: autoloading is on unless ``INTEGRERINGSLOV_DISABLE_PLUGIN_AUTOLOAD``
        is set.
    :param blocked: Plugin names not to register. ``None`` reads the comma-separated
        ``INTEGRERINGSLOV_BLOCKED_PLUGINS``.
    :param plugins: Extra plugin objects (modules, classes, instances) to register, as tests
        and embedding applications do.
    :raises PluginError: When a plugin cannot be loaded or implements an unknown hook.
    """
    if autoload is None:
        autoload = not os.environ.get(DISABLE_AUTOLOAD_ENV)
    if blocked is None:
        blocked = os.environ.get(BLOCKED_ENV, "").split(",")
    pm = pluggy.PluginManager(PROJECT)
    pm.add_hookspecs(hookspecs)
    for name in blocked:
        if name.strip():
            pm.set_blocked(name.strip())
    for module_name in _builtin_modules():
        if pm.is_blocked(module_name):
            continue
        pm.register(import_module(module_name), name=module_name)
    for plugin in plugins:
        pm.register(plugin)
    if autoload:
        try:
            pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
        except IntegreringslovError:
            raise
        except Exception as exc:
            raise PluginError(f"could not load an {ENTRY_POINT_GROUP!r} plugin: {exc}") from exc
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"plugin {exc.plugin!r} is invalid: {exc}") from exc
    return pm


def _validate_declaration(info: ImporterInfo) -> None:
    problems = []
    if not info.name or info.name != info.name.strip() or any(c.isspace() for c in info.name):
        problems.append(f"the name {info.name!r} must be non-empty and without spaces")
    if not info.title.strip():
        problems.append("the title is empty")
    if not info.publisher.strip():
        problems.append("the publisher is empty")
    if not (isinstance(info.table, type) and issubclass(info.table, Table)):
        problems.append(f"table {info.table!r} is not a subclass of integreringslov.tables.Table")
    if problems:
        raise PluginError(
            f"plugin {info.plugin!r} declares importer {info.name!r} badly: " + "; ".join(problems)
        )


class Plugins:
    """The typed facade over a plugin manager: importers, detection, reading.

    Nothing else in the library calls ``pm.hook``. Build one from
    :func:`get_plugin_manager` (as :func:`default_plugins` does), or from your own manager
    in tests.
    """

    def __init__(self, manager: pluggy.PluginManager | None = None) -> None:
        self.manager: pluggy.PluginManager = (
            manager if manager is not None else get_plugin_manager()
        )
        """The underlying pluggy plugin manager."""
        self._importers: dict[str, ImporterInfo] | None = None

    # -- declaration -----------------------------------------------------------------------

    def _distributions(self) -> dict[int, str]:
        out: dict[int, str] = {}
        for plugin, dist in self.manager.list_plugin_distributions():
            name = dist.metadata["name"] if dist.metadata else None
            out[id(plugin)] = f"{name or '?'} {dist.version}"
        return out

    def _collect(self) -> dict[str, ImporterInfo]:
        pm = self.manager
        dists = self._distributions()
        builtins = set(_builtin_modules())
        found: dict[str, ImporterInfo] = {}
        for impl in pm.hook.register_importers.get_hookimpls():
            plugin_name = impl.plugin_name
            distribution = dists.get(id(impl.plugin))
            if distribution is None and plugin_name in builtins:
                distribution = _own_distribution()

            def register(
                *,
                name: str,
                title: str,
                publisher: str,
                table: type[Table],
                patterns: Sequence[str] = (),
                description: str = "",
                examples: Sequence[str | Path] = (),
                _plugin: str = plugin_name,
                _distribution: str | None = distribution,
            ) -> None:
                info = ImporterInfo(
                    name=name,
                    title=title,
                    publisher=publisher,
                    table=table,
                    patterns=patterns,
                    description=description,
                    examples=examples,
                    plugin=_plugin,
                    distribution=_distribution,
                )
                _validate_declaration(info)
                if name in found:
                    raise PluginError(
                        f"importer {name!r} is declared by both plugin {found[name].plugin!r} "
                        f"and plugin {_plugin!r}; block one of them with "
                        f"{BLOCKED_ENV}={_plugin}"
                    )
                found[name] = info

            others = [p for p in pm.get_plugins() if p is not impl.plugin]
            caller = pm.subset_hook_caller("register_importers", remove_plugins=others)
            try:
                caller(register=register)
            except IntegreringslovError:
                raise
            except Exception as exc:
                raise PluginError(
                    f"plugin {plugin_name!r} failed while declaring its importers: {exc!r}"
                ) from exc
        return found

    def _registry(self) -> dict[str, ImporterInfo]:
        if self._importers is None:
            self._importers = self._collect()
        return self._importers

    def importers(self) -> list[ImporterInfo]:
        """Every importer declared by the registered plugins, sorted by name.

        :raises PluginError: When two plugins declare the same importer name.
        """
        return sorted(self._registry().values(), key=lambda i: i.name)

    def importer(self, name: str) -> ImporterInfo:
        """The importer called ``name``.

        :raises PluginError: When no registered plugin declares it.
        """
        registry = self._registry()
        try:
            return registry[name]
        except KeyError:
            known = ", ".join(sorted(registry)) or tr("none")
            raise PluginError(
                tr("no importer called {name!r}; installed: {known}", name=name, known=known)
            ) from None

    # -- detection -------------------------------------------------------------------------

    def detections(self, source: str | os.PathLike[str]) -> list[Detection]:
        """Every plugin's answer on ``source``, most confident first.

        Claims have a confidence above 0; a detection with confidence 0 is a plugin
        declining the file, with its reason.

        :raises PluginError: When a plugin raises, or names an importer nobody declared.
        """
        path = Path(source)
        registry = self._registry()
        try:
            results: list[Detection | None] = self.manager.hook.detect_source(source=path)
        except IntegreringslovError:
            raise
        except Exception as exc:
            raise PluginError(
                f"a plugin failed while detecting the format of {path}: {exc!r}"
            ) from exc
        found = [d for d in results if d is not None]
        for d in found:
            if not isinstance(d, Detection):
                raise PluginError(f"detect_source returned {d!r}, not a Detection or None")
            if d.importer not in registry:
                raise PluginError(
                    f"detect_source named importer {d.importer!r}, which no plugin declares"
                )
        return sorted(found, key=lambda d: (-d.confidence, d.importer))

    def detect(self, source: str | os.PathLike[str]) -> ImporterInfo:
        """The importer that should read ``source``: the most confident detection.

        :raises SourceError: When no importer recognises the file; the message says which
            importers were tried and why each declined.
        :raises PluginError: When the two most confident detections tie; the message names
            the candidates, and the user chooses with ``importer=``.
        """
        return self._choose(Path(source)).chosen

    def _choose(self, path: Path, lang: Lang = DEFAULT_LANG) -> _Choice:
        with speaking(lang):  # a plugin's reasons, and ours, in the user's language
            detections = self.detections(path)
            found = [d for d in detections if d.confidence > 0]
            if not found:
                tried = self._tried(detections, lang, path)
                raise SourceError(str(path), tr(_WORDS["none"], tried=tried))
            best = found[0]
            tied = [d for d in found if abs(d.confidence - best.confidence) <= _TIE]
            if len(tied) > 1:
                names = ", ".join(self._claim(d, lang) for d in tied)
                raise PluginError(tr(_WORDS["tie"], path=path, c=best.confidence, names=names))
            return _Choice(self.importer(best.importer), tuple(detections))

    def _claim(self, d: Detection, lang: Lang) -> str:
        """One detection in words: importer, plugin, confidence and reason."""
        with speaking(lang):
            plugin = self.importer(d.importer).plugin
            why = f": {d.reason}" if d.reason else ""
            return tr(_WORDS["claim"], importer=d.importer, plugin=plugin, c=d.confidence, why=why)

    def _tried(self, detections: Sequence[Detection], lang: Lang, path: Path) -> str:
        """Every plugin's answer to detection, for a message: its claim or why it declined."""
        with speaking(lang):
            answers: dict[str, list[Detection]] = {i.plugin: [] for i in self.importers()}
            for d in detections:
                answers[self.importer(d.importer).plugin].append(d)
            parts = []
            for plugin, found in answers.items():
                names = [i.name for i in self.importers() if i.plugin == plugin]
                what = (
                    ", ".join(names) if len(names) <= 3 else tr(_WORDS["importers"], n=len(names))
                )
                claims = [
                    tr(_WORDS["confidence"], importer=d.importer, c=d.confidence)
                    + (f" ({d.reason})" if d.reason else "")
                    for d in found
                    if d.confidence > 0
                ]
                declines = [d.reason for d in found if d.confidence == 0 and d.reason]
                if claims:
                    answer = tr(_WORDS["claimed"], claims=tr(_WORDS["and"]).join(claims))
                elif declines:
                    answer = tr(_WORDS["declined"], reasons="; ".join(declines))
                else:
                    patterns = sorted({p for i in self.importers() if i.plugin == plugin
                                       for p in i.patterns})  # fmt: skip
                    usual = tr(_WORDS["reads_like"], patterns=", ".join(patterns))
                    ours = any(fnmatch.fnmatch(path.name.lower(), p.lower()) for p in patterns)
                    silent = tr(_WORDS["silent" if ours or not patterns else "other_kind"])
                    answer = silent + (usual if patterns else "")
                parts.append(f"{plugin!r} ({what}) {answer}")
            return "; ".join(parts) or tr(_WORDS["no_importer"])

    # -- reading ---------------------------------------------------------------------------

    def read(
        self,
        source: str | os.PathLike[str] | pd.DataFrame,
        *,
        importer: str | None = None,
        mapping: str | os.PathLike[str] | Mapping[str, Any] | None = None,
        lang: Lang | None = None,
        **options: Any,
    ) -> Imported:
        """Read ``source`` with an importer and validate the result against its schema.

        See :func:`integreringslov.read`.
        """
        lang = lang or spoken()  # the caller's language, where it set one (the CLI's --lang)
        with speaking(lang):  # an error raised on the way reads in it too (str(error))
            return self._read(source, importer, mapping, lang, options)

    def _read(
        self,
        source: str | os.PathLike[str] | pd.DataFrame,
        importer: str | None,
        mapping: str | os.PathLike[str] | Mapping[str, Any] | None,
        lang: Lang,
        options: Mapping[str, Any],
    ) -> Imported:
        if isinstance(source, pd.DataFrame):
            return self._read_frame(source, importer, lang)
        path = Path(source)
        if not path.is_file():
            with speaking(lang):
                why = tr("it is a directory, not a file") if path.is_dir() else tr(
                    "the file does not exist"
                )
            raise SourceError(str(path), why)
        choice = (
            _Choice(self.importer(importer)) if importer is not None else self._choose(path, lang)
        )
        choice, written = self._written(path, choice, lang)
        info = choice.chosen
        opts: dict[str, Any] = dict(options)
        if mapping is not None:
            opts["mapping"] = mapping
        try:
            with speaking(lang):  # the importer's notes and messages, where it has them
                result = self.manager.hook.read_source(
                    source=path, importer=info.name, options=opts
                )
        except SourceError as exc:
            if not choice.detections:
                raise
            with speaking(lang):
                if _EXPLAIN.get():
                    account = tr(
                        _WORDS["read_with"],
                        importer=info.name,
                        tried=self._tried(choice.detections, lang, path),
                    )
                else:
                    account = tr(
                        "the file was read with importer {info_name!r}, chosen by detection "
                        "(--explain, or explaining(), says what each importer said of it)",
                        info_name=info.name,
                    )
                problem = Problem(
                    message=account,
                    source=str(path),
                    expected=tr(_WORDS["another"]),
                    check="detection",
                )
            raise exc.amended(problem) from exc
        except IntegreringslovError:
            raise
        except Exception as exc:
            raise PluginError(
                tr(
                    "importer {importer!r} (plugin {plugin!r}) failed on {path}: {exc!r}",
                    importer=info.name,
                    plugin=info.plugin,
                    path=path,
                    exc=exc,
                )
            ) from exc
        if result is None:
            raise PluginError(
                tr(
                    "no plugin read {path} with importer {importer!r} (plugin {plugin!r} "
                    "declared it but its read_source returned None)",
                    path=path,
                    importer=info.name,
                    plugin=info.plugin,
                )
            )
        returned = self._source_table(result, info)
        info = self._schema_importer(returned, info)
        notes = written + self._ambiguity(choice, lang)
        return _validated(returned, info, str(path), lang, notes=notes)

    def _read_frame(self, frame: pd.DataFrame, importer: str | None, lang: Lang) -> Imported:
        """Validate a DataFrame as the table of ``importer``, with a report like a file's.

        Without ``importer``, the one importer whose table the columns fit is chosen
        (:func:`fitting_importer`).
        """
        label = tr("the DataFrame")
        info = (
            self.importer(importer)
            if importer is not None
            else fitting_importer(self.importers(), frame, label)
        )
        return _validated(SourceTable(table=frame), info, label, lang)

    def _ambiguity(self, choice: _Choice, lang: Lang) -> tuple[str, ...]:
        """A note when detection chose between close claims, naming them."""
        with speaking(lang):
            found = [d for d in choice.detections if d.confidence > 0]
            if len(found) < 2 or found[0].confidence - found[1].confidence > _CLOSE:
                return ()
            others = ", ".join(self._claim(d, lang) for d in found[1:])
            return (tr(_WORDS["chose"], best=self._claim(found[0], lang), others=others),)

    def _written(
        self, path: Path, choice: _Choice, lang: Lang
    ) -> tuple[_Choice, tuple[str, ...]]:
        """Check the importer against the table a file the library wrote holds.

        The table is the one the file names (a workbook, JSON, Parquet) or, for a CSV file,
        the one whose columns its header is
        (``written_tables``). An importer of another table
        is refused. A header that could be several tables is not guessed at: unless the
        user named an importer of one of them, the read is refused, naming them. Where the
        user named an importer of the same table, the importer that is certain of the file
        reads it (with a note), since the file is in the library's own form.
        """
        tables = {info.table.__name__: info.table for info in self.importers()}
        written = written_tables(path, tables.values())
        info = choice.chosen
        if not written:
            return choice, ()
        if len(written) > 1 and choice.detections:
            importers_of = {
                name: ", ".join(repr(i.name) for i in self.importers() if i.table is table)
                for name, table in tables.items()
            }
            kinds = ", ".join(f"{name} ({importers_of[name]})" for name in written)
            with speaking(lang):
                said = tr(_WORDS["header_tables"], path=path, kinds=kinds)
            raise PluginError(said)
        if info.table.__name__ not in written:
            readers = [i.name for i in self.importers() if i.table.__name__ in written]
            with speaking(lang):
                raise SourceError(
                    str(path),
                    tr(
                        "this file was written by integreringslov as a {tables}, but importer "
                        "{importer!r} reads {table}",
                        tables=" / ".join(written),
                        importer=info.name,
                        table=info.table.__name__,
                    ),
                    expected=tr(
                        "a {table}; the file is read by {readers}",
                        table=info.table.__name__,
                        readers=", ".join(map(repr, readers)),
                    )
                    if readers
                    else tr("a {table}", table=info.table.__name__),
                    check="written_table",
                )
        if choice.detections:
            return choice, ()
        certain = [
            d.importer
            for d in self.detections(path)
            if d.confidence >= 1.0 and self.importer(d.importer).table is info.table
        ]
        if not certain or info.name in certain:
            return choice, ()
        with speaking(lang):
            note = tr(
                "the file was written by integreringslov as a {table}; read with {certain!r} "
                "rather than {importer!r} (the same table)",
                table=info.table.__name__,
                certain=certain[0],
                importer=info.name,
            )
        return _Choice(self.importer(certain[0])), (note,)

    @staticmethod
    def _source_table(result: object, info: ImporterInfo) -> SourceTable:
        """The importer's result as a :class:`SourceTable`, checked."""
        who = f"importer {info.name!r} (plugin {info.plugin!r})"
        if isinstance(result, pd.DataFrame):
            return SourceTable(table=result)
        if not isinstance(result, SourceTable):
            raise PluginError(
                f"{who} returned {type(result).__name__}, not a pandas DataFrame or a SourceTable"
            )
        if not isinstance(result.table, pd.DataFrame):
            raise PluginError(
                f"{who} returned a SourceTable whose table is {type(result.table).__name__}, "
                "not a pandas DataFrame"
            )
        bad = [p for p in result.problems if not isinstance(p, Problem)]
        if bad:
            raise PluginError(
                f"{who} returned SourceTable.problems holding {type(bad[0]).__name__}, "
                "not integreringslov.errors.Problem"
            )
        return result

    def _schema_importer(self, returned: SourceTable, info: ImporterInfo) -> ImporterInfo:
        """The importer whose schema the table follows: ``info``, or the sibling it names."""
        if returned.importer is None or returned.importer == info.name:
            return info
        registry = self._registry()
        other = registry.get(returned.importer)
        if other is None or other.plugin != info.plugin:
            whose = "no plugin declares" if other is None else f"plugin {other.plugin!r} declares"
            raise PluginError(
                f"importer {info.name!r} (plugin {info.plugin!r}) says its table follows "
                f"the schema of importer {returned.importer!r}, which {whose}; "
                "SourceTable.importer must name an importer of the same plugin"
            )
        return other


def _validated(
    returned: SourceTable,
    info: ImporterInfo,
    source: str,
    lang: Lang,
    notes: tuple[str, ...] = (),
) -> Imported:
    """Validate what an importer (or a caller) gave, and build the import's report."""
    found, frame = split_problems(returned.table, source)
    if any(p.row is None for p in found):  # the table as a whole cannot be validated
        table = frame
        report = ValidationReport(table=info.table.__name__, source=source)
    else:
        table, report = validate(
            info.table,
            frame,
            source=source,
            sheet=returned.sheet,
            headers=returned.headers,
            lang=lang,
        )
    report = attrs.evolve(
        report,
        rows=len(returned.table) + _rejected_rows(returned.problems, returned.table.index),
        problems=returned.problems + tuple(found) + report.problems,
        notes=notes + returned.notes + report.notes,
        lang=lang,
    )
    return Imported(table=table, report=report, importer=info)


def _rejected_rows(problems: Sequence[Problem], read: pd.Index) -> int:
    """How many source rows the importer rejected: rows its problems name, each once.

    A row that also has cells in the table (an IMDi line with one bad cell) is already
    counted among the rows validated.
    """
    rows = {(p.sheet, p.row) for p in problems if p.row is not None}
    if not rows:
        return 0
    kept = read.isin([row for _, row in rows])
    found = set(read[kept])
    return len({(sheet, row) for sheet, row in rows if row not in found})


@functools.cache
def _own_distribution() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"integreringslov {version('integreringslov')}"
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "integreringslov"


@functools.cache
def default_plugins() -> Plugins:
    """The process-wide :class:`Plugins`, built on first use (never at import time).

    Tests that change the environment or the installed plugins call
    ``default_plugins.cache_clear()``.
    """
    return Plugins(get_plugin_manager())


# -- frames as sources ----------------------------------------------------------------


class _Read(Protocol):
    """:func:`integreringslov.read`, taking frames as well as files."""

    def __call__(
        self,
        source: str | os.PathLike[str] | AnyFrame,
        *,
        importer: str | None = None,
        mapping: str | os.PathLike[str] | Mapping[str, Any] | None = None,
        **options: Any,
    ) -> Imported: ...


def frame_source(read: Callable[..., Imported]) -> _Read:
    """Let ``read`` take a frame as its source as well as a file (see ``read_frame``)."""

    @functools.wraps(read)
    def wrapper(*args: Any, **kwargs: Any) -> Imported:
        source = args[0] if args else kwargs.get("source")
        kind = kind_of(source)
        if kind is None or kind == "pandas":
            return read(*args, **kwargs)
        if len(args) > 1 or set(kwargs) - {"source", "importer", "lang"}:
            extra = sorted(set(kwargs) - {"source", "importer", "lang"})
            raise TypeError(
                "reading a frame takes only importer= and lang=; "
                f"{', '.join(extra) or 'more positional arguments'} apply to files only"
            )
        return read_frame(source, importer=kwargs.get("importer"), lang=kwargs.get("lang", "en"))

    wrapper.__doc__ = noted(
        read.__doc__,
        FRAMES_NOTE.format(name="source")
        + " A frame is validated against an importer's table\n    "
        "(``read_frame``); its table comes back as its kind.",
    )
    return wrapper


def read_frame(frame: AnyFrame, *, importer: str | None = None, lang: str = "en") -> Imported:
    """Validate a frame the caller already has against an importer's table, like a file.

    The importer is ``importer`` when given, else the one importer whose table the frame's
    columns fit (every required column, no column the table does not have; importers that
    declare the same table count as one); when none or several tables fit, the error names
    each importer and why it declined or tied. Returns
    :class:`~integreringslov.Imported` whose ``table`` (the valid rows, coerced) is of the
    caller's kind and whose ``report`` lists every problem with its row, including the
    problems of ``check_frame``.
    """
    entered = enter(frame, source=f"the {kind_of(frame)} frame", check=False)
    imported = default_plugins().read(entered.frame, importer=importer, lang=as_lang(lang))
    # the table is of the caller's kind, as documented (Imported.table is typed for pandas)
    return attrs.evolve(imported, table=entered.leave(imported.table))


def fitting_importer(
    infos: Sequence[ImporterInfo], frame: pd.DataFrame, label: str
) -> ImporterInfo:
    """The one importer whose table the frame's columns fit; else an error naming each."""
    columns = {str(c) for c in frame.columns}
    fits: list[ImporterInfo] = []
    declined: list[str] = []
    for info in infos:
        schema = info.table.to_schema()
        required = {n for n, c in schema.columns.items() if c.required}
        missing = sorted(required - columns)
        unknown = sorted(columns - set(schema.columns)) if schema.strict is True else []
        if missing or unknown:
            why = "; ".join(
                part
                for part in (
                    f"lacks {', '.join(missing)}" if missing else "",
                    f"has columns its table does not: {', '.join(unknown)}" if unknown else "",
                )
                if part
            )
            declined.append(f"{info.name!r} ({info.table.__name__}: {why})")
        else:
            fits.append(info)
    if len({info.table for info in fits}) == 1:
        return fits[0]  # one table, whichever importer declares it: nothing to choose
    if not fits:
        raise InvalidInputError(
            [
                Problem(
                    message="the columns fit no importer's table; tried " + ", ".join(declined),
                    source=label,
                    expected="the columns of one importer's table, or importer=...",
                    check="importer_detection",
                )
            ],
            what=label,
        )
    names = ", ".join(f"{i.name!r} ({i.table.__name__})" for i in fits)
    raise PluginError(
        tr(
            "{label}: the columns fit several importers: {names}; choose with importer=",
            label=label,
            names=names,
        )
    )


@frame_source
def read(
    source: str | os.PathLike[str] | pd.DataFrame,
    *,
    importer: str | None = None,
    mapping: str | os.PathLike[str] | Mapping[str, Any] | None = None,
    lang: Lang | None = None,
    **options: Any,
) -> Imported:
    """Read a data file with an importer plugin, and validate it.

    The importer is ``importer`` when given, else the one whose plugin is most confident
    that the file is its own. What the importer returns is always validated, lazily,
    against the schema the importer declared: invalid rows are left out of
    :attr:`Imported.table` and every problem is listed in :attr:`Imported.report`, together
    with the rows the importer itself could not read (listed first) and, in
    ``report.notes``, what it did not read on purpose (title rows, sum rows, ...). An
    importer may say that its table follows the schema of a sibling importer of the same
    plugin (a spreadsheet that holds municipalities); :attr:`Imported.importer` is then
    that sibling.

    :param source: The file to read; or a frame, validated as the table of ``importer``
        (or, when none is named, of the one importer whose columns it fits), with a report
        like a file's: duplicate column labels, cells that are not single values and dates
        with a time zone are problems in the report.
    :param importer: The name of an importer (see :func:`importers`); detected when omitted.
    :param mapping: For spreadsheets: a TOML mapping file, or the same as a dict.
    :param lang: The language of the messages and notes: ``"en"`` or ``"nb"`` (bokmål);
        by default the language of a surrounding ``speaking`` block,
        English outside one.
    :param options: Options passed to the importer (see its documentation).
    :return: :class:`Imported` with ``table``, ``report`` and ``importer``.
    :raises SourceError: When the file cannot be read at all, or no importer recognises it.
    :raises PluginError: When the importer is unknown, detection is ambiguous, or a plugin
        misbehaves.
    """
    return default_plugins().read(source, importer=importer, mapping=mapping, lang=lang, **options)


def importers() -> list[ImporterInfo]:
    """Every installed importer (built-in and from plugins), sorted by name."""
    return default_plugins().importers()
