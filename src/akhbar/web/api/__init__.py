"""The JSON API: one router per resource under ``/api``."""

from __future__ import annotations

from fastapi import APIRouter


def api_router() -> APIRouter:
    """The ``/api`` router with every resource's router included."""
    from akhbar.web.api import articles, entities, search, sources, stories

    router = APIRouter(prefix="/api")
    for module in (stories, articles, search, entities, sources):
        router.include_router(module.router)
    return router


__all__ = ["api_router"]
