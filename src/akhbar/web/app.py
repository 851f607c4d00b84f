"""The web application: ``create_app(settings)`` builds the JSON API and the reader.

>>> from akhbar.config import Settings
>>> app = create_app(Settings(db=":memory:"))
>>> app.openapi()["info"]["title"]
'akhbar'
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import unquote

from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from akhbar import __version__
from akhbar.config import Settings
from akhbar.store.base import Store
from akhbar.web.api import api_router
from akhbar.web.api.errors import API_PREFIX, error_response, install

STATIC_DIR = Path(__file__).resolve().parent / "reader" / "static"
MAX_URL_CHARS = 4096
DESCRIPTION = """\
The JSON API of akhbar (اخبار), an Urdu news desk: stories, articles, Urdu-aware search,
entities and sources. Lists answer `{data, count, total, next_cursor}`; pass
`next_cursor` back as `cursor` for the next page. Reads carry an `ETag` and
`Cache-Control`. Writes need `Authorization: Bearer <token>`. Errors answer
`{"error": {"code", "message"}}` with a stable `code`.
"""


class _Guard:
    """Refuse over-long URLs (414) and control characters in an API path or query (400)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            raw_path = scope.get("raw_path") or scope["path"].encode()
            query = scope.get("query_string") or b""
            problem = None
            if len(raw_path) + len(query) > MAX_URL_CHARS:
                problem = error_response(
                    414, "uri_too_long", f"URL longer than {MAX_URL_CHARS} bytes"
                )
            elif scope["path"].startswith(API_PREFIX):
                text = scope["path"] + unquote(query.decode("latin-1"))
                if any(ord(c) < 32 or ord(c) == 127 for c in text):
                    problem = error_response(400, "bad_input", "control characters are not allowed")
            if problem is not None:
                await problem(scope, receive, send)
                return
        await self.app(scope, receive, send)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    store = getattr(app.state, "store", None)
    if store is not None and getattr(app.state, "owns_store", False):
        store.close()
        app.state.store = None


def _include_reader(app: FastAPI) -> None:
    """The reader's HTML routes and static files, when that part is installed."""
    try:
        from akhbar.web.reader.routes import router as reader_router
    except ModuleNotFoundError as exc:
        if exc.name is None or not exc.name.startswith("akhbar.web.reader"):
            raise
        return
    app.include_router(reader_router)


def create_app(settings: Settings, store: Store | None = None) -> FastAPI:
    """The FastAPI app: ``/api`` (JSON), ``/openapi.json``, the reader and ``/static``.

    ``store`` is used as is (and not closed) when given; otherwise the store named by
    ``settings.db`` is opened on first use and closed at shutdown.
    """
    app = FastAPI(
        title="akhbar",
        version=__version__,
        description=DESCRIPTION,
        lifespan=_lifespan,
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.settings = settings
    app.state.store = store
    app.state.owns_store = False
    app.state.store_lock = threading.Lock()  # one store opened, however many first requests
    install(app)
    app.add_middleware(_Guard)
    app.include_router(api_router())
    _include_reader(app)
    if STATIC_DIR.is_dir():
        from fastapi.staticfiles import StaticFiles

        app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


def app_from_env() -> FastAPI:
    """The app with settings from ``AKHBAR_*`` variables (uvicorn ``--factory``, workers)."""
    from akhbar.config import load_settings

    return create_app(load_settings())


__all__ = ["app_from_env", "create_app"]
