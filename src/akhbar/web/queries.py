"""Query functions shared by the JSON API and the HTML reader: each reads only the store.

>>> from akhbar.store import open_store
>>> stories, more = front_stories(open_store(":memory:"), limit=10)
>>> (stories, more)
([], False)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

from akhbar.errors import QueryError
from akhbar.model import Member, Source, Story
from akhbar.store.base import SourceRecord, Store, StoredItem
from akhbar.store.query import (
    MAX_OFFSET,
    SearchQuery,
    SearchResult,
    entity_filter_keys,
    index_text,
)

MAX_PAGE = 100


@dataclass(frozen=True, slots=True)
class StoryDetail:
    """A story with each member's stored report (None where it is gone)."""

    story: Story
    members: tuple[tuple[Member, StoredItem | None], ...]


@dataclass(frozen=True, slots=True)
class EntityReports:
    """An entity as the reports name it, and a page of those reports."""

    key: str
    name: str | None
    english: str | None
    label: str | None
    result: SearchResult


def _member_item(store: Store, member: Member) -> StoredItem | None:
    try:
        return store.item(int(member.item_id))
    except (TypeError, ValueError, OverflowError):
        return None


def front_stories(
    store: Store, *, limit: int = 20, offset: int = 0, since: datetime | None = None
) -> tuple[list[Story], bool]:
    """Stories most recently seen first, one page of them, and whether more follow."""
    if not 0 <= offset <= MAX_OFFSET:
        raise QueryError(f"offset must be between 0 and {MAX_OFFSET}")
    stories = store.stories(limit=offset + limit + 1, since=since)
    page = stories[offset : offset + limit]
    return page, len(stories) > offset + limit


def story_detail(store: Store, story_id: str) -> StoryDetail | None:
    """A story (by id or alias) with its reports, or None."""
    story = store.story(story_id)
    if story is None:
        return None
    return StoryDetail(story, tuple((m, _member_item(store, m)) for m in story.members))


def articles(
    store: Store,
    *,
    source: str | None = None,
    kind: str | None = None,
    limit: int = 20,
    after_id: int | None = None,
) -> tuple[list[StoredItem], int | None]:
    """Stored reports in id order after ``after_id``, and the id to continue after."""
    rows = store.items(source=source, kind=kind, limit=limit + 1, after_id=after_id)
    page = rows[:limit]
    return page, (page[-1].id if len(rows) > limit and page else None)


def article(store: Store, item_id: int) -> StoredItem | None:
    """One stored report by id."""
    return store.item(item_id)


def search(store: Store, query: SearchQuery) -> SearchResult:
    """Search reports through the store's index (``QueryError`` for a bad query)."""
    result = store.search(query)
    if not isinstance(result, SearchResult):  # pragma: no cover - a foreign backend
        raise QueryError("this store cannot search")
    return result


def entity_reports(
    store: Store, key: str, *, limit: int = 20, cursor: str | None = None
) -> EntityReports | None:
    """The reports naming an entity (by id, English name, Urdu name or ``label:name``)."""
    if not entity_filter_keys(key):
        return None
    result = search(store, SearchQuery(entity=key, limit=limit, cursor=cursor))
    if not result.hits:
        return None if cursor is None else EntityReports(key, None, None, None, result)
    names: Counter[str] = Counter()
    english: Counter[str] = Counter()
    labels: Counter[str] = Counter()
    wanted = set(entity_filter_keys(key))
    for hit in result.hits[:10]:
        stored = store.item(hit.item_id)
        art = stored.article if stored is not None else None
        if art is None:
            continue
        for ent in art.entities:
            surface = " ".join(art.text[ent.start : ent.end].split())
            folded = index_text(surface)
            keys = {
                (ent.id or "").casefold(),
                (ent.english or "").casefold(),
                folded,
                f"{ent.label.casefold()}:{folded}",
            }
            if keys & wanted:
                names[surface] += 1
                labels[ent.label] += 1
                if ent.english:
                    english[ent.english] += 1
    top = names.most_common(1)
    return EntityReports(
        key=key,
        name=top[0][0] if top else None,
        english=english.most_common(1)[0][0] if english else None,
        label=labels.most_common(1)[0][0] if labels else None,
        result=result,
    )


def sources(store: Store) -> list[SourceRecord]:
    """Every source with its polling state."""
    return store.sources()


def source(store: Store, key: str) -> SourceRecord | None:
    """One source by key."""
    return store.source(key)


def add_source(store: Store, source: Source, kind: str = "feed") -> SourceRecord:
    """Add a source or update the one with the same key."""
    return store.upsert_source(source, kind)


def remove_source(store: Store, key: str) -> bool:
    """Remove a source with its reports; False if there was none."""
    return store.remove_source(key)


def queue_fetch(store: Store, key: str) -> SourceRecord | None:
    """Ask the poller to fetch a source now (its next poll becomes now); None if unknown."""
    record = store.source(key)
    if record is None:
        return None
    store.update_poll_state(
        key,
        etag=record.etag,
        last_modified=record.last_modified,
        failures=record.failures,
        next_poll=datetime.now(UTC),
    )
    return record


__all__ = [
    "EntityReports",
    "StoryDetail",
    "add_source",
    "article",
    "articles",
    "entity_reports",
    "front_stories",
    "queue_fetch",
    "remove_source",
    "search",
    "source",
    "sources",
    "story_detail",
]
