"""``akhbar text``: the stable JSON it prints, and the doctests of the text layer."""

from __future__ import annotations

import doctest
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from akhbar.cli import app
from akhbar.text import _tokens, chars, normalize, numbers, script, segment


def test_text_command_prints_the_stable_object(tmp_path: Path) -> None:
    src = tmp_path / "in.txt"
    src.write_text("ايران کے پاس 9ہزار کلو یورینیم ہے۔ سربراہ آئی اے ای اے", encoding="utf-8")
    result = CliRunner().invoke(app, ["text", str(src)])
    assert result.exit_code == 0, result.output
    obj = json.loads(result.stdout)
    assert list(obj) == ["language", "display", "key", "sentences", "tokens"]
    assert obj["language"]["code"] == "ur"
    assert 0 < obj["language"]["confidence"] <= 1
    display = obj["display"]
    assert display.startswith("ایران")
    assert [display[s:e] for s, e in obj["sentences"]] == [
        "ایران کے پاس 9ہزار کلو یورینیم ہے۔",
        "سربراہ آئی اے ای اے",
    ]
    assert [display[s:e] for s, e in obj["tokens"]][3:5] == ["9", "ہزار"]
    assert obj["key"] == normalize.search_key(display)


def test_text_command_lines_reads_stdin() -> None:
    data = "پاکستان میں آج بارش ہوئی\n\nThe match was cancelled\nkya haal hai\n".encode()
    result = CliRunner().invoke(app, ["text", "--lines"], input=data)
    assert result.exit_code == 0, result.output
    objs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["language"]["code"] for o in objs] == ["ur", "und", "en", "ur-Latn"]


def test_text_command_survives_broken_bytes(tmp_path: Path) -> None:
    src = tmp_path / "bad.txt"
    src.write_bytes(b"\xff\xfe\x00 \xd8\xa7\xed\xa0\x80 \x07")
    result = CliRunner().invoke(app, ["text", str(src)])
    assert result.exit_code == 0, result.output
    json.loads(result.stdout)


@pytest.mark.parametrize("module", [normalize, segment, script, numbers, _tokens, chars])
def test_doctests(module: object) -> None:
    failures, _ = doctest.testmod(module, verbose=False)  # type: ignore[arg-type]
    assert failures == 0
