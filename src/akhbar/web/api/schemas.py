"""The API's input and output schemas (pydantic), kept apart from the data model.

Outputs are built from model objects by the ``from_*`` functions; inputs are only what
a client may send. Lists come in an ``Envelope``: ``data``, ``count`` (records in this
page), ``total`` (all matching records, when the store can tell) and ``next_cursor``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from akhbar.model import Article, Member, Story
from akhbar.store.base import SourceRecord, StoredItem
from akhbar.store.query import Hit

T = TypeVar("T")

SourceTypeName = Literal["agency", "newspaper", "broadcaster", "social", "other"]
SourceKind = Literal["feed", "page", "file", "social"]


class Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class Envelope(Out, Generic[T]):
    """A page of a list."""

    data: list[T]
    count: int = Field(description="records in this page")
    total: int | None = Field(default=None, description="all matching records, when known")
    next_cursor: str | None = Field(default=None, description="pass as `cursor` for the next page")


class ErrorBody(Out):
    code: str
    message: str
    details: list[dict[str, object]] | None = None


class ErrorOut(Out):
    """What every error answers."""

    error: ErrorBody


# --- articles ------------------------------------------------------------------------


class ArticleSummaryOut(Out):
    """A report in a list."""

    id: int
    source: str
    source_name: str | None = None
    source_type: str
    kind: str
    title: str
    url: str | None = None
    published: datetime | None = None
    language: str | None = None
    topic: str | None = None
    story: str | None = None


class EntityOut(Out):
    start: int
    end: int
    label: str
    text: str
    id: str | None = None
    english: str | None = None


class QuoteOut(Out):
    content: str
    cue: str
    direct: bool
    speaker: str | None = None
    speaker_id: str | None = None
    content_span: tuple[int, int]
    speaker_span: tuple[int, int] | None = None


class MarkerOut(Out):
    start: int
    end: int
    kind: str
    text: str
    by: str | None = None


class KeywordOut(Out):
    text: str
    score: float


class ArticleOut(ArticleSummaryOut):
    """One report with its analysis (spans are offsets into ``text``)."""

    text: str
    title_end: int
    body: str
    author: str | None = None
    image: str | None = None
    entities: list[EntityOut] = []
    quotes: list[QuoteOut] = []
    markers: list[MarkerOut] = []
    keywords: list[KeywordOut] = []
    summary: list[str] = []
    notes: list[str] = []


def article_summary(stored: StoredItem) -> ArticleSummaryOut:
    """The list form of a stored item."""
    item, article = stored.item, stored.article
    return ArticleSummaryOut(
        id=stored.id,
        source=item.source,
        source_name=item.source_name,
        source_type=item.source_type,
        kind=item.kind,
        title=article.title if article is not None and article.title else item.title,
        url=item.url,
        published=item.published,
        language=(article.language.code if article and article.language else item.language),
        topic=article.topic.label if article is not None and article.topic else None,
        story=stored.story,
    )


def _article_parts(article: Article) -> dict[str, object]:
    text = article.text
    return {
        "text": text,
        "title_end": article.title_end,
        "body": article.body,
        "entities": [
            EntityOut(
                start=e.start,
                end=e.end,
                label=e.label,
                text=text[e.start : e.end],
                id=e.id,
                english=e.english,
            )
            for e in article.entities
        ],
        "quotes": [
            QuoteOut(
                content=text[q.content.start : q.content.end],
                cue=q.cue,
                direct=q.direct,
                speaker=None if q.speaker is None else text[q.speaker.start : q.speaker.end],
                speaker_id=q.speaker_id,
                content_span=(q.content.start, q.content.end),
                speaker_span=None if q.speaker is None else (q.speaker.start, q.speaker.end),
            )
            for q in article.quotes
        ],
        "markers": [
            MarkerOut(start=m.start, end=m.end, kind=m.kind, text=text[m.start : m.end], by=m.by)
            for m in article.markers
        ],
        "keywords": [KeywordOut(text=k.text, score=k.score) for k in article.keywords],
        "summary": [text[s.start : s.end] for s in article.summary],
        "notes": list(article.notes),
    }


def article_full(stored: StoredItem) -> ArticleOut:
    """The detail form of a stored item (its text layer when not analyzed yet)."""
    from akhbar.text.normalize import display

    summary = article_summary(stored).model_dump()
    item = stored.item
    if stored.article is not None:
        parts = _article_parts(stored.article)
    else:
        title = display(item.title).strip()
        body = display(item.text).strip()
        text = f"{title}\n{body}" if title and body else (title or body)
        parts = {"text": text, "title_end": len(title), "body": body}
    return ArticleOut.model_validate(
        {**summary, **parts, "author": item.author, "image": item.image}
    )


# --- stories -------------------------------------------------------------------------


class StoryOut(Out):
    """A story in a list."""

    id: str
    title: str
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    size: int = Field(description="how many reports it has")
    aliases: list[str] = []


class MemberOut(Out):
    item_id: str
    published: datetime | None = None
    copy_of: str | None = None
    grade: str | None = None
    article: ArticleSummaryOut | None = None


class StoryDetailOut(StoryOut):
    """A story with its reports."""

    members: list[MemberOut]


def story_summary(story: Story) -> StoryOut:
    """The list form of a story."""
    return StoryOut(
        id=story.id,
        title=story.title,
        first_seen=story.first_seen,
        last_seen=story.last_seen,
        size=len(story.members),
        aliases=list(story.aliases),
    )


def story_detail(story: Story, members: list[tuple[Member, StoredItem | None]]) -> StoryDetailOut:
    """The detail form of a story."""
    return StoryDetailOut(
        **story_summary(story).model_dump(),
        members=[
            MemberOut(
                item_id=m.item_id,
                published=m.published,
                copy_of=m.copy_of,
                grade=m.grade,
                article=None if s is None else article_summary(s),
            )
            for m, s in members
        ],
    )


# --- search and entities -------------------------------------------------------------


class HitOut(Out):
    """A search hit: snippet and title in the display form, matches as character spans."""

    id: int
    title: str
    snippet: str
    score: float
    source: str
    published: datetime | None = None
    url: str | None = None
    story: str | None = None
    topic: str | None = None
    highlights: list[tuple[int, int]] = Field(
        default=[], description="spans of `snippet` that matched"
    )
    title_highlights: list[tuple[int, int]] = []
    others: int = Field(
        default=0, description="with group=true: other matching reports of the story"
    )


def hit_out(hit: Hit) -> HitOut:
    """The API form of a search hit."""
    return HitOut(
        id=hit.item_id,
        title=hit.title,
        snippet=hit.snippet,
        score=hit.score,
        source=hit.source,
        published=hit.published,
        url=hit.url,
        story=hit.story,
        topic=hit.topic,
        highlights=list(hit.highlights),
        title_highlights=list(hit.title_highlights),
        others=hit.others,
    )


class EntityReportsOut(Envelope[HitOut]):
    """An entity (its names, as the reports spell them) and the reports naming it."""

    key: str
    name: str | None = None
    english: str | None = None
    label: str | None = None


# --- sources -------------------------------------------------------------------------


class SourceOut(Out):
    key: str
    name: str
    type: str
    url: str | None = None
    language: str
    kind: str
    items: int
    failures: int
    last_fetch: datetime | None = None
    last_status: str | None = None
    next_poll: datetime | None = None


def source_out(record: SourceRecord) -> SourceOut:
    """The API form of a source record."""
    src = record.source
    return SourceOut(
        key=src.key,
        name=src.name,
        type=src.type,
        url=src.url,
        language=src.language,
        kind=record.kind,
        items=record.items,
        failures=record.failures,
        last_fetch=record.last_fetch,
        last_status=record.last_status,
        next_poll=record.next_poll,
    )


class SourceIn(BaseModel):
    """A source to add (or update, by key)."""

    model_config = ConfigDict(extra="forbid")

    key: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")
    name: str = Field(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]+$")
    type: SourceTypeName = "other"
    url: str | None = Field(default=None, max_length=2000, pattern=r"^https?://[^\s\x00-\x1f]+$")
    language: str = Field(
        default="ur", min_length=2, max_length=8, pattern=r"^[a-z]{2,3}(-[A-Za-z]+)?$"
    )
    kind: SourceKind = "feed"


class FetchOut(Out):
    """What a fetch trigger did."""

    source: str
    status: Literal["queued"]
