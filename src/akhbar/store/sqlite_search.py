"""Search on SQLite: FTS5 over the search key, BM25 with titles above bodies, filters.

The index (migration 0002) is kept by ``sync``: SQL triggers note each changed item in
``search_queue``; ``sync`` computes the search-key words in Python and writes them to
the contentless FTS5 table. ``search`` syncs first, so a search sees what was stored
(unless a writer holds the database just then: the search does not wait for it); a
writer may also call ``sync`` right after a batch to pay the cost there.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from akhbar.errors import QueryError, StoreError
from akhbar.store.query import (
    COUNT_CAP,
    RANK_WINDOW,
    Hit,
    ParsedQuery,
    SearchQuery,
    SearchResult,
    build_hits,
    encode_cursor,
    entity_filter_keys,
    entity_keys,
    index_text,
    to_fts5,
    utc,
)

TITLE_WEIGHT = 4.0
BODY_WEIGHT = 1.0
BOUND_SCAN = 30_000  # reports in a date range scanned for its ids' bounds, at most

_ITEMS_SQL = """
SELECT i.id, i.title, i.text, i.published, s.key, i.source_type, a.topic, a.analysis,
       (SELECT m.story_id FROM story_members m WHERE m.item_id = CAST(i.id AS TEXT)
        ORDER BY m.story_id LIMIT 1)
FROM items i JOIN sources s ON s.id = i.source_id LEFT JOIN articles a ON a.item_id = i.id
WHERE i.id IN (SELECT value FROM json_each(?))
"""


def _epoch(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return int(utc(datetime.fromisoformat(value)).timestamp())
    except ValueError:
        return None


def sync(conn: sqlite3.Connection, batch: int = 5_000) -> int:
    """Bring the index up to date with the queue; returns how many items were done.

    Each batch is one transaction (``BEGIN IMMEDIATE``, so that a writer in another
    process makes it wait rather than fail), or a savepoint inside the caller's.
    """
    done = 0
    while _pending(conn):
        outer = conn.in_transaction
        conn.execute("SAVEPOINT akhbar_search_sync" if outer else "BEGIN IMMEDIATE")
        try:
            queued = conn.execute(
                "SELECT item_id, reindex, old_title, old_body FROM search_queue "
                "ORDER BY item_id LIMIT ?",
                (batch,),
            ).fetchall()
            _sync_batch(conn, queued)
        except BaseException:
            if outer:
                conn.execute("ROLLBACK TO akhbar_search_sync")
                conn.execute("RELEASE akhbar_search_sync")
            elif conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("RELEASE akhbar_search_sync" if outer else "COMMIT")
        done += len(queued)
    return done


def _pending(conn: sqlite3.Connection) -> bool:
    """Whether the queue has work (False before migration 0002 has made it)."""
    try:
        return conn.execute("SELECT 1 FROM search_queue LIMIT 1").fetchone() is not None
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return False
        raise


def _sync_batch(conn: sqlite3.Connection, queued: Sequence[Sequence[Any]]) -> None:
    ids = json.dumps([int(q[0]) for q in queued])
    rows = {int(r[0]): tuple(r) for r in conn.execute(_ITEMS_SQL, (ids,))}
    indexed = {
        int(r[0])
        for r in conn.execute(
            "SELECT item_id FROM search_docs WHERE item_id IN (SELECT value FROM json_each(?))",
            (ids,),
        )
    }
    removals: list[tuple[int, str, str]] = []
    inserts: list[tuple[int, str, str]] = []
    docs: list[tuple[Any, ...]] = []
    gone: list[tuple[int]] = []
    entities: list[tuple[str, int]] = []
    for item_id, reindex, old_title, old_body in queued:
        row = rows.get(item_id)
        if reindex and item_id in indexed:
            if old_title is None and row is not None:
                old_title, old_body = row[1], row[2]
            removals.append((item_id, index_text(old_title or ""), index_text(old_body or "")))
        if row is None:
            gone.append((item_id,))
            continue
        _, title, body, published, source, source_type, topic, analysis, story = row
        if reindex or item_id not in indexed:
            inserts.append((item_id, index_text(title), index_text(body)))
        docs.append((item_id, _epoch(published), source, source_type, topic, story))
        if analysis:
            try:
                keys = entity_keys(json.loads(analysis))
            except (ValueError, TypeError) as exc:
                raise StoreError(f"stored analysis of item {item_id} is not JSON") from exc
            entities.extend((k, item_id) for k in keys)
    conn.executemany(
        "INSERT INTO search_fts (search_fts, rowid, title, body) VALUES ('delete', ?, ?, ?)",
        removals,
    )
    conn.executemany("INSERT INTO search_fts (rowid, title, body) VALUES (?, ?, ?)", inserts)
    conn.executemany("DELETE FROM search_docs WHERE item_id = ?", gone)
    conn.execute(
        "DELETE FROM search_entities WHERE item_id IN (SELECT value FROM json_each(?))", (ids,)
    )
    conn.executemany(
        "INSERT OR REPLACE INTO search_docs "
        "(item_id, published, source, source_type, topic, story) VALUES (?, ?, ?, ?, ?, ?)",
        docs,
    )
    conn.executemany(
        "INSERT OR IGNORE INTO search_entities (entity, item_id) VALUES (?, ?)", entities
    )
    conn.execute(
        "DELETE FROM search_queue WHERE item_id IN (SELECT value FROM json_each(?))", (ids,)
    )


def rebuild(conn: sqlite3.Connection) -> int:
    """Drop the whole index and queue every item again (after a text-layer change)."""
    outer = conn.in_transaction
    conn.execute("SAVEPOINT akhbar_search_rebuild" if outer else "BEGIN IMMEDIATE")
    conn.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")
    conn.execute("DELETE FROM search_docs")
    conn.execute("DELETE FROM search_entities")
    conn.execute("DELETE FROM search_queue")
    conn.execute("INSERT INTO search_queue (item_id, reindex) SELECT id, 1 FROM items")
    conn.execute("RELEASE akhbar_search_rebuild" if outer else "COMMIT")
    return sync(conn)


def _filters(query: SearchQuery) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    args: list[Any] = []
    if query.since is not None:
        where.append("d.published >= ?")
        args.append(int(utc(query.since).timestamp()))
    if query.until is not None:
        where.append("d.published <= ?")
        args.append(int(utc(query.until).timestamp()))
    if query.source:
        where.append("d.source = ?")
        args.append(query.source)
    if query.source_type:
        where.append("d.source_type = ?")
        args.append(query.source_type)
    if query.topic:
        where.append("d.topic = ?")
        args.append(query.topic)
    if query.story:
        where.append("d.story = coalesce((SELECT story_id FROM story_aliases WHERE alias = ?), ?)")
        args.extend([query.story, query.story])
    if query.entity:
        keys = entity_filter_keys(query.entity)
        if not keys:
            raise QueryError("the entity filter has no letters in it")
        marks = ", ".join("?" * len(keys))
        where.append(
            f"d.item_id IN (SELECT item_id FROM search_entities WHERE entity IN ({marks}))"
        )
        args.extend(keys)
    return where, args


def _rowid_bounds(conn: sqlite3.Connection, query: SearchQuery) -> tuple[int, int] | None:
    """The smallest and largest id of the reports in the query's date range, if few.

    FTS5 takes a rowid range as a constraint of its own, so with these bounds a narrow
    date range walks only the matches between them instead of every match of a common
    word (ids follow fetch order, so the reports of a year sit close together). The
    real date filter still applies; a wide range (over ``BOUND_SCAN`` reports) gets no
    bounds, as its filter passes enough matches for the newest-first walk to stop soon.
    """
    if query.since is None and query.until is None:
        return None
    where, args = [], []
    if query.since is not None:
        where.append("published >= ?")
        args.append(int(utc(query.since).timestamp()))
    if query.until is not None:
        where.append("published <= ?")
        args.append(int(utc(query.until).timestamp()))
    lo, hi, n = conn.execute(
        "SELECT min(item_id), max(item_id), count(*) FROM (SELECT item_id FROM search_docs "
        f"WHERE {' AND '.join(where)} LIMIT {BOUND_SCAN + 1})",
        args,
    ).fetchone()
    if n > BOUND_SCAN:
        return None
    return (1, 0) if n == 0 else (int(lo), int(hi))


def _ranked_sql(
    parsed: ParsedQuery, query: SearchQuery, bounds: tuple[int, int] | None = None
) -> tuple[str, str, list[Any], str]:
    """The candidates' SQL, their order, its arguments, and the SQL counting all matches.

    With query text, BM25 ranks the ``RANK_WINDOW`` newest matches (FTS5 walks its
    index newest first and stops there), so a word in every other report costs no more
    than a rare one; without text, reports come newest first. ``bounds`` (from
    ``_rowid_bounds``) narrow the walk to the ids a date range can hold.
    """
    where, args = _filters(query)
    if bounds is not None and not parsed.empty:
        where.append("search_fts.rowid BETWEEN ? AND ?")
        args.extend(bounds)
    if parsed.empty:
        base = "FROM search_docs d" + (" WHERE " + " AND ".join(where) if where else "")
        sql = (
            "SELECT d.item_id AS item_id, 0.0 AS score, d.story AS story, "
            f"d.published AS published {base}"
        )
        count = f"SELECT count(*) FROM (SELECT 1 {base} LIMIT {COUNT_CAP})"
        order = "published DESC, item_id DESC"
        if query.group_by_story:  # group the newest only, not the whole archive
            sql += f" ORDER BY d.published DESC, d.item_id DESC LIMIT {RANK_WINDOW}"
    else:
        # CROSS JOIN keeps the FTS5 table the outer loop: with a date or source filter
        # the planner would otherwise walk search_docs and run the MATCH once per row.
        base = (
            "FROM search_fts CROSS JOIN search_docs d ON d.item_id = search_fts.rowid "
            "WHERE " + " AND ".join(["search_fts MATCH ?", *where])
        )
        counted = base if where else "FROM search_fts WHERE search_fts MATCH ?"
        count = f"SELECT count(*) FROM (SELECT 1 {counted} LIMIT {COUNT_CAP})"
        sql = (
            f"SELECT d.item_id AS item_id, -bm25(search_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}) "
            f"AS score, d.story AS story, d.published AS published {base} "
            f"ORDER BY search_fts.rowid DESC LIMIT {RANK_WINDOW}"
        )
        args.insert(0, to_fts5(parsed))
        order = "score DESC, item_id DESC"
    if query.group_by_story:
        sql = (
            f"SELECT item_id, score, story, published, count(*) OVER grp - 1 AS others, "
            f"row_number() OVER (grp ORDER BY {order}) AS rn FROM ({sql}) "
            "WINDOW grp AS (PARTITION BY coalesce(story, 'item:' || item_id))"
        )
        sql = f"SELECT item_id, score, story, published, others FROM ({sql}) WHERE rn = 1"
    else:
        sql = f"SELECT item_id, score, story, published, 0 AS others FROM ({sql})"
    return sql, order, args, count


def search(conn: sqlite3.Connection, query: SearchQuery) -> SearchResult:
    """Run a search: ranked hits with snippets, the number of matches and a cursor.

    ``total`` counts the matches up to ``COUNT_CAP`` (with ``group_by_story``, the
    stories among the ranked matches); the cursor pages through what is ranked.
    """
    parsed = query.parsed()
    _catch_up(conn)
    offset = query.offset
    try:
        bounds = None if parsed.empty else _rowid_bounds(conn, query)
        sql, order, args, count_sql = _ranked_sql(parsed, query, bounds)
        window = "count(*) OVER ()" if query.group_by_story or not parsed.empty else "0"
        rows = conn.execute(
            f"SELECT *, {window} FROM ({sql}) ORDER BY {order} LIMIT ? OFFSET ?",
            [*args, query.limit, offset],
        ).fetchall()
        if query.group_by_story:
            reachable = total = int(rows[0][5]) if rows else _groups(conn, sql, args, offset)
        elif not parsed.empty and rows and int(rows[0][5]) < RANK_WINDOW:
            reachable = total = int(rows[0][5])  # the window holds every match
        elif not parsed.empty and not rows and offset == 0:
            reachable = total = 0
        else:
            total = int(conn.execute(count_sql, args).fetchone()[0])
            reachable = total if parsed.empty else min(total, RANK_WINDOW)
    except sqlite3.OperationalError as exc:
        raise StoreError(f"search failed: {exc}") from exc
    hits = _hits(conn, rows, parsed)
    more = offset + len(rows) < reachable
    return SearchResult(hits, total, encode_cursor(offset + len(rows)) if more else None)


def _groups(conn: sqlite3.Connection, sql: str, args: list[Any], offset: int) -> int:
    if offset == 0:
        return 0
    return int(conn.execute(f"SELECT count(*) FROM ({sql})", args).fetchone()[0])


def _catch_up(conn: sqlite3.Connection, wait_ms: int = 200) -> None:
    """Sync before a search, unless a writer holds the database: then search as is."""
    if not _pending(conn):
        return
    old = int(conn.execute("PRAGMA busy_timeout").fetchone()[0])
    conn.execute(f"PRAGMA busy_timeout = {min(old, wait_ms)}")
    try:
        sync(conn)
    except sqlite3.OperationalError as exc:
        if not any(word in str(exc) for word in ("locked", "busy", "readonly")):
            raise
    finally:
        conn.execute(f"PRAGMA busy_timeout = {old}")


def _hits(
    conn: sqlite3.Connection, rows: Sequence[Sequence[Any]], parsed: ParsedQuery
) -> tuple[Hit, ...]:
    if not rows:
        return ()
    found = {
        int(r[0]): tuple(r)
        for r in conn.execute(
            "SELECT i.id, i.title, i.text, i.url, i.published, s.key, a.topic "
            "FROM items i JOIN sources s ON s.id = i.source_id "
            "LEFT JOIN articles a ON a.item_id = i.id "
            "WHERE i.id IN (SELECT value FROM json_each(?))",
            (json.dumps([int(r[0]) for r in rows]),),
        )
    }
    return build_hits(rows, found, parsed.atoms())


__all__ = ["rebuild", "search", "sync"]
