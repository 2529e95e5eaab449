"""Check an ``.xlsx`` workbook before a native reader sees it (*kontroll av arbeidsbok*).

python-calamine, which reads the cells, is fast but native: on a 2 KB workbook with one
cell at ``XFD1048576``, a ``sharedStrings`` part claiming two billion strings or a
23-letter column name it aborts the whole process. So everything it would trust is
checked here first, against :class:`integreringslov.plugins.Limits`, streaming and
without building a tree of the sheet:

* the zip directory (:func:`check_workbook`): member count, declared and real
  decompressed sizes, compression ratio, encrypted members, compression methods other
  than *stored* and *deflate*, duplicate names, and ``<!DOCTYPE``/``<!ENTITY`` in any
  XML part (entity expansion);
* ``workbook.xml`` and its relations: each sheet's name, visibility (``hidden``,
  ``veryHidden``) and part;
* ``sharedStrings.xml``: its ``uniqueCount`` claim and the strings it really holds;
* each sheet read (:func:`scan_sheet`): its ``<dimension>``, every row number and cell
  reference (``A1`` … ``XFD1048576``; a column of more than three letters is refused),
  the cells of the rectangle the reader will hold, and — so that nothing reads as empty
  without a word — formula cells saved without a cached value and error cells
  (``#REF!``, ``#N/A``, …), by cell reference.

Anything wrong is a :class:`~integreringslov.errors.SourceError` naming the file, the
part or sheet, the claim and the limit.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Generator
from contextlib import ExitStack, closing
from pathlib import Path
from xml.etree import ElementTree

import attrs

from integreringslov._io.limits import Limits, check, regular_file_size
from integreringslov._text.i18n import tr
from integreringslov.errors import SourceError

__all__ = [
    "DAMAGED",
    "EXCEL_MAX_COLUMNS",
    "EXCEL_MAX_ROWS",
    "CellComment",
    "CellIssue",
    "SheetEntry",
    "SheetScan",
    "cell_reference",
    "check_workbook",
    "column_number",
    "scan_sheet",
    "sheet_comments",
]

EXCEL_MAX_ROWS = 1_048_576
"""The last row Excel allows (row numbers beyond it are not a valid reference)."""
EXCEL_MAX_COLUMNS = 16_384
"""The last column Excel allows (``XFD``)."""

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_CHUNK = 8 << 20
_HEAD = 64 << 10
_REF = re.compile(rb"([A-Za-z]*)([0-9]*)")
_CELL_REF = re.compile(rb'<c\b[^>]*?\sr="([^"]*)"')
_ROW_NUM = re.compile(rb'<row\b[^>]*?\sr="([^"]*)"')
_CELL_START = re.compile(rb"<c[\s>/]")
_DIMENSION = re.compile(rb'<dimension\b[^>]*?\sref="([^"]*)"')
_FORMULA = re.compile(rb"<f[\s>/]")
_ERROR_TYPE = re.compile(rb'\st="e"')
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_SST = re.compile(rb"<(?:\w+:)?sst\b([^>]*)>")
_SST_ATTR = re.compile(rb'\b(count|uniqueCount)="([^"]*)"')
_SI = re.compile(rb"<(?:\w+:)?si[\s>/]")
DAMAGED = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    RuntimeError,
    NotImplementedError,
)
"""What :mod:`zipfile` and :mod:`zlib` raise on a damaged archive or member."""
_RELS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_RELS_NS_STRICT = "http://purl.oclc.org/ooxml/officeDocument/relationships"


@attrs.frozen
class SheetEntry:
    """A sheet as ``workbook.xml`` declares it."""

    name: str
    """The sheet's name (its tab)."""
    part: str
    """The zip member holding its cells, e.g. ``xl/worksheets/sheet1.xml``."""
    state: str = "visible"
    """``visible``, ``hidden`` or ``veryHidden`` (hidden so that Excel's menus cannot show it)."""


@attrs.frozen
class CellIssue:
    """A cell whose value a reader would see as empty, though the sheet shows something."""

    ref: str
    """The cell reference, e.g. ``C31``."""
    message: str
    """What is wrong, in words."""
    value: str | None
    """The error value (``#REF!``) where there is one."""
    check: str
    """``formula_without_value`` or ``error_cell``."""


@attrs.frozen
class CellComment:
    """A comment (a note) on a cell, as Excel shows it when the pointer rests on the cell."""

    ref: str
    """The cell reference, e.g. ``D4``."""
    author: str
    """Who wrote it (``PX-Web Ekstern``: StatBank's footnotes); empty when not said."""
    text: str
    """The comment's text, its runs joined, with white space at its ends left out."""


@attrs.frozen
class SheetScan:
    """What :func:`scan_sheet` found: the rectangle to read and the cells to report."""

    rows: int
    """The last row with a cell (1-based)."""
    columns: int
    """The last column with a cell (1-based)."""
    issues: tuple[CellIssue, ...] = ()
    """Formula cells without a cached value and error cells, in sheet order."""


def column_number(letters: str) -> int:
    """``A`` → 1, ``Z`` → 26, ``AA`` → 27, ``XFD`` → 16384.

    >>> column_number("XFD")
    16384
    """
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n


def _refuse(source: str, message: str, **where: object) -> SourceError:
    return SourceError(source, message, **where)


def check_workbook(path: Path, limits: Limits) -> list[SheetEntry]:
    """Check the container and the workbook part; the sheets in workbook order.

    :raises SourceError: encrypted or old ``.xls``, not a zip, a zip over the limits, an
        unreadable member, entity declarations, or no ``workbook.xml``.
    """
    src = str(path)
    size = regular_file_size(path)
    check(src, "bytes", size, limits.max_input_bytes, name="max_input_bytes")
    with path.open("rb") as fh:
        magic = fh.read(8)
    if magic.startswith(_OLE_MAGIC):
        raise _refuse(
            src,
            tr(
                "the workbook is password-protected (encrypted) or an old .xls file; save it as "
                "an unprotected .xlsx (or .csv) and try again",
            ),
        )
    if not magic.startswith(_ZIP_MAGIC):
        raise _refuse(
            src,
            tr("not an .xlsx workbook (the file is corrupt or another format)"),
        )
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            check(src, "zip members", len(infos), limits.max_zip_members, name="max_zip_members")
            _check_members(src, infos, limits)
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    head = _read_member(zf, info, src, _HEAD)
                    if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
                        raise _refuse(
                            src,
                            tr(
                                "the workbook part {info_filename!r} declares a DOCTYPE/ENTITY; "
                                "refused (XML entity expansion)",
                                info_filename=info.filename,
                            ),
                        )
            names = {i.filename for i in infos}
            if "xl/workbook.xml" not in names:
                raise _refuse(
                    src,
                    tr("not an .xlsx workbook (xl/workbook.xml is missing)"),
                )
            sheets, shared = _sheets(zf, src, limits)
            if shared in names:
                _check_shared_strings(zf, zf.getinfo(shared), src, limits)
            return sheets
    except SourceError:
        raise
    except DAMAGED as exc:
        raise _refuse(
            src, tr("the workbook is corrupt: {exc}", exc=exc)
        ) from None


def _check_members(src: str, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        if name in seen:
            raise _refuse(
                src,
                tr("the workbook has two parts called {name!r}", name=name),
            )
        seen.add(name)
        if info.flag_bits & 0x1:
            raise _refuse(
                src,
                tr(
                    "the workbook part {name!r} is encrypted; save the workbook without a "
                    "password and try again",
                    name=name,
                ),
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _refuse(
                src,
                tr(
                    "the workbook part {name!r} uses compression method {info_compress_type}; an "
                    ".xlsx uses only 'stored' (0) or 'deflate' (8)",
                    name=name,
                    info_compress_type=info.compress_type,
                ),
            )
        check(
            src,
            tr("bytes in the part {name!r}", name=name),
            info.file_size,
            limits.max_input_bytes,
            name="max_input_bytes",
        )
        ratio = info.file_size // max(info.compress_size, 1)
        if info.file_size > 1 << 20:
            check(
                src,
                tr("times compression in the part {name!r} (a decompression bomb?)", name=name),
                ratio,
                limits.max_compression_ratio,
                name="max_compression_ratio",
            )
        total += info.file_size
    check(
        src,
        tr("bytes unpacked (all parts together; a decompression bomb?)"),
        total,
        limits.max_decompressed_bytes,
        name="max_decompressed_bytes",
    )


def _chunks(zf: zipfile.ZipFile, info: zipfile.ZipInfo, src: str) -> Generator[bytes, None, None]:
    """The member's bytes in chunks, never more than it declares; errors name the part."""
    left = info.file_size
    try:
        with zf.open(info) as member:
            while True:
                block = member.read(min(_CHUNK, left + 1))
                if not block:
                    return
                left -= len(block)
                if left < 0:
                    raise _refuse(
                        src,
                        tr(
                            "the workbook part {info_filename!r} unpacks to more than the "
                            "{info_file_size} bytes it declares (a decompression bomb?)",
                            info_filename=info.filename,
                            info_file_size=info.file_size,
                        ),
                    )
                yield block
    except SourceError:
        raise
    except DAMAGED as exc:
        raise _refuse(
            src,
            tr(
                "the workbook part {info_filename!r} is damaged and cannot be read: {exc}",
                info_filename=info.filename,
                exc=exc,
            ),
        ) from None


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, src: str, limit: int) -> bytes:
    """Up to ``limit`` bytes from the start of a member."""
    out = bytearray()
    for block in _chunks(zf, info, src):
        out += block
        if len(out) >= limit:
            break
    return bytes(out[:limit])


def _xml(zf: zipfile.ZipFile, name: str, src: str, limits: Limits) -> ElementTree.Element:
    info = zf.getinfo(name)
    check(
        src,
        tr("bytes in the part {name!r}", name=name),
        info.file_size,
        limits.max_xml_part_bytes,
        name="max_xml_part_bytes",
    )
    data = _read_member(zf, info, src, limits.max_xml_part_bytes)
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise _refuse(
            src,
            tr("the workbook part {name!r} is not well-formed XML: {exc}", name=name, exc=exc),
        ) from None


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _sheets(zf: zipfile.ZipFile, src: str, limits: Limits) -> tuple[list[SheetEntry], str]:
    """The sheets of ``workbook.xml`` (name, part, state) and the shared-strings part."""
    targets: dict[str, str] = {}
    shared = "xl/sharedStrings.xml"
    rels = "xl/_rels/workbook.xml.rels"
    if rels in zf.namelist():
        for rel in _xml(zf, rels, src, limits).iter():
            if _local(rel.tag) != "Relationship":
                continue
            target = rel.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            part = posixpath.normpath(part)
            targets[rel.get("Id", "")] = part
            if rel.get("Type", "").endswith("/sharedStrings"):
                shared = part
    entries: list[SheetEntry] = []
    for i, el in enumerate(
        (e for e in _xml(zf, "xl/workbook.xml", src, limits).iter() if _local(e.tag) == "sheet"),
        start=1,
    ):
        rid = el.get(f"{{{_RELS_NS}}}id") or el.get(f"{{{_RELS_NS_STRICT}}}id") or ""
        part = targets.get(rid, f"xl/worksheets/sheet{i}.xml")
        entries.append(
            SheetEntry(
                name=el.get("name", f"Sheet{i}"), part=part, state=el.get("state", "visible")
            )
        )
    return entries, shared


def _check_shared_strings(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, src: str, limits: Limits
) -> None:
    head = _read_member(zf, info, src, _HEAD)
    root = _SST.search(head)
    if root is not None:
        for key, value in _SST_ATTR.findall(root.group(1)):
            claimed = int(value) if value.isdigit() else 0
            if key == b"uniqueCount":
                check(
                    src,
                    tr("unique shared strings (sharedStrings.xml uniqueCount)"),
                    claimed,
                    limits.max_shared_strings,
                    name="max_shared_strings",
                )
    count = 0
    tail = b""
    for block in _chunks(zf, info, src):
        data = tail + block
        count += len(_SI.findall(data, 0, max(len(data) - 8, 0)))
        tail = data[max(len(data) - 8, 0) :]
        check(
            src,
            tr("shared strings (sharedStrings.xml)"),
            count,
            limits.max_shared_strings,
            name="max_shared_strings",
        )


def _parse_ref(raw: bytes, src: str, sheet: str) -> tuple[int, int]:
    """(row, column) of a cell reference, or a SourceError for one Excel cannot have."""
    m = _REF.fullmatch(raw)
    shown = raw[:24].decode("latin-1")
    if m is None or not m.group(2) or len(m.group(1)) > 3:
        raise _refuse(
            src,
            tr(
                "the cell reference {shown!r} is not a valid cell (a column of at most three "
                "letters, A to XFD, and a row number)",
                shown=shown,
            ),
            sheet=sheet,
        )
    column = column_number(m.group(1).decode("ascii")) if m.group(1) else 0
    row = int(m.group(2))
    if column > EXCEL_MAX_COLUMNS or not 1 <= row <= EXCEL_MAX_ROWS:
        raise _refuse(
            src,
            tr(
                "the cell reference {shown!r} lies outside the sheet Excel allows (A1 to "
                "XFD{EXCEL_MAX_ROWS})",
                shown=shown,
                EXCEL_MAX_ROWS=EXCEL_MAX_ROWS,
            ),
            sheet=sheet,
        )
    return row, column


def _cut(data: bytes, final: bool) -> int:
    """Where to cut a buffer so that no cell is split: after the last ``</row>`` or ``</c>``."""
    if final:
        return len(data)
    for tag in (b"</row>", b"</c>"):
        end = data.rfind(tag)
        if end >= 0:
            return end + len(tag)
    return 0


def _issues(chunk: bytes, src: str, sheet: str) -> list[CellIssue]:
    """Formula cells without a cached value, and error cells, in one chunk."""
    found: dict[int, CellIssue] = {}
    for pattern in (_FORMULA, _ERROR_TYPE):
        for m in pattern.finditer(chunk):
            start = chunk.rfind(b"<c", 0, m.start())
            while start >= 0 and _CELL_START.match(chunk, start) is None:
                start = chunk.rfind(b"<c", 0, start)
            if start < 0 or start in found:
                continue
            end = chunk.find(b"</c>", m.end())
            stop = chunk.find(b">", start)
            cell = chunk[start : end if end >= 0 else len(chunk)]
            tag = chunk[start : stop + 1]
            ref_m = re.search(rb'\sr="([^"]*)"', tag)
            ref = ref_m.group(1).decode("latin-1") if ref_m else "?"
            value = _VALUE.search(cell)
            if _ERROR_TYPE.search(tag):
                shown = value.group(1).decode("utf-8", "replace") if value else "#VALUE!"
                issue = (
                    tr(
                        "the cell shows the error {shown} (in {sheet}!{ref}); correct it in the "
                        "workbook",
                        shown=shown,
                        sheet=sheet,
                        ref=ref,
                    ),
                    shown,
                    "error_cell",
                )
            elif value is None or not value.group(1).strip():
                issue = (
                    tr(
                        "the formula in {sheet}!{ref} was saved without its value; open the "
                        "workbook in Excel and save it again (or type the value)",
                        sheet=sheet,
                        ref=ref,
                    ),
                    None,
                    "formula_without_value",
                )
            else:
                continue
            found[start] = CellIssue(ref=ref, message=issue[0], value=issue[1], check=issue[2])
    return [found[k] for k in sorted(found)]


def scan_sheet(path: Path, entry: SheetEntry, limits: Limits) -> SheetScan:
    """Stream one sheet's XML: check every reference and claim, find cells to report.

    :raises SourceError: an invalid reference, a dimension or a rectangle over
        :attr:`~integreringslov.plugins.Limits.max_sheet_cells`, more columns than
        :attr:`~integreringslov.plugins.Limits.max_columns`, a damaged part, or a cell
        longer than :attr:`~integreringslov.plugins.Limits.max_field_chars`.
    """
    src, sheet = str(path), entry.name
    max_row = max_col = 0
    issues: list[CellIssue] = []
    buffer = b""
    first = True
    try:
        with ExitStack() as stack:
            zf = stack.enter_context(zipfile.ZipFile(path))
            try:
                info = zf.getinfo(entry.part)
            except KeyError:
                raise _refuse(
                    src,
                    tr(
                        "the sheet's part {entry_part!r} is missing from the workbook",
                        entry_part=entry.part,
                    ),
                    sheet=sheet,
                ) from None
            blocks = stack.enter_context(closing(_chunks(zf, info, src)))
            done = False
            while not done:
                block = next(blocks, None)
                done = block is None
                buffer += block or b""
                if first:  # the first block holds the start of the part
                    first = False
                    _check_dimension(buffer[:_HEAD], src, sheet, limits)
                cut = _cut(buffer, done)
                if cut == 0:
                    if len(buffer) > limits.max_field_chars * 4 + _CHUNK:
                        check(
                            src,
                            "bytes in one cell",
                            len(buffer),
                            limits.max_field_chars * 4,
                            name="max_field_chars",
                            sheet=sheet,
                        )
                    continue
                chunk, buffer = buffer[:cut], buffer[cut:]
                for raw in _ROW_NUM.findall(chunk):
                    row, _ = _parse_ref(raw, src, sheet)
                    max_row = max(max_row, row)
                refs = set(_CELL_REF.findall(chunk))
                for raw in refs:
                    row, col = _parse_ref(raw, src, sheet)
                    max_row, max_col = max(max_row, row), max(max_col, col)
                check(src, "rows", max_row, limits.max_rows, name="max_rows", sheet=sheet)
                check(src, "columns", max_col, limits.max_columns, name="max_columns", sheet=sheet)
                corner = cell_reference(max_row, max_col)
                check(
                    src,
                    tr("cells (rows × columns up to {corner})", corner=corner),
                    max_row * max_col,
                    limits.max_sheet_cells,
                    name="max_sheet_cells",
                    sheet=sheet,
                )
                issues += _issues(chunk, src, sheet)
    except SourceError:
        raise
    except DAMAGED as exc:
        raise _refuse(
            src,
            tr("the workbook is corrupt: {exc}", exc=exc),
            sheet=sheet,
        ) from None
    return SheetScan(rows=max_row, columns=max_col, issues=tuple(issues))


def cell_reference(row: int, column: int) -> str:
    """The ``A1``-style reference of a 1-based row and column.

    >>> cell_reference(1048576, 16384)
    'XFD1048576'
    """
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters or 'A'}{row}"


def _check_dimension(head: bytes, src: str, sheet: str, limits: Limits) -> None:
    m = _DIMENSION.search(head)
    if m is None:
        return
    corners = m.group(1).replace(b"$", b"").split(b":")
    last = [_parse_ref(c, src, sheet) for c in corners if c]
    if not last:
        return
    rows = max(r for r, _ in last)
    cols = max(c for _, c in last)
    claim = m.group(1)[:40].decode("latin-1")
    check(
        src,
        tr("cells (its <dimension> is {claim})", claim=claim),
        rows * cols,
        limits.max_sheet_cells,
        name="max_sheet_cells",
        sheet=sheet,
    )


def sheet_comments(path: Path, entry: SheetEntry, limits: Limits) -> list[CellComment]:
    """The comments on the cells of one sheet, in the order the comments part lists them.

    A sheet's comments are a part of their own (``xl/comments1.xml``), named by the sheet's
    relations; the cells do not hold them. Call after :func:`check_workbook` (which has
    refused entity declarations in every XML part); the part is held to
    ``max_xml_part_bytes``.
    """
    src = str(path)
    folder, base = posixpath.split(entry.part)
    rels = posixpath.join(folder, "_rels", base + ".rels")
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        if rels not in names:
            return []
        parts = [
            posixpath.normpath(
                target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            )
            for rel in _xml(zf, rels, src, limits).iter()
            if _local(rel.tag) == "Relationship"
            and rel.get("Type", "").endswith("/comments")
            and (target := rel.get("Target", ""))
        ]
        comments: list[CellComment] = []
        for part in parts:
            if part not in names:
                continue
            root = _xml(zf, part, src, limits)
            authors = [
                "".join(a.itertext()).strip() for a in root.iter() if _local(a.tag) == "author"
            ]
            for comment in (c for c in root.iter() if _local(c.tag) == "comment"):
                texts = [
                    t.text or ""
                    for body in comment
                    if _local(body.tag) == "text"
                    for t in body.iter()
                    if _local(t.tag) == "t"
                ]
                at = comment.get("authorId", "")
                author = authors[int(at)] if at.isdigit() and int(at) < len(authors) else ""
                text = "".join(texts).strip()
                comments.append(CellComment(ref=comment.get("ref", ""), author=author, text=text))
        return comments
