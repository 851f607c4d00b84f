"""`akhbar search` and `akhbar serve` on a real store (serve as a real subprocess)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from akhbar.cli import app
from akhbar.model import Item
from akhbar.store import open_store


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "cli.db"
    store = open_store(path)
    store.add_items(
        [
            Item(source="bbc", uid="1", title="ايران کا جوہری پروگرام", text="تہران میں بیان"),
            Item(source="geo", uid="2", title="لاہور میں بارش", text="ﺍﻳﺮﺍﻥ کا ذکر بھی ہوا"),
        ]
    )
    store.close()
    return str(path)


def test_search_json(db: str) -> None:
    result = CliRunner().invoke(app, ["search", "ایران", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    hits = [json.loads(line) for line in result.output.splitlines()]
    assert [h["source"] for h in hits] == ["bbc", "geo"]  # the title match first
    assert hits[0]["title"] == "ایران کا جوہری پروگرام"  # display form


def test_search_filters_and_text_output(db: str) -> None:
    result = CliRunner().invoke(app, ["search", "ﺍﻳﺮﺍﻥ", "--db", db, "--source", "geo"])
    assert result.exit_code == 0, result.output
    assert "1 matching" in result.output and "لاہور میں بارش" in result.output


def test_search_bad_query_is_one_clear_line(db: str) -> None:
    result = CliRunner().invoke(app, ["search", "--db", db, "--", "-ایران"])
    assert result.exit_code == 1
    assert "error:" in result.output


def test_serve_answers_on_loopback(db: str) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "akhbar", "serve", "--db", db, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/search", params={"q": "ایران"})
                break
            except httpx.HTTPError:
                assert proc.poll() is None and time.monotonic() < deadline
                time.sleep(0.2)
        assert r.status_code == 200 and r.json()["total"] == 2
    finally:
        proc.terminate()
        proc.wait(timeout=30)
