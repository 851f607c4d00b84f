"""The SQLite store: schema, sources, items exactly once, articles, stories, two writers."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from akhbar.errors import StoreError
from akhbar.model import (
    Article,
    Entity,
    Item,
    Keyword,
    Language,
    Marker,
    Member,
    Quote,
    Source,
    Span,
    Story,
    Topic,
)
from akhbar.store import open_store
from akhbar.store.base import FetchRecord, Reject
from akhbar.store.codec import article_from_json, article_to_json, item_from_json, item_to_json
from akhbar.store.sqlite import SQLiteStore, migration_scripts, split_statements

T0 = datetime(2025, 6, 15, 10, 30, tzinfo=UTC)


def item(uid: str, source: str = "dawn", **kw: object) -> Item:
    values: dict[str, object] = {
        "title": f"خبر {uid}",
        "text": "متن",
        "published": T0,
        "source_type": "newspaper",
    }
    values.update(kw)
    return Item(source=source, uid=uid, **values)  # type: ignore[arg-type]


def full_article(it: Item) -> Article:
    text = "وزیراعظم نے کہا کہ بجٹ کل پیش ہوگا۔"
    return Article(
        item=it,
        text=text,
        title_end=0,
        key=text,
        language=Language("ur", 0.97, "Arab"),
        sentences=(Span(0, len(text)),),
        tokens=(Span(0, 8), Span(9, 11, "w")),
        entities=(Entity(0, 8, "PERSON", "Q1", "Prime Minister"),),
        quotes=(Quote(Span(15, 34), "کہا", False, Span(0, 8), "Q1"),),
        markers=(Marker(9, 14, "attributed", "Q1"),),
        topic=Topic("business", 0.8),
        keywords=(Keyword("بجٹ", 0.5),),
        summary=(Span(0, len(text)),),
        notes=("checked",),
    )


@pytest.fixture
def store() -> SQLiteStore:
    s = open_store(":memory:")
    assert isinstance(s, SQLiteStore)
    return s


def test_migrations_are_numbered_and_set_the_version(tmp_path) -> None:
    scripts = migration_scripts()
    assert [n[:4] for n, _ in scripts] == [f"{i:04d}" for i in range(1, len(scripts) + 1)]
    s = open_store(tmp_path / "a.db")
    assert s.migrate() == len(scripts)  # idempotent
    s.close()
    conn = sqlite3.connect(tmp_path / "a.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(scripts)


def test_split_statements_keeps_triggers_whole() -> None:
    sql = (
        "CREATE TABLE a (x);\n-- note\n"
        "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n  SELECT 1;\nEND;\n"
    )
    assert len(split_statements(sql)) == 2
    with pytest.raises(StoreError):
        split_statements("CREATE TABLE b (x")


def test_items_are_stored_once_per_source_and_uid(store) -> None:
    first = store.add_items([item("a"), item("b"), item("a")])
    assert len(first.new_ids) == 2 and first.seen == 1
    again = store.add_items([item("a"), item("c"), item("a", source="other")])
    assert len(again.new_ids) == 2 and again.seen == 1
    assert store.count_items() == 4
    assert {s.source.key for s in store.sources()} == {"dawn", "other"}


def test_items_round_trip_with_filters_and_paging(store) -> None:
    store.upsert_source(Source("dawn", "ڈان", "newspaper", "https://dawn.example/rss"))
    rows = [
        item("a", kind="article", url="https://e.pk/a", guid="g", author="ع", image="i.jpg"),
        item("h", kind="headline", published=None),
        item("p", kind="post", language="ur", source_name="social media"),
    ]
    ids = store.add_items(rows).new_ids
    got = store.item(ids[0])
    assert got is not None and got.item == replace(rows[0], fetched=got.item.fetched)
    assert [s.item.uid for s in store.items(kind="headline")] == ["h"]
    assert [s.item.uid for s in store.items(source="dawn", after_id=ids[0])] == ["h", "p"]
    assert [s.item.uid for s in store.items(limit=1)] == ["a"]
    assert store.items(source="nobody") == [] and store.item(999) is None
    assert store.source("dawn").items == 3  # type: ignore[union-attr]


def test_articles_are_stored_with_items_and_replaced(store) -> None:
    it = item("a")
    result = store.add_items([it, item("b")], [full_article(it), None])
    stored = store.item(result.new_ids[0])
    assert stored is not None and stored.article == full_article(stored.item)
    assert store.item(result.new_ids[1]).article is None  # type: ignore[union-attr]
    newer = replace(full_article(it), topic=Topic("politics", 0.9))
    store.save_articles([(result.new_ids[0], newer)])
    assert store.item(result.new_ids[0]).article.topic.label == "politics"  # type: ignore[union-attr]
    row = store.connection.execute("SELECT topic, language FROM articles").fetchone()
    assert tuple(row) == ("politics", "ur")


def test_codec_round_trip() -> None:
    it = item("a", url="https://e.pk/a")
    art = full_article(it)
    assert article_from_json(article_to_json(art), it) == art
    assert article_from_json(article_to_json(Article(item=it)), it) == Article(item=it)
    assert item_from_json(item_to_json(it)) == it
    with pytest.raises(StoreError):
        article_from_json({"sentences": [[1]]}, it)


def test_a_failing_batch_leaves_nothing_behind(store) -> None:
    with pytest.raises(StoreError):
        store.add_items([item("x"), item("y")], [None])  # length mismatch, before writing
    bad = item("z", kind="nonsense")
    with pytest.raises(sqlite3.IntegrityError):
        store.add_items([item("ok"), bad])
    assert store.count_items() == 0


def test_sources_poll_state_fetch_log_and_rejects(store) -> None:
    store.upsert_source(Source("f", "فیڈ", "agency", "https://f.example/rss"))
    record = store.upsert_source(Source("f", "نئی فیڈ", "agency", "https://f.example/rss"))
    assert record.source.name == "نئی فیڈ" and record.kind == "feed"
    later = T0 + timedelta(minutes=30)
    store.update_poll_state("f", etag='"v1"', last_modified="x", failures=2, next_poll=later)
    store.record_fetch(FetchRecord("f", T0, "error", "HTTP 500", 0, 0))
    store.record_fetch(FetchRecord("f", later, "ok", None, 3, 1))
    store.record_rejects([Reject("f", "entry 2: no title", "{}")])
    got = store.source("f")
    assert got is not None
    assert (got.etag, got.failures, got.next_poll, got.last_status) == ('"v1"', 2, later, "ok")
    assert [f.status for f in store.fetches("f")] == ["ok", "error"]
    assert store.fetches("f")[1].error == "HTTP 500"
    assert store.rejects("f")[0].reason == "entry 2: no title"
    assert store.remove_source("f") and store.source("f") is None
    assert not store.remove_source("f")
    assert store.fetches("f") == [] and store.rejects() == []


def test_stories_members_and_aliases(store) -> None:
    ids = store.add_items([item("a"), item("b"), item("c")]).new_ids
    s1 = Story("s1", "پہلی کہانی", (Member(str(ids[0]), T0),), T0, T0)
    s2 = Story("s2", "دوسری", (Member(str(ids[1]), T0, grade="partly"),), T0, T0 + timedelta(1))
    store.save_stories([s1, s2])
    assert [s.id for s in store.stories()] == ["s2", "s1"]
    assert store.item(ids[0]).story == "s1"  # type: ignore[union-attr]
    merged = Story(
        "s1",
        "پہلی کہانی",
        (Member(str(ids[0]), T0), Member(str(ids[1]), T0, copy_of=str(ids[0]), grade="wholly")),
        T0,
        T0 + timedelta(2),
        aliases=("s2",),
    )
    store.save_stories([merged])
    assert store.story("s2") == merged == store.story("s1")
    assert [s.id for s in store.stories()] == ["s1"]
    assert store.stories(since=T0 + timedelta(3)) == []
    assert store.story("nope") is None


def test_two_writers_on_one_file_never_see_locked(tmp_path) -> None:
    path = tmp_path / "shared.db"
    open_store(path).close()
    errors: list[BaseException] = []

    def write(prefix: str) -> None:
        s = open_store(path)
        try:
            for n in range(40):
                s.add_items([item(f"{prefix}{n}-{k}") for k in range(20)] + [item("common")])
        except BaseException as exc:
            errors.append(exc)
        finally:
            s.close()

    threads = [threading.Thread(target=write, args=(p,)) for p in "xy"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    s = open_store(path)
    assert s.count_items() == 2 * 40 * 20 + 1
