"""Named entities: a CRF tagger with affix, word-class, cue-word and gazetteer features.

The tagger (trained by ``training/train_ner.py``, shipped as plain arrays in
``models/ner.npz``) labels tokens in BIO form; ``ner_rules`` then splits runs of known
names, adds curated names where the tagger found none (or fixes the type of one with the
same bounds), trims postpositions off the ends of names and titles off the front of
people ("جنرل پرویز مشرف" → "پرویز مشرف"), and adds dates, times and numbers. Each
entity is linked to a canonical ID and English name through the gazetteer, and a short
mention ("آندرے") inherits the ID of a linked full one in the same article.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import cast

import numpy as np

from akhbar.analyze.crf import CharNgrams, LinearCRF
from akhbar.analyze.gazetteer import Gazetteer, Match, load_gazetteer, read_resource
from akhbar.analyze.name_rates import RATES_FILE, has_resource, parse_rates, rate_features
from akhbar.analyze.ner_rules import (
    add_curated,
    add_numbers,
    split_runs,
    trim_function_words,
    trim_titles,
)
from akhbar.errors import ModelError
from akhbar.model import Article, Entity
from akhbar.text import normalize

#: Tagger labels (BIO body) → entity labels.
LABELS = MappingProxyType(
    {
        "PER": "PERSON",
        "LOC": "LOCATION",
        "ORG": "ORGANIZATION",
        "NUMBER": "NUMBER",
        "TIME": "TIME",
        "DATE": "DATE",
    }
)
_GAZ_TAG = MappingProxyType({"PERSON": "PER", "LOCATION": "LOC", "ORGANIZATION": "ORG"})


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Words that announce the kind of name next to them.
CUES = MappingProxyType(
    {
        "PER": _words(
            "صدر وزیر وزیراعظم جناب مسٹر مس مسز ڈاکٹر جنرل سربراہ ترجمان چیئرمین شہزادہ صاحب "
            "بیگم محترمہ سینیٹر گورنر کمشنر کپتان کرنل میجر بریگیڈیئر مولانا علامہ شیخ سید "
            "چوہدری چودھری میاں خواجہ حافظ قاضی مفتی سردار نواب راجہ پروفیسر انسپکٹر "
            "جج جسٹس سفیر رکن اداکار اداکارہ گلوکار کھلاڑی بولر کوچ امیر "
            "بانی رہنما لیڈر قائد سیکرٹری مشیر نائب بنت ولد زوجہ اہلیہ"
        ),
        "LOC": _words(
            "شہر ملک صوبے صوبہ ضلع ضلعے گاؤں قصبے قصبہ علاقے علاقہ دارالحکومت "
            "سرحد دریا دریائے وادی پہاڑ جزیرے جزیرہ بندرگاہ ریاست تحصیل کالونی ٹاؤن روڈ "
            "چوک بازار سٹی"
        ),
        "ORG": _words(
            "کمپنی پارٹی تنظیم بینک یونیورسٹی کمیشن ادارہ ادارے فوج پولیس حکومت وزارت "
            "اتھارٹی کارپوریشن کونسل کمیٹی بورڈ ایجنسی فاؤنڈیشن ٹرسٹ لیگ تحریک جماعت "
            "کالج اسکول سکول ہسپتال اسپتال عدالت ٹیم کلب فورس بیورو ڈیپارٹمنٹ محکمہ "
            "ایسوسی ایشن یونین چینل اخبار ریڈیو"
        ),
    }
)
#: Titles that precede a name without being part of it (IL-NER's convention).
TITLES = _words(
    "صدر وزیر وزیراعظم جنرل ڈاکٹر جناب مسٹر مسز محترمہ شہزادہ فیلڈ مارشل کرنل میجر "
    "بریگیڈیئر کپتان آیت اللہ بیرسٹر سینیٹر گورنر جسٹس ڈی جی"
)
_LATIN = re.compile(r"[A-Za-z]")
_DIGIT = re.compile(r"\d")
#: Sentences longer than this are tagged in windows of this many tokens.
MAX_SENTENCE = 120
#: Tokens tagged per article at most; a longer text is tagged up to here, with a note.
MAX_TOKENS = 60_000
_CACHE_LIMIT = 200_000
#: Distinct tokens whose scores are kept (rows of 5 × labels floats each).
_TABLE_LIMIT = 100_000
#: Frequent words scored when the tagger is loaded, so articles mostly hit the cache.
WARM_WORDS = 3000


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Word classes learned from unlabelled Urdu: clusters at three sizes, frequency.

    ``rates``: per word, how often a context-only tagger (one that never sees the word
    itself) marks it as a person, place or organisation across unlabelled news, so a
    name the tagger was never taught still looks like a name if news talks of it so.
    """

    clusters: dict[str, tuple[str, str, str]]
    freq: dict[str, int]
    names: frozenset[str] = frozenset()
    chars: CharNgrams | None = None
    rates: dict[str, tuple[float, float, float]] = dataclasses.field(default_factory=dict)

    @classmethod
    def parse(cls, text: str, names: str = "", rates: str = "") -> Lexicon:
        """Read ``key<TAB>coarse<TAB>mid<TAB>fine<TAB>count`` lines, a name list, rates."""
        clusters: dict[str, tuple[str, str, str]] = {}
        freq: dict[str, int] = {}
        for line in text.splitlines():
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 5:
                raise ModelError("clusters.tsv: expected 5 tab-separated fields")
            clusters[parts[0]] = (parts[1], parts[2], parts[3])
            freq[parts[0]] = int(parts[4])
        keys = (normalize.search_key(n.strip()) for n in names.splitlines() if n[:1] != "#")
        return cls(clusters, freq, frozenset(k for k in keys if k), None, parse_rates(rates))

    @classmethod
    def load(cls, chars: bool = True, rates: Path | None = None) -> Lexicon:
        """The shipped word classes, person-name list, name rates and character model."""
        if rates is not None:
            rate_text = rates.read_text(encoding="utf-8")
        else:
            rate_text = read_resource(RATES_FILE) if has_resource(RATES_FILE) else ""
        lex = cls.parse(read_resource("clusters.tsv"), read_resource("person_names.txt"), rate_text)
        path = _model_file("ner_chars.npz")
        if chars and path.is_file():
            lex = dataclasses.replace(lex, chars=CharNgrams.load(path))
        return lex


class Featurizer:
    """Feature strings for token sequences, cached per distinct token."""

    def __init__(
        self, gazetteer: Gazetteer, lexicon: Lexicon, known: frozenset[str] | None = None
    ) -> None:
        self.gazetteer = gazetteer
        self.lexicon = lexicon
        # Features a trained model has weights for; the others are dropped before tagging.
        self.known = known
        self._cue = {w: tag for tag, words in CUES.items() for w in words}
        self._keys: dict[str, str] = {}
        self._feats: dict[str, tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]] = {}

    def clear_caches(self) -> None:
        """Forget the per-token keys and features computed so far."""
        self._keys.clear()
        self._feats.clear()

    def key(self, token: str) -> str:
        """The search key of one token, cached."""
        return self.keys((token,))[0]

    def keys(self, tokens: Sequence[str]) -> list[str]:
        """The search keys of many tokens, cached (like ``key`` on each)."""
        cache = self._keys
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        out = []
        for token in tokens:
            key = cache.get(token)
            if key is None:
                key = normalize.search_key(token) or token
                cache[token] = key
            out.append(key)
        return out

    def token(self, key: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
        """Own features and the features seen from offsets -2, -1, +1, +2."""
        hit = self._feats.get(key)
        if hit is not None:
            return hit
        if len(self._feats) > _CACHE_LIMIT:
            self._feats.clear()
        n = len(key)
        own = ["b", "w=" + key, "len=" + str(min(n, 8))]
        for i in (1, 2, 3):
            if n > i:
                own.append(f"p{i}=" + key[:i])
        for i in (1, 2, 3, 4):
            if n > i:
                own.append(f"s{i}=" + key[-i:])
        if _DIGIT.search(key):
            own.append("sh=D" if key.isdigit() else "sh=Dx")
        elif _LATIN.search(key):
            own.append("sh=L")
        elif not key[:1].isalnum():
            own.append("sh=P")
        cl = self.lexicon.clusters.get(key)
        count = self.lexicon.freq.get(key, 0)
        own.append("f=" + str(min(int(math.log2(count + 1)), 14)))
        if cl is None:
            own.append("c=?")
            ctx_c = "?"
        else:
            own += ["ca=" + cl[0], "cb=" + cl[1], "cc=" + cl[2]]
            ctx_c = cl[1]
        gaz = sorted(self.gazetteer.token_labels(key))
        own += ["g=" + g for g in gaz]
        cue = self._cue.get(key)
        if cue:
            own.append("q=" + cue)
        name = key in self.lexicon.names
        if name:
            own.append("nm")
        rated = rate_features(self.lexicon.rates.get(key))
        own += rated
        shape = ""
        if self.lexicon.chars is not None and key[:1].isalpha():
            p = self.lexicon.chars.proba(key)
            best = int(p.argmax())
            shape = f"{self.lexicon.chars.classes[best]}{min(int(p[best] * 5), 4)}"
            own.append("nc=" + shape)
        ctx: list[tuple[str, ...]] = []
        for off in ("-2", "-1", "+1", "+2"):
            f = [f"{off}w={key}", f"{off}c={ctx_c}"]
            f += [f"{off}g={g}" for g in gaz]
            if cue:
                f.append(f"{off}q={cue}")
            if name:
                f.append(f"{off}nm")
            if off in ("-1", "+1"):
                f += [off + r for r in rated]
            if off in ("-1", "+1") and n > 2:
                f.append(f"{off}s2={key[-2:]}")
            if off in ("-1", "+1") and shape:
                f.append(f"{off}nc={shape}")
            ctx.append(tuple(f))
        if self.known is not None:
            own = [f for f in own if f in self.known]
            ctx = [tuple(f for f in c if f in self.known) for c in ctx]
        out = (tuple(own), tuple(ctx))
        self._feats[key] = out
        return out

    def sequence(
        self, keys: Sequence[str], matches: Iterable[Match] | None = None
    ) -> list[list[str]]:
        """Features of each token of one sentence, given the tokens' search keys."""
        n = len(keys)
        known = self.known
        per = [self.token(k) for k in keys]
        gm = [""] * n
        found = self.gazetteer.matches(keys) if matches is None else matches
        for i, attr in self.match_features(n, found):
            gm[i] = attr
        out: list[list[str]] = []
        for i in range(n):
            f = list(per[i][0])
            if i >= 2:
                f += per[i - 2][1][0]
            if i >= 1:
                f += per[i - 1][1][1]
                bigram = f"bw={keys[i - 1]}|{keys[i]}"
                if known is None or bigram in known:
                    f.append(bigram)
            else:
                f.append("BOS")
            if i + 1 < n:
                f += per[i + 1][1][2]
                bigram = f"fw={keys[i]}|{keys[i + 1]}"
                if known is None or bigram in known:
                    f.append(bigram)
            else:
                f.append("EOS")
            if i + 2 < n:
                f += per[i + 2][1][3]
            if gm[i]:
                f.append(gm[i])
            out.append(f)
        return out

    def match_features(self, n: int, matches: Iterable[Match]) -> list[tuple[int, str]]:
        """(token index, feature) for the tokens inside gazetteer matches."""
        out = []
        for m in matches:
            tag = _GAZ_TAG[m.entry.label]
            strength = "s" if m.strong else "w"
            out.append((m.start, f"gm=B-{tag}{strength}"))
            out += [(j, f"gm=I-{tag}{strength}") for j in range(m.start + 1, min(m.end, n))]
        return out


def bio_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """``(start, end, type)`` token spans from BIO tags; a stray I- starts a span."""
    spans: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for i, tag in enumerate((*tags, "O")):
        if tag == "O" or tag.startswith("B-") or tag[2:] != kind:
            if start >= 0:
                spans.append((start, i, kind))
            start, kind = (i, tag[2:]) if tag != "O" else (-1, "")
    return spans


class EntityTagger:
    """Tags token sequences and turns tags into linked entities."""

    def __init__(self, crf: LinearCRF, gazetteer: Gazetteer, lexicon: Lexicon) -> None:
        self.crf = crf
        self.gazetteer = gazetteer
        self.featurizer = Featurizer(gazetteer, lexicon, frozenset(crf.index))
        # Per distinct token: a row of ``_table`` with the scores it adds to itself and to
        # the tokens at -2, -1, +1, +2 (shape: rows × 5 × labels).
        self._ids: dict[str, int] = {}
        self._table = np.zeros((1024, 5, len(crf.labels)))
        self._state = np.vstack([crf.state, np.zeros((1, len(crf.labels)))])
        # Word-pair features by first word: ({second: row of "bw=first|second"}, same "fw=").
        bigrams: dict[str, tuple[dict[str, int], dict[str, int]]] = {}
        for attr, row in crf.index.items():
            if attr[:3] in ("bw=", "fw=") and "|" in attr:
                first, second = attr[3:].split("|", 1)
                bigrams.setdefault(first, ({}, {}))[attr[0] == "f"][second] = row
        self._bigrams = bigrams

    def clear_caches(self) -> None:
        """Forget the per-token features and scores computed so far."""
        self._ids.clear()
        self.featurizer.clear_caches()

    def warm(self, words: int = WARM_WORDS) -> None:
        """Score the most frequent words of the lexicon ahead of use (~70 ms for 3,000)."""
        freq = self.featurizer.lexicon.freq
        for key in sorted(freq, key=freq.__getitem__, reverse=True)[:words]:
            self._token_id(key)

    def _token_id(self, key: str) -> int:
        """The row of ``_table`` holding a token's scores (computed on first sight)."""
        hit = self._ids.get(key)
        if hit is not None:
            return hit
        index = self.crf.index
        own, ctx = self.featurizer.token(key)
        hit = len(self._ids)
        if hit >= len(self._table):
            grown = np.zeros((2 * len(self._table), *self._table.shape[1:]))
            grown[:hit] = self._table[:hit]
            self._table = grown
        # Each group of rows ends with the all-zero row, so no group is empty.
        zero = len(self._state) - 1
        rows: list[int] = []
        bounds: list[int] = []
        for attrs in (own, *ctx):
            bounds.append(len(rows))
            rows += [index[a] for a in attrs]
            rows.append(zero)
        self._table[hit] = np.add.reduceat(self._state[rows], bounds)
        self._ids[key] = hit
        return hit

    def emissions(self, keys: Sequence[str], matches: Sequence[Match]) -> np.ndarray:
        """State scores (tokens × labels) of one sentence window."""
        return self._emissions([keys], [matches])

    def _emissions(
        self, windows: Sequence[Sequence[str]], matches: Sequence[Sequence[Match]]
    ) -> np.ndarray:
        """State scores of many windows, stacked (all their tokens × labels)."""
        total = sum(len(keys) for keys in windows)
        if len(self._ids) + total > _TABLE_LIMIT:
            self._ids.clear()
        every = [k for keys in windows for k in keys]
        known = self._ids.get
        seen = [known(k) for k in every]
        ids = cast(list[int], seen)
        if None in seen:
            ids = [self._token_id(k) if i is None else i for k, i in zip(every, seen, strict=True)]
        per = self._table[ids]
        out = per[:, 0].copy()
        # follows[i]: token i is in the same window as token i - 1.
        follows = np.ones(len(ids), dtype=bool)
        at: list[int] = []
        rows: list[int] = []
        index = self.crf.index
        bigrams = self._bigrams
        base = 0
        for keys, found in zip(windows, matches, strict=True):
            n = len(keys)
            if not n:
                continue
            follows[base] = False
            for i, attr in [(0, "BOS"), (n - 1, "EOS"), *self.featurizer.match_features(n, found)]:
                j = index.get(attr)
                if j is not None:
                    at.append(base + i)
                    rows.append(j)
            for i in range(1, n):
                pair = bigrams.get(keys[i - 1])
                if pair is None:
                    continue
                second = keys[i]
                j = pair[0].get(second)
                if j is not None:
                    at.append(base + i)
                    rows.append(j)
                j = pair[1].get(second)
                if j is not None:
                    at.append(base + i - 1)
                    rows.append(j)
            base += n
        one = follows[1:, None]
        out[1:] += per[:-1, 2] * one
        out[:-1] += per[1:, 3] * one
        two = one[1:] & one[:-1]
        out[2:] += per[:-2, 1] * two
        out[:-2] += per[2:, 4] * two
        if at:
            np.add.at(out, at, self.crf.state[rows])
        return out

    def tag_many(
        self,
        sentences: Sequence[Sequence[str]],
        matches: Sequence[Sequence[Match]] | None = None,
    ) -> list[list[str]]:
        """BIO tags for many sentences of token search keys, decoded in one batch."""
        owner: list[int] = []
        windows: list[Sequence[str]] = []
        found: list[Sequence[Match]] = []
        for s, keys in enumerate(sentences):
            if len(keys) <= MAX_SENTENCE:
                owner.append(s)
                windows.append(keys)
                found.append(list(self.gazetteer.matches(keys)) if matches is None else matches[s])
                continue
            for i in range(0, len(keys), MAX_SENTENCE):
                part = keys[i : i + MAX_SENTENCE]
                owner.append(s)
                windows.append(part)
                found.append(list(self.gazetteer.matches(part)))
        tags: list[list[str]] = [[] for _ in sentences]
        if not any(windows):
            return tags
        scores = self._emissions(windows, found)
        decoded = self.crf.decode_flat(scores, [len(w) for w in windows])
        for s, labels in zip(owner, decoded, strict=True):
            tags[s] += labels
        return tags

    def spans_many(self, sentences: Sequence[Sequence[str]]) -> list[list[tuple[int, int, str]]]:
        """Entity token spans of each sentence: the tagger's, curated names, numbers."""
        out = []
        matches = [list(self.gazetteer.matches(keys)) for keys in sentences]
        tagged = self.tag_many(sentences, matches)
        for keys, tags, found_names in zip(sentences, tagged, matches, strict=True):
            found = {x[0]: x for x in bio_spans(tags)}
            found = split_runs(found, found_names)
            found = trim_function_words(keys, found)
            found = trim_titles(keys, add_curated(keys, found, found_names), TITLES)
            found = add_numbers(keys, found)
            out.append(sorted(found.values()))
        return out

    def spans(self, keys: Sequence[str]) -> list[tuple[int, int, str]]:
        """Entity token spans of one sentence."""
        return self.spans_many([keys])[0]

    def entities(
        self,
        text: str,
        tokens: Sequence[tuple[int, int]],
        sentences: Sequence[tuple[int, int]] = (),
    ) -> list[Entity]:
        """Linked entities of ``text`` given its token spans (and sentence spans)."""
        groups = list(_group(tokens, sentences))
        keys_of = self.featurizer.keys
        keyed = [keys_of([text[s:e] for s, e in group]) for group in groups]
        out: list[Entity] = []
        for group, keys, found in zip(groups, keyed, self.spans_many(keyed), strict=True):
            for s, e, kind in found:
                label = LABELS.get(kind)
                if label is None:
                    continue
                entry = None
                if kind in _GAZ_TAG.values():
                    entry = self.gazetteer.lookup_keys(keys[s:e])
                    if entry is None and s and keys[s - 1] in TITLES:
                        entry = self.gazetteer.lookup_keys(keys[s - 1 : e])
                out.append(
                    Entity(
                        group[s][0],
                        group[e - 1][1],
                        label,
                        entry.id if entry else None,
                        entry.english if entry else None,
                    )
                )
        return link_mentions(text, out, self.featurizer.key)


def _group(
    tokens: Sequence[tuple[int, int]], sentences: Sequence[tuple[int, int]]
) -> Iterable[list[tuple[int, int]]]:
    """Tokens grouped by the sentence that holds them (all in one group without sentences)."""
    if not sentences:
        if tokens:
            yield list(tokens)
        return
    i, n = 0, len(tokens)
    for s, e in sentences:
        while i < n and tokens[i][0] < s:
            i += 1
        group = []
        while i < n and tokens[i][1] <= e:
            group.append(tokens[i])
            i += 1
        if group:
            yield group


def link_mentions(
    text: str, entities: list[Entity], key: Callable[[str], str] | None = None
) -> list[Entity]:
    """Give unlinked mentions the ID of a linked one they are part of ("کم" → Kim Jong Un)."""
    keyf = key or normalize.search_key
    linked: dict[str, Entity] = {}
    for ent in entities:
        if ent.id and ent.label in ("PERSON", "ORGANIZATION"):
            for part in text[ent.start : ent.end].split():
                linked.setdefault(f"{ent.label}|{keyf(part)}", ent)
    if not linked:
        return entities
    out = []
    for ent in entities:
        if ent.id is None and ent.label in ("PERSON", "ORGANIZATION"):
            parts = text[ent.start : ent.end].split()
            hits = {linked.get(f"{ent.label}|{keyf(p)}") for p in parts}
            if len(parts) <= 2 and len(hits) == 1 and None not in hits:
                (hit,) = hits
                assert hit is not None
                ent = dataclasses.replace(ent, id=hit.id, english=hit.english)
        out.append(ent)
    return out


class EntityStage:
    """The ``entities`` stage: people, places, organisations, dates, times, numbers."""

    name = "entities"
    requires = frozenset({"text", "tokens"})
    assigns = frozenset({"entities"})

    def __init__(self, tagger: EntityTagger) -> None:
        self.tagger = tagger

    def __call__(self, article: Article) -> Article:
        notes = article.notes
        if len(article.tokens) > MAX_TOKENS:
            notes = (*notes, f"entities: tagged the first {MAX_TOKENS} tokens only")
        tokens = [(t.start, t.end) for t in article.tokens[:MAX_TOKENS]]
        last = tokens[-1][1] if tokens else 0
        sentences = []
        for span in article.sentences:
            if span.start >= last:
                break
            sentences.append((span.start, span.end))
        found = self.tagger.entities(article.text, tokens, sentences)
        return dataclasses.replace(article, entities=tuple(found), notes=notes)


def _model_file(name: str) -> Path:
    return Path(str(resources.files("akhbar.analyze") / "models" / name))


def model_path() -> Path:
    """Where the shipped CRF weights live (plain arrays exported from CRFsuite)."""
    return _model_file("ner.npz")


@functools.lru_cache(maxsize=1)
def load_tagger() -> EntityTagger:
    """The shipped tagger, gazetteer and word clusters, loaded once per process."""
    path = model_path()
    if not path.is_file():
        raise ModelError(f"missing NER model {path}: run training/train_ner.py")
    tagger = EntityTagger(LinearCRF.load(path), load_gazetteer(), Lexicon.load())
    tagger.warm()
    return tagger


def load_entity_stage() -> EntityStage:
    """The entities stage over the shipped models (loaded once per process)."""
    return EntityStage(load_tagger())


def find_entities(text: str) -> list[Entity]:
    """Entities of a display-form text, e.g. ``find_entities("عمران خان لاہور پہنچ گئے")``."""
    from akhbar.text import segment

    return load_tagger().entities(text, segment.tokens(text), segment.sentences(text))
