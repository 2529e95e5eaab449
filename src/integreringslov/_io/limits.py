"""The limits every reader enforces before it allocates: one place, documented, raisable.

A file states what it holds before it holds it: a JSON-stat ``size`` claims a number of
cells, an ``.xlsx`` sheet claims its dimension and its shared strings, a zip member claims
its decompressed size. Each reader checks such a claim against these limits *before* it
allocates for it, and refuses with a :class:`~integreringslov.errors.SourceError` that
states the claim and the limit (:func:`check`). The defaults fit a 2-core machine with
24 GB; a caller with a larger machine or a larger legitimate file raises one limit:

>>> import attrs
>>> from integreringslov._io.limits import DEFAULT_LIMITS
>>> bigger = attrs.evolve(DEFAULT_LIMITS, max_cells=200_000_000)
>>> bigger.max_cells
200000000

and passes it on, e.g. ``il.read(path, limits=bigger)``.

What is refused and what is reported: a claim over a limit that concerns the whole file
(its size, a sheet's rectangle, a zip member, a shared-string count, a mapping's nesting)
refuses the file; a single spreadsheet or CSV cell over :attr:`Limits.max_field_chars` is
a problem for its row (the row is left out and named), while in an IMDi export, which is
machine-written, it refuses the file. Paths that are not regular files (a FIFO,
``/dev/zero``, a directory) are refused before they are opened (:func:`read_file`,
:func:`regular_file_size`). The page ``docs/reference/limits.md`` lists the defaults; a
test keeps it equal to this class.
"""

from __future__ import annotations

import os
import stat
from typing import Any, Final

import attrs

from integreringslov._text.i18n import N_, tr
from integreringslov.errors import SourceError

__all__ = ["DEFAULT_LIMITS", "Limits", "check", "read_file", "regular_file_size"]


@attrs.frozen(kw_only=True)
class Limits:
    """How much a single source may claim or hold before a reader refuses it."""

    max_input_bytes: int = 1 << 30
    """Bytes of one input file (or one decompressed member) read into memory (1 GiB)."""
    max_decompressed_bytes: int = 1 << 30
    """Bytes all members of a zip container (``.xlsx``) may decompress to together (1 GiB)."""
    max_compression_ratio: int = 200
    """How many times larger than its compressed size a zip member may claim to be."""
    max_cells: int = 50_000_000
    """Cells a statistical table may claim (JSON-stat: the product of its ``size``; an IMDi
    export: lines × cells per line, before it is turned into long form)."""
    max_dimensions: int = 64
    """Dimensions of a statistical table."""
    max_rows: int = 20_000_000
    """Rows of one table, sheet or CSV file (header and title rows included)."""
    max_columns: int = 2_000
    """Columns of one table or sheet; cells of one CSV record."""
    max_field_chars: int = 100_000
    """Characters of one cell (CSV field, spreadsheet cell, JSON string); Excel itself
    stops at 32,767."""
    max_sheet_cells: int = 10_000_000
    """Cells one spreadsheet sheet may claim: rows × columns of its ``<dimension>`` and of
    its last cell reference (the reader holds the whole rectangle, empty cells too)."""
    max_shared_strings: int = 10_000_000
    """Unique strings an ``.xlsx`` workbook may claim in ``sharedStrings.xml``."""
    max_nesting_depth: int = 64
    """Nesting of JSON and TOML documents (objects, arrays, tables; the document itself is
    the first level)."""
    max_zip_members: int = 10_000
    """Members of a zip container (``.xlsx``); a workbook has a few dozen."""
    max_mapping_bytes: int = 1 << 20
    """Bytes of a TOML mapping file (1 MiB; a real one is a few hundred bytes)."""
    max_xml_part_bytes: int = 16 << 20
    """Bytes of a small ``.xlsx`` part read whole (``workbook.xml`` and its relations)."""


DEFAULT_LIMITS: Final = Limits()
"""The limits in force unless a caller passes others."""


def check(source: str, what: str, claimed: int, limit: int, *, name: str, **where: Any) -> None:
    """Refuse ``source`` if it claims more of ``what`` than ``limit`` allows.

    ``name`` is the :class:`Limits` field, so the message says which limit to raise;
    ``where`` (``sheet=``, ``row=``, ``column=``) places the claim in the file.

    >>> check("t.json", "cells", 10, 100, name="max_cells")
    >>> try:
    ...     check("t.json", "cells", 10**9, 100, name="max_cells")
    ... except SourceError as error:
    ...     print(error.problems[0].message)
    the file claims 1000000000 cells; the limit is 100 (raise Limits.max_cells to read it)
    """
    if claimed > limit:
        raise SourceError(
            source,
            tr(
                "the file claims {claimed} {what}; the limit is {limit} (raise Limits.{name} to "
                "read it)",
                claimed=claimed,
                what=tr(what),
                limit=limit,
                name=name,
            ),
            check=name,
            **where,
        )


_UNITS = (
    N_("bytes"),
    N_("bytes unpacked"),
    N_("bytes in the answer"),
    N_("bytes in one cell"),
    N_("rows"),
    N_("data rows"),
    N_("columns"),
    N_("cells"),
    N_("cells in the sheet"),
    N_("cells in one row"),
    N_("characters in one cell"),
    N_("dimensions"),
    N_("variables"),
    N_("levels of nesting"),
    N_("zip members"),
)
"""What a limit counts (:func:`check`'s ``what``), as message ids."""


def regular_file_size(path: str | os.PathLike[str], *, source: str | None = None) -> int:
    """The size of ``path``, refused unless it is a regular file — before it is opened.

    A FIFO would block a reader forever and ``/dev/zero`` would feed it until memory runs
    out; a directory cannot be read. Each is a :class:`SourceError` naming what it is.
    """
    where = source or os.fspath(path)
    try:
        info = os.stat(path)
    except OSError as exc:
        raise SourceError(where, f"cannot open the file: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        kind = (
            "a directory"
            if stat.S_ISDIR(info.st_mode)
            else "a named pipe (FIFO)"
            if stat.S_ISFIFO(info.st_mode)
            else "a device"
            if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
            else "not a regular file"
        )
        raise SourceError(where, f"not a regular file: the path is {kind}")
    return info.st_size


def read_file(
    path: str | os.PathLike[str], limit: int, *, name: str, source: str | None = None
) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, checked before reading.

    ``name`` is the :class:`Limits` field of ``limit``; a file that is not regular or is
    larger is a :class:`SourceError` saying why.

    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile() as f:
    ...     _ = f.write(b"abc"); f.flush()
    ...     read_file(f.name, 3, name="max_input_bytes")
    b'abc'
    """
    where = source or os.fspath(path)
    size = regular_file_size(path, source=where)
    check(where, "bytes", size, limit, name=name)
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise SourceError(where, f"cannot open the file: {exc.strerror}") from None
    check(where, "bytes", len(data), limit, name=name)  # it grew while we looked
    return data
