"""Properties of the clusterer on arbitrary input: it never raises, never loses a report."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.stories.cluster import Clusterer
from akhbar.stories.features import Doc

NOW = datetime(2025, 6, 25, tzinfo=UTC)
WORDS = ["ایران", "امریکا", "پٹرول", "قیمت", "کمی", "کرکٹ", "میچ", "۔", "12", "، ", "\u200c", "x"]

texts = st.lists(st.sampled_from(WORDS), max_size=30).map(" ".join) | st.text(max_size=60)
dates = st.none() | st.datetimes(
    min_value=datetime(1960, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC)
)
docs = st.lists(
    st.tuples(st.sampled_from(["a", "b", "c", "d", "e", "f"]), texts, texts, dates), max_size=12
)


@settings(max_examples=40, deadline=None)
@given(docs)
def test_every_placed_report_is_in_exactly_one_story(items: list[tuple]) -> None:  # type: ignore[type-arg]
    c = Clusterer(now=lambda: NOW)
    placed = {}
    for item_id, title, text, when in items:
        p = c.place(Doc(item_id, title, text, when))
        assert (p.story_id is None) == (p.refused is not None)
        if p.story_id is not None:
            placed.setdefault(item_id, p.story_id)
    members = [m.item_id for s in c.stories() for m in s.members]
    assert sorted(members) == sorted(placed)
    for story in c.stories():
        ids = {m.item_id for m in story.members}
        for m in story.members:
            assert m.copy_of is None or m.copy_of in ids
        times = [m.published for m in story.members if m.published is not None]
        assert times == sorted(times)
        if story.first_seen is not None:
            assert (
                story.first_seen <= (story.last_seen or story.first_seen) <= NOW + timedelta(days=2)
            )
