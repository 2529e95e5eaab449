"""Statistics Norway's StatBank, live (*Statistikkbanken*): PxWebApi 2 tables as validated tables.

SSB's StatBank has run on PxWebApi 2 since 2025 (``https://data.ssb.no/api/pxwebapi/v2``).
This module finds tables (:func:`tables`), describes them (:func:`metadata`) and fetches a
selection of one (:func:`fetch`) as the same :class:`~integreringslov.plugins.Imported` that
:func:`integreringslov.read` gives for a downloaded JSON-stat file: the long
:class:`~integreringslov.tables.statistics.SsbTable` and its validation report.

>>> import integreringslov as il                                    # doctest: +SKIP
>>> imported = il.ssb.fetch(
...     "09817",
...     select={"Region": "50", "InnvandrKat": "B", "Landbakgrunn": "*", "Tid": "top(1)"},
... )                                                               # doctest: +SKIP

The client reads the server's ``/config`` and keeps to it: a selection over
``maxDataCells`` is split into several calls (see :mod:`integreringslov.ssb.selection`)
whose results are joined into one table, in the table's order; at most
``maxCallsPerTimeWindow`` calls go out per ``timeWindow``. Everything goes through the
library's one HTTP client (``http``): cached on disk, revalidated
when stale, retried on 429 and 5xx, and available offline from the cache.

Data from SSB is licensed CC BY 4.0 («Kilde: Statistisk sentralbyrå»).
"""

from __future__ import annotations

import math
import os
import re
import sys
import time
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

import integreringslov._io.limits
from integreringslov._io.limits import DEFAULT_LIMITS, check
from integreringslov._net.http import DEFAULT_DEADLINE, DEFAULT_TIMEOUT, Client, masked
from integreringslov._text.i18n import tr
from integreringslov.errors import InvalidInputError, Problem, SourceError
from integreringslov.ssb.selection import Dimension, Metadata, Selection, cells, plan_calls

if TYPE_CHECKING:  # pragma: no cover
    from integreringslov.plugins import Imported

__all__ = [
    "DEFAULT_BASE_URL",
    "MAX_CALLS",
    "ContentLang",
    "Dimension",
    "Metadata",
    "Selection",
    "TableInfo",
    "fetch",
    "metadata",
    "tables",
]

DEFAULT_BASE_URL: Final = "https://data.ssb.no/api/pxwebapi/v2"
"""SSB's PxWebApi 2."""

ContentLang = Literal["no", "en"]
"""The language of SSB's labels and titles (SSB's own codes: ``no`` or ``en``)."""

MAX_CALLS: Final = 10_000
"""The most data calls one :func:`fetch` makes; a selection the server's ``maxDataCells``
would split into more is refused before the first."""

_PAGE_SIZE = 100
_MAX_TABLES = 10_000  # the most tables one search lists
_TABLE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")
_CONFIG_BYTES = 1 << 20  # a /config is a few hundred bytes
_PAGE_BYTES = 16 << 20  # a page of table search results
_METADATA_BYTES = 64 << 20  # a table's metadata: its dimensions, codes and labels


@attrs.frozen(kw_only=True)
class Config:
    """The limits a server states at ``/config`` (*grenser*), as :func:`fetch` reads them."""

    max_data_cells: int
    """Cells one data call may return (``maxDataCells``)."""
    max_calls: int
    """Calls allowed per time window (``maxCallsPerTimeWindow``)."""
    time_window: float
    """The window, in seconds (``timeWindow``)."""
    languages: tuple[str, ...]
    """The content languages the server offers."""


@attrs.frozen(kw_only=True)
class TableInfo:
    """One table found by :func:`tables` (*tabell*)."""

    id: str
    """The table id, e.g. ``"09817"``."""
    label: str
    """Its title."""
    updated: str | None
    """When it was last updated (ISO 8601)."""
    first_period: str | None
    """Its first time period."""
    last_period: str | None
    """Its last time period."""
    variables: tuple[str, ...]
    """The names of its dimensions."""


def _number(doc: Any, key: str, what: str) -> float:
    value = doc.get(key) if isinstance(doc, dict) else None
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise SourceError(
            what,
            tr(
                "/config lacks the number {key} (found {str_value_40!r}); not a PxWebApi 2 server",
                key=key,
                str_value_40=str(value)[:40],
            ),
        )
    return float(value)


def _languages(doc: Any, what: str) -> tuple[str, ...]:
    listed = doc.get("languages", []) if isinstance(doc, dict) else None
    if not isinstance(listed, list) or not all(
        isinstance(lang, dict) and isinstance(lang.get("id"), str) for lang in listed
    ):
        raise SourceError(
            what,
            tr("/config's languages are not a list of {id: ...}; not a PxWebApi 2 server"),
        )
    return tuple(lang["id"] for lang in listed)


def _config(client: Client, base_url: str) -> Config:
    """The server's ``/config``, its figures taken within the client's bounds."""
    what = tr("PxWebApi configuration at {url}", url=masked(base_url))
    doc = client.get_json(
        f"{base_url}/config", what=what, max_bytes=_CONFIG_BYTES, limit_name=None
    )
    cells = _number(doc, "maxDataCells", what)
    calls = _number(doc, "maxCallsPerTimeWindow", what)
    window = _number(doc, "timeWindow", what)
    if cells < 1 or calls < 1:
        raise SourceError(
            what,
            tr("/config states limits below one cell or one call"),
        )
    max_calls, time_window = client.limit_calls(base_url, int(min(calls, 1e9)), window)
    return Config(
        max_data_cells=int(min(cells, 1e12)),
        max_calls=max_calls,
        time_window=time_window,
        languages=_languages(doc, what),
    )


def _table_id(table: str) -> str:
    """``table`` if it is a table id (letters, digits, ``_`` and ``-``); else refused."""
    if isinstance(table, str) and _TABLE_ID.fullmatch(table):
        return table
    raise InvalidInputError(
        [
            Problem(
                message=tr("not a table id"),
                value=str(table)[:60] + ("…" if len(str(table)) > 60 else ""),
                expected=tr("letters, digits, '_' and '-', at most 100 (e.g. 09817)"),
            )
        ],
        what="table",
    )


def _noted(client: Client) -> None:
    """The client's notes (a cache it could not use) as warnings, for callers with no report."""
    for note in client.notes:
        warnings.warn(note, stacklevel=3)


def _check_lang(config: Config, lang: str, base_url: str) -> None:
    if config.languages and lang not in config.languages:
        raise InvalidInputError(
            [
                Problem(
                    message="the server does not offer this language",
                    source=masked(base_url),
                    value=lang,
                    expected=" or ".join(config.languages),
                )
            ],
            what=f"lang for {masked(base_url)}",
        )


@contextmanager
def _client(
    *,
    cache: str | os.PathLike[str] | None,
    offline: bool,
    timeout: float,
    deadline: float,
) -> Iterator[Client]:
    """A client whose answers the cache keeps only when the block ends without an error."""
    with Client(cache=cache, offline=offline, timeout=timeout, deadline=deadline) as client:
        yield client
        client.commit()


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _table_info(entry: Any, n: int, what: str) -> TableInfo:
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str | int):
        raise SourceError(
            what,
            tr("table {n} of the answer is not a table description (no id)", n=n),
        )
    names = entry.get("variableNames", ())
    return TableInfo(
        id=str(entry["id"]),
        label=_text(entry.get("label")) or "",
        updated=_text(entry.get("updated")),
        first_period=_text(entry.get("firstPeriod")),
        last_period=_text(entry.get("lastPeriod")),
        variables=tuple(str(v) for v in names) if isinstance(names, list) else (),
    )


def tables(
    query: str,
    *,
    limit: int = 100,
    lang: ContentLang = "no",
    base_url: str = DEFAULT_BASE_URL,
    offline: bool = False,
    cache: str | os.PathLike[str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    deadline: float = DEFAULT_DEADLINE,
) -> list[TableInfo]:
    """The tables whose title or id matches ``query`` (*tabellsøk*), the first ``limit``.

    :param query: Words or a table id, as in the StatBank's search box.
    :param limit: At most this many tables (the server's pages are followed until then;
        at most 10,000).
    :param lang: The language of the titles.
    :param base_url: The PxWebApi 2 server.
    :param offline: Answer only from the cache.
    :param cache: The cache directory (see ``cache_dir``).
    :param timeout: Seconds one call may take, from connecting to the answer's last byte.
    :param deadline: Seconds the whole search may take, waits for the server's call
        limits included.
    :raises SourceError: When the server cannot be reached or answers otherwise than
        PxWebApi 2 does.

    A cache that cannot be used is not: the search goes on without it and says why in a
    :class:`UserWarning`.
    """
    limit = max(1, min(limit, _MAX_TABLES))
    with _client(cache=cache, offline=offline, timeout=timeout, deadline=deadline) as client:
        _config(client, base_url)
        found: list[TableInfo] = []
        what = tr("table search {query!r} at {url}", query=query, url=masked(base_url))
        size = max(1, min(limit, _PAGE_SIZE))
        page = 0
        while len(found) < limit:
            page += 1
            params = {"query": query, "lang": lang, "pageNumber": str(page), "pageSize": str(size)}
            doc = client.get_json(
                f"{base_url}/tables",
                params=params,
                what=what,
                max_bytes=_PAGE_BYTES,
                limit_name=None,
            )
            listed = doc.get("tables") if isinstance(doc, dict) else None
            if not isinstance(listed, list):
                raise SourceError(
                    what,
                    tr("the answer has no \"tables\" list"),
                )
            found += [_table_info(t, len(found) + n + 1, what) for n, t in enumerate(listed)]
            paging = doc.get("page")
            pages = paging.get("totalPages", 1) if isinstance(paging, dict) else 1
            if not listed or not isinstance(pages, int) or page >= pages:
                break
    _noted(client)
    return found[:limit]


def _metadata(client: Client, base_url: str, table: str, lang: str) -> Metadata:
    what = tr("SSB table {table}", table=table)
    doc = client.get_json(
        f"{base_url}/tables/{table}/metadata",
        params={"lang": lang},
        what=what,
        max_bytes=_METADATA_BYTES,
        limit_name=None,
    )
    try:
        dims = []
        for dim_id in doc["id"]:
            dim = doc["dimension"][dim_id]
            codes = _category_codes(dim)
            if len(set(codes)) != len(codes):
                raise ValueError(f"dimension {dim_id!r} names a code twice")
            labels = dim["category"].get("label") or {}
            dims.append(
                Dimension(
                    id=str(dim_id),
                    label=str(dim.get("label", dim_id)),
                    codes=tuple(codes),
                    labels=tuple(str(labels.get(c, c)) for c in codes),
                    elimination=bool((dim.get("extension") or {}).get("elimination", False)),
                )
            )
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise SourceError(
            what,
            tr("the metadata is not JSON-stat 2.0 as expected ({exc})", exc=exc),
        ) from None
    return Metadata(
        table=table,
        label=str(doc.get("label", table)),
        updated=_text(doc.get("updated")),
        dimensions=tuple(dims),
    )


def metadata(
    table: str,
    *,
    lang: ContentLang = "no",
    base_url: str = DEFAULT_BASE_URL,
    offline: bool = False,
    cache: str | os.PathLike[str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    deadline: float = DEFAULT_DEADLINE,
) -> Metadata:
    """What table ``table`` holds: its title and its dimensions with their codes.

    Parameters as for :func:`tables`.

    :raises InvalidInputError: When ``table`` is not a table id (letters, digits, ``_``
        and ``-``).
    :raises SourceError: When the table does not exist or the server cannot be reached.
    """
    table = _table_id(table)
    with _client(cache=cache, offline=offline, timeout=timeout, deadline=deadline) as client:
        config = _config(client, base_url)
        _check_lang(config, lang, base_url)
        meta = _metadata(client, base_url, table, lang)
    _noted(client)
    return meta


@contextmanager
def _progress(total: int, enabled: bool | None, table: str) -> Iterator[Any]:
    show = total > 1 and (sys.stderr.isatty() if enabled is None else enabled)
    if not show:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(tr("SSB table {table}", table=table), total=total)
        yield lambda: bar.advance(task)


def fetch(
    table: str,
    *,
    select: Selection | None = None,
    lang: ContentLang = "no",
    base_url: str = DEFAULT_BASE_URL,
    offline: bool = False,
    cache: str | os.PathLike[str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    deadline: float = DEFAULT_DEADLINE,
    progress: bool | None = None,
    limits: integreringslov._io.limits.Limits = DEFAULT_LIMITS,
) -> Imported:
    """Fetch a selection of table ``table`` (*hent tabell*), validated like a read file.

    :param table: The table id, e.g. ``"09817"``.
    :param select: Dimension id → codes or an expression (``"*"``, ``"top(3)"``,
        ``"from(2020)"``, ...; see :mod:`integreringslov.ssb.selection`). A dimension left
        out is eliminated where the table allows it and taken whole where it does not.
    :param lang: The language of the labels (``no`` or ``en``).
    :param base_url: The PxWebApi 2 server.
    :param offline: Answer only from the cache; a table not cached is an error naming it.
    :param cache: The cache directory (see ``cache_dir``).
    :param timeout: Seconds one call may take, from connecting to the answer's last byte
        (however slowly the server sends it), and the longest ``Retry-After`` waited.
    :param deadline: Seconds the whole fetch may take, the waits for the server's call
        limits included. A selection whose calls cannot keep to the server's limits within
        it is refused before the first data call.
    :param progress: Show a progress bar on stderr for a fetch of several calls; by default
        only when stderr is a terminal.
    :param limits: The cells a selection may take (``max_cells``, checked before any
        data call) and the bytes of one answer (``max_input_bytes``, counted decoded).
    :return: :class:`~integreringslov.plugins.Imported` with the long table, the report and
        the ``ssb-jsonstat`` importer, as :func:`integreringslov.read` returns for a file.
        A cache that could not be used is said in the report's notes.
    :raises InvalidInputError: When ``table`` is not a table id, or the selection names an
        unknown dimension or code, or needs more than :data:`MAX_CALLS` calls.
    :raises SourceError: When the server cannot be reached, times out, refuses after the
        retries, or answers with something that is not JSON-stat; when the calls cannot
        keep to the server's limits within ``deadline``. The cache then keeps nothing of
        this fetch.
    """
    from integreringslov._io.jsonstat import parse_jsonstat
    from integreringslov.plugins import Imported, default_plugins
    from integreringslov.tables import validate
    from integreringslov.tables.statistics import SsbTable

    table = _table_id(table)
    what = tr("SSB table {table}", table=table)
    data_url = f"{base_url}/tables/{table}/data"
    with _client(cache=cache, offline=offline, timeout=timeout, deadline=deadline) as client:
        config = _config(client, base_url)
        _check_lang(config, lang, base_url)
        meta = _metadata(client, base_url, table, lang)
        wanted = cells(meta, select)
        check(what, "cells in the selection", wanted, limits.max_cells, name="max_cells")
        calls = plan_calls(
            meta, select, max_cells=config.max_data_cells, url=data_url, max_calls=MAX_CALLS
        )
        if not offline:
            _within_deadline(len(calls), config, client, what)
        docs = []
        with _progress(len(calls), progress, table) as advance:
            for params in calls:
                query = {"lang": lang, "outputFormat": "json-stat2", **params}
                docs.append(
                    client.get_json(
                        data_url, params=query, what=what, max_bytes=limits.max_input_bytes
                    )
                )
                advance()
        frame = parse_jsonstat(_merge(docs, meta, what), source=what)
        checked, report = validate(SsbTable, frame, source=what)
    if client.notes:
        report = attrs.evolve(report, notes=(*report.notes, *client.notes))
    return Imported(
        table=checked, report=report, importer=default_plugins().importer("ssb-jsonstat")
    )


def _within_deadline(calls: int, config: Config, client: Client, what: str) -> None:
    """Refuse a fetch whose ``calls`` cannot keep to the server's call limits in time.

    Cached answers need no call, so this counts the worst case: every call to the server.
    """
    windows = (calls - 1) // config.max_calls
    needed = windows * config.time_window
    left = client.ends - time.monotonic()
    if needed > left:
        raise SourceError(
            what,
            tr(
                "the selection needs {calls} calls, and the server allows {config_max_calls} in "
                "{config_time_window:g} s (its /config): at least {needed:.0f} s, more than the "
                "{left:.0f} s left of the deadline — select less, or allow more time (deadline=)",
                calls=calls,
                config_max_calls=config.max_calls,
                config_time_window=config.time_window,
                needed=needed,
                left=left,
            ),
        )


def _category_codes(dim: Any) -> list[str]:
    category = dim["category"]
    index = category.get("index")
    if isinstance(index, dict):
        return sorted(index, key=index.__getitem__)
    if isinstance(index, list):
        return [str(c) for c in index]
    return list(category["label"])


def _cell_index(key: object, cells: int) -> int:
    """A status key as a cell number of an answer with ``cells`` cells."""
    if not isinstance(key, str) or not key.isdigit() or int(key) >= cells:
        raise ValueError(f"a status key {str(key)[:20]!r} is no cell of the answer's {cells}")
    return int(key)


def _merge(docs: Sequence[Any], meta: Metadata, what: str) -> Any:
    """The JSON-stat answers of several calls as one dataset, as one call would have given.

    Each call's cells are placed at their position in the cross product of all the codes
    selected (in the table's order); the result is then read like any JSON-stat file.
    """
    import functools

    import numpy as np

    if len(docs) == 1:
        return docs[0]
    first = docs[0]
    try:
        ids = list(first["id"])
        if any(list(d["id"]) != ids for d in docs):
            raise ValueError("the calls' answers have different dimensions")
        codes = [[_category_codes(d["dimension"][i]) for i in ids] for d in docs]
        positions = {dim.id: {c: n for n, c in enumerate(dim.codes)} for dim in meta.dimensions}
        selected = [
            sorted({c for doc_codes in codes for c in doc_codes[k]}, key=positions[i].__getitem__)
            for k, i in enumerate(ids)
        ]
        sizes = [len(s) for s in selected]
        strides = [int(np.prod(sizes[k + 1 :])) for k in range(len(ids))]
        total = int(np.prod(sizes))
        ranks = [{c: n for n, c in enumerate(s)} for s in selected]
        values = np.empty(total, dtype=object)
        filled = np.zeros(total, dtype=bool)
        status: dict[str, Any] = {}
        for doc, doc_codes in zip(docs, codes, strict=True):
            axes = [
                np.array([ranks[k][c] for c in doc_codes[k]], dtype=np.int64) * strides[k]
                for k in range(len(ids))
            ]
            target = functools.reduce(np.add.outer, axes).ravel()
            cells = doc["value"]
            if not isinstance(cells, list) or len(cells) != len(target):
                raise ValueError("a call's value array does not match its dimensions")
            if filled[target].any():
                raise ValueError("two calls answered for the same cell")
            chunk = np.empty(len(cells), dtype=object)
            chunk[:] = cells
            values[target] = chunk
            filled[target] = True
            symbols = doc.get("status")
            if isinstance(symbols, dict):
                at = [_cell_index(k, len(target)) for k in symbols]
                status.update(zip(map(str, target[at].tolist()), symbols.values(), strict=True))
            elif symbols not in (None, "", [], {}):
                raise ValueError("a call's status is not an object")
        if not filled.all():
            raise ValueError("the calls left cells out")
        dimension = {}
        for k, i in enumerate(ids):
            category: dict[str, Any] = {}
            for d in docs:
                for key, value in d["dimension"][i]["category"].items():
                    if isinstance(value, dict) and key != "index":
                        category.setdefault(key, {}).update(value)
            for key, value in category.items():
                category[key] = {c: value[c] for c in selected[k] if c in value}
            category["index"] = ranks[k]
            dimension[i] = {**first["dimension"][i], "category": category}
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise SourceError(
            what,
            tr(
                "the answers of the {len_docs} calls do not fit together into one table ({exc}); "
                "the table may have changed between the calls — fetch it again",
                len_docs=len(docs),
                exc=exc,
            ),
        ) from None
    merged = {**first, "size": sizes, "dimension": dimension, "value": values.tolist()}
    merged["status"] = status
    return merged
