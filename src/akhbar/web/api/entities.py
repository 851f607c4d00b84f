"""Entities: ``GET /api/entities/{key}``: who or what, and the reports naming it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from akhbar.store.query import MAX_LIMIT
from akhbar.web import queries
from akhbar.web.api.caching import cached
from akhbar.web.api.errors import ApiError
from akhbar.web.api.schemas import EntityReportsOut, ErrorOut, hit_out
from akhbar.web.deps import StoreDep

router = APIRouter(prefix="/entities", tags=["entities"], responses={422: {"model": ErrorOut}})


@router.get("/{key}", response_model=EntityReportsOut, responses={404: {"model": ErrorOut}})
def get_entity(
    request: Request,
    store: StoreDep,
    key: Annotated[
        str,
        Path(
            min_length=1,
            max_length=200,
            pattern=r"^[^\x00-\x1f\x7f]+$",
            description="an entity id, an English name, an Urdu name or label:name",
        ),
    ],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
    cursor: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    """An entity and the reports that name it, best first."""
    found = queries.entity_reports(store, key, limit=limit, cursor=cursor)
    if found is None:
        raise ApiError(404, "not_found", f"no report names {key!r}")
    result = found.result
    body = EntityReportsOut(
        key=found.key,
        name=found.name,
        english=found.english,
        label=found.label,
        data=[hit_out(h) for h in result.hits],
        count=len(result.hits),
        total=result.total,
        next_cursor=result.next_cursor,
    )
    return cached(request, body)
