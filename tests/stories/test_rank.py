"""Front-page ranking: independent sources and freshness."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from akhbar.model import Member, Story
from akhbar.stories.rank import rank_stories

NOW = datetime(2025, 6, 20, 12, tzinfo=UTC)


def story(sid: str, members: list[Member], hours_ago: float) -> Story:
    return Story(
        sid,
        sid,
        tuple(members),
        NOW - timedelta(hours=hours_ago + 1),
        NOW - timedelta(hours=hours_ago),
    )


def test_independent_reports_outrank_copies_and_stale_stories_sink() -> None:
    copies = story(
        "copies",
        [Member("a"), *(Member(f"c{i}", copy_of="a", grade="wholly") for i in range(6))],
        1,
    )
    independent = story("independent", [Member("x"), Member("y"), Member("z")], 1)
    stale = story("stale", [Member(f"s{i}") for i in range(5)], 72)
    ranked = rank_stories([copies, stale, independent], NOW)
    assert [r.story.id for r in ranked] == ["independent", "copies", "stale"]
    assert ranked[1].independent == 1 and ranked[1].reports == 7


def test_social_posts_count_less_than_papers() -> None:
    papers = story("papers", [Member("p1"), Member("p2")], 0)
    posts = story("posts", [Member("q1"), Member("q2")], 0)
    types = {"p1": "newspaper", "p2": "agency", "q1": "social", "q2": "social"}
    ranked = rank_stories([posts, papers], NOW, source_types=types)  # type: ignore[arg-type]
    assert [r.story.id for r in ranked] == ["papers", "posts"]
