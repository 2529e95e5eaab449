"""A fast, strict reader of JSON-stat (2.0 datasets and collections, 1.x bundles).

JSON-stat stores a data cube as dimensions (each an ordered list of category codes) and a
flat ``value`` array in row-major order (the last dimension varies fastest). This module
turns it into the long table of the SSB importer: one column per dimension, named by the
dimension id and holding the category *codes*; optionally a ``<id>_label`` column per
dimension; then ``value`` (float, ``NaN`` where the source has ``null``) and ``status`` (the
cell's symbol, such as ``..``, or an empty string). Code, label and status columns are
pandas categoricals; the index is the cell's position in ``value``.

The cross-product of the categories is built with numpy index arithmetic, not a loop per
cell, so a million cells take a fraction of a second beyond ``json.loads`` itself.

Accepted, as SSB's APIs and other producers emit them:

* ``value`` as an array or as a sparse object ``{"<position>": value}``; ``null`` values;
* ``status`` as a string (one status for every cell), an array (one per cell, or a single
  element for every cell), an object ``{"<position>": symbol}``, ``""`` or ``null``;
* ``category.index`` as an array, as an object code → position in *any key order*
  (positions come from the numbers), or absent for a single-category dimension;
* ``role``, ``extension``, ``updated``, ``note``, ``link``, ``href``, ... (read and kept in
  :attr:`pandas.DataFrame.attrs` where small, otherwise ignored);
* JSON-stat 1.x: ``{"dataset": {...}}`` bundles with ``id``, ``size`` and ``role`` inside
  ``dimension``; JSON-stat 2.0 ``collection`` and ``bundle`` classes.

Anything malformed raises :class:`~integreringslov.errors.SourceError` naming the file and
the problem.

.. versionadded:: 0.1
"""

from __future__ import annotations

import json
import math
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from integreringslov._io.klass import klass_json, klass_refusal
from integreringslov._io.limits import DEFAULT_LIMITS, Limits, check
from integreringslov._io.text import lone_surrogate
from integreringslov._text.i18n import tr, trn
from integreringslov._text.privacy import redact
from integreringslov.errors import SourceError

__all__ = [
    "JSON_NUMBER",
    "STATUS_COLUMN",
    "TEXT_COLUMN",
    "VALUE_COLUMN",
    "JsonStatRead",
    "load_jsonstat",
    "parse_jsonstat",
    "read_jsonstat",
]

VALUE_COLUMN = "value"
"""The name of the value column."""
STATUS_COLUMN = "status"
"""The name of the status column."""
LABEL_SUFFIX = "_label"
"""Appended to a dimension id to name its label column."""

_CELL_ARRAYS = frozenset({"value", "status"})
TEXT_COLUMN = "value_text"
"""The column that holds cells whose ``value`` is text that is not a number (e.g.
``"A1B1C1"``), when any is."""
JSON_NUMBER = r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?"
"""A number as JSON writes it: a ``value`` written as such text is read as the number."""


def _unique_keys(source: str) -> Any:
    """An ``object_pairs_hook`` that refuses an object naming one key twice."""

    def build(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            seen: set[str] = set()
            dup = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
            shown = redact(dup)[:80]
            raise SourceError(
                source,
                tr(
                    "a JSON object names the key {shown!r} twice; which one is meant is "
                    "undefined, so the file is refused",
                    shown=shown,
                ),
                check="duplicate_key",
            )
        return obj

    return build


def _reject_constant(name: str) -> float:
    raise ValueError(
        tr("{name} is not a JSON number (non-finite numbers are not allowed)", name=name)
    )


def _too_deep(limit: int) -> str:
    """The message for JSON nested deeper than ``limit``."""
    return tr(
        "the JSON is nested more than {limit} levels deep (raise Limits.max_nesting_depth to read "
        "it)",
        limit=limit,
    )


def _check_depth(document: Any, source: str, limit: int) -> None:
    """Refuse JSON nested deeper than ``limit`` (without recursion).

    The cells, ``value`` and ``status`` (arrays or objects), are not walked: the reader
    refuses anything but numbers, text and null in them anyway, and they are the bulk of a
    large file.
    """
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            raise SourceError(source, _too_deep(limit), check="max_nesting_depth")
        if isinstance(node, dict):
            stack.extend(
                (child, depth + 1)
                for key, child in node.items()
                if key not in _CELL_ARRAYS and isinstance(child, dict | list)
            )
        else:
            stack.extend((c, depth + 1) for c in node if isinstance(c, dict | list))


def _load(data: bytes, source: str, limits: Limits) -> Any:
    check(source, "bytes", len(data), limits.max_input_bytes, name="max_input_bytes")
    if not data.strip():
        raise SourceError(source, tr("the file is empty"))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data[:4096]:
        raise SourceError(
            source,
            tr("the file is binary or UTF-16/32 encoded, not JSON text in UTF-8"),
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        byte = data[exc.start]
        raise SourceError(
            source,
            tr(
                "the file is not UTF-8 encoded (byte 0x{byte:02x} at offset {exc_start}); "
                "JSON-stat must be UTF-8",
                byte=byte,
                exc_start=exc.start,
            ),
        ) from None
    surrogate = lone_surrogate(data)
    if surrogate is not None:
        raise SourceError(
            source,
            tr(
                "a lone surrogate {surrogate_0} (byte {surrogate_1}) is not text",
                surrogate_0=surrogate[0],
                surrogate_1=surrogate[1],
            ),
        )
    try:
        document = json.loads(
            text, parse_constant=_reject_constant, object_pairs_hook=_unique_keys(source)
        )
    except SourceError:  # a duplicate key, refused by the hook with its own message
        raise
    except ValueError as exc:  # JSONDecodeError, NaN/Infinity, an integer of too many digits
        if isinstance(exc, json.JSONDecodeError):
            raise SourceError(
                source,
                tr(
                    "not valid JSON (truncated or corrupt?): {exc_msg} at line {exc_lineno}, "
                    "column {exc_colno}",
                    exc_msg=exc.msg,
                    exc_lineno=exc.lineno,
                    exc_colno=exc.colno,
                ),
            ) from None
        raise SourceError(
            source, tr("not valid JSON: {exc}", exc=exc)
        ) from None
    except RecursionError:
        raise SourceError(
            source, _too_deep(limits.max_nesting_depth), check="max_nesting_depth"
        ) from None
    _check_depth(document, source, limits.max_nesting_depth)
    return document


@attrs.frozen
class JsonStatRead:
    """What :func:`load_jsonstat` returns: the long table and the notes for the report."""

    table: pd.DataFrame = attrs.field(eq=False, repr=False)
    """The long table (see the module documentation)."""
    notes: tuple[str, ...] = ()
    """What the reader decided: values written as text, read as numbers or kept as text."""


def read_jsonstat(
    source: str | os.PathLike[str] | bytes,
    *,
    labels: bool = True,
    dataset: int | str | None = None,
    name: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> pd.DataFrame:
    """Read a JSON-stat file, or its content as bytes, into the long table.

    :func:`load_jsonstat` reads the same and also returns the reader's notes.

    This is the entry point for JSON-stat fetched over the network: pass the response body
    (``read_jsonstat(response.content, name=url)``); nothing is written to disk.

    :param source: A path, or the file's content as bytes (UTF-8 JSON).
    :param labels: Add a ``<id>_label`` column for every dimension.
    :param dataset: Which dataset of a bundle or collection to read: its position (from 0),
        its name (bundle key) or its label. Needed only when there is more than one.
    :param name: The name used for the source in error messages (default: the path).
    :param limits: What the file may claim (``Limits``:
        ``max_input_bytes``, ``max_nesting_depth``, ``max_dimensions``, ``max_cells``).
    :return: The long table (see the module documentation).
    :raises SourceError: When the file is not JSON-stat, is inconsistent, or claims more
        than ``limits`` allow.
    """
    return load_jsonstat(source, labels=labels, dataset=dataset, name=name, limits=limits).table


def load_jsonstat(
    source: str | os.PathLike[str] | bytes,
    *,
    labels: bool = True,
    dataset: int | str | None = None,
    name: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> JsonStatRead:
    """Read a JSON-stat file (see :func:`read_jsonstat`): the table and the reader's notes."""
    if isinstance(source, bytes):
        data = source
        where = name or "<bytes>"
    else:
        where = name or str(source)
        path = Path(source)
        try:
            size = path.stat().st_size
            check(where, "bytes", size, limits.max_input_bytes, name="max_input_bytes")
            data = path.read_bytes()
        except OSError as exc:
            why = exc.strerror or exc
            raise SourceError(
                where,
                tr("cannot read the file: {why}", why=why),
            ) from None
    ds = _select_dataset(_load(data, where, limits), where, dataset)
    return _dataset_frame(ds, where, labels=labels, limits=limits)


def parse_jsonstat(
    document: Any,
    *,
    source: str = "<json-stat>",
    labels: bool = True,
    dataset: int | str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> pd.DataFrame:
    """Turn a parsed JSON-stat document (``json.loads`` output) into the long table.

    Parameters as for :func:`read_jsonstat`; ``source`` names the document in errors.
    The nesting depth is not checked here (the document is already parsed); the
    dimensions and cells are.
    """
    ds = _select_dataset(document, source, dataset)
    return _dataset_frame(ds, source, labels=labels, limits=limits).table


# -- finding the dataset -------------------------------------------------------------------


def _is_dataset(obj: Any) -> bool:
    return isinstance(obj, dict) and "dimension" in obj and ("value" in obj or "id" in obj)


def _select_dataset(document: Any, source: str, wanted: int | str | None) -> dict[str, Any]:
    if not isinstance(document, dict):
        kind = type(document).__name__
        raise SourceError(
            source,
            tr("not JSON-stat: the top level is a JSON {kind}, not an object", kind=kind),
        )
    cls = document.get("class")
    candidates: list[tuple[str, Any]]
    if cls == "dataset" or (cls is None and _is_dataset(document)):
        candidates = [(str(document.get("label", "dataset")), document)]
    elif cls == "collection":
        items = (
            (document.get("link") or {}).get("item")
            if isinstance(document.get("link"), dict)
            else None
        )
        if not isinstance(items, list) or not items:
            raise SourceError(
                source,
                tr("JSON-stat collection without link.item datasets"),
            )
        candidates = []
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise SourceError(
                    source,
                    tr("collection item {i} is not an object", i=i),
                )
            candidates.append((str(item.get("label", item.get("href", i))), item))
    elif cls in (None, "bundle"):
        candidates = [
            (str(k), v) for k, v in document.items() if k not in ("version", "class", "error")
        ]
        candidates = [(k, v) for k, v in candidates if isinstance(v, dict)]
        if not candidates or not all(_is_dataset(v) for _, v in candidates):
            klass = klass_json(document)
            if klass is not None:
                raise SourceError(source, klass_refusal(source, klass), check="klass_file")
            raise SourceError(
                source,
                tr(
                    "not JSON-stat: no dataset found (expected \"class\": \"dataset\", a 1.x "
                    "bundle such as {\"dataset\": {...}}, or a collection)",
                ),
            )
    else:
        raise SourceError(
            source,
            tr("not a JSON-stat dataset: unsupported class {cls!r}", cls=cls),
        )

    if wanted is None:
        if len(candidates) > 1:
            names = ", ".join(repr(n) for n, _ in candidates)
            raise SourceError(
                source,
                tr(
                    "the file holds {len_candidates} datasets ({names}); choose one with "
                    "dataset=...",
                    len_candidates=len(candidates),
                    names=names,
                ),
            )
        chosen = candidates[0][1]
    elif isinstance(wanted, int):
        if not 0 <= wanted < len(candidates):
            raise SourceError(
                source,
                tr(
                    "there is no dataset {wanted} (the file holds {len_candidates})",
                    wanted=wanted,
                    len_candidates=len(candidates),
                ),
            )
        chosen = candidates[wanted][1]
    else:
        matches = [
            v
            for n, v in candidates
            if n == wanted or (isinstance(v, dict) and v.get("label") == wanted)
        ]
        if not matches:
            names = ", ".join(repr(n) for n, _ in candidates)
            raise SourceError(
                source,
                tr("there is no dataset {wanted!r} (found {names})", wanted=wanted, names=names),
            )
        chosen = matches[0]
    if not _is_dataset(chosen):
        raise SourceError(
            source,
            tr("the chosen item holds no data (a link without dimension and value?)"),
        )
    return dict(chosen)


# -- dimensions ----------------------------------------------------------------------------


def _dimension_layout(
    ds: Mapping[str, Any], source: str, limits: Limits
) -> tuple[list[str], list[int], dict[str, Any], dict[str, Any]]:
    dimension = ds.get("dimension")
    if not isinstance(dimension, dict):
        raise SourceError(
            source,
            tr("\"dimension\" is missing or not an object"),
        )
    if "id" in ds or "size" in ds:  # 2.0
        ids, sizes, role = ds.get("id"), ds.get("size"), ds.get("role")
        dims = dimension
    else:  # 1.x: id, size, role inside dimension
        ids, sizes, role = dimension.get("id"), dimension.get("size"), dimension.get("role")
        dims = {k: v for k, v in dimension.items() if k not in ("id", "size", "role")}
    if not isinstance(ids, list) or not all(isinstance(i, str) and i for i in ids):
        raise SourceError(
            source,
            tr("\"id\" must be a list of dimension names"),
        )
    check(source, "dimensions", len(ids), limits.max_dimensions, name="max_dimensions")
    if len(set(ids)) != len(ids):
        counts = Counter(ids)
        dup = sorted(i for i, c in counts.items() if c > 1)
        twice = ", ".join(dup)
        raise SourceError(
            source,
            tr("\"id\" names a dimension twice: {twice}", twice=twice),
        )
    if not isinstance(sizes, list) or not all(
        isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in sizes
    ):
        raise SourceError(
            source,
            tr("\"size\" must be a list of non-negative integers"),
        )
    if len(sizes) != len(ids):
        raise SourceError(
            source,
            tr(
                "\"size\" has {len_sizes} entries but \"id\" names {len_ids} dimensions",
                len_sizes=len(sizes),
                len_ids=len(ids),
            ),
        )
    cells = math.prod(sizes)  # at most max_dimensions factors: cheap even for absurd sizes
    if cells > limits.max_cells:
        power = int(cells.bit_length() * 0.30103)
        claim = (
            str(cells) if cells < 10**18 else tr("about 10^{power}", power=power)
        )
        raise SourceError(
            source,
            tr(
                "the file claims {claim} cells (\"size\" multiplies to that); the limit is "
                "{limits_max_cells} (raise Limits.max_cells to read it)",
                claim=claim,
                limits_max_cells=limits.max_cells,
            ),
            check="max_cells",
        )
    missing = [i for i in ids if i not in dims]
    if missing:
        raise SourceError(
            source,
            tr(
                "dimension {missing_0!r} is named in \"id\" but not described",
                missing_0=missing[0],
            ),
        )
    for reserved in (VALUE_COLUMN, STATUS_COLUMN, TEXT_COLUMN):
        if reserved in ids:
            raise SourceError(
                source,
                tr(
                    "a dimension is called {reserved!r}, which clashes with the {reserved} column",
                    reserved=reserved,
                ),
            )
    if role is not None:
        if not isinstance(role, dict):
            raise SourceError(
                source,
                tr("\"role\" must be an object"),
            )
        for kind, members in role.items():
            if members is None:
                continue
            if not isinstance(members, list):
                raise SourceError(
                    source,
                    tr("role {kind!r} must be a list of dimension ids", kind=kind),
                )
            unknown = [m for m in members if m not in ids]
            if unknown:
                known = ", ".join(ids)
                raise SourceError(
                    source,
                    tr(
                        "role {kind!r} names unknown dimension {unknown_0!r} (dimensions: {known})",
                        kind=kind,
                        unknown_0=unknown[0],
                        known=known,
                    ),
                )
    return ids, sizes, dims, role or {}


def _categories(dim_id: str, dim: Any, size: int, source: str) -> tuple[list[str], list[str]]:
    """The codes of a dimension in position order, and their labels."""
    if not isinstance(dim, dict) or not isinstance(dim.get("category"), dict):
        raise SourceError(
            source,
            tr("dimension {dim_id!r} has no \"category\" object", dim_id=dim_id),
        )
    category = dim["category"]
    index = category.get("index")
    label = category.get("label")
    if label is not None and not isinstance(label, dict):
        raise SourceError(
            source,
            tr("dimension {dim_id!r}: category.label must be an object", dim_id=dim_id),
        )
    label = label or {}
    if isinstance(index, list):
        codes = index
        if not all(isinstance(c, str) for c in codes):
            raise SourceError(
                source,
                tr("dimension {dim_id!r}: category.index holds a non-text code", dim_id=dim_id),
            )
        if len(set(codes)) != len(codes):
            dup = next(c for c in codes if codes.count(c) > 1)
            raise SourceError(
                source,
                tr(
                    "dimension {dim_id!r}: category code {dup!r} appears twice",
                    dim_id=dim_id,
                    dup=dup,
                ),
            )
    elif isinstance(index, dict):
        positions = list(index.values())
        if not all(isinstance(p, int) and not isinstance(p, bool) for p in positions):
            raise SourceError(
                source,
                tr(
                    "dimension {dim_id!r}: category.index positions must be integers",
                    dim_id=dim_id,
                ),
            )
        if sorted(positions) != list(range(len(positions))):
            last = len(positions) - 1
            raise SourceError(
                source,
                tr(
                    "dimension {dim_id!r}: category.index positions are not 0..{last} each once "
                    "(a duplicate category code or position?)",
                    dim_id=dim_id,
                    last=last,
                ),
            )
        codes = [""] * len(positions)
        for code, pos in index.items():
            codes[pos] = code
    elif index is None:
        codes = list(label)
        if not codes:
            raise SourceError(
                source,
                tr(
                    "dimension {dim_id!r} has neither category.index nor category.label",
                    dim_id=dim_id,
                ),
            )
    else:
        raise SourceError(
            source,
            tr(
                "dimension {dim_id!r}: category.index must be an array or an object",
                dim_id=dim_id,
            ),
        )
    if len(codes) != size:
        raise SourceError(
            source,
            tr(
                "dimension {dim_id!r} has {len_codes} categories but \"size\" says {size}",
                dim_id=dim_id,
                len_codes=len(codes),
                size=size,
            ),
        )
    labels = [str(label.get(c, c)) for c in codes]
    return [str(c) for c in codes], labels


def _categorical(codes: npt.NDArray[np.integer[Any]], categories: Sequence[str]) -> pd.Categorical:
    cats: pd.Index[Any] = pd.Index(list(categories), dtype="object")
    if cats.is_unique:
        return pd.Categorical.from_codes(codes, categories=cats, validate=False)
    # Labels may repeat (two codes, one text): map positions onto the distinct labels.
    uniq_codes, uniques = pd.factorize(cats)
    return pd.Categorical.from_codes(
        uniq_codes[codes], categories=pd.Index(uniques, dtype=object), validate=False
    )


def _code_dtype(size: int) -> type[np.integer[Any]]:
    if size <= np.iinfo(np.int8).max:
        return np.int8
    if size <= np.iinfo(np.int16).max:
        return np.int16
    return np.int32


# -- values and status ---------------------------------------------------------------------


def _positions(keys: Sequence[str], n: int, what: str, source: str) -> npt.NDArray[np.int64]:
    """The cell positions a sparse object's keys name: ASCII digits, below ``n``, each once."""
    if not keys:
        return np.empty(0, np.int64)
    joined = "".join(keys)
    # ASCII digits only, and at most 18 of them (so that int64 holds every key exactly)
    if (
        not (joined.isascii() and joined.isdigit())
        or not 1 <= min(map(len, keys)) <= max(map(len, keys)) <= 18
    ):
        bad = next(k for k in keys if not (k.isascii() and k.isdigit()) or not k or len(k) > 18)
        shown = redact(bad)[:40]
        if bad.isascii() and bad.isdigit():
            raise SourceError(
                source,
                tr(
                    "{what} refers to cell {shown}, but the cube has {n} cells",
                    what=what,
                    shown=shown,
                    n=n,
                ),
                expected=tr("a cell position from 0 to {n_1}", n_1=n - 1),
            )
        raise SourceError(
            source,
            tr("{what} key {shown!r} is not a cell position", what=what, shown=shown),
            expected=tr("a whole number from 0 to {n_1} in ASCII digits", n_1=n - 1),
        )
    pos = np.array(keys, dtype=np.str_).astype(np.int64)
    over = pos >= n
    if over.any():
        bad_pos = int(pos[over][0])
        raise SourceError(
            source,
            tr(
                "{what} refers to cell {bad_pos}, but the cube has {n} cells",
                what=what,
                bad_pos=bad_pos,
                n=n,
            ),
        )
    if np.unique(pos).size != pos.size:
        raise SourceError(
            source,
            tr("{what} names one cell twice (keys such as '7' and '07')", what=what),
            expected=tr("each cell position once"),
        )
    return pos


def _cell_values(
    values: list[Any], source: str, offset: npt.NDArray[np.int64] | None = None
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.object_] | None, int]:
    """The numbers of ``values`` (NaN for null and text) and, when any cell is text, the texts.

    A number written as text (``"1"``, as the spec allows and SSB's json-stat.java fixture
    has it) is that number; only text that is not a JSON number is kept as text. The third
    element counts the numbers written as text.
    """
    types = set(map(type, values))
    texts: npt.NDArray[np.object_] | None = None
    written_numbers = 0
    if not types <= {int, float, type(None)}:
        for i, v in enumerate(values):
            if type(v) not in (int, float, str, type(None)):
                cell = i if offset is None else int(offset[i])
                raise SourceError(
                    source,
                    tr("value of cell {cell} is not a number, a text or null", cell=cell),
                    row=cell,
                    column=VALUE_COLUMN,
                    value=json.dumps(v, ensure_ascii=False)[:80],
                    expected=tr("a number, a text or null"),
                )
        array = np.array(values, dtype=object)
        is_text = np.fromiter((type(v) is str for v in values), bool, len(values))
        written = pd.Series(array[is_text], dtype=object)
        number = written.str.fullmatch(JSON_NUMBER).to_numpy(dtype=bool)
        written_numbers = int(number.sum())
        where = np.flatnonzero(is_text)
        array[where[number]] = written[number].astype(np.float64).to_numpy()  # "1" is 1
        array[where[~number]] = None
        if not number.all():
            texts = np.full(len(values), None, dtype=object)
            texts[where[~number]] = written[~number].to_numpy()
        values = array.tolist()
    try:
        numbers = np.array(values, dtype=np.float64)
    except OverflowError:
        numbers = np.array([_too_large(v, i, source, offset) for i, v in enumerate(values)])
    if np.isinf(numbers).any():
        i = int(np.flatnonzero(np.isinf(numbers))[0])
        _too_large(float("inf"), i, source, offset)
    return numbers, texts, written_numbers


def _too_large(v: Any, i: int, source: str, offset: npt.NDArray[np.int64] | None) -> float:
    try:
        f = float(v) if v is not None else math.nan
    except OverflowError:
        f = math.inf
    if math.isinf(f):
        cell = i if offset is None else int(offset[i])
        raise SourceError(
            source,
            tr("value of cell {cell} is beyond the range of a double-precision number", cell=cell),
            row=cell,
            column=VALUE_COLUMN,
            expected=tr("a finite number (at most about 1.8e308)"),
        )
    return f


def _values(
    raw: Any, n: int, source: str
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.object_] | None, int]:
    """The cells' numbers, their texts where some are not numbers, and a count.

    The count is of the numbers written as text (see ``_cell_values``).
    """
    if isinstance(raw, list):
        if len(raw) != n:
            raise SourceError(
                source,
                tr(
                    "\"value\" has {len_raw} entries but the sizes multiply to {n} cells",
                    len_raw=len(raw),
                    n=n,
                ),
            )
        return _cell_values(raw, source)
    if isinstance(raw, dict):
        pos = _positions(list(raw), n, '"value"', source)
        numbers, texts, written = _cell_values(list(raw.values()), source, offset=pos)
        out = np.full(n, np.nan)
        out[pos] = numbers
        if texts is None:
            return out, None, written
        all_texts = np.full(n, None, dtype=object)
        all_texts[pos] = texts
        return out, all_texts, written
    raise SourceError(
        source,
        tr("\"value\" must be an array or an object"),
    )


def _status(raw: Any, n: int, source: str) -> pd.Categorical:
    codes: npt.NDArray[np.integer[Any]]
    if raw is None or raw == "" or raw == [] or raw == {}:
        return pd.Categorical.from_codes(
            np.zeros(n, np.int8), categories=pd.Index([""], dtype=object), validate=False
        )
    if isinstance(raw, str) or (isinstance(raw, list) and len(raw) == 1 and n != 1):
        symbol = raw if isinstance(raw, str) else raw[0]
        symbol = "" if symbol is None else str(symbol)
        return pd.Categorical.from_codes(
            np.zeros(n, np.int8), categories=pd.Index([symbol], dtype=object), validate=False
        )
    if isinstance(raw, list):
        if len(raw) != n:
            raise SourceError(
                source,
                tr(
                    "\"status\" has {len_raw} entries but the cube has {n} cells",
                    len_raw=len(raw),
                    n=n,
                ),
            )
        pos = None
        symbols = raw
    elif isinstance(raw, dict):
        symbols = list(raw.values())
        pos = _positions(list(raw), n, '"status"', source)
    else:
        raise SourceError(
            source,
            tr("\"status\" must be a string, an array or an object"),
        )
    if not all(isinstance(s, str) or s is None for s in symbols):
        raise SourceError(
            source,
            tr("\"status\" holds something that is not text"),
        )
    symbol_codes, uniques = pd.factorize(
        pd.Index(["" if s is None else s for s in symbols], dtype=object)
    )
    categories = [""] + [u for u in uniques if u != ""]
    where = {c: i for i, c in enumerate(categories)}
    remap = np.array([where[u] for u in uniques], dtype=np.int32)
    mapped = remap[symbol_codes] if len(symbol_codes) else np.empty(0, np.int32)
    if pos is None:
        codes = mapped
    else:
        codes = np.zeros(n, np.int32 if len(categories) > 127 else np.int8)
        codes[pos] = mapped
    return pd.Categorical.from_codes(
        codes, categories=pd.Index(categories, dtype=object), validate=False
    )


# -- the table -----------------------------------------------------------------------------


def _small_attrs(ds: Mapping[str, Any], role: Mapping[str, Any]) -> dict[str, Any]:
    attrs: dict[str, Any] = {"format": "json-stat"}
    for key in ("label", "source", "updated", "version"):
        if isinstance(ds.get(key), str):
            attrs[key] = redact(ds[key])  # metadata may be shown or written: no fødselsnummer
    attrs["role"] = {k: list(v) for k, v in role.items() if isinstance(v, list)}
    px = (ds.get("extension") or {}).get("px") if isinstance(ds.get("extension"), dict) else None
    if isinstance(px, dict) and isinstance(px.get("tableid"), str):
        attrs["table_id"] = redact(px["tableid"])
    return attrs


def _refuse_identity_numbers(dim_id: str, names: Sequence[str], source: str) -> None:
    """Refuse a dimension whose id, codes or labels hold a fødselsnummer or D-number.

    A statistical table has no business carrying one, and a code flows into every output
    (messages, reports, written tables); the number itself is never shown.
    """
    joined = "\n".join([dim_id, *names])
    if redact(joined) != joined:
        shown = redact(dim_id)
        raise SourceError(
            source,
            tr(
                "dimension {shown!r} holds what looks like a fødselsnummer or D-number in a "
                "category code or label; statistical tables must not identify persons, so the "
                "file is refused (the number is not shown)",
                shown=shown,
            ),
            check="identity_number",
        )


def _dataset_frame(
    ds: Mapping[str, Any], source: str, *, labels: bool, limits: Limits
) -> JsonStatRead:
    ids, sizes, dims, role = _dimension_layout(ds, source, limits)
    n = math.prod(sizes)
    if "value" not in ds:
        raise SourceError(
            source, tr("the dataset has no \"value\"")
        )
    categories = []
    for dim_id, size in zip(ids, sizes, strict=True):
        codes, texts = _categories(dim_id, dims[dim_id], size, source)
        check(
            source,
            f"characters in one category of dimension {redact(dim_id)!r}",
            max(map(len, [dim_id, *codes, *texts])),
            limits.max_field_chars,
            name="max_field_chars",
        )
        _refuse_identity_numbers(dim_id, [*codes, *texts], source)
        categories.append((codes, texts))
    values, value_texts, written = _values(ds["value"], n, source)
    status = _status(ds.get("status"), n, source)

    columns: dict[str, Any] = {}
    label_columns: dict[str, Any] = {}
    inner = n
    outer = 1
    for dim_id, size, (codes, texts) in zip(ids, sizes, categories, strict=True):
        inner = inner // size if size else 0
        pattern = np.arange(size, dtype=_code_dtype(size))
        positions = np.tile(np.repeat(pattern, inner), outer) if n else pattern[:0]
        outer *= size
        columns[dim_id] = _categorical(positions, codes)
        if labels:
            label_columns[dim_id + LABEL_SUFFIX] = _categorical(positions, texts)
    clash = set(label_columns) & set(columns)
    if clash:
        first = sorted(clash)[0]
        raise SourceError(
            source,
            tr("dimension {first!r} clashes with a label column", first=first),
        )
    columns.update(label_columns)
    columns[VALUE_COLUMN] = values
    if value_texts is not None:
        if TEXT_COLUMN in columns:
            raise SourceError(
                source,
                tr(
                    "a dimension is called {TEXT_COLUMN!r}, which clashes with the text column",
                    TEXT_COLUMN=TEXT_COLUMN,
                ),
            )
        _refuse_identity_numbers(VALUE_COLUMN, [t for t in value_texts if t is not None], source)
        columns[TEXT_COLUMN] = pd.Categorical(value_texts)
    columns[STATUS_COLUMN] = status
    frame = pd.DataFrame(columns, index=pd.RangeIndex(n), copy=False)
    frame.attrs.update(_small_attrs(ds, role))
    return JsonStatRead(table=frame, notes=_value_notes(written, value_texts))


def _value_notes(written: int, texts: npt.NDArray[np.object_] | None) -> tuple[str, ...]:
    """What the report says about values written as text."""
    notes = []
    if written:
        notes.append(
            trn(
                "{n} value is a number written as text (such as \"1\"): read as a number",
                "{n} values are numbers written as text (such as \"1\"): read as numbers",
                written,
            )
        )
    if texts is not None:
        present = [t for t in texts if t is not None]
        first = redact(str(present[0]))[:40]
        notes.append(
            trn(
                "{n} value is text that is not a number ({first!r}): kept in {TEXT_COLUMN!r}, "
                "with no number in {VALUE_COLUMN!r}",
                "{n} values are text that is not a number (such as {first!r}): kept in "
                "{TEXT_COLUMN!r}, with no number in {VALUE_COLUMN!r}",
                len(present),
                first=first,
                TEXT_COLUMN=TEXT_COLUMN,
                VALUE_COLUMN=VALUE_COLUMN,
            )
        )
    return tuple(notes)
