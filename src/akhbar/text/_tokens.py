"""The tokenizer behind ``segment.tokens``: character classes in numpy, special spans by regex.

Every character gets a class from one lookup table (space, Arabic-script letter, digit,
other letter, single-character symbol, or one class per repeatable punctuation mark). A
token is a run of one class, except that symbols stand alone. URLs, e-mail addresses,
hashtags, mentions, numbers with separators, dotted abbreviations and emoji sequences
are then found by regular expressions, tried only where a cheap test says they can
match, and laid over the runs. The work per character is a handful of numpy passes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from itertools import pairwise

import numpy as np
import numpy.typing as npt

SPACE, ARABIC, DIGIT, LETTER, SYMBOL = 0, 1, 2, 3, 4
# Number separators, then other punctuation whose repeats make one token ("...", "!!!").
_SEPARATORS = ".,:/٫٬-"
_REPEATABLE = _SEPARATORS + "!?؟۔،=*_~'"
# Class numbers leave 5 and 6 free so that a DIGIT-LETTER pair is the only product of 6.
_FIRST_SEP = 7

AR_LETTER = (
    "\u0620-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06e5\u06e6\u06ee\u06ef\u06fa-\u06fc\u06ff"
    "\u0750-\u077f\u08a0-\u08c9\ufb50-\ufdf9\ufe70-\ufefc"
)
AR_MARK = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
AR = f"{AR_LETTER}{AR_MARK}"
EMOJI = "\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff"
_URL_END = r"[^\s<>\"'«»“”.,;:!?)\]}۔،؟؛]"
_URL_BODY = r"[^\s<>\"'«»“”]"

_URL = re.compile(rf"(?:(?:https?|ftp)://|www\.){_URL_BODY}*{_URL_END}")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_EMAIL_LOCAL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")
_MENTION = re.compile(r"@\w+")
_HASHTAG = re.compile(rf"#(?:[^\W_]|_|[{AR}\u200c\u0300-\u036f])+")
_NUMBER = re.compile(r"\d+(?:[.,:/٫٬]\d+)+")
# Latin letters and digits written together: 2G, COVID-19, B350-B-3, MP3, s-1.
_ASCII_LETTER = re.compile("[A-Za-z]")
_SEPARATOR = re.compile("[.,:/٫٬-]")
_DIGIT_LETTER = re.compile("(?=[A-Za-z][0-9]|[0-9][A-Za-z])")
_INNER_APOSTROPHE = re.compile("(?<=[A-Za-z])['’](?=[A-Za-z])")
_SKIN_TONE = re.compile("[\U0001f3fb-\U0001f3ff]")
# Texts up to this length are tokenized in plain Python: numpy's per-call cost dominates.
_SHORT = 64
_ASCII_DIGIT = re.compile("[0-9]")
_LATIN_COMPOUND = re.compile(r"[A-Za-z0-9]+(?:[-.][A-Za-z0-9]+)*")
_ABBREV = re.compile(r"(?:[A-Za-z]\.){2,}(?:[A-Za-z](?![A-Za-z0-9]))?")
_APOSTROPHE = re.compile(r"[A-Za-z]+['’][A-Za-z]+")
_EMOJI_SEQ = re.compile(rf"[{EMOJI}](?:[\ufe0f\U0001f3fb-\U0001f3ff]|\u200d[{EMOJI}])+")


@lru_cache(maxsize=1)
def class_table() -> npt.NDArray[np.uint8]:
    """The class of every code point, as one array indexed by code point."""
    table = np.full(0x110000, SYMBOL, dtype=np.uint8)
    for cp in range(0x30000):
        if 0xD800 <= cp < 0xE000:
            continue
        ch = chr(cp)
        if ch.isspace():
            table[cp] = SPACE
        elif ch.isdecimal():
            table[cp] = DIGIT
        elif ch.isalnum() or unicodedata.category(ch)[0] == "M":
            table[cp] = LETTER
    arabic = re.compile(f"[{AR}\u200c\u200d]")
    for cp in (*range(0x0600, 0x0900), *range(0xFB50, 0xFEFD), 0x200C, 0x200D):
        if arabic.match(chr(cp)):
            table[cp] = ARABIC
    for k, ch in enumerate(_REPEATABLE):
        table[ord(ch)] = _FIRST_SEP + k
    return table


def _codepoints(text: str) -> npt.NDArray[np.uint32]:
    data = text.encode("utf-32-le", "surrogatepass")
    return np.frombuffer(data, dtype=np.uint32)


def _positions(text: str, needle: str) -> list[int]:
    out = []
    i = text.find(needle)
    while i >= 0:
        out.append(i)
        i = text.find(needle, i + 1)
    return out


def special_spans(text: str) -> list[tuple[int, int, str]]:
    """Spans of URLs, e-mails, hashtags, mentions, dotted numbers and the like, non-overlapping."""
    found: list[tuple[int, int, str]] = []
    n = len(text)

    def add(m: re.Match[str] | None, kind: str) -> None:
        if m is not None:
            found.append((m.start(), m.end(), kind))

    if "://" in text or "www." in text:
        _urls(text, add)
    if "@" in text:
        for p in _positions(text, "@"):
            start = p
            while start > 0 and text[start - 1] in _EMAIL_LOCAL:
                start -= 1
            if start < p and not (start > 0 and text[start - 1].isalnum()):
                add(_EMAIL.match(text, start), "email")
            elif p == 0 or not (text[p - 1].isalnum() or text[p - 1] in "_."):
                add(_MENTION.match(text, p), "mention")
    if "#" in text:
        for p in _positions(text, "#"):
            if p == 0 or not (text[p - 1].isalnum() or text[p - 1] in "_&"):
                add(_HASHTAG.match(text, p), "hashtag")
    if n >= 3:
        seps = [m.start() for m in _SEPARATOR.finditer(text, 1, n - 1)]
        if seps:
            _dotted(text, seps, found)
    if n >= 2 and _ASCII_LETTER.search(text) and _ASCII_DIGIT.search(text):
        for m in _DIGIT_LETTER.finditer(text):
            _compound(text, m.start(), found)
    if "'" in text or "’" in text:
        for m in _INNER_APOSTROPHE.finditer(text):
            start = m.start() - 1
            while start > 0 and _is_ascii_letter(text[start - 1]):
                start -= 1
            add(_APOSTROPHE.match(text, start), "word")
    if "\u200d" in text or "\ufe0f" in text or _SKIN_TONE.search(text):
        for m in _EMOJI_SEQ.finditer(text):
            add(m, "emoji")
    if len(found) < 2:
        return found
    # Leftmost first, then longest; a span overlapping one already taken is dropped.
    found.sort(key=lambda t: (t[0], -t[1]))
    taken: list[tuple[int, int, str]] = []
    last = 0
    for s, e, k in found:
        if s >= last:
            taken.append((s, e, k))
            last = e
    return taken


def _urls(text: str, add: Callable[[re.Match[str] | None, str], None]) -> None:
    starts = set(_positions(text, "www."))
    for p in _positions(text, "://"):
        for scheme in ("https", "http", "ftp"):
            if text.startswith(scheme, p - len(scheme)):
                starts.add(p - len(scheme))
                break
    for start in sorted(starts):
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "+.-/"):
            continue
        add(_URL.match(text, start), "url")


def _dotted(text: str, seps: list[int], found: list[tuple[int, int, str]]) -> None:
    """Numbers with separators (3.5, 1,000, 10:30) and dotted abbreviations (U.S.)."""
    last = -1
    n = len(text)
    for i in seps:
        if i < last or i + 1 >= n:
            continue
        before, after = text[i - 1], text[i + 1]
        if before.isdecimal() and after.isdecimal():
            start = i - 1
            while start > 0 and text[start - 1].isdecimal():
                start -= 1
            m = _NUMBER.match(text, start)
        elif text[i] == "." and _is_ascii_letter(before) and _is_ascii_letter(after):
            start = i - 1
            prev = text[start - 1] if start > 0 else " "
            if prev == "." or _is_ascii_letter(prev):
                continue
            m = _ABBREV.match(text, start)
            if m is None or m.end() <= i + 2:
                _compound(text, i - 1, found)
                continue
        elif text[i] in ".-" and _is_ascii_alnum(before) and _is_ascii_alnum(after):
            _compound(text, i - 1, found)
            continue
        else:
            continue
        if m is not None:
            found.append((m.start(), m.end(), "number" if before.isdecimal() else "word"))
            last = m.end()


def _compound(text: str, i: int, found: list[tuple[int, int, str]]) -> None:
    """Add the Latin letter-and-digit compound around ``text[i]`` if it has a letter."""
    start = i
    while start > 0 and _is_ascii_alnum(text[start - 1]):
        start -= 1
    if start > 0 and text[start - 1] in ".-" and start > 1 and _is_ascii_alnum(text[start - 2]):
        return  # the middle of a compound found from its start
    m = _LATIN_COMPOUND.match(text, start)
    if m is not None and m.end() > i + 1 and any(c.isalpha() for c in m.group()):
        found.append((m.start(), m.end(), "word"))


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _is_ascii_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def tokens(text: str) -> list[tuple[int, int]]:
    """Token spans of ``text`` (see ``segment.tokens``)."""
    if len(text) <= _SHORT:
        return tokens_python(text)
    return tokens_numpy(text)


@lru_cache(maxsize=1)
def _class_bytes() -> bytes:
    return class_table().tobytes()


def tokens_python(text: str) -> list[tuple[int, int]]:
    """``tokens`` in plain Python, for short texts; the same spans as ``tokens_numpy``."""
    n = len(text)
    if n == 0:
        return []
    table = _class_bytes()
    cls = [table[ord(c)] for c in text]
    if "_" in text and n > 2:
        orig = cls[:]
        i = text.find("_", 1)
        while 0 < i < n - 1:
            left = orig[i - 1]
            if left == orig[i + 1] and left in (ARABIC, LETTER):
                cls[i] = left
            i = text.find("_", i + 1)
    out: list[tuple[int, int]] = []
    start = -1
    prev = -1
    for i, k in enumerate(cls):
        if k != prev or k == SYMBOL:
            if start >= 0:
                out.append((start, i))
            start = i if k != SPACE else -1
            prev = k
    if start >= 0:
        out.append((start, n))
    specials = special_spans(text)
    if not specials:
        return out
    cuts = {p for span in out for p in span}
    for s, e, _ in specials:
        cuts.difference_update(range(s + 1, e))
        cuts.add(s)
        cuts.add(e)
    ordered = sorted(cuts)
    return [(p, q) for p, q in pairwise(ordered) if cls[p] != SPACE]


def tokens_numpy(text: str) -> list[tuple[int, int]]:
    """``tokens`` with numpy passes over the code points, for long texts."""
    n = len(text)
    if n == 0:
        return []
    cp = _codepoints(text)
    cls = class_table()[cp]
    if "_" in text and n > 2:
        # "_" between two letters of one script joins them (کریں_گے, snake_case).
        u = np.flatnonzero(cp[1:-1] == 95) + 1
        left = cls[u - 1]
        join = u[(left == cls[u + 1]) & ((left == ARABIC) | (left == LETTER))]
        cls[join] = cls[join - 1]
    # brk[i]: a boundary falls between characters i - 1 and i.
    brk = np.empty(n + 1, dtype=bool)
    brk[0] = brk[n] = True
    np.not_equal(cls[1:], cls[:-1], out=brk[1:n])
    brk[1:n] |= cls[1:] == SYMBOL
    for s, e, _ in special_spans(text):
        brk[s + 1 : e] = False
        brk[s] = brk[e] = True
    word = cls != SPACE
    starts = (brk[:n] & word).nonzero()[0].tolist()
    ends = ((brk[1:] & word).nonzero()[0] + 1).tolist()
    return list(zip(starts, ends, strict=True))


def classify(text: str, start: int, end: int, specials: dict[int, str]) -> str:
    """The kind of the token ``text[start:end]``."""
    kind = specials.get(start)
    if kind is not None:
        return kind
    ch = text[start]
    if ch in _REPEATABLE:
        return "punct"
    if ch.isdecimal():
        return "number"
    if ch.isalnum() or ch in "\u200c\u200d" or unicodedata.category(ch)[0] == "M":
        return "word"
    if _EMOJI_SEQ.match(text, start) or re.match(f"[{EMOJI}]", ch):
        return "emoji"
    return "punct"
