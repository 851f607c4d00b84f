"""The PostgreSQL backend of the Store protocol (psycopg 3), for a shared server.

The schema mirrors the SQLite one (``migrations/postgres/*.sql``; the schema version is
how many have run, kept in ``akhbar_schema``). Every write method is one transaction.
The search index (``search_docs``) is written in the same transaction as the items it
indexes; search is ``akhbar.store.postgres_search``.

>>> store = PostgresStore("postgresql://akhbar@localhost/akhbar")  # doctest: +SKIP
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from akhbar.errors import StoreError, require
from akhbar.model import Article, Item, Member, Source, Story
from akhbar.store.base import (
    FETCH_LOG_KEEP,
    AddResult,
    FetchRecord,
    Reject,
    SourceRecord,
    StoredItem,
    item_filters,
)
from akhbar.store.codec import article_from_json, article_to_json
from akhbar.store.query import SearchQuery, SearchResult, entity_keys, index_text

_ITEM_COLUMNS = (
    "i.id, s.key AS source_key, i.uid, i.kind, i.title, i.text, i.url, i.guid, i.published,"
    " i.author, i.language, i.source_type, i.source_name, i.image, i.fetched"
)
_STORED_SELECT = (
    f"SELECT {_ITEM_COLUMNS}, a.analysis,"
    " (SELECT m.story_id FROM story_members m WHERE m.item_id = i.id::text"
    "  ORDER BY m.story_id LIMIT 1) AS story"
    " FROM items i JOIN sources s ON s.id = i.source_id LEFT JOIN articles a ON a.item_id = i.id"
)
_SOURCE_SELECT = (
    "SELECT s.id, s.key, s.name, s.type, s.url, s.language, s.kind, s.etag, s.last_modified,"
    " s.failures, s.next_poll, s.last_fetch, s.last_status,"
    " (SELECT count(*) FROM items i WHERE i.source_id = s.id) AS items FROM sources s"
)
_MIGRATE_LOCK = 0x616B6862  # "akhb": one migrating process at a time


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def migration_scripts() -> list[tuple[str, str]]:
    """The ``(name, sql)`` of each numbered PostgreSQL migration, in order."""
    from importlib import resources

    folder = resources.files("akhbar.store").joinpath("migrations", "postgres")
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".sql"))
    return [(n, folder.joinpath(n).read_text(encoding="utf-8")) for n in names]


class PostgresStore:
    """The Store protocol on a PostgreSQL database named by a libpq URL."""

    def __init__(self, url: str) -> None:
        require("psycopg", "postgres")
        import psycopg

        self.url = url
        self._lock = threading.RLock()
        try:
            self._conn = psycopg.connect(url, autocommit=True)
            self._conn.execute("SET TIME ZONE 'UTC'")
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to PostgreSQL: {exc}") from exc

    @property
    def connection(self) -> Any:
        """The underlying psycopg connection (for the search module and tests)."""
        return self._conn

    @contextmanager
    def _write(self) -> Iterator[Any]:
        """One transaction; any database error becomes a StoreError."""
        import psycopg

        with self._lock:
            try:
                with self._conn.transaction(), self._conn.cursor() as cur:
                    yield cur
            except psycopg.Error as exc:
                raise StoreError(f"PostgreSQL refused a write: {exc}") from exc

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        import psycopg

        with self._lock:
            try:
                with self._conn.cursor() as cur:
                    cur.execute(sql, params)
                    return list(cur.fetchall())
            except psycopg.Error as exc:
                raise StoreError(f"PostgreSQL query failed: {exc}") from exc

    # -- schema ---------------------------------------------------------------------

    def schema_version(self) -> int:
        """How many migrations have run (0 on an empty database)."""
        rows = self._read("SELECT to_regclass('akhbar_schema') IS NOT NULL")
        if not rows[0][0]:
            return 0
        return int(self._read("SELECT version FROM akhbar_schema")[0][0])

    def migrate(self) -> int:
        """Run the migrations not yet run, each in its own transaction; return the version."""
        for number, (name, sql) in enumerate(migration_scripts(), start=1):
            try:
                with self._write() as cur:
                    cur.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATE_LOCK,))
                    cur.execute(
                        "CREATE TABLE IF NOT EXISTS akhbar_schema (version INTEGER NOT NULL)"
                    )
                    cur.execute("SELECT version FROM akhbar_schema")
                    row = cur.fetchone()
                    if row is None:
                        cur.execute("INSERT INTO akhbar_schema (version) VALUES (0)")
                    elif int(row[0]) >= number:
                        continue
                    cur.execute(sql.encode())
                    cur.execute("UPDATE akhbar_schema SET version = %s", (number,))
            except StoreError as exc:
                raise StoreError(f"migration {name} failed: {exc}") from exc
        return self.schema_version()

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._conn.close()

    # -- sources --------------------------------------------------------------------

    @staticmethod
    def _source_id(cur: Any, key: str, type_: str = "other") -> int:
        cur.execute("SELECT id FROM sources WHERE key = %s", (key,))
        row = cur.fetchone()
        if row is not None:
            return int(row[0])
        cur.execute(
            "INSERT INTO sources (key, name, type, kind) VALUES (%s, %s, %s, 'file')"
            " ON CONFLICT (key) DO UPDATE SET key = excluded.key RETURNING id",
            (key, key, type_),
        )
        return int(cur.fetchone()[0])

    @staticmethod
    def _source_record(row: Sequence[Any]) -> SourceRecord:
        return SourceRecord(
            source=Source(key=row[1], name=row[2], type=row[3], url=row[4], language=row[5]),
            id=int(row[0]),
            kind=row[6],
            etag=row[7],
            last_modified=row[8],
            failures=int(row[9]),
            next_poll=row[10],
            last_fetch=row[11],
            last_status=row[12],
            items=int(row[13]),
        )

    def upsert_source(self, source: Source, kind: str = "feed") -> SourceRecord:
        """Add a source or update its name, type, URL, language and kind."""
        with self._write() as cur:
            cur.execute(
                "INSERT INTO sources (key, name, type, url, language, kind)"
                " VALUES (%s, %s, %s, %s, %s, %s)"
                " ON CONFLICT (key) DO UPDATE SET name = excluded.name, type = excluded.type,"
                " url = excluded.url, language = excluded.language, kind = excluded.kind",
                (source.key, source.name, source.type, source.url, source.language, kind),
            )
        record = self.source(source.key)
        if record is None:  # pragma: no cover - just written
            raise StoreError(f"source {source.key} vanished after writing")
        return record

    def sources(self) -> list[SourceRecord]:
        """Every source, in the order they were added."""
        return [self._source_record(r) for r in self._read(_SOURCE_SELECT + " ORDER BY s.id")]

    def source(self, key: str) -> SourceRecord | None:
        """The source with this key, if any."""
        rows = self._read(_SOURCE_SELECT + " WHERE s.key = %s", (key,))
        return self._source_record(rows[0]) if rows else None

    def remove_source(self, key: str) -> bool:
        """Remove a source with its items, fetch log, rejects and search entries."""
        with self._write() as cur:
            cur.execute("DELETE FROM sources WHERE key = %s", (key,))
            return bool(cur.rowcount > 0)

    def update_poll_state(
        self,
        key: str,
        *,
        etag: str | None,
        last_modified: str | None,
        failures: int,
        next_poll: datetime | None,
    ) -> None:
        """Remember validators, the failure count and when to poll next."""
        with self._write() as cur:
            cur.execute(
                "UPDATE sources SET etag = %s, last_modified = %s, failures = %s,"
                " next_poll = %s WHERE key = %s",
                (etag, last_modified, failures, _utc(next_poll), key),
            )

    def record_fetch(self, fetch: FetchRecord) -> None:
        """Log one fetch attempt and mark it on its source."""
        with self._write() as cur:
            sid = self._source_id(cur, fetch.source)
            at = _utc(fetch.at)
            cur.execute(
                "INSERT INTO fetches (source_id, at, status, error, new, seen)"
                " VALUES (%s, %s, %s, %s, %s, %s)",
                (sid, at, fetch.status, fetch.error, fetch.new, fetch.seen),
            )
            cur.execute(
                "UPDATE sources SET last_fetch = %s, last_status = %s WHERE id = %s",
                (at, fetch.status, sid),
            )
            cur.execute(
                "DELETE FROM fetches WHERE source_id = %s AND id <= (SELECT id FROM fetches"
                " WHERE source_id = %s ORDER BY id DESC LIMIT 1 OFFSET %s)",
                (sid, sid, FETCH_LOG_KEEP),
            )

    def fetches(self, source: str | None = None, limit: int = 50) -> list[FetchRecord]:
        """The latest fetch attempts, newest first."""
        where, params = ("WHERE s.key = %s", [source]) if source else ("", [])
        rows = self._read(
            "SELECT s.key, f.at, f.status, f.error, f.new, f.seen FROM fetches f"
            f" JOIN sources s ON s.id = f.source_id {where} ORDER BY f.id DESC LIMIT %s",
            [*params, limit],
        )
        return [
            FetchRecord(source=r[0], at=r[1], status=r[2], error=r[3], new=r[4], seen=r[5])
            for r in rows
        ]

    def record_rejects(self, rejects: Sequence[Reject]) -> None:
        """Keep entries that could not become items, with their reasons (a reject seen
        again only has its time updated)."""
        if not rejects:
            return
        with self._write() as cur:
            for r in rejects:
                sid = self._source_id(cur, r.source)
                raw = r.raw[:4000]
                cur.execute(
                    "UPDATE rejects SET at = clock_timestamp()"
                    " WHERE source_id = %s AND reason = %s AND raw = %s",
                    (sid, r.reason, raw),
                )
                if not cur.rowcount:
                    cur.execute(
                        "INSERT INTO rejects (source_id, at, reason, raw)"
                        " VALUES (%s, clock_timestamp(), %s, %s)",
                        (sid, r.reason, raw),
                    )

    def rejects(self, source: str | None = None, limit: int = 50) -> list[Reject]:
        """The latest rejects, newest first."""
        where, params = ("WHERE s.key = %s", [source]) if source else ("", [])
        rows = self._read(
            "SELECT s.key, r.reason, r.raw FROM rejects r JOIN sources s ON s.id = r.source_id"
            f" {where} ORDER BY r.at DESC, r.id DESC LIMIT %s",
            [*params, limit],
        )
        return [Reject(source=r[0], reason=r[1], raw=r[2]) for r in rows]

    # -- items and articles ---------------------------------------------------------

    def add_items(
        self, items: Sequence[Item], articles: Sequence[Article | None] | None = None
    ) -> AddResult:
        """Store new items (and their articles) in one transaction, indexed for search."""
        if articles is not None and len(articles) != len(items):
            raise StoreError("add_items: items and articles differ in length")
        new_ids: list[int] = []
        seen = 0
        if not items:
            return AddResult(new_ids=(), seen=0)
        with self._write() as cur:
            sids: dict[str, int] = {}
            for item in items:
                if item.source not in sids:
                    sids[item.source] = self._source_id(cur, item.source, item.source_type)
            # one pipelined round of inserts; each answers its id, or nothing if stored
            cur.executemany(
                "INSERT INTO items (source_id, uid, kind, title, text, url, guid, published,"
                " author, language, source_type, source_name, image, fetched)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s,"
                " coalesce(%s, now()))"
                " ON CONFLICT (source_id, uid) DO NOTHING RETURNING id",
                [
                    (
                        sids[item.source],
                        item.uid,
                        item.kind,
                        item.title,
                        item.text,
                        item.url,
                        item.guid,
                        _utc(item.published),
                        item.author,
                        item.language,
                        item.source_type,
                        item.source_name,
                        item.image,
                        _utc(item.fetched),
                    )
                    for item in items
                ],
                returning=True,
            )
            returned: list[int | None] = []
            while True:
                row = cur.fetchone()
                returned.append(None if row is None else int(row[0]))
                if not cur.nextset():
                    break
            docs: list[tuple[Any, ...]] = []
            stored: list[tuple[int, Article]] = []
            for n, (item, item_id) in enumerate(zip(items, returned, strict=True)):
                if item_id is None:
                    seen += 1
                    continue
                new_ids.append(item_id)
                docs.append(
                    (
                        item_id,
                        _utc(item.published),
                        item.source,
                        item.source_type,
                        index_text(item.title),
                        index_text(item.text),
                    )
                )
                article = articles[n] if articles is not None else None
                if article is not None:
                    stored.append((item_id, article))
            cur.executemany(
                "INSERT INTO search_docs (item_id, published, source, source_type, tsv)"
                " VALUES (%s, %s, %s, %s,"
                " setweight(to_tsvector('simple', %s), 'A') || to_tsvector('simple', %s))",
                docs,
            )
            self._put_articles(cur, stored)
        return AddResult(new_ids=tuple(new_ids), seen=seen)

    @staticmethod
    def _put_articles(cur: Any, articles: Sequence[tuple[int, Article]]) -> None:
        from psycopg.types.json import Jsonb

        for item_id, article in articles:
            analysis = article_to_json(article)
            topic = article.topic.label if article.topic else None
            cur.execute(
                "INSERT INTO articles (item_id, language, topic, analysis, updated)"
                " VALUES (%s, %s, %s, %s, now()) ON CONFLICT (item_id) DO UPDATE SET"
                " language = excluded.language, topic = excluded.topic,"
                " analysis = excluded.analysis, updated = excluded.updated",
                (
                    item_id,
                    article.language.code if article.language else None,
                    topic,
                    Jsonb(analysis),
                ),
            )
            cur.execute("UPDATE search_docs SET topic = %s WHERE item_id = %s", (topic, item_id))
            cur.execute("DELETE FROM search_entities WHERE item_id = %s", (item_id,))
            cur.executemany(
                "INSERT INTO search_entities (entity, item_id) VALUES (%s, %s)"
                " ON CONFLICT DO NOTHING",
                [(k, item_id) for k in sorted(entity_keys(analysis))],
            )

    def save_articles(self, articles: Sequence[tuple[int, Article]]) -> None:
        """Store (or replace) the analysis of stored items, in one transaction."""
        with self._write() as cur:
            self._put_articles(cur, articles)

    @staticmethod
    def _stored(row: Sequence[Any]) -> StoredItem:
        item = Item(
            source=row[1],
            uid=row[2],
            kind=row[3],
            title=row[4],
            text=row[5],
            url=row[6],
            guid=row[7],
            published=row[8],
            author=row[9],
            language=row[10],
            source_type=row[11],
            source_name=row[12],
            image=row[13],
            fetched=row[14],
        )
        article = article_from_json(row[15], item) if row[15] is not None else None
        return StoredItem(id=int(row[0]), item=item, article=article, story=row[16])

    def items(
        self,
        *,
        source: str | None = None,
        kind: str | None = None,
        limit: int = 100,
        after_id: int | None = None,
    ) -> list[StoredItem]:
        """Stored items in id order, filtered by source key and kind, after ``after_id``."""
        where, params = item_filters("%s", source=source, kind=kind, after_id=after_id)
        rows = self._read(f"{_STORED_SELECT} {where} ORDER BY i.id LIMIT %s", [*params, limit])
        return [self._stored(r) for r in rows]

    def item(self, item_id: int) -> StoredItem | None:
        """One stored item by id."""
        rows = self._read(f"{_STORED_SELECT} WHERE i.id = %s", (item_id,))
        return self._stored(rows[0]) if rows else None

    def count_items(self) -> int:
        """How many items are stored."""
        return int(self._read("SELECT count(*) FROM items")[0][0])

    # -- stories --------------------------------------------------------------------

    def save_stories(self, stories: Sequence[Story]) -> None:
        """Store stories with their members and aliases; merged-away stories become aliases."""
        with self._write() as cur:
            touched: set[str] = set()
            for story in stories:
                cur.execute(
                    "INSERT INTO stories (id, title, first_seen, last_seen, updated)"
                    " VALUES (%s, %s, %s, %s, now()) ON CONFLICT (id) DO UPDATE SET"
                    " title = excluded.title, first_seen = excluded.first_seen,"
                    " last_seen = excluded.last_seen, updated = excluded.updated",
                    (story.id, story.title, _utc(story.first_seen), _utc(story.last_seen)),
                )
                ids = [story.id, *story.aliases]
                cur.execute("SELECT item_id FROM story_members WHERE story_id = ANY(%s)", (ids,))
                touched.update(r[0] for r in cur.fetchall())
                cur.execute("DELETE FROM story_members WHERE story_id = %s", (story.id,))
                cur.executemany(
                    "INSERT INTO story_members (story_id, item_id, published, copy_of, grade,"
                    " position) VALUES (%s, %s, %s, %s, %s, %s)"
                    " ON CONFLICT (story_id, item_id) DO NOTHING",
                    [
                        (story.id, m.item_id, _utc(m.published), m.copy_of, m.grade, pos)
                        for pos, m in enumerate(story.members)
                    ],
                )
                touched.update(m.item_id for m in story.members)
                for alias in story.aliases:
                    if alias == story.id:
                        continue
                    cur.execute("DELETE FROM stories WHERE id = %s", (alias,))
                    cur.execute(
                        "INSERT INTO story_aliases (alias, story_id) VALUES (%s, %s)"
                        " ON CONFLICT (alias) DO UPDATE SET story_id = excluded.story_id",
                        (alias, story.id),
                    )
                    cur.execute(
                        "UPDATE story_aliases SET story_id = %s WHERE story_id = %s",
                        (story.id, alias),
                    )
            item_ids = sorted({int(t) for t in touched if t.isdigit() and len(t) < 19})
            cur.execute(
                "UPDATE search_docs d SET story = (SELECT min(m.story_id) FROM story_members m"
                " WHERE m.item_id = d.item_id::text) WHERE d.item_id = ANY(%s)",
                (item_ids,),
            )

    def _story(self, row: Sequence[Any]) -> Story:
        members = self._read(
            "SELECT item_id, published, copy_of, grade FROM story_members WHERE story_id = %s"
            " ORDER BY position, item_id",
            (row[0],),
        )
        aliases = self._read(
            "SELECT alias FROM story_aliases WHERE story_id = %s ORDER BY alias", (row[0],)
        )
        return Story(
            id=row[0],
            title=row[1],
            members=tuple(
                Member(item_id=m[0], published=m[1], copy_of=m[2], grade=m[3]) for m in members
            ),
            first_seen=row[2],
            last_seen=row[3],
            aliases=tuple(a[0] for a in aliases),
        )

    _STORY_SELECT = "SELECT id, title, first_seen, last_seen FROM stories"

    def stories(self, *, limit: int = 50, since: datetime | None = None) -> list[Story]:
        """Stories, most recently seen first, optionally only those seen since ``since``."""
        if since is not None:
            rows = self._read(
                f"{self._STORY_SELECT} WHERE last_seen >= %s"
                " ORDER BY last_seen DESC NULLS LAST, id LIMIT %s",
                (_utc(since), limit),
            )
        else:
            rows = self._read(
                f"{self._STORY_SELECT} ORDER BY last_seen DESC NULLS LAST, id LIMIT %s", (limit,)
            )
        return [self._story(r) for r in rows]

    def story(self, story_id: str) -> Story | None:
        """A story by its id or by one of its aliases."""
        rows = self._read(f"{self._STORY_SELECT} WHERE id = %s", (story_id,))
        if not rows:
            rows = self._read(
                "SELECT s.id, s.title, s.first_seen, s.last_seen FROM story_aliases a"
                " JOIN stories s ON s.id = a.story_id WHERE a.alias = %s",
                (story_id,),
            )
        return self._story(rows[0]) if rows else None

    # -- search ---------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResult:
        """Search through ``akhbar.store.postgres_search``."""
        from akhbar.store import postgres_search

        with self._lock:
            return postgres_search.search(self._conn, query)
