"""Plain text out of the small HTML fragments feeds carry (summaries, content).

>>> html_to_text("<p>پہلا&nbsp;پیراگراف</p><p>دوسرا &amp; آخری</p>")
'پہلا پیراگراف\\n\\nدوسرا & آخری'
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    ]
)
_SKIP = frozenset({"script", "style", "noscript", "template", "iframe", "object", "svg"})
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.images: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n\n" if tag in {"p", "div"} else "\n")
        if tag == "img":
            src = dict(attrs).get("src")
            if src:
                self.images.append(src)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _SKIP:
            self._skip -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n\n" if tag == "p" else "\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _convert(fragment: str) -> tuple[str, list[str]]:
    parser = _TextParser()
    parser.feed(fragment)
    parser.close()
    text = "".join(parser.parts).replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip(), parser.images


def html_to_text(fragment: str | None) -> str:
    """Text of an HTML fragment: tags dropped, entities decoded, blocks on their own lines.

    A fragment escaped twice (tags still visible after one pass) is converted again.
    """
    if not fragment:
        return ""
    if "<" not in fragment and "&" not in fragment:  # plain text: only spaces to tidy
        lines = [" ".join(line.split()) for line in fragment.replace("\xa0", " ").split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    text, _ = _convert(fragment)
    if _TAG.search(text):
        text, _ = _convert(text)
    return text


def first_image(fragment: str | None) -> str | None:
    """The ``src`` of the first ``<img>`` in a fragment, if any."""
    if not fragment or "<img" not in fragment.lower():
        return None
    _, images = _convert(fragment)
    return images[0] if images else None
