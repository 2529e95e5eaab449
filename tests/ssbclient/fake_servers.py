"""Local fakes of SSB's PxWebApi 2 and KLASS, on 127.0.0.1, serving recorded responses.

``FakePxWeb`` answers ``/config`` (the recorded Statistics Sweden config, with the limits a
test sets), ``/tables`` (the recorded listing), ``/tables/{id}/metadata`` (a recorded
metadata document, or the cube's own dimensions) and ``/tables/{id}/data`` by cutting the
requested ``valueCodes[...]`` out of a recorded JSON-stat 2.0 cube — codes, ``*`` and
``top(n)`` only, as a server would; it refuses a call over ``maxDataCells`` with 403 and
a caller over ``maxCallsPerTimeWindow`` with 429, as SSB does. A test can queue failures
(429 with ``Retry-After``, 500), slow every answer down, and change a table (a new version,
with a new ETag) to make the client's cache stale. ``FakeKlass`` serves recorded KLASS files
by path. Both count the requests they receive.
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import numpy as np

DATA = Path(__file__).resolve().parents[1] / "data"
PXWEB = DATA / "pxwebapi2"
KLASS = DATA / "klass"


def load(path: Path) -> Any:
    return json.loads(path.read_text("utf-8"))


def _codes(dim: dict[str, Any]) -> list[str]:
    index = dim["category"].get("index")
    if isinstance(index, dict):
        return sorted(index, key=index.__getitem__)
    if isinstance(index, list):
        return list(index)
    return list(dim["category"]["label"])


def metadata_of(cube: dict[str, Any], *, elimination: bool = False) -> dict[str, Any]:
    """A metadata document for ``cube``: the same dataset with no values."""
    doc = copy.deepcopy({k: v for k, v in cube.items() if k not in ("value", "status")})
    doc["value"] = []
    for dim in doc["dimension"].values():
        dim.setdefault("extension", {})["elimination"] = elimination
    return doc


def cut(cube: dict[str, Any], query: dict[str, list[str]]) -> dict[str, Any] | str:
    """The part of ``cube`` that ``valueCodes[...]`` select; an error text if malformed."""
    picks: list[list[int]] = []
    out = {k: v for k, v in cube.items() if k not in ("value", "status", "dimension", "size")}
    out["dimension"] = {}
    for dim_id in cube["id"]:
        dim = cube["dimension"][dim_id]
        codes = _codes(dim)
        raw = query.get(f"valueCodes[{dim_id}]")
        if raw is None:
            if len(codes) != 1:
                return f"valueCodes missing for {dim_id}"
            wanted = codes
        else:
            wanted = []
            for token in raw[0].split(","):
                if token == "*":
                    wanted += codes
                elif token.lower().startswith("top("):
                    wanted += codes[-int(token[4:-1]) :]
                elif token in codes:
                    wanted.append(token)
                else:
                    return f"unknown code {token!r} for {dim_id}"
        chosen = [i for i, c in enumerate(codes) if c in set(wanted)]
        picks.append(chosen)
        labels = dim["category"].get("label", {})
        new = copy.deepcopy(dim)
        new["category"]["index"] = {codes[i]: n for n, i in enumerate(chosen)}
        if labels:
            new["category"]["label"] = {codes[i]: labels[codes[i]] for i in chosen}
        out["dimension"][dim_id] = new
    sizes = [len(_codes(cube["dimension"][d])) for d in cube["id"]]
    flat = np.arange(math.prod(sizes)).reshape(sizes)[np.ix_(*picks)].ravel()
    values = cube["value"]
    out["size"] = [len(p) for p in picks]
    out["value"] = [values[i] for i in flat]
    status = cube.get("status")
    if isinstance(status, dict):
        where = {int(k): v for k, v in status.items()}
        out["status"] = {str(n): where[i] for n, i in enumerate(flat) if i in where}
    return out


class _Server(ThreadingHTTPServer):
    daemon_threads = True


class FakePxWeb:
    """A PxWebApi 2 server on 127.0.0.1 with recorded responses (see the module docs)."""

    prefix = "/api/v2"

    def __init__(
        self,
        *,
        cubes: dict[str, dict[str, Any]] | None = None,
        metadata: dict[str, dict[str, Any]] | None = None,
        max_data_cells: int = 150_000,
        max_calls: int = 3,
        time_window: float = 1,
        languages: tuple[str, ...] = ("no", "en"),
        cache_control: str = "max-age=3600",
    ) -> None:
        self.cubes = dict(cubes or {"TAB6471": load(PXWEB / "scb_TAB6471_data.json")})
        self.metadata = dict(metadata or {})
        if not metadata and "TAB6471" in self.cubes:
            self.metadata["TAB6471"] = load(PXWEB / "scb_TAB6471_metadata.json")
        config = load(PXWEB / "scb_config.json")
        config.update(
            maxDataCells=max_data_cells,
            maxCallsPerTimeWindow=max_calls,
            timeWindow=time_window,
            languages=[{"id": lang, "label": lang} for lang in languages],
        )
        self.config = config
        self.cache_control = cache_control
        self.failures: deque[tuple[int, dict[str, str]]] = deque()
        self.delay = 0.0
        self.version = 1
        self.requests: list[str] = []
        self.statuses: list[int] = []
        self.data_calls: deque[float] = deque()
        self.over_limit = 0
        self._rendered: dict[str, bytes] = {}
        self._lock = threading.Lock()

    # -- answering -------------------------------------------------------------------------

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, bytes, dict[str, str]]:
        if self.failures:
            status, headers = self.failures.popleft()
            return status, b'{"error": "recorded failure"}', headers
        rel = path.removeprefix(self.prefix)
        if rel == "/config":
            return 200, json.dumps(self.config).encode(), {}
        if rel == "/tables":
            return 200, (PXWEB / "scb_tables.json").read_bytes(), {}
        parts = rel.strip("/").split("/")
        if len(parts) == 3 and parts[0] == "tables" and parts[1] in self.cubes:
            table, what = parts[1], parts[2]
            if what == "metadata":
                if table not in self.metadata:
                    self.metadata[table] = metadata_of(self.cubes[table])
                return 200, json.dumps(self.metadata[table]).encode(), {}
            if what == "data":
                return self._data(table, query)
        return 404, b'{"error": "not found"}', {}

    def _data(self, table: str, query: dict[str, list[str]]) -> tuple[int, bytes, dict[str, str]]:
        now = time.monotonic()
        window = float(self.config["timeWindow"])
        while self.data_calls and self.data_calls[0] <= now - window:
            self.data_calls.popleft()
        if len(self.data_calls) >= int(self.config["maxCallsPerTimeWindow"]):
            self.over_limit += 1
            return 429, b'{"error": "too many requests"}', {"Retry-After": "1"}
        self.data_calls.append(now)
        key = f"{self.version} {table} {sorted(query.items())}"
        if key not in self._rendered:
            doc = cut(self.cubes[table], query)
            if isinstance(doc, str):
                return 400, json.dumps({"error": doc}).encode(), {}
            if math.prod(doc["size"]) > int(self.config["maxDataCells"]):
                return 403, b'{"error": "too many cells selected"}', {}
            self._rendered[key] = json.dumps(doc, ensure_ascii=False).encode()
        return 200, self._rendered[key], {}

    def change_table(self, table: str, factor: float) -> None:
        """Publish a new version of ``table``: every value times ``factor``, a new ETag."""
        cube = self.cubes[table]
        cube["value"] = [None if v is None else v * factor for v in cube["value"]]
        self.version += 1

    # -- the server ------------------------------------------------------------------------

    @contextmanager
    def running(self) -> Iterator[str]:
        """Serve on a free port; yields the base URL."""
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                with fake._lock:
                    fake.requests.append(self.path)
                    status, body, headers = fake.answer(url.path, parse_qs(url.query))
                if fake.delay:
                    time.sleep(fake.delay)
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if status == 200 and self.headers.get("If-None-Match") == etag:
                    status, body = 304, b""
                with fake._lock:
                    fake.statuses.append(status)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json; charset=UTF-8")
                    self.send_header("Content-Length", str(len(body)))
                    if status in (200, 304):
                        self.send_header("ETag", etag)
                        self.send_header("Cache-Control", fake.cache_control)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        server = _Server(("127.0.0.1", 0), Handler)
        # (``poll_interval``: how long ``shutdown`` waits for the loop to notice; the
        # default half second was most of the time of a test that starts two servers)
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}{self.prefix}"
        finally:
            server.shutdown()
            server.server_close()

    def count(self, part: str) -> int:
        """How many requests had ``part`` in their path."""
        return sum(part in r for r in self.requests)


class FakeKlass(FakePxWeb):
    """KLASS (``/klass/v1``) serving recorded files by path."""

    prefix = "/klass/v1"

    def __init__(self, routes: dict[str, bytes]) -> None:
        super().__init__(cubes={}, cache_control="max-age=3600")
        self.routes = routes

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, bytes, dict[str, str]]:
        rel = path.removeprefix(self.prefix)
        if self.failures:
            status, headers = self.failures.popleft()
            return status, b"{}", headers
        if rel in self.routes:
            return 200, self.routes[rel], {}
        return 404, b'{"error": "not found"}', {}
