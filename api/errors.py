"""Every 4xx/5xx answer has one JSON shape: ``{"detail": str, "errors": [{"loc", "path", "msg"}]}``.

``loc`` is the machine-readable location (``["body", "requests", 4, "cohort"]``),
``path`` the same place as people and the CLI write it (``requests[4].cohort``).
No traceback ever reaches a client: unexpected exceptions are logged and answered
with a generic 500.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from scheduler.error_messages import error_message
from scheduler.issues import Issue, format_path

log = logging.getLogger(__name__)

_PATH_PART = re.compile(r"\[(\d+)\]|\.?([^.\[\]]+)")


class ErrorItem(BaseModel):
    """One problem: ``loc`` for programs, ``path`` as people write it, and what is wrong."""

    loc: list[str | int]
    path: str
    msg: str
    messages: dict[str, str] | None = Field(
        default=None,
        description="`msg` in other languages (`zh`) where the service has it: a refused "
        "submission or extra request, as `messages` of an unmet entry",
    )


class ErrorBody(BaseModel):
    """The body of every error response."""

    detail: str
    errors: list[ErrorItem] = []


def path_to_loc(path: str) -> list[str | int]:
    """``"requests[4].cohort"`` -> ``["requests", 4, "cohort"]``."""
    loc: list[str | int] = []
    for index, key in _PATH_PART.findall(path):
        loc.append(int(index) if index else key)
    return loc


def issue_items(issues: Iterable[Issue], prefix: Sequence[str | int] = ("body",)) -> list[dict]:
    """Issues of a document sent in the body, as error items."""
    return [
        {"loc": [*prefix, *path_to_loc(i.path)], "path": i.path, "msg": i.message} for i in issues
    ]


class ApiError(Exception):
    """An error answered as ``status`` with our JSON body (raised anywhere in a route);
    a browser off ``/api/`` gets the web pages' error page instead (:func:`wants_page`)."""

    def __init__(
        self,
        status: int,
        detail: str,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors or []
        self.headers = headers


def not_found(what: str) -> ApiError:
    """The 404 for a missing ``what``, worded the same on every route."""
    return ApiError(404, f"{what} not found")


def error_response(
    status: int,
    detail: str,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """An error in the common JSON shape, for code that answers directly instead of raising
    :class:`ApiError` (middleware, exception handlers).
    """
    return JSONResponse(
        {"detail": detail, "errors": errors or []}, status_code=status, headers=headers
    )


def _validation_items(exc: RequestValidationError) -> list[dict[str, Any]]:
    items = []
    sent = {"body": exc.body}  # what the errors' ``loc`` ("body", ...) is in
    for err in exc.errors():
        loc = [p for p in err.get("loc", ()) if isinstance(p, int | str)]
        path = format_path([p for p in loc[1:]]) if len(loc) > 1 else ""
        try:  # in the scenario errors' words ("must be a number (got ...)")
            msg = error_message(err, sent)
        except (KeyError, TypeError):
            msg = str(err.get("msg", "invalid"))
        items.append({"loc": loc, "path": path, "msg": msg})
    return items


def wants_page(request: Request) -> bool:
    """A browser asking for a page outside the API (``/api/...`` always answers JSON).

    Public: the body-size middleware (:mod:`api.limits`) answers such a request with the
    web pages' error page too, by the same rule as the handlers here (an uncaught
    :class:`ApiError`, an HTTP error).
    """
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get(
        "accept", ""
    )


def install_handlers(app: FastAPI) -> None:
    """Register the handlers that give every error the shape above."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        if wants_page(request):
            # a web route that let its error through (they catch their own): the pages'
            # answer, not a bare JSON body in the tab
            from api.web.router import error_page

            page = error_page(request, exc.status, exc.detail)
            page.headers.update(exc.headers or {})
            return page
        return error_response(exc.status, exc.detail, exc.errors, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else "request failed"
        if wants_page(request):
            # a browser on a mistyped address of the web pages: the pages' own answer
            from api.web.router import error_page

            return error_page(request, exc.status_code, detail)
        return error_response(exc.status_code, detail, None, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        if any(e.get("type") == "json_invalid" for e in exc.errors()):
            # Malformed JSON: the same line-and-column message as every other body.
            from api.body import rejected
            from scheduler.issues import ScenarioError
            from scheduler.json_reading import read_json

            raw = exc.body.encode() if isinstance(exc.body, str) else exc.body
            if isinstance(raw, bytes):
                try:
                    read_json(raw)
                except ScenarioError as e:
                    err = rejected(e.issues)
                    return error_response(err.status, err.detail, err.errors)
        items = _validation_items(exc)
        n = len(items)
        return error_response(422, f"invalid request: {n} problem{'s' if n != 1 else ''}", items)

    @app.exception_handler(IntegrityError)
    async def _conflict(request: Request, exc: IntegrityError) -> JSONResponse:
        # two requests changed the same thing at once (the same new id, the same next
        # number): the database kept the first, and this one saved nothing
        log.info("concurrent change refused on %s %s: %s", request.method, request.url.path, exc)
        return error_response(
            409,
            "another request changed the same item at the same moment; nothing of this "
            "one was saved: read the current state and send it again",
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(500, "internal server error; the incident was logged")
