"""Display form and search key of Urdu text, with an offset map back to the original.

The display form is faithful Urdu for reading; the search key folds it further
for matching. Both are built from one table of stages so that the fast path
(``display``) and the offset-tracking path (``normalize``) cannot disagree.

>>> display("كتاب")
'کتاب'
>>> search_key("اِیران") == search_key("ايران") == search_key("ﺍﻳﺮﺍﻥ")
True
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from akhbar.text._check import require_str

# Character classes (display form).
_ARABIC_MARKS = (
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
)
_ARABIC_LETTERS = (
    "\u0620-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06e5\u06e6\u06ee\u06ef\u06fa-\u06fc\u06ff"
    "\u0750-\u077f\u08a0-\u08c9"
)
_ASPIRABLE = "بپتٹجچدڈرڑکگلمن"
_MARKS_RE = re.compile(f"[{_ARABIC_MARKS}]")

# Word ligatures that stand as symbols in news typesetting (ﷺ, ﷻ, ﷼, ﷽): kept.
_KEPT_LIGATURES = frozenset("\ufdfa\ufdfb\ufdfc\ufdfd\ufdfe\ufdff")

_ARABIC_TO_URDU = {
    "\u064a": "\u06cc",  # ي → ی
    "\u0649": "\u06cc",  # ى → ی
    "\u0643": "\u06a9",  # ك → ک
    "\u0629": "\u06c3",  # ة → ۃ
    "\u06c0": "\u06c2",  # ۀ → ۂ
    **{chr(0x0660 + d): chr(0x06F0 + d) for d in range(10)},  # Arabic-Indic digits → Urdu
}

_SPACES = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
_SPACES += "\u202f\u205f\u3000"
_LINE_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# Invisible format characters dropped: soft hyphen, ALM, Mongolian vowel separator,
# ZWSP, LRM/RLM, bidi embeddings and isolates, word joiner, invisible operators, BOM.
_DROPPED = (
    "\u00ad\u061c\u180e\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff\u0640"
)

# Composition of a base letter and a following hamza or madda mark.
_COMPOSE = {
    "\u0627\u0653": "\u0622",  # ا + ٓ → آ
    "\u0627\u0654": "\u0623",
    "\u0627\u0655": "\u0625",
    "\u0648\u0654": "\u0624",
    "\u06cc\u0654": "\u0626",  # ی + ٔ → ئ
    "\u06c1\u0654": "\u06c2",  # ہ + ٔ → ۂ
    "\u06d2\u0654": "\u06d3",  # ے + ٔ → ۓ
}

_ZW_LETTER = f"{_ARABIC_LETTERS}{_ARABIC_MARKS}"
# ZWNJ is kept once between two Arabic-script letters, where it stops a join; ZWJ is
# kept only inside emoji sequences. Everywhere else both are dropped.
_EMOJI_RE = re.compile("[\u2600-\u27bf\U0001f000-\U0001faff\ufe0f]")
# Runs of spaces and line breaks: one space, or one line break, or one blank line.
_WS_RE = re.compile(r"[ \r\n][ \r\n]+|\r")
_SPACE_RUN = re.compile("  +")
_NEWLINE_RUN = re.compile("\n\n\n+")


def _zw_keep(s: str, a: int, b: int) -> str:
    """What stays of the ZWNJ run or ZWJ at ``s[a:b]``: one joiner, or nothing."""
    if a == 0 or b == len(s):
        return ""
    prev, nxt = s[a - 1], s[b]
    if s[a] == "\u200c":
        return "\u200c" if _is_zw_letter(prev) and _is_zw_letter(nxt) else ""
    return "\u200d" if _EMOJI_RE.match(prev) and _EMOJI_RE.match(nxt) else ""


@lru_cache(maxsize=1)
def _zw_letter_re() -> re.Pattern[str]:
    return re.compile(f"[{_ZW_LETTER}]")


def _is_zw_letter(ch: str) -> bool:
    return _zw_letter_re().match(ch) is not None


def _ws_repl(m: re.Match[str]) -> str:
    run = m.group()
    if "\n" not in run and "\r" not in run:
        return " "
    breaks = run.replace("\r\n", "\n").replace("\r", "\n").count("\n")
    return "\n\n" if breaks > 1 else "\n"


@lru_cache(maxsize=1)
def display_table() -> dict[int, str]:
    """The one-character stage of the display form, as a ``str.translate`` table."""
    table: dict[int, str] = {}

    def urdu(s: str) -> str:
        return "".join(_ARABIC_TO_URDU.get(c, c) for c in s)

    ranges = (range(0xFB50, 0xFE00), range(0xFE70, 0xFF00), range(0xFF01, 0xFF5F))
    for rng in ranges:
        for cp in rng:
            ch = chr(cp)
            if ch in _KEPT_LIGATURES or unicodedata.category(ch) == "Cn":
                continue
            folded = unicodedata.normalize("NFKC", ch)
            if folded == ch:
                continue
            if folded.startswith(" ") and len(folded) > 1:  # isolated harakat forms
                folded = folded[1:]
            table[cp] = urdu(folded.replace("\u0640", ""))
    for src, dst in _ARABIC_TO_URDU.items():
        if len(src) == 1:
            table[ord(src)] = dst
    for ch in _SPACES:
        table[ord(ch)] = " "
    for ch in _LINE_BREAKS:
        table[ord(ch)] = "\n"
    for ch in _DROPPED:
        table[ord(ch)] = ""
    for cp in [
        *range(0x00, 0x09),
        *range(0x0E, 0x1C),
        0x1F,
        *range(0x7F, 0x85),
        *range(0x86, 0xA0),
    ]:
        table[cp] = ""
    for cp in range(0xD800, 0xE000):  # lone surrogates cannot be written out
        table[cp] = "\ufffd"
    table[0xFFFE] = table[0xFFFF] = ""
    table[0xFEFF] = ""
    return table


@lru_cache(maxsize=1)
def key_table() -> dict[int, str]:
    """The search-key stage applied to a display form, as a ``str.translate`` table."""
    table: dict[int, str] = {}
    for cp in [*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE)]:
        if chr(cp) not in "\u06e5\u06e6\u06dd\u06de\u06e9":
            table[cp] = ""
    for d in range(10):
        table[0x06F0 + d] = str(d)
        table[0x0660 + d] = str(d)
        table[0x0966 + d] = str(d)
    for src, dst in {
        "أ": "ا",
        "إ": "ا",
        "ٱ": "ا",
        "ٲ": "ا",
        "ٳ": "ا",
        "ؤ": "و",
        "ۂ": "ہ",
        "ۀ": "ہ",
        "ۓ": "ئے",
        "ۃ": "ت",
        "\u200c": "",
        "۔": ".",
        "٫": ".",
        "،": ",",
        "٬": ",",
        "؛": ";",
        "؟": "?",
        "٪": "%",
        "«": '"',
        "»": '"',
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "―": "-",
        "−": "-",
        "…": "...",
    }.items():
        table[ord(src)] = dst
    return table


@lru_cache(maxsize=1)
def he_exceptions() -> dict[str, str]:
    """Words written with Arabic ه whose Urdu spelling the aspiration rule gets wrong."""
    out: dict[str, str] = {}
    data = resources.files("akhbar.text").joinpath("resources/he_words.tsv").read_text("utf-8")
    for line in data.splitlines():
        if not line or line.startswith("#"):
            continue
        src, _, dst = line.partition("\t")
        if src and dst and len(src) == len(dst):
            out[src] = dst
    return out


def resolve_he(word: str) -> str:
    """Urdu spelling of a word written with Arabic ه: ھ for aspiration, else ہ."""
    known = he_exceptions().get(word)
    if known is not None:
        return known
    return he_rule(word)


def he_rule(word: str) -> str:
    """The aspiration rule alone: ه after an aspirable consonant, inside a word, is ھ."""
    out = list(word)
    n = len(word)
    for i, ch in enumerate(word):
        if ch != "\u0647":
            continue
        j = i - 1
        while j >= 0 and _MARKS_RE.match(word[j]):
            j -= 1
        medial = i + 1 < n
        out[i] = "\u06be" if medial and j >= 0 and word[j] in _ASPIRABLE else "\u06c1"
    return "".join(out)


@lru_cache(maxsize=1)
def _word_chars() -> frozenset[str]:
    letters = re.compile(f"[{_ARABIC_LETTERS}{_ARABIC_MARKS}]")
    return frozenset(c for c in map(chr, range(0x0600, 0x0900)) if letters.match(c))


def _he_edits(s: str) -> Iterator[tuple[int, int, str]]:
    """The words holding Arabic ه and their Urdu spelling (found with str.find: ه is rare)."""
    chars = _word_chars()
    i = s.find("\u0647")
    while i >= 0:
        a = i
        while a > 0 and s[a - 1] in chars:
            a -= 1
        b = i + 1
        while b < len(s) and s[b] in chars:
            b += 1
        yield a, b, resolve_he(s[a:b])
        i = s.find("\u0647", b)


def _zw_edits(s: str) -> Iterator[tuple[int, int, str]]:
    """Runs of ZWNJ and single ZWJ, each with what the ZWNJ/ZWJ policy keeps of it."""
    spots: list[tuple[int, int]] = []
    i = s.find("\u200c")
    while i >= 0:
        j = i + 1
        while j < len(s) and s[j] == "\u200c":
            j += 1
        spots.append((i, j))
        i = s.find("\u200c", j)
    i = s.find("\u200d")
    while i >= 0:
        spots.append((i, i + 1))
        i = s.find("\u200d", i + 1)
    spots.sort()
    for a, b in spots:
        yield a, b, _zw_keep(s, a, b)


def _compose_edits(s: str) -> Iterator[tuple[int, int, str]]:
    """A base letter and the madda or hamza mark after it, as one precomposed letter."""
    marks = sorted(i for mark in "\u0653\u0654\u0655" for i in _find_all(s, mark))
    last = 0
    for i in marks:
        if i - 1 >= last and (composed := _COMPOSE.get(s[i - 1 : i + 1])) is not None:
            yield i - 1, i + 1, composed
            last = i + 1


def _find_all(s: str, needle: str) -> list[int]:
    out = []
    i = s.find(needle)
    while i >= 0:
        out.append(i)
        i = s.find(needle, i + 1)
    return out


def _regex_edits(
    pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str]
) -> Callable[[str], Iterator[tuple[int, int, str]]]:
    def edits(s: str) -> Iterator[tuple[int, int, str]]:
        for m in pattern.finditer(s):
            yield m.start(), m.end(), repl(m)

    return edits


def _splice(s: str, edits: Iterable[tuple[int, int, str]]) -> str:
    parts: list[str] = []
    pos = 0
    for a, b, rep in edits:
        parts.append(s[pos:a])
        parts.append(rep)
        pos = b
    parts.append(s[pos:])
    return "".join(parts)


# The regex stages after the one-character table, in order. Each maps a match to its
# replacement; the offset path relies on the replacement of a match of length 1 being
# of length 1 or 0, and the ه stage being length-preserving.
_Stage = Callable[[str], Iterator[tuple[int, int, str]]]


def _stages() -> tuple[_Stage, ...]:
    return (
        _he_edits,
        _zw_edits,
        _compose_edits,
        _regex_edits(_WS_RE, _ws_repl),
    )


def display(text: str) -> str:
    """Faithful Urdu display form of ``text``.

    >>> display("پاکستان مىں ﻛﺘﺎﺏ")
    'پاکستان میں کتاب'
    """
    require_str(text)
    table = display_table()
    s = _changing_re().sub(lambda m: table[ord(m.group())], text)
    if "\u0647" in s:
        s = _splice(s, _he_edits(s))
    if "\u200c" in s or "\u200d" in s:
        s = _splice(s, _zw_edits(s))
    if "\u0653" in s or "\u0654" in s or "\u0655" in s:
        s = _splice(s, _compose_edits(s))
    return _fold_spaces(s)


def _fold_spaces(s: str) -> str:
    """The whitespace stage with plain string replaces (same result as ``_WS_RE``, faster)."""
    if "\r" in s:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
    if "  " in s:
        s = _SPACE_RUN.sub(" ", s)
    if " \n" in s:
        s = s.replace(" \n", "\n")
    if "\n " in s:
        s = s.replace("\n ", "\n")
    while "\n\n\n" in s:
        s = _NEWLINE_RUN.sub("\n\n", s)
    return s


def search_key(text: str) -> str:
    """Display form folded for matching: no diacritics, ASCII digits, one hamza, one punctuation.

    >>> search_key("ایران") == search_key("ايران") == search_key("ﺍﻳﺮﺍﻥ")
    True
    """
    require_str(text)
    table = key_table()
    return _key_changing_re().sub(lambda m: table[ord(m.group())], display(text)).lower()


@dataclass(frozen=True, slots=True)
class Normalized:
    """A display form and, for each of its characters, the span it came from in the original."""

    text: str
    offsets: tuple[int, ...]
    ends: tuple[int, ...]
    original_length: int

    def to_original(self, i: int) -> int:
        """Offset in the original of display offset ``i`` (``len(text)`` maps to the end)."""
        if i >= len(self.offsets):
            return self.original_length
        return self.offsets[max(i, 0)]

    def to_original_end(self, i: int) -> int:
        """Offset in the original where display character ``i - 1`` ends (for span ends)."""
        if i <= 0:
            return self.offsets[0] if self.offsets else 0
        if i > len(self.ends):
            return self.original_length
        return self.ends[i - 1]

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the display span ``[start, end)``."""
        if end <= start:
            o = self.to_original(start)
            return o, o
        return self.to_original(start), self.to_original_end(end)

    def to_display(self, j: int) -> int:
        """The first display offset whose source starts at or after original offset ``j``."""
        return bisect_right(self.offsets, j - 1)


def _apply(
    s: str,
    starts: list[int],
    ends: list[int],
    edits: Iterable[tuple[int, int, str]],
) -> tuple[str, list[int], list[int]]:
    parts: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    pos = 0
    for a, b, rep in edits:
        parts.append(s[pos:a])
        new_starts.extend(starts[pos:a])
        new_ends.extend(ends[pos:a])
        parts.append(rep)
        if len(rep) == b - a:
            new_starts.extend(starts[a:b])
            new_ends.extend(ends[a:b])
        else:
            last = len(rep) - 1
            for k in range(len(rep)):
                src = a + min(k, b - a - 1)
                new_starts.append(starts[src])
                new_ends.append(ends[b - 1] if k == last else ends[src])
        pos = b
    parts.append(s[pos:])
    new_starts.extend(starts[pos:])
    new_ends.extend(ends[pos:])
    return "".join(parts), new_starts, new_ends


@lru_cache(maxsize=1)
def _key_changing_re() -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(chr(k)) for k in key_table()) + "]")


@lru_cache(maxsize=1)
def _changing_re() -> re.Pattern[str]:
    keys = "".join(re.escape(chr(k)) for k in display_table() if not 0xD800 <= k < 0xE000)
    return re.compile(f"[{keys}\ud800-\udfff]")


def normalize(text: str) -> Normalized:
    """Display form of ``text`` with the original span of each of its characters.

    >>> n = normalize("ﻛﺘﺎﺏ  ہے")
    >>> n.text, n.to_original(5)
    ('کتاب ہے', 6)
    """
    require_str(text)
    table = display_table()
    starts = list(range(len(text)))
    ends = list(range(1, len(text) + 1))

    def one_char(m: re.Match[str]) -> str:
        return m.group().translate(table)

    s, starts, ends = _apply(text, starts, ends, _regex_edits(_changing_re(), one_char)(text))
    for stage in _stages():
        s, starts, ends = _apply(s, starts, ends, stage(s))
    return Normalized(s, tuple(starts), tuple(ends), len(text))
