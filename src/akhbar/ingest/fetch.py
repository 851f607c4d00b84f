"""The one HTTP client: polite, bounded and guarded.

``Fetcher.get`` does a conditional GET (ETag, Last-Modified) with connect/read/total
timeouts, a cap on bytes received and on bytes after gzip/deflate decoding (so a
decompression bomb stops at the cap), a cap on redirects (each hop checked again),
robots.txt, a per-host rate limit, retries with exponential back-off on 429/5xx and
transport errors (``Retry-After`` honoured up to a cap), and an address guard that
refuses loopback, private, link-local and other non-global addresses unless
``allow_private`` is set. The guard checks the resolved addresses before connecting
and the connected peer address before reading the body.

>>> with Fetcher(FetchOptions(allow_private=True, robots=False)) as f:  # doctest: +SKIP
...     page = f.get("http://127.0.0.1:8000/feed.xml", etag='"v1"')
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from types import TracebackType
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from akhbar.errors import BlockedAddress, FetchError
from akhbar.ingest.charset import decode_body

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ROBOTS_MAX_BYTES = 512 * 1024
ROBOTS_TTL = 24 * 3600.0  # seconds a robots.txt is trusted before it is asked for again
ROBOTS_RETRY = 600.0  # seconds an unreachable robots.txt blocks its host before a new try


class HTTPStatusError(FetchError):
    """The server answered with an error status."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class PermanentFetchError(FetchError):
    """A failure that another attempt would not cure (bad URL, size cap, redirects)."""


class TooLarge(PermanentFetchError):
    """The body went over a size cap."""


class RobotsDisallowed(PermanentFetchError):
    """robots.txt forbids this URL to our user agent."""


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """Limits and manners of the client."""

    user_agent: str = "akhbar/0.1 (+https://github.com/akhbar/akhbar)"
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    max_bytes: int = 10 * 1024 * 1024
    max_decoded_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 5
    retries: int = 2
    backoff: float = 1.0
    max_backoff: float = 30.0
    host_interval: float = 1.0
    allow_private: bool = False
    robots: bool = True


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What a GET brought back (``status`` 304 means not modified, no content)."""

    url: str
    requested: str
    status: int
    content: bytes = b""
    content_type: str = ""
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    redirects: int = 0
    attempts: int = 1
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        """True when the server said 304 Not Modified."""
        return self.status == 304

    def text(self) -> str:
        """The body decoded, with the declared charset checked against the bytes."""
        return decode_body(self.content, self.charset)[0]


def _blocked(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def check_address(url: str, allow_private: bool) -> None:
    """Raise BlockedAddress when ``url``'s host resolves to a non-public address."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise PermanentFetchError(f"{url}: only http and https URLs can be fetched")
    if allow_private:
        return
    host = parts.hostname
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, parts.port or 80, type=socket.SOCK_STREAM)
        except OSError as exc:
            raise FetchError(f"{url}: cannot resolve {host}: {exc}") from exc
        addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    for ip in addresses:
        if _blocked(ip):
            raise BlockedAddress(
                f"{url}: address {ip} is not public (allow private addresses to fetch it)"
            )


class _Decoder:
    """Content-Encoding decoding with a cap on the decoded size."""

    def __init__(self, encoding: str, limit: int, url: str) -> None:
        self.url = url
        self.limit = limit
        self.size = 0
        enc = encoding.strip().lower()
        self._raw_deflate = False
        if enc in {"", "identity"}:
            self._z = None
        elif enc in {"gzip", "x-gzip"}:
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif enc == "deflate":
            self._z = zlib.decompressobj(zlib.MAX_WBITS)
            self._raw_deflate = True
        else:
            raise FetchError(f"{url}: unsupported content encoding {encoding!r}")

    def _count(self, data: bytes) -> bytes:
        self.size += len(data)
        if self.size > self.limit:
            raise TooLarge(
                f"{self.url}: decoded body over the {self.limit:,}-byte cap"
                " (a decompression bomb or a very large page)"
            )
        return data

    def feed(self, chunk: bytes) -> bytes:
        if self._z is None:
            return self._count(chunk)
        out = bytearray()
        try:
            data = self._z.decompress(chunk, self.limit - self.size + 1)
        except zlib.error:
            if not self._raw_deflate or self.size:
                raise FetchError(f"{self.url}: corrupt compressed body") from None
            self._raw_deflate = False
            self._z = zlib.decompressobj(-zlib.MAX_WBITS)
            data = self._z.decompress(chunk, self.limit - self.size + 1)
        out += self._count(data)
        while self._z.unconsumed_tail:
            out += self._count(
                self._z.decompress(self._z.unconsumed_tail, self.limit - self.size + 1)
            )
        return bytes(out)


def _retry_after(value: str | None, cap: float) -> float | None:
    if not value:
        return None
    try:
        return min(max(float(value), 0.0), cap)
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return min(max(when.timestamp() - time.time(), 0.0), cap)


class Fetcher:
    """One httpx client with akhbar's limits; use as a context manager."""

    def __init__(
        self,
        options: FetchOptions | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.options = options or FetchOptions()
        self._sleep = sleep
        o = self.options
        self._client = httpx.Client(
            follow_redirects=False,
            timeout=httpx.Timeout(o.read_timeout, connect=o.connect_timeout),
            headers={"User-Agent": o.user_agent, "Accept-Encoding": "gzip, deflate"},
            trust_env=False,
        )
        self._lock = threading.Lock()
        self._next_at: dict[str, float] = {}
        self._intervals: dict[str, float] = {}
        self._robots: dict[str, tuple[float, RobotFileParser | None]] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the underlying connection pool."""
        self._client.close()

    # -- manners --------------------------------------------------------------------

    @staticmethod
    def _origin(url: str) -> str:
        p = urlsplit(url)
        return f"{p.scheme}://{p.netloc.lower()}"

    def _wait_turn(self, url: str) -> None:
        origin = self._origin(url)
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_at.get(origin, 0.0))
            interval = self._intervals.get(origin, self.options.host_interval)
            self._next_at[origin] = start + interval
        if start > now:
            self._sleep(start - now)

    def _robots_for(self, url: str) -> RobotFileParser | None:
        origin = self._origin(url)
        cached = self._robots.get(origin)
        if cached is not None and time.monotonic() < cached[0]:
            return cached[1]
        robots_url = origin + "/robots.txt"
        parser: RobotFileParser | None
        ttl = ROBOTS_TTL
        result: FetchResult | None = None
        try:
            for _ in range(5):  # RFC 9309: follow at least five redirects
                result = self._once(robots_url, {}, ROBOTS_MAX_BYTES, time.monotonic() + 30)
                location = result.headers.get("location")
                if result.status not in REDIRECT_STATUSES or not location:
                    break
                robots_url = urljoin(robots_url, location)
                check_address(robots_url, self.options.allow_private)
        except TooLarge:
            result = None  # RFC 9309: a robots.txt that large may be ignored
        except FetchError as exc:  # the host cannot be reached: say so, decide next time
            raise FetchError(f"{url}: {exc}") from exc
        if result is None:
            parser = None
        elif result.status >= 500:
            parser = RobotFileParser()
            parser.parse(["User-agent: *", "Disallow: /"])  # unreachable: assume disallowed
            ttl = ROBOTS_RETRY
        elif result.status >= 400:
            parser = None  # no robots.txt: everything allowed
        else:
            parser = RobotFileParser()
            parser.parse(decode_body(result.content)[0].splitlines())
            delay = parser.crawl_delay(self._agent())
            if delay is not None:
                self._intervals[origin] = max(self.options.host_interval, min(float(delay), 60))
        self._robots[origin] = (time.monotonic() + ttl, parser)
        return parser

    def _agent(self) -> str:
        return self.options.user_agent.split("/", 1)[0]

    def allowed(self, url: str) -> bool:
        """True when robots.txt lets our user agent fetch ``url``."""
        if not self.options.robots:
            return True
        parser = self._robots_for(url)
        return parser is None or parser.can_fetch(self._agent(), url)

    # -- requests -------------------------------------------------------------------

    def _once(
        self, url: str, headers: dict[str, str], max_decoded: int, deadline: float
    ) -> FetchResult:
        """One request without redirects or retries, guarded and size-capped."""
        o = self.options
        check_address(url, o.allow_private)
        self._wait_turn(url)
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                self._check_peer(url, response)
                length = response.headers.get("content-length", "")
                if length.isdigit() and int(length) > o.max_bytes:
                    raise TooLarge(
                        f"{url}: body of {int(length):,} bytes is over the {o.max_bytes:,}-byte cap"
                    )
                body = bytearray()
                if response.status_code not in REDIRECT_STATUSES | {304}:
                    decoder = _Decoder(
                        response.headers.get("content-encoding", ""), max_decoded, url
                    )
                    received = 0
                    for chunk in response.iter_raw():
                        received += len(chunk)
                        if received > o.max_bytes:
                            raise TooLarge(f"{url}: body over the {o.max_bytes:,}-byte cap")
                        if time.monotonic() > deadline:
                            raise FetchError(f"{url}: timed out after {o.total_timeout:g} s")
                        body += decoder.feed(chunk)
                content_type = response.headers.get("content-type", "")
                return FetchResult(
                    url=str(response.url),
                    requested=url,
                    status=response.status_code,
                    content=bytes(body),
                    content_type=content_type.split(";")[0].strip().lower(),
                    charset=response.charset_encoding,
                    etag=response.headers.get("etag"),
                    last_modified=response.headers.get("last-modified"),
                    headers={k.lower(): v for k, v in response.headers.items()},
                )
        except httpx.TimeoutException as exc:
            raise FetchError(f"{url}: timed out ({type(exc).__name__})") from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from exc

    def _check_peer(self, url: str, response: httpx.Response) -> None:
        if self.options.allow_private:
            return
        stream = response.extensions.get("network_stream")
        peer = stream.get_extra_info("server_addr") if stream is not None else None
        if peer:
            ip = ipaddress.ip_address(str(peer[0]).split("%")[0])
            if _blocked(ip):
                raise BlockedAddress(f"{url}: connected to non-public address {ip}")

    def _follow(self, url: str, headers: dict[str, str], deadline: float) -> FetchResult:
        """One attempt: the request and its redirects."""
        current = url
        for hop in range(self.options.max_redirects + 1):
            check_address(current, self.options.allow_private)
            if not self.allowed(current):
                raise RobotsDisallowed(f"{current}: disallowed by robots.txt")
            result = self._once(current, headers, self.options.max_decoded_bytes, deadline)
            if result.status not in REDIRECT_STATUSES:
                return FetchResult(
                    url=result.url,
                    requested=url,
                    status=result.status,
                    content=result.content,
                    content_type=result.content_type,
                    charset=result.charset,
                    etag=result.etag,
                    last_modified=result.last_modified,
                    redirects=hop,
                    headers=result.headers,
                )
            location = result.headers.get("location")
            if not location:
                raise FetchError(f"{current}: redirect without a Location header")
            current = urljoin(current, location)
        raise PermanentFetchError(f"{url}: more than {self.options.max_redirects} redirects")

    def get(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> FetchResult:
        """GET ``url`` politely; raise FetchError (or a subclass) when it cannot be had."""
        o = self.options
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempts = o.retries + 1
        for attempt in range(1, attempts + 1):
            deadline = time.monotonic() + o.total_timeout
            delay = min(o.backoff * 2 ** (attempt - 1), o.max_backoff)
            try:
                result = self._follow(url, headers, deadline)
            except (BlockedAddress, PermanentFetchError):
                raise
            except FetchError:
                if attempt == attempts:
                    raise
                self._sleep(delay)
                continue
            if result.status in RETRY_STATUSES and attempt < attempts:
                wait = _retry_after(result.headers.get("retry-after"), o.max_backoff)
                self._sleep(delay if wait is None else max(wait, delay))
                continue
            if result.status >= 400:
                raise HTTPStatusError(
                    f"{url}: HTTP {result.status} after {attempt} attempt(s)", result.status
                )
            return FetchResult(
                url=result.url,
                requested=url,
                status=result.status,
                content=result.content,
                content_type=result.content_type,
                charset=result.charset,
                etag=result.etag or etag,
                last_modified=result.last_modified or last_modified,
                redirects=result.redirects,
                attempts=attempt,
                headers=result.headers,
            )
        raise FetchError(f"{url}: no attempt was made")  # pragma: no cover
