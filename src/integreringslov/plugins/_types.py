"""The public value types of the plugin system.

Plugins meet these types in the hooks of :mod:`integreringslov.plugins.hookspecs`; users get
them back from :func:`integreringslov.read` and :func:`integreringslov.importers`. They are
frozen attrs records and part of the stable plugin API.

.. versionadded:: 0.1
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

import attrs
import pandas as pd

from integreringslov.errors import Problem
from integreringslov.tables import Table, ValidationReport

__all__ = ["Detection", "Imported", "ImporterInfo", "RegisterImporter", "SourceTable"]


def _tuple_of_str(value: Sequence[str] | str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _tuple_of_paths(value: Sequence[str | Path]) -> tuple[Path, ...]:
    return tuple(Path(v) for v in value)


@attrs.frozen(kw_only=True)
class ImporterInfo:
    """An importer as declared by a plugin through ``register_importers``.

    The host fills in :attr:`plugin` and :attr:`distribution`; everything else comes from the
    plugin's call of the ``register`` callback.
    """

    name: str
    """The importer's name, unique among installed importers (``ssb-jsonstat``, ``imdi``)."""
    title: str
    """A one-line title for people (``SSB StatBank table (JSON-stat)``)."""
    publisher: str
    """Who publishes the data this importer reads (``Statistics Norway (SSB)``)."""
    table: type[Table]
    """The pandera schema every table the importer returns is validated against."""
    patterns: tuple[str, ...] = attrs.field(default=(), converter=_tuple_of_str)
    """File-name patterns the importer usually reads (``*.json``); a hint, not a rule."""
    description: str = ""
    """A longer description (Markdown) for ``integreringslov importers`` and the docs."""
    examples: tuple[Path, ...] = attrs.field(default=(), converter=_tuple_of_paths)
    """Small files the importer must read without a problem (run by the conformance checks)."""
    plugin: str = ""
    """The name the plugin is registered under (the entry-point name for installed plugins)."""
    distribution: str | None = None
    """The installed distribution providing the plugin, as ``"name version"``, when known."""


class RegisterImporter(Protocol):
    """The callback the host passes to ``register_importers`` as ``register``.

    Call it once per importer the plugin provides. The host checks the declaration and
    raises :class:`~integreringslov.errors.PluginError` at once when the name is already
    taken, naming both plugins.
    """

    def __call__(
        self,
        *,
        name: str,
        title: str,
        publisher: str,
        table: type[Table],
        patterns: Sequence[str] = (),
        description: str = "",
        examples: Sequence[str | Path] = (),
    ) -> None:
        """Declare one importer; see :class:`ImporterInfo` for the meaning of each argument."""


@attrs.frozen(kw_only=True)
class Detection:
    """A plugin's claim on a source: which of its importers reads it, and how sure it is."""

    importer: str
    """The name of the importer (declared by the same plugin) that would read the source."""
    confidence: float = attrs.field(validator=[attrs.validators.ge(0.0), attrs.validators.le(1.0)])
    """How sure the plugin is, from 0 (not at all) to 1 (certain: a signature only this
    format has). Content-based evidence should score higher than a file-name match."""
    reason: str = ""
    """Why, in a few words (shown when detection is ambiguous)."""


def _dict_of_str(value: Mapping[str, str]) -> dict[str, str]:
    return {str(k): str(v) for k, v in value.items()}


def _tuple_of_problems(value: Sequence[Problem]) -> tuple[Problem, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class SourceTable:
    """What an importer's ``read_source`` may return instead of a bare DataFrame.

    Besides the table, it tells the host what the importer did *not* put in the table, so
    that no row disappears without a trace: the host lists :attr:`problems` in the
    import's report (before the validation problems), and :attr:`notes` as what was not
    read on purpose. The table is validated like a bare DataFrame; :attr:`headers` and
    :attr:`sheet` make the validation problems speak the file's words (the row is the
    table's index: set it to the row numbers the user sees).

    .. versionadded:: 0.1
    """

    table: pd.DataFrame = attrs.field(eq=False, repr=False)
    """The rows read, with the columns of the importer's schema; the index holds the row
    numbers a person sees in the source (see ``read_source``)."""
    problems: tuple[Problem, ...] = attrs.field(default=(), converter=_tuple_of_problems)
    """The rows or cells the importer could not read and left out of :attr:`table`, each
    with the place (sheet, row, column), the value and what was expected. Every row left
    out because of a problem must be here."""
    notes: tuple[str, ...] = attrs.field(default=(), converter=_tuple_of_str)
    """What the importer deliberately did not read as data — title, sum and empty rows,
    percentage figures, unused columns, ... — and what it had to decide about the file (a
    column of years read as a dimension, the decimal mark), in words a person can check.
    Notes are not problems: an import with notes and no problem is ``ok``."""
    headers: Mapping[str, str] = attrs.field(factory=dict, converter=_dict_of_str, eq=False)
    """Each canonical column (the schema's name) → the header the source has for it, e.g.
    ``{"month": "måned"}``. The host names that header in every validation problem, so
    users read their file's words; columns not listed are shown by their canonical name.

    .. versionadded:: 0.2
    """
    sheet: str | None = None
    """The sheet the table was read from, where there is one; set in every validation
    problem. (The problems of :attr:`problems` name their own sheet.)

    .. versionadded:: 0.2
    """
    importer: str | None = None
    """The name of another importer *declared by the same plugin* whose schema this table
    follows (a spreadsheet read as ``spreadsheet`` that turns out to be a municipality
    table says ``"spreadsheet-municipalities"``). The host then validates against that
    importer's schema and reports that importer in :attr:`Imported.importer`. ``None``
    (the default): the importer that was asked. Naming another plugin's importer is a
    :class:`~integreringslov.errors.PluginError`."""


@attrs.frozen(kw_only=True)
class Imported:
    """What :func:`integreringslov.read` returns: the validated table, the report, the importer."""

    table: pd.DataFrame = attrs.field(eq=False, repr=False)
    """The rows that passed validation, coerced to the importer's schema. The index holds the
    row numbers in the source (see the importer's documentation)."""
    report: ValidationReport
    """Every problem, each with its row, column, value and check — the rows the importer
    could not read first, then the validation problems; ``report.ok`` when there is none.
    ``report.notes`` says what the importer did not read on purpose."""
    importer: ImporterInfo
    """The importer whose schema the table follows: the one that read the source, or the
    sibling it named in :attr:`SourceTable.importer`."""
