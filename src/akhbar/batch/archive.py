"""Write web pages into a WARC file (fixtures, benchmarks, turning page dumps into WARC).

>>> import io
>>> buf = io.BytesIO()
>>> write_warc(buf, [Page("https://example.pk/1", "<html><body>خبر</body></html>")])
1
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from typing import IO


@dataclass(frozen=True, slots=True)
class Page:
    """One crawled page: its URL, its HTML (text or bytes) and the HTTP details."""

    url: str
    html: str | bytes
    status: str = "200 OK"
    content_type: str = "text/html; charset=utf-8"
    date: datetime | None = None


def news_html(title: str, paragraphs: Iterable[str], published: str | None = None) -> str:
    """A simple Urdu news page: title, date, paragraphs, with the usual site chrome."""
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    meta = (
        f'<meta property="article:published_time" content="{escape(published)}">'
        if published
        else ""
    )
    return (
        '<!doctype html><html lang="ur" dir="rtl"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>{meta}</head><body>"
        '<nav><a href="/">صفحہ اول</a> <a href="/pakistan">پاکستان</a></nav>'
        f"<article><h1>{escape(title)}</h1>{body}</article>"
        "<footer>جملہ حقوق محفوظ ہیں</footer></body></html>"
    )


def write_warc(out: IO[bytes], pages: Iterable[Page], *, gzip: bool = True) -> int:
    """Write each page as a WARC response record; return how many were written."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    writer = WARCWriter(out, gzip=gzip)
    n = 0
    for page in pages:
        data = page.html.encode("utf-8") if isinstance(page.html, str) else page.html
        headers = StatusAndHeaders(
            page.status,
            [("Content-Type", page.content_type), ("Content-Length", str(len(data)))],
            protocol="HTTP/1.1",
        )
        when = (page.date or datetime(2024, 1, 1, tzinfo=UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
        record = writer.create_warc_record(
            page.url,
            "response",
            payload=io.BytesIO(data),
            http_headers=headers,
            warc_headers_dict={"WARC-Date": when},
        )
        writer.write_record(record)
        n += 1
    return n
