"""Topic of an article: a linear classifier over TF-IDF of word and character n-grams.

The model is trained by ``training/train_topics.py`` and shipped as plain arrays
(``models/topics.npz``, loaded with ``allow_pickle=False``, and ``models/topics.json``
for the vocabulary and labels). Inference is a sparse dot product in numpy.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt

from akhbar.errors import ModelError
from akhbar.model import Article, Topic
from akhbar.text import normalize

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_DIGITS = re.compile(r"\d+")
#: Characters of the body read beyond the title (training saw a title and a lede).
BODY_CHARS = 400
MODEL_NAME = "topics"


def features(key: str) -> list[str]:
    """The n-gram features of a search key: word 1–2-grams and in-word char 2–4-grams."""
    words = _WORD.findall(_DIGITS.sub("0", key))
    feats = [f"w {w}" for w in words]
    feats += [f"b {a} {b}" for a, b in zip(words, words[1:], strict=False)]
    for w in words:
        padded = f" {w} "
        size = len(padded)
        feats += ["c " + padded[i : i + n] for n in (2, 3, 4) for i in range(size - n + 1)]
    return feats


@dataclass(frozen=True, slots=True)
class TopicModel:
    """Vocabulary, IDF, weights and labels of the linear topic classifier."""

    vocabulary: dict[str, int]
    idf: npt.NDArray[np.float32]
    weights: npt.NDArray[np.float32]  # (n_features, n_labels)
    bias: npt.NDArray[np.float32]  # (n_labels,)
    labels: tuple[str, ...]

    def scores(self, key: str) -> npt.NDArray[np.float64]:
        """Softmax scores over labels for one search key."""
        counts: Counter[int] = Counter()
        vocab = self.vocabulary
        for f in features(key):
            j = vocab.get(f)
            if j is not None:
                counts[j] += 1
        logits = self.bias.astype(np.float64)
        if counts:
            idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
            tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
            vals = (1.0 + np.log(tf)) * self.idf[idx]
            norm = math.sqrt(float(vals @ vals)) or 1.0
            logits = logits + (vals / norm) @ self.weights[idx].astype(np.float64)
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


@dataclass(frozen=True, slots=True)
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
