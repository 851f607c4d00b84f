"""Bad input never crashes: parsers raise ParseError (or InputError) or return items."""

from __future__ import annotations

import contextlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from akhbar.errors import InputError, ParseError
from akhbar.ingest.charset import decode_body
from akhbar.ingest.dates import parse_date
from akhbar.ingest.detect import detect_format
from akhbar.ingest.feeds import parse_feed
from akhbar.ingest.htmltext import html_to_text
from akhbar.ingest.identity import canonical_url, item_uid
from akhbar.ingest.pages import parse_text_page
from akhbar.ingest.social import parse_jsonl, parse_telegram, parse_tweets
from akhbar.model import Source

from .conftest import DATA

SOURCE = Source("fuzz", "fuzz")
URDU = st.text(alphabet="ابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنںوہھءیے۔،؟ \n0123456789۰۱۲۳<>&;/:\"'")
FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.binary(max_size=2000))
def test_feed_parser_on_random_bytes(data: bytes) -> None:
    try:
        feed = parse_feed(data, SOURCE)
    except ParseError:
        return
    assert all(i.source == "fuzz" for i in feed.items)


@FAST
@given(st.integers(min_value=0, max_value=3000))
def test_feed_parser_on_truncated_feeds(cut: int) -> None:
    data = (DATA / "rss2.xml").read_bytes()[:cut]
    try:
        feed = parse_feed(data, SOURCE)
    except ParseError:
        return
    assert len(feed.items) <= 5


@FAST
@given(URDU)
def test_text_pages(text: str) -> None:
    try:
        items = parse_text_page(text, SOURCE)
    except (ParseError, InputError):
        return
    assert items and all(i.uid for i in items)


@FAST
@given(st.text(max_size=80))
def test_dates_never_raise(text: str) -> None:
    value = parse_date(text)
    assert value is None or value.tzinfo is not None


@FAST
@given(st.text(max_size=200))
def test_urls_and_identity_never_raise(text: str) -> None:
    canonical_url(text)
    try:
        uid = item_uid(None, None, text)
    except InputError:
        return  # nothing to identify (spaces only)
    assert len(uid) == 32


@FAST
@given(URDU)
def test_html_to_text_never_raises(text: str) -> None:
    assert "<script" not in html_to_text(text).lower() or "<script" in text.lower()


@FAST
@given(st.binary(max_size=500))
def test_exports_and_detection_on_random_bytes(data: bytes) -> None:
    detect_format("x.json", data)
    decode_body(data)
    for parse in (parse_telegram, parse_tweets, parse_jsonl):
        with contextlib.suppress(ParseError, InputError):
            parse(data, SOURCE)
