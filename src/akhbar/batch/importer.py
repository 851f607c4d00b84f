"""``akhbar batch import``: load a batch run's Parquet output into a store, build stories.

Only shards with a completion marker are read. Items and their analyses go in with
``Store.add_items`` (one transaction per chunk; an item already stored is skipped),
then the new item ids are handed to ``akhbar.desk.process_new`` in publication-date
order (crawl date when unknown), so stories grow as they would have on the day.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from akhbar.batch.work import marker_path
from akhbar.errors import InputError
from akhbar.model import Article, Item
from akhbar.store.base import Store

_LAST = datetime.max.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import did: files and rows read, items new and already stored."""

    files: int
    rows: int
    new: int
    seen: int
    seconds: float
    placed: int = 0  # new reports the desk placed in stories in this call


def article_files(out: Path) -> list[Path]:
    """The ``articles`` Parquet files of the finished shards of a run, in shard order."""
    plan = out / "plan.json"
    if not plan.exists():
        raise InputError(f"{out} is not the output of `akhbar batch` (no plan.json)")
    shards = [s["id"] for s in json.loads(plan.read_text("utf-8"))["shards"]]
    return [out / "articles" / f"{sid}.parquet" for sid in shards if marker_path(out, sid).exists()]


def read_articles(path: Path, batch_rows: int = 1000) -> Iterator[list[tuple[Item, Article]]]:
    """The items and articles of one ``articles`` file, a batch of rows at a time."""
    import pyarrow.parquet as pq

    from akhbar.store import codec

    with pq.ParquetFile(path) as f:
        for batch in f.iter_batches(batch_rows, columns=["item_json", "article_json"]):
            cols = batch.to_pydict()
            pairs = []
            for item_text, article_text in zip(
                cols["item_json"], cols["article_json"], strict=True
            ):
                item = codec.item_from_json(json.loads(item_text))
                pairs.append((item, codec.article_from_json(json.loads(article_text), item)))
            yield pairs


def import_batch(
    out: str | Path,
    store: Store,
    *,
    chunk: int = 500,
    process: bool = True,
    on_file: Callable[[Path, int], None] | None = None,
) -> ImportSummary:
    """Store a run's articles, then hand the new ones to the desk in date order."""
    began = time.perf_counter()
    root = Path(out)
    files = article_files(root)
    rows = seen = 0
    dated: list[tuple[datetime, int]] = []
    for path in files:
        n = 0
        for pairs in read_articles(path, chunk):
            result = store.add_items([p[0] for p in pairs], [p[1] for p in pairs])
            n += len(pairs)
            seen += result.seen
            # add_items returns ids of new items in input order; match them by position
            new_items = [p[0] for p in pairs]
            if result.seen == 0:
                for item, item_id in zip(new_items, result.new_ids, strict=True):
                    dated.append((item.published or item.fetched or _LAST, item_id))
            else:
                dated.extend(_dated(store, result.new_ids))
        rows += n
        if on_file is not None:
            on_file(path, n)
    dated.sort(key=lambda d: (d[0], d[1]))
    placed = 0
    if process and dated:
        from akhbar.desk import open_desk, process_new

        desk = open_desk(store)  # one story index for the whole import, built once
        ids = [item_id for _, item_id in dated]
        for i in range(0, len(ids), chunk):
            placed += process_new(store, ids[i : i + chunk], desk).placed
    seconds = time.perf_counter() - began
    return ImportSummary(len(files), rows, len(dated), seen, seconds, placed)


def _dated(store: Store, ids: tuple[int, ...]) -> list[tuple[datetime, int]]:
    out = []
    for item_id in ids:
        stored = store.item(item_id)
        when = (stored.item.published or stored.item.fetched) if stored else None
        out.append((when or _LAST, item_id))
    return out
