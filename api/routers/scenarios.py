"""Scenarios: upload (validated like the CLI), list, read, and start a solve job.

A scenario is versioned by name: new content under a known name is the next version,
the same content returns the version already stored; nothing is overwritten.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request, Response, status
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import defer

from api import audit
from api.body import json_data, to_scenario
from api.db.models import ScenarioRecord
from api.deps import DbDep, IdPath, PlannerDep, ReaderDep, RunnerDep, SettingsDep
from api.errors import ErrorBody, not_found
from api.jobs.service import effective_options, job_out, lowered, new_job
from api.limits import count_entities
from api.openapi import json_body, tiny_scenario
from api.schemas import (
    SOLVE_EXAMPLES,
    JobOut,
    Message,
    ScenarioCreated,
    ScenarioOut,
    ScenarioSummary,
    SolveOptionsIn,
)
from api.security import Principal
from api.threads import in_thread
from scheduler.error_messages import grouped
from scheduler.io import scenario_digest, scenario_to_json
from scheduler.models import Scenario

router = APIRouter(
    prefix="/api/v1/scenarios",
    tags=["scenarios"],
    responses={401: {"model": ErrorBody}, 403: {"model": ErrorBody}},
)


def _summary(row: ScenarioRecord) -> dict:
    return {
        "id": row.id,
        "name": row.name,
        "version": row.version,
        "content_hash": row.content_hash,
        "entities": row.entities,
        "created_at": row.created_at,
        "created_by": row.created_by,
    }


@router.post(
    "",
    response_model=ScenarioCreated,
    status_code=status.HTTP_201_CREATED,
    openapi_extra=json_body(Scenario, {"tiny": tiny_scenario()}, "the bundled tiny scenario"),
    responses={
        200: {"model": ScenarioCreated, "description": "identical content already stored"},
        413: {"model": ErrorBody},
        422: {"model": ErrorBody, "description": "every problem with its path"},
    },
)
async def upload_scenario(
    request: Request, response: Response, db: DbDep, who: PlannerDep, settings: SettingsDep
) -> ScenarioCreated:
    """Validate a scenario document (same checks as ``trainshare validate``) and store it."""
    data = await json_data(request, settings.max_scenario_entities)
    # validation of a large scenario takes CPU seconds: keep it off the event loop
    scenario, warnings, canonical, digest = await run_in_threadpool(_canonical, data)
    # database calls too: on the event loop, a slow database would stop every request
    summary, created = await in_thread(_stored, db, who, scenario.name, digest, canonical)
    if not created:
        response.status_code = status.HTTP_200_OK
    return ScenarioCreated(
        **summary,
        created=created,
        # those of one kind on one list counted after the first few, as the CLI prints them
        warnings=[Message(path=w.path, msg=w.message) for w in grouped(warnings)],
    )


def _canonical(data: Any) -> tuple[Scenario, list[Any], dict[str, Any], str]:
    """Validated scenario, its warnings, canonical JSON and content hash."""
    scenario, warnings = to_scenario(data)
    canonical = json.loads(scenario_to_json(scenario))
    return scenario, warnings, canonical, scenario_digest(scenario)


def _find(db: DbDep, name: str, digest: str) -> ScenarioRecord | None:
    return db.scalar(
        select(ScenarioRecord)
        .options(defer(ScenarioRecord.document))  # an upload answers with the summary only
        .where(ScenarioRecord.name == name, ScenarioRecord.content_hash == digest)
    )


def _stored(
    db: DbDep, who: Principal, name: str, digest: str, canonical: dict[str, Any]
) -> tuple[dict, bool]:
    """:func:`_store`'s row as its summary, read where it was stored (a worker thread)."""
    row, created = _store(db, who, name, digest, canonical)
    return _summary(row), created


def _store(
    db: DbDep, who: Principal, name: str, digest: str, canonical: dict[str, Any]
) -> tuple[ScenarioRecord, bool]:
    """The stored version with this content, and whether it was created now.

    Two uploads of one name at once may pick the same version number; the unique
    constraints turn that into a retry (or into finding the other upload's row).
    """
    for _attempt in range(3):
        existing = _find(db, name, digest)
        if existing is not None:
            return existing, False
        latest = db.scalar(
            select(func.max(ScenarioRecord.version)).where(ScenarioRecord.name == name)
        )
        row = ScenarioRecord(
            name=name,
            version=(latest or 0) + 1,
            content_hash=digest,
            document=canonical,
            entities=count_entities(canonical),
            created_by=who.actor,
        )
        db.add(row)
        try:
            db.flush()
        except IntegrityError:
            db.rollback()
            continue
        audit.record(db, who, "scenario.create", "scenario", row.id, {"name": name})
        db.commit()
        return row, True
    raise RuntimeError(f"could not store scenario '{name}' after 3 attempts")


@router.get("", response_model=list[ScenarioSummary])
def list_scenarios(
    db: DbDep,
    who: ReaderDep,
    name: Annotated[str | None, Query(max_length=400)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
) -> list[ScenarioSummary]:
    """Stored scenario versions, newest first; ``name`` filters to one scenario's versions."""
    q = (
        select(ScenarioRecord)
        .options(defer(ScenarioRecord.document))  # megabytes on a large term; not listed
        .order_by(ScenarioRecord.id.desc())
        .limit(limit)
        .offset(offset)
    )
    if name is not None:
        q = q.where(ScenarioRecord.name == name)
    return [ScenarioSummary(**_summary(r)) for r in db.scalars(q)]


@router.get("/{scenario_id}", response_model=ScenarioOut, responses={404: {"model": ErrorBody}})
def get_scenario(scenario_id: IdPath, db: DbDep, who: ReaderDep) -> ScenarioOut:
    """One stored scenario version with its document."""
    row = db.get(ScenarioRecord, scenario_id)
    if row is None:
        raise not_found("scenario")
    return ScenarioOut(**_summary(row), document=row.document)


@router.post(
    "/{scenario_id}/solve",
    response_model=JobOut,
    status_code=status.HTTP_202_ACCEPTED,
    responses={404: {"model": ErrorBody}, 422: {"model": ErrorBody}},
)
def solve_scenario(
    scenario_id: IdPath,
    db: DbDep,
    who: PlannerDep,
    settings: SettingsDep,
    runner: RunnerDep,
    options: Annotated[SolveOptionsIn | None, Body(openapi_examples=SOLVE_EXAMPLES)] = None,
) -> JobOut:
    """Queue a solve of this scenario; poll ``GET /api/v1/jobs/{id}`` or its ``/events``."""
    row = db.get(ScenarioRecord, scenario_id)
    if row is None:
        raise not_found("scenario")
    requested = options or SolveOptionsIn()
    job = new_job(
        db,
        kind="scenario",
        scenario=row.document,
        options=effective_options(requested, settings),
        created_by=who.actor,
        scenario_id=row.id,
    )
    audit.record(db, who, "job.create", "job", job.id, {"scenario": row.id})
    db.commit()
    runner.wake()
    return job_out(job, warnings=lowered(requested, job.options))
