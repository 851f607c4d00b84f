"""Evaluate the analysis stages next to their baselines.

- Who said what: speaker and content overlap F1 on the hand-annotated headlines and
  bodies in tests/data/quotes (rules in its README); baseline: "X نے کہا کہ" only.
- Topic: macro-F1 on 2017 (held out) of the shipped model vs plain TF-IDF + LinearSVC
  trained on the same 2012–2016 rows of ../shared/data/topics.
- Summary: ROUGE-1/2/L (whitespace tokens) on ../shared/data/summaries/xlsum-ur-dev.jsonl
  vs Lead-1.
- Verification: what the sample page shows (KCNA, the West's troop claim, social source).

Usage: .venv/bin/python bench/eval_analyze.py [--skip-topics]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
_PUNCT = re.compile(r"[^\w\s\u064b-\u065f\u0670]")
_NAIVE = re.compile(r"(?<!\w)نے\s+کہا\s+(?:ہے\s+|تھا\s+)?کہ\s+")


def _gold_module():  # type: ignore[no-untyped-def]
    path = ROOT / "tests" / "analyze" / "quote_gold.py"
    spec = importlib.util.spec_from_file_location("akhbar_quote_gold", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def naive_quotes(text: str, sentences: Sequence[object]) -> tuple[object, ...]:
    """Baseline: only "X نے کہا کہ …", speaker = the two words before نے."""
    from akhbar.model import Quote, Span

    out = []
    for m in _NAIVE.finditer(text):
        end = text.find("۔", m.end())
        end = len(text) if end < 0 else end
        words = [w.span() for w in re.finditer(r"\S+", text[: m.start()])][-2:]
        speaker = Span(words[0][0], words[-1][1]) if words else None
        out.append(Quote(Span(m.end(), end), "کہا", False, speaker))
    return tuple(out)


def eval_quotes() -> None:
    """Overlap F1 on the gold set, ours vs the naive cue."""
    from akhbar.analyze.pipeline import load_resources
    from akhbar.analyze.quotes import QuoteStage
    from akhbar.analyze.read import read_item

    qg = _gold_module()
    stage = QuoteStage(load_resources().quotes)
    print("## who said what (tests/data/quotes, hand-annotated)")
    for name in ("headlines", "bodies", "heldout", "heldout2"):
        ours, naive = [], []
        docs = qg.load(name, read_item)
        for doc, art in docs:
            art = stage(art)
            ours.append((doc, art.quotes, art.text))
            naive.append((doc, naive_quotes(art.text, art.sentences), art.text))
        n_gold = sum(len(d.gold) for d, _ in docs)
        print(f"{name} ({len(docs)} texts, {n_gold} quotes)")
        print(f"  ours            {qg.score(ours).line()}")
        print(f"  naive نے کہا کہ  {qg.score(naive).line()}")


def _rouge(cand: str, ref: str) -> tuple[float, float, float]:
    c, r = _PUNCT.sub(" ", cand).split(), _PUNCT.sub(" ", ref).split()

    def f1(m: int, p: int, g: int) -> float:
        return 2 * m / (p + g) if m else 0.0

    out = []
    for n in (1, 2):
        cc = Counter(zip(*[c[i:] for i in range(n)], strict=False))
        rc = Counter(zip(*[r[i:] for i in range(n)], strict=False))
        out.append(f1(sum((cc & rc).values()), sum(cc.values()), sum(rc.values())))
    prev = [0] * (len(r) + 1)
    for x in c:
        cur = [0]
        for j, y in enumerate(r):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    out.append(f1(prev[-1], len(c), len(r)))
    return out[0], out[1], out[2]


def eval_summaries() -> None:
    """ROUGE of our first summary sentence vs Lead-1 on XL-Sum dev."""
    import dataclasses

    from akhbar.analyze.pipeline import load_resources
    from akhbar.analyze.read import read_item
    from akhbar.analyze.summarize import summarize
    from akhbar.model import Item

    path = DATA / "summaries" / "xlsum-ur-dev.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    opts = dataclasses.replace(load_resources().summary, k=1)
    lead: list[tuple[float, float, float]] = []
    ours: list[tuple[float, float, float]] = []
    for row in rows:
        art = read_item(Item(source="xlsum", uid=row["id"], text=row["text"]))
        first = art.sentences[0] if art.sentences else None
        lead.append(_rouge(art.text[first.start : first.end] if first else "", row["summary"]))
        spans = summarize(art.text, art.sentences, 0, opts)
        ours.append(_rouge(" ".join(art.text[s.start : s.end] for s in spans), row["summary"]))
    print(f"## summary (XL-Sum ur dev, {len(rows)} articles; ROUGE F1, whitespace tokens)")
    for name, scores in (("Lead-1", lead), ("ours (1 sentence)", ours)):
        r1, r2, rl = (sum(s[i] for s in scores) / len(scores) for i in range(3))
        print(f"  {name:18s} ROUGE-1 {r1:.4f}  ROUGE-2 {r2:.4f}  ROUGE-L {rl:.4f}")
    gain = sum(s[2] for s in ours) / len(ours) - sum(s[2] for s in lead) / len(lead)
    print(f"  ROUGE-L gain over Lead-1: {gain:+.4f} (target ≥ +0.015)")


def _training_module():  # type: ignore[no-untyped-def]
    path = ROOT / "training" / "train_topics.py"
    spec = importlib.util.spec_from_file_location("akhbar_train_topics", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def eval_topics() -> None:
    """Macro-F1 on 2017 of the shipped model vs TF-IDF + LinearSVC trained on the same rows
    (2012–2016 headlines, plus COUNTER's training pairs when the model has "national")."""
    from sklearn.metrics import f1_score

    from akhbar.analyze.topics import load_model
    from akhbar.text import normalize

    tt = _training_module()
    model = load_model()
    xtr, ytr, xte, yte = tt.split(tt.load_rows(tt.DATA), range(2012, 2017), 2017)
    extra, held = tt.load_counter(tt.COUNTER) if "national" in model.labels else ([], [])
    xtr, ytr = xtr + [t for t, _ in extra], ytr + [y for _, y in extra]
    t0 = time.perf_counter()
    ours = [model.predict(normalize.search_key(t)).label for t in xte]
    took = time.perf_counter() - t0
    base = tt.baseline(xtr, ytr, xte)
    f_ours, f_base = tt.macro(yte, ours), tt.macro(yte, base)
    print(f"## topic (express headlines; train 2012–2016 {len(xtr)} rows, test 2017 {len(xte)})")
    print(f"  TF-IDF + LinearSVC     macro-F1 {f_base:.4f}")
    print(f"  ours (shipped arrays)  macro-F1 {f_ours:.4f}  ({len(xte) / took:.0f} texts/s)")
    print(f"  difference             {f_ours - f_base:+.4f} (target ≥ +0.02)")
    labels = list(tt.LABELS)
    per = f1_score(yte, ours, average=None, labels=labels, zero_division=0)
    pairs = zip(labels, per, strict=True)
    print("  per class (ours): " + ", ".join(f"{k} {v:.3f}" for k, v in pairs))
    if held:
        xh, yh = [t for t, _ in held], [y for _, y in held]
        labs = sorted(set(yh))
        print(f"  COUNTER held-out pairs ({len(xh)} articles; {', '.join(labs)}):")
        ours_h = [model.predict(normalize.search_key(x)).label for x in xh]
        for name, pred in (("ours", ours_h), ("TF-IDF + LinearSVC", tt.baseline(xtr, ytr, xh))):
            f = f1_score(yh, pred, average=None, labels=labs, zero_division=0)
            national = dict(zip(labs, f, strict=True))["national"]
            print(f"    {name:20s} macro-F1 {f.mean():.4f}  national F1 {national:.4f}")


def eval_sample() -> None:
    """What the sample page's analysis shows."""
    from akhbar.analyze.claims import verification
    from akhbar.analyze.pipeline import default_pipeline
    from akhbar.model import Item

    lines = (DATA / "samples" / "urdu-news-page.txt").read_text(encoding="utf-8").splitlines()
    art = default_pipeline()(Item(source="sample", uid="1", text="\n".join(lines[:2])))
    print("## verification (samples/urdu-news-page.txt)")
    print("  " + verification(art).line())
    for m in art.markers:
        if m.kind in ("state_media", "unconfirmed", "social_source") or m.by == "مغرب":
            print(f"  {m.kind:14s} by {m.by!s:24s} {art.text[m.start : m.end][:60]}")


def main(argv: Sequence[str] | None = None) -> int:
    """Print every figure; skip what needs ../shared/data when it is absent."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--skip-topics", action="store_true")
    args = ap.parse_args(argv)
    eval_quotes()
    if not DATA.exists():
        print("skipped: ../shared/data not found (topic, summary and sample-page figures)")
        return 0
    eval_sample()
    eval_summaries()
    if not args.skip_topics:
        eval_topics()
    return 0


if __name__ == "__main__":
    sys.exit(main())
