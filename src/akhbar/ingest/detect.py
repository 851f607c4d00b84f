"""What kind of input a file or a fetched body is: feed, page, text page, export.

>>> detect_format("feed.xml", b'<?xml version="1.0"?><rss version="2.0">')
'feed'
>>> detect_format("result.json", b'{"name": "x", "messages": []}')
'telegram'
"""

from __future__ import annotations

import re
from typing import Literal

from akhbar.ingest.feeds import feed_root_at

Format = Literal["feed", "page", "text", "telegram", "tweets", "jsonl", "csv", "opml", "binary"]
FORMATS: tuple[str, ...] = (
    "feed",
    "page",
    "text",
    "telegram",
    "tweets",
    "jsonl",
    "csv",
    "opml",
    "binary",
)
_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
_BINARY_TYPES = ("image/", "audio/", "video/", "font/")
_BINARY_EXACT = frozenset(
    {
        "application/octet-stream",
        "application/pdf",
        "application/zip",
        "application/gzip",
        "application/x-gzip",
        "application/x-tar",
        "application/msword",
    }
)
_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"RIFF")


def is_binary(head: bytes, content_type: str = "") -> bool:
    """True for content that is not text: media types, magic numbers, NUL bytes."""
    ctype = content_type.lower()
    if ctype.startswith(_BINARY_TYPES) or ctype in _BINARY_EXACT:
        return True
    if head.startswith(_MAGIC):
        return True
    sample = head[:4096]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text has NULs
        return False
    return b"\x00" in sample


def detect_format(name: str, head: bytes, content_type: str = "") -> Format:
    """The format of an input from its name, its first bytes and its media type."""
    lower = name.lower()
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if is_binary(head, content_type):
        return "binary"
    if lower.endswith("tweets.js") or stripped.startswith(b"window.YTD."):
        return "tweets"
    if lower.endswith(".opml") or stripped[:400].lower().find(b"<opml") >= 0:
        return "opml"
    root = feed_root_at(head)
    if root >= 0 and not _HTML.search(head[:root]):  # HTML inside an item's CDATA is fine
        return "feed"
    if lower.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if lower.endswith((".csv", ".tsv")) or "text/csv" in content_type:
        return "csv"
    if lower.endswith(".json") or "json" in content_type or stripped.startswith(b"{"):
        if b'"messages"' in head:
            return "telegram"
        return "jsonl"
    if (
        "html" in content_type
        or lower.endswith((".html", ".htm", ".xhtml"))
        or _HTML.search(head[:4096])
    ):
        return "page"
    if "xml" in content_type or lower.endswith((".xml", ".rss", ".atom", ".rdf")):
        return "feed"
    return "text"
