"""Display form and search key of Urdu text (first version; see tests for the contract)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

_MAP = {
    "\u064a": "\u06cc",
    "\u0649": "\u06cc",
    "\u0643": "\u06a9",
    "\u0629": "\u06c3",
    "\u06c0": "\u06c2",
    "\u0640": "",
}


@dataclass(frozen=True, slots=True)
class Normalized:
    """A display form and, for each of its characters, the offset in the original."""

    text: str
    offsets: tuple[int, ...]

    def to_original(self, i: int) -> int:
        if not self.offsets:
            return 0
        return (
            self.offsets[min(i, len(self.offsets) - 1)]
            if i < len(self.offsets)
            else self.offsets[-1] + 1
        )


def normalize(text: str) -> Normalized:
    out: list[str] = []
    offs: list[int] = []
    for i, ch in enumerate(text):
        if "\ufb50" <= ch <= "\ufdff" or "\ufe70" <= ch <= "\ufeff":
            ch = unicodedata.normalize("NFKC", ch)
        rep = _MAP.get(ch, ch)
        for c in rep:
            out.append(c)
            offs.append(i)
    return Normalized("".join(out), tuple(offs))


def display(text: str) -> str:
    return normalize(text).text


def search_key(text: str) -> str:
    d = display(text)
    return "".join(c for c in d if not unicodedata.combining(c)).lower()
