"""Search on PostgreSQL: the `simple` text search over the search key, like SQLite's.

Ranking is ``ts_rank`` with title words (weight A) counted four times body words
(weight D), the same ratio as BM25's column weights on SQLite; filters, cursors,
snippets and grouping by story behave as in ``akhbar.store.sqlite_search``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from akhbar.errors import QueryError, StoreError
from akhbar.store.query import (
    COUNT_CAP,
    RANK_WINDOW,
    ParsedQuery,
    SearchQuery,
    SearchResult,
    build_hits,
    encode_cursor,
    entity_filter_keys,
    to_tsquery,
    utc,
)

WEIGHTS = "{0.25, 0.25, 0.25, 1.0}"  # D, C, B, A: body 1, title 4


def _filters(query: SearchQuery) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    args: list[Any] = []
    if query.since is not None:
        where.append("d.published >= %s")
        args.append(utc(query.since))
    if query.until is not None:
        where.append("d.published <= %s")
        args.append(utc(query.until))
    if query.source:
        where.append("d.source = %s")
        args.append(query.source)
    if query.source_type:
        where.append("d.source_type = %s")
        args.append(query.source_type)
    if query.topic:
        where.append("d.topic = %s")
        args.append(query.topic)
    if query.story:
        where.append(
            "d.story = coalesce((SELECT story_id FROM story_aliases WHERE alias = %s), %s)"
        )
        args.extend([query.story, query.story])
    if query.entity:
        keys = entity_filter_keys(query.entity)
        if not keys:
            raise QueryError("the entity filter has no letters in it")
        where.append("d.item_id IN (SELECT item_id FROM search_entities WHERE entity = ANY(%s))")
        args.append(keys)
    return where, args


def _ranked_sql(
    parsed: ParsedQuery, query: SearchQuery
) -> tuple[str, str, list[Any], str, list[Any]]:
    """The candidates' SQL, their order and arguments, and the SQL counting all matches.

    With query text, ``ts_rank`` ranks the ``RANK_WINDOW`` newest matches (as on
    SQLite), so that a very common word does not rank a tenth of the archive.
    """
    where, args = _filters(query)
    if parsed.empty:
        base = "FROM search_docs d" + (" WHERE " + " AND ".join(where) if where else "")
        sql = f"SELECT d.item_id, 0.0::float8 AS score, d.story, d.published {base}"
        count = f"SELECT count(*) FROM (SELECT 1 {base} LIMIT {COUNT_CAP}) n"
        order = "published DESC NULLS LAST, item_id DESC"
        if query.group_by_story:  # group the newest only, not the whole archive
            sql += f" ORDER BY d.{order.replace(', ', ', d.')} LIMIT {RANK_WINDOW}"
        return _grouped(sql, order, query), order, args, count, list(args)
    tsquery = to_tsquery(parsed)
    base = "FROM search_docs d, to_tsquery('simple', %s) q WHERE " + " AND ".join(
        ["d.tsv @@ q", *where]
    )
    window = f"SELECT d.item_id {base} ORDER BY d.item_id DESC LIMIT {RANK_WINDOW}"
    sql = (
        f"SELECT d.item_id, ts_rank('{WEIGHTS}', d.tsv, q)::float8 AS score, d.story,"
        f" d.published FROM ({window}) c JOIN search_docs d ON d.item_id = c.item_id,"
        " to_tsquery('simple', %s) q"
    )
    order = "score DESC, item_id DESC"
    return (
        _grouped(sql, order, query),
        order,
        [tsquery, *args, tsquery],
        f"SELECT count(*) FROM (SELECT 1 {base} LIMIT {COUNT_CAP}) n",
        [tsquery, *args],
    )


def _grouped(sql: str, order: str, query: SearchQuery) -> str:
    if not query.group_by_story:
        return f"SELECT item_id, score, story, published, 0 AS others FROM ({sql}) m"
    sql = (
        "SELECT item_id, score, story, published, count(*) OVER grp - 1 AS others,"
        f" row_number() OVER (grp ORDER BY {order}) AS rn FROM ({sql}) m"
        " WINDOW grp AS (PARTITION BY coalesce(story, 'item:' || item_id))"
    )
    return f"SELECT item_id, score, story, published, others FROM ({sql}) g WHERE rn = 1"


def search(conn: Any, query: SearchQuery) -> SearchResult:
    """Run a search: ranked hits with snippets, the number of matches and a cursor."""
    import psycopg

    parsed = query.parsed()
    sql, order, args, count_sql, count_args = _ranked_sql(parsed, query)
    offset = query.offset
    try:
        with conn.cursor() as cur:
            window = "count(*) OVER ()" if query.group_by_story or not parsed.empty else "0"
            cur.execute(
                f"SELECT r.*, {window} FROM ({sql}) r ORDER BY {order} LIMIT %s OFFSET %s",
                [*args, query.limit, offset],
            )
            rows = cur.fetchall()
            if query.group_by_story:
                if rows:
                    total = int(rows[0][5])
                elif offset:
                    cur.execute(f"SELECT count(*) FROM ({sql}) g", args)
                    total = int(cur.fetchone()[0])
                else:
                    total = 0
                reachable = total
            elif not parsed.empty and rows and int(rows[0][5]) < RANK_WINDOW:
                reachable = total = int(rows[0][5])  # the window holds every match
            elif not parsed.empty and not rows and offset == 0:
                reachable = total = 0
            else:
                cur.execute(count_sql, count_args)
                total = int(cur.fetchone()[0])
                reachable = total if parsed.empty else min(total, RANK_WINDOW)
            hits = _hits(cur, rows, parsed)
    except psycopg.Error as exc:
        raise StoreError(f"search failed: {exc}") from exc
    more = offset + len(rows) < reachable
    return SearchResult(hits, total, encode_cursor(offset + len(rows)) if more else None)


def _hits(cur: Any, rows: Sequence[Sequence[Any]], parsed: ParsedQuery) -> tuple[Any, ...]:
    if not rows:
        return ()
    cur.execute(
        "SELECT i.id, i.title, i.text, i.url, i.published, s.key, a.topic"
        " FROM items i JOIN sources s ON s.id = i.source_id"
        " LEFT JOIN articles a ON a.item_id = i.id WHERE i.id = ANY(%s)",
        ([int(r[0]) for r in rows],),
    )
    found = {int(r[0]): r for r in cur.fetchall()}
    return build_hits(rows, found, parsed.atoms())


__all__ = ["search"]
