"""Registering sources (one by one or from OPML) and their JSON forms for the CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

from akhbar.ingest.opml import parse_opml
from akhbar.model import Source, SourceType
from akhbar.store.base import SourceRecord, Store, StoredItem
from akhbar.store.codec import time_to_text


def add_source(
    store: Store,
    target: str,
    *,
    type_: str | None = None,
    name: str | None = None,
    key: str | None = None,
    kind: str | None = None,
    language: str = "ur",
) -> SourceRecord:
    """Register a URL (a feed unless ``kind`` says page) or a file as a source."""
    is_url = target.startswith(("http://", "https://"))
    if is_url:
        url: str | None = target
        default_key = target
        default_name = urlsplit(target).hostname or target
        default_kind = "feed"
    else:
        url = None
        default_key = f"file:{Path(target).resolve()}"
        default_name = Path(target).name
        default_kind = "file"
    existing = store.source(key or default_key)
    source = Source(
        key=key or default_key,
        name=name or (existing.source.name if existing else default_name),
        type=cast(SourceType, type_ or (existing.source.type if existing else "other")),
        url=url,
        language=language,
    )
    return store.upsert_source(source, kind=kind or default_kind)


def import_opml(store: Store, data: bytes, default_type: SourceType = "other") -> tuple[int, int]:
    """Register the feeds of an OPML document; return how many were new and known."""
    added = known = 0
    for source in parse_opml(data, default_type):
        if store.source(source.key) is None:
            store.upsert_source(source, kind="feed")
            added += 1
        else:
            known += 1
    return added, known


def source_json(record: SourceRecord) -> dict[str, Any]:
    """A source with its health as a JSON-ready dict."""
    s = record.source
    return {
        "key": s.key,
        "name": s.name,
        "type": s.type,
        "url": s.url,
        "language": s.language,
        "kind": record.kind,
        "items": record.items,
        "failures": record.failures,
        "last_fetch": time_to_text(record.last_fetch),
        "last_status": record.last_status,
        "next_poll": time_to_text(record.next_poll),
    }


def item_json(stored: StoredItem, source_name: str | None = None) -> dict[str, Any]:
    """A stored item as the JSON object ``akhbar items --json`` prints."""
    i = stored.item
    return {
        "id": stored.id,
        "source": i.source,
        "source_name": i.source_name or source_name,
        "source_type": i.source_type,
        "kind": i.kind,
        "title": i.title,
        "url": i.url,
        "published": time_to_text(i.published),
        "language": i.language,
        "author": i.author,
        "image": i.image,
        "guid": i.guid,
        "text": i.text,
        "story": stored.story,
    }
