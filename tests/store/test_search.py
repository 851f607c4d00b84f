"""Search behaviour, the same on SQLite (FTS5) and PostgreSQL (the ``store`` fixture)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from akhbar.errors import QueryError
from akhbar.model import Article, Entity, Item, Member, Story, Topic
from akhbar.store.query import SearchQuery, SearchResult, key_words
from akhbar.text.normalize import search_key

T0 = datetime(2017, 6, 1, 12, 0, tzinfo=UTC)

# (uid, source, source type, days after T0, title, body)
REPORTS = [
    (
        "iran-urdu",
        "bbc",
        "broadcaster",
        0,
        "ایران نے جوہری معاہدے پر بات کی",
        "تہران میں وزیر خارجہ نے کہا کہ امریکہ سے بات چیت جاری رہے گی۔",
    ),
    (
        "iran-arabic-yeh",
        "geo",
        "broadcaster",
        1,
        "پاکستان اور سعودی عرب کے تعلقات",
        "ﺍﻳﺮﺍﻥ کے صدر نے بھی اس اجلاس میں شرکت کی۔",
    ),
    (
        "iran-arabic",
        "dawn",
        "newspaper",
        2,
        "ايران اور امریکی پابندیاں",
        "امریکی حکام نے نئی پابندیوں کا اعلان کیا۔",
    ),
    (
        "nuclear-apart",
        "dawn",
        "newspaper",
        3,
        "معاہدہ طے پا گیا",
        "تجارتی معاہدہ ہوا، جوہری توانائی پر بعد میں بات ہوگی۔",
    ),
    (
        "cricket",
        "app",
        "agency",
        4,
        "لاہور میں کرکٹ میچ",
        "قذافی اسٹیڈیم میں پاکستان نے میچ جیت لیا۔",
    ),
    (
        "karachi",
        "app",
        "agency",
        5,
        "كراچی میں بارش",
        "کراچی میں موسلادھار بارش سے سڑکیں ڈوب گئیں۔",
    ),
]


@pytest.fixture
def corpus(store: Any) -> dict[str, int]:
    """The reports stored, with articles for two, and a story of the Iran reports."""
    items = [
        Item(
            source=src,
            uid=uid,
            title=title,
            text=body,
            source_type=stype,
            published=T0 + timedelta(days=days),
            url=f"https://example.org/{uid}",
        )
        for uid, src, stype, days, title, body in REPORTS
    ]
    new = store.add_items(items).new_ids
    ids = {uid: new[n] for n, (uid, *_rest) in enumerate(REPORTS)}
    first = items[0]
    text = f"{first.title}\n{first.text}"
    tehran = text.index("تہران")
    store.save_articles(
        [
            (
                ids["iran-urdu"],
                Article(
                    item=first,
                    text=text,
                    title_end=len(first.title),
                    topic=Topic("world", 0.9),
                    entities=(
                        Entity(0, 5, "LOCATION", "Q794", "Iran"),
                        Entity(tehran, tehran + 5, "LOCATION", None, "Tehran"),
                    ),
                ),
            ),
            (
                ids["cricket"],
                Article(
                    item=items[4],
                    text=f"{items[4].title}\n{items[4].text}",
                    title_end=len(items[4].title),
                    topic=Topic("sports", 0.8),
                ),
            ),
        ]
    )
    store.save_stories(
        [
            Story(
                "story-iran",
                "ایران",
                members=tuple(
                    Member(str(ids[u])) for u in ("iran-urdu", "iran-arabic-yeh", "iran-arabic")
                ),
                first_seen=T0,
                last_seen=T0 + timedelta(days=2),
                aliases=(),
            )
        ]
    )
    return ids


def _ids(result: SearchResult) -> list[int]:
    return [h.item_id for h in result.hits]


def _find(store: Any, text: str = "", **kw: Any) -> SearchResult:
    result = store.search(SearchQuery(text=text, **kw))
    assert isinstance(result, SearchResult)
    return result


@pytest.mark.parametrize("spelling", ["ایران", "ايران", "ﺍﻳﺮﺍﻥ"])
def test_letter_variants_all_match(store: Any, corpus: dict[str, int], spelling: str) -> None:
    found = set(_ids(_find(store, spelling)))
    assert found == {corpus["iran-urdu"], corpus["iran-arabic-yeh"], corpus["iran-arabic"]}


def test_arabic_kaf_matches_urdu_kaf(store: Any, corpus: dict[str, int]) -> None:
    assert _ids(_find(store, "کراچی")) == [corpus["karachi"]]


def test_title_matches_rank_above_body_matches(store: Any, corpus: dict[str, int]) -> None:
    hits = _ids(_find(store, "پاکستان"))
    assert set(hits) == {corpus["iran-arabic-yeh"], corpus["cricket"]}
    assert hits[0] == corpus["iran-arabic-yeh"]  # in its title; cricket has it in the body


def test_phrase_needs_the_words_together(store: Any, corpus: dict[str, int]) -> None:
    assert set(_ids(_find(store, "معاہدہ جوہری"))) == {corpus["nuclear-apart"]}
    assert _ids(_find(store, '"جوہری توانائی"')) == [corpus["nuclear-apart"]]
    assert _ids(_find(store, '"توانائی جوہری"')) == []


def test_prefix(store: Any, corpus: dict[str, int]) -> None:
    assert set(_ids(_find(store, "امریک*"))) == {corpus["iran-urdu"], corpus["iran-arabic"]}


def test_exclusion_and_or(store: Any, corpus: dict[str, int]) -> None:
    assert set(_ids(_find(store, "ایران -امریکی"))) == {
        corpus["iran-urdu"],
        corpus["iran-arabic-yeh"],
    }
    assert set(_ids(_find(store, "لاہور OR کراچی"))) == {corpus["cricket"], corpus["karachi"]}


def test_filters(store: Any, corpus: dict[str, int]) -> None:
    iran = {corpus["iran-urdu"], corpus["iran-arabic-yeh"], corpus["iran-arabic"]}
    assert set(_ids(_find(store, "ایران", source="dawn"))) == {corpus["iran-arabic"]}
    assert set(_ids(_find(store, "ایران", source_type="broadcaster"))) == iran - {
        corpus["iran-arabic"]
    }
    assert set(_ids(_find(store, "ایران", since=T0 + timedelta(days=1)))) == iran - {
        corpus["iran-urdu"]
    }
    assert set(_ids(_find(store, "ایران", until=T0 + timedelta(hours=1)))) == {corpus["iran-urdu"]}
    naive = datetime(2017, 6, 2, 12, 0)  # naive times are UTC
    assert set(_ids(_find(store, "ایران", since=naive))) == iran - {corpus["iran-urdu"]}
    assert _ids(_find(store, "", topic="sports")) == [corpus["cricket"]]
    assert set(_ids(_find(store, "ایران", story="story-iran"))) == iran
    assert _ids(_find(store, "ایران", source="nobody")) == []


@pytest.mark.parametrize("name", ["Q794", "iran", "Tehran", "ایران", "ﺗﮩﺮﺍﻥ", "location:تہران"])
def test_entity_filter(store: Any, corpus: dict[str, int], name: str) -> None:
    assert _ids(_find(store, "", entity=name)) == [corpus["iran-urdu"]]


def test_snippets_are_display_form_with_highlights(store: Any, corpus: dict[str, int]) -> None:
    (hit,) = _find(store, "صدر", source="geo").hits
    assert "ﺍ" not in hit.snippet  # presentation forms are shown in their display form
    assert hit.highlights
    for start, end in hit.highlights:
        assert key_words(hit.snippet[start:end]) == ["صدر"]
    (hit,) = _find(store, "سعودی").hits
    assert [hit.title[s:e] for s, e in hit.title_highlights] == ["سعودی"]
    assert hit.source == "geo" and hit.url == "https://example.org/iran-arabic-yeh"
    assert hit.published == T0 + timedelta(days=1)
    assert hit.story == "story-iran"


def test_group_by_story(store: Any, corpus: dict[str, int]) -> None:
    grouped = _find(store, "ایران OR کراچی", group_by_story=True)
    assert grouped.total == 2
    by_story = {h.story: h for h in grouped.hits}
    assert by_story["story-iran"].others == 2
    assert by_story[None].item_id == corpus["karachi"] and by_story[None].others == 0


def test_cursor_pages_through_everything_once(store: Any, corpus: dict[str, int]) -> None:
    seen: list[int] = []
    cursor = None
    for _ in range(10):
        page = _find(store, "", limit=2, cursor=cursor)
        assert page.total == len(REPORTS)
        seen.extend(_ids(page))
        cursor = page.next_cursor
        if cursor is None:
            break
    assert sorted(seen) == sorted(corpus.values())
    assert seen[0] == corpus["karachi"]  # newest first without query text


def test_index_follows_changes(store: Any, corpus: dict[str, int]) -> None:
    assert _find(store, "", topic="world").total == 1
    item = store.item(corpus["iran-urdu"]).item
    store.save_articles([(corpus["iran-urdu"], Article(item=item, topic=Topic("politics", 1.0)))])
    assert _find(store, "", topic="world").total == 0
    assert _ids(_find(store, "", topic="politics")) == [corpus["iran-urdu"]]
    store.remove_source("dawn")
    assert set(_ids(_find(store, "ایران"))) == {corpus["iran-urdu"], corpus["iran-arabic-yeh"]}
    store.add_items([Item(source="dawn", uid="new", title="ایران پھر خبروں میں", text="")])
    assert _find(store, "ایران", source="dawn").total == 1


def test_bad_queries_are_query_errors(store: Any, corpus: dict[str, int]) -> None:
    with pytest.raises(QueryError):
        _find(store, "-ایران")
    with pytest.raises(QueryError):
        _find(store, "ایران", limit=500)
    assert _find(store, "", entity="۔۔۔").total == 0


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    text=st.text(
        alphabet=st.one_of(
            st.sampled_from(list('"*-()^:+. ORANDNOTNEAR\x00\u200c')),
            st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
            st.characters(),
        ),
        max_size=60,
    ),
    group=st.booleans(),
)
def test_odd_queries_raise_nothing_but_query_error(
    store: Any, corpus: dict[str, int], text: str, group: bool
) -> None:
    try:
        result = _find(store, text, group_by_story=group, limit=3)
    except QueryError:
        return
    assert result.total >= len(result.hits)
    for hit in result.hits:
        assert hit.item_id in corpus.values()


def test_search_key_is_the_text_layers(store: Any, corpus: dict[str, int]) -> None:
    # the index folds exactly as akhbar.text does: a word found under its search key
    word = search_key("ﻟﻮﮒ")
    store.add_items([Item(source="bbc", uid="people", title="ﻟﻮﮒ", text="")])
    assert _find(store, word).total == 1


def test_sqlite_index_follows_writes_from_another_connection(tmp_path: Any) -> None:
    from akhbar.store import sqlite_search
    from akhbar.store.sqlite import SQLiteStore

    path = tmp_path / "shared.db"
    reader, writer = SQLiteStore(path), SQLiteStore(path)
    reader.migrate()
    writer.add_items([Item(source="bbc", uid="1", title="ايران میں انتخابات", text="")])
    assert reader.search(SearchQuery(text="ایران")).total == 1  # queued by the triggers
    writer.remove_source("bbc")
    assert reader.search(SearchQuery(text="ایران")).total == 0
    writer.add_items([Item(source="geo", uid="2", title="ایران", text="لاہور")])
    conn = reader.connection
    assert sqlite_search.rebuild(conn) == 1
    assert sqlite_search.sync(conn) == 0
    conn.execute("BEGIN IMMEDIATE")  # inside a caller's transaction: a savepoint
    conn.execute("UPDATE items SET title = 'کراچی'")
    assert sqlite_search.sync(conn) == 1
    conn.execute("COMMIT")
    assert reader.search(SearchQuery(text="کراچی")).total == 1
    assert reader.search(SearchQuery(text="ایران")).total == 0  # the old title is gone
    assert reader.search(SearchQuery(text="لاہور")).total == 1
    reader.close()
    writer.close()


def test_story_merge_moves_hits_to_the_surviving_story(store: Any, corpus: dict[str, int]) -> None:
    iran = [corpus[u] for u in ("iran-urdu", "iran-arabic-yeh", "iran-arabic")]
    store.save_stories(
        [
            Story(
                "story-middle-east",
                "مشرق وسطیٰ",
                members=tuple(Member(str(i)) for i in [*iran, corpus["nuclear-apart"]]),
                aliases=("story-iran",),
            )
        ]
    )
    by_alias = _find(store, "", story="story-iran")
    assert set(_ids(by_alias)) == {*iran, corpus["nuclear-apart"]}
    assert {h.story for h in by_alias.hits} == {"story-middle-east"}
    grouped = _find(store, "ایران OR معاہدہ", group_by_story=True)
    assert [(h.story, h.others) for h in grouped.hits] == [("story-middle-east", 3)]


def test_sqlite_search_does_not_wait_for_a_writer(tmp_path: Any) -> None:
    from akhbar.store.sqlite import SQLiteStore

    path = tmp_path / "busy.db"
    reader, writer = SQLiteStore(path), SQLiteStore(path)
    reader.migrate()
    writer.add_items([Item(source="bbc", uid="0", title="لاہور", text="")])  # indexed
    writer.connection.execute(  # a row written without the store: queued, not indexed
        "INSERT INTO items (source_id, uid, title) SELECT id, '1', 'ایران' FROM sources"
    )
    writer.connection.execute("BEGIN IMMEDIATE")  # an ingest holding the write lock
    try:
        assert reader.search(SearchQuery(text="ایران")).total == 0  # not indexed yet
    finally:
        writer.connection.execute("ROLLBACK")
    assert reader.search(SearchQuery(text="ایران")).total == 1
    reader.close()
    writer.close()


def test_ranking_window_keeps_the_newest_matches(
    store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from akhbar.store import postgres_search, sqlite_search

    monkeypatch.setattr(sqlite_search, "RANK_WINDOW", 3)
    monkeypatch.setattr(postgres_search, "RANK_WINDOW", 3)
    ids = store.add_items(
        [Item(source="app", uid=str(n), title=f"بجٹ خبر {n}", text="") for n in range(6)]
    ).new_ids
    seen: list[int] = []
    cursor = None
    while True:
        page = _find(store, "بجٹ", limit=2, cursor=cursor)
        assert page.total == 6  # every match is counted
        seen.extend(_ids(page))
        cursor = page.next_cursor
        if cursor is None:
            break
    assert sorted(seen) == sorted(ids[-3:])  # only the newest three are ranked


@pytest.mark.parametrize("bound_scan", [0, 2, 30_000])
def test_date_range_finds_reports_stored_out_of_date_order(
    store: Any, monkeypatch: pytest.MonkeyPatch, bound_scan: int
) -> None:
    from akhbar.store import sqlite_search

    monkeypatch.setattr(sqlite_search, "BOUND_SCAN", bound_scan)
    days = [9, 1, 5, 3, 7, 2, 8, 4, 6, 0]  # ids do not follow the dates
    ids = store.add_items(
        [
            Item(
                source="dawn",
                uid=f"budget-{n}",
                title=f"بجٹ پر بحث {n}",
                text="قومی اسمبلی میں بجٹ پیش کیا گیا۔",
                published=T0 + timedelta(days=day),
            )
            for n, day in enumerate(days)
        ]
    ).new_ids
    by_day = dict(zip(days, ids, strict=True))
    found = _find(store, "بجٹ", since=T0 + timedelta(days=3), until=T0 + timedelta(days=6, hours=1))
    assert set(_ids(found)) == {by_day[d] for d in (3, 4, 5, 6)}
    assert found.total == 4
    assert _find(store, "بجٹ", since=T0 + timedelta(days=30)).total == 0
    assert _find(store, "بجٹ", until=T0 - timedelta(days=1)).hits == ()
