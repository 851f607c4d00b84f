"""Documents as the story layer sees them: terms, TF-IDF vectors, shingles, link features.

A ``Doc`` is the small frozen record the clusterer places; ``prepare`` turns it into a
``Prepared`` view (search-key words, weighted terms, shingles) once, so that every
comparison after that is arithmetic on small dicts and arrays.
"""

from __future__ import annotations

import hashlib
import json
import math
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources

import numpy as np
import numpy.typing as npt

from akhbar.errors import ModelError
from akhbar.model import Article, SourceType
from akhbar.text import normalize, segment

#: Characters of a text's search key that are read; the rest of a huge article is ignored.
MAX_KEY_CHARS = 20_000
#: Terms of a document used to look up candidate stories.
LOOKUP_TERMS = 12
_SUFFIX_LETTERS = frozenset("یہا")
_LOW = (1 << 30) - 1

Vector = dict[str, float]


@dataclass(frozen=True, slots=True)
class Doc:
    """One report to place: an article, a headline (no text) or a short post.

    ``entities`` are entity ids (from the entity stage); ``key`` carries the article's
    search key for callers that want it, but the clusterer derives the keys of the
    title and the body itself, so a ``Doc`` built by hand needs none. ``seen`` is when
    the report was first fetched: a date is judged "in the future" against it rather
    than against the clock, so that replaying stored reports places them as before.
    """

    id: str
    title: str = ""
    text: str = ""
    published: datetime | None = None
    source: str = ""
    source_type: SourceType = "other"
    entities: tuple[str, ...] = ()
    key: str = ""
    seen: datetime | None = None


def doc_from_article(article: Article, item_id: int | str) -> Doc:
    """The ``Doc`` of an analyzed article stored under ``item_id``."""
    item = article.item
    ents = tuple(sorted({e.id for e in article.entities if e.id}))
    return Doc(
        id=str(item_id),
        title=article.title,
        text=article.body,
        published=item.published,
        source=item.source,
        source_type=item.source_type,
        entities=ents,
        key=article.key,
        seen=item.fetched,
    )


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Document frequencies learnt from a corpus, and the stop words they imply."""

    n_docs: int
    df: Mapping[str, int]
    stop: frozenset[str]

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency; unseen terms get the largest value."""
        return math.log((self.n_docs + 1) / (self.df.get(term, 0) + 1)) + 1.0


@dataclass(frozen=True, slots=True)
class Prepared:
    """A doc with its text read: term vectors, n-gram hashes and a time in days."""

    doc: Doc
    day: float
    dated: bool
    title_vec: Vector
    body_vec: Vector
    all_vec: Vector
    numbers: frozenset[str]
    grams: npt.NDArray[np.uint32]
    n_words: int
    exact: str = ""
    lookup: tuple[str, ...] = field(default=())

    @property
    def headline(self) -> bool:
        """True for a report with no body (a headline or a one-line post)."""
        return not self.body_vec


def model_text(name: str) -> str:
    try:
        return resources.files("akhbar.stories").joinpath("models", name).read_text("utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise ModelError(f"stories model {name} is missing; run training/tune_stories.py") from exc


@lru_cache(maxsize=1)
def load_vocabulary() -> Vocabulary:
    """The shipped document frequencies (``models/idf.json``)."""
    try:
        data = json.loads(model_text("idf.json"))
        return Vocabulary(int(data["n_docs"]), dict(data["df"]), frozenset(data["stop"]))
    except (ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"stories idf.json is corrupt: {exc}") from exc


def stem(word: str) -> str:
    """Fold a final ی/ہ/ا on longer words so امریکی, امریکہ and امریکا meet."""
    if len(word) >= 5 and word[-1] in _SUFFIX_LETTERS:
        return word[:-1]
    return word


def key_words(text: str) -> list[str]:
    """Words of the search key of ``text`` (capped at ``MAX_KEY_CHARS``)."""
    return segment.words(normalize.search_key(text[: MAX_KEY_CHARS * 2])[:MAX_KEY_CHARS])


def terms(words: Iterable[str], stop: frozenset[str]) -> list[str]:
    """Content terms: stemmed words that are not stop words or single letters."""
    out = []
    for w in words:
        if w in stop or (len(w) < 2 and not w.isdigit()):
            continue
        out.append(stem(w))
    return out


def tfidf(tokens: Iterable[str], vocab: Vocabulary) -> Vector:
    """A unit-length TF-IDF vector with sublinear term frequency."""
    counts = Counter(tokens)
    vec = {t: (1.0 + math.log(c)) * vocab.idf(t) for t, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {t: v / norm for t, v in vec.items()} if norm else {}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine of two sparse vectors (neither needs to be normalized)."""
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(t, 0.0) for t, v in a.items())
    if not dot:
        return 0.0
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb)


def gram_hashes(words: list[str], orders: Iterable[int] = (1, 2, 3)) -> npt.NDArray[np.uint32]:
    """Sorted unique hashes of the word n-grams, with the order n in the top two bits."""
    out: list[int] = []
    for n in orders:
        for i in range(len(words) - n + 1):
            out.append((zlib.crc32(" ".join(words[i : i + n]).encode()) & _LOW) | (n << 30))
    return np.unique(np.array(out, dtype=np.uint32))


def shingles(grams: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
    """The 3-gram hashes of ``grams`` (all of them for a text of one or two words)."""
    tri = grams[(grams >> np.uint32(30)) == 3]
    return tri if tri.size else grams


def exact_key(text: str) -> str:
    """A digest of a text with its whitespace folded: equal for exact duplicates."""
    folded = " ".join(text.split())
    return hashlib.blake2b(folded.encode("utf-8"), digest_size=12).hexdigest()


def to_day(when: datetime) -> float:
    """Days since the Unix epoch (naive times are taken as UTC)."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.timestamp() / 86400.0


def prepare(doc: Doc, vocab: Vocabulary, day: float, dated: bool) -> Prepared:
    """Read a doc once: term vectors of title, body and both, numbers and shingles."""
    t_words = key_words(doc.title)
    b_words = key_words(doc.text)
    t_terms = terms(t_words, vocab.stop)
    b_terms = terms(b_words, vocab.stop)
    all_vec = tfidf(t_terms + t_terms + b_terms, vocab)
    lookup = tuple(t for t, _ in sorted(all_vec.items(), key=lambda kv: (-kv[1], kv[0])))
    numbers = frozenset(w for w in t_words + b_words if w[:1].isdigit() and len(w) >= 2)
    words = t_words + b_words
    return Prepared(
        doc=doc,
        day=day,
        dated=dated,
        title_vec=tfidf(t_terms, vocab),
        body_vec=tfidf(b_terms, vocab),
        all_vec=all_vec,
        numbers=numbers,
        grams=gram_hashes(words),
        n_words=len(words),
        exact=exact_key(" ".join(words)),
        lookup=lookup[:LOOKUP_TERMS],
    )


def overlap(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    """Shared share of the smaller set (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def containment(a: npt.NDArray[np.uint32], b: npt.NDArray[np.uint32]) -> float:
    """Share of the hashes of ``a`` found in ``b`` (both sorted and unique)."""
    if not len(a) or not len(b):
        return 0.0
    shared = np.intersect1d(a, b, assume_unique=True).size
    return float(shared) / float(a.size)
