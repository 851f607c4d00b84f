"""Sentences, tokens and acronyms on real Urdu news patterns."""

from __future__ import annotations

from pathlib import Path

import pytest

from akhbar.text import _tokens, normalize, segment

CASES = Path(__file__).with_name("news_sentences.txt")


def _cases() -> list[object]:
    out: list[object] = []
    for block in CASES.read_text("utf-8").split("\n---\n"):
        lines = block.strip("\n").split("\n")
        notes = [ln for ln in lines if ln.startswith("#")]
        body = "\n".join(ln for ln in lines if not ln.startswith("#")).strip("\n")
        if not body:
            continue
        text, gold, pos = "", [], 0
        for part in body.split("‖"):
            lead, trail = len(part) - len(part.lstrip()), len(part.rstrip())
            if trail > lead:
                gold.append((pos + lead, pos + trail))
            text += part
            pos += len(part)
        marks = [pytest.mark.xfail(strict=True)] if any("known miss" in n for n in notes) else []
        out.append(pytest.param(text, gold, marks=marks, id=body[:25]))
    return out


@pytest.mark.parametrize(("text", "gold"), _cases())
def test_news_sentences(text: str, gold: list[tuple[int, int]]) -> None:
    assert segment.sentences(text) == gold


def _sents(text: str) -> list[str]:
    return [text[s:e] for s, e in segment.sentences(text)]


def _toks(text: str) -> list[str]:
    return [text[s:e] for s, e in segment.tokens(text)]


def test_said_that_is_not_cut() -> None:
    text = "وزیر اعظم نے کہا کہ حکومت مہنگائی کم کرے گی۔"
    assert _sents(text) == [text]


def test_headline_lines_are_units() -> None:
    text = (
        "ایران میں اسرائیل کے لیے مبینہ یورپی جاسوس گرفتار\nخلیجی ملک نے فضائی حدود کو بند کر دیا"
    )
    assert _sents(text) == text.split("\n")


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("قیمت 3.5 فیصد بڑھی۔ یہ اچھا ہے۔", 2),
        ("ویب سائٹ www.bbc.com/urdu پر دیکھیں۔", 1),
        ("Mr. Sharif met Dr. Khan.", 1),
        ("وہ ایم۔ اے پاس ہیں۔", 1),
        ("ہے۔اس کے بعد", 2),
        ("کیا؟ ہاں!", 2),
        ("", 0),
        ("۔۔۔", 0),
        ("   \n\n  ", 0),
    ],
)
def test_sentence_guards(text: str, n: int) -> None:
    assert len(segment.sentences(text)) == n or (n == 0 and _sents(text) in ([], ["۔۔۔"]))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9ہزار کلو", ["9", "ہزار", "کلو"]),
        ("ایران، عراق", ["ایران", "،", "عراق"]),
        ("ہوا۔", ["ہوا", "۔"]),
        ("3.5 فیصد", ["3.5", "فیصد"]),
        ("1,000.50 روپے", ["1,000.50", "روپے"]),
        ("۱۲٫۵", ["۱۲٫۵"]),
        ("10:30 بجے", ["10:30", "بجے"]),
        ("https://www.bbc.com/urdu/x?a=1۔", ["https://www.bbc.com/urdu/x?a=1", "۔"]),
        ("#پاکستان_زندہ_باد", ["#پاکستان_زندہ_باد"]),
        ("@ImranKhanPTI نے", ["@ImranKhanPTI", "نے"]),
        ("news@geo.tv پر", ["news@geo.tv", "پر"]),
        ("COVID-19 اور 2G", ["COVID-19", "اور", "2G"]),
        ("U.S. اور", ["U.S.", "اور"]),
        ("کریں_گے", ["کریں_گے"]),
        ("دھاوا .... اعلیٰ", ["دھاوا", "....", "اعلیٰ"]),
        ("کیا؟؟", ["کیا", "؟؟"]),
        ("می\u200cرود", ["می\u200cرود"]),
        ("مُحَمَّد", ["مُحَمَّد"]),
        ("زبردست 👍🏽👨\u200d👩\u200d👧", ["زبردست", "👍🏽", "👨\u200d👩\u200d👧"]),
        ("“بھرپور”", ["“", "بھرپور", "”"]),
        ("don't", ["don't"]),
        ("नमस्ते दुनिया", ["नमस्ते", "दुनिया"]),
    ],
)
def test_tokens(text: str, expected: list[str]) -> None:
    assert _toks(text) == expected
    padded = f"{text} " * 40  # long enough for the numpy path
    assert _tokens.tokens_numpy(padded) == _tokens.tokens_python(padded)
    assert [padded[s:e] for s, e in _tokens.tokens_numpy(padded)] == expected * 40


def test_token_kinds() -> None:
    text = "سربراہ 9ہزار https://x.pk #خبر @user a@b.pk 👍 ۔"
    kinds = [t.kind for t in segment.typed_tokens(text)]
    assert kinds == [
        "word",
        "number",
        "word",
        "url",
        "hashtag",
        "mention",
        "email",
        "emoji",
        "punct",
    ]


def test_words_skip_punctuation() -> None:
    assert segment.words("عمران خان نے کہا: ”ٹھیک ہے“ 5") == [
        "عمران",
        "خان",
        "نے",
        "کہا",
        "ٹھیک",
        "ہے",
        "5",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("سربراہ آئی اے ای اے نے کہا", ["آئی اے ای اے"]),
        ("پی ٹی آئی اور ایم کیو ایم", ["پی ٹی آئی", "ایم کیو ایم"]),
        ("سی آئی اے کے تجزیہ کار", ["سی آئی اے"]),
        ("بی بی سی اردو", ["بی بی سی"]),
        ("اس کے بعد", []),
        ("کے اے", []),
    ],
)
def test_acronyms(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in segment.acronyms(text)] == expected


def test_spans_index_the_display_form() -> None:
    raw = "ﻛﺘﺎﺏ  اور ٢٠٢٤ ميں"
    d = normalize.display(raw)
    assert _toks(d) == ["کتاب", "اور", "۲۰۲۴", "میں"]


@pytest.mark.parametrize(
    "text",
    [
        "ا" * 200_000,
        "۔" * 200_000,
        "a." * 100_000,
        "a-" * 100_000,
        "\ud800" * 10_000,
        "(" * 50_000 + "ا۔ " * 20_000,
    ],
)
def test_long_inputs_without_breaks(text: str) -> None:
    toks = segment.tokens(text)
    assert toks and toks[-1][1] <= len(text)
    sents = segment.sentences(text)
    assert all(0 <= s < e <= len(text) for s, e in sents)
