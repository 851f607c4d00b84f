"""What the reader's pages show, built from the store: the front page and a story's coverage.

These are the query functions behind the HTML pages, the Atom feeds and (where the
API serves them) their JSON twins; each returns frozen view objects, never store rows.
"""

from __future__ import annotations

import math
import threading
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from akhbar.model import Article, Entity, Quote, Story
from akhbar.store.base import Store, StoredItem
from akhbar.web import queries
from akhbar.web.reader.format import as_utc

#: Entity labels the reader lists (dates, times and numbers are not "who and where").
NAMED_LABELS: tuple[str, ...] = ("PERSON", "ORGANIZATION", "LOCATION")
#: Marker kinds in the order a reader should see them.
MARKER_ORDER: tuple[str, ...] = (
    "denied",
    "alleged",
    "unconfirmed",
    "unnamed_source",
    "estimated",
    "state_media",
    "social_source",
    "attributed",
)
#: Hours after which a story's freshness halves on the front page.
HALF_LIFE_HOURS = 18.0
SUMMARY_CHARS = 220


@dataclass(frozen=True, slots=True)
class Report:
    """One report of a story, with the wire copies that repeat it."""

    id: str
    title: str
    url: str | None
    source: str
    source_name: str
    source_type: str
    published: datetime | None
    lede: str
    copy_of: str | None = None
    grade: str | None = None
    copies: tuple[Report, ...] = ()


@dataclass(frozen=True, slots=True)
class StoryCard:
    """A story as the front page and feeds list it."""

    id: str
    title: str
    summary: str
    topic: str | None
    reports: int
    sources: int
    independent: int
    first_seen: datetime | None
    last_seen: datetime | None
    score: float = 0.0
    source_names: tuple[str, ...] = ()
    headlines: tuple[tuple[str, str, str], ...] = ()  # (report id, source name, title)


@dataclass(frozen=True, slots=True)
class Said:
    """One thing said, with every report that carried it."""

    text: str
    cue: str
    direct: bool
    reports: tuple[tuple[str, str], ...]  # (report id, source name)


@dataclass(frozen=True, slots=True)
class Speaker:
    """Quotes grouped by who said them."""

    name: str
    english: str | None
    entity_id: str | None
    said: tuple[Said, ...]


@dataclass(frozen=True, slots=True)
class Flag:
    """A verification marker in context: what is alleged, unconfirmed or denied, by whom."""

    kind: str
    sentence: str
    by: str | None
    report_id: str
    source_name: str


@dataclass(frozen=True, slots=True)
class Named:
    """A person, place or organisation named in the coverage."""

    id: str
    name: str
    english: str | None
    label: str
    mentions: int


@dataclass(frozen=True, slots=True)
class Coverage:
    """Everything the story page shows."""

    card: StoryCard
    reports: tuple[Report, ...]
    speakers: tuple[Speaker, ...]
    flags: tuple[tuple[str, tuple[Flag, ...]], ...]
    named: tuple[tuple[str, tuple[Named, ...]], ...]
    times: tuple[datetime, ...]
    keywords: tuple[str, ...] = ()
    summary: str = ""


@dataclass(frozen=True, slots=True)
class ReportPage:
    """One report on its own (one that belongs to no story): its text in paragraphs."""

    report: Report
    paragraphs: tuple[str, ...]
    named: tuple[tuple[str, tuple[Named, ...]], ...]


@dataclass(frozen=True, slots=True)
class TopicGroup:
    """Front-page stories of one topic."""

    topic: str | None
    stories: tuple[StoryCard, ...]


@dataclass(frozen=True, slots=True)
class FrontPage:
    """The front page: the lead stories, then the rest grouped by topic."""

    lead: tuple[StoryCard, ...]
    groups: tuple[TopicGroup, ...]
    as_of: datetime | None
    total: int


def resolve(store: Store, item_id: str) -> StoredItem | None:
    """The stored item a story member points at (member ids are store ids as text)."""
    try:
        return store.item(int(item_id))
    except (TypeError, ValueError):
        return None


def entity_key(entity: Entity, surface: str) -> str:
    """A stable id for an entity: its linked id, else its label and surface form."""
    return entity.id or f"{entity.label.lower()}:{surface.strip()}"


def _words(text: str) -> list[str]:
    return [w for w in text.replace("،", " ").split() if len(w) > 1]


def repeats_title(sentence: str, title: str) -> bool:
    """True when ``sentence`` mostly restates ``title`` (wire copy often opens that way)."""
    head = set(_words(title))
    if not head:
        return False
    opening = set(_words(sentence)[: len(head) + 8])
    return len(head & opening) >= 0.7 * len(head)


def lede(stored: StoredItem, limit: int = SUMMARY_CHARS) -> str:
    """One line for a report: its first summary sentence (or body sentence) that does not
    merely restate the title, cut to ``limit`` characters."""
    article = stored.article
    text = ""
    if article is not None:
        spans = sorted(article.summary, key=lambda s: s.start) or [
            s for s in article.sentences if s.start >= article.title_end
        ]
        candidates = [
            " ".join(article.text[s.start : s.end].split()) for s in spans if s.end - s.start > 20
        ]
        fresh = [c for c in candidates if not repeats_title(c, article.title)]
        text = (fresh or candidates or [article.body])[0]
    text = " ".join((text or stored.item.text).split())
    if len(text) > limit:
        cut = text.rfind(" ", 0, limit)
        text = text[: cut if cut > limit // 2 else limit].rstrip("،, ") + "…"
    return text


def full_summary(stored: StoredItem, sentences: int = 3) -> str:
    """A report's summary (its summary sentences, in order), else its one-line lede."""
    article = stored.article
    if article is None or not article.summary:
        return lede(stored)
    spans = sorted(article.summary, key=lambda s: s.start)
    texts = [" ".join(article.text[s.start : s.end].split()) for s in spans]
    fresh = [t for t in texts if not repeats_title(t, article.title)] or texts
    return " ".join(fresh[:sentences])


def _title(stored: StoredItem) -> str:
    if stored.article is not None and stored.article.title:
        return stored.article.title
    return stored.item.title or lede(stored, 90)


def _report(stored: StoredItem, copy_of: str | None = None, grade: str | None = None) -> Report:
    item = stored.item
    return Report(
        id=str(stored.id),
        title=_title(stored),
        url=item.url,
        source=item.source,
        source_name=item.source_name or item.source,
        source_type=item.source_type,
        published=item.published or item.fetched,
        lede=lede(stored),
        copy_of=copy_of,
        grade=grade,
    )


def _members(store: Store, story: Story) -> list[tuple[StoredItem, str | None, str | None]]:
    found: list[tuple[StoredItem, str | None, str | None]] = []
    for member in story.members:
        stored = resolve(store, member.item_id)
        if stored is not None:
            found.append((stored, member.copy_of, member.grade))
    return found


def _topic(articles: Iterable[Article | None]) -> str | None:
    counts = Counter(a.topic.label for a in articles if a is not None and a.topic is not None)
    return counts.most_common(1)[0][0] if counts else None


def freshness(last_seen: datetime | None, reference: datetime | None) -> float:
    """A weight in (0, 1] that halves every ``HALF_LIFE_HOURS`` before ``reference``."""
    if last_seen is None or reference is None:
        return 0.25
    hours = max(0.0, (as_utc(reference) - as_utc(last_seen)).total_seconds() / 3600)
    return math.pow(0.5, hours / HALF_LIFE_HOURS)


def card(
    story: Story,
    members: Sequence[tuple[StoredItem, str | None, str | None]],
    reference: datetime | None = None,
) -> StoryCard:
    """A story's front-page card from its resolved members."""
    originals = [s for s, copy_of, grade in members if copy_of is None or grade == "partly"]
    independent = {s.item.source for s in originals}
    sources = {s.item.source for s, _, _ in members}
    names = []
    for stored, _, _ in members:
        name = stored.item.source_name or stored.item.source
        if name not in names:
            names.append(name)
    ordered = sorted(members, key=lambda m: _when(m[0]))
    first = ordered[0][0] if ordered else None
    lead = next((s for s, c, _ in ordered if c is None), first)
    score = max(1, len(independent)) * freshness(story.last_seen, reference)
    headlines = tuple(
        (str(s.id), s.item.source_name or s.item.source, _title(s))
        for s, _, _ in ordered
        if s is not lead
    )
    return StoryCard(
        id=story.id,
        title=story.title or (_title(lead) if lead else ""),
        summary=lede(lead) if lead else "",
        topic=_topic(s.article for s, _, _ in members),
        reports=len(members) or len(story.members),
        sources=len(sources),
        independent=len(independent),
        first_seen=story.first_seen or (_when(first) if first else None),
        last_seen=story.last_seen,
        score=score,
        source_names=tuple(names),
        headlines=headlines[:4],
    )


def _when(stored: StoredItem) -> datetime:
    moment = stored.item.published or stored.item.fetched
    return as_utc(moment) if moment else datetime.max.replace(tzinfo=UTC)


class CardCache:
    """Story cards already built (their score aside), keyed by story id, time and members.

    A story whose members change gets a new key, so a cached card is never stale; the
    oldest cards are dropped past ``size``. Safe to share between request threads.
    """

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._cards: OrderedDict[tuple[object, ...], StoryCard] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(story: Story) -> tuple[object, ...]:
        """What a story's card depends on."""
        members = tuple((m.item_id, m.copy_of, m.grade) for m in story.members)
        return (story.id, story.title, story.first_seen, story.last_seen, members)

    def get(self, story: Story) -> StoryCard | None:
        """The cached card of ``story``, if any."""
        with self._lock:
            found = self._cards.get(self.key(story))
            if found is not None:
                self._cards.move_to_end(self.key(story))
            return found

    def put(self, story: Story, built: StoryCard) -> None:
        """Remember ``story``'s card."""
        with self._lock:
            self._cards[self.key(story)] = built
            while len(self._cards) > self.size:
                self._cards.popitem(last=False)


def likely_score(story: Story, reference: datetime | None) -> float:
    """An upper bound of a story's score from its members alone (no reports read)."""
    originals = sum(1 for m in story.members if m.copy_of is None or m.grade == "partly")
    return max(1, originals) * freshness(story.last_seen, reference)


def story_cards(
    store: Store,
    stories: Sequence[Story],
    reference: datetime | None = None,
    *,
    limit: int | None = None,
    cache: CardCache | None = None,
) -> list[StoryCard]:
    """Cards for ``stories``, ranked by independent sources times freshness.

    With ``limit``, only the stories whose ``likely_score`` could place them in the top
    ``limit`` (and a margin) are read, so a front page reads a few dozen reports.
    """
    if reference is None:
        seen = [as_utc(s.last_seen) for s in stories if s.last_seen is not None]
        reference = max(seen) if seen else None
    chosen = list(stories)
    if limit is not None:
        chosen.sort(key=lambda s: -likely_score(s, reference))
        chosen = chosen[: limit + limit // 2]
    cards = []
    for story in chosen:
        built = cache.get(story) if cache is not None else None
        if built is None:
            built = card(story, _members(store, story))
            if cache is not None:
                cache.put(story, built)
        score = max(1, built.independent) * freshness(built.last_seen, reference)
        cards.append(replace(built, score=score))
    cards.sort(key=lambda c: (-c.score, -(c.last_seen.timestamp() if c.last_seen else 0)))
    return cards if limit is None else cards[:limit]


def front_page(
    store: Store,
    *,
    limit: int = 30,
    candidates: int = 150,
    now: datetime | None = None,
    cache: CardCache | None = None,
) -> FrontPage:
    """The latest stories, ranked by independent sources and freshness, grouped by topic.

    Freshness is measured from the newest story in the store (or ``now`` when given),
    so an archive reads like its last day of news.
    """
    stories, _ = queries.front_stories(store, limit=candidates)
    cards = story_cards(store, stories, now, limit=limit, cache=cache)
    as_of = max((c.last_seen for c in cards if c.last_seen), default=None)
    lead = tuple(cards[:3])
    grouped: dict[str | None, list[StoryCard]] = defaultdict(list)
    for item in cards[3:]:
        grouped[item.topic].append(item)
    groups = sorted(grouped.items(), key=lambda kv: (kv[0] is None, -kv[1][0].score))
    return FrontPage(
        lead=lead,
        groups=tuple(TopicGroup(topic, tuple(items)) for topic, items in groups),
        as_of=as_of,
        total=len(cards),
    )


def _sentence_of(article: Article, start: int) -> str:
    for span in article.sentences:
        if span.start <= start < span.end:
            return " ".join(article.text[span.start : span.end].split())
    return " ".join(article.text[max(0, start - 80) : start + 120].split())


@dataclass(slots=True)
class _Group:
    """Quotes of one speaker while they are being gathered."""

    name: str
    english: str | None
    entity_id: str | None
    said: dict[str, tuple[str, bool, list[tuple[str, str]]]] = field(default_factory=dict)


def _speaker_link(article: Article, quote: Quote) -> str | None:
    """The reader's key (``entity_key``) of the entity a quote's speaker is linked to.

    ``speaker_id`` is the entity's id, else its English name or surface form, which for
    an entity without an id is not the key its page is found by."""
    if quote.speaker_id is None or quote.speaker is None:
        return None
    for entity in article.entities:
        if entity.start < quote.speaker.end and quote.speaker.start < entity.end:
            raw = article.text[entity.start : entity.end]
            if quote.speaker_id in (entity.id, entity.english, raw):
                return entity_key(entity, " ".join(raw.split()))
    return None


def _speakers(members: Sequence[tuple[StoredItem, str | None, str | None]]) -> list[Speaker]:
    groups: dict[str, _Group] = {}
    for stored, _, _ in sorted(members, key=lambda m: _when(m[0])):
        article = stored.article
        if article is None:
            continue
        source = stored.item.source_name or stored.item.source
        english_of = {(e.start, e.end): e.english for e in article.entities if e.english}
        for quote in article.quotes:
            content = " ".join(article.text[quote.content.start : quote.content.end].split())
            if not content:
                continue
            name, english = "", None
            if quote.speaker is not None:
                name = " ".join(article.text[quote.speaker.start : quote.speaker.end].split())
                english = english_of.get((quote.speaker.start, quote.speaker.end))
            key = quote.speaker_id or name or "?"
            group = groups.setdefault(key, _Group(name, english, _speaker_link(article, quote)))
            group.english = group.english or english
            _, _, carried = group.said.setdefault(content, (quote.cue, quote.direct, []))
            if all(r[0] != str(stored.id) for r in carried):
                carried.append((str(stored.id), source))
    speakers = [
        Speaker(
            name=g.name,
            english=g.english,
            entity_id=g.entity_id,
            said=tuple(Said(t, cue, direct, tuple(r)) for t, (cue, direct, r) in g.said.items()),
        )
        for g in groups.values()
    ]
    speakers.sort(key=lambda s: (not s.name, -len(s.said)))
    return speakers


def _flags(
    members: Sequence[tuple[StoredItem, str | None, str | None]],
) -> list[tuple[str, tuple[Flag, ...]]]:
    found: dict[str, dict[str, Flag]] = defaultdict(dict)
    for stored, _, _ in sorted(members, key=lambda m: _when(m[0])):
        article = stored.article
        if article is None:
            continue
        for marker in article.markers:
            sentence = _sentence_of(article, marker.start)
            if sentence not in found[marker.kind]:
                found[marker.kind][sentence] = Flag(
                    kind=marker.kind,
                    sentence=sentence,
                    by=marker.by,
                    report_id=str(stored.id),
                    source_name=stored.item.source_name or stored.item.source,
                )
    order = {kind: i for i, kind in enumerate(MARKER_ORDER)}
    kinds = sorted(found, key=lambda k: order.get(k, len(order)))
    return [(kind, tuple(found[kind].values())) for kind in kinds]


def named_in(articles: Iterable[Article]) -> list[tuple[str, tuple[Named, ...]]]:
    """People, organisations and places named in ``articles``, most mentioned first."""
    counts: Counter[str] = Counter()
    info: dict[str, tuple[str, str | None, str]] = {}
    for article in articles:
        for entity in article.entities:
            if entity.label not in NAMED_LABELS:
                continue
            surface = " ".join(article.text[entity.start : entity.end].split())
            if not surface:
                continue
            key = entity_key(entity, surface)
            counts[key] += 1
            old = info.get(key)
            if old is None or (old[1] is None and entity.english):
                info[key] = (surface, entity.english, entity.label)
    by_label: dict[str, list[Named]] = defaultdict(list)
    for key, n in counts.most_common():
        surface, english, label = info[key]
        by_label[label].append(Named(key, surface, english, label, n))
    return [(label, tuple(by_label[label])) for label in NAMED_LABELS if by_label.get(label)]


def _nest(reports: Sequence[Report]) -> tuple[Report, ...]:
    """Copies of a wire under their original, everything in time order."""
    by_id = {r.id: r for r in reports}
    copies: dict[str, list[Report]] = defaultdict(list)
    top: list[Report] = []
    for report in reports:
        if report.copy_of and report.copy_of in by_id and report.copy_of != report.id:
            copies[report.copy_of].append(report)
        else:
            top.append(report)
    return tuple(replace(r, copies=tuple(copies.get(r.id, ()))) for r in top)


def coverage(store: Store, story_id: str) -> Coverage | None:
    """Full coverage of one story, or None when there is no such story."""
    detail = queries.story_detail(store, story_id)
    if detail is None:
        return None
    story = detail.story
    members = [(s, m.copy_of, m.grade) for m, s in detail.members if s is not None]
    members.sort(key=lambda m: _when(m[0]))
    reports = [_report(s, copy_of, grade) for s, copy_of, grade in members]
    articles = [s.article for s, _, _ in members if s.article is not None]
    keywords: list[str] = []
    for article in articles:
        for keyword in article.keywords:
            if keyword.text not in keywords:
                keywords.append(keyword.text)
    times = tuple(_when(s) for s, _, _ in members if (s.item.published or s.item.fetched))
    lead = next((s for s, copy_of, _ in members if copy_of is None and s.article), None)
    return Coverage(
        card=card(story, members, story.last_seen),
        reports=_nest(reports),
        speakers=tuple(_speakers(members)),
        flags=tuple(_flags(members)),
        named=tuple(named_in(articles)),
        times=times,
        keywords=tuple(keywords[:8]),
        summary=full_summary(lead) if lead is not None else "",
    )


def report_page(stored: StoredItem) -> ReportPage:
    """A report's own page: the report, its body in paragraphs, the names in it."""
    article = stored.article
    body = article.body if article is not None else stored.item.text
    paragraphs = tuple(p.strip() for p in body.split("\n") if p.strip())
    return ReportPage(
        report=_report(stored),
        paragraphs=paragraphs,
        named=tuple(named_in([article])) if article is not None else (),
    )
