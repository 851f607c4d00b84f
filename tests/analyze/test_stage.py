import dataclasses

import pytest

from akhbar.analyze.stage import Pipeline
from akhbar.errors import InputError
from akhbar.model import Article, Item, Topic


@dataclasses.dataclass
class _Topic:
    name: str = "topic"
    requires: frozenset[str] = frozenset({"key"})
    assigns: frozenset[str] = frozenset({"topic"})

    def __call__(self, article: Article) -> Article:
        return dataclasses.replace(article, topic=Topic("world", 1.0))


@dataclasses.dataclass
class _NeedsTopic:
    name: str = "needs"
    requires: frozenset[str] = frozenset({"topic"})
    assigns: frozenset[str] = frozenset()

    def __call__(self, article: Article) -> Article:
        raise RuntimeError("boom")


def test_order_is_checked_at_construction() -> None:
    with pytest.raises(InputError, match="requires"):
        Pipeline([_NeedsTopic(), _Topic()])


def test_failure_becomes_a_note() -> None:
    pipe = Pipeline([_Topic(), _NeedsTopic()])
    art = pipe(Item(source="s", uid="1", title="ایران", text="خبر۔"))
    assert art.topic == Topic("world", 1.0)
    assert art.notes and "boom" in art.notes[0]
