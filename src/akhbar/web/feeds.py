"""Atom feeds out (RFC 4287): the front page, a topic, an entity, a story, a search.

``render_atom`` turns a ``Feed`` into XML; the ``*_feed`` functions build feeds from the
reader's view objects. Every feed and entry carries the elements RFC 4287 requires
(``id``, ``title``, ``updated``; an ``author`` on the feed; a ``link rel="alternate"``
or ``content`` on each entry), with absolute IRIs and RFC 3339 times.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote
from xml.etree import ElementTree as ET

from akhbar.store.query import Hit
from akhbar.web.reader.format import iso, topic_name
from akhbar.web.reader.pages import EntityPage
from akhbar.web.reader.views import Coverage, Report, StoryCard
from akhbar.web.sanitize import safe_url

ATOM_NS = "http://www.w3.org/2005/Atom"
GENERATOR = "akhbar"
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One Atom entry."""

    id: str
    title: str
    updated: datetime
    link: str | None = None
    summary: str = ""
    content: str = ""
    published: datetime | None = None
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Feed:
    """One Atom feed: its identity, its links and its entries."""

    id: str
    title: str
    self_url: str
    alternate_url: str
    entries: tuple[FeedEntry, ...] = ()
    subtitle: str = ""
    updated: datetime | None = None
    author: str = "اخبار"
    language: str = "ur"


def clean(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold."""
    return _NOT_XML.sub("", text)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: clean(v) for k, v in attrs.items()})
    if text is not None:
        element.text = clean(text)
    return element


def _time(moment: datetime | None) -> str:
    return iso(moment or EPOCH)


def render_atom(feed: Feed) -> str:
    """The feed as an Atom 1.0 document (UTF-8 XML text).

    >>> xml = render_atom(Feed("https://x.test/", "خبریں", "https://x.test/f", "https://x.test/"))
    >>> '<title type="text">خبریں</title>' in xml and "<updated>1970-01-01T00:00:00Z<" in xml
    True
    """
    root = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": clean(feed.language)})
    _sub(root, "id", feed.id)
    _sub(root, "title", feed.title, type="text")
    if feed.subtitle:
        _sub(root, "subtitle", feed.subtitle, type="text")
    updated = feed.updated or max((e.updated for e in feed.entries), default=None)
    _sub(root, "updated", _time(updated))
    author = _sub(root, "author")
    _sub(author, "name", feed.author)
    _sub(root, "link", rel="self", type="application/atom+xml", href=feed.self_url)
    _sub(root, "link", rel="alternate", type="text/html", href=feed.alternate_url)
    _sub(root, "generator", GENERATOR)
    for entry in feed.entries:
        node = _sub(root, "entry")
        _sub(node, "id", entry.id)
        _sub(node, "title", entry.title or "…", type="text")
        _sub(node, "updated", _time(entry.updated))
        if entry.published is not None:
            _sub(node, "published", _time(entry.published))
        for name in entry.authors:
            _sub(_sub(node, "author"), "name", name)
        if entry.link:
            _sub(node, "link", rel="alternate", type="text/html", href=entry.link)
        for term in entry.categories:
            _sub(node, "category", term=term)
        if entry.summary:
            _sub(node, "summary", entry.summary, type="text")
        if entry.content or not entry.link:
            _sub(node, "content", entry.content or entry.summary or entry.title, type="text")
    body = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n"


def _abs(base: str, path: str) -> str:
    return base.rstrip("/") + path


def story_entry(card: StoryCard, base: str) -> FeedEntry:
    """An entry for one story, linking to its story page."""
    url = _abs(base, f"/story/{quote(card.id, safe='')}")
    summary = card.summary
    if card.sources:
        summary = f"{summary} ({card.reports} رپورٹیں، {card.sources} ذرائع)".strip()
    return FeedEntry(
        id=url,
        title=card.title,
        updated=card.last_seen or card.first_seen or EPOCH,
        published=card.first_seen,
        link=url,
        summary=summary,
        authors=card.source_names[:5],
        categories=(card.topic,) if card.topic else (),
    )


def report_entry(report: Report, base: str) -> FeedEntry:
    """An entry for one report (linking to the original when it has a safe address)."""
    page = _abs(base, f"/report/{quote(report.id, safe='')}")
    return FeedEntry(
        id=page,
        title=report.title,
        updated=report.published or EPOCH,
        published=report.published,
        link=safe_url(report.url) or page,
        summary=report.lede,
        authors=(report.source_name,),
    )


def stories_feed(
    cards: Iterable[StoryCard], *, base: str, path: str, feed_path: str, title: str
) -> Feed:
    """A feed of stories (the front page, a topic)."""
    entries = tuple(story_entry(c, base) for c in cards)
    return Feed(
        id=_abs(base, path),
        title=title,
        self_url=_abs(base, feed_path),
        alternate_url=_abs(base, path),
        entries=entries,
    )


def front_feed(cards: Sequence[StoryCard], base: str) -> Feed:
    """The front page's feed."""
    return stories_feed(
        cards, base=base, path="/", feed_path="/feeds/front.atom", title="اخبار: اہم خبریں"
    )


def topic_feed(topic: str | None, cards: Sequence[StoryCard], base: str) -> Feed:
    """One topic's feed."""
    label = quote(topic or "other", safe="")
    return stories_feed(
        cards,
        base=base,
        path=f"/topic/{label}",
        feed_path=f"/feeds/topic/{label}.atom",
        title=f"اخبار: {topic_name(topic)}",
    )


def story_feed(page: Coverage, base: str) -> Feed:
    """One story's feed: its reports, newest first, so a reader sees each new one."""
    reports: list[Report] = []
    for report in page.reports:
        reports.append(report)
        reports.extend(report.copies)
    reports.sort(key=lambda r: r.published or EPOCH, reverse=True)
    sid = quote(page.card.id, safe="")
    return Feed(
        id=_abs(base, f"/story/{sid}"),
        title=f"اخبار: {page.card.title}",
        subtitle=page.card.summary,
        self_url=_abs(base, f"/feeds/story/{sid}.atom"),
        alternate_url=_abs(base, f"/story/{sid}"),
        entries=tuple(report_entry(r, base) for r in reports),
    )


def entity_feed(page: EntityPage, base: str) -> Feed:
    """An entity's feed: the stories it appears in."""
    key = quote(page.entity.id, safe="")
    name = page.entity.name + (f" ({page.entity.english})" if page.entity.english else "")
    return Feed(
        id=_abs(base, f"/entity/{key}"),
        title=f"اخبار: {name}",
        self_url=_abs(base, f"/feeds/entity.atom?id={key}"),
        alternate_url=_abs(base, f"/entity/{key}"),
        entries=tuple(story_entry(c, base) for c in page.stories),
    )


def search_feed(text: str, hits: Sequence[Hit], base: str, query_string: str) -> Feed:
    """A feed of search results: each matching report."""
    suffix = f"?{query_string}" if query_string else ""
    entries = []
    for hit in hits:
        page = _abs(base, f"/report/{hit.item_id}")
        entries.append(
            FeedEntry(
                id=page,
                title=hit.title,
                updated=hit.published or EPOCH,
                published=hit.published,
                link=safe_url(hit.url) or page,
                summary=hit.snippet,
                authors=(hit.source,),
            )
        )
    return Feed(
        id=_abs(base, f"/search{suffix}"),
        title=f"اخبار: تلاش «{text}»" if text else "اخبار: تلاش",
        self_url=_abs(base, f"/feeds/search.atom{suffix}"),
        alternate_url=_abs(base, f"/search{suffix}"),
        entries=tuple(entries),
    )
