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
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from akhbar.model import Article, Entity, Keyword
from akhbar.text import normalize

_WORD = re.compile(r"[^\W\d_][\w\u064b-\u065f\u0670\u06d6-\u06ed]*")
#: A word (group 1) or something that breaks a phrase: punctuation or a number.
_TOKEN = re.compile(
    r"([^\W\d_](?:[^\W\d_]|[\u064b-\u065f\u0670\u06d6-\u06ed])*)"
    r"|[^\w\s\u064b-\u065f\u0670\u06d6-\u06ed]+|\d+|_+"
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
    unique = sorted(w for w in words if w not in known)
    if unique:
        keys = normalize.search_key("\n".join(unique)).split("\n")
        if len(keys) != len(unique):
            keys = [normalize.search_key(w) for w in unique]
        if cache is not None and len(cache) + len(unique) > CACHE_WORDS:
            cache.clear()
        known.update(zip(unique, keys, strict=True))
    return {w: known[w] for w in words}


@dataclass(frozen=True, slots=True)
class _Phrase:
    key: str
    start: int
    end: int
    n_words: int


def candidates(
    text: str,
    stopwords: frozenset[str],
    lo: int = 0,
    cache: dict[str, str] | None = None,
    entities: Sequence[Entity] = (),
) -> list[_Phrase]:
    """Maximal runs of content words (at most MAX_WORDS), with their offsets; a named
    entity is a phrase of its own and ends the runs around it."""
    out: list[_Phrase] = []
    names = [e for e in entities if e.label in _NAMED and lo <= e.start < e.end <= len(text)]
    cuts = {e.start for e in names} | {e.end for e in names}
    run: list[tuple[int, int, str]] = []

    def flush() -> None:
        for i in range(0, len(run), MAX_WORDS):
            part = run[i : i + MAX_WORDS]
            if part:
                out.append(
                    _Phrase(" ".join(k for _, _, k in part), part[0][0], part[-1][1], len(part))
                )
        run.clear()

    matches = list(_TOKEN.finditer(text, lo))
    folded = fold_words({m.group() for m in matches if m.lastindex == 1}, cache)
    inside = {i for e in names for i in range(e.start, e.end)}
    for m in matches:
        if m.lastindex != 1:
            if run:
                flush()
            continue
        if m.start() in inside:
            if run:
                flush()  # a word of a named entity belongs to the entity's own phrase
            continue
        if cuts and run and (m.start() in cuts or run[-1][1] in cuts):
            flush()
        key = folded[m.group()]
        if key in stopwords or len(key) < 2:
            if run:
                flush()
            continue
        run.append((m.start(), m.end(), key))
    flush()
    spans = [(e, [w.group() for w in _WORD.finditer(text, e.start, e.end)]) for e in names]
    keys = fold_words({w for _, ws in spans for w in ws}, cache)
    for e, ws in spans:
        if 0 < len(ws) <= 2 * MAX_WORDS:
            out.append(_Phrase(" ".join(keys[w] for w in ws), e.start, e.end, len(ws)))
    return out


def _scores(
    text: str, phrases: Sequence[_Phrase], res: KeywordResources, entities: Sequence[Entity]
) -> dict[str, tuple[float, str]]:
    """Phrase key → (score, display form of its first occurrence)."""
    count: dict[str, int] = defaultdict(int)
    first: dict[str, _Phrase] = {}
    for p in phrases:
        count[p.key] += 1
        first.setdefault(p.key, p)
    named = {i for e in entities if e.label in _NAMED for i in range(e.start, e.end)}
    out: dict[str, tuple[float, str]] = {}
    for key, n in count.items():
        p = first[key]
        words = key.split()
        idf = sum(res.idf.get(w, res.default_idf) for w in words) / len(words)
        score = (1.0 + math.log(n)) * idf
        if p.n_words > 1:
            score *= MULTI_BONUS
        if named and (p.start in named or p.end - 1 in named):
            score *= ENTITY_BONUS
        out[key] = (score, text[p.start : p.end])
    return out


def _top(scored: Mapping[str, tuple[float, str]], k: int) -> tuple[Keyword, ...]:
    ranked = sorted(scored.items(), key=lambda kv: (-kv[1][0], kv[0]))
    picked: list[Keyword] = []
    keys: list[str] = []
    for key, (score, shown) in ranked:
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
