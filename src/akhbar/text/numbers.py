"""Urdu numerals and number words to values, and number expressions found in text.

>>> parse_number("9ہزار"), parse_number("ڈھائی لاکھ"), parse_number("۱۳۹۳")
(9000.0, 250000.0, 1393.0)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from akhbar.text._check import require_str

_UNITS_TO_99_WORDS = (
    "ایک دو تین چار پانچ چھ سات آٹھ نو دس گیارہ بارہ تیرہ چودہ پندرہ سولہ سترہ اٹھارہ انیس بیس"
    " اکیس بائیس تئیس چوبیس پچیس چھبیس ستائیس اٹھائیس انتیس تیس اکتیس بتیس تینتیس چونتیس پینتیس"
    " چھتیس سینتیس اڑتیس انتالیس چالیس اکتالیس بیالیس تینتالیس چوالیس پینتالیس چھیالیس سینتالیس"
    " اڑتالیس انچاس پچاس اکاون باون ترپن چون پچپن چھپن ستاون اٹھاون انسٹھ ساٹھ اکسٹھ باسٹھ تریسٹھ"
    " چونسٹھ پینسٹھ چھیاسٹھ سڑسٹھ اڑسٹھ انہتر ستر اکہتر بہتر تہتر چوہتر پچھتر چھہتر ستتر اٹھہتر"
    " اناسی اسی اکیاسی بیاسی تراسی چوراسی پچاسی چھیاسی ستاسی اٹھاسی نواسی نوے اکانوے بانوے ترانوے"
    " چورانوے پچانوے چھیانوے ستانوے اٹھانوے ننانوے"
)

_EXTRA_WORDS = {"صفر": 0.0, "چھے": 6.0, "یکم": 1.0, "ایک سو": 100.0, "آدھا": 0.5, "آدھی": 0.5}
_FRACTIONS = {"ڈیڑھ": 1.5, "ڈھائی": 2.5}
# Prefixes that modify the next number: سوا +¼, ساڑھے +½, پونے −¼.
_PREFIXES = {"سوا": 0.25, "ساڑھے": 0.5, "پونے": -0.25}
_MULTIPLIERS = {
    "سو": 100.0,
    "ہزار": 1e3,
    "لاکھ": 1e5,
    "کروڑ": 1e7,
    "ارب": 1e9,
    "کھرب": 1e11,
    "ملین": 1e6,
    "بلین": 1e9,
    "ٹریلین": 1e12,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "thousand": 1e3,
    "hundred": 1e2,
}
# Number words that are also common words (بہتر "better", اسی "this", ستر "veil"):
# counted only next to a multiplier or a digit.
_AMBIGUOUS_WORDS = "بہتر اسی ستر سو نو دس چون بیس تیس"
UNITS = {
    "فیصد": "percent",
    "ماہ": "month",
    "مہینے": "month",
    "سال": "year",
    "برس": "year",
    "دن": "day",
    "روز": "day",
    "گھنٹے": "hour",
    "منٹ": "minute",
    "روپے": "PKR",
    "روپیہ": "PKR",
    "ڈالر": "USD",
    "یورو": "EUR",
    "پاؤنڈ": "GBP",
    "ریال": "SAR",
    "درہم": "AED",
    "کلو": "kg",
    "کلوگرام": "kg",
    "ٹن": "tonne",
    "کلومیٹر": "km",
    "میٹر": "m",
    "افراد": "people",
    "رنز": "runs",
    "وکٹوں": "wickets",
    "%": "percent",
    "٪": "percent",
}


@dataclass(frozen=True, slots=True)
class NumberMatch:
    """A number expression found in text: its span, value and unit (if one follows)."""

    start: int
    end: int
    value: float
    unit: str | None


@lru_cache(maxsize=1)
def word_values() -> dict[str, float]:
    """Every single number word and its value."""
    values = {w: float(i + 1) for i, w in enumerate(_UNITS_TO_99_WORDS.split())}
    values.update(_EXTRA_WORDS)
    values.update(_FRACTIONS)
    return values


_DIGITS = r"\d+(?:[,٬]\d{2,3})*(?:[.٫]\d+)?"


@lru_cache(maxsize=1)
def _expr_re() -> re.Pattern[str]:
    words = sorted({*word_values(), *_FRACTIONS}, key=len, reverse=True)
    mults = sorted(_MULTIPLIERS, key=len, reverse=True)
    prefixes = "|".join(_PREFIXES)
    atom = rf"(?:(?:{prefixes})\s+)?(?:{_DIGITS}|{'|'.join(words)})"
    mult = "|".join(mults)
    group = rf"{atom}(?:\s*(?:{mult})(?![\w]))*"
    bare_mult = rf"(?:{prefixes})\s+(?:{mult})"
    units = "|".join(sorted(UNITS, key=len, reverse=True))
    return re.compile(
        rf"(?<![\w.,])(?P<num>(?:{group}|{bare_mult})(?:\s+(?:{group}))*)(?![\w])"
        rf"(?:\s*(?P<unit>{units})(?![\w]))?"
    )


_TOKEN = re.compile(rf"{_DIGITS}|[^\W\d_]+")


def _value(expr: str) -> float | None:
    """Value of a number expression (digits, words, fractions and multipliers)."""
    total = 0.0
    current: float | None = None
    pending = 0.0
    seen = False
    for tok in _TOKEN.findall(expr):
        if tok[0].isdigit():
            current = (current or 0.0) + _digits(tok) + pending
            pending = 0.0
            seen = True
        elif tok in _PREFIXES:
            pending = _PREFIXES[tok]
        elif tok in _MULTIPLIERS:
            m = _MULTIPLIERS[tok]
            base = current if current is not None else 1.0 + pending
            pending = 0.0
            seen = True
            if m == 100.0:
                current = base * m
            elif current is not None and current >= m:
                current = current * m  # 2 سو ہزار is rare; read left to right
            else:
                total += base * m
                current = None
        elif tok in word_values():
            current = (current or 0.0) + word_values()[tok] + pending
            pending = 0.0
            seen = True
        else:
            return None
    if not seen:
        return None
    return total + (current or 0.0)


def _digits(tok: str) -> float:
    clean = tok.replace(",", "").replace("٬", "").replace("٫", ".")
    return float(clean)


def parse_number(text: str) -> float | None:
    """Value of a whole number expression, or None; a trailing unit word is allowed.

    >>> parse_number("10 ہزار"), parse_number("37 ماہ"), parse_number("ساڑھے تین لاکھ")
    (10000.0, 37.0, 350000.0)
    """
    require_str(text)
    s = text.strip()
    if not s or len(s) > 200:
        return None
    if s in _MULTIPLIERS:
        return _MULTIPLIERS[s]  # a bare سو or ہزار is one hundred or one thousand
    m = _expr_re().fullmatch(s)
    if m is None:
        return None
    return _value(m.group("num"))


def find_numbers(text: str) -> list[NumberMatch]:
    """Number expressions in text with their values and units.

    >>> [(n.value, n.unit) for n in find_numbers("تقریبا 10 ہزار فوجی اور 37 ماہ قید")]
    [(10000.0, None), (37.0, 'month')]
    """
    require_str(text)
    out: list[NumberMatch] = []
    for m in _expr_re().finditer(text):
        expr = m.group("num")
        toks = _TOKEN.findall(expr)
        if len(toks) == 1 and toks[0] in _AMBIGUOUS_WORDS.split():
            continue
        value = _value(expr)
        if value is None:
            continue
        unit = m.group("unit")
        end = m.end() if unit else m.end("num")
        out.append(NumberMatch(m.start(), end, value, UNITS[unit] if unit else None))
    return out
