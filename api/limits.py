"""Limits on what a client may send: body bytes (ASGI middleware) and scenario size.

The body limit is checked on ``Content-Length`` and again while reading, so a client that
lies about (or omits) the length cannot stream more than the limit into memory.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import wants_page

#: The web pages' answer to a body over the limit: the request and the limit in bytes.
TooLargePage = Callable[[Request, int], Response]
#: The web pages' answer to a ``Content-Length`` that is not a number.
BadLengthPage = Callable[[Request], Response]

ENTITY_LISTS = (
    "sites",
    "travel",
    "institutions",
    "resources",
    "instructors",
    "cohorts",
    "requests",
)


class BodySizeLimitMiddleware:
    """Answer 413 to any request whose body exceeds ``max_bytes`` (400 to one whose
    ``Content-Length`` is not a number).

    The answer is the API's JSON error, except to a browser asking for one of the web
    pages (:func:`api.errors.wants_page`: a form posted from them), which gets ``page``
    (``bad_length_page`` for the 400), the pages' own error page, when one is given: a
    tab showing a bare JSON body told people nothing they could act on.
    """

    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int,
        page: TooLargePage | None = None,
        bad_length_page: BadLengthPage | None = None,
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.page = page
        self.bad_length_page = bad_length_page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                await self._bad_length(scope, receive, send)
                return
            if declared > self.max_bytes:
                await self._too_large(scope, receive, send)
                return
        chunks: list[bytes] = []
        total = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # client went away before sending its body
            body = message.get("body", b"")
            total += len(body)
            if total > self.max_bytes:
                await self._too_large(scope, receive, send)
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            """Hand the app the body read here, once, then pass later messages (a disconnect) on."""
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The 413: the web pages' error page to a browser on them, else the JSON error."""
        if self.page is not None:
            request = Request(scope)
            if wants_page(request):
                await self.page(request, self.max_bytes)(scope, receive, send)
                return
        await _reply(send, 413, f"request body is larger than the limit of {self.max_bytes} bytes")

    async def _bad_length(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The 400 for a ``Content-Length`` that is not a number, shown as :meth:`_too_large`."""
        if self.bad_length_page is not None:
            request = Request(scope)
            if wants_page(request):
                await self.bad_length_page(request)(scope, receive, send)
                return
        await _reply(send, 400, "Content-Length is not a number")


async def _reply(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail, "errors": []}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def count_entities(data: Any) -> int:
    """Number of listed things in a scenario-like document (sites, ..., requests)."""
    if not isinstance(data, dict):
        return 0
    return sum(len(v) for k in ENTITY_LISTS if isinstance(v := data.get(k), list))


MAX_NAME_CHARS = 400
"""A scenario's ``name``: the same limit as the ``GET /scenarios?name=`` filter."""
MAX_ID_CHARS = 200
"""An id of anything a client uploads (the scheduler itself takes any length)."""
MAX_TITLE_CHARS = 200
"""A request's ``title``: shown in every grid cell, list and message that names the
request (5,000 characters were booked and spread over every page); the web form's
field (:mod:`api.web.ask`) has the same limit."""
MAX_ITEM_LIST = 10_000
"""Entries of one list inside an item (a request's ``needs``, a resource's ``features``,
``available`` windows) or of the calendar's ``closed`` days: far beyond any real term;
half a million ``needs`` in one request took seconds of checking under the term's lock (a
security audit), and 400,000 copies of one closed day fit in a 9 MB body."""


def length_problems(data: Any) -> list[tuple[str, str, dict[str, Any]]]:
    """``(path, message, error)`` for a too long ``name``, id or request title in an
    uploaded document, or a list inside one of its items (or its calendar) longer than
    :data:`MAX_ITEM_LIST`;
    ``error`` says it as pydantic would (type and limit), for the Chinese of
    :mod:`api.web.field_errors`.

    Only the API's upload boundary applies these limits; scenarios read from files by
    the command line are not limited.
    """
    if not isinstance(data, dict):
        return []
    out: list[tuple[str, str, dict[str, Any]]] = []

    def check(path: str, value: Any, limit: int) -> None:
        """Note ``value`` at ``path`` if it is a string longer than ``limit`` characters."""
        if isinstance(value, str) and len(value) > limit:
            said = {"type": "string_too_long", "ctx": {"max_length": limit}}
            out.append((path, f"at most {limit} characters (got {len(value)})", said))

    def check_lists(path: str, item: dict[str, Any]) -> None:
        """Note each list directly in ``item`` longer than :data:`MAX_ITEM_LIST` (``path``: the
        item's prefix).
        """
        for key, value in item.items():
            if isinstance(value, list) and len(value) > MAX_ITEM_LIST:
                said = {"type": "too_long", "ctx": {"max_length": MAX_ITEM_LIST}}
                out.append(
                    (f"{path}{key}", f"at most {MAX_ITEM_LIST} entries (got {len(value):,})", said)
                )

    check("name", data.get("name"), MAX_NAME_CHARS)
    check("id", data.get("id"), MAX_ID_CHARS)
    if isinstance(calendar := data.get("calendar"), dict):
        check_lists("calendar.", calendar)  # its closed days
    if "id" in data:  # one submitted item: its title and its own lists
        check("title", data.get("title"), MAX_TITLE_CHARS)
        check_lists("", data)
    for key in ENTITY_LISTS:
        items = data.get(key)
        if isinstance(items, list):
            for i, item in enumerate(items):
                if isinstance(item, dict):
                    check(f"{key}[{i}].id", item.get("id"), MAX_ID_CHARS)
                    if key == "requests":
                        check(f"{key}[{i}].title", item.get("title"), MAX_TITLE_CHARS)
                    check_lists(f"{key}[{i}].", item)
    return out
