"""Copied text pages: an article body, a source line, then a list of headlines.

A page such as the sample news page (``examples/pages/urdu-news-page.txt``) is read into its parts:
the article (one item, with the source line's value as ``source_name``), the source
line itself (``Source: …``, ``ذریعہ: …``, ``بشکریہ …``), and the trailing headlines
(short lines without a full stop), each an item of kind ``headline``.

>>> page = "پہلا جملہ ہے۔ دوسرا جملہ ہے۔\\nSource: social media\\nایک سرخی\\nدوسری سرخی"
>>> [(i.kind, i.source_name) for i in parse_text_page(page, Source("s", "s"))]
[('article', 'social media'), ('headline', 's'), ('headline', 's')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from akhbar.errors import ParseError
from akhbar.ingest.identity import make_item
from akhbar.model import Item, Source

_SOURCE_LINE = re.compile(
    r"^\s*(?:source|courtesy|via|ذریعہ|ذريعہ|ذرائع|بشکریہ|بشكريہ|بہ\s*شکریہ|بحوالہ)"
    r"\s*[:：\-–]?\s*(?P<value>.+?)\s*$",
    re.IGNORECASE,
)
_FULL_STOP = ("۔", ".", "؟", "?", "!", "؛")
HEADLINE_MAX_CHARS = 160
HEADLINE_MAX_WORDS = 25


@dataclass(frozen=True, slots=True)
class PageParts:
    """The parts of a text page."""

    title: str
    body: str
    source_line: str | None
    headlines: tuple[str, ...]


def is_headline(line: str) -> bool:
    """True for a short line without a full stop, as headline lists are written."""
    line = line.strip()
    return (
        0 < len(line) <= HEADLINE_MAX_CHARS
        and len(line.split()) <= HEADLINE_MAX_WORDS
        and not line.endswith(_FULL_STOP)
    )


def split_page(text: str) -> PageParts:
    """Find the body, the source line and the trailing headline list of a page."""
    lines = [ln.strip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    source_at = next(
        (
            n
            for n, line in enumerate(lines)
            if len(line) <= 120 and _SOURCE_LINE.match(line) and not line.endswith("۔")
        ),
        None,
    )
    if source_at is not None:
        match = _SOURCE_LINE.match(lines[source_at])
        source_line = match.group("value").strip() if match else None
        before, after = lines[:source_at], lines[source_at + 1 :]
    else:
        source_line = None
        end = len(lines)
        while end > 0 and (not lines[end - 1] or is_headline(lines[end - 1])):
            end -= 1
        before, after = lines[:end], lines[end:]
        if len([a for a in after if a]) < 3:  # too few to be a headline list
            before, after = lines, []
    headlines = tuple(a for a in after if a and is_headline(a))
    body_lines = list(before)
    while body_lines and not body_lines[0]:
        body_lines.pop(0)
    title = ""
    if len(body_lines) > 1 and is_headline(body_lines[0]):
        title = body_lines.pop(0)
    body = "\n".join(body_lines).strip()
    leftover = [a for a in after if a and not is_headline(a)]
    if leftover:  # long lines after the source line still belong to the article
        body = "\n".join([body, *leftover]).strip()
    return PageParts(title=title, body=body, source_line=source_line or None, headlines=headlines)


def parse_text_page(
    text: str, source: Source, *, url: str | None = None, fetched: datetime | None = None
) -> list[Item]:
    """The article of a text page as one item, then each headline as a ``headline`` item."""
    if "\x00" in text:
        raise ParseError(f"{source.key}: binary data, not a text page")
    parts = split_page(text)
    items: list[Item] = []
    if parts.body:
        items.append(
            make_item(
                source,
                title=parts.title,
                text=parts.body,
                url=url,
                source_name=parts.source_line,
                fetched=fetched,
            )
        )
    for headline in parts.headlines:
        items.append(make_item(source, title=headline, kind="headline", fetched=fetched))
    if not items:
        raise ParseError(f"{source.key}: the page has no text")
    return items
