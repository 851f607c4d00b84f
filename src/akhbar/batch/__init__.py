"""The same pipeline over big archives on Dask: WARC, JSON Lines, CSV, page directories.

>>> from akhbar.batch import BatchOptions, run_batch  # doctest: +SKIP
>>> summary = run_batch(["crawl.warc.gz"], "out", BatchOptions(workers=2))  # doctest: +SKIP
>>> summary.kept, dict(summary.dropped), summary.docs_per_second  # doctest: +SKIP

See ``sources`` (inputs and shards), ``warc`` (reading WARC), ``work`` (what a worker
does per document and per shard), ``runner`` (Dask, resume, progress), ``schema`` (the
Parquet datasets) and ``importer`` (loading the output into a store).
"""

from __future__ import annotations

from akhbar.batch.importer import ImportSummary, import_batch
from akhbar.batch.runner import BatchOptions, run_batch
from akhbar.batch.schema import arrow_schema
from akhbar.batch.sources import Limits, Shard, plan_shards, read_shard
from akhbar.batch.stats import BatchSummary, ShardStats

__all__ = [
    "BatchOptions",
    "BatchSummary",
    "ImportSummary",
    "Limits",
    "Shard",
    "ShardStats",
    "arrow_schema",
    "import_batch",
    "plan_shards",
    "read_shard",
    "run_batch",
]
