"""Schemathesis against our own OpenAPI schema: no request it makes gets a 500."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402

from akhbar.config import Settings  # noqa: E402
from akhbar.demo import serve_in_thread  # noqa: E402
from akhbar.model import Item, Member, Story  # noqa: E402
from akhbar.store import open_store  # noqa: E402
from akhbar.web.app import create_app  # noqa: E402

TOKEN = "fuzz-token"
T0 = datetime(2017, 6, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("fuzz") / "akhbar.db"
    store = open_store(db)
    ids = store.add_items(
        [
            Item(
                source="bbc",
                uid=str(n),
                title=f"ایران خبر {n}",
                text="ﺍﻳﺮﺍﻥ اور پاکستان",
                published=T0 + timedelta(hours=n),
            )
            for n in range(5)
        ]
    ).new_ids
    store.save_stories([Story("s1", "ایران", members=tuple(Member(str(i)) for i in ids))])
    app = create_app(Settings(db=str(db), api_token=TOKEN), store=store)
    with serve_in_thread(app) as base:
        yield base
    store.close()


def _operations(base_url: str) -> list[Any]:
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
    return [result.ok() for result in schema.get_all_operations()]


def test_schema_lists_every_route(base_url: str) -> None:
    labels = {op.label for op in _operations(base_url)}
    assert "GET /api/search" in labels and "POST /api/sources" in labels


@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_no_request_gets_a_500(base_url: str, mode: str) -> None:
    failures: list[str] = []
    generation = schemathesis.GenerationMode(mode)
    for operation in _operations(base_url):

        @settings(
            max_examples=12,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation))
        def check(case: Any) -> None:
            headers = {**(case.headers or {}), "Authorization": f"Bearer {TOKEN}"}
            response = case.call(headers=headers)
            if response.status_code >= 500:
                failures.append(
                    f"{case.method} {case.formatted_path} {case.query}: "
                    f"{response.status_code} {response.text[:200]}"
                )
            elif response.status_code >= 400:
                assert response.json()["error"]["code"]

        try:
            check()
        except Unsatisfiable:  # nothing to get wrong: e.g. no parameters at all
            assert mode == "negative"
    assert not failures, failures
