"""Batch on Dask: documents/s with 1 and 2 workers, memory per worker, kill and resume.

Builds a WARC archive of Urdu news pages (headlines and ledes from the Express
headlines set, bodies from XL-Sum and COUNTER texts, wrapped in simple HTML; one page
in 25 is Persian, Arabic or English and is dropped by the cheap script check), then:

1. a plain loop in one process over part of the archive: what a user would otherwise
   run (the same steps, no Dask);
2. ``akhbar batch`` with 1 worker and with 2 workers (process workers, one thread
   each): documents/s and the speed-up, with the machine's load beside it;
3. peak resident memory per worker;
4. ``akhbar batch`` killed with SIGKILL halfway (by its process group) and resumed:
   the output is compared with the uninterrupted 2-worker run.

Usage: ``python bench/bench_batch.py [--pages 20000] [--keep DIR]``. Exits 0 with a
"skipped" line when ../shared/data is absent.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
FILES = 8


def load_texts() -> tuple[list[tuple[str, str, str]], list[str], list[str]]:
    """Headlines (title, lede, date), body paragraphs, and foreign sentences."""
    heads: list[tuple[str, str, str]] = []
    with open(DATA / "topics" / "express-headlines-2012-2017.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row.get("title") and row.get("lede"):
                heads.append((row["title"].strip(), row["lede"].strip(), row.get("date") or ""))
    paragraphs: list[str] = []
    with open(DATA / "summaries" / "xlsum-ur-dev.jsonl", encoding="utf-8") as f:
        for line in f:
            text = json.loads(line)["text"]
            paragraphs.extend(_chunks(text))
    for path in sorted((DATA / "counter" / "xml").glob("*.xml"))[:400]:
        body = re.search(r"<body>(.*?)</body>", path.read_text("utf-8", "replace"), re.S)
        if body:
            paragraphs.extend(_chunks(re.sub(r"<[^>]+>", " ", body.group(1))))
    foreign: list[str] = []
    for name in ("pes_Arab", "arb_Arab", "eng_Latn"):
        with open(DATA / "langid" / f"{name}-dev.tsv", encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                foreign.append(row["text"])
    return heads, paragraphs, foreign


def _chunks(text: str, size: int = 400) -> list[str]:
    """A text cut at sentence ends into paragraphs of about ``size`` characters."""
    sentences = [s.strip() for s in re.split(r"(?<=[۔؟!])\s+", " ".join(text.split())) if s]
    out, cur = [], ""
    for s in sentences:
        cur = f"{cur} {s}".strip()
        if len(cur) >= size:
            out.append(cur)
            cur = ""
    if len(cur) > 80:
        out.append(cur)
    return out


def build_archive(directory: Path, pages: int) -> list[str]:
    """Write the archive as FILES gzip WARC files; return their paths."""
    from akhbar.batch.archive import Page, news_html, write_warc

    heads, paragraphs, foreign = load_texts()
    rng = random.Random(7)
    directory.mkdir(parents=True, exist_ok=True)
    per_file = -(-pages // FILES)
    paths = []
    n = 0
    for k in range(FILES):
        path = directory / f"news-{k:02d}.warc.gz"
        batch = []
        for _ in range(min(per_file, pages - n)):
            title, lede, date = heads[n % len(heads)]
            if n % 25 == 24:
                text = rng.choice(foreign)
                html = news_html("News", [text, rng.choice(foreign)])
            else:
                body = [lede, *rng.sample(paragraphs, rng.randint(3, 6))]
                html = news_html(title, body, published=date.replace(" GMT", "+00:00") or None)
            when = datetime(2017, 1, 1, tzinfo=UTC)
            batch.append(Page(f"https://www.express.pk/story/{n}", html, date=when))
            n += 1
        with open(path, "wb") as f:
            write_warc(f, batch)
        paths.append(str(path))
    return paths


def load() -> str:
    """The 1, 5 and 15 minute load averages and the CPU count."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def plain_loop(paths: list[str], out: Path, shard_bytes: int, limit: int) -> tuple[int, float]:
    """The same per-shard work in a plain loop in this process, over whole shards until
    ``limit`` records are read: records read, seconds."""
    from akhbar.batch.sources import Limits, plan_shards
    from akhbar.batch.work import load_tools, process_shard

    load_tools()
    began = time.perf_counter()
    read = 0
    for shard in plan_shards(paths, shard_bytes=shard_bytes):
        read += process_shard(shard, str(out), Limits()).read
        if read >= limit:
            break
    return read, time.perf_counter() - began


def run(paths: list[str], out: Path, workers: int, shard_bytes: int) -> Any:
    """One ``akhbar batch`` run through the library, process workers with one thread."""
    from akhbar.batch.runner import BatchOptions, run_batch

    options = BatchOptions(workers=workers, shard_bytes=shard_bytes, progress=False)
    return run_batch(paths, out, options)


def kill_and_resume(paths: list[str], out: Path, shard_bytes: int) -> tuple[int, int, float]:
    """Start ``akhbar batch`` with 2 workers, SIGKILL it halfway, resume it to the end."""
    args = [*paths, "--out", str(out), "--workers", "2", "--shard-size", str(shard_bytes)]
    cmd = [sys.executable, "-m", "akhbar", "batch", *args, "--no-progress"]
    proc = subprocess.Popen(
        cmd, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    total = 0
    while proc.poll() is None:
        if (out / "plan.json").exists():
            total = len(json.loads((out / "plan.json").read_text("utf-8"))["shards"])
            if len(list((out / "done").glob("*.done"))) >= total // 2:
                break
        time.sleep(0.05)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done = len(list((out / "done").glob("*.done")))
    began = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return done, total, time.perf_counter() - began


def same_output(a: Path, b: Path) -> tuple[bool, str]:
    """Whether two runs wrote the same rows to every dataset (and which differs)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from akhbar.batch.schema import DATASETS

    for name in DATASETS:
        fa, fb = sorted((a / name).glob("*.parquet")), sorted((b / name).glob("*.parquet"))
        if [f.name for f in fa] != [f.name for f in fb]:
            return False, f"{name}: different files"
        ta = pa.concat_tables([pq.read_table(f) for f in fa])
        tb = pa.concat_tables([pq.read_table(f) for f in fb])
        if not ta.equals(tb):
            return False, f"{name}: different rows"
    return True, "all datasets equal"


def say(line: str) -> None:
    """Print a figure as soon as it is known."""
    print(line, flush=True)


def main() -> int:
    """Build the archive, run the four measurements, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20_000)
    parser.add_argument("--baseline-pages", type=int, default=1_000)
    parser.add_argument("--keep", type=Path, help="keep the archive and outputs here")
    ns = parser.parse_args()
    if not DATA.exists():
        say("skipped: ../shared/data not found")
        return 0
    work = ns.keep or Path(tempfile.mkdtemp(prefix="akhbar-bench-batch-"))
    try:
        began = time.perf_counter()
        paths = build_archive(work / "archive", ns.pages)
        size = sum(Path(p).stat().st_size for p in paths)
        shard_bytes = max(1, -(-Path(paths[0]).stat().st_size // 6))
        built = time.perf_counter() - began
        say(f"archive: {ns.pages:,} pages in {FILES} WARC files, {size / 1e6:.1f} MB,")
        say(f"  shards of {shard_bytes / 1e6:.2f} MB ({built:.0f} s to build)")

        two = run(paths, work / "two", 2, shard_bytes)
        say(
            f"akhbar batch, 2 workers ({two.read:,} records): {two.docs_per_second:7.1f} docs/s"
            f"  [{load()}]"
        )
        say(f"  kept {two.kept:,}, dropped {dict(two.dropped)}, errors {dict(two.errors)}")
        done, total, secs = kill_and_resume(paths, work / "killed", shard_bytes)
        equal, why = same_output(work / "killed", work / "two")
        say(
            f"killed with SIGKILL after {done}/{total} shards, resumed in {secs:.0f} s: "
            f"output identical to the uninterrupted run: {'yes' if equal else 'NO'} ({why})"
        )
        one = run(paths, work / "one", 1, shard_bytes)
        say(
            f"akhbar batch, 1 worker  ({one.read:,} records): {one.docs_per_second:7.1f} docs/s"
            f"  [{load()}]"
        )
        ratio = two.docs_per_second / one.docs_per_second if one.docs_per_second else 0.0
        say(f"speed-up 2 workers / 1 worker: {ratio:.2f}x (target >= 1.8 on an idle 2-core box)")
        peaks = {**{f"1w:{k}": v for k, v in one.workers}, **{f"2w:{k}": v for k, v in two.workers}}
        worst = max(peaks.values(), default=0.0)
        say(
            "peak memory per worker (RSS): "
            + ", ".join(f"{k} {v:.0f} MB" for k, v in sorted(peaks.items()))
            + f"; max {worst:.0f} MB (target <= 1024 MB)"
        )
        one_equal, _ = same_output(work / "one", work / "two")
        say(f"1-worker output identical to 2-worker output: {'yes' if one_equal else 'NO'}")

        n, secs = plain_loop(paths, work / "plain", shard_bytes, ns.baseline_pages)
        plain_rate = n / secs
        say(f"plain loop, 1 process, no Dask ({n:,} records): {plain_rate:7.1f} docs/s  [{load()}]")
        say(f"akhbar batch 1 worker / plain loop: {one.docs_per_second / plain_rate:.2f}x")
        return 0 if equal and one_equal else 1
    finally:
        if ns.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
