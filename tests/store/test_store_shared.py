"""The Store protocol, run against both backends (the ``store`` fixture)."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from akhbar.model import Article, Entity, Item, Language, Member, Source, Span, Story, Topic
from akhbar.store.base import FetchRecord, Reject

T0 = datetime(2024, 3, 1, 9, 30, tzinfo=UTC)


def _item(uid: str, source: str = "bbc", **kw: Any) -> Item:
    kw.setdefault("title", f"خبر {uid}")
    kw.setdefault("text", "لاہور میں بارش ہوئی۔")
    kw.setdefault("fetched", T0)
    return Item(source=source, uid=uid, **kw)


def test_migrate_is_idempotent(store: Any) -> None:
    version = store.migrate()
    assert version >= 2
    assert store.migrate() == version


def test_sources_upsert_list_remove(store: Any) -> None:
    rec = store.upsert_source(
        Source("dawn", "ڈان", "newspaper", "https://dawn.com/feed"), kind="feed"
    )
    assert (rec.source.key, rec.source.name, rec.source.type, rec.kind) == (
        "dawn",
        "ڈان",
        "newspaper",
        "feed",
    )
    store.upsert_source(Source("dawn", "Dawn News", "newspaper"), kind="page")
    again = store.source("dawn")
    assert again is not None and again.source.name == "Dawn News" and again.kind == "page"
    assert again.id == rec.id
    store.upsert_source(Source("geo", "جیو", "broadcaster"))
    assert [r.source.key for r in store.sources()] == ["dawn", "geo"]
    assert store.remove_source("dawn") is True
    assert store.remove_source("dawn") is False
    assert store.source("dawn") is None


def test_poll_state_and_fetch_log(store: Any) -> None:
    store.upsert_source(Source("dawn", "Dawn"))
    later = T0 + timedelta(minutes=15)
    store.update_poll_state("dawn", etag='"abc"', last_modified="Fri", failures=2, next_poll=later)
    rec = store.source("dawn")
    assert (rec.etag, rec.last_modified, rec.failures) == ('"abc"', "Fri", 2)
    assert rec.next_poll == later
    store.record_fetch(FetchRecord("dawn", T0, "ok", new=3, seen=1))
    store.record_fetch(FetchRecord("dawn", later, "error", error="timeout"))
    log = store.fetches("dawn")
    assert [(f.status, f.new, f.error) for f in log] == [("error", 0, "timeout"), ("ok", 3, None)]
    assert log[0].at == later
    assert store.source("dawn").last_status == "error"
    store.record_rejects([Reject("dawn", "no title", "<item/>")])
    assert store.rejects("dawn") == [Reject("dawn", "no title", "<item/>")]


def test_add_items_stores_each_once(store: Any) -> None:
    items = [_item("a", published=T0), _item("b"), _item("a", source="geo")]
    first = store.add_items(items)
    assert len(first.new_ids) == 3 and first.seen == 0
    again = store.add_items(items)
    assert again.new_ids == () and again.seen == 3
    assert store.count_items() == 3
    got = store.item(first.new_ids[0])
    assert got is not None
    assert got.item == items[0]
    unstamped = store.item(store.add_items([_item("c", fetched=None)]).new_ids[0])
    assert unstamped.item.fetched is not None  # stamped when stored
    assert replace(unstamped.item, fetched=None) == _item("c", fetched=None)
    assert got.article is None and got.story is None


def test_items_filters_and_pages(store: Any) -> None:
    ids = store.add_items(
        [
            _item(str(n), source="bbc" if n % 2 else "geo", kind="headline" if n % 3 else "article")
            for n in range(10)
        ]
    ).new_ids
    assert [s.id for s in store.items(limit=4)] == list(ids[:4])
    assert [s.id for s in store.items(limit=4, after_id=ids[3])] == list(ids[4:8])
    assert {s.item.source for s in store.items(source="bbc")} == {"bbc"}
    assert {s.item.kind for s in store.items(kind="article")} == {"article"}
    assert store.item(10**12) is None


def test_articles_round_trip(store: Any) -> None:
    item = _item("x", title="عمران خان لاہور پہنچ گئے", text="انہوں نے کہا کہ جلسہ ہوگا۔")
    text = f"{item.title}\n{item.text}"
    article = Article(
        item=item,
        text=text,
        title_end=len(item.title),
        key=text,
        language=Language("ur", 0.99),
        sentences=(Span(0, len(item.title)),),
        entities=(Entity(0, 9, "PERSON", "Q1", "Imran Khan"), Entity(10, 15, "LOCATION")),
        topic=Topic("politics", 0.8),
    )
    (item_id,) = store.add_items([item], [article]).new_ids
    stored = store.item(item_id)
    assert stored is not None and stored.article == article
    changed = Article(item=item, text=text, title_end=len(item.title), topic=Topic("sports", 0.5))
    store.save_articles([(item_id, changed)])
    assert store.item(item_id).article.topic == Topic("sports", 0.5)


def test_stories_members_and_aliases(store: Any) -> None:
    ids = store.add_items([_item(str(n)) for n in range(4)]).new_ids
    a = Story(
        "s-a",
        "بارش",
        members=(
            Member(str(ids[0]), T0),
            Member(str(ids[1]), T0, copy_of=str(ids[0]), grade="wholly"),
        ),
        first_seen=T0,
        last_seen=T0,
    )
    b = Story(
        "s-b",
        "میچ",
        members=(Member(str(ids[2])),),
        first_seen=T0,
        last_seen=T0 + timedelta(hours=1),
    )
    store.save_stories([a, b])
    assert [s.id for s in store.stories()] == ["s-b", "s-a"]
    assert store.story("s-a") == a
    assert store.item(ids[1]).story == "s-a"
    assert [s.id for s in store.stories(since=T0 + timedelta(minutes=30))] == ["s-b"]
    merged = Story(
        "s-b",
        "میچ",
        members=(Member(str(ids[2])), Member(str(ids[0])), Member(str(ids[1]))),
        first_seen=T0,
        last_seen=T0 + timedelta(hours=2),
        aliases=("s-a",),
    )
    store.save_stories([merged])
    assert store.story("s-a") is not None and store.story("s-a").id == "s-b"
    assert [s.id for s in store.stories()] == ["s-b"]
    assert store.item(ids[0]).story == "s-b"


@pytest.mark.parametrize("bad", [[_item("z"), _item("z2")]])
def test_add_items_rejects_mismatched_articles(store: Any, bad: list[Item]) -> None:
    from akhbar.errors import StoreError

    with pytest.raises(StoreError):
        store.add_items(bad, [None])
    assert store.count_items() == 0


def test_remove_source_takes_its_items(store: Any) -> None:
    store.add_items([_item("1", source="dawn"), _item("2", source="geo")])
    assert store.remove_source("dawn")
    assert [s.item.source for s in store.items()] == ["geo"]


def test_a_reject_seen_again_is_kept_once(store: Any) -> None:
    store.upsert_source(Source("f", "F"))
    store.record_rejects([Reject("f", "entry 2: no title", "{}"), Reject("f", "entry 3: x", "")])
    store.record_rejects([Reject("f", "entry 2: no title", "{}")])
    assert [r.reason for r in store.rejects("f")] == ["entry 2: no title", "entry 3: x"]


def test_the_fetch_log_keeps_the_latest_attempts(store: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(sys.modules[type(store).__module__], "FETCH_LOG_KEEP", 5)
    for key in ("f", "g"):
        store.upsert_source(Source(key, key.upper()))
    for n in range(12):
        store.record_fetch(FetchRecord("f", T0 + timedelta(minutes=n), "ok", None, n, 0))
    store.record_fetch(FetchRecord("g", T0, "ok"))
    assert [f.new for f in store.fetches("f")] == [11, 10, 9, 8, 7]
    assert len(store.fetches("g")) == 1
