"""Build src/akhbar/analyze/resources/name_rates.tsv: how name-like each word's contexts are.

A context-only CRF (it sees the two words on each side of a token, their word classes,
cue words and gazetteer labels, never the token itself) is trained on the NER training
sentences (IL-NER train and IJCNLP-2008, or two thirds of it with ``--holdout``). It
then reads unlabelled news (COUNTER, XL-Sum, every express.pk headline and lede) and,
for each word seen at least ``MIN_COUNT`` times, writes out the mean
probability that the word is inside a person, place or organisation name. The entities
tagger uses these rates as features: a foreign name spelt in Urdu that the gold data
never labelled still shows up in news where people are named ("... نے کہا", "صدر ..."),
so it gets a high person rate. Because the model never sees the word itself, the rate
of a word from the gold data is not a memory of its label.

Held out: IL-NER dev and Jahangir-2012 are never read (neither for training nor as
unlabelled text).

Not shipped: models trained with these rates scored no better on IL-NER dev than the
shipped one (see train_ner.py). Writing the file into resources/ makes train_ner.py use
the feature.

Run: .venv/bin/python training/build_ner_rates.py [--holdout] [--out PATH]
(~2 min of CPU on one core)
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pycrfsuite
import train_ner as t

from akhbar.analyze.entities import Featurizer
from akhbar.analyze.name_rates import RATES_FILE

OUT = t.ROOT / "src" / "akhbar" / "analyze" / "resources" / RATES_FILE
MIN_COUNT = 3
#: Words whose highest rate is below this are left out (they get no rate feature).
MIN_RATE = 0.05
KINDS = ("PER", "LOC", "ORG")
PARAMS = {"c1": 0.1, "c2": 0.05, "max_iterations": 100, "feature.possible_transitions": True}


def context_features(feats: Featurizer, keys: Sequence[str]) -> list[list[str]]:
    """Features of each token from its neighbours only (±2 words, classes, cues, names)."""
    side: list[list[str]] = []
    for key in keys:
        cl = feats.lexicon.clusters.get(key)
        f = ["w=" + key, "c=" + (cl[1] if cl else "?")]
        f += ["g=" + g for g in sorted(feats.gazetteer.token_labels(key))]
        cue = feats._cue.get(key)
        if cue:
            f.append("q=" + cue)
        if key in feats.lexicon.names:
            f.append("nm")
        if len(key) > 2:
            f.append("s2=" + key[-2:])
        side.append(f)
    n = len(keys)
    out = []
    for i in range(n):
        f = ["b"]
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < n:
                f += [f"{off}{x}" for x in side[j] if off in (-1, 1) or x[0] in "wcq"]
            else:
                f.append(f"{off}pad")
        if i >= 2:
            f.append(f"L={keys[i - 2]}|{keys[i - 1]}")
        if i + 2 < n:
            f.append(f"R={keys[i + 1]}|{keys[i + 2]}")
        if 0 < i < n - 1:
            f.append(f"LR={keys[i - 1]}|{keys[i + 1]}")
        out.append(f)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    ap.add_argument("--holdout", action="store_true", help="as train_ner.py --holdout")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--headlines", type=int, default=70_000, help="express.pk rows to read")
    args = ap.parse_args(argv)
    if not t.NER.is_dir():
        print("skipped: ../shared/data not found")
        return 0
    t0 = time.time()
    feats = t.load_featurizer(None)
    trainer = pycrfsuite.Trainer(verbose=False)
    for sent in t.training_sentences(True, args.holdout):
        if sent:
            keys = [feats.key(w) for w, _ in sent]
            trainer.append(context_features(feats, keys), [g for _, g in sent])
    trainer.set_params(PARAMS)
    model = args.out.with_suffix(".crfsuite")
    trainer.train(str(model))
    print(f"context model trained in {time.time() - t0:.0f}s")
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    labels = [x for x in tagger.labels() if x != "O"]
    pool = t.news_sentences(args.headlines)
    print(f"{len(pool)} unlabelled sentences; {time.time() - t0:.0f}s")
    sums: dict[str, np.ndarray] = {}
    counts: dict[str, int] = {}
    for words in pool:
        keys = [feats.key(w) for w in words]
        tagger.set(context_features(feats, keys))
        for pos, key in enumerate(keys):
            if not key[:1].isalpha():
                continue
            row = sums.get(key)
            if row is None:
                row = sums[key] = np.zeros(len(KINDS))
                counts[key] = 0
            counts[key] += 1
            for label in labels:
                kind = label[2:]
                if kind in KINDS:
                    row[KINDS.index(kind)] += tagger.marginal(label, pos)
    tagger.close()
    model.unlink()
    lines = [
        "# Name rates of words in unlabelled news, built by training/build_ner_rates.py",
        "# key\tperson\tplace\torganisation\tcount",
    ]
    for key in sorted(sums):
        n = counts[key]
        rates = sums[key] / n
        if n >= MIN_COUNT and rates.max() >= MIN_RATE and "\t" not in key:
            lines.append(f"{key}\t{rates[0]:.3f}\t{rates[1]:.3f}\t{rates[2]:.3f}\t{n}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines) - 2} words to {args.out}; {time.time() - t0:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
