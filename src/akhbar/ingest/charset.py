"""Bytes to text for pages that declare the wrong encoding (or none).

The order: a byte-order mark; strict UTF-8 (valid UTF-8 is almost never an accident);
the declared charset (HTTP header, XML declaration or HTML ``<meta>``) unless it is a
Western single-byte label on text that is not Western; then charset-normalizer.

>>> text = "شمالي کوريا کے سربراہ نے روسي وزير دفاع سے ملاقات کي اور تعاون پر بات کي"
>>> decode_body(text.encode("cp1256"), "iso-8859-1") == (text, "cp1256")
True
"""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_WESTERN = frozenset({"latin-1", "iso8859-1", "cp1252", "ascii"})
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_META = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE | re.DOTALL
)
_ARABIC_CODECS = ("cp1256", "iso8859-6", "utf-16")


def codec_name(label: str | None) -> str | None:
    """Python's name for an encoding label, None when unknown."""
    if not label:
        return None
    try:
        return codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None


def declared_charset(content: bytes, header: str | None = None) -> str | None:
    """The charset the bytes claim: HTTP header first, then XML declaration or ``<meta>``."""
    if header:
        return codec_name(header)
    head = content[:2048]
    m = _XML_DECL.match(head) or _META.search(head)
    return codec_name(m.group(1).decode("ascii", "replace")) if m else None


def _detect(content: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(content[:200_000]).best()
    return codec_name(best.encoding) if best is not None else None


def decode_body(content: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode ``content``; return the text and the codec used."""
    for bom, bom_codec in _BOMS:
        if content.startswith(bom):
            return content.decode(bom_codec, errors="replace"), bom_codec
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    name = codec_name(declared) or declared_charset(content)
    if name and name not in _WESTERN and name != "utf-8":
        try:
            return content.decode(name), name
        except (UnicodeDecodeError, LookupError):
            pass
    detected = _detect(content)
    if detected and detected != "utf-8":
        try:
            return content.decode(detected), detected
        except (UnicodeDecodeError, LookupError):
            pass
    for fallback in (*_ARABIC_CODECS, name or "cp1252"):
        try:
            return content.decode(fallback), fallback
        except (UnicodeDecodeError, LookupError):
            continue
    return content.decode("utf-8", errors="replace"), "utf-8"
