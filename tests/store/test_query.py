"""The search grammar: what users type becomes only quoted words, never syntax."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from akhbar.errors import QueryError
from akhbar.store.query import (
    MAX_QUERY_CHARS,
    Atom,
    SearchQuery,
    decode_cursor,
    encode_cursor,
    highlight,
    index_text,
    key_words,
    parse,
    snippet,
    to_fts5,
    to_tsquery,
)

FTS_TOKENIZER = "unicode61 remove_diacritics 0 categories 'L* N* M* Co'"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("ایران", ["ایران"]),
        ("ايران", ["ایران"]),  # Arabic yeh
        ("ﺍﻳﺮﺍﻥ", ["ایران"]),  # presentation forms
        ("پاکستان، ایران۔", ["پاکستان", "ایران"]),  # Urdu comma and full stop split
        ("كراچی", ["کراچی"]),  # Arabic kaf
        ("Imran KHAN", ["imran", "khan"]),
    ],
)
def test_key_words_fold_letter_variants(text: str, words: list[str]) -> None:
    assert key_words(text) == words


@pytest.mark.parametrize(
    ("query", "fts5"),
    [
        ("ایران", '"ایران"'),
        ("ﺍﻳﺮﺍﻥ امریکہ", '"ایران" AND "امریکہ"'),
        ('"جوہری معاہدہ"', '"جوہری معاہدہ"'),
        ('"جوہری معاہدہ', '"جوہری معاہدہ"'),  # unclosed quote runs to the end
        ("امر*", '"امر"*'),
        ("ا*", '"ا"'),  # too short to be a prefix
        ("ایران -امریکہ", '("ایران") NOT "امریکہ"'),
        ('ایران -"جوہری معاہدہ"', '("ایران") NOT "جوہری معاہدہ"'),
        ("لاہور OR کراچی میچ", '("لاہور" OR "کراچی") AND "میچ"'),
        ("NEAR(ایران", '"near ایران"'),  # one chunk: a phrase
        ("'; DROP TABLE items;--", '"drop" AND "table" AND "items"'),
        ("ایران ایران ايران", '"ایران"'),  # duplicates fold away
        ("U.S.-Iran", '"u s iran"'),  # punctuation inside a chunk makes a phrase
    ],
)
def test_parse_to_fts5(query: str, fts5: str) -> None:
    assert to_fts5(parse(query)) == fts5


@pytest.mark.parametrize(
    ("query", "tsquery"),
    [
        ("ایران", "'ایران'"),
        ('"جوہری معاہدہ" امر*', "('جوہری' <-> 'معاہدہ') & 'امر':*"),
        ("ایران -امریکہ", "'ایران' & !'امریکہ'"),
        ("لاہور OR کراچی", "('لاہور' | 'کراچی')"),
    ],
)
def test_parse_to_tsquery(query: str, tsquery: str) -> None:
    assert to_tsquery(parse(query)) == tsquery


@pytest.mark.parametrize("query", ["", "   ", "*", '""', "- -", "(", "۔۔۔ ،،،", "\x00\x1b"])
def test_nothing_to_search_is_an_empty_query_not_an_error(query: str) -> None:
    assert parse(query).empty


@pytest.mark.parametrize("query", ["-ایران", '-"جوہری معاہدہ"', "-a -b"])
def test_only_exclusions_is_a_query_error(query: str) -> None:
    with pytest.raises(QueryError):
        parse(query)


def test_limits_are_query_errors() -> None:
    with pytest.raises(QueryError):
        parse("x" * (MAX_QUERY_CHARS + 1))
    with pytest.raises(QueryError):
        parse(" ".join(f"w{i}" for i in range(40)))
    with pytest.raises(QueryError):
        SearchQuery(text="ایران", limit=0)
    with pytest.raises(QueryError):
        SearchQuery(text="ایران", limit=101)
    with pytest.raises(QueryError):
        SearchQuery(text="ایران", cursor="not a cursor!")
    with pytest.raises(QueryError):
        SearchQuery(source="bad\x00source")


@pytest.mark.parametrize("offset", [0, 1, 20, 9_999])
def test_cursor_round_trip(offset: int) -> None:
    assert decode_cursor(encode_cursor(offset)) == offset


def test_highlights_are_in_the_display_form() -> None:
    text = "ﺍﻳﺮﺍﻥ اور ایران"
    atoms = (Atom(("ایران",)),)
    assert highlight("ايران اور ایران", atoms) == ((0, 5), (10, 15))
    assert len(highlight(text, atoms)) == 2


def test_snippet_centres_on_matches_and_marks_them() -> None:
    body = " ".join(["لفظ"] * 60 + ["جوہری", "معاہدہ"] + ["لفظ"] * 60)
    snip, marks = snippet(body, parse('"جوہری معاہدہ"').atoms())
    assert snip.startswith("…") and snip.endswith("…")
    assert [snip[s:e] for s, e in marks] == ["جوہری معاہدہ"]


def test_index_text_is_what_fts5_tokenizes() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute(f'CREATE VIRTUAL TABLE t USING fts5(x, tokenize="{FTS_TOKENIZER}")')
    text = "ﺍﻳﺮﺍﻥ کے صدرِ مملکت نے کہا، امریکہ۔ 2024ء"
    conn.execute("INSERT INTO t (rowid, x) VALUES (1, ?)", (index_text(text),))
    for word in key_words(text):
        hits = conn.execute("SELECT rowid FROM t WHERE t MATCH ?", (f'"{word}"',)).fetchall()
        assert hits == [(1,)], word


odd_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("\"*-()^:+.,;'\\`{}[]~ ORANDNOTNEAR\x00\x1b\n\t\u200c\u202e")),
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
        st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFF),
        st.characters(),
    ),
    max_size=80,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(odd_text)
def test_no_input_reaches_fts5_as_syntax(text: str) -> None:
    conn = _fts_conn()
    try:
        parsed = parse(text)
    except QueryError:
        return
    if parsed.empty:
        return
    expr = to_fts5(parsed)
    conn.execute("SELECT rowid FROM t WHERE t MATCH ?", (expr,)).fetchall()
    assert to_tsquery(parsed)


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=2000))
def test_any_length_raises_only_query_error(text: str) -> None:
    try:
        SearchQuery(text=text)
    except QueryError:
        assert len(text) > MAX_QUERY_CHARS


def _fts_conn() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute(f'CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize="{FTS_TOKENIZER}")')
    conn.execute("INSERT INTO t (rowid, title, body) VALUES (1, 'ایران', 'near and or not')")
    return conn
