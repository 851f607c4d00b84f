"""Sentences and tokens of Urdu text, as character offsets into the text given.

Both work on the display form (``normalize.display``) and on anything else without
raising. Joining the tokens by their offsets reproduces the text minus whitespace.

>>> t = "ایران کے پاس 9ہزار کلو یورینیم ہے۔"
>>> [t[s:e] for s, e in tokens(t)][2:5]
['پاس', '9', 'ہزار']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from akhbar.text import _tokens

_AR = _tokens.AR


@dataclass(frozen=True, slots=True)
class Token:
    """A token span with its kind: url, email, hashtag, mention, number, word, emoji, punct."""

    start: int
    end: int
    kind: str


def tokens(text: str) -> list[tuple[int, int]]:
    """Token spans: words, numbers, Latin, punctuation, URLs, hashtags, mentions.

    Digits and letters written together are split (``9ہزار`` → ``9``, ``ہزار``); a word
    keeps its diacritics and any ZWNJ inside it.

    >>> tokens("9ہزار فوجی۔")
    [(0, 1), (1, 5), (6, 10), (10, 11)]
    """
    return _tokens.tokens(text)


def typed_tokens(text: str) -> list[Token]:
    """Token spans with their kinds: url, email, hashtag, mention, number, word, emoji, punct."""
    specials = {s: k for s, _, k in _tokens.special_spans(text)}
    return [Token(s, e, _tokens.classify(text, s, e, specials)) for s, e in tokens(text)]


def words(text: str) -> list[str]:
    """The tokens that are words or numbers, as strings.

    >>> words("عمران خان نے کہا: ”ٹھیک ہے“")
    ['عمران', 'خان', 'نے', 'کہا', 'ٹھیک', 'ہے']
    """
    out = []
    for s, e in tokens(text):
        w = text[s:e]
        if w[0].isalnum() or (w[0] in "#@" and len(w) > 1) or _is_arabic(w[0]):
            out.append(w)
    return out


@lru_cache(maxsize=1)
def _arabic_re() -> re.Pattern[str]:
    return re.compile(f"[{_AR}]")


def _is_arabic(ch: str) -> bool:
    return _arabic_re().match(ch) is not None


# Spelled-out Latin letter names, as Urdu news writes acronyms (پی ٹی آئی, آئی اے ای اے).
_LETTER_NAMES = (
    "اے بی سی ڈی ای ایف جی ایچ آئی جے کے ایل ایم این او پی کیو آر ایس ٹی یو وی ڈبلیو ایکس وائی"
    " زیڈ زیڈ"
)
LETTER_NAMES = tuple(_LETTER_NAMES.split())
# Letter names that are also everyday words; an acronym needs a letter name outside them.
_COMMON_WORDS = "اے کے سی جی او بی"
_COMMON_NAMES = frozenset(_COMMON_WORDS.split())


@lru_cache(maxsize=1)
def _acronym_re() -> re.Pattern[str]:
    names = "|".join(sorted(set(LETTER_NAMES), key=len, reverse=True))
    return re.compile(rf"(?<![{_AR}])(?:{names})(?:[ ۔.]{{1,2}}(?:{names}))+(?![{_AR}])")


def acronyms(text: str) -> list[tuple[int, int]]:
    """Spans of spelled-out acronyms such as ``آئی اے ای اے`` or ``پی ٹی آئی``.

    >>> t = "سربراہ آئی اے ای اے نے کہا"
    >>> [t[s:e] for s, e in acronyms(t)]
    ['آئی اے ای اے']
    """
    out = []
    for m in _acronym_re().finditer(text):
        parts = re.split(r"[ ۔.]+", m.group())
        if any(p not in _COMMON_NAMES for p in parts):
            out.append(m.span())
    return out


# Sentences ---------------------------------------------------------------------------

_CLOSERS = "\"'”’»)]}›"
_BOUNDARY = re.compile(rf"[.!?؟۔؛]+[{re.escape(_CLOSERS)}]*|\n")
_LATIN_ABBREV_WORDS = (
    "mr mrs ms dr prof st jr sr no vs etc inc ltd co corp gen col lt capt maj sgt gov rev"
    " jan feb mar apr jun jul aug sep sept oct nov dec fig vol pp ed"
)
_LATIN_ABBREV = frozenset(_LATIN_ABBREV_WORDS.split())
_PREV_WORD = re.compile(rf"([A-Za-z]+|[{_AR}]+)\s*$")
_NEXT_WORD = re.compile(rf"\s*([{_AR}]+)")


def _is_boundary(text: str, m: re.Match[str]) -> bool:
    """Whether the terminator match ``m`` ends a sentence."""
    a, b = m.span()
    mark = text[a]
    if mark == "\n":
        return True
    nxt = text[b : b + 1]
    if mark == ".":
        run = m.group().rstrip(_CLOSERS)
        if run == "." and b - a == 1:
            if nxt and not nxt.isspace():
                return False  # 3.5, www.site.pk, U.S.
            prev = _PREV_WORD.search(text, max(0, a - 20), a)
            if prev:
                w = prev.group(1)
                if w.lower() in _LATIN_ABBREV or (len(w) == 1 and w.isupper()):
                    return False  # Dr. Khan, A. Q. Khan
        elif run.startswith("..") and nxt and not nxt.isspace():
            return False
    if mark in "۔." and b - a == 1:
        prev = _PREV_WORD.search(text, max(0, a - 20), a)
        after = _NEXT_WORD.match(text, b, b + 20)
        if prev and after and prev.group(1) in _LETTER_SET and after.group(1) in _LETTER_SET:
            return False  # ایم۔ اے, پی۔ ایچ۔ ڈی
    return True


_LETTER_SET = frozenset(LETTER_NAMES)


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans, trimmed of whitespace; a line without a full stop is its own unit.

    >>> t = "انہوں نے کہا کہ قیمت 3.5 فیصد بڑھی۔ یہ اچھا ہے"
    >>> [t[s:e] for s, e in sentences(t)]
    ['انہوں نے کہا کہ قیمت 3.5 فیصد بڑھی۔', 'یہ اچھا ہے']
    """
    out: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if _is_boundary(text, m):
            end = m.start() if text[m.start()] == "\n" else m.end()
            _add(text, start, end, out)
            start = m.end()
    _add(text, start, len(text), out)
    return out


def _add(text: str, s: int, e: int, out: list[tuple[int, int]]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append((s, e))
