"""Train the CRF behind the entities stage (src/akhbar/analyze/models/ner.*).

Gold data: IL-NER train (BIO; NEP person, NEL location, NEO organisation; NEN, NETI,
NEAR and the one-off NET/NIMI dropped, since numbers and dates are found by rules;
malformed ``-X`` tags read as ``B-X``, sentences with a bare ``-`` tag skipped;
duplicates kept once), IJCNLP-2008 (no B-/I- prefixes: runs of one tag become one
entity, split where the gazetteer covers a run with several names), and the news
sentences annotated for akhbar (``training/data/ner-xlsum.jsonl``: BBC Urdu from XL-Sum
and Pakistani agency news from COUNTER; see ``news_annotations.py``). Every gold token
is re-split with akhbar's own tokenizer (IL-NER joins compounds with ``_``), so the
model sees tokens exactly as the running stage produces them.

Steps:
1. round 1: a CRF on the gold data;
2. self-training: round 1 tags 50k unlabelled news sentences (COUNTER, XL-Sum,
   express.pk ledes); 6,000 confidently tagged ones (sequence probability ≥ 0.9, at
   least one entity; curated names applied) join the gold data for round 2;
3. the round-2 CRF is exported as plain arrays (``ner.npz``, what the stage loads),
   checked to decode exactly as CRFsuite does, with a bias on O and one per entity
   type (scored as the stage runs: tagger plus rules).
With ``--mix-with BASE`` the exported weights interpolate between BASE (the same
recipe without the news sentences, ``--news none``) and the model trained here: the
news sentences teach news names and conventions that IL-NER's text (government and
science prose, few names) does not share, so the model trained with them alone loses
IL-NER dev while gaining on news; a share of them keeps both.

Choices are made on development data only. ``--holdout`` leaves every third IJCNLP-2008
sentence out of training and ``--news train`` one article in five of the annotated
news; the biases (and with ``--mix-with`` the news share) are then chosen on the mean
F1 of IL-NER dev, the IJCNLP third and the news dev part, keeping IL-NER dev at its
target when any setting can (``ner_dev.choose_biases``). The shipped model is trained on
all of it with the chosen values given (``--mix``, ``--o-bias``, ``--type-bias``).
``bench/eval_ner.py --dev-only --ijcnlp-dev --news-dev-part --model DIR/ner.npz`` scores
such a model.

Tried and not shipped: name rates from unlabelled news (``--rates``; mean dev F1 0.731
without, 0.737 with), a longer person-name list, 12,000 self-training sentences, other
L1/L2 weights, a character n-gram word model (``--chars``; IL-NER dev 0.703 with it,
0.727 without), domain feature copies (``--augment``: the news-domain tagger lost IL-NER
dev, 0.671, and the shared weights alone lost everything), repeating IJCNLP-2008 or
IL-NER (``--ijcnlp-weight``, ``--il-weight``: no gain).

Held out: Jahangir-2012 is never read here (``bench/eval_ner.py`` scores it), nor is
``bench/data/ner-news-dev.jsonl``.

Run: .venv/bin/python training/train_ner.py   (after build_gazetteer.py and
build_clusters.py; ~4 min of CPU on one core, longer when busy; see
``src/akhbar/analyze/resources/README.md`` for the shipped model's recipe)
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np
import pycrfsuite
from ner_dev import (
    MIX_GRID,
    SCORED,
    choose_biases,
    greedy_biases,
    score,
    tagger_predictor,
)
from news_annotations import read_annotations

from akhbar.analyze.crf import CharNgrams, LinearCRF, char_ngrams
from akhbar.analyze.entities import EntityTagger, Featurizer, Lexicon, bio_spans
from akhbar.analyze.gazetteer import load_gazetteer, token_keys
from akhbar.text import normalize, segment

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
NER = DATA / "ner"
MODEL = ROOT / "src" / "akhbar" / "analyze" / "models" / "ner.crfsuite"

Sentence = list[tuple[str, str]]

IL_NER = {"NEP": "PER", "NEL": "LOC", "NEO": "ORG", "NEN": "NUM", "NETI": "TIME"}
OLD_SETS = {
    "PERSON": "PER",
    "LOCATION": "LOC",
    "ORGANIZATION": "ORG",
    "NUMBER": "NUM",
    "TIME": "TIME",
    "DATE": "DATE",
}
_GAZ = {"PERSON": "PER", "LOCATION": "LOC", "ORGANIZATION": "ORG"}
CHARS = MODEL.with_name("ner_chars.npz")
#: With ``--holdout``, every IJCNLP_FOLD-th IJCNLP-2008 sentence is left out of training.
IJCNLP_FOLD = 3
#: Feature-copy domains (``--augment``): IL-NER's text, and news (IJCNLP-2008, silver).
DOMAINS = ("I", "N")
PARAMS = {"c1": 0.05, "c2": 0.05, "max_iterations": 150, "feature.possible_transitions": True}


def read_blocks(path: Path) -> Iterable[list[tuple[str, str]]]:
    """Sentences of ``token<TAB>tag`` lines separated by blank lines."""
    block: list[tuple[str, str]] = []
    for line in path.open(encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip():
            if block:
                yield block
            block = []
            continue
        tok, _, tag = line.partition("\t")
        block.append((tok.strip(), tag.strip()))
    if block:
        yield block


def read_il_ner(path: Path) -> list[Sentence]:
    """IL-NER sentences with tags mapped to PER/LOC/ORG/NUM/TIME in BIO form."""
    out: list[Sentence] = []
    for block in read_blocks(path):
        if any(tag == "-" for _, tag in block):
            continue
        sent: Sentence = []
        for tok, tag in block:
            if tag.startswith("-"):
                tag = "O" if not tok[:1].isalnum() else "B" + tag
            prefix, _, kind = tag.partition("-")
            mapped = IL_NER.get(kind)
            sent.append((tok, f"{prefix}-{mapped}" if mapped and prefix in "BI" else "O"))
        out.append(sent)
    return out


def read_old(path: Path) -> list[Sentence]:
    """Jahangir-2012 or IJCNLP-2008 sentences: runs of one tag become one BIO entity."""
    out: list[Sentence] = []
    for block in read_blocks(path):
        sent: Sentence = []
        prev = "O"
        for tok, tag in block:
            kind = OLD_SETS.get(tag, "O")
            if kind == "O":
                sent.append((tok, "O"))
            else:
                sent.append((tok, ("I-" if prev == kind else "B-") + kind))
            prev = kind
        out.append(sent)
    return out


def split_runs(sent: Sentence) -> Sentence:
    """Split a run of one tag where it is a sequence of known names ("لکھنؤ اترپردیش").

    Sets without B-/I- prefixes merge adjacent entities of one type; where the
    gazetteer covers a run exactly with several names, their boundaries are restored.
    """
    gaz = load_gazetteer()
    tags = [g for _, g in sent]
    keys = [normalize.search_key(w) or w for w, _ in sent]
    for s, e, _ in bio_spans(tags):
        inside = [m for m in gaz.matches(keys[s:e])]
        if len(inside) > 1 and sum(m.end - m.start for m in inside) == e - s:
            for m in inside:
                tags[s + m.start] = "B-" + tags[s + m.start][2:]
    return [(w, g) for (w, _), g in zip(sent, tags, strict=True)]


def retokenize(sent: Sentence) -> Sentence:
    """Split gold tokens the way akhbar's tokenizer splits running text."""
    out: Sentence = []
    for tok, tag in sent:
        shown = normalize.display(tok.replace("_", " "))
        pieces = [shown[s:e] for s, e in segment.tokens(shown)]
        for i, piece in enumerate(pieces):
            out.append((piece, tag if i == 0 or tag == "O" else "I-" + tag[2:]))
    return out


def names_only(sent: Sentence) -> Sentence:
    """Tags other than PER/LOC/ORG turned to O (numbers and dates are found by rules)."""
    return [(w, g if g[2:] in SCORED else "O") for w, g in sent]


def dedupe(sents: Iterable[Sentence]) -> list[Sentence]:
    """Sentences with exact duplicates removed, order kept."""
    seen: set[tuple[tuple[str, str], ...]] = set()
    out = []
    for s in sents:
        key = tuple(s)
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out


def load_featurizer(chars: Path | None = CHARS, rates: Path | None = None) -> Featurizer:
    """The run-time featurizer over the shipped gazetteer, word classes, character model."""
    lex = Lexicon.load(chars=False, rates=rates)
    if chars is not None and chars.is_file():
        lex = dataclasses.replace(lex, chars=CharNgrams.load(chars))
    return Featurizer(load_gazetteer(), lex)


def augment(feats: list[list[str]], domain: str | None) -> list[list[str]]:
    """Each feature also as a copy private to one domain (Daumé's feature augmentation).

    Trained this way, the plain features carry what holds in every set and the copies
    what holds in one; ``fold_domain`` then adds one domain's copies into the plain
    weights, giving a tagger for that domain with the run-time feature names.
    """
    if domain is None:
        return feats
    return [f + [f"{domain}:{x}" for x in f] for f in feats]


def fold_domain(crf: LinearCRF, domain: str | None) -> LinearCRF:
    """The weights a tagger for ``domain`` uses: plain plus that domain's copies.

    ``None`` leaves the model as it is; ``""`` keeps the plain (shared) weights alone.
    """
    tags = tuple(d + ":" for d in DOMAINS)
    if domain is None or not any(a.startswith(tags) for a in crf.index):
        return crf
    own = domain + ":" if domain else None
    rows: dict[str, list[int]] = {}
    for a, i in crf.index.items():
        if own is not None and a.startswith(own):
            rows.setdefault(a[len(own) :], []).append(i)
        elif not a.startswith(tags):
            rows.setdefault(a, []).append(i)
    names = sorted(rows)
    state = np.stack([crf.state[rows[a]].sum(axis=0) for a in names])
    return dataclasses.replace(crf, index={a: k for k, a in enumerate(names)}, state=state)


def train(
    sents: Sequence[Sentence],
    features: Callable[[list[str]], list[list[str]]],
    out: Path,
    params: dict[str, object] | None = None,
    domains: Sequence[str | None] | None = None,
) -> None:
    """Train a CRF on retokenized sentences with the given feature function.

    ``domains``: one per sentence, the domain whose private feature copies it also gets.
    """
    trainer = pycrfsuite.Trainer(verbose=False)
    for i, sent in enumerate(sents):
        if sent:
            x = augment(features([t for t, _ in sent]), domains[i] if domains else None)
            trainer.append(x, [g for _, g in sent])
    trainer.set_params({**PARAMS, **(params or {})})
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))


def check_decoder(
    model: Path,
    crf: LinearCRF,
    feats: Featurizer,
    sents: Sequence[Sentence],
    domain: str | None = None,
) -> None:
    """Fail loudly unless the exported arrays decode exactly as CRFsuite does."""
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    ours = EntityTagger(crf.with_bias(0.0), feats.gazetteer, feats.lexicon)
    keyed = [[feats.key(w) for w, _ in s] for s in sents if s]
    want = [tagger.tag(augment(feats.sequence(k), domain)) for k in keyed]
    got = ours.tag_many(keyed)
    same = sum(w == g for w, g in zip(want, got, strict=True))
    print(f"exported decoder agrees with CRFsuite on {same}/{len(keyed)} sentences")
    if same < len(keyed):
        raise SystemExit("exported CRF weights do not reproduce CRFsuite's tags")


def train_char_model(feats: Featurizer) -> CharNgrams:
    """A word classifier (PER/LOC/ORG/O) over character n-grams, for names never seen.

    Names: the gazetteer's spellings and the person-name list, plus the entity tokens of
    IJCNLP-2008 (not in the CRF's training data, so the CRF cannot learn to over-trust
    a classifier that saw its own training words); other words: the frequent words of
    the unlabelled text (``clusters.tsv``). Logistic regression on binary 2-4-grams.
    """
    from collections import Counter, defaultdict

    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for entry in feats.gazetteer.entries.values():
        for variant in entry.variants:
            for key in token_keys(variant):
                votes[key][_GAZ[entry.label]] += 2
    for key in feats.lexicon.names:
        votes[key]["PER"] += 2
    for sent in read_old(NER / "ijcnlp-2008.tsv"):
        for w, g in retokenize(sent):
            if g[2:] in SCORED:
                votes[feats.key(w)][g[2:]] += 1
    named = set(votes)
    for key, count in feats.lexicon.freq.items():
        if count >= 20 and key not in named and key[:1].isalpha():
            votes[key]["O"] += 1
    words = sorted(w for w in votes if w[:1].isalpha())
    labels = [votes[w].most_common(1)[0][0] for w in words]
    vec = CountVectorizer(analyzer=char_ngrams, binary=True, min_df=2)
    x = vec.fit_transform(words)
    model = LogisticRegression(C=1.0, max_iter=200)
    model.fit(x, labels)
    grams = vec.get_feature_names_out()
    return CharNgrams(
        tuple(str(c) for c in model.classes_),
        {str(g): i for i, g in enumerate(grams)},
        model.coef_.T.copy(),
        model.intercept_.copy(),
    )


def news_sentences(limit_headlines: int = 20_000) -> list[list[str]]:
    """Unlabelled news sentences as token strings: COUNTER, XL-Sum, express.pk ledes."""
    import csv
    import json
    import re

    texts: list[str] = []
    for path in sorted((DATA / "counter" / "xml").glob("*.xml")):
        raw = path.read_text(encoding="utf-8", errors="replace")
        texts += re.findall(r"<(?:headline|body)>(.*?)</", raw, flags=re.S)
    with (DATA / "summaries" / "xlsum-ur-dev.jsonl").open(encoding="utf-8") as f:
        texts += [json.loads(line)["text"] for line in f]
    csv.field_size_limit(sys.maxsize)
    with (DATA / "topics" / "express-headlines-2012-2017.csv").open(encoding="utf-8") as f:
        for i, row in enumerate(csv.DictReader(f)):
            if i >= limit_headlines:
                break
            texts += [row.get("title") or "", row.get("lede") or ""]
    out = []
    for text in texts:
        shown = normalize.display(text)
        for s, e in segment.sentences(shown):
            words = [shown[a:b] for a, b in segment.tokens(shown[s:e])]
            if 4 <= len(words) <= 80:
                out.append(words)
    return out


def silver(
    model: Path,
    feats: Featurizer,
    sents: Sequence[list[str]],
    limit: int,
    threshold: float,
    domain: str | None = None,
) -> list[Sentence]:
    """Confidently tagged unlabelled sentences (tagger plus curated names) for self-training."""
    import random

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    crf = fold_domain(LinearCRF.from_crfsuite(model), domain)
    ours = EntityTagger(crf, feats.gazetteer, feats.lexicon)
    picked: list[Sentence] = []
    for words in sents:
        keys = [feats.key(w) for w in words]
        tagger.set(augment(feats.sequence(keys), domain))
        best = tagger.tag()
        if not any(t != "O" for t in best) or tagger.probability(best) < threshold:
            continue
        tags = ["O"] * len(words)
        for s, e, kind in ours.spans(keys):
            if kind in SCORED:
                tags[s:e] = ["B-" + kind] + ["I-" + kind] * (e - s - 1)
        picked.append(list(zip(words, tags, strict=True)))
    random.Random(0).shuffle(picked)
    return picked[:limit]


def ijcnlp_split(held_out: bool) -> list[Sentence]:
    """IJCNLP-2008 sentences: every third one (``held_out``) or the other two thirds.

    Experiments train on two thirds and score on the third as a second development set
    (old-style news tags, like the held-out Jahangir-2012); the shipped model uses all.
    """
    sents = dedupe(read_old(NER / "ijcnlp-2008.tsv"))
    return [s for i, s in enumerate(sents) if (i % IJCNLP_FOLD == 0) == held_out]


def training_parts(
    use_ijcnlp: bool = True, holdout: bool = False
) -> tuple[list[Sentence], list[Sentence]]:
    """The retokenized training sentences: IL-NER train, and IJCNLP-2008 (if used)."""
    il = [names_only(retokenize(s)) for s in dedupe(read_il_ner(NER / "il-ner-ur-train.txt"))]
    old: list[Sentence] = []
    if use_ijcnlp:
        raw = ijcnlp_split(False) if holdout else dedupe(read_old(NER / "ijcnlp-2008.tsv"))
        old = [names_only(retokenize(split_runs(s))) for s in raw]
    return il, old


def training_sentences(use_ijcnlp: bool = True, holdout: bool = False) -> list[Sentence]:
    """The retokenized training sentences (IL-NER train, optionally IJCNLP-2008)."""
    il, old = training_parts(use_ijcnlp, holdout)
    return il + old


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-ijcnlp", action="store_true", help="train on IL-NER train only")
    ap.add_argument(
        "--holdout",
        action="store_true",
        help="leave a third of IJCNLP-2008 out and choose the biases on it and IL-NER dev",
    )
    ap.add_argument("--c1", type=float, default=PARAMS["c1"])
    ap.add_argument("--c2", type=float, default=PARAMS["c2"])
    ap.add_argument("--iterations", type=int, default=PARAMS["max_iterations"])
    ap.add_argument("--out", type=Path, default=MODEL)
    ap.add_argument("--export-only", action="store_true", help="re-export an existing model")
    ap.add_argument(
        "--chars",
        type=Path,
        help=f"also train a character n-gram word model and write it here ({CHARS.name} in "
        "models/ is loaded by the stage when present; tried: no gain on IL-NER dev)",
    )
    ap.add_argument("--rates", type=Path, help="name rates other than the shipped ones")
    ap.add_argument(
        "--o-bias", type=float, help="use this O bias (chosen by an earlier held-out run)"
    )
    ap.add_argument(
        "--type-bias", action="append", default=[], help="with --o-bias: KIND=VALUE, repeatable"
    )
    ap.add_argument("--no-self-train", action="store_true", help="one round, gold data only")
    ap.add_argument("--base", type=Path, help="an existing first-round model for self-training")
    ap.add_argument("--silver", type=int, default=6000, help="self-training sentences at most")
    ap.add_argument(
        "--headlines", type=int, default=20_000, help="express.pk rows in the self-training pool"
    )
    ap.add_argument("--threshold", type=float, default=0.9, help="self-training confidence")
    ap.add_argument(
        "--ijcnlp-weight", type=int, default=1, help="repeat IJCNLP-2008 this many times"
    )
    ap.add_argument(
        "--augment",
        action="store_true",
        help="domain feature copies (IL-NER vs news); the news tagger is exported",
    )
    ap.add_argument(
        "--news",
        choices=("all", "train", "none"),
        default="all",
        help="hand-annotated news sentences to train on (train: keep their dev part out "
        "and choose the biases on it too)",
    )
    ap.add_argument("--il-weight", type=int, default=1, help="repeat IL-NER train this many times")
    ap.add_argument("--news-weight", type=int, default=1, help="repeat them this many times")
    ap.add_argument(
        "--export-domain",
        choices=("N", "I", ""),
        help="with --augment: the domain whose tagger is exported (default N, news; "
        "empty: the shared weights alone)",
    )
    ap.add_argument(
        "--mix-with",
        type=Path,
        help="a CRFsuite model trained without the news sentences: export the weights "
        "interpolated between it and the one trained here",
    )
    ap.add_argument(
        "--mix",
        type=float,
        help="with --mix-with: the trained model's share (chosen on the dev sets if not given)",
    )
    args = ap.parse_args(argv)
    domain = "N" if args.augment else None
    export = domain if args.export_domain is None else args.export_domain
    if not NER.is_dir():
        print("skipped: ../shared/data not found")
        return 0
    t0 = time.time()
    feats = load_featurizer(args.chars, args.rates)
    out = args.out
    if not args.export_only:
        il, old = training_parts(not args.no_ijcnlp, args.holdout)
        news = read_annotations(DATA, part=args.news) if args.news != "none" else []
        il = il * args.il_weight
        sents = il + old * args.ijcnlp_weight + news * args.news_weight
        print(f"training: {len(il)} IL-NER, {len(old)} IJCNLP-2008, {len(news)} news sentences")
        domains: list[str | None] = [None] * len(sents)
        if domain:
            domains = ["I"] * len(il) + [domain] * (len(sents) - len(il))
        if args.chars:
            chars = train_char_model(feats)
            chars.save(args.chars)
            feats = load_featurizer(args.chars, args.rates)
            print(f"character model: {len(chars.index)} n-grams → {args.chars}")
        params = {"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations}

        def features(words: list[str]) -> list[list[str]]:
            return feats.sequence([feats.key(w) for w in words])

        base = args.base
        if base is None and not args.no_self_train:
            base = out.with_name(out.stem + "-base.crfsuite")
            train(sents, features, base, params, domains)
            print(f"round 1: trained on {len(sents)} sentences in {time.time() - t0:.0f}s")
        if base is not None:
            pool = news_sentences(args.headlines)
            extra = silver(base, feats, pool, args.silver, args.threshold, domain)
            print(f"self-training: {len(extra)} of {len(pool)} news sentences added")
            sents += extra
            domains += [domain] * len(extra)
            if args.base is None:
                base.unlink()
        train(sents, features, out, params, domains)
        print(f"trained on {len(sents)} sentences in {time.time() - t0:.0f}s → {out}")
    crf = fold_domain(LinearCRF.from_crfsuite(out), export)
    dev = [retokenize(s) for s in read_il_ner(NER / "il-ner-ur-dev.txt")]
    check_decoder(out, crf, feats, dev[:300], export or None)
    others: list[tuple[str, Sequence[Sentence], bool]] = []
    if args.holdout:
        others.append(("IJCNLP third", [retokenize(s) for s in ijcnlp_split(True)], True))
    if args.news == "train":
        others.append(("news dev part", read_annotations(DATA, part="dev"), False))
    models = {1.0: crf}
    if args.mix_with is not None:
        base = LinearCRF.from_crfsuite(args.mix_with)
        models = {w: base.interpolate(crf, w) for w in ([args.mix] if args.mix else MIX_GRID)}
        crf = models[max(models)]
    if args.o_bias is None:
        if others:
            crf = choose_biases(models, feats, dev, others)
        else:
            crf = greedy_biases(crf, feats, dev)
    else:
        types = {k: float(v) for k, _, v in (x.partition("=") for x in args.type_bias)}
        crf = crf.with_bias(args.o_bias, types)
        print(f"O bias {args.o_bias:+.2f}, type biases {types} (given)")
    crf.save(out.with_suffix(".npz"))
    tagger = EntityTagger(crf, feats.gazetteer, feats.lexicon)
    for name, gold, merge in (("IL-NER dev", dev, False), *others):
        if gold:
            for k, (p, r, f, n) in score(gold, tagger_predictor(tagger), merge=merge).items():
                print(f"{name} {k:4s} P {p:.3f} R {r:.3f} F1 {f:.3f} (n={n})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
