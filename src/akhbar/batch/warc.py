"""Reading WARC shards with warcio, resynchronizing after damage.

A range shard owns the records whose gzip member starts inside ``[start, end)``. A
damaged member (bad gzip data, a truncated record, a record that is not WARC) is
reported as an error with its offset, and reading goes on at the next gzip member
that decompresses to a WARC header (the next ``WARC/1.x`` line in a plain WARC).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import IO, Any

from akhbar.batch.sources import (
    GZIP_MAGIC,
    Limits,
    Problem,
    Raw,
    Record,
    Shard,
    charset_of,
    decode_page,
    enough_urdu,
    open_fs,
    record_date,
    short_error,
)


def read_warc(shard: Shard, limits: Limits) -> Iterator[Record]:
    """Every record of a WARC shard: pages, drops and errors (the archive is resynced)."""
    fs, p = open_fs(shard.path)
    name = p.rsplit("/", 1)[-1]
    size = int(fs.size(p) or 0)
    with fs.open(p, "rb") as f:
        gz = f.read(3) == GZIP_MAGIC
        end = shard.end if shard.end >= 0 else None
        pos: int | None = shard.start if shard.start == 0 else _next_member(f, shard.start, end)
        while pos is not None and (end is None or pos < end):
            f.seek(pos)
            resume_from = None
            for rec in _warc_from(f, pos, end, name, limits, size):
                if isinstance(rec, int):
                    resume_from = rec
                    break
                yield rec
            if resume_from is None:
                return
            # The archive is broken at ``resume_from``: find the next record and go on.
            pos = (_next_member if gz else _next_plain_record)(f, resume_from + 1, end)


def _warc_from(
    f: IO[bytes], pos: int, end: int | None, name: str, limits: Limits, size: int
) -> Iterator[Record | int]:
    """Records from ``pos``; on a broken archive yield a ``Problem`` then its offset."""
    from warcio.archiveiterator import ArchiveIterator

    it = ArchiveIterator(f)
    while True:
        offset = int(it.offset)
        ref = f"{name}@{offset}"
        try:
            record = next(it)
        except StopIteration:
            rest = int(it.offset)
            if rest < size and (end is None or rest < end):  # bytes left that hold no record
                yield Problem(f"{name}@{rest}", "truncated-warc", True, f"{size - rest} bytes")
                yield rest
            return
        except Exception as exc:
            offset = max(offset, int(it.offset))  # the record that failed, if it got that far
            yield Problem(f"{name}@{offset}", _warc_reason(exc), True, short_error(exc))
            yield offset
            return
        offset = int(it.offset)
        ref = f"{name}@{offset}"
        if end is not None and offset >= end:
            return
        try:
            out = _warc_record(record, ref, limits)
            if out is not None:
                yield out
        except Exception as exc:
            yield Problem(ref, _warc_reason(exc), True, short_error(exc))
            yield offset
            return


def _warc_record(record: Any, ref: str, limits: Limits) -> Record | None:
    """One WARC record as a Raw page or a Problem; ``None`` for request/metadata records."""
    kind = record.rec_type
    if kind not in {"response", "resource", "conversion"}:
        return None
    headers = record.rec_headers
    url = headers.get_header("WARC-Target-URI")
    fetched = record_date(headers.get_header("WARC-Date"))
    declared = int(headers.get_header("Content-Length") or 0)
    if declared > limits.max_record_bytes:
        return Problem(ref, "record-too-large", True, f"{declared} bytes")
    content_type = None
    if kind == "response":
        http = record.http_headers
        if http is None or not str(http.protocol).upper().startswith("HTTP/"):
            return Problem(ref, "no-http-headers", True)
        status = http.get_statuscode()
        if not status.isdigit():
            return Problem(ref, "no-http-headers", True, f"status line {status[:40]!r}")
        if not status.startswith("2"):
            return Problem(ref, f"http-{status}")
        content_type = http.get_header("Content-Type")
    else:
        content_type = headers.get_header("Content-Type")
    if content_type and "html" not in content_type.lower() and "text" not in content_type.lower():
        return Problem(ref, "not-html", False, content_type[:80])
    data = record.content_stream().read(limits.max_record_bytes + 1)
    if len(data) > limits.max_record_bytes:
        return Problem(ref, "record-too-large", True, f"> {limits.max_record_bytes} bytes")
    record.raw_stream.read()  # to the end, so that a short record shows as truncated
    if getattr(record.raw_stream, "limit", 0) > 0:
        return Problem(ref, "truncated-record", True, f"{record.raw_stream.limit} bytes missing")
    charset = charset_of(content_type)
    if not enough_urdu(data, charset, limits.min_urdu_letters):
        return Problem(ref, "not-urdu-script")
    if content_type and "html" not in content_type.lower():
        return Raw(ref, url=url, page=decode_page(data, charset), fetched=fetched)
    return Raw(ref, url=url, html=data, charset=charset, fetched=fetched)


def _warc_reason(exc: BaseException) -> str:
    if isinstance(exc, zlib.error | EOFError) or "gzip" in str(exc).lower():
        return "bad-gzip"
    name = type(exc).__name__
    if name == "ArchiveLoadFailed":
        return "bad-gzip" if "\\x1f\\x8b" in repr(str(exc)) else "bad-warc-record"
    if name == "StatusAndHeadersParserException":
        return "no-http-headers"
    return "bad-warc-record"


def _next_member(f: IO[bytes], start: int, end: int | None) -> int | None:
    """The offset of the first gzip member at or after ``start`` that holds a WARC record."""
    chunk = 1 << 16
    pos = start
    while end is None or pos < end:
        f.seek(pos)
        block = f.read(chunk + 2)
        if len(block) < 3:
            return None
        i = block.find(GZIP_MAGIC)
        while i != -1:
            if end is not None and pos + i >= end:
                return None
            if _is_warc_member(f, pos + i):
                return pos + i
            i = block.find(GZIP_MAGIC, i + 1)
        pos += chunk
    return None


def _next_plain_record(f: IO[bytes], start: int, end: int | None) -> int | None:
    """The offset of the first ``WARC/1.x`` header line at or after ``start`` (plain WARC)."""
    chunk = 1 << 16
    pos = start
    while end is None or pos < end:
        f.seek(max(pos - 1, 0))
        block = f.read(chunk + 16)
        if len(block) < 8:
            return None
        base = max(pos - 1, 0)
        i = block.find(b"\nWARC/1.")
        while i != -1:
            at = base + i + 1
            if end is not None and at >= end:
                return None
            if at >= start:
                return at
            i = block.find(b"\nWARC/1.", i + 1)
        pos += chunk
    return None


def _is_warc_member(f: IO[bytes], offset: int) -> bool:
    f.seek(offset)
    head = f.read(4096)
    try:
        out = zlib.decompressobj(31).decompress(head, 16)
    except zlib.error:
        return False
    return out.startswith((b"WARC/", b"filedesc:")) or (out[:1].isalnum() and b"://" in out[:16])
