"""Language and script identification."""

from __future__ import annotations

from pathlib import Path

import pytest

from akhbar.text import script


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("روسی وزیر دفاع نے شمالی کوریا کے سربراہ سے ملاقات کی۔", "ur"),
        ("سی آئی اے کے تجزیہ کار کو 37 ماہ قید کی سزا", "ur"),
        ("ٹرمپ اب بھی ایران سے مذاکرات میں دلچسپی رکھتے ہیں", "ur"),
        ("پاکستان میں آج بارش ہوئی", "ur"),
        ("وزير اعظم نے كها كه حكومت مهنگائي كم كرے گي", "ur"),
        ("يه بهت اچها هے", "ur"),
        ("این کتاب را دیروز از کتابخانه گرفتم و خیلی خوب است", "fa"),
        ("قال الرئيس إن الحكومة ستعمل على خفض الأسعار في الأشهر المقبلة", "ar"),
        ("زه پښتو وایم او په کابل کې اوسېږم", "ps"),
        ("هي ٻولي سنڌ جي ماڻهن جي ٻولي آهي ۽ ڪراچي ۾ ڳالهائي ويندي آهي", "sd"),
        ("ئۇيغۇر تىلى جۇڭگونىڭ شىنجاڭ رايونىدا قوللىنىلىدۇ", "ug"),
        ("ئەم زمانە لە عێراق و ئێران قسەی پێدەکرێت", "ckb"),
        ("The prime minister said on Monday that prices would fall.", "en"),
        ("प्रधानमंत्री ने सोमवार को कहा कि कीमतें कम होंगी", "hi"),
        ("aap kaise hain? main theek hoon, shukriya", "ur-Latn"),
        ("imran khan ne kaha ke hukumat kuch nahi kar rahi", "ur-Latn"),
        ("اوہ کہندا سی کہ میں کل لہور جاواں گا، اوہدے نال گل کرنی اے تے اوہنوں دسنا اے", "pa"),
    ],
)
def test_identify(text: str, code: str) -> None:
    guess = script.identify(text)
    assert guess.code == code
    assert 0.0 < guess.confidence <= 1.0


@pytest.mark.parametrize("text", ["", "   ", "!!!", "12345", "😀😀"])
def test_nothing_to_identify(text: str) -> None:
    guess = script.identify(text)
    assert guess.code in ("und", *script.CODES) or len(guess.code) <= 8
    assert guess.confidence <= 0.5


def test_confidence_grows_with_evidence() -> None:
    short = script.identify("پاکستان")
    long = script.identify("پاکستان میں آج بارش ہوئی اور موسم خوشگوار ہو گیا ہے۔")
    assert long.code == "ur"
    assert long.confidence >= short.confidence


def test_identify_lines() -> None:
    text = "پاکستان میں آج بارش ہوئی\nThe match was cancelled.\n\n  kya haal hai yaar  "
    lines = script.identify_lines(text)
    assert [g.guess.code for g in lines] == ["ur", "en", "ur-Latn"]
    assert [text[g.start : g.end] for g in lines] == [
        "پاکستان میں آج بارش ہوئی",
        "The match was cancelled.",
        "kya haal hai yaar",
    ]


def test_model_is_shipped_as_plain_arrays() -> None:
    model = script.load_model()
    assert model is not None
    assert "ur" in model.labels and "ks" in model.labels
    assert model.logp.shape == (len(model.index), len(model.labels))


def test_roman_urdu_against_english() -> None:
    path = Path(__file__).with_name("roman_urdu.tsv")
    rows = [
        line.split("\t")
        for line in path.read_text("utf-8").splitlines()
        if line and not line.startswith(("#", "label\t"))
    ]
    assert len(rows) >= 30
    right = sum(script.identify(text).code == label for label, text in rows)
    assert right / len(rows) >= 0.9, [t for lab, t in rows if script.identify(t).code != lab]
