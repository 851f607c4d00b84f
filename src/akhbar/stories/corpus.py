"""A reader for the COUNTER text-reuse corpus (agency/newspaper pairs), for tuning and eval.

COUNTER (Sharjeel, Nawab & Rayson 2016) ships ``NNNN.xml`` (an agency story) and
``NNNNp.xml`` (a newspaper story) with the pair's label on the root element:
``classification`` is WD (wholly derived), PD (partially derived) or ND (not derived).
The reader tolerates the corpus's known flaws: a few malformed ``newsdate`` values, a
root element spelled differently, undecodable characters.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from akhbar.errors import ParseError

LABELS = ("WD", "PD", "ND")
_DATE = re.compile(r"(\d{1,2})\D+(\d{1,2})\D+(\d{2,4})")


@dataclass(frozen=True, slots=True)
class CounterDoc:
    """One COUNTER document."""

    id: str
    title: str
    body: str
    date: datetime | None
    newspaper: str
    domain: str


@dataclass(frozen=True, slots=True)
class CounterPair:
    """An agency source and the newspaper story graded against it."""

    id: str
    label: str
    source: CounterDoc
    derived: CounterDoc


def parse_date(value: str) -> datetime | None:
    """A dd.mm.yy date, leniently (``8.09.14``, ``27-07-14``); None when unusable."""
    m = _DATE.search(value or "")
    if not m:
        return None
    day, month, year = (int(g) for g in m.groups())
    if year < 100:
        year += 2000
    try:
        return datetime(year, month, day)
    except ValueError:
        return None


def read_doc(path: Path) -> tuple[CounterDoc, str]:
    """One document and its pair label."""
    raw = path.read_bytes().decode("utf-8", errors="replace")
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        raise ParseError(f"{path.name}: {exc}") from exc
    attrs = {k.lower(): v for k, v in root.attrib.items()}
    head = root.find("headline")
    body = root.find("body")
    doc = CounterDoc(
        id=path.stem,
        title=(head.text or "").strip() if head is not None else "",
        body=(body.text or "").strip() if body is not None else "",
        date=parse_date(attrs.get("newsdate", "")),
        newspaper=attrs.get("newspaper", ""),
        domain=attrs.get("domain", ""),
    )
    return doc, attrs.get("classification", "").upper()


def read_pairs(directory: Path) -> list[CounterPair]:
    """Every complete pair in ``directory``, in file order."""
    pairs = []
    for src_path in sorted(directory.glob("[0-9][0-9][0-9][0-9].xml")):
        der_path = src_path.with_name(f"{src_path.stem}p.xml")
        if not der_path.exists():
            continue
        source, label = read_doc(src_path)
        derived, label_p = read_doc(der_path)
        label = label if label in LABELS else label_p
        if label not in LABELS:
            continue
        pairs.append(CounterPair(src_path.stem, label, source, derived))
    return pairs
