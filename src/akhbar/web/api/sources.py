"""Sources: list and read them; add, remove or fetch one now with the API token.

A fetch is queued, not run in the request: the source's next poll is set to now and
``akhbar run`` (the poller) picks it up, so the web layer never calls ingest itself.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from akhbar.model import Source
from akhbar.web import queries
from akhbar.web.api.caching import cached, fresh
from akhbar.web.api.errors import ApiError
from akhbar.web.api.schemas import (
    Envelope,
    ErrorOut,
    FetchOut,
    SourceIn,
    SourceOut,
    source_out,
)
from akhbar.web.deps import StoreDep, WriteAccess

router = APIRouter(prefix="/sources", tags=["sources"], responses={422: {"model": ErrorOut}})
WRITE_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorOut, "description": "no token"},
    403: {"model": ErrorOut, "description": "wrong token, or writes disabled"},
}

SourceKey = Annotated[
    str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")
]


@router.get("", response_model=Envelope[SourceOut])
def list_sources(request: Request, store: StoreDep) -> Response:
    """Every source with its polling state and health."""
    records = queries.sources(store)
    body = Envelope[SourceOut](
        data=[source_out(r) for r in records], count=len(records), total=len(records)
    )
    return cached(request, body)


@router.get("/{key}", response_model=SourceOut, responses={404: {"model": ErrorOut}})
def get_source(request: Request, store: StoreDep, key: SourceKey) -> Response:
    """One source."""
    record = queries.source(store, key)
    if record is None:
        raise ApiError(404, "not_found", f"no source {key!r}")
    return cached(request, source_out(record))


@router.post(
    "",
    response_model=SourceOut,
    status_code=201,
    dependencies=[WriteAccess],
    responses=WRITE_ERRORS,
)
def add_source(store: StoreDep, body: SourceIn) -> Response:
    """Add a source, or update the one with this key (needs the token)."""
    source = Source(
        key=body.key, name=body.name, type=body.type, url=body.url, language=body.language
    )
    record = queries.add_source(store, source, body.kind)
    return fresh(source_out(record), status=201)


@router.delete(
    "/{key}",
    status_code=204,
    dependencies=[WriteAccess],
    responses={**WRITE_ERRORS, 404: {"model": ErrorOut}},
)
def remove_source(store: StoreDep, key: SourceKey) -> Response:
    """Remove a source with its reports (needs the token)."""
    if not queries.remove_source(store, key):
        raise ApiError(404, "not_found", f"no source {key!r}")
    return Response(status_code=204, headers={"Cache-Control": "no-store"})


@router.post(
    "/{key}/fetch",
    response_model=FetchOut,
    status_code=202,
    dependencies=[WriteAccess],
    responses={**WRITE_ERRORS, 404: {"model": ErrorOut}},
)
def fetch_source(store: StoreDep, key: SourceKey) -> Response:
    """Queue a fetch of this source now (needs the token); the poller runs it."""
    if queries.queue_fetch(store, key) is None:
        raise ApiError(404, "not_found", f"no source {key!r}")
    return fresh(FetchOut(source=key, status="queued"), status=202)
