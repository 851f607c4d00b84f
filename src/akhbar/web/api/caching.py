"""Read responses with an ETag and Cache-Control; ``If-None-Match`` answers 304."""

from __future__ import annotations

import hashlib

from fastapi import Request
from fastapi.responses import Response
from pydantic import BaseModel

READ_CACHE = "public, max-age=30, stale-while-revalidate=30"
WRITE_CACHE = "no-store"


def _matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    if header.strip() == "*":
        return True
    wanted = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == wanted for tag in header.split(","))


def cached(request: Request, model: BaseModel, *, cache: str = READ_CACHE) -> Response:
    """``model`` as JSON with a weak ETag of its bytes; 304 when the client has it."""
    body = model.model_dump_json().encode()
    etag = 'W/"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
    headers = {"ETag": etag, "Cache-Control": cache, "Vary": "Accept-Encoding"}
    if _matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)


def fresh(model: BaseModel, status: int = 200) -> Response:
    """A write's answer: JSON, never cached."""
    return Response(
        model.model_dump_json().encode(),
        status_code=status,
        media_type="application/json",
        headers={"Cache-Control": WRITE_CACHE},
    )


__all__ = ["READ_CACHE", "cached", "fresh"]
