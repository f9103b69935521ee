"""Reading JSON documents from request bodies with the CLI's own checks.

Scenario-like bodies go through :mod:`scheduler.io` exactly as files do on the command
line, so the API rejects what ``trainshare validate`` rejects, with the same paths and
messages, every problem at once.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

from fastapi import Request
from pydantic import BaseModel, ValidationError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import ApiError, error_response, issue_items
from api.limits import count_entities, length_problems
from api.web.field_errors import field_message, reading_zh, said_zh
from scheduler.error_messages import said_issues
from scheduler.issues import Issue, ScenarioError
from scheduler.json_reading import duplicate_key_issues, read_json
from scheduler.models import Scenario

M = TypeVar("M", bound=BaseModel)

_MODEL_BODY_ROUTES = re.compile(r"/(solve|resolve|versions)/?$")


class JsonContentTypeMiddleware:
    """Read the bodies of the solve, re-solve and publish routes as JSON whatever their
    ``Content-Type``, and with the checks :func:`json_data` makes of every other body.

    Those routes let FastAPI parse the body, which reads JSON only under a JSON
    ``Content-Type`` (``curl -d`` sends ``application/x-www-form-urlencoded`` and the
    JSON object then was "not a valid dictionary"), answers a body it cannot parse (not
    UTF-8, nested too deeply, a number of thousands of digits) with a bare 400, and keeps
    the last of a key given twice. Here such a body is a 422 naming the problem, as on
    every other route. The body arrives whole: :class:`api.limits.BodySizeLimitMiddleware`
    runs first and has read it.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not (
            scope["type"] == "http"
            and scope.get("method") == "POST"
            and _MODEL_BODY_ROUTES.search(scope.get("path", ""))
        ):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away before sending its body
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        raw = b"".join(chunks)
        if issues := body_issues(raw):
            n = len(issues)
            detail = f"options rejected: {n} problem{'s' if n != 1 else ''}"
            await error_response(422, detail, issue_items(issues))(scope, receive, send)
            return
        replayed = False

        async def replay() -> Message:
            """Hand the app the body read here, once, then pass later messages (a disconnect) on."""
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": raw, "more_body": False}
            return await receive()

        headers = [(k, v) for k, v in scope.get("headers") or [] if k != b"content-type"]
        headers.append((b"content-type", b"application/json"))
        await self.app({**scope, "headers": headers}, replay, send)


def body_issues(raw: bytes) -> list[Issue]:
    """What keeps ``raw`` from being read as one JSON document: not UTF-8, malformed,
    numbers too long, keys given twice. An empty body has none (the options are optional)."""
    if not raw.strip():
        return []
    try:
        data = read_json(raw)
    except ScenarioError as e:
        return e.issues
    return duplicate_key_issues(data)


def _is_form_upload(raw: bytes) -> bool:
    """A multipart form (``curl -F file=@scenario.json``) rather than the document."""
    return raw.lstrip().startswith(b"--") and b"content-disposition: form-data" in (
        raw[:2048].lower()
    )


async def json_data(request: Request, max_entities: int | None = None) -> Any:
    """The body's JSON data; 422 when malformed or when a ``name`` or id is too long
    (:func:`api.limits.length_problems`), 413 when it lists too many entities."""
    raw = await request.body()
    if not raw.strip():
        raise ApiError(422, "the request body is empty; send a JSON document")
    try:
        data = read_json(raw)
    except ScenarioError as e:
        if _is_form_upload(raw):
            raise ApiError(
                422,
                "the body is a form upload; send the JSON document itself as the body "
                "(curl --data-binary @scenario.json, Content-Type: application/json)",
            ) from None
        items = issue_items(e.issues)
        for item, issue in zip(items, e.issues, strict=True):
            item["messages"] = {"zh": reading_zh(issue)}
        raise _refused(items, "document") from None
    if not isinstance(data, dict):
        said = {"type": "model_type", "loc": (), "input": data}
        raise ApiError(
            422,
            "the body must be a JSON object",
            [
                {
                    "loc": ["body"],
                    "path": "",
                    "msg": f"must be an object (got {type(data).__name__})",
                    "messages": {"zh": field_message(said, "zh")},
                }
            ],
        )
    if max_entities is not None and (n := count_entities(data)) > max_entities:
        raise ApiError(
            413, f"the document lists {n} entities; this server accepts at most {max_entities}"
        )
    if problems := length_problems(data):
        items = issue_items(Issue(path, msg) for path, msg, _ in problems)
        for item, (_, _, said) in zip(items, problems, strict=True):
            item["messages"] = {"zh": field_message(said, "zh")}
        raise _refused(items, "document")
    return data


def rejected(issues: list[Issue], what: str = "document") -> ApiError:
    """A 422 :class:`ApiError` listing every issue with its path, summed up as '<what> rejected: n
    problems'.
    """
    return _refused(issue_items(issues), what)


def to_model(data: Any, model: type[M], what: str = "document") -> M:
    """``data`` as ``model``; 422 with every problem and its path otherwise (a key given
    twice among them: JSON keeps the last, and the first would be lost unsaid).

    Each problem carries its Chinese as ``messages.zh`` (the words of the web form,
    :mod:`api.web.field_errors`): an institution's planner reads Chinese first.
    """
    issues = duplicate_key_issues(data)
    items = [
        {
            **item,
            "messages": {
                "zh": field_message({"type": "duplicate_key", "loc": item["loc"][-1:]}, "zh")
            },
        }
        for item in issue_items(issues)
    ]
    try:
        result = model.model_validate(data)
    except ValidationError as e:
        said = said_issues(e, data)
        for s, item in zip(said, issue_items(s.issue for s in said), strict=True):
            items.append({**item, "messages": {"zh": said_zh(s)}})
        raise _refused(items, what) from None
    if items:
        raise _refused(items, what)
    return result


def _refused(items: list[dict[str, Any]], what: str) -> ApiError:
    """The 422 of :func:`rejected` for items already made (with their ``messages``)."""
    n = len(items)
    return ApiError(422, f"{what} rejected: {n} problem{'s' if n != 1 else ''}", items)


def to_scenario(data: Any) -> tuple[Scenario, list[Issue]]:
    """A fully validated scenario and its warnings (the checks of ``trainshare validate``)."""
    from scheduler.io import load_scenario_with_warnings

    try:
        return load_scenario_with_warnings(data)
    except ScenarioError as e:
        raise rejected(e.issues, "scenario") from None
