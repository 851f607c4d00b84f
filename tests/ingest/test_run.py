"""Ingest end to end through the library, against the live server and real SQLite."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from akhbar.ingest.fetch import Fetcher
from akhbar.ingest.run import IngestOptions, due_sources, ingest_paths, poll_once
from akhbar.ingest.sources import add_source
from akhbar.store import open_store
from akhbar.store.sqlite import SQLiteStore

from .conftest import DATA


@pytest.fixture
def store(tmp_path) -> SQLiteStore:
    s = open_store(tmp_path / "akhbar.db")
    assert isinstance(s, SQLiteStore)
    return s


@pytest.fixture
def options(fetch_options) -> IngestOptions:
    return IngestOptions(fetch=fetch_options, process=False)  # ingest alone; the CLI test analyzes


def test_feeds_pages_and_text_from_the_server_land_once(server, store, options) -> None:
    urls = [
        server.url(p)
        for p in (
            "/rss2.xml",
            "/atom.xml",
            "/rss1.rdf",
            "/article.html",
            "/page.txt",
            "/cp1256.xml",
        )
    ]
    report = ingest_paths(store, urls, options)
    assert [r.status for r in report.results] == ["ok"] * 6, report.errors
    assert report.new == 4 + 2 + 2 + 1 + 4 + 2 and report.seen == 1
    assert store.count_items() == report.new
    feed = store.source(server.url("/rss2.xml"))
    assert feed is not None and feed.kind == "feed" and feed.etag == '"v1"'
    assert feed.source.name == "روزنامہ مثال - تازہ ترین"
    page = store.items(source="news.example.pk")  # the page's canonical host
    assert len(page) == 1 and page[0].item.url.startswith("https://news.example.pk/world/")
    cp = store.items(source=server.url("/cp1256.xml"))
    assert [s.item.title[:6] for s in cp] == ["وزير ا", "پشاور "]

    again = ingest_paths(store, urls, options)
    assert again.new == 0 and not again.errors
    assert again.results[0].status == "not-modified"  # conditional GET with the stored ETag
    assert store.count_items() == report.new
    assert store.fetches(server.url("/rss2.xml"))[0].status == "not-modified"


def test_failures_are_recorded_with_their_reason(server, store, options) -> None:
    targets = [
        server.url("/missing"),
        server.url("/image.png"),
        server.url("/mislabelled.bin"),
        server.url("/private/feed.xml"),
        str(DATA / "no-such-file.xml"),
        server.url("/atom.xml"),
    ]
    report = ingest_paths(store, targets, options)
    statuses = [r.status for r in report.results]
    assert statuses == ["error"] * 5 + ["ok"]
    reasons = [r.error or "" for r in report.errors]
    assert "404" in reasons[0]
    assert "binary" in reasons[1] and "binary" in reasons[2]
    assert "robots.txt" in reasons[3]
    assert "no such file" in reasons[4]
    logged = store.fetches(server.url("/missing"))
    assert logged[0].status == "error" and "404" in (logged[0].error or "")


def test_non_urdu_page_is_kept_as_a_reject_with_its_language(server, store, options) -> None:
    report = ingest_paths(store, [server.url("/english.html")], options)
    assert report.new == 0 and report.rejected == 1
    assert store.rejects()[0].reason.startswith("language en, not ur")
    keep_all = dataclasses.replace(options, same_language=False)
    assert ingest_paths(store, [server.url("/english.html")], keep_all).new == 1


def test_malformed_feed_keeps_good_items_and_records_broken_ones(server, store, options) -> None:
    report = ingest_paths(store, [server.url("/malformed.xml")], options)
    result = report.results[0]
    assert result.status == "ok" and result.new == 2 and result.rejected == 2
    assert result.problem and "malformed" in result.problem
    key = server.url("/malformed.xml")
    assert all(r.reason.startswith("entry ") for r in store.rejects(key))
    assert "malformed" in (store.fetches(key)[0].error or "")


def test_every_bundled_file_lands_through_detection(store, options) -> None:
    report = ingest_paths(store, [str(DATA)], options)
    assert not report.errors
    kinds = {s.item.kind for s in store.items(limit=1000)}
    assert kinds == {"article", "headline", "post"}
    social = [r for r in store.sources() if r.source.type == "social"]
    assert {r.source.key.split(":")[0] for r in social} == {"telegram", "file"}
    assert all(s.item.source_type == "social" for s in store.items(kind="post", limit=1000))
    assert ingest_paths(store, [str(DATA)], options).new == 0  # nothing twice


def test_poller_backs_off_a_failing_feed_and_resets_on_success(server, store, options) -> None:
    add_source(store, server.url("/error"), type_="newspaper")
    add_source(store, server.url("/atom.xml"), type_="agency")
    with Fetcher(options.fetch) as fetcher:
        first = poll_once(store, fetcher, options)
        assert sorted(r.status for r in first.results) == ["error", "ok"]
        failing = store.source(server.url("/error"))
        healthy = store.source(server.url("/atom.xml"))
        assert failing is not None and healthy is not None
        assert failing.failures == 1 and healthy.failures == 0
        assert failing.next_poll - healthy.next_poll >= options.interval * 0.9  # type: ignore[operator]
        assert due_sources(store) == []  # nothing is due right after a poll
        assert poll_once(store, fetcher, options).results == ()
        past = datetime.now(UTC) - timedelta(seconds=1)
        store.update_poll_state(
            server.url("/error"), etag=None, last_modified=None, failures=1, next_poll=past
        )
        poll_once(store, fetcher, options)
        again = store.source(server.url("/error"))
        assert again is not None and again.failures == 2
        assert again.last_status == "error"


def test_a_page_in_windows_1256_labelled_utf8_is_read(server, store, options) -> None:
    report = ingest_paths(store, [server.url("/cp1256.html")], options)
    assert report.new == 1, report.results
    (stored,) = store.items()
    assert stored.item.title.startswith("شمالي كوريا")
    assert stored.item.language == "ur"  # identified on the display form


def test_folders_expand_to_their_visible_files(tmp_path) -> None:
    from akhbar.ingest.run import expand_targets

    root = tmp_path / ".hidden-parent" / "in"
    (root / "sub").mkdir(parents=True)
    (root / ".git").mkdir()
    for name in ("b.xml", "sub/a.txt", ".secret", ".git/config"):
        (root / name).write_text("x")
    got = [p.removeprefix(str(root) + "/") for p in expand_targets([str(root), "https://e.pk/f"])]
    assert got == ["b.xml", "sub/a.txt", "https://e.pk/f"]


def test_batches_are_reported_as_they_are_stored(store, options) -> None:
    seen: list[tuple[str, int, int]] = []
    small = dataclasses.replace(options, batch_size=2)
    path = str(DATA / "rss2.xml")
    ingest_paths(store, [path], small, on_batch=lambda t, d, n: seen.append((t, d, n)))
    assert seen == [(path, 2, 5), (path, 4, 5), (path, 5, 5)]
