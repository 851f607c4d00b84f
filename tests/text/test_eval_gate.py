"""Evaluation gate: the text layer's figures on ../shared/data must not fall below the floors.

Skipped when ../shared/data is absent. The same figures are printed by bench/eval_text.py.
"""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from akhbar.text import script, segment

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data"
pytestmark = pytest.mark.skipif(not DATA.exists(), reason="../shared/data not found")


def _eval_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_text", ROOT / "bench" / "eval_text.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("eval_text", module)
    spec.loader.exec_module(module)
    return module


def test_ud_sentences_and_tokens() -> None:
    ev = _eval_module()
    sents = ev.read_conllu(DATA / "ud" / "ur_udtb-ud-dev.conllu")
    assert ev.sentence_f1(ev.ud_sentence_docs(sents), segment.sentences) >= 0.995
    gold: set[object] = set()
    pred: set[object] = set()
    for k, (text, forms) in enumerate(sents):
        gold |= {(k, s, e) for s, e in ev.align(text, forms)}
        pred |= {(k, s, e) for s, e in segment.tokens(text)}
    assert ev.f1(gold, pred)[2] >= 0.999


@pytest.mark.parametrize(("cut", "floor"), [(None, 0.99), (3, 0.97)])
def test_urdu_against_the_rest(cut: int | None, floor: float) -> None:
    ev = _eval_module()
    right = total = 0
    for name, code in ev.LANGS.items():
        with (DATA / "langid" / f"{name}-dev.tsv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                text = " ".join(row["text"].split()[:cut]) if cut else row["text"]
                right += (script.identify(text).code == "ur") == (code == "ur")
                total += 1
    assert total > 1000
    assert right / total >= floor
