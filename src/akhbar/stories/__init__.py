"""Stories: near-duplicate fingerprints, copy grades and online story clustering.

Typical use (the desk replays stored reports at start-up, then places new ones)::

    from akhbar.stories import Clusterer, doc_from_article

    clusterer = Clusterer()
    placement = clusterer.place(doc_from_article(article, item_id))
    stories = clusterer.stories([placement.story_id])
"""

from __future__ import annotations

from akhbar.stories.cluster import Clusterer, Placement, place_articles, story_id_for
from akhbar.stories.features import Doc, doc_from_article
from akhbar.stories.rank import Ranked, rank_stories

__all__ = [
    "Clusterer",
    "Doc",
    "Placement",
    "Ranked",
    "doc_from_article",
    "place_articles",
    "rank_stories",
    "story_id_for",
]
