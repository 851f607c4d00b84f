"""Urdu numerals and number words."""

from __future__ import annotations

import pytest

from akhbar.text import numbers


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("9ہزار", 9000.0),
        ("10 ہزار", 10000.0),
        ("37 ماہ", 37.0),
        ("ڈھائی لاکھ", 250000.0),
        ("۱۳۹۳", 1393.0),
        ("٢٠٢٤", 2024.0),
        ("ڈیڑھ ارب", 1.5e9),
        ("ساڑھے تین ہزار", 3500.0),
        ("سوا لاکھ", 125000.0),
        ("پونے دو", 1.75),
        ("پونے تین کروڑ", 2.75e7),
        ("دو لاکھ پچاس ہزار", 250000.0),
        ("پانچ سو", 500.0),
        ("ایک ارب 20 کروڑ", 1.2e9),
        ("1,000", 1000.0),
        ("3.5", 3.5),
        ("۳٫۵", 3.5),
        ("10%", 10.0),
        ("17 فیصد", 17.0),
        ("ننانوے", 99.0),
        ("چوبیس", 24.0),
        ("یکم", 1.0),
        ("2.5 ملین ڈالر", 2.5e6),
        ("صفر", 0.0),
        ("1,00,000", 100000.0),
        ("ڈیڑھ سو", 150.0),
        ("تین سو پینسٹھ", 365.0),
        ("بارہ سو", 1200.0),
        ("سو", 100.0),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert numbers.parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "ماہ", "ہزاروں", "کتاب", "abc", "۔", "ایران 9", "\ud800"])
def test_not_numbers(text: str) -> None:
    assert numbers.parse_number(text) is None


def test_find_numbers_with_units_and_spans() -> None:
    text = "ایران کے پاس 9ہزار کلو یورینیم ہے، تقریبا 10 ہزار فوجی اور 37 ماہ قید"
    found = numbers.find_numbers(text)
    assert [(n.value, n.unit) for n in found] == [(9000.0, "kg"), (10000.0, None), (37.0, "month")]
    assert text[found[0].start : found[0].end] == "9ہزار کلو"


def test_ambiguous_words_only_count_next_to_numbers() -> None:
    assert numbers.find_numbers("یہ بہتر ہے کہ اسی طرح کیا جائے") == []
    assert [n.value for n in numbers.find_numbers("بہتر ہزار افراد")] == [72000.0]
