"""How tagger spans and curated names combine, and the batched decoder with its biases."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from akhbar.analyze.crf import LinearCRF
from akhbar.analyze.entities import EntityTagger, load_tagger
from akhbar.analyze.gazetteer import Gazetteer, parse_tsv, token_keys
from akhbar.analyze.ner_rules import add_curated, add_numbers, split_runs

GAZ = Gazetteer(
    parse_tsv(
        "l:lko\tLOCATION\tLucknow\tلکھنؤ\nl:up\tLOCATION\tUttar Pradesh\tاترپردیش\n"
        "l:in\tLOCATION\tIndia\tانڈیا\no:wh\tORGANIZATION\tWhite House\tوائٹ ہاؤس\n"
        "p:kju\tPERSON\tKim Jong Un\tکم جونگ اُن\nl:cn\tLOCATION\tChina\tچین\n"
    )
)


def curated(text: str, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    keys = token_keys(text)
    names = list(GAZ.matches(keys))
    spans = split_runs({x[0]: x for x in found}, names)
    return sorted(add_curated(keys, spans, names).values())


@pytest.mark.parametrize(
    ("text", "tagger", "expected"),
    [
        # Two known names tagged as one span are split (IL-NER annotates them apart).
        ("لکھنؤ اترپردیش میں", [(0, 2, "LOC")], [(0, 1, "LOC"), (1, 2, "LOC")]),
        # A curated name is added where the tagger found nothing.
        ("وہ لکھنؤ گئے", [], [(1, 2, "LOC")]),
        # Same bounds, other type: the curated type wins.
        ("وائٹ ہاؤس نے کہا", [(0, 2, "LOC")], [(0, 2, "ORG")]),
        # A curated person name replaces a shorter person span inside it.
        ("کم جونگ اُن نے کہا", [(0, 2, "PER")], [(0, 3, "PER")]),
        # The tagger's longer span is kept whole; so is an organisation that holds a place.
        ("رجسٹری انڈیا نے", [(0, 2, "ORG")], [(0, 2, "ORG")]),
        # Part of a longer English-style title, or of "supply chain": not added.
        ("رجسٹری آف انڈیا نے", [], []),
        ("سپلائی چین میں", [], []),
        ("چین نے کہا", [], [(0, 1, "LOC")]),
    ],
)
def test_curated_names_and_tagger_spans(
    text: str, tagger: list[tuple[int, int, str]], expected: list[tuple[int, int, str]]
) -> None:
    assert curated(text, tagger) == expected


def test_numbers_do_not_overlap_names_and_evening_is_not_syria() -> None:
    keys = token_keys("آج شام 5 بجے 10 ہزار لوگ")
    got = sorted(add_numbers(keys, {1: (1, 2, "LOC")}).values())
    assert (1, 2, "LOC") not in got
    assert (2, 4, "TIME") in got
    assert (4, 6, "NUMBER") in got


@pytest.mark.parametrize("seed", range(4))
def test_viterbi_with_biases_finds_the_best_sequence(seed: int, tmp_path: Path) -> None:
    rng = np.random.default_rng(seed)
    labels = ("B-LOC", "B-ORG", "I-ORG", "O")
    crf = LinearCRF(labels, {"a": 0}, rng.normal(size=(1, 4)), rng.normal(size=(4, 4)) * 2)
    crf = crf.with_bias(float(rng.normal()), {"ORG": float(rng.normal())})
    crf.save(tmp_path / "m.npz")
    again = LinearCRF.load(tmp_path / "m.npz")
    assert again.label_bias is not None and crf.label_bias is not None
    assert np.allclose(again.label_bias, crf.label_bias)
    assert again.outside_bias == pytest.approx(crf.outside_bias)
    bias = crf.label_bias + np.array([0, 0, 0, crf.outside_bias])
    emissions = [rng.normal(size=(n, 4)) for n in (5, 1, 0, 2, 6)]

    def score(e: np.ndarray, ys: tuple[int, ...]) -> float:
        total = sum(float(e[i, y] + bias[y]) for i, y in enumerate(ys))
        return total + sum(float(crf.transitions[a, b]) for a, b in itertools.pairwise(ys))

    for e, got in zip(emissions, again.decode(emissions), strict=True):
        if not len(e):
            assert got == []
            continue
        best = max(itertools.product(range(4), repeat=len(e)), key=lambda ys: score(e, ys))
        assert got == [labels[y] for y in best]


def test_sentences_tagged_together_or_alone_agree() -> None:
    tagger = load_tagger()
    texts = [
        "وزیراعظم شہباز شریف نے لاہور میں کہا",
        "اقوام متحدہ",
        "امریکی صدر ڈونلڈ ٹرمپ اور روسی صدر ولادیمیر پوتن کی ملاقات الاسکا میں ہوئی",
        "",
    ]
    keyed = [list(token_keys(t)) for t in texts]
    together = tagger.tag_many(keyed)
    alone = [tagger.tag_many([k])[0] for k in keyed]
    assert together == alone
    # A tagger that scored no words ahead of use tags the same.
    cold = EntityTagger(tagger.crf, tagger.gazetteer, tagger.featurizer.lexicon)
    assert cold.tag_many(keyed) == together
    assert any(tag != "O" for tag in together[2])
