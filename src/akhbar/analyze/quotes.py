"""Who said what: headline and body attributions and direct quotes, with offsets.

Rules over the display text (no model): headline forms ("claim، speaker",
"speaker: claim", "claim: speaker"), body cues ("X نے کہا کہ …", "X کا کہنا تھا کہ …",
"X کے مطابق …", "بقول X …", "X نے بتایا …", "X نے تردید کی" and more) and text in
quotation marks. A pronoun speaker ("انہوں نے", "ان کے مطابق") is resolved to the last
named speaker; a speaker is linked to an overlapping entity when the article has one.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from akhbar.model import Article, Entity, Quote, Span

#: A word character, including Urdu diacritics (which ``\w`` leaves out).
_W = r"[\w\u064b-\u065f\u0670\u06d6-\u06ed]"
_B = rf"(?<!{_W})"  # start of a word
_E = rf"(?!{_W})"  # end of a word
_WORD = re.compile(rf"{_W}+")
_SPACE_TRIM = " \t\n،,؛;:۔.-–—"

#: Words that end a speaker phrase when reading backwards from a cue.
_BOUNDARY = frozenset(
    """
    کہ جبکہ جب تاہم لیکن مگر کیونکہ چنانچہ البتہ بلکہ پھر اب یہاں وہاں جہاں
    میں پر سے کو نے تک لیے لئے بعد دوران قبل ذریعے باعث طرف
    ہے ہیں تھا تھے تھی تھیں گا گی گے ہوا ہوئے ہوئی کر کرتے کرنے کیا گئی گیا دیا مطابق بقول
    یہ وہ اسے انہیں بھی ہی تو نہ نہیں واضح رہے ادھر دریں اثنا علاوہ ازیں
    """.split()
)
#: Words that may start a speaker phrase but are not part of it.
_LEADING = frozenset("اور نیز جبکہ تاہم ادھر".split())
_PRONOUNS = frozenset("انہوں انھوں اُنہوں اُنھوں ان اُن اس وہ انہی انھی".split())
#: "X کے مطابق" where X is not a speaker.
_NOT_SPEAKERS = frozenset(
    """
    تفصیلات اندازے اندازوں شیڈول پروگرام قانون آئین معاہدے منصوبے فیصلے روایت ضابطے
    قواعد حساب ہدایات طریقہ کار اصولوں اصول ترتیب تعریف نتائج مطالبے درجہ بندی سروے وقت
    معمول فارمولے پالیسی
    """.split()
)
_SPEECH_VERBS = (
    r"کہا|کہی|کہہ دیا|بتایا|بتائی|بتاتے|دعوی کیا|دعویٰ کیا|الزام عائد کیا|الزام لگایا|"
    r"الزام عائد کرتے|تردید کی|تردید کر دی|تردید کردی|اعلان کیا|انکشاف کیا|خبردار کیا|"
    r"واضح کیا|زور دیا|مطالبہ کیا|عزم کیا|اعتراف کیا|یقین دلایا|امید ظاہر کی|تصدیق کی|"
    r"اشارہ دیا|اشارہ دے دیا|کہنا تھا|استفسار کیا|سوال اٹھایا|دھمکی دی|اعلان کر دیا|اعلان کردیا"
)
_NE_CUE = re.compile(
    rf"{_B}نے\s+((?:[^\s۔،؛]+\s+){{0,6}}?)({_SPEECH_VERBS}){_E}"
    rf"((?:\s+(?:ہے|ہیں|تھا|تھے|تھی|گیا|گئی|ہو|جا|رہا|رہے))*)(\s*(?:کہ{_E}|:))?"
)
_KEHNA = re.compile(
    rf"\s(?:کا|کی|کے)\s+(?:مزید\s+|بھی\s+)?"
    rf"(کہنا|موقف|مؤقف|دعوی|دعویٰ|الزام|خیال|اصرار|ماننا|استدلال)\s+"
    rf"(?:ہے|ہیں|تھا|تھے|تھی|رہا|ہو)(?:\s+(?:ہے|تھا))?\s*(?:کہ{_E}|:)"
)
_BELIEVE = re.compile(
    rf"{_B}(?:یہ\s+)?(سمجھتا|سمجھتی|سمجھتے|مانتا|مانتی|مانتے|کہتا|کہتی|کہتے)\s+"
    rf"(?:ہے|ہیں|تھا|تھے|تھی)\s*(?:کہ{_E})"
)
_MUTABIQ = re.compile(rf"\s(?:کے|کی)\s+(مطابق|بقول){_E}")
_BAQAUL = re.compile(rf"{_B}بقول\s+")
_STATEMENT = re.compile(
    rf"\s(?:کی\s+(?:جانب|طرف)\s+سے|نے)\s+(?:[^\s۔،]+\s+){{0,6}}?"
    rf"(?:بیان|اعلامیے|اعلامیہ|پریس ریلیز|ٹویٹ|پیغام)\s+میں\s+(?:[^\s۔،]+\s+){{0,3}}?"
    rf"(کہا\s+گیا)(?:\s+(?:ہے|تھا))?\s*(?:کہ{_E}|:)?"
)
_QUOTED = re.compile(r"“([^”\n]{2,})”|‘‘([^’\n]{2,})’’|‘([^’\n]{2,})’|«([^»\n]{2,})»|\"([^\"\n]{2,})\"")
#: Headline tails that carry their own cue: "claim، X کا دعویٰ", "claim، X نے اشارہ دے دیا".
_TAIL_NOUN_CUE = re.compile(
    rf"\s(?:کا|کی|کے)\s+(?:[^\s،]+\s+){{0,3}}?"
    rf"(دعوی|دعویٰ|اعتراف|انکشاف|تردید|وضاحت|یقین دہانی|مطالبہ|اعلان|انتباہ|عزم|اظہار)\s*$"
)
_TAIL_NE_CUE = re.compile(rf"\sنے\s+(?:[^\s،]+\s+){{0,4}}?({_SPEECH_VERBS})(?:\s+\S+){{0,2}}\s*$")
#: Last words of a headline claim that make it read as a statement.
_CLAIM_ENDS = frozenset(
    """
    ہے ہیں گا گی گے ہوگا ہوگی ہوں گے نہیں چاہیے چاہئے ہو سکتا سکتی سکتے رہے کریں دیں
    تھا تھے تھی جائے جائیں ہوگئے ہوگیا گئے گیا
    """.split()
)
_NOT_SPEAKER_WORDS = frozenset(
    """
    کا کی کے نے سے میں پر کو تک ہے ہیں تھا تھے گا گی گے کیا کر دیا گیا گئی گئے ہو ہوا
    ہوئے ہوگئے ہوگیا جاری متوقع ہلاک زخمی برقرار شروع ختم منظور بند کمی اضافہ
    """.split()
)
#: Words that make a short headline tail a speaker (roles, bodies, offices).
_ROLES = frozenset(
    """
    وزیر وزیراعظم وزیر اعظم صدر ترجمان سربراہ چیئرمین چیرمین رہنما قائد سیکرٹری سیکریٹری
    گورنر مشیر کپتان کوچ سفیر جج چیف سی ای او سلیکٹر اداکارہ اداکار گلوکار گلوکارہ
    کمشنر افسر فوج پولیس حکومت حکام وزارت دفتر خارجہ ہاؤس ہاوس ایجنسی بورڈ کمیٹی
    ادارہ عدالت اقوام متحدہ پارٹی جماعت تنظیم اسپیکر امیر مولانا ڈاکٹر جنرل صدارتی
    ماہرین ذرائع رپورٹ سروے تحقیق اے ای پی بی ایم
    """.split()
)


@dataclass(frozen=True, slots=True)
class QuoteResources:
    """Extra speaker words: country and place names a short headline tail may be."""

    places: frozenset[str] = frozenset()


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _WORD.finditer(text, start, end)]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _SPACE_TRIM:
        start += 1
    while end > start and text[end - 1] in _SPACE_TRIM:
        end -= 1
    return start, end


def speaker_before(text: str, lo: int, cue: int, max_words: int = 8) -> tuple[int, int] | None:
    """The speaker phrase that ends just before ``cue``, read backwards to a boundary."""
    seg = text[lo:cue]
    cut = max(seg.rfind(c) for c in "،,؛;:()[]\"“”‘’«»")
    if cut >= 0:
        lo = lo + cut + 1
    words = _words(text, lo, cue)
    picked: list[tuple[int, int]] = []
    for s, e in reversed(words):
        w = text[s:e]
        if w in _BOUNDARY or len(picked) >= max_words or w.isdigit():
            break
        picked.append((s, e))
    while picked and text[picked[-1][0] : picked[-1][1]] in _LEADING:
        picked.pop()
    if not picked:
        return None
    return picked[-1][0], picked[0][1]


def _sentence_of(starts: Sequence[int], sents: Sequence[Span], pos: int) -> Span:
    i = bisect.bisect_right(starts, pos) - 1
    return sents[max(i, 0)]


@dataclass(slots=True)
class _Found:
    start: int  # position of the cue, for ordering
    speaker: tuple[int, int] | None
    content: tuple[int, int]
    cue: str
    direct: bool


def _headline(title: str, res: QuoteResources) -> list[_Found]:
    """Attribution forms of a headline: "claim، speaker", "speaker: claim", "claim: speaker"."""
    out: list[_Found] = []
    colon = title.rfind(":")
    if 0 < colon < len(title) - 1:
        left = _trim(title, 0, colon)
        right = _trim(title, colon + 1, len(title))
        lw, rw = _words(title, *left), _words(title, *right)
        if _speakerish(title, rw, res) and len(lw) >= 2:
            out.append(_Found(colon, right, left, ":", False))
        elif _speakerish(title, lw, res) and len(rw) >= 2:
            out.append(_Found(colon, left, right, ":", False))
        if out:
            return out
    comma = max(title.rfind("،"), title.rfind(","))
    if comma <= 0:
        return out
    head = _trim(title, 0, comma)
    tail = _trim(title, comma + 1, len(title))
    hw, tw = _words(title, *head), _words(title, *tail)
    if len(hw) < 2 or not tw:
        return out
    tail_text = title[tail[0] : tail[1]]
    m = _TAIL_NE_CUE.search(" " + tail_text)
    if m is None:
        m = _TAIL_NOUN_CUE.search(" " + tail_text)
    if m is not None:
        sp = _trim(title, tail[0], tail[0] + m.start())
        if sp[1] > sp[0] and len(_words(title, *sp)) <= 6:
            return [_Found(comma, sp, head, m.group(1), False)]
    last = title[hw[-1][0] : hw[-1][1]]
    if _speakerish(title, tw, res, strict=last not in _CLAIM_ENDS):
        out.append(_Found(comma, tail, head, "،", False))
    return out


def _speakerish(
    text: str, words: Sequence[tuple[int, int]], res: QuoteResources, strict: bool = True
) -> bool:
    """Whether a short headline part reads as a speaker (a role, a body or a name)."""
    if not words or len(words) > 6:
        return False
    toks = [text[s:e] for s, e in words]
    if any(t in _NOT_SPEAKER_WORDS or t.isdigit() for t in toks):
        return False
    if any(t in _ROLES or t in res.places for t in toks):
        return True
    return not strict and len(toks) <= 3


def find_quotes(
    text: str,
    title_end: int,
    sentences: Sequence[Span],
    entities: Sequence[Entity] = (),
    resources: QuoteResources | None = None,
) -> tuple[Quote, ...]:
    """Every attribution and direct quote in an article's display text, in text order."""
    res = resources or QuoteResources()
    found: list[_Found] = []
    if 0 < title_end <= len(text):
        found += _headline(text[:title_end], res)
    body_start = title_end + 1 if title_end else 0
    sents = [s for s in sentences if s.start >= body_start] or (
        [Span(body_start, len(text))] if body_start < len(text) else []
    )
    starts = [s.start for s in sents]
    prev_sentence: dict[int, Span] = {s.start: sents[i - 1] for i, s in enumerate(sents) if i}
    body = text
    if sents:
        found += _body_cues(body, sents, starts, prev_sentence, body_start)
        found += _direct(body, sents, starts, found, body_start)
    found.sort(key=lambda f: (f.start, f.content))
    return _resolve(text, found, entities)


def _body_cues(
    text: str,
    sents: Sequence[Span],
    starts: Sequence[int],
    prev: dict[int, Span],
    lo: int,
) -> list[_Found]:
    out: list[_Found] = []
    for m in _NE_CUE.finditer(text, lo):
        sent = _sentence_of(starts, sents, m.start())
        if m.start() >= sent.end:
            continue
        speaker = speaker_before(text, sent.start, m.start())
        if m.group(4):
            content = _trim(text, m.end(), sent.end)
        elif m.group(1).strip():
            content = _trim(text, m.start(1), m.start(2))
        else:
            content = (0, 0)
        head = text[sent.start : m.start()].split()
        if head[:2] == ["یہ", "بات"] and sent.start in prev:
            p = prev[sent.start]
            content = _trim(text, p.start, p.end)
            speaker = speaker_before(text, sent.start + len("یہ بات") + 1, m.start())
        if content[1] > content[0]:
            out.append(_Found(m.start(), speaker, content, m.group(2), False))
    for rx in (_KEHNA, _STATEMENT):
        for m in rx.finditer(text, lo):
            sent = _sentence_of(starts, sents, m.start() + 1)
            content = _trim(text, m.end(), sent.end)
            if content[1] > content[0]:
                speaker = speaker_before(text, sent.start, m.start())
                out.append(_Found(m.start(), speaker, content, m.group(1), False))
    for m in _BELIEVE.finditer(text, lo):
        sent = _sentence_of(starts, sents, m.start())
        content = _trim(text, m.end(), sent.end)
        speaker = speaker_before(text, sent.start, m.start(), max_words=5)
        if content[1] > content[0] and speaker:
            out.append(_Found(m.start(), speaker, content, m.group(1), False))
    for m in _MUTABIQ.finditer(text, lo):
        sent = _sentence_of(starts, sents, m.start() + 1)
        speaker = speaker_before(text, sent.start, m.start())
        if speaker is None or text[speaker[1] - 1 : speaker[1]] == "":
            continue
        last = text[speaker[0] : speaker[1]].split()[-1]
        if last in _NOT_SPEAKERS:
            continue
        content = _trim(text, m.end(), sent.end)
        if content[1] > content[0]:
            out.append(_Found(m.start(), speaker, content, m.group(1), False))
    for m in _BAQAUL.finditer(text, lo):
        sent = _sentence_of(starts, sents, m.start())
        rest = text[m.end() : sent.end]
        comma = rest.find("،")
        words = _words(text, m.end(), sent.end)
        if 0 < comma and len(_words(text, m.end(), m.end() + comma)) <= 6:
            speaker = (m.end(), m.end() + comma)
        elif words:
            speaker = (words[0][0], words[min(1, len(words) - 1)][1])
        else:
            continue
        content = _trim(text, speaker[1], sent.end)
        if content[1] > content[0]:
            out.append(_Found(m.start(), speaker, content, "بقول", False))
    return out


def _direct(
    text: str, sents: Sequence[Span], starts: Sequence[int], found: list[_Found], lo: int
) -> list[_Found]:
    """Quoted text not already inside an attribution; short scare quotes are left out."""
    out: list[_Found] = []
    for m in _QUOTED.finditer(text, lo):
        g = next(i for i in range(1, 6) if m.group(i) is not None)
        content = _trim(text, m.start(g), m.end(g))
        inside = [f for f in found if f.content[0] <= content[0] and content[1] <= f.content[1]]
        if inside:
            for f in inside:
                cs, ce = f.content
                if (content[1] - content[0]) * 2 >= ce - cs:
                    f.direct = True
            continue
        if len(_words(text, *content)) < 4:
            continue
        sent = _sentence_of(starts, sents, m.start())
        cue = [f for f in found if sent.start <= f.start < sent.end and f.speaker]
        speaker = cue[0].speaker if cue else None
        out.append(_Found(m.start(), speaker, content, "quote", True))
    return out


def _resolve(text: str, found: Sequence[_Found], entities: Sequence[Entity]) -> tuple[Quote, ...]:
    """Resolve pronoun speakers to the last named one and link speakers to entities."""
    quotes: list[Quote] = []
    last: tuple[int, int] | None = None
    seen: set[tuple[tuple[int, int] | None, tuple[int, int]]] = set()
    for f in found:
        speaker = f.speaker
        if speaker is not None:
            words = text[speaker[0] : speaker[1]].split()
            if words and words[0] in _PRONOUNS and len(words) <= 2:
                speaker = last
            else:
                last = speaker
        if (speaker, f.content) in seen:
            continue
        seen.add((speaker, f.content))
        sid = _entity_id(text, speaker, entities) if speaker else None
        quotes.append(
            Quote(
                content=Span(*f.content),
                cue=f.cue,
                direct=f.direct,
                speaker=Span(*speaker) if speaker else None,
                speaker_id=sid,
            )
        )
    return tuple(quotes)


def _entity_id(text: str, speaker: tuple[int, int], entities: Sequence[Entity]) -> str | None:
    best: Entity | None = None
    for e in entities:
        if e.start < speaker[1] and speaker[0] < e.end and e.label in (
            "PERSON",
            "ORGANIZATION",
            "LOCATION",
        ):
            if best is None or (e.end - e.start) > (best.end - best.start):
                best = e
    if best is None:
        return None
    return best.id or best.english or text[best.start : best.end]


@dataclass(frozen=True, slots=True)
class QuoteStage:
    """Assigns ``quotes``."""

    resources: QuoteResources = QuoteResources()
    name: str = "quotes"
    requires: frozenset[str] = frozenset({"text", "title_end", "sentences"})
    assigns: frozenset[str] = frozenset({"quotes"})

    def __call__(self, article: Article) -> Article:
        quotes = find_quotes(
            article.text, article.title_end, article.sentences, article.entities, self.resources
        )
        return dataclasses.replace(article, quotes=quotes)
