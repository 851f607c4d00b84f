"""Language and script identification for Urdu and its look-alikes.

Three signals are combined: pycld2 (ships its own model), a small character n-gram
model trained on FLORES-200 by ``training/train_langid.py`` (shipped as plain JSON
arrays), and letters that only some Arabic-script languages use. Latin text is checked
for Roman Urdu with a word list of our own.

>>> identify("پاکستان میں آج بارش ہوئی۔").code
'ur'
>>> identify("aap kaise hain? main theek hoon").code
'ur-Latn'
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# ISO codes reported. 'pa' is Punjabi in Shahmukhi when the script is Arab.
CODES = ("ur", "fa", "ar", "sd", "ps", "pa", "ks", "ckb", "ug", "hi", "en", "ur-Latn", "und")

_CLD_TO_CODE = {"ku": "ckb", "ckb": "ckb", "iw": "he", "zh-Hant": "zh", "un": "und"}
_ARABIC_SCRIPT = ("ur", "fa", "ar", "sd", "ps", "pa", "ks", "ckb", "ug")


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """A language code (ISO 639-1/3, 'ur-Latn' for Roman Urdu), a confidence in [0, 1], a script."""

    code: str
    confidence: float
    script: str


@dataclass(frozen=True, slots=True)
class LineGuess:
    """The language of one line: its span in the text and the guess."""

    start: int
    end: int
    guess: LanguageGuess


# Letters used by Urdu and by few of its neighbours.
_URDU_LETTERS = frozenset("ٹڈڑںےھۃ")
# Letters that Urdu does not use, with the languages that do.
_FOREIGN_LETTERS: dict[str, tuple[str, ...]] = {
    "ة": ("ar",),
    "ى": ("ar",),
    "ي": ("ar", "ug", "ps"),
    "ك": ("ar",),
    "ڭ": ("ug",),
    "ۆ": ("ug", "ckb"),
    "ۈ": ("ug",),
    "ۋ": ("ug",),
    "ې": ("ug", "ps"),
    "ە": ("ug", "ckb"),
    "ێ": ("ckb",),
    "ڵ": ("ckb",),
    "ڕ": ("ckb",),
    "ڤ": ("ckb",),
    "ڎ": ("sd",),
    "ڏ": ("sd",),
    "ڄ": ("sd",),
    "ڃ": ("sd",),
    "ڇ": ("sd",),
    "ڊ": ("sd",),
    "ٺ": ("sd",),
    "ٽ": ("sd",),
    "ٿ": ("sd",),
    "ڀ": ("sd",),
    "ڻ": ("sd",),
    "ڙ": ("sd",),
    "ڪ": ("sd",),
    "ڳ": ("sd",),
    "ڱ": ("sd",),
    "ڦ": ("sd",),
    "ټ": ("ps",),
    "ډ": ("ps",),
    "ړ": ("ps",),
    "ږ": ("ps",),
    "ښ": ("ps",),
    "ځ": ("ps",),
    "څ": ("ps",),
    "ڼ": ("ps",),
    "ۍ": ("ps",),
    "ٲ": ("ks",),
    "ٳ": ("ks",),
    "ۄ": ("ks",),
    "ٚ": ("ks",),
    "ٕ": ("ks",),
    "ۅ": ("ks", "ckb"),
}

_ROMAN_URDU_WORDS = (
    "hai hain hay he ka ki ke ko kay ky se say mein main mai mei men nahi nahin nai nhi na aur or"
    " bhi ne tha thi thay the kya kia kyun kyon kyunki ye yeh wo woh voh aap ap tum hum ham mera"
    " meri mere tera teri tere hamara hamari apna apni apne unka unki unke iska iski uska uski"
    " kar karo karna karte karta karti kiya kiye gaya gayi gaye raha rahi rahe hoga hogi honge"
    " ho hona hua hui huay hue jab tab ab sab kuch kuchh bohat bahut bohot bht acha achha accha"
    " theek thik sirf lekin magar phir agar toh to ja jao jana jata jati kal aaj abhi wala wali"
    " wale liye liya diya dena dekho dekha suno bolo bola kaha kehna zaroor shukriya janab sahab"
    " bhai yaar dost pyar dil zindagi log logon duniya waqt din raat saal mulk hukumat awam"
    " inshallah mashallah"
)
_ROMAN_URDU = frozenset(_ROMAN_URDU_WORDS.split())
_ENGLISH_WORDS = (
    "the a an of and to in is are was were be been it that this for on with as at by from or"
    " not but have has had will would can could should they he she we you i his her their our"
    " its which who what when where there all more said after over about into than also new"
    " one two first last year years people government minister police"
)
_ENGLISH = frozenset(_ENGLISH_WORDS.split())

_WORD_RE = re.compile(r"[^\W\d_]+")
_URL_RE = re.compile(r"(?:https?://|www\.)\S+|[#@]\w+|(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+")
_SAMPLE = 4000


@lru_cache(maxsize=1)
def load_model() -> NgramModel | None:
    """The shipped character n-gram model, or None when it is not there."""
    ref = resources.files("akhbar.text").joinpath("resources/langid.json")
    if not ref.is_file():
        return None
    data = json.loads(ref.read_text("utf-8"))
    return NgramModel(
        labels=tuple(data["labels"]),
        order=int(data["order"]),
        priors=tuple(data["priors"]),
        unseen=tuple(data["unseen"]),
        table={k: tuple(v) for k, v in data["table"].items()},
    )


@dataclass(frozen=True, slots=True)
class NgramModel:
    """Naive Bayes over character 1..order-grams: log-probabilities per label."""

    labels: tuple[str, ...]
    order: int
    priors: tuple[float, ...]
    unseen: tuple[float, ...]
    table: dict[str, tuple[float, ...]]

    def scores(self, text: str) -> list[float]:
        """Log-likelihood of ``text`` under each label."""
        totals = list(self.priors)
        n = len(self.labels)
        for word in _WORD_RE.findall(text.lower()):
            padded = f" {word} "
            for k in range(1, self.order + 1):
                for i in range(len(padded) - k + 1):
                    row = self.table.get(padded[i : i + k])
                    if row is None:
                        continue
                    for j in range(n):
                        totals[j] += row[j]
        return totals


def _script_counts(text: str) -> tuple[int, int, int, int]:
    arab = latin = deva = other = 0
    for ch in text:
        if not ch.isalpha():
            continue
        o = ord(ch)
        if 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0xFB50 <= o <= 0xFEFF:
            arab += 1
        elif o < 0x0250:
            latin += 1
        elif 0x0900 <= o <= 0x097F:
            deva += 1
        else:
            other += 1
    return arab, latin, deva, other


def _cld(text: str) -> tuple[str, float]:
    """pycld2's best language and its percent score (0..1); ('und', 0) when it fails."""
    try:
        import pycld2
    except ImportError:  # pragma: no cover - pycld2 is a core dependency
        return "und", 0.0
    clean = text.encode("utf-8", "replace").decode("utf-8")
    try:
        _, _, details = pycld2.detect(clean, bestEffort=True)
    except (pycld2.error, ValueError):
        clean = "".join(c for c in clean if c.isprintable() or c.isspace())
        try:
            _, _, details = pycld2.detect(clean, bestEffort=True)
        except (pycld2.error, ValueError):
            return "und", 0.0
    code = details[0][1]
    return _CLD_TO_CODE.get(code, code), details[0][2] / 100.0


def _softmax(scores: dict[str, float]) -> dict[str, float]:
    top = max(scores.values())
    exp = {k: math.exp(v - top) for k, v in scores.items()}
    total = sum(exp.values())
    return {k: v / total for k, v in exp.items()}


def _identify_arabic(text: str) -> LanguageGuess:
    letters = {ch for ch in text if ch in _URDU_LETTERS or ch in _FOREIGN_LETTERS}
    scores: dict[str, float] = dict.fromkeys(_ARABIC_SCRIPT, 0.0)
    model = load_model()
    if model is not None:
        raw = model.scores(text)
        for label, s in zip(model.labels, raw, strict=True):
            if label in scores:
                scores[label] = s
    cld, cld_score = _cld(text)
    if cld in scores:
        scores[cld] += 3.0 * cld_score + 1.0
    for ch in letters:
        for lang in _FOREIGN_LETTERS.get(ch, ()):
            scores[lang] += 4.0
        if ch in _URDU_LETTERS:
            for lang in ("ur", "pa", "ks"):
                scores[lang] += 1.0
    probs = _softmax(scores)
    best = max(probs, key=lambda k: probs[k])
    return LanguageGuess(best, round(probs[best], 4), "Arab")


def _identify_latin(text: str) -> LanguageGuess:
    words = [w.lower() for w in _WORD_RE.findall(text)]
    if not words:
        return LanguageGuess("und", 0.0, "Latn")
    roman = sum(1 for w in words if w in _ROMAN_URDU)
    english = sum(1 for w in words if w in _ENGLISH)
    cld, cld_score = _cld(text)
    if roman >= 1 and roman > english and (cld != "en" or roman >= 2 * english + 1):
        conf = min(0.99, 0.5 + 0.5 * roman / len(words) + 0.1 * min(roman, 3))
        return LanguageGuess("ur-Latn", round(conf, 4), "Latn")
    if cld in ("und", "") or cld_score == 0.0:
        cld = "en"
        cld_score = 0.5 if english else 0.3
    return LanguageGuess(cld, round(max(0.3, min(0.99, cld_score)), 4), "Latn")


def identify(text: str) -> LanguageGuess:
    """The language of a text, with a confidence and its main script.

    >>> identify("زه پښتو وایم او په کابل کې اوسېږم").code
    'ps'
    """
    clean = _URL_RE.sub(" ", _sample(text))
    arab, latin, deva, other = _script_counts(clean)
    total = arab + latin + deva + other
    if total == 0:
        return LanguageGuess("und", 0.0, "Zyyy")
    if arab >= max(latin, deva, other):
        guess = _identify_arabic(clean)
        share = arab / total
    elif latin >= max(deva, other):
        guess = _identify_latin(clean)
        share = latin / total
    elif deva >= other:
        cld, score = _cld(clean)
        guess = LanguageGuess(cld if cld not in ("und", "en") else "hi", max(0.5, score), "Deva")
        share = deva / total
    else:
        cld, score = _cld(clean)
        return LanguageGuess(cld, round(score, 4), "Zyyy")
    return LanguageGuess(guess.code, round(guess.confidence * (0.5 + 0.5 * share), 4), guess.script)


def _sample(text: str) -> str:
    """At most about ``_SAMPLE`` characters, taken from four places of a long text."""
    if len(text) <= _SAMPLE:
        return text
    step = len(text) // 4
    size = _SAMPLE // 4
    return " ".join(text[i * step : i * step + size] for i in range(4))


def identify_lines(text: str) -> list[LineGuess]:
    """The language of each non-empty line, with the line's span in ``text``."""
    out: list[LineGuess] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            s = pos + (len(body) - len(body.lstrip()))
            out.append(LineGuess(s, s + len(stripped), identify(stripped)))
        pos += len(line)
    return out
