"""Key phrases: multi-word, stop words out, entities preferred, per story."""

from __future__ import annotations

import pytest

from akhbar.analyze.keywords import (
    KeywordResources,
    KeywordStage,
    candidates,
    keywords,
    load_stopwords,
    story_keywords,
)
from akhbar.analyze.pipeline import load_resources
from akhbar.analyze.read import read_item
from akhbar.model import Entity, Item


@pytest.fixture(scope="module")
def res() -> KeywordResources:
    return load_resources().keywords


def test_stopwords_are_loaded() -> None:
    sw = load_stopwords()
    assert {"کے", "میں", "نے", "ہے", "کہ"} <= sw
    assert "پاکستان" not in sw


def test_candidates_are_runs_between_stop_words() -> None:
    text = "روسی وزیر دفاع نے شمالی کوریا کا دورہ کیا۔"
    keys = [p.key for p in candidates(text, load_stopwords())]
    assert "روسی وزیر دفاع" in keys
    assert "شمالی کوریا" in keys
    assert all(k.split()[0] not in load_stopwords() for k in keys)


def test_numbers_and_punctuation_break_phrases() -> None:
    keys = [p.key for p in candidates("فوجی 10 ہزار، کورسک بھیجے", load_stopwords())]
    assert "فوجی" in keys and "ہزار" in keys and "کورسک بھیجے" in keys


def test_article_keywords_are_multi_word_and_free_of_stop_words(res: KeywordResources) -> None:
    text = (
        "شمالی کوریا کے سربراہ نے روسی وزیر دفاع سے ملاقات کی۔ "
        "شمالی کوریا اور روس کے بیچ فوجی تعاون پر اتفاق ہوا۔ "
        "روسی وزیر دفاع نے شمالی کوریا کی حمایت کا شکریہ ادا کیا۔"
    )
    found = keywords(text, res, k=5)
    shown = [k.text for k in found]
    assert "شمالی کوریا" in shown
    assert any(len(k.split()) > 1 for k in shown)
    sw = load_stopwords()
    assert not any(w in sw for k in shown for w in k.split())
    assert [k.score for k in found] == sorted((k.score for k in found), reverse=True)


def test_entities_are_preferred(res: KeywordResources) -> None:
    text = "اجلاس میں بیلوسوف شریک ہوئے اور اجلاس میں معاہدہ ہوا۔"
    plain = [k.text for k in keywords(text, res, k=3)]
    start = text.index("بیلوسوف")
    ent = Entity(start, start + len("بیلوسوف"), "PERSON")
    with_entity = [k.text for k in keywords(text, res, [ent], k=3)]
    assert with_entity[0] == "بیلوسوف"
    assert "بیلوسوف" not in plain  # without the entity the run goes on ("بیلوسوف شریک")


def test_story_keywords_prefer_shared_phrases(res: KeywordResources) -> None:
    texts = [
        ("آبنائے ہرمز سے تیل بردار جہاز واپس", "آبنائے ہرمز میں کشیدگی کے باعث جہاز واپس مڑ گئے۔"),
        ("ایران کی دھمکی", "ایران نے آبنائے ہرمز بند کرنے کی دھمکی دی۔"),
        ("تیل مہنگا", "آبنائے ہرمز کی صورتحال سے تیل کی قیمت بڑھ گئی۔"),
    ]
    arts = [
        read_item(Item(source="t", uid=str(i), title=t, text=b)) for i, (t, b) in enumerate(texts)
    ]
    found = story_keywords(arts, res, k=3)
    assert found[0].text == "آبنائے ہرمز"


def test_stage_assigns_keywords(res: KeywordResources) -> None:
    art = KeywordStage(res)(read_item(Item(source="t", uid="1", title="", text="")))
    assert art.keywords == ()
    art = KeywordStage(res)(read_item(Item(source="t", uid="1", title="کراچی میں بارش")))
    assert art.keywords
