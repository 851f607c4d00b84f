"""A real HTTP server on 127.0.0.1 serving the feeds and pages in tests/ingest/data."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from akhbar.ingest.fetch import FetchOptions

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


Route = Callable[["Handler"], Reply]


class Handler(BaseHTTPRequestHandler):
    server: LocalServer

    def log_message(self, format: str, *args: object) -> None:  # quiet
        del format, args

    def do_GET(self) -> None:
        self.server.log.append((self.path, dict(self.headers.items())))
        route = self.server.routes.get(self.path.split("?")[0])
        reply = route(self) if route else Reply(404, b"not found")
        if reply.delay:
            time.sleep(reply.delay)
        try:
            self.send_response(reply.status)
            headers = {"Content-Length": str(len(reply.body)), **reply.headers}
            for k, v in headers.items():
                if v:  # an empty value leaves the header out (body read until close)
                    self.send_header(k, v)
            self.end_headers()
            if reply.status != 304:
                self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            pass


class LocalServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.routes: dict[str, Route] = {}
        self.log: list[tuple[str, dict[str, str]]] = []
        self.counters: dict[str, int] = {}

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def static(self, path: str, body: bytes, ctype: str, **headers: str) -> None:
        self.routes[path] = lambda h: Reply(200, body, {"Content-Type": ctype, **headers})

    def requests_to(self, path: str) -> list[dict[str, str]]:
        return [h for p, h in self.log if p.split("?")[0] == path]


def _conditional(body: bytes, ctype: str, etag: str, modified: str) -> Route:
    def route(h: Handler) -> Reply:
        if h.headers.get("If-None-Match") == etag or h.headers.get("If-Modified-Since") == modified:
            return Reply(304, b"", {"ETag": etag})
        return Reply(200, body, {"Content-Type": ctype, "ETag": etag, "Last-Modified": modified})

    return route


def _flaky(server: LocalServer, path: str, failures: int, body: bytes) -> Route:
    def route(h: Handler) -> Reply:
        n = server.counters[path] = server.counters.get(path, 0) + 1
        if n <= failures:
            return Reply(503, b"busy", {"Retry-After": "0"})
        return Reply(200, body, {"Content-Type": "application/rss+xml"})

    return route


def _install(server: LocalServer) -> None:
    read = (DATA / "rss2.xml").read_bytes()
    server.routes["/rss2.xml"] = _conditional(
        read, "application/rss+xml; charset=utf-8", '"v1"', "Sat, 14 Jun 2025 10:30:00 GMT"
    )
    server.static("/atom.xml", (DATA / "atom.xml").read_bytes(), "application/atom+xml")
    server.static("/rss1.rdf", (DATA / "rss1.rdf").read_bytes(), "application/rdf+xml")
    server.static("/malformed.xml", (DATA / "malformed.xml").read_bytes(), "text/xml")
    server.static("/cp1256.xml", (DATA / "cp1256.xml").read_bytes(), "text/xml; charset=iso-8859-1")
    server.static("/article.html", (DATA / "article.html").read_bytes(), "text/html; charset=utf-8")
    server.static("/english.html", (DATA / "english.html").read_bytes(), "text/html")
    arabic = str.maketrans(
        {"ی": "ي", "ک": "ك", "ہ": "ه", "۔": ".", "ٰ": "", "·": "-"}
        | {chr(0x06F0 + d): str(d) for d in range(10)}
    )
    cp = (DATA / "article.html").read_text(encoding="utf-8").translate(arabic)
    cp = cp.replace('charset="utf-8"', 'charset="windows-1256"')
    server.static("/cp1256.html", cp.encode("cp1256"), "text/html; charset=utf-8")
    server.static("/page.txt", (DATA / "page.txt").read_bytes(), "text/plain; charset=utf-8")
    server.static("/image.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "image/png")
    server.static("/mislabelled.bin", b"\x00\x01\x02binary\x00" * 100, "text/html")
    server.static(
        "/robots.txt", b"User-agent: *\nDisallow: /private/\n", "text/plain; charset=utf-8"
    )
    server.static("/private/feed.xml", read, "application/rss+xml")
    server.routes["/redirect/1"] = lambda h: Reply(302, b"", {"Location": "/redirect/2"})
    server.routes["/redirect/2"] = lambda h: Reply(301, b"", {"Location": "/rss2.xml"})
    server.routes["/loop"] = lambda h: Reply(302, b"", {"Location": "/loop"})
    server.routes["/to-private"] = lambda h: Reply(302, b"", {"Location": "/private/feed.xml"})
    server.routes["/error"] = lambda h: Reply(500, b"oops", {"Content-Type": "text/plain"})
    server.routes["/flaky.xml"] = _flaky(server, "/flaky.xml", 1, read)
    server.routes["/slow"] = lambda h: Reply(200, read, {"Content-Type": "text/xml"}, delay=2.0)
    server.static("/big", b"<rss>" + b" " * (300 * 1024) + b"</rss>", "text/xml")
    server.routes["/big-unsized"] = lambda h: Reply(
        200, b"x" * (300 * 1024), {"Content-Type": "text/plain", "Content-Length": ""}
    )
    bomb = gzip.compress(b"\x20" * (50 * 1024 * 1024), compresslevel=9)
    server.static("/bomb.xml", bomb, "text/xml", **{"Content-Encoding": "gzip"})
    server.static(
        "/gzip.xml", gzip.compress(read), "application/rss+xml", **{"Content-Encoding": "gzip"}
    )


@pytest.fixture(scope="session")
def server() -> Iterator[LocalServer]:
    """The test server, started once per session on a free port of 127.0.0.1."""
    srv = LocalServer()
    _install(srv)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def fetch_options() -> FetchOptions:
    """Options for tests: loopback allowed explicitly, no waiting between requests."""
    return FetchOptions(
        allow_private=True,
        host_interval=0.0,
        backoff=0.01,
        max_backoff=0.05,
        retries=1,
        read_timeout=5.0,
        max_bytes=256 * 1024,
        max_decoded_bytes=1024 * 1024,
    )
