"""The ingest commands, through Typer's runner and as real processes."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from akhbar.cli import app

from .conftest import DATA, SHARED, LocalServer, Reply

RUNNER = CliRunner()


def cli(*args: str) -> tuple[int, str, str]:
    result = RUNNER.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def feed_xml(n: int, items: int) -> bytes:
    entries = "".join(
        f"<item><title>فیڈ {n} کی خبر نمبر {k}: شہر میں ترقیاتی منصوبوں کا افتتاح</title>"
        f"<guid>feed-{n}-item-{k}</guid><link>https://bulk.example.pk/{n}/{k}</link>"
        f"<description>وزیر اعلیٰ نے آج منصوبہ نمبر {k} کا افتتاح کیا اور کہا کہ کام جلد"
        f" مکمل ہوگا۔</description><pubDate>Sat, 14 Jun 2025 10:30:00 +0500</pubDate></item>"
        for k in range(items)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>فیڈ {n}</title><link>https://bulk.example.pk/</link>{entries}</channel></rss>"
    ).encode()


def test_every_input_form_lands_and_items_json_has_the_fields(tmp_path) -> None:
    db = str(tmp_path / "a.db")
    code, _, err = cli("ingest", str(DATA), "--db", db)
    assert code == 0, err
    assert "0 failed" in err
    code, out, _ = cli("items", "--json", "--db", db)
    rows = [json.loads(line) for line in out.splitlines()]
    required = {"id", "source", "source_type", "kind", "title", "url", "published", "language"}
    assert rows and all(required <= set(r) for r in rows)
    assert {r["kind"] for r in rows} == {"article", "headline", "post"}
    _, out, _ = cli("items", "--kind", "headline", "--json", "--db", db)
    assert {json.loads(line)["kind"] for line in out.splitlines()} == {"headline"}
    code, out, _ = cli("sources", "list", "--json", "--db", db)
    listed = [json.loads(line) for line in out.splitlines()]
    assert any(s["key"].startswith("telegram:") and s["type"] == "social" for s in listed)


@pytest.mark.skipif(not (SHARED / "samples").exists(), reason="../shared/data not found")
def test_the_sample_page_through_the_cli(tmp_path) -> None:
    db = str(tmp_path / "a.db")
    sample = str(SHARED / "samples" / "urdu-news-page.txt")
    assert cli("ingest", sample, "--db", db)[0] == 0
    _, out, _ = cli("items", "--json", "--db", db)
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["kind"] for r in rows].count("headline") == 14
    (article,) = [r for r in rows if r["kind"] == "article"]
    assert article["source_name"] == "social media"


def test_sources_add_import_export_and_env_db(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("AKHBAR_DB", str(tmp_path / "env.db"))
    code, out, _ = cli("sources", "add", "https://news.example.pk/rss.xml", "--type", "newspaper")
    assert code == 0 and "newspaper" in out
    code, out, _ = cli("sources", "import", str(DATA / "feeds.opml"))
    assert code == 0 and "2 feed(s) added, 1 already known" in out
    out_file = tmp_path / "out.opml"
    assert cli("sources", "export", "-o", str(out_file))[0] == 0
    text = out_file.read_text(encoding="utf-8")
    assert text.count("<outline") == 3 and 'sourceType="agency"' in text
    assert (tmp_path / "env.db").exists()
    code, _, _ = cli("sources", "add", "https://x.example/rss", "--type", "blog")
    assert code != 0


def test_errors_are_one_line_each_naming_the_source(server: LocalServer, tmp_path) -> None:
    db = str(tmp_path / "a.db")
    code, _, err = cli(
        "ingest",
        server.url("/missing"),
        server.url("/atom.xml"),
        server.url("/image.png"),
        "--db",
        db,
        "--allow-private",
        "--host-interval",
        "0",
    )
    assert code == 1
    lines = [ln for ln in err.splitlines() if ln.startswith("error: ")]
    assert len(lines) == 2
    assert server.url("/missing") in lines[0] and "404" in lines[0]
    assert "binary" in lines[1]
    assert "3 target(s): 2 new, 0 already stored, 0 rejected, 2 failed" in err
    code, out, _ = cli("sources", "log", server.url("/missing"), "--db", db)
    assert code == 0 and " error " in out and "HTTP 404" in out  # why the source is silent


def test_run_once_polls_registered_feeds(server: LocalServer, tmp_path) -> None:
    db = str(tmp_path / "a.db")
    cli("sources", "add", server.url("/rss1.rdf"), "--type", "broadcaster", "--db", db)
    code, _, err = cli("run", "--once", "--allow-private", "--host-interval", "0", "--db", db)
    assert code == 0, err
    assert "2 new" in err
    _, out, _ = cli("items", "--json", "--db", db)
    assert {json.loads(line)["source_type"] for line in out.splitlines()} == {"broadcaster"}


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=30) as conn:
            return int(conn.execute("SELECT count(*) FROM items").fetchone()[0])
    except sqlite3.OperationalError:  # schema not there yet
        return 0


def _akhbar(*args: str) -> list[str]:
    return [sys.executable, "-m", "akhbar", *args]


def test_sigkill_halfway_then_rerun_stores_every_item_once(server: LocalServer, tmp_path) -> None:
    feeds, per_feed = 8, 60
    slow = {"delay": 0.8}  # the server paces the first run so that the kill lands halfway
    for n in range(feeds):
        body = feed_xml(n, per_feed)
        server.routes[f"/bulk/{n}.xml"] = lambda h, b=body: Reply(
            200, b, {"Content-Type": "application/rss+xml"}, delay=slow["delay"]
        )
    db = tmp_path / "killed.db"
    args = _akhbar(
        "ingest",
        *(server.url(f"/bulk/{n}.xml") for n in range(feeds)),
        "--db",
        str(db),
        "--allow-private",
        "--host-interval",
        "0",
        "--batch-size",
        "25",
        "--no-analyze",
    )
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while _count(db) == 0 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stderr.close()  # type: ignore[union-attr]
    halfway = _count(db)
    assert 0 < halfway < feeds * per_feed, "the kill did not land halfway"
    slow["delay"] = 0.0
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(db) as conn:
        total, distinct = conn.execute("SELECT count(*), count(DISTINCT uid) FROM items").fetchone()
    assert total == distinct == feeds * per_feed


def test_two_processes_on_one_database_both_finish(tmp_path) -> None:
    files = []
    for n in range(4):
        path = tmp_path / f"feed{n}.xml"
        path.write_bytes(feed_xml(n, 250))
        files.append(str(path))
    db = tmp_path / "shared.db"
    procs = [
        subprocess.Popen(
            _akhbar("ingest", *order, "--db", str(db), "--batch-size", "50", "--no-analyze"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for order in (files, files[::-1])
    ]
    results = [(p.wait(timeout=240), p.stderr.read()) for p in procs]  # type: ignore[union-attr]
    for code, err in results:
        assert code == 0, err
        assert "locked" not in err
    assert _count(db) == 4 * 250


def test_run_polls_until_stopped(server: LocalServer, tmp_path) -> None:
    db = tmp_path / "run.db"
    cli("sources", "add", server.url("/atom.xml"), "--type", "agency", "--db", str(db))
    cli("sources", "add", server.url("/error"), "--db", str(db))
    proc = subprocess.Popen(
        _akhbar(
            "run",
            "--db",
            str(db),
            "--allow-private",
            "--host-interval",
            "0",
            "--interval",
            "0.01",
            "--no-analyze",
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while _count(db) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert f"error: {server.url('/error')}: " in err and "HTTP 500" in err
    assert _count(db) == 2
    with sqlite3.connect(db) as conn:
        failures = conn.execute(
            "SELECT failures FROM sources WHERE key = ?", (server.url("/error"),)
        ).fetchone()[0]
    assert failures >= 1
