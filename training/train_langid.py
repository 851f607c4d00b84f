"""Train the character n-gram language model shipped in akhbar/text/resources/langid.npz.

Naive Bayes over character 1..4-grams of words (padded with a space on each side), on
the display form of the FLORES-200 *-train.tsv sentences of Urdu and its Arabic-script
look-alikes (../shared/data/langid, CC BY-SA 4.0). Persian (pes) and Dari (prs) are
one label, 'fa'. Kept: the n-grams seen at least three times; log-probabilities with
add-alpha smoothing, as float16 in a plain .npz (no pickles); whole words are features too.

Run: .venv/bin/python training/train_langid.py
"""

from __future__ import annotations

import csv
import math
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "langid"
OUT = ROOT / "src" / "akhbar" / "text" / "resources" / "langid.npz"
sys.path.insert(0, str(ROOT / "src"))

from akhbar.text import normalize  # noqa: E402
from akhbar.text.script import ngrams  # noqa: E402

FILES = {
    "urd_Arab": "ur",
    "pes_Arab": "fa",
    "prs_Arab": "fa",
    "arb_Arab": "ar",
    "snd_Arab": "sd",
    "pbt_Arab": "ps",
    "ckb_Arab": "ckb",
    "kas_Arab": "ks",
    "uig_Arab": "ug",
}
ORDER = 4
MIN_COUNT = 3
ALPHA = 0.1


def read_rows(split: str = "train") -> list[tuple[str, str]]:
    """(label, display-form text) for every sentence of the split."""
    rows = []
    for name, label in FILES.items():
        with (DATA / f"{name}-{split}.tsv").open(encoding="utf-8") as fh:
            rows += [
                (label, normalize.display(r["text"])) for r in csv.DictReader(fh, delimiter="\t")
            ]
    return rows


def build(rows: list[tuple[str, str]], min_count: int = MIN_COUNT) -> dict[str, object]:
    """The model as a JSON-ready dict."""
    counts: dict[str, Counter[str]] = {}
    for label, text in rows:
        counts.setdefault(label, Counter()).update(ngrams(text, ORDER))
    labels = sorted(counts)
    total: Counter[str] = Counter()
    for c in counts.values():
        total.update(c)
    vocab = sorted(g for g, n in total.items() if n >= min_count)
    sizes = Counter(len(g) for g in vocab)
    logp: list[list[float]] = [[0.0] * len(labels) for _ in vocab]
    for j, label in enumerate(labels):
        c = counts[label]
        by_order: Counter[int] = Counter()
        for g in vocab:
            by_order[len(g)] += c.get(g, 0)
        # Each n-gram order is its own distribution, smoothed over the kept vocabulary.
        for i, g in enumerate(vocab):
            k = len(g)
            p = (c.get(g, 0) + ALPHA) / (by_order[k] + ALPHA * sizes[k])
            logp[i][j] = round(math.log(p), 3)
    return {
        "about": "char 1-4-gram Naive Bayes on display-form FLORES-200 train (CC BY-SA 4.0); "
        "built by training/train_langid.py",
        "labels": labels,
        "order": ORDER,
        "vocab": vocab,
        "logp": logp,
    }


def main() -> int:
    if not DATA.exists():
        print("skipped: ../shared/data not found")
        return 0
    model = build(read_rows("train"))
    vocab = model["vocab"]
    labels = model["labels"]
    assert isinstance(vocab, list) and isinstance(labels, list)
    with OUT.open("wb") as fh:
        np.savez_compressed(
            fh,
            labels=np.array(labels),
            vocab=np.array(vocab),
            logp=np.asarray(model["logp"], dtype=np.float16),
            order=np.array(ORDER),
        )
    print(
        f"wrote {OUT.relative_to(ROOT)}: {len(labels)} labels, {len(vocab)} features, "
        f"{OUT.stat().st_size / 1e6:.2f} MB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
