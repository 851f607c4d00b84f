"""Build examples/ for `make demo` from ../shared/data: per-outlet RSS feeds of COUNTER pairs.

COUNTER (Sharjeel, Nawab & Rayson 2016) pairs an agency story with a newspaper story
that may reuse it: wholly (WD), partly (PD) or not (ND) derived. This script picks a
few dozen pairs from one month (October 2014), so the demo reads like a news desk
with several outlets reporting the same events, and writes one RSS 2.0 feed per
outlet plus a manifest of sources. The sample news page is copied as it is.

    .venv/bin/python training/build_examples.py            # writes examples/
    .venv/bin/python training/build_examples.py --pairs 40
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from xml.etree import ElementTree as ET

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
PKT = timezone(timedelta(hours=5), "PKT")


@dataclass(frozen=True, slots=True)
class Outlet:
    key: str
    name: str
    english: str
    type: str
    url: str | None


OUTLETS: dict[str, Outlet] = {
    "APP": Outlet("app", "اے پی پی", "Associated Press of Pakistan", "agency", "https://www.app.com.pk/urdu/"),
    "INN": Outlet("inn", "آئی این این", "International News Network", "agency", None),
    "INP": Outlet("inp", "آئی این پی", "Independent News Pakistan", "agency", None),
    "NNI": Outlet("nni", "این این آئی", "News Network International", "agency", None),
    "SANA": Outlet("sana", "ثنا نیوز", "South Asian News Agency", "agency", None),
    "daily_dunya": Outlet("dunya", "روزنامہ دنیا", "Daily Dunya", "newspaper", "https://dunya.com.pk/"),
    "daily_waqt": Outlet("waqt", "روزنامہ وقت", "Daily Waqt", "newspaper", None),
    "express": Outlet("express", "روزنامہ ایکسپریس", "Daily Express", "newspaper", "https://www.express.pk/"),
    "nawa-e-waqt": Outlet("nawaiwaqt", "نوائے وقت", "Nawa-i-Waqt", "newspaper", "https://www.nawaiwaqt.com.pk/"),
    "jang": Outlet("jang", "روزنامہ جنگ", "Daily Jang", "newspaper", "https://jang.com.pk/"),
    "daily_insaf": Outlet("insaf", "روزنامہ انصاف", "Daily Insaf", "newspaper", None),
    "daily_islam": Outlet("islam", "روزنامہ اسلام", "Daily Islam", "newspaper", None),
    "daily_aaj": Outlet("aaj", "روزنامہ آج", "Daily Aaj", "newspaper", None),
    "daily_pakistan": Outlet("pakistan", "روزنامہ پاکستان", "Daily Pakistan", "newspaper", None),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Doc:
    number: str
    file: str
    outlet: Outlet
    date: datetime
    domain: str
    classification: str
    headline: str
    body: str


def _date(text: str) -> datetime | None:
    match = re.fullmatch(r"(\d{1,2})[.\-](\d{1,2})[.\-](\d{2})", text.strip())
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return datetime(2000 + year, month, day, tzinfo=PKT)
    except ValueError:
        return None


def read_doc(path: Path) -> Doc | None:
    """One COUNTER document, or None when its outlet or date cannot be read."""
    root = ET.parse(path).getroot()
    outlet = OUTLETS.get(root.get("newspaper", ""))
    date = _date(root.get("newsdate", ""))
    if outlet is None or date is None:
        return None
    return Doc(
        number=path.stem.rstrip("p"),
        file=path.name,
        outlet=outlet,
        date=date,
        domain=root.get("domain", ""),
        classification=root.get("classification", ""),
        headline=" ".join((root.findtext("headline") or "").split()),
        body=(root.findtext("body") or "").strip().replace("\ufffd", ""),
    )


def choose(pairs: list[tuple[Doc, Doc]], count: int, unrelated: int) -> list[tuple[Doc, Doc]]:
    """Derived pairs of October 2014, every domain represented, plus a few ND pairs."""
    month = [p for p in pairs if (p[0].date.year, p[0].date.month) == (2014, 10)]
    derived = [p for p in month if p[0].classification in {"WD", "PD"}]
    by_domain: dict[str, list[tuple[Doc, Doc]]] = defaultdict(list)
    for pair in sorted(derived, key=lambda p: (p[0].date, p[0].number)):
        by_domain[pair[0].domain].append(pair)
    chosen: list[tuple[Doc, Doc]] = []
    while len(chosen) < count and any(by_domain.values()):
        for domain in sorted(by_domain, key=lambda d: len(by_domain[d])):
            if by_domain[domain] and len(chosen) < count:
                chosen.append(by_domain[domain].pop(0))
    nd = [p for p in month if p[0].classification == "ND"][:unrelated]
    return sorted(chosen + nd, key=lambda p: (p[0].date, p[0].number))


def rss(outlet: Outlet, docs: list[Doc]) -> bytes:
    """An RSS 2.0 feed of one outlet's documents, newest first."""
    root = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(root, "channel")
    ET.SubElement(channel, "title").text = outlet.name
    if outlet.url:
        ET.SubElement(channel, "link").text = outlet.url
    ET.SubElement(
        channel, "description"
    ).text = f"{outlet.english}: stories from the COUNTER corpus (CC BY-NC-SA 4.0)"
    ET.SubElement(channel, "language").text = "ur"
    for doc in sorted(docs, key=lambda d: (d.date, d.file), reverse=True):
        item = ET.SubElement(channel, "item")
        ET.SubElement(item, "title").text = doc.headline
        ET.SubElement(item, "description").text = doc.body
        ET.SubElement(item, "guid", {"isPermaLink": "false"}).text = f"counter:{doc.file}"
        ET.SubElement(item, "pubDate").text = format_datetime(doc.date)
        ET.SubElement(item, "category").text = doc.domain
    ET.indent(root)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8")


def build(out: Path, count: int, unrelated: int) -> dict[str, int]:
    """Write the feeds, the manifest and the sample page into ``out``."""
    xml_dir = DATA / "counter" / "xml"
    pairs = []
    for agency_path in sorted(xml_dir.glob("[0-9][0-9][0-9][0-9].xml")):
        paper_path = agency_path.with_name(agency_path.stem + "p.xml")
        if not paper_path.exists():
            continue
        agency, paper = read_doc(agency_path), read_doc(paper_path)
        if agency and paper and agency.headline and paper.headline:
            pairs.append((agency, paper))
    chosen = choose(pairs, count, unrelated)
    by_outlet: dict[str, list[Doc]] = defaultdict(list)
    for agency, paper in chosen:
        by_outlet[agency.outlet.key].append(agency)
        by_outlet[paper.outlet.key].append(paper)
    feeds = out / "feeds"
    if feeds.exists():
        shutil.rmtree(feeds)
    feeds.mkdir(parents=True)
    sources = []
    outlets = {o.key: o for o in OUTLETS.values()}
    for key, docs in sorted(by_outlet.items()):
        outlet = outlets[key]
        (feeds / f"{key}.xml").write_bytes(rss(outlet, docs))
        sources.append(
            {
                "key": key,
                "name": outlet.name,
                "english": outlet.english,
                "type": outlet.type,
                "url": outlet.url,
                "path": f"feeds/{key}.xml",
                "kind": "feed",
            }
        )
    pages = out / "pages"
    pages.mkdir(exist_ok=True)
    shutil.copyfile(DATA / "samples" / "urdu-news-page.txt", pages / "urdu-news-page.txt")
    sources.append(
        {
            "key": "sample-page",
            "name": "نمونے کا صفحہ",
            "english": "Sample news page",
            "type": "other",
            "url": None,
            "path": "pages/urdu-news-page.txt",
            "kind": "page",
        }
    )
    (out / "sources.json").write_text(
        json.dumps(sources, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    lines = ["pair,classification,domain,agency,agency_date,newspaper,newspaper_date"]
    for agency, paper in chosen:
        lines.append(
            f"{agency.number},{agency.classification},{agency.domain},{agency.outlet.key},"
            f"{agency.date:%Y-%m-%d},{paper.outlet.key},{paper.date:%Y-%m-%d}"
        )
    (out / "counter-pairs.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"pairs": len(chosen), "outlets": len(by_outlet), "documents": 2 * len(chosen)}


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "examples")
    parser.add_argument("--pairs", type=int, default=36, help="derived (WD/PD) pairs")
    parser.add_argument("--unrelated", type=int, default=4, help="ND pairs")
    args = parser.parse_args(argv)
    if not (DATA / "counter" / "xml").is_dir():
        print("skipped: ../shared/data not found")
        return 0
    print(build(args.out, args.pairs, args.unrelated))
    return 0


if __name__ == "__main__":
    sys.exit(main())
