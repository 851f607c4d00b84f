"""Search queries: our own small grammar, turned into a safe FTS5 or tsquery string.

The grammar (anything else is just words)::

    word            the word, in any letter variant (ایران = ايران = ﺍﻳﺮﺍﻥ)
    "two words"     a phrase; an unclosed quote runs to the end
    word*           a prefix (two characters at least)
    -word -"a b"    leave out reports that have it
    a OR b          either (binds the neighbouring terms only)

Terms are folded with the text layer's ``search_key`` and cut into words by ``words``;
only those words, quoted, ever reach the database, so no input, however odd, reaches
FTS5 or PostgreSQL as syntax. ``parse`` raises ``QueryError`` and nothing else.
"""

from __future__ import annotations

import base64
import binascii
import functools
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from akhbar.errors import QueryError
from akhbar.text.normalize import display, search_key

MAX_QUERY_CHARS = 500
MAX_TERMS = 16
MAX_LIMIT = 100
DEFAULT_LIMIT = 20
MAX_OFFSET = 10_000
RANK_WINDOW = 5_000  # matches ranked per search: the newest ones
COUNT_CAP = 10_000  # a search counts its matches up to this many
MIN_PREFIX = 2
SNIPPET_WORDS = 28


@dataclass(frozen=True, slots=True)
class Atom:
    """One word or phrase of the query, as search-key words, maybe a prefix."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Clause:
    """Alternatives of which a report must contain at least one."""

    alternatives: tuple[Atom, ...]


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """Clauses that must all hold and atoms that must not occur."""

    clauses: tuple[Clause, ...] = ()
    excluded: tuple[Atom, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.clauses

    def atoms(self) -> tuple[Atom, ...]:
        """The positive atoms, for highlighting."""
        return tuple(a for c in self.clauses for a in c.alternatives)


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """What a user asked for: query text plus filters, a page size and a cursor."""

    text: str = ""
    since: datetime | None = None
    until: datetime | None = None
    source: str | None = None
    source_type: str | None = None
    topic: str | None = None
    entity: str | None = None
    story: str | None = None
    group_by_story: bool = False
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None

    def __post_init__(self) -> None:
        if len(self.text) > MAX_QUERY_CHARS:
            raise QueryError(f"query is longer than {MAX_QUERY_CHARS} characters")
        if not 1 <= self.limit <= MAX_LIMIT:
            raise QueryError(f"limit must be between 1 and {MAX_LIMIT}")
        if self.cursor is not None:
            decode_cursor(self.cursor)
        for name in ("source", "source_type", "topic", "entity", "story"):
            value = getattr(self, name)
            if value is not None and (len(value) > 200 or _CONTROL.search(value)):
                raise QueryError(f"the {name} filter is too long or has control characters")

    @property
    def offset(self) -> int:
        return decode_cursor(self.cursor) if self.cursor else 0

    def parsed(self) -> ParsedQuery:
        """The parsed query text."""
        return parse(self.text)


@dataclass(frozen=True, slots=True)
class Hit:
    """One matching report, with its snippet in the display form."""

    item_id: int
    title: str
    snippet: str
    score: float
    source: str
    published: datetime | None = None
    url: str | None = None
    story: str | None = None
    topic: str | None = None
    highlights: tuple[tuple[int, int], ...] = ()
    title_highlights: tuple[tuple[int, int], ...] = ()
    others: int = 0  # with group_by_story: other matching reports of the same story


@dataclass(frozen=True, slots=True)
class SearchResult:
    """A page of hits, the number of matches (counted up to ``COUNT_CAP``; with grouping,
    the stories among the ranked matches) and the next page's cursor."""

    hits: tuple[Hit, ...]
    total: int
    next_cursor: str | None = None


# --- words ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _word_pattern() -> re.Pattern[str]:
    """Runs of letters, numbers (``\\w`` less ``_``), marks and private-use characters.

    Marks and private-use characters are listed for the Basic Multilingual Plane only:
    a class with astral ranges makes the regex several times slower, and astral marks
    (none of them Urdu) just separate words.
    """
    ranges: list[tuple[int, int]] = []
    for cp in range(0x10000):
        cat = unicodedata.category(chr(cp))
        if cat[0] == "M" or cat == "Co":
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    parts = [
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    ]
    return re.compile(f"[\\w{''.join(parts)}]+")


def word_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the words of ``text`` as the search index cuts them."""
    return [m.span() for m in _word_pattern().finditer(text.replace("_", " "))]


def key_words(text: str) -> list[str]:
    """The search-key words of ``text``: what the index holds, e.g. ``ايران`` → ``['ایران']``."""
    return _word_pattern().findall(search_key(text).replace("_", " "))


def index_text(text: str) -> str:
    """The text handed to the full-text index: search-key words joined by spaces."""
    return " ".join(key_words(text))


# --- parsing -------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _atom(raw: str) -> Atom | None:
    prefix = raw.rstrip().endswith("*")
    words = tuple(key_words(raw))
    if not words:
        return None
    if prefix and len(words[-1]) < MIN_PREFIX:
        prefix = False
    return Atom(words, prefix)


def _lex(text: str) -> list[tuple[str, str]]:
    """Cut the query into (kind, raw) pieces: kind is "+", "-" or "OR"."""
    pieces: list[tuple[str, str]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        negated = False
        if ch == "-" and i + 1 < n and not text[i + 1].isspace():
            negated = True
            i += 1
            ch = text[i]
        if ch == '"':
            end = text.find('"', i + 1)
            end = n if end < 0 else end
            raw = text[i + 1 : end]
            if end + 1 < n and text[end + 1] == "*":
                raw += "*"
                end += 1
            i = end + 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] != '"':
                j += 1
            raw = text[i:j]
            i = j
            if raw == "OR" and not negated:
                pieces.append(("OR", raw))
                continue
        pieces.append(("-" if negated else "+", raw))
    return pieces


def parse(text: str) -> ParsedQuery:
    """Parse user query text; raises ``QueryError`` for what cannot be searched.

    >>> parse('ایران -"جوہری معاہدہ" امر*').clauses[1].alternatives[0]
    Atom(words=('امر',), prefix=True)
    """
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query is longer than {MAX_QUERY_CHARS} characters")
    text = _CONTROL.sub(" ", text)
    groups: list[list[Atom]] = []
    excluded: list[Atom] = []
    join_next = False
    for kind, raw in _lex(text):
        if kind == "OR":
            join_next = bool(groups)
            continue
        atom = _atom(raw)
        if atom is None:
            continue
        if kind == "-":
            excluded.append(atom)
        elif join_next and groups:
            groups[-1].append(atom)
        else:
            groups.append([atom])
        join_next = False
    if len(excluded) + sum(len(g) for g in groups) > MAX_TERMS:
        raise QueryError(f"a query may have at most {MAX_TERMS} terms")
    if excluded and not groups:
        raise QueryError("a query needs a word to look for, not only words to leave out")
    clauses = tuple(Clause(tuple(dict.fromkeys(g))) for g in groups)
    return ParsedQuery(tuple(dict.fromkeys(clauses)), tuple(dict.fromkeys(excluded)))


# --- rendering -----------------------------------------------------------------------


def _fts5_atom(atom: Atom) -> str:
    body = " ".join(atom.words).replace('"', '""')
    return f'"{body}"' + ("*" if atom.prefix else "")


def to_fts5(parsed: ParsedQuery) -> str:
    """The FTS5 MATCH string for a parsed query (every word quoted)."""
    if parsed.empty:
        raise QueryError("nothing to search for")
    parts = []
    for clause in parsed.clauses:
        alts = [_fts5_atom(a) for a in clause.alternatives]
        parts.append(alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")")
    expr = " AND ".join(parts)
    for atom in parsed.excluded:
        expr = f"({expr}) NOT {_fts5_atom(atom)}"
    return expr


def _ts_word(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _ts_atom(atom: Atom) -> str:
    words = [_ts_word(w) for w in atom.words]
    if atom.prefix:
        words[-1] += ":*"
    return words[0] if len(words) == 1 else "(" + " <-> ".join(words) + ")"


def to_tsquery(parsed: ParsedQuery) -> str:
    """The PostgreSQL tsquery literal for a parsed query (every word quoted)."""
    if parsed.empty:
        raise QueryError("nothing to search for")
    parts = []
    for clause in parsed.clauses:
        alts = [_ts_atom(a) for a in clause.alternatives]
        parts.append(alts[0] if len(alts) == 1 else "(" + " | ".join(alts) + ")")
    expr = " & ".join(parts)
    for atom in parsed.excluded:
        expr += f" & !{_ts_atom(atom)}"
    return expr


# --- cursors -------------------------------------------------------------------------


def encode_cursor(offset: int) -> str:
    """An opaque cursor for the page starting at ``offset``."""
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The offset in a cursor from ``encode_cursor``; ``QueryError`` if it is not one."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, value = raw.partition(":")
        offset = int(value)
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise QueryError("not a valid cursor") from exc
    if kind != "o" or not 0 <= offset <= MAX_OFFSET or len(cursor) > 32:
        raise QueryError("not a valid cursor")
    return offset


def utc(value: datetime) -> datetime:
    """``value`` as an aware UTC datetime (naive values are taken to be UTC)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# --- snippets ------------------------------------------------------------------------


def _matches(keys: list[str], atoms: tuple[Atom, ...]) -> list[tuple[int, int]]:
    """Word index ranges ``[i, j)`` where an atom matches the key sequence."""
    found: set[tuple[int, int]] = set()
    for atom in atoms:
        *head, last = atom.words
        n = len(atom.words)
        if atom.prefix:
            ends = [i for i, k in enumerate(keys) if k.startswith(last)]
        else:
            ends = [i for i, k in enumerate(keys) if k == last]
        for end in ends:
            start = end - n + 1
            if start >= 0 and all(keys[start + k] == w for k, w in enumerate(head)):
                found.add((start, end + 1))
    return sorted(found)


def _keys(text: str, spans: list[tuple[int, int]], cache: dict[str, str] | None) -> list[str]:
    """The search key of each word span (words repeat a lot: ``cache`` keeps them)."""
    memo: dict[str, str] = {} if cache is None else cache
    out = []
    for s, e in spans:
        word = text[s:e]
        key = memo.get(word)
        if key is None:
            key = memo[word] = "".join(key_words(word))
        out.append(key)
    return out


def highlight(
    text: str, atoms: tuple[Atom, ...], cache: dict[str, str] | None = None
) -> tuple[tuple[int, int], ...]:
    """Character spans of ``text`` (display form) where the query's atoms match."""
    spans = word_spans(text)
    keys = _keys(text, spans, cache)
    return tuple((spans[i][0], spans[j - 1][1]) for i, j in _matches(keys, atoms))


def snippet(
    text: str,
    atoms: tuple[Atom, ...],
    words: int = SNIPPET_WORDS,
    cache: dict[str, str] | None = None,
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A window of about ``words`` words of ``text`` around the most matches.

    Returns the snippet (display form, with ``…`` where it was cut) and the spans of
    the matches inside it.
    """
    spans = word_spans(text)
    if not spans:
        return text[:200], ()
    keys = _keys(text, spans, cache)
    found = _matches(keys, atoms)
    best, best_count = 0, -1
    starts = sorted({max(0, i - 3) for i, _ in found}) or [0]
    for start in starts:
        count = sum(1 for i, j in found if start <= i and j <= start + words)
        if count > best_count:
            best, best_count = start, count
    last = min(len(spans), best + words) - 1
    lo = 0 if best == 0 else spans[best][0]
    hi = len(text) if last == len(spans) - 1 else spans[last][1]
    pre = "" if lo == 0 else "…"
    post = "" if hi == len(text) else "…"
    shift = len(pre) - lo
    marks = tuple(
        (spans[i][0] + shift, spans[j - 1][1] + shift)
        for i, j in found
        if i >= best and j - 1 <= last
    )
    return pre + text[lo:hi].replace("\n", " ") + post, marks


# --- shared by the backends ---------------------------------------------------------


def entity_keys(analysis: dict[str, Any]) -> set[str]:
    """What an entity filter may name: entity ids, English names, Urdu search keys.

    Also ``label:surface`` (e.g. ``person:عمران خان``), the reader's key for entities
    without an id.
    """
    keys: set[str] = set()
    text = str(analysis.get("text", ""))
    for ent in analysis.get("entities", ()):
        try:
            start, end, label, ent_id, english = ent[:5]
            surface = index_text(text[int(start) : int(end)])
        except (TypeError, ValueError):
            continue
        if ent_id:
            keys.add(str(ent_id).casefold())
        if english:
            keys.add(str(english).casefold())
        if surface:
            keys.add(surface)
            keys.add(f"{str(label).casefold()}:{surface}")
    return keys


def entity_filter_keys(entity: str) -> list[str]:
    """The keys an entity filter value is looked up under."""
    keys = {entity.casefold(), index_text(entity)}
    label, sep, surface = entity.partition(":")
    if sep and label.strip():
        keys.add(f"{label.strip().casefold()}:{index_text(surface)}")
    return sorted(keys - {""})


def build_hits(
    rows: Sequence[Sequence[Any]],
    found: Mapping[int, Sequence[Any]],
    atoms: tuple[Atom, ...],
) -> tuple[Hit, ...]:
    """Hits for ranked rows ``(item_id, score, story, published, others, total)``.

    ``found`` maps an item id to ``(id, title, text, url, published, source, topic)``;
    both backends fetch those columns for the page of ranked ids, then call this.
    """
    cache: dict[str, str] = {}
    hits = []
    for item_id, score, story, _published, others, _total in rows:
        row = found.get(int(item_id))
        if row is None:
            continue
        _, title, body, url, published, source, topic = row
        hits.append(
            build_hit(
                int(item_id),
                title,
                body,
                atoms,
                float(score),
                source,
                url,
                published,
                story,
                topic,
                int(others),
                cache,
            )
        )
    return tuple(hits)


def build_hit(
    item_id: int,
    title: str,
    body: str,
    atoms: tuple[Atom, ...],
    score: float,
    source: str,
    url: str | None,
    published: str | datetime | None,
    story: str | None,
    topic: str | None,
    others: int,
    cache: dict[str, str] | None = None,
) -> Hit:
    """A hit with its title and snippet in the display form, matches highlighted.

    ``cache`` (word → search key) may be shared by the hits of one search.
    """
    title_d = display(title).strip()
    body_d = display(body).strip()
    snip, marks = snippet(body_d, atoms, cache=cache) if body_d else ("", ())
    when = datetime.fromisoformat(published) if isinstance(published, str) else published
    return Hit(
        item_id=item_id,
        title=title_d,
        snippet=snip,
        score=score,
        source=source,
        published=None if when is None else utc(when),
        url=url,
        story=story,
        topic=topic,
        highlights=marks,
        title_highlights=highlight(title_d, atoms, cache),
        others=others,
    )


__all__ = [
    "COUNT_CAP",
    "DEFAULT_LIMIT",
    "MAX_LIMIT",
    "MAX_QUERY_CHARS",
    "RANK_WINDOW",
    "Atom",
    "Clause",
    "Hit",
    "ParsedQuery",
    "SearchQuery",
    "SearchResult",
    "build_hit",
    "build_hits",
    "decode_cursor",
    "encode_cursor",
    "entity_filter_keys",
    "entity_keys",
    "highlight",
    "index_text",
    "key_words",
    "parse",
    "snippet",
    "to_fts5",
    "to_tsquery",
    "utc",
    "word_spans",
]
