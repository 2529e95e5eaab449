"""The hooks an importer plugin can implement.

A plugin is a module (or any object) with functions marked ``@integreringslov.hookimpl`` and
named after the hooks below. Implementations may take *fewer* parameters than the spec, in
any order, so hooks can grow new parameters without breaking plugins; never give a hook
parameter a default (pluggy does not pass parameters that have one).

The hooks follow an import's life:

* **declaration** — :func:`register_importers`, called once when the plugin manager is built;
* **detection** — :func:`detect_source`, called on every plugin when the user does not name
  an importer;
* **reading** — :func:`read_source`, called until one plugin returns a table (a DataFrame,
  or a :class:`~integreringslov.plugins.SourceTable` that also says what was left out). The
  host then validates that table against the importer's declared schema; no plugin can skip
  that.

.. versionadded:: 0.1
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from integreringslov.plugins._markers import _hookspec
from integreringslov.plugins._types import Detection, RegisterImporter, SourceTable

__all__ = ["detect_source", "read_source", "register_importers"]


# -- declaration ---------------------------------------------------------------------------


@_hookspec
def register_importers(register: RegisterImporter) -> None:
    """Declare the importers this plugin provides.

    Called once per plugin when the plugin manager is built.

    :param register: A callback owned by the host. Call it once per importer, with keyword
        arguments: ``name`` (unique among installed importers), ``title``, ``publisher``,
        ``table`` (the :class:`~integreringslov.tables.Table` schema the importer's output
        is validated against), and optionally ``patterns`` (file-name patterns such as
        ``"*.json"``), ``description`` and ``examples`` (small files the importer must read
        cleanly; the conformance checks read them). A name already declared by another
        plugin raises :class:`~integreringslov.errors.PluginError` naming both plugins.
    :return: Nothing; the return value is ignored.

    .. versionadded:: 0.1
    """


# -- detection -----------------------------------------------------------------------------


@_hookspec
def detect_source(source: Path) -> Detection | None:
    """Say whether one of this plugin's importers can read ``source``, and how sure it is.

    Called on every plugin when the user does not name an importer. The host picks the
    detection with the highest confidence; two plugins (or importers) tied at the top are an
    error that names both, and the user must choose one with ``importer=``.

    Look at the file cheaply (its suffix and the first few kilobytes). Never raise on a file
    that is not yours, however odd: return ``None``, or — better, because the user is told
    — a detection with confidence ``0`` whose ``reason`` says why the file is not yours
    (``"no 'Region;Navn' header line"``). When no importer claims a file, the error lists
    every plugin with its claim or its reason for declining; when detection chooses between
    close claims, the import's report says so in its notes.

    :param source: The file to import.
    :return: A :class:`~integreringslov.plugins.Detection` naming one of this plugin's own
        importers and a confidence from 0 to 1 (0: declined, with the reason), or ``None``
        when the file is not for this plugin.

    .. versionadded:: 0.1
    """


# -- reading -------------------------------------------------------------------------------


@_hookspec(firstresult=True)
def read_source(
    source: Path, importer: str, options: Mapping[str, Any]
) -> pd.DataFrame | SourceTable | None:
    """Read ``source`` with the importer called ``importer``, if it is this plugin's.

    Called until one plugin returns a table (``firstresult``). Return ``None`` when
    ``importer`` is not one of yours.

    The returned table must have the columns of the importer's declared schema; the host
    validates it lazily and reports every failing cell, so do not validate again. Set the
    index to the row numbers a person sees in the source (the line of a CSV file, the row of
    a sheet, the position in a JSON-stat ``value`` array), so the report points into the file.
    When the file cannot be read at all (corrupt, truncated, wrong encoding), raise
    :class:`~integreringslov.errors.SourceError` naming the file and the problem.

    Never leave a row out silently. When you leave rows or cells out because you could not
    read them, or skip parts of the file on purpose (title rows, sum rows, percentages),
    return a :class:`~integreringslov.plugins.SourceTable`: its ``problems`` go into the
    import's report before the validation problems, and its ``notes`` are shown as what
    was not read on purpose. When the table turns out to follow the schema of another of
    *your* importers, name it in ``SourceTable.importer``; the host validates against that
    importer's schema (naming another plugin's importer is a
    :class:`~integreringslov.errors.PluginError`).

    :param source: The file to import.
    :param importer: The name of the importer chosen (by the user, or by detection).
    :param options: Keyword options the user passed to :func:`integreringslov.read`, plus
        ``mapping`` when one was given. Ignore options you do not know.
    :return: The table as a :class:`pandas.DataFrame` (when nothing was left out), or a
        :class:`~integreringslov.plugins.SourceTable` with the table, the problems, the
        notes and optionally the sibling importer whose schema it follows; ``None`` when
        ``importer`` is not one of this plugin's.

    .. versionadded:: 0.1
    """
