"""Verification markers, the sample page, and the verification summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from akhbar.analyze.claims import ClaimStage, find_markers, outlet, verification
from akhbar.analyze.quotes import QuoteStage
from akhbar.analyze.read import read_item
from akhbar.model import Article, Item

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "analyze" / "sample-article.txt"


def _analyze(text: str, title: str = "", source_type: str = "other") -> Article:
    item = Item(source="t", uid="1", title=title, text=text, source_type=source_type)  # type: ignore[arg-type]
    return ClaimStage()(QuoteStage()(read_item(item)))


def _marked(art: Article, kind: str) -> list[tuple[str, str | None]]:
    return [(art.text[m.start : m.end], m.by) for m in art.markers if m.kind == kind]


@pytest.fixture(scope="module")
def sample() -> Article:
    return _analyze(SAMPLE.read_text(encoding="utf-8"))


def test_sample_kcna_attributed_statements(sample: Article) -> None:
    kcna = _marked(sample, "state_media")
    assert any(by == "KCNA" and "بیلوسوف کا دورہ" in text for text, by in kcna)
    assert any(by == "KCNA" and "اپنے دفاع کا حق" in text for text, by in kcna)
    attributed = _marked(sample, "attributed")
    assert any(
        by == "شمالی کوریا کی سرکاری خبر رساں ایجنسی" and "بیلوسوف کا دورہ" in text
        for text, by in attributed
    )


def test_sample_troops_claim_is_the_wests_and_unconfirmed(sample: Article) -> None:
    attributed = _marked(sample, "attributed")
    troops = [text for text, by in attributed if by == "مغرب"]
    assert troops and "10 ہزار فوجی" in troops[0]
    unconfirmed = _marked(sample, "unconfirmed")
    assert any("10 ہزار فوجی" in text and by == "ماسکو اور پیانگ یانگ" for text, by in unconfirmed)
    assert any(
        m.kind == "estimated" and "تقریبا" in sample.text[m.start : m.end] for m in sample.markers
    )


def test_sample_social_media_source(sample: Article) -> None:
    social = _marked(sample, "social_source")
    assert social == [("Source: social media", "social media")]
    summary = verification(sample)
    assert summary.social_source
    assert "KCNA" in summary.state_media
    assert summary.attributed and summary.unattributed and summary.unconfirmed
    assert "source: social media" in summary.line()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("ایران میں اسرائیل کے لیے مبینہ یورپی جاسوس گرفتار۔", "alleged"),
        ("حکام نے ہلاکتوں کی تصدیق نہیں کی۔", "unconfirmed"),
        ("یہ غیر مصدقہ اطلاعات ہیں۔", "unconfirmed"),
        ("وزارت خارجہ نے ان خبروں کی تردید کی ہے۔", "denied"),
        ("حادثے میں تقریباً 50 افراد ہلاک ہوئے۔", "estimated"),
        ("اندازے کے مطابق ایک لاکھ لوگ متاثر ہوئے۔", "estimated"),
        ("ذرائع کے مطابق اجلاس کل ہوگا۔", "unnamed_source"),
        ("یہ بات سرکاری میڈیا نے بتائی۔", "state_media"),
        ("ایران کی سرکاری خبر رساں ایجنسی ارنا نے بتایا کہ مذاکرات جاری ہیں۔", "state_media"),
        ("سرکاری ٹی وی کے مطابق صدر نے استعفیٰ دے دیا۔", "state_media"),
    ],
)
def test_lexical_markers(text: str, kind: str) -> None:
    art = _analyze(text)
    assert kind in {m.kind for m in art.markers}


def test_plain_sentence_has_no_doubt_markers() -> None:
    art = _analyze("پاکستان نے میچ جیت لیا۔")
    assert not art.markers
    assert verification(art).unattributed == art.sentences


def test_social_item_is_flagged_whole() -> None:
    art = _analyze("سڑک پر حادثہ ہوا۔", source_type="social")
    assert [m.kind for m in art.markers] == ["social_source"]
    assert verification(art).social_source


@pytest.mark.parametrize(
    ("phrase", "name"),
    [
        ("شمالی کوریا کی سرکاری خبر رساں ایجنسی", "KCNA"),
        ("شمالی کوریا کی خبر رساں ایجنسی", "KCNA"),
        ("سرکاری میڈیا", "state media"),
        ("اے پی پی", "APP"),
        ("وزیر خارجہ", None),
    ],
)
def test_outlet_names(phrase: str, name: str | None) -> None:
    assert outlet(phrase) == name


def test_markers_are_sorted_and_inside_the_text() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    art = read_item(Item(source="t", uid="1", text=text))
    markers = find_markers(art.text, art.sentences, (), "social")
    assert list(markers) == sorted(markers, key=lambda m: (m.start, m.end, m.kind, m.by or ""))
    assert all(0 <= m.start <= m.end <= len(art.text) for m in markers)
