"""``GET /api/v1/health``: liveness without credentials (for load balancers and tests)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import text

from api.deps import DbDep, RunnerDep

router = APIRouter(prefix="/api/v1/health", tags=["health"])


class Health(BaseModel):
    """Liveness: ``ok``, the database in use and how many jobs are running."""

    status: str
    database: str
    running_jobs: int


@router.get("", response_model=Health)
def health(db: DbDep, runner: RunnerDep) -> Health:
    """Liveness: answers once the database answers a query; needs no key."""
    db.execute(text("SELECT 1"))
    return Health(
        status="ok", database=db.get_bind().dialect.name, running_jobs=len(runner.running_ids)
    )
