"""``akhbar cluster``: JSON Lines in, one stable JSON line per item out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from akhbar.cli import app

ITEMS = [
    {
        "id": "app-1",
        "title": "پٹرول کی قیمت میں 12 روپے کمی",
        "text": "اسلام آباد (اے پی پی) وفاقی حکومت نے پٹرول کی قیمت میں 12 روپے 50 پیسے فی لیٹر "
        "کمی کا اعلان کر دیا ہے۔ نئی قیمتوں کا اطلاق آج رات بارہ بجے سے ہوگا۔",
        "published": "2025-06-20T09:00:00Z",
        "source": "app",
    },
    {
        "id": "paper-1",
        "title": "پٹرول کی قیمت میں 12 روپے کمی",
        "text": "اسلام آباد (اے پی پی) وفاقی حکومت نے پٹرول کی قیمت میں 12 روپے 50 پیسے فی لیٹر "
        "کمی کا اعلان کر دیا ہے۔ نئی قیمتوں کا اطلاق آج رات بارہ بجے سے ہوگا۔",
        "published": "2025-06-20T16:00:00+05:00",
        "source": "jang",
    },
    {
        "id": "sport-1",
        "title": "قومی ٹیم نے نیوزی لینڈ کو سات وکٹوں سے ہرا دیا",
        "text": "",
        "published": "2025-06-20T12:00:00Z",
        "source": "geo",
    },
    {"id": "empty", "title": "", "text": ""},
]


def run(lines: str, tmp_path: Path | None = None) -> list[dict[str, object]]:
    runner = CliRunner()
    if tmp_path is None:
        result = runner.invoke(app, ["cluster"], input=lines)
    else:
        path = tmp_path / "items.jsonl"
        path.write_text(lines, encoding="utf-8")
        result = runner.invoke(app, ["cluster", str(path)])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_cluster_reads_stdin_and_prints_one_line_per_item() -> None:
    lines = "\n".join(json.dumps(i, ensure_ascii=False) for i in ITEMS) + "\nnot json\n"
    out = run(lines)
    assert [o["id"] for o in out] == ["app-1", "paper-1", "sport-1", "empty", None]
    for o in out[:3]:
        assert set(o) == {"id", "story", "copy_of", "grade"}
    assert out[1]["story"] == out[0]["story"]
    assert (out[1]["copy_of"], out[1]["grade"]) == ("app-1", "wholly")
    assert out[2]["story"] not in {out[0]["story"], None}
    assert out[3]["story"] is None and "empty" in str(out[3]["refused"])
    assert out[4]["story"] is None and "not JSON" in str(out[4]["refused"])


def test_cluster_reads_a_file_and_is_deterministic(tmp_path: Path) -> None:
    lines = "\n".join(json.dumps(i, ensure_ascii=False) for i in ITEMS[:3])
    assert run(lines, tmp_path) == run(lines)


def test_cluster_with_entities_keeps_the_same_shape() -> None:
    pytest.importorskip("akhbar.analyze.entities")
    lines = "\n".join(json.dumps(i, ensure_ascii=False) for i in ITEMS[:3])
    result = CliRunner().invoke(app, ["cluster", "--entities"], input=lines)
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["app-1", "paper-1", "sport-1"]
    assert out[0]["story"] == out[1]["story"] != out[2]["story"]
