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
from akhbar.text._check import require_str

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
    require_str(text)
    return _tokens.tokens(text)


def typed_tokens(text: str) -> list[Token]:
    """Token spans with their kinds: url, email, hashtag, mention, number, word, emoji, punct."""
    require_str(text)
    specials = {s: k for s, _, k in _tokens.special_spans(text)}
    return [Token(s, e, _tokens.classify(text, s, e, specials)) for s, e in tokens(text)]


def words(text: str) -> list[str]:
    """The tokens that are words or numbers, as strings.

    >>> words("عمران خان نے کہا: ”ٹھیک ہے“")
    ['عمران', 'خان', 'نے', 'کہا', 'ٹھیک', 'ہے']
    """
    require_str(text)
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
    require_str(text)
    out = []
    for m in _acronym_re().finditer(text):
        start, end = m.span()
        parts = re.split(r"[ ۔.]+", m.group())
        if parts[-1] == "کے" and len(parts) > 2:
            # a trailing کے is the postposition far more often than the letter K
            parts.pop()
            end = start + m.group().rstrip().rfind(" کے")
        if any(p not in _COMMON_NAMES for p in parts) or (len(parts) >= 3 and len(set(parts)) > 1):
            out.append((start, end))
    return out


# Sentences ---------------------------------------------------------------------------

_CLOSERS = "\"'”’“‘»)]}›"
_BOUNDARY = re.compile(rf"[.!?؟۔؛…]+[{re.escape(_CLOSERS)}]*|\n| [-–—](?= )")
_LATIN_ABBREV_WORDS = (
    "mr mrs ms dr prof st jr sr no vs etc inc ltd co corp gen col lt capt maj sgt gov rev"
    " jan feb mar apr jun jul aug sep sept oct nov dec fig vol pp ed"
)
_LATIN_ABBREV = frozenset(_LATIN_ABBREV_WORDS.split())
# Verbs and auxiliaries that end an Urdu sentence: before a spaced dash they make it a
# full stop ("... کیا جا رہا ہے - گھنے جنگلات ...").
_FINAL_VERB_WORDS = (
    "ہے ہیں ہوں تھا تھی تھے تھیں گا گی گے گئی گیا گئے گئیں دیا دی دیے دیئے کیا کی کیے کئے"
    " ہوا ہوئی ہوئے رہا رہی رہے سکا سکی سکے چاہیے چاہئے"
)
_FINAL_VERBS = frozenset(_FINAL_VERB_WORDS.split())
# First parts of compounds written with ۔ for a hyphen (ہند۔ پاک, پاک۔ چین).
_COMPOUND_HEAD_WORDS = "ہند پاک انڈو سینو افغان"
_COMPOUND_HEADS = frozenset(_COMPOUND_HEAD_WORDS.split())
_MONTHS = "جنوری|فروری|مارچ|اپریل|مئی|جون|جولائی|اگست|ستمبر|اکتوبر|نومبر|دسمبر"
# A dateline: "ڈھاکہ ۔ یکم دسمبر (اے پی پی)"; its ۔ does not end a sentence.
_DATELINE_NEXT = re.compile(rf"\s*(?:\d{{1,2}}|یکم)\s*(?:{_MONTHS})")
_OPENERS = {"(": ")", "[": "]", "{": "}"}


#: Up to 30 characters that are neither space nor a mark ending a word, before the end
#: of the searched range (``_word_before``) or from its start (``_word_after``).
_WORD_TAIL = re.compile(r"[^\s۔.؟!،,:;()\"']{1,30}\Z")
_WORD_HEAD = re.compile(r"[^\s۔.؟!،,:;()\"']{0,30}")


def _word_before(text: str, a: int) -> str:
    """The word that ends at ``a`` (spaces before ``a`` skipped), at most 30 characters."""
    e = a
    while e > 0 and text[e - 1] == " ":
        e -= 1
    m = _WORD_TAIL.search(text, max(0, e - 30), e)
    return m.group() if m else ""


def _word_after(text: str, b: int) -> tuple[str, int]:
    """The word that starts at ``b`` (spaces skipped) and the offset where it ends."""
    s = b
    while s < len(text) and text[s] == " ":
        s += 1
    m = _WORD_HEAD.match(text, s)
    e = m.end() if m else s
    return text[s:e], e


def _is_boundary(text: str, m: re.Match[str], start: int) -> bool:
    """Whether the terminator match ``m`` ends the sentence that began at ``start``."""
    a, b = m.span()
    mark = text[a]
    if mark == "\n":
        return True
    if mark == " ":  # a spaced dash: a full stop only after a sentence-final verb
        return _word_before(text, a) in _FINAL_VERBS
    nxt = text[b : b + 1]
    single = b - a == 1 or (text[a + 1] in _CLOSERS)
    if mark == "…" or m.group().startswith("۔۔۔"):
        return False  # an ellipsis is a pause
    if mark == ".":
        run = m.group().rstrip(_CLOSERS)
        if run == ".":
            if nxt and not nxt.isspace():
                return False  # 3.5, www.site.pk, U.S., a.m.
            w = _word_before(text, a)
            if w.lower() in _LATIN_ABBREV or (len(w) == 1 and w.isupper()):
                return False  # Dr. Khan, A. Q. Khan
            if w.isdecimal() and len(w) <= 3 and _at_line_start(text, a - len(w)):
                return False  # a numbered list item: "1. پہلی خبر"
        elif run.startswith(".."):
            return False  # an ellipsis is a pause, as in headlines "دھاوا .... اعلیٰ افسران"
    if mark in "۔." and single:
        prev = _word_before(text, a)
        after, after_end = _word_after(text, b)
        if prev in _LETTER_SET and after in _LETTER_SET:
            return False  # ایم۔ اے, پی۔ ایچ۔ ڈی
        if 0 < len(prev) <= 3 and 0 < len(after) <= 3:
            before_prev = text[max(0, a - len(prev) - 2) : a - len(prev)]
            if text[after_end : after_end + 1] == "۔" or before_prev.rstrip().endswith("۔"):
                return False  # a chain of short abbreviations
        if mark == "۔" and prev in _COMPOUND_HEADS and a > 0 and text[a - 1] != " " and after:
            return False  # ہند۔ پاک
        if mark == "۔" and _DATELINE_NEXT.match(text, b) and _is_dateline_head(text, a):
            return False
    return not _inside_brackets(text, start, a)


def _at_line_start(text: str, i: int) -> bool:
    """Whether only spaces stand between the start of the line and ``i``."""
    line_start = text.rfind("\n", 0, i) + 1
    return not text[line_start:i].strip()


def _is_dateline_head(text: str, a: int) -> bool:
    """Whether ``text[:a]`` ends in a short place name at the start of a line."""
    line_start = text.rfind("\n", 0, a) + 1
    head = text[line_start:a]
    return 0 < len(head.strip()) <= 40 and len(head.split()) <= 4


def _inside_brackets(text: str, start: int, a: int) -> bool:
    """Whether an opening bracket before ``a`` closes after it, on the same line and soon."""
    window = text[max(start, a - 300) : a]
    if not any(o in window for o in _OPENERS):
        return False
    for opener, closer in _OPENERS.items():
        depth = window.count(opener) - window.count(closer)
        if depth > 0:
            line_end = text.find("\n", a)
            ahead = text[a : line_end if line_end >= 0 else len(text)][:200]
            if closer in ahead:
                return True
    return False


_LETTER_SET = frozenset(LETTER_NAMES)


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans, trimmed of whitespace; a line without a full stop is its own unit.

    >>> t = "انہوں نے کہا کہ قیمت 3.5 فیصد بڑھی۔ یہ اچھا ہے"
    >>> [t[s:e] for s, e in sentences(t)]
    ['انہوں نے کہا کہ قیمت 3.5 فیصد بڑھی۔', 'یہ اچھا ہے']
    """
    require_str(text)
    out: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if _is_boundary(text, m, start):
            a = m.start()
            end = a if text[a] == "\n" else m.end()
            _add(text, start, end, out)
            start = end
    _add(text, start, len(text), out)
    return out


def _add(text: str, s: int, e: int, out: list[tuple[int, int]]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e <= s:
        return
    if out and not any(c.isalnum() for c in text[s:e]) and "\n" not in text[out[-1][1] : s]:
        out[-1] = (out[-1][0], e)  # stray punctuation ("لیا۔ ۔") belongs to the sentence before
        return
    out.append((s, e))
