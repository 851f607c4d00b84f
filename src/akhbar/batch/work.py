"""The per-document and per-shard work a batch worker does.

The steps are the streaming path's own objects: ``akhbar.ingest.web.extract_page`` for
web pages, ``akhbar.ingest.identity.make_item`` for records that are already text, then
``akhbar.analyze.pipeline.default_pipeline()`` (reading included) and the story
fingerprints of ``akhbar.stories.fingerprint``. ``load_tools`` builds them once per
worker process, never per document; the runner gives each worker process one thread,
so stage objects are never used by two threads at once.

A shard's output is committed in order: the Parquet files (each written to a temporary
name and renamed), the stats file, then the completion marker. A shard without its
marker is redone from the start on the next run; one with it is never touched again.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from akhbar.batch.schema import (
    ShardWriter,
    article_row,
    entity_rows,
    quote_rows,
    write_text_atomic,
)
from akhbar.batch.sources import Limits, Problem, Raw, Shard, read_shard
from akhbar.batch.stats import ShardStats, Tally
from akhbar.errors import AkhbarError, ParseError
from akhbar.model import Article, Item, Source

Fingerprint = tuple[str | None, Sequence[int] | None]


@dataclass(frozen=True, slots=True)
class Tools:
    """The streaming path's stage objects, loaded once per worker."""

    extract_page: Callable[..., Item]
    page_source: Callable[[str | None], Source]
    parse_text_page: Callable[..., list[Item]]
    make_item: Callable[..., Item]
    analyze: Callable[[Item], Article]
    fingerprint: Callable[[Article], Fingerprint]


@lru_cache(maxsize=1)
def load_tools() -> Tools:
    """The tools of this worker process, built on its first call and kept."""
    from akhbar.analyze.pipeline import default_pipeline
    from akhbar.ingest.identity import make_item
    from akhbar.ingest.pages import parse_text_page
    from akhbar.ingest.web import extract_page, page_source

    pipeline = default_pipeline()
    return Tools(
        extract_page=extract_page,
        page_source=page_source,
        parse_text_page=parse_text_page,
        make_item=make_item,
        analyze=pipeline,
        fingerprint=_fingerprinter(),
    )


def _fingerprinter() -> Callable[[Article], Fingerprint]:
    """Exact key and MinHash of an article, computed as story clustering computes them."""
    from akhbar.stories import features
    from akhbar.stories import fingerprint as fp

    def run(article: Article) -> Fingerprint:
        words = features.key_words(article.title) + features.key_words(article.body)
        signature = fp.minhash(features.shingles(features.gram_hashes(words)))
        return fp.exact_key(article.key), [int(v) for v in signature.hashvalues]

    return run


def warm() -> str:
    """Load the tools now (run on every worker when a cluster starts)."""
    load_tools()
    return worker_name()


def worker_name() -> str:
    """The Dask worker's name, or the process id outside a worker."""
    try:
        from distributed import get_worker

        return str(get_worker().name)
    except (ImportError, ValueError):
        return f"pid-{os.getpid()}"


def peak_rss_mb() -> float:
    """The peak resident memory of this process so far, in MB.

    Linux's ``VmHWM`` belongs to this process's own memory map; ``ru_maxrss`` would also
    count the parent's memory at the fork that started a spawned worker.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _source_for(raw: Raw, fallback: str, tools: Tools) -> Source:
    """The record's own source, else its URL's host (as ingest names it), else the file."""
    if raw.source:
        return Source(key=raw.source, name=raw.source)
    if raw.url:
        return tools.page_source(raw.url)
    return Source(key=fallback, name=fallback)


def to_items(raw: Raw, tools: Tools, fallback_source: str) -> list[Item]:
    """The items of one raw record, built by the streaming path's parsers."""
    if raw.html is not None:
        source = Source(key=raw.source, name=raw.source) if raw.source else None
        item = tools.extract_page(
            raw.html, raw.url, source, charset=raw.charset, fetched=raw.fetched
        )
        return [item]
    source = _source_for(raw, fallback_source, tools)
    if raw.page is not None:
        return tools.parse_text_page(raw.page, source, url=raw.url, fetched=raw.fetched)
    item = tools.make_item(
        source,
        title=raw.title,
        text=raw.text,
        url=raw.url,
        guid=raw.guid,
        published=raw.published,
        author=raw.author,
        fetched=raw.fetched,
    )
    return [item]


def process_record(
    raw: Raw, tools: Tools, fallback_source: str
) -> list[tuple[Article, Fingerprint]] | Problem:
    """Extract, read, analyze and fingerprint one record, or say why it was dropped."""
    try:
        items = to_items(raw, tools, fallback_source)
    except ParseError as exc:
        return Problem(raw.ref, "no-article", False, str(exc)[:200])
    out = []
    reason = "no-text"
    for item in items:
        if not (item.title or item.text).strip():
            continue
        article = tools.analyze(item)
        code = article.language.code if article.language else "und"
        if code != "ur":
            reason = f"language-{code}"
            continue
        out.append((article, tools.fingerprint(article)))
    return out or Problem(raw.ref, reason)


def marker_path(out: Path, shard_id: str) -> Path:
    """Where a finished shard's completion marker lives."""
    return out / "done" / f"{shard_id}.done"


def stats_path(out: Path, shard_id: str) -> Path:
    """Where a shard's stats file lives."""
    return out / "stats" / f"{shard_id}.json"


def process_shard(shard: Shard, out: str, limits: Limits) -> ShardStats:
    """Run one shard end to end and commit its output; a finished shard is left alone."""
    import json

    root = Path(out)
    if marker_path(root, shard.id).exists():
        return ShardStats.from_json(json.loads(stats_path(root, shard.id).read_text("utf-8")))
    began = time.perf_counter()
    tools = load_tools()
    tally = Tally()
    writer = ShardWriter(root, shard.id)
    rows = 0
    fallback = shard.path.rstrip("/").rsplit("/", 1)[-1] or "batch"
    try:
        for record in read_shard(shard, limits):
            tally.read += 1
            if isinstance(record, Problem):
                if record.error:
                    tally.error(record.ref, record.reason, record.detail)
                else:
                    tally.drop(record.reason)
                continue
            try:
                result = process_record(record, tools, fallback)
            except AkhbarError as exc:
                tally.error(record.ref, "bad-record", f"{type(exc).__name__}: {exc}"[:200])
                continue
            except Exception as exc:  # a bug in a stage must not stop the shard
                tally.error(record.ref, "process-failed", f"{type(exc).__name__}: {exc}"[:200])
                continue
            if isinstance(result, Problem):
                tally.drop(result.reason)
                continue
            tally.kept += 1
            for article, (exact, minhash) in result:
                n = rows
                rows += 1
                writer.add(
                    "articles", [article_row(shard.id, n, record.ref, article, exact, minhash)]
                )
                writer.add("entities", entity_rows(shard.id, n, article))
                writer.add("quotes", quote_rows(shard.id, n, article))
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    stats = tally.freeze(shard.id, time.perf_counter() - began, peak_rss_mb(), worker_name())
    write_text_atomic(stats_path(root, shard.id), stats.dumps())
    write_text_atomic(marker_path(root, shard.id), shard.id + "\n")
    return stats
