"""Verification markers: alleged, unconfirmed, denied, estimated, unnamed or state sources.

Markers come from three places: the words of a sentence (مبینہ, تصدیق نہیں کی, تردید,
تقریباً, اندازے کے مطابق, ذرائع کے مطابق, سرکاری میڈیا), the quotes already found (each
attributed statement, with its speaker; state outlets and unnamed sources flagged),
and the item itself (a social-media source). ``verification`` sums them up per article.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from akhbar.analyze.quotes import speaker_before
from akhbar.model import Article, Marker, Quote, Span

_W = r"[\w\u064b-\u065f\u0670\u06d6-\u06ed]"
_B = rf"(?<!{_W})"
_E = rf"(?!{_W})"

#: (kind, pattern) pairs matched against the display text.
_LEXICAL: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("alleged", re.compile(rf"{_B}(?:مبینہ|مبینہ طور|مبنیہ|مبینا){_E}")),
    (
        "unconfirmed",
        re.compile(
            rf"{_B}(?:تصدیق\s+(?:نہیں|نہ)(?:\s+(?:کی|ہو|ہوئی|ہوسکی|ہو\s+سکی|کر\s+سکے|ہو\s+سکی))?"
            rf"|غیر\s*مصدقہ|غیر\s+تصدیق\s+شدہ|تصدیق\s+ہونا\s+باقی|آزادانہ\s+تصدیق\s+نہیں){_E}"
        ),
    ),
    ("denied", re.compile(rf"{_B}(?:تردید|تردیدی|مسترد\s+کر\s*دیا|جھٹلا\s*دیا){_E}")),
    (
        "estimated",
        re.compile(
            rf"{_B}(?:تقریبا|تقریباً|تقریبًا|اندازے\s+کے\s+مطابق|اندازاً|اندازا|لگ\s+بھگ"
            rf"|کم\s+و\s+بیش|قریباً){_E}"
        ),
    ),
    (
        "unnamed_source",
        re.compile(
            rf"{_B}(?:ذرائع\s+(?:کے\s+مطابق|نے|کا\s+کہنا|سے)|باخبر\s+ذرائع|نام\s+نہ\s+ظاہر"
            rf"|اطلاعات\s+کے\s+مطابق|بتایا\s+جاتا\s+ہے|کہا\s+جا\s+رہا\s+ہے){_E}"
        ),
    ),
)

#: Substrings one of which a text must hold before a kind's pattern is tried (speed).
_ANCHORS = {
    "alleged": ("مبین", "مبنی"),
    "unconfirmed": ("تصدیق", "مصدقہ"),
    "denied": ("تردید", "مسترد", "جھٹلا"),
    "estimated": ("تقریب", "انداز", "لگ بھگ", "کم و بیش", "قریباً"),
    "unnamed_source": ("ذرائع", "باخبر", "نام نہ", "اطلاعات", "بتایا جاتا", "کہا جا رہا"),
}
_OUTLET_ANCHORS = (
    "ایجنسی",
    "سی این اے",
    "ارنا",
    "اِرنا",
    "شنہوا",
    "ژنہوا",
    "سنہوا",
    "تاس",
    "نووستی",
    "ایس پی اے",
    "اے پی پی",
    "ایسوسی",
    "پی ٹی وی",
    "ریڈیو",
    "سرکاری",
    "پارٹی",
)
#: State and party outlets as Urdu media spell them, with an English name.
_OUTLETS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"{_B}(?:{pattern}){_E}"), name)
    for pattern, name in (
        (
            r"شمالی\s+کوریا\s+کی\s+(?:سرکاری\s+)?(?:خبر\s+رساں\s+|نیوز\s+)?ایجنسی|کے\s+سی\s+این\s+اے",
            "KCNA",
        ),
        (r"ایران\s+کی\s+(?:سرکاری\s+)?(?:خبر\s+رساں\s+|نیوز\s+)?ایجنسی|ارنا|اِرنا", "IRNA"),
        (r"چین\s+کی\s+(?:سرکاری\s+)?(?:خبر\s+رساں\s+|نیوز\s+)?ایجنسی|شنہوا|ژنہوا|سنہوا", "Xinhua"),
        (
            r"روس\s+کی\s+(?:سرکاری\s+)?(?:خبر\s+رساں\s+|نیوز\s+)?ایجنسی|تاس|ریا\s+نووستی",
            "Russian state agency",
        ),
        (r"سعودی\s+(?:پریس|خبر\s+رساں)\s+ایجنسی|ایس\s+پی\s+اے", "SPA"),
        (r"اے\s+پی\s+پی|ایسوسی\s+ایٹڈ\s+پریس\s+آف\s+پاکستان", "APP"),
        (r"پی\s+ٹی\s+وی|ریڈیو\s+پاکستان", "PTV/Radio Pakistan"),
        (r"سرکاری\s+(?:خبر\s+رساں\s+|نیوز\s+)ایجنسی", "state news agency"),
        (
            r"سرکاری\s+(?:میڈیا|ٹی\s+وی|ٹیلی\s+ویژن|ٹیلیویژن|ریڈیو|اخبار|نشریاتی\s+ادارے)",
            "state media",
        ),
        (r"پارٹی\s+(?:کے|کا)\s+(?:ترجمان\s+)?(?:اخبار|ٹی\s+وی|جریدے|جریدہ)", "party outlet"),
    )
)


def _scan(named: Sequence[tuple[str, re.Pattern[str]]]) -> re.Pattern[str]:
    """One pattern trying every ``{_B}(?:…){_E}`` pattern, each in a group of its name;
    the shared word-start test comes first, so it is tried once per position, not once
    per alternative (the same matches, several times faster)."""
    inner = "|".join(f"(?P<{name}>{rx.pattern.removeprefix(_B)})" for name, rx in named)
    return re.compile(f"{_B}(?:{inner})")


#: Every outlet in one pattern (group ``o<i>`` is ``_OUTLETS[i]``), for one scan of a text.
_OUTLET_SCAN = _scan([(f"o{i}", rx) for i, (rx, _) in enumerate(_OUTLETS)])
#: Every lexical kind in one pattern (the group is named by the kind).
_LEXICAL_SCAN = _scan(_LEXICAL)
_UNNAMED = re.compile(rf"{_B}(?:ذرائع|باخبر|نام\s+نہ\s+ظاہر|ایک\s+عہدیدار|حکام){_E}")
_SOCIAL = re.compile(
    r"(?:^|\n)\s*(?:Source|source|SOURCE)\s*:\s*(?:social\s+media|Social\s+Media|twitter|"
    r"Twitter|X|Facebook|facebook|TikTok|YouTube|WhatsApp|Telegram)\s*(?:\n|$)"
    rf"|{_B}(?:ذریعہ|ماخذ)\s*:\s*سوشل\s+میڈیا"
)
#: Substrings one of which a text must hold for ``_SOCIAL`` to match (speed).
_SOCIAL_ANCHORS = ("Source", "source", "SOURCE", "ذریعہ", "ماخذ")
_BACK_REFERENCE = re.compile(rf"{_B}(?:اس|اس\s+بات|ان\s+خبروں|ان\s+اطلاعات|اس\s+دعوے)\s+کی\s+تصدیق")
_BY_CUE = re.compile(rf"\s(?:کی\s+(?:جانب|طرف)\s+سے|نے){_E}")

#: Kinds that make a statement unconfirmed in the verification summary.
DOUBT = frozenset({"alleged", "unconfirmed", "denied", "unnamed_source", "social_source"})


def outlet(text: str) -> str | None:
    """The English name of the first state or party outlet named in ``text``, if any."""
    m = _OUTLET_SCAN.search(text)
    return _OUTLETS[int((m.lastgroup or "o0")[1:])][1] if m else None


def _sentence(starts: Sequence[int], sents: Sequence[Span], pos: int) -> int:
    return max(bisect.bisect_right(starts, pos) - 1, 0)


def _by(text: str, sent: Span, cue_start: int) -> str | None:
    """Who did not confirm or who denied: the phrase before "کی جانب سے" or "نے"."""
    found = list(_BY_CUE.finditer(text, sent.start, cue_start))
    if not found:
        return None
    sp = speaker_before(text, sent.start, found[-1].start())
    return text[sp[0] : sp[1]] if sp else None


def find_markers(
    text: str,
    sentences: Sequence[Span],
    quotes: Sequence[Quote] = (),
    source_type: str = "other",
    source_name: str | None = None,
) -> tuple[Marker, ...]:
    """Verification markers of an article's display text, sorted by position."""
    sents = list(sentences) or ([Span(0, len(text))] if text else [])
    starts = [s.start for s in sents]
    out: list[Marker] = []
    lexical = any(a in text for anchors in _ANCHORS.values() for a in anchors)
    for m in _LEXICAL_SCAN.finditer(text) if lexical else ():
        kind = m.lastgroup or ""
        i = _sentence(starts, sents, m.start())
        sent = sents[i]
        by = _by(text, sent, m.start()) if kind in ("unconfirmed", "denied") else None
        out.append(Marker(sent.start, sent.end, kind, by))
        if kind == "unconfirmed" and i > 0 and _BACK_REFERENCE.search(text, sent.start, m.end()):
            prev = sents[i - 1]
            out.append(Marker(prev.start, prev.end, kind, by))
    for q in quotes:
        if q.speaker is None:
            continue
        who = text[q.speaker.start : q.speaker.end]
        start, end = q.content.start, q.content.end
        out.append(Marker(start, end, "attributed", q.speaker_id or who))
        name = outlet(who)  # the first (most specific) outlet named
        if name:
            out.append(Marker(start, end, "state_media", name))
        if _UNNAMED.search(who):
            out.append(Marker(start, end, "unnamed_source", who))
    if any(a in text for a in _OUTLET_ANCHORS):
        for m in _OUTLET_SCAN.finditer(text):
            name = _OUTLETS[int((m.lastgroup or "o0")[1:])][1]
            sent = sents[_sentence(starts, sents, m.start())]
            out.append(Marker(sent.start, sent.end, "state_media", name))
    social = _SOCIAL.search(text) if any(a in text for a in _SOCIAL_ANCHORS) else None
    if source_type == "social" or social:
        s, e = (social.start(), social.end()) if social else (0, len(text))
        s, e = _strip(text, s, e)
        out.append(Marker(s, e, "social_source", source_name or "social media"))
    return tuple(sorted(set(out), key=lambda k: (k.start, k.end, k.kind, k.by or "")))


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


@dataclass(frozen=True, slots=True)
class Verification:
    """Statements (sentences) of an article sorted into attributed, unattributed, doubtful."""

    attributed: tuple[Span, ...]
    unattributed: tuple[Span, ...]
    unconfirmed: tuple[Span, ...]
    social_source: bool
    state_media: tuple[str, ...]

    def line(self) -> str:
        """A one-line summary, e.g. "5 attributed, 3 unattributed, 1 unconfirmed"."""
        parts = [
            f"{len(self.attributed)} attributed",
            f"{len(self.unattributed)} unattributed",
            f"{len(self.unconfirmed)} unconfirmed",
        ]
        if self.state_media:
            parts.append("state media: " + ", ".join(self.state_media))
        if self.social_source:
            parts.append("source: social media")
        return ", ".join(parts)


def verification(article: Article) -> Verification:
    """Sort an article's sentences by how their statements are sourced."""
    attributed: list[Span] = []
    unattributed: list[Span] = []
    unconfirmed: list[Span] = []
    social = any(m.kind == "social_source" for m in article.markers)
    sentence_level = [m for m in article.markers if m.kind != "social_source"]
    for s in article.sentences:
        over = [m for m in sentence_level if m.start < s.end and s.start < m.end]
        kinds = {m.kind for m in over}
        if kinds & DOUBT:
            unconfirmed.append(s)
        if "attributed" in kinds or "state_media" in kinds:
            attributed.append(s)
        elif not kinds & DOUBT:
            unattributed.append(s)
    outlets = sorted({m.by for m in article.markers if m.kind == "state_media" and m.by})
    return Verification(
        tuple(attributed), tuple(unattributed), tuple(unconfirmed), social, tuple(outlets)
    )


@dataclass(slots=True)
class ClaimStage:
    """Assigns ``markers``."""

    name: str = "claims"
    requires: frozenset[str] = frozenset({"text", "sentences", "quotes"})
    assigns: frozenset[str] = frozenset({"markers"})

    def __call__(self, article: Article) -> Article:
        item = article.item
        markers = find_markers(
            article.text,
            article.sentences,
            article.quotes,
            item.source_type,
            item.source_name,
        )
        return dataclasses.replace(article, markers=markers)
