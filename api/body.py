"""Reading JSON documents from request bodies with the CLI's own checks.

Scenario-like bodies go through :mod:`scheduler.io` exactly as files do on the command
line, so the API rejects what ``trainshare validate`` rejects, with the same paths and
messages, every problem at once.
"""

from __future__ import annotations

from typing import Any, TypeVar

from fastapi import Request
from pydantic import BaseModel, ValidationError

from api.errors import ApiError, issue_items
from api.limits import count_entities, length_problems
from scheduler.io import Issue, ScenarioError, issues_from_validation_error, read_json
from scheduler.models import Scenario

M = TypeVar("M", bound=BaseModel)


async def json_data(request: Request, max_entities: int | None = None) -> Any:
    """The body's JSON data; 422 when malformed or when a ``name`` or id is too long
    (:func:`api.limits.length_problems`), 413 when it lists too many entities."""
    raw = await request.body()
    if not raw.strip():
        raise ApiError(422, "the request body is empty; send a JSON document")
    try:
        data = read_json(raw)
    except ScenarioError as e:
        raise rejected(e.issues) from None
    if not isinstance(data, dict):
        raise ApiError(
            422,
            "the body must be a JSON object",
            [
                {
                    "loc": ["body"],
                    "path": "",
                    "msg": f"must be an object (got {type(data).__name__})",
                }
            ],
        )
    if max_entities is not None and (n := count_entities(data)) > max_entities:
        raise ApiError(
            413, f"the document lists {n} entities; this server accepts at most {max_entities}"
        )
    if problems := length_problems(data):
        raise rejected([Issue(path, msg) for path, msg in problems])
    return data


def rejected(issues: list[Issue], what: str = "document") -> ApiError:
    n = len(issues)
    return ApiError(
        422, f"{what} rejected: {n} problem{'s' if n != 1 else ''}", issue_items(issues)
    )


def to_model(data: Any, model: type[M], what: str = "document") -> M:
    """``data`` as ``model``; 422 with every problem and its path otherwise."""
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise rejected(issues_from_validation_error(e), what) from None


def to_scenario(data: Any) -> tuple[Scenario, list[Issue]]:
    """A fully validated scenario and its warnings (the checks of ``trainshare validate``)."""
    from scheduler.io import load_scenario_with_warnings

    try:
        return load_scenario_with_warnings(data)
    except ScenarioError as e:
        raise rejected(e.issues, "scenario") from None
