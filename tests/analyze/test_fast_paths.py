"""The analysis's fast paths give exactly what the plain formulations give.

Each fast path (one regex instead of many, cached features, packed arrays, a quicker
``Span`` builder) is checked against the straightforward code it replaced, on real Urdu
text: the sample article, the hand-annotated quote texts and the bundled sample page.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from akhbar.analyze import claims, keywords, quotes, summarize, topics
from akhbar.analyze.pipeline import load_resources
from akhbar.analyze.read import _span_maker, read_item
from akhbar.model import Entity, Item, Span
from akhbar.text import normalize, segment

ROOT = Path(__file__).resolve().parents[2]


def _texts() -> list[str]:
    out = [(ROOT / "tests/data/analyze/sample-article.txt").read_text(encoding="utf-8")]
    out.append((ROOT / "examples/pages/urdu-news-page.txt").read_text(encoding="utf-8"))
    for name in ("headlines", "bodies"):
        for line in (ROOT / f"tests/data/quotes/{name}.jsonl").read_text("utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line)["text"])
    return [normalize.display(t) for t in out]


TEXTS = _texts()


def _finds(rx: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], str | None, tuple]]:
    return [(m.span(), m.lastgroup, m.groups()) for m in rx.finditer(text)]


def test_there_are_enough_texts() -> None:
    assert len(TEXTS) > 60
    assert sum(len(t) for t in TEXTS) > 20_000


def test_claim_scans_match_the_plain_alternations() -> None:
    plain_lexical = re.compile("|".join(f"(?P<{k}>{rx.pattern})" for k, rx in claims._LEXICAL))
    plain_outlets = re.compile(
        "|".join(f"(?P<o{i}>{rx.pattern})" for i, (rx, _) in enumerate(claims._OUTLETS))
    )
    hits = 0
    for text in TEXTS:
        assert _finds(claims._LEXICAL_SCAN, text) == _finds(plain_lexical, text)
        assert _finds(claims._OUTLET_SCAN, text) == _finds(plain_outlets, text)
        hits += len(_finds(claims._OUTLET_SCAN, text))
    assert hits > 0


def test_social_anchors_cover_every_social_match() -> None:
    for text in [*TEXTS, "خبر\nSource: Twitter\n", "ماخذ: سوشل میڈیا", "source : facebook"]:
        if claims._SOCIAL.search(text):
            assert any(a in text for a in claims._SOCIAL_ANCHORS)


def test_quote_cues_match_the_plain_patterns() -> None:
    w, b, e = quotes._W, quotes._B, quotes._E
    verbs = f"{quotes._SPEECH_VERBS}|{quotes._KE_ONLY}"
    plain = {
        quotes._VERB_CUE: re.compile(
            rf"{b}({verbs}){e}((?:\s+(?:{quotes._AUX}){e})*)(\s*(?:کہ{e}|:))?"
        ),
        quotes._NE: re.compile(rf"{b}نے{e}"),
        quotes._VIEWS: re.compile(rf"{b}(?:یہ\s+بات|ان\s+خیالات\s+کا\s+اظہار){e}"),
    }
    assert w in quotes._VERB_CUE.pattern
    cues = 0
    for text in TEXTS:
        for fast, slow in plain.items():
            assert _finds(fast, text) == _finds(slow, text)
        cues += len(_finds(quotes._VERB_CUE, text))
        if quotes._BELIEVE.search(text):
            assert any(s in text for s in quotes._BELIEVE_STEMS)
    assert cues > 50


@pytest.mark.parametrize(
    "seg", ["عمران خان نے کہا، کہ", "وزیر (اعظم) نے", "“ہاں” انہوں نے", "no stop here", ""]
)
def test_speaker_cut_is_the_last_stop_mark(seg: str) -> None:
    text = "اس سے قبل " + seg
    last = quotes._LAST_STOP.match(text, 0, len(text))
    cut = max(text.rfind(c) for c in '،,؛;:()[]"“”‘’«»۔؟!\n')
    assert (last.end() - 1 if last else -1) == cut


def _plain_scores(model: topics.TopicModel, key: str) -> np.ndarray:
    """The classifier as first written: np.unique over the feature list, two arrays."""
    words = re.findall(r"[^\W\d_]+", re.sub(r"\d+", "0", key))
    vocab = model.vocabulary
    found = [vocab[f] for w in words for f in topics.word_features(w) if f in vocab]
    found += [vocab[f"b {a} {c}"] for a, c in itertools.pairwise(words) if f"b {a} {c}" in vocab]
    logits = model.bias.astype(np.float64)
    if found:
        idx, tf = np.unique(np.asarray(found, dtype=np.int64), return_counts=True)
        vals = (1.0 + np.log(tf)) * model.idf[idx]
        norm = math.sqrt(float(vals @ vals)) or 1.0
        logits = logits + (vals / norm) @ model.weights[idx].astype(np.float64)
    z = np.exp(logits - logits.max())
    return z / z.sum()


def test_topic_scores_are_bitwise_the_plain_ones() -> None:
    model = topics.load_model()
    for text in [*TEXTS, *ASTRAL, "سال 2017ء میں 9ہزار 3.5 فیصد ۱۲۳ x_y"]:
        key = normalize.search_key(text[:600])
        for _ in range(2):  # cold, then from the per-word cache
            assert np.array_equal(model.scores(key), _plain_scores(model, key))


def test_topic_table_holds_weights_and_idf_exactly() -> None:
    model = topics.load_model()
    rows = model.table[[0, 7, len(model.idf) - 1]]
    assert np.array_equal(rows["w"].astype(np.float32), model.weights[[0, 7, -1]])
    assert np.array_equal(rows["idf"], model.idf[[0, 7, -1]])
    assert model.table.dtype.itemsize == 32


def test_topic_model_with_full_precision_weights_stays_exact() -> None:
    rng = np.random.default_rng(4)
    feats = dict.fromkeys(topics.features(normalize.search_key(TEXTS[0][:400])))
    vocab = {f: i for i, f in enumerate(feats)}
    n = len(vocab)
    model = topics.TopicModel(
        vocab,
        rng.random(n).astype(np.float32),
        rng.standard_normal((n, 3)).astype(np.float32),
        np.zeros(3, dtype=np.float32),
        ("a", "b", "c"),
    )
    key = normalize.search_key(TEXTS[0][:400])
    assert np.array_equal(model.scores(key), _plain_scores(model, key))


@pytest.mark.parametrize("size", [1, 2, 3, 50, 2000])
def test_counts_are_np_unique(size: int) -> None:
    found = np.random.default_rng(size).integers(0, 40, size).astype(np.intc)
    idx, tf = topics._counts(found)
    want_idx, want_tf = np.unique(found, return_counts=True)
    assert np.array_equal(idx, want_idx) and np.array_equal(tf, want_tf)


def _plain_candidates(text: str, stopwords: frozenset[str], entities: list[Entity]) -> list:
    """Keyword candidates as first written: one match at a time, a flush per break."""
    out = []
    names = [e for e in entities if e.label in keywords._NAMED and 0 <= e.start < e.end]
    cuts = {e.start for e in names} | {e.end for e in names}
    inside = {i for e in names for i in range(e.start, e.end)}
    run: list[tuple[int, int, str]] = []

    def flush() -> None:
        for i in range(0, len(run), keywords.MAX_WORDS):
            part = run[i : i + keywords.MAX_WORDS]
            out.append((" ".join(k for *_, k in part), part[0][0], part[-1][1], len(part)))
        run.clear()

    for m in keywords._TOKEN.finditer(text):
        if m.lastindex != 1 or m.start() in inside:
            flush()
            continue
        if run and (m.start() in cuts or run[-1][1] in cuts):
            flush()
        key = normalize.search_key(m.group())
        if key in stopwords or len(key) < 2:
            flush()
            continue
        run.append((m.start(), m.end(), key))
    flush()
    for e in names:
        ws = [normalize.search_key(w) for w in keywords._WORD.findall(text, e.start, e.end)]
        if 0 < len(ws) <= 2 * keywords.MAX_WORDS:
            out.append((" ".join(ws), e.start, e.end, len(ws)))
    return out


#: Texts outside the Basic Multilingual Plane take the category-class path.
ASTRAL = [
    "ایران 😀 کا دورہ، 𝐀𝐁𝐂 فوجی_مشق 12ہزار ٹرمپ۔",
    "وزیر اعظم 𝑥 نے کہا کہ 𝟙𝟚 ہزار فوجی ﷺ ، ’’ہم تیار ہیں‘‘ 🇵🇰 پاکستان",
]


def test_keyword_candidates_are_the_plain_ones() -> None:
    stop = keywords.load_stopwords()
    cache: dict[str, str] = {}
    for text in TEXTS + ASTRAL + [t + " 😀" for t in TEXTS[:5]]:
        ents = [Entity(m.start(), m.end(), "LOCATION") for m in re.finditer("ایران|روس", text)]
        for found in (ents, []):
            for _ in range(2):  # cold, then from the shared cache
                got = keywords.candidates(text, stop, 0, cache, found)
                assert [tuple(p) for p in got] == _plain_candidates(text, stop, found)


def test_fold_words_survives_a_full_cache() -> None:
    cache = {f"w{i}": f"w{i}" for i in range(keywords.CACHE_WORDS)}
    got = keywords.fold_words({"w1", "ايران"}, cache)
    assert got == {"w1": "w1", "ايران": normalize.search_key("ايران")}


def _plain_rank(text: str, sentences: list[Span], opts: summarize.SummaryOptions) -> list:
    """Summary scores as first written: a TF-IDF vector per sentence, computed twice."""
    spans = summarize.candidate_sentences(text, sentences, 0)
    found = [[m.group() for m in summarize._WORD.finditer(text, s.start, s.end)] for s in spans]
    words = [tuple(normalize.search_key(w) for w in ws) for ws in found]
    kept = [(s, ws) for s, ws in zip(spans, words, strict=True) if len(ws) >= 4]
    kept = kept[: opts.max_sentences]

    def vector(ws: tuple[str, ...]) -> dict[str, float]:
        tf = Counter(w for w in ws if w not in opts.stopwords)
        return {w: (1.0 + math.log(n)) * opts.idf.get(w, opts.default_idf) for w, n in tf.items()}

    tf = Counter(w for _, ws in kept for w in ws if w not in opts.stopwords)
    weight = {w: opts.idf.get(w, opts.default_idf) for w in tf}
    full = {w: (1.0 + math.log(n)) * weight[w] for w, n in tf.items()}
    full_sq = sum(v * v for v in full.values())
    out = []
    for i, (s, ws) in enumerate(kept):
        vec = vector(ws)
        dot, rest_sq = 0.0, full_sq
        for w, n in Counter(w for w in ws if w not in opts.stopwords).items():
            left = tf[w] - n
            r = (1.0 + math.log(left)) * weight[w] if left > 0 else 0.0
            rest_sq += r * r - full[w] * full[w]
            dot += vec[w] * r
        norm = math.sqrt(sum(v * v for v in vec.values()) * max(rest_sq, 0.0))
        score = (dot / norm if norm else 0.0) * (1.0 + opts.lead_weight / (i + 1))
        out.append((s, ws, vec, score * min(1.0, len(ws) / opts.full_length)))
    out.sort(key=lambda c: (-c[3], c[0].start))
    return out


def test_summary_ranks_are_the_plain_ones() -> None:
    opts = load_resources().summary
    for text in TEXTS + ASTRAL + [t + " 😀" for t in TEXTS[:5]]:
        sents = [Span(s, e) for s, e in segment.sentences(text)]
        got = [(c.span, c.words, c.vector, c.score) for c in summarize.rank(text, sents, opts)]
        assert got == _plain_rank(text, sents, opts)


def test_span_maker_builds_ordinary_spans() -> None:
    make = _span_maker()
    got, want = make(3, 9), Span(3, 9)
    assert got == want and hash(got) == hash(want) and repr(got) == repr(want)
    with pytest.raises(AttributeError):
        got.start = 4  # type: ignore[misc]


def test_read_item_spans_are_the_segmenters() -> None:
    art = read_item(Item(source="t", uid="1", title="سرخی", text=TEXTS[1]))
    assert [(s.start, s.end) for s in art.tokens] == segment.tokens(art.text)
    assert [(s.start, s.end) for s in art.sentences] == segment.sentences(art.text)
    assert all(type(s) is Span and s.label == "" for s in art.tokens)
