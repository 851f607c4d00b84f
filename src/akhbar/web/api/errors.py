"""API errors: JSON bodies ``{"error": {"code", "message", "details"}}`` with stable codes.

Codes: ``invalid_request`` (422, a parameter failed validation), ``bad_query`` (400, the
search query cannot be run), ``bad_input`` (400), ``unauthorized`` (401, no token),
``forbidden`` (403, wrong token), ``writes_disabled`` (403, no token configured),
``not_found`` (404), ``method_not_allowed`` (405), ``not_available`` (501),
``store_unavailable`` (503) and ``internal_error`` (500).
Outside ``/api`` the reader's own (HTML) error handling applies.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from akhbar.errors import InputError, QueryError, StoreError

API_PREFIX = "/api"
_STATUS_CODES = {
    400: "bad_input",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    501: "not_available",
    503: "store_unavailable",
}


class ApiError(Exception):
    """An error answered as JSON with a stable code."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def error_response(
    status: int,
    code: str,
    message: str,
    details: Any = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """The JSON error body every API error uses."""
    body: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        body["details"] = jsonable_encoder(details)
    merged = {"Cache-Control": "no-store", **(headers or {})}
    return JSONResponse({"error": body}, status_code=status, headers=merged)


def _is_api(request: Request) -> bool:
    path = request.url.path
    return path == API_PREFIX or path.startswith(API_PREFIX + "/") or path == "/openapi.json"


def _validation_message(errors: list[dict[str, Any]]) -> str:
    parts = []
    for err in errors[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body"))
        parts.append(f"{where or 'request'}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def _clean(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": e.get("type", "")}
        for e in errors[:20]
    ]


def install(app: FastAPI) -> None:
    """Register the API's exception handlers on ``app``."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return error_response(exc.status, exc.code, exc.message, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        if not _is_api(request):
            return await request_validation_exception_handler(request, exc)
        errors = list(exc.errors())
        return error_response(422, "invalid_request", _validation_message(errors), _clean(errors))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if not _is_api(request):
            return await http_exception_handler(request, exc)
        code = _STATUS_CODES.get(exc.status_code, "error")
        headers = dict(exc.headers or {})
        return error_response(exc.status_code, code, str(exc.detail), headers=headers)

    @app.exception_handler(QueryError)
    async def _query(request: Request, exc: QueryError) -> Response:
        return error_response(400, "bad_query", str(exc))

    @app.exception_handler(InputError)
    async def _input(request: Request, exc: InputError) -> Response:
        return error_response(400, "bad_input", str(exc))

    @app.exception_handler(StoreError)
    async def _store(request: Request, exc: StoreError) -> Response:
        return error_response(503, "store_unavailable", "the store could not answer")

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> Response:
        if not _is_api(request):
            return PlainTextResponse("Internal Server Error", status_code=500)
        return error_response(500, "internal_error", "something went wrong on our side")


__all__ = ["API_PREFIX", "ApiError", "error_response", "install"]
