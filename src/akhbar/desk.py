"""The desk: what happens to items once they are stored (analysis, then stories).

``process_new`` is the one place ingest, ``akhbar run`` and ``batch import`` hand new
items to the later stages, so that every path builds the same articles and stories.

A ``Desk`` holds the analysis pipeline and the online story index. The index is rebuilt
from the store: each stored report goes back into the story it was saved in, in
publication order, so the index holds exactly the saved stories and IDs; a long-running
caller such as ``akhbar run`` keeps one ``Desk`` and hands it every batch, so the
rebuild happens once.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from akhbar.analyze.stage import Pipeline
from akhbar.model import Article, Member, Story
from akhbar.store.base import Store, StoredItem
from akhbar.stories.cluster import Clusterer
from akhbar.stories.features import doc_from_article

_PAGE = 1000
_UNDATED = datetime.max.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class DeskReport:
    """What one call did: articles analyzed, reports placed or refused, stories saved."""

    analyzed: int
    placed: int
    refused: tuple[str, ...]
    stories: int


def _when(stored: StoredItem) -> datetime:
    item = stored.item
    when = item.published or item.fetched
    if when is None:
        return _UNDATED
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _all_stored(store: Store) -> Iterator[StoredItem]:
    after: int | None = None
    while True:
        page = store.items(limit=_PAGE, after_id=after)
        if not page:
            return
        yield from page
        after = page[-1].id


class Desk:
    """The analysis pipeline and the story index for one store."""

    def __init__(self, store: Store, pipeline: Pipeline, clusterer: Clusterer) -> None:
        self.store = store
        self.pipeline = pipeline
        self.clusterer = clusterer

    def _place(self, stored: Sequence[tuple[StoredItem, Article]]) -> tuple[int, list[str]]:
        placed, refused = 0, []
        for s, article in sorted(stored, key=lambda pair: (_when(pair[0]), pair[0].id)):
            where = self.clusterer.place(doc_from_article(article, s.id))
            if where.refused:
                refused.append(f"{s.id}: {where.refused}")
            else:
                placed += 1
        return placed, refused

    def replay(self) -> int:
        """Rebuild the index from the store: every stored, analyzed report the index has
        not seen goes back into the story it was saved in (so the index matches the saved
        stories whatever order the reports first arrived in); reports saved without a
        story (a crash between the two saves) are then placed afresh, oldest first."""
        pending = [
            (s, s.article)
            for s in _all_stored(self.store)
            if s.article is not None and self.clusterer.story_of(str(s.id)) is None
        ]
        saved: dict[str, Story | None] = {}
        members: dict[str, dict[str, Member]] = {}
        loose: list[tuple[StoredItem, Article]] = []
        restored = 0
        for s, article in sorted(pending, key=lambda pair: (_when(pair[0]), pair[0].id)):
            assert article is not None
            if s.story is not None and s.story not in saved:
                story = saved[s.story] = self.store.story(s.story)
                if story is not None:
                    members[s.story] = {m.item_id: m for m in story.members}
            story = saved.get(s.story) if s.story is not None else None
            if story is None:
                loose.append((s, article))
                continue
            member = members.get(s.story or "", {}).get(str(s.id))
            doc = doc_from_article(article, s.id)
            copy_of, grade = (member.copy_of, member.grade) if member else (None, None)
            if self.clusterer.restore(doc, story.id, copy_of, grade).story_id is not None:
                restored += 1
        for story in saved.values():
            if story is not None:
                for alias in story.aliases:
                    self.clusterer.alias(alias, story.id)
        placed, _ = self._place(loose)
        return restored + placed

    def process(self, item_ids: Sequence[int]) -> DeskReport:
        """Analyze the given stored items, place them in stories and save both."""
        stored = [s for s in (self.store.item(i) for i in item_ids) if s is not None]
        analyzed: list[tuple[StoredItem, Article]] = []
        for s in stored:
            article = s.article if s.article is not None else self.pipeline(s.item)
            analyzed.append((s, article))
        fresh = [(s.id, a) for s, a in analyzed if s.article is None]
        if fresh:
            self.store.save_articles(fresh)
        placed, refused = self._place(analyzed)
        touched = {
            sid for s, _ in analyzed if (sid := self.clusterer.story_of(str(s.id))) is not None
        }
        stories = self.clusterer.stories(touched) if touched else []
        if stories:
            self.store.save_stories(stories)
        return DeskReport(len(fresh), placed, tuple(refused), len(stories))


def open_desk(store: Store, pipeline: Pipeline | None = None) -> Desk:
    """A desk for ``store`` with the default pipeline and the index rebuilt from the store."""
    if pipeline is None:
        from akhbar.analyze.pipeline import default_pipeline

        pipeline = default_pipeline()
    desk = Desk(store, pipeline, Clusterer())
    desk.replay()
    return desk


def process_new(store: Store, item_ids: Sequence[int], desk: Desk | None = None) -> DeskReport:
    """Analyze and cluster newly stored items; pass a ``desk`` to reuse its story index."""
    return (desk or open_desk(store)).process(item_ids)
