"""``akhbar analyze``: the full analysis of a text as JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from akhbar.model import Article


def article_json(article: Article) -> dict[str, Any]:
    """The stable JSON object ``akhbar analyze`` prints: ``akhbar text``'s fields plus the
    analysis, every offset into ``display``."""
    from akhbar.analyze.claims import verification
    from akhbar.text import script

    lang = article.language or script.identify(article.text)
    out: dict[str, Any] = {  # ``akhbar text``'s fields, as reading the item found them
        "language": {"code": lang.code, "confidence": round(lang.confidence, 4)},
        "display": article.text,
        "key": article.key,
        "sentences": [[s.start, s.end] for s in article.sentences],
        "tokens": [[t.start, t.end] for t in article.tokens],
    }
    out["title_end"] = article.title_end
    out["entities"] = [
        {"start": e.start, "end": e.end, "label": e.label, "id": e.id, "english": e.english}
        for e in article.entities
    ]
    out["quotes"] = [
        {
            "speaker": [q.speaker.start, q.speaker.end] if q.speaker else None,
            "content": [q.content.start, q.content.end],
            "cue": q.cue,
            "direct": q.direct,
            "speaker_id": q.speaker_id,
        }
        for q in article.quotes
    ]
    out["markers"] = [
        {"start": m.start, "end": m.end, "kind": m.kind, "by": m.by} for m in article.markers
    ]
    out["topic"] = (
        {"label": article.topic.label, "score": article.topic.score} if article.topic else None
    )
    out["keywords"] = [{"text": k.text, "score": k.score} for k in article.keywords]
    out["summary"] = [[s.start, s.end] for s in article.summary]
    check = verification(article)
    out["verification"] = {
        "attributed": [[s.start, s.end] for s in check.attributed],
        "unattributed": [[s.start, s.end] for s in check.unattributed],
        "unconfirmed": [[s.start, s.end] for s in check.unconfirmed],
        "state_media": list(check.state_media),
        "social_source": check.social_source,
        "line": check.line(),
    }
    out["notes"] = list(article.notes)
    return out


def register(app: typer.Typer) -> None:
    """Add ``analyze`` to the app."""

    @app.command("analyze")
    def analyze_cmd(
        file: Annotated[Path | None, typer.Argument(help="UTF-8 text; stdin when absent")] = None,
        lines: Annotated[
            bool, typer.Option("--lines", help="one text (a headline) per line; JSON Lines out")
        ] = False,
    ) -> None:
        """Analyze a text (first line = title) and print JSON: entities, quotes, markers,
        topic, keywords, summary."""
        from akhbar.analyze.pipeline import analyze_text, load_resources
        from akhbar.cli.text import read_input

        data = read_input(file)
        res = load_resources()
        texts = [t for t in data.splitlines() if t.strip()] if lines else [data]
        for text in texts:
            article = analyze_text(text, resources=res)
            sys.stdout.write(json.dumps(article_json(article), ensure_ascii=False) + "\n")
