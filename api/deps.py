"""Typed dependencies: settings, database session, the calling principal, role checks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated, Any

from fastapi import Depends, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from api.errors import ApiError
from api.jobs.runner import JobRunner
from api.security import Principal, Role, authenticate
from api.settings import Settings

#: A database id in a URL (32-bit: larger numbers cannot name anything).
IdPath = Annotated[int, Path(ge=1, le=2**31 - 1)]

_bearer = HTTPBearer(auto_error=False, description="API key from `trainshare api-key create`")


def get_settings(request: Request) -> Settings:
    """The settings the app was built with (kept on ``app.state``, so tests pass their own)."""
    return request.app.state.settings


def get_db(request: Request) -> Iterator[Session]:
    """One session per request; routes commit before they answer (durability)."""
    session: Session = request.app.state.session_factory()
    try:
        yield session
    finally:
        session.close()


def get_runner(request: Request) -> JobRunner:
    """The app's job runner, created in the lifespan: routes wake it after queueing a job."""
    return request.app.state.runner


SettingsDep = Annotated[Settings, Depends(get_settings)]
DbDep = Annotated[Session, Depends(get_db)]
RunnerDep = Annotated[JobRunner, Depends(get_runner)]


def current_principal(
    request: Request,
    db: DbDep,
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The caller of a bearer API key; 401 without a valid one."""
    if creds is None or creds.scheme.lower() != "bearer":
        raise ApiError(401, "missing bearer API key", headers={"WWW-Authenticate": "Bearer"})
    settings: Settings = request.app.state.settings
    who = authenticate(
        db, creds.credentials, settings.key_pepper.get_secret_value(), request.app.state.file_keys
    )
    if who is None:
        raise ApiError(401, "invalid or revoked API key", headers={"WWW-Authenticate": "Bearer"})
    return who


PrincipalDep = Annotated[Principal, Depends(current_principal)]


def require(*roles: Role) -> Callable[[Principal], Principal]:
    """A dependency admitting only ``roles`` (403 for the others)."""

    def check(who: PrincipalDep) -> Principal:
        """The caller, if its role is one of ``roles``; 403 otherwise."""
        if who.role not in roles:
            allowed = " or ".join(r.value for r in roles)
            raise ApiError(403, f"this needs a {allowed} key")
        return who

    return check


PlannerDep = Annotated[Principal, Depends(require(Role.PLANNER))]
ReaderDep = Annotated[Principal, Depends(require(Role.PLANNER, Role.VIEWER))]


async def no_body(request: Request) -> None:
    """A route that takes no body refuses one: what was sent would go unread."""
    if (await request.body()).strip():
        raise ApiError(422, "this route takes no body; what was sent would not be used")


#: ``dependencies=[NoBody]`` on a route that takes no body.
NoBody = Depends(no_body)


def strict_query(request: Request) -> None:
    """Refuse query parameters the route does not read, and a parameter given twice:
    ``?offset=5`` on a list without offsets answered its first page, so a paging loop
    never ended, and ``?status=done&status=failed`` silently kept the last."""
    dependant = getattr(request.scope.get("route"), "dependant", None)
    if dependant is None:
        return
    allowed = _query_names(dependant)
    errors = []
    for key in dict.fromkeys(request.query_params.keys()):
        if key not in allowed:
            known = ", ".join(sorted(allowed)) or "none"
            msg = f"unknown query parameter (this route reads: {known})"
        elif len(request.query_params.getlist(key)) > 1:
            msg = "given more than once; give it once"
        else:
            continue
        errors.append({"loc": ["query", key], "path": key, "msg": msg})
    if errors:
        raise ApiError(422, "invalid query parameters", errors)


def _query_names(dependant: Any) -> set[str]:
    """The query parameters a route (with its dependencies) reads, by their names."""
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


#: On every API router: what a client sends in the query string is read or refused.
StrictQuery = Depends(strict_query)
