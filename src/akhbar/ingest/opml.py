"""OPML import and export of feed lists.

A source's type travels in a ``sourceType`` attribute (OPML allows extra attributes);
on import, a folder outline named after a type (``newspaper``, ``agency``...) also
sets it for the feeds inside.

>>> [s.url for s in parse_opml(write_opml([Source("k", "ڈان", "newspaper", "https://e.pk/rss")]))]
['https://e.pk/rss']
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import UTC, datetime

from akhbar.errors import ParseError
from akhbar.model import SOURCE_TYPES, Source, SourceType


def _type(value: str | None) -> SourceType | None:
    value = (value or "").strip().lower()
    for known in SOURCE_TYPES:
        if value == known:
            return known
    return None


def parse_opml(data: bytes | str, default_type: SourceType = "other") -> list[Source]:
    """The feeds listed in an OPML document, as sources keyed by their feed URL."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ParseError(f"not an OPML document: {exc}") from exc
    if root.tag.lower() != "opml":
        raise ParseError(f"not an OPML document: root element is <{root.tag}>")
    body = root.find("body")
    if body is None:
        raise ParseError("OPML document without a <body>")
    out: list[Source] = []
    seen: set[str] = set()

    def walk(node: ET.Element, inherited: SourceType) -> None:
        for outline in node.findall("outline"):
            url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
            name = (outline.get("title") or outline.get("text") or "").strip()
            kind = _type(outline.get("sourceType")) or inherited
            if url:
                if url not in seen:
                    seen.add(url)
                    language = (outline.get("language") or "ur").strip() or "ur"
                    out.append(
                        Source(key=url, name=name or url, type=kind, url=url, language=language)
                    )
            else:
                folder = _type(outline.get("text")) or _type(outline.get("title"))
                walk(outline, folder or kind)

    walk(body, default_type)
    return out


def write_opml(sources: Iterable[Source], title: str = "akhbar sources") -> str:
    """An OPML 2.0 document listing the sources that have a URL."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = datetime.now(UTC).strftime(
        "%a, %d %b %Y %H:%M:%S GMT"
    )
    body = ET.SubElement(root, "body")
    for source in sources:
        if not source.url:
            continue
        ET.SubElement(
            body,
            "outline",
            type="rss",
            text=source.name,
            title=source.name,
            xmlUrl=source.url,
            sourceType=source.type,
            language=source.language,
        )
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
