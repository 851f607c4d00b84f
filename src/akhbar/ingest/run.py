"""Ingest orchestration: targets (files, folders, URLs) → items in the store, once.

For each target: read or fetch it, detect its format, parse and adapt it to items,
store them in batches (each batch one transaction, so a killed run loses at most the
batch in flight and a rerun stores each item exactly once), keep rejects with their
reasons, record the fetch attempt, and hand new items to ``akhbar.desk.process_new``.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from akhbar.errors import AkhbarError, ParseError
from akhbar.ingest.detect import Format, detect_format
from akhbar.ingest.feeds import parse_feed
from akhbar.ingest.fetch import Fetcher, FetchOptions, FetchResult
from akhbar.ingest.opml import parse_opml
from akhbar.ingest.pages import parse_text_page
from akhbar.ingest.social import (
    ColumnMap,
    parse_csv,
    parse_jsonl,
    parse_telegram,
    parse_tweets,
    telegram_source,
)
from akhbar.ingest.web import extract_page, page_source
from akhbar.model import Item, Source, SourceType
from akhbar.store.base import FetchRecord, Reject, SourceRecord, Store

MAX_FILE_BYTES = 1024 * 1024 * 1024
POLLED_KINDS = frozenset({"feed", "page"})


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """How to ingest: the fetch limits, where items go, how they are read."""

    fetch: FetchOptions = field(default_factory=FetchOptions)
    source: str | None = None  # put every item under this source key
    source_type: SourceType | None = None  # type of sources created by this run
    format: Format | None = None  # skip detection
    mapping: ColumnMap = field(default_factory=ColumnMap)
    batch_size: int = 500
    same_language: bool = True  # reject items whose language is not the source's
    process: bool = True  # call akhbar.desk.process_new on new items
    interval: timedelta = timedelta(minutes=15)  # polling interval of feeds
    max_backoff: timedelta = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class TargetResult:
    """What happened to one target."""

    target: str
    source: str | None
    status: str  # ok, not-modified, error
    new: int = 0
    seen: int = 0
    rejected: int = 0
    error: str | None = None
    problem: str | None = None
    new_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class IngestReport:
    """The results of a run, target by target, with totals."""

    results: tuple[TargetResult, ...]

    @property
    def new(self) -> int:
        return sum(r.new for r in self.results)

    @property
    def seen(self) -> int:
        return sum(r.seen for r in self.results)

    @property
    def rejected(self) -> int:
        return sum(r.rejected for r in self.results)

    @property
    def errors(self) -> tuple[TargetResult, ...]:
        return tuple(r for r in self.results if r.status == "error")


@dataclass(frozen=True, slots=True)
class Parsed:
    """Items and rejects parsed from one input, with the source they belong to."""

    source: Source
    items: tuple[Item, ...]
    rejects: tuple[Reject, ...] = ()
    problem: str | None = None
    kind: str = "file"


def is_url(target: str) -> bool:
    """True for http(s) URLs."""
    return target.startswith(("http://", "https://"))


def expand_targets(targets: Iterable[str]) -> Iterator[str]:
    """URLs as given; files as given; folders as the files inside them, sorted."""
    for target in targets:
        path = Path(target)
        if not is_url(target) and path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(p.startswith(".") for p in child.relative_to(path).parts)
                if child.is_file() and not hidden:
                    yield str(child)
        else:
            yield target


def _now() -> datetime:
    return datetime.now(UTC)


def _existing(store: Store, key: str, fallback: Source) -> Source:
    record = store.source(key)
    return record.source if record is not None else fallback


def parse_input(
    store: Store,
    data: bytes,
    *,
    name: str,
    options: IngestOptions,
    url: str | None = None,
    content_type: str = "",
    charset: str | None = None,
    fetched: datetime | None = None,
) -> Parsed:
    """Detect the format of ``data`` and parse it into items of the right source."""
    fmt = options.format or detect_format(name, data[:65536], content_type)
    default_type: SourceType = options.source_type or "other"
    fixed = (
        _existing(store, options.source, Source(options.source, options.source, default_type))
        if (options.source)
        else None
    )
    file_key = url or f"file:{Path(name).resolve()}"
    file_source = fixed or _existing(
        store, file_key, Source(file_key, url or Path(name).name, default_type, url)
    )
    if fmt == "binary":
        raise ParseError(f"{name}: binary content ({content_type or 'not text'}), not news")
    if fmt == "feed":
        source = fixed or _existing(store, file_key, Source(file_key, file_key, default_type, url))
        feed = parse_feed(data, source, url=url, charset=charset, fetched=fetched)
        items = feed.items
        if not fixed and store.source(source.key) is None and feed.title:
            old, source = source.name, dataclasses.replace(source, name=feed.title)
            items = tuple(
                dataclasses.replace(i, source_name=feed.title) if i.source_name == old else i
                for i in items
            )
        problem = feed.problem
        if feed.bad_dates:
            problem = "; ".join(filter(None, [problem, f"{feed.bad_dates} unreadable date(s)"]))
        return Parsed(source, items, feed.rejects, problem, "feed" if url else "file")
    if fmt == "page":
        item = extract_page(data, url, None, charset=charset, fetched=fetched)
        if fixed or not url:
            source = fixed or file_source
        else:  # a page fetched on its own belongs to the site of its canonical URL
            guess = page_source(item.url or url)
            source = _existing(store, guess.key, dataclasses.replace(guess, type=default_type))
        item = dataclasses.replace(
            item, source=source.key, source_type=source.type, source_name=source.name
        )
        return Parsed(source, (item,), kind="site" if url else "file")
    if fmt == "text":
        from akhbar.ingest.charset import decode_body

        text = decode_body(data, charset)[0]
        return Parsed(
            file_source, tuple(parse_text_page(text, file_source, url=url, fetched=fetched))
        )
    if fmt == "telegram":
        guess = telegram_source(data)
        source = fixed or _existing(store, guess.key, guess)
        posts = parse_telegram(data, source, fetched=fetched)
    elif fmt == "tweets":
        source = fixed or dataclasses.replace(file_source, type="social")
        posts = parse_tweets(data, source, fetched=fetched)
    elif fmt == "jsonl":
        source = fixed or dataclasses.replace(file_source, type="social")
        posts = parse_jsonl(data, source, options.mapping, fetched=fetched)
    elif fmt == "csv":
        source = fixed or dataclasses.replace(file_source, type="social")
        posts = parse_csv(data, source, options.mapping, fetched=fetched)
    else:
        raise ParseError(f"{name}: {fmt} cannot be ingested as items")
    social = source if fixed else dataclasses.replace(source, type="social")
    return Parsed(social, posts.items, posts.rejects)


LANGUAGE_MIN_CHARS = 100  # shorter items are too short to refuse on their language


def _language_rejects(parsed: Parsed) -> Parsed:
    """Move items confidently in another language than their source's to the rejects."""
    keep: list[Item] = []
    rejects = list(parsed.rejects)
    want = parsed.source.language.split("-")[0]
    for item in parsed.items:
        lang = (item.language or "").split("-")[0]
        long_enough = len(item.title) + len(item.text) >= LANGUAGE_MIN_CHARS
        if lang and want and lang != want and long_enough:
            what = item.title or item.text
            rejects.append(
                Reject(
                    parsed.source.key,
                    f"language {item.language}, not {want}: {what[:60]!r}",
                    (item.url or what)[:2000],
                )
            )
        else:
            keep.append(item)
    return dataclasses.replace(parsed, items=tuple(keep), rejects=tuple(rejects))


def _batches(items: Sequence[Item], size: int) -> Iterator[Sequence[Item]]:
    for start in range(0, len(items), max(1, size)):
        yield items[start : start + size]


class DeskHandle:
    """The desk of one run, opened on first use, so its story index is built once."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._desk: Any = None

    def process(self, item_ids: Sequence[int]) -> None:
        """Hand new items to ``akhbar.desk.process_new`` with this run's desk."""
        from akhbar import desk

        if self._desk is None:
            self._desk = desk.open_desk(self.store)
        desk.process_new(self.store, item_ids, desk=self._desk)


def store_parsed(
    store: Store,
    parsed: Parsed,
    options: IngestOptions,
    target: str,
    desk: DeskHandle | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> TargetResult:
    """Store a parse result in batches; return what happened.

    ``progress(done, total)`` is called after each batch with the items handled so far.
    """
    if store.source(parsed.source.key) is None:
        store.upsert_source(parsed.source, kind=parsed.kind)
    if options.same_language:
        parsed = _language_rejects(parsed)
    store.record_rejects(parsed.rejects)
    new_ids: list[int] = []
    seen = 0
    problem = parsed.problem
    for batch in _batches(parsed.items, options.batch_size):
        added = store.add_items(batch)
        new_ids.extend(added.new_ids)
        seen += added.seen
        if progress is not None:
            progress(len(new_ids) + seen, len(parsed.items))
        if options.process and added.new_ids:
            try:
                (desk or DeskHandle(store)).process(added.new_ids)
            except Exception as exc:  # items are stored: report, go on
                failed = f"analysis failed: {type(exc).__name__}: {exc}"
                if failed not in (problem or ""):
                    problem = f"{problem}; {failed}" if problem else failed
    return TargetResult(
        target=target,
        source=parsed.source.key,
        status="ok",
        new=len(new_ids),
        seen=seen,
        rejected=len(parsed.rejects),
        problem=problem,
        new_ids=tuple(new_ids),
    )


def _describe(exc: BaseException) -> str:
    """The message of an expected failure; the type too for an unexpected one (a bug)."""
    if isinstance(exc, AkhbarError | OSError):
        return str(exc)
    return f"unexpected {type(exc).__name__}: {exc}"


def _next_poll(options: IngestOptions, failures: int, now: datetime) -> datetime:
    wait: timedelta = min(options.interval * (2 ** min(failures, 16)), options.max_backoff)
    return now + wait


def ingest_url(
    store: Store,
    fetcher: Fetcher,
    url: str,
    options: IngestOptions,
    desk: DeskHandle | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> TargetResult:
    """Fetch a URL (conditionally, for a known source) and ingest what it holds."""
    record: SourceRecord | None = store.source(options.source or url)
    key = record.source.key if record else (options.source or url)
    now = _now()
    try:
        result: FetchResult = fetcher.get(
            url,
            etag=record.etag if record else None,
            last_modified=record.last_modified if record else None,
        )
        if result.not_modified:
            out = TargetResult(url, key, "not-modified")
        else:
            parsed = parse_input(
                store,
                result.content,
                name=url,
                url=url,
                options=options,
                content_type=result.content_type,
                charset=result.charset,
                fetched=now,
            )
            key = parsed.source.key
            out = store_parsed(store, parsed, options, url, desk, progress)
    except Exception as exc:  # one bad source must not stop a run; the error is reported
        out = TargetResult(url, key, "error", error=_describe(exc))
        store.record_fetch(FetchRecord(key, now, "error", out.error))
        if record is not None:
            store.update_poll_state(
                key,
                etag=record.etag,
                last_modified=record.last_modified,
                failures=record.failures + 1,
                next_poll=_next_poll(options, record.failures + 1, now),
            )
        return out
    store.record_fetch(FetchRecord(key, now, out.status, out.problem, out.new, out.seen))
    polled = record if record is not None and record.source.key == key else store.source(key)
    if polled is not None and polled.kind in POLLED_KINDS:
        store.update_poll_state(
            key,
            etag=result.etag,
            last_modified=result.last_modified,
            failures=0,
            next_poll=_next_poll(options, 0, now),
        )
    return out


def ingest_file(
    store: Store,
    path: str,
    options: IngestOptions,
    desk: DeskHandle | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> TargetResult:
    """Read a local file and ingest what it holds."""
    now = _now()
    key = options.source or f"file:{Path(path).resolve()}"
    try:
        file = Path(path)
        if not file.is_file():
            raise ParseError(f"{path}: no such file")
        if file.stat().st_size > MAX_FILE_BYTES:
            raise ParseError(f"{path}: larger than {MAX_FILE_BYTES:,} bytes")
        data = file.read_bytes()
        fmt = options.format or detect_format(path, data[:65536])
        if fmt == "opml":
            return _ingest_opml(store, data, path, options)
        parsed = parse_input(store, data, name=path, options=options, fetched=now)
        key = parsed.source.key
        out = store_parsed(store, parsed, options, path, desk, progress)
    except Exception as exc:  # one bad file must not stop a run; the error is reported
        store.record_fetch(FetchRecord(key, now, "error", _describe(exc)))
        return TargetResult(path, key, "error", error=_describe(exc))
    store.record_fetch(FetchRecord(key, now, "ok", out.problem, out.new, out.seen))
    return out


def _ingest_opml(store: Store, data: bytes, path: str, options: IngestOptions) -> TargetResult:
    sources = parse_opml(data, options.source_type or "other")
    for source in sources:
        if store.source(source.key) is None:
            store.upsert_source(source, kind="feed")
    return TargetResult(path, None, "ok", problem=f"{len(sources)} feed(s) registered")


def ingest_paths(
    store: Store,
    targets: Iterable[str],
    options: IngestOptions | None = None,
    *,
    on_result: Callable[[TargetResult], None] | None = None,
    on_batch: Callable[[str, int, int], None] | None = None,
    desk: DeskHandle | None = None,
) -> IngestReport:
    """Ingest files, folders and URLs into the store; one result per file or URL.

    ``on_result`` hears of each target when it is done, ``on_batch(target, done, total)``
    of each stored batch. Pass a ``DeskHandle`` to share one desk (and its story index)
    across several calls.
    """
    options = options or IngestOptions()
    results: list[TargetResult] = []
    fetcher: Fetcher | None = None
    desk = desk or DeskHandle(store)
    try:
        for target in expand_targets(targets):
            progress = None
            if on_batch is not None:
                progress = functools.partial(on_batch, target)
            if is_url(target):
                fetcher = fetcher or Fetcher(options.fetch)
                result = ingest_url(store, fetcher, target, options, desk, progress)
            else:
                result = ingest_file(store, target, options, desk, progress)
            results.append(result)
            if on_result is not None:
                on_result(result)
    finally:
        if fetcher is not None:
            fetcher.close()
    return IngestReport(tuple(results))


def due_sources(store: Store, now: datetime | None = None) -> list[SourceRecord]:
    """Sources to poll now: feeds and pages with a URL whose next poll has come."""
    now = now or _now()
    return [
        r
        for r in store.sources()
        if r.kind in POLLED_KINDS and r.source.url and (r.next_poll is None or r.next_poll <= now)
    ]


def poll_once(
    store: Store,
    fetcher: Fetcher,
    options: IngestOptions,
    *,
    on_result: Callable[[TargetResult], None] | None = None,
    desk: DeskHandle | None = None,
) -> IngestReport:
    """Poll every due source once."""
    results: list[TargetResult] = []
    desk = desk or DeskHandle(store)
    for record in due_sources(store):
        url = record.source.url or record.source.key
        opts = dataclasses.replace(options, source=record.source.key)
        result = ingest_url(store, fetcher, url, opts, desk)
        results.append(result)
        if on_result is not None:
            on_result(result)
    return IngestReport(tuple(results))


def next_wake(store: Store, default: timedelta) -> datetime:
    """When the next polled source falls due."""
    times = [
        r.next_poll
        for r in store.sources()
        if r.kind in POLLED_KINDS and r.source.url and r.next_poll is not None
    ]
    soonest: datetime = min(times) if times else _now() + default
    return soonest


def run_poller(
    store: Store,
    options: IngestOptions,
    *,
    should_stop: Callable[[float], bool],
    once: bool = False,
    on_result: Callable[[TargetResult], None] | None = None,
) -> IngestReport:
    """Poll sources on their schedule until ``should_stop(seconds)`` (which waits up to
    that long) returns True; with ``once``, poll what is due once and return."""
    results: list[TargetResult] = []
    desk = DeskHandle(store)
    with Fetcher(options.fetch) as fetcher:
        while True:
            report = poll_once(store, fetcher, options, on_result=on_result, desk=desk)
            results.extend(report.results)
            if once:
                break
            wait = (next_wake(store, options.interval) - _now()).total_seconds()
            if should_stop(min(max(wait, 1.0), 60.0)):
                break
    return IngestReport(tuple(results))


def fetch_error_line(result: TargetResult) -> str:
    """One clear line for a failed target, naming its source."""
    name = result.source or result.target
    return f"error: {name}: {result.error}" if result.error else f"{name}: {result.status}"


__all__ = [
    "DeskHandle",
    "IngestOptions",
    "IngestReport",
    "TargetResult",
    "due_sources",
    "ingest_file",
    "ingest_paths",
    "ingest_url",
    "parse_input",
    "poll_once",
    "run_poller",
]
