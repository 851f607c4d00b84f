"""Search benchmark: akhbar's Urdu-aware search next to a plain FTS5 index of the raw text.

Builds a store of N reports from the Express headlines and ledes in
``../shared/data/topics/`` (replicated with dates shifted by six years a copy), then:

- ingest-and-index rate and index size per 1,000 reports, SQLite and PostgreSQL;
- 1,000 real queries (single words, two-word phrases, entity names; a third with a
  date or source filter): p50/p95 latency of akhbar's search on SQLite and on
  PostgreSQL, next to a plain FTS5 ``unicode61`` index over the raw text (ratio);
- how many matching reports the raw index misses because of letter variants, for the
  queries typed in Urdu letters and typed with an Arabic keyboard (ي ك ه);
- an API load test on loopback: ``akhbar serve`` in its own process, C concurrent
  clients for S seconds of mixed search/article/story reads: req/s, p50/p99, errors.

Usage: ``python bench/bench_search.py [--n 200000] [--queries 1000] [--seconds 20]
[--clients 50] [--workers 2] [--no-postgres] [--no-load]``; N also from ``AKHBAR_BENCH_N``. The
default N is 200,000 so that the run takes a few minutes on two busy cores; the
issue's target is 1,000,000 (``--n 1000000``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import itertools
import os
import pwd
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
CSV = DATA / "topics" / "express-headlines-2012-2017.csv"
PG_BIN = Path(os.environ.get("AKHBAR_PG_BIN", "/usr/lib/postgresql/15/bin"))
CATEGORIES = {"sports", "world", "entertainment", "business", "weird news", "science", "health"}
SHIFT = timedelta(days=6 * 365)
ENTITIES = [
    "پاکستان", "بھارت", "امریکہ", "چین", "ایران", "افغانستان", "سعودی عرب", "عمران خان",
    "نواز شریف", "شاہد آفریدی", "مصباح الحق", "کراچی", "لاہور", "اسلام آباد", "پشاور",
    "کوئٹہ", "ڈونلڈ ٹرمپ", "اوباما", "نریندر مودی", "شاہ رخ خان", "سلمان خان", "آئی سی سی",
    "فیفا", "اقوام متحدہ", "سپریم کورٹ", "آرمی چیف", "ویرات کوہلی", "سرفراز احمد",
    "محمد عامر", "اسٹیٹ بینک",
]  # fmt: skip
ARABIC_KEYBOARD = str.maketrans({"ی": "ي", "ک": "ك", "ہ": "ه"})


@dataclass(frozen=True, slots=True)
class Row:
    category: str
    published: datetime
    title: str
    lede: str


@dataclass(frozen=True, slots=True)
class Q:
    text: str
    since: datetime | None = None
    until: datetime | None = None
    source: str | None = None


def load_rows() -> list[Row]:
    rows = []
    with CSV.open(encoding="utf-8", newline="") as f:
        for rec in csv.DictReader(f):
            if rec.get("category") not in CATEGORIES or not rec.get("title"):
                continue
            try:
                when = datetime.strptime(rec["date"], "%Y-%m-%dT%H:%M:%S GMT").replace(tzinfo=UTC)
            except (ValueError, TypeError):
                continue
            rows.append(Row(rec["category"], when, rec["title"], rec.get("lede") or ""))
    return rows


def items(rows: list[Row], n: int, start: int = 0) -> Iterator[Any]:
    from akhbar.model import Item

    for i in range(start, n):
        row = rows[i % len(rows)]
        copy = i // len(rows)
        yield Item(
            source="express-" + row.category.replace(" ", "-"),
            uid=f"{copy}-{i % len(rows)}",
            title=row.title,
            text=row.lede,
            published=row.published + copy * SHIFT,
            source_type="newspaper",
            fetched=row.published,
        )


def batches(rows: list[Row], n: int, size: int) -> Iterator[list[Any]]:
    for start in range(0, n, size):
        yield list(items(rows, min(n, start + size), start))


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else 0.0


# --- queries -------------------------------------------------------------------------


def make_queries(rows: list[Row], count: int, n: int, seed: int = 7) -> list[Q]:
    from akhbar.store.query import key_words

    rng = random.Random(seed)
    sample = rng.sample(rows, min(len(rows), 20_000))
    df: dict[str, int] = {}
    titles = []
    for row in sample:
        words = [w for w in row.title.split() if key_words(w) == [w]]
        titles.append(words)
        for w in set(words):
            df[w] = df.get(w, 0) + 1
    vocab = sorted(w for w, c in df.items() if c >= 3 and len(w) >= 3)
    pairs = [(a, b) for t in titles for a, b in itertools.pairwise(t) if len(a) > 1]
    copies = max(1, -(-n // len(rows)))
    first = min(r.published for r in rows)
    out: list[Q] = []
    kinds = ["word"] * 40 + ["phrase"] * 30 + ["entity"] * 30
    for i in range(count):
        kind = kinds[i % len(kinds)]
        if kind == "word":
            text = rng.choice(vocab)
        elif kind == "phrase":
            text = '"{} {}"'.format(*rng.choice(pairs))
        else:
            name = ENTITIES[i % len(ENTITIES)]
            text = f'"{name}"' if " " in name else name
        q = Q(text)
        if i % 3 == 1:
            start = first + rng.randrange(copies * 6) * timedelta(days=365)
            q = Q(text, since=start, until=start + timedelta(days=365))
        elif i % 3 == 2:
            q = Q(text, source="express-" + rng.choice(sorted(CATEGORIES)).replace(" ", "-"))
        out.append(q)
    return out


def raw_match(text: str) -> str:
    """The query as a plain FTS5 user would write it: quoted words or phrases, ANDed."""
    parts = []
    for chunk in text.split('"'):
        if not chunk.strip():
            continue
        if " " in chunk.strip():
            parts.append('"' + chunk.strip().replace('"', "") + '"')
        else:
            parts.extend('"' + w + '"' for w in chunk.split())
    return " AND ".join(parts)


# --- SQLite ---------------------------------------------------------------------------


def build_sqlite(path: Path, rows: list[Row], n: int) -> dict[str, float]:
    from akhbar.store import open_store, sqlite_search

    store = open_store(path)
    conn = store.connection  # type: ignore[attr-defined]
    add = index = 0.0
    for batch in batches(rows, n, 10_000):
        t = time.perf_counter()
        store.add_items(batch)
        add += time.perf_counter() - t
        t = time.perf_counter()
        sqlite_search.sync(conn)  # a no-op when add_items indexed already
        index += time.perf_counter() - t
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = _dbstat(conn, "search_%")
    store.close()
    return {"add": add, "index": index, "size": size}


def _dbstat(conn: sqlite3.Connection, like: str) -> float:
    row = conn.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE ?", (like,)).fetchone()
    return float(row[0] or 0)


def build_raw(path: Path, rows: list[Row], n: int) -> dict[str, float]:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE VIRTUAL TABLE raw_fts USING fts5(title, body, content='')")
    conn.execute("CREATE TABLE raw_docs (id INTEGER PRIMARY KEY, published INTEGER, source TEXT)")
    conn.execute("CREATE INDEX raw_docs_published ON raw_docs (published)")
    conn.execute("CREATE INDEX raw_docs_source ON raw_docs (source, published)")
    t = time.perf_counter()
    for start, batch in enumerate(batches(rows, n, 10_000)):
        base = start * 10_000 + 1
        with conn:
            conn.executemany(
                "INSERT INTO raw_fts (rowid, title, body) VALUES (?, ?, ?)",
                [(base + k, it.title, it.text) for k, it in enumerate(batch)],
            )
            conn.executemany(
                "INSERT INTO raw_docs VALUES (?, ?, ?)",
                [
                    (base + k, int(it.published.timestamp()), it.source)
                    for k, it in enumerate(batch)
                ],
            )
    elapsed = time.perf_counter() - t
    size = _dbstat(conn, "raw_%")
    conn.close()
    return {"index": elapsed, "size": size}


def raw_search(conn: sqlite3.Connection, q: Q, text: str | None = None) -> int:
    where = ["raw_fts MATCH ?"]
    args: list[Any] = [raw_match(text if text is not None else q.text)]
    if q.since:
        where.append("d.published >= ?")
        args.append(int(q.since.timestamp()))
    if q.until:
        where.append("d.published <= ?")
        args.append(int(q.until.timestamp()))
    if q.source:
        where.append("d.source = ?")
        args.append(q.source)
    rows = conn.execute(
        "SELECT id, score, count(*) OVER () FROM (SELECT raw_fts.rowid AS id,"
        " -bm25(raw_fts, 4.0, 1.0) AS score FROM raw_fts CROSS JOIN raw_docs d"
        " ON d.id = raw_fts.rowid WHERE " + " AND ".join(where) + ")"
        " ORDER BY score DESC, id DESC LIMIT 20",
        args,
    ).fetchall()
    return int(rows[0][2]) if rows else 0


def time_queries(search: Any, queries: list[Q]) -> tuple[list[float], list[int]]:
    times, totals = [], []
    for q in queries:
        t = time.perf_counter()
        totals.append(search(q))
        times.append((time.perf_counter() - t) * 1000)
    return times, totals


def akhbar_search(store: Any) -> Any:
    from akhbar.store.query import SearchQuery

    def run(q: Q, text: str | None = None) -> int:
        result = store.search(
            SearchQuery(
                text=q.text if text is None else text,
                since=q.since,
                until=q.until,
                source=q.source,
                limit=20,
            )
        )
        return int(result.total)

    return run


# --- PostgreSQL ------------------------------------------------------------------------


@contextlib.contextmanager
def pg_server() -> Iterator[str]:
    """A throwaway PostgreSQL server (as `postgres` when root); yields a libpq URL."""
    root = Path(tempfile.mkdtemp(prefix="akhbar-bench-pg-"))
    wrap: list[str] = []
    if os.geteuid() == 0:
        pw = pwd.getpwnam("postgres")
        os.chown(root, pw.pw_uid, pw.pw_gid)
        wrap = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = root / "data"
    subprocess.run(
        [*wrap, str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
         "-E", "UTF8", "--locale=C", "--no-sync"],
        check=True, capture_output=True,
    )  # fmt: skip
    opts = (
        f"-k {root} -p {port} -c listen_addresses='' -c fsync=off -c synchronous_commit=off"
        " -c full_page_writes=off -c shared_buffers=256MB -c work_mem=32MB"
    )
    subprocess.run(
        [*wrap, str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(root / "log"),
         "-w", "start"],
        check=True, capture_output=True,
    )  # fmt: skip
    try:
        yield f"postgresql://postgres@/postgres?host={root}&port={port}"
    finally:
        subprocess.run(
            [*wrap, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


def build_postgres(url: str, rows: list[Row], n: int) -> tuple[Any, dict[str, float]]:
    from akhbar.store.postgres import PostgresStore

    store = PostgresStore(url)
    store.migrate()
    t = time.perf_counter()
    for batch in batches(rows, n, 5_000):
        store.add_items(batch)
    elapsed = time.perf_counter() - t
    store.connection.execute("VACUUM ANALYZE search_docs")
    size = store.connection.execute(
        "SELECT pg_total_relation_size('search_docs') + pg_total_relation_size('search_entities')"
    ).fetchone()[0]
    return store, {"add": elapsed, "size": float(size)}


# --- API load --------------------------------------------------------------------------


def add_stories(path: Path, n: int) -> list[str]:
    from akhbar.model import Member, Story
    from akhbar.store import open_store

    store = open_store(path)
    stories = [
        Story(
            f"story-{k}",
            f"کہانی {k}",
            members=tuple(Member(str(k * 5 + j + 1)) for j in range(5)),
            first_seen=datetime(2017, 1, 1, tzinfo=UTC),
            last_seen=datetime(2017, 1, 1, tzinfo=UTC) + timedelta(minutes=k),
        )
        for k in range(min(2_000, n // 5))
    ]
    store.save_stories(stories)
    from akhbar.store import sqlite_search

    sqlite_search.sync(store.connection)  # type: ignore[attr-defined]
    store.close()
    return [s.id for s in stories]


def load_test(
    path: Path,
    n: int,
    queries: list[Q],
    story_ids: list[str],
    seconds: float,
    clients: int,
    workers: int,
) -> dict[str, float]:
    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "akhbar",
            "serve",
            "--db",
            str(path),
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{base}/api/stories?limit=1", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("akhbar serve did not start")
            time.sleep(0.2)
        return asyncio.run(_hammer(base, n, queries, story_ids, seconds, clients))
    finally:
        server.terminate()
        server.wait(timeout=30)


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, target: str) -> int:
    """One keep-alive HTTP/1.1 GET on an open connection; returns the status code.

    A bare client, so that the load generator's own CPU (it shares the two cores with
    the server) stays small next to the server's.
    """
    writer.write(f"GET {target} HTTP/1.1\r\nHost: bench\r\n\r\n".encode())
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    if length:
        await reader.readexactly(length)
    return status


async def _hammer(
    base: str, n: int, queries: list[Q], story_ids: list[str], seconds: float, clients: int
) -> dict[str, float]:
    from urllib.parse import urlencode, urlsplit

    host, port = urlsplit(base).hostname or "127.0.0.1", urlsplit(base).port or 80
    rng = random.Random(11)
    latencies: list[float] = []
    errors = 0
    stop = time.monotonic() + seconds

    def pick() -> str:
        r = rng.random()
        if r < 0.4:
            q = rng.choice(queries)
            params: dict[str, Any] = {"q": q.text}
            if q.source:
                params["source"] = q.source
            return "/api/search?" + urlencode(params)
        if r < 0.7:
            return f"/api/articles/{rng.randint(1, n)}"
        if r < 0.85 and story_ids:
            return f"/api/stories/{rng.choice(story_ids)}"
        return "/api/stories?limit=20"

    async def worker() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while time.monotonic() < stop:
                target = pick()
                t = time.perf_counter()
                try:
                    if await _get(reader, writer, target) != 200:
                        errors += 1
                except (OSError, asyncio.IncompleteReadError, ValueError):
                    errors += 1
                    writer.close()
                    reader, writer = await asyncio.open_connection(host, port)
                latencies.append((time.perf_counter() - t) * 1000)
        finally:
            writer.close()

    started = time.monotonic()
    await asyncio.gather(*(worker() for _ in range(clients)))
    elapsed = time.monotonic() - started
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": pct(latencies, 50),
        "p99": pct(latencies, 99),
        "errors": errors,
    }


# --- main ------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=int(os.environ.get("AKHBAR_BENCH_N", 200_000)))
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers in the load test")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-load", action="store_true")
    args = parser.parse_args()
    if not CSV.exists():
        print(f"skipped: ../shared/data not found ({CSV})")
        return 0
    rows = load_rows()
    n = args.n
    print(f"search benchmark: {n:,} reports from {len(rows):,} Express headlines+ledes")
    queries = make_queries(rows, args.queries, n)
    work = Path(tempfile.mkdtemp(prefix="akhbar-bench-search-"))
    try:
        return _run(args, rows, n, queries, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(args: Any, rows: list[Row], n: int, queries: list[Q], work: Path) -> int:
    from akhbar.store import open_store

    db, raw_db = work / "akhbar.db", work / "raw.db"
    built = build_sqlite(db, rows, n)
    raw = build_raw(raw_db, rows, n)
    print("\ningest and index (reports/s) · index size per 1,000 reports")
    rate = n / (built["add"] + built["index"])
    print(
        f"  akhbar SQLite   {rate:9,.0f}/s  (add_items + index){'':20}{built['size'] / n:8.1f} KB"
    )
    print(f"  raw FTS5        {n / raw['index']:9,.0f}/s  (index only)"
          f"{'':27}{raw['size'] / n:8.1f} KB")  # fmt: skip

    store = open_store(db)
    raw_conn = sqlite3.connect(raw_db)
    ours = akhbar_search(store)
    # warm both once, then time
    time_queries(ours, queries[:50])
    time_queries(lambda q: raw_search(raw_conn, q), queries[:50])
    t_ours, n_ours = time_queries(ours, queries)
    t_raw, _ = time_queries(lambda q: raw_search(raw_conn, q), queries)
    results = [("akhbar SQLite", t_ours)]
    pg_rows: list[tuple[str, list[float]]] = []
    if not args.no_postgres and (PG_BIN / "initdb").exists():
        with pg_server() as url:
            pg_store, pg = build_postgres(url, rows, n)
            print(f"  akhbar Postgres {n / pg['add']:9,.0f}/s{'':39}{pg['size'] / n:8.1f} KB")
            pg_search = akhbar_search(pg_store)
            time_queries(pg_search, queries[:50])
            t_pg, n_pg = time_queries(pg_search, queries)
            pg_store.close()
            pg_rows.append(("akhbar Postgres", t_pg))
            same = sum(1 for a, b in zip(n_ours, n_pg, strict=True) if a == b)
            print(f"  (SQLite and PostgreSQL agree on the match count for {same}/{len(n_pg)})")
    elif not args.no_postgres:
        print(f"  PostgreSQL: skipped, no server binaries in {PG_BIN}")
    results.extend(pg_rows)
    results.append(("raw FTS5", t_raw))
    print(f"\n{len(queries)} queries (40% words, 30% phrases, 30% entities; 1/3 filtered), ms")
    print(f"  {'':16}{'p50':>8}{'p95':>8}{'mean':>8}")
    for name, times in results:
        print(f"  {name:16}{pct(times, 50):8.1f}{pct(times, 95):8.1f}"
              f"{statistics.fmean(times):8.1f}")  # fmt: skip
    print(
        f"  ratio akhbar SQLite / raw FTS5: p50 {pct(t_ours, 50) / max(pct(t_raw, 50), 1e-9):.2f}x,"
        f" p95 {pct(t_ours, 95) / max(pct(t_raw, 95), 1e-9):.2f}x"
        " (raw ranks every match; akhbar ranks the 5,000 newest, folds the query and builds"
        " highlighted snippets)"
    )
    _variants(queries, store.connection, raw_conn)  # type: ignore[attr-defined]
    raw_conn.close()
    store.close()
    if not args.no_load:
        story_ids = add_stories(db, n)
        load = load_test(db, n, queries, story_ids, args.seconds, args.clients, args.workers)
        print(
            f"\nAPI load, loopback, {args.clients} clients, {args.seconds:.0f} s, mixed reads"
            f" (40% search, 30% article, 15% story, 15% story list; {args.workers} uvicorn"
            " worker(s), client in its own process)"
        )
        print(
            f"  {load['requests']:,.0f} requests, {load['rps']:,.0f} req/s, "
            f"p50 {load['p50']:.1f} ms, p99 {load['p99']:.1f} ms, errors {load['errors']:.0f}"
        )
    return 0


def _count_ours(conn: sqlite3.Connection, text: str) -> int:
    from akhbar.store.query import parse, to_fts5

    parsed = parse(text)
    if parsed.empty:
        return 0
    sql = "SELECT count(*) FROM search_fts WHERE search_fts MATCH ?"
    return int(conn.execute(sql, (to_fts5(parsed),)).fetchone()[0])


def _count_raw(conn: sqlite3.Connection, text: str) -> int:
    sql = "SELECT count(*) FROM raw_fts WHERE raw_fts MATCH ?"
    return int(conn.execute(sql, (raw_match(text),)).fetchone()[0])


def _variants(queries: list[Q], conn: sqlite3.Connection, raw_conn: sqlite3.Connection) -> None:
    """Exact match counts (no filters, no cap) of each distinct query, both indexes."""
    texts = sorted({q.text for q in queries})
    ours = [_count_ours(conn, t) for t in texts]
    raw = [_count_raw(raw_conn, t) for t in texts]
    found = sum(ours)
    missed = sum(max(0, a - b) for a, b in zip(ours, raw, strict=True))
    losing = sum(1 for a, b in zip(ours, raw, strict=True) if a > b)
    print("\nletter variants: matching reports the raw index misses (exact counts, no filters)")
    print(
        f"  typed in Urdu letters:     {missed:,} of {found:,} ({missed / max(found, 1):.1%});"
        f" {losing} of {len(texts)} distinct queries lose some"
    )
    arabic = [(t, t.translate(ARABIC_KEYBOARD)) for t in texts]
    changed = [(n, a) for n, (t, a) in enumerate(arabic) if a != t]
    base = sum(ours[n] for n, _ in changed)
    raw_ar = [_count_raw(raw_conn, a) for _, a in changed]
    ours_ar = [_count_ours(conn, a) for _, a in changed]
    lost = sum(max(0, ours[n] - r) for (n, _), r in zip(changed, raw_ar, strict=True))
    same = sum(1 for (n, _), o in zip(changed, ours_ar, strict=True) if o == ours[n])
    print(
        f"  typed with Arabic ي ك ه:  raw misses {lost:,} of {base:,} ({lost / max(base, 1):.1%})"
        f" over {len(changed)} queries; akhbar finds the same count for {same}/{len(changed)}"
    )


if __name__ == "__main__":
    sys.exit(main())
