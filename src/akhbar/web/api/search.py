"""Search: ``GET /api/search?q=...`` with filters, ranked, with highlighted snippets."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from akhbar.model import SourceType
from akhbar.store.query import MAX_LIMIT, MAX_QUERY_CHARS, SearchQuery
from akhbar.web import queries
from akhbar.web.api.caching import cached
from akhbar.web.api.schemas import Envelope, ErrorOut, HitOut, hit_out
from akhbar.web.deps import StoreDep

router = APIRouter(prefix="/search", tags=["search"])

Filter = Annotated[str | None, Query(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]+$")]


@router.get(
    "",
    response_model=Envelope[HitOut],
    responses={400: {"model": ErrorOut}, 422: {"model": ErrorOut}},
)
def search(
    request: Request,
    store: StoreDep,
    q: Annotated[
        str,
        Query(
            max_length=MAX_QUERY_CHARS,
            description='words, "a phrase", prefix*, -excluded, a OR b; empty lists by date',
        ),
    ] = "",
    since: Annotated[datetime | None, Query()] = None,
    until: Annotated[datetime | None, Query()] = None,
    source: Filter = None,
    source_type: Annotated[SourceType | None, Query()] = None,
    topic: Filter = None,
    entity: Filter = None,
    story: Filter = None,
    group: Annotated[bool, Query(description="one hit per story")] = False,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
    cursor: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    """Reports matching the query, best first (newest first without query text)."""
    query = SearchQuery(
        text=q,
        since=since,
        until=until,
        source=source,
        source_type=source_type,
        topic=topic,
        entity=entity,
        story=story,
        group_by_story=group,
        limit=limit,
        cursor=cursor,
    )
    result = queries.search(store, query)
    body = Envelope[HitOut](
        data=[hit_out(h) for h in result.hits],
        count=len(result.hits),
        total=result.total,
        next_cursor=result.next_cursor,
    )
    return cached(request, body)
