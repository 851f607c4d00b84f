"""Urdu presentation helpers: digits, dates with Urdu month names, counts, direction."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

URDU_MONTHS: tuple[str, ...] = (
    "جنوری",
    "فروری",
    "مارچ",
    "اپریل",
    "مئی",
    "جون",
    "جولائی",
    "اگست",
    "ستمبر",
    "اکتوبر",
    "نومبر",
    "دسمبر",
)
_TO_URDU = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_TO_WESTERN = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_LATIN = re.compile(r"[A-Za-z]")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
#: Dates and times are shown in Pakistan time (UTC+5, no daylight saving).
PKT = timezone(timedelta(hours=5), "PKT")
DIGIT_STYLES: tuple[str, ...] = ("urdu", "western")
FONTS: tuple[str, ...] = ("nastaliq", "naskh")


def digits(text: object, style: str = "urdu") -> str:
    """``text`` with its digits written in the chosen style (Extended Arabic-Indic for Urdu).

    >>> digits(2024)
    '۲۰۲۴'
    >>> digits("۱۲ ستمبر", "western")
    '12 ستمبر'
    """
    value = str(text)
    return value.translate(_TO_URDU) if style == "urdu" else value.translate(_TO_WESTERN)


_NUMBER_IN_TEXT = re.compile(
    r"(?<![A-Za-z0-9۰-۹])(?<![A-Za-z][-_])[0-9۰-۹]+(?:[.,٫٬][0-9۰-۹]+)*(?![A-Za-z0-9۰-۹])"
)


def text_digits(text: str, style: str = "urdu") -> str:
    """Numbers inside running text in the chosen digit style; numbers that are part of a
    Latin name (G7, COVID-19) are left alone.

    >>> text_digits("بنگلہ دیش نے 24.3 اوورز میں 5 وکٹیں لیں، G7 اور COVID-19، 2014-15")
    'بنگلہ دیش نے ۲۴٫۳ اوورز میں ۵ وکٹیں لیں، G7 اور COVID-19، ۲۰۱۴-۱۵'
    >>> text_digits("۱۲ ستمبر", "western")
    '12 ستمبر'
    """

    def convert(match: re.Match[str]) -> str:
        number_text = match.group(0)
        if style == "urdu":
            number_text = number_text.replace(".", "٫").replace(",", "٬")
        else:
            number_text = number_text.replace("٫", ".").replace("٬", ",")
        return digits(number_text, style)

    return _NUMBER_IN_TEXT.sub(convert, text)


def number(value: int, style: str = "urdu") -> str:
    """A whole number with thousands separators (Urdu uses the Arabic thousands mark).

    >>> number(100000)
    '۱۰۰٬۰۰۰'
    """
    grouped = f"{value:,}"
    return digits(grouped.replace(",", "٬"), style) if style == "urdu" else grouped


def decimal(value: float, style: str = "urdu", places: int = 1) -> str:
    """A number with ``places`` decimals (none when whole); Urdu uses the Arabic decimal mark.

    >>> decimal(2.5), decimal(40.0), decimal(2.25, "western")
    ('۲٫۵', '۴۰', '2.2')
    """
    text = f"{value:.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return digits(text.replace(".", "٫"), style) if style == "urdu" else text


def as_utc(moment: datetime) -> datetime:
    """``moment`` as an aware UTC datetime (naive values are taken to be UTC)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def local(moment: datetime) -> datetime:
    """``moment`` in Pakistan time (naive values are taken to be UTC)."""
    return as_utc(moment).astimezone(PKT)


def urdu_date(moment: datetime | None, style: str = "urdu", *, with_year: bool = True) -> str:
    """A date as Urdu readers write it (Pakistan time): day, Urdu month name, year.

    >>> urdu_date(datetime(2014, 12, 1, 12))
    '۱ دسمبر ۲۰۱۴'
    """
    if moment is None:
        return ""
    when = local(moment)
    text = f"{when.day} {URDU_MONTHS[when.month - 1]}"
    if with_year:
        text += f" {when.year}"
    return digits(text, style)


def urdu_datetime(moment: datetime | None, style: str = "urdu") -> str:
    """A date with its time of day (24-hour, Pakistan time) unless it is midnight.

    >>> urdu_datetime(datetime(2014, 12, 1, 9, 5), "western")
    '1 دسمبر 2014، 14:05'
    """
    if moment is None:
        return ""
    when = local(moment)
    day = urdu_date(when, style)
    if when.hour == 0 and when.minute == 0:
        return day
    return day + "، " + digits(f"{when.hour:02d}:{when.minute:02d}", style)


def iso(moment: datetime | None) -> str:
    """An RFC 3339 timestamp for ``<time datetime>`` and feeds."""
    if moment is None:
        return ""
    return as_utc(moment).isoformat().replace("+00:00", "Z")


def is_latin(text: str) -> bool:
    """True when ``text`` has Latin letters and no Arabic-script ones (a name to isolate)."""
    return bool(_LATIN.search(text)) and not _ARABIC.search(text)


TOPIC_NAMES: dict[str, str] = {
    "business": "کاروبار",
    "entertainment": "شوبز",
    "health": "صحت",
    "science": "سائنس و ٹیکنالوجی",
    "sports": "کھیل",
    "weird news": "دلچسپ و عجیب",
    "world": "دنیا",
    "national": "قومی",
    "foreign": "بین الاقوامی",
    "showbiz": "شوبز",
    "pakistan": "پاکستان",
}
SOURCE_TYPE_NAMES: dict[str, str] = {
    "agency": "خبر رساں ادارہ",
    "newspaper": "اخبار",
    "broadcaster": "نشریاتی ادارہ",
    "social": "سوشل میڈیا",
    "other": "دیگر",
}
MARKER_NAMES: dict[str, str] = {
    "denied": "تردید",
    "alleged": "الزام",
    "unconfirmed": "غیر مصدقہ",
    "unnamed_source": "نامعلوم ذرائع",
    "estimated": "تخمینہ",
    "state_media": "سرکاری میڈیا",
    "social_source": "سوشل میڈیا کی اطلاع",
    "attributed": "منسوب بیانات",
}
LABEL_NAMES: dict[str, str] = {
    "PERSON": "شخصیات",
    "ORGANIZATION": "ادارے",
    "LOCATION": "مقامات",
}


LABEL_SINGULAR: dict[str, str] = {
    "PERSON": "شخصیت",
    "ORGANIZATION": "ادارہ",
    "LOCATION": "مقام",
}


def topic_name(label: str | None) -> str:
    """The Urdu name of a topic label (``None`` is "other news")."""
    if not label:
        return "دیگر خبریں"
    return TOPIC_NAMES.get(label, label)


def source_type_name(kind: str | None) -> str:
    """The Urdu name of a source type."""
    return SOURCE_TYPE_NAMES.get(kind or "other", SOURCE_TYPE_NAMES["other"])


def marker_name(kind: str) -> str:
    """The Urdu heading for a verification marker kind."""
    return MARKER_NAMES.get(kind, kind)


def label_name(label: str, singular: bool = False) -> str:
    """The Urdu heading for an entity label (plural, or singular for one entity)."""
    return (LABEL_SINGULAR if singular else LABEL_NAMES).get(label, label)
