"""Name-rate features, title and function-word trimming around the NER tagger."""

from __future__ import annotations

from pathlib import Path

import pytest

from akhbar.analyze.entities import TITLES, Lexicon, find_entities
from akhbar.analyze.gazetteer import token_keys
from akhbar.analyze.name_rates import parse_rates, rate_features
from akhbar.analyze.ner_rules import trim_function_words, trim_titles
from akhbar.errors import ModelError


@pytest.mark.parametrize(
    ("rates", "expected"),
    [
        ((0.0, 0.0, 0.0), []),
        ((0.04, 0.0, 0.0), []),
        ((0.05, 0.0, 0.0), ["rPER1"]),
        ((0.7, 0.2, 0.0), ["rPER4", "rLOC2"]),
        ((0.0, 0.0, 0.36), ["rORG3"]),
    ],
)
def test_rate_features_are_bucketed(rates: tuple[float, float, float], expected: list[str]) -> None:
    assert rate_features(rates) == expected


def test_no_rate_no_feature() -> None:
    assert rate_features(None) == []


def test_parse_rates_and_bad_rows() -> None:
    text = "# comment\nاوباما\t0.313\t0.020\t0.001\t566\n"
    assert parse_rates(text) == {"اوباما": (0.313, 0.020, 0.001)}
    with pytest.raises(ModelError):
        parse_rates("اوباما\t0.3\t0.1\n")
    with pytest.raises(ModelError):
        parse_rates("اوباما\tx\t0.1\t0.0\t3\n")


def test_lexicon_reads_a_rates_file(tmp_path: Path) -> None:
    path = tmp_path / "rates.tsv"
    path.write_text("زیلنسکی\t0.9\t0.0\t0.0\t12\n", encoding="utf-8")
    lex = Lexicon.load(chars=False, rates=path)
    assert lex.rates == {"زیلنسکی": (0.9, 0.0, 0.0)}
    assert lex.clusters  # the shipped word classes are still there


@pytest.mark.parametrize(
    ("text", "found", "expected"),
    [
        ("صدر جنرل پرویز مشرف نے کہا", (0, 4, "PER"), (2, 4, "PER")),
        ("جنرل مشرف نے کہا", (0, 2, "PER"), (1, 2, "PER")),
        # Only titles: kept as found; other types untouched.
        ("جنرل نے کہا", (0, 1, "PER"), (0, 1, "PER")),
        ("صدر ہاؤس میں", (0, 2, "LOC"), (0, 2, "LOC")),
    ],
)
def test_titles_are_trimmed_from_people(
    text: str, found: tuple[int, int, str], expected: tuple[int, int, str]
) -> None:
    keys = token_keys(text)
    assert list(trim_titles(keys, {found[0]: found}, TITLES).values()) == [expected]


@pytest.mark.parametrize(
    ("text", "found", "expected"),
    [
        ("متحدہ قومی موومنٹ کے کارکن", (0, 4, "ORG"), [(0, 3, "ORG")]),
        ("اور لاہور میں", (0, 2, "LOC"), [(1, 2, "LOC")]),
        ("کے نے", (0, 2, "PER"), []),
        ("10 سے", (0, 2, "NUMBER"), [(0, 2, "NUMBER")]),
    ],
)
def test_function_words_never_end_a_name(
    text: str, found: tuple[int, int, str], expected: list[tuple[int, int, str]]
) -> None:
    keys = token_keys(text)
    assert list(trim_function_words(keys, {found[0]: found}).values()) == expected


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("کراچی میں متحدہ قومی موومنٹ کے کارکنوں نے احتجاج کیا", "متحدہ قومی موومنٹ"),
        ("صدر جنرل پرویز مشرف نے خطاب کیا", "پرویز مشرف"),
    ],
)
def test_stage_spans_without_titles_or_postpositions(text: str, surface: str) -> None:
    found = {text[e.start : e.end]: e for e in find_entities(text)}
    assert surface in found, sorted(found)
    assert found[surface].id is not None
