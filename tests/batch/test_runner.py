"""End to end on Dask: a generated WARC through the real pipeline into Parquet, and resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from akhbar.batch.runner import BatchOptions, run_batch
from akhbar.batch.schema import DATASETS, arrow_schema
from akhbar.batch.sources import Limits
from akhbar.errors import InputError

pa = pytest.importorskip("pyarrow")
pytest.importorskip("distributed")

# Threads in this process: fast to start; the subprocess test below uses processes.
FAST = BatchOptions(
    workers=1, processes=False, shard_bytes=6_000, limits=Limits(200_000), progress=False
)


def tables(out: Path) -> dict[str, Any]:
    """Each dataset of a run as one table, files in name order."""
    import pyarrow.parquet as pq

    result = {}
    for name in DATASETS:
        files = sorted((out / name).glob("*.parquet"))
        result[name] = pa.concat_tables([pq.read_table(f) for f in files])
    return result


def test_the_archive_goes_end_to_end(mixed_warc: Path, tmp_path: Path) -> None:
    from akhbar.model import Article
    from akhbar.store import codec

    out = tmp_path / "out"
    summary = run_batch([str(mixed_warc)], out, FAST)
    assert summary.failed == ()
    assert summary.ran == summary.shards > 2
    assert summary.read == 32
    assert summary.kept == 24
    assert dict(summary.dropped) == {"http-404": 1, "not-urdu-script": 3}
    assert dict(summary.errors) == {
        "bad-gzip": 1,
        "no-http-headers": 1,
        "record-too-large": 1,
        "truncated-record": 1,
    }
    got = tables(out)
    articles = got["articles"]
    assert articles.num_rows == 24
    assert articles.schema.equals(arrow_schema("articles"))
    assert articles.schema.field("uid").metadata[b"doc"]
    rows = articles.to_pylist()
    assert {r["source"] for r in rows} == {"urdu.example.pk"}
    assert all(r["language"] == "ur" and r["exact"] and len(r["minhash"]) > 8 for r in rows)
    assert len({r["uid"] for r in rows}) == 24
    for row in rows:
        item = codec.item_from_json(json.loads(row["item_json"]))
        article = codec.article_from_json(json.loads(row["article_json"]), item)
        assert isinstance(article, Article)
        assert article.text == row["text"] and article.title == row["title"]
        assert item.fetched is not None and item.url == row["url"]
    texts = {(r["shard"], r["row"]): r["text"] for r in rows}
    for ent in got["entities"].to_pylist():
        assert texts[(ent["shard"], ent["row"])][ent["start"] : ent["end"]] == ent["text"]
    for quote in got["quotes"].to_pylist():
        text = texts[(quote["shard"], quote["row"])]
        assert text[quote["content_start"] : quote["content_end"]] == quote["content"]
    stats = json.loads((out / "summary.json").read_text("utf-8"))
    assert stats["read"] == 32 and stats["kept"] == 24


def test_a_rerun_skips_finished_shards_and_redoes_missing_ones(
    mixed_warc: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = run_batch([str(mixed_warc)], out, FAST)
    before = tables(out)
    again = run_batch([str(mixed_warc)], out, FAST)
    assert (again.ran, again.skipped) == (0, first.shards)
    assert (again.read, again.kept, again.errors) == (first.read, first.kept, first.errors)
    markers = sorted((out / "done").iterdir())
    for marker in markers[::2]:
        marker.unlink()
    third = run_batch([], out, FAST)  # no inputs: resume the plan in OUT
    assert third.ran == len(markers[::2])
    after = tables(out)
    for name in DATASETS:
        assert after[name].equals(before[name]), name


def test_other_settings_on_the_same_output_are_refused(mixed_warc: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_batch([str(mixed_warc)], out, FAST)
    other = BatchOptions(**{**_fields(FAST), "shard_bytes": 1_000})
    with pytest.raises(InputError, match="shard_bytes"):
        run_batch([str(mixed_warc)], out, other)
    with pytest.raises(InputError):
        run_batch([], tmp_path / "empty", FAST)


def differing_columns(a: Any, b: Any) -> list[str]:
    """Names of the columns whose values differ between two tables."""
    if a.num_rows != b.num_rows:
        return [f"{a.num_rows} rows against {b.num_rows}"]
    return [n for n in a.column_names if a.column(n).to_pylist() != b.column(n).to_pylist()]


def _fields(options: BatchOptions) -> dict[str, Any]:
    return {name: getattr(options, name) for name in options.__slots__}


def test_a_killed_run_resumes_to_the_same_output(samples: Any, tmp_path: Path) -> None:
    """SIGKILL a real `akhbar batch` (and its Dask workers) halfway, then resume."""
    warc = tmp_path / "news.warc.gz"
    warc.write_bytes(samples.warc_bytes([samples.urdu_page(i) for i in range(40)]))
    killed = tmp_path / "killed"
    args = [str(warc), "--out", str(killed), "--workers", "1", "--shard-size", "1300"]
    command = [sys.executable, "-m", "akhbar", "batch", *args, "--no-progress"]
    proc = subprocess.Popen(
        command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    shards = 0
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if (killed / "plan.json").exists():
                shards = len(json.loads((killed / "plan.json").read_text("utf-8"))["shards"])
                if len(list((killed / "done").glob("*.done"))) >= 3:
                    break
            time.sleep(0.01)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)  # the run's own process group
        proc.wait()
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read() if proc.stderr else ""
    done_at_kill = len(list((killed / "done").glob("*.done")))
    assert 3 <= done_at_kill < shards
    options = BatchOptions(workers=1, processes=False, shard_bytes=1300, progress=False)
    resumed = run_batch([str(warc)], killed, options)
    assert resumed.skipped == done_at_kill and resumed.ran == shards - done_at_kill
    assert resumed.read == resumed.kept == 40
    whole = tmp_path / "whole"
    run_batch([str(warc)], whole, options)
    a, b = tables(killed), tables(whole)
    for name in DATASETS:
        assert a[name].equals(b[name]), (name, differing_columns(a[name], b[name]))
    assert not list(killed.glob("*/.*.tmp")), "temporary files were left behind"


def test_an_existing_cluster_by_its_address(samples: Any, tmp_path: Path) -> None:
    from distributed import LocalCluster

    warc = tmp_path / "news.warc.gz"
    warc.write_bytes(samples.warc_bytes([samples.urdu_page(i) for i in range(6)]))
    with LocalCluster(n_workers=1, processes=False, dashboard_address=":0") as cluster:
        options = BatchOptions(scheduler=cluster.scheduler_address, progress=False)
        summary = run_batch([str(warc)], tmp_path / "out", options)
        assert (summary.read, summary.kept, summary.failed) == (6, 6, ())
        assert cluster.workers  # the cluster outlives the run: it is not ours to close
