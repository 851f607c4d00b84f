"""The reader in a real browser: Debian's chromium through Playwright, a real uvicorn server.

Each page is checked for right-to-left layout, the Nastaliq font actually loaded, no
console errors, no horizontal scrolling at 360 px, and working links; a screenshot of
each is written under the test's temporary directory. A second store is built from a
feed full of XSS vectors through the real ingest, and the test asserts none executes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from akhbar.config import Settings
from akhbar.demo import examples_store, serve_in_thread
from akhbar.ingest.run import IngestOptions, ingest_paths
from akhbar.model import Source
from akhbar.store import open_store
from akhbar.web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's /usr/bin/chromium"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    cache = tmp_path_factory.getbasetemp() / "akhbar-examples.db"
    db = examples_store(tmp_path_factory.mktemp("browser") / "akhbar.db", cache=cache)
    store = open_store(db)
    with serve_in_thread(create_app(Settings(db=str(db)), store=store)) as base:
        yield base
    store.close()


class Watched:
    """A page with its console errors, page errors and dialogs recorded."""

    def __init__(self, browser: Any, width: int = 1280) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        self.page.on("dialog", self._dialog)

    def _console(self, message: Any) -> None:
        if message.type in {"error", "warning"}:
            self.errors.append(f"{message.type}: {message.text}")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def open(self, url: str) -> Any:
        response = self.page.goto(url, wait_until="load")
        self.page.evaluate("document.fonts.ready.then(() => true)")
        return response

    def close(self) -> None:
        self.context.close()


def _story_and_entity(browser: Any, base: str) -> tuple[str, str]:
    watched = Watched(browser)
    try:
        watched.open(base + "/")
        stories = watched.page.eval_on_selector_all(
            "a[href^='/story/']", "els => els.map(e => e.getAttribute('href'))"
        )
        assert stories, "the front page links to stories"
        watched.open(base + stories[0])
        entities = watched.page.eval_on_selector_all(
            "a[href^='/entity/']", "els => els.map(e => e.getAttribute('href'))"
        )
        assert entities, "the story page links to the people, places and organisations in it"
        return stories[0].split("#")[0], entities[0]
    finally:
        watched.close()


@pytest.fixture(scope="module")
def paths(browser: Any, site: str) -> dict[str, str]:
    story, entity = _story_and_entity(browser, site)
    return {
        "front": "/",
        "story": story,
        "entity": entity,
        "search": "/search?q=" + quote("پاکستان"),
        "sources": "/sources",
    }


@pytest.mark.parametrize("name", ["front", "story", "entity", "search", "sources"])
@pytest.mark.parametrize("width", [1280, 360])
def test_page_renders_rtl_in_nastaliq(
    browser: Any, site: str, paths: dict[str, str], name: str, width: int, tmp_path: Path
) -> None:
    watched = Watched(browser, width)
    try:
        response = watched.open(site + paths[name])
        assert response.status == 200
        page = watched.page
        assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        assert page.evaluate("document.documentElement.lang") == "ur"
        fonts = page.evaluate(
            "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)"
        )
        assert any("Noto Nastaliq Urdu" in f for f in fonts), fonts
        assert page.evaluate("document.fonts.check('16px \"Noto Nastaliq Urdu\"', 'اخبار')")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{name} scrolls sideways by {overflow}px at {width}px"
        assert page.locator("h1, h2").first.is_visible()
        shot = tmp_path / f"{name}-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
        assert not watched.errors, watched.errors
    finally:
        watched.close()


def test_links_work(browser: Any, site: str, paths: dict[str, str]) -> None:
    watched = Watched(browser)
    try:
        seen: set[str] = set()
        for path in (paths["front"], paths["story"], paths["entity"]):
            watched.open(site + path)
            hrefs = watched.page.eval_on_selector_all(
                "a[href^='/']", "els => els.map(e => e.getAttribute('href'))"
            )
            for href in hrefs:
                target = href.split("#")[0]
                if target in seen or not target:
                    continue
                seen.add(target)
                response = watched.page.request.get(site + target)
                assert response.status == 200, target
        assert len(seen) >= 10
        watched.open(site + "/")
        watched.page.locator("main a[href^='/story/']").first.click()
        watched.page.wait_for_load_state("load")
        assert "/story/" in watched.page.url
        assert watched.page.locator("h1").first.inner_text().strip()
        assert not watched.errors, watched.errors
    finally:
        watched.close()


def test_settings_switch_digits_and_font_without_javascript(browser: Any, site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site + "/settings")
        page.select_option("select[name=digits]", "western")
        page.select_option("select[name=font]", "naskh")
        page.locator("form.settings button").click()
        page.wait_for_load_state("load")
        assert 'class="naskh"' in page.content()
        page.goto(site + "/search?q=" + quote("پاکستان"))
        assert 'class="naskh"' in page.content()
        meta = " ".join(page.locator(".meta").all_inner_texts())
        assert re.search("[0-9]", meta) and not re.search("[۰-۹]", meta)
    finally:
        context.close()


XSS_FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>&lt;script&gt;alert("feed title")&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</title>
<link>javascript:alert("channel link")</link>
<description>xss</description>
{items}
</channel></rss>
"""
XSS_ITEM = """<item>
<title>{title}</title>
<link>javascript:alert("item link {n}")</link>
<guid isPermaLink="false">xss-{n}</guid>
<author>"&gt;&lt;script&gt;alert("author")&lt;/script&gt;</author>
<pubDate>Fri, 17 Oct 2014 0{n}:00:00 +0500</pubDate>
<category>&lt;svg onload=alert("category")&gt;</category>
<description><![CDATA[{body}]]></description>
</item>"""
XSS_BODIES = [
    '<p>لاہور میں شدید بارش سے نشیبی علاقے زیر آب آ گئے۔ <script>alert("script")</script></p>'
    "<img src=x onerror=\"alert('img')\"><p>محکمہ موسمیات کے مطابق بارش کل بھی جاری رہے گی۔</p>",
    "<p>لاہور میں شدید بارش سے نشیبی علاقے زیر آب آ گئے۔</p><svg onload=\"alert('svg')\">"
    '<circle r="1"/></svg><a href="javascript:alert(\'js link\')">مزید</a>'
    "<p>محکمہ موسمیات کے مطابق بارش کل بھی جاری رہے گی۔</p>",
    "<p style=\"width:expression(alert('css'))\">لاہور میں شدید بارش سے نشیبی علاقے زیر آب آ گئے۔"
    "</p><iframe src=\"javascript:alert('iframe')\"></iframe><body onload=\"alert('body')\">"
    "<p>محکمہ موسمیات کے مطابق بارش کل بھی جاری رہے گی۔</p>",
]
XSS_TITLES = [
    "&lt;img src=x onerror=alert('title')&gt; لاہور میں شدید بارش",
    "لاہور میں شدید بارش &amp;lt;img src=x onerror=alert('escaped title')&amp;gt;",
    'لاہور میں شدید بارش" onmouseover="alert(\'attr\')" x="',
]


XSS_PAGE = """لاہور میں شدید بارش <img src=x onerror=alert('page title')> سے نشیبی علاقے زیر آب
لاہور میں شدید بارش سے نشیبی علاقے زیر آب آ گئے۔ <script>alert('page body')</script> محکمہ\
 موسمیات کے مطابق بارش کل بھی جاری رہے گی۔ <a href="javascript:alert('page link')">مزید</a>\
 <div style="background:url(javascript:alert('css'))">شہر کے کئی علاقوں میں بجلی بند رہی۔</div>
Source: social media
<svg onload=alert('headline')> لاہور میں بارش، نظام زندگی مفلوج
"""


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("xss")
    store = open_store(folder / "akhbar.db")
    for n, (title, body) in enumerate(zip(XSS_TITLES, XSS_BODIES, strict=True), start=1):
        items = XSS_ITEM.format(n=n, title=title, body=body)
        feed = folder / f"xss-{n}.xml"
        feed.write_text(XSS_FEED.format(items=items), encoding="utf-8")
        if n == 1:  # named by its feed title: the title itself is a vector
            ingest_paths(store, [str(feed)], IngestOptions(format="feed"))
        else:
            key = f'<b onmouseover="alert({n})">src{n}</b>'
            store.upsert_source(Source(key, key, "newspaper", "javascript:alert('src')"))
            ingest_paths(store, [str(feed)], IngestOptions(source=key, format="feed"))
    page = folder / "copied-page.txt"  # a copied text page keeps its markup as text
    page.write_text(XSS_PAGE, encoding="utf-8")
    ingest_paths(store, [str(page)])
    assert store.count_items() == len(XSS_BODIES) + 2
    with serve_in_thread(create_app(Settings(db=str(folder / "akhbar.db")), store=store)) as base:
        yield base
    store.close()


def _assert_inert(watched: Watched) -> None:
    page = watched.page
    assert page.evaluate("document.querySelectorAll('script').length") == 0
    handlers = page.evaluate(
        "[...document.querySelectorAll('*')].flatMap(e => [...e.attributes]"
        ".filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))"
    )
    assert handlers == []
    links = page.evaluate(
        "[...document.querySelectorAll('[href],[src],[action]')].map(e =>"
        " e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action'))"
    )
    assert not [u for u in links if u.strip().lower().startswith(("javascript:", "data:text"))]
    assert page.evaluate("document.querySelectorAll('iframe, object, embed').length") == 0
    svgs = page.evaluate("[...document.querySelectorAll('svg')].map(s => s.getAttribute('class'))")
    assert all(c == "chart" for c in svgs), svgs


def test_xss_vectors_from_a_real_ingest_never_execute(
    browser: Any, xss_site: str, tmp_path: Path
) -> None:
    watched = Watched(browser)
    try:
        visited = []
        queue = ["/", "/sources", "/search?q=" + quote("لاہور بارش"), "/topic/other"]
        while queue and len(visited) < 25:
            path = queue.pop(0)
            if path in visited:
                continue
            visited.append(path)
            response = watched.open(xss_site + path)
            assert response.status in {200, 404}, path
            _assert_inert(watched)
            page = watched.page
            page.evaluate(  # what a reader's mouse and keyboard would trigger
                "for (const e of document.querySelectorAll('body *')) for (const t of"
                " ['mouseover', 'mouseenter', 'focus', 'click', 'load', 'error'])"
                " e.dispatchEvent(new Event(t, {bubbles: false, cancelable: true}))"
            )
            hrefs = page.eval_on_selector_all(
                "a[href^='/story/'], a[href^='/entity/']",
                "els => els.map(e => e.getAttribute('href').split('#')[0])",
            )
            queue.extend(h for h in hrefs if h not in visited)
        page.screenshot(path=str(tmp_path / "xss-last-page.png"), full_page=True)
        assert "/search?q=" + quote("لاہور بارش") in visited
        assert any(p.startswith("/story/") for p in visited), "the reports form stories"
        assert any(p.startswith("/entity/") for p in visited), visited
        search_html = watched.open(xss_site + visited[2]) and watched.page.content()
        assert "لاہور میں شدید بارش" in search_html, "the reports themselves are shown"
        assert watched.dialogs == [], watched.dialogs
        assert not watched.errors, watched.errors
    finally:
        watched.close()
