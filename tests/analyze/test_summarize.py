"""Extractive summaries: captions cut, spans valid, stories without repeats."""

from __future__ import annotations

import dataclasses

import pytest

from akhbar.analyze.pipeline import load_resources
from akhbar.analyze.read import read_item
from akhbar.analyze.summarize import (
    SummaryOptions,
    SummaryStage,
    caption_cut,
    story_summary,
    summarize,
)
from akhbar.model import Item, Span

BODY = (
    "روسی وزیر دفاع آندرے بیلوسوف نے شمالی کوریا کے سربراہ کم یونگ اُن سے ملاقات کی۔ "
    "ملاقات میں دونوں ملکوں کے بیچ فوجی تعاون بڑھانے پر اتفاق رائے ہوا۔ "
    "یہ بات سرکاری میڈیا نے آج ہفتے کے روز بتائی۔ "
    "فروری 2022 میں یوکرین پر ماسکو کے حملے کے بعد سے روس اور شمالی کوریا نے "
    "اپنے فوجی تعلقات میں اضافہ کیا ہے۔ "
    "شمالی کوریا اور روس کو اقوام متحدہ کی جانب سے پابندیوں کا سامنا ہے۔"
)


@pytest.fixture(scope="module")
def opts() -> SummaryOptions:
    return load_resources().summary


@pytest.mark.parametrize(
    ("text", "starts_with"),
    [
        (
            "سرکاری عمارتوں پر قبضے کا واقعہ اس وقت پیش آیا ہے جب تصادم ہوا "
            "حکام کے مطابق کرائمیا کے دارالحکومت میں مسلح افراد نے عمارتوں پر قبضہ کر لیا ہے۔",
            "حکام کے مطابق",
        ),
        (
            "عالمی ادارۂ صحت ایبولا کو محدود رکھنے کے لیے کوشاں ہے "
            "ادارے کے اہلکار کا کہنا ہے کہ کینیا پروازوں کا ایک اہم مرکز ہے۔",
            "ادارے کے اہلکار",
        ),
    ],
)
def test_glued_caption_is_cut(text: str, starts_with: str) -> None:
    cut = caption_cut(text, Span(0, len(text)))
    assert text[cut.start :].startswith(starts_with)


@pytest.mark.parametrize(
    "text",
    [
        "وزیراعظم نے تقریب سے خطاب کرتے ہوئے کہا کہ ملک ترقی کرے گا اور عوام خوشحال ہوں گے۔",
        "پاکستان نے بھارت کو میچ میں شکست دے دی اور سیریز جیت لی۔",
    ],
)
def test_plain_sentence_is_not_cut(text: str) -> None:
    assert caption_cut(text, Span(0, len(text))) == Span(0, len(text))


def test_article_summary_spans_are_body_sentences(opts: SummaryOptions) -> None:
    art = SummaryStage(opts)(read_item(Item(source="t", uid="1", title="ملاقات", text=BODY)))
    assert 1 <= len(art.summary) <= opts.k
    assert all(s in art.sentences for s in art.summary)
    assert all(s.start > art.title_end for s in art.summary)
    assert list(art.summary) == sorted(art.summary, key=lambda s: s.start)


def test_one_sentence_summary_prefers_a_central_sentence(opts: SummaryOptions) -> None:
    art = read_item(Item(source="t", uid="1", text=BODY))
    one = summarize(art.text, art.sentences, 0, dataclasses.replace(opts, k=1))
    assert len(one) == 1
    assert "بتائی" not in art.text[one[0].start : one[0].end]


def test_story_summary_does_not_repeat_a_shared_sentence(opts: SummaryOptions) -> None:
    shared = "ملاقات میں دونوں ملکوں کے بیچ فوجی تعاون بڑھانے پر اتفاق رائے ہوا۔"
    arts = [
        read_item(Item(source="a", uid="1", title="ملاقات", text=BODY)),
        read_item(
            Item(
                source="b",
                uid="2",
                title="دورہ",
                text=shared
                + " بیلوسوف آج واپس ماسکو روانہ ہو گئے اور انہوں نے دورے کو کامیاب قرار دیا۔",
            )
        ),
        read_item(
            Item(
                source="c",
                uid="3",
                title="تعاون",
                text=shared
                + " امریکا نے اس تعاون پر تشویش ظاہر کی ہے اور پابندیوں کی دھمکی دی ہے۔",
            )
        ),
    ]
    picked = story_summary(arts, dataclasses.replace(opts, k=4))
    texts = [arts[i].text[s.start : s.end] for i, s in picked]
    assert len(texts) == len(set(texts))
    assert sum(t.startswith("ملاقات میں دونوں") for t in texts) <= 1
    assert len({i for i, _ in picked}) >= 2


def test_empty_text_has_no_summary(opts: SummaryOptions) -> None:
    assert summarize("", [], 0, opts) == ()
