"""The Store protocol: one interface, two implementations (SQLite, PostgreSQL).

``open_store(url)`` picks the backend: a ``postgresql://`` URL or a SQLite file path
(``:memory:`` for tests). Every write method is one transaction: a crash mid-batch
leaves the store as it was before the batch, and an item already stored (same source,
same uid) is never stored twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from akhbar.model import Article, Item, Source, Story

#: Fetch attempts kept per source; older ones are trimmed as new ones are logged.
FETCH_LOG_KEEP = 500


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """A source with its polling state and health."""

    source: Source
    id: int
    kind: str = "feed"  # feed, page, file, social
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0
    next_poll: datetime | None = None
    last_fetch: datetime | None = None
    last_status: str | None = None
    items: int = 0


@dataclass(frozen=True, slots=True)
class FetchRecord:
    """One fetch attempt of a source: what happened and why."""

    source: str
    at: datetime
    status: str  # "ok", "not-modified", "error", HTTP status as text
    error: str | None = None
    new: int = 0
    seen: int = 0


@dataclass(frozen=True, slots=True)
class Reject:
    """An entry that could not be turned into an item, kept with its reason."""

    source: str
    reason: str
    raw: str = ""


@dataclass(frozen=True, slots=True)
class StoredItem:
    """An item as stored, with its store id and its analysis where there is one."""

    id: int
    item: Item
    article: Article | None = None
    story: str | None = None


@dataclass(frozen=True, slots=True)
class AddResult:
    """What ``add_items`` did: ids of new items and how many were already there."""

    new_ids: tuple[int, ...]
    seen: int


def item_filters(
    mark: str, *, source: str | None, kind: str | None, after_id: int | None
) -> tuple[str, list[Any]]:
    """The WHERE clause and parameters of ``Store.items`` for a placeholder ``mark``.

    >>> item_filters("?", source="app", kind=None, after_id=3)
    ('WHERE s.key = ? AND i.id > ?', ['app', 3])
    """
    clauses: list[str] = []
    params: list[Any] = []
    for column, value in (("s.key =", source), ("i.kind =", kind), ("i.id >", after_id)):
        if value is not None:
            clauses.append(f"{column} {mark}")
            params.append(value)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


class Store(Protocol):
    """What every backend offers; the web, the CLI and batch speak only this."""

    def migrate(self) -> int: ...
    def close(self) -> None: ...

    # sources and fetch log
    def upsert_source(self, source: Source, kind: str = "feed") -> SourceRecord: ...
    def sources(self) -> list[SourceRecord]: ...
    def source(self, key: str) -> SourceRecord | None: ...
    def remove_source(self, key: str) -> bool: ...
    def update_poll_state(
        self,
        key: str,
        *,
        etag: str | None,
        last_modified: str | None,
        failures: int,
        next_poll: datetime | None,
    ) -> None: ...
    def record_fetch(self, fetch: FetchRecord) -> None: ...
    def fetches(self, source: str | None = None, limit: int = 50) -> list[FetchRecord]: ...
    def record_rejects(self, rejects: Sequence[Reject]) -> None: ...
    def rejects(self, source: str | None = None, limit: int = 50) -> list[Reject]: ...

    # items and articles
    def add_items(
        self, items: Sequence[Item], articles: Sequence[Article | None] | None = None
    ) -> AddResult: ...
    def save_articles(self, articles: Sequence[tuple[int, Article]]) -> None: ...
    def items(
        self,
        *,
        source: str | None = None,
        kind: str | None = None,
        limit: int = 100,
        after_id: int | None = None,
    ) -> list[StoredItem]: ...
    def item(self, item_id: int) -> StoredItem | None: ...
    def count_items(self) -> int: ...

    # stories
    def save_stories(self, stories: Sequence[Story]) -> None: ...
    def stories(self, *, limit: int = 50, since: datetime | None = None) -> list[Story]: ...
    def story(self, story_id: str) -> Story | None: ...

    # search (see akhbar.store.query for the grammar)
    def search(self, query: Any) -> Any: ...
