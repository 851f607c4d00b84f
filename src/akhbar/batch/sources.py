"""Batch inputs: plan shards over WARC, JSON Lines, CSV and text-page directories, read them.

A ``Shard`` is a unit of work: a byte range of one file (gzip WARC, JSON Lines), a
whole file (plain WARC, CSV), or a run of files in a directory of pages. Paths are
local paths or fsspec URLs (``s3://``, ``gcs://``, ``memory://``, ...).

Reading a shard yields ``Raw`` records (an HTML page to extract, or title and text
already separated) and ``Problem`` values: drops (``Problem.error`` false: not Urdu,
not HTML, an HTTP error status) and errors (a truncated WARC, a gzip member that does
not decompress, a record without HTTP headers, a record over the size cap). The cheap
Urdu check runs on the raw bytes before anything is decoded or extracted. A bad
record never stops a shard: the reader resynchronizes at the next gzip member.

Range shards own the records that *start* inside ``[start, end)``; the reader of a
range reads past ``end`` to finish its last record, and the next range skips forward
to its first record boundary, like Hadoop's line splits.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, Any, Literal

from akhbar.errors import InputError

Format = Literal["warc", "jsonl", "csv", "pages"]

#: Letters used in Urdu but not in Arabic or Persian (ے ں ہ ٹ ڈ ڑ ھ ۓ), as UTF-8 bytes.
URDU_LETTERS = "\u06d2\u06ba\u06c1\u0679\u0688\u0691\u06be\u06d3"
_URDU_UTF8 = tuple(c.encode("utf-8") for c in URDU_LETTERS)
GZIP_MAGIC = b"\x1f\x8b\x08"
_PAGE_SUFFIXES = (".txt", ".html", ".htm")
_TEXT_FIELDS = ("text", "body", "content", "lede", "description", "summary")
_TITLE_FIELDS = ("title", "headline")
_DATE_FIELDS = ("published", "date", "datetime", "newsdate", "time")


@dataclass(frozen=True, slots=True)
class Limits:
    """What the readers accept: the record size cap and the cheap Urdu check's floor."""

    max_record_bytes: int = 10_000_000
    min_urdu_letters: int = 20


@dataclass(frozen=True, slots=True)
class Shard:
    """One unit of work: ``path`` read from ``start`` to ``end`` (bytes, or file indexes)."""

    id: str
    path: str
    format: Format
    start: int = 0
    end: int = -1  # -1: to the end of the file
    files: tuple[str, ...] = ()  # for ``pages``: the files of this shard
    rows: bool = False  # start and end count records (CSV rows, lines), not bytes

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (for the run's plan file)."""
        return {
            "id": self.id,
            "path": self.path,
            "format": self.format,
            "start": self.start,
            "end": self.end,
            "files": list(self.files),
            "rows": self.rows,
        }

    @staticmethod
    def from_json(data: dict[str, Any]) -> Shard:
        """The shard a ``to_json`` dict describes."""
        return Shard(
            id=str(data["id"]),
            path=str(data["path"]),
            format=data["format"],
            start=int(data["start"]),
            end=int(data["end"]),
            files=tuple(data.get("files", ())),
            rows=bool(data.get("rows", False)),
        )


@dataclass(frozen=True, slots=True)
class Raw:
    """One input record before extraction: an HTML page, or a title and a text."""

    ref: str
    url: str | None = None
    html: str | bytes | None = None  # a web page, for akhbar.ingest.web.extract_page
    charset: str | None = None  # the charset the HTTP headers declare for ``html``
    page: str | None = None  # a copied text page, for akhbar.ingest.pages.parse_text_page
    title: str = ""
    text: str = ""
    published: datetime | None = None
    fetched: datetime | None = None
    guid: str | None = None
    author: str | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """A record that was dropped (``error`` false) or could not be read (``error`` true)."""

    ref: str
    reason: str
    error: bool = False
    detail: str = ""


Record = Raw | Problem


# ----------------------------------------------------------------------------- planning


def detect_format(path: str) -> Format:
    """The input format a path names, from its suffix (a directory holds pages)."""
    fs, p = open_fs(path)
    if fs.isdir(p):
        return "pages"
    name = p.lower().removesuffix(".gz").removesuffix(".bz2")
    if name.endswith((".warc", ".arc")):
        return "warc"
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if name.endswith((".csv", ".tsv")):
        return "csv"
    raise InputError(f"{path}: unknown input format (want .warc[.gz], .jsonl, .csv or a dir)")


def plan_shards(
    inputs: list[str], *, shard_bytes: int = 64_000_000, records_per_shard: int = 1000
) -> list[Shard]:
    """Split the inputs into shards with stable ids, in input order.

    Gzip WARC and plain JSON Lines split into byte ranges of ``shard_bytes``; CSV and
    compressed JSON Lines into runs of ``records_per_shard`` records (each shard reads
    the file from the start and skips the records before its own); a directory into
    runs of ``records_per_shard`` files; a plain WARC stays whole.
    """
    if shard_bytes < 1 or records_per_shard < 1:
        raise InputError("shard sizes must be positive")
    shards: list[Shard] = []
    for given in inputs:
        # local paths are made absolute: workers may run in another directory
        path = given if "://" in given else os.path.abspath(given)
        fs, p = open_fs(path)
        if not fs.exists(p):
            raise InputError(f"{path}: no such file or directory")
        fmt = detect_format(path)
        tag = _tag(path)
        if fmt == "pages":
            files = sorted(
                f for f in fs.find(p) if f.lower().endswith(_PAGE_SUFFIXES) and fs.isfile(f)
            )
            for n, i in enumerate(range(0, len(files), records_per_shard)):
                part = tuple(files[i : i + records_per_shard])
                shards.append(Shard(f"{tag}-{n:05d}", path, "pages", i, i + len(part), part))
            continue
        if fmt == "csv" or (fmt == "jsonl" and _compressed(path)):
            count = _count_records(path, fmt)
            if count <= records_per_shard:
                shards.append(Shard(f"{tag}-00000", path, fmt))
                continue
            for n, start in enumerate(range(0, count, records_per_shard)):
                end = min(start + records_per_shard, count)
                shards.append(Shard(f"{tag}-{n:05d}", path, fmt, start, end, rows=True))
            continue
        size = int(fs.size(p) or 0)
        splittable = fmt == "jsonl" or (fmt == "warc" and _is_gzip(path))
        if not splittable or size <= shard_bytes:
            shards.append(Shard(f"{tag}-00000", path, fmt))
            continue
        for n, start in enumerate(range(0, size, shard_bytes)):
            end = min(start + shard_bytes, size)
            shards.append(Shard(f"{tag}-{n:05d}", path, fmt, start, end))
    ids = [s.id for s in shards]
    if len(set(ids)) != len(ids):
        raise InputError("the same input was given twice")
    return shards


def _count_records(path: str, fmt: Format) -> int:
    """How many records a CSV file (data rows) or a compressed JSON Lines file holds."""
    import fsspec

    with fsspec.open(path, "rb", compression="infer") as raw:
        if fmt == "jsonl":
            return sum(1 for _ in raw)
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")
        csv.field_size_limit(1 << 30)
        return max(0, sum(1 for _ in csv.reader(text, delimiter=_delimiter(path))) - 1)


def _delimiter(path: str) -> str:
    return "\t" if path.lower().removesuffix(".gz").endswith(".tsv") else ","


def _tag(path: str) -> str:
    """A short, stable, filename-safe tag for an input path."""
    stem = path.rstrip("/").rsplit("/", 1)[-1]
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in stem)[:40]
    return f"{safe}-{hashlib.sha1(path.encode()).hexdigest()[:8]}"


def open_fs(path: str) -> tuple[Any, str]:
    """The fsspec filesystem of a path or URL, and the path within it."""
    import fsspec

    fs, p = fsspec.core.url_to_fs(path)
    return fs, p


def _compressed(path: str) -> bool:
    return path.lower().endswith((".gz", ".bz2", ".xz", ".zst"))


def _is_gzip(path: str) -> bool:
    fs, p = open_fs(path)
    with fs.open(p, "rb") as f:
        return bool(f.read(3) == GZIP_MAGIC)


# ----------------------------------------------------------------------------- checks


def urdu_letters(data: bytes | str, limit: int = 0) -> int:
    """Count letters used in Urdu but not in Arabic or Persian (cheap, on raw UTF-8)."""
    total = 0
    if isinstance(data, str):
        for letter in URDU_LETTERS:
            total += data.count(letter)
            if limit and total >= limit:
                break
        return total
    for pattern in _URDU_UTF8:
        total += data.count(pattern)
        if limit and total >= limit:
            break
    return total


def short_error(exc: BaseException) -> str:
    """An exception as a short one-line detail."""
    return f"{type(exc).__name__}: {exc!r}"[:200]


def charset_of(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header."""
    if not content_type:
        return None
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ").lower()
    return None


def decode_page(data: bytes, charset: str | None) -> str:
    """Page bytes as text, the way ingest decodes them (akhbar.ingest.charset)."""
    from akhbar.ingest.charset import decode_body

    return decode_body(data, charset)[0]


def needed_letters(size: int, floor: int) -> int:
    """How many Urdu-only letters a record of ``size`` bytes or characters must have."""
    return min(floor, max(3, size // 100))


def enough_urdu(data: bytes, charset: str | None, floor: int) -> bool:
    """The cheap script check: on the raw bytes, decoding only pages that are not UTF-8."""
    floor = needed_letters(len(data), floor)
    if urdu_letters(data, floor) >= floor:
        return True
    from akhbar.ingest.charset import declared_charset

    declared = declared_charset(data, charset)
    if declared is None or declared.replace("-", "").replace("_", "") in {"utf8", "ascii"}:
        return False
    return urdu_letters(decode_page(data, charset), floor) >= floor


def record_date(value: object) -> datetime | None:
    """A record's date, parsed the way ingest parses dates (akhbar.ingest.dates)."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if not isinstance(value, str) or not value.strip():
        return None
    from akhbar.ingest.dates import parse_date

    return parse_date(value)


# ----------------------------------------------------------------------------- reading


def read_shard(shard: Shard, limits: Limits = Limits()) -> Iterator[Record]:
    """Every record of a shard, in order, as ``Raw`` or ``Problem``."""
    if shard.format == "warc":
        from akhbar.batch.warc import read_warc

        yield from read_warc(shard, limits)
    elif shard.format == "jsonl":
        yield from _read_jsonl(shard, limits)
    elif shard.format == "csv":
        yield from _read_csv(shard, limits)
    else:
        yield from _read_pages(shard, limits)


def _line_range(f: IO[bytes], start: int, end: int) -> Iterator[tuple[int, bytes]]:
    """Lines that start in ``[start, end)`` (``end`` -1: to the end), with their offsets."""
    pos = start
    f.seek(start)
    if start > 0:
        f.seek(start - 1)
        pos = start - 1 + len(f.readline())  # finish the line the previous range owns
    while end < 0 or pos < end:
        line = f.readline()
        if not line:
            return
        yield pos, line
        pos += len(line)


def _mapping_record(row: dict[str, Any], ref: str, limits: Limits) -> Record:
    """A JSON object or CSV row as a Raw record (fields found by their usual names)."""

    def first(names: tuple[str, ...]) -> str:
        for name in names:
            value = row.get(name)
            if isinstance(value, str) and value.strip():
                return value
        return ""

    html = row.get("html")
    title, text = first(_TITLE_FIELDS), first(_TEXT_FIELDS)
    sample = html if isinstance(html, str) and html else f"{title}\n{text}"
    if not sample.strip():
        return Problem(ref, "empty")
    floor = needed_letters(len(sample), limits.min_urdu_letters)
    if urdu_letters(sample, floor) < floor:
        return Problem(ref, "not-urdu-script")
    url = row.get("url") or row.get("link")
    guid = row.get("guid") or row.get("id")
    return Raw(
        ref,
        url=str(url) if url else None,
        html=html if isinstance(html, str) and html else None,
        title=title,
        text=text,
        published=record_date(next((row[k] for k in _DATE_FIELDS if row.get(k)), None)),
        guid=str(guid) if guid not in (None, "") else None,
        author=str(row["author"]) if row.get("author") else None,
        source=str(row["source"]) if row.get("source") else None,
    )


def _read_jsonl(shard: Shard, limits: Limits) -> Iterator[Record]:
    import fsspec

    name = shard.path.rstrip("/").rsplit("/", 1)[-1]
    with fsspec.open(shard.path, "rb", compression="infer") as f:
        lines = _line_range(f, 0, -1) if shard.rows else _line_range(f, shard.start, shard.end)
        for n, (offset, line) in enumerate(lines):
            if shard.rows and n < shard.start:
                continue
            if shard.rows and shard.end >= 0 and n >= shard.end:
                return
            ref = f"{name}@{offset}"
            if len(line) > limits.max_record_bytes:
                yield Problem(ref, "record-too-large", True, f"{len(line)} bytes")
                continue
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as exc:
                yield Problem(ref, "bad-json", True, short_error(exc))
                continue
            if not isinstance(row, dict):
                yield Problem(ref, "bad-json", True, "not an object")
                continue
            yield _mapping_record(row, ref, limits)


def _read_csv(shard: Shard, limits: Limits) -> Iterator[Record]:
    import fsspec

    name = shard.path.rstrip("/").rsplit("/", 1)[-1]
    csv.field_size_limit(max(limits.max_record_bytes, 131072))
    first, last = (shard.start, shard.end) if shard.rows else (0, -1)
    with fsspec.open(shard.path, "rb", compression="infer") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")
        reader = csv.DictReader(text, delimiter=_delimiter(name))
        n = 0
        while last < 0 or n < last:
            n += 1
            ref = f"{name}:{n}"
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                if n > first:
                    yield Problem(ref, "bad-csv", True, short_error(exc))
                continue
            if n <= first:
                continue
            if None in row:
                row.pop(None)
            yield _mapping_record(row, ref, limits)


def _read_pages(shard: Shard, limits: Limits) -> Iterator[Record]:
    """Text pages (parsed later as ingest parses them) and HTML pages, one per file."""
    fs, _ = open_fs(shard.path)
    for path in shard.files:
        ref = path.rsplit("/", 1)[-1]
        try:
            size = int(fs.size(path) or 0)
            if size > limits.max_record_bytes:
                yield Problem(ref, "record-too-large", True, f"{size} bytes")
                continue
            data = fs.cat_file(path)
        except OSError as exc:
            yield Problem(ref, "unreadable", True, short_error(exc))
            continue
        if not enough_urdu(data, None, limits.min_urdu_letters):
            yield Problem(ref, "not-urdu-script")
            continue
        text = decode_page(data, None).lstrip("\ufeff")
        if path.lower().endswith((".html", ".htm")):
            yield Raw(ref, html=text)
            continue
        yield Raw(ref, page=text)
