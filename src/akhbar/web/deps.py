"""Request dependencies: the app's settings and store, and the write token check.

The app keeps its ``Settings`` in ``app.state.settings`` and its store in
``app.state.store`` (opened from the settings on first use, so that building the app
does no I/O); the reader's routes use the same two attributes.
"""

from __future__ import annotations

import hmac
import threading
from typing import Annotated

from fastapi import Depends, Request

from akhbar.config import Settings, load_settings
from akhbar.store.base import Store
from akhbar.web.api.errors import ApiError


def get_settings(request: Request) -> Settings:
    """The app's settings."""
    settings = getattr(request.app.state, "settings", None)
    return settings if isinstance(settings, Settings) else load_settings()


def get_store(request: Request) -> Store:
    """The app's store, opened (and migrated) from the settings on first use."""
    store: Store | None = getattr(request.app.state, "store", None)
    if store is not None:
        return store
    lock = getattr(request.app.state, "store_lock", None) or threading.Lock()
    with lock:
        store = getattr(request.app.state, "store", None)
        if store is None:
            from akhbar.store import open_store

            store = open_store(get_settings(request).db)
            request.app.state.store = store
            request.app.state.owns_store = True
    return store


def require_token(request: Request) -> None:
    """Let a write through only with ``Authorization: Bearer <the settings' token>``.

    401 without a token, 403 with a wrong one, 403 ``writes_disabled`` when the server
    has no token configured at all.
    """
    expected = get_settings(request).api_token
    if not expected:
        raise ApiError(403, "writes_disabled", "this server takes no writes: no API token is set")
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise ApiError(
            401,
            "unauthorized",
            "a write needs the header 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": 'Bearer realm="akhbar"'},
        )
    if not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise ApiError(403, "forbidden", "the token is not the one this server takes")


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
WriteAccess = Depends(require_token)

__all__ = ["SettingsDep", "StoreDep", "WriteAccess", "get_settings", "get_store", "require_token"]
