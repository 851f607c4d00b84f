"""Train the topic classifier shipped in ``src/akhbar/analyze/models/topics.*``.

Data: ../shared/data/topics/express-headlines-2012-2017.csv (title, lede, section).
Split by time: 2012–2015 train / 2016 validation to pick the regularisation C and a
softmax temperature (so that ``Topic.score`` reads as a probability), then 2012–2016
train / 2017 test (held out). Model: TF-IDF (sublinear) over search-key word 1–2-grams
and in-word char 2–4-grams, class-balanced LinearSVC. Prints macro-F1 of the shipped
arrays next to plain TF-IDF + LinearSVC (sklearn defaults) trained on the same rows.

By default (the shipped model), COUNTER articles (../shared/data/counter, their ``domain``
attribute: national → national, foreign → world, showbiz → entertainment, sports,
business) join the training rows, giving a "national" class that the headline set
lacks; 30% of COUNTER's story pairs (by a hash of the pair number) are held out and
scored separately, and the 2017 figures stay over the seven headline classes;
``--headlines-only`` leaves COUNTER and the national class out.

Usage: .venv/bin/python training/train_topics.py [--no-save] [--headlines-only] [--out DIR]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import classification_report, f1_score
from sklearn.svm import LinearSVC

from akhbar.analyze.topics import TopicModel, features, read_model, save_model
from akhbar.text import normalize

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "topics" / "express-headlines-2012-2017.csv"
OUT = ROOT / "src" / "akhbar" / "analyze" / "models"
LABELS = ("business", "entertainment", "health", "science", "sports", "weird news", "world")
MAX_FEATURES = 150_000
COUNTER = ROOT.parent / "shared" / "data" / "counter" / "xml"
COUNTER_LABELS = {
    "national": "national",
    "foreign": "world",
    "showbiz": "entertainment",
    "sports": "sports",
    "business": "business",
}
_DOC = re.compile(r'domain="(\w+)".*?<headline>(.*?)</headline>.*?<body>(.*?)</body>', re.S)


def load_counter(path: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(text, label) of COUNTER articles: (train pairs, held-out pairs), split by pair."""
    from akhbar.analyze.topics import BODY_CHARS

    train, test = [], []
    for f in sorted(path.glob("*.xml")):
        m = _DOC.search(f.read_text(encoding="utf-8", errors="replace"))
        if m is None or m.group(1) not in COUNTER_LABELS:
            continue
        text = f"{m.group(2).strip()}\n{m.group(3).strip()[:BODY_CHARS]}"
        pair = f.stem.rstrip("p")
        part = train if zlib.crc32(pair.encode()) % 10 < 7 else test
        part.append((text, COUNTER_LABELS[m.group(1)]))
    return train, test


def load_rows(path: Path) -> list[tuple[int, str, str]]:
    """(year, label, raw text) for every well-formed row."""
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            label, date = rec.get("category") or "", rec.get("date") or ""
            if label not in LABELS or not date[:4].isdigit():
                continue
            text = f"{rec.get('title') or ''}\n{rec.get('lede') or ''}".strip()
            if text:
                rows.append((int(date[:4]), label, text))
    return rows


def split(
    rows: Sequence[tuple[int, str, str]], train_years: range, test_year: int
) -> tuple[list[str], list[str], list[str], list[str]]:
    """Raw texts and labels of a time split."""
    tr = [r for r in rows if r[0] in train_years]
    te = [r for r in rows if r[0] == test_year]
    return [r[2] for r in tr], [r[1] for r in tr], [r[2] for r in te], [r[1] for r in te]


def baseline(xtr: list[str], ytr: list[str], xte: list[str]) -> list[str]:
    """Plain TF-IDF (sklearn defaults) + LinearSVC (defaults) on the raw text."""
    vec = TfidfVectorizer()
    clf = LinearSVC()
    clf.fit(vec.fit_transform(xtr), ytr)
    return list(clf.predict(vec.transform(xte)))


def fit(xtr: list[str], ytr: list[str], c: float) -> tuple[TfidfVectorizer, LinearSVC]:
    """Our features (search key, word 1–2-grams, char 2–4-grams) + balanced LinearSVC."""
    vec = TfidfVectorizer(
        analyzer=features, sublinear_tf=True, min_df=2, dtype=np.float32, lowercase=False
    )
    keys = [normalize.search_key(x) for x in xtr]
    clf = LinearSVC(C=c, class_weight="balanced")
    clf.fit(vec.fit_transform(keys), ytr)
    return vec, clf


def temperature(margins: np.ndarray, gold: Sequence[str], labels: Sequence[str]) -> float:
    """The softmax temperature that minimises the negative log-likelihood of ``gold``."""
    index = {lab: i for i, lab in enumerate(labels)}
    y = np.array([index[g] for g in gold])
    best_t, best_nll = 1.0, float("inf")
    for t in np.arange(0.5, 12.01, 0.25):
        z = margins * t
        z = z - z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        nll = float(-logp[np.arange(len(y)), y].mean())
        if nll < best_nll:
            best_t, best_nll = float(t), nll
    return best_t


def to_model(vec: TfidfVectorizer, clf: LinearSVC, scale: float = 1.0) -> TopicModel:
    """Plain arrays (weights times the softmax temperature), keeping the strongest features."""
    coef = clf.coef_.T.astype(np.float32) * scale  # (n_features, n_labels)
    keep = np.argsort(-np.abs(coef).max(axis=1))[:MAX_FEATURES]
    keep.sort()
    names = vec.get_feature_names_out()
    vocab = {str(names[j]): i for i, j in enumerate(keep)}
    return TopicModel(
        vocabulary=vocab,
        idf=vec.idf_[keep].astype(np.float32),
        weights=coef[keep],
        bias=clf.intercept_.astype(np.float32) * scale,
        labels=tuple(str(x) for x in clf.classes_),
    )


def macro(y: Sequence[str], p: Sequence[str]) -> float:
    """Macro-averaged F1 over the headline set's seven labels."""
    return float(f1_score(y, p, average="macro", labels=list(LABELS), zero_division=0))


def main(argv: Sequence[str] | None = None) -> int:
    """Pick C on 2016, train on 2012–2016, test on 2017, save."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--no-save", action="store_true")
    ap.add_argument(
        "--headlines-only", action="store_true", help="no COUNTER rows, no national class"
    )
    ap.add_argument("--out", type=Path, default=OUT, help="where to write topics.npz/.json")
    args = ap.parse_args(argv)
    if not DATA.exists():
        print(f"skipped: {DATA} not found (../shared/data)")
        return 0
    rows = load_rows(DATA)
    extra, held = ([], []) if args.headlines_only else load_counter(COUNTER)
    t0 = time.time()
    xtr, ytr, xva, yva = split(rows, range(2012, 2016), 2016)
    xtr, ytr = xtr + [t for t, _ in extra], ytr + [y for _, y in extra]
    best_c, best, scale = 1.0, -1.0, 1.0
    for c in (0.1, 0.3):
        vec, clf = fit(xtr, ytr, c)
        margins = clf.decision_function(vec.transform([normalize.search_key(x) for x in xva]))
        f1 = macro(yva, [clf.classes_[i] for i in margins.argmax(axis=1)])
        print(f"validation 2016: C={c:g} macro-F1 {f1:.4f}", flush=True)
        if f1 > best:
            best_c, best = c, f1
            scale = temperature(margins, yva, list(clf.classes_))
    print(f"chosen C={best_c:g}, softmax temperature {scale:g}", flush=True)
    xtr, ytr, xte, yte = split(rows, range(2012, 2017), 2017)
    xtr, ytr = xtr + [t for t, _ in extra], ytr + [y for _, y in extra]
    vec, clf = fit(xtr, ytr, best_c)
    model = to_model(vec, clf, scale)
    ours = [model.predict(normalize.search_key(x)).label for x in xte]
    base = baseline(xtr, ytr, xte)
    print(f"train 2012-2016: {len(xtr)} rows; test 2017: {len(xte)} rows; C={best_c:g}")
    print(classification_report(yte, ours, digits=3, labels=list(LABELS), zero_division=0))
    print(f"macro-F1 2017  ours (shipped arrays) {macro(yte, ours):.4f}")
    print(f"macro-F1 2017  TF-IDF + LinearSVC    {macro(yte, base):.4f}")
    print(f"difference                           {macro(yte, ours) - macro(yte, base):+.4f}")
    if held:
        xh, yh = [t for t, _ in held], [y for _, y in held]
        ours_h = [model.predict(normalize.search_key(x)).label for x in xh]
        base_h = baseline(xtr, ytr, xh)
        labs = sorted(set(yh))
        print(f"COUNTER held-out pairs ({len(xh)} articles), labels {labs}:")
        for name, pred in (("ours", ours_h), ("TF-IDF + LinearSVC", base_h)):
            f = f1_score(yh, pred, average=None, labels=labs, zero_division=0)
            per = dict(zip(labs, f, strict=True))
            print(f"  {name:20s} macro-F1 {f.mean():.4f}  national F1 {per['national']:.4f}")
    print(f"({time.time() - t0:.0f} s)")
    if not args.no_save:
        save_model(model, args.out)
        again = read_model(args.out)
        check = [again.predict(normalize.search_key(x)).label for x in xte[:200]]
        same = sum(a == b for a, b in zip(check, ours, strict=False))
        print(f"saved to {args.out}; reload agrees on {same}/{len(check)} of the first predictions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
