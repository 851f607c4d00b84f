"""Run a batch on Dask: plan shards, skip the finished ones, map the rest, report.

``run_batch`` starts a ``distributed.LocalCluster`` (process workers, one thread
each) unless given the address of a running scheduler. The plan (inputs, shard
sizes, limits, shard list) is written to ``OUT/plan.json`` on the first run; a later
run over the same OUT must ask for the same thing, reuses the plan, and only runs
shards that have no completion marker, so a killed run resumes where it stopped.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from akhbar.batch.schema import write_text_atomic
from akhbar.batch.sources import Limits, Shard, plan_shards
from akhbar.batch.stats import BatchSummary, ShardStats, summarize
from akhbar.batch.work import marker_path, process_shard, stats_path, warm
from akhbar.errors import InputError, require

PLAN_VERSION = 1


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """How to run a batch: where, on how many workers, in shards of what size."""

    workers: int = 2
    scheduler: str | None = None  # "tcp://HOST:PORT" of a running cluster
    processes: bool = True  # False: one worker thread in this process (tests, debugging)
    memory_limit: str | None = None  # per LocalCluster worker, e.g. "2GB"; None: Dask's
    shard_bytes: int = 64_000_000
    records_per_shard: int = 1000
    limits: Limits = field(default_factory=Limits)
    progress: bool = True


def load_plan(inputs: list[str], out: Path, options: BatchOptions) -> tuple[list[Shard], Limits]:
    """The shards and limits of this run: from ``OUT/plan.json`` when it exists (without
    inputs, the earlier run is resumed as it was planned), else planned now."""
    wanted = {
        "version": PLAN_VERSION,
        "inputs": list(inputs),
        "shard_bytes": options.shard_bytes,
        "records_per_shard": options.records_per_shard,
        "max_record_bytes": options.limits.max_record_bytes,
        "min_urdu_letters": options.limits.min_urdu_letters,
    }
    path = out / "plan.json"
    if path.exists():
        plan = json.loads(path.read_text("utf-8"))
        have = {k: plan.get(k) for k in wanted}
        if inputs and have != wanted:
            changed = sorted(k for k in wanted if have[k] != wanted[k])
            raise InputError(
                f"{out} holds a run with other settings ({', '.join(changed)}); "
                "use another --out, or the same inputs and options to resume"
            )
        limits = Limits(int(plan["max_record_bytes"]), int(plan["min_urdu_letters"]))
        return [Shard.from_json(s) for s in plan["shards"]], limits
    if not inputs:
        raise InputError(f"no inputs given, and no earlier run to resume in {out}")
    shards = plan_shards(
        inputs, shard_bytes=options.shard_bytes, records_per_shard=options.records_per_shard
    )
    body = {**wanted, "shards": [s.to_json() for s in shards]}
    write_text_atomic(path, json.dumps(body, ensure_ascii=False, indent=1))
    return shards, options.limits


def finished(out: Path, shards: list[Shard]) -> tuple[list[ShardStats], list[Shard]]:
    """The stats of shards already done, and the shards still to run."""
    done: list[ShardStats] = []
    todo: list[Shard] = []
    for shard in shards:
        if marker_path(out, shard.id).exists():
            stats = json.loads(stats_path(out, shard.id).read_text("utf-8"))
            done.append(ShardStats.from_json(stats))
        else:
            todo.append(shard)
    return done, todo


@contextmanager
def connect(options: BatchOptions) -> Iterator[Any]:
    """A Dask client: to ``options.scheduler``, or to a new LocalCluster it then closes."""
    require("distributed", "batch")
    import distributed

    dist: Any = distributed  # its annotations are partial; keep strict mypy quiet here
    if options.scheduler:
        with dist.Client(options.scheduler) as client:
            yield client
        return
    if options.workers < 1:
        raise InputError("--workers must be at least 1")
    if not options.processes and options.workers > 1:
        raise InputError("in-process workers would share one set of models: use one")
    extra: dict[str, Any] = {}
    if options.memory_limit is not None:
        extra["memory_limit"] = options.memory_limit
    import dask

    # The worker's sampling profiler takes the GIL every 10 ms: on this pure-Python work
    # it cost a third of the throughput. The setting travels to the worker processes.
    with (
        dask.config.set({"distributed.worker.profile.enabled": False}),
        dist.LocalCluster(
            n_workers=options.workers,
            threads_per_worker=1,  # a worker's stage objects serve one thread
            processes=options.processes,
            dashboard_address=":0",  # a free port: never clash with another cluster
            **extra,
        ) as cluster,
        dist.Client(cluster) as client,
    ):
        yield client


def run_batch(
    inputs: list[str], out: str | Path, options: BatchOptions = BatchOptions(), console: Any = None
) -> BatchSummary:
    """Run every unfinished shard of the inputs on Dask; return the run's summary."""
    root = Path(out).resolve()  # workers elsewhere resolve paths on their own
    root.mkdir(parents=True, exist_ok=True)
    shards, limits = load_plan(inputs, root, options)
    done, todo = finished(root, shards)
    _remove_temporaries(root, todo)
    ran: list[ShardStats] = []
    failed: list[tuple[str, str]] = []
    began = time.perf_counter()
    startup = 0.0
    if todo:
        with connect(options) as client, _progress(options, console, len(shards)) as bar:
            bar.advance(len(done), done, fresh=False)
            _warm_up(client)
            startup = time.perf_counter() - began
            bar.began = time.perf_counter()
            futures = {
                client.submit(
                    process_shard, shard, str(root), limits, key=f"akhbar-{shard.id}"
                ): shard.id
                for shard in todo
            }
            import distributed

            dist: Any = distributed
            for future in dist.as_completed(futures):
                try:
                    stats = future.result()
                except Exception as exc:
                    failed.append((futures[future], f"{type(exc).__name__}: {exc}"[:300]))
                    bar.advance(1, [])
                    continue
                ran.append(stats)
                bar.advance(1, [stats])
    seconds = time.perf_counter() - began
    summary = summarize(done, ran, failed, len(shards), seconds, startup)
    write_text_atomic(
        root / "summary.json", json.dumps(summary.to_json(), ensure_ascii=False, indent=1)
    )
    return summary


def _warm_up(client: Any) -> None:
    """Load the models on every worker, in the thread that will run its tasks."""
    workers = list(client.scheduler_info().get("workers", {}))
    futures = [
        client.submit(warm, workers=[w], allow_other_workers=False, pure=False) for w in workers
    ]
    client.gather(futures)


def _remove_temporaries(out: Path, todo: list[Shard]) -> None:
    """Delete what a killed run left half-written for shards that will be redone."""
    ids = {s.id for s in todo}
    for tmp in out.glob("*/.*.tmp"):
        shard_id = tmp.name[1:].split(".parquet.", 1)[0].split(".json.", 1)[0]
        if shard_id in ids or shard_id.removesuffix(".done") in ids:
            tmp.unlink(missing_ok=True)


class _Bar:
    """A Rich progress bar over shards, with running counts of records."""

    def __init__(self, progress: Any, total: int) -> None:
        self.progress = progress
        self.task = progress.add_task("batch", total=total, counts="")
        self.read = self.kept = self.errors = 0
        self.began = time.perf_counter()
        self.read_now = 0

    def advance(self, shards: int, stats: list[ShardStats], fresh: bool = True) -> None:
        """Count finished shards; ``fresh`` false for shards finished by an earlier run."""
        for s in stats:
            self.read += s.read
            self.kept += s.kept
            self.errors += sum(n for _, n in s.errors)
            if fresh:
                self.read_now += s.read
        rate = self.read_now / max(time.perf_counter() - self.began, 1e-9)
        counts = (
            f"read {self.read:,} · kept {self.kept:,} · errors {self.errors:,} · {rate:,.1f} docs/s"
        )
        self.progress.update(self.task, advance=shards, counts=counts)


@contextmanager
def _progress(options: BatchOptions, console: Any, total: int) -> Iterator[_Bar]:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    progress = Progress(
        TextColumn("[bold]shards"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[counts]}"),
        TimeElapsedColumn(),
        console=console,
        disable=not options.progress,
        transient=False,
    )
    with progress:
        yield _Bar(progress, total)
