"""The text layer's fast paths give exactly what the plain formulations give."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.text import chars, script, segment

_STOPS = "۔.؟!،,:;()\"'"
_MIXED = st.text(
    alphabet=st.sampled_from(list("ابپ تٹ ی ے\n\t۔.؟!،,:;()\"'x\u00a0\u2028ه9۲@#/") + [" "] * 4),
    max_size=80,
)
_SAMPLES = [
    "پاکستان میں آج بارش ہوئی۔ وزیر اعظم نے کہا کہ حالات بہتر ہیں",
    "ایران می‌گوید که مذاکرات ادامه دارد",
    "زه پښتو وایم او په کابل کې اوسېږم",
    "aap kaise hain? main theek hoon",
    "Trump says talks with Iran are possible, https://x.com/a #Iran @user a.b@c.pk",
    "नमस्ते दुनिया, यह हिंदी है",
    "Привет мир ١٢٣ ۱۲۳ 123 ایران",
    "",
]


def _word_before(text: str, a: int) -> str:
    e = a
    while e > 0 and text[e - 1] == " ":
        e -= 1
    s = e
    while s > 0 and e - s < 30 and not text[s - 1].isspace() and text[s - 1] not in _STOPS:
        s -= 1
    return text[s:e]


def _word_after(text: str, b: int) -> tuple[str, int]:
    s = b
    while s < len(text) and text[s] == " ":
        s += 1
    e = s
    while e < len(text) and e - s < 30 and not text[e].isspace() and text[e] not in _STOPS:
        e += 1
    return text[s:e], e


@settings(max_examples=300, deadline=None)
@given(_MIXED, st.integers(min_value=0, max_value=80))
def test_words_around_a_mark_are_the_loops(text: str, at: int) -> None:
    at = min(at, len(text))
    assert segment._word_before(text, at) == _word_before(text, at)
    assert segment._word_after(text, at) == _word_after(text, at)


def test_long_words_are_cut_at_thirty() -> None:
    text = "ا" * 45 + "۔ " + "ب" * 45
    assert segment._word_before(text, 45) == "ا" * 30
    assert segment._word_after(text, 47) == ("ب" * 30, 77)


def _script_counts(text: str) -> tuple[int, int, int, int]:
    letters = [c for c in text if re.fullmatch(r"[^\W\d_]", c)]
    arab = sum(1 for c in letters if re.fullmatch("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufeff]", c))
    latin = sum(1 for c in letters if c <= "\u024f")
    deva = sum(1 for c in letters if "\u0900" <= c <= "\u097f")
    return arab, latin, deva, len(letters) - arab - latin - deva


@pytest.mark.parametrize("text", _SAMPLES)
def test_script_counts_are_per_character_counts(text: str) -> None:
    assert script._script_counts(text) == _script_counts(text)


@settings(max_examples=200, deadline=None)
@given(_MIXED)
def test_script_counts_on_any_text(text: str) -> None:
    assert script._script_counts(text) == _script_counts(text)


@pytest.mark.parametrize("text", _SAMPLES)
def test_url_guard_keeps_what_the_pattern_removes(text: str) -> None:
    if script._URL_RE.search(text):
        assert "://" in text or "www." in text or "#" in text or "@" in text


@pytest.mark.parametrize("text", _SAMPLES)
def test_ngram_scores_with_the_word_cache(text: str) -> None:
    model = script.load_model()
    assert model is not None
    idx = [i for g in script.ngrams(text, model.order) if (i := model.index.get(g)) is not None]
    for _ in range(2):  # cold, then from the cache
        sums, count = model.scores(text)
        assert count == len(idx)
        if idx:
            assert np.array_equal(sums, model.logp[idx].sum(axis=0))


@pytest.mark.parametrize("text", _SAMPLES)
def test_plainly_urdu_agrees_with_the_set_tests(text: str) -> None:
    long = (text + " ") * 12
    letters = set(long)
    plain = (
        len(letters & script._URDU_LETTERS) >= 4
        and letters.isdisjoint(script._FOREIGN_LETTERS)
        and script._ARABIC_HE not in letters
    )
    if script._plainly_urdu(long) is not None:
        assert plain


@pytest.mark.parametrize(
    ("spelled", "category"), [(chars.letters, r"[^\W\d_]"), (chars.word_chars, r"\w")]
)
def test_spelled_out_classes_are_the_categories_in_the_bmp(
    spelled: Callable[[], str], category: str
) -> None:
    plane = "".join(map(chr, range(0x10000)))
    assert re.findall(f"[{spelled()}]", plane) == re.findall(category, plane)


@pytest.mark.parametrize(
    ("text", "bmp"), [("ایران", True), ("", True), ("خبر 😀", False), ("𝐀𝐁 x", False)]
)
def test_bmp_only(text: str, bmp: bool) -> None:
    assert chars.bmp_only(text) is bmp
