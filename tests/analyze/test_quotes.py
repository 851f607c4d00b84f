"""Who said what: headline forms, body cues, pronouns, direct quotes and the gold set."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from akhbar.analyze.pipeline import load_resources
from akhbar.analyze.quotes import QuoteStage, find_quotes
from akhbar.analyze.read import read_item
from akhbar.model import Article, Entity, Item


def _gold_module():  # type: ignore[no-untyped-def]
    path = Path(__file__).with_name("quote_gold.py")
    spec = importlib.util.spec_from_file_location("akhbar_tests_quote_gold", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


qg = _gold_module()


def _stage() -> QuoteStage:
    return QuoteStage(load_resources().quotes)


def _quotes(title: str = "", text: str = "") -> tuple[Article, list[tuple[str | None, str]]]:
    art = _stage()(read_item(Item(source="t", uid="1", title=title, text=text)))
    pairs = [
        (
            art.text[q.speaker.start : q.speaker.end] if q.speaker else None,
            art.text[q.content.start : q.content.end],
        )
        for q in art.quotes
    ]
    return art, pairs


@pytest.mark.parametrize(
    ("title", "speaker", "content"),
    [
        (
            "ٹرمپ اب بھی ایران سے مذاکرات میں دلچسپی رکھتے ہیں، وائٹ ہاؤس",
            "وائٹ ہاؤس",
            "ٹرمپ اب بھی ایران سے مذاکرات میں دلچسپی رکھتے ہیں",
        ),
        (
            "ایران کی فوردو تک رسائی نہیں ہونے دیں گے : اسرائیلی فوج",
            "اسرائیلی فوج",
            "ایران کی فوردو تک رسائی نہیں ہونے دیں گے",
        ),
        (
            "اسرائیلی فوج: ایران کی فوردو تک رسائی نہیں ہونے دیں گے",
            "اسرائیلی فوج",
            "ایران کی فوردو تک رسائی نہیں ہونے دیں گے",
        ),
        (
            "ایران کے پاس اب بھی 9ہزار کلو افزودہ یورینیم موجود ہے، سربراہ آئی اے ای اے",
            "سربراہ آئی اے ای اے",
            "ایران کے پاس اب بھی 9ہزار کلو افزودہ یورینیم موجود ہے",
        ),
        (
            "ایران کا امریکی اڈوں کو نشانہ بنانا تباہ کن غلطی ہوگی، برطانیہ",
            "برطانیہ",
            "ایران کا امریکی اڈوں کو نشانہ بنانا تباہ کن غلطی ہوگی",
        ),
        (
            "شادی ضرور کروں گی مگر کب یہ نہیں جانتی، سشمیتا سین",
            "سشمیتا سین",
            "شادی ضرور کروں گی مگر کب یہ نہیں جانتی",
        ),
    ],
)
def test_headline_attribution(title: str, speaker: str, content: str) -> None:
    _, pairs = _quotes(title)
    assert (speaker, content) in pairs


@pytest.mark.parametrize(
    "title",
    [
        "ایران کا ممکنہ ردعمل ایک یا دو روز میں متوقع، امریکہ کی سفارتی کوششیں جاری",
        "ایرانی ردعمل کا خدشہ، آبنائے ہرمز سے گزرنے والے 3 آئل ٹینکرز نے راستہ تبدیل کرلیا",
        "خلیجی ملک نے فضائی حدود کو بند کر دیا",
        "شام کے شہر دمشق میں 2 دھماکوں میں 40 افراد ہلاک، 100 سے زائد زخمی",
        "ایران",
    ],
)
def test_headline_without_attribution(title: str) -> None:
    _, pairs = _quotes(title)
    assert pairs == []


@pytest.mark.parametrize(
    ("body", "speaker", "content"),
    [
        ("وزیر خارجہ نے کہا ہے کہ مذاکرات جاری رہیں گے۔", "وزیر خارجہ", "مذاکرات جاری رہیں گے"),
        (
            "اس موقع پر وزیراعظم نے صحافیوں سے گفتگو کرتے ہوئے کہا کہ ملک ترقی کرے گا۔",
            "وزیراعظم",
            "ملک ترقی کرے گا",
        ),
        (
            "ترجمان کا کہنا تھا کہ حملے میں کوئی ہلاک نہیں ہوا۔",
            "ترجمان",
            "حملے میں کوئی ہلاک نہیں ہوا",
        ),
        (
            "مقامی لوگوں کا کہنا ہے کہ فائرنگ رات بھر جاری رہی۔",
            "مقامی لوگوں",
            "فائرنگ رات بھر جاری رہی",
        ),
        ("پولیس کے مطابق دھماکے میں دو افراد زخمی ہوئے۔", "پولیس", "دھماکے میں دو افراد زخمی ہوئے"),
        ("بقول وزیر داخلہ، تحقیقات مکمل ہو چکی ہیں۔", "وزیر داخلہ", "تحقیقات مکمل ہو چکی ہیں"),
        ("افسر نے بتایا کہ سڑک بند ہے۔", "افسر", "سڑک بند ہے"),
        ("طالبان کے ترجمان نے حکومتی دعوے کی تردید کی ہے۔", "طالبان کے ترجمان", "حکومتی دعوے"),
        (
            "اپوزیشن نے الزام عائد کیا کہ انتخابات میں دھاندلی ہوئی۔",
            "اپوزیشن",
            "انتخابات میں دھاندلی ہوئی",
        ),
        ("مغرب یہ سمجھتا ہے کہ فوجی روس بھیجے گئے۔", "مغرب", "فوجی روس بھیجے گئے"),
    ],
)
def test_body_cue(body: str, speaker: str, content: str) -> None:
    _, pairs = _quotes(text=body)
    assert (speaker, content) in pairs


def test_pronoun_is_resolved_to_the_last_named_speaker() -> None:
    body = (
        "وزیر خزانہ اسحاق ڈار نے کہا ہے کہ بجٹ جون میں پیش ہوگا۔ "
        "انہوں نے کہا کہ ٹیکس نہیں بڑھیں گے۔ ان کے مطابق معیشت مستحکم ہے۔"
    )
    _, pairs = _quotes(text=body)
    assert [p[0] for p in pairs] == ["وزیر خزانہ اسحاق ڈار"] * 3
    assert pairs[2][1] == "معیشت مستحکم ہے"


def test_this_was_said_by_points_back_to_the_previous_sentence() -> None:
    body = "ملاقات میں تعاون بڑھانے پر اتفاق ہوا۔ یہ بات سرکاری میڈیا نے آج بتائی۔"
    _, pairs = _quotes(text=body)
    assert pairs == [("سرکاری میڈیا", "ملاقات میں تعاون بڑھانے پر اتفاق ہوا")]


@pytest.mark.parametrize(
    ("body", "content"),
    [
        ("کھلاڑی نے کہا: “ہم یہ میچ ضرور جیتیں گے اور ٹرافی لائیں گے”۔", None),
        (
            "جلسے میں نعرہ لگا «ہم اپنا حق لے کر رہیں گے سب مل کر»۔",
            "ہم اپنا حق لے کر رہیں گے سب مل کر",
        ),
        ("’’شعر و فن کا سیاست سے گہرا تعلق ہوتا ہے‘‘", "شعر و فن کا سیاست سے گہرا تعلق ہوتا ہے"),
    ],
)
def test_direct_quotes(body: str, content: str | None) -> None:
    art, pairs = _quotes(text=body)
    assert art.quotes and any(q.direct for q in art.quotes)
    if content is not None:
        assert content in [c for _, c in pairs]


def test_scare_quotes_are_not_quotes() -> None:
    _, pairs = _quotes(text='دونوں ملک اسے "غیر ذمے دارانہ" اقدام سمجھتے ہیں۔')
    assert pairs == []


def test_speaker_is_linked_to_an_entity() -> None:
    text = "کم یونگ اُن کے مطابق مغربی طاقتوں کا فیصلہ مداخلت ہے۔"
    ent = Entity(0, 11, "PERSON", "person:kim-jong-un", "Kim Jong Un")
    quotes = find_quotes(text, 0, [read_item(Item("t", "1", text=text)).sentences[0]], [ent])
    assert quotes[0].speaker_id == "person:kim-jong-un"


def test_offsets_stay_inside_the_text() -> None:
    art, _ = _quotes(
        "پاکستان کے وزیراعظم نواز شریف ہیں ، امریکا",
        "واشنگٹن۔۔۔۔۔امریکا کا کہنا ہے نوازشریف پاکستان کے وزیراعظم ہیں۔"
        "انہوں نے کہاکہ مذاکرات ہونے چاہییں۔",
    )
    assert art.quotes
    for q in art.quotes:
        assert 0 <= q.content.start < q.content.end <= len(art.text)
        if q.speaker:
            assert 0 <= q.speaker.start < q.speaker.end <= len(art.text)


@pytest.mark.parametrize(
    ("name", "floor"), [("headlines", 0.85), ("bodies", 0.85), ("heldout", 0.8), ("heldout2", 0.7)]
)
def test_gold_overlap_f1_floor(name: str, floor: float) -> None:
    """The hand-annotated sets (tests/data/quotes): speaker and content overlap F1 floors."""
    stage = _stage()
    pairs = []
    for doc, art in qg.load(name, read_item):
        art = stage(art)
        pairs.append((doc, art.quotes, art.text))
    score = qg.score(pairs)
    assert score.f1(score.content) >= floor, score.line()
    assert score.f1(score.speaker) >= floor, score.line()
