"""Ingest benchmark, side by side.

1. Feeds: items/s for ingesting 10,000 feed items from local RSS files (feedparser parse,
   adapt, clean, identify, language, SQLite store) next to feedparser's parse alone.
2. Pages: pages/s for ``akhbar.ingest.web.extract_page`` on 1,000 HTML pages next to
   trafilatura's ``bare_extraction`` alone with the same settings; ratio ours/trafilatura
   (target >= 0.8: our work adds at most a quarter).

Texts come from ../shared/data (Express headlines, COUNTER, XL-Sum); without it the
benchmark says so and exits 0.

    .venv/bin/python bench/bench_ingest.py [--items 10000] [--pages 1000]
"""

from __future__ import annotations

import argparse
import csv
import html
import io
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
NAV_AND_FOOTER = ("مزید خبریں", "صفحہ اول\nپاکستان", "جملہ حقوق محفوظ ہیں\n")


def headlines(limit: int) -> list[tuple[str, str, str, str]]:
    """(date, url, title, lede) rows of the Express headlines set."""
    out = []
    with open(DATA / "topics" / "express-headlines-2012-2017.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row.get("title") and row.get("url"):
                out.append((row["date"], row["url"], row["title"], row.get("lede") or ""))
            if len(out) >= limit:
                break
    return out


def articles(limit: int) -> list[tuple[str, str]]:
    """(headline, body) pairs from COUNTER and XL-Sum, then Express titles and ledes."""
    out: list[tuple[str, str]] = []
    for path in sorted((DATA / "counter" / "xml").glob("*.xml")):
        text = path.read_text(encoding="utf-8", errors="replace")
        head = re.search(r"<headline>(.*?)</headline>", text, re.S)
        body = re.search(r"<body>(.*?)</body>", text, re.S)
        if head and body:
            out.append((html.unescape(head.group(1)).strip(), html.unescape(body.group(1))))
    with open(DATA / "summaries" / "xlsum-ur-dev.jsonl", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            out.append((rec["summary"][:120], rec["text"]))
    for _, _, title, lede in headlines(limit):
        if len(out) >= limit:
            break
        out.append((title, lede + " " + lede))
    return out[:limit]


def rss(rows: list[tuple[str, str, str, str]], n: int) -> bytes:
    items = "".join(
        f"<item><title>{html.escape(t)}</title><link>{html.escape(u)}</link><guid>{html.escape(u)}"
        f"</guid><pubDate>{html.escape(d)}</pubDate><description>{html.escape(lede)}</description>"
        "</item>\n"
        for d, u, t, lede in rows
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>فیڈ {n}'
        f"</title><link>https://www.express.pk/</link>\n{items}</channel></rss>\n"
    ).encode()


def page(n: int, title: str, body: str, related: list[str]) -> str:
    paras = [p.strip() for p in re.split(r"(?<=۔)\s+", body) if p.strip()]
    chunks = [
        "".join(f"<p>{html.escape(s)}</p>" for s in paras[i : i + 3])
        for i in range(0, len(paras), 3)
    ]
    nav = "".join(
        f'<li><a href="/s/{k}">{w}</a></li>'
        for k, w in enumerate(["صفحہ اول", "پاکستان", "دنیا", "کھیل", "کاروبار", "صحت"])
    )
    rel = "".join(f'<li><a href="/r/{k}">{html.escape(r)}</a></li>' for k, r in enumerate(related))
    return (
        f'<!DOCTYPE html><html lang="ur" dir="rtl"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)} | روزنامہ</title>"
        f'<link rel="canonical" href="https://news.example.pk/story/{n}">'
        f'<meta property="article:published_time" content="2024-11-30T09:15:00+05:00">'
        f"</head><body><header><nav><ul>{nav}</ul></nav></header><main><article>"
        f"<h1>{html.escape(title)}</h1>{''.join(chunks)}</article>"
        f"<aside><h2>مزید خبریں</h2><ul>{rel}</ul></aside></main>"
        f"<footer><p>جملہ حقوق محفوظ ہیں</p></footer></body></html>"
    )


def bench_feeds(total: int, per_file: int = 500) -> None:
    import feedparser

    from akhbar.ingest.run import IngestOptions, ingest_paths
    from akhbar.store import open_store

    rows = headlines(total)
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for n in range(0, len(rows), per_file):
            path = Path(tmp) / f"feed{n // per_file:03d}.xml"
            path.write_bytes(rss(rows[n : n + per_file], n // per_file))
            files.append(str(path))
        t0 = time.process_time()
        parsed = sum(len(feedparser.parse(io.BytesIO(Path(f).read_bytes())).entries) for f in files)
        t_fp = time.process_time() - t0
        store = open_store(Path(tmp) / "bench.db")
        options = IngestOptions(process=False, batch_size=500, same_language=False)
        t0, w0 = time.process_time(), time.perf_counter()
        report = ingest_paths(store, files, options)
        t_ours, wall = time.process_time() - t0, time.perf_counter() - w0
        stored = store.count_items()
        store.close()
    print(f"feeds: {len(files)} files, {parsed} items parsed, {stored} stored, {report.seen} seen")
    print(
        f"  feedparser parse alone                {parsed / t_fp:7.0f} items/s ({t_fp:.2f} s CPU)"
    )
    print(
        f"  akhbar ingest (parse+normalize+store) {stored / t_ours:7.0f} items/s"
        f" ({t_ours:.2f} s CPU, {wall:.2f} s wall with the SQLite commits)"
    )
    print(f"  ratio akhbar/feedparser-alone         {t_fp / t_ours:.2f}")


def bench_pages(total: int) -> None:
    import trafilatura

    from akhbar.ingest.web import extract_page
    from akhbar.model import Source

    docs = articles(total)
    titles = [t for t, _ in docs]
    pages = [
        (f"https://news.example.pk/story/{n}", page(n, t, b, titles[n + 1 : n + 6]).encode())
        for n, (t, b) in enumerate(docs)
    ]
    related_of = {
        # (COUNTER pairs share headlines with their bodies: those are not leaks)
        f"https://news.example.pk/story/{n}": [r for r in titles[n + 1 : n + 6] if r not in b]
        for n, (_, b) in enumerate(docs)
    }
    source = Source("news.example.pk", "روزنامہ", "newspaper")
    for url, body in pages[:5]:  # warm up both
        extract_page(body, url, source)
        trafilatura.bare_extraction(body.decode(), url=url, with_metadata=True)

    def ours(block: list[tuple[str, bytes]]) -> tuple[int, int]:
        ok = junk = 0
        for url, body in block:
            try:
                item = extract_page(body, url, source)
            except Exception:  # counted as not extracted
                continue
            ok += 1
            # the related-headline list, the navigation or the footer leaking into the text
            related = related_of[url]
            junk += any(r in item.text for r in related) or any(
                m in item.text for m in NAV_AND_FOOTER
            )
        return ok, junk

    def alone(block: list[tuple[str, bytes]]) -> tuple[int, int]:
        for url, body in block:
            trafilatura.bare_extraction(
                body.decode("utf-8"),
                url=url,
                with_metadata=True,
                include_comments=False,
                include_tables=True,
                favor_precision=True,
            )
        return len(block), 0

    # blocks of 50 pages, the two sides in alternating order; CPU time of this process,
    # which is steadier than wall time on a shared machine
    t_ours = t_traf = 0.0
    ok = junk = 0
    ratios: list[float] = []
    for n in range(0, len(pages), 50):
        block = pages[n : n + 50]
        spent = {}
        for name in ("ours", "alone") if n % 100 else ("alone", "ours"):
            t0 = time.process_time()
            got = ours(block) if name == "ours" else alone(block)
            spent[name] = time.process_time() - t0
            if name == "ours":
                ok, junk = ok + got[0], junk + got[1]
        t_ours += spent["ours"]
        t_traf += spent["alone"]
        ratios.append(spent["alone"] / spent["ours"])
    print(
        f"pages: {len(pages)} HTML pages from ../shared/data texts; {ok} extracted,"
        f" {junk} with nav/related/footer text"
    )
    print(
        f"  trafilatura bare_extraction alone {len(pages) / t_traf:7.1f} pages/s"
        f" ({t_traf:.2f} s CPU)"
    )
    print(
        f"  akhbar extract_page               {len(pages) / t_ours:7.1f} pages/s"
        f" ({t_ours:.2f} s CPU)"
    )
    print(
        f"  ratio ours/trafilatura-alone      {t_traf / t_ours:.2f}"
        f" (median of {len(ratios)} blocks {statistics.median(ratios):.2f}; target >= 0.8)"
    )
    print(
        "  (both with the same trafilatura settings, except that ours asks htmldate for its"
        " quick search: our own reader takes dates from the page's meta tags first)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--pages", type=int, default=1_000)
    args = parser.parse_args()
    if not DATA.exists():
        print("skipped: ../shared/data not found")
        return 0
    bench_feeds(args.items)
    bench_pages(args.pages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
