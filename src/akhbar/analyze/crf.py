"""Linear models held as plain arrays: the NER CRF (with Viterbi decoding) and a
character n-gram classifier of single words.

``training/train_ner.py`` trains with CRFsuite and exports the weights here (an ``.npz``
of plain arrays, no pickle). Decoding in NumPy lets the entities stage score each
distinct token once (its weight vectors are cached), decode all sentences of an article
in one batch, and shift the balance between "no entity" and the entity labels with one
tuned bias.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from akhbar.errors import ModelError


@dataclass(frozen=True, slots=True)
class LinearCRF:
    """Weights of a first-order linear-chain CRF over string attributes."""

    labels: tuple[str, ...]
    index: dict[str, int]
    state: np.ndarray
    transitions: np.ndarray
    outside_bias: float = 0.0
    #: Extra score per label (one per entity type, tuned on dev), added like the O bias.
    label_bias: np.ndarray | None = None

    @property
    def outside(self) -> int:
        """The index of the ``O`` label (-1 when the model has none)."""
        return self.labels.index("O") if "O" in self.labels else -1

    @classmethod
    def from_crfsuite(cls, path: Path, outside_bias: float = 0.0) -> LinearCRF:
        """Read the weights of a trained CRFsuite model."""
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        info = tagger.info()
        labels = tuple(sorted(tagger.labels()))
        lab = {x: i for i, x in enumerate(labels)}
        attrs = sorted({a for a, _ in info.state_features})
        index = {a: i for i, a in enumerate(attrs)}
        state = np.zeros((len(attrs), len(labels)))
        for (a, y), w in info.state_features.items():
            state[index[a], lab[y]] = w
        trans = np.zeros((len(labels), len(labels)))
        for (y1, y2), w in info.transitions.items():
            trans[lab[y1], lab[y2]] = w
        tagger.close()
        return cls(labels, index, state, trans, outside_bias)

    def save(self, path: Path) -> None:
        """Write the weights as plain arrays (``np.savez_compressed``)."""
        attrs = sorted(self.index, key=self.index.__getitem__)
        bias = np.zeros(len(self.labels)) if self.label_bias is None else self.label_bias
        # Written beside the target and renamed, so a reader never sees half a file.
        tmp = path.with_name(path.name + ".tmp.npz")
        np.savez_compressed(
            tmp,
            labels=np.array(self.labels),
            attributes=np.array(attrs),
            state=self.state.astype(np.float32),
            transitions=self.transitions.astype(np.float32),
            outside_bias=np.array([self.outside_bias]),
            label_bias=np.asarray(bias, dtype=np.float64),
        )
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> LinearCRF:
        """Read weights written by ``save``."""
        try:
            with np.load(path, allow_pickle=False) as z:
                labels = tuple(str(x) for x in z["labels"])
                attrs = [str(x) for x in z["attributes"]]
                state = z["state"].astype(np.float64)
                trans = z["transitions"].astype(np.float64)
                bias = float(z["outside_bias"][0])
                per = z["label_bias"].astype(np.float64) if "label_bias" in z else None
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(f"cannot read CRF weights {path}: {exc}") from exc
        if state.shape != (len(attrs), len(labels)) or trans.shape != (len(labels),) * 2:
            raise ModelError(f"CRF weights {path} have inconsistent shapes")
        if per is not None and per.shape != (len(labels),):
            raise ModelError(f"CRF weights {path} have inconsistent shapes")
        return cls(labels, {a: i for i, a in enumerate(attrs)}, state, trans, bias, per)

    def with_bias(
        self, outside_bias: float, type_bias: dict[str, float] | None = None
    ) -> LinearCRF:
        """The same model with another bias on ``O`` (and per entity type, if given)."""
        per = self.label_bias
        if type_bias is not None:
            per = np.array([type_bias.get(x[2:], 0.0) if x != "O" else 0.0 for x in self.labels])
        return LinearCRF(self.labels, self.index, self.state, self.transitions, outside_bias, per)

    def interpolate(self, other: LinearCRF, weight: float) -> LinearCRF:
        """The weights ``(1 - weight) * self + weight * other`` over both models' attributes.

        Two CRFs over the same labels, trained on different data (say without and with
        news text), mix into one that scores each sequence by the weighted sum of their
        scores; the biases are reset to zero.
        """
        if self.labels != other.labels:
            raise ModelError("cannot interpolate CRFs with different labels")
        attrs = sorted(set(self.index) | set(other.index))
        index = {a: i for i, a in enumerate(attrs)}
        state = np.zeros((len(attrs), len(self.labels)))
        for model, share in ((self, 1.0 - weight), (other, weight)):
            rows = np.fromiter((index[a] for a in model.index), dtype=np.int64)
            state[rows] += share * model.state[np.fromiter(model.index.values(), np.int64)]
        trans = (1.0 - weight) * self.transitions + weight * other.transitions
        return LinearCRF(self.labels, index, state, trans)

    def vector(self, attributes: Iterable[str]) -> np.ndarray:
        """The summed state weights of some attributes (one score per label)."""
        rows = [self.index[a] for a in attributes if a in self.index]
        if not rows:
            return np.zeros(len(self.labels))
        return np.asarray(self.state[rows].sum(axis=0))

    def decode(self, emissions: Sequence[np.ndarray]) -> list[list[str]]:
        """The best label sequence of each sentence, given its (n, labels) state scores."""
        lens = [len(e) for e in emissions]
        if not any(lens):
            return [[] for _ in emissions]
        flat = np.concatenate([e for e in emissions if len(e)])
        return self.decode_flat(flat, lens)

    def decode_flat(self, flat: np.ndarray, lens: Sequence[int]) -> list[list[str]]:
        """Like ``decode``, for the state scores of all sentences stacked (sum(lens), labels)."""
        if not sum(lens):
            return [[] for _ in lens]
        bias = np.zeros(len(self.labels))
        if self.outside >= 0:
            bias[self.outside] = self.outside_bias
        if self.label_bias is not None:
            bias = bias + self.label_bias
        scores = np.asarray(flat, dtype=np.float64) + bias
        starts = (np.cumsum(lens) - np.asarray(lens)).tolist()
        live = [(s, n) for s, n in zip(starts, lens, strict=True) if n]
        best = iter(self._viterbi([scores[s : s + n] for s, n in live]))
        names = self.labels
        return [[names[k] for k in next(best)] if n else [] for n in lens]

    def _viterbi(self, parts: Sequence[np.ndarray]) -> list[list[int]]:
        """Best label indices of each part (scores already biased), decoded in one batch.

        Parts are aligned at their ends, so all of them finish on the last step: a
        padding step scores ``-c`` (``c`` the best transition into each label) and keeps
        every label at 0; a part's first step scores ``s - c``, which after the
        transition from all-zero is exactly ``s``. Viterbi then needs no per-step masks.
        """
        n_lab = len(self.labels)
        length = np.array([len(p) for p in parts])
        longest = int(length.max())
        into = self.transitions.max(axis=0)
        scores = np.empty((len(parts), longest, n_lab))
        scores[:] = -into
        rows = np.repeat(np.arange(len(parts)), length)
        first = np.cumsum(length) - length
        cols = np.arange(len(rows)) - first[rows] + (longest - length)[rows]
        scores[rows, cols] = np.concatenate(parts)
        scores[np.arange(len(parts)), longest - length] -= into
        delta = scores[:, 0] + into
        back = np.zeros((longest, len(parts), n_lab), dtype=np.intp)
        trans = self.transitions[None, :, :]
        cand = np.empty((len(parts), n_lab, n_lab))
        # Preallocated buffers: each step is four NumPy calls and allocates nothing.
        column = delta[:, :, None]
        for t in range(1, longest):
            np.add(column, trans, out=cand)
            cand.argmax(axis=1, out=back[t])
            cand.max(axis=1, out=delta)
            delta += scores[:, t]
        best = delta.argmax(axis=1).tolist()
        out = []
        for row, n in enumerate(length.tolist()):
            path = back[longest - n + 1 :, row].tolist()
            y = [0] * n
            y[n - 1] = best[row]
            for t in range(n - 1, 0, -1):
                y[t - 1] = path[t - 1][y[t]]
            out.append(y)
        return out


def char_ngrams(word: str) -> list[str]:
    """Character 2- to 4-grams of a word padded with ``^`` and ``$``."""
    w = f"^{word}$"
    return [w[i : i + n] for n in (2, 3, 4) for i in range(len(w) - n + 1)]


@dataclass(frozen=True, slots=True)
class CharNgrams:
    """A linear classifier of single words by their character n-grams (name or not)."""

    classes: tuple[str, ...]
    index: dict[str, int]
    weights: np.ndarray
    intercept: np.ndarray

    def proba(self, word: str) -> np.ndarray:
        """Class probabilities of one word."""
        rows = [self.index[g] for g in char_ngrams(word) if g in self.index]
        z = self.intercept + self.weights[rows].sum(axis=0)
        z = np.exp(z - z.max())
        return np.asarray(z / z.sum())

    def save(self, path: Path) -> None:
        """Write as plain arrays."""
        grams = sorted(self.index, key=self.index.__getitem__)
        np.savez_compressed(
            path,
            classes=np.array(self.classes),
            ngrams=np.array(grams),
            weights=self.weights.astype(np.float32),
            intercept=self.intercept.astype(np.float32),
        )

    @classmethod
    def load(cls, path: Path) -> CharNgrams:
        """Read arrays written by ``save``."""
        try:
            with np.load(path, allow_pickle=False) as z:
                classes = tuple(str(x) for x in z["classes"])
                grams = [str(x) for x in z["ngrams"]]
                weights = z["weights"].astype(np.float64)
                intercept = z["intercept"].astype(np.float64)
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(f"cannot read character model {path}: {exc}") from exc
        if weights.shape != (len(grams), len(classes)) or intercept.shape != (len(classes),):
            raise ModelError(f"character model {path} has inconsistent shapes")
        return cls(classes, {g: i for i, g in enumerate(grams)}, weights, intercept)
