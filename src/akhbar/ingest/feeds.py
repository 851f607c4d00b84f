"""RSS 2.0, RSS 1.0 and Atom feeds through feedparser, adapted onto ``Item``.

Parse, then adapt: feedparser reads the XML (leniently, so a malformed feed still
yields the entries it could read); each entry is adapted on its own, and an entry that
cannot become an item is kept as a ``Reject`` with its reason while the rest go on.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

from akhbar.errors import InputError, ParseError
from akhbar.ingest.charset import declared_charset, decode_body
from akhbar.ingest.dates import parse_date
from akhbar.ingest.htmltext import first_image, html_to_text
from akhbar.ingest.identity import make_item
from akhbar.model import Item, Source
from akhbar.store.base import Reject

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF|RDF)[\s>]", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A feed's items, the entries that could not be read, and any problem noticed."""

    title: str
    link: str | None
    items: tuple[Item, ...]
    rejects: tuple[Reject, ...]
    problem: str | None = None
    bad_dates: int = 0


def looks_like_feed(data: bytes) -> bool:
    """True when the first kilobytes hold an RSS, RDF or Atom root element."""
    return _FEED_ROOT.search(data[:4096]) is not None


def feed_root_at(data: bytes) -> int:
    """Where the RSS, RDF or Atom root element starts in the first kilobytes, or -1."""
    found = _FEED_ROOT.search(data[:4096])
    return found.start() if found else -1


def _as_utf8(data: bytes, charset: str | None) -> bytes:
    """The feed re-encoded as UTF-8 after checking the declared charset against the bytes."""
    text, _ = decode_body(data, declared_charset(data, charset))
    text = _XML_DECL.sub('<?xml version="1.0" encoding="utf-8"?>', text, count=1)
    return text.encode("utf-8")


def _text_of(detail: Mapping[str, Any] | None, value: str) -> str:
    kind = str(detail.get("type", "")) if detail else ""
    if "html" in kind or "<" in value or "&" in value:
        return html_to_text(value)
    return value


def _image(entry: Mapping[str, Any], html: str) -> str | None:
    for enclosure in entry.get("enclosures", ()) or ():
        if str(enclosure.get("type", "")).startswith("image/") and enclosure.get("href"):
            return str(enclosure["href"])
    for media in entry.get("media_content", ()) or ():
        medium = str(media.get("medium", "")) or str(media.get("type", ""))
        if media.get("url") and (medium.startswith("image") or not medium):
            return str(media["url"])
    for thumb in entry.get("media_thumbnail", ()) or ():
        if thumb.get("url"):
            return str(thumb["url"])
    return first_image(html)


def _raw(entry: Mapping[str, Any]) -> str:
    keep = {k: entry.get(k) for k in ("id", "title", "link", "published", "updated")}
    return json.dumps({k: v for k, v in keep.items() if v}, ensure_ascii=False)[:2000]


def _entry_date(entry: Mapping[str, Any]) -> tuple[datetime | None, bool]:
    """The entry's date and whether a date was given but could not be read."""
    given = False
    for key in ("published", "updated", "created", "dc_date", "date"):
        raw = entry.get(key)
        if not raw:
            continue
        given = True
        value = parse_date(str(raw))
        if value is not None:
            return value, False
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            try:
                y, mo, d, h, mi, s = (int(v) for v in parsed[:6])
                return datetime(y, mo, d, h, mi, s, tzinfo=UTC), False
            except (TypeError, ValueError):
                continue
    return None, given


def _adapt(
    entry: Mapping[str, Any], source: Source, base: str | None, fetched: datetime | None
) -> tuple[Item, bool]:
    title = _text_of(entry.get("title_detail"), str(entry.get("title", "") or ""))
    contents = [c for c in entry.get("content", ()) or () if c.get("value")]
    content_html = max((str(c["value"]) for c in contents), key=len, default="")
    summary_html = str(entry.get("summary", "") or "")
    html = content_html or summary_html
    text = html_to_text(html) if html else ""
    link = entry.get("link")
    if link and base:
        link = urljoin(base, str(link))
    if link and not str(link).startswith(("http://", "https://")):
        link = None
    guid = entry.get("id")
    if not (title.strip() or text.strip() or link or guid):
        raise InputError("entry has no title, text, link or guid")
    if not (title.strip() or text.strip()):
        raise InputError("entry has neither a title nor any text")
    published, bad_date = _entry_date(entry)
    if text.strip() == title.strip():
        text = ""  # a summary that only repeats the title
    item = make_item(
        source,
        kind="article" if text.strip() else "headline",  # a title and a link: a headline
        title=title,
        text=text,
        url=str(link) if link else None,
        guid=str(guid) if guid else None,
        published=published,
        author=str(entry.get("author", "") or "") or None,
        image=_image(entry, html),
        fetched=fetched,
    )
    return item, bad_date


def parse_feed(
    data: bytes,
    source: Source,
    *,
    url: str | None = None,
    charset: str | None = None,
    fetched: datetime | None = None,
) -> ParsedFeed:
    """Items of an RSS/Atom/RDF feed, with rejects for entries that could not be read."""
    import feedparser

    parsed = feedparser.parse(
        io.BytesIO(_as_utf8(data, charset)),
        response_headers={"content-type": "application/xml; charset=utf-8"},
        sanitize_html=True,
        resolve_relative_uris=True,
    )
    feed = parsed.get("feed", {}) or {}
    problem = None
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        problem = f"malformed feed: {type(exc).__name__}: {exc}" if exc else "malformed feed"
    if not parsed.entries and not feed.get("title"):
        raise ParseError(f"{url or source.key}: not a readable feed ({problem or 'no entries'})")
    base = url or source.url or feed.get("link")
    items: list[Item] = []
    rejects: list[Reject] = []
    bad_dates = 0
    for n, entry in enumerate(parsed.entries, start=1):
        try:
            item, bad_date = _adapt(entry, source, base, fetched)
        except (InputError, TypeError, ValueError, KeyError) as exc:
            where = " (in a malformed feed)" if problem else ""
            rejects.append(
                Reject(source=source.key, reason=f"entry {n}: {exc}{where}", raw=_raw(entry))
            )
            continue
        bad_dates += bad_date
        items.append(item)
    return ParsedFeed(
        title=html_to_text(str(feed.get("title", "") or "")),
        link=feed.get("link"),
        items=tuple(items),
        rejects=tuple(rejects),
        problem=problem,
        bad_dates=bad_dates,
    )
