"""Evaluate the entities stage: entity-level exact-match F1 over PER/LOC/ORG.

Three sets, none used in training:
- IL-NER dev (BIO tags; it chose the model's biases, so it is a development set);
- Jahangir-2012 Urdu news, held out (no B-/I- prefixes, so adjacent entities of one
  type are merged in both gold and prediction before matching);
- ``bench/data/ner-news-dev.jsonl``, 55 hand-annotated news sentences used for no choice.

Beside akhbar's tagger (the CRF with word-class, cue and gazetteer features, then
curated names and span rules applied; and the CRF alone) it trains and scores the
baseline the targets refer to: a plain CRF (word, affixes, digits, ±2 words) on IL-NER
train alone. Tokens are re-split with akhbar's tokenizer in gold and prediction alike.

Run: .venv/bin/python bench/eval_ner.py [--no-baseline]
While developing, ``--dev-only`` (no Jahangir-2012), ``--ijcnlp-dev`` and
``--news-dev-part`` with ``--model`` (a model trained with ``train_ner.py --holdout
--news train``) score the development sets only.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT / "training"))

TARGETS = {
    "IL-NER dev": 0.75,
    "Jahangir-2012": 0.70,
    "IJCNLP-2008 third": 0.0,
    "annotated news, dev part": 0.0,
}


def plain_features(words: list[str]) -> list[list[str]]:
    """Ordinary CRF features: the word, its affixes, digits, length and ±2 words."""
    out = []
    n = len(words)
    for i, w in enumerate(words):
        f = ["b", "w=" + w, "len=" + str(min(len(w), 8)), "d=" + str(w.isdigit())]
        f += [f"p{k}={w[:k]}" for k in (1, 2, 3)] + [f"s{k}={w[-k:]}" for k in (1, 2, 3)]
        for off in (-2, -1, 1, 2):
            j = i + off
            f.append(f"{off}w={words[j]}" if 0 <= j < n else f"{off}w=<pad>")
        out.append(f)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    ap.add_argument("--no-baseline", action="store_true", help="skip training the baseline")
    ap.add_argument(
        "--dev-only",
        action="store_true",
        help="score IL-NER dev only (for development: Jahangir-2012 stays unseen)",
    )
    ap.add_argument("--no-speed", action="store_true", help="skip the speed measurement")
    ap.add_argument(
        "--ijcnlp-dev",
        action="store_true",
        help="also score the IJCNLP-2008 third left out by train_ner.py --holdout",
    )
    ap.add_argument(
        "--news-dev-part",
        action="store_true",
        help="also score the dev part of training/data/ner-xlsum.jsonl (train_ner.py --news "
        "train leaves it out)",
    )
    ap.add_argument("--model", type=Path, help="CRF weights (.npz) other than the shipped ones")
    ap.add_argument("--rates", type=Path, help="name rates other than the shipped ones")
    args = ap.parse_args(argv)
    if not (DATA / "ner").is_dir():
        print("skipped: ../shared/data not found")
        return 0
    import pycrfsuite
    import train_ner as t

    from akhbar.analyze.entities import bio_spans, load_tagger

    sets = {
        "IL-NER dev": (
            [t.retokenize(s) for s in t.read_il_ner(t.NER / "il-ner-ur-dev.txt")],
            False,
        ),
    }
    if args.news_dev_part:
        from news_annotations import read_annotations

        sets["annotated news, dev part"] = (read_annotations(DATA, part="dev"), False)
    if args.ijcnlp_dev:
        sets["IJCNLP-2008 third"] = ([t.retokenize(s) for s in t.ijcnlp_split(True)], True)
    if not args.dev_only:
        sets["Jahangir-2012"] = (
            [t.retokenize(s) for s in t.read_old(t.NER / "jahangir-2012.tsv")],
            True,
        )
    systems = {}
    if not args.no_baseline:
        t0 = time.time()
        train_set = [
            t.retokenize(s) for s in t.dedupe(t.read_il_ner(t.NER / "il-ner-ur-train.txt"))
        ]
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "plain.crfsuite"
            t.train(train_set, plain_features, path, {"max_iterations": 100})
            plain_tagger = pycrfsuite.Tagger()
            plain_tagger.open(str(path))

        def plain(words: list[str]) -> list[tuple[int, int, str]]:
            return bio_spans(plain_tagger.tag(plain_features(words)))

        print(f"baseline: plain CRF trained on IL-NER train in {time.time() - t0:.0f}s")
        systems["plain CRF (baseline)"] = plain
    tagger = load_tagger()
    if args.model is not None:
        from akhbar.analyze.crf import LinearCRF
        from akhbar.analyze.entities import EntityTagger, Lexicon
        from akhbar.analyze.gazetteer import load_gazetteer

        tagger = EntityTagger(
            LinearCRF.load(args.model), load_gazetteer(), Lexicon.load(rates=args.rates)
        )

    def crf_alone(words: list[str]) -> list[tuple[int, int, str]]:
        return bio_spans(tagger.tag_many([[tagger.featurizer.key(w) for w in words]])[0])

    systems["akhbar CRF alone (no curated names)"] = crf_alone
    systems["akhbar (CRF + curated names)"] = t.tagger_predictor(tagger)
    for set_name, (gold, merge) in sets.items():
        print(f"\n{set_name}: {len(gold)} sentences (target F1 ≥ {TARGETS[set_name]:.2f})")
        for sys_name, predict in systems.items():
            t0 = time.time()
            res = t.score(gold, predict, merge=merge)
            took = time.time() - t0
            cells = "  ".join(f"{k} {res[k][2]:.3f}" for k in t.SCORED)
            p, r, f, n = res["ALL"]
            print(
                f"  {sys_name:38s} F1 {f:.3f} (P {p:.3f} R {r:.3f}, n={n})  {cells}  [{took:.1f}s]"
            )
    news_dev(systems)
    if not args.no_speed:
        speed()
    return 0


def news_dev(systems: dict[str, Callable[[list[str]], list[tuple[int, int, str]]]]) -> None:
    """Score every system on ``bench/data/ner-news-dev.jsonl`` (hand-annotated news)."""
    import json

    from news_annotations import gold_spans

    from akhbar.text import segment

    rows = [json.loads(line) for line in (HERE / "data" / "ner-news-dev.jsonl").open()]
    total = sum(len(r["entities"]) for r in rows)
    print(f"\nnews dev (hand-annotated, bench/data): {len(rows)} sentences, {total} names")
    for sys_name, predict in systems.items():
        counts = {k: [0, 0, 0] for k in ("PER", "LOC", "ORG")}
        for r in rows:
            text = r["text"]
            gold = gold_spans(text, r["entities"])
            toks = segment.tokens(text)
            spans = predict([text[a:b] for a, b in toks])
            pred = {(toks[i][0], toks[j - 1][1], k) for i, j, k in spans if k in counts}
            for k, c in counts.items():
                g = {x for x in gold if x[2] == k}
                p = {x for x in pred if x[2] == k}
                c[0], c[1], c[2] = c[0] + len(g & p), c[1] + len(p - g), c[2] + len(g - p)
        tp, fp, fn = (sum(c[i] for c in counts.values()) for i in range(3))
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        cells = "  ".join(
            f"{k} {2 * c[0] / (2 * c[0] + c[1] + c[2]) if c[0] else 0.0:.3f}"
            for k, c in counts.items()
        )
        p_, r_ = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        print(f"  {sys_name:38s} F1 {f1:.3f} (P {p_:.3f} R {r_:.3f}, n={tp + fn})  {cells}")


def speed() -> None:
    """CPU time of the entities stage per COUNTER article (one core, this process)."""
    import re

    from akhbar.analyze.entities import load_entity_stage
    from akhbar.analyze.read import read_item
    from akhbar.model import Item

    articles = []
    for path in sorted((DATA / "counter" / "xml").glob("*.xml")):
        raw = path.read_text(encoding="utf-8", errors="replace")
        head = re.findall(r"<headline>(.*?)</", raw, flags=re.S)
        body = re.findall(r"<body>(.*?)</", raw, flags=re.S)
        item = Item(
            "counter", path.stem, title=head[0] if head else "", text=body[0] if body else ""
        )
        articles.append(read_item(item))
    stage = load_entity_stage()
    stage.tagger.clear_caches()
    words = sum(len(a.tokens) for a in articles) / max(len(articles), 1)
    print(f"\nentities stage on {len(articles)} COUNTER articles (~{words:.0f} tokens each):")
    for run in ("first pass, cold caches", "second pass"):
        t0 = time.process_time()
        for article in articles:
            stage(article)
        took = (time.process_time() - t0) / max(len(articles), 1) * 1000
        print(f"  {took:.2f} ms/article CPU ({run})")


if __name__ == "__main__":
    sys.exit(main())
