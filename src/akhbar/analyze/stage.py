"""The stage contract: each stage names what it requires and what it assigns.

A ``Pipeline`` checks at construction that every field a stage requires is assigned by
an earlier stage (or by reading, see ``READ_FIELDS``), like spaCy's ``requires``/``assigns``.
A stage that fails on one article records the reason in ``Article.notes`` and the
pipeline goes on with the next stage: bad input never raises out of ``Pipeline.run``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Protocol, runtime_checkable

from akhbar.errors import InputError
from akhbar.model import Article, Item

#: Fields every article has once read (set by ``akhbar.analyze.read.read_item``).
READ_FIELDS = frozenset({"text", "title_end", "key", "language", "sentences", "tokens"})


@runtime_checkable
class Stage(Protocol):
    """An Article → Article step."""

    name: str
    requires: frozenset[str]
    assigns: frozenset[str]

    def __call__(self, article: Article) -> Article: ...


class Pipeline:
    """Stages in an order that was checked when the pipeline was built."""

    def __init__(self, stages: Sequence[Stage], provided: Iterable[str] = READ_FIELDS) -> None:
        have = set(provided)
        fields = {f.name for f in dataclasses.fields(Article)}
        for stage in stages:
            unknown = (stage.requires | stage.assigns) - fields
            if unknown:
                raise InputError(f"stage {stage.name!r} names unknown fields {sorted(unknown)}")
            missing = stage.requires - have
            if missing:
                raise InputError(
                    f"stage {stage.name!r} requires {sorted(missing)}, "
                    "which no earlier stage assigns"
                )
            have |= stage.assigns
        self.stages: tuple[Stage, ...] = tuple(stages)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.stages)

    def run(self, article: Article) -> Article:
        """Apply every stage; a stage's failure becomes a note, never an exception."""
        for stage in self.stages:
            try:
                article = stage(article)
            except Exception as exc:
                note = f"{stage.name}: {type(exc).__name__}: {exc}"[:300]
                article = dataclasses.replace(article, notes=(*article.notes, note))
        return article

    def __call__(self, item: Item) -> Article:
        from akhbar.analyze.read import read_item

        return self.run(read_item(item))
