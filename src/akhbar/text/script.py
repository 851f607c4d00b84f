"""Language and script identification for Urdu and its look-alikes.

For Arabic script, these signals are added in log space: a character n-gram model
trained on FLORES-200 by ``training/train_langid.py`` (shipped as plain numpy arrays,
run on the display form), pycld2 (which ships its own model), letters that only some
of the languages use, gol he against Arabic he in raw text, a small prior for Urdu, and
function words for Punjabi (Shahmukhi). Latin text is checked for Roman Urdu with a word
list of our own before pycld2 is asked; Devanagari is Hindi unless pycld2 is sure.
Evaluation: bench/eval_text.py.

>>> identify("پاکستان میں آج بارش ہوئی۔").code
'ur'
>>> identify("aap kaise hain? main theek hoon").code
'ur-Latn'
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np
import numpy.typing as npt

from akhbar.text._check import require_str

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
# Gol he (ہ) is written by Urdu, Punjabi and Kashmiri; the others write Arabic he (ه).
# Both become ہ/ھ in the display form, so this evidence only counts in raw text.
_GOL_HE = "ہ"
_ARABIC_HE = "ه"
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
    " inshallah mashallah zindabad hakumat wazir azam qaum awam barish mehngai siyasat"
    " intikhabat jalsa faisla adalat qaumi sarkar khabar khabrain qeemat wajah pareshan"
    " mujhe tumhe unhon inhon hamein sath saath jeetay jeete haar kitni kitna kitne"
    " khoobsurat tasveer dekho bijli suni suna mehfooz band khitab"
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
_SAMPLE = 600  # n-gram evidence saturates long before this (see _MODEL_CAP)
CACHE_WORDS = 100_000


def ngrams(text: str, order: int) -> list[str]:
    """Character 1..order-grams of the words of ``text`` (padded with spaces), and the words."""
    out: list[str] = []
    for word in _WORD_RE.findall(text.lower()):
        out += word_ngrams(word, order)
    return out


def word_ngrams(word: str, order: int) -> list[str]:
    """Character 1..order-grams of one word padded with spaces, then the word itself."""
    padded = f" {word} "
    n = len(padded)
    out = [padded[i : i + k] for k in range(1, order + 1) for i in range(n - k + 1)]
    out.append(f"<{word}>")  # the whole word as one more feature
    return out


@dataclass(frozen=True, slots=True)
class NgramModel:
    """Naive Bayes over character n-grams: a log-probability row per n-gram."""

    labels: tuple[str, ...]
    order: int
    index: dict[str, int]
    logp: npt.NDArray[np.float32]
    #: Known n-gram rows per word, filled as words are met (bounded by ``CACHE_WORDS``).
    cache: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False, repr=False)

    def _word_rows(self, word: str) -> tuple[int, ...]:
        got = self.cache.get(word)
        if got is None:
            index = self.index
            got = tuple(i for g in word_ngrams(word, self.order) if (i := index.get(g)) is not None)
            if len(self.cache) >= CACHE_WORDS:
                self.cache.clear()
            self.cache[word] = got
        return got

    def scores(self, text: str) -> tuple[npt.NDArray[np.float32], int]:
        """Summed log-probabilities of the known n-grams of ``text`` per label, and their count."""
        get = self.cache.get
        idx: list[int] = []
        for word in _WORD_RE.findall(text.lower()):
            got = get(word)
            idx += got if got is not None else self._word_rows(word)
        if not idx:
            return np.zeros(len(self.labels), dtype=np.float32), 0
        return self.logp[idx].sum(axis=0), len(idx)


@lru_cache(maxsize=1)
def load_model() -> NgramModel | None:
    """The shipped character n-gram model, or None when it is not there."""
    ref = resources.files("akhbar.text").joinpath("resources/langid.npz")
    if not ref.is_file():
        return None
    try:
        with ref.open("rb") as fh, np.load(fh, allow_pickle=False) as data:
            vocab = [str(g) for g in data["vocab"]]
            labels = tuple(str(x) for x in data["labels"])
            logp = data["logp"].astype(np.float32)
            order = int(data["order"])
    except (ValueError, KeyError, OSError) as exc:
        from akhbar.errors import ModelError

        raise ModelError(f"resources/langid.npz is unreadable: {exc}") from exc
    model = NgramModel(labels, order, {g: i for i, g in enumerate(vocab)}, logp)
    if logp.shape != (len(vocab), len(model.labels)):
        from akhbar.errors import ModelError

        raise ModelError("resources/langid.npz: table shape does not match its labels")
    return model


_NOT_LETTERS_RE = re.compile(r"[\W\d_]+")  # the complement of a letter, [^\W\d_]
_ARAB_RUN_RE = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufeff]+")
_LATIN_RE = re.compile("[\x00-\u024f]")
_DEVA_RE = re.compile("[\u0900-\u097f]")


def _script_counts(text: str) -> tuple[int, int, int, int]:
    """Letters in Arabic script, Latin, Devanagari and any other script (regexes, not a loop)."""
    letters = _NOT_LETTERS_RE.sub("", text)
    rest = _ARAB_RUN_RE.sub("", letters)  # the scripts' ranges are disjoint
    latin = len(_LATIN_RE.findall(rest))
    deva = len(_DEVA_RE.findall(rest))
    return len(letters) - len(rest), latin, deva, len(rest) - latin - deva


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


# Weights of the evidence for Arabic-script languages (tuned on held-out FLORES train).
_W_MODEL = 1.0  # per known n-gram, on the mean log-likelihood
_MODEL_CAP = 60  # n-grams beyond this add no more confidence
_W_CLD = 4.0
_W_FOREIGN_LETTER = 3.0
_W_URDU_LETTER = 0.5
_W_GOL_HE = 4.0
_UR_PRIOR = 1.5
_W_ARABIC_HE = 2.0
# Naive Bayes over-counts overlapping n-grams: confidences come from scores / this.
_TEMPERATURE = 4.0
_PUNJABI_WORD_LIST = (
    "دا دی دے نوں وچ توں تے نال ایہہ اوہ کیتا اوہدے اوہنوں ایہدے ساڈا ساڈے تہاڈا اسیں تسیں"
    " ہووے سکدا کردا کردی جاندا جاندی ہندا ہندی کہندا کہندی"
)
_PUNJABI_WORDS = frozenset(_PUNJABI_WORD_LIST.split())
_URDU_WORDS = frozenset(["کا", "کی", "کے", "کو", "میں", "سے", "ہے", "ہیں", "نے", "اور", "یہ", "وہ"])


def arabic_scores(text: str, raw: str | None = None) -> dict[str, float]:
    """Evidence for each Arabic-script language, in log space (higher is likelier).

    Punjabi (Shahmukhi) has no training data here: it is scored like Urdu and only
    entered when its own function words (نوں، وچ، دا، تے ...) outnumber Urdu ones.
    """
    scores: dict[str, float] = dict.fromkeys(_ARABIC_SCRIPT, 0.0)
    scores["pa"] = -2.0  # no model for Shahmukhi: it needs its own words to win
    scores["ur"] = _UR_PRIOR  # an Urdu desk: when the evidence is even, it is Urdu
    model = load_model()
    if model is not None:
        sums, count = model.scores(text)
        if count:
            mean = sums / count
            weight = _W_MODEL * min(count, _MODEL_CAP)
            best = float(mean.max())
            for label, m in zip(model.labels, mean.tolist(), strict=True):
                if label in scores:
                    scores[label] += weight * (m - best)
            scores["pa"] += weight * (float(mean[model.labels.index("ur")]) - best)
    cld, cld_score = _cld(text)
    if cld in scores:
        scores[cld] += _W_CLD * cld_score
    evidence = raw if raw is not None else text
    for ch in {c for c in evidence if c in _URDU_LETTERS or c in _FOREIGN_LETTERS}:
        for lang in _FOREIGN_LETTERS.get(ch, ()):
            scores[lang] += _W_FOREIGN_LETTER
        if ch in _URDU_LETTERS:
            for lang in ("ur", "pa"):
                scores[lang] += _W_URDU_LETTER
    if raw is not None and _GOL_HE in raw and _ARABIC_HE not in raw:
        for lang in ("ur", "pa", "ks"):
            scores[lang] += _W_GOL_HE
    elif raw is not None and _ARABIC_HE in raw and _GOL_HE not in raw:
        for lang in ("fa", "ar", "sd", "ps", "ckb", "ug"):
            scores[lang] += _W_ARABIC_HE
    words = text.split()
    pa = sum(1 for w in words if w in _PUNJABI_WORDS)
    ur = sum(1 for w in words if w in _URDU_WORDS)
    if pa >= 2 and pa > ur:
        scores["pa"] += 4.0 * (pa - ur)
    else:
        del scores["pa"]  # Shahmukhi is only considered on its own words
    return scores


#: Texts at least this long take the fast path when every sign says Urdu.
_FAST_MIN = 400


@lru_cache(maxsize=1)
def _foreign_re() -> re.Pattern[str]:
    """Any letter of ``_FOREIGN_LETTERS`` (one scan instead of a set of the text)."""
    return re.compile("[" + "".join(re.escape(c) for c in sorted(_FOREIGN_LETTERS)) + "]")


def _plainly_urdu(text: str) -> LanguageGuess | None:
    """A quick Urdu decision for a long text whose letters and pycld2 all say Urdu."""
    if len(text) < _FAST_MIN:
        return None
    if sum(c in text for c in _URDU_LETTERS) < 4 or _foreign_re().search(text):
        return None
    if _ARABIC_HE in text or sum(1 for w in text.split() if w in _PUNJABI_WORDS) >= 2:
        return None
    cld, score = _cld(text)
    if cld != "ur" or score < 0.8:
        return None
    return LanguageGuess("ur", 0.99, "Arab")


def _identify_arabic(text: str) -> LanguageGuess:
    from akhbar.text.normalize import display

    fast = _plainly_urdu(text)
    if fast is not None:
        return fast
    scores = arabic_scores(display(text), raw=text)
    probs = _softmax({k: v / _TEMPERATURE for k, v in scores.items()})
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
    if cld in ("und", "") or cld_score == 0.0 or (cld != "en" and len(words) < 6):
        # Short Latin snippets in Urdu news are English far more often than anything else.
        cld = "en"
        cld_score = 0.5 if english else 0.3
    return LanguageGuess(cld, round(max(0.3, min(0.99, cld_score)), 4), "Latn")


def identify(text: str) -> LanguageGuess:
    """The language of a text (raw or display form), with a confidence and its main script.

    Raw text identifies best: letters that the display form folds (ي ك ه) are evidence.

    >>> identify("زه پښتو وایم او په کابل کې اوسېږم").code
    'ps'
    """
    require_str(text)
    clean = _sample(text)
    if "://" in clean or "www." in clean or "#" in clean or "@" in clean:
        clean = _URL_RE.sub(" ", clean)  # only these can start a match
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
        # Short Devanagari snippets are Hindi unless pycld2 is sure of Marathi or Nepali.
        if cld not in ("mr", "ne") or len(clean.split()) < 6:
            cld = "hi"
        guess = LanguageGuess(cld, max(0.5, score), "Deva")
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
    require_str(text)
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
