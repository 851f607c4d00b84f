"""Articles: ``GET /api/articles`` (in id order) and ``GET /api/articles/{id}``."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from akhbar.errors import QueryError
from akhbar.web import queries
from akhbar.web.api.caching import cached
from akhbar.web.api.errors import ApiError
from akhbar.web.api.schemas import (
    ArticleOut,
    ArticleSummaryOut,
    Envelope,
    ErrorOut,
    article_full,
    article_summary,
)
from akhbar.web.deps import StoreDep

router = APIRouter(prefix="/articles", tags=["articles"], responses={422: {"model": ErrorOut}})

MAX_ID = 2**63 - 1
Key = Annotated[str | None, Query(min_length=1, max_length=64, pattern=r"^[^\x00-\x1f\x7f]+$")]


def encode_after(item_id: int) -> str:
    """The cursor for the page after ``item_id``."""
    return base64.urlsafe_b64encode(f"a:{item_id}".encode()).decode().rstrip("=")


def decode_after(cursor: str) -> int:
    """The id in an ``encode_after`` cursor; ``QueryError`` if it is not one."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, value = raw.partition(":")
        item_id = int(value)
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise QueryError("not a valid cursor") from exc
    if kind != "a" or not 0 <= item_id <= MAX_ID:
        raise QueryError("not a valid cursor")
    return item_id


@router.get("", response_model=Envelope[ArticleSummaryOut])
def list_articles(
    request: Request,
    store: StoreDep,
    source: Key = None,
    kind: Annotated[Literal["article", "headline", "post"] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=queries.MAX_PAGE)] = 20,
    cursor: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    """Stored reports in the order they were stored, filtered by source and kind."""
    after = decode_after(cursor) if cursor else None
    page, next_after = queries.articles(
        store, source=source, kind=kind, limit=limit, after_id=after
    )
    body = Envelope[ArticleSummaryOut](
        data=[article_summary(s) for s in page],
        count=len(page),
        next_cursor=None if next_after is None else encode_after(next_after),
    )
    return cached(request, body)


@router.get("/{item_id}", response_model=ArticleOut, responses={404: {"model": ErrorOut}})
def get_article(
    request: Request, store: StoreDep, item_id: Annotated[int, Path(ge=1, le=MAX_ID)]
) -> Response:
    """One report with its analysis."""
    stored = queries.article(store, item_id)
    if stored is None:
        raise ApiError(404, "not_found", f"no article {item_id}")
    return cached(request, article_full(stored))
