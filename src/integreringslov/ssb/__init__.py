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

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

import integreringslov._io.limits
from integreringslov._io.limits import DEFAULT_LIMITS, check
from integreringslov._net.http import DEFAULT_TIMEOUT, Client
from integreringslov.errors import InvalidInputError, Problem, SourceError
from integreringslov.ssb.selection import Dimension, Metadata, Selection, cells, plan_calls

if TYPE_CHECKING:  # pragma: no cover
    from integreringslov.plugins import Imported

__all__ = [
    "DEFAULT_BASE_URL",
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

_PAGE_SIZE = 100


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


def _config(client: Client, base_url: str) -> Config:
    what = f"PxWebApi configuration at {base_url}"
    doc = client.get_json(f"{base_url}/config", what=what)
    try:
        config = Config(
            max_data_cells=int(doc["maxDataCells"]),
            max_calls=int(doc["maxCallsPerTimeWindow"]),
            time_window=float(doc["timeWindow"]),
            languages=tuple(str(lang["id"]) for lang in doc.get("languages", [])),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise SourceError(
            what, f"/config lacks or garbles {exc}; not a PxWebApi 2 server"
        ) from None
    if config.max_data_cells < 1 or config.max_calls < 1:
        raise SourceError(what, "/config states limits below one cell or one call")
    client.limit_calls(base_url, config.max_calls, config.time_window)
    return config


def _check_lang(config: Config, lang: str, base_url: str) -> None:
    if config.languages and lang not in config.languages:
        raise InvalidInputError(
            [
                Problem(
                    message="the server does not offer this language",
                    source=base_url,
                    value=lang,
                    expected=" or ".join(config.languages),
                )
            ],
            what=f"lang for {base_url}",
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
) -> list[TableInfo]:
    """The tables whose title or id matches ``query`` (*tabellsøk*), the first ``limit``.

    :param query: Words or a table id, as in the StatBank's search box.
    :param limit: At most this many tables (the server's pages are followed until then).
    :param lang: The language of the titles.
    :param base_url: The PxWebApi 2 server.
    :param offline: Answer only from the cache.
    :param cache: The cache directory (see ``cache_dir``).
    :param timeout: Seconds before a call is given up.
    :raises SourceError: When the server cannot be reached or answers otherwise than
        PxWebApi 2 does.
    """
    with Client(cache=cache, offline=offline, timeout=timeout) as client:
        _config(client, base_url)
        found: list[TableInfo] = []
        what = f"table search {query!r} at {base_url}"
        size = max(1, min(limit, _PAGE_SIZE))
        page = 0
        while len(found) < limit:
            page += 1
            params = {"query": query, "lang": lang, "pageNumber": str(page), "pageSize": str(size)}
            doc = client.get_json(f"{base_url}/tables", params=params, what=what)
            if not isinstance(doc, dict) or not isinstance(doc.get("tables"), list):
                raise SourceError(what, 'the answer has no "tables" list')
            found += [
                TableInfo(
                    id=str(t["id"]),
                    label=str(t.get("label", "")),
                    updated=t.get("updated"),
                    first_period=t.get("firstPeriod"),
                    last_period=t.get("lastPeriod"),
                    variables=tuple(t.get("variableNames", ())),
                )
                for t in doc["tables"]
            ]
            pages = (doc.get("page") or {}).get("totalPages", 1)
            if not doc["tables"] or not isinstance(pages, int) or page >= pages:
                break
        return found[:limit]


def _metadata(client: Client, base_url: str, table: str, lang: str) -> Metadata:
    what = f"SSB table {table}"
    doc = client.get_json(f"{base_url}/tables/{table}/metadata", params={"lang": lang}, what=what)
    try:
        dims = []
        for dim_id in doc["id"]:
            dim = doc["dimension"][dim_id]
            category = dim["category"]
            index = category.get("index")
            if isinstance(index, dict):
                codes = sorted(index, key=index.__getitem__)
            elif isinstance(index, list):
                codes = [str(c) for c in index]
            else:
                codes = list(category["label"])
            labels = category.get("label") or {}
            dims.append(
                Dimension(
                    id=dim_id,
                    label=str(dim.get("label", dim_id)),
                    codes=tuple(codes),
                    labels=tuple(str(labels.get(c, c)) for c in codes),
                    elimination=bool((dim.get("extension") or {}).get("elimination", False)),
                )
            )
    except (KeyError, TypeError, AttributeError) as exc:
        raise SourceError(what, f"the metadata is not JSON-stat 2.0 as expected ({exc})") from None
    return Metadata(
        table=table,
        label=str(doc.get("label", table)),
        updated=doc.get("updated"),
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
) -> Metadata:
    """What table ``table`` holds: its title and its dimensions with their codes.

    Parameters as for :func:`tables`.

    :raises SourceError: When the table does not exist or the server cannot be reached.
    """
    with Client(cache=cache, offline=offline, timeout=timeout) as client:
        config = _config(client, base_url)
        _check_lang(config, lang, base_url)
        return _metadata(client, base_url, table, lang)


@contextmanager
def _progress(total: int, enabled: bool | None, table: str) -> Iterator[Any]:
    show = total > 1 and (sys.stderr.isatty() if enabled is None else enabled)
    if not show:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(f"SSB table {table}", total=total)
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
    :param timeout: Seconds before a call is given up.
    :param progress: Show a progress bar on stderr for a fetch of several calls; by default
        only when stderr is a terminal.
    :param limits: The cells a selection may take (``max_cells``, checked before any
        data call) and the bytes of one answer (``max_input_bytes``).
    :return: :class:`~integreringslov.plugins.Imported` with the long table, the report and
        the ``ssb-jsonstat`` importer, as :func:`integreringslov.read` returns for a file.
    :raises InvalidInputError: When the selection names an unknown dimension or code.
    :raises SourceError: When the server cannot be reached, times out, refuses after the
        retries, or answers with something that is not JSON-stat.
    """
    from integreringslov._io.jsonstat import parse_jsonstat
    from integreringslov.plugins import Imported, default_plugins
    from integreringslov.tables import validate
    from integreringslov.tables.statistics import SsbTable

    what = f"SSB table {table}"
    data_url = f"{base_url}/tables/{table}/data"
    with Client(cache=cache, offline=offline, timeout=timeout) as client:
        config = _config(client, base_url)
        _check_lang(config, lang, base_url)
        meta = _metadata(client, base_url, table, lang)
        wanted = cells(meta, select)
        check(what, "cells in the selection", wanted, limits.max_cells, name="max_cells")
        calls = plan_calls(meta, select, max_cells=config.max_data_cells, url=data_url)
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
    return Imported(
        table=checked, report=report, importer=default_plugins().importer("ssb-jsonstat")
    )


def _category_codes(dim: Any) -> list[str]:
    category = dim["category"]
    index = category.get("index")
    if isinstance(index, dict):
        return sorted(index, key=index.__getitem__)
    if isinstance(index, list):
        return [str(c) for c in index]
    return list(category["label"])


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
                where = target[np.fromiter(map(int, symbols), dtype=np.int64, count=len(symbols))]
                status.update(zip(map(str, where.tolist()), symbols.values(), strict=True))
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
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise SourceError(
            what,
            f"the answers of the {len(docs)} calls do not fit together into one table ({exc}); "
            "the table may have changed between the calls — fetch it again",
        ) from None
    merged = {**first, "size": sizes, "dimension": dimension, "value": values.tolist()}
    merged["status"] = status
    return merged
