"""The files the library writes: which suffixes, and where a file names its table.

Light on purpose (no pandas): the command line lists :data:`SUFFIXES` in its help, which
is built for every command line, ``--version`` too. The writer is
``write``, the reader of what it wrote
``readback``.
"""

from __future__ import annotations

from typing import Final

__all__ = ["ASSESSED_ON", "METADATA_KEY", "SUFFIXES"]

SUFFIXES: Final = (".csv", ".xlsx", ".parquet", ".json")
"""The file suffixes ``write_table`` knows."""

METADATA_KEY: Final = "integreringslov"
"""The key under which a workbook (a custom document property) and a Parquet file (the
key-value metadata) name the table they hold. A CSV file has no such place: its header
tells the table (``written_tables``)."""

ASSESSED_ON: Final = "integreringslov.assessed_on"
"""The assessment date (``YYYY-MM-DD``) an assessment table was computed on: the key in
the assessed frame's ``attrs``, and where a written file keeps it — a workbook's custom
document property, a Parquet file's key-value metadata, a JSON file's ``"assessed_on"``.
A CSV file is plain (the contract's columns only) and does not carry it."""
