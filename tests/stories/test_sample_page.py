"""The sample news page: its Iran headlines gather, the unrelated reports stand apart.

``data/urdu-news-page.txt`` is a copied Urdu news page: an article (Russia's defence
minister in North Korea), a ``Source: social media`` line, then the site's latest
headlines, all taken as published at the same time.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from akhbar.stories.cluster import Clusterer
from akhbar.stories.features import Doc

PAGE = Path(__file__).parent / "data" / "urdu-news-page.txt"
WHEN = datetime(2025, 6, 20, 12, 0, tzinfo=UTC)

#: Headline index (in the page's list) → what it is about.
IRAN = {
    0: "talks",
    1: "fordow",
    2: "expected response",
    4: "enrichment (IAEA)",
    5: "US bases (Britain)",
    6: "airspace",
    7: "tankers",
    10: "US bases (Iran)",
    11: "evacuation",
    12: "enrichment (Trump)",
}
APART = {8: "al-aqsa", 9: "cia", 13: "us-china trade"}


def _no_entities(title: str, text: str) -> tuple[str, ...]:
    return ()


def _tagged(title: str, text: str) -> tuple[str, ...]:
    pytest.importorskip("akhbar.analyze.entities")
    from akhbar.cli.stories import entity_ids

    return entity_ids(title, text)


@pytest.fixture(scope="module", params=[_no_entities, _tagged], ids=["plain", "with-entities"])
def placed(request: pytest.FixtureRequest) -> dict[str, str]:
    """Story of each report when the page is placed top to bottom."""
    entities = request.param
    lines = [line.strip() for line in PAGE.read_text(encoding="utf-8").splitlines()]
    article, headlines = lines[0], [h for h in lines[2:] if h]
    assert len(headlines) == 14
    clusterer = Clusterer(now=lambda: WHEN)
    stories = {}
    doc = Doc("article", text=article, published=WHEN, entities=entities("", article))
    stories["article"] = clusterer.place(doc).story_id or ""
    for i, title in enumerate(headlines):
        doc = Doc(f"h{i}", title, published=WHEN, entities=entities(title, ""))
        placement = clusterer.place(doc)
        assert placement.story_id is not None
        stories[f"h{i}"] = placement.story_id
    return stories


def test_unrelated_reports_each_stand_apart(placed: dict[str, str]) -> None:
    for key in ["article", *(f"h{i}" for i in APART)]:
        others = [k for k in placed if k != key]
        assert all(placed[k] != placed[key] for k in others), key


def test_iran_headlines_form_one_or_two_stories(placed: dict[str, str]) -> None:
    assert len({placed[f"h{i}"] for i in IRAN}) <= 2
