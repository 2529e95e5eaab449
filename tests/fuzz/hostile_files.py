"""Hostile and odd files, built at test time (nothing stored): workbooks, CSV, TOML.

Each builder returns bytes. Workbooks are written from raw SpreadsheetML, so a test can
put exactly the claim it wants into the XML (a cell at ``XFD1048576``, a shared-string
count of two billion, a ``veryHidden`` first sheet) — what Excel or openpyxl would never
write.
"""

from __future__ import annotations

import io
import os
import resource
import zipfile
from collections.abc import Mapping, Sequence
from xml.sax.saxutils import escape

from integreringslov_importers.xlsx import cell_reference as cell_ref

__all__ = [
    "MEMORY",
    "PERSON_HEADER",
    "PERSON_ROW",
    "SECONDS",
    "cap_memory",
    "capped_env",
    "cell_ref",
    "fnr",
    "sheet_xml",
    "workbook",
    "xlsx_zip",
]

MEMORY = 2 << 30
"""The memory a hostile case may take (2 GiB of address space, ``RLIMIT_AS``)."""
SECONDS = 30
"""The time a hostile case may take."""


def cap_memory() -> None:
    """A ``preexec_fn`` for a child that runs a hostile case: at most :data:`MEMORY`.

    Pass :func:`capped_env` as the child's environment with it.
    """
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


CAPPED_ALLOCATORS = {"ARROW_DEFAULT_MEMORY_POOL": "system", "MALLOC_ARENA_MAX": "2"}
"""The allocators of a child under :func:`cap_memory`: ``RLIMIT_AS`` caps address space,
not memory in use, so an allocator that reserves address space ahead makes the cap
meaningless or fatal. pyarrow's default pool (mimalloc) reserves large regions up front and
aborts (SIGABRT, about 1 run in 180 of ``csv_million_ids_only``) when a reservation fails
under the cap; Arrow's ``system`` pool allocates with malloc, which returns ``NULL`` (a
``MemoryError``) instead. glibc's malloc reserves 64 MiB of address space per arena (one
per thread, up to 8 per core): two arenas keep that reserve small, so the 2 GiB still
measures the memory the case uses."""


def capped_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a child under :func:`cap_memory`: this one's, with
    :data:`CAPPED_ALLOCATORS` and ``extra``."""
    return {**os.environ, **CAPPED_ALLOCATORS, **(extra or {})}


PERSON_HEADER = (
    "Løpenr",
    "Fødselsdato",
    "Tillatelse",
    "Tillatelse gitt",
    "Bosatt etter avtale",
    "Nordisk/EØS",
)
"""A person table's required columns, as a Norwegian sheet names them."""
PERSON_ROW = ("P{i}", "1990-01-15", "a", "2024-02-01", "ja", "nei")
"""A valid person under :data:`PERSON_HEADER` (format ``{i}`` for the id)."""

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "{sheets}"
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
# style 0: general; style 1: a date (numFmtId 14, d.m.yyyy)
_STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet {_NS}>'
    '<fonts count="1"><font/></fonts><fills count="1"><fill/></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs>'
    "</styleSheet>"
)

Cell = str | int | float | None


def _cell(ref: str, value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'


def sheet_xml(
    rows: Sequence[Sequence[Cell]],
    *,
    extra_cells: str = "",
    merged: Sequence[str] = (),
    dimension: str | None = None,
) -> str:
    """A worksheet: ``rows`` from A1 (a string cell starting ``<c`` is taken as raw XML)."""
    body = []
    for i, row in enumerate(rows, start=1):
        cells = "".join(
            v if isinstance(v, str) and v.startswith("<c") else _cell(cell_ref(i, j), v)
            for j, v in enumerate(row, start=1)
        )
        body.append(f'<row r="{i}">{cells}</row>')
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    merge = (
        f'<mergeCells count="{len(merged)}">'
        + "".join(f'<mergeCell ref="{m}"/>' for m in merged)
        + "</mergeCells>"
        if merged
        else ""
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet {_NS}>{dim}'
        f"<sheetData>{''.join(body)}{extra_cells}</sheetData>{merge}</worksheet>"
    )


def xlsx_zip(parts: Mapping[str, str | bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip archive of ``parts`` (name → text or bytes)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


def workbook(
    sheets: Mapping[str, str],
    *,
    states: Mapping[str, str] | None = None,
    shared_strings: str | None = None,
) -> dict[str, str]:
    """The parts of a workbook: sheet name → worksheet XML, in order; ``states`` hides some."""
    states = states or {}
    entries, rels, types = [], [], []
    parts: dict[str, str] = {}
    for i, (name, xml) in enumerate(sheets.items(), start=1):
        state = f' state="{states[name]}"' if name in states else ""
        entries.append(f'<sheet name="{escape(name)}" sheetId="{i}"{state} r:id="rId{i}"/>')
        rels.append(
            f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
        )
        types.append(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        )
        parts[f"xl/worksheets/sheet{i}.xml"] = xml
    n = len(sheets)
    rels.append(
        f'<Relationship Id="rId{n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    )
    rels.append(
        f'<Relationship Id="rId{n + 2}" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/styles" Target="styles.xml"/>'
    )
    return {
        "[Content_Types].xml": _CONTENT_TYPES.format(sheets="".join(types)),
        "_rels/.rels": _ROOT_RELS,
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook {_NS} {_RNS}>'
            f"<sheets>{''.join(entries)}</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(rels)
            + "</Relationships>"
        ),
        "xl/sharedStrings.xml": shared_strings
        or f'<?xml version="1.0" encoding="UTF-8"?><sst {_NS} count="0" uniqueCount="0"/>',
        "xl/styles.xml": _STYLES,
        **parts,
    }


def fnr(day: str, first: int = 100) -> str:
    """A fødselsnummer with valid check digits for ``DDMMYY`` (individual number ≥ ``first``)."""
    from integreringslov.fodselsnummer import check_digits

    for individual in range(first, 1000):
        nine = f"{day}{individual:03d}"
        k = check_digits(nine)
        if k is not None:
            return nine + f"{k[0]}{k[1]}"
    raise AssertionError("no valid number")  # pragma: no cover
