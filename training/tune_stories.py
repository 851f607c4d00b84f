"""Build the story layer's models from ../shared/data into src/akhbar/stories/models/.

- ``idf.json``: document frequencies of stemmed content terms and the stop words, from the
  Express headlines (title + lede) and the XL-Sum Urdu articles (COUNTER is left out so
  that its evaluation stays clean of it).
- ``copy.json``: a multinomial logistic model (none / partly / wholly) over word n-gram
  containment features, fitted on the COUNTER pairs.
- ``link.json``: logistic weights over the link features (report vs story), fitted on
  COUNTER pairs (derived pairs are one story, as articles and as bare headlines; the
  other agency stories within two weeks are not) and on Express headlines (headlines of
  other sections on the same day are other stories); the join threshold is then tuned
  by clustering the training COUNTER documents streamed in date order.

Run: ``.venv/bin/python training/tune_stories.py`` (a minute or two).
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import json
import random
import sys
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from akhbar.stories.corpus import CounterDoc, CounterPair, read_pairs
from akhbar.stories.features import (
    Doc,
    Prepared,
    Vocabulary,
    key_words,
    prepare,
    stem,
    to_day,
)
from akhbar.stories.fingerprint import GRADES, CopyModel, copy_features
from akhbar.stories.link import LINK_FEATURES, LinkModel, LinkWeights, Profile, link_features

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
MODELS = ROOT / "src" / "akhbar" / "stories" / "models"
COUNTER_DIR = DATA / "counter" / "xml"
EXPRESS = DATA / "topics" / "express-headlines-2012-2017.csv"
XLSUM = DATA / "summaries" / "xlsum-ur-dev.jsonl"
#: Urdu closed-class words (postpositions, auxiliaries and light verbs, pronouns,
#: conjunctions, particles): never evidence that two reports tell one story.
FUNCTION_WORDS = tuple(
    """
کا کے کی کو سے میں پر تک نے لیے لئے لیئے کیلئے کیلیے واسطے ساتھ بغیر طرف جانب
بارے درمیان اور یا لیکن مگر بلکہ کہ جو جس جن جنہوں جب تب تو اگر کیونکہ چونکہ
لہذا پھر بھی ہی نہ نہیں مت نا ہاں جی یہ وہ یہی وہی اس ان اسے انہیں انہوں ہم ہمیں
ہمارا ہماری ہمارے میرا میری میرے تم آپ اپنا اپنی اپنے ان کا کون کیا کیوں کیسے
کہاں کب کتنا کتنے کتنی ہے ہیں ہوں ہو ہوا ہوئی ہوئے ہوئیں ہونا ہونے ہوتا ہوتی
ہوتے ہوگا ہوگی ہوں گے ہوگئی ہوگیا ہوگئے تھا تھی تھے تھیں گا گی گے گیا گئی گئے
گئیں جائے جائیں جاتا جاتی جاتے جانا جانے جا رہا رہی رہے رہیں کر کرنا کرنے کرتا
کرتی کرتے کریں کرے کیا کی کیے کئے کردیا کردی کردیے کرلیا کرلی کرکے دیا دی دیے
دیں دے دینا دینے لیا لی لیے لیں لے سکتا سکتی سکتے سکے چکا چکی چکے والا والی والے
ایک دو بہت کچھ کوئی کسی سب تمام ہر اب یہاں وہاں ایسا ایسی ایسے جیسا جیسی جیسے
""".split()  # noqa: SIM905 - a word list reads best as text
)
LABEL_GRADE = {"ND": "none", "PD": "partly", "WD": "wholly"}


# -- corpora ---------------------------------------------------------------------------
def express_rows() -> list[dict[str, str]]:
    """The Express headlines CSV as dicts (category, date, url, title, lede)."""
    csv.field_size_limit(10_000_000)
    with EXPRESS.open(encoding="utf-8", newline="") as fh:
        return [r for r in csv.DictReader(fh) if r.get("title")]


def express_date(value: str) -> datetime | None:
    """The CSV's ``2017-12-29T21:12:15 GMT`` as an aware datetime."""
    try:
        return datetime.strptime(value.replace(" GMT", ""), "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def build_vocabulary() -> dict[str, object]:
    """Document frequencies of stemmed content terms from Express and XL-Sum."""
    texts = [f"{r['title']}\n{r.get('lede') or ''}" for r in express_rows()]
    if XLSUM.exists():
        with XLSUM.open(encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for line in fh if line.strip()]
    stop = sorted(set(key_words(" ".join(FUNCTION_WORDS))))
    stop_set = frozenset(stop)
    df: Counter[str] = Counter()
    for text in texts:
        words = key_words(text)
        df.update({stem(w) for w in words if w not in stop_set and (len(w) > 1 or w.isdigit())})
    kept = {t: n for t, n in sorted(df.items()) if n >= 2}
    return {"n_docs": len(texts), "stop": stop, "df": kept}


# -- copy grading ----------------------------------------------------------------------
def grams_of(doc: CounterDoc) -> np.ndarray:  # type: ignore[type-arg]
    """The n-gram hashes of a COUNTER document (title and body)."""
    from akhbar.stories.features import gram_hashes

    return gram_hashes(key_words(f"{doc.title}\n{doc.body}"))


def copy_matrix(pairs: Sequence[CounterPair]) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[type-arg]
    """Copy features (derived against source) and grade labels of COUNTER pairs."""
    x = np.array([copy_features(grams_of(p.derived), grams_of(p.source)) for p in pairs])
    y = np.array([GRADES.index(LABEL_GRADE[p.label]) for p in pairs])
    return x, y


def unrelated_matrix(
    pairs: Sequence[CounterPair], per_pair: int = 3, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[type-arg]
    """Copy features of each newspaper story against other pairs' agency stories: not
    copies. Without them the model has only seen pairs on one event, and takes two
    unrelated texts sharing function words for a partial copy."""
    rng = random.Random(seed)
    grams = {p.id: (grams_of(p.derived), grams_of(p.source)) for p in pairs}
    x = []
    for p in pairs:
        for q in rng.sample(list(pairs), per_pair + 1):
            if q.id != p.id and len(x) < per_pair * len(pairs):
                x.append(copy_features(grams[p.id][0], grams[q.id][1]))
    return np.array(x), np.zeros(len(x), dtype=int)


def fit_copy(x: np.ndarray, y: np.ndarray) -> CopyModel:  # type: ignore[type-arg]
    """A multinomial logistic copy model on standardized features."""
    scaler = StandardScaler().fit(x)
    lr = LogisticRegression(C=1.0, max_iter=5000).fit(scaler.transform(x), y)
    return CopyModel(
        coef=tuple(tuple(float(v) for v in row) for row in lr.coef_),
        intercept=tuple(float(v) for v in lr.intercept_),
        mean=tuple(float(v) for v in scaler.mean_),
        scale=tuple(float(v) if v > 0 else 1.0 for v in scaler.scale_),
    )


def copy_json(model: CopyModel) -> dict[str, object]:
    """The JSON form of a copy model."""
    return {
        "classes": list(GRADES),
        "features": ["c1", "c2", "c3", "r1", "r2", "r3", "log_len_ratio"],
        "coef": [list(r) for r in model.coef],
        "intercept": list(model.intercept),
        "mean": list(model.mean),
        "scale": list(model.scale),
    }


# -- link model ------------------------------------------------------------------------
class EntityIds:
    """Entity ids of texts from akhbar's own entity stage, as the desk would have them
    (cached on disk between runs, keyed by the text and the tagger model file)."""

    def __init__(self) -> None:
        import hashlib
        import tempfile

        from akhbar.analyze import entities

        try:
            model = entities.model_path().stat()
            tag = f"{model.st_size}-{int(model.st_mtime)}"
        except (OSError, AttributeError):
            tag = "none"
        self._hash = hashlib.sha1
        self._path = Path(tempfile.gettempdir()) / f"akhbar-stories-entities-{tag}.json"
        self._cache: dict[str, list[str]] = {}
        if self._path.exists():
            try:
                self._cache = json.loads(self._path.read_text("utf-8"))
            except ValueError:
                self._cache = {}
        self._dirty = False

    def __call__(self, text: str) -> tuple[str, ...]:
        """Sorted distinct ids of the people, places and organisations in ``text``."""
        key = self._hash(text.encode("utf-8")).hexdigest()
        if key not in self._cache:
            self._cache[key] = self._find(text)
            self._dirty = True
        return tuple(self._cache[key])

    @staticmethod
    def _find(text: str) -> list[str]:
        from akhbar.analyze.entities import find_entities
        from akhbar.text import normalize

        try:
            found = find_entities(normalize.display(text))
        except Exception:  # the entity stage is another area's: a failure means no ids
            return []
        kinds = {"PERSON", "LOCATION", "ORGANIZATION"}
        return sorted({e.id for e in found if e.id and e.label in kinds})

    def save(self) -> None:
        """Write new entries back to the cache file."""
        if self._dirty:
            self._path.write_text(json.dumps(self._cache), "utf-8")
            self._dirty = False


@functools.lru_cache(maxsize=1)
def entity_ids() -> EntityIds:
    """The shared entity-id cache of this run."""
    return EntityIds()


def counter_doc(d: CounterDoc) -> Doc:
    """A COUNTER document as a ``Doc``, with its entity ids."""
    when = d.date.replace(tzinfo=UTC) if d.date else None
    ents = entity_ids()(f"{d.title}\n{d.body}")
    return Doc(d.id, d.title, d.body, when, d.newspaper, entities=ents)


def prepared(doc: Doc, vocab: Vocabulary) -> Prepared:
    """A doc prepared at its own date (day 0 when undated)."""
    day = to_day(doc.published) if doc.published else 0.0
    return prepare(doc, vocab, day, doc.published is not None)


def profile_of(p: Prepared) -> Profile:
    """A one-report story profile."""
    prof = Profile()
    prof.add(p)
    return prof


def _copy_signal(copy: CopyModel, a: Prepared, b: Prepared) -> float:
    later, earlier = (a, b) if a.day >= b.day else (b, a)
    return copy.grade(copy_features(later.grams, earlier.grams))[1]


VIEWS = (("full", "full"), ("title", "full"), ("title", "title"), ("full", "title"))


def view(doc: CounterDoc, kind: str) -> Doc:
    """A COUNTER document whole, or as a bare headline."""
    full = counter_doc(doc)
    if kind == "full":
        return full
    return Doc(full.id, full.title, published=full.published, entities=entity_ids()(full.title))


Examples = tuple[np.ndarray, np.ndarray, np.ndarray]  # type: ignore[type-arg]


def link_examples(
    pairs: Sequence[CounterPair],
    vocab: Vocabulary,
    copy: CopyModel,
    rows: Sequence[dict[str, str]],
    seed: int = 0,
) -> dict[str, Examples]:
    """Link features, labels and sample weights for the article and the short mode.

    Article mode (article against article): every two COUNTER documents within two
    weeks, one story when they are a derived pair.
    Short mode (a bare headline on one side or both): the same, except that a
    not-derived pair is left out, since for a headline the story is the event and
    COUNTER's independent reports are often of the same event; Express headlines of
    other sections on the same day are other stories.
    """
    rng = random.Random(seed)
    out: dict[str, tuple[list[list[float]], list[int], list[float]]] = {
        "article": ([], [], []),
        "short": ([], [], []),
    }
    gold = gold_clusters(pairs)
    full = [prepared(counter_doc(d), vocab) for p in pairs for d in (p.source, p.derived)]
    full.sort(key=lambda x: (x.day, x.doc.id))
    profiles = {x.doc.id: profile_of(x) for x in full}
    xs, ys, ws = out["article"]
    for i, later in enumerate(full):
        for earlier in full[:i]:
            if later.day - earlier.day > 14:
                continue
            signal = partial(_copy_signal, copy, later, earlier)
            xs.append(link_features(later, profiles[earlier.doc.id], signal))
            ys.append(1 if gold[later.doc.id] == gold[earlier.doc.id] else 0)
            ws.append(1.0)
    for mine, theirs in VIEWS[1:]:
        xs, ys, ws = out["short"]
        src = [(p, prepared(view(p.source, theirs), vocab)) for p in pairs]
        src_profiles = [profile_of(s) for _, s in src]
        for p in pairs:
            d = prepared(view(p.derived, mine), vocab)
            for (q, s), prof in zip(src, src_profiles, strict=True):
                same = q.id == p.id
                if not same and abs(s.day - d.day) > 14:
                    continue
                if same and p.label == "ND":
                    continue
                xs.append(link_features(d, prof, partial(_copy_signal, copy, d, s)))
                ys.append(1 if same else 0)
                ws.append(1.0)
    xs, ys, ws = out["short"]
    sample = rng.sample(list(rows), min(len(rows), 4000))
    by_day: dict[int, list[tuple[str, Prepared]]] = {}
    for i, r in enumerate(sample):
        when = express_date(r["date"])
        if when is None:
            continue
        ents = entity_ids()(r["title"])
        title = prepared(Doc(f"t{i}", r["title"], published=when, entities=ents), vocab)
        by_day.setdefault(int(title.day), []).append((r["category"], title))
    for day_items in by_day.values():
        for cat, title in day_items:
            others = [o for c, o in day_items if c != cat]
            for other in rng.sample(others, min(2, len(others))):
                signal = partial(_copy_signal, copy, title, other)
                xs.append(link_features(title, profile_of(other), signal))
                ys.append(0)
                ws.append(0.5)
    entity_ids().save()
    return {k: (np.array(x), np.array(y), np.array(w)) for k, (x, y, w) in out.items()}


def fit_weights(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> LinkWeights:  # type: ignore[type-arg]
    """Logistic link weights (on raw features, so the model needs no scaler)."""
    lr = LogisticRegression(C=10.0, max_iter=10000, class_weight="balanced")
    lr.fit(x, y, sample_weight=w)
    return LinkWeights(coef=tuple(float(v) for v in lr.coef_[0]), intercept=float(lr.intercept_[0]))


def link_json(model: LinkModel) -> dict[str, object]:
    """The JSON form of a link model."""
    return {
        "features": list(LINK_FEATURES),
        "article": dataclasses.asdict(model.article),
        "short": dataclasses.asdict(model.short),
        "merge_threshold": model.merge_threshold,
        "window_days": model.window_days,
    }


def cluster_docs(pairs: Sequence[CounterPair]) -> list[Doc]:
    """Both documents of each pair as docs, in date order (undated last, then by id)."""
    docs = [counter_doc(d) for p in pairs for d in (p.source, p.derived)]
    far = datetime.max.replace(tzinfo=UTC)
    return sorted(docs, key=lambda d: (d.published or far, d.id))


def gold_clusters(pairs: Sequence[CounterPair]) -> dict[str, str]:
    """Gold story of each document: one per derived pair, a singleton otherwise."""
    gold = {}
    for p in pairs:
        derived = p.label != "ND"
        gold[p.source.id] = p.id
        gold[p.derived.id] = p.id if derived else p.derived.id
    return gold


def bcubed(
    pred: dict[str, str], gold: dict[str, str], only: set[str] | None = None
) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (averaged over ``only`` when given)."""
    by_pred: dict[str, set[str]] = {}
    by_gold: dict[str, set[str]] = {}
    for d, c in pred.items():
        by_pred.setdefault(c, set()).add(d)
    for d, c in gold.items():
        by_gold.setdefault(c, set()).add(d)
    ids = [d for d in gold if only is None or d in only]
    ps, rs = [], []
    for d in ids:
        pc, gc = by_pred[pred[d]], by_gold[gold[d]]
        both = len(pc & gc)
        ps.append(both / len(pc))
        rs.append(both / len(gc))
    p, r = sum(ps) / len(ps), sum(rs) / len(rs)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def pairwise(
    pred: dict[str, str], gold: dict[str, str], only: set[str] | None = None
) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 over document pairs (pairs touching ``only``)."""
    ids = sorted(gold)

    def links(assign: dict[str, str]) -> set[tuple[str, str]]:
        groups: dict[str, list[str]] = {}
        for d in ids:
            groups.setdefault(assign[d], []).append(d)
        out = set()
        for members in groups.values():
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    if only is None or a in only or b in only:
                        out.add((a, b))
        return out

    lp, lg = links(pred), links(gold)
    tp = len(lp & lg)
    p = tp / len(lp) if lp else 1.0
    r = tp / len(lg) if lg else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def run_clusterer(
    docs: Sequence[Doc], link: LinkModel, vocab: Vocabulary, copy: CopyModel
) -> dict[str, str]:
    """Story of each doc when streamed through a fresh clusterer."""
    from akhbar.stories.cluster import Clusterer

    far_future = datetime(2100, 1, 1, tzinfo=UTC)
    c = Clusterer(vocab=vocab, link=link, copy=copy, now=lambda: far_future)
    for d in docs:
        c.place(d)
    return {d.id: c.story_of(d.id) or d.id for d in docs}


def headline_docs(pairs: Sequence[CounterPair]) -> list[Doc]:
    """The derived documents as bare headlines after their sources in full, in date order."""
    docs = [counter_doc(p.source) for p in pairs] + [view(p.derived, "title") for p in pairs]
    far = datetime.max.replace(tzinfo=UTC)
    return sorted(docs, key=lambda d: (d.published or far, d.id))


THRESHOLDS = (0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.97, 0.98, 0.99, 0.995)
#: Probabilities above which a report that fits two stories merges them (the last: never).
MERGE_THRESHOLDS = (0.99, 0.999, 0.9999, 1.01)


def tune_threshold(
    pairs: Sequence[CounterPair], link: LinkModel, vocab: Vocabulary, copy: CopyModel
) -> LinkModel:
    """The join thresholds that maximise B-cubed F1 plus pairwise F1 on ``pairs``.

    The article threshold is tuned on the documents in full, then the merge threshold
    (a report binding two stories merges them only above it); then the short threshold on
    the sources in full with the derived reports cut down to headlines, scored on the
    derived pairs' documents (not-derived pairs are events told twice: see above).
    """
    gold = gold_clusters(pairs)
    derived = {d for p in pairs if p.label != "ND" for d in (p.source.id, p.derived.id)}
    best: tuple[float, LinkModel] = (-1.0, link)
    docs = cluster_docs(pairs)
    for thr in THRESHOLDS:
        cand = dataclasses.replace(link, article=dataclasses.replace(link.article, threshold=thr))
        pred = run_clusterer(docs, cand, vocab, copy)
        score = bcubed(pred, gold)[2] + pairwise(pred, gold)[2]
        print(f"  article threshold {thr}: {score / 2:.4f}")
        if score > best[0]:
            best = (score, cand)
    link = best[1]
    best = (-1.0, link)
    for merge in MERGE_THRESHOLDS:
        cand = dataclasses.replace(link, merge_threshold=merge)
        pred = run_clusterer(docs, cand, vocab, copy)
        score = bcubed(pred, gold)[2] + pairwise(pred, gold)[2]
        print(f"  merge threshold {merge}: {score / 2:.4f}")
        if score > best[0] + 1e-9:
            best = (score, cand)
    link = best[1]
    best = (-1.0, link)
    docs = headline_docs(pairs)
    for thr in THRESHOLDS:
        cand = dataclasses.replace(link, short=dataclasses.replace(link.short, threshold=thr))
        pred = run_clusterer(docs, cand, vocab, copy)
        score = bcubed(pred, gold, derived)[2] + pairwise(pred, gold, derived)[2]
        print(f"  short threshold {thr}: {score / 2:.4f}")
        if score > best[0]:
            best = (score, cand)
    return best[1]


def train_all(
    pairs: Sequence[CounterPair], vocab: Vocabulary, rows: Sequence[dict[str, str]]
) -> tuple[CopyModel, LinkModel]:
    """Copy and link models fitted on ``pairs`` (and Express)."""
    cx, cy = copy_matrix(pairs)
    nx, ny = unrelated_matrix(pairs)
    copy = fit_copy(np.vstack([cx, nx]), np.concatenate([cy, ny]))
    ex = link_examples(pairs, vocab, copy, rows)
    link = LinkModel(article=fit_weights(*ex["article"]), short=fit_weights(*ex["short"]))
    link = tune_threshold(pairs, link, vocab, copy)
    return copy, link


def halves(
    pairs: Sequence[CounterPair], seed: int = 0
) -> tuple[list[CounterPair], list[CounterPair]]:
    """A seeded split of the pairs into two halves, stratified by label."""
    rng = random.Random(seed)
    a: list[CounterPair] = []
    b: list[CounterPair] = []
    for label in ("WD", "PD", "ND"):
        group = [p for p in pairs if p.label == label]
        rng.shuffle(group)
        a += group[: len(group) // 2]
        b += group[len(group) // 2 :]
    return sorted(a, key=lambda p: p.id), sorted(b, key=lambda p: p.id)


def vocabulary_from_json(data: dict[str, object]) -> Vocabulary:
    """A ``Vocabulary`` from its JSON form."""
    return Vocabulary(int(data["n_docs"]), dict(data["df"]), frozenset(data["stop"]))  # type: ignore[call-overload, arg-type]


def main() -> int:
    """Build and write the three model files."""
    if not COUNTER_DIR.exists() or not EXPRESS.exists():
        print("skipped: ../shared/data not found")
        return 0
    MODELS.mkdir(parents=True, exist_ok=True)
    voc = build_vocabulary()
    (MODELS / "idf.json").write_text(
        json.dumps(voc, ensure_ascii=False, separators=(",", ":")), "utf-8"
    )
    vocab = vocabulary_from_json(voc)
    print(f"idf.json: {len(voc['df'])} terms from {voc['n_docs']} documents")  # type: ignore[arg-type]
    pairs = read_pairs(COUNTER_DIR)
    copy, link = train_all(pairs, vocab, express_rows())
    (MODELS / "copy.json").write_text(json.dumps(copy_json(copy), indent=1), "utf-8")
    (MODELS / "link.json").write_text(json.dumps(link_json(link), indent=1), "utf-8")
    for name, w in (("article", link.article), ("short", link.short)):
        print(f"link {name}:", dict(zip(LINK_FEATURES, (round(c, 3) for c in w.coef), strict=True)))
        print(f"  intercept {w.intercept:.3f} threshold {w.threshold}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
