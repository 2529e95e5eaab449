"""A hostile HTTP server on 127.0.0.1: it answers with raw bytes, as slowly or as badly as told.

``Hostile(script)`` serves on a free port; every connection gets the request line and
headers read, then ``script(send, path)`` answers by calling ``send(bytes)`` — as often and
as slowly as it likes. ``send`` raises once the client has gone or the server is stopping,
so a script that drips forever ends when the client gives up. The server stops by itself
after ``lifetime`` seconds or ``max_connections`` connections, and when its ``with`` block
ends: no test can leave it running.
"""

from __future__ import annotations

import functools
import gzip
import json
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Send = Callable[[bytes], None]
Script = Callable[[Send, str], None]


class Gone(Exception):
    """The client closed the connection, or the server is stopping."""


class Hostile:
    def __init__(self, script: Script, *, lifetime: float = 60.0, max_connections: int = 50):
        self.script = script
        self.lifetime = lifetime
        self.max_connections = max_connections
        self.paths: list[str] = []
        self._stop = threading.Event()

    @contextmanager
    def running(self, prefix: str = "") -> Iterator[str]:
        listener = socket.create_server(("127.0.0.1", 0))
        listener.settimeout(0.1)
        port = listener.getsockname()[1]
        started = time.monotonic()

        def serve() -> None:
            connections = 0
            while not self._stop.is_set() and time.monotonic() - started < self.lifetime:
                try:
                    conn, _ = listener.accept()
                except TimeoutError:
                    continue
                except OSError:
                    return
                connections += 1
                threading.Thread(target=self._answer, args=(conn,), daemon=True).start()
                if connections >= self.max_connections:
                    return

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{port}{prefix}"
        finally:
            self._stop.set()
            listener.close()
            thread.join(5)

    def _answer(self, conn: socket.socket) -> None:
        conn.settimeout(5)
        try:
            head = b""
            while b"\r\n\r\n" not in head and len(head) < 65536:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                head += chunk
            path = head.split(b" ", 2)[1].decode("latin-1")
            self.paths.append(path)

            def send(data: bytes) -> None:
                if self._stop.is_set():
                    raise Gone
                try:
                    conn.sendall(data)
                except OSError:
                    raise Gone from None

            self.script(send, path)
        except (Gone, OSError, IndexError):
            pass
        finally:
            conn.close()


def response(
    body: bytes, *, status: str = "200 OK", headers: dict[str, str] | None = None
) -> bytes:
    """A whole HTTP/1.1 answer with a Content-Length (and ``Connection: close``)."""
    lines = [f"HTTP/1.1 {status}", f"Content-Length: {len(body)}", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


CONFIG = json.dumps(
    {"maxDataCells": 1000, "maxCallsPerTimeWindow": 100, "timeWindow": 1, "languages": []}
).encode()


def drip(data: bytes, every: float) -> Script:
    """A script that sends ``data`` one byte at a time, one every ``every`` seconds."""

    def script(send: Send, path: str) -> None:
        for byte in data:
            send(bytes([byte]))
            time.sleep(every)

    return script


@functools.cache
def gzip_bomb(mebibytes: int, layers: int) -> bytes:
    """``mebibytes`` MiB of zeros gzip-compressed ``layers`` times (a few kB, made in pieces)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"\0" * (1 << 20)
    out = b"".join(packer.compress(block) for _ in range(mebibytes)) + packer.flush()
    for _ in range(layers - 1):
        out = gzip.compress(out, compresslevel=9)
    return out
