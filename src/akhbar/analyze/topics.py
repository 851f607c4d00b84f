"""Topic of an article: a linear classifier over TF-IDF of word and character n-grams.

The model is trained by ``training/train_topics.py`` and shipped as plain arrays
(``models/topics.npz``, loaded with ``allow_pickle=False``, and ``models/topics.json``
for the vocabulary and labels). Inference is a sparse dot product in numpy.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from akhbar.errors import ModelError
from akhbar.model import Article, Topic
from akhbar.text import chars, normalize

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
#: Characters of the body read beyond the title (training saw a title and a lede).
BODY_CHARS = 400
MODEL_NAME = "topics"
CACHE_WORDS = 200_000


def key_words(key: str) -> list[str]:
    """The words of a search key, digits dropped (they only ever separate words)."""
    return (_bmp_word() if chars.bmp_only(key) else _WORD).findall(key)


@lru_cache(maxsize=1)
def _bmp_word() -> re.Pattern[str]:
    """``_WORD`` for text in the Basic Multilingual Plane, with the letters spelled out."""
    return re.compile(f"[{chars.letters()}]+")


def word_features(word: str) -> list[str]:
    """Features of one word: the word itself and its char 2–4-grams with edge spaces."""
    padded = f" {word} "
    size = len(padded)
    return [f"w {word}"] + [
        "c " + padded[i : i + n] for n in (2, 3, 4) for i in range(size - n + 1)
    ]


def features(key: str) -> list[str]:
    """The n-gram features of a search key: word 1–2-grams and in-word char 2–4-grams."""
    words = key_words(key)
    feats = [f"b {a} {b}" for a, b in itertools.pairwise(words)]
    for w in words:
        feats += word_features(w)
    return feats


def _counts(
    found: npt.NDArray[np.integer[Any]],
) -> tuple[npt.NDArray[np.integer[Any]], npt.NDArray[np.intp]]:
    """The distinct values of ``found``, sorted, and how often each occurs: what
    ``np.unique(..., return_counts=True)`` gives, without its per-call overhead."""
    arr = np.sort(found)
    n = arr.size
    first = np.empty(n + 1, dtype=bool)  # where a run of one value starts, and the end
    first[0] = first[n] = True
    np.not_equal(arr[1:], arr[:-1], out=first[1:n])
    bounds = np.flatnonzero(first)
    return arr[bounds[:-1]], bounds[1:] - bounds[:-1]


@dataclass(frozen=True, slots=True)
class TopicModel:
    """Vocabulary, IDF, weights and labels of the linear topic classifier."""

    vocabulary: dict[str, int]
    idf: npt.NDArray[np.float32]
    weights: npt.NDArray[np.float32]  # (n_features, n_labels)
    bias: npt.NDArray[np.float32]  # (n_labels,)
    labels: tuple[str, ...]
    #: Feature indices per word as packed C ints, filled as words are met (bounded by
    #: ``CACHE_WORDS``); one ``bytes.join`` gathers an article's.
    cache: dict[str, bytes] = field(default_factory=dict, compare=False, repr=False)
    #: One 32-byte row per feature: its weights (float16 when that loses nothing, as in
    #: the shipped file) and its IDF, so that a feature costs one memory read, not two.
    table: npt.NDArray[np.void] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        n_labels = self.weights.shape[1] if self.weights.ndim == 2 else 0
        half = self.weights.astype(np.float16)
        exact = np.array_equal(half.astype(self.weights.dtype), self.weights)
        weights = half if exact else self.weights
        row = np.dtype(
            {
                "names": ["w", "idf"],
                "formats": [(weights.dtype, (n_labels,)), self.idf.dtype],
                "offsets": [0, weights.dtype.itemsize * n_labels],
                "itemsize": max(32, weights.dtype.itemsize * n_labels + self.idf.dtype.itemsize),
            }
        )
        table = np.zeros(len(self.idf), dtype=row)
        table["w"] = weights
        table["idf"] = self.idf
        object.__setattr__(self, "table", table)

    def _word_indices(self, word: str) -> bytes:
        got = self.cache.get(word)
        if got is None:
            vocab = self.vocabulary
            found = [j for f in word_features(word) if (j := vocab.get(f)) is not None]
            got = np.array(found, dtype=np.intc).tobytes()
            if len(self.cache) >= CACHE_WORDS:
                self.cache.clear()
            self.cache[word] = got
        return got

    def scores(self, key: str) -> npt.NDArray[np.float64]:
        """Softmax scores over labels for one search key."""
        words = key_words(key)
        get = self.cache.get
        per_word = [got if (got := get(w)) is not None else self._word_indices(w) for w in words]
        bigrams = map(self.vocabulary.get, map("b {} {}".format, words, words[1:]))
        per_word.append(np.array([j for j in bigrams if j is not None], dtype=np.intc).tobytes())
        found = np.frombuffer(b"".join(per_word), dtype=np.intc)
        logits = self.bias.astype(np.float64)
        if found.size:
            idx, tf = _counts(found)
            rows = self.table[idx]
            vals = (1.0 + np.log(tf)) * rows["idf"]
            norm = math.sqrt(float(vals @ vals)) or 1.0
            logits = logits + (vals / norm) @ rows["w"].astype(np.float64)
        z = np.exp(logits - logits.max())
        out: npt.NDArray[np.float64] = z / z.sum()
        return out

    def predict(self, key: str) -> Topic:
        """The best label and its score."""
        s = self.scores(key)
        i = int(s.argmax())
        return Topic(self.labels[i], round(float(s[i]), 4))


def save_model(model: TopicModel, directory: Path) -> None:
    """Write the model as plain arrays (``topics.npz``) and JSON (``topics.json``)."""
    directory.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        directory / f"{MODEL_NAME}.npz",
        idf=model.idf.astype(np.float32),
        weights=model.weights.astype(np.float16),
        bias=model.bias.astype(np.float32),
    )
    vocab = sorted(model.vocabulary, key=model.vocabulary.__getitem__)
    meta = {"labels": list(model.labels), "vocabulary": vocab}
    (directory / f"{MODEL_NAME}.json").write_text(
        json.dumps(meta, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )


def read_model(directory: Path) -> TopicModel:
    """Read a model written by ``save_model``; ModelError when missing or corrupt."""
    try:
        meta = json.loads((directory / f"{MODEL_NAME}.json").read_text(encoding="utf-8"))
        with np.load(directory / f"{MODEL_NAME}.npz", allow_pickle=False) as arrays:
            idf = arrays["idf"].astype(np.float32)
            weights = arrays["weights"].astype(np.float32)
            bias = arrays["bias"].astype(np.float32)
        vocab = {f: i for i, f in enumerate(meta["vocabulary"])}
        labels = tuple(str(x) for x in meta["labels"])
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(f"topic model in {directory} is missing or corrupt: {exc}") from exc
    if weights.shape != (len(vocab), len(labels)) or idf.shape != (len(vocab),):
        raise ModelError(f"topic model in {directory} has inconsistent shapes")
    return TopicModel(vocab, idf, weights, bias, labels)


@lru_cache(maxsize=1)
def load_model() -> TopicModel:
    """The shipped topic model (read once)."""
    with resources.as_file(resources.files("akhbar.analyze") / "models") as path:
        return read_model(Path(path))


def topic_text(article: Article) -> str:
    """The search key of what the classifier reads: the title and the start of the body."""
    return normalize.search_key(article.text[: article.title_end + 1 + BODY_CHARS])


@dataclass(slots=True)
class TopicStage:
    """Assigns ``topic``."""

    model: TopicModel
    name: str = "topic"
    requires: frozenset[str] = frozenset({"text", "title_end"})
    assigns: frozenset[str] = frozenset({"topic"})

    def __call__(self, article: Article) -> Article:
        text = topic_text(article)
        if not _WORD.search(text):
            return dataclasses.replace(
                article, notes=(*article.notes, "topic: no words to classify")
            )
        return dataclasses.replace(article, topic=self.model.predict(text))
