"""Benchmark: cost of placing one report as the archive grows, next to a full scan.

The Express headlines (68k, 2012-2017) are replayed with their dates shifted by whole
replays (about six years each) until the clusterer holds N reports; then a fixed set of
held-out probe headlines, dated in the first months of the first replay (which every
state holds), is placed and timed. The per-report cost
should stay flat from 10,000 to the largest N (target: large/small <= 1.5).

Side by side: what one would otherwise write, single-pass clustering that compares a
report with every story's TF-IDF centroid, timed on the same states. Times are CPU
time of this process, so that other work on a shared machine does not blur the ratio.

Run: ``.venv/bin/python bench/bench_stories.py`` (10,000 and 100,000, about three minutes);
for the million, ``--sizes 10000,100000,1000000 --budget 2400`` (about 5 GB and 20-40 minutes).
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
EXPRESS = DATA / "topics" / "express-headlines-2012-2017.csv"
NOW = datetime(2100, 1, 1, tzinfo=UTC)
PROBES = 500


def read_rows() -> list[tuple[str, datetime]]:
    """(title, date) of every Express headline, oldest first."""
    csv.field_size_limit(10_000_000)
    out = []
    with EXPRESS.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            try:
                when = datetime.strptime(r["date"].replace(" GMT", ""), "%Y-%m-%dT%H:%M:%S")
            except (KeyError, ValueError):
                continue
            if r.get("title"):
                out.append((r["title"], when.replace(tzinfo=UTC)))
    out.sort(key=lambda x: x[1])
    return out


def peak_mb() -> float:
    """Peak resident memory of this process in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    """Build growing states, time the probes, print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument(
        "--budget", type=float, default=420.0, help="wall-clock seconds for building"
    )
    args = parser.parse_args()
    if not EXPRESS.exists():
        print("skipped: ../shared/data not found")
        return 0
    from akhbar.stories.cluster import Clusterer
    from akhbar.stories.features import Doc

    rows = read_rows()
    rng = random.Random(5)
    # probes come from the first months, which every state below holds: the density of
    # reports around them is the same at every size, only the archive grows
    # (a fresh set for each size: a probe placed twice would be an exact duplicate)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    picked = rng.sample(range(9_000), PROBES * len(sizes))
    held_out = set(picked)
    stream = [r for i, r in enumerate(rows) if i not in held_out]
    probe_sets = [
        [rows[i] for i in sorted(picked[k * PROBES : (k + 1) * PROBES])] for k in range(len(sizes))
    ]
    span = (rows[-1][1] - rows[0][1]) + timedelta(days=60)

    clusterer = Clusterer(now=lambda: NOW)
    placed = 0
    build_time = 0.0
    results: list[tuple[int, float, float, float]] = []
    started = time.perf_counter()
    print(f"replaying {len(stream):,} Express headlines per round, {PROBES} probes")
    for size, probes in zip(sizes, probe_sets, strict=True):
        t0 = time.process_time()
        while placed < size:
            title, when = stream[placed % len(stream)]
            shift = span * (1 + placed // len(stream))
            clusterer.place(Doc(id=f"x{placed}", title=title, published=when + shift))
            placed += 1
            if placed % 50_000 == 0 and time.perf_counter() - started > args.budget:
                break
        build_time += time.process_time() - t0
        truncated = placed < size
        if truncated:
            print(f"  the {args.budget:.0f}s budget ran out at {placed:,} reports: measured there")
            size = placed
        per_item = time_probes(clusterer, probes, Doc, f"p{size}", span)
        scan = time_scan(clusterer, probes[:50])
        results.append((size, per_item, scan, peak_mb()))
        print(
            f"  {size:>9,} reports: place {per_item * 1e3:7.3f} ms/report, "
            f"full scan {scan * 1e3:9.3f} ms/report, peak memory {peak_mb():,.0f} MB"
        )
        if truncated:
            break
    if not results:
        return 0
    throughput = placed / build_time if build_time else 0.0
    small, large = results[0], results[-1]
    print()
    print(f"{'reports held':>14}{'akhbar ms':>12}{'full scan ms':>14}{'scan/akhbar':>13}")
    for size, per_item, scan, _ in results:
        print(f"{size:>14,}{per_item * 1e3:>12.3f}{scan * 1e3:>14.3f}{scan / per_item:>13.1f}")
    print(
        f"ratio large/small (akhbar, {large[0]:,} vs {small[0]:,}): {large[1] / small[1]:.2f} "
        f"(target <= 1.5); full scan: {large[2] / small[2]:.2f}"
    )
    print(f"fingerprint + cluster throughput while building: {throughput:,.0f} reports/s")
    return 0


def time_probes(clusterer, probes, doc_type, tag: str, shift) -> float:  # type: ignore[no-untyped-def]
    """Seconds per probe placement (the probes join this state, as new reports would)."""
    t0 = time.process_time()
    for i, (title, when) in enumerate(probes):
        clusterer.place(doc_type(id=f"{tag}-{i}", title=title, published=when + shift))
    return (time.process_time() - t0) / len(probes)


def time_scan(clusterer, probes) -> float:  # type: ignore[no-untyped-def]
    """Seconds per report for comparing it with every story's centroid (the baseline)."""
    from akhbar.stories.features import cosine, key_words, terms, tfidf

    profiles = [s.profile.all_c for s in clusterer._stories.values()]
    vocab = clusterer.vocab
    t0 = time.process_time()
    for title, _ in probes:
        vec = tfidf(terms(key_words(title), vocab.stop), vocab)
        best = 0.0
        for prof in profiles:
            best = max(best, cosine(vec, prof))
    return (time.process_time() - t0) / len(probes)


if __name__ == "__main__":
    sys.exit(main())
