"""The hand-annotated quotes under tests/data/quotes and the overlap F1 that scores them."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from akhbar.model import Article, Item, Quote

DATA = Path(__file__).resolve().parents[1] / "data" / "quotes"


@dataclass(frozen=True, slots=True)
class Gold:
    """One annotated quote: its content span and speaker text (None when unnamed)."""

    start: int
    end: int
    speaker: str | None


@dataclass(frozen=True, slots=True)
class Doc:
    id: str
    item: Item
    gold: tuple[Gold, ...]


def load(name: str, read: Callable[[Item], Article]) -> list[tuple[Doc, Article]]:
    """Documents of ``name`` (headlines or bodies) with gold spans located in the read text."""
    out = []
    for line in (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        item = Item(source="gold", uid=rec["id"], title=rec["title"], text=rec["text"])
        art = read(item)
        gold = []
        after: dict[str, int] = {}  # a content given twice is its next occurrence
        for q in rec["quotes"]:
            i = art.text.find(q["content"], after.get(q["content"], 0))
            after[q["content"]] = i + 1
            if i < 0:
                raise ValueError(f"{rec['id']}: content not found: {q['content'][:40]}")
            gold.append(Gold(i, i + len(q["content"]), q["speaker"]))
        out.append((Doc(rec["id"], item, tuple(gold)), art))
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return inter / shorter if inter > 0 and shorter > 0 else 0.0


def _same_speaker(a: str, b: str) -> bool:
    ta, tb = set(a.split()), set(b.split())
    return bool(ta and tb) and len(ta & tb) >= 0.5 * min(len(ta), len(tb))


@dataclass(frozen=True, slots=True)
class Score:
    content: tuple[int, int, int]  # matched, predicted, gold
    speaker: tuple[int, int, int]

    @staticmethod
    def f1(t: tuple[int, int, int]) -> float:
        m, p, g = t
        return 2 * m / (p + g) if p + g else 1.0

    def line(self) -> str:
        c, s = self.content, self.speaker
        return (
            f"content F1 {self.f1(c):.3f} (matched {c[0]}, predicted {c[1]}, gold {c[2]}); "
            f"speaker F1 {self.f1(s):.3f} (matched {s[0]}, predicted {s[1]}, gold {s[2]})"
        )


def score(pairs: Sequence[tuple[Doc, Sequence[Quote], str]]) -> Score:
    """Content overlap F1 (one-to-one, ≥ half of the shorter span) and speaker F1 (the
    speaker of a content-matched quote shares at least half of the shorter one's words)."""
    cm = cp = cg = sm = sp = sg = 0
    for doc, quotes, text in pairs:
        cp += len(quotes)
        cg += len(doc.gold)
        sp += sum(1 for q in quotes if q.speaker is not None)
        sg += sum(1 for g in doc.gold if g.speaker)
        cands = sorted(
            (
                (_overlap((q.content.start, q.content.end), (g.start, g.end)), i, j)
                for i, q in enumerate(quotes)
                for j, g in enumerate(doc.gold)
            ),
            reverse=True,
        )
        used_p: set[int] = set()
        used_g: set[int] = set()
        for ov, i, j in cands:
            if ov < 0.5 or i in used_p or j in used_g:
                continue
            used_p.add(i)
            used_g.add(j)
            cm += 1
            q, g = quotes[i], doc.gold[j]
            if (
                q.speaker is not None
                and g.speaker
                and _same_speaker(text[q.speaker.start : q.speaker.end], g.speaker)
            ):
                sm += 1
    return Score((cm, cp, cg), (sm, sp, sg))
