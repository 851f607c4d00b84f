"""The Parquet datasets a batch run writes, with their documented schemas.

``OUT/articles/``, ``OUT/entities/`` and ``OUT/quotes/`` each hold one Parquet file
per shard (``<shard id>.parquet``); read a dataset whole with
``pyarrow.dataset.dataset(OUT / "articles")`` (or pandas, DuckDB, Polars, Spark).
A row of ``entities`` or ``quotes`` points to its article by ``uid`` (and by
``shard`` and ``row``). Character offsets are into the article's ``text``: the
display form of the title, a newline, then the body, as in ``akhbar.model.Article``.
``item_json`` and ``article_json`` rebuild the exact ``Item`` and ``Article``
(``akhbar.store.codec``); ``akhbar batch import`` reads nothing else.
Each field's description is also stored in the file, as field metadata ``doc``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from akhbar.model import Article

if TYPE_CHECKING:
    import pyarrow as pa

DATASETS = ("articles", "entities", "quotes")

# (name, type, doc); the types are spelled as pyarrow factory names, resolved lazily.
ARTICLE_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("shard", "string", "shard id the row comes from"),
    ("row", "int32", "position of the article among the shard's kept records"),
    ("ref", "string", "where the record was read: file@byte offset, file:line or file name"),
    ("source", "string", "source key (the site's host name for web pages)"),
    ("uid", "string", "item identity within its source (akhbar.ingest.identity.item_uid)"),
    ("url", "string", "URL of the page, when known"),
    ("title", "string", "display form of the title"),
    ("published", "timestamp_us", "publication time (UTC), when known"),
    ("fetched", "timestamp_us", "crawl time (UTC): WARC-Date for WARC records"),
    ("language", "string", "language code of the text (ISO 639-1)"),
    ("language_confidence", "float32", "confidence of the language decision, 0 to 1"),
    ("topic", "string", "topic label, when the topic stage assigned one"),
    ("keywords", "list_string", "keywords, best first"),
    ("n_sentences", "int32", "number of sentences"),
    ("n_tokens", "int32", "number of tokens"),
    ("n_entities", "int32", "number of entity mentions (rows in entities)"),
    ("n_quotes", "int32", "number of quotes (rows in quotes)"),
    ("n_markers", "int32", "number of verification markers"),
    ("text", "string", "display text: title, newline, body; offsets point into it"),
    ("exact", "string", "exact-duplicate fingerprint of the text (akhbar.stories)"),
    ("minhash", "list_uint64", "MinHash signature of the text's shingles (akhbar.stories)"),
    ("notes", "list_string", "reasons a stage could not finish on this article"),
    ("item_json", "string", "the Item as JSON (akhbar.store.codec.item_to_json)"),
    ("article_json", "string", "the analysis as JSON (akhbar.store.codec.article_to_json)"),
)

ENTITY_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("shard", "string", "shard id"),
    ("row", "int32", "the article's row in its shard"),
    ("uid", "string", "the article's item uid"),
    ("start", "int32", "start offset in the article's text"),
    ("end", "int32", "end offset (exclusive)"),
    ("label", "string", "PERSON, LOCATION, ORGANIZATION, DATE, TIME or NUMBER"),
    ("text", "string", "the mention as written"),
    ("id", "string", "linked entity id, when linked"),
    ("english", "string", "English name, when known"),
)

QUOTE_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("shard", "string", "shard id"),
    ("row", "int32", "the article's row in its shard"),
    ("uid", "string", "the article's item uid"),
    ("speaker", "string", "the speaker as written, when found"),
    ("speaker_id", "string", "linked id of the speaker, when linked"),
    ("cue", "string", "the reporting verb or cue (کہا, بتایا, ...)"),
    ("content", "string", "what was said"),
    ("direct", "bool", "direct (quoted) speech rather than reported"),
    ("speaker_start", "int32", "speaker span start, when found"),
    ("speaker_end", "int32", "speaker span end"),
    ("content_start", "int32", "content span start"),
    ("content_end", "int32", "content span end"),
)

FIELDS = {"articles": ARTICLE_FIELDS, "entities": ENTITY_FIELDS, "quotes": QUOTE_FIELDS}


def arrow_schema(dataset: str) -> pa.Schema:
    """The pyarrow schema of one dataset, each field's description in its metadata."""
    import pyarrow as pa

    types = {
        "string": pa.string(),
        "int32": pa.int32(),
        "float32": pa.float32(),
        "bool": pa.bool_(),
        "timestamp_us": pa.timestamp("us", tz="UTC"),
        "list_string": pa.list_(pa.string()),
        "list_uint64": pa.list_(pa.uint64()),
    }
    return pa.schema(
        [pa.field(n, types[t], metadata={"doc": d}) for n, t, d in FIELDS[dataset]],
        metadata={"akhbar.dataset": dataset, "akhbar.schema_version": "1"},
    )


def article_row(
    shard: str,
    row: int,
    ref: str,
    article: Article,
    exact: str | None,
    minhash: Sequence[int] | None,
) -> dict[str, Any]:
    """The ``articles`` row of one analyzed article."""
    from akhbar.store import codec

    item = article.item
    lang = article.language
    return {
        "shard": shard,
        "row": row,
        "ref": ref,
        "source": item.source,
        "uid": item.uid,
        "url": item.url,
        "title": article.title,
        "published": item.published,
        "fetched": item.fetched,
        "language": lang.code if lang else None,
        "language_confidence": lang.confidence if lang else None,
        "topic": article.topic.label if article.topic else None,
        "keywords": [k.text for k in article.keywords],
        "n_sentences": len(article.sentences),
        "n_tokens": len(article.tokens),
        "n_entities": len(article.entities),
        "n_quotes": len(article.quotes),
        "n_markers": len(article.markers),
        "text": article.text,
        "exact": exact,
        "minhash": None if minhash is None else [int(v) for v in minhash],
        "notes": list(article.notes),
        "item_json": _dumps(codec.item_to_json(item)),
        "article_json": _dumps(codec.article_to_json(article)),
    }


def entity_rows(shard: str, row: int, article: Article) -> list[dict[str, Any]]:
    """The ``entities`` rows of one article."""
    text = article.text
    return [
        {
            "shard": shard,
            "row": row,
            "uid": article.item.uid,
            "start": e.start,
            "end": e.end,
            "label": e.label,
            "text": text[e.start : e.end],
            "id": e.id,
            "english": e.english,
        }
        for e in article.entities
    ]


def quote_rows(shard: str, row: int, article: Article) -> list[dict[str, Any]]:
    """The ``quotes`` rows of one article."""
    text = article.text
    out = []
    for q in article.quotes:
        sp = q.speaker
        out.append(
            {
                "shard": shard,
                "row": row,
                "uid": article.item.uid,
                "speaker": text[sp.start : sp.end] if sp else None,
                "speaker_id": q.speaker_id,
                "cue": q.cue,
                "content": text[q.content.start : q.content.end],
                "direct": q.direct,
                "speaker_start": sp.start if sp else None,
                "speaker_end": sp.end if sp else None,
                "content_start": q.content.start,
                "content_end": q.content.end,
            }
        )
    return out


def _dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class ShardWriter:
    """Writes a shard's three datasets in row groups to temporary files; ``commit`` renames.

    Rows are flushed every ``group`` rows, so a shard's memory stays bounded however
    many records it holds. Until ``commit``, nothing is visible under the final names.
    """

    def __init__(self, root: Path, shard_id: str, group: int = 1000) -> None:
        self.root = root
        self.shard_id = shard_id
        self.group = group
        self._rows: dict[str, list[dict[str, Any]]] = {name: [] for name in DATASETS}
        self._writers: dict[str, Any] = {}

    def final(self, dataset: str) -> Path:
        """The committed path of one dataset's file for this shard."""
        return self.root / dataset / f"{self.shard_id}.parquet"

    def _tmp(self, dataset: str) -> Path:
        path = self.final(dataset)
        return path.with_name(f".{path.name}.{os.getpid()}.tmp")

    def add(self, dataset: str, rows: list[dict[str, Any]]) -> None:
        """Queue rows of one dataset, flushing a row group when enough have gathered."""
        buffer = self._rows[dataset]
        buffer.extend(rows)
        if len(buffer) >= self.group:
            self._flush(dataset)

    def _flush(self, dataset: str) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = arrow_schema(dataset)
        writer = self._writers.get(dataset)
        if writer is None:
            tmp = self._tmp(dataset)
            tmp.parent.mkdir(parents=True, exist_ok=True)
            writer = self._writers[dataset] = pq.ParquetWriter(tmp, schema, compression="zstd")
        writer.write_table(pa.Table.from_pylist(self._rows[dataset], schema=schema))
        self._rows[dataset] = []

    def commit(self) -> None:
        """Flush and close every file, then rename each into place."""
        for dataset in DATASETS:
            if self._rows[dataset] or dataset not in self._writers:
                self._flush(dataset)
            self._writers.pop(dataset).close()
        for dataset in DATASETS:
            os.replace(self._tmp(dataset), self.final(dataset))

    def abort(self) -> None:
        """Close and delete the temporary files."""
        for dataset, writer in list(self._writers.items()):
            writer.close()
            self._tmp(dataset).unlink(missing_ok=True)
        self._writers.clear()


def write_text_atomic(path: Path, text: str) -> None:
    """Write a small text file: to a temporary name, flushed, then renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
