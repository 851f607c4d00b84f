"""The reader of the hand-annotated news sentences used to train the NER model."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "training"))

import news_annotations as na  # noqa: E402


def test_gold_spans_takes_the_longest_name_and_every_occurrence() -> None:
    text = "ویسٹ انڈیز کرکٹ بورڈ نے کہا کہ ویسٹ انڈیز جیت گیا"
    spans = na.gold_spans(text, [["LOC", "ویسٹ انڈیز"], ["ORG", "ویسٹ انڈیز کرکٹ بورڈ"]])
    got = sorted((text[a:b], label) for a, b, label in spans)
    assert got == [("ویسٹ انڈیز", "LOC"), ("ویسٹ انڈیز کرکٹ بورڈ", "ORG")]


def test_gold_spans_skips_a_name_inside_a_longer_word() -> None:
    text = "بشریٰ نے بش سے کہا"
    spans = na.gold_spans(text, [["PER", "بش"]])
    assert [text[a:b] for a, b, _ in spans] == ["بش"]
    assert next(iter(spans))[0] == text.index(" بش") + 1


def test_to_bio_tags_tokens_and_drops_a_name_that_splits_a_token() -> None:
    text = "ایاد علاوی نے بغداد میں کہا"
    bio = na.to_bio(text, na.gold_spans(text, [["PER", "ایاد علاوی"], ["LOC", "بغد"]]))
    assert bio == [
        ("ایاد", "B-PER"),
        ("علاوی", "I-PER"),
        ("نے", "O"),
        ("بغداد", "O"),
        ("میں", "O"),
        ("کہا", "O"),
    ]


def test_read_annotations_checks_the_sentence_hash(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "summaries").mkdir(parents=True)
    article = "پہلا جملہ۔ عمران خان لاہور گئے۔"
    row = {"id": "a1", "text": article, "summary": ""}
    (data / "summaries" / "xlsum-ur-dev.jsonl").write_text(
        json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    start = article.index("عمران")
    sentence = article[start:]
    good = {
        "id": "a1",
        "start": start,
        "end": len(article),
        "hash": na.sentence_hash(sentence),
        "entities": [["PER", "عمران خان"], ["LOC", "لاہور"]],
    }
    stale = {**good, "hash": "0" * 12}
    path = tmp_path / "ann.jsonl"
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in (good, stale)) + "\n",
        encoding="utf-8",
    )
    sents = na.read_annotations(data, path)
    assert len(sents) == 1
    assert [g for _, g in sents[0]] == ["B-PER", "I-PER", "B-LOC", "O", "O"]
    part = "dev" if na.is_dev("a1") else "train"
    other = "train" if part == "dev" else "dev"
    assert len(na.read_annotations(data, path, part)) == 1
    assert na.read_annotations(data, path, other) == []


@pytest.mark.parametrize("missing", ["nothing.jsonl"])
def test_read_annotations_without_a_file_is_empty(tmp_path: Path, missing: str) -> None:
    assert na.read_annotations(tmp_path, tmp_path / missing) == []


def test_a_counter_pair_falls_on_one_side() -> None:
    for stem in ("0001", "0042", "0123", "0300"):
        assert na.is_dev(f"counter:{stem}") == na.is_dev(f"counter:{stem}p")
    sides = {na.is_dev(f"counter:{n:04d}") for n in range(1, 40)}
    assert sides == {True, False}
