"""Extractive summaries of an article and of a story.

A sentence scores by its TF-IDF cosine with the whole text (the centroid), times a
prior that favours the lead; an image caption glued to the first sentence (common in
web copy: "…تصادم ہوا حکام کے مطابق …") is cut off first. A story summary picks from all
its reports and skips a sentence close to one already picked, so a paragraph that
several reports share appears once.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from akhbar.model import Article, Span

_WORD = re.compile(r"[^\W\d_][\w\u064b-\u065f\u0670\u06d6-\u06ed]*")
#: Words that end a clause; a caption glued to a sentence ends with one of them.
_CLAUSE_END = frozenset("ہے ہیں تھا تھی تھے تھیں ہوا ہوئی ہوئے گیا گئی گئے گا گی گے رہا رہی رہے".split())
#: Words that continue a clause after a clause-final word (so no cut there).
_CONTINUES = frozenset(
    """
    ہے ہیں تھا تھی تھے تھیں گا گی گے کہ اور جب جس جن جو جہاں تو لیکن مگر جبکہ کیونکہ
    تاہم تاکہ اگر بلکہ یا نہ ہی بھی جو کہ جسے جنہیں تھیں ہوں ہو چکا چکی چکے
    """.split()
)
MIN_CAPTION_WORDS = 4
MIN_REST_WORDS = 6


@dataclass(frozen=True, slots=True)
class SummaryOptions:
    """How many sentences, how strongly the lead is favoured, when sentences repeat."""

    k: int = 1
    lead_weight: float = 1.0
    redundancy: float = 0.6
    stopwords: frozenset[str] = frozenset()
    idf: Mapping[str, float] = field(default_factory=dict)
    default_idf: float = 8.0


def caption_cut(text: str, span: Span) -> Span:
    """The sentence without an image caption glued to its start (or the span unchanged)."""
    words = list(_WORD.finditer(text, span.start, span.end))
    for i in range(MIN_CAPTION_WORDS - 1, len(words) - MIN_REST_WORDS):
        w, nxt = words[i].group(), words[i + 1].group()
        if w in _CLAUSE_END and nxt not in _CONTINUES and nxt not in _CLAUSE_END:
            gap = text[words[i].end() : words[i + 1].start()]
            if gap.strip() == "":
                return Span(words[i + 1].start(), span.end)
    return span


def _vector(words: Sequence[str], opts: SummaryOptions) -> dict[str, float]:
    tf = Counter(w for w in words if w not in opts.stopwords)
    return {w: (1.0 + math.log(n)) * opts.idf.get(w, opts.default_idf) for w, n in tf.items()}


def _cos(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(w, 0.0) for w, v in a.items())
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def _words(text: str, span: Span) -> list[str]:
    return [m.group() for m in _WORD.finditer(text, span.start, span.end)]


def candidate_sentences(text: str, sentences: Sequence[Span], lo: int = 0) -> list[Span]:
    """Body sentences worth a summary: the first without a glued caption, none too short."""
    body = [s for s in sentences if s.start >= lo and len(_words(text, s)) >= 4]
    if body:
        body[0] = caption_cut(text, body[0])
    return body


def rank(text: str, sentences: Sequence[Span], opts: SummaryOptions) -> list[tuple[float, Span]]:
    """(score, sentence) for each candidate, best first."""
    words = {s: _words(text, s) for s in sentences}
    centroid = _vector([w for ws in words.values() for w in ws], opts)
    scored = []
    for i, s in enumerate(sentences):
        prior = 1.0 + opts.lead_weight / (i + 1)
        scored.append((_cos(_vector(words[s], opts), centroid) * prior, s))
    scored.sort(key=lambda t: (-t[0], t[1].start))
    return scored


def summarize(
    text: str, sentences: Sequence[Span], lo: int = 0, opts: SummaryOptions | None = None
) -> tuple[Span, ...]:
    """The best ``opts.k`` sentences of a text, in text order."""
    opts = opts or SummaryOptions()
    cands = candidate_sentences(text, sentences, lo)
    picked: list[Span] = []
    vecs: list[dict[str, float]] = []
    for _, s in rank(text, cands, opts):
        v = _vector(_words(text, s), opts)
        if any(_cos(v, u) > opts.redundancy for u in vecs):
            continue
        picked.append(s)
        vecs.append(v)
        if len(picked) == opts.k:
            break
    return tuple(sorted(picked, key=lambda s: s.start))


def story_summary(
    articles: Sequence[Article], opts: SummaryOptions | None = None
) -> tuple[tuple[int, Span], ...]:
    """(article index, sentence) pairs summarizing a story; shared sentences appear once."""
    opts = opts or SummaryOptions(k=3)
    pool: list[tuple[float, int, Span, dict[str, float]]] = []
    seen: Counter[str] = Counter()
    for a in articles:
        for s in candidate_sentences(a.text, a.sentences, a.title_end + 1 if a.title_end else 0):
            seen[" ".join(_words(a.text, s))] += 1
    for i, a in enumerate(articles):
        lo = a.title_end + 1 if a.title_end else 0
        for score, s in rank(a.text, candidate_sentences(a.text, a.sentences, lo), opts):
            shared = seen[" ".join(_words(a.text, s))]
            pool.append((score * (1.0 + 0.1 * (shared - 1)), i, s, _vector(_words(a.text, s), opts)))
    pool.sort(key=lambda t: (-t[0], t[1], t[2].start))
    picked: list[tuple[int, Span]] = []
    vecs: list[dict[str, float]] = []
    for _, i, s, v in pool:
        if any(_cos(v, u) > opts.redundancy for u in vecs):
            continue
        picked.append((i, s))
        vecs.append(v)
        if len(picked) == opts.k:
            break
    return tuple(picked)


@dataclass(frozen=True, slots=True)
class SummaryStage:
    """Assigns ``summary``."""

    options: SummaryOptions = SummaryOptions()
    name: str = "summary"
    requires: frozenset[str] = frozenset({"text", "title_end", "sentences"})
    assigns: frozenset[str] = frozenset({"summary"})

    def __call__(self, article: Article) -> Article:
        lo = article.title_end + 1 if article.title_end else 0
        spans = summarize(article.text, article.sentences, lo, self.options)
        return dataclasses.replace(article, summary=spans)
