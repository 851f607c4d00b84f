"""Gazetteers: known names with their Urdu spellings, canonical IDs and English names.

Entries come from plain TSV files in ``analyze/resources`` (``id``, ``label``,
``english``, ``|``-separated Urdu spellings). Rows that share an ID are merged, so a
generated file (countries from CLDR) and a curated file (the spellings Urdu media use)
add up. Matching is on the search key of each token, so spelling variants that differ
only in diacritics, letter forms or case meet on one key.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources

from akhbar.errors import ModelError
from akhbar.text import normalize, segment

LABELS = ("PERSON", "LOCATION", "ORGANIZATION")
#: The files shipped in ``analyze/resources``, in merge order.
RESOURCE_FILES = ("places.tsv", "entities.tsv")


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One known name: its canonical ID, label, English name and Urdu spellings."""

    id: str
    label: str
    english: str
    variants: tuple[str, ...]
    weak: bool = False


@dataclass(frozen=True, slots=True)
class Match:
    """A gazetteer match over tokens ``[start, end)`` of a token sequence."""

    start: int
    end: int
    entry: GazetteerEntry
    strong: bool = True


def token_keys(text: str) -> tuple[str, ...]:
    """The search keys of the tokens of ``text``, e.g. ``token_keys("کم جونگ اُن")``."""
    shown = normalize.display(text)
    out = []
    for s, e in segment.tokens(shown):
        key = normalize.search_key(shown[s:e])
        if key:
            out.append(key)
    return tuple(out)


class Gazetteer:
    """Longest-match lookup of known names over token search keys."""

    def __init__(self, entries: Iterable[GazetteerEntry]) -> None:
        merged: dict[str, GazetteerEntry] = {}
        spellings: list[tuple[str, str, bool]] = []
        for entry in entries:
            spellings.extend((entry.id, v, entry.weak) for v in entry.variants)
            old = merged.get(entry.id)
            if old is None:
                merged[entry.id] = entry
                continue
            variants = tuple(dict.fromkeys((*old.variants, *entry.variants)))
            merged[entry.id] = GazetteerEntry(
                old.id,
                entry.label or old.label,
                old.english or entry.english,
                variants,
                old.weak and entry.weak,
            )
        self.entries: dict[str, GazetteerEntry] = merged
        self._by_keys: dict[tuple[str, ...], GazetteerEntry] = {}
        self._strong: set[tuple[str, ...]] = set()
        self._first: dict[str, int] = {}
        self._token_labels: dict[str, set[str]] = {}
        for ident, variant, weak in spellings:
            entry = merged[ident]
            keys = token_keys(variant)
            if not keys:
                continue
            # Later files refine earlier ones: the last row naming a spelling decides
            # its entry and whether it is strong enough to stand without the tagger.
            self._by_keys[keys] = entry
            if weak:
                self._strong.discard(keys)
            else:
                self._strong.add(keys)
            self._first[keys[0]] = max(self._first.get(keys[0], 0), len(keys))
            for key in keys:
                self._token_labels.setdefault(key, set()).add(entry.label)
        self.max_len = max((len(k) for k in self._by_keys), default=0)

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, text: str) -> GazetteerEntry | None:
        """The entry whose spelling has the same token keys as ``text``, if any."""
        return self._by_keys.get(token_keys(text))

    def lookup_keys(self, keys: Sequence[str]) -> GazetteerEntry | None:
        """The entry for a sequence of token search keys, if any."""
        return self._by_keys.get(tuple(keys))

    def token_labels(self, key: str) -> frozenset[str]:
        """Labels of the entries whose spellings contain the token with this key."""
        return frozenset(self._token_labels.get(key, ()))

    def matches(self, keys: Sequence[str]) -> Iterator[Match]:
        """Greedy longest, leftmost, non-overlapping matches over token keys."""
        first = self._first
        by_keys = self._by_keys
        n = len(keys)
        free = 0  # the first token not inside an earlier match
        for i, key in enumerate(keys):
            longest = first.get(key)
            if longest is None or i < free:
                continue
            for length in range(min(longest, n - i), 0, -1):
                span = tuple(keys[i : i + length])
                entry = by_keys.get(span)
                if entry is not None:
                    yield Match(i, i + length, entry, span in self._strong)
                    free = i + length
                    break


def parse_tsv(text: str) -> list[GazetteerEntry]:
    """Entries from TSV: ``id<TAB>label<TAB>english<TAB>variant|variant…[<TAB>weak]``."""
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.rstrip("\n").split("\t")
        if len(parts) < 4:
            raise ModelError(f"gazetteer line {n}: expected 4 tab-separated fields")
        ident, label, english, variants = parts[:4]
        if label not in LABELS:
            raise ModelError(f"gazetteer line {n}: unknown label {label!r}")
        names = tuple(v.strip() for v in variants.split("|") if v.strip())
        weak = len(parts) > 4 and parts[4].strip() == "weak"
        out.append(GazetteerEntry(ident.strip(), label, english.strip(), names, weak))
    return out


def read_resource(name: str) -> str:
    """The text of one shipped resource file."""
    try:
        return (resources.files("akhbar.analyze") / "resources" / name).read_text("utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise ModelError(f"missing resource analyze/resources/{name}") from exc


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The shipped gazetteer, built once per process."""
    entries: list[GazetteerEntry] = []
    for name in RESOURCE_FILES:
        entries.extend(parse_tsv(read_resource(name)))
    return Gazetteer(entries)
