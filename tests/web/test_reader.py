"""The reader's pages on a store built from the bundled examples by the real ingest."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote
from xml.etree import ElementTree as ET

import httpx
import pytest

from akhbar.config import Settings
from akhbar.demo import default_examples, examples_store, serve_in_thread
from akhbar.model import Item, Member, Story
from akhbar.store import open_store
from akhbar.store.base import Store, StoredItem
from akhbar.web.app import create_app
from akhbar.web.charts import bins, timeline_svg
from akhbar.web.reader import format as fmt
from akhbar.web.reader.views import CardCache, entity_key, front_page
from akhbar.web.sanitize import clean_html, safe_url, to_text

URDU_DIGIT = re.compile("[۰-۹]")
WIRE_STORY = "test-wire-0517"


@dataclass(frozen=True)
class Built:
    store: Store
    client: httpx.Client
    by_guid: dict[str, StoredItem]


def _all_items(store: Store) -> list[StoredItem]:
    out: list[StoredItem] = []
    after = None
    while True:
        page = store.items(limit=500, after_id=after)
        if not page:
            return out
        out.extend(page)
        after = page[-1].id


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    cache = tmp_path_factory.getbasetemp() / "akhbar-examples.db"
    db = examples_store(tmp_path_factory.mktemp("reader") / "akhbar.db", cache=cache)
    store = open_store(db)
    by_guid = {s.item.guid: s for s in _all_items(store) if s.item.guid}
    agency, paper = by_guid["counter:0517.xml"], by_guid["counter:0517p.xml"]
    when = [s.item.published for s in (agency, paper) if s.item.published]
    store.save_stories(
        [
            Story(
                id=WIRE_STORY,
                title=agency.item.title,
                members=(
                    Member(
                        str(paper.id), paper.item.published, copy_of=str(agency.id), grade="wholly"
                    ),
                    Member(str(agency.id), agency.item.published),
                ),
                first_seen=min(when),
                last_seen=max(when),
            )
        ]
    )
    app = create_app(Settings(db=str(db)), store=store)
    with serve_in_thread(app) as base, httpx.Client(base_url=base, timeout=30) as client:
        yield Built(store, client, by_guid)
    store.close()


def _alternates(html: str) -> dict[str, str]:
    found = {}
    for tag in re.findall(r"<link [^>]*rel=\"alternate\"[^>]*>", html):
        kind = re.search(r'type="([^"]+)"', tag)
        href = re.search(r'href="([^"]+)"', tag)
        assert kind and href, tag
        found[kind.group(1)] = href.group(1).replace("&amp;", "&")
    return found


def _entity(built: Built) -> str:
    for stored in built.by_guid.values():
        article = stored.article
        for entity in article.entities if article else ():
            if entity.label in {"PERSON", "LOCATION", "ORGANIZATION"}:
                return entity_key(entity, article.text[entity.start : entity.end])
    pytest.fail("the analysis found no person, place or organisation in the examples")


def page_paths(built: Built) -> list[str]:
    return [
        "/",
        f"/story/{WIRE_STORY}",
        f"/entity/{quote(_entity(built), safe='')}",
        "/search?q=" + quote("پاکستان"),
        "/sources",
        "/topic/sports",
    ]


def test_front_page_is_urdu_rtl_with_story_cards(built: Built) -> None:
    response = built.client.get("/")
    assert response.status_code == 200
    html = response.text
    assert '<html lang="ur" dir="rtl"' in html
    assert f'href="/story/{WIRE_STORY}"' in html
    assert html.count('class="card"') >= 3
    assert "رپورٹیں" in html and "ذرائع" in html
    assert response.headers["content-encoding"] == "gzip"  # a slow phone gets a fifth
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_every_page_links_its_json_twin_and_feed(built: Built) -> None:
    for path in page_paths(built):
        response = built.client.get(path)
        assert response.status_code == 200, path
        links = _alternates(response.text)
        assert "application/json" in links and "application/atom+xml" in links, path
        twin = built.client.get(links["application/json"])
        assert twin.status_code == 200, (path, links["application/json"])
        assert twin.headers["content-type"].startswith("application/json")
        feed = built.client.get(links["application/atom+xml"])
        assert feed.status_code == 200, (path, links["application/atom+xml"])
        assert feed.headers["content-type"].startswith("application/atom+xml")
        assert ET.fromstring(feed.content).tag == "{http://www.w3.org/2005/Atom}feed"


def test_story_page_collapses_the_wire_copy_under_its_original(built: Built) -> None:
    html = built.client.get(f"/story/{WIRE_STORY}").text
    agency = built.by_guid["counter:0517.xml"]
    paper = built.by_guid["counter:0517p.xml"]
    original = html.index(f'id="r{agency.id}"')
    details = html.index('<details class="copies">', original)
    assert html.index(f'id="r{paper.id}"') > details  # the copy sits inside the details
    assert 'class="badge agency"' in html and 'class="badge newspaper"' in html
    assert "<svg" in html and 'role="img"' in html  # the timeline chart
    # the wholly copied newspaper report is not an independent source
    assert "<strong>۱</strong> آزاد ذریعہ" in html and "<strong>۲</strong> ذرائع" in html


def test_story_page_lists_reports_in_time_order(built: Built) -> None:
    for story in built.store.stories(limit=200):
        if len(story.members) < 2:
            continue
        html = built.client.get(f"/story/{quote(story.id, safe='')}").text
        stamps = re.findall(
            r'<li class="report" id="r\d+">\s*<div class="byline">.*?datetime="([^"]+)"', html, re.S
        )
        times = [datetime.fromisoformat(s.replace("Z", "+00:00")) for s in stamps]
        assert times == sorted(times)


def test_demo_store_has_stories_with_several_sources(built: Built) -> None:
    page = front_page(built.store, limit=100)
    cards = [*page.lead, *(c for g in page.groups for c in g.stories)]
    multi = [c for c in cards if c.sources >= 2 and c.id != WIRE_STORY]
    assert len(multi) >= 3, "the examples should cluster into stories from several outlets"


def test_entity_page_shows_mentions_chart(built: Built) -> None:
    key = _entity(built)
    response = built.client.get(f"/entity/{quote(key, safe='')}")
    assert response.status_code == 200
    assert "<svg" in response.text and "بار ذکر" in response.text


def test_search_page_highlights_matches_and_keeps_filters(built: Built) -> None:
    response = built.client.get("/search", params={"q": "پاکستان", "source_type": "agency"})
    assert response.status_code == 200
    assert "<mark>" in response.text
    assert '<option value="agency" selected>' in response.text


def test_bad_search_is_a_400_page_not_a_crash(built: Built) -> None:
    response = built.client.get("/search", params={"q": "-پاکستان"})
    assert response.status_code == 400
    assert 'role="alert"' in response.text


def test_sources_page_shows_each_outlet(built: Built) -> None:
    html = built.client.get("/sources").text
    for name in ("اے پی پی", "نوائے وقت", "روزنامہ دنیا"):
        assert name in html


@pytest.mark.parametrize(
    ("query", "urdu_digits"),
    [({}, True), ({"digits": "western"}, False), ({"digits": "urdu"}, True)],
)
def test_digit_setting(built: Built, query: dict[str, str], urdu_digits: bool) -> None:
    html = built.client.get(f"/story/{WIRE_STORY}", params=query).text
    facts = html[
        html.index('<ul class="facts">') : html.index("</ul>", html.index('<ul class="facts">'))
    ]
    assert bool(URDU_DIGIT.search(facts)) is urdu_digits
    assert bool(re.search("[0-9]", re.sub(r'datetime="[^"]*"', "", facts))) is not urdu_digits


def test_settings_are_remembered_in_cookies(built: Built) -> None:
    client = httpx.Client(base_url=built.client.base_url, timeout=30)
    response = client.get(
        "/settings",
        params={"font": "naskh", "digits": "western", "next": "//evil.test/"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/"
    html = client.get("/").text
    assert '<html lang="ur" dir="rtl" class="naskh">' in html
    assert "noto-naskh-arabic" in html


def test_report_page_shows_a_lone_report_and_redirects_a_story_member(built: Built) -> None:
    lone = Item(
        source="app",
        uid="lone-report",
        title="کراچی میں سمندری طوفان کا خطرہ",
        text="محکمہ موسمیات نے ساحلی علاقوں کے لیے انتباہ جاری کیا۔\n"
        "ماہی گیروں کو سمندر میں نہ جانے کی ہدایت کی گئی۔",
        url="javascript:alert(1)",
        source_type="agency",
        source_name="اے پی پی",
        published=datetime(2014, 10, 20, 6, tzinfo=UTC),
    )
    (lone_id,) = built.store.add_items([lone]).new_ids
    response = built.client.get(f"/report/{lone_id}")
    assert response.status_code == 200
    assert "کراچی میں سمندری طوفان کا خطرہ" in response.text
    assert response.text.count("<p>") >= 2 and "javascript:" not in response.text
    assert _alternates(response.text)["application/json"] == f"/api/articles/{lone_id}"
    member = built.by_guid["counter:0517.xml"]
    moved = built.client.get(f"/report/{member.id}", follow_redirects=False)
    assert moved.status_code == 303 and f"#r{member.id}" in moved.headers["location"]
    assert built.client.get("/report/999999").status_code == 404


def test_unknown_story_is_a_404_page(built: Built) -> None:
    response = built.client.get("/story/no-such-story")
    assert response.status_code == 404
    assert '<html lang="ur" dir="rtl"' in response.text


def test_static_files_are_served(built: Built) -> None:
    css = built.client.get("/static/reader.css")
    assert css.status_code == 200 and "Noto Nastaliq Urdu" in css.text
    font = built.client.get("/static/fonts/noto-nastaliq-urdu-arabic-400-normal.woff2")
    assert font.status_code == 200 and font.content[:4] == b"wOF2"


# --- presentation helpers -------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "style", "expected"),
    [
        (datetime(2014, 10, 17, 19, 0, tzinfo=UTC), "urdu", "۱۸ اکتوبر ۲۰۱۴"),
        (datetime(2024, 6, 1, 12, 0, tzinfo=UTC), "western", "1 جون 2024"),
        (datetime(2025, 2, 28, 18, 59, tzinfo=UTC), "urdu", "۲۸ فروری ۲۰۲۵"),
    ],
)
def test_urdu_dates_in_pakistan_time(moment: datetime, style: str, expected: str) -> None:
    assert fmt.urdu_date(moment, style) == expected


@pytest.mark.parametrize(
    ("text", "style", "expected"),
    [
        ("پاکستان نے 305 رنز بنائے", "urdu", "پاکستان نے ۳۰۵ رنز بنائے"),
        ("ہدف 24.3 اوورز میں حاصل", "urdu", "ہدف ۲۴٫۳ اوورز میں حاصل"),
        ("۱۲ ستمبر ۲۰۱۴", "western", "12 ستمبر 2014"),
        ("G7 اجلاس اور COVID-19 کی وبا", "urdu", "G7 اجلاس اور COVID-19 کی وبا"),
        ("مالی سال 2014-15", "urdu", "مالی سال ۲۰۱۴-۱۵"),
        ("9ہزار کلو", "urdu", "۹ہزار کلو"),
    ],
)
def test_digits_inside_text_follow_the_setting(text: str, style: str, expected: str) -> None:
    assert fmt.text_digits(text, style) == expected


def test_story_text_uses_the_digit_setting(built: Built) -> None:
    html_urdu = built.client.get(f"/story/{WIRE_STORY}").text
    html_western = built.client.get(f"/story/{WIRE_STORY}", params={"digits": "western"}).text

    def reports(html: str) -> str:
        start = html.index('<ol class="reports">')
        return html[start : html.index("</ol>", start)]

    reports_urdu, reports_western = reports(html_urdu), reports(html_western)
    assert re.search("[0-9۰-۹]", reports_urdu), "the wire story has numbers in it"
    visible = re.compile(r">[^<]*<")
    text_urdu = "".join(visible.findall(reports_urdu))
    text_western = "".join(visible.findall(reports_western))
    assert not re.search("(?<![A-Za-z])[0-9]", text_urdu)
    assert not re.search("[۰-۹]", text_western)


@pytest.mark.parametrize(
    ("text", "latin"),
    [("Nawaz Sharif", True), ("نواز شریف", False), ("ISPR آئی ایس پی آر", False), ("2014", False)],
)
def test_latin_names_are_recognised(text: str, latin: bool) -> None:
    assert fmt.is_latin(text) is latin


def test_chart_bins_count_every_report() -> None:
    times = [datetime(2014, 10, d, h, tzinfo=UTC) for d, h in [(1, 5), (1, 9), (2, 7), (9, 3)]]
    series = bins(times)
    assert sum(b.count for b in series) == len(times)
    assert all(a.end == b.start for a, b in itertools.pairwise(series))
    svg = timeline_svg(times, label="رپورٹیں")
    root = ET.fromstring(svg)
    rects = root.findall("{http://www.w3.org/2000/svg}rect")
    assert len(rects) == len(series)
    assert "<script" not in svg and "style=" not in svg
    assert timeline_svg([], label="x") == ""


@pytest.mark.parametrize(
    "vector",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        "<svg onload=alert(1)><circle/></svg>",
        '<div style="background:url(javascript:alert(1));width:expression(alert(1))">x</div>',
        '<iframe src="javascript:alert(1)"></iframe>',
        '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
    ],
)
def test_sanitizer_removes_xss_vectors(vector: str) -> None:
    cleaned = clean_html(f"<p>خبر</p>{vector}")
    lowered = cleaned.lower()
    for bad in (
        "<script",
        "onerror",
        "onload",
        "javascript:",
        "expression(",
        "<svg",
        "<iframe",
        "style=",
    ):
        assert bad not in lowered
    assert "<p>خبر</p>" in cleaned
    assert "<" not in to_text(vector).replace("&lt;", "")


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://www.express.pk/story/1", True),
        ("http://jang.com.pk", True),
        ("javascript:alert(1)", False),
        (" JAVASCRIPT:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("//evil.test/x", False),
        ("vbscript:msgbox(1)", False),
    ],
)
def test_safe_url(url: str, ok: bool) -> None:
    assert (safe_url(url) is not None) is ok


def test_examples_folder_has_its_licence() -> None:
    examples = default_examples()
    text = (examples / "LICENSE-DATA.md").read_text(encoding="utf-8")
    assert "CC BY-NC-SA 4.0" in text and "10.1007/s10579-016-9367-2" in text
    assert len(list((examples / "feeds").glob("*.xml"))) >= 5
    assert Path(examples / "pages" / "urdu-news-page.txt").is_file()


# --- ranking -------------------------------------------------------------------------


def _ranking_store() -> tuple[Store, dict[str, int]]:
    """Four stories: wide and fresh, wide but old, narrow and fresh, one wire and its copies."""
    store = open_store(":memory:")
    now = datetime(2024, 6, 1, 12, tzinfo=UTC)
    outlets = ["app", "dunya", "jang", "express", "geo"]
    items, names = [], []
    for story, sources, hours_ago in [
        ("wide-fresh", 4, 1),
        ("wide-old", 4, 60),
        ("narrow-fresh", 1, 0),
        ("wire-copies", 4, 1),
    ]:
        for n in range(sources):
            items.append(
                Item(
                    source=outlets[n],
                    uid=f"{story}-{n}",
                    title=f"خبر {story} {n}",
                    text="لاہور میں آج اہم اجلاس ہوا جس میں کئی فیصلے کیے گئے۔",
                    source_type="agency" if n == 0 else "newspaper",
                    source_name=outlets[n],
                    published=now - timedelta(hours=hours_ago + n / 10),
                )
            )
            names.append(story)
    ids = store.add_items(items).new_ids
    by_story: dict[str, list[int]] = {}
    for name, item_id in zip(names, ids, strict=True):
        by_story.setdefault(name, []).append(item_id)
    stories = []
    for name, members in by_story.items():
        times = [store.item(i).item.published for i in members]  # type: ignore[union-attr]
        copy = name == "wire-copies"
        stories.append(
            Story(
                id=name,
                title=name,
                members=tuple(
                    Member(
                        str(i),
                        t,
                        copy_of=str(members[0]) if copy and k else None,
                        grade="wholly" if copy and k else None,
                    )
                    for k, (i, t) in enumerate(zip(members, times, strict=True))
                ),
                first_seen=min(t for t in times if t),
                last_seen=max(t for t in times if t),
            )
        )
    store.save_stories(stories)
    return store, {k: len(v) for k, v in by_story.items()}


def test_front_page_ranks_independent_sources_and_freshness() -> None:
    store, _ = _ranking_store()
    page = front_page(store, limit=10)
    order = [c.id for c in (*page.lead, *(c for g in page.groups for c in g.stories))]
    assert order[0] == "wide-fresh"  # four independent outlets, an hour old
    assert order.index("wide-old") > order.index("narrow-fresh")  # sixty hours is stale
    copies = next(c for c in page.lead if c.id == "wire-copies")
    assert (copies.reports, copies.sources, copies.independent) == (4, 4, 1)
    assert order.index("wire-copies") > order.index("wide-fresh")  # copies are not sources


def test_card_cache_follows_story_changes() -> None:
    store, _ = _ranking_store()
    cache = CardCache(size=2)
    first = front_page(store, limit=10, cache=cache)
    assert len(cache._cards) == 2  # bounded
    story = store.story("narrow-fresh")
    assert story is not None
    extra = Item(
        source="geo",
        uid="late",
        title="تازہ",
        text="لاہور میں آج اہم اجلاس ہوا جس میں کئی فیصلے کیے گئے۔",
        source_name="geo",
        published=story.last_seen,
    )
    (extra_id,) = store.add_items([extra]).new_ids
    store.save_stories([replace(story, members=(*story.members, Member(str(extra_id))))])
    again = front_page(store, limit=10, cache=cache)
    before = next(
        c
        for c in (*first.lead, *(c for g in first.groups for c in g.stories))
        if c.id == "narrow-fresh"
    )
    after = next(
        c
        for c in (*again.lead, *(c for g in again.groups for c in g.stories))
        if c.id == "narrow-fresh"
    )
    assert (before.sources, after.sources) == (1, 2)


def test_every_entity_link_on_story_pages_resolves(built: Built) -> None:
    # A quote's speaker links to the speaker's entity page, also for a name the
    # gazetteer does not know (its page is keyed by label and surface form).
    front = built.client.get("/").text
    stories = sorted(set(re.findall(r'href="(/story/[^"#]+)', front)) | {f"/story/{WIRE_STORY}"})
    checked: set[str] = set()
    for path in stories:
        page = built.client.get(path)
        assert page.status_code == 200, path
        for href in set(re.findall(r'href="(/entity/[^"#]+)', page.text)) - checked:
            checked.add(href)
            assert built.client.get(href.replace("&amp;", "&")).status_code == 200, (path, href)
    assert len(stories) >= 10 and len(checked) >= 10
