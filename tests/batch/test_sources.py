"""Reading archives: shards, the cheap Urdu check, and bad input counted with reasons."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from akhbar.batch.archive import Page, news_html
from akhbar.batch.sources import (
    Limits,
    Problem,
    Raw,
    Record,
    plan_shards,
    read_shard,
    urdu_letters,
)
from akhbar.errors import InputError

SMALL = Limits(max_record_bytes=200_000)
URDU = (
    "وزیر اعظم نے کہا ہے کہ حکومت عوام کو ریلیف دینے کے لیے ہر ممکن اقدام کرے گی۔",
    "محکمہ موسمیات کے مطابق کراچی میں مزید بارش کا امکان ہے، شہریوں کو ہدایت کی گئی ہے۔",
)
PERSIAN = "وزیر امور خارجه ایران روز دوشنبه در سفری رسمی به مسکو رفت و با همتای روسی خود گفتگو کرد."
ARABIC = "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في العاصمة، وقال الوزير إن المستشفى سيخدم."
ENGLISH = "The prime minister said on Monday that the government would cut electricity prices."


def read_all(paths: list[Path], limits: Limits = SMALL, **plan: int) -> list[Record]:
    out: list[Record] = []
    for shard in plan_shards([str(p) for p in paths], **plan):
        out.extend(read_shard(shard, limits))
    return out


def reasons(records: list[Record], error: bool) -> list[str]:
    return [r.reason for r in records if isinstance(r, Problem) and r.error is error]


@pytest.mark.parametrize(
    ("text", "urdu"),
    [
        (URDU[0], True),
        (URDU[1], True),
        (PERSIAN, False),
        (ARABIC, False),
        (ENGLISH, False),
    ],
)
def test_cheap_check_counts_letters_only_urdu_uses(text: str, urdu: bool) -> None:
    assert (urdu_letters(text.encode()) >= 5) is urdu
    assert urdu_letters(text.encode()) == urdu_letters(text)


def test_mixed_archive_counts_every_record(mixed_warc: Path) -> None:
    records = read_all([mixed_warc])
    pages = [r for r in records if isinstance(r, Raw)]
    assert len(pages) == 24
    assert all(isinstance(p.html, bytes) and p.url for p in pages)
    assert sorted(reasons(records, False)) == ["http-404", *["not-urdu-script"] * 3]
    assert sorted(reasons(records, True)) == [
        "bad-gzip",
        "no-http-headers",
        "record-too-large",
        "truncated-record",
    ]


@pytest.mark.parametrize("shard_bytes", [700, 2_500, 9_000])
def test_range_shards_read_each_record_once(mixed_warc: Path, shard_bytes: int) -> None:
    whole = read_all([mixed_warc])
    split = read_all([mixed_warc], shard_bytes=shard_bytes)
    assert len(plan_shards([str(mixed_warc)], shard_bytes=shard_bytes)) > 2
    assert [(type(r).__name__, r.ref) for r in split] == [(type(r).__name__, r.ref) for r in whole]


def test_a_fifty_megabyte_record_is_an_error_and_the_shard_goes_on(
    samples: Any,
    make_warc: Callable[[str, list[Page]], Path],
) -> None:
    huge = news_html("بہت بڑی خبر", [samples.paragraphs[0]] * 220_000)
    assert len(huge.encode()) > 50_000_000
    path = make_warc(
        "huge.warc.gz",
        [samples.urdu_page(1), Page("https://x.pk/huge", huge), samples.urdu_page(2)],
    )
    records = read_all([path], Limits())
    assert reasons(records, True) == ["record-too-large"]
    assert [r.url for r in records if isinstance(r, Raw)] == [
        "https://urdu.example.pk/news/1",
        "https://urdu.example.pk/news/2",
    ]


def test_a_truncated_archive_keeps_what_came_before(samples: Any, tmp_path: Path) -> None:
    data = samples.warc_bytes([samples.urdu_page(i) for i in range(5)])
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: len(data) * 2 // 3])
    records = read_all([path])
    assert 2 <= sum(isinstance(r, Raw) for r in records) < 5
    assert reasons(records, True) in (["truncated-record"], ["truncated-warc"])


def test_a_plain_warc_is_read_too(samples: Any, tmp_path: Path) -> None:
    from akhbar.batch.archive import write_warc

    path = tmp_path / "plain.warc"
    with open(path, "wb") as f:
        write_warc(f, [samples.urdu_page(i) for i in range(3)], gzip=False)
    assert sum(isinstance(r, Raw) for r in read_all([path])) == 3


def test_json_lines_split_into_ranges(samples: Any, tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    lines = [
        json.dumps(
            {"title": f"خبر {i}", "text": samples.paragraphs[i % 6], "url": f"https://a.pk/{i}"}
        )
        for i in range(30)
    ]
    lines[7] = "{not json"
    lines[9] = json.dumps({"title": "News", "text": ENGLISH})
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    whole = read_all([path])
    split = read_all([path], shard_bytes=1_000)
    assert [r.ref for r in split] == [r.ref for r in whole]
    assert sum(isinstance(r, Raw) for r in whole) == 28
    assert reasons(whole, True) == ["bad-json"]
    assert reasons(whole, False) == ["not-urdu-script"]


def test_csv_and_a_directory_of_pages(samples: Any, tmp_path: Path) -> None:
    csv_path = tmp_path / "headlines.csv"
    rows = ["category,date,url,title,lede"]
    rows += [
        f'world,2017-01-0{i + 1},https://e.pk/{i},"{samples.paragraphs[i][:40]}","{samples.paragraphs[i]}"'
        for i in range(5)
    ]
    csv_path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(7):
        (pages / f"{i:02d}.txt").write_text(f"خبر {i}\n{samples.paragraphs[i % 6]}\n", "utf-8")
    (pages / "en.txt").write_text(f"News\n{ENGLISH}\n", "utf-8")
    records = read_all([csv_path, pages], records_per_shard=3)
    raws = [r for r in records if isinstance(r, Raw)]
    assert len(raws) == 12
    assert raws[0].published is not None and raws[0].published.year == 2017
    assert sum(r.page is not None for r in raws) == 7
    assert reasons(records, False) == ["not-urdu-script"]
    assert len(plan_shards([str(pages)], records_per_shard=3)) == 3
    rows = plan_shards([str(csv_path)], records_per_shard=2)
    assert [(s.start, s.end, s.rows) for s in rows] == [(0, 2, True), (2, 4, True), (4, 5, True)]
    whole = [r.ref for r in read_all([csv_path])]
    assert [r.ref for r in read_all([csv_path], records_per_shard=2)] == whole


def test_gzip_json_lines_and_fsspec_urls(samples: Any, tmp_path: Path) -> None:
    import fsspec

    data = "\n".join(json.dumps({"title": "خبر", "text": p}) for p in samples.paragraphs)
    path = tmp_path / "news.jsonl.gz"
    path.write_bytes(gzip.compress(data.encode()))
    assert sum(isinstance(r, Raw) for r in read_all([path])) == 6
    assert len(plan_shards([str(path)], records_per_shard=4)) == 2
    assert [r.ref for r in read_all([path], records_per_shard=4)] == [
        r.ref for r in read_all([path])
    ]
    with fsspec.open("memory://batch-test/news.warc.gz", "wb") as f:
        f.write(samples.warc_bytes([samples.urdu_page(i) for i in range(4)]))
    shards = plan_shards(["memory://batch-test/news.warc.gz"])
    assert sum(isinstance(r, Raw) for s in shards for r in read_shard(s)) == 4


def test_planning_refuses_what_it_cannot_read(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        plan_shards([str(tmp_path / "missing.warc.gz")])
    odd = tmp_path / "x.pdf"
    odd.write_bytes(b"%PDF")
    with pytest.raises(InputError):
        plan_shards([str(odd)])
