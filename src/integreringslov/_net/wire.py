"""The wire under the cache (internal): connections that end by a deadline, not only a timeout.

A timeout bounds each wait for the network; a server that sends one byte of its headers or
its body every two seconds never trips it. Within :func:`deadline` every connect, send,
TLS handshake and receive of this module's connections waits at most until the deadline,
so a call ends by then however the server drips — then with an :class:`httpx.ReadTimeout`
(or the matching connect/write timeout).

:class:`Wire` is an httpx transport on httpcore's connection pool, with that deadline
backend, and with the proxy the environment names (``HTTPS_PROXY``, ``HTTP_PROXY``,
``NO_PROXY``, as :func:`urllib.request.getproxies` reads them), so that a proxy, too, goes
through the cache above it.
"""

from __future__ import annotations

import contextlib
import ssl
import time
import urllib.request
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import Any

import httpcore
import httpx

__all__ = ["Wire", "deadline"]

_DEADLINE: ContextVar[float | None] = ContextVar("integreringslov_deadline", default=None)


@contextlib.contextmanager
def deadline(at: float) -> Iterator[None]:
    """Within the block, the wire's connections end by ``at`` (a :func:`time.monotonic` time)."""
    token = _DEADLINE.set(at)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def _left(timeout: float | None, late: type[Exception]) -> float | None:
    """``timeout`` shortened to what is left until the deadline; ``late`` once it has passed."""
    at = _DEADLINE.get()
    if at is None:
        return timeout
    left = at - time.monotonic()
    if left <= 0:
        raise late("the deadline has passed")
    return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    """A network stream whose every wait ends by the deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        left = _left(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.start_tls(ssl_context, server_hostname, left))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    """httpcore's own sockets, wrapped so that they keep to the deadline."""

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        left = _left(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.connect_tcp(host, port, left, local_address, socket_options))

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:  # pragma: no cover - the client never asks for a socket file
        left = _left(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.connect_unix_socket(path, left, socket_options))

    def sleep(self, seconds: float) -> None:  # pragma: no cover - httpcore's retries are off
        self._inner.sleep(seconds)


@contextlib.contextmanager
def _as_httpx(request: httpx.Request) -> Iterator[None]:
    """The exceptions of httpcore as those of httpx, which the client above catches."""
    try:
        yield
    except httpcore.ConnectTimeout as exc:
        raise httpx.ConnectTimeout(str(exc), request=request) from exc
    except httpcore.TimeoutException as exc:
        raise httpx.ReadTimeout(str(exc), request=request) from exc
    except httpcore.ConnectError as exc:
        raise httpx.ConnectError(str(exc), request=request) from exc
    except httpcore.UnsupportedProtocol as exc:
        raise httpx.UnsupportedProtocol(str(exc), request=request) from exc
    except (httpcore.NetworkError, httpcore.ProtocolError, httpcore.ProxyError) as exc:
        raise httpx.TransportError(str(exc), request=request) from exc


class _Body(httpx.SyncByteStream):
    def __init__(self, answer: httpcore.Response, request: httpx.Request) -> None:
        self._answer = answer
        self._request = request

    def __iter__(self) -> Iterator[bytes]:
        with _as_httpx(self._request):
            yield from self._answer.iter_stream()

    def close(self) -> None:
        self._answer.close()


def _proxy(url: httpx.URL) -> str | None:
    """The proxy the environment names for ``url``, or ``None`` (none, or ``NO_PROXY``)."""
    proxies = urllib.request.getproxies()
    chosen = proxies.get(url.scheme) or proxies.get("all")
    if not chosen or urllib.request.proxy_bypass(url.host):
        return None
    return chosen


class Wire(httpx.BaseTransport):
    """httpx requests over httpcore connections that keep to :func:`deadline`."""

    def __init__(self, ssl_context: ssl.SSLContext) -> None:
        self._ssl_context = ssl_context
        self._pools: dict[str | None, httpcore.ConnectionPool] = {}

    def _pool(self, url: httpx.URL) -> httpcore.ConnectionPool:
        through = _proxy(url)
        if through not in self._pools:
            proxy = None
            if through is not None:
                given = httpx.Proxy(through)
                proxy = httpcore.Proxy(
                    url=httpcore.URL(
                        scheme=given.url.raw_scheme,
                        host=given.url.raw_host,
                        port=given.url.port,
                        target=given.url.raw_path,
                    ),
                    auth=given.raw_auth,
                    headers=given.headers.raw,
                )
            self._pools[through] = httpcore.ConnectionPool(
                ssl_context=self._ssl_context, proxy=proxy, network_backend=_Backend()
            )
        return self._pools[through]

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request``; the answer's body is read as the caller iterates it."""
        assert isinstance(request.stream, httpx.SyncByteStream)
        core = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with _as_httpx(request):
            answer = self._pool(request.url).handle_request(core)
        return httpx.Response(
            status_code=answer.status,
            headers=answer.headers,
            stream=_Body(answer, request),
            extensions=answer.extensions,
        )

    def close(self) -> None:
        """Close every connection."""
        for pool in self._pools.values():
            pool.close()
