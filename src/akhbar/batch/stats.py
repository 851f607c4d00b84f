"""Counts of a batch run: per shard (written beside its output) and for the whole run.

Drops and errors are counted by reason, datatrove style: every record read is either
kept, dropped with a reason, or an error with a reason.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

MAX_EXAMPLES = 20


@dataclass(frozen=True, slots=True)
class ShardStats:
    """What one shard did: records read and kept, drops and errors by reason."""

    shard: str
    read: int = 0
    kept: int = 0
    dropped: tuple[tuple[str, int], ...] = ()
    errors: tuple[tuple[str, int], ...] = ()
    examples: tuple[tuple[str, str, str], ...] = ()  # (ref, reason, detail) of errors
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    worker: str = ""

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "shard": self.shard,
            "read": self.read,
            "kept": self.kept,
            "dropped": dict(self.dropped),
            "errors": dict(self.errors),
            "examples": [list(e) for e in self.examples],
            "seconds": round(self.seconds, 3),
            "peak_rss_mb": round(self.peak_rss_mb, 1),
            "worker": self.worker,
        }

    @staticmethod
    def from_json(data: dict[str, Any]) -> ShardStats:
        """The stats a ``to_json`` dict describes."""
        return ShardStats(
            shard=str(data["shard"]),
            read=int(data["read"]),
            kept=int(data["kept"]),
            dropped=tuple(sorted((str(k), int(v)) for k, v in data["dropped"].items())),
            errors=tuple(sorted((str(k), int(v)) for k, v in data["errors"].items())),
            examples=tuple((str(a), str(b), str(c)) for a, b, c in data.get("examples", ())),
            seconds=float(data.get("seconds", 0.0)),
            peak_rss_mb=float(data.get("peak_rss_mb", 0.0)),
            worker=str(data.get("worker", "")),
        )

    def dumps(self) -> str:
        """The stats as a JSON document."""
        return json.dumps(self.to_json(), ensure_ascii=False, indent=1, sort_keys=True)


@dataclass(slots=True)
class Tally:
    """A mutable counter a shard fills while it runs, then freezes into ``ShardStats``."""

    read: int = 0
    kept: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    examples: list[tuple[str, str, str]] = field(default_factory=list)

    def drop(self, reason: str) -> None:
        """Count a record dropped for ``reason``."""
        self.dropped[reason] += 1

    def error(self, ref: str, reason: str, detail: str = "") -> None:
        """Count a record that could not be read, keeping the first few as examples."""
        self.errors[reason] += 1
        if len(self.examples) < MAX_EXAMPLES:
            self.examples.append((ref, reason, detail))

    def freeze(self, shard: str, seconds: float, peak_rss_mb: float, worker: str) -> ShardStats:
        """The final stats of the shard."""
        return ShardStats(
            shard=shard,
            read=self.read,
            kept=self.kept,
            dropped=tuple(sorted(self.dropped.items())),
            errors=tuple(sorted(self.errors.items())),
            examples=tuple(self.examples),
            seconds=seconds,
            peak_rss_mb=peak_rss_mb,
            worker=worker,
        )


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """A whole run: shards run, skipped (done before) and failed, and the totals."""

    shards: int
    ran: int
    skipped: int
    failed: tuple[tuple[str, str], ...]  # (shard id, reason)
    read: int
    kept: int
    dropped: tuple[tuple[str, int], ...]
    errors: tuple[tuple[str, int], ...]
    seconds: float
    read_this_run: int
    peak_rss_mb: float
    workers: tuple[tuple[str, float], ...] = ()  # (worker, peak RSS MB) of this run
    startup: float = 0.0  # seconds to start the cluster and load the models on the workers
    examples: tuple[tuple[str, str, str], ...] = ()  # the first errors: (ref, reason, detail)

    @property
    def docs_per_second(self) -> float:
        """Records read per second of work in this run (startup and skipped shards excluded)."""
        busy = self.seconds - self.startup
        return self.read_this_run / busy if busy > 0 else 0.0

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "shards": self.shards,
            "ran": self.ran,
            "skipped": self.skipped,
            "failed": [list(f) for f in self.failed],
            "read": self.read,
            "kept": self.kept,
            "dropped": dict(self.dropped),
            "errors": dict(self.errors),
            "seconds": round(self.seconds, 3),
            "startup": round(self.startup, 3),
            "read_this_run": self.read_this_run,
            "docs_per_second": round(self.docs_per_second, 2),
            "peak_rss_mb": round(self.peak_rss_mb, 1),
            "workers": dict(self.workers),
            "examples": [list(e) for e in self.examples],
        }


def summarize(
    done: list[ShardStats],
    ran: list[ShardStats],
    failed: list[tuple[str, str]],
    shards: int,
    seconds: float,
    startup: float = 0.0,
) -> BatchSummary:
    """Totals over the shards done before (``done``) and in this run (``ran``)."""
    everything = [*done, *ran]
    dropped: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    for s in everything:
        dropped.update(dict(s.dropped))
        errors.update(dict(s.errors))
    per_worker: dict[str, float] = {}
    for s in ran:
        per_worker[s.worker] = max(per_worker.get(s.worker, 0.0), s.peak_rss_mb)
    return BatchSummary(
        shards=shards,
        ran=len(ran),
        skipped=len(done),
        failed=tuple(failed),
        read=sum(s.read for s in everything),
        kept=sum(s.kept for s in everything),
        dropped=tuple(sorted(dropped.items())),
        errors=tuple(sorted(errors.items())),
        seconds=seconds,
        read_this_run=sum(s.read for s in ran),
        peak_rss_mb=max((s.peak_rss_mb for s in ran), default=0.0),
        workers=tuple(sorted(per_worker.items())),
        startup=startup,
        examples=tuple(e for s in everything for e in s.examples)[:MAX_EXAMPLES],
    )
