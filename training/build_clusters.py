"""Build src/akhbar/analyze/resources/clusters.tsv: word classes from unlabelled Urdu.

Each word's left and right neighbours (±1, ±2) among the 3,000 commonest words are
counted over the unlabelled text in ../shared/data (headlines and ledes, COUNTER
articles, XL-Sum articles, the treebank's and FLORES's sentences, the training
sentences of IL-NER and IJCNLP-2008). The counts are reweighted by positive PMI and
reduced by a truncated SVD; k-means then groups the word vectors at three sizes, so
the tagger gets coarse-to-fine classes (like Brown clusters) and a frequency, which
carry names it never saw labelled. The held-out sets (IL-NER dev, Jahangir-2012) are
not read.

Run: .venv/bin/python training/build_clusters.py   (about a minute on one core)
"""

from __future__ import annotations

import csv
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.cluster import MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.preprocessing import normalize as l2

from akhbar.text import normalize, segment

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "src" / "akhbar" / "analyze" / "resources" / "clusters.tsv"
MIN_COUNT = 4
CONTEXTS = 3000
DIMS = 100
SIZES = (32, 128, 512)


def texts(data: Path) -> Iterator[str]:
    """Unlabelled Urdu texts from the shared data (never the held-out NER sets)."""
    csv.field_size_limit(sys.maxsize)
    with (data / "topics" / "express-headlines-2012-2017.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            yield row.get("title") or ""
            yield row.get("lede") or ""
    for path in sorted((data / "counter" / "xml").glob("*.xml")):
        raw = path.read_text(encoding="utf-8", errors="replace")
        yield from re.findall(r"<(?:headline|body)>(.*?)</", raw, flags=re.S)
    with (data / "summaries" / "xlsum-ur-dev.jsonl").open(encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)["text"]
    for line in (data / "ud" / "ur_udtb-ud-dev.conllu").open(encoding="utf-8"):
        if line.startswith("# text = "):
            yield line[9:].replace("_", " ")
    for name in ("urd_Arab-train.tsv", "urd_Arab-dev.tsv"):
        for line in (data / "langid" / name).open(encoding="utf-8"):
            yield line.rstrip("\n").split("\t")[-1]
    for name in ("il-ner-ur-train.txt", "ijcnlp-2008.tsv"):
        words: list[str] = []
        for line in (data / "ner" / name).open(encoding="utf-8"):
            tok = line.split("\t")[0].strip()
            if tok:
                words.append(tok.replace("_", " "))
            elif words:
                yield " ".join(words)
                words = []
        if words:
            yield " ".join(words)


def sentences_of_keys(data: Path) -> Iterator[list[str]]:
    """Each text as a list of token search keys."""
    cache: dict[str, str] = {}
    for text in texts(data):
        shown = normalize.display(text)
        keys = []
        for s, e in segment.tokens(shown):
            tok = shown[s:e]
            key = cache.get(tok)
            if key is None:
                key = cache[tok] = normalize.search_key(tok) or tok
            keys.append(key)
        if keys:
            yield keys


def main() -> None:
    if not DATA.is_dir():
        print("skipped: ../shared/data not found")
        return
    t0 = time.time()
    corpus = list(sentences_of_keys(DATA))
    counts = Counter(k for sent in corpus for k in sent)
    vocab = [w for w, c in counts.most_common() if c >= MIN_COUNT]
    index = {w: i for i, w in enumerate(vocab)}
    n_ctx = min(CONTEXTS, len(vocab))
    print(f"{sum(counts.values())} tokens, {len(vocab)} words; {time.time() - t0:.0f}s")
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    for sent in corpus:
        ids = np.array([index.get(k, -1) for k in sent], dtype=np.int64)
        for slot, off in enumerate((-2, -1, 1, 2)):
            if len(ids) <= abs(off):
                continue
            a, b = (ids[-off:], ids[:off]) if off < 0 else (ids[:-off], ids[off:])
            ok = (a >= 0) & (b >= 0) & (b < n_ctx)
            rows.append(a[ok])
            cols.append(b[ok] + slot * n_ctx)
    r, c = np.concatenate(rows), np.concatenate(cols)
    m = sparse.coo_matrix(
        (np.ones(len(r), dtype=np.float64), (r, c)), shape=(len(vocab), 4 * n_ctx)
    ).tocsr()
    m.sum_duplicates()
    total = m.sum()
    row_sum = np.asarray(m.sum(axis=1)).ravel()
    col_sum = np.asarray(m.sum(axis=0)).ravel() ** 0.75
    col_sum *= total / col_sum.sum()
    coo = m.tocoo()
    pmi = np.log(coo.data * total / (row_sum[coo.row] * col_sum[coo.col] + 1e-12))
    keep = pmi > 0
    ppmi = sparse.csr_matrix(
        (pmi[keep], (coo.row[keep], coo.col[keep])), shape=m.shape, dtype=np.float64
    )
    vecs = TruncatedSVD(DIMS, random_state=0).fit_transform(ppmi)
    vecs = l2(vecs)
    print(f"vectors {vecs.shape}; {time.time() - t0:.0f}s")
    labels = []
    for k in SIZES:
        km = MiniBatchKMeans(k, random_state=0, batch_size=4096, n_init=3, max_iter=50)
        labels.append(km.fit_predict(vecs))
        print(f"k={k}; {time.time() - t0:.0f}s")
    lines = [
        "# Word classes from unlabelled Urdu, built by training/build_clusters.py",
        "# key\tclass32\tclass128\tclass512\tcount",
    ]
    for i, w in enumerate(vocab):
        if "\t" in w or not w.strip():
            continue
        lines.append(f"{w}\t{labels[0][i]}\t{labels[1][i]}\t{labels[2][i]}\t{counts[w]}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines) - 2} words to {OUT}; {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
