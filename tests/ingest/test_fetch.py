"""The HTTP client against a real server on 127.0.0.1."""

from __future__ import annotations

import dataclasses

import pytest

from akhbar.errors import BlockedAddress, FetchError
from akhbar.ingest.fetch import (
    Fetcher,
    FetchOptions,
    HTTPStatusError,
    RobotsDisallowed,
    TooLarge,
    check_address,
)


def test_fetches_a_feed_and_sends_our_user_agent(server, fetch_options) -> None:
    with Fetcher(fetch_options) as f:
        result = f.get(server.url("/atom.xml"))
    assert result.status == 200
    assert "خبر رساں ادارہ".encode() in result.content
    assert server.requests_to("/atom.xml")[-1]["User-Agent"].startswith("akhbar/")


def test_conditional_get_with_etag_and_last_modified(server, fetch_options) -> None:
    with Fetcher(fetch_options) as f:
        first = f.get(server.url("/rss2.xml"))
        assert first.status == 200 and first.etag == '"v1"' and first.last_modified
        again = f.get(server.url("/rss2.xml"), etag=first.etag)
        assert again.not_modified and again.content == b""
        by_date = f.get(server.url("/rss2.xml"), last_modified=first.last_modified)
        assert by_date.not_modified
    sent = server.requests_to("/rss2.xml")[-2]
    assert sent["If-None-Match"] == '"v1"'


def test_follows_redirects_and_reports_the_final_url(server, fetch_options) -> None:
    with Fetcher(fetch_options) as f:
        result = f.get(server.url("/redirect/1"))
    assert result.status == 200
    assert result.url == server.url("/rss2.xml")
    assert result.redirects == 2


def test_redirect_cap(server, fetch_options) -> None:
    with Fetcher(fetch_options) as f, pytest.raises(FetchError, match="redirects"):
        f.get(server.url("/loop"))


@pytest.mark.parametrize(("path", "status"), [("/missing", 404), ("/error", 500)])
def test_error_statuses_raise_with_the_status(server, fetch_options, path, status) -> None:
    with Fetcher(fetch_options) as f, pytest.raises(HTTPStatusError) as info:
        f.get(server.url(path))
    assert info.value.status == status
    assert str(status) in str(info.value)


def test_server_errors_are_retried_and_404_is_not(server, fetch_options) -> None:
    before_error = len(server.requests_to("/error"))
    before_missing = len(server.requests_to("/missing"))
    with Fetcher(fetch_options) as f:
        for path in ("/error", "/missing"):
            with pytest.raises(HTTPStatusError):
                f.get(server.url(path))
    assert len(server.requests_to("/error")) - before_error == fetch_options.retries + 1
    assert len(server.requests_to("/missing")) - before_missing == 1


def test_a_503_then_200_recovers_by_retrying(server, fetch_options) -> None:
    server.counters.pop("/flaky.xml", None)
    with Fetcher(fetch_options) as f:
        result = f.get(server.url("/flaky.xml"))
    assert result.status == 200 and result.attempts == 2


def test_read_timeout(server, fetch_options) -> None:
    options = dataclasses.replace(fetch_options, read_timeout=0.3, retries=0)
    with Fetcher(options) as f, pytest.raises(FetchError, match="timed out"):
        f.get(server.url("/slow"))


def test_robots_txt_is_honoured(server, fetch_options) -> None:
    with Fetcher(fetch_options) as f:
        with pytest.raises(RobotsDisallowed):
            f.get(server.url("/private/feed.xml"))
        with pytest.raises(RobotsDisallowed):  # a redirect into a disallowed path
            f.get(server.url("/to-private"))
        assert f.get(server.url("/atom.xml")).status == 200
    with Fetcher(dataclasses.replace(fetch_options, robots=False)) as f:
        assert f.get(server.url("/private/feed.xml")).status == 200


@pytest.mark.parametrize("path", ["/big", "/big-unsized"])
def test_size_cap_on_the_wire(server, fetch_options, path) -> None:
    with Fetcher(fetch_options) as f, pytest.raises(TooLarge, match="cap"):
        f.get(server.url(path))


def test_gzip_is_decoded(server, fetch_options) -> None:
    with Fetcher(fetch_options) as f:
        result = f.get(server.url("/gzip.xml"))
    assert result.content.startswith(b'<?xml version="1.0"')
    assert "روزنامہ مثال".encode() in result.content


def test_gzip_bomb_stops_at_the_decoded_cap(server, fetch_options) -> None:
    # about 50 KB on the wire, 50 MB decoded: under the wire cap, over the decoded cap
    with Fetcher(fetch_options) as f, pytest.raises(TooLarge, match="decoded body"):
        f.get(server.url("/bomb.xml"))


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/feed.xml",
        "http://localhost/feed.xml",
        "http://10.1.2.3/feed.xml",
        "http://192.168.0.10/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/feed.xml",
        "http://[::ffff:127.0.0.1]/x",
        "http://0.0.0.0/",
    ],
)
def test_address_guard_refuses_non_public_addresses(url) -> None:
    with pytest.raises(BlockedAddress):
        check_address(url, allow_private=False)
    check_address(url, allow_private=True)


def test_address_guard_refuses_before_connecting(server) -> None:
    before = len(server.log)
    with Fetcher(FetchOptions(host_interval=0)) as f, pytest.raises(BlockedAddress):
        f.get(server.url("/atom.xml"))
    assert len(server.log) == before  # not even robots.txt was asked for


@pytest.mark.parametrize("url", ["ftp://example.com/feed", "file:///etc/passwd", "javascript:x"])
def test_only_http_urls(url) -> None:
    with Fetcher(FetchOptions()) as f, pytest.raises(FetchError, match="only http"):
        f.get(url)


def test_mislabelled_charset_is_detected(server, fetch_options) -> None:
    with Fetcher(fetch_options) as f:
        result = f.get(server.url("/cp1256.xml"))
    assert result.charset == "iso-8859-1"
    assert "پشاور" in result.text()


def test_rate_limit_waits_between_requests_to_one_host(server, fetch_options) -> None:
    waits: list[float] = []
    options = dataclasses.replace(fetch_options, host_interval=5.0)
    with Fetcher(options, sleep=waits.append) as f:
        f.get(server.url("/atom.xml"))
        f.get(server.url("/rss1.rdf"))
    assert waits and max(waits) > 1.0


def test_robots_unreachable_means_disallowed_and_redirects_are_followed(
    server, fetch_options
) -> None:
    from .conftest import Reply

    original = server.routes["/robots.txt"]
    try:
        server.routes["/robots.txt"] = lambda h: Reply(503, b"down")
        with Fetcher(fetch_options) as f, pytest.raises(RobotsDisallowed):
            f.get(server.url("/atom.xml"))
        server.routes["/robots.txt"] = lambda h: Reply(301, b"", {"Location": "/robots-real.txt"})
        server.routes["/robots-real.txt"] = lambda h: Reply(
            200, b"User-agent: akhbar\nDisallow: /atom.xml\n", {"Content-Type": "text/plain"}
        )
        with Fetcher(fetch_options) as f:
            with pytest.raises(RobotsDisallowed):
                f.get(server.url("/atom.xml"))
            assert f.get(server.url("/rss1.rdf")).status == 200
        server.routes["/robots.txt"] = lambda h: Reply(404, b"")
        with Fetcher(fetch_options) as f:
            assert f.get(server.url("/private/feed.xml")).status == 200  # no robots.txt
    finally:
        server.routes["/robots.txt"] = original


def test_the_connected_peer_is_checked_too(server) -> None:
    # a name that resolved to a public address at check time but connected to a private
    # one (DNS rebinding) is caught by the check on the connected socket
    import httpx

    fetcher = Fetcher(FetchOptions())
    with (
        httpx.Client() as client,
        client.stream("GET", server.url("/atom.xml")) as response,
        pytest.raises(BlockedAddress, match=r"connected to non-public address 127\.0\.0\.1"),
    ):
        fetcher._check_peer(server.url("/atom.xml"), response)
    fetcher.close()


def test_connection_refused_is_a_fetch_error(fetch_options) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    options = dataclasses.replace(fetch_options, retries=0)
    with Fetcher(options) as f, pytest.raises(FetchError, match="ConnectError"):
        f.get(f"http://127.0.0.1:{port}/feed.xml")


def test_429_honours_retry_after(server, fetch_options) -> None:
    from .conftest import Reply

    calls = {"n": 0}

    def route(h):
        calls["n"] += 1
        if calls["n"] == 1:
            return Reply(429, b"slow down", {"Retry-After": "3"})
        return Reply(200, b"<rss></rss>", {"Content-Type": "text/xml"})

    server.routes["/limited.xml"] = route
    waits: list[float] = []
    options = dataclasses.replace(fetch_options, max_backoff=10.0)
    with Fetcher(options, sleep=waits.append) as f:
        result = f.get(server.url("/limited.xml"))
    assert result.status == 200 and result.attempts == 2
    assert 3.0 in waits  # the server's Retry-After, not our own shorter back-off
