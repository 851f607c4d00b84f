"""Fingerprints: exact keys, MinHash LSH and copy grades on real Urdu text."""

from __future__ import annotations

import pytest

from akhbar.stories import fingerprint as fp
from akhbar.stories.features import exact_key, gram_hashes, key_words, shingles

AGENCY = (
    "ڈھاکہ ۔ یکم دسمبر (اے پی پی) بنگلہ دیش نے زمبابوے کو ٹیسٹ کے بعد ون ڈے سیریز میں بھی "
    "وائٹ واش کر دیا۔ سیریز کے پانچویں اور آخری ون ڈے میچ میں بنگال ٹائیگرز نے زمبابوے کو 5 "
    "وکٹوں سے شکست دے دی، مہمان ٹیم پہلے بیٹنگ کرتے ہوئے 128 رنز پر ڈھیر ہوگئی۔ تیج الاسلام نے "
    "کیریئر کے پہلے ون ڈے میچ میں ہیٹ ٹرک کرکے نئی تاریخ رقم کر دی، انہوں نے 4 کھلاڑیوں کو آؤٹ "
    "کیا۔ جواب میں بنگلہ دیش نے ہدف 24.3 اوورز میں 5 وکٹوں کے نقصان پر حاصل کر لیا۔ محمد اللہ نے "
    "51 رنز کی ناقابل شکست اننگز کھیلی۔"
)
#: The paper's version: one sentence lifted from the agency, the rest rewritten.
PAPER = (
    "میر پور (وقت نیوز) بنگلہ دیش نے پانچ میچوں کی سیریز کے آخری میچ میں بھی فتح حاصل کر کے "
    "زمبابوے کا صفایا کر دیا۔ سیریز کے پانچویں اور آخری ون ڈے میچ میں بنگال ٹائیگرز نے "
    "زمبابوے کو 5 وکٹوں سے شکست دے دی، مہمان ٹیم پہلے بیٹنگ کرتے ہوئے 128 رنز پر ڈھیر ہوگئی۔ "
    "نوجوان اسپنر تیج "
    "الاسلام اپنے پہلے ہی ایک روزہ میچ میں ہیٹ ٹرک کرنے والے دنیا کے پہلے بولر بن گئے۔ میزبان ٹیم "
    "نے مطلوبہ ہدف پچیسویں اوور میں پورا کر لیا جبکہ محمود اللہ نصف سنچری بنا کر نمایاں رہے۔"
)
OTHER = (
    "لاہور میں پنجاب حکومت نے صوبے بھر میں ڈینگی کے خلاف مہم شروع کرنے کا اعلان کیا ہے۔ محکمہ "
    "صحت کے حکام کے مطابق ہسپتالوں میں خصوصی وارڈ قائم کر دیے گئے ہیں اور شہریوں کو پانی جمع نہ "
    "ہونے دینے کی ہدایت کی گئی ہے۔ وزیر صحت نے کہا کہ مچھر مار اسپرے کا دائرہ بڑھایا جائے گا اور "
    "اسکولوں میں آگاہی مہم بھی چلائی جائے گی تاکہ بیماری کو پھیلنے سے روکا جا سکے۔"
)


def grams(text: str):  # type: ignore[no-untyped-def]
    return gram_hashes(key_words(text))


def test_exact_key_ignores_spacing_and_spelling_variants() -> None:
    a = " ".join(key_words("ایران کی فوردو تک رسائی نہیں ہونے دیں گے"))
    b = " ".join(key_words("ايران  کی فوردو تک رسائی نہیں   ہونے دیں گے"))  # Arabic yeh
    assert exact_key(a) == exact_key(b)
    assert exact_key(a) != exact_key(a + " آج")


@pytest.mark.parametrize(
    ("later", "earlier", "expected"),
    [
        (AGENCY, AGENCY, "wholly"),
        (PAPER, AGENCY, "partly"),
        (OTHER, AGENCY, None),
    ],
)
def test_copy_grades(later: str, earlier: str, expected: str | None) -> None:
    grade, prob = fp.grade_pair(fp.load_copy_model(), grams(later), grams(earlier))
    assert grade == expected
    assert 0.0 <= prob <= 1.0


def test_copy_probability_orders_the_three_cases() -> None:
    model = fp.load_copy_model()
    p = [model.grade(fp.copy_features(grams(x), grams(AGENCY)))[1] for x in (AGENCY, PAPER, OTHER)]
    assert p[0] > p[2] and p[1] > p[2]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (
            "سی آئی اے کے تجزیہ کار کو 37 ماہ قید کی سزا",
            "سی آئی اے کے تجزیہ کار کو 37 ماہ قید کی سزا",
            "wholly",
        ),
        (
            "سی آئی اے کے تجزیہ کار کو 37 ماہ قید کی سزا سنادی گئی",
            "سی آئی اے کے تجزیہ کار کو 37 ماہ قید کی سزا",
            "partly",
        ),
        (
            "خلیجی ملک نے فضائی حدود کو بند کر دیا",
            "سی آئی اے کے تجزیہ کار کو 37 ماہ قید کی سزا",
            None,
        ),
    ],
)
def test_short_texts_are_graded_by_containment(a: str, b: str, expected: str | None) -> None:
    grade, _ = fp.grade_pair(fp.load_copy_model(), grams(a), grams(b))
    assert grade == expected


def test_lsh_finds_near_duplicates_and_not_strangers() -> None:
    index = fp.NearDuplicates()
    index.add("agency", fp.minhash(shingles(grams(AGENCY))))
    index.add("other", fp.minhash(shingles(grams(OTHER))))
    index.add("agency", fp.minhash(shingles(grams(AGENCY))))  # ignored, not an error
    assert len(index) == 2
    found = index.query(fp.minhash(shingles(grams(AGENCY + " یہ خبر اے پی پی کی ہے"))))
    assert found == ["agency"]
