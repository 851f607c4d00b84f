"""Online story clustering: each report joins the best candidate story or starts one.

Candidates come from indexes keyed by week, never from a scan of every story: an
inverted index over each report's strongest terms and its entities, and a MinHash LSH
of near-duplicates. Looking only at the weeks around a report's date keeps the cost of
placing one report flat as the archive grows, and makes an archive backfill (reports
arriving out of time order) find the same stories as arrival in time order.

Story IDs come from the founding report's id and never change; when a report binds two
stories firmly, the younger is merged into the older, whose ID lives on, and the younger
ID is kept as an alias. ``Clusterer.stories()`` gives ``akhbar.model.Story`` values; the
state is rebuilt by replaying stored reports through ``place``.
"""

from __future__ import annotations

import bisect
import hashlib
import heapq
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial

import numpy as np
import numpy.typing as npt

from akhbar.errors import InputError
from akhbar.model import Article, Grade, Member, SourceType, Story
from akhbar.stories import fingerprint as fp
from akhbar.stories.features import (
    Doc,
    Prepared,
    Vocabulary,
    cosine,
    doc_from_article,
    load_vocabulary,
    prepare,
    shingles,
    tfidf,
    to_day,
)
from akhbar.stories.link import (
    LinkModel,
    Profile,
    is_short,
    link_features,
    load_link_model,
)

#: Candidate stories scored per report (those sharing most lookup keys first).
MAX_CANDIDATES = 16
#: A (term, week) posting list this long is too common to say anything: it stops growing.
MAX_POSTING = 100
#: Earlier members of the chosen story graded as possible sources of a report.
MAX_SOURCES = 8
#: Members of a candidate story graded against a report for the link's copy feature.
COPY_PROBES = 6
#: Articles of a story an article is compared with, one by one (the nearest in time).
LINK_PROBES = 4
#: Dates before this year are taken as unknown (epoch zeros, broken feeds).
MIN_YEAR = 1990
#: How far in the future a date may be (clock skew, time zones) before it is ignored.
FUTURE_SLACK = timedelta(days=2)
_WEEK = 7.0
_LSH_SPAN = 30.0


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a report went: its story, the report it copies and how, or why it was refused."""

    item_id: str
    story_id: str | None
    copy_of: str | None = None
    grade: Grade | None = None
    new_story: bool = False
    score: float = 0.0
    refused: str | None = None
    note: str | None = None


class _Item:
    __slots__ = (
        "copy_of",
        "copy_p",
        "day",
        "grade",
        "grams",
        "id",
        "profile",
        "published",
        "source",
        "source_type",
        "story",
        "title",
    )

    def __init__(self, p: Prepared, story: str, published: datetime | None) -> None:
        doc = p.doc
        self.id = doc.id
        self.story = story
        self.day = p.day
        self.published = published
        self.title = (doc.title or doc.text[:160]).strip()
        self.grams: npt.NDArray[np.uint32] = p.grams
        self.source = doc.source
        self.source_type: SourceType = doc.source_type
        self.copy_of: str | None = None
        self.copy_p = 0.0
        self.grade: Grade | None = None
        self.profile: Profile | None = None
        if not p.headline:
            self.profile = Profile()
            self.profile.add(p)


class _Story:
    __slots__ = ("aliases", "articles", "id", "members", "profile")

    def __init__(self, story_id: str) -> None:
        self.id = story_id
        self.members: list[tuple[float, str]] = []  # (day, item id), kept sorted
        self.articles: list[tuple[float, str]] = []  # the members with a body
        self.profile = Profile()
        self.aliases: list[str] = []


def nearest(members: list[tuple[float, str]], day: float, k: int) -> list[str]:
    """Ids of the ``k`` members closest to ``day`` (a sorted (day, id) list), ties by id."""
    if len(members) <= k:
        chosen = members
    else:
        i = bisect.bisect_left(members, (day, ""))
        chosen = members[max(0, i - k) : i + k]
    ranked = sorted(chosen, key=lambda m: (abs(m[0] - day), m[1]))
    return [m[1] for m in ranked[:k]]


def story_id_for(item_id: str) -> str:
    """The ID of a story founded by ``item_id``: stable, short and URL-safe."""
    return "s" + hashlib.blake2b(item_id.encode("utf-8"), digest_size=8).hexdigest()


class Clusterer:
    """The online story index. ``place`` one report at a time; read ``stories()``."""

    def __init__(
        self,
        vocab: Vocabulary | None = None,
        link: LinkModel | None = None,
        copy: fp.CopyModel | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self.vocab = vocab or load_vocabulary()
        self.link = link or load_link_model()
        self.copy = copy or fp.load_copy_model()
        self._now = now or (lambda: datetime.now(UTC))
        self._items: dict[str, _Item] = {}
        self._stories: dict[str, _Story] = {}
        self._parent: dict[str, str] = {}
        self._exact: dict[tuple[str, int], str] = {}
        self._postings: dict[tuple[str, int], list[str]] = {}
        self._near: dict[int, fp.NearDuplicates] = {}
        self._clock: float | None = None

    # -- reading -----------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._items)

    def story_of(self, item_id: str) -> str | None:
        """The current story ID of a placed report."""
        item = self._items.get(item_id)
        return self._find(item.story) if item else None

    def resolve(self, story_id: str) -> str:
        """The surviving ID of a story ID or alias."""
        return self._find(story_id)

    def source_types(self, story_id: str) -> dict[str, SourceType]:
        """Source type of each member of a story, by item id (for ``rank_stories``)."""
        story = self._stories[self._find(story_id)]
        return {m: self._items[m].source_type for _, m in story.members}

    def entities(self, story_id: str) -> list[str]:
        """Entity ids named in a story's reports (up to the profile's cap), sorted."""
        return sorted(self._stories[self._find(story_id)].profile.entities)

    def stories(self, ids: Iterable[str] | None = None) -> list[Story]:
        """Stories as ``akhbar.model.Story`` values, newest last-seen first."""
        chosen = (
            self._stories.values() if ids is None else [self._stories[self._find(i)] for i in ids]
        )
        out = [self._story_value(s) for s in chosen]
        out.sort(
            key=lambda s: (s.last_seen or datetime.min.replace(tzinfo=UTC), s.id), reverse=True
        )
        return out

    # -- placing -------------------------------------------------------------------
    def place(self, doc: Doc) -> Placement:
        """Put one report into a story; bad input is refused with a reason, never raised."""
        if not doc.id:
            return Placement("", None, refused="the report has no id")
        known = self._items.get(doc.id)
        if known is not None:
            return Placement(
                doc.id,
                self._find(known.story),
                known.copy_of,
                known.grade,
                note="already placed: the earlier placement stands",
            )
        read = self._read(doc)
        if isinstance(read, Placement):
            return read
        p, published, note = read
        day = p.day
        ekey = p.exact
        twin = self._twin(ekey, day)
        signature = fp.minhash(shingles(p.grams))
        near = self._near_items(signature, day)
        if twin is not None:
            story, score, new = self._find(self._items[twin].story), 1.0, False
        else:
            story, score, new = self._choose(p, near)
        self._add(p, story, published, ekey, signature)
        copy_of, grade = self._grade(p, story, near, twin)
        return Placement(doc.id, self._find(story), copy_of, grade, new, score, note=note)

    def restore(
        self,
        doc: Doc,
        story_id: str,
        copy_of: str | None = None,
        grade: Grade | None = None,
    ) -> Placement:
        """Put a stored report back into the story it was stored in, without choosing.

        Rebuilding the index from a store this way gives back exactly the stories that
        were saved, whatever order the reports first arrived in (a live backfill and a
        replay in date order can otherwise decide differently).
        """
        if not doc.id or doc.id in self._items:
            return self.place(doc)
        read = self._read(doc)
        if isinstance(read, Placement):
            return read
        p, published, note = read
        sid = self._find(story_id)
        if sid not in self._stories:
            self._stories[sid] = _Story(sid)
        self._add(p, sid, published, p.exact, fp.minhash(shingles(p.grams)))
        item = self._items[doc.id]
        item.copy_of, item.grade, item.copy_p = copy_of, grade, 1.0 if grade else 0.0
        return Placement(doc.id, sid, copy_of, grade, note=note)

    def _read(self, doc: Doc) -> tuple[Prepared, datetime | None, str | None] | Placement:
        """The report read for placing, its date and a note; or a refusal with its reason."""
        if not (doc.title.strip() or doc.text.strip()):
            return Placement(doc.id, None, refused="empty: no title and no text")
        published, day, dated, note = self._date(doc.published, doc.seen)
        p = prepare(doc, self.vocab, day, dated)
        if p.n_words == 0:
            return Placement(doc.id, None, refused="no words: nothing to compare", note=note)
        if dated:
            self._clock = day if self._clock is None else max(self._clock, day)
        return p, published, note

    def alias(self, alias: str, story_id: str) -> None:
        """Record ``alias`` as a merged-away ID of ``story_id`` (when rebuilding from a store).

        An ID that is a live story or already an alias is left as it is."""
        root = self._find(story_id)
        if alias == root or root not in self._stories:
            return
        if alias in self._stories or alias in self._parent:
            return
        self._parent[alias] = root
        self._stories[root].aliases.append(alias)

    def _date(
        self, when: datetime | None, seen: datetime | None = None
    ) -> tuple[datetime | None, float, bool, str | None]:
        if seen is not None and seen.tzinfo is None:
            seen = seen.replace(tzinfo=UTC)
        now = seen or self._now()
        fallback = self._clock if self._clock is not None else to_day(now)
        if when is None:
            return None, fallback, False, None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        if when.year < MIN_YEAR:
            return None, fallback, False, f"date {when.date()} ignored: before {MIN_YEAR}"
        if when > now + FUTURE_SLACK:
            return None, fallback, False, f"date {when.date()} ignored: in the future"
        return when, to_day(when), True, None

    def _twin(self, ekey: str, day: float) -> str | None:
        """The earliest report with the same text within the time window, if any."""
        span = int(day // _LSH_SPAN)
        found = [self._exact.get((ekey, b)) for b in (span - 1, span, span + 1)]
        window = self.link.window_days
        twins = [i for i in found if i is not None and abs(self._items[i].day - day) <= window]
        return min(twins, key=lambda i: (self._items[i].day, i)) if twins else None

    def _near_items(self, signature: fp.MinHash, day: float) -> list[str]:
        span = int(day // _LSH_SPAN)
        found: list[str] = []
        for b in (span - 1, span, span + 1):
            index = self._near.get(b)
            if index is not None:
                found.extend(index.query(signature))
        window = self.link.window_days
        return [i for i in found if abs(self._items[i].day - day) <= window]

    def _keys(self, p: Prepared) -> list[str]:
        return [f"t:{t}" for t in p.lookup] + [f"e:{e}" for e in p.doc.entities]

    def _candidates(self, p: Prepared, near: list[str]) -> list[str]:
        """Stories sharing the report's strongest terms or entities in the weeks around it,
        most shared weight first (never a scan of all stories)."""
        week = int(p.day // _WEEK)
        hits: dict[str, float] = {}
        weights = [p.all_vec.get(t, 0.0) for t in p.lookup] + [1.0] * len(p.doc.entities)
        for key, weight in zip(self._keys(p), weights, strict=True):
            seen: set[str] = set()
            for w in (week - 1, week, week + 1):
                posting = self._postings.get((key, w))
                if posting is not None and len(posting) < MAX_POSTING:
                    seen.update(posting)
            for sid in seen:
                hits[sid] = hits.get(sid, 0.0) + weight
        for item_id in near:
            sid = self._items[item_id].story
            hits[sid] = hits.get(sid, 0.0) + 10.0
        merged: dict[str, float] = {}
        for sid, n in hits.items():
            root = self._find(sid)
            merged[root] = merged.get(root, 0.0) + n
        ranked = sorted(merged.items(), key=lambda kv: (-kv[1], kv[0]))
        return [sid for sid, _ in ranked[:MAX_CANDIDATES]]

    def pair_copy(self, p: Prepared, other: _Item) -> float:
        """Probability that ``p`` copies ``other`` or is copied by it (the later copies)."""
        if other.day <= p.day:
            feats = fp.copy_features(p.grams, other.grams)
        else:
            feats = fp.copy_features(other.grams, p.grams)
        return self.copy.grade(feats)[1]

    def copy_probability(self, p: Prepared, story: _Story) -> float:
        """Largest probability that ``p`` copies (or is copied by) a member near in time."""
        members = nearest(story.members, p.day, COPY_PROBES)
        return max((self.pair_copy(p, self._items[m]) for m in members), default=0.0)

    def score(self, p: Prepared, story: _Story) -> tuple[float, float]:
        """Probability that ``p`` belongs to ``story``, and the threshold to join it.

        A headline or post, or any report against a story of headlines, is compared with
        the story's profile (a developing story gathers its vocabulary); an article is
        compared with the story's articles nearest in time, one by one, and must match
        them on average (average link), so that a story does not drift into its
        neighbours through one look-alike.
        """
        weights = self.link.weights(p, story.profile)
        if is_short(p, story.profile):
            feats = link_features(p, story.profile, partial(self.copy_probability, p, story))
            return weights.probability(feats), weights.threshold
        probs = []
        for m in nearest(story.articles, p.day, LINK_PROBES):
            item = self._items[m]
            assert item.profile is not None
            feats = link_features(p, item.profile, partial(self.pair_copy, p, item))
            probs.append(weights.probability(feats))
        return sum(probs) / len(probs), weights.threshold

    def _choose(self, p: Prepared, near: list[str]) -> tuple[str, float, bool]:
        scored: list[tuple[float, float, str]] = []
        for sid in self._candidates(p, near):
            story = self._stories[sid]
            if story.profile.gap(p.day) > self.link.window_days * 2:
                continue
            prob, threshold = self.score(p, story)
            # rank by the margin over each mode's threshold, so modes compare fairly
            scored.append((prob - threshold, prob, sid))
        scored.sort(key=lambda x: (-x[0], x[2]))
        if not scored or scored[0][0] < 0:
            sid = story_id_for(p.doc.id)
            while sid in self._stories or sid in self._parent:
                sid = story_id_for(sid)
            self._stories[sid] = _Story(sid)
            return sid, scored[0][1] if scored else 0.0, True
        _, best_p, best = scored[0]
        for margin, prob, other in scored[1:]:
            if margin < 0 or min(prob, best_p) < self.link.merge_threshold:
                continue
            best = self.merge(best, other)
        return best, best_p, False

    def merge(self, a: str, b: str) -> str:
        """Merge two stories (an editor's call, or a report that binds both); the one
        seen first keeps its ID, the other's ID becomes an alias. Returns the kept ID."""
        a, b = self._find(a), self._find(b)
        if a not in self._stories or b not in self._stories:
            raise InputError(f"no such story: {a if a not in self._stories else b}")
        if a == b:
            return a
        sa, sb = self._stories[a], self._stories[b]
        keep, gone = (sa, sb) if (sa.profile.first, a) <= (sb.profile.first, b) else (sb, sa)
        keep.members = list(heapq.merge(keep.members, gone.members))
        keep.articles = list(heapq.merge(keep.articles, gone.articles))
        keep.profile.absorb(gone.profile)
        keep.aliases.extend([gone.id, *gone.aliases])
        self._parent[gone.id] = keep.id
        del self._stories[gone.id]
        return keep.id

    def _find(self, sid: str) -> str:
        root = sid
        while root in self._parent:
            root = self._parent[root]
        while sid != root:
            nxt = self._parent[sid]
            self._parent[sid] = root
            sid = nxt
        return root

    def _add(
        self, p: Prepared, sid: str, published: datetime | None, ekey: str, signature: fp.MinHash
    ) -> None:
        story = self._stories[sid]
        item = _Item(p, sid, published)
        self._items[item.id] = item
        bisect.insort(story.members, (item.day, item.id))
        if item.profile is not None:
            bisect.insort(story.articles, (item.day, item.id))
        story.profile.add(p)
        week = int(p.day // _WEEK)
        for key in self._keys(p):
            posting = self._postings.setdefault((key, week), [])
            if len(posting) < MAX_POSTING and sid not in posting[-8:]:
                posting.append(sid)
        slot = (ekey, int(p.day // _LSH_SPAN))
        current = self._exact.get(slot)
        if current is None or self._items[current].day > p.day:
            self._exact[slot] = item.id
        span = int(p.day // _LSH_SPAN)
        self._near.setdefault(span, fp.NearDuplicates()).add(item.id, signature)

    def _grade(
        self, p: Prepared, sid: str, near: list[str], twin: str | None
    ) -> tuple[str | None, Grade | None]:
        me = self._items[p.doc.id]
        story = self._stories[self._find(sid)]
        pool = dict.fromkeys([*([twin] if twin else []), *near])
        for member_id in nearest(story.members, p.day, MAX_SOURCES + 1):
            pool[member_id] = None
        for other_id in pool:
            other = self._items[other_id]
            if other_id == me.id or self._find(other.story) != story.id:
                continue
            earlier, later = (other, me) if (other.day, 0) <= (me.day, 1) else (me, other)
            if other_id == twin:
                grade: Grade | None = "wholly"
                prob = 1.0
            else:
                grade, prob = fp.grade_pair(self.copy, later.grams, earlier.grams)
            if grade is None or prob <= later.copy_p:
                continue
            later.copy_of, later.grade, later.copy_p = earlier.id, grade, prob
        return me.copy_of, me.grade

    # -- output ----------------------------------------------------------------------
    def _story_value(self, story: _Story) -> Story:
        items = [self._items[m] for _, m in story.members]
        dates = [i.published for i in items if i.published is not None]
        return Story(
            id=story.id,
            title=self._central_title(story, items),
            members=tuple(Member(i.id, i.published, i.copy_of, i.grade) for i in items),
            first_seen=min(dates) if dates else None,
            last_seen=max(dates) if dates else None,
            aliases=tuple(story.aliases),
        )

    def _central_title(self, story: _Story, items: list[_Item]) -> str:
        if len(items) <= 2:
            return items[0].title if items else ""
        from akhbar.stories.features import key_words, terms

        best, best_score = items[0].title, -math.inf
        for item in items[:64]:
            vec = tfidf(terms(key_words(item.title), self.vocab.stop), self.vocab)
            score = cosine(vec, story.profile.title_c or story.profile.all_c)
            if score > best_score + 1e-9:
                best, best_score = item.title, score
        return best


def place_articles(
    clusterer: Clusterer, articles: Iterable[tuple[int | str, Article]]
) -> tuple[list[Placement], list[Story]]:
    """Place analyzed articles (with their store ids) in order; return the placements and
    the stories they touched, ready for ``Store.save_stories``."""
    placements = [clusterer.place(doc_from_article(a, item_id)) for item_id, a in articles]
    touched = sorted({clusterer.resolve(p.story_id) for p in placements if p.story_id})
    return placements, clusterer.stories(touched)
