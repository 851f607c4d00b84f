"""``akhbar text``: the text layer's view of a text."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer


def text_json(text: str) -> dict[str, Any]:
    """The stable JSON object ``akhbar text`` prints for one text."""
    from akhbar.text import normalize, script, segment

    display = normalize.display(text)
    guess = script.identify(text)  # raw letters (ي ك ه) are evidence the display form folds
    return {
        "language": {"code": guess.code, "confidence": round(guess.confidence, 4)},
        "display": display,
        "key": normalize.search_key(display),
        "sentences": [list(s) for s in segment.sentences(display)],
        "tokens": [list(t) for t in segment.tokens(display)],
    }


def read_input(file: Path | None) -> str:
    """UTF-8 text from FILE or standard input, undecodable bytes replaced."""
    data = file.read_bytes() if file else sys.stdin.buffer.read()
    return data.decode("utf-8", errors="replace")


def register(app: typer.Typer) -> None:
    """Add ``text`` to the app."""

    @app.command("text")
    def text_cmd(
        file: Annotated[Path | None, typer.Argument(help="UTF-8 text; stdin when absent")] = None,
        lines: Annotated[bool, typer.Option("--lines", help="one JSON object per line")] = False,
    ) -> None:
        """Normalize, segment and identify the language of a text; print JSON."""
        data = read_input(file)
        if lines:
            for line in data.splitlines():
                sys.stdout.write(json.dumps(text_json(line), ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(json.dumps(text_json(data), ensure_ascii=False) + "\n")
