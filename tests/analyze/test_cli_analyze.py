"""``akhbar analyze``: the stable JSON of the full analysis."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from akhbar.cli import app

KEYS = {
    "language", "display", "key", "sentences", "tokens", "title_end", "entities",
    "quotes", "markers", "topic", "keywords", "summary", "notes", "verification",
}  # fmt: skip


def test_analyze_file(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(
        "پاکستان کے وزیراعظم نواز شریف ہیں ، امریکا\n"
        "ترجمان نے کہا کہ امریکا مذاکرات میں شریک نہیں۔ ذرائع کے مطابق اجلاس کل ہوگا۔",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["analyze", str(src)])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert set(out) >= KEYS
    text = out["display"]
    speakers = [text[slice(*q["speaker"])] for q in out["quotes"] if q["speaker"]]
    assert "امریکا" in speakers and "ترجمان" in speakers
    assert {"attributed", "unnamed_source"} <= {m["kind"] for m in out["markers"]}
    assert out["topic"]["label"] and 0 < out["topic"]["score"] <= 1
    for s, e in out["summary"]:
        assert [s, e] in out["sentences"]
    for q in out["quotes"]:
        assert set(q) == {"speaker", "content", "cue", "direct", "speaker_id"}
    check = out["verification"]
    assert check["attributed"] and check["unconfirmed"] and not check["social_source"]
    for e in out["entities"]:
        assert set(e) == {"start", "end", "label", "id", "english"}


def test_analyze_lines_from_stdin() -> None:
    lines = (
        "ایران کا امریکی اڈوں کو نشانہ بنانا تباہ کن غلطی ہوگی، برطانیہ\n\n"
        "خلیجی ملک نے فضائی حدود کو بند کر دیا\n"
    )
    result = CliRunner().invoke(app, ["analyze", "--lines"], input=lines)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert len(rows) == 2
    first = rows[0]
    assert first["title_end"] == len(first["display"])
    assert [first["display"][slice(*q["speaker"])] for q in first["quotes"]] == ["برطانیہ"]
    assert rows[1]["quotes"] == []


def test_analyze_empty_input() -> None:
    result = CliRunner().invoke(app, ["analyze"], input="")
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["quotes"] == [] and any("empty" in n for n in out["notes"])
