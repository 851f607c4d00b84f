"""Front-page order: stories told by more independent sources, and fresher, come first.

A report that copies another (wholly or partly) adds reach but not independent
confirmation, so a story's weight counts its *independent* reports: those that copy no
other member. Agencies, newspapers and broadcasters count fully; social posts and other
sources count half. Freshness halves the weight every ``half_life`` hours after the
story was last seen.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from akhbar.model import SourceType, Story

#: How much one independent report of each source type counts.
SOURCE_WEIGHT: Mapping[str, float] = {
    "agency": 1.0,
    "newspaper": 1.0,
    "broadcaster": 1.0,
    "social": 0.5,
    "other": 0.5,
}


@dataclass(frozen=True, slots=True)
class Ranked:
    """A story with its score and what the score was made of."""

    story: Story
    score: float
    independent: int
    reports: int


def independent_weight(
    story: Story, source_types: Mapping[str, SourceType] | None = None
) -> tuple[float, int]:
    """Weighted count of a story's reports that copy no other member, and their number."""
    weight, count = 0.0, 0
    for member in story.members:
        if member.copy_of is not None:
            continue
        count += 1
        kind = (source_types or {}).get(member.item_id, "other")
        weight += SOURCE_WEIGHT.get(kind, 0.5)
    return weight, count


def rank_stories(
    stories: Sequence[Story],
    now: datetime,
    *,
    source_types: Mapping[str, SourceType] | None = None,
    half_life: float = 12.0,
) -> list[Ranked]:
    """Stories best first: log(1 + independent weight) halved every ``half_life`` hours
    since last seen; ties by more reports, then by ID.

    ``source_types`` maps a member's item id to its source type (missing: "other").
    """
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    out = []
    for story in stories:
        weight, independent = independent_weight(story, source_types)
        last = story.last_seen or story.first_seen
        if last is not None and last.tzinfo is None:
            last = last.replace(tzinfo=UTC)
        hours = max(0.0, (now - last).total_seconds() / 3600) if last else 10 * half_life
        score = math.log1p(weight) * 0.5 ** (hours / half_life)
        out.append(Ranked(story, score, independent, len(story.members)))
    out.sort(key=lambda r: (-r.score, -r.reports, r.story.id))
    return out
