"""``GET /api/v1/audit``: the write history, for planners."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import select

from api.db.models import AuditEntry
from api.deps import DbDep, PlannerDep
from api.errors import ErrorBody
from api.schemas import AuditOut

router = APIRouter(
    prefix="/api/v1/audit",
    tags=["audit"],
    responses={401: {"model": ErrorBody}, 403: {"model": ErrorBody}},
)


@router.get("", response_model=list[AuditOut])
def list_audit(
    db: DbDep,
    who: PlannerDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    before: Annotated[
        int | None, Query(ge=1, le=2**31 - 1, description="entries older than this id")
    ] = None,
) -> list[AuditOut]:
    """Who wrote what, when: newest first."""
    q = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if before is not None:
        q = q.where(AuditEntry.id < before)
    return [AuditOut.model_validate(e, from_attributes=True) for e in db.scalars(q)]
