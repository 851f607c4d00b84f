"""Urdu numerals and number words to values (first version)."""

from __future__ import annotations


def parse_number(text: str) -> float | None:
    digits = text.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789"))
    try:
        return float(digits.replace(",", ""))
    except ValueError:
        return None
