"""Item identity, canonical URLs and dates as Urdu sources write them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from akhbar.errors import InputError
from akhbar.ingest.dates import parse_date, urdu_digits_to_ascii
from akhbar.ingest.identity import canonical_url, clean_text, item_uid, make_item
from akhbar.model import Source

PKT = timezone(timedelta(hours=5))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("HTTPS://News.Example.PK/a/b?utm_source=rss&id=3#top", "https://news.example.pk/a/b?id=3"),
        ("https://news.example.pk:443/", "https://news.example.pk"),
        ("http://news.example.pk:80/x?fbclid=abc", "http://news.example.pk/x"),
        (
            "https://ur.example.pk/خبر/ایران",
            "https://ur.example.pk/%D8%AE%D8%A8%D8%B1/%D8%A7%DB%8C%D8%B1%D8%A7%D9%86",
        ),
        ("https://ur.example.pk/%d8%ae", "https://ur.example.pk/%D8%AE"),
    ],
)
def test_canonical_url_spellings_agree(a, b) -> None:
    assert canonical_url(a) == canonical_url(b)


def test_canonical_url_keeps_meaningful_differences() -> None:
    assert canonical_url("https://e.pk/a?id=1") != canonical_url("https://e.pk/a?id=2")
    assert canonical_url("https://e.pk:8080/a") != canonical_url("https://e.pk/a")


def test_uid_prefers_guid_then_url_then_text() -> None:
    by_guid = item_uid("g1", "https://e.pk/1", "متن")
    assert by_guid == item_uid("g1", "https://e.pk/other", "دوسرا متن")
    assert by_guid != item_uid(None, "https://e.pk/1", "متن")
    assert item_uid(None, "https://e.pk/1?utm_medium=x", "a") == item_uid(
        None, "https://e.pk/1", "b"
    )
    assert item_uid("  ", None, "متن") == item_uid(None, "", "متن")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ايران نے کہا", "ایران نے کہا"),  # Arabic yeh vs Farsi yeh
        ("ﺍﻳﺮﺍﻥ نے  کہا", "ایران نے کہا"),  # presentation forms, double space
        ("پاکستان", "پاكستان"),  # Arabic kaf
    ],
)
def test_text_identity_uses_the_normalized_key(a, b) -> None:
    assert item_uid(None, None, a) == item_uid(None, None, b)


def test_an_item_needs_something_to_be_identified() -> None:
    with pytest.raises(InputError):
        item_uid(None, None, " \n")


def test_make_item_cleans_and_identifies() -> None:
    source = Source("k", "روزنامہ", "newspaper")
    item = make_item(source, title="  خبر\u200b  کی\tسرخی ", text="پہلی\r\n\r\n\r\nدوسری\x00 سطر")
    assert item.title == "خبر\u200b کی سرخی"
    assert item.text == "پہلی\n\nدوسری سطر"
    assert item.language == "ur"
    assert item.source_type == "newspaper" and item.source_name == "روزنامہ"
    assert clean_text(None) == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("۱۵ جون ۲۰۲۴ء", datetime(2024, 6, 15, tzinfo=UTC)),
        ("15 جون 2024، 10:30 PKT", datetime(2024, 6, 15, 10, 30, tzinfo=PKT)),
        ("جمعہ ۱۴ جون ۲۰۲۴ء ۳:۴۵ pm", datetime(2024, 6, 14, 15, 45, tzinfo=UTC)),
        ("۱۲ مئی ۲۰۲۳", datetime(2023, 5, 12, tzinfo=UTC)),
        ("٢ جنوری ٢٠٢٥", datetime(2025, 1, 2, tzinfo=UTC)),
        ("3 اکتوبر، 2024", datetime(2024, 10, 3, tzinfo=UTC)),
        ("10 دسمبر 2024 08:00", datetime(2024, 12, 10, 8, 0, tzinfo=UTC)),
        ("Sat, 15 Jun 2024 10:30:00 +0500", datetime(2024, 6, 15, 10, 30, tzinfo=PKT)),
        ("Sat, 15 Jun 2024 10:30:00 PKT", datetime(2024, 6, 15, 10, 30, tzinfo=PKT)),
        ("Sat, 15 Jun 2024 10:30:00 GMT", datetime(2024, 6, 15, 10, 30, tzinfo=UTC)),
        ("2024-06-15T10:30:00Z", datetime(2024, 6, 15, 10, 30, tzinfo=UTC)),
        ("2024-06-15", datetime(2024, 6, 15, tzinfo=UTC)),
        ("June 15, 2024", datetime(2024, 6, 15, tzinfo=UTC)),
        ("15/06/2024", datetime(2024, 6, 15, tzinfo=UTC)),
    ],
)
def test_dates(text, expected) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text", ["کل صبح سویرے", "", "99/99/2025", "Mon, 99 Foo 2024", "2099-01-01", "۳۲ جون ۲۰۲۴"]
)
def test_unreadable_or_implausible_dates_are_none(text) -> None:
    assert parse_date(text) is None


def test_urdu_digits() -> None:
    assert urdu_digits_to_ascii("۱۲۳٤٥") == "12345"
