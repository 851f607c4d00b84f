"""The fast path of language identification for long texts agrees with the full path."""

from __future__ import annotations

import pytest

from akhbar.text import script

_URDU = (
    "روسی وزیر دفاع آندرے بیلوسوف نے شمالی کوریا کے سربراہ کم جونگ ان سے ملاقات کی ہے۔ "
    "سرکاری خبر رساں ایجنسی کے مطابق ملاقات میں دونوں ملکوں کے درمیان فوجی تعاون بڑھانے پر "
    "اتفاق ہوا۔ مغرب کا خیال ہے کہ شمالی کوریا نے روس کی مدد کے لیے دس ہزار فوجی بھیجے ہیں، "
    "تاہم ماسکو اور پیانگ یانگ نے اس کی تصدیق نہیں کی۔ "
)
_PERSIAN = (
    "وزیر دفاع روسیه با رهبر کره شمالی دیدار کرد. به گزارش خبرگزاری رسمی، در این دیدار "
    "دو کشور بر گسترش همکاری نظامی توافق کردند. غرب معتقد است که کره شمالی ده هزار سرباز "
    "برای کمک به روسیه فرستاده است، اما مسکو و پیونگ یانگ این را تایید نکرده اند. "
)


@pytest.mark.parametrize(("text", "code"), [(_URDU * 2, "ur"), (_PERSIAN * 2, "fa")])
def test_long_texts(text: str, code: str) -> None:
    assert len(text) >= script._FAST_MIN
    assert script.identify(text).code == code


def test_fast_path_only_takes_plain_urdu() -> None:
    assert script._plainly_urdu(_URDU * 2) is not None
    assert script._plainly_urdu(_PERSIAN * 2) is None
    assert script._plainly_urdu(_URDU[:100]) is None  # short texts take the full path
