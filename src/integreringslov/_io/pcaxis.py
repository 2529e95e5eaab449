"""A small, strict reader of PC-Axis (``.px``) files, PxWeb's native format.

Statistikkbanken (SSB) and the other Nordic statistics banks run on PxWeb; PxWebApi 2 serves a
table as ``outputFormat=px``. A PX file is a list of ``KEYWORD[lang]("sub","keys")=value;``
statements followed by ``DATA=`` and the cells, row-major over the ``STUB`` variables and
then the ``HEADING`` variables (the last heading variable varies fastest). This module turns
it into the same long table as ``jsonstat``: one categorical column per
variable, named by its ``VARIABLECODE`` (else its name) and holding the ``CODES`` (else the
``VALUES``); a ``<id>_label`` column with the ``VALUES``; ``value`` (float, ``NaN`` where
the file has a symbol such as ``".."``) and ``status`` (the symbol, or ``""``). The index is
the cell's position in ``DATA``. Only the default language is read.

Why not ``pyaxis``: on the PxWebApi reference files it returns the value texts without the
codes, turns the symbols ``".."``/``"-"`` into ``NaN`` without saying which, prints to
standard output, and checks nothing before allocating. This reader keeps codes, labels and
symbols, and refuses (:class:`~integreringslov.errors.SourceError`) what it cannot read
exactly: the sparse ``KEYS`` layout, a cell count that does not match the variables, a
value list that does not match its codes, or a file over the
``Limits``.

>>> table = read_px(b'STUB="region";HEADING="year";VALUES("region")="Oslo","Bergen";'
...                 b'CODES("region")="0301","4601";VALUES("year")="2024";DATA=1 ".." ;')
>>> table[["region", "region_label", "year", "value", "status"]].to_dict("list")
... # doctest: +NORMALIZE_WHITESPACE
{'region': ['0301', '4601'], 'region_label': ['Oslo', 'Bergen'], 'year': ['2024', '2024'],
 'value': [1.0, nan], 'status': ['', '..']}

.. versionadded:: 0.2
"""

from __future__ import annotations

import codecs
import math
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from integreringslov._io.limits import DEFAULT_LIMITS, Limits, check
from integreringslov._text.i18n import tr
from integreringslov._text.privacy import redact
from integreringslov.errors import SourceError

__all__ = ["read_px"]

_KEY = re.compile(r"(?P<name>[A-Za-z0-9_-]+)(?:\[(?P<lang>[^\]]*)\])?(?:\((?P<sub>.*)\))?")
_TOKEN = re.compile(r"[^,\s]+")
_MAX_STATEMENTS = 100_000


def _statements(text: str, source: str) -> tuple[list[tuple[str, str]], str | None]:
    """Split the metadata into ``(key, raw value)`` pairs; return the raw ``DATA`` part too.

    A linear scan: ``;`` and ``=`` count only outside double quotes.
    """
    out: list[tuple[str, str]] = []
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i] in " \t\r\n":
            i += 1
        if i >= n:
            break
        eq = _unquoted_find(text, "=", i)
        if eq < 0:
            shown = redact(text[i : i + 40])
            raise SourceError(
                source,
                tr("not a PC-Axis file: no '=' after {shown!r}", shown=shown),
                row=text.count("\n", 0, i) + 1,
            )
        key = text[i:eq].strip()
        if key == "DATA":
            end = text.find(";", eq + 1)
            return out, text[eq + 1 : end if end >= 0 else n]
        end = _unquoted_find(text, ";", eq + 1)
        if end < 0:
            shown = redact(key)[:60]
            raise SourceError(
                source,
                tr("the statement {shown!r} has no closing ';'", shown=shown),
                row=text.count("\n", 0, i) + 1,
            )
        out.append((key, text[eq + 1 : end]))
        if len(out) > _MAX_STATEMENTS:
            raise SourceError(
                source,
                tr(
                    "more than {MAX_STATEMENTS} keywords; not a PX table",
                    MAX_STATEMENTS=_MAX_STATEMENTS,
                ),
            )
        i = end + 1
    return out, None


def _unquoted_find(text: str, char: str, start: int) -> int:
    """The first ``char`` at or after ``start`` outside double quotes (jumps quote to quote)."""
    i = start
    while True:
        hit = text.find(char, i)
        quote = text.find('"', i)
        if hit < 0 or quote < 0 or hit < quote:
            return hit
        close = text.find('"', quote + 1)
        if close < 0:
            return -1
        i = close + 1


def _strings(raw: str) -> list[str]:
    """``"a","b"`` → ``["a", "b"]``; strings on consecutive lines without a comma join."""
    items: list[str] = []
    current: str | None = None
    i, n = 0, len(raw)
    while i < n:
        c = raw[i]
        if c == '"':
            end = raw.find('"', i + 1)
            if end < 0:
                end = n
            piece = raw[i + 1 : end]
            current = piece if current is None else current + piece
            i = end + 1
        elif c == ",":
            items.append(current if current is not None else "")
            current = None
            i += 1
        elif c in " \t\r\n":
            i += 1
        else:  # an unquoted token (a number, YES/NO, TLIST(...))
            m = _TOKEN.match(raw, i)
            assert m is not None
            current = m.group() if current is None else current + m.group()
            i = m.end()
    if current is not None:
        items.append(current)
    return items


def _metadata(
    statements: list[tuple[str, str]], source: str
) -> dict[tuple[str, str | None], list[str]]:
    meta: dict[tuple[str, str | None], list[str]] = {}
    for key, raw in statements:
        m = _KEY.fullmatch(key)
        if m is None:
            shown = redact(key)[:60]
            raise SourceError(
                source,
                tr("not a PC-Axis keyword: {shown!r}", shown=shown),
            )
        if m.group("lang") is not None:
            continue  # another language than the default
        sub = m.group("sub")
        subkey = _strings(sub)[0] if sub else None
        meta[(m.group("name").upper(), subkey)] = _strings(raw)
    return meta


def _one(meta: dict[tuple[str, str | None], list[str]], name: str, sub: str | None = None) -> str:
    found = meta.get((name, sub))
    return found[0] if found else ""


def _codepage(head: bytes) -> str:
    match = re.search(rb'CODEPAGE\s*=\s*"([^"]{1,40})"', head)
    name = match.group(1).decode("ascii", "replace") if match else "iso-8859-1"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "iso-8859-1"


def read_px(
    source: str | os.PathLike[str] | bytes,
    *,
    labels: bool = True,
    name: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> pd.DataFrame:
    """Read a PC-Axis file (a path, or its bytes) into the long table.

    :param source: A ``.px`` path, or the file's content as bytes (e.g. a PxWebApi 2
        response to ``outputFormat=px``).
    :param labels: Add a ``<id>_label`` column (the ``VALUES`` texts) per variable.
    :param name: The name used for the source in error messages (default: the path).
    :param limits: ``max_input_bytes``, ``max_dimensions`` and ``max_cells`` are checked
        before the data are read.
    :raises SourceError: When the file is not a PX table this reader can read exactly.
    """
    if isinstance(source, bytes):
        data, where = source, name or "<bytes>"
    else:
        where = name or str(source)
        try:
            size = Path(source).stat().st_size
            check(where, "bytes", size, limits.max_input_bytes, name="max_input_bytes")
            data = Path(source).read_bytes()
        except OSError as exc:
            why = exc.strerror or exc
            raise SourceError(
                where,
                tr("cannot read the file: {why}", why=why),
            ) from None
    check(where, "bytes", len(data), limits.max_input_bytes, name="max_input_bytes")
    if b"\x00" in data[:4096]:
        raise SourceError(
            where,
            tr("the file is binary or UTF-16/32 encoded, not a PC-Axis file"),
        )
    codec = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else _codepage(data[:65536])
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        byte = data[exc.start]
        raise SourceError(
            where,
            tr(
                "the file does not match its CODEPAGE {codec!r} (byte 0x{byte:02x} at offset "
                "{exc_start})",
                codec=codec,
                byte=byte,
                exc_start=exc.start,
            ),
        ) from None
    statements, raw_data = _statements(text, where)
    meta = _metadata(statements, where)
    if raw_data is None:
        raise SourceError(
            where,
            tr("not a PC-Axis table: there is no DATA= section"),
        )
    if ("KEYS", None) in meta or any(k == "KEYS" for k, _ in meta):
        raise SourceError(
            where,
            tr("the file uses the sparse KEYS layout, which this reader does not read"),
        )
    return _table(meta, raw_data, where, labels=labels, limits=limits)


def _table(
    meta: dict[tuple[str, str | None], list[str]],
    raw_data: str,
    where: str,
    *,
    labels: bool,
    limits: Limits,
) -> pd.DataFrame:
    variables = meta.get(("STUB", None), []) + meta.get(("HEADING", None), [])
    if not variables:
        raise SourceError(
            where,
            tr("not a PC-Axis table: neither STUB nor HEADING names a variable"),
        )
    check(where, "variables", len(variables), limits.max_dimensions, name="max_dimensions")
    if len(set(variables)) != len(variables):
        raise SourceError(
            where,
            tr("STUB and HEADING name one variable twice"),
        )
    dims: list[tuple[str, list[str], list[str]]] = []
    for var in variables:
        shown = redact(var)
        texts = meta.get(("VALUES", var))
        if not texts:
            raise SourceError(
                where,
                tr("variable {shown!r} has no VALUES", shown=shown),
            )
        codes = meta.get(("CODES", var), texts)
        if len(codes) != len(texts):
            raise SourceError(
                where,
                tr(
                    "variable {shown!r} has {len_texts} VALUES but {len_codes} CODES",
                    shown=shown,
                    len_texts=len(texts),
                    len_codes=len(codes),
                ),
            )
        if len(set(codes)) != len(codes):
            raise SourceError(
                where,
                tr("variable {shown!r} has a code twice", shown=shown),
            )
        dim_id = _one(meta, "VARIABLECODE", var) or var
        joined = "\n".join([dim_id, *codes, *texts])
        if redact(joined) != joined:
            raise SourceError(
                where,
                tr(
                    "variable {shown!r} holds what looks like a fødselsnummer or D-number; "
                    "statistical tables must not identify persons, so the file is refused (the "
                    "number is not shown)",
                    shown=shown,
                ),
                check="identity_number",
            )
        dims.append((dim_id, codes, texts))
    ids = [d[0] for d in dims]
    clash = {"value", "status"} & set(ids) or (
        {i + "_label" for i in ids} & set(ids) if labels else set()
    )
    if len(set(ids)) != len(ids) or clash:
        raise SourceError(
            where,
            tr("two variables would give the same column name"),
        )
    sizes = [len(d[1]) for d in dims]
    n = math.prod(sizes)
    check(where, "cells", n, limits.max_cells, name="max_cells")
    tokens = raw_data.replace(",", " ").split()
    if len(tokens) != n:
        product = " × ".join(map(str, sizes))
        raise SourceError(
            where,
            tr(
                "DATA holds {len_tokens} cells but the variables multiply to {n}",
                len_tokens=len(tokens),
                n=n,
            ),
            expected=tr("{n} cells ({product})", n=n, product=product),
        )
    values, status = _cells(tokens, where)
    columns: dict[str, Any] = {}
    label_columns: dict[str, Any] = {}
    inner, outer = n, 1
    for (dim_id, codes, texts), size in zip(dims, sizes, strict=True):
        inner //= size
        positions = np.tile(np.repeat(np.arange(size, dtype=np.int32), inner), outer)
        outer *= size
        columns[dim_id] = pd.Categorical.from_codes(
            positions, categories=pd.Index(codes, dtype=object), validate=False
        )
        if labels:
            uniq, cats = pd.factorize(pd.Index(texts, dtype=object))
            label_columns[dim_id + "_label"] = pd.Categorical.from_codes(
                uniq[positions], categories=pd.Index(cats, dtype=object), validate=False
            )
    columns.update(label_columns)
    columns["value"] = values
    columns["status"] = status
    frame = pd.DataFrame(columns, index=pd.RangeIndex(n), copy=False)
    frame.attrs.update({"format": "px"})
    table_id = _one(meta, "TABLEID") or _one(meta, "MATRIX")
    if table_id:
        frame.attrs["table_id"] = redact(table_id)
    for key, attr in (("TITLE", "label"), ("SOURCE", "source"), ("CONTENTS", "contents")):
        if _one(meta, key):  # metadata may be shown or written: no fødselsnummer
            frame.attrs[attr] = redact(_one(meta, key))
    return frame


def _cells(tokens: Sequence[str], where: str) -> tuple[np.ndarray[Any, Any], pd.Categorical]:
    """``DATA`` tokens → values (NaN for symbols) and the status symbols."""
    series = pd.Series(tokens, dtype=object)
    quoted = series.str.startswith('"')
    symbols = series.where(quoted, "").str.strip('"')
    numbers = pd.to_numeric(series.where(~quoted, None), errors="coerce")
    bad = numbers.isna() & ~quoted
    values = numbers.to_numpy(dtype=float)
    bad |= pd.Series(np.isinf(values))
    if bool(bad.any()):
        first = int(np.flatnonzero(bad.to_numpy())[0])
        raise SourceError(
            where,
            tr("DATA cell {first} is neither a number nor a quoted symbol", first=first),
            value=str(tokens[first])[:80],
            expected=tr("a number or a symbol such as \"..\""),
        )
    codes, uniques = pd.factorize(symbols)
    categories = ["", *sorted(u for u in uniques if u != "")]
    where_in = {c: i for i, c in enumerate(categories)}
    remap = np.array([where_in[u] for u in uniques], dtype=np.int32)
    status = pd.Categorical.from_codes(
        remap[codes] if len(codes) else codes,
        categories=pd.Index(categories, dtype=object),
        validate=False,
    )
    return values, status
