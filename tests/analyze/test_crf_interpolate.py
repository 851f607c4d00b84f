"""Mixing two CRFs' weights (the NER model without and with news sentences)."""

from __future__ import annotations

import numpy as np
import pytest

from akhbar.analyze.crf import LinearCRF
from akhbar.errors import ModelError

LABELS = ("B-PER", "I-PER", "O")


def crf(index: dict[str, int], state: list[list[float]], trans: float) -> LinearCRF:
    return LinearCRF(LABELS, index, np.array(state), np.full((3, 3), trans))


def test_interpolate_weighs_each_attribute_and_keeps_ones_only_one_model_has() -> None:
    a = crf({"w=x": 0, "w=y": 1}, [[1.0, 0.0, 0.0], [0.0, 2.0, 0.0]], 1.0)
    b = crf({"w=y": 0, "w=z": 1}, [[0.0, 4.0, 0.0], [0.0, 0.0, 8.0]], 3.0)
    m = a.interpolate(b, 0.25)
    assert m.vector(["w=x"]).tolist() == [0.75, 0.0, 0.0]
    assert m.vector(["w=y"]).tolist() == [0.0, 0.75 * 2 + 0.25 * 4, 0.0]
    assert m.vector(["w=z"]).tolist() == [0.0, 0.0, 2.0]
    assert np.allclose(m.transitions, 1.5)
    assert m.outside_bias == 0.0 and m.label_bias is None


def test_interpolate_at_the_ends_gives_each_model() -> None:
    a = crf({"w=x": 0}, [[1.0, -1.0, 0.5]], 0.0)
    b = crf({"w=x": 0}, [[-2.0, 2.0, 0.0]], 1.0)
    em = [np.stack([a.vector(["w=x"])] * 2)]
    assert a.interpolate(b, 0.0).decode(em) == a.decode(em)
    em_b = [np.stack([b.vector(["w=x"])] * 2)]
    assert a.interpolate(b, 1.0).decode(em_b) == b.decode(em_b)


def test_interpolate_refuses_other_labels() -> None:
    a = crf({"w=x": 0}, [[1.0, 0.0, 0.0]], 0.0)
    b = LinearCRF(("B-LOC", "I-LOC", "O"), {"w=x": 0}, np.zeros((1, 3)), np.zeros((3, 3)))
    with pytest.raises(ModelError):
        a.interpolate(b, 0.5)
