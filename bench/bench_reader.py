"""The reader's figures: server time at 100,000 articles, first-visit bytes, accessibility.

    .venv/bin/python bench/bench_reader.py                 # 100,000 articles
    .venv/bin/python bench/bench_reader.py --articles 20000 --requests 30

1. Server time (p50, p95) of the front page and a story page, each next to its JSON
   twin from the API (what a program would otherwise fetch), as a ratio, over a real
   uvicorn server on 127.0.0.1 with a SQLite store of N articles. The articles are the
   bundled examples, analyzed by the real pipeline, repeated under new identities and
   dates over 120 days and grouped into stories of 1 to 6 reports; the store is cached
   in ~/.cache/akhbar-bench between runs.
2. Bytes a first visit to the front page downloads (HTML, CSS, JS, fonts), recorded by
   chromium, next to the same page with the Naskh setting.
3. axe-core (npm ``axe-core``, packed once into ~/.cache/akhbar-bench) run in chromium
   on the front, story, search and sources pages: its violations, by rule and impact.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import subprocess
import sys
import tarfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from akhbar.config import Settings
from akhbar.demo import build_store, default_examples, serve_in_thread
from akhbar.model import Article, Member, Story
from akhbar.store import open_store
from akhbar.store.base import StoredItem
from akhbar.store.query import SearchQuery
from akhbar.web.app import create_app

CACHE = Path.home() / ".cache" / "akhbar-bench"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
OUTLETS = [
    ("app", "اے پی پی", "agency"),
    ("ppi", "پی پی آئی", "agency"),
    ("dunya", "روزنامہ دنیا", "newspaper"),
    ("express", "روزنامہ ایکسپریس", "newspaper"),
    ("jang", "روزنامہ جنگ", "newspaper"),
    ("nawaiwaqt", "نوائے وقت", "newspaper"),
    ("waqt", "روزنامہ وقت", "newspaper"),
    ("islam", "روزنامہ اسلام", "newspaper"),
    ("geo", "جیو نیوز", "broadcaster"),
    ("bbc", "بی بی سی اردو", "broadcaster"),
    ("social", "سوشل میڈیا", "social"),
]
STORY_SIZES = (1, 2, 3, 1, 4, 2, 6, 3, 1, 5)
DAYS = 120


def _templates(examples: Path) -> list[StoredItem]:
    """The examples, ingested and analyzed once (the real pipeline, through the desk)."""
    store = open_store(":memory:")
    build_store(store, examples)
    rows = [s for s in store.items(limit=1000) if s.item.kind == "article"]
    missing = [s for s in rows if s.article is None]
    if missing:  # the desk did not analyze: read them so pages still have text layers
        from akhbar.analyze.read import read_item

        try:
            from akhbar.analyze.pipeline import default_pipeline

            pipeline: Any = default_pipeline()
        except Exception:
            pipeline = read_item
        rows = [s if s.article else dataclasses.replace(s, article=pipeline(s.item)) for s in rows]
    store.close()
    return rows


def build(path: Path, n: int, examples: Path) -> None:
    """A store of ``n`` articles made from the examples, with stories."""
    templates = _templates(examples)
    store = open_store(path)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    step = timedelta(days=DAYS) / n
    batch_items, batch_articles = [], []
    ids: list[int] = []
    for i in range(n):
        template = templates[i % len(templates)]
        key, name, kind = OUTLETS[(i * 7) % len(OUTLETS)]
        item = dataclasses.replace(
            template.item,
            source=key,
            source_name=name,
            source_type=kind,  # type: ignore[arg-type]
            uid=f"bench-{i}",
            guid=f"bench-{i}",
            published=start + step * i,
        )
        article: Article | None = template.article
        if article is not None:
            article = dataclasses.replace(article, item=item)
        batch_items.append(item)
        batch_articles.append(article)
        if len(batch_items) == 2000 or i == n - 1:
            ids.extend(store.add_items(batch_items, batch_articles).new_ids)
            batch_items, batch_articles = [], []
    stories: list[Story] = []
    at = size_index = 0
    while at < len(ids):
        size = STORY_SIZES[size_index % len(STORY_SIZES)]
        size_index += 1
        group = ids[at : at + size]
        first = start + step * at
        last = start + step * (at + len(group) - 1)
        members = tuple(
            Member(
                str(item_id),
                start + step * (at + k),
                copy_of=str(group[0]) if k and k % 3 == 1 else None,
                grade="wholly" if k and k % 3 == 1 else None,
            )
            for k, item_id in enumerate(group)
        )
        title = templates[at % len(templates)].item.title
        stories.append(Story(f"b{at}", title, members, first, last))
        at += size
        if len(stories) == 2000:
            store.save_stories(stories)
            stories = []
    store.save_stories(stories)
    store.close()


class Timed:
    """ASGI wrapper that records each request's time inside the server, in milliseconds."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.state = app.state
        self.samples: list[float] = []
        self.cpu: list[float] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        began, cpu = time.perf_counter(), time.process_time()
        try:
            await self.app(scope, receive, send)
        finally:
            if scope["type"] == "http":
                self.samples.append((time.perf_counter() - began) * 1000)
                self.cpu.append((time.process_time() - cpu) * 1000)


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def _time(
    client: Any, timed: Timed, path: str, requests: int, cold: bool = False
) -> tuple[float, float, float, int]:
    client.get(path)  # warm the process (imports, templates, SQLite page cache)
    timed.samples.clear()
    timed.cpu.clear()
    size = 0
    for _ in range(requests):
        if cold:  # forget the story cards built so far
            timed.state.reader_cards = None
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        size = len(response.content)
    p50, p95 = _percentiles(timed.samples)
    return p50, p95, statistics.median(timed.cpu), size


def server_times(base: str, requests: int, timed: Timed) -> list[str]:
    """p50/p95 of the reader's pages next to their JSON twins."""
    import httpx

    lines = []
    with httpx.Client(base_url=base, timeout=60) as client:
        html = client.get("/").text
        story = html.split('href="/story/', 1)[1].split('"', 1)[0]
        pairs = [
            ("front, cold", "/", "/api/stories", True),
            ("front, warm", "/", "/api/stories", False),
            ("story page", f"/story/{story}", f"/api/stories/{story}", False),
        ]
        lines.append(
            f"{'page':<12} {'HTML p50':>9} {'p95':>8} {'cpu p50':>8} "
            f"{'JSON p50':>9} {'p95':>8} {'cpu p50':>8}  ratio (p50)"
        )
        for name, page, twin, cold in pairs:
            h50, h95, hcpu, hsize = _time(client, timed, page, requests, cold)
            j50, j95, jcpu, _ = _time(client, timed, twin, requests)
            lines.append(
                f"{name:<12} {h50:7.1f}ms {h95:6.1f}ms {hcpu:6.1f}ms "
                f"{j50:7.1f}ms {j95:6.1f}ms {jcpu:6.1f}ms  {h50 / j50:5.2f}x"
                f"  ({hsize:,} bytes of HTML)"
            )
    return lines


def _visit(page: Any, url: str) -> list[Any]:
    """Every response a page load brings in (fonts included)."""
    responses: list[Any] = []

    def keep(response: Any) -> None:
        responses.append(response)

    page.on("response", keep)
    page.goto(url, wait_until="networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")
    return responses


def first_visit(base: str) -> list[str]:
    """Bytes a fresh browser downloads for the front page, by resource type."""
    from playwright.sync_api import sync_playwright

    lines = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        for label, query in (("Nastaliq (default)", ""), ("Naskh setting", "?font=naskh")):
            context = browser.new_context(viewport={"width": 360, "height": 800})
            page = context.new_page()
            sizes: Counter[str] = Counter()
            wire: Counter[str] = Counter()
            for response in _visit(page, base + "/" + query):
                kind = response.request.resource_type
                kind = {"document": "html", "stylesheet": "css", "script": "js"}.get(kind, kind)
                sizes[kind] += len(response.body())
                wire[kind] += response.request.sizes()["responseBodySize"]
            parts = ", ".join(
                f"{k} {wire[k]:,}" + (f" ({sizes[k]:,} unpacked)" if wire[k] != sizes[k] else "")
                for k in ("html", "css", "js", "font", "image", "other")
                if k in sizes
            )
            lines.append(
                f"{label:<19} {sum(wire.values()):>9,} bytes over the wire: {parts}; "
                f"js {wire['js']:,}"
            )
            context.close()
        browser.close()
    return lines


def _axe() -> Path | None:
    target = CACHE / "axe-core" / "package" / "axe.min.js"
    if target.exists():
        return target
    (CACHE / "axe-core").mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(
            ["npm", "pack", "axe-core", "--silent"],
            cwd=CACHE / "axe-core",
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        with tarfile.open(CACHE / "axe-core" / done.stdout.strip().splitlines()[-1]) as tar:
            tar.extractall(CACHE / "axe-core", filter="data")
    except (OSError, subprocess.SubprocessError, tarfile.TarError, IndexError):
        return None
    return target if target.exists() else None


def accessibility(base: str, paths: list[str]) -> list[str]:
    """axe-core violations on each page."""
    axe = _axe()
    if axe is None:
        return ["skipped: axe-core is not cached and `npm pack axe-core` failed"]
    from playwright.sync_api import sync_playwright

    source = axe.read_text(encoding="utf-8")
    version = json.loads((axe.parent / "package.json").read_text())["version"]
    lines = [f"axe-core {version}, rules: wcag2a wcag2aa wcag21aa best-practice"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        for path in paths:
            page.goto(base + path, wait_until="load", timeout=120_000)
            page.add_script_tag(content=source)
            result = page.evaluate(
                "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice']})"
            )
            violations = result["violations"]
            passes = len(result["passes"])
            if not violations:
                lines.append(f"  {path[:40]:<40} 0 violations ({passes} rules pass)")
            for v in violations:
                lines.append(
                    f"  {path[:40]:<40} {v['impact'] or '-':<9} {v['id']}: "
                    f"{len(v['nodes'])} node(s), {v['help']}"
                )
        context.close()
        browser.close()
    return lines


def main(argv: list[str] | None = None) -> int:
    """Print the reader's figures."""
    parser = argparse.ArgumentParser(description="reader figures")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args(argv)
    examples = default_examples()
    CACHE.mkdir(parents=True, exist_ok=True)
    db = CACHE / f"reader-{args.articles}.db"
    if not db.exists():
        began = time.perf_counter()
        partial = db.with_suffix(".partial")
        for stale in CACHE.glob(partial.name + "*"):
            stale.unlink()
        build(partial, args.articles, examples)
        partial.rename(db)
        print(f"built {db} in {time.perf_counter() - began:.0f}s")
    store = open_store(db)
    count = store.count_items()
    began = time.perf_counter()
    store.search(SearchQuery(text="پاکستان", limit=1))  # the index catches up on first use
    print(
        f"(first search, bringing the search index up to date: {time.perf_counter() - began:.1f}s)"
    )
    print(f"== server time at {count:,} stored articles (SQLite, {db.stat().st_size / 1e6:.0f} MB)")
    print(
        "   inside the server (ASGI), sequential requests; cpu = process CPU time per request;"
        f" ratio = HTML / JSON twin; load average {os.getloadavg()[0]:.1f}"
    )
    timed = Timed(create_app(Settings(db=str(db)), store=store))
    with serve_in_thread(timed) as base:
        for line in server_times(base, args.requests, timed):
            print(line)
        if CHROMIUM.exists():
            print("== first visit to the front page at 360 px (chromium, empty cache)")
            for line in first_visit(base):
                print(line)
            story = store.stories(limit=1)[0].id
            paths = [
                "/",
                f"/story/{quote(story, safe='')}",
                "/search?q=" + quote("پاکستان"),
                "/sources",
                "/settings",
            ]
            import httpx

            story_html = httpx.get(base + paths[1], timeout=60).text
            entity = story_html.split('href="/entity/', 1)
            if len(entity) == 2:
                paths.insert(2, "/entity/" + entity[1].split('"', 1)[0])
            print("== accessibility (axe-core in chromium)")
            for line in accessibility(base, paths):
                print(line)
        else:
            print("skipped: /usr/bin/chromium not found (first-visit bytes, accessibility)")
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
