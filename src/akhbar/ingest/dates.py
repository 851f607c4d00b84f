"""Dates as Urdu sources write them: RFC 822, ISO 8601, Urdu month names, Urdu digits.

>>> parse_date("۱۵ جون ۲۰۲۴ء").isoformat()
'2024-06-15T00:00:00+00:00'
>>> parse_date("Sat, 15 Jun 2024 10:30:00 +0500").isoformat()
'2024-06-15T10:30:00+05:00'
>>> parse_date("کل شام") is None
True
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_tz

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ـ": ""})

# Urdu month names with common spellings, then English names and abbreviations.
_MONTHS: dict[str, int] = {
    "جنوری": 1,
    "فروری": 2,
    "مارچ": 3,
    "اپریل": 4,
    "اپريل": 4,
    "مئی": 5,
    "مئ": 5,
    "مى": 5,
    "جون": 6,
    "جولائی": 7,
    "جولائ": 7,
    "جولای": 7,
    "اگست": 8,
    "ستمبر": 9,
    "اکتوبر": 10,
    "نومبر": 11,
    "دسمبر": 12,
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_ZONES = {"PKT": 5 * 60, "PST": -8 * 60, "IST": 5 * 60 + 30, "GMT": 0, "UTC": 0, "UT": 0, "Z": 0}
_MONTH_WORD = re.compile(
    "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True)), re.IGNORECASE
)
_TIME = re.compile(
    r"(?<!\d)(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?"
    r"(?:\s*(Z|[+-]\d{2}:?\d{2}|PKT|IST|GMT|UTC))?",
    re.IGNORECASE,
)
_DMY_NAMED = re.compile(r"(?<!\d)(\d{1,2})\s*[-/.,،]?\s*M(\d{1,2})M\s*[-/.,،]?\s*(\d{4})(?!\d)")
_MDY_NAMED = re.compile(r"M(\d{1,2})M\s*[-/.]?\s*(\d{1,2})(?:st|nd|rd|th)?\s*,?\s*(\d{4})(?!\d)")
_YMD = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_DMY = re.compile(r"(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?!\d)")


def urdu_digits_to_ascii(text: str) -> str:
    """Replace Urdu (Extended Arabic-Indic) and Arabic-Indic digits by ASCII digits."""
    return text.translate(_DIGITS)


def _zone(text: str | None) -> timezone | None:
    if not text:
        return None
    up = text.upper()
    if up in _ZONES:
        return timezone(timedelta(minutes=_ZONES[up]))
    m = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", text)
    if not m:
        return None
    minutes = int(m.group(2)) * 60 + int(m.group(3))
    return timezone(timedelta(minutes=-minutes if m.group(1) == "-" else minutes))


def _plausible(value: datetime, now: datetime) -> datetime | None:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    if value.year < 1900 or value > now + timedelta(days=2):
        return None
    return value


def _rfc822(text: str) -> datetime | None:
    parts = parsedate_tz(text)
    if parts is None or parts[0] < 100:
        return None
    offset = parts[9]
    named = _zone(text.rsplit(None, 1)[-1]) if text.split() else None
    tz = named or (UTC if offset is None else timezone(timedelta(seconds=offset)))
    try:
        return datetime(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], tzinfo=tz)
    except ValueError:
        return None


def _iso(text: str) -> datetime | None:
    candidate = text.strip().replace("Z", "+00:00").replace("z", "+00:00")
    try:
        return datetime.fromisoformat(candidate)
    except ValueError:
        return None


def _loose(text: str) -> datetime | None:
    marked = _MONTH_WORD.sub(lambda m: f"M{_MONTHS[m.group(0).lower()]}M", text)
    ymd: tuple[int, int, int] | None = None
    for pattern, order in ((_DMY_NAMED, "dmy"), (_MDY_NAMED, "mdy"), (_YMD, "ymd"), (_DMY, "dmy")):
        m = pattern.search(marked)
        if m:
            a, b, c = (int(g) for g in m.groups())
            ymd = {"dmy": (c, b, a), "mdy": (c, a, b), "ymd": (a, b, c)}[order]
            marked = marked[: m.start()] + " " + marked[m.end() :]
            break
    if ymd is None:
        return None
    hour = minute = second = 0
    tz: timezone = UTC
    t = _TIME.search(marked)
    if t:
        hour, minute = int(t.group(1)), int(t.group(2))
        second = int(t.group(3) or 0)
        ampm = (t.group(4) or "").lower().replace(".", "")
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        tz = _zone(t.group(5)) or UTC
    try:
        return datetime(ymd[0], ymd[1], ymd[2], hour, minute, second, tzinfo=tz)
    except ValueError:
        return None


def parse_date(text: str | None, *, now: datetime | None = None) -> datetime | None:
    """A timezone-aware datetime from a date as feeds and pages write it, or None."""
    if not text or not text.strip():
        return None
    now = now or datetime.now(UTC)
    cleaned = urdu_digits_to_ascii(text.translate(_LETTERS)).strip()
    cleaned = re.sub(r"(\d{4})\s*ء", r"\1", cleaned)  # the year mark in "۲۰۲۴ء"
    for parser in (_iso, _rfc822, _loose):
        value = parser(cleaned)
        if value is not None:
            return _plausible(value, now)
    return None
