"""Hand-annotated news sentences as NER training data (``training/data/ner-xlsum.jsonl``).

Each line names one sentence of an XL-Sum dev article (``../shared/data/summaries``) or
of a COUNTER article's body (``id`` ``counter:NNNN`` or ``counter:NNNNp``) by the
article's ``id`` and the sentence's character offsets in its display form, with a
short hash of the sentence to catch a changed text, and lists its entities as
``[label, string]`` pairs: every occurrence of a listed string at word boundaries is a
gold entity (longest first, no overlaps), the rule ``bench/data/ner-news-dev.jsonl``
follows too. The sentence text itself stays in the shared data, not in the repository.

Articles that gave a sentence to ``bench/data/ner-news-dev.jsonl`` were never drawn.
``DEV_SHARE`` of the articles (by a hash of their id) form a development part, kept out
of training when ``train_ner.py --news-dev`` scores on it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path

from akhbar.text import normalize, segment

HERE = Path(__file__).resolve().parent
ANNOTATIONS = HERE / "data" / "ner-xlsum.jsonl"
COUNTER = "counter:"
#: One article in this many (by id hash) is development data.
DEV_SHARE = 5

Sentence = list[tuple[str, str]]


def sentence_hash(text: str) -> str:
    """The short hash stored with each annotated sentence."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def is_dev(article: str) -> bool:
    """Whether an article belongs to the development part (a COUNTER pair goes together)."""
    if article.startswith(COUNTER):
        article = article.removesuffix("p")
    return int(hashlib.sha1(article.encode("utf-8")).hexdigest(), 16) % DEV_SHARE == 0


def gold_spans(text: str, entities: Iterable[list[str]]) -> set[tuple[int, int, str]]:
    """Character spans of the listed strings at word boundaries, longest first."""
    gold: set[tuple[int, int, str]] = set()
    for label, name in sorted(entities, key=lambda e: -len(e[1])):
        for m in re.finditer(re.escape(name), text):
            a, b = m.span()
            inside = (a > 0 and text[a - 1].isalnum()) or (b < len(text) and text[b].isalnum())
            if not inside and not any(a < y and x < b for x, y, _ in gold):
                gold.add((a, b, label))
    return gold


def to_bio(text: str, spans: set[tuple[int, int, str]]) -> Sentence:
    """The sentence's tokens with BIO tags (an entity that splits a token is left out)."""
    toks = segment.tokens(text)
    tags = ["O"] * len(toks)
    for a, b, label in spans:
        inside = [i for i, (s, e) in enumerate(toks) if a <= s and e <= b]
        if not inside or toks[inside[0]][0] != a or toks[inside[-1]][1] != b:
            continue
        tags[inside[0]] = "B-" + label
        for i in inside[1:]:
            tags[i] = "I-" + label
    return [(text[s:e], tag) for (s, e), tag in zip(toks, tags, strict=True)]


def read_articles(data: Path) -> dict[str, str]:
    """XL-Sum dev articles and COUNTER bodies in display form, by id."""
    path = data / "summaries" / "xlsum-ur-dev.jsonl"
    out = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            out[row["id"]] = normalize.display(row["text"])
    for xml in sorted((data / "counter" / "xml").glob("*.xml")):
        raw = xml.read_text(encoding="utf-8", errors="replace")
        body = re.findall(r"<body>(.*?)</", raw, flags=re.S)
        if body:
            out[COUNTER + xml.stem] = normalize.display(body[0])
    return out


def read_annotations(data: Path, path: Path = ANNOTATIONS, part: str = "all") -> list[Sentence]:
    """The annotated sentences as BIO token sequences; ``part``: all, train or dev."""
    if not path.is_file():
        return []
    articles = read_articles(data)
    out: list[Sentence] = []
    stale = 0
    for line in path.open(encoding="utf-8"):
        row = json.loads(line)
        if part != "all" and is_dev(row["id"]) != (part == "dev"):
            continue
        text = articles.get(row["id"], "")[row["start"] : row["end"]]
        if not text or sentence_hash(text) != row["hash"]:
            stale += 1
            continue
        out.append(to_bio(text, gold_spans(text, row["entities"])))
    if stale:
        print(f"warning: {stale} annotated sentences no longer match their text; skipped")
    return out
