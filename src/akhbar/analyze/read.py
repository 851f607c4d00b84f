"""Reading an item: display form, search key, sentences, tokens, language."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from functools import lru_cache
from itertools import starmap

from akhbar.model import Article, Item, Language, Span
from akhbar.text import normalize, script, segment


def read_item(item: Item) -> Article:
    """Turn an item into an article with its text layer filled in."""
    title = normalize.display(item.title).strip()
    body = normalize.display(item.text).strip()
    text = f"{title}\n{body}" if title and body else (title or body)
    guess = script.identify(text)
    span = _span_maker()
    return Article(
        item=item,
        text=text,
        title_end=len(title),
        key=normalize.search_key(text),
        language=Language(guess.code, guess.confidence, guess.script),
        sentences=tuple(starmap(span, segment.sentences(text))),
        tokens=tuple(starmap(span, segment.tokens(text))),
    )


@lru_cache(maxsize=1)
def _span_maker() -> Callable[[int, int], Span]:
    """A function that builds ``Span(start, end)`` about twice as fast as the dataclass
    ``__init__`` (an article has some 300 tokens): it sets the three slots directly. Used
    only while ``Span``'s fields are exactly ``start, end, label``; else ``Span`` itself."""
    names = tuple(f.name for f in dataclasses.fields(Span))
    if names != ("start", "end", "label") or Span.__slots__ != names:
        return Span
    new = object.__new__
    set_start, set_end, set_label = (vars(Span)[n].__set__ for n in names)

    def make(start: int, end: int) -> Span:
        span = new(Span)
        set_start(span, start)
        set_end(span, end)
        set_label(span, "")
        return span

    return make
