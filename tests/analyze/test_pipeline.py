"""The full chain: stage order, bad input, analyze_text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from akhbar.analyze.pipeline import analyze_text, default_pipeline, load_resources
from akhbar.model import Article, Item


@pytest.fixture(scope="module")
def pipe():  # type: ignore[no-untyped-def]
    return default_pipeline(load_resources())


def test_stage_order(pipe) -> None:  # type: ignore[no-untyped-def]
    names = pipe.names
    assert names[0] == "guard"
    for a, b in [("quotes", "claims"), ("claims", "topic"), ("topic", "keywords")]:
        assert names.index(a) < names.index(b)
    assert names[-1] == "summary"
    if "entities" in names:
        assert names.index("entities") < names.index("quotes")


def _check(art: Article) -> None:
    n = len(art.text)
    for span in (*art.summary, *(q.content for q in art.quotes)):
        assert 0 <= span.start <= span.end <= n
    for m in art.markers:
        assert 0 <= m.start <= m.end <= n


BAD = {
    "empty": Item(source="t", uid="1"),
    "one word": Item(source="t", uid="2", title="ایران"),
    "persian": Item(
        source="t",
        uid="3",
        title="ایران و آمریکا",
        text="وزیر امور خارجه ایران گفت که مذاکرات با آمریکا ادامه خواهد داشت. "
        "او همچنین افزود که تحریم‌ها باید لغو شوند.",
    ),
    "english": Item(
        source="t",
        uid="4",
        title="Talks go on",
        text='The minister said that talks would continue. "We are hopeful," he added.',
    ),
    "punctuation": Item(source="t", uid="5", title="۔۔۔", text="!!! ؟؟؟ ، ، ،"),
    "mixed scripts": Item(
        source="t", uid="6", title="COVID-19 کے 1200 نئے کیسز", text="\u200c\u200d"
    ),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_input_never_raises(pipe, name: str) -> None:  # type: ignore[no-untyped-def]
    art = pipe(BAD[name])
    _check(art)
    assert not any("Error" in n for n in art.notes), art.notes


def test_empty_article_has_a_reason(pipe) -> None:  # type: ignore[no-untyped-def]
    art = pipe(BAD["empty"])
    assert any("empty" in n for n in art.notes)


@pytest.mark.parametrize("name", ["persian", "english"])
def test_foreign_language_is_noted(pipe, name: str) -> None:  # type: ignore[no-untyped-def]
    art = pipe(BAD[name])
    assert any("language" in n for n in art.notes), art.notes


def test_five_megabyte_article(pipe) -> None:  # type: ignore[no-untyped-def]
    para = (
        "وزیر خارجہ نے کہا کہ مذاکرات جاری رہیں گے اور تقریباً 10 ہزار افراد متاثر ہوئے۔ "
        "ذرائع کے مطابق اجلاس کل ہوگا۔\n"
    )
    body = para * (5_000_000 // len(para.encode()))
    assert len(body.encode()) > 4_900_000
    art = pipe(Item(source="t", uid="big", title="بڑی خبر", text=body))
    _check(art)
    assert any("analysed up to" in n for n in art.notes)
    assert art.quotes and art.markers and art.topic and art.keywords and art.summary


def test_analyze_text_first_line_is_the_title() -> None:
    art = analyze_text(
        "ایران کا امریکی اڈوں کو نشانہ بنانا غلطی ہوگی، برطانیہ\n"
        "برطانوی وزیر نے کہا کہ کشیدگی کم کی جائے۔"
    )
    assert art.title == "ایران کا امریکی اڈوں کو نشانہ بنانا غلطی ہوگی، برطانیہ"
    assert len(art.quotes) == 2
    assert art.topic is not None and art.summary


def test_analyze_text_one_line_is_a_headline() -> None:
    art = analyze_text("ٹرمپ اب بھی ایران سے مذاکرات میں دلچسپی رکھتے ہیں، وائٹ ہاؤس")
    assert art.title_end == len(art.text)
    assert [art.text[q.speaker.start : q.speaker.end] for q in art.quotes if q.speaker] == [
        "وائٹ ہاؤس"
    ]


_URDU = 'ابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنوہھءیےۓ ۔،؟!:"“”‘’«»()\n0123456789\u064b\u0650\u200c'


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=st.text(alphabet=_URDU, max_size=40), body=st.text(alphabet=_URDU, max_size=300))
def test_any_text_gets_an_analysis(pipe, title: str, body: str) -> None:  # type: ignore[no-untyped-def]
    art = pipe(Item(source="t", uid="h", title=title, text=body))
    _check(art)
    assert not any("Error" in n for n in art.notes), art.notes
