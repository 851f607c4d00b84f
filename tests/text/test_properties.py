"""Property tests: any string gives a result; normalization and segmentation keep their laws."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.text import normalize, numbers, script, segment

# Urdu letters, Arabic look-alikes, presentation forms, marks, digits, spaces, invisible
# characters, punctuation, Latin, emoji and lone surrogates, mixed in any order.
_ALPHABET = st.one_of(
    st.sampled_from(
        list("ابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنںوہھءیےۂۓئؤآأإٱيىكةۀه")
        + list("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0655\u0670\u0640")
        + list("0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩")
        + list(" \t\n\r\u00a0\u200b\u200c\u200d\u200e\u200f\u2028\ufeff\x00\x1f\x7f\x85")
        + list("۔؟!؛،.,:;\"'«»“”‘’()[]{}-—…#@/%٪")
        + list("abcXYZ😀👍🏽\ufe0f\ufdfa\ufdf2\ufefb\ufe8d\ufeb3")
        + ["\ud800", "\udfff"]
    ),
    st.characters(codec=None),
)
TEXT = st.text(alphabet=_ALPHABET, max_size=60)


@settings(max_examples=300, deadline=None, database=None)
@given(TEXT)
def test_display_idempotent_and_offsets_valid(text: str) -> None:
    d = normalize.display(text)
    assert normalize.display(d) == d
    n = normalize.normalize(text)
    assert n.text == d
    assert len(n.offsets) == len(d) == len(n.ends)
    for i in range(len(d)):
        s, e = n.offsets[i], n.ends[i]
        assert 0 <= s < e <= len(text)
        if i:
            assert n.offsets[i - 1] <= s
    assert n.to_original(len(d)) == len(text)
    assert not any(0xD800 <= ord(c) < 0xE000 for c in d)
    d.encode("utf-8")  # always writable


@settings(max_examples=300, deadline=None, database=None)
@given(TEXT)
def test_search_key_laws(text: str) -> None:
    k = normalize.search_key(text)
    assert normalize.search_key(normalize.display(text)) == k
    assert normalize.search_key(k) == k


@settings(max_examples=300, deadline=None, database=None)
@given(TEXT)
def test_tokens_cover_text_and_sentences_are_ordered(text: str) -> None:
    d = normalize.display(text)
    toks = segment.tokens(d)
    covered = [False] * len(d)
    last = 0
    for s, e in toks:
        assert last <= s < e <= len(d)
        last = e
        for i in range(s, e):
            covered[i] = True
    assert all(covered[i] or d[i].isspace() for i in range(len(d)))
    last = 0
    for s, e in segment.sentences(d):
        assert last <= s < e <= len(d)
        assert not d[s].isspace() and not d[e - 1].isspace()
        last = e
    for s, e in segment.acronyms(d):
        assert 0 <= s < e <= len(d)


@settings(max_examples=200, deadline=None, database=None)
@given(TEXT)
def test_nothing_raises(text: str) -> None:
    g = script.identify(text)
    assert g.code in script.CODES or len(g.code) <= 8
    assert 0.0 <= g.confidence <= 1.0
    for line in script.identify_lines(text):
        assert 0 <= line.start < line.end <= len(text)
    numbers.parse_number(text)
    for m in numbers.find_numbers(text):
        assert 0 <= m.start < m.end <= len(text)
    segment.words(text)
    segment.typed_tokens(text)


def test_ten_megabytes_without_a_break() -> None:
    text = ("پاکستان" * 1_500_000)[:10_000_000]
    d = normalize.display(text)
    assert d == text
    assert normalize.search_key(text) == text
    assert segment.tokens(d) == [(0, len(d))]
    assert segment.sentences(d) == [(0, len(d))]
    assert script.identify(text).script == "Arab"
    assert numbers.parse_number(text) is None


def test_only_punctuation_and_controls() -> None:
    for text in ["۔۔۔؟؟!!،،", "\x00\x01\x02\x1b", "....", "\u200c\u200d\u200e\u200f", "«»“”()[]"]:
        d = normalize.display(text)
        spans = segment.tokens(d)
        assert "".join(d[s:e] for s, e in spans) == "".join(c for c in d if not c.isspace())
        assert script.identify(text).code == "und"


@settings(max_examples=300, deadline=None, database=None)
@given(TEXT)
def test_token_spans_map_back_to_the_original(text: str) -> None:
    n = normalize.normalize(text)
    d = n.text
    for s, e in segment.tokens(d):
        os_, oe = n.span_to_original(s, e)
        assert 0 <= os_ < oe <= len(text)
        assert n.to_display(os_) <= s
        # the original span of a token reads as the same token once normalized
        assert normalize.display(text[os_:oe]) == d[s:e]
    assert [(t.start, t.end) for t in segment.typed_tokens(d)] == segment.tokens(d)


@settings(max_examples=500, deadline=None, database=None)
@given(TEXT)
def test_short_and_long_tokenizers_agree(text: str) -> None:
    from akhbar.text import _tokens

    for t in (text, normalize.display(text)):
        assert _tokens.tokens_python(t) == _tokens.tokens_numpy(t)


def test_non_strings_are_input_errors() -> None:
    import pytest

    from akhbar.errors import InputError

    funcs = [
        normalize.display,
        normalize.search_key,
        normalize.normalize,
        segment.tokens,
        segment.typed_tokens,
        segment.sentences,
        segment.words,
        segment.acronyms,
        script.identify,
        script.identify_lines,
        numbers.parse_number,
        numbers.find_numbers,
    ]
    for fn in funcs:
        for bad in (None, b"\xd8\xa7", 5, ["ا"]):
            with pytest.raises(InputError):
                fn(bad)  # type: ignore[operator]
