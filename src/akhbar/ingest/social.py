"""Social-media exports: Telegram ``result.json``, X/Twitter ``tweets.js``, JSON Lines
and CSV with a column mapping. Every post keeps its author, time and URL, and the
source type ``social``.

>>> m = ColumnMap.parse("text=message,published=when")
>>> (m.text, m.published, m.url)
('message', 'when', None)
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from html import unescape
from typing import Any

from akhbar.errors import InputError, ParseError
from akhbar.ingest.charset import decode_body
from akhbar.ingest.dates import parse_date
from akhbar.ingest.identity import make_item
from akhbar.model import Item, Source
from akhbar.store.base import Reject

_GUESS: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "message", "full_text", "tweet", "lede", "summary"),
    "title": ("title", "headline"),
    "url": ("url", "link", "permalink", "href"),
    "author": ("author", "user", "username", "screen_name", "from", "channel"),
    "published": ("published", "date", "created_at", "time", "timestamp", "datetime"),
    "id": ("id", "guid", "post_id", "message_id", "id_str"),
}


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Which column holds each field of a post; None means guess from common names."""

    text: str | None = None
    title: str | None = None
    url: str | None = None
    author: str | None = None
    published: str | None = None
    id: str | None = None

    @classmethod
    def parse(cls, spec: str | None) -> ColumnMap:
        """A map from ``field=column,field=column`` (fields: text title url author
        published id)."""
        if not spec:
            return cls()
        values: dict[str, str] = {}
        for part in spec.split(","):
            field, sep, column = part.partition("=")
            field = field.strip()
            if not sep or field not in _GUESS or not column.strip():
                raise InputError(f"bad column mapping {part!r}: use field=column, fields {_GUESS}")
            values[field] = column.strip()
        return cls(**values)

    def resolve(self, columns: Iterable[str]) -> dict[str, str | None]:
        """Field → column for these columns, guessing the fields not given."""
        lower = {c.lower().strip(): c for c in columns}
        out: dict[str, str | None] = {}
        for field, names in _GUESS.items():
            given = getattr(self, field)
            out[field] = given or next((lower[n] for n in names if n in lower), None)
        return out


@dataclass(frozen=True, slots=True)
class ParsedPosts:
    """Posts of an export, the records that could not be read, and the export's name."""

    items: tuple[Item, ...]
    rejects: tuple[Reject, ...]
    name: str | None = None


def _social(source: Source) -> Source:
    return source if source.type == "social" else dataclasses.replace(source, type="social")


def _time(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, int | float) or (isinstance(value, str) and value.isdigit()):
        number = float(value)
        if number > 1e11:  # milliseconds
            number /= 1000
        try:
            return datetime.fromtimestamp(number, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value)
    try:
        return datetime.strptime(text, "%a %b %d %H:%M:%S %z %Y")  # Twitter's format
    except ValueError:
        return parse_date(text)


def _load_json(data: bytes | str) -> Any:
    text = decode_body(data)[0] if isinstance(data, bytes) else data
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(f"not JSON: {exc}") from exc


# -- Telegram -----------------------------------------------------------------------


def _telegram_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(
            part if isinstance(part, str) else str(part.get("text", ""))
            for part in value
            if isinstance(part, str | dict)
        )
    return ""


def telegram_source(data: bytes | str) -> Source:
    """The source a Telegram export describes: ``telegram:<id>``, typed social."""
    export = _load_json(data)
    if not isinstance(export, dict) or "messages" not in export:
        raise ParseError("not a Telegram export: no 'messages' list")
    ident = export.get("id") or export.get("name") or "channel"
    return Source(key=f"telegram:{ident}", name=str(export.get("name") or ident), type="social")


def parse_telegram(
    data: bytes | str, source: Source, *, fetched: datetime | None = None
) -> ParsedPosts:
    """Posts of a Telegram channel export (``result.json`` from Telegram Desktop)."""
    export = _load_json(data)
    if not isinstance(export, dict) or not isinstance(export.get("messages"), list):
        raise ParseError(f"{source.key}: not a Telegram export: no 'messages' list")
    source = _social(source)
    chat = export.get("id") or export.get("name") or source.key
    base = source.url.rstrip("/") if source.url and "t.me/" in source.url else None
    items: list[Item] = []
    rejects: list[Reject] = []
    for message in export["messages"]:
        if not isinstance(message, dict):
            rejects.append(Reject(source.key, "message is not an object", str(message)[:500]))
            continue
        mid = message.get("id")
        raw = json.dumps(message, ensure_ascii=False)[:2000]
        if message.get("type", "message") != "message":
            rejects.append(Reject(source.key, f"message {mid}: service message, not a post", raw))
            continue
        text = _telegram_text(message.get("text"))
        if not text.strip():
            rejects.append(Reject(source.key, f"message {mid}: no text (media only)", raw))
            continue
        published = _time(message.get("date_unixtime")) or _time(message.get("date"))
        items.append(
            make_item(
                source,
                text=text,
                kind="post",
                guid=f"telegram:{chat}:{mid}" if mid is not None else None,
                url=f"{base}/{mid}" if base and mid is not None else None,
                published=published,
                author=str(message.get("author") or message.get("from") or "") or None,
                fetched=fetched,
            )
        )
    return ParsedPosts(tuple(items), tuple(rejects), export.get("name"))


# -- X / Twitter --------------------------------------------------------------------


def _tweets_json(data: bytes | str) -> Any:
    text = decode_body(data)[0] if isinstance(data, bytes) else data
    start = text.find("[")
    if start < 0:
        raise ParseError("not an X/Twitter archive: no JSON array")
    try:
        return json.loads(text[start:].rstrip().rstrip(";"))
    except json.JSONDecodeError as exc:
        raise ParseError(f"not an X/Twitter archive: {exc}") from exc


def _tweet_author(tweet: Mapping[str, Any], source: Source) -> str | None:
    user = tweet.get("user")
    if isinstance(user, dict) and user.get("screen_name"):
        return "@" + str(user["screen_name"]).lstrip("@")
    # an archive's tweets.js does not name its account; the source may (not a file name)
    return None if source.name.endswith(".js") else source.name


def parse_tweets(
    data: bytes | str, source: Source, *, fetched: datetime | None = None
) -> ParsedPosts:
    """Posts of an X/Twitter archive's ``tweets.js`` (``window.YTD.tweets.part0 = [...]``)."""
    records = _tweets_json(data)
    if not isinstance(records, list):
        raise ParseError(f"{source.key}: not an X/Twitter archive: no list of tweets")
    source = _social(source)
    items: list[Item] = []
    rejects: list[Reject] = []
    for record in records:
        tweet = record.get("tweet", record) if isinstance(record, dict) else None
        raw = json.dumps(record, ensure_ascii=False)[:2000]
        if not isinstance(tweet, dict):
            rejects.append(Reject(source.key, "record is not a tweet object", raw))
            continue
        tid = tweet.get("id_str") or tweet.get("id")
        text = unescape(str(tweet.get("full_text") or tweet.get("text") or ""))
        for link in (tweet.get("entities") or {}).get("urls", ()) or ():
            if link.get("url") and link.get("expanded_url"):
                text = text.replace(link["url"], link["expanded_url"])
        if not text.strip():
            rejects.append(Reject(source.key, f"tweet {tid}: no text", raw))
            continue
        items.append(
            make_item(
                source,
                text=text,
                kind="post",
                guid=f"x:{tid}" if tid else None,
                url=f"https://x.com/i/web/status/{tid}" if tid else None,
                published=_time(tweet.get("created_at")),
                author=_tweet_author(tweet, source),
                fetched=fetched,
            )
        )
    return ParsedPosts(tuple(items), tuple(rejects))


# -- JSON Lines and CSV --------------------------------------------------------------


def _records_to_posts(
    records: Iterable[tuple[int, Mapping[str, Any] | None, str]],
    source: Source,
    mapping: ColumnMap,
    fetched: datetime | None,
) -> ParsedPosts:
    source = _social(source)
    items: list[Item] = []
    rejects: list[Reject] = []
    resolved: dict[str, str | None] | None = None
    for line, record, raw in records:
        if record is None:
            rejects.append(Reject(source.key, f"line {line}: not a JSON object", raw[:2000]))
            continue
        if resolved is None:
            resolved = mapping.resolve(record.keys())
            if resolved["text"] is None and resolved["title"] is None:
                raise ParseError(
                    f"{source.key}: no text or title column among {sorted(record)}"
                    " (give a mapping such as --map text=COLUMN)"
                )

        def get(
            field: str, rec: Mapping[str, Any] = record, cols: dict[str, str | None] = resolved
        ) -> Any:
            column = cols[field]
            return rec.get(column) if column else None

        text = str(get("text") or "")
        title = str(get("title") or "")
        if not (text.strip() or title.strip()):
            rejects.append(Reject(source.key, f"line {line}: no text", raw[:2000]))
            continue
        ident = get("id")
        try:
            items.append(
                make_item(
                    source,
                    title=title,
                    text=text,
                    kind="post",
                    guid=str(ident) if ident not in (None, "") else None,
                    url=str(get("url") or "") or None,
                    published=_time(get("published")),
                    author=str(get("author") or "") or None,
                    fetched=fetched,
                )
            )
        except InputError as exc:
            rejects.append(Reject(source.key, f"line {line}: {exc}", raw[:2000]))
    return ParsedPosts(tuple(items), tuple(rejects))


def parse_jsonl(
    data: bytes | str,
    source: Source,
    mapping: ColumnMap | None = None,
    *,
    fetched: datetime | None = None,
) -> ParsedPosts:
    """Posts of a JSON Lines file, one object a line; broken lines become rejects."""
    text = decode_body(data)[0] if isinstance(data, bytes) else data

    def records() -> Iterable[tuple[int, Mapping[str, Any] | None, str]]:
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError:
                value = None
            yield n, value if isinstance(value, dict) else None, line

    return _records_to_posts(records(), source, mapping or ColumnMap(), fetched)


def parse_csv(
    data: bytes | str,
    source: Source,
    mapping: ColumnMap | None = None,
    *,
    fetched: datetime | None = None,
) -> ParsedPosts:
    """Posts of a CSV (or TSV) file with a header row."""
    text = decode_body(data)[0] if isinstance(data, bytes) else data
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    if not reader.fieldnames:
        raise ParseError(f"{source.key}: CSV without a header row")

    def records() -> Iterable[tuple[int, Mapping[str, Any] | None, str]]:
        for n, row in enumerate(reader, start=2):
            yield (
                n,
                {k: v for k, v in row.items() if k is not None},
                json.dumps(row, ensure_ascii=False),
            )

    return _records_to_posts(records(), source, mapping or ColumnMap(), fetched)
