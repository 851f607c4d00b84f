"""Reading an item: display form, search key, sentences, tokens, language."""

from __future__ import annotations

from akhbar.model import Article, Item, Language, Span
from akhbar.text import normalize, script, segment


def read_item(item: Item) -> Article:
    """Turn an item into an article with its text layer filled in."""
    title = normalize.display(item.title).strip()
    body = normalize.display(item.text).strip()
    text = f"{title}\n{body}" if title and body else (title or body)
    guess = script.identify(text)
    return Article(
        item=item,
        text=text,
        title_end=len(title),
        key=normalize.search_key(text),
        language=Language(guess.code, guess.confidence, guess.script),
        sentences=tuple(Span(s, e) for s, e in segment.sentences(text)),
        tokens=tuple(Span(s, e) for s, e in segment.tokens(text)),
    )
