"""The reader's other pages: an entity's mentions, search results, source health, topics."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from akhbar.errors import QueryError
from akhbar.model import Article, Entity, Story
from akhbar.store.base import SourceRecord, Store, StoredItem
from akhbar.store.query import MAX_LIMIT, Hit, SearchQuery, SearchResult
from akhbar.web import queries
from akhbar.web.reader.format import as_utc
from akhbar.web.reader.views import (
    CardCache,
    Named,
    Said,
    Speaker,
    StoryCard,
    entity_key,
    story_cards,
)

#: How many of an entity's reports the entity page reads.
ENTITY_REPORTS = 100


@dataclass(frozen=True, slots=True)
class Mention:
    """A report that names the entity."""

    id: str
    title: str
    source_name: str
    published: datetime | None
    story: str | None


@dataclass(frozen=True, slots=True)
class EntityPage:
    """An entity: its names, its mentions over time, its stories and its quotes."""

    entity: Named
    times: tuple[datetime, ...]
    mentions: tuple[Mention, ...]
    stories: tuple[StoryCard, ...]
    quotes: Speaker | None


@dataclass(frozen=True, slots=True)
class SourceHealth:
    """One source's health for the sources page."""

    key: str
    name: str
    type: str
    kind: str
    url: str | None
    items: int
    last_fetch: datetime | None
    last_status: str | None
    failures: int
    errors: int
    per_day: float
    last_error: str | None


def _mentions_of(article: Article, key: str) -> list[tuple[Entity, str]]:
    found = []
    for entity in article.entities:
        surface = " ".join(article.text[entity.start : entity.end].split())
        if entity_key(entity, surface) == key:
            found.append((entity, surface))
    return found


def _newest_first(mention: Mention) -> float:
    return -as_utc(mention.published).timestamp() if mention.published else 0.0


def _entity_items(store: Store, key: str, limit: int) -> list[StoredItem]:
    """Reports naming the entity, through the search index's entity filter."""
    try:
        found = queries.entity_reports(store, key, limit=min(limit, MAX_LIMIT))
    except QueryError:
        return []
    hits: Sequence[Hit] = found.result.hits if found is not None else ()
    items = (store.item(hit.item_id) for hit in hits)
    return [s for s in items if s is not None and s.article is not None]


def entity_page(store: Store, key: str, *, limit: int = ENTITY_REPORTS) -> EntityPage | None:
    """The entity page for ``key`` (an entity id), or None when no report names it."""
    stored_items = _entity_items(store, key, limit)
    names: Counter[str] = Counter()
    english: str | None = None
    label = ""
    mentions: list[Mention] = []
    times: list[datetime] = []
    said: dict[str, tuple[str, bool, list[tuple[str, str]]]] = {}
    story_ids: list[str] = []
    for stored in stored_items:
        article = stored.article
        assert article is not None
        found = _mentions_of(article, key)
        if not found:
            continue
        for entity, surface in found:
            names[surface] += 1
            english = english or entity.english
            label = label or entity.label
        source = stored.item.source_name or stored.item.source
        moment = stored.item.published or stored.item.fetched
        if moment is not None:
            times.extend([as_utc(moment)] * len(found))
        mentions.append(Mention(str(stored.id), article.title, source, moment, stored.story))
        if stored.story and stored.story not in story_ids:
            story_ids.append(stored.story)
        spans = {(e.start, e.end) for e, _ in found}
        for quote in article.quotes:
            speaker = quote.speaker
            by_span = speaker is not None and (speaker.start, speaker.end) in spans
            if quote.speaker_id != key and not by_span:
                continue
            content = " ".join(article.text[quote.content.start : quote.content.end].split())
            _, _, carried = said.setdefault(content, (quote.cue, quote.direct, []))
            carried.append((str(stored.id), source))
    if not mentions:
        return None
    name = names.most_common(1)[0][0]
    stories: list[Story] = [s for s in (store.story(i) for i in story_ids[:30]) if s is not None]
    quotes = None
    if said:
        quotes = Speaker(
            name=name,
            english=english,
            entity_id=key,
            said=tuple(Said(t, c, d, tuple(r)) for t, (c, d, r) in said.items()),
        )
    mentions.sort(key=_newest_first)
    return EntityPage(
        entity=Named(key, name, english, label, sum(names.values())),
        times=tuple(times),
        mentions=tuple(mentions),
        stories=tuple(story_cards(store, stories)),
        quotes=quotes,
    )


def topic_stories(
    store: Store,
    topic: str | None,
    *,
    limit: int = 60,
    candidates: int = 300,
    cache: CardCache | None = None,
) -> list[StoryCard]:
    """Recent stories of one topic (``None`` for stories with no topic), best first."""
    stories, _ = queries.front_stories(store, limit=candidates)
    cards = story_cards(store, stories, cache=cache)
    return [c for c in cards if c.topic == topic][:limit]


def search(store: Store, query: SearchQuery) -> SearchResult:
    """Search reports through the store's index (raises QueryError for a bad query)."""
    return queries.search(store, query)


def source_list(store: Store) -> list[SourceRecord]:
    """Every source (for the search page's filter)."""
    return queries.sources(store)


def source_health(store: Store) -> list[SourceHealth]:
    """Every source with its last fetch, error count and items per day over its fetches."""
    rows = []
    for record in queries.sources(store):
        fetches = store.fetches(record.source.key, limit=50)
        errors = [f for f in fetches if f.status == "error" or f.error]
        per_day = 0.0
        if fetches:
            first = min(as_utc(f.at) for f in fetches)
            last = max(as_utc(f.at) for f in fetches)
            days = max((last - first) / timedelta(days=1), 1.0)
            per_day = sum(f.new for f in fetches) / days
        elif record.items:
            per_day = float(record.items)
        rows.append(
            SourceHealth(
                key=record.source.key,
                name=record.source.name,
                type=record.source.type,
                kind=record.kind,
                url=record.source.url,
                items=record.items,
                last_fetch=record.last_fetch,
                last_status=record.last_status,
                failures=record.failures,
                errors=len(errors),
                per_day=per_day,
                last_error=next((f.error for f in fetches if f.error), None),
            )
        )
    rows.sort(key=lambda r: (-r.items, r.name))
    return rows
