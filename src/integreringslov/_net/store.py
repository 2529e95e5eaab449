"""The HTTP cache on disk (internal): checked before it is used, written only what was accepted.

The answers live in hishel's SQLite storage, ``http-cache.sqlite`` in the cache directory.
Two things stand between it and the client:

* :func:`open_cache` looks at the file before hishel opens it. A file that is not an
  SQLite database, one cut short, one that belongs to another program (other tables, or a
  hishel 1.x cache), one that cannot be written, or a directory that cannot be made is not
  used: the client works without a cache and says why (a note), and the file is left as it
  was. Failures hishel meets later (a page damaged inside the file) are caught from its log
  and become a note too — never hishel's traceback.
* :class:`Staged` holds what the cache would store until the client *commits*: an
  operation (a fetch, a KLASS update) commits when it has accepted every answer, so an
  answer that was refused — too large, not JSON, data that failed their checks, or
  anything of a fetch that failed — never reaches the disk, not even as freed pages of the
  database. What is stored leaves out the request's credentials (``Authorization``,
  ``Cookie``, a password in the URL).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import stat
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import replace
from pathlib import Path
from typing import Final

import attrs
import hishel
import httpx

from integreringslov._text.i18n import tr

__all__ = ["CACHE_FILE", "Staged", "open_cache", "reporting_to"]

CACHE_FILE: Final = "http-cache.sqlite"
"""The cache's file in the cache directory."""
_HEADER: Final = b"SQLite format 3\x00"
_TABLES: Final = {
    "entries": {
        "id",
        "cache_key",
        "data",
        "expires_at",
        "last_accessed_at",
        "chunk_count",
        "ttl_deadline",
        "tti",
    },
    "streams": {"entry_id", "chunk_number", "chunk_data"},
}
_PRIVATE_HEADERS: Final = frozenset({"authorization", "proxy-authorization", "cookie"})


def _unusable(path: Path, why: str) -> str:
    return tr(
        "the HTTP cache {path} is not used ({why}); answers are fetched without it and not kept — "
        "delete the file, or set INTEGRERINGSLOV_CACHE_DIR to another directory",
        path=path,
        why=why,
    )


def _header_problem(path: Path, size: int) -> str | None:
    """Why the first 100 bytes of ``path`` do not start a whole SQLite database, if they don't."""
    with path.open("rb") as fh:
        head = fh.read(100)
    if len(head) < 100 or not head.startswith(_HEADER):
        return tr("not an SQLite database")
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    # the page count in the header is valid when its "version valid for" matches the counter
    if head[24:28] == head[92:96] and size < page_size * pages:
        return tr(
            "cut short: {size} bytes of the {page_size_pages} it states",
            size=size,
            page_size_pages=page_size * pages,
        )
    return None


def _foreign(connection: sqlite3.Connection) -> str | None:
    """Why the database is not a cache of this hishel, if it is not."""
    tables = [
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
    ]
    for table in tables:
        columns = {
            row[0] for row in connection.execute("SELECT name FROM pragma_table_info(?)", (table,))
        }
        if _TABLES.get(table) != columns:
            return tr(
                "a database of another program: it has a table {table!r} the cache does not make",
                table=table,
            )
    return None


def open_cache(directory: Path) -> tuple[hishel.SqliteStorage | None, str | None]:
    """The hishel storage in ``directory``; or ``None`` and a note saying why it is not used."""
    path = directory / CACHE_FILE
    try:
        directory.mkdir(parents=True, exist_ok=True)
        if not os.access(directory, os.W_OK | os.X_OK):
            return None, _unusable(
                path, tr("the directory is read-only")
            )
        if os.path.lexists(path):
            info = os.stat(path)
            if not stat.S_ISREG(info.st_mode):
                return None, _unusable(path, tr("not a regular file"))
            if not os.access(path, os.R_OK | os.W_OK):
                return None, _unusable(
                    path, tr("the file is read-only")
                )
            if info.st_size:
                problem = _header_problem(path, info.st_size)
                if problem:
                    return None, _unusable(path, problem)
        connection = sqlite3.connect(path, timeout=5)
        try:
            problem = _foreign(connection)
            # a write that is taken back: a database that cannot be written is refused here
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("ROLLBACK")
        finally:
            connection.close()
    except OSError as exc:
        return None, _unusable(path, exc.strerror or str(exc))
    except sqlite3.Error as exc:
        return None, _unusable(path, str(exc))
    if problem:
        return None, _unusable(path, problem)
    return hishel.SqliteStorage(database_path=path, max_size=1 << 30), None


# -- what hishel logs ------------------------------------------------------------------------

_NOTES: ContextVar[list[str] | None] = ContextVar("integreringslov_cache_notes", default=None)


class _HishelFailures(logging.Handler):
    """hishel's log of its own failures, as notes of the client at work (never a traceback)."""

    def emit(self, record: logging.LogRecord) -> None:
        notes = _NOTES.get()
        if notes is None:
            return
        cause = record.exc_info[1] if record.exc_info else None
        text = record.getMessage().removeprefix("hishel: ")
        why = f"{text}: {cause}" if cause is not None else text
        note = tr("the HTTP cache failed ({why}); the answer was fetched without it", why=why)
        if note not in notes:
            notes.append(note)


_HISHEL_LOG = logging.getLogger("hishel")
if not any(isinstance(h, _HishelFailures) for h in _HISHEL_LOG.handlers):
    _HISHEL_LOG.addHandler(_HishelFailures())


@contextlib.contextmanager
def reporting_to(notes: list[str]) -> Iterator[None]:
    """Within the block, failures hishel logs are added to ``notes``."""
    token = _NOTES.set(notes)
    try:
        yield
    finally:
        _NOTES.reset(token)


# -- staged writes ---------------------------------------------------------------------------


@attrs.define
class _Pending:
    request: hishel.Request
    response: hishel.Response
    body: bytes
    key: str


def _private_removed(request: hishel.Request) -> hishel.Request:
    url = request.url
    if "@" in url:  # parse the URL again only where it may hold a user name and password
        url = str(httpx.URL(url).copy_with(username=None, password=None))
    kept = {
        name: request.headers.get_list(name) or []
        for name in request.headers
        if name.lower() not in _PRIVATE_HEADERS
    }
    return hishel.Request(method=request.method, url=url, headers=hishel.Headers(kept))


class Staged(hishel.BaseStorage):
    """A storage that serves what ``inner`` holds and keeps new answers until :meth:`commit`."""

    def __init__(self, inner: hishel.BaseStorage | None) -> None:
        super().__init__()
        self.inner = inner
        self._pending: dict[uuid.UUID, _Pending] = {}
        self._updates: list[tuple[uuid.UUID, hishel.Headers]] = []

    def get_entries(self, key: str) -> list[hishel.Entry]:
        """The staged entries for ``key``, then those the cache holds."""
        staged = [
            hishel.Entry(
                id=i, request=p.request, response=replace(p.response, stream=iter([p.body]))
            )
            for i, p in self._pending.items()
            if p.key == key
        ]
        return staged + (self.inner.get_entries(key) if self.inner is not None else [])

    def create_entry(
        self,
        request: hishel.Request,
        response: hishel.Response,
        key: str,
        *,
        ttl: float | None = None,
        tti: float | None = None,
    ) -> hishel.Entry:
        """Stage the answer; the network layer below has read it whole, within its limits."""
        assert response.stream is not None
        body = b"".join(response.stream)  # type: ignore[arg-type]
        entry_id = uuid.uuid4()
        self._pending[entry_id] = _Pending(
            request=request, response=replace(response, stream=None), body=body, key=key
        )
        return hishel.Entry(
            id=entry_id, request=request, response=replace(response, stream=iter([body]))
        )

    def update_headers(self, id: uuid.UUID, headers: hishel.Headers) -> None:
        """Stage new headers for an entry (a revalidation); applied on :meth:`commit`."""
        if id in self._pending:
            self._pending[id].response = replace(self._pending[id].response, headers=headers)
        else:
            self._updates.append((id, headers))

    def remove_entry(self, id: uuid.UUID) -> None:
        """Forget a staged entry; the client never removes stored ones (it only reads)."""
        self._pending.pop(id, None)

    def drop(self, key: str) -> None:
        """Forget what is staged for ``key``: the client refused that answer."""
        for entry_id in [i for i, p in self._pending.items() if p.key == key]:
            del self._pending[entry_id]

    def commit(self) -> None:
        """Store the staged answers that succeeded (2xx), then forget them all."""
        pending, self._pending = self._pending, {}
        updates, self._updates = self._updates, []
        if self.inner is None:
            return
        for entry_id, headers in updates:
            self.inner.update_headers(entry_id, headers)
        for p in pending.values():
            if not 200 <= p.response.status_code < 300:
                continue
            entry = self.inner.create_entry(
                _private_removed(p.request), replace(p.response, stream=iter([p.body])), p.key
            )
            assert entry.response.stream is not None
            for _ in entry.response.stream:  # type: ignore[union-attr]
                pass  # reading the stream is what writes it

    def close(self) -> None:
        """Forget what is staged and close the cache."""
        self._pending.clear()
        self._updates.clear()
        if self.inner is not None:
            self.inner.close()
