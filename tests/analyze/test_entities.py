"""The entities stage on real Urdu news text: spans, labels, IDs, bad input."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.analyze.crf import CharNgrams, LinearCRF, char_ngrams
from akhbar.analyze.entities import (
    EntityStage,
    bio_spans,
    link_mentions,
    load_entity_stage,
    load_tagger,
)
from akhbar.analyze.gazetteer import Gazetteer, load_gazetteer, parse_tsv, token_keys
from akhbar.analyze.read import read_item
from akhbar.analyze.stage import Pipeline, Stage
from akhbar.model import Article, Entity, Item, Span
from akhbar.text import segment

# Sentences from the sample news page (../shared/data/samples/urdu-news-page.txt).
ARTICLE = (
    "روسی وزیر دفاع آندرے بیلوسوف نے شمالی کوریا کے سربراہ کم یونگ اُن سے ملاقات کی۔ "
    "ملاقات میں دونوں ملکوں کے بیچ فوجی تعاون بڑھانے پر اتفاق رائے ہوا۔ "
    "شمالی کوریا کی سرکاری خبر رساں ایجنسی کے مطابق بیلوسوف کا دورہ اہم کردار ادا کرے گا۔ "
    "ماسکو اور پیانگ یانگ دونوں ہی اسے مشرق میں نیٹو اتحاد کی پیش قدمی قرار دے چکے ہیں۔ "
    "شمالی کوریا اور روس کو اقوام متحدہ کی جانب سے پابندیوں کا سامنا ہے۔"
)
HEADLINES = [
    "ٹرمپ اب بھی ایران سے مذاکرات میں دلچسپی رکھتے ہیں، وائٹ ہاؤس",
    "ایران کی فوردو تک رسائی نہیں ہونے دیں گے : اسرائیلی فوج",
    "ایران کے پاس اب بھی 9ہزار کلو افزودہ یورینیم موجود ہے، سربراہ آئی اے ای اے",
    "اسرائیلی وزیر بن گوئر کا مسجد اقصیٰ کے صحن پر دھاوا",
    "سی آئی اے کے تجزیہ کار کو 37 ماہ قید کی سزا",
    "واشنگٹن اور بیجنگ کے درمیان تجارتی معاہدہ طے پا گیا",
]


def analyze(text: str, title: str = "") -> Article:
    return load_entity_stage()(read_item(Item(source="test", uid="1", title=title, text=text)))


def spans(article: Article) -> dict[str, Entity]:
    return {article.text[e.start : e.end]: e for e in article.entities}


def test_stage_contract() -> None:
    stage = load_entity_stage()
    assert isinstance(stage, Stage)
    assert stage.name == "entities"
    assert stage.requires == {"text", "tokens"}
    assert stage.assigns == {"entities"}
    assert Pipeline([stage]).names == ("entities",)
    assert load_tagger() is load_tagger()


@pytest.mark.parametrize(
    ("surface", "label", "ident", "english"),
    [
        ("آندرے بیلوسوف", "PERSON", "person:andrei-belousov", "Andrei Belousov"),
        ("شمالی کوریا", "LOCATION", "country:KP", "North Korea"),
        ("کم یونگ اُن", "PERSON", "person:kim-jong-un", "Kim Jong Un"),
        ("بیلوسوف", "PERSON", "person:andrei-belousov", "Andrei Belousov"),
        ("ماسکو", "LOCATION", "city:moscow", "Moscow"),
        ("پیانگ یانگ", "LOCATION", "city:pyongyang", "Pyongyang"),
        ("نیٹو اتحاد", "ORGANIZATION", "org:nato", "NATO"),
        ("روس", "LOCATION", "country:RU", "Russia"),
        ("اقوام متحدہ", "ORGANIZATION", "org:un", "United Nations"),
    ],
)
def test_article_entities(surface: str, label: str, ident: str, english: str) -> None:
    article = analyze(ARTICLE)
    found = spans(article)
    assert surface in found, sorted(found)
    ent = found[surface]
    assert (ent.label, ent.id, ent.english) == (label, ident, english)
    assert ent.start == article.text.index(surface) or article.text.count(surface) > 1


def test_article_offsets_are_token_aligned() -> None:
    article = analyze(ARTICLE, title="روس اور شمالی کوریا")
    starts = {t.start for t in article.tokens}
    ends = {t.end for t in article.tokens}
    assert article.entities
    previous_end = 0
    for ent in article.entities:
        assert 0 <= ent.start < ent.end <= len(article.text)
        assert ent.start in starts and ent.end in ends
        assert ent.start >= previous_end, "entities are sorted and do not overlap"
        previous_end = ent.end
    # The title's entity points into the title.
    assert any(e.end <= article.title_end for e in article.entities)


@pytest.mark.parametrize(
    ("headline", "surface", "label", "ident"),
    [
        (HEADLINES[0], "ایران", "LOCATION", "country:IR"),
        (HEADLINES[0], "وائٹ ہاؤس", "ORGANIZATION", "org:white-house"),
        (HEADLINES[1], "فوردو", "LOCATION", "city:fordow"),
        (HEADLINES[2], "آئی اے ای اے", "ORGANIZATION", "org:iaea"),
        (HEADLINES[3], "بن گوئر", "PERSON", "person:itamar-ben-gvir"),
        (HEADLINES[4], "سی آئی اے", "ORGANIZATION", "org:cia"),
        (HEADLINES[5], "واشنگٹن", "LOCATION", "city:washington"),
        (HEADLINES[5], "بیجنگ", "LOCATION", "city:beijing"),
    ],
)
def test_headline_entities(headline: str, surface: str, label: str, ident: str) -> None:
    found = spans(analyze("", title=headline))
    assert surface in found, sorted(found)
    assert (found[surface].label, found[surface].id) == (label, ident)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("کم جونگ ان", "کم یونگ اُن"),
        ("امریکا", "امریکہ"),
        ("اقوام متحدہ", "اقوامِ متحدہ"),
        ("بن گوئر", "ایتمار بن گویر"),
        ("پوتن", "ولادیمیر پیوٹن"),
        ("بھارت", "ہندوستان"),
    ],
)
def test_spelling_variants_share_an_id(a: str, b: str) -> None:
    gaz = load_gazetteer()
    ea, eb = gaz.lookup(a), gaz.lookup(b)
    assert ea is not None and eb is not None
    assert ea.id == eb.id


def test_variants_in_running_text_link_to_one_id() -> None:
    article = analyze(
        "کم جونگ ان نے کہا کہ امریکا سے بات نہیں ہوگی۔ کم یونگ اُن پیانگ یانگ میں تھے۔"
    )
    kims = [e for e in article.entities if e.id == "person:kim-jong-un"]
    assert len(kims) == 2
    assert {article.text[e.start : e.end] for e in kims} == {"کم جونگ ان", "کم یونگ اُن"}


def test_short_mention_inherits_the_full_mentions_id() -> None:
    text = "آندرے بیلوسوف آئے۔ آندرے نے کہا۔"
    first = Entity(0, 13, "PERSON", "person:andrei-belousov", "Andrei Belousov")
    short = Entity(19, 24, "PERSON")
    assert text[short.start : short.end] == "آندرے"
    linked = link_mentions(text, [first, short], None)
    assert linked[1].id == "person:andrei-belousov"
    other = Entity(19, 24, "LOCATION")
    assert link_mentions(text, [first, other], None)[1].id is None


def test_ambiguous_words_are_not_places() -> None:
    # مالی (financial), چلی (went), شام (evening) are also country names.
    found = spans(analyze("حکومت نے مالی امداد دی اور آج شام بات چلی۔ ملاقات شام 5 بجے ہوگی۔"))
    assert not {"مالی", "چلی", "شام"} & set(found)
    syria = spans(analyze("امریکا نے شام میں فضائی حملے کیے۔"))
    assert syria["شام"].id == "country:SY"


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (["B-PER", "I-PER", "O", "B-LOC"], [(0, 2, "PER"), (3, 4, "LOC")]),
        (["I-ORG", "I-ORG", "B-ORG"], [(0, 2, "ORG"), (2, 3, "ORG")]),
        (["B-PER", "I-LOC"], [(0, 1, "PER"), (1, 2, "LOC")]),
        ([], []),
    ],
)
def test_bio_spans(tags: list[str], expected: list[tuple[int, int, str]]) -> None:
    assert bio_spans(tags) == expected


def test_gazetteer_longest_match_and_bad_rows() -> None:
    gaz = Gazetteer(
        parse_tsv(
            "x:a\tLOCATION\tKorea\tکوریا\nx:b\tLOCATION\tNorth Korea\tشمالی کوریا\n"
            "x:c\tPERSON\tAmbiguous\tشام\tweak\n"
        )
    )
    ms = list(gaz.matches(token_keys("شمالی کوریا اور کوریا شام")))
    assert [(m.start, m.end, m.entry.id, m.strong) for m in ms] == [
        (0, 2, "x:b", True),
        (3, 4, "x:a", True),
        (4, 5, "x:c", False),
    ]
    from akhbar.errors import ModelError

    with pytest.raises(ModelError):
        parse_tsv("only\ttwo")
    with pytest.raises(ModelError):
        parse_tsv("x\tTHING\tX\tایکس")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "پاکستان",
        "۔",
        "ایران و آمریکا در مورد برنامه هسته‌ای ایران گفتگو کردند.",
        "The IAEA said Iran had enriched uranium at Fordow.",
        "\u200c\u200f\n\n  ",
        "کراچی " * 3000,
    ],
)
def test_bad_input_never_raises(text: str) -> None:
    article = analyze(text)
    for ent in article.entities:
        assert 0 <= ent.start < ent.end <= len(article.text)


def test_five_megabytes_is_capped_with_a_note() -> None:
    text = ("لاہور میں بارش ہوئی۔ " * 250_000)[: 5 * 1024 * 1024]
    # Built directly (reading 5 MB is the text layer's cost, tested there).
    article = load_entity_stage()(
        Article(
            item=Item(source="t", uid="1"),
            text=text,
            tokens=tuple(Span(s, e) for s, e in segment.tokens(text)),
            sentences=tuple(Span(s, e) for s, e in segment.sentences(text)),
        )
    )
    assert article.entities
    assert any(n.startswith("entities:") for n in article.notes)


def test_stage_uses_the_tokens_it_is_given() -> None:
    article = read_item(Item(source="t", uid="1", text="عمران خان لاہور پہنچ گئے"))
    stage = EntityStage(load_tagger())
    assert stage(dataclasses.replace(article, tokens=())).entities == ()


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="ابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنوہھءیے۔،؟ \n0123456789ًٌٍَُِّ", max_size=200))
def test_random_urdu_never_raises(text: str) -> None:
    article = analyze(text)
    for ent in article.entities:
        assert 0 <= ent.start < ent.end <= len(article.text)
        assert article.text[ent.start : ent.end].strip()


@pytest.mark.parametrize(
    ("text", "surface", "label"),
    [
        ("فروری 2022 میں یوکرین پر ماسکو کے حملے کے بعد", "فروری 2022", "DATE"),
        ("شمالی کوریا کے تقریبا 10 ہزار فوجی روس بھیجے گئے", "10 ہزار", "NUMBER"),
        ("سی آئی اے کے تجزیہ کار کو 37 ماہ قید کی سزا", "37", "NUMBER"),
        ("اجلاس یکم جون کو ہوگا", "یکم جون", "DATE"),
        ("ملاقات شام 5 بجے ہوگی", "5 بجے", "TIME"),
    ],
)
def test_dates_times_numbers(text: str, surface: str, label: str) -> None:
    article = analyze(text)
    found = spans(article)
    assert surface in found, sorted(found)
    assert found[surface].label == label
    assert found[surface].start == article.text.index(surface)


@pytest.mark.parametrize("seed", range(5))
def test_batched_viterbi_finds_the_best_sequence(seed: int, tmp_path: Path) -> None:
    rng = np.random.default_rng(seed)
    labels = ("B-PER", "I-PER", "O")
    crf = LinearCRF(labels, {"a": 0}, rng.normal(size=(1, 3)), rng.normal(size=(3, 3)))
    crf.save(tmp_path / "m.npz")
    crf = LinearCRF.load(tmp_path / "m.npz")
    emissions = [rng.normal(size=(n, 3)) for n in (4, 1, 0, 3)]

    def score(e: np.ndarray, ys: tuple[int, ...]) -> float:
        total = sum(float(e[i, y]) for i, y in enumerate(ys))
        return total + sum(float(crf.transitions[a, b]) for a, b in itertools.pairwise(ys))

    for e, got in zip(emissions, crf.decode(emissions), strict=True):
        if not len(e):
            assert got == []
            continue
        best = max(itertools.product(range(3), repeat=len(e)), key=lambda ys: score(e, ys))
        assert got == [labels[y] for y in best]


def test_character_model_round_trip(tmp_path: Path) -> None:
    grams = {g: i for i, g in enumerate(char_ngrams("وف"))}
    weights = np.stack([np.zeros(len(grams)), np.ones(len(grams))], axis=1)
    model = CharNgrams(("O", "PER"), grams, weights, np.zeros(2))
    assert model.proba("بیلوسوف")[1] > model.proba("کتاب")[1]
    model.save(tmp_path / "c.npz")
    again = CharNgrams.load(tmp_path / "c.npz")
    assert again.index == model.index
    assert np.allclose(again.proba("بیلوسوف"), model.proba("بیلوسوف"))
    (tmp_path / "bad.npz").write_bytes(b"not a zip")
    from akhbar.errors import ModelError

    with pytest.raises(ModelError):
        CharNgrams.load(tmp_path / "bad.npz")
    with pytest.raises(ModelError):
        LinearCRF.load(tmp_path / "bad.npz")
