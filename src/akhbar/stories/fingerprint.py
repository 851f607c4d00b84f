"""Fingerprints: exact duplicates by search key, near-duplicates by MinHash LSH, copy grades.

A report is *wholly* copied when it is (nearly) the source's text, *partly* copied when
passages are lifted and others rewritten, and independent otherwise. The grade comes
from word n-gram containment features and a multinomial logistic model tuned on the
COUNTER corpus (``training/tune_stories.py``); the earlier report of a pair is the
likely source.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
from datasketch import MinHash, MinHashLSH

from akhbar.errors import ModelError
from akhbar.model import Grade
from akhbar.stories.features import exact_key, model_text

#: MinHash permutations and LSH bands x rows (16 = 4 x 4): a near-copy with Jaccard 0.9
#: is found 98% of the time, 0.8 88%, 0.5 23%. Exact copies have their own index and
#: partial copies are found through their story, so the index stays small (memory per
#: report is what limits the archive a process can hold).
NUM_PERM = 16
LSH_PARAMS = (4, 4)
GRADES: tuple[str, ...] = ("none", "partly", "wholly")
#: Below this many distinct words on either side, a pair is graded by containment alone.
SHORT_WORDS = 25
WHOLLY_SHORT = 0.9
PARTLY_SHORT = 0.5
__all__ = [
    "GRADES",
    "CopyModel",
    "MinHash",
    "NearDuplicates",
    "copy_features",
    "exact_key",
    "grade_pair",
    "load_copy_model",
    "minhash",
]
_TOP = np.uint32(30)


def _count_by_order(hashes: npt.NDArray[np.uint32]) -> npt.NDArray[np.int64]:
    return np.bincount((hashes >> _TOP).astype(np.int64), minlength=4)


def copy_features(later: npt.NDArray[np.uint32], earlier: npt.NDArray[np.uint32]) -> list[float]:
    """Containment of the later report's 1-, 2- and 3-grams in the earlier one, both ways,
    and the log length ratio."""
    shared = _count_by_order(np.intersect1d(later, earlier, assume_unique=True))
    n_later = _count_by_order(later)
    n_earlier = _count_by_order(earlier)
    feats = []
    for n in (1, 2, 3):
        feats.append(shared[n] / n_later[n] if n_later[n] else 0.0)
    for n in (1, 2, 3):
        feats.append(shared[n] / n_earlier[n] if n_earlier[n] else 0.0)
    feats.append(math.log((n_later[1] + 1) / (n_earlier[1] + 1)))
    return [float(f) for f in feats]


@dataclass(frozen=True, slots=True)
class CopyModel:
    """A multinomial logistic model over ``copy_features``: none, partly, wholly."""

    coef: tuple[tuple[float, ...], ...]
    intercept: tuple[float, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]

    def probabilities(self, feats: list[float]) -> list[float]:
        """Class probabilities in the order of ``GRADES``."""
        x = [(f - m) / s for f, m, s in zip(feats, self.mean, self.scale, strict=True)]
        z = [
            b + sum(w * v for w, v in zip(row, x, strict=True))
            for row, b in zip(self.coef, self.intercept, strict=True)
        ]
        top = max(z)
        e = [math.exp(v - top) for v in z]
        total = sum(e)
        return [v / total for v in e]

    def grade(self, feats: list[float]) -> tuple[Grade | None, float]:
        """The most likely grade (None for independent) and the probability of a copy."""
        p = self.probabilities(feats)
        best = max(range(len(p)), key=p.__getitem__)
        label = GRADES[best]
        grade: Grade | None = None
        if label == "wholly":
            grade = "wholly"
        elif label == "partly":
            grade = "partly"
        return grade, 1.0 - p[0]


def copy_model_from_json(data: dict[str, Any]) -> CopyModel:
    """Build a ``CopyModel`` from its JSON form."""
    try:
        return CopyModel(
            coef=tuple(tuple(float(v) for v in row) for row in data["coef"]),
            intercept=tuple(float(v) for v in data["intercept"]),
            mean=tuple(float(v) for v in data["mean"]),
            scale=tuple(float(v) for v in data["scale"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelError(f"stories copy model is corrupt: {exc}") from exc


def grade_pair(
    model: CopyModel, later: npt.NDArray[np.uint32], earlier: npt.NDArray[np.uint32]
) -> tuple[Grade | None, float]:
    """Grade a later report against an earlier one: the model for articles; for short
    texts (headlines, posts), a near-identical text is wholly copied and one whose word
    3-grams are mostly found in the other is partly copied."""
    feats = copy_features(later, earlier)
    words = min(int((later >> _TOP == 1).sum()), int((earlier >> _TOP == 1).sum()))
    if words >= SHORT_WORDS:
        return model.grade(feats)
    c3, r3 = feats[2], feats[5]
    if c3 >= WHOLLY_SHORT and r3 >= WHOLLY_SHORT:
        return "wholly", c3
    if c3 >= PARTLY_SHORT:
        return "partly", c3
    return None, c3


@lru_cache(maxsize=1)
def load_copy_model() -> CopyModel:
    """The shipped copy-grading model (``models/copy.json``)."""
    try:
        data = json.loads(model_text("copy.json"))
    except ValueError as exc:
        raise ModelError(f"stories copy.json is corrupt: {exc}") from exc
    return copy_model_from_json(data)


@lru_cache(maxsize=1)
def _permutations() -> object:
    return MinHash(num_perm=NUM_PERM, seed=7).permutations


def minhash(shingles: npt.NDArray[np.uint32]) -> MinHash:
    """A MinHash over pre-hashed shingles (the hashes are used as they are)."""
    m = MinHash(num_perm=NUM_PERM, permutations=_permutations(), scheme="affine32", hashfunc=int)
    m.update_batch([int(h) for h in shingles])
    return m


class NearDuplicates:
    """An LSH index of reports' MinHashes: which stored reports look like this one."""

    def __init__(self) -> None:
        self._lsh = MinHashLSH(num_perm=NUM_PERM, params=LSH_PARAMS)

    def add(self, item_id: str, signature: MinHash) -> None:
        """Index a report (an id already indexed is ignored)."""
        if item_id not in self._lsh.keys:
            self._lsh.insert(item_id, signature, check_duplication=False)

    def query(self, signature: MinHash) -> list[str]:
        """Ids of indexed reports that share a band with ``signature``."""
        return sorted(self._lsh.query(signature))

    def __len__(self) -> int:
        return len(self._lsh.keys)
