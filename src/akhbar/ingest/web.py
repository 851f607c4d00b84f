"""Web pages through trafilatura: main text, title, date, author, canonical URL, language.

``extract_page`` is a pure function of the page (bytes or text), its URL and its source,
so the batch runner reuses it on WARC records. Navigation, related-headline lists and
footers are not article text: trafilatura drops most of them, and a trailing run of
short headline-like lines that survives is cut off here.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

from akhbar.errors import ParseError
from akhbar.ingest.charset import declared_charset, decode_body
from akhbar.ingest.dates import parse_date
from akhbar.ingest.identity import make_item
from akhbar.ingest.pages import is_headline
from akhbar.model import Item, Source

_PUBLISHED = re.compile(
    r"""(?:property|name|itemprop)\s*=\s*["'](?:article:published_time|datePublished|"""
    r"""pubdate|publishdate|date|dc\.date)["'][^>]*?content\s*=\s*["']([^"']{8,40})["']"""
    r"""|"datePublished"\s*:\s*"([^"]{8,40})\"""",
    re.IGNORECASE,
)
MIN_TEXT_CHARS = 40


def _published(html: str, fallback: str | None) -> datetime | None:
    head_end = html.find("</head>", 0, 200_000)
    m = _PUBLISHED.search(html, 0, head_end if head_end > 0 else 200_000)
    if m is None and '"datePublished"' in html:  # JSON-LD may sit in the body
        m = _PUBLISHED.search(html, 0, 400_000)
    if m:
        value = parse_date(m.group(1) or m.group(2))
        if value is not None:
            return value
    return parse_date(fallback) if fallback else None


def _trim(text: str, title: str) -> str:
    lines = [ln.strip() for ln in text.split("\n")]
    if lines and title and lines[0] == title.strip():
        lines = lines[1:]
    end = len(lines)
    while end > 0 and (not lines[end - 1] or is_headline(lines[end - 1])):
        end -= 1
    if len([ln for ln in lines[end:] if ln]) >= 3:
        lines = lines[:end]
    return "\n".join(lines).strip()


def page_source(url: str | None, name: str | None = None) -> Source:
    """A source for a page fetched without one: its host, typed ``other``."""
    host = urlsplit(url).hostname if url else None
    key = host or "web"
    return Source(key=key, name=name or key, type="other", url=f"https://{host}/" if host else None)


def extract_page(
    html: str | bytes,
    url: str | None = None,
    source: Source | None = None,
    *,
    charset: str | None = None,
    fetched: datetime | None = None,
) -> Item:
    """The article of a web page as an item; ParseError when there is no article text."""
    import trafilatura

    if isinstance(html, bytes):
        if b"\x00" in html[:4096]:
            raise ParseError(f"{url or 'page'}: binary data, not an HTML page")
        html = decode_body(html, declared_charset(html, charset))[0]
    if not html.strip():
        raise ParseError(f"{url or 'page'}: empty page")
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_precision=True,
            # our own reader takes the published time from the page's meta tags first
            # (and reads Urdu dates, which htmldate cannot), so htmldate's quick search
            # is enough as a fallback
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:
        raise ParseError(f"{url or 'page'}: trafilatura failed: {exc}") from exc
    if isinstance(doc, dict):  # only with as_dict=True, which is not asked for
        raise ParseError(f"{url or 'page'}: unexpected trafilatura result")
    if doc is None or not (doc.text or "").strip():
        raise ParseError(f"{url or 'page'}: no article text found")
    title = (doc.title or "").strip()
    text = _trim(doc.text or "", title)
    if len(text) < MIN_TEXT_CHARS and not title:
        raise ParseError(f"{url or 'page'}: too little article text ({len(text)} characters)")
    canonical = doc.url if doc.url and doc.url.startswith(("http://", "https://")) else url
    source = source or page_source(canonical, doc.sitename)
    return make_item(
        source,
        title=title,
        text=text,
        url=canonical,
        published=_published(html, doc.date),
        author=doc.author,
        image=doc.image,
        fetched=fetched,
    )
