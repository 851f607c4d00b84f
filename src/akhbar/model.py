"""The data model: frozen value types that flow sources → items → articles → stories.

Spans, entities, quotes and markers hold character offsets into ``Article.text``
(the display form of the title, a newline, then the body), like spaCy's ``Span``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

SourceType = Literal["agency", "newspaper", "broadcaster", "social", "other"]
SOURCE_TYPES: tuple[SourceType, ...] = ("agency", "newspaper", "broadcaster", "social", "other")
ItemKind = Literal["article", "headline", "post"]
ITEM_KINDS: tuple[ItemKind, ...] = ("article", "headline", "post")
Grade = Literal["wholly", "partly"]


@dataclass(frozen=True, slots=True)
class Source:
    """Where items come from: a feed, a site, a channel or a file of pages."""

    key: str
    name: str
    type: SourceType = "other"
    url: str | None = None
    language: str = "ur"


@dataclass(frozen=True, slots=True)
class Item:
    """One report as it arrived, before analysis.

    ``uid`` is the item's identity within its source: a hash of the first non-empty of
    guid, canonical URL and normalized text (see ``akhbar.ingest.identity``).
    """

    source: str
    uid: str
    kind: ItemKind = "article"
    title: str = ""
    text: str = ""
    url: str | None = None
    guid: str | None = None
    published: datetime | None = None
    author: str | None = None
    language: str | None = None
    source_type: SourceType = "other"
    source_name: str | None = None
    image: str | None = None
    fetched: datetime | None = None


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` with an optional label."""

    start: int
    end: int
    label: str = ""


@dataclass(frozen=True, slots=True)
class Language:
    """A language decision with its confidence and the script it is written in."""

    code: str
    confidence: float
    script: str = "Arab"


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity mention: PERSON, LOCATION, ORGANIZATION, DATE, TIME or NUMBER."""

    start: int
    end: int
    label: str
    id: str | None = None
    english: str | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    """Who said what: a speaker span, a cue, a content span, direct or reported."""

    content: Span
    cue: str
    direct: bool
    speaker: Span | None = None
    speaker_id: str | None = None


@dataclass(frozen=True, slots=True)
class Marker:
    """A verification marker: alleged, unconfirmed, denied, estimated, unnamed_source,
    state_media, attributed or social_source."""

    start: int
    end: int
    kind: str
    by: str | None = None


@dataclass(frozen=True, slots=True)
class Topic:
    label: str
    score: float


@dataclass(frozen=True, slots=True)
class Keyword:
    text: str
    score: float


@dataclass(frozen=True, slots=True)
class Article:
    """An item read and analyzed; each stage fills its own fields via ``dataclasses.replace``."""

    item: Item
    text: str = ""
    title_end: int = 0
    key: str = ""
    language: Language | None = None
    sentences: tuple[Span, ...] = ()
    tokens: tuple[Span, ...] = ()
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    markers: tuple[Marker, ...] = ()
    topic: Topic | None = None
    keywords: tuple[Keyword, ...] = ()
    summary: tuple[Span, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return self.text[: self.title_end]

    @property
    def body(self) -> str:
        return self.text[self.title_end :].lstrip("\n")


@dataclass(frozen=True, slots=True)
class Member:
    """One report's place in a story."""

    item_id: str
    published: datetime | None = None
    copy_of: str | None = None
    grade: Grade | None = None


@dataclass(frozen=True, slots=True)
class Story:
    """Reports of one event; ``id`` never changes once given, merged IDs live on as aliases."""

    id: str
    title: str
    members: tuple[Member, ...] = ()
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    aliases: tuple[str, ...] = field(default=())
