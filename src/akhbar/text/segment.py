"""Sentences and tokens with character offsets (first version)."""

from __future__ import annotations

import re

_TOKEN = re.compile(r"https?://\S+|[#@]\w+|\d+(?:[.,]\d+)*|\w+|[^\w\s]", re.UNICODE)
_SENT = re.compile(r"[^۔؟!؛\n]+[۔؟!؛]*")


def tokens(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _TOKEN.finditer(text)]


def words(text: str) -> list[str]:
    return [text[s:e] for s, e in tokens(text) if text[s:e][:1].isalnum()]


def sentences(text: str) -> list[tuple[int, int]]:
    out = []
    for m in _SENT.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out
