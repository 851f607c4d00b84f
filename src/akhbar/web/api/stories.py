"""Stories: ``GET /api/stories`` (newest first) and ``GET /api/stories/{id}``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from akhbar.store.query import decode_cursor, encode_cursor
from akhbar.web import queries
from akhbar.web.api.caching import cached
from akhbar.web.api.errors import ApiError
from akhbar.web.api.schemas import (
    Envelope,
    ErrorOut,
    StoryDetailOut,
    StoryOut,
    story_detail,
    story_summary,
)
from akhbar.web.deps import StoreDep

router = APIRouter(prefix="/stories", tags=["stories"], responses={422: {"model": ErrorOut}})

StoryId = Annotated[str, Path(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]+$")]


@router.get("", response_model=Envelope[StoryOut])
def list_stories(
    request: Request,
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=queries.MAX_PAGE)] = 20,
    cursor: Annotated[str | None, Query(max_length=64)] = None,
    since: Annotated[datetime | None, Query(description="only stories seen since")] = None,
) -> Response:
    """Stories, most recently seen first."""
    offset = decode_cursor(cursor) if cursor else 0
    page, more = queries.front_stories(store, limit=limit, offset=offset, since=since)
    body = Envelope[StoryOut](
        data=[story_summary(s) for s in page],
        count=len(page),
        next_cursor=encode_cursor(offset + len(page)) if more else None,
    )
    return cached(request, body)


@router.get("/{story_id}", response_model=StoryDetailOut, responses={404: {"model": ErrorOut}})
def get_story(request: Request, store: StoreDep, story_id: StoryId) -> Response:
    """One story (by its id or an alias) with its reports."""
    detail = queries.story_detail(store, story_id)
    if detail is None:
        raise ApiError(404, "not_found", f"no story {story_id!r}")
    return cached(request, story_detail(detail.story, list(detail.members)))
