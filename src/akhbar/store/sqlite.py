"""The SQLite backend of the Store protocol: WAL mode, one transaction per write.

Writes take the write lock up front (``BEGIN IMMEDIATE``) and wait on ``busy_timeout``,
so two processes ingesting into one file queue up instead of failing with "database
is locked". Migrations are the numbered ``migrations/sqlite/*.sql`` files; the schema
version (``PRAGMA user_version``) is how many have run.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from akhbar.errors import StoreError
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
from akhbar.store.codec import article_from_json, article_to_json, time_from_text, time_to_text

BUSY_TIMEOUT_MS = 60_000
MMAP_BYTES = 4 << 30  # PRAGMA mmap_size: address space, not memory
CACHE_KIB = 65_536  # PRAGMA cache_size (KiB) of the page cache beside the mapping

_ITEM_COLUMNS = (
    "i.id, s.key AS source_key, i.uid, i.kind, i.title, i.text, i.url, i.guid, i.published,"
    " i.author, i.language, i.source_type, i.source_name, i.image, i.fetched"
)
_ITEM_FROM = "items i JOIN sources s ON s.id = i.source_id"


def migration_scripts(backend: str = "sqlite") -> list[tuple[str, str]]:
    """The ``(name, sql)`` of each numbered migration of ``backend``, in order."""
    folder = resources.files("akhbar.store").joinpath("migrations", backend)
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".sql"))
    return [(n, folder.joinpath(n).read_text(encoding="utf-8")) for n in names]


def split_statements(sql: str) -> list[str]:
    """Split a script into complete SQL statements (triggers with BEGIN…END kept whole)."""
    out: list[str] = []
    buf = ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip() and not all(
        ln.strip().startswith("--") or not ln.strip() for ln in buf.splitlines()
    ):
        raise StoreError(f"incomplete SQL statement at the end of a migration: {buf[:80]!r}")
    return out


def _now() -> str:
    return datetime.now(UTC).isoformat()


class SQLiteStore:
    """The Store protocol on one SQLite file (or ``:memory:``)."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        if self.path != ":memory:" and not self.path.startswith("file:"):
            Path(self.path).expanduser().parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        try:
            self._conn = sqlite3.connect(
                str(Path(self.path).expanduser()) if self.path != ":memory:" else self.path,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
            self._conn.row_factory = sqlite3.Row
            self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._conn.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                self._set_wal()
            self._conn.execute("PRAGMA synchronous = NORMAL")
            # reads (search above all) map the file rather than copy pages through a
            # 2 MB cache: at a million reports the index is several hundred MB
            self._conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
            self._conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open SQLite store {self.path}: {exc}") from exc

    def _set_wal(self) -> None:
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                self._conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    @property
    def connection(self) -> sqlite3.Connection:
        """The underlying connection (for the search module and tests)."""
        return self._conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction holding the write lock from its first statement."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise StoreError(f"cannot start a write on {self.path}: {exc}") from exc
            try:
                yield self._conn
                from akhbar.store import sqlite_search  # index what this write changed

                sqlite_search.sync(self._conn)
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise
            try:
                self._conn.execute("COMMIT")
            except sqlite3.Error as exc:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise StoreError(f"commit failed on {self.path}: {exc}") from exc

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise StoreError(f"query failed on {self.path}: {exc}") from exc

    # -- schema ---------------------------------------------------------------------

    def schema_version(self) -> int:
        """How many migrations have run."""
        return int(self._read("PRAGMA user_version")[0][0])

    def migrate(self) -> int:
        """Run the migrations not yet run, each in its own transaction; return the version."""
        scripts = migration_scripts("sqlite")
        for number, (name, sql) in enumerate(scripts, start=1):
            try:
                with self._write() as conn:
                    if int(conn.execute("PRAGMA user_version").fetchone()[0]) >= number:
                        continue
                    for statement in split_statements(sql):
                        conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {number}")
            except sqlite3.Error as exc:
                raise StoreError(f"migration {name} failed on {self.path}: {exc}") from exc
        return self.schema_version()

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._conn.close()

    # -- sources --------------------------------------------------------------------

    def _source_id(self, conn: sqlite3.Connection, key: str, type_: str = "other") -> int:
        row = conn.execute("SELECT id FROM sources WHERE key = ?", (key,)).fetchone()
        if row is not None:
            return int(row[0])
        cur = conn.execute(
            "INSERT INTO sources (key, name, type, kind, created) VALUES (?, ?, ?, 'file', ?)",
            (key, key, type_, _now()),
        )
        return int(cur.lastrowid or 0)

    @staticmethod
    def _source_record(row: sqlite3.Row) -> SourceRecord:
        return SourceRecord(
            source=Source(
                key=row["key"],
                name=row["name"],
                type=row["type"],
                url=row["url"],
                language=row["language"],
            ),
            id=int(row["id"]),
            kind=row["kind"],
            etag=row["etag"],
            last_modified=row["last_modified"],
            failures=int(row["failures"]),
            next_poll=time_from_text(row["next_poll"]),
            last_fetch=time_from_text(row["last_fetch"]),
            last_status=row["last_status"],
            items=int(row["items"]),
        )

    _SOURCE_SELECT = (
        "SELECT s.*, (SELECT count(*) FROM items i WHERE i.source_id = s.id) AS items"
        " FROM sources s"
    )

    def upsert_source(self, source: Source, kind: str = "feed") -> SourceRecord:
        """Add a source or update its name, type, URL, language and kind."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO sources (key, name, type, url, language, kind, created)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (key) DO UPDATE SET name = excluded.name, type = excluded.type,"
                " url = excluded.url, language = excluded.language, kind = excluded.kind",
                (source.key, source.name, source.type, source.url, source.language, kind, _now()),
            )
        record = self.source(source.key)
        if record is None:  # pragma: no cover - just written
            raise StoreError(f"source {source.key} vanished after writing")
        return record

    def sources(self) -> list[SourceRecord]:
        """Every source, in the order they were added."""
        return [self._source_record(r) for r in self._read(self._SOURCE_SELECT + " ORDER BY s.id")]

    def source(self, key: str) -> SourceRecord | None:
        """The source with this key, if any."""
        rows = self._read(self._SOURCE_SELECT + " WHERE s.key = ?", (key,))
        return self._source_record(rows[0]) if rows else None

    def remove_source(self, key: str) -> bool:
        """Remove a source with its items, fetch log and rejects."""
        with self._write() as conn:
            return conn.execute("DELETE FROM sources WHERE key = ?", (key,)).rowcount > 0

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
        with self._write() as conn:
            conn.execute(
                "UPDATE sources SET etag = ?, last_modified = ?, failures = ?, next_poll = ?"
                " WHERE key = ?",
                (etag, last_modified, failures, time_to_text(next_poll), key),
            )

    def record_fetch(self, fetch: FetchRecord) -> None:
        """Log one fetch attempt and mark it on its source."""
        with self._write() as conn:
            sid = self._source_id(conn, fetch.source)
            at = time_to_text(fetch.at)
            conn.execute(
                "INSERT INTO fetches (source_id, at, status, error, new, seen)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (sid, at, fetch.status, fetch.error, fetch.new, fetch.seen),
            )
            conn.execute(
                "UPDATE sources SET last_fetch = ?, last_status = ? WHERE id = ?",
                (at, fetch.status, sid),
            )
            conn.execute(
                "DELETE FROM fetches WHERE source_id = ? AND id <= (SELECT id FROM fetches"
                " WHERE source_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)",
                (sid, sid, FETCH_LOG_KEEP),
            )

    def fetches(self, source: str | None = None, limit: int = 50) -> list[FetchRecord]:
        """The latest fetch attempts, newest first."""
        where, params = ("WHERE s.key = ?", [source]) if source else ("", [])
        rows = self._read(
            "SELECT s.key, f.at, f.status, f.error, f.new, f.seen FROM fetches f"
            f" JOIN sources s ON s.id = f.source_id {where} ORDER BY f.id DESC LIMIT ?",
            [*params, limit],
        )
        return [
            FetchRecord(
                source=r[0],
                at=time_from_text(r[1]) or datetime.now(UTC),
                status=r[2],
                error=r[3],
                new=int(r[4]),
                seen=int(r[5]),
            )
            for r in rows
        ]

    def record_rejects(self, rejects: Sequence[Reject]) -> None:
        """Keep entries that could not become items, with their reasons (a reject seen
        again only has its time updated)."""
        if not rejects:
            return
        with self._write() as conn:
            at = _now()
            for r in rejects:
                sid = self._source_id(conn, r.source)
                raw = r.raw[:4000]
                updated = conn.execute(
                    "UPDATE rejects SET at = ? WHERE source_id = ? AND reason = ? AND raw = ?",
                    (at, sid, r.reason, raw),
                ).rowcount
                if not updated:
                    conn.execute(
                        "INSERT INTO rejects (source_id, at, reason, raw) VALUES (?, ?, ?, ?)",
                        (sid, at, r.reason, raw),
                    )

    def rejects(self, source: str | None = None, limit: int = 50) -> list[Reject]:
        """The latest rejects, newest first."""
        where, params = ("WHERE s.key = ?", [source]) if source else ("", [])
        rows = self._read(
            "SELECT s.key, r.reason, r.raw FROM rejects r JOIN sources s ON s.id = r.source_id"
            f" {where} ORDER BY r.at DESC, r.id DESC LIMIT ?",
            [*params, limit],
        )
        return [Reject(source=r[0], reason=r[1], raw=r[2]) for r in rows]

    # -- items and articles ---------------------------------------------------------

    def add_items(
        self, items: Sequence[Item], articles: Sequence[Article | None] | None = None
    ) -> AddResult:
        """Store new items (and their articles) in one transaction; skip ones already there."""
        if articles is not None and len(articles) != len(items):
            raise StoreError("add_items: items and articles differ in length")
        new_ids: list[int] = []
        seen = 0
        with self._write() as conn:
            sids: dict[str, int] = {}
            now = _now()
            for n, item in enumerate(items):
                sid = sids.get(item.source)
                if sid is None:
                    sid = sids[item.source] = self._source_id(conn, item.source, item.source_type)
                row = conn.execute(
                    "INSERT INTO items (source_id, uid, kind, title, text, url, guid, published,"
                    " author, language, source_type, source_name, image, fetched)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (source_id, uid) DO NOTHING RETURNING id",
                    (
                        sid,
                        item.uid,
                        item.kind,
                        item.title,
                        item.text,
                        item.url,
                        item.guid,
                        time_to_text(item.published),
                        item.author,
                        item.language,
                        item.source_type,
                        item.source_name,
                        item.image,
                        time_to_text(item.fetched) or now,
                    ),
                ).fetchone()
                if row is None:
                    seen += 1
                    continue
                new_ids.append(int(row[0]))
                article = articles[n] if articles is not None else None
                if article is not None:
                    self._put_article(conn, int(row[0]), article, now)
        return AddResult(new_ids=tuple(new_ids), seen=seen)

    @staticmethod
    def _put_article(conn: sqlite3.Connection, item_id: int, article: Article, now: str) -> None:
        conn.execute(
            "INSERT INTO articles (item_id, language, topic, analysis, updated)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (item_id) DO UPDATE SET"
            " language = excluded.language, topic = excluded.topic,"
            " analysis = excluded.analysis, updated = excluded.updated",
            (
                item_id,
                article.language.code if article.language else None,
                article.topic.label if article.topic else None,
                json.dumps(article_to_json(article), ensure_ascii=False, separators=(",", ":")),
                now,
            ),
        )

    def save_articles(self, articles: Sequence[tuple[int, Article]]) -> None:
        """Store (or replace) the analysis of stored items, in one transaction."""
        with self._write() as conn:
            now = _now()
            for item_id, article in articles:
                self._put_article(conn, item_id, article, now)

    @staticmethod
    def _item(row: sqlite3.Row) -> Item:
        return Item(
            source=row["source_key"],
            uid=row["uid"],
            kind=row["kind"],
            title=row["title"],
            text=row["text"],
            url=row["url"],
            guid=row["guid"],
            published=time_from_text(row["published"]),
            author=row["author"],
            language=row["language"],
            source_type=row["source_type"],
            source_name=row["source_name"],
            image=row["image"],
            fetched=time_from_text(row["fetched"]),
        )

    def _stored(self, row: sqlite3.Row) -> StoredItem:
        item = self._item(row)
        analysis = row["analysis"]
        article = article_from_json(json.loads(analysis), item) if analysis else None
        return StoredItem(id=int(row["id"]), item=item, article=article, story=row["story"])

    _STORED_SELECT = (
        f"SELECT {_ITEM_COLUMNS}, a.analysis,"
        " (SELECT m.story_id FROM story_members m WHERE m.item_id = CAST(i.id AS TEXT)"
        "  LIMIT 1) AS story"
        f" FROM {_ITEM_FROM} LEFT JOIN articles a ON a.item_id = i.id"
    )

    def items(
        self,
        *,
        source: str | None = None,
        kind: str | None = None,
        limit: int = 100,
        after_id: int | None = None,
    ) -> list[StoredItem]:
        """Stored items in id order, filtered by source key and kind, after ``after_id``."""
        where, params = item_filters("?", source=source, kind=kind, after_id=after_id)
        rows = self._read(f"{self._STORED_SELECT} {where} ORDER BY i.id LIMIT ?", [*params, limit])
        return [self._stored(r) for r in rows]

    def item(self, item_id: int) -> StoredItem | None:
        """One stored item by id."""
        rows = self._read(f"{self._STORED_SELECT} WHERE i.id = ?", (item_id,))
        return self._stored(rows[0]) if rows else None

    def count_items(self) -> int:
        """How many items are stored."""
        return int(self._read("SELECT count(*) FROM items")[0][0])

    # -- stories --------------------------------------------------------------------

    def save_stories(self, stories: Sequence[Story]) -> None:
        """Store stories with their members and aliases; merged-away stories become aliases."""
        with self._write() as conn:
            now = _now()
            for story in stories:
                conn.execute(
                    "INSERT INTO stories (id, title, first_seen, last_seen, updated)"
                    " VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                    " title = excluded.title, first_seen = excluded.first_seen,"
                    " last_seen = excluded.last_seen, updated = excluded.updated",
                    (
                        story.id,
                        story.title,
                        time_to_text(story.first_seen),
                        time_to_text(story.last_seen),
                        now,
                    ),
                )
                conn.execute("DELETE FROM story_members WHERE story_id = ?", (story.id,))
                conn.executemany(
                    "INSERT INTO story_members (story_id, item_id, published, copy_of, grade,"
                    " position) VALUES (?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (story_id, item_id) DO NOTHING",
                    [
                        (
                            story.id,
                            m.item_id,
                            time_to_text(m.published),
                            m.copy_of,
                            m.grade,
                            pos,
                        )
                        for pos, m in enumerate(story.members)
                    ],
                )
                for alias in story.aliases:
                    if alias == story.id:
                        continue
                    conn.execute("DELETE FROM stories WHERE id = ?", (alias,))
                    conn.execute(
                        "INSERT INTO story_aliases (alias, story_id) VALUES (?, ?)"
                        " ON CONFLICT (alias) DO UPDATE SET story_id = excluded.story_id",
                        (alias, story.id),
                    )
                    conn.execute(
                        "UPDATE story_aliases SET story_id = ? WHERE story_id = ?",
                        (story.id, alias),
                    )

    def _story(self, row: sqlite3.Row) -> Story:
        members = self._read(
            "SELECT item_id, published, copy_of, grade FROM story_members WHERE story_id = ?"
            " ORDER BY position, item_id",
            (row["id"],),
        )
        aliases = self._read(
            "SELECT alias FROM story_aliases WHERE story_id = ? ORDER BY alias", (row["id"],)
        )
        return Story(
            id=row["id"],
            title=row["title"],
            members=tuple(
                Member(
                    item_id=m[0],
                    published=time_from_text(m[1]),
                    copy_of=m[2],
                    grade=m[3],
                )
                for m in members
            ),
            first_seen=time_from_text(row["first_seen"]),
            last_seen=time_from_text(row["last_seen"]),
            aliases=tuple(a[0] for a in aliases),
        )

    def stories(self, *, limit: int = 50, since: datetime | None = None) -> list[Story]:
        """Stories, most recently seen first, optionally only those seen since ``since``."""
        if since is not None:
            rows = self._read(
                "SELECT * FROM stories WHERE last_seen >= ? ORDER BY last_seen DESC, id LIMIT ?",
                (time_to_text(since), limit),
            )
        else:
            rows = self._read("SELECT * FROM stories ORDER BY last_seen DESC, id LIMIT ?", (limit,))
        return [self._story(r) for r in rows]

    def story(self, story_id: str) -> Story | None:
        """A story by its id or by one of its aliases."""
        rows = self._read("SELECT * FROM stories WHERE id = ?", (story_id,))
        if not rows:
            rows = self._read(
                "SELECT s.* FROM story_aliases a JOIN stories s ON s.id = a.story_id"
                " WHERE a.alias = ?",
                (story_id,),
            )
        return self._story(rows[0]) if rows else None

    # -- search ---------------------------------------------------------------------

    def search(self, query: Any) -> Any:
        """Search through ``akhbar.store.sqlite_search``."""
        from akhbar.store import sqlite_search

        with self._lock:
            return sqlite_search.search(self._conn, query)
