"""Speed of the whole analysis on the 600 COUNTER articles, on one core.

Prints articles/second for reading (normalize, segment, language) plus every analysis
stage, the time share of each stage, and two side-by-side rows: topic inference in
numpy vs the same features through scikit-learn's TfidfVectorizer + LinearSVC (what a
user would otherwise run), and, when spaCy is installed, a blank Urdu spaCy pipeline
with a sentencizer (tokens and sentences only) for scale.

Usage: .venv/bin/python bench/bench_analyze.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "counter" / "xml"
_TAG = re.compile(r"<(headline|body)>(.*?)</\1>", re.S)


def load_articles() -> list[tuple[str, str]]:
    """(headline, body) of every COUNTER file, read with a tolerant regex."""
    out = []
    for path in sorted(DATA.glob("*.xml")):
        raw = path.read_text(encoding="utf-8", errors="replace")
        parts = dict((m.group(1), m.group(2).strip()) for m in _TAG.finditer(raw))
        out.append((parts.get("headline", ""), parts.get("body", "")))
    return out


def one_core() -> None:
    """Pin this process to one CPU and keep BLAS single-threaded."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def bench_pipeline(docs: Sequence[tuple[str, str]], repeat: int) -> float:
    """Articles/s of read + every stage, and each stage's share of the time."""
    from akhbar.analyze.pipeline import default_pipeline, load_resources
    from akhbar.analyze.read import read_item
    from akhbar.model import Item

    t0 = time.perf_counter()
    res = load_resources()
    pipe = default_pipeline(res)
    print(f"resources loaded in {time.perf_counter() - t0:.2f} s; stages: {', '.join(pipe.names)}")
    items = [Item(source="counter", uid=str(i), title=h, text=b) for i, (h, b) in enumerate(docs)]
    words = sum(len(h.split()) + len(b.split()) for h, b in docs)
    spent: dict[str, float] = defaultdict(float)
    notes = 0
    cpu0 = time.process_time()
    total0 = time.perf_counter()
    for _ in range(repeat):
        for item in items:
            t = time.process_time()
            art = read_item(item)
            spent["read"] += time.process_time() - t
            for stage in pipe.stages:
                t = time.process_time()
                art = stage(art)
                spent[stage.name] += time.process_time() - t
            notes += bool(art.notes)
    total = time.perf_counter() - total0
    cpu = time.process_time() - cpu0
    n = len(items) * repeat
    print(
        f"whole analysis: {n} articles ({words / len(items):.0f} words on average) in "
        f"{total:.2f} s wall = {n / total:.0f} articles/s; {cpu:.2f} s CPU = "
        f"{n / cpu:.0f} articles/s of one core's CPU time (target ≥ 200; wall time is "
        f"inflated when the machine is shared, load average {os.getloadavg()[0]:.1f})"
    )
    print(f"articles with notes: {notes}")
    busy = sum(spent.values())
    print("time share per stage (CPU time):")
    rate = n / cpu
    for name, sec in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {name:10s} {100 * sec / busy:5.1f} %  {1000 * sec / n:6.2f} ms/article")
    return rate


def bench_topic(docs: Sequence[tuple[str, str]]) -> None:
    """Topic inference: shipped numpy arrays vs sklearn TfidfVectorizer + LinearSVC."""
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.svm import LinearSVC
    except ImportError:
        print("topic side by side: skipped (scikit-learn not installed)")
        return
    from akhbar.analyze.topics import BODY_CHARS, features, load_model
    from akhbar.text import normalize

    model = load_model()
    keys = [normalize.search_key(f"{h}\n{b[:BODY_CHARS]}") for h, b in docs]
    # the same features and vocabulary size as the shipped model, through scikit-learn
    vec = TfidfVectorizer(
        analyzer=features, vocabulary=model.vocabulary, sublinear_tf=True, lowercase=False
    )
    x = vec.fit_transform(keys)
    clf = LinearSVC().fit(x, [model.predict(k).label for k in keys])
    t = time.process_time()
    for k in keys:
        model.predict(k)
    ours = time.process_time() - t
    t = time.process_time()
    for k in keys:
        clf.predict(vec.transform([k]))
    theirs = time.process_time() - t
    print(
        f"topic, one article at a time (CPU): shipped numpy arrays {len(keys) / ours:.0f}/s, "
        f"sklearn TfidfVectorizer+LinearSVC, same features {len(keys) / theirs:.0f}/s "
        f"(ratio {theirs / ours:.1f}x)"
    )


def bench_spacy(docs: Sequence[tuple[str, str]], analysis_rate: float | None = None) -> None:
    """A blank Urdu spaCy pipeline (tokenizer + sentencizer) on the same texts, for scale."""
    try:
        import spacy
    except ImportError:
        print("spaCy side by side: skipped (spacy not installed; `make bench` installs it)")
        return
    nlp = spacy.blank("ur")
    nlp.add_pipe("sentencizer")
    texts = [f"{h}\n{b}" for h, b in docs]
    t = time.process_time()
    for _ in nlp.pipe(texts):
        pass
    rate = len(texts) / (time.process_time() - t)
    line = f"spaCy blank 'ur' + sentencizer (tokens and sentences only): {rate:.0f} articles/s CPU"
    if analysis_rate:
        line += f"; akhbar's whole analysis runs at {analysis_rate / rate:.2f}x that rate"
    print(line)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark, or skip when ../shared/data is absent."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args(argv)
    if not DATA.exists():
        print("skipped: ../shared/data not found")
        return 0
    one_core()
    docs = load_articles()
    rate = bench_pipeline(docs, args.repeat)
    bench_topic(docs)
    bench_spacy(docs, rate)
    return 0


if __name__ == "__main__":
    sys.exit(main())
