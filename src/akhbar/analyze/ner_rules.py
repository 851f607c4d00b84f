"""Rules around the NER tagger: dates, times and numbers; how curated names and the
tagger's spans are merged; splitting a span that is a run of several known names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from akhbar.analyze.gazetteer import Match

Spans = dict[int, tuple[int, int, str]]

#: Gazetteer labels → tagger types.
GAZ_TAG = {"PERSON": "PER", "LOCATION": "LOC", "ORGANIZATION": "ORG"}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_MONTHS = _words("جنوری فروری مارچ اپریل مئی جون جولائی اگست ستمبر اکتوبر نومبر دسمبر رمضان")
_DAY_WORDS = frozenset({"یکم"})
_YEAR_MARK = frozenset({"ء", "سن", "سنہ"})
_SCALES = _words("سو ہزار لاکھ کروڑ ارب کھرب ملین بلین ٹریلین")
_NUMBER_WORDS = _words(
    "دو تین چار پانچ چھ سات آٹھ دس گیارہ بارہ تیرہ چودہ پندرہ سولہ سترہ اٹھارہ انیس بیس "
    "پچیس تیس چالیس پچاس ساٹھ ستر نوے ہزار لاکھ کروڑ ارب"
)
_TIME_WORDS = frozenset({"بجے", "بجکر", "بج"})
_TIME_BEFORE = _words(
    "آج کل گزشتہ اسی اس روز دن صبح سہ پہر رات ہر پیر منگل بدھ جمعرات جمعہ ہفتہ اتوار"
)

#: Every date, time or number starts with one of these words or with a digit.
_TRIGGERS = _MONTHS | _DAY_WORDS | _NUMBER_WORDS
_DIGIT_START = re.compile(r"^\d", re.M)

#: Words after which a curated name is part of a longer title ("رجسٹری آف انڈیا",
#: "سپلائی چین"), so it is not added where the tagger found nothing.
NOT_AFTER = _words("آف فار دی سپلائی")


def evening(keys: Sequence[str], i: int) -> bool:
    """Whether شام at ``i`` is "evening" (آج شام, شام 5 بجے, شام کے وقت), not Syria."""
    before = keys[i - 1] if i else ""
    after = keys[i + 1 : i + 3]
    return (
        before in _TIME_BEFORE
        or (bool(after) and (is_num(after[0]) or after[0] in _TIME_WORDS))
        or list(after) == ["کے", "وقت"]
    )


def is_num(key: str) -> bool:
    """Whether a token key is written in digits ("2022", "1,500", "3.5")."""
    return bool(key) and key[0].isdigit() and key.replace(",", "").replace(".", "").isdigit()


def number_spans(keys: Sequence[str]) -> list[tuple[int, int, str]]:
    """Dates ("یکم فروری 2022", "1947ء"), clock times ("5 بجے") and numbers ("10 ہزار")."""
    out: list[tuple[int, int, str]] = []
    if _TRIGGERS.isdisjoint(keys) and not _DIGIT_START.search("\n".join(keys)):
        return out
    i, n = 0, len(keys)
    while i < n:
        k = keys[i]
        num = k[:1].isdigit() and is_num(k)
        if k in _MONTHS or ((num or k in _DAY_WORDS) and i + 1 < n and keys[i + 1] in _MONTHS):
            j = i + 1 if k in _MONTHS else i + 2
            if j < n and is_num(keys[j]) and len(keys[j]) == 4:
                j += 1
            if j < n and keys[j] in _YEAR_MARK:
                j += 1
            out.append((i, j, "DATE"))
            i = j
            continue
        if num and len(k) == 4 and i + 1 < n and keys[i + 1] == "ء":
            out.append((i, i + 2, "DATE"))
            i += 2
            continue
        if num or k in _NUMBER_WORDS:
            j = i + 1
            while j < n and keys[j] in _SCALES:
                j += 1
            if j < n and keys[j] in _TIME_WORDS:
                out.append((i, j + 1, "TIME"))
                i = j + 1
                continue
            if num or j > i + 1 or len(k) > 2:
                out.append((i, j, "NUMBER"))
            i = j
            continue
        i += 1
    return out


def split_runs(found: Spans, names: Sequence[Match]) -> Spans:
    """Split a span that several gazetteer matches cover exactly ("لکھنؤ اترپردیش")."""
    out = dict(found)
    if len(names) < 2:
        return out
    for s, e, kind in found.values():
        if e - s < 2 or kind not in GAZ_TAG.values():
            continue
        inside = [m for m in names if s <= m.start and m.end <= e]
        if len(inside) > 1 and sum(m.end - m.start for m in inside) == e - s:
            del out[s]
            for m in inside:
                out[m.start] = (m.start, m.end, kind)
    return out


def add_curated(keys: Sequence[str], found: Spans, names: Sequence[Match]) -> Spans:
    """Curated (strong) names added where the tagger found nothing.

    The tagger's spans are kept, except that a curated name overrides the type of a span
    with its exact bounds ("وائٹ ہاؤس" is an organisation) and a curated person name
    replaces person spans inside it ("کم یونگ" → "کم یونگ اُن").
    """
    out = dict(found)
    owner = [-1] * len(keys)
    for s, e, _ in found.values():
        owner[s:e] = [s] * (e - s)
    for m in names:
        inside = {out[o] for o in owner[m.start : m.end] if o >= 0}
        kind = GAZ_TAG[m.entry.label]
        same = inside == {(m.start, m.end, k) for _, _, k in inside}
        if not m.strong or (
            inside
            and not same
            and (kind != "PER" or any(k != kind or s < m.start or e > m.end for s, e, k in inside))
        ):
            continue
        if m.start and keys[m.start - 1] in NOT_AFTER:
            continue
        for s, _, _ in inside:
            del out[s]
        out[m.start] = (m.start, m.end, kind)
        owner[m.start : m.end] = [m.start] * (m.end - m.start)
    return out


def add_numbers(keys: Sequence[str], found: Spans) -> Spans:
    """Drop شام meaning "evening"; add dates, times and numbers outside the names."""
    out = {
        s: x
        for s, x in found.items()
        if not (x[1] == s + 1 and keys[s] == "شام" and evening(keys, s))
    }
    taken = [False] * len(keys)
    for s, e, _ in out.values():
        taken[s:e] = [True] * (e - s)
    for x in number_spans(keys):
        if not any(taken[x[0] : x[1]]):
            out[x[0]] = x
    return out


def trim_titles(keys: Sequence[str], found: Spans, titles: frozenset[str]) -> Spans:
    """Person spans without the titles they start with ("جنرل پرویز مشرف" → "پرویز مشرف").

    The gold data leave titles outside the name; a curated spelling or the tagger may
    hold one. A span that is only titles is kept as it is.
    """
    out: Spans = {}
    for s, e, kind in found.values():
        if kind == "PER":
            start = s
            while e - start > 1 and keys[start] in titles:
                start += 1
            s = start
        out[s] = (s, e, kind)
    return out


#: Words that never begin or end a name: postpositions, conjunctions, copulas.
FUNCTION_WORDS = _words("کے کی کا نے میں سے کو پر اور یا ہے ہیں تھا تھی تھے تک والے والی")


def trim_function_words(keys: Sequence[str], found: Spans) -> Spans:
    """Spans without the postpositions or conjunctions at their ends ("موومنٹ کے" → "موومنٹ").

    A span that is nothing but such words is dropped.
    """
    out: Spans = {}
    for s, e, kind in found.values():
        if kind in GAZ_TAG.values():
            while s < e and keys[s] in FUNCTION_WORDS:
                s += 1
            while e > s and keys[e - 1] in FUNCTION_WORDS:
                e -= 1
            if s == e:
                continue
        out[s] = (s, e, kind)
    return out
