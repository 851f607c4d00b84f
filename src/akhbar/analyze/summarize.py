"""Extractive summaries of an article and of a story.

A sentence scores by its TF-IDF cosine with the rest of the text (the centroid of the
other sentences), times a prior that favours the lead; an image caption glued to the
first sentence (common in web copy: "…تصادم ہوا حکام کے مطابق …") is cut off first and
page boilerplate is skipped. A story summary picks from all its reports and skips a
sentence close to one already picked, so a paragraph that several reports share
appears once.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from akhbar.analyze.keywords import fold_words
from akhbar.model import Article, Span
from akhbar.text import chars

_WORD = re.compile(r"[^\W\d_][\w\u064b-\u065f\u0670\u06d6-\u06ed]*")


@lru_cache(maxsize=1)
def _bmp_word() -> re.Pattern[str]:
    """``_WORD`` for text in the Basic Multilingual Plane, with its classes spelled out."""
    return re.compile(f"[{chars.letters()}][{chars.word_chars()}\u064b-\u065f\u0670\u06d6-\u06ed]*")


#: Words that end a clause; a caption glued to a sentence ends with one of them.
_CLAUSE_END = frozenset(
    [
        "ہے",
        "ہیں",
        "تھا",
        "تھی",
        "تھے",
        "تھیں",
        "ہوا",
        "ہوئی",
        "ہوئے",
        "گیا",
        "گئی",
        "گئے",
        "گا",
        "گی",
        "گے",
        "رہا",
        "رہی",
        "رہے",
    ]
)
#: Words that continue a clause after a clause-final word (so no cut there).
_CONTINUES = frozenset(
    [
        "ہے",
        "ہیں",
        "تھا",
        "تھی",
        "تھے",
        "تھیں",
        "گا",
        "گی",
        "گے",
        "کہ",
        "اور",
        "جب",
        "جس",
        "جن",
        "جو",
        "جہاں",
        "تو",
        "لیکن",
        "مگر",
        "جبکہ",
        "کیونکہ",
        "تاہم",
        "تاکہ",
        "اگر",
        "بلکہ",
        "یا",
        "نہ",
        "ہی",
        "بھی",
        "جو",
        "کہ",
        "جسے",
        "جنہیں",
        "تھیں",
        "ہوں",
        "ہو",
        "چکا",
        "چکی",
        "چکے",
    ]
)
_BOILERPLATE = re.compile(r"یہ بھی پڑھیے|یہ بھی پڑھیں|٭|پوسٹ کا اختتام|کاپی رائٹ|Getty Images")
MIN_CAPTION_WORDS = 4
MIN_REST_WORDS = 6


@dataclass(frozen=True, slots=True)
class SummaryOptions:
    """How many sentences, how strongly the lead is favoured, when sentences repeat."""

    k: int = 1
    lead_weight: float = 1.0
    redundancy: float = 0.6
    full_length: int = 20
    max_sentences: int = 60
    stopwords: frozenset[str] = frozenset()
    idf: Mapping[str, float] = field(default_factory=dict)
    default_idf: float = 8.0
    fold_cache: dict[str, str] = field(default_factory=dict, compare=False, repr=False)


def caption_cut(text: str, span: Span) -> Span:
    """The sentence without an image caption glued to its start (or the span unchanged)."""
    words = list(_WORD.finditer(text, span.start, span.end))
    strings = [m.group() for m in words]
    for i in range(MIN_CAPTION_WORDS - 1, len(words) - MIN_REST_WORDS):
        w = strings[i]
        if w not in _CLAUSE_END:
            continue
        nxt = strings[i + 1]
        participle = w == "ہوئے" and i > 0 and strings[i - 1].endswith("تے")
        if nxt not in _CONTINUES and nxt not in _CLAUSE_END and not participle:
            gap = text[words[i].end() : words[i + 1].start()]
            if gap.strip() == "":
                return Span(words[i + 1].start(), span.end)
    return span


def _cos(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(w, 0.0) for w, v in a.items())
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


@dataclass(frozen=True, slots=True)
class Scored:
    """A candidate sentence with its words (search keys), TF-IDF vector and score."""

    span: Span
    words: tuple[str, ...]
    vector: dict[str, float]
    score: float


def candidate_sentences(text: str, sentences: Sequence[Span], lo: int = 0) -> list[Span]:
    """Body sentences worth a summary: the first without a glued caption, no web-page
    boilerplate ("یہ بھی پڑھیے" link lists, "٭" bullets, embed and copyright lines)."""
    body = [s for s in sentences if s.start >= lo and not _BOILERPLATE.search(text, s.start, s.end)]
    if body:
        body[0] = caption_cut(text, body[0])
    return body


def rank(text: str, sentences: Sequence[Span], opts: SummaryOptions, lo: int = 0) -> list[Scored]:
    """Scored candidates (sentences of four words or more), best first."""
    spans = candidate_sentences(text, sentences, lo)
    word = _bmp_word() if chars.bmp_only(text) else _WORD
    found = [word.findall(text, s.start, s.end) for s in spans]
    keys = fold_words({w for ws in found for w in ws}, opts.fold_cache)
    words = [tuple(map(keys.__getitem__, ws)) for ws in found]
    kept = [(s, ws) for s, ws in zip(spans, words, strict=True) if len(ws) >= 4]
    kept = kept[: opts.max_sentences]
    stop = opts.stopwords
    owns = [Counter([w for w in ws if w not in stop]) for _, ws in kept]
    tf = Counter([w for _, ws in kept for w in ws if w not in stop])
    idf, dflt = opts.idf, opts.default_idf
    weight = {w: idf.get(w, dflt) for w in tf}
    log = math.log
    full = {w: (1.0 + log(n)) * weight[w] for w, n in tf.items()}
    full_sq = sum(v * v for v in full.values())
    out = []
    for i, ((s, ws), own) in enumerate(zip(kept, owns, strict=True)):
        prior = 1.0 + opts.lead_weight / (i + 1)
        brevity = min(1.0, len(ws) / opts.full_length)
        vec = {w: (1.0 + log(n)) * weight[w] for w, n in own.items()}  # TF-IDF of the sentence
        # the centroid of the other sentences: the whole minus this one, word by word
        dot, rest_sq = 0.0, full_sq
        for w, n in own.items():
            left = tf[w] - n
            r = (1.0 + log(left)) * weight[w] if left > 0 else 0.0
            rest_sq += r * r - full[w] * full[w]
            dot += vec[w] * r
        norm = math.sqrt(sum(v * v for v in vec.values()) * max(rest_sq, 0.0))
        score = dot / norm if norm else 0.0
        out.append(Scored(s, ws, vec, score * prior * brevity))
    out.sort(key=lambda c: (-c.score, c.span.start))
    return out


def summarize(
    text: str, sentences: Sequence[Span], lo: int = 0, opts: SummaryOptions | None = None
) -> tuple[Span, ...]:
    """The best ``opts.k`` sentences of a text, in text order."""
    opts = opts or SummaryOptions()
    picked: list[Scored] = []
    for c in rank(text, sentences, opts, lo):
        if any(_cos(c.vector, p.vector) > opts.redundancy for p in picked):
            continue
        picked.append(c)
        if len(picked) == opts.k:
            break
    return tuple(sorted((p.span for p in picked), key=lambda s: s.start))


def story_summary(
    articles: Sequence[Article], opts: SummaryOptions | None = None
) -> tuple[tuple[int, Span], ...]:
    """(article index, sentence) pairs summarizing a story; a sentence several reports
    share counts a little more but is picked once."""
    opts = opts or SummaryOptions(k=3)
    ranked = [
        rank(a.text, a.sentences, opts, a.title_end + 1 if a.title_end else 0) for a in articles
    ]
    shared: Counter[tuple[str, ...]] = Counter()
    for cands in ranked:
        shared.update({c.words for c in cands})
    pool = [
        (c.score * (1.0 + 0.1 * (shared[c.words] - 1)), i, c)
        for i, cands in enumerate(ranked)
        for c in cands
    ]
    pool.sort(key=lambda t: (-t[0], t[1], t[2].span.start))
    picked: list[tuple[int, Scored]] = []
    for _, i, c in pool:
        if any(_cos(c.vector, p.vector) > opts.redundancy for _, p in picked):
            continue
        picked.append((i, c))
        if len(picked) == opts.k:
            break
    return tuple((i, c.span) for i, c in picked)


@dataclass(slots=True)
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
