"""The JSON API over a real HTTP server on 127.0.0.1, on a real SQLite store."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from akhbar.config import Settings
from akhbar.demo import serve_in_thread
from akhbar.model import Article, Entity, Item, Member, Story, Topic
from akhbar.store import open_store
from akhbar.store.base import Store
from akhbar.web.app import create_app

TOKEN = "s3cret-token"
T0 = datetime(2017, 6, 1, 12, 0, tzinfo=UTC)
HEADLINES = [
    ("bbc", "ایران نے جوہری معاہدے پر بات کی", "تہران میں وزیر خارجہ نے امریکہ سے بات کی۔"),
    ("geo", "ايران کے صدر کا دورہ", "ﺍﻳﺮﺍﻥ کے صدر اسلام آباد پہنچ گئے۔"),
    ("dawn", "لاہور میں کرکٹ میچ", "قذافی اسٹیڈیم میں پاکستان نے میچ جیت لیا۔"),
    ("dawn", "كراچی میں بارش", "کراچی میں موسلادھار بارش سے سڑکیں ڈوب گئیں۔"),
] + [("app", f"خبر نمبر {n}", "مختصر خبر۔") for n in range(30)]


@dataclass(frozen=True)
class Api:
    store: Store
    client: httpx.Client
    ids: list[int]
    base: str


def fill(store: Store) -> list[int]:
    """Store the headlines, analyze one, and group the two Iran reports in a story."""
    items = [
        Item(
            source=src,
            uid=f"u{n}",
            title=title,
            text=body,
            source_type="newspaper",
            published=T0 + timedelta(hours=n),
            url=f"https://example.org/{n}",
        )
        for n, (src, title, body) in enumerate(HEADLINES)
    ]
    ids = list(store.add_items(items).new_ids)
    first = items[0]
    text = f"{first.title}\n{first.text}"
    store.save_articles(
        [
            (
                ids[0],
                Article(
                    item=first,
                    text=text,
                    title_end=len(first.title),
                    topic=Topic("world", 0.9),
                    entities=(Entity(0, 5, "LOCATION", "Q794", "Iran"),),
                ),
            )
        ]
    )
    store.save_stories(
        [
            Story(
                "iran-visit",
                "ایران",
                members=(Member(str(ids[0])), Member(str(ids[1]))),
                first_seen=T0,
                last_seen=T0 + timedelta(hours=1),
            )
        ]
    )
    return ids


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    db = tmp_path_factory.mktemp("api") / "akhbar.db"
    store = open_store(db)
    ids = fill(store)
    app = create_app(Settings(db=str(db), api_token=TOKEN), store=store)
    with serve_in_thread(app) as base, httpx.Client(base_url=base, timeout=30) as client:
        yield Api(store, client, ids, base)
    store.close()


def _error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return dict(body["error"])


@pytest.mark.parametrize("spelling", ["ایران", "ايران", "ﺍﻳﺮﺍﻥ"])
def test_search_matches_letter_variants(api: Api, spelling: str) -> None:
    r = api.client.get("/api/search", params={"q": spelling})
    assert r.status_code == 200
    body = r.json()
    assert {h["id"] for h in body["data"]} == {api.ids[0], api.ids[1]}
    assert body["count"] == 2 and body["total"] == 2 and body["next_cursor"] is None
    for hit in body["data"]:
        spans = hit["title_highlights"] + hit["highlights"]
        assert spans
        for start, end in hit["title_highlights"]:
            assert hit["title"][start:end] == "ایران"  # the display form


def test_search_filters_group_and_cursor(api: Api) -> None:
    r = api.client.get("/api/search", params={"q": "ایران", "source": "geo"})
    assert [h["id"] for h in r.json()["data"]] == [api.ids[1]]
    r = api.client.get("/api/search", params={"q": "ایران", "group": "true"})
    (hit,) = r.json()["data"]
    assert hit["story"] == "iran-visit" and hit["others"] == 1
    r = api.client.get("/api/search", params={"entity": "Iran"})
    assert [h["id"] for h in r.json()["data"]] == [api.ids[0]]
    r = api.client.get("/api/search", params={"topic": "world"})
    assert [h["id"] for h in r.json()["data"]] == [api.ids[0]]
    since = (T0 + timedelta(hours=2)).isoformat()
    r = api.client.get("/api/search", params={"q": "کراچی", "since": since})
    assert [h["id"] for h in r.json()["data"]] == [api.ids[3]]
    seen: list[int] = []
    params: dict[str, Any] = {"q": "خبر", "limit": 7}
    while True:
        body = api.client.get("/api/search", params=params).json()
        seen.extend(h["id"] for h in body["data"])
        if body["next_cursor"] is None:
            break
        params["cursor"] = body["next_cursor"]
    assert len(seen) == len(set(seen)) == 30


def test_stories(api: Api) -> None:
    body = api.client.get("/api/stories").json()
    assert body["count"] == 1 and body["data"][0]["id"] == "iran-visit"
    assert body["data"][0]["size"] == 2
    detail = api.client.get("/api/stories/iran-visit").json()
    assert [m["article"]["id"] for m in detail["members"]] == api.ids[:2]
    _error(api.client.get("/api/stories/nothing-here"), 404, "not_found")


def test_articles_list_and_detail(api: Api) -> None:
    seen: list[int] = []
    params: dict[str, Any] = {"limit": 10}
    while True:
        body = api.client.get("/api/articles", params=params).json()
        assert body["count"] == len(body["data"]) <= 10
        seen.extend(a["id"] for a in body["data"])
        if not body["next_cursor"]:
            break
        params["cursor"] = body["next_cursor"]
    assert seen == api.ids
    dawn = api.client.get("/api/articles", params={"source": "dawn"}).json()
    assert {a["source"] for a in dawn["data"]} == {"dawn"}
    art = api.client.get(f"/api/articles/{api.ids[0]}").json()
    assert art["topic"] == "world" and art["story"] == "iran-visit"
    assert art["entities"][0]["text"] == "ایران" and art["entities"][0]["english"] == "Iran"
    plain = api.client.get(f"/api/articles/{api.ids[1]}").json()
    assert plain["text"].startswith("ایران کے صدر")  # display form before any analysis
    _error(api.client.get("/api/articles/999999"), 404, "not_found")


@pytest.mark.parametrize("name", ["Q794", "Iran", "ایران"])
def test_entity(api: Api, name: str) -> None:
    body = api.client.get(f"/api/entities/{quote(name)}").json()
    assert body["name"] == "ایران" and body["english"] == "Iran" and body["label"] == "LOCATION"
    assert [h["id"] for h in body["data"]] == [api.ids[0]]


def test_entity_unknown_is_404(api: Api) -> None:
    _error(api.client.get("/api/entities/nobody"), 404, "not_found")


def test_reads_have_etag_and_cache_control(api: Api) -> None:
    r = api.client.get("/api/search", params={"q": "ایران"})
    etag = r.headers["etag"]
    assert "max-age" in r.headers["cache-control"]
    again = api.client.get("/api/search", params={"q": "ایران"}, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.headers["etag"] == etag and not again.content
    other = api.client.get("/api/search", params={"q": "کراچی"}, headers={"If-None-Match": etag})
    assert other.status_code == 200


def test_writes_need_the_token(api: Api) -> None:
    new = {
        "key": "express",
        "name": "ایکسپریس",
        "type": "newspaper",
        "url": "https://www.express.pk/feed/",
    }
    r = api.client.post("/api/sources", json=new)
    assert _error(r, 401, "unauthorized") and r.headers["www-authenticate"].startswith("Bearer")
    _error(
        api.client.post("/api/sources", json=new, headers={"Authorization": "Bearer nope"}),
        403,
        "forbidden",
    )
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = api.client.post("/api/sources", json=new, headers=auth)
    assert r.status_code == 201 and r.json()["name"] == "ایکسپریس"
    assert r.headers["cache-control"] == "no-store"
    keys = [s["key"] for s in api.client.get("/api/sources").json()["data"]]
    assert "express" in keys
    r = api.client.post("/api/sources/express/fetch", headers=auth)
    assert r.status_code == 202 and r.json() == {"source": "express", "status": "queued"}
    assert api.client.get("/api/sources/express").json()["next_poll"] is not None
    _error(api.client.post("/api/sources/nobody/fetch", headers=auth), 404, "not_found")
    _error(api.client.delete("/api/sources/express"), 401, "unauthorized")
    assert api.client.delete("/api/sources/express", headers=auth).status_code == 204
    _error(api.client.delete("/api/sources/express", headers=auth), 404, "not_found")


def test_writes_are_off_without_a_configured_token(tmp_path: Path) -> None:
    store = open_store(tmp_path / "a.db")
    app = create_app(Settings(db=str(tmp_path / "a.db")), store=store)
    with serve_in_thread(app) as base, httpx.Client(base_url=base) as client:
        r = client.post(
            "/api/sources",
            json={"key": "x", "name": "x"},
            headers={"Authorization": "Bearer anything"},
        )
        _error(r, 403, "writes_disabled")
    store.close()


@pytest.mark.parametrize(
    ("path", "params", "status", "code"),
    [
        ("/api/search", {"q": "x" * 501}, 422, "invalid_request"),
        ("/api/search", {"q": "ایران", "limit": 101}, 422, "invalid_request"),
        ("/api/search", {"limit": 0}, 422, "invalid_request"),
        ("/api/search", {"q": "-ایران"}, 400, "bad_query"),
        ("/api/search", {"cursor": "garbage!"}, 400, "bad_query"),
        ("/api/search", {"since": "yesterday"}, 422, "invalid_request"),
        ("/api/search", {"source_type": "blog"}, 422, "invalid_request"),
        ("/api/search", {"source": "a\x00b"}, 400, "bad_input"),
        ("/api/stories", {"limit": 10_000}, 422, "invalid_request"),
        ("/api/articles", {"limit": 101}, 422, "invalid_request"),
        ("/api/articles/0", {}, 422, "invalid_request"),
        ("/api/articles/99999999999999999999999", {}, 422, "invalid_request"),
        ("/api/articles/abc", {}, 422, "invalid_request"),
        ("/api/nothing", {}, 404, "not_found"),
    ],
)
def test_bad_requests_get_4xx_json(
    api: Api, path: str, params: dict[str, Any], status: int, code: str
) -> None:
    error = _error(api.client.get(path, params=params), status, code)
    if code == "invalid_request":
        assert error["details"]


def test_huge_url_is_414(api: Api) -> None:
    _error(api.client.get("/api/search", params={"q": "ا" * 4000}), 414, "uri_too_long")


@pytest.mark.parametrize(
    "query",
    ['"', "NEAR(", "*", "'; DROP TABLE items; --", "a OR", "OR OR", "-", "((((", "\u202e"],
)
def test_odd_queries_never_500(api: Api, query: str) -> None:
    r = api.client.get("/api/search", params={"q": query})
    assert r.status_code in (200, 400), r.text


def test_openapi_schema(api: Api) -> None:
    schema = api.client.get("/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/search",
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/articles",
        "/api/articles/{item_id}",
        "/api/entities/{key}",
        "/api/sources",
    ):
        assert "get" in paths[path], path
    assert "post" in paths["/api/sources"] and "delete" in paths["/api/sources/{key}"]
    assert not any(p.startswith("/static") for p in paths)


def test_a_store_that_cannot_answer_is_503_json(tmp_path: Path) -> None:
    store = open_store(tmp_path / "gone.db")
    app = create_app(Settings(db=str(tmp_path / "gone.db")), store=store)
    store.close()  # the database went away under the app
    with serve_in_thread(app) as base, httpx.Client(base_url=base) as client:
        _error(client.get("/api/articles/1"), 503, "store_unavailable")
