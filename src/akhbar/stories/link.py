"""Should this report join that story? Story profiles, link features and the link model.

A story's profile is the sum of its members' TF-IDF vectors (title, body, both), its
entities and numbers and its time span. A report is compared with a profile through a
handful of similarities and the time gap in days; a logistic model turns them into the
probability that they report one event (the features and the cooling-down over days
follow Miranda et al. 2018, "Multilingual Clustering of Streaming News"). Its weights
are learnt by ``training/tune_stories.py``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from akhbar.errors import ModelError
from akhbar.stories.features import Prepared, Vector, model_text, overlap

#: Terms kept in a story's profile vectors; the weakest are dropped beyond this.
PROFILE_TERMS = 240
#: Below this cosine a story is not graded for copies (it cannot join anyway).
MIN_COSINE = 0.1
#: Entities and numbers kept in a profile.
PROFILE_SET = 200

LINK_FEATURES: tuple[str, ...] = (
    "cos_title",
    "cos_body",
    "cos_all",
    "cos_cross",
    "entities",
    "numbers",
    "log_gap",
    "copy",
)


def _add(profile: Vector, vec: Vector) -> None:
    for t, v in vec.items():
        profile[t] = profile.get(t, 0.0) + v
    if len(profile) > PROFILE_TERMS * 5 // 4:
        keep = sorted(profile.items(), key=lambda kv: (-kv[1], kv[0]))[:PROFILE_TERMS]
        profile.clear()
        profile.update(keep)


class Profile:
    """What a story looks like so far (mutable; owned by one clusterer)."""

    __slots__ = (
        "_norms",
        "all_c",
        "body_c",
        "entities",
        "first",
        "last",
        "numbers",
        "size",
        "title_c",
    )

    def __init__(self) -> None:
        self.title_c: Vector = {}
        self.body_c: Vector = {}
        self.all_c: Vector = {}
        self.entities: set[str] = set()
        self.numbers: set[str] = set()
        self.first = math.inf
        self.last = -math.inf
        self.size = 0
        self._norms: tuple[float, float, float] | None = None

    def norms(self) -> tuple[float, float, float]:
        """Lengths of the title, body and whole-text vectors (cached until a change)."""
        if self._norms is None:
            self._norms = tuple(  # type: ignore[assignment]
                math.sqrt(sum(v * v for v in vec.values()))
                for vec in (self.title_c, self.body_c, self.all_c)
            )
        assert self._norms is not None
        return self._norms

    def add(self, p: Prepared) -> None:
        """Fold one report into the profile."""
        _add(self.title_c, p.title_vec)
        _add(self.body_c, p.body_vec)
        _add(self.all_c, p.all_vec)
        if len(self.entities) < PROFILE_SET:
            self.entities.update(p.doc.entities)
        if len(self.numbers) < PROFILE_SET:
            self.numbers.update(p.numbers)
        self.first = min(self.first, p.day)
        self.last = max(self.last, p.day)
        self.size += 1
        self._norms = None

    def absorb(self, other: Profile) -> None:
        """Fold another story's profile into this one (a merge)."""
        _add(self.title_c, other.title_c)
        _add(self.body_c, other.body_c)
        _add(self.all_c, other.all_c)
        self.entities |= other.entities
        self.numbers |= other.numbers
        self.first = min(self.first, other.first)
        self.last = max(self.last, other.last)
        self.size += other.size
        self._norms = None

    def gap(self, day: float) -> float:
        """Days between ``day`` and the story's span (0 inside it)."""
        return max(0.0, self.first - day, day - self.last)


def _cos(unit: Vector, vec: Vector, norm: float) -> float:
    """Cosine of a unit-length (or empty) vector with ``vec`` of length ``norm``."""
    if not unit or not norm:
        return 0.0
    return sum(v * vec.get(t, 0.0) for t, v in unit.items()) / norm


def link_features(p: Prepared, story: Profile, copy: Callable[[], float]) -> list[float]:
    """The features of ``LINK_FEATURES`` for a report against a story profile.

    ``copy`` gives the probability that the report copies a member (or is copied); it
    is asked only when the texts are similar enough for that to matter.
    """
    n_title, n_body, n_all = story.norms()
    cos_all = _cos(p.all_vec, story.all_c, n_all)
    cos_cross = max(
        _cos(p.title_vec, story.body_c, n_body), _cos(p.body_vec, story.title_c, n_title)
    )
    return [
        _cos(p.title_vec, story.title_c, n_title),
        _cos(p.body_vec, story.body_c, n_body),
        cos_all,
        cos_cross,
        overlap(set(p.doc.entities), story.entities),
        overlap(p.numbers, story.numbers),
        math.log1p(story.gap(p.day)),
        copy() if max(cos_all, cos_cross) >= MIN_COSINE else 0.0,
    ]


@dataclass(frozen=True, slots=True)
class LinkWeights:
    """Logistic weights over ``LINK_FEATURES`` and the probability needed to join."""

    coef: tuple[float, ...]
    intercept: float
    threshold: float = 0.5

    def probability(self, feats: list[float]) -> float:
        """Probability that the report belongs to the story."""
        z = self.intercept + sum(w * f for w, f in zip(self.coef, feats, strict=True))
        if z < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))


@dataclass(frozen=True, slots=True)
class LinkModel:
    """Two sets of link weights: article against article, and short (a headline or post
    on either side), plus when to merge and how far in time to look."""

    article: LinkWeights
    short: LinkWeights
    merge_threshold: float = 0.99
    window_days: float = 7.0

    def weights(self, p: Prepared, story: Profile) -> LinkWeights:
        """The weights for this report and story."""
        return self.short if is_short(p, story) else self.article


def is_short(p: Prepared, story: Profile) -> bool:
    """True when the report or every member of the story is a bare headline or post."""
    return p.headline or not story.body_c


def _weights(data: dict[str, Any]) -> LinkWeights:
    return LinkWeights(
        coef=tuple(float(v) for v in data["coef"]),
        intercept=float(data["intercept"]),
        threshold=float(data["threshold"]),
    )


def link_model_from_json(data: dict[str, Any]) -> LinkModel:
    """Build a ``LinkModel`` from its JSON form, checking its feature names."""
    try:
        names = tuple(str(n) for n in data["features"])
        if names != LINK_FEATURES:
            raise ModelError(f"stories link model has features {names}, expected {LINK_FEATURES}")
        return LinkModel(
            article=_weights(data["article"]),
            short=_weights(data["short"]),
            merge_threshold=float(data["merge_threshold"]),
            window_days=float(data["window_days"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelError(f"stories link model is corrupt: {exc}") from exc


@lru_cache(maxsize=1)
def load_link_model() -> LinkModel:
    """The shipped link model (``models/link.json``)."""
    try:
        data = json.loads(model_text("link.json"))
    except ValueError as exc:
        raise ModelError(f"stories link.json is corrupt: {exc}") from exc
    return link_model_from_json(data)
