"""HTML sanitizing with nh3: feed and page HTML is cleaned before it is stored or shown.

``clean_html`` keeps a small set of harmless formatting tags; ``to_text`` keeps only the
text; ``safe_url`` lets through only http(s) and mailto addresses, so a ``javascript:``
link from a feed never becomes a link in the reader.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import nh3

ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "cite",
        "code",
        "em",
        "figcaption",
        "figure",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "i",
        "li",
        "ol",
        "p",
        "pre",
        "q",
        "small",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "*": {"lang", "dir"},
}
URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})
# Elements whose content is never text a reader should see.
DROP_CONTENT: frozenset[str] = frozenset(
    {"script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math"}
)
_BLOCK_END = re.compile(r"(?i)</(p|div|li|h[1-6]|blockquote|tr|section|article)\s*>|<br\s*/?>")
_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_html(fragment: str) -> str:
    """An HTML fragment with only harmless tags, attributes and link schemes left.

    >>> clean_html('<p onclick="x()">خبر <script>alert(1)</script></p>')
    '<p>خبر </p>'
    """
    return nh3.clean(
        _CONTROL.sub("", fragment),
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROP_CONTENT),
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow ugc",
        strip_comments=True,
    )


def to_text(fragment: str) -> str:
    """The visible text of an HTML fragment: tags dropped, paragraphs kept as lines.

    >>> to_text("<p>پہلی سطر</p><p>دوسری &amp; سطر<script>x</script></p>")
    'پہلی سطر\\nدوسری & سطر'
    """
    marked = _BLOCK_END.sub("\n", _CONTROL.sub("", fragment))
    bare = nh3.clean(marked, tags=set(), clean_content_tags=set(DROP_CONTENT))
    text = html.unescape(bare)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n", "\n".join(line for line in lines if line)).strip()


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) or mailto address, else None.

    >>> safe_url("javascript:alert(1)") is None
    True
    >>> safe_url("https://www.bbc.com/urdu")
    'https://www.bbc.com/urdu'
    """
    if not url:
        return None
    candidate = _CONTROL.sub("", url).strip()
    if any(ch.isspace() for ch in candidate):
        return None
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme in {"http", "https"} and parts.netloc:
        return candidate
    if scheme == "mailto" and parts.path:
        return candidate
    return None
