"""The library's one HTTP client (*HTTP-klient*): httpx with an on-disk cache, limits, deadlines.

Everything the library fetches — SSB's PxWebApi 2 (:mod:`integreringslov.ssb`) and KLASS
(:func:`integreringslov.regions.update`) — goes through :class:`Client`:

* **Cache.** Answers are stored on disk by `hishel <https://hishel.com>`_ (an RFC 9111
  cache for httpx) in ``http-cache.sqlite`` under ``cache_dir``. An entry is served while
  it is fresh by the server's ``Cache-Control``/``Expires``; a stale one is revalidated
  (``If-None-Match``/``If-Modified-Since``) or fetched again. Nothing is stored until the
  operation that asked commits (:meth:`Client.commit`), which it does when it has accepted
  every answer: a refused answer never reaches the disk. A cache that cannot be used
  (damaged, cut short, another program's, read-only) is left alone; the client works
  without it and says so in :attr:`Client.notes`.
* **Offline.** ``Client(offline=True)`` never opens a connection: it serves what the cache
  holds, stale or not, and refuses anything else with a
  :class:`~integreringslov.errors.SourceError` naming what was asked for.
* **Deadlines.** Each exchange with a server — connecting, sending, the answer's headers and
  its whole body — ends within ``timeout`` seconds however slowly the server drips it, and
  everything a client does (waits included) within ``deadline`` seconds of its making.
* **Limits.** An answer is read decoded, through every layer of ``Content-Encoding``, and
  refused as soon as it passes its byte limit. At most ``max_calls`` network calls go to a
  server in any ``window`` seconds (:meth:`Client.limit_calls`; cache hits do not count;
  shared by every client of the process). A ``429 Too Many Requests`` or a ``503`` is
  retried after its ``Retry-After``, a ``5xx`` after a short back-off, each at most
  ``retries`` times; a ``Retry-After`` longer than ``timeout`` is not waited for: the error
  says when to try again. Every failure is a
  :class:`~integreringslov.errors.SourceError` that says what happened — never an httpx or
  hishel traceback — and a password in a URL is shown as ``***``.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import hashlib
import math
import os
import re
import socket
import sqlite3
import ssl
import time
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Any, Final

import attrs
import hishel
import httpx
from hishel.httpx import CacheTransport

from integreringslov._io.limits import DEFAULT_LIMITS
from integreringslov._net.cache import cache_dir
from integreringslov._net.decode import ACCEPTED, Undecodable, decoded, parse_json
from integreringslov._net.store import Staged, open_cache, reporting_to
from integreringslov._net.times import DEFAULT_DEADLINE, DEFAULT_TIMEOUT
from integreringslov._net.wire import Wire, deadline
from integreringslov._text.i18n import tr
from integreringslov.errors import InvalidInputError, Problem, SourceError

__all__ = [
    "DEFAULT_DEADLINE",
    "DEFAULT_RETRIES",
    "DEFAULT_TIMEOUT",
    "MAX_CALLS_PER_WINDOW",
    "MAX_WINDOW",
    "Client",
    "masked",
]

DEFAULT_RETRIES: Final = 3
"""How many times a 429 or 5xx answer is retried before the call fails."""
MAX_CALLS_PER_WINDOW: Final = 10_000
"""The most calls per window a server's limit is taken at (a larger figure counts as this)."""
MAX_WINDOW: Final = 3600.0
"""The longest window (seconds) a server's call limit is taken at (a longer one counts as this)."""
_BACKOFF: Final = 0.5
_ERROR_BYTES: Final = 1 << 16
_USER_AGENT: Final = "integreringslov (https://github.com/integreringslov/integreringslov)"
_PASSWORD = re.compile(r"(?P<user>[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#@\s:]*):[^/?#@\s]*@")


def masked(text: object) -> str:
    """``text`` with the password of every URL in it shown as ``***``.

    >>> masked("could not reach https://anne:hemmelig@example.org/api")
    'could not reach https://anne:***@example.org/api'
    """
    return _PASSWORD.sub(r"\g<user>:***@", str(text))


def _unreached(exc: httpx.HTTPError) -> str:
    """Why the server could not be reached, in the spoken language where the cause is known.

    The system's own words (``[Errno 111] Connection refused``) are English; the commonest
    causes are said in the library's words, any other as the system said it.
    """
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ConnectionRefusedError):
            return tr("the connection was refused (is the address right, and the server up?)")
        if isinstance(cause, socket.gaierror):
            return tr("the server's name was not found (is the address right, and the "
                      "network up?)")  # fmt: skip
        if isinstance(cause, ConnectionResetError):
            return tr("the server broke the connection off")
        cause = cause.__cause__ or cause.__context__
    text = str(exc)
    if "Connection refused" in text:  # httpcore keeps only the text of the OSError
        return tr("the connection was refused (is the address right, and the server up?)")
    if "Name or service not known" in text or "nodename nor servname" in text:
        return tr("the server's name was not found (is the address right, and the "
                  "network up?)")  # fmt: skip
    return masked(exc)


class _Refused(Exception):
    """An answer (or a wait) the client will not take; the message says why."""


class _NotCached(Exception):
    pass


class _Offline(httpx.BaseTransport):
    """The network for an offline client: every request that reaches it is refused."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        raise _NotCached(str(request.url))


@attrs.frozen(kw_only=True)
class _Call:
    """What one :meth:`Client.get_json` may take: its answer's bytes, and until when."""

    what: str
    max_bytes: int
    limit_name: str | None
    ends: float  # time.monotonic() by which the client must be done


def _read(response: httpx.Response, call: _Call, *, most: int | None = None) -> bytes:
    """The decoded body of ``response``, refused past ``call``'s byte limit or its end.

    With ``most``, reading stops quietly after that many bytes (an error's body, shown in
    part).
    """
    limit = call.max_bytes if most is None else min(most, call.max_bytes)
    stated = response.headers.get("content-length", "")
    encoding = response.headers.get("content-encoding", "").strip().lower()
    if most is None and encoding in ("", "identity") and stated.isdigit() and int(stated) > limit:
        raise _Refused(_too_large(call))  # it says so itself: not one byte need be read
    pieces: list[bytes] = []  # joined once at the end (an answer in one piece is not copied)
    size = raw = 0

    def counted() -> Iterator[bytes]:
        nonlocal raw
        for chunk in response.iter_raw():
            raw += len(chunk)
            if raw > call.max_bytes:
                raise _Refused(_too_large(call))
            yield chunk

    try:
        for piece in decoded(counted(), encoding):
            if time.monotonic() > call.ends:
                raise _Refused(
                    tr("the client's deadline passed while the answer was read")
                )
            if size + len(piece) > limit:
                if most is not None:
                    pieces.append(piece[: limit - size])
                    break
                raise _Refused(_too_large(call))
            pieces.append(piece)
            size += len(piece)
    except Undecodable as exc:
        raise _Refused(str(exc)) from None
    return b"".join(pieces)


def _too_large(call: _Call) -> str:
    if call.limit_name is not None:
        return tr(
            "the answer is larger than {call_max_bytes} bytes, decoded (raise "
            "Limits.{call_limit_name} to take it)",
            call_max_bytes=call.max_bytes,
            call_limit_name=call.limit_name,
        )
    return tr(
        "the answer is larger than {call_max_bytes} bytes, decoded, more than an answer of this "
        "kind can be; refused before the rest arrived",
        call_max_bytes=call.max_bytes,
    )


def _whole(response: httpx.Response, body: bytes) -> httpx.Response:
    """``response`` with its body read and decoded: what the cache above may store."""
    headers = [
        (k, v)
        for k, v in response.headers.multi_items()
        if k.lower() not in ("content-encoding", "content-length", "transfer-encoding")
    ]
    headers.append(("content-length", str(len(body))))
    return httpx.Response(
        response.status_code,
        headers=headers,
        content=body,
        extensions=response.extensions,
    )


_LIMITS: dict[str, tuple[int, float]] = {}
"""Per server (scheme, host, port): at most so many calls in so many seconds."""
_CALLS: collections.defaultdict[str, collections.deque[float]] = collections.defaultdict(
    lambda: collections.deque(maxlen=MAX_CALLS_PER_WINDOW)
)
"""Per server: when its recent calls were answered. Shared by every client in the process,
so that a script making many fetches keeps to the server's limit too."""


def _origin(url: httpx.URL) -> str:
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
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    date = response.headers.get("date")
    try:
        now = parsedate_to_datetime(date) if date else None
    except (TypeError, ValueError, IndexError, OverflowError):
        now = None
    try:
        base = now.timestamp() if now is not None else time.time()
        return max(0.0, when.timestamp() - base)
    except (OverflowError, OSError, ValueError):
        return None


def _after(seconds: float) -> str:
    """The UTC time ``seconds`` from now, to the second (or «much later»)."""
    try:
        when = datetime.now(UTC) + timedelta(seconds=seconds)
    except OverflowError:
        return tr("much later")
    return when.strftime("%Y-%m-%d %H:%M:%S UTC")


class _Network(httpx.BaseTransport):
    """The network side of the cache: call limits, retries, deadlines and whole, bounded bodies.

    Every answer leaves here read and decoded (or refused), so the cache above it stores
    nothing it was not given whole, and nothing over the call's limit.
    """

    def __init__(self, inner: httpx.BaseTransport, *, retries: int, timeout: float) -> None:
        self.inner = inner
        self.retries = retries
        self.timeout = timeout
        self.call: _Call | None = None

    def _wait_for_slot(self, origin: str, call: _Call) -> None:
        limit = _LIMITS.get(origin)
        if limit is None:
            return
        max_calls, window = limit
        calls = _CALLS[origin]
        while True:
            now = time.monotonic()
            while calls and calls[0] <= now - window:
                calls.popleft()
            if len(calls) < max_calls:
                return
            wait = calls[0] + window - now
            if now + wait > call.ends:
                raise _Refused(
                    tr(
                        "the server allows {max_calls} calls in {window:g} s; the next could go "
                        "out in {wait:.0f} s, after the client's deadline — ask for less, or "
                        "allow more time (deadline=)",
                        max_calls=max_calls,
                        window=window,
                        wait=wait,
                    )
                )
            time.sleep(wait)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` (waiting for a slot, retrying), and read the answer whole."""
        call = self.call
        assert call is not None, "the client sets its call before sending"
        origin = _origin(request.url)
        attempt = 0
        while True:
            self._wait_for_slot(origin, call)
            with deadline(min(time.monotonic() + self.timeout, call.ends)):
                try:
                    response = self.inner.handle_request(request)
                finally:
                    # Counted from the answer, not the sending: the server has seen the call
                    # by then, so the window never closes earlier here than on the server.
                    _CALLS[origin].append(time.monotonic())
                try:
                    code = response.status_code
                    retryable = code == 429 or code >= 500
                    if not retryable or attempt >= self.retries:
                        body = _read(response, call, most=None if code < 400 else _ERROR_BYTES)
                        return _whole(response, body)
                finally:
                    response.close()
            asked = _retry_after(response) if code in (429, 503) else None
            wait = _BACKOFF * 2**attempt if asked is None else asked
            if wait > self.timeout or time.monotonic() + wait > call.ends:
                raise _Refused(_wait_message(code, wait, self.timeout))
            time.sleep(wait)
            attempt += 1

    def close(self) -> None:
        self.inner.close()


def _wait_message(code: int, wait: float, timeout: float) -> str:
    return tr(
        "the server answered {code} and asks to wait {wait:g} s before calling again, longer than "
        "the client waits ({timeout:g} s); try again after {after_wait}",
        code=code,
        wait=wait,
        timeout=timeout,
        after_wait=_after(wait),
    )


@functools.cache
def _tls() -> ssl.SSLContext:
    """The TLS settings (httpx's: certifi's roots), built once: loading them takes 0.1 s."""
    return httpx.create_ssl_context()


class Client:
    """An HTTP client with the library's cache, call limits, deadlines, retries and errors.

    Use it in a ``with`` block, and call :meth:`commit` when every answer was accepted:
    only then does the cache keep them.

    :param cache: The cache directory (default: ``cache_dir``).
    :param offline: Serve only from the cache; never connect.
    :param timeout: Seconds one exchange with a server may take, from connecting to the
        answer's last byte; also the longest ``Retry-After`` waited.
    :param deadline: Seconds everything this client does may take, waits included.
    :param retries: Retries of a 429 or 5xx answer.
    """

    def __init__(
        self,
        *,
        cache: str | os.PathLike[str] | None = None,
        offline: bool = False,
        timeout: float = DEFAULT_TIMEOUT,
        deadline: float = DEFAULT_DEADLINE,
        retries: int = DEFAULT_RETRIES,
    ) -> None:
        self.cache_dir = cache_dir(cache)
        self.offline = offline
        self.timeout = _seconds(timeout, "timeout")
        self.deadline = _seconds(deadline, "deadline")
        self.ends = time.monotonic() + self.deadline
        self.notes: list[str] = []
        """What the client could not do as usual (its cache), as sentences for the user."""
        storage, note = open_cache(self.cache_dir)
        if note:
            self.notes.append(note)
        self._network = _Network(Wire(_tls()), retries=retries, timeout=self.timeout)
        self._staged = Staged(storage)
        self._http = self._client()

    def _client(self) -> httpx.Client:
        transport: CacheTransport
        if self.offline:
            # Plain mode: any stored entry answers, fresh or not; nothing goes out.
            transport = CacheTransport(_Offline(), storage=self._staged, rfc=False)
        else:
            transport = CacheTransport(
                self._network, storage=self._staged, rfc=hishel.CacheOptions(shared=False)
            )
        return httpx.Client(
            transport=transport,
            timeout=self.timeout,
            trust_env=False,  # the wire takes the environment's proxy itself, under the cache
            headers={"User-Agent": _USER_AGENT, "Accept-Encoding": ACCEPTED},
        )

    def _without_cache(self, why: object) -> None:
        """Go on without the cache (it failed while in use), and say so."""
        self.notes.append(
            tr(
                "the HTTP cache in {self_cache_dir} failed ({why}); the client goes on without it",
                self_cache_dir=self.cache_dir,
                why=why,
            )
        )
        with contextlib.suppress(Exception):
            self._staged.close()
        self._staged = Staged(None)
        self._http.close()
        self._http = self._client()

    def limit_calls(self, url: str, max_calls: int, window: float) -> tuple[int, float]:
        """Send at most ``max_calls`` requests to ``url``'s server in any ``window`` seconds.

        The limit holds for every client of this process that calls the same server. The
        figures are taken within bounds — from one to :data:`MAX_CALLS_PER_WINDOW` calls,
        in a window of at most :data:`MAX_WINDOW` seconds — and returned as taken.
        """
        calls = min(max(1, max_calls), MAX_CALLS_PER_WINDOW)
        seconds = 0.0 if math.isnan(window) else min(max(0.0, window), MAX_WINDOW)
        _LIMITS[_origin(httpx.URL(url))] = (calls, seconds)
        return calls, seconds

    def get_json(
        self,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        what: str,
        max_bytes: int = DEFAULT_LIMITS.max_input_bytes,
        limit_name: str | None = "max_input_bytes",
    ) -> Any:
        r"""The body of ``GET url?params``, from the cache or the server, decoded, as JSON.

        :param what: What is being fetched, for error messages (``"SSB table 07459"``).
        :param max_bytes: The most bytes the answer may have, decoded; a larger one is
            refused as soon as it passes the limit, not read to its end.
        :param limit_name: The ``Limits`` field ``max_bytes`` comes from, named in the
            message; ``None`` for a limit of the answer's kind (a ``/config`` is small).
        :raises SourceError: On a URL the client cannot ask for, a timeout, the deadline, a
            refused connection, an answer other than 2xx (after the retries), an answer
            over ``max_bytes`` or damaged in its encoding, one that is not JSON in UTF-8
            (``NaN`` and ``Infinity`` are not JSON numbers; a lone surrogate such as
            ``\ud800`` is not text), or, offline, when the cache does not hold it.
        """
        what = masked(what)
        key, body = self._get(url, params, what, max_bytes, limit_name)
        try:
            return parse_json(body)
        except ValueError as exc:
            self._staged.drop(key)
            raise SourceError(
                what,
                tr("the server's answer is not JSON: {exc}", exc=exc),
            ) from None

    def _get(
        self,
        url: str,
        params: Mapping[str, str] | None,
        what: str,
        max_bytes: int,
        limit_name: str | None,
    ) -> tuple[str, bytes]:
        """The cache key of ``GET url?params`` and its body (see :meth:`get_json`)."""
        request = self._request(url, params, what)
        key = request.extensions["caching"]["key"]
        full = masked(request.url)
        call = _Call(what=what, max_bytes=max_bytes, limit_name=limit_name, ends=self.ends)
        try:
            response, body = self._send(request, call)
        except _NotCached:
            why = "".join(f" ({note})" for note in self.notes)  # a cache that was not used
            raise SourceError(
                what,
                tr(
                    "not in the cache, and the client is offline ({full}); fetch it once online, "
                    "or leave offline mode{why}",
                    full=full,
                    why=why,
                ),
            ) from None
        except _Refused as exc:
            self._staged.drop(key)
            raise SourceError(what, f"{exc} ({full})") from None
        except httpx.TimeoutException:
            if time.monotonic() >= self.ends:
                raise SourceError(
                    what,
                    tr(
                        "the client's deadline of {self_deadline:g} s passed before the server "
                        "had answered ({full}); allow more time (deadline=)",
                        self_deadline=self.deadline,
                        full=full,
                    ),
                ) from None
            raise SourceError(
                what,
                tr(
                    "the server did not answer in full within {self_timeout:g} s ({full})",
                    self_timeout=self.timeout,
                    full=full,
                ),
            ) from None
        except httpx.HTTPError as exc:
            raise SourceError(
                what,
                tr("could not reach the server ({full}): {why}", full=full, why=_unreached(exc)),
            ) from None
        if not response.is_success:
            self._staged.drop(key)
            raise SourceError(what, _status_message(response, full, body))
        return key, body

    def _request(self, url: str, params: Mapping[str, str] | None, what: str) -> httpx.Request:
        try:
            request = self._http.build_request("GET", url, params=params)
        except (httpx.InvalidURL, httpx.UnsupportedProtocol, TypeError, ValueError) as exc:
            raise SourceError(
                what,
                tr("not a URL the client can ask for ({masked_exc})", masked_exc=masked(exc)),
            ) from None
        if request.url.scheme not in ("http", "https") or not request.url.host:
            raise SourceError(
                what,
                tr(
                    "not an http(s) URL: {masked_request_url}",
                    masked_request_url=masked(request.url),
                ),
            )
        # One key for both modes, so that an offline client finds what an online one stored;
        # without the URL's password, which is no part of what is asked for.
        plain = _without_userinfo(request.url)
        request.extensions["caching"] = {"key": hashlib.sha256(plain.encode()).hexdigest()}
        return request

    def _send(self, request: httpx.Request, call: _Call) -> tuple[httpx.Response, bytes]:
        """The answer to ``request`` and its body; once more without the cache if it fails."""
        self._network.call = call
        with reporting_to(self.notes):
            try:
                return self._exchange(request)
            except (sqlite3.Error, RuntimeError, OSError) as exc:
                if self._staged.inner is None:
                    raise
                self._without_cache(exc)
            return self._exchange(request)

    def _exchange(self, request: httpx.Request) -> tuple[httpx.Response, bytes]:
        assert self._network.call is not None
        response = self._http.send(request, stream=True)
        try:
            body = _read(response, self._network.call)
        finally:
            response.close()
        return response, body

    def commit(self) -> None:
        """Keep this client's answers in the cache: every one was accepted."""
        with reporting_to(self.notes):
            try:
                self._staged.commit()
            except (sqlite3.Error, RuntimeError, OSError) as exc:
                self._without_cache(exc)

    def close(self) -> None:
        """Close the connections and the cache; what was not committed is forgotten."""
        with reporting_to(self.notes):
            self._http.close()
            with contextlib.suppress(sqlite3.Error, RuntimeError, OSError):
                self._staged.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _without_userinfo(url: httpx.URL) -> str:
    """``url`` as text, without a user name and password (parsed again only if it has them)."""
    return str(url.copy_with(username=None, password=None) if url.userinfo else url)


def _seconds(value: float, name: str) -> float:
    """``value`` as seconds to wait: positive (and at most a year, which is forever here)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise InvalidInputError(
            [
                Problem(
                    message=tr("not a number of seconds"),
                    value=repr(value),
                    expected=tr("a positive number"),
                )
            ],
            what=name,
        )
    return min(float(value), 365.0 * 24 * 3600)


def _status_message(response: httpx.Response, url: str, body: bytes) -> str:
    code, reason = response.status_code, response.reason_phrase
    detail = masked(body[:300].decode("utf-8", "replace").strip())
    said = tr("; the server said: {detail}", detail=detail) if detail else ""
    if code == 429:
        wait = _retry_after(response)
        after = (
            tr(" (it asks to wait {wait:g} s)", wait=wait)
            if wait is not None
            else ""
        )
        return tr(
            "the server refused: too many requests (429){after} after retrying ({url})",
            after=after,
            url=url,
        )
    if code >= 500:
        return tr(
            "the server failed with {code} {reason} after retrying ({url})",
            code=code,
            reason=reason,
            url=url,
        )
    if code == 404:
        return tr("not found (404) at {url}; check the table id{said}", url=url, said=said)
    if code == 403:
        return tr(
            "refused (403) at {url}: the selection may be over the server's limit{said}",
            url=url,
            said=said,
        )
    return tr(
        "the server answered {code} {reason} at {url}{said}",
        code=code,
        reason=reason,
        url=url,
        said=said,
    )
