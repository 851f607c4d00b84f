"""Fixtures of the batch tests: small generated WARC archives of Urdu news pages."""

from __future__ import annotations

import gzip
import io
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from akhbar.batch.archive import Page, news_html, write_warc

URDU_TITLES = (
    "وزیر اعظم کا مہنگائی پر قابو پانے کا اعلان",
    "کراچی میں شدید بارش، کئی علاقے زیر آب",
    "پاکستان اور چین کے درمیان تجارتی معاہدے پر دستخط",
    "لاہور میں کرکٹ میچ کے ٹکٹوں کی فروخت شروع",
    "اسلام آباد ہائی کورٹ نے فیصلہ محفوظ کر لیا",
    "پنجاب میں گندم کی خریداری کا ہدف مقرر",
)

URDU_PARAGRAPHS = (
    "وزیر اعظم شہباز شریف نے کہا ہے کہ حکومت عوام کو ریلیف دینے کے لیے ہر ممکن اقدام کرے گی"
    " اور آئندہ ماہ سے بجلی کی قیمتوں میں کمی کی جائے گی۔",
    "محکمہ موسمیات کے مطابق کراچی میں آئندہ چوبیس گھنٹوں کے دوران مزید بارش کا امکان ہے،"
    " شہریوں کو غیر ضروری سفر سے گریز کرنے کی ہدایت کی گئی ہے۔",
    "وزارت خارجہ کے ترجمان نے بتایا کہ دونوں ممالک کے وفود نے بیجنگ میں ملاقات کی اور"
    " تجارت، توانائی اور مواصلات کے شعبوں میں تعاون بڑھانے پر اتفاق کیا۔",
    "پاکستان کرکٹ بورڈ کے مطابق قذافی اسٹیڈیم میں ہونے والے میچ کے لیے شائقین آن لائن"
    " ٹکٹ خرید سکیں گے اور سکیورٹی کے سخت انتظامات کیے جائیں گے۔",
    "عدالت نے فریقین کے دلائل سننے کے بعد فیصلہ محفوظ کر لیا جو آئندہ ہفتے سنایا جائے گا،"
    " درخواست گزار کے وکیل نے کہا کہ انہیں انصاف کی امید ہے۔",
    "صوبائی وزیر خوراک نے بتایا کہ اس سال کسانوں سے چالیس لاکھ ٹن گندم خریدی جائے گی"
    " اور ادائیگی بینکوں کے ذریعے براہ راست کی جائے گی۔",
)

PERSIAN = (
    "وزیر امور خارجه ایران روز دوشنبه در سفری رسمی به مسکو رفت و با همتای روسی خود درباره"
    " همکاری‌های اقتصادی و انرژی گفتگو کرد. این دیدار در ادامه رایزنی‌های دو کشور برگزار شد."
)
ARABIC = (
    "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في العاصمة، وقال الوزير إن المستشفى"
    " سيخدم آلاف المرضى سنويا وسيوفر فرص عمل جديدة للشباب في المنطقة."
)
ENGLISH = (
    "The prime minister said on Monday that the government would cut electricity prices"
    " from next month and take every possible step to give the public relief."
)


def urdu_page(i: int) -> Page:
    """An Urdu news page, different for every ``i``."""
    title = f"{URDU_TITLES[i % len(URDU_TITLES)]} ({i})"
    paras = [URDU_PARAGRAPHS[(i + k) % len(URDU_PARAGRAPHS)] for k in range(3)]
    paras.append(f"یہ خبر نمبر {i} ہے جو ہمارے نامہ نگار نے بھیجی ہے اور اس کی تصدیق کی گئی ہے۔")
    day = datetime(2024, 3, 1 + i % 28, 9, i % 60, tzinfo=UTC)
    html = news_html(title, paras, published=day.isoformat())
    return Page(f"https://urdu.example.pk/news/{i}", html, date=day)


def foreign_page(i: int, text: str) -> Page:
    """A news page in another language."""
    return Page(f"https://other.example.com/{i}", news_html("News", [text, text]))


def raw_member(url: str, block: bytes) -> bytes:
    """A gzip member holding a WARC response record whose block has no HTTP headers."""
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Target-URI: {url}\r\n"
        "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
        "WARC-Date: 2024-03-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(block)}\r\n\r\n"
    ).encode()
    return gzip.compress(head + block + b"\r\n\r\n")


def warc_bytes(pages: list[Page]) -> bytes:
    """Pages as gzip WARC bytes."""
    buf = io.BytesIO()
    write_warc(buf, pages)
    return buf.getvalue()


class Samples:
    """The sample texts and page builders, for tests (conftest cannot be imported)."""

    titles = URDU_TITLES
    paragraphs = URDU_PARAGRAPHS
    persian = PERSIAN
    arabic = ARABIC
    english = ENGLISH
    urdu_page = staticmethod(urdu_page)
    foreign_page = staticmethod(foreign_page)
    warc_bytes = staticmethod(warc_bytes)


@pytest.fixture
def samples() -> type[Samples]:
    """Sample texts and page builders."""
    return Samples


@pytest.fixture
def make_warc(tmp_path: Path) -> Callable[[str, list[Page]], Path]:
    """Write pages as a gzip WARC file under tmp_path."""

    def make(name: str, pages: list[Page]) -> Path:
        path = tmp_path / name
        path.write_bytes(warc_bytes(pages))
        return path

    return make


@pytest.fixture(scope="session")
def mixed_warc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """24 Urdu pages, 3 foreign pages, a 404, and four kinds of damage, in one archive.

    Damage: a record with no HTTP headers, a gzip member that does not decompress, a
    record over the (test) size cap, and a truncated last record.
    """
    pages = [urdu_page(i) for i in range(24)]
    parts = [warc_bytes(pages[:6])]
    parts.append(warc_bytes([foreign_page(1, PERSIAN), foreign_page(2, ARABIC)]))
    parts.append(
        raw_member("https://urdu.example.pk/raw", news_html("خبر", URDU_PARAGRAPHS).encode())
    )
    parts.append(warc_bytes(pages[6:12]))
    broken = bytearray(warc_bytes([urdu_page(99)]))
    broken[60:120] = b"\x00" * 60
    parts.append(bytes(broken))
    parts.append(warc_bytes([foreign_page(3, ENGLISH)]))
    missing = Page("https://urdu.example.pk/gone", news_html("x", URDU_PARAGRAPHS), "404 Not Found")
    parts.append(warc_bytes([missing, *pages[12:18]]))
    big = news_html("بڑی خبر", list(URDU_PARAGRAPHS) * 400)  # ~600 kB, over the 200 kB cap
    parts.append(warc_bytes([Page("https://urdu.example.pk/big", big), *pages[18:24]]))
    parts.append(warc_bytes([urdu_page(100)])[:-80])
    path = tmp_path_factory.mktemp("mixed") / "mixed.warc.gz"
    path.write_bytes(b"".join(parts))
    return path
