"""Atom feeds out: well-formed, RFC 4287's required elements, readable by feedparser."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import quote, urlsplit
from xml.etree import ElementTree as ET

import feedparser
import httpx
import pytest

from akhbar.config import Settings
from akhbar.demo import examples_store, serve_in_thread
from akhbar.store import open_store
from akhbar.web.app import create_app
from akhbar.web.feeds import Feed, FeedEntry, render_atom
from akhbar.web.reader.views import entity_key

A = "{http://www.w3.org/2005/Atom}"


def _rfc3339(text: str | None) -> datetime:
    assert text, "a date construct must not be empty"
    assert text.endswith("Z") or text[-6] in "+-", text
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    assert moment.tzinfo is not None
    return moment


def _iri(text: str | None) -> str:
    assert text, "an id must not be empty"
    parts = urlsplit(text)
    assert parts.scheme in {"http", "https", "tag", "urn"}, text
    return text


def check_atom(xml: bytes) -> ET.Element:
    """Assert the structure RFC 4287 requires; return the feed element."""
    root = ET.fromstring(xml)
    assert root.tag == f"{A}feed"
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"{A}{name}")) == 1, f"feed needs exactly one atom:{name}"
    _iri(root.findtext(f"{A}id"))
    _rfc3339(root.findtext(f"{A}updated"))
    selfs = [ln for ln in root.findall(f"{A}link") if ln.get("rel") == "self"]
    assert len(selfs) == 1 and selfs[0].get("href", "").startswith("http")
    entries = root.findall(f"{A}entry")
    feed_author = root.find(f"{A}author")
    ids = set()
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{A}{name}")) == 1, f"entry needs exactly one atom:{name}"
        ids.add(_iri(entry.findtext(f"{A}id")))
        _rfc3339(entry.findtext(f"{A}updated"))
        alternates = [
            ln for ln in entry.findall(f"{A}link") if ln.get("rel", "alternate") == "alternate"
        ]
        assert alternates or entry.find(f"{A}content") is not None
        assert len({(ln.get("type"), ln.get("hreflang")) for ln in alternates}) == len(alternates)
        assert feed_author is not None or entry.find(f"{A}author") is not None
        for author in entry.findall(f"{A}author"):
            assert author.findtext(f"{A}name")
        for text_construct in ("title", "summary", "content"):
            node = entry.find(f"{A}{text_construct}")
            if node is not None:
                assert node.get("type", "text") in {"text", "html", "xhtml"}
    assert len(ids) == len(entries), "entry ids must be unique"
    if feed_author is not None:
        assert feed_author.findtext(f"{A}name")
    return root


def test_render_atom_minimal_feed_is_valid() -> None:
    feed = Feed(
        "https://akhbar.test/", "اخبار", "https://akhbar.test/f.atom", "https://akhbar.test/"
    )
    xml = render_atom(feed).encode()
    check_atom(xml)
    parsed = feedparser.parse(xml)
    assert not parsed.bozo and parsed.feed.title == "اخبار"


@pytest.mark.parametrize(
    "title",
    [
        "وزیراعظم نواز شریف کا قوم سے خطاب",
        "<script>alert('x')</script> & \"quotes\" ]]>",
        "control\x00chars\x0bin\x1ftitle \ufffe end",
        "Latin ISPR اور اردو 2014",
    ],
)
def test_entries_round_trip_through_feedparser(title: str) -> None:
    when = datetime(2014, 10, 17, 19, tzinfo=UTC)
    entries = tuple(
        FeedEntry(
            id=f"https://akhbar.test/story/{n}",
            title=title,
            updated=when,
            published=when,
            link=f"https://akhbar.test/story/{n}",
            summary=f"{title} — خلاصہ",
            authors=("اے پی پی",),
            categories=("sports",),
        )
        for n in range(3)
    )
    feed = Feed(
        "https://akhbar.test/",
        "خبریں",
        "https://akhbar.test/f.atom",
        "https://akhbar.test/",
        entries,
    )
    xml = render_atom(feed).encode("utf-8")
    check_atom(xml)
    parsed = feedparser.parse(xml)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert len(parsed.entries) == 3
    expected = "".join(ch for ch in title if ch not in "\x00\x0b\x1f\ufffe")
    assert parsed.entries[0].title == expected
    assert parsed.entries[0].published_parsed[:3] == (2014, 10, 17)


def test_entry_without_link_carries_content() -> None:
    entry = FeedEntry(
        id="tag:akhbar.test,2014:1", title="سرخی", updated=datetime(2014, 1, 1, tzinfo=UTC)
    )
    xml = render_atom(
        Feed("tag:akhbar.test,2014:f", "f", "https://a.test/f", "https://a.test/", (entry,))
    )
    root = check_atom(xml.encode())
    assert root.find(f"{A}entry/{A}content") is not None


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[httpx.Client, str]]:
    cache = tmp_path_factory.getbasetemp() / "akhbar-examples.db"
    db = examples_store(tmp_path_factory.mktemp("feeds") / "akhbar.db", cache=cache)
    store = open_store(db)
    entity = next(
        (
            entity_key(e, s.article.text[e.start : e.end])
            for s in store.items(limit=500)
            if s.article is not None
            for e in s.article.entities
            if e.label in {"PERSON", "LOCATION", "ORGANIZATION"}
        ),
        "location:پاکستان",
    )
    with (
        serve_in_thread(create_app(Settings(db=str(db)), store=store)) as base,
        httpx.Client(base_url=base, timeout=30) as client,
    ):
        yield client, entity
    store.close()


def _feed_paths(client: httpx.Client, entity: str) -> list[str]:
    front = feedparser.parse(client.get("/feeds/front.atom").content)
    story_ids = [e.link.rsplit("/", 1)[1] for e in front.entries[:3]]
    return [
        "/feeds/front.atom",
        "/feeds/topic/sports.atom",
        "/feeds/topic/other.atom",
        *(f"/feeds/story/{sid}.atom" for sid in story_ids),
        f"/feeds/entity.atom?id={quote(entity, safe='')}",
        "/feeds/search.atom?q=" + quote("پاکستان"),
        "/feeds/search.atom?q=" + quote('"وزیر اعظم" OR کرکٹ') + "&source_type=agency",
    ]


def test_every_feed_out_is_valid_atom(server: tuple[httpx.Client, str]) -> None:
    client, entity = server
    paths = _feed_paths(client, entity)
    assert any("/feeds/story/" in p for p in paths), "the front feed lists stories"
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("application/atom+xml")
        root = check_atom(response.content)
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert len(parsed.entries) == len(root.findall(f"{A}entry"))
        self_href = next(
            ln.get("href", "") for ln in root.findall(f"{A}link") if ln.get("rel") == "self"
        )
        assert client.get(self_href).status_code == 200, self_href  # the feed finds itself


def test_search_feed_matches_search_page(server: tuple[httpx.Client, str]) -> None:
    client, _ = server
    feed = feedparser.parse(client.get("/feeds/search.atom", params={"q": "کرکٹ"}).content)
    assert feed.entries, "the examples have cricket reports"
    assert all(e.title for e in feed.entries)
    page = client.get("/search", params={"q": "کرکٹ"}).text
    assert feed.entries[0].title.split()[0] in page


def test_unknown_story_feed_is_404(server: tuple[httpx.Client, str]) -> None:
    client, _ = server
    assert client.get("/feeds/story/no-such-story.atom").status_code == 404
