"""JSON form of items and articles, shared by the SQLite and PostgreSQL backends.

An article's analysis is stored as one JSON object (spans as ``[start, end, label]``
lists, so a long article stays compact); the item it reads is stored in columns and
passed back in by the caller.

>>> from akhbar.model import Article, Item
>>> item = Item(source="s", uid="u", title="خبر")
>>> article_from_json(article_to_json(Article(item=item, text="خبر")), item).text
'خبر'
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from akhbar.errors import StoreError
from akhbar.model import (
    Article,
    Entity,
    Item,
    Keyword,
    Language,
    Marker,
    Quote,
    Span,
    Topic,
)

CODEC_VERSION = 1


def time_to_text(value: datetime | None) -> str | None:
    """ISO 8601 text in UTC (naive times are taken as UTC); None stays None."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat()


def time_from_text(value: str | None) -> datetime | None:
    """The inverse of ``time_to_text``."""
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _span(s: Span) -> list[Any]:
    return [s.start, s.end, s.label] if s.label else [s.start, s.end]


def _span_from(v: list[Any]) -> Span:
    return Span(int(v[0]), int(v[1]), str(v[2]) if len(v) > 2 else "")


def article_to_json(article: Article) -> dict[str, Any]:
    """The analysis of ``article`` (everything but its item) as a JSON-ready dict."""
    lang = article.language
    return {
        "v": CODEC_VERSION,
        "text": article.text,
        "title_end": article.title_end,
        "key": article.key,
        "language": None if lang is None else [lang.code, lang.confidence, lang.script],
        "sentences": [_span(s) for s in article.sentences],
        "tokens": [_span(s) for s in article.tokens],
        "entities": [[e.start, e.end, e.label, e.id, e.english] for e in article.entities],
        "quotes": [
            {
                "content": _span(q.content),
                "cue": q.cue,
                "direct": q.direct,
                "speaker": None if q.speaker is None else _span(q.speaker),
                "speaker_id": q.speaker_id,
            }
            for q in article.quotes
        ],
        "markers": [[m.start, m.end, m.kind, m.by] for m in article.markers],
        "topic": None if article.topic is None else [article.topic.label, article.topic.score],
        "keywords": [[k.text, k.score] for k in article.keywords],
        "summary": [_span(s) for s in article.summary],
        "notes": list(article.notes),
    }


def article_from_json(data: dict[str, Any], item: Item) -> Article:
    """Rebuild an article from ``article_to_json``'s output and its item."""
    try:
        lang = data.get("language")
        topic = data.get("topic")
        return Article(
            item=item,
            text=str(data.get("text", "")),
            title_end=int(data.get("title_end", 0)),
            key=str(data.get("key", "")),
            language=None if lang is None else Language(str(lang[0]), float(lang[1]), lang[2]),
            sentences=tuple(_span_from(s) for s in data.get("sentences", ())),
            tokens=tuple(_span_from(s) for s in data.get("tokens", ())),
            entities=tuple(
                Entity(int(e[0]), int(e[1]), str(e[2]), e[3], e[4])
                for e in data.get("entities", ())
            ),
            quotes=tuple(
                Quote(
                    content=_span_from(q["content"]),
                    cue=str(q["cue"]),
                    direct=bool(q["direct"]),
                    speaker=None if q.get("speaker") is None else _span_from(q["speaker"]),
                    speaker_id=q.get("speaker_id"),
                )
                for q in data.get("quotes", ())
            ),
            markers=tuple(
                Marker(int(m[0]), int(m[1]), str(m[2]), m[3]) for m in data.get("markers", ())
            ),
            topic=None if topic is None else Topic(str(topic[0]), float(topic[1])),
            keywords=tuple(Keyword(str(k[0]), float(k[1])) for k in data.get("keywords", ())),
            summary=tuple(_span_from(s) for s in data.get("summary", ())),
            notes=tuple(str(n) for n in data.get("notes", ())),
        )
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        raise StoreError(f"stored analysis of item {item.uid} is not readable: {exc}") from exc


def item_to_json(item: Item) -> dict[str, Any]:
    """An item as a JSON-ready dict (times as ISO 8601 text)."""
    return {
        "source": item.source,
        "uid": item.uid,
        "kind": item.kind,
        "title": item.title,
        "text": item.text,
        "url": item.url,
        "guid": item.guid,
        "published": time_to_text(item.published),
        "author": item.author,
        "language": item.language,
        "source_type": item.source_type,
        "source_name": item.source_name,
        "image": item.image,
        "fetched": time_to_text(item.fetched),
    }


def item_from_json(data: dict[str, Any]) -> Item:
    """The inverse of ``item_to_json``."""
    try:
        return Item(
            source=str(data["source"]),
            uid=str(data["uid"]),
            kind=data.get("kind", "article"),
            title=data.get("title") or "",
            text=data.get("text") or "",
            url=data.get("url"),
            guid=data.get("guid"),
            published=time_from_text(data.get("published")),
            author=data.get("author"),
            language=data.get("language"),
            source_type=data.get("source_type", "other"),
            source_name=data.get("source_name"),
            image=data.get("image"),
            fetched=time_from_text(data.get("fetched")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise StoreError(f"stored item is not readable: {exc}") from exc
