"""An item's identity and the one adapter every parser uses to build an ``Item``.

The identity (``uid``) is a hash of the first non-empty of: the guid, the canonical
URL, the normalized search key of the text; it is unique per source, so re-ingesting
the same feed or page stores nothing new (miniflux's ``unique (feed_id, hash)``).

>>> item_uid(None, "HTTPS://Example.com/a?utm_source=x#top", "") == item_uid(
...     None, "https://example.com/a", "")
True
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import datetime
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from akhbar.errors import InputError
from akhbar.model import Item, ItemKind, Source
from akhbar.text import normalize, script

_TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|dclid|mc_[a-z]+|igshid|ref_src|_ga)$", re.I)
_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_NEWLINES = re.compile(r"\n{3,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
LANGUAGE_SAMPLE_CHARS = 600  # enough to tell Urdu from its neighbours; plain Urdu is fast
_SAFE_PATH = "/%:@!$&'()*+,;=-._~"
_SAFE_QUERY = "/?%:@!$&'()*+,;=-._~"


def canonical_url(url: str | None) -> str | None:
    """A URL in one spelling: scheme and host lower-cased, default port, fragment and
    tracking parameters dropped, non-ASCII path characters percent-encoded."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url or None
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"} or not parts.hostname:
        return url or None
    host = parts.hostname.lower().rstrip(".")
    if port is not None and not (
        (scheme == "http" and port == 80) or (scheme == "https" and port == 443)
    ):
        host = f"{host}:{port}"
    if ":" in parts.hostname and not host.startswith("["):
        host = f"[{host}]"
    path = quote(unicodedata.normalize("NFC", parts.path) or "/", safe=_SAFE_PATH)
    path = re.sub(r"%[0-9a-f]{2}", lambda m: m.group(0).upper(), path)
    pairs = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)
    ]
    query = urlencode(pairs, quote_via=quote, safe=_SAFE_QUERY) if pairs else ""
    return urlunsplit((scheme, host, path, query, ""))


def text_key(text: str) -> str:
    """The normalized search key of a text with whitespace collapsed."""
    return " ".join(normalize.search_key(text).split())


def item_uid(guid: str | None, url: str | None, text: str | None) -> str:
    """Hash of the first non-empty of guid, canonical URL, normalized text key."""
    if guid and guid.strip():
        basis = "g:" + guid.strip()
    elif url and url.strip():
        basis = "u:" + (canonical_url(url) or url.strip())
    elif text and text.strip():
        basis = "t:" + text_key(text)
    else:
        raise InputError("an item needs a guid, a URL or some text to be identified")
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:32]


def clean_text(text: str | None) -> str:
    """Text with control characters removed, spaces collapsed, at most one blank line."""
    if not text:
        return ""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [_SPACE.sub(" ", line).strip() for line in text.split("\n")]
    return _NEWLINES.sub("\n\n", "\n".join(lines)).strip()


def detect_language(text: str) -> str | None:
    """The language code the text layer finds on the display form, None when undetermined.

    The display form first, so that Urdu typed with Arabic letters (ي ك ه, as older
    pages and Windows-1256 encodings have it) is read as the Urdu it is.
    """
    if not text.strip():
        return None
    guess = script.identify(normalize.display(text[:LANGUAGE_SAMPLE_CHARS]))
    return None if guess.code in {"und", "zxx", ""} else guess.code


def make_item(
    source: Source,
    *,
    title: str | None = None,
    text: str | None = None,
    url: str | None = None,
    guid: str | None = None,
    kind: ItemKind = "article",
    published: datetime | None = None,
    author: str | None = None,
    image: str | None = None,
    source_name: str | None = None,
    language: str | None = None,
    fetched: datetime | None = None,
) -> Item:
    """Build an item of ``source`` with cleaned text, its identity and its language.

    ``source_name`` is who the item is attributed to (a page's "Source: …" line); it
    defaults to the source's display name.
    """
    title = clean_text(title).replace("\n", " ")
    text = clean_text(text)
    url = url.strip() if url and url.strip() else None
    guid = guid.strip() if guid and guid.strip() else None
    body = f"{title}\n{text}" if title and text else (title or text)
    return Item(
        source=source.key,
        uid=item_uid(guid, url, body),
        kind=kind,
        title=title,
        text=text,
        url=url,
        guid=guid,
        published=published,
        author=clean_text(author) or None,
        language=language or detect_language(body),
        source_type=source.type,
        source_name=clean_text(source_name) or source.name or None,
        image=image.strip() if image and image.strip() else None,
        fetched=fetched,
    )
