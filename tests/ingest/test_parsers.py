"""Parsers of each input form, on the bundled fixtures (and the shared sample page)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from akhbar.errors import InputError, ParseError
from akhbar.ingest.detect import detect_format
from akhbar.ingest.feeds import parse_feed
from akhbar.ingest.htmltext import html_to_text
from akhbar.ingest.opml import parse_opml, write_opml
from akhbar.ingest.pages import parse_text_page, split_page
from akhbar.ingest.social import ColumnMap, parse_csv, parse_jsonl, parse_telegram, parse_tweets
from akhbar.ingest.web import extract_page
from akhbar.model import Source

from .conftest import DATA, SHARED

SOURCE = Source("test", "ٹیسٹ", "newspaper")
PKT = timezone(timedelta(hours=5))


def data(name: str) -> bytes:
    return (DATA / name).read_bytes()


# -- feeds ----------------------------------------------------------------------------


def test_rss2_items_dates_images_and_escaped_html() -> None:
    feed = parse_feed(data("rss2.xml"), SOURCE, url="https://news.example.pk/rss.xml")
    assert feed.title == "روزنامہ مثال - تازہ ترین"
    assert len(feed.items) == 5 and not feed.rejects
    first, second, third, dup, fifth = feed.items
    assert first.title == "ایران کی فوردو تک رسائی نہیں ہونے دیں گے: اسرائیلی فوج"
    assert "فوجی ترجمان کے مطابق" in first.text  # full content, not only the summary
    assert first.image == "https://news.example.pk/img/1001.jpg"
    assert first.author == "نمائندہ خصوصی"
    assert first.published == datetime(2025, 6, 14, 10, 30, tzinfo=PKT)
    assert second.published == datetime(2025, 6, 15, 9, 15, tzinfo=UTC)  # Urdu digits
    assert second.image == "https://news.example.pk/img/1002.jpg"  # enclosure
    assert "<" not in second.text and "فضائی حدود کو عارضی" in second.text
    assert third.published is None and feed.bad_dates == 1
    assert dup.uid == second.uid  # duplicate guid: same identity
    assert '"غیر ضروری"' in fifth.text and "&" not in fifth.text  # escaped twice
    assert fifth.image == "https://news.example.pk/img/1005.jpg"
    assert all(i.language == "ur" and i.source_type == "newspaper" for i in feed.items)


def test_atom_and_rss1() -> None:
    atom = parse_feed(data("atom.xml"), SOURCE, url="https://agency.example.pk/atom.xml")
    assert [i.guid for i in atom.items] == [
        "tag:agency.example.pk,2025:2001",
        "tag:agency.example.pk,2025:2002",
    ]
    assert atom.items[0].title == "ایران کے پاس اب بھی 9 ہزار کلو افزودہ یورینیم موجود ہے"
    assert atom.items[0].author == "ادارہ"
    assert atom.items[1].url == "https://agency.example.pk/2025/06/16/tankers"  # relative link
    assert atom.items[1].published == datetime(2025, 6, 16, tzinfo=UTC)
    rdf = parse_feed(data("rss1.rdf"), SOURCE)
    assert rdf.title == "ریڈیو مثال" and len(rdf.items) == 2
    assert rdf.items[0].published == datetime(2025, 6, 12, 14, tzinfo=PKT)
    assert rdf.items[1].published == datetime(2025, 6, 12, tzinfo=UTC)


def test_malformed_feed_keeps_every_good_item_and_records_the_rest() -> None:
    feed = parse_feed(data("malformed.xml"), SOURCE)
    assert feed.problem and "malformed" in feed.problem
    titles = [i.title for i in feed.items]
    assert "پہلی خبر: بارش سے نظام زندگی متاثر" in titles
    assert "چوتھی خبر: کرکٹ ٹیم کا اعلان" in titles
    assert feed.rejects and all(r.reason.startswith("entry ") for r in feed.rejects)
    assert len(feed.items) + len(feed.rejects) == 4


def test_mislabelled_encoding_is_read_correctly() -> None:
    feed = parse_feed(data("cp1256.xml"), SOURCE, charset="iso-8859-1")
    assert feed.items[1].title.startswith("پشاور")


@pytest.mark.parametrize("body", [b"", b"<html><body>not a feed</body></html>", b"\x00\x01"])
def test_not_a_feed(body) -> None:
    with pytest.raises(ParseError):
        parse_feed(body, SOURCE)


def test_html_to_text() -> None:
    assert html_to_text("<p>پہلا&nbsp;پیراگراف</p><script>x()</script><p>دوسرا</p>") == (
        "پہلا پیراگراف\n\nدوسرا"
    )
    assert html_to_text("&lt;b&gt;خبر&lt;/b&gt; &amp;amp;") == "خبر &"


# -- text pages -----------------------------------------------------------------------


@pytest.mark.skipif(not (SHARED / "samples").exists(), reason="../shared/data not found")
def test_the_sample_page() -> None:
    text = (SHARED / "samples" / "urdu-news-page.txt").read_text(encoding="utf-8")
    items = parse_text_page(text, SOURCE)
    articles = [i for i in items if i.kind == "article"]
    headlines = [i for i in items if i.kind == "headline"]
    assert len(articles) == 1 and len(headlines) == 14
    assert articles[0].source_name == "social media"
    assert articles[0].text.startswith("روسی وزیر دفاع") and "Source:" not in articles[0].text
    assert headlines[0].title == "ٹرمپ اب بھی ایران سے مذاکرات میں دلچسپی رکھتے ہیں، وائٹ ہاؤس"
    assert len({i.uid for i in items}) == 15


def test_a_page_with_a_title_and_an_urdu_source_line() -> None:
    items = parse_text_page(data("page.txt").decode(), SOURCE)
    assert [i.kind for i in items] == ["article", "headline", "headline", "headline"]
    assert items[0].title == "کراچی میں موسلا دھار بارش"
    assert items[0].source_name == "محکمہ موسمیات"


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("Source: social media", "social media"),
        ("ذریعہ: اے پی پی", "اے پی پی"),
        ("بشکریہ بی بی سی اردو", "بی بی سی اردو"),
        ("Courtesy: Dawn", "Dawn"),
    ],
)
def test_source_lines(line, value) -> None:
    page = f"پہلا جملہ یہاں ہے۔ دوسرا جملہ بھی ہے۔\n{line}\nایک سرخی"
    assert split_page(page).source_line == value


def test_a_page_without_source_line_or_headlines_is_one_article() -> None:
    page = "پہلا جملہ یہاں ہے۔\nدوسرا پیراگراف بھی مکمل جملہ ہے۔"
    items = parse_text_page(page, SOURCE)
    assert [i.kind for i in items] == ["article"] and items[0].source_name == "ٹیسٹ"


def test_empty_and_binary_pages_are_refused() -> None:
    with pytest.raises(ParseError):
        parse_text_page("  \n ", SOURCE)
    with pytest.raises(ParseError):
        parse_text_page("abc\x00def", SOURCE)


# -- web pages ------------------------------------------------------------------------


def test_web_page_main_text_and_metadata() -> None:
    item = extract_page(data("article.html"), "http://127.0.0.1:1/article.html", SOURCE)
    assert item.title == "شمالی کوریا اور روس کا فوجی تعاون بڑھانے پر اتفاق"
    assert item.url == "https://news.example.pk/world/2024/11/30/north-korea-russia"
    assert item.published == datetime(2024, 11, 30, 9, 15, tzinfo=PKT)
    assert item.author == "نمائندہ خصوصی"
    assert item.language == "ur"
    assert item.text.startswith("روسی وزیر دفاع")
    for junk in ("صفحہ اول", "خلیجی ملک نے فضائی حدود", "جملہ حقوق", "مزید خبریں"):
        assert junk not in item.text  # navigation, related headlines, footer


def test_web_page_language_is_identified() -> None:
    assert extract_page(data("english.html"), None).language == "en"


@pytest.mark.parametrize("body", [b"", b"\x89PNG\x00\x00\x00", b"<html><body></body></html>"])
def test_web_page_without_text_is_refused(body) -> None:
    with pytest.raises(ParseError):
        extract_page(body, "https://e.pk/x")


# -- social exports -------------------------------------------------------------------


def test_telegram_export() -> None:
    posts = parse_telegram(data("result.json"), Source("tg", "چینل", url="https://t.me/khabrain"))
    assert [i.guid for i in posts.items] == [
        "telegram:1234567890:2",
        "telegram:1234567890:3",
        "telegram:1234567890:5",
    ]
    first, second, _ = posts.items
    assert first.url == "https://t.me/khabrain/2"
    assert first.published == datetime(2025, 6, 10, 9, 5, tzinfo=UTC)
    assert second.author == "عامر" and "https://news.example.pk/1001" in second.text
    assert all(i.kind == "post" and i.source_type == "social" for i in posts.items)
    assert sorted(r.reason.split(": ", 1)[1] for r in posts.rejects) == [
        "no text (media only)",
        "service message, not a post",
    ]


def test_x_archive() -> None:
    posts = parse_tweets(data("tweets.js"), Source("x", "@khabrain"))
    assert len(posts.items) == 2 and len(posts.rejects) == 1
    first = posts.items[0]
    assert first.url == "https://x.com/i/web/status/1800000000000000001"
    assert "https://news.example.pk/1001" in first.text and "t.co" not in first.text
    assert "&amp;" not in first.text
    assert first.published == datetime(2025, 6, 10, 9, 5, tzinfo=UTC)
    assert first.source_type == "social" and first.author == "@khabrain"


def test_jsonl_with_a_mapping() -> None:
    posts = parse_jsonl(data("posts.jsonl"), SOURCE, ColumnMap.parse("published=when"))
    assert [i.guid for i in posts.items] == ["p1", "p2", "p1"]
    assert (
        posts.items[0].author == "شہری صحافی" and posts.items[0].url == "https://social.example/p1"
    )
    assert posts.items[1].published == datetime(2025, 6, 11, 4, 0, tzinfo=UTC)  # epoch
    assert [r.reason for r in posts.rejects] == ["line 3: not a JSON object", "line 4: no text"]
    assert all(i.source_type == "social" for i in posts.items)


def test_csv_with_a_mapping() -> None:
    mapping = ColumnMap.parse("published=created,author=handle")
    posts = parse_csv(data("posts.csv"), SOURCE, mapping)
    assert [i.author for i in posts.items] == ["@peshawar", "@quetta"]
    assert posts.items[1].published == datetime(2025, 6, 12, tzinfo=UTC)
    assert len(posts.rejects) == 1


def test_csv_without_a_text_column_says_which_mapping_to_give() -> None:
    with pytest.raises(ParseError, match="--map"):
        parse_csv(b"a,b\n1,2\n", SOURCE)


@pytest.mark.parametrize("spec", ["text", "colour=x", "text="])
def test_bad_mappings(spec) -> None:
    with pytest.raises(InputError):
        ColumnMap.parse(spec)


# -- OPML and detection ---------------------------------------------------------------


def test_opml_import_types_and_duplicates() -> None:
    sources = parse_opml(data("feeds.opml"))
    assert [s.url for s in sources] == [
        "https://news.example.pk/rss.xml",
        "https://evening.example.pk/feed",
        "https://agency.example.pk/atom.xml",
    ]
    assert [s.type for s in sources] == ["newspaper", "newspaper", "agency"]
    assert sources[0].name == "روزنامہ مثال"


def test_opml_round_trip() -> None:
    sources = parse_opml(data("feeds.opml"))
    assert parse_opml(write_opml(sources)) == sources


def test_opml_refuses_other_xml() -> None:
    with pytest.raises(ParseError):
        parse_opml(data("rss2.xml"))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("rss2.xml", "feed"),
        ("atom.xml", "feed"),
        ("rss1.rdf", "feed"),
        ("malformed.xml", "feed"),
        ("article.html", "page"),
        ("page.txt", "text"),
        ("result.json", "telegram"),
        ("tweets.js", "tweets"),
        ("posts.jsonl", "jsonl"),
        ("posts.csv", "csv"),
        ("feeds.opml", "opml"),
    ],
)
def test_detect_format(name, expected) -> None:
    assert detect_format(name, data(name)[:65536]) == expected


def test_a_feed_of_titles_only_gives_headlines() -> None:
    xml = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>سرخیاں</title>'
        "<item><title>بجٹ کل پیش ہوگا</title><link>https://e.pk/1</link></item>"
        "<item><title>بارش کا امکان</title><description>بارش کا امکان</description>"
        "<link>https://e.pk/2</link></item>"
        "<item><title>میچ</title><description>میچ بارش کی وجہ سے ملتوی۔</description>"
        "<link>https://e.pk/3</link></item></channel></rss>"
    ).encode()
    items = parse_feed(xml, SOURCE).items
    assert [(i.kind, i.text) for i in items] == [
        ("headline", ""),
        ("headline", ""),
        ("article", "میچ بارش کی وجہ سے ملتوی۔"),
    ]


def test_a_feed_with_html_in_its_items_is_still_a_feed() -> None:
    from akhbar.ingest.detect import detect_format

    head = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item>'
        b"<description><![CDATA[<html><body><p>\xd8\xae\xd8\xa8\xd8\xb1</p></body></html>]]>"
        b"</description></item></channel></rss>"
    )
    assert detect_format("feed.xml", head) == "feed"
    assert detect_format("page.html", b"<!doctype html><html><body><rss version='2.0'>") == "page"
