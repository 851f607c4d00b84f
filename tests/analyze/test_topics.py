"""The topic classifier: shipped arrays, inference, round trip, bad files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from akhbar.analyze.read import read_item
from akhbar.analyze.topics import (
    TopicModel,
    TopicStage,
    features,
    load_model,
    read_model,
    save_model,
)
from akhbar.errors import ModelError
from akhbar.model import Item


@pytest.fixture(scope="module")
def model() -> TopicModel:
    return load_model()


def test_shipped_model_is_plain_arrays(model: TopicModel) -> None:
    assert set(model.labels) >= {"business", "sports", "world", "entertainment"}
    assert model.weights.shape == (len(model.vocabulary), len(model.labels))
    assert model.idf.shape == (len(model.vocabulary),)
    files = Path(__file__).resolve().parents[2] / "src" / "akhbar" / "analyze" / "models"
    with np.load(files / "topics.npz", allow_pickle=False) as arrays:
        assert set(arrays.files) == {"idf", "weights", "bias"}


@pytest.mark.parametrize(
    ("title", "label"),
    [
        ("پاکستان نے تیسرے ون ڈے میں سری لنکا کو 5 وکٹوں سے شکست دے دی", "sports"),
        ("اسٹاک مارکیٹ میں تیزی، 100 انڈیکس میں 500 پوائنٹس کا اضافہ", "business"),
        ("سونے کی قیمت میں فی تولہ 200 روپے کمی", "business"),
        ("اداکارہ ماہرہ خان کی نئی فلم کا ٹریلر جاری", "entertainment"),
        ("شام میں فضائی حملے، درجنوں شہری جاں بحق", "world"),
        ("وزیراعظم نواز شریف نے قومی اسمبلی سے خطاب کیا", "national"),
    ],
)
def test_clear_headlines(model: TopicModel, title: str, label: str) -> None:
    art = TopicStage(model)(read_item(Item(source="t", uid="1", title=title)))
    assert art.topic is not None
    assert art.topic.label == label
    assert 0.0 < art.topic.score <= 1.0


def test_scores_are_a_distribution(model: TopicModel) -> None:
    s = model.scores("کرکٹ ٹیم")
    assert s.shape == (len(model.labels),)
    assert abs(float(s.sum()) - 1.0) < 1e-6


def test_no_words_is_a_note(model: TopicModel) -> None:
    art = TopicStage(model)(read_item(Item(source="t", uid="1", title="2024 ۔۔ 15")))
    assert art.topic is None
    assert any("topic" in n for n in art.notes)


def test_features_cover_words_bigrams_and_char_ngrams() -> None:
    feats = features("پاکستان کرکٹ")
    assert "w پاکستان" in feats and "b پاکستان کرکٹ" in feats and "c  پا" in feats


def test_round_trip(tmp_path: Path, model: TopicModel) -> None:
    small = TopicModel(
        vocabulary={"w کرکٹ": 0, "w قیمت": 1},
        idf=np.array([1.0, 2.0], dtype=np.float32),
        weights=np.array([[2.0, -1.0], [-1.0, 2.0]], dtype=np.float32),
        bias=np.zeros(2, dtype=np.float32),
        labels=("sports", "business"),
    )
    save_model(small, tmp_path)
    again = read_model(tmp_path)
    assert again.labels == small.labels
    assert again.predict("کرکٹ").label == "sports"
    assert again.predict("قیمت").label == "business"


def test_corrupt_model_raises_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError):
        read_model(tmp_path)
    (tmp_path / "topics.json").write_text('{"labels": ["a"], "vocabulary": ["w x"]}')
    np.savez(tmp_path / "topics.npz", idf=np.ones(3), weights=np.ones((3, 1)), bias=np.ones(1))
    with pytest.raises(ModelError, match="inconsistent"):
        read_model(tmp_path)
