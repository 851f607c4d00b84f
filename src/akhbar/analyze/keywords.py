"""Key phrases of an article and of a story: runs of content words, scored by TF-IDF.

A candidate phrase is a run of one to four words between stop words and punctuation
(so "وزیر دفاع" and "شمالی کوریا" survive whole). A phrase scores by how often it
occurs times the mean IDF of its words, with a bonus for being several words long and
for covering a named entity. Phrases are compared by their search key.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import repeat
from typing import NamedTuple, cast

from akhbar.model import Article, Entity, Keyword
from akhbar.text import chars, normalize

#: Urdu diacritics and Quranic marks, which ``\w`` does not cover.
_MARKS = "\u064b-\u065f\u0670\u06d6-\u06ed"
_WORD = re.compile(rf"[^\W\d_][\w{_MARKS}]*")
#: A word (group 1) or something that breaks a phrase: punctuation or a number. This is
#: the definition; ``candidates`` finds the same words and breaks faster (see there).
_TOKEN = re.compile(
    rf"([^\W\d_](?:[^\W\d_]|[{_MARKS}])*)"
    rf"|[^\w\s{_MARKS}]+|\d+|_+"
)
MAX_WORDS = 4
_NAMED = frozenset({"PERSON", "LOCATION", "ORGANIZATION"})
CACHE_WORDS = 200_000
ENTITY_BONUS = 1.5
MULTI_BONUS = 1.3


@lru_cache(maxsize=1)
def load_stopwords() -> frozenset[str]:
    """The shipped Urdu stop words, as search keys."""
    path = resources.files("akhbar.analyze") / "resources" / "stopwords_ur.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(normalize.search_key(w.strip()) for w in lines if w.strip()[:1] not in "#")


@dataclass(frozen=True, slots=True)
class KeywordResources:
    """Stop words (search keys) and word IDFs (search keys; unknown words get ``default_idf``)."""

    stopwords: frozenset[str]
    idf: Mapping[str, float] = field(default_factory=dict)
    default_idf: float = 8.0
    fold_cache: dict[str, str] = field(default_factory=dict, compare=False, repr=False)


def fold_words(words: set[str], cache: dict[str, str] | None = None) -> dict[str, str]:
    """Search keys of many words with one call to the text layer (words already in
    ``cache`` are not folded again; new ones are added, up to ``CACHE_WORDS``)."""
    known = cache if cache is not None else {}
    out = {w: k for w in words if (k := known.get(w)) is not None}
    unique = sorted(w for w in words if w not in out)
    if unique:
        keys = normalize.search_key("\n".join(unique)).split("\n")
        if len(keys) != len(unique):
            keys = [normalize.search_key(w) for w in unique]
        if cache is not None and len(cache) + len(unique) > CACHE_WORDS:
            cache.clear()
        known.update(zip(unique, keys, strict=True))
        out.update(zip(unique, keys, strict=True))
    return out


class _Phrase(NamedTuple):
    """A candidate phrase: its search key, offsets and word count (a named tuple, not a
    dataclass: tens of thousands are made per second and this builds fastest)."""

    key: str
    start: int
    end: int
    n_words: int


def fold_list(words: list[str], cache: dict[str, str] | None) -> list[str]:
    """The search key of each word of a list, like ``fold_words`` but without building a
    dict per text."""
    known = cache if cache is not None else {}
    keys = list(map(known.get, words))
    if None in keys:  # some words are not in the cache yet
        folded = fold_words({w for w, k in zip(words, keys, strict=True) if k is None}, cache)
        return [folded[w] if k is None else k for w, k in zip(words, keys, strict=True)]
    return cast("list[str]", keys)


#: The words ``_TOKEN`` finds (group 1), alone: a letter, then letters and marks.
_WORD_RUN = re.compile(rf"[^\W\d_]+(?:[{_MARKS}]+[^\W\d_]*)*")
#: What makes a match of ``_TOKEN`` that is not a word: anything but space and marks.
_BREAK = re.compile(rf"[^\s{_MARKS}]")


@lru_cache(maxsize=1)
def _bmp_word_run() -> re.Pattern[str]:
    """``_WORD_RUN`` for text in the Basic Multilingual Plane, with the letters spelled out."""
    return re.compile(f"[{chars.letters()}][{chars.letters()}{_MARKS}]*")


def candidates(
    text: str,
    stopwords: frozenset[str],
    lo: int = 0,
    cache: dict[str, str] | None = None,
    entities: Sequence[Entity] = (),
) -> list[_Phrase]:
    """Maximal runs of content words (at most MAX_WORDS), with their offsets; a named
    entity is a phrase of its own and ends the runs around it.

    The words are ``_TOKEN``'s; a number or punctuation between two words (anything but
    space and diacritics) breaks a run, as ``_TOKEN``'s other matches do.
    """
    out: list[_Phrase] = []
    new = tuple.__new__  # builds a _Phrase without the Python-level __new__
    names = [e for e in entities if e.label in _NAMED and lo <= e.start < e.end <= len(text)]
    cuts = {e.start for e in names} | {e.end for e in names}
    run: list[tuple[int, int, str]] = []

    def flush() -> None:
        for i in range(0, len(run), MAX_WORDS):
            part = run[i : i + MAX_WORDS]
            key = " ".join([k for _, _, k in part])
            out.append(new(_Phrase, (key, part[0][0], part[-1][1], len(part))))
        run.clear()

    words = _bmp_word_run() if chars.bmp_only(text) else _WORD_RUN
    matches = list(words.finditer(text, lo))
    keys = fold_list([m.group() for m in matches], cache)
    inside = {i for e in names for i in range(e.start, e.end)}
    gap_breaks = _BREAK.search
    prev = lo
    for m, key in zip(matches, keys, strict=True):
        start, end = m.span()
        # a gap of one space (the usual case) holds nothing that breaks a run
        if run and (start - prev != 1 or text[prev] != " ") and gap_breaks(text, prev, start):
            flush()
        prev = end
        if start in inside:
            if run:
                flush()  # a word of a named entity belongs to the entity's own phrase
            continue
        if cuts and run and (start in cuts or run[-1][1] in cuts):
            flush()
        if key in stopwords or len(key) < 2:
            if run:
                flush()
            continue
        run.append((start, end, key))
    if run:
        flush()
    spans = [(e, _WORD.findall(text, e.start, e.end)) for e in names]
    folded = fold_words({w for _, ws in spans for w in ws}, cache)
    for e, ws in spans:
        if 0 < len(ws) <= 2 * MAX_WORDS:
            out.append(_Phrase(" ".join([folded[w] for w in ws]), e.start, e.end, len(ws)))
    return out


def _scores(
    text: str, phrases: Sequence[_Phrase], res: KeywordResources, entities: Sequence[Entity]
) -> dict[str, tuple[float, str]]:
    """Phrase key → (score, display form of its first occurrence)."""
    count = Counter([p.key for p in phrases])
    first = {p.key: p for p in reversed(phrases)}  # the first occurrence wins
    named = {i for e in entities if e.label in _NAMED for i in range(e.start, e.end)}
    idf, default = res.idf.get, res.default_idf
    log = math.log
    out: dict[str, tuple[float, str]] = {}
    for key, n in count.items():
        p = first[key]
        words = key.split()
        if len(words) == 1:
            mean = idf(words[0], default)
        else:
            mean = sum(map(idf, words, repeat(default))) / len(words)
        score = (1.0 + log(n)) * mean
        if p.n_words > 1:
            score *= MULTI_BONUS
        if named and (p.start in named or p.end - 1 in named):
            score *= ENTITY_BONUS
        out[key] = (score, text[p.start : p.end])
    return out


def _top(scored: Mapping[str, tuple[float, str]], k: int) -> tuple[Keyword, ...]:
    # by score, then key; keys are unique, so ``shown`` never decides
    ranked = sorted([(-score, key, shown) for key, (score, shown) in scored.items()])
    picked: list[Keyword] = []
    keys: list[str] = []
    for neg, key, shown in ranked:
        score = -neg
        if any(key in other or other in key for other in keys):
            continue  # a sub-phrase of one already chosen adds nothing
        keys.append(key)
        picked.append(Keyword(shown, round(score, 3)))
        if len(picked) == k:
            break
    return tuple(picked)


def keywords(
    text: str, res: KeywordResources, entities: Sequence[Entity] = (), k: int = 8
) -> tuple[Keyword, ...]:
    """The ``k`` best key phrases of a text."""
    found = candidates(text, res.stopwords, 0, res.fold_cache, entities)
    return _top(_scores(text, found, res, entities), k)


def story_keywords(
    articles: Sequence[Article], res: KeywordResources, k: int = 10
) -> tuple[Keyword, ...]:
    """Key phrases of a story: summed over its reports, preferring phrases several share."""
    total: dict[str, float] = defaultdict(float)
    shown: dict[str, str] = {}
    reports: dict[str, int] = defaultdict(int)
    for a in articles:
        for key, (score, text) in _scores(
            a.text,
            candidates(a.text, res.stopwords, 0, res.fold_cache, a.entities),
            res,
            a.entities,
        ).items():
            total[key] += score
            reports[key] += 1
            shown.setdefault(key, text)
    scored = {key: (s * math.sqrt(reports[key]), shown[key]) for key, s in total.items()}
    return _top(scored, k)


@dataclass(slots=True)
class KeywordStage:
    """Assigns ``keywords``."""

    resources: KeywordResources
    k: int = 8
    name: str = "keywords"
    requires: frozenset[str] = frozenset({"text"})
    assigns: frozenset[str] = frozenset({"keywords"})

    def __call__(self, article: Article) -> Article:
        found = keywords(article.text, self.resources, article.entities, self.k)
        return dataclasses.replace(article, keywords=found)
