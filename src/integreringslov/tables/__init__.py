"""Tables: each table kind declared once, validated with pandera.

:class:`Table` is the base of every schema; :class:`ValidationReport` says what
validation found. One module per table kind declares its columns:
:mod:`~integreringslov.tables.persons` (the person and assessment tables),
:mod:`~integreringslov.tables.statistics` (SSB tables),
:mod:`~integreringslov.tables.settlement_statistics` (IMDi) and
:mod:`~integreringslov.tables.municipalities` (the criteria of a recommendation).
"""

from __future__ import annotations

from integreringslov.tables._base import Table, ValidationReport, column_schema, validate

__all__ = ["Table", "ValidationReport", "column_schema", "validate"]
