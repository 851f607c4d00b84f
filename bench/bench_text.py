"""Benchmark akhbar.text side by side with what a user would otherwise use.

Rows (characters per second, one core, best of three passes over the same corpus):
- display form: akhbar ``normalize.display`` vs urduhack-lite ``normalization.normalize``
- tokenizer: akhbar ``segment.tokens`` vs spaCy ``blank("ur").tokenizer``
- also: akhbar ``search_key``, ``normalize`` (with offsets), ``sentences``

The corpus is unique news text from ../shared/data (COUNTER stories, XL-Sum articles,
Express headlines): nothing is repeated, and every text is one call, as in the desk.
A missing baseline prints a "skipped" row. The Makefile's bench target installs spaCy
and urduhack-lite into the virtual environment.

Run: .venv/bin/python bench/bench_text.py
"""

from __future__ import annotations

import csv
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT / "src"))

from akhbar.text import normalize, segment  # noqa: E402

_TAGS = re.compile(r"<[^>]+>")
TARGET_CHARS = 4_000_000


def corpus() -> list[str]:
    """Unique Urdu news texts, one per document or headline, about 4 M characters."""
    docs: list[str] = []
    for f in sorted((DATA / "counter" / "xml").glob("*.xml")):
        docs.append(_TAGS.sub("\n", f.read_text("utf-8", errors="replace")).strip())
    xlsum = DATA / "summaries" / "xlsum-ur-dev.jsonl"
    if xlsum.exists():
        for line in xlsum.read_text("utf-8").splitlines():
            if line.strip():
                docs.append(json.loads(line)["text"])
    head = DATA / "topics" / "express-headlines-2012-2017.csv"
    seen: set[str] = set(docs)
    if head.exists():
        with head.open(encoding="utf-8", errors="replace") as fh:
            for row in csv.DictReader(fh):
                text = f"{row.get('title') or ''}\n{row.get('lede') or ''}".strip()
                if text and text not in seen:
                    seen.add(text)
                    docs.append(text)
                if sum(map(len, docs)) > TARGET_CHARS:
                    break
    return docs


def rate(fn: Callable[[str], object], docs: list[str], passes: int = 3) -> float:
    """Characters per second of ``fn`` over ``docs``: the best of ``passes`` passes."""
    total = sum(map(len, docs))
    best = float("inf")
    for _ in range(passes):
        t0 = time.perf_counter()
        for d in docs:
            fn(d)
        best = min(best, time.perf_counter() - t0)
    return total / best


def row(label: str, value: float | None, base: float | None = None, note: str = "") -> None:
    if value is None:
        print(f"  {label:44s} {'skipped':>12s}  {note}")
        return
    ratio = f"{value / base:6.2f}x" if base else ""
    print(f"  {label:44s} {value / 1e6:8.2f} M/s  {ratio} {note}")


def main() -> int:
    if not DATA.exists():
        print("skipped: ../shared/data not found")
        return 0
    docs = corpus()
    chars = sum(map(len, docs))
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    print(
        f"Corpus: {len(docs)} unique news texts, {chars / 1e6:.2f} M characters, {mb:.2f} MB UTF-8"
    )
    # Warm up the lazily built tables (character classes, he list, langid model) once.
    normalize.display("ﻛﺘﺎﺏ كه")
    segment.tokens("9ہزار")
    shown = [normalize.display(d) for d in docs]

    print("Display form (characters per second; MB/s = UTF-8 bytes)")
    ours = rate(normalize.display, docs)
    print(
        f"  {'akhbar normalize.display':44s} {ours / 1e6:8.2f} M/s  ({ours * mb / chars:.1f} MB/s)"
    )
    try:
        from urduhack_lite.normalization import normalize as uh_normalize
    except ImportError as exc:
        row("urduhack-lite normalization.normalize", None, note=f"(import failed: {exc})")
    else:
        uh = rate(uh_normalize, docs)
        row("urduhack-lite normalization.normalize", uh)
        print(f"  akhbar display form / urduhack-lite: {ours / uh:.2f}x")
    row("akhbar normalize.search_key", rate(normalize.search_key, docs))
    row("akhbar normalize.normalize (with offsets)", rate(normalize.normalize, docs))

    print("Tokenizer (characters per second, on the display form)")
    tok = rate(segment.tokens, shown)
    row("akhbar segment.tokens", tok)
    try:
        import spacy
    except ImportError as exc:
        row('spaCy blank("ur").tokenizer', None, note=f"(import failed: {exc})")
    else:
        sp_tok = spacy.blank("ur").tokenizer
        sp = rate(sp_tok, shown)
        row('spaCy blank("ur").tokenizer', sp)
        print(f"  akhbar tokens / spaCy tokenizer: {tok / sp:.2f}x")
    row("akhbar segment.sentences", rate(segment.sentences, shown))
    whole = "\n\n".join(shown)
    t0 = time.perf_counter()
    segment.tokens(whole)
    row("akhbar segment.tokens, whole corpus in one call", len(whole) / (time.perf_counter() - t0))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
