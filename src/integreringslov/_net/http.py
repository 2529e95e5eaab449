"""The library's one HTTP client (*HTTP-klient*): httpx with an on-disk cache, limits, retries.

Everything the library fetches — SSB's PxWebApi 2 (:mod:`integreringslov.ssb`) and KLASS
(:func:`integreringslov.regions.update`) — goes through :class:`Client`:

* **Cache.** Responses are stored on disk by `hishel <https://hishel.com>`_ (an RFC 9111
  cache for httpx) in ``http-cache.sqlite`` under
  ``cache_dir``. An entry is served
  while it is fresh by the server's ``Cache-Control``/``Expires``; a stale one is
  revalidated (``If-None-Match``/``If-Modified-Since``) or fetched again.
* **Offline.** ``Client(offline=True)`` never opens a connection: it serves what the cache
  holds, stale or not, and refuses anything else with a
  :class:`~integreringslov.errors.SourceError` naming what was asked for.
* **Limits.** At most ``max_calls`` network calls to a server in any ``window`` seconds
  (:meth:`Client.limit_calls`; cache hits do not count; shared by every client of the
  process). A ``429 Too Many Requests`` is
  retried after its ``Retry-After``, a ``5xx`` after a short back-off, each at most
  ``retries`` times; then, and on a timeout or a refused connection, a
  :class:`~integreringslov.errors.SourceError` says what happened — never an httpx
  traceback.
"""

from __future__ import annotations

import collections
import functools
import hashlib
import json
import os
import sqlite3
import ssl
import time
from collections.abc import Callable, Mapping
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Any, Final

import hishel
import httpx
from hishel.httpx import CacheTransport

from integreringslov._io.limits import DEFAULT_LIMITS, check
from integreringslov._net.cache import CACHE_DIR_ENV, cache_dir
from integreringslov.errors import SourceError

__all__ = [
    "DEFAULT_RETRIES",
    "DEFAULT_TIMEOUT",
    "MAX_RETRY_AFTER",
    "Client",
]

DEFAULT_TIMEOUT: Final = 30.0
"""Seconds to wait for a server to connect, send or answer, before giving up."""
DEFAULT_RETRIES: Final = 3
"""How many times a 429 or 5xx answer is retried before the call fails."""
MAX_RETRY_AFTER: Final = 120.0
"""The longest ``Retry-After`` (seconds) the client waits; a longer one fails at once."""
_BACKOFF: Final = 0.5
_CACHE_FILE: Final = "http-cache.sqlite"
_USER_AGENT: Final = "integreringslov (https://github.com/integreringslov/integreringslov)"


class _Offline(httpx.BaseTransport):
    """The network for an offline client: every request that reaches it is refused."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        raise _NotCached(str(request.url))


class _NotCached(Exception):
    pass


class _Network(httpx.BaseTransport):
    """The network side of the cache: call limits, and retries of 429 and 5xx."""

    def __init__(
        self,
        inner: httpx.BaseTransport,
        *,
        retries: int,
        sleep: Callable[[float], None],
        clock: Callable[[], float],
    ) -> None:
        self.inner = inner
        self.retries = retries
        self.sleep = sleep
        self.clock = clock
        self.sent = 0

    def _wait_for_slot(self, origin: str) -> None:
        limit = _LIMITS.get(origin)
        if limit is None:
            return
        max_calls, window = limit
        calls = _CALLS[origin]
        while True:
            now = self.clock()
            while calls and calls[0] <= now - window:
                calls.popleft()
            if len(calls) < max_calls:
                return
            self.sleep(calls[0] + window - now)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        attempt = 0
        origin = _origin(request.url)
        while True:
            self._wait_for_slot(origin)
            self.sent += 1
            try:
                response = self.inner.handle_request(request)
            finally:
                # Counted from the answer, not the sending: the server has seen the call
                # by then, so the window never closes earlier here than on the server.
                _CALLS[origin].append(self.clock())
            retryable = response.status_code == 429 or response.status_code >= 500
            if not retryable or attempt >= self.retries:
                return response
            wait = _retry_after(response) if response.status_code == 429 else None
            if wait is None:
                wait = _BACKOFF * 2**attempt
            if wait > MAX_RETRY_AFTER:
                return response
            response.read()
            response.close()
            self.sleep(wait)
            attempt += 1

    def close(self) -> None:
        self.inner.close()


_LIMITS: dict[str, tuple[int, float]] = {}
"""Per server (scheme, host, port): at most so many calls in so many seconds."""
_CALLS: collections.defaultdict[str, collections.deque[float]] = collections.defaultdict(
    lambda: collections.deque(maxlen=10_000)
)
"""Per server: when its recent calls were answered. Shared by every client in the process,
so that a script making many fetches keeps to the server's limit too."""


def _origin(url: httpx.URL | str) -> str:
    url = httpx.URL(url)
    return f"{url.scheme}://{url.host}:{url.port or ''}"


def _retry_after(response: httpx.Response) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date), if any."""
    value = response.headers.get("retry-after")
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    date = response.headers.get("date")
    try:
        now = parsedate_to_datetime(date) if date else None
    except (TypeError, ValueError):
        now = None
    base = now.timestamp() if now is not None else time.time()
    return max(0.0, when.timestamp() - base)


@functools.cache
def _tls() -> ssl.SSLContext:
    """The TLS settings (httpx's: certifi's roots), built once: loading them takes 0.1 s."""
    return httpx.create_ssl_context()


class Client:
    """An HTTP client with the library's cache, call limits, retries and errors.

    :param cache: The cache directory (default:
        ``cache_dir``).
    :param offline: Serve only from the cache; never connect.
    :param timeout: Seconds before a connection or an answer is given up.
    :param retries: Retries of a 429 or 5xx answer.
    :param sleep: How to wait (tests pass a fake).
    :param clock: A monotonic clock in seconds (tests pass a fake).
    """

    def __init__(
        self,
        *,
        cache: str | os.PathLike[str] | None = None,
        offline: bool = False,
        timeout: float = DEFAULT_TIMEOUT,
        retries: int = DEFAULT_RETRIES,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.cache_dir = cache_dir(cache)
        self.offline = offline
        self.timeout = timeout
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            storage = hishel.SqliteStorage(database_path=self.cache_dir / _CACHE_FILE)
        except (OSError, sqlite3.Error) as exc:
            raise SourceError(
                str(self.cache_dir),
                f"the cache directory cannot be used: {exc}; set {CACHE_DIR_ENV} to another",
            ) from None
        self._network = _Network(
            httpx.HTTPTransport(verify=_tls()), retries=retries, sleep=sleep, clock=clock
        )
        transport: CacheTransport
        if offline:
            # Plain mode: any stored entry answers, fresh or not; nothing goes out.
            transport = CacheTransport(_Offline(), storage=storage, rfc=False)
        else:
            transport = CacheTransport(
                self._network, storage=storage, rfc=hishel.CacheOptions(shared=False)
            )
        self._http = httpx.Client(
            transport=transport,
            timeout=timeout,
            headers={"User-Agent": _USER_AGENT},
        )

    @property
    def network_calls(self) -> int:
        """How many requests this client has sent to a server (retries included)."""
        return self._network.sent

    def limit_calls(self, url: str, max_calls: int, window: float) -> None:
        """Send at most ``max_calls`` requests to ``url``'s server in any ``window`` seconds.

        The limit holds for every client of this process that calls the same server.
        """
        _LIMITS[_origin(url)] = (max(1, max_calls), max(0.0, window))

    def get(
        self,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        what: str,
        max_bytes: int = DEFAULT_LIMITS.max_input_bytes,
    ) -> bytes:
        """The body of ``GET url?params``, from the cache or the server.

        :param what: What is being fetched, for error messages (``"SSB table 07459"``).
        :param max_bytes: The largest answer read (``Limits.max_input_bytes``); a larger
            one is refused as soon as it passes the limit, not read to its end.
        :raises SourceError: On a timeout, a refused connection, an answer other than
            2xx (after the retries), an answer over ``max_bytes``, or, offline, when the
            cache does not hold it.
        """
        request = self._http.build_request("GET", url, params=params)
        full = str(request.url)
        # One key for both modes, so that an offline client finds what an online one stored.
        request.extensions["caching"] = {"key": hashlib.sha256(full.encode()).hexdigest()}
        try:
            response = self._http.send(request, stream=True)
            try:
                received = bytearray()
                for chunk in response.iter_bytes():
                    received += chunk
                    check(
                        what,
                        "bytes in the answer",
                        len(received),
                        max_bytes,
                        name="max_input_bytes",
                    )
                body = bytes(received)
            finally:
                response.close()
        except _NotCached:
            raise SourceError(
                what,
                f"not in the cache, and the client is offline ({full}); fetch it once "
                "online, or leave offline mode",
            ) from None
        except httpx.TimeoutException:
            raise SourceError(
                what, f"the server did not answer within {self.timeout:g} s ({full})"
            ) from None
        except httpx.HTTPError as exc:
            raise SourceError(what, f"could not reach the server ({full}): {exc}") from None
        except sqlite3.Error as exc:
            raise SourceError(
                what, f"the cache at {self.cache_dir} cannot be used: {exc}"
            ) from None
        if not response.is_success:
            raise SourceError(what, _status_message(response, full, body))
        return body

    def get_json(
        self,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        what: str,
        max_bytes: int = DEFAULT_LIMITS.max_input_bytes,
    ) -> Any:
        """The body of ``GET url?params`` parsed as JSON (see :meth:`get`).

        :raises SourceError: As :meth:`get`, and when the answer is not JSON (``NaN`` and
            ``Infinity`` are not JSON numbers).
        """
        body = self.get(url, params=params, what=what, max_bytes=max_bytes)
        try:
            return json.loads(body, parse_constant=_not_a_number)
        except RecursionError:
            raise SourceError(what, "the server's answer is nested too deeply") from None
        except ValueError as exc:
            raise SourceError(what, f"the server's answer is not JSON: {exc}") from None

    def close(self) -> None:
        """Close the connections and the cache."""
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _not_a_number(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _status_message(response: httpx.Response, url: str, body: bytes) -> str:
    code = response.status_code
    detail = body[:300].decode("utf-8", "replace").strip()
    said = f"; the server said: {detail}" if detail else ""
    if code == 429:
        wait = _retry_after(response)
        after = f" (it asks to wait {wait:g} s)" if wait is not None else ""
        return f"the server refused: too many requests (429){after} after retrying ({url})"
    if code >= 500:
        return f"the server failed with {code} {response.reason_phrase} after retrying ({url})"
    if code == 404:
        return f"not found (404) at {url}; check the table id{said}"
    if code == 403:
        return f"refused (403) at {url}: the selection may be over the server's limit{said}"
    return f"the server answered {code} {response.reason_phrase} at {url}{said}"
