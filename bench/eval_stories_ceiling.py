"""How far can story clustering go on COUNTER with these features? An upper bound.

The clustering targets (B-cubed F1 >= 0.95, pairwise F1 >= 0.85) are scored against
COUNTER's pair labels, where only a derived pair is one story. This script measures what
a stronger learner reaches when it is *also* allowed to pick its threshold on the test
half itself, which no deployable system can do:

- every two documents within 14 days get the link features (title/body/cross TF-IDF
  cosines, shared entities and numbers, days apart) and the copy model's n-gram
  containment features (later report against the earlier);
- gradient-boosted trees (scikit-learn's HistGradientBoostingClassifier) are fitted on
  the training half's pairs (the same 2-fold split as ``eval_stories.py``);
- each document links to its best-scoring earlier document above a threshold (all 600
  documents present, as in the streamed evaluation), connected components are the
  stories, and the threshold with the best test-half B-cubed F1 + pairwise F1 is kept.

It also prints how much the copy-grading figures move between seeded 2-fold splits, and
lists documents whose bodies are identical yet sit in different gold stories.

Run: ``.venv/bin/python bench/eval_stories_ceiling.py``
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))
DATA = ROOT.parent / "shared" / "data"
THRESHOLDS = [round(float(t), 2) for t in np.linspace(0.05, 0.95, 19)]


def components(nodes: list[str], edges: list[tuple[str, str]]) -> dict[str, str]:
    """Connected components (a representative per node)."""
    parent = {n: n for n in nodes}

    def root(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for a, b in edges:
        parent[root(a)] = root(b)
    return {n: root(n) for n in nodes}


def best_match(
    scores: np.ndarray,  # type: ignore[type-arg]
    ids: list[tuple[str, str]],
    threshold: float,
    nodes: list[str],
) -> dict[str, str]:
    """Each later document joins its best-scoring earlier document at or above ``threshold``."""
    best: dict[str, tuple[float, str]] = {}
    for s, (later, earlier) in zip(scores, ids, strict=True):
        if s >= threshold and (later not in best or s > best[later][0]):
            best[later] = (float(s), earlier)
    return components(nodes, [(a, b) for a, (_, b) in best.items()])


def copy_spread(pairs: list[Any], seeds: int = 10) -> None:
    """The copy model's derived F1 and three-class accuracy over many 2-fold splits: how
    much of a figure from one split is the split."""
    import tune_stories as ts

    f1s, accs = [], []
    for seed in range(seeds):
        halves = ts.halves(pairs, seed)
        for train, test in (halves, halves[::-1]):
            cx, cy = ts.copy_matrix(train)
            nx, ny = ts.unrelated_matrix(train)
            model = ts.fit_copy(np.vstack([cx, nx]), np.concatenate([cy, ny]))
            ex, ey = ts.copy_matrix(test)
            pred = np.array([int(np.argmax(model.probabilities(list(x)))) for x in ex])
            tp = int(((pred > 0) & (ey > 0)).sum())
            wrong = int(((pred > 0) != (ey > 0)).sum())
            f1s.append(2 * tp / (2 * tp + wrong))
            accs.append(float((pred == ey).mean()))
    f1 = np.array(f1s).reshape(seeds, 2).mean(axis=1)
    acc = np.array(accs).reshape(seeds, 2).mean(axis=1)
    print(f"Copy grading over {seeds} seeded 2-fold splits (eval_stories.py uses seed 0):")
    print(f"  derived F1 mean {f1.mean():.3f} (min {f1.min():.3f}, max {f1.max():.3f})")
    print(f"  3-class accuracy mean {acc.mean():.3f} (min {acc.min():.3f}, max {acc.max():.3f})")


def main() -> int:
    """Print the upper bound and the duplicate texts."""
    if not (DATA / "counter" / "xml").exists():
        print("skipped: ../shared/data not found")
        return 0
    import tune_stories as ts
    from sklearn.ensemble import HistGradientBoostingClassifier

    from akhbar.stories.corpus import read_pairs
    from akhbar.stories.features import key_words, load_vocabulary
    from akhbar.stories.fingerprint import copy_features
    from akhbar.stories.link import link_features

    pairs = read_pairs(ts.COUNTER_DIR)
    vocab = load_vocabulary()
    gold = ts.gold_clusters(pairs)
    docs = ts.cluster_docs(pairs)
    prep = {d.id: ts.prepared(d, vocab) for d in docs}
    profiles = {k: ts.profile_of(v) for k, v in prep.items()}
    rows, labels, ids = [], [], []
    for i, a in enumerate(docs):
        for b in docs[:i]:
            later, earlier = prep[a.id], prep[b.id]
            if abs(later.day - earlier.day) > 14:
                continue
            feats = link_features(later, profiles[b.id], lambda: 0.0)[:-1]
            rows.append(feats + copy_features(later.grams, earlier.grams))
            labels.append(int(gold[a.id] == gold[b.id]))
            ids.append((a.id, b.id))
    x, y = np.array(rows), np.array(labels)
    nodes = list(gold)
    found: list[tuple[float, float, float, float, float, float, float]] = []
    halves = ts.halves(pairs)
    for train, test in (halves, halves[::-1]):
        in_train = {d for p in train for d in (p.source.id, p.derived.id)}
        in_test = {d for p in test for d in (p.source.id, p.derived.id)}
        fit = np.array([a in in_train and b in in_train for a, b in ids])
        model = HistGradientBoostingClassifier(
            max_iter=200, learning_rate=0.05, max_leaf_nodes=15, random_state=0
        ).fit(x[fit], y[fit])
        scores = model.predict_proba(x)[:, 1]
        results = []
        for thr in THRESHOLDS:
            pred = best_match(scores, ids, thr, nodes)
            bc, pw = ts.bcubed(pred, gold, in_test), ts.pairwise(pred, gold, in_test)
            results.append((bc[2] + pw[2], thr, *bc, *pw))
        found.append(max(results)[1:])
    m = np.mean(found, axis=0)
    print("COUNTER story clustering, upper bound (threshold picked on the test half itself)")
    print(f"  {'method':<58}{'B3 P':>7}{'B3 R':>7}{'B3 F1':>7}{'pw P':>7}{'pw R':>7}{'pw F1':>7}")
    name = "gradient-boosted pair model, best match, oracle threshold"
    print(f"  {name:<58}" + "".join(f"{v:>7.3f}" for v in m[1:]))
    print(f"  thresholds picked per fold: {[f[0] for f in found]}")
    copy_spread(pairs)
    same_text: dict[str, list[str]] = defaultdict(list)
    for p in pairs:
        for d in (p.source, p.derived):
            same_text[" ".join(key_words(d.body))].append(d.id)
    dups = [ids_ for ids_ in same_text.values() if len({gold[i] for i in ids_}) > 1]
    print(f"Identical bodies in different gold stories: {len(dups)} groups {dups}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
