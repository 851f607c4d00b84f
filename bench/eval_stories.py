"""Evaluate copy grading and story clustering on COUNTER, next to baselines.

Every figure for the learnt models is cross-validated: the 300 pairs are split into two
label-stratified halves, the models are trained on one half (plus Express headlines
for the link model) and scored on the other, then the roles swap; the figures are the
means over both held-out halves. Clustering streams all 600 documents in date order
through a fresh clusterer and scores only the held-out half's documents (pairs touching
them, for pairwise), so no test document's own label was seen in training. The same
stream with the newspaper stories cut down to their headlines shows headlines joining
stories; the stream shuffled shows how close a backfill comes to date order.

Run: ``.venv/bin/python bench/eval_stories.py``
"""

from __future__ import annotations

import contextlib
import io
import random
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))

DATA = ROOT.parent / "shared" / "data"


def f1_derived(pred: Sequence[int], gold: Sequence[int]) -> float:
    """F1 of the derived class (grade > 0) against gold grades."""
    tp = sum(1 for p, g in zip(pred, gold, strict=True) if p > 0 and g > 0)
    fp = sum(1 for p, g in zip(pred, gold, strict=True) if p > 0 and g == 0)
    fn = sum(1 for p, g in zip(pred, gold, strict=True) if p == 0 and g > 0)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def accuracy(pred: Sequence[int], gold: Sequence[int]) -> float:
    """Share of exact three-class hits."""
    return sum(1 for p, g in zip(pred, gold, strict=True) if p == g) / len(gold)


def containment_baseline(
    train_x: np.ndarray,
    train_y: np.ndarray,
    test_x: np.ndarray,  # type: ignore[type-arg]
) -> list[int]:
    """Word 3-gram containment with two thresholds tuned on the training half."""
    c3_train, c3_test = train_x[:, 2], test_x[:, 2]
    grid = np.unique(np.round(c3_train, 3))
    best, best_t = -1.0, (0.0, 1.0)
    for lo in grid:
        for hi in grid[grid >= lo]:
            pred = np.where(c3_train >= hi, 2, np.where(c3_train >= lo, 1, 0))
            acc = float((pred == train_y).mean())
            if acc > best:
                best, best_t = acc, (float(lo), float(hi))
    lo, hi = best_t
    return [2 if c >= hi else 1 if c >= lo else 0 for c in c3_test]


def main() -> int:
    """Print the figures."""
    counter_dir = DATA / "counter" / "xml"
    if not counter_dir.exists():
        print("skipped: ../shared/data not found")
        return 0
    import tune_stories as ts

    from akhbar.stories.corpus import read_pairs
    from akhbar.stories.features import load_vocabulary

    pairs = read_pairs(counter_dir)
    vocab = load_vocabulary()
    rows = ts.express_rows()
    halves = ts.halves(pairs)
    gold_all = ts.gold_clusters(pairs)
    docs_all = ts.cluster_docs(pairs)

    copy_rows: dict[str, list[float]] = {"model": [], "model_acc": [], "base": [], "base_acc": []}
    copy_rows["all"] = []
    clus: dict[str, list[tuple[float, float, float]]] = {
        k: []
        for k in ("bc", "pw", "bc_single", "pw_single", "bc_tfidf", "pw_tfidf", "bc_h", "pw_h")
    }
    backfill: list[tuple[float, float, float]] = []
    backfill_gold: list[tuple[float, ...]] = []
    for train, test in (halves, halves[::-1]):
        tx, ty = ts.copy_matrix(train)
        ex, ey = ts.copy_matrix(test)
        with contextlib.redirect_stdout(io.StringIO()):
            copy_model, link = ts.train_all(train, vocab, rows)
        pred = [int(np.argmax(copy_model.probabilities(list(x)))) for x in ex]
        base = containment_baseline(tx, ty, ex)
        copy_rows["model"].append(f1_derived(pred, list(ey)))
        copy_rows["model_acc"].append(accuracy(pred, list(ey)))
        copy_rows["base"].append(f1_derived(base, list(ey)))
        copy_rows["base_acc"].append(accuracy(base, list(ey)))
        copy_rows["all"].append(f1_derived([1] * len(ey), list(ey)))

        only = {d for p in test for d in (p.source.id, p.derived.id)}
        pred_c = ts.run_clusterer(docs_all, link, vocab, copy_model)
        clus["bc"].append(ts.bcubed(pred_c, gold_all, only))
        clus["pw"].append(ts.pairwise(pred_c, gold_all, only))
        heads = ts.run_clusterer(ts.headline_docs(pairs), link, vocab, copy_model)
        clus["bc_h"].append(ts.bcubed(heads, gold_all, only))
        clus["pw_h"].append(ts.pairwise(heads, gold_all, only))
        shuffled = list(docs_all)
        random.Random(len(backfill)).shuffle(shuffled)
        pred_s = ts.run_clusterer(shuffled, link, vocab, copy_model)
        backfill.append(ts.bcubed(pred_s, pred_c))
        scored = (*ts.bcubed(pred_s, gold_all, only), *ts.pairwise(pred_s, gold_all, only))
        backfill_gold.append(scored)
        single = {d: d for d in gold_all}
        clus["bc_single"].append(ts.bcubed(single, gold_all, only))
        clus["pw_single"].append(ts.pairwise(single, gold_all, only))
        tfidf = single_pass_tfidf(docs_all, vocab, train, gold_all)
        clus["bc_tfidf"].append(ts.bcubed(tfidf, gold_all, only))
        clus["pw_tfidf"].append(ts.pairwise(tfidf, gold_all, only))

    def m(xs: list[float]) -> float:
        return float(np.mean(xs))

    print("COUNTER copy grading (2-fold cross-validation, held-out halves; 300 pairs)")
    print(f"  {'method':<44}{'derived F1':>12}{'3-class acc':>13}")
    for name, f1, acc in (
        ("akhbar (logistic over n-gram containment)", "model", "model_acc"),
        ("baseline: 3-gram containment, tuned cuts", "base", "base_acc"),
    ):
        print(f"  {name:<44}{m(copy_rows[f1]):>12.3f}{m(copy_rows[acc]):>13.3f}")
    print(f"  {'baseline: every pair derived':<44}{m(copy_rows['all']):>12.3f}{'':>13}")
    print()
    print("COUNTER story clustering: 600 documents streamed in date order (held-out halves)")
    print(f"  {'method':<44}{'B3 P':>7}{'B3 R':>7}{'B3 F1':>7}{'pw P':>7}{'pw R':>7}{'pw F1':>7}")
    for name, key in (
        ("akhbar Clusterer", ""),
        ("baseline: every document alone", "_single"),
        ("baseline: single-pass TF-IDF (tuned cut)", "_tfidf"),
    ):
        bc = np.mean(clus["bc" + key], axis=0)
        pw = np.mean(clus["pw" + key], axis=0)
        print(f"  {name:<44}" + "".join(f"{v:>7.3f}" for v in (*bc, *pw)))
    bc, pw = np.mean(clus["bc_h"], axis=0), np.mean(clus["pw_h"], axis=0)
    name = "akhbar, newspaper reports as bare headlines"
    print(f"  {name:<44}" + "".join(f"{v:>7.3f}" for v in (*bc, *pw)))
    name = "akhbar, the documents in a shuffled order"
    print(f"  {name:<44}" + "".join(f"{v:>7.3f}" for v in np.mean(backfill_gold, axis=0)))
    print()
    agree = np.mean(backfill, axis=0)
    print(
        "Backfill: the same 600 documents in a shuffled order, against date order: "
        f"B-cubed P {agree[0]:.3f} R {agree[1]:.3f} F1 {agree[2]:.3f} (1.000 = same stories)"
    )
    return 0


def single_pass_tfidf(docs, vocab, train, gold_all):  # type: ignore[no-untyped-def]
    """Single-pass clustering: join the most similar earlier cluster centroid above a cut
    (TF-IDF of the whole text), the cut tuned on the training half's documents."""
    import tune_stories as ts

    from akhbar.stories.features import cosine, key_words, terms, tfidf

    vecs = {d.id: tfidf(terms(key_words(f"{d.title}\n{d.text}"), vocab.stop), vocab) for d in docs}
    train_ids = {d for p in train for d in (p.source.id, p.derived.id)}

    def run(cut: float) -> dict[str, str]:
        cents: dict[str, dict[str, float]] = {}
        out: dict[str, str] = {}
        for d in docs:
            v = vecs[d.id]
            best, best_s = None, cut
            for cid, c in cents.items():
                s = cosine(v, c)
                if s >= best_s:
                    best, best_s = cid, s
            cid = best or d.id
            cent = cents.setdefault(cid, {})
            for t, w in v.items():
                cent[t] = cent.get(t, 0.0) + w
            out[d.id] = cid
        return out

    best_cut, best_score = 0.5, -1.0
    for cut in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7):
        pred = run(cut)
        score = ts.bcubed(pred, gold_all, train_ids)[2] + ts.pairwise(pred, gold_all, train_ids)[2]
        if score > best_score:
            best_cut, best_score = cut, score
    return run(best_cut)


if __name__ == "__main__":
    sys.exit(main())
