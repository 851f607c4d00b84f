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


def _at_word_start(alternatives: str) -> str:
    """``{_B}(?:a|b|…)`` for literal alternatives, written so that each starts with its
    first letter (the word-start test moves behind that letter): the regex engine then
    skips ahead to those letters instead of testing every position. The same matches."""
    groups: dict[str, list[str]] = {}
    for alt in alternatives.split("|"):
        groups.setdefault(alt[0], []).append(alt[1:])
    return "|".join(f"{re.escape(c)}(?<!{_W}.)(?:{'|'.join(rest)})" for c, rest in groups.items())


#: Everything up to the last punctuation mark that ends a speaker phrase read backwards.
_LAST_STOP = re.compile(r'[\s\S]*[،,؛;:()\[\]"“”‘’«»۔؟!\n]')
_SPACE_TRIM = ' \t\n،,؛;:۔.-–—"“”‘’«»'

#: Words that end a speaker phrase when reading backwards from a cue.
_BOUNDARY = frozenset(
    """
    کہ جبکہ جب تاہم لیکن مگر کیونکہ چنانچہ البتہ بلکہ پھر اب یہاں وہاں جہاں میں پر سے کو
    نے تک لیے لئے بعد دوران قبل ذریعے باعث طرف ہے ہیں تھا تھے تھی تھیں گا گی گے ہوا ہوئے
    ہوئی کر کرتے کرنے کیا گئی گیا دیا مطابق بقول یہ وہ اسے انہیں بھی ہی تو نہ نہیں واضح
    رہے ادھر دریں اثنا علاوہ ازیں
    """.split()  # noqa: SIM905 (a word list reads best as text)
)
#: Words that may start a speaker phrase but are not part of it.
_LEADING = frozenset(["اور", "نیز", "جبکہ", "تاہم", "ادھر", "بات", "خیالات"])
#: Days and times that end a speaker phrase read backwards ("بدھ کے روز مریم نواز نے").
_TIME_WORDS = frozenset(
    "روز دن شب صبح شام رات منگل بدھ جمعرات جمعہ ہفتہ ہفتے اتوار سنیچر آج".split()  # noqa: SIM905
)
#: Words between a subject and its clause that belong to neither ("دونوں ہی").
_FILLERS = frozenset(["دونوں", "ہی", "بھی", "تو", "سب"])
_ERGATIVE_PRONOUNS = frozenset(["انہوں", "انھوں", "اُنہوں", "اُنھوں", "انہون", "انھون"])
_PRONOUNS = _ERGATIVE_PRONOUNS | frozenset(["ان", "اُن", "اس", "وہ", "انہی", "انھی", "ہم", "انہیں"])
#: "X کے مطابق" where X is not a speaker.
_NOT_SPEAKERS = frozenset(
    """
    تفصیلات قوانین ضوابط رولز اندازے اندازوں شیڈول پروگرام قانون آئین معاہدے منصوبے
    فیصلے روایت ضابطے قواعد حساب ہدایات طریقہ کار اصولوں اصول ترتیب تعریف نتائج مطالبے
    درجہ بندی سروے وقت معمول فارمولے پالیسی
    """.split()  # noqa: SIM905 (a word list reads best as text)
)
_SPEECH_VERBS = (
    r"کہا|کہاکہ|کہی|کہہ دیا|بتایا|بتائی|دعوی کیا|دعویٰ کیا|الزام عائد کیا|الزام لگایا|"
    r"تردید کی|تردید کر دی|تردید کردی|اعلان کیا|اعلان کر دیا|اعلان کردیا|انکشاف کیا|"
    r"خبردار کیا|واضح کیا|زور دیا|مطالبہ کیا|عزم کیا|اعتراف کیا|یقین دلایا|تصدیق کی|"
    r"اشارہ دیا|اشارہ دے دیا|استفسار کیا|دھمکی دی|اپیل کی|درخواست کی|ہدایت کی|"
    r"مشورہ دیا|مشورہ دے دیا|قرار دیا|قرار دے دیا|قرار دے چکے|قرار دے چکا|قرار دیتے"
)
#: Cues whose subject takes no "نے": the speaker opens the sentence ("X اسے … قرار دیتے ہیں").
_NOMINATIVE = frozenset(["قرار دے چکے", "قرار دے چکا", "قرار دیتے"])
#: Cues that report speech only with a "کہ" clause ("امید ظاہر کی کہ …").
_KE_ONLY = r"امید ظاہر کی|توقع ظاہر کی|اظہار کیا|یقین دہانی کرائی|امکان ظاہر کیا|خدشہ ظاہر کیا"
_KE_ONLY_SET = frozenset(_KE_ONLY.split("|"))
_AUX = r"ہے|ہیں|تھا|تھے|تھی|گیا|گئی|ہو|جا|رہا|رہے|بھی"
_VERB_CUE = re.compile(
    rf"({_at_word_start(_SPEECH_VERBS + '|' + _KE_ONLY)}){_E}"
    rf"((?:\s+(?:{_AUX}){_E})*)(\s*(?:کہ{_E}|:))?"
)
_NE = re.compile(rf"(?:{_at_word_start('نے')}){_E}")
_ON_BEHALF = re.compile(rf"{_B}(?:کی\s+)?(?:جانب|طرف)\s+سے{_E}")
_VIEWS = re.compile("(?:" + _at_word_start(r"یہ\s+بات|ان\s+خیالات\s+کا\s+اظہار") + f"){_E}")
_TRAILING_POSTPOSITION = re.compile(rf"\s+(?:کی|کا|کے|کو|پر|سے|میں){_E}\s*$")
#: Headline ends like "… وزیراعظم محمد نواز شریف کا … سے خطاب" (a speech reported by title).
_EVENT_TAIL = re.compile(
    rf"(?:خطاب|گفتگو|بریفنگ|پریس\s+کانفرنس|بیان|انٹرویو|اظہار\s+خیال|ملاقات){_E}\s*$"
)
#: A noun right before quotation marks that makes the quoted words a title, not speech.
_TITLE_BEFORE = re.compile(
    rf"{_B}(?:فلم|فلموں|ڈرامے|ڈرامہ|کتاب|گانے|گانا|البم|نام|پروگرام|ناول)\s*$"
)
_GENITIVE = re.compile(r"\s(?:کا|کی|کے)\s")
_KEHNA = re.compile(
    rf"\s(?:کا|کی|کے)\s+(?:یہ\s+)?(?:مزید\s+|بھی\s+)?"
    rf"(کہنا|موقف|مؤقف|دعوی|دعویٰ|الزام|خیال|اصرار|ماننا|استدلال)"
    rf"(?:\s+(?:ہے|ہیں|تھا|تھے|تھی|رہا|ہو)(?:\s+(?:ہے|تھا))?)?\s*(?:کہ{_E}|:|(?<=ہے)|(?<=تھا))"
)
_BELIEVE = re.compile(
    rf"{_B}(?:یہ\s+)?(سمجھتا|سمجھتی|سمجھتے|مانتا|مانتی|مانتے|کہتا|کہتی|کہتے)\s+"
    rf"(?:ہے|ہیں|تھا|تھے|تھی)\s*(?:کہ{_E})"
)
#: One of these is in every match of ``_BELIEVE``.
_BELIEVE_STEMS = ("سمجھت", "مانت", "کہت")
_MUTABIQ = re.compile(rf"\s(?:کے|کی)\s+(مطابق|بقول){_E}")
_BAQAUL = re.compile(rf"(?<!کے )(?<!کی ){_B}بقول\s+")
_QUOTED = re.compile(
    r"“([^”\n]{2,})”|‘‘([^’\n]{2,})’’|‘([^’\n]{2,})’|«([^»\n]{2,})»|\"([^\"\n]{2,})\"|’([^‘’\n]{2,})‘"
)
#: Headline tails that carry their own cue: "claim، X کا دعویٰ", "claim، X نے اشارہ دے دیا".
_TAIL_NOUN_CUE = re.compile(
    r"\s(?:کا|کی|کے)\s+(?:[^\s،]+\s+){0,3}?"
    r"(دعوی|دعویٰ|اعتراف|انکشاف|تردید|وضاحت|یقین دہانی|مطالبہ|اعلان|انتباہ|عزم|اظہار)\s*$"
)
_TAIL_NE_CUE = re.compile(rf"\sنے\s+(?:[^\s،]+\s+){{0,4}}?({_SPEECH_VERBS})(?:\s+\S+){{0,2}}\s*$")
#: Last words of a headline claim that make it read as a statement.
_CLAIM_ENDS = frozenset(
    """
    ہے ہیں گا گی گے ہوگا ہوگی ہوں گے نہیں چاہیے چاہئے ہو سکتا سکتی سکتے رہے کریں دیں تھا
    تھے تھی جائے جائیں ہوگئے ہوگیا گئے گیا
    """.split()  # noqa: SIM905 (a word list reads best as text)
)
_NOT_SPEAKER_WORDS = frozenset(
    """
    کا کی کے نے سے میں پر کو تک ہے ہیں تھا تھے گا گی گے کیا کر دیا گیا گئی گئے ہو ہوا
    ہوئے ہوگئے ہوگیا جاری متوقع ہلاک زخمی برقرار شروع ختم منظور بند کمی اضافہ
    """.split()  # noqa: SIM905 (a word list reads best as text)
)
#: Endings of verbs and predicates (آئیگا، کریں، جانتی، رکھتے): a claim before "، name".
_VERB_ENDINGS = (
    "گا", "گی", "گے", "یں", "تی", "تا", "تے", "ہے", "ہیں", "رہا", "رہی", "چاہیے",
    "یا", "یے", "ئے", "ئی",
)  # fmt: skip
_SPEAKER_LABELS = frozenset({"PERSON", "ORGANIZATION", "LOCATION"})
#: Words that make a short headline tail a speaker (roles, bodies, offices).
_ROLES = frozenset(
    """
    وزیر وزیراعظم وزیر اعظم صدر ترجمان سربراہ چیئرمین چیرمین رہنما قائد سیکرٹری سیکریٹری
    گورنر مشیر کپتان کوچ سفیر جج چیف سی ای او سلیکٹر اداکارہ اداکار گلوکار گلوکارہ کمشنر
    افسر فوج پولیس حکومت حکام وزارت دفتر خارجہ ہاؤس ہاوس ایجنسی بورڈ کمیٹی ادارہ عدالت
    اقوام متحدہ پارٹی جماعت تنظیم اسپیکر امیر مولانا ڈاکٹر جنرل صدارتی ماہرین ذرائع
    رپورٹ سروے تحقیق اے ای پی بی ایم
    """.split()  # noqa: SIM905 (a word list reads best as text)
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


def speaker_before(text: str, lo: int, cue: int, max_words: int = 10) -> tuple[int, int] | None:
    """The speaker phrase that ends just before ``cue``, read backwards to a boundary."""
    last = _LAST_STOP.match(text, lo, cue)
    if last is not None:
        lo = last.end()
    words = _words(text, lo, cue)
    picked: list[tuple[int, int]] = []
    for s, e in reversed(words):
        w = text[s:e]
        if w in _BOUNDARY or w in _TIME_WORDS or len(picked) >= max_words or w.isdigit():
            break
        picked.append((s, e))
        if len(picked) == 1 and w in _ERGATIVE_PRONOUNS:
            break  # "… کے متعلق انہوں نے": the speaker is the pronoun alone
    while picked and text[picked[-1][0] : picked[-1][1]] in _LEADING:
        picked.pop()
    if not picked:
        return None
    return picked[-1][0], picked[0][1]


def speaker_after(text: str, start: int, end: int, max_words: int = 6) -> tuple[int, int] | None:
    """The subject phrase that opens a clause at ``start``, read forwards to a boundary."""
    picked: list[tuple[int, int]] = []
    for s, e in _words(text, start, end):
        w = text[s:e]
        if w in _BOUNDARY or w in _FILLERS or len(picked) >= max_words:
            break
        picked.append((s, e))
    if not picked or len(picked) >= max_words:
        return None
    return picked[0][0], picked[-1][1]


def _sentence_index(starts: Sequence[int], pos: int) -> int:
    return max(bisect.bisect_right(starts, pos) - 1, 0)


@dataclass(slots=True)
class _Found:
    start: int  # position of the cue, for ordering
    speaker: tuple[int, int] | None
    content: tuple[int, int]
    cue: str
    direct: bool


def _event_tail(title: str) -> list[_Found]:
    """ "claim SPEAKER کا … سے خطاب": the speaker's phrase ends a claim's final verb."""
    event = _EVENT_TAIL.search(title)
    if event is None:
        return []
    for g in reversed(list(_GENITIVE.finditer(title))):
        words = _words(title, 0, g.start())
        picked: list[tuple[int, int]] = []
        for s, e in reversed(words):
            if title[s:e] in _CLAIM_ENDS:
                break
            picked.append((s, e))
            if len(picked) > 12:
                break
        else:
            continue
        if not picked or len(picked) > 12 or len(words) - len(picked) < 3:
            continue
        speaker = (picked[-1][0], picked[0][1])
        content = _trim(title, 0, speaker[0])
        return [_Found(g.start(), speaker, content, event.group(), False)]
    return []


def _verb_like(word: str) -> bool:
    """Whether a headline's last word reads as a verb or predicate (so the claim is a
    statement)."""
    return word in _CLAIM_ENDS or word.endswith(_VERB_ENDINGS)


def _headline(title: str, res: QuoteResources, entities: Sequence[Entity] = ()) -> list[_Found]:
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
        return _event_tail(title)
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
    named = any(
        e.start <= tail[0] and tail[1] <= e.end and e.label in _SPEAKER_LABELS for e in entities
    )
    if named or _speakerish(title, tw, res, strict=not _verb_like(last)):
        out.append(_Found(comma, tail, head, "،", False))
    return out or _event_tail(title)


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
        found += _headline(text[:title_end], res, entities)
    body_start = title_end + 1 if title_end else 0
    sents = [s for s in sentences if s.start >= body_start] or (
        [Span(body_start, len(text))] if body_start < len(text) else []
    )
    if not found and title_end:
        sents = [s for s in sentences if s.start < title_end] + sents
    starts = [s.start for s in sents]
    if sents:
        found += _body_cues(text, sents, starts, sents[0].start)
    found += _direct(text, list(sentences), found)
    found.sort(key=lambda f: (f.start, f.content))
    return _resolve(text, found, entities)


def _verb_cues(text: str, sents: Sequence[Span], starts: Sequence[int], lo: int) -> list[_Found]:
    """ "X نے کہا کہ …", "X نے … کی تردید کی", "یہ بات X نے بتائی", "… کہا گیا کہ …"."""
    out: list[_Found] = []
    for m in _VERB_CUE.finditer(text, lo):
        i = _sentence_index(starts, m.start())
        sent = sents[i]
        if m.start() >= sent.end:
            continue
        verb = m.group(1)
        has_ke = bool(m.group(3)) or verb.endswith("کہاکہ")
        ne = None
        for n in _NE.finditer(text, sent.start, m.start()):
            ne = n
        passive = any(w in (m.group(2) or "").split() for w in ("گیا", "گئی", "جا"))
        if ne is not None and not passive:
            speaker = speaker_before(text, sent.start, ne.start())
            between = _trim(text, ne.end(), m.start())
        elif verb in _NOMINATIVE:
            speaker = speaker_after(text, sent.start, m.start())
            if speaker is None:
                continue
            rest = [
                w for w in _words(text, speaker[1], m.start()) if text[w[0] : w[1]] not in _FILLERS
            ]
            between = (rest[0][0], m.start()) if rest else (m.start(), m.start())
        else:
            by = None
            for b in _ON_BEHALF.finditer(text, sent.start, m.start()):
                by = b
            if not has_ke or not (passive or by):
                continue
            speaker = speaker_before(text, sent.start, by.start()) if by else None
            between = (m.start(), m.start())
        if has_ke:
            content = _trim(text, m.end(), sent.end)
        elif _VIEWS.search(text, sent.start, m.start()) and i > 0:
            prev = sents[i - 1]
            content = _trim(text, prev.start, prev.end)
        elif verb in _KE_ONLY_SET:
            continue
        elif between[1] > between[0]:
            tail = _TRAILING_POSTPOSITION.search(text, between[0], between[1])
            content = _trim(text, between[0], tail.start() if tail else between[1])
        elif verb in ("کہا", "بتایا") and len(_words(text, m.end(), sent.end)) >= 3:
            content = _trim(text, m.end(), sent.end)
        else:
            continue
        if content[1] > content[0]:
            out.append(_Found(m.start(), speaker, content, verb, False))
    return out


def _views(text: str, sents: Sequence[Span], starts: Sequence[int], lo: int) -> list[_Found]:
    """ "ان خیالات کا اظہار X نے … کیا": X said the previous sentence."""
    out: list[_Found] = []
    for m in _VIEWS.finditer(text, lo):
        i = _sentence_index(starts, m.start())
        if i == 0 or not m.group().startswith("ان"):
            continue
        sent, prev = sents[i], sents[i - 1]
        ne = _NE.search(text, m.end(), sent.end)
        if ne is None:
            continue
        speaker = speaker_before(text, m.end(), ne.start())
        content = _trim(text, prev.start, prev.end)
        out.append(_Found(m.start(), speaker, content, "اظہار", False))
    return out


def _body_cues(
    text: str,
    sents: Sequence[Span],
    starts: Sequence[int],
    lo: int,
) -> list[_Found]:
    out = _verb_cues(text, sents, starts, lo) + _views(text, sents, starts, lo)
    for m in _KEHNA.finditer(text, lo):
        sent = sents[_sentence_index(starts, m.start() + 1)]
        content = _trim(text, m.end(), sent.end)
        if content[1] > content[0]:
            speaker = speaker_before(text, sent.start, m.start())
            out.append(_Found(m.start(), speaker, content, m.group(1), False))
    believe = any(v in text for v in _BELIEVE_STEMS)  # the regex only where it can match
    for m in _BELIEVE.finditer(text, lo) if believe else ():
        sent = sents[_sentence_index(starts, m.start())]
        content = _trim(text, m.end(), sent.end)
        speaker = speaker_before(text, sent.start, m.start(), max_words=5)
        if content[1] > content[0] and speaker:
            out.append(_Found(m.start(), speaker, content, m.group(1), False))
    for m in _MUTABIQ.finditer(text, lo):
        sent = sents[_sentence_index(starts, m.start() + 1)]
        speaker = speaker_before(text, sent.start, m.start())
        if speaker is None:
            continue
        last = text[speaker[0] : speaker[1]].split()[-1]
        if last in _NOT_SPEAKERS:
            continue
        content = _trim(text, m.end(), sent.end)
        if content[1] > content[0]:
            out.append(_Found(m.start(), speaker, content, m.group(1), False))
    for m in _BAQAUL.finditer(text, lo) if "بقول" in text else ():
        sent = sents[_sentence_index(starts, m.start())]
        rest = text[m.end() : sent.end]
        comma = rest.find("،")
        words = _words(text, m.end(), sent.end)
        if comma > 0 and len(_words(text, m.end(), m.end() + comma)) <= 6:
            speaker = (m.end(), m.end() + comma)
        elif words:
            speaker = (words[0][0], words[min(1, len(words) - 1)][1])
        else:
            continue
        content = _trim(text, speaker[1], sent.end)
        if content[1] > content[0]:
            out.append(_Found(m.start(), speaker, content, "بقول", False))
    return out


def _direct(text: str, sents: Sequence[Span], found: list[_Found]) -> list[_Found]:
    """Quoted text not already inside an attribution; short scare quotes are left out."""
    out: list[_Found] = []
    starts = [s.start for s in sents]
    for m in _QUOTED.finditer(text):
        g = next(i for i in range(1, 7) if m.group(i) is not None)
        content = _trim(text, m.start(g), m.end(g))
        size = content[1] - content[0]
        inside = [
            f
            for f in found
            if min(f.content[1], content[1]) - max(f.content[0], content[0]) > size // 2
        ]
        if inside:
            for f in inside:
                if size * 2 >= f.content[1] - f.content[0]:
                    f.direct = True
            continue
        if len(_words(text, *content)) < 4 or _TITLE_BEFORE.search(
            text, max(0, m.start() - 12), m.start()
        ):
            continue
        cue = []
        if sents:
            i = _sentence_index(starts, m.start())
            sent = sents[i]
            cue = [f for f in found if sent.start <= f.start < sent.end and f.speaker]
            if not cue and i > 0 and not text[sent.start : m.start()].strip():
                # a quotation opening a sentence goes on from the attribution before it
                prev = sents[i - 1]
                cue = [f for f in found if prev.start <= f.start < prev.end and f.speaker][-1:]
        speaker = cue[0].speaker if cue else None
        out.append(_Found(m.start(), speaker, content, "quote", True))
    return out


def _is_pronoun(text: str, span: tuple[int, int]) -> bool:
    words = text[span[0] : span[1]].split()
    return bool(words) and words[0] in _PRONOUNS and len(words) <= 2


def _resolve(text: str, found: Sequence[_Found], entities: Sequence[Entity]) -> tuple[Quote, ...]:
    """Resolve pronoun speakers to the last named one and link speakers to entities."""
    quotes: list[Quote] = []
    last: tuple[int, int] | None = None
    seen: set[tuple[tuple[int, int] | None, tuple[int, int]]] = set()
    named = [f.speaker for f in found if f.speaker and not _is_pronoun(text, f.speaker)]
    for f in found:
        speaker = f.speaker
        if speaker is not None:
            if _is_pronoun(text, speaker):
                # the last named speaker; before any, the next one (a caption, a lead)
                speaker = last or next((n for n in named if n[0] > f.start), None)
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
    """The ID (or English name) of the entity that heads a speaker phrase: Urdu puts the
    head last, so "شمالی کوریا کے سربراہ" is not North Korea but "کم یونگ اُن" is Kim."""
    end = speaker[1]
    heads = [
        e
        for e in entities
        if e.label in _SPEAKER_LABELS
        and speaker[0] <= e.start < e.end
        and e.end >= end - 1
        and e.start < end
    ]
    if not heads:
        return None
    best = max(heads, key=lambda e: e.end - e.start)
    return best.id or best.english or text[best.start : best.end]


@dataclass(slots=True)
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
