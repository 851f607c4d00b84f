"""The online clusterer: stories, stable IDs, copies, backfill and bad input."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from akhbar.model import Article, Entity, Item
from akhbar.stories.cluster import Clusterer, story_id_for
from akhbar.stories.features import Doc, doc_from_article

T0 = datetime(2025, 6, 20, 9, 0, tzinfo=UTC)
NOW = datetime(2025, 6, 25, tzinfo=UTC)

AGENCY = (
    "اسلام آباد (اے پی پی) وفاقی حکومت نے پٹرول کی قیمت میں 12 روپے 50 پیسے فی لیٹر کمی کا "
    "اعلان کر دیا ہے۔ وزارت خزانہ کے اعلامیے کے مطابق ڈیزل کی قیمت میں بھی 8 روپے فی لیٹر کمی کی "
    "گئی ہے اور نئی قیمتوں کا اطلاق آج رات بارہ بجے سے ہوگا۔ وزیر خزانہ نے کہا کہ عالمی منڈی میں "
    "تیل کی قیمتیں کم ہونے کا فائدہ عوام کو منتقل کیا جا رہا ہے۔"
)
PAPER = (
    "اسلام آباد (نمائندہ خصوصی) حکومت نے عوام کو ریلیف دیتے ہوئے پٹرول سستا کر دیا۔ وفاقی حکومت "
    "نے پٹرول کی قیمت میں 12 روپے 50 پیسے فی لیٹر کمی کا اعلان کر دیا ہے۔ ڈیزل کی قیمت میں بھی 8 "
    "روپے فی لیٹر کمی کی گئی ہے اور نئی قیمتوں کا اطلاق آج رات بارہ بجے سے ہوگا۔ شہریوں نے "
    "فیصلے کا خیر مقدم کیا ہے۔"
)
CRICKET = (
    "لاہور (اسپورٹس ڈیسک) قومی کرکٹ ٹیم نے تیسرے ٹی ٹوئنٹی میچ میں نیوزی لینڈ کو 7 وکٹوں سے "
    "شکست دے کر سیریز اپنے نام کر لی۔ بابر اعظم نے 68 رنز کی شاندار اننگز کھیلی جبکہ شاہین آفریدی "
    "نے 3 وکٹیں حاصل کیں۔ کپتان نے فتح کو ٹیم ورک کا نتیجہ قرار دیا۔"
)


def clusterer() -> Clusterer:
    return Clusterer(now=lambda: NOW)


def doc(i: str, text: str = "", title: str = "", hours: float = 0, source: str = "s") -> Doc:
    return Doc(id=i, title=title, text=text, published=T0 + timedelta(hours=hours), source=source)


def test_copy_joins_the_agency_story_and_names_its_source() -> None:
    c = clusterer()
    first = c.place(doc("app-1", AGENCY, "پٹرول کی قیمت میں 12 روپے 50 پیسے کمی"))
    assert first.new_story and first.story_id == story_id_for("app-1")
    second = c.place(doc("paper-1", PAPER, "حکومت نے پٹرول سستا کر دیا", hours=5))
    assert second.story_id == first.story_id and not second.new_story
    assert second.copy_of == "app-1" and second.grade in {"wholly", "partly"}
    third = c.place(doc("sports-1", CRICKET, "پاکستان نے سیریز جیت لی", hours=6))
    assert third.story_id != first.story_id and third.new_story


def test_exact_duplicate_from_another_source_is_wholly_copied() -> None:
    c = clusterer()
    a = c.place(doc("a", AGENCY, "پٹرول سستا", source="app"))
    b = c.place(doc("b", AGENCY, "پٹرول سستا", hours=2, source="paper"))
    assert (b.story_id, b.copy_of, b.grade) == (a.story_id, "a", "wholly")


def test_stories_have_members_in_time_order_and_a_title() -> None:
    c = clusterer()
    c.place(doc("late", PAPER, "حکومت نے پٹرول سستا کر دیا", hours=5))
    c.place(doc("early", AGENCY, "پٹرول کی قیمت میں 12 روپے 50 پیسے کمی", hours=1))
    (story,) = c.stories()
    assert [m.item_id for m in story.members] == ["early", "late"]
    # backfill: the earlier report is the source, whatever the arrival order
    assert story.members[1].copy_of == "early" and story.members[0].copy_of is None
    assert story.id == story_id_for("late")  # the founder's ID stays
    assert story.first_seen == T0 + timedelta(hours=1)
    assert story.last_seen == T0 + timedelta(hours=5)
    assert story.title in {"حکومت نے پٹرول سستا کر دیا", "پٹرول کی قیمت میں 12 روپے 50 پیسے کمی"}


def _stream() -> list[Doc]:
    docs = []
    for k in range(3):
        docs.append(doc(f"agency-{k}", AGENCY, "پٹرول کی قیمت میں کمی", hours=k * 2))
        docs.append(doc(f"cricket-{k}", CRICKET, "پاکستان نے سیریز جیت لی", hours=k * 2 + 1))
    docs.append(doc("paper", PAPER, "حکومت نے پٹرول سستا کر دیا", hours=9))
    return docs


def _partition(c: Clusterer, docs: list[Doc]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for d in docs:
        sid = c.story_of(d.id)
        assert sid is not None
        groups.setdefault(sid, set()).add(d.id)
    return {frozenset(g) for g in groups.values()}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_backfill_in_any_order_gives_the_same_stories(seed: int) -> None:
    docs = _stream()
    in_order = clusterer()
    for d in docs:
        in_order.place(d)
    shuffled = docs[:]
    random.Random(seed).shuffle(shuffled)
    backfill = clusterer()
    for d in shuffled:
        backfill.place(d)
    assert _partition(in_order, docs) == _partition(backfill, docs)
    assert len(_partition(in_order, docs)) == 2


def test_replay_rebuilds_the_same_stories() -> None:
    docs = _stream()
    first, second = clusterer(), clusterer()
    for d in docs:
        first.place(d)
    for d in docs:
        second.place(d)
    assert first.stories() == second.stories()


@pytest.mark.parametrize(
    ("bad", "refused"),
    [
        (Doc(id="empty"), "empty"),
        (Doc(id="blank", title="  ", text="\n\t"), "empty"),
        (Doc(id="", title="بے شناخت خبر"), "no id"),
        (Doc(id="punct", title="۔۔۔ !!! ،،،"), "no words"),
    ],
)
def test_bad_input_is_refused_with_a_reason(bad: Doc, refused: str) -> None:
    c = clusterer()
    c.place(doc("a", AGENCY, "پٹرول سستا"))
    before = c.stories()
    placed = c.place(bad)
    assert placed.story_id is None and placed.refused and refused in placed.refused
    assert c.stories() == before


@pytest.mark.parametrize(
    ("when", "note"),
    [
        (datetime(1970, 1, 1, tzinfo=UTC), "before"),
        (datetime(2031, 1, 1, tzinfo=UTC), "future"),
    ],
)
def test_impossible_dates_are_ignored_with_a_note(when: datetime, note: str) -> None:
    c = clusterer()
    a = c.place(doc("a", AGENCY, "پٹرول سستا"))
    placed = c.place(Doc(id="odd", title="پٹرول سستا", text=PAPER, published=when))
    assert placed.note and note in placed.note
    assert placed.story_id == a.story_id  # placed at the stream's clock, next to its story
    (story,) = c.stories()
    assert story.first_seen == story.last_seen == T0


def test_a_future_date_is_judged_against_when_the_report_was_seen() -> None:
    """Replaying stored reports (months later) places a report as it was placed live:
    a date that was in the future when the report was fetched stays ignored."""
    ahead = NOW + timedelta(days=30)
    live = Clusterer(now=lambda: NOW)
    replay = Clusterer(now=lambda: ahead + timedelta(days=90))
    for c in (live, replay):
        c.place(doc("a", AGENCY, "پٹرول سستا"))
    odd = Doc(id="odd", title="پٹرول سستا", text=PAPER, published=ahead, seen=NOW)
    placed = [c.place(odd) for c in (live, replay)]
    assert all(p.note and "future" in p.note for p in placed)
    assert [c.stories()[0].last_seen for c in (live, replay)] == [T0, T0]
    fresh = Doc(id="new", title="پٹرول سستا", text=PAPER, published=ahead, seen=ahead)
    assert replay.place(fresh).note is None  # seen on its own date: the date stands


def test_the_same_item_twice_is_placed_once() -> None:
    c = clusterer()
    a = c.place(doc("a", AGENCY, "پٹرول سستا"))
    again = c.place(doc("a", CRICKET, "کچھ اور", hours=3))
    assert again.story_id == a.story_id and again.note and "already" in again.note
    assert [len(s.members) for s in c.stories()] == [1]


def test_one_word_headline_and_huge_article_are_placed() -> None:
    c = clusterer()
    c.place(doc("a", AGENCY, "پٹرول سستا"))
    one = c.place(doc("one", title="پٹرول", hours=1))
    assert one.story_id is not None and one.refused is None
    huge = c.place(doc("huge", (AGENCY + " ") * 12_000, "پٹرول سستا", hours=2))  # ~5 MB
    assert huge.story_id is not None
    assert len({m.item_id for s in c.stories() for m in s.members}) == 3


def test_merging_keeps_the_older_id_and_records_an_alias() -> None:
    c = clusterer()
    a = c.place(doc("a", AGENCY, "پٹرول کی قیمت میں کمی"))
    b = c.place(doc("b", CRICKET, "پاکستان نے سیریز جیت لی", hours=1))
    merged = c.merge(b.story_id or "", a.story_id or "")
    assert merged == a.story_id
    (story,) = c.stories()
    assert story.aliases == (b.story_id,) and c.resolve(b.story_id or "") == a.story_id


def test_doc_from_article_takes_key_entities_and_store_id() -> None:
    item = Item(source="dawn", uid="u1", title="عنوان", text="متن", published=T0)
    article = Article(
        item=item,
        text="عنوان\nمتن",
        title_end=5,
        key="عنوان\nمتن",
        entities=(Entity(0, 5, "LOCATION", id="Q794"), Entity(6, 9, "PERSON")),
    )
    d = doc_from_article(article, 42)
    assert (d.id, d.title, d.text, d.entities, d.published) == ("42", "عنوان", "متن", ("Q794",), T0)


def test_place_articles_returns_the_touched_stories_for_the_store() -> None:
    from akhbar.analyze.read import read_item
    from akhbar.stories.cluster import place_articles

    items = [
        Item(source="app", uid="1", title="پٹرول سستا", text=AGENCY, published=T0),
        Item(
            source="jang",
            uid="2",
            title="پٹرول سستا",
            text=AGENCY,
            published=T0 + timedelta(hours=1),
        ),
        Item(source="geo", uid="3", title="پاکستان نے سیریز جیت لی", text=CRICKET, published=T0),
    ]
    placements, stories = place_articles(
        clusterer(), [(i + 1, read_item(it)) for i, it in enumerate(items)]
    )
    assert [p.item_id for p in placements] == ["1", "2", "3"]
    assert sorted(len(s.members) for s in stories) == [1, 2]
    pair = next(s for s in stories if len(s.members) == 2)
    assert pair.members[1].copy_of == "1" and pair.members[1].grade == "wholly"


def test_merging_an_unknown_story_is_an_input_error() -> None:
    from akhbar.errors import InputError

    c = clusterer()
    a = c.place(doc("a", AGENCY, "پٹرول سستا"))
    with pytest.raises(InputError):
        c.merge(a.story_id or "", "s-nope")
