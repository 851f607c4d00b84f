"""Display form and search key: the golden table, offsets, and the rules one by one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from akhbar.errors import InputError
from akhbar.text import normalize

GOLDEN = Path(__file__).with_name("golden_normalize.tsv")
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|[tnr\\])")


def _unescape(s: str) -> str:
    def repl(m: re.Match[str]) -> str:
        code = m.group(1)
        if code[0] == "u":
            return chr(int(code[1:], 16))
        return {"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}[code]

    return _ESCAPE.sub(repl, s)


def _golden() -> list[tuple[str, str, str, str]]:
    rows = []
    for line in GOLDEN.read_text("utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("category\t"):
            continue
        cat, inp, disp, key = line.split("\t")
        rows.append((cat, _unescape(inp), _unescape(disp), _unescape(key)))
    return rows


GOLDEN_ROWS = _golden()


def test_golden_table_is_large_and_varied() -> None:
    assert len(GOLDEN_ROWS) >= 150
    cats = {c for c, *_ in GOLDEN_ROWS}
    assert {
        "letters",
        "heh",
        "presentation",
        "digits",
        "zwnj",
        "diacritics",
        "url",
        "emoji",
    } <= cats


@pytest.mark.parametrize(("category", "text", "display", "key"), GOLDEN_ROWS)
def test_golden(category: str, text: str, display: str, key: str) -> None:
    assert normalize.display(text) == display
    assert normalize.search_key(text) == key
    assert normalize.search_key(display) == key
    assert normalize.display(display) == display
    n = normalize.normalize(text)
    assert n.text == display


@pytest.mark.parametrize(
    "variants",
    [
        ["ایران", "ايران", "ﺍﻳﺮﺍﻥ", "اِیران"],
        ["کراچی", "كراچي", "ﮐﺮﺍﭼﯽ"],
        ["گئے", "گۓ", "گـئے"],
        ["اعلیٰ", "اعلی", "اعلي"],
        ["2024", "۲۰۲۴", "٢٠٢٤"],
    ],
)
def test_variants_share_one_key(variants: list[str]) -> None:
    assert len({normalize.search_key(v) for v in variants}) == 1


@pytest.mark.parametrize("letter", ["آ", "ھ", "ئ", "ۓ", "ۂ", "ے"])
def test_phonemic_letters_stay_distinct_in_display(letter: str) -> None:
    others = {"آ": "ا", "ھ": "ہ", "ئ": "ی", "ۓ": "ے", "ۂ": "ہ", "ے": "ی"}
    word = f"ب{letter}"
    assert normalize.display(word) == word
    assert normalize.display(word) != normalize.display(f"ب{others[letter]}")


def test_offsets_point_into_the_original() -> None:
    original = "ﻛﺘﺎﺏ  پاکـــستان\r\nكه ﻻ"
    n = normalize.normalize(original)
    assert n.text == "کتاب پاکستان\nکہ لا"
    word = n.text.index("پاکستان")
    s, e = n.span_to_original(word, word + len("پاکستان"))
    assert original[s:e] == "پاکـــستان"
    la = n.text.index("لا")
    assert n.span_to_original(la, la + 2) == (len(original) - 1, len(original))
    assert n.to_original(len(n.text)) == len(original)
    assert n.to_display(original.index("پاک")) == word


def test_offsets_of_composed_and_dropped_characters() -> None:
    original = "\u200fا\u0653ج\u200f"
    n = normalize.normalize(original)
    assert n.text == "آج"
    assert n.span_to_original(0, 1) == (1, 3)
    assert n.span_to_original(0, 2) == (1, 4)


def test_not_a_string_is_an_input_error() -> None:
    with pytest.raises(InputError):
        normalize.display(b"bytes")  # type: ignore[arg-type]


def test_heh_exceptions_come_from_the_shipped_list() -> None:
    table = normalize.he_exceptions()
    assert table["بهت"] == "بہت"
    assert all(len(k) == len(v) and "\u0647" in k for k, v in table.items())
    assert normalize.resolve_he("بهائی") == "بھائی"
    assert normalize.resolve_he("كه".replace("ك", "ک")) == "کہ"
