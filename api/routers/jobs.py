"""Solve jobs: status and progress, server-sent events, cancel, schedule, re-run."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse
from sqlalchemy import select, update

from api import audit
from api.db.models import Job, ScheduleVersion, utcnow
from api.deps import DbDep, IdPath, PlannerDep, ReaderDep, RunnerDep
from api.errors import ApiError, ErrorBody, not_found
from api.jobs.job_ends import TERMINAL
from api.jobs.service import SHOWN_ONLY, job_out, new_job
from api.schemas import JobOut, JobStatus
from api.threads import in_thread

router = APIRouter(
    prefix="/api/v1/jobs",
    tags=["jobs"],
    responses={401: {"model": ErrorBody}, 403: {"model": ErrorBody}, 404: {"model": ErrorBody}},
)

#: Seconds between two looks at a job while streaming its events.
EVENT_POLL = 0.5
#: A comment line this often keeps proxies from closing a quiet stream.
KEEPALIVE = 15.0


def _reference_number(db: Any, job: Job) -> int | None:
    if job.reference_version_id is None:
        return None
    return db.scalar(
        select(ScheduleVersion.number).where(ScheduleVersion.id == job.reference_version_id)
    )


def _get(db: Any, job_id: IdPath, shown_only: bool = False) -> Job:
    """The job or 404; with ``shown_only``, without its documents (:data:`SHOWN_ONLY`)."""
    job = db.get(Job, job_id, options=SHOWN_ONLY if shown_only else ())
    if job is None:
        raise not_found("job")
    return job


@router.get("", response_model=list[JobOut])
def list_jobs(
    db: DbDep,
    who: ReaderDep,
    status_: Annotated[JobStatus | None, Query(alias="status")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    before: Annotated[
        int | None, Query(ge=1, le=2**31 - 1, description="jobs older than this id")
    ] = None,
) -> list[JobOut]:
    """Jobs, newest first (page on with ``before``, the last id seen); an unknown
    ``status`` is refused (422) naming the allowed ones."""
    q = select(Job).options(*SHOWN_ONLY).order_by(Job.id.desc()).limit(limit)
    if before is not None:
        q = q.where(Job.id < before)
    if status_ is not None:
        q = q.where(Job.status == status_)
    jobs = list(db.scalars(q))
    # the reference versions' numbers in one query, not one per job
    refs = {j.reference_version_id for j in jobs if j.reference_version_id is not None}
    found = select(ScheduleVersion.id, ScheduleVersion.number).where(ScheduleVersion.id.in_(refs))
    numbers: dict[int | None, int] = dict(db.execute(found).all()) if refs else {}
    return [job_out(j, numbers.get(j.reference_version_id)) for j in jobs]


@router.get("/{job_id}", response_model=JobOut)
def get_job(job_id: IdPath, db: DbDep, who: ReaderDep) -> JobOut:
    """Status (queued, running, done, failed, cancelled, interrupted) and progress."""
    job = _get(db, job_id, shown_only=True)
    return job_out(job, _reference_number(db, job))


def _sse(event: str | None, data: Any = None, comment: str | None = None) -> bytes:
    lines = []
    if comment is not None:
        lines.append(f": {comment}")
    if event is not None:
        lines.append(f"event: {event}")
    if data is not None:
        lines.append("data: " + json.dumps(data, separators=(",", ":")))
    return ("\n".join(lines) + "\n\n").encode()


@router.get(
    "/{job_id}/events",
    response_class=StreamingResponse,
    responses={
        200: {
            "content": {"text/event-stream": {"schema": {"type": "string"}}},
            "description": "`progress` events (data: the job as JSON), then one `end` event",
        }
    },
)
async def job_events(
    job_id: IdPath, request: Request, db: DbDep, who: ReaderDep
) -> StreamingResponse:
    """Server-sent events: ``progress`` whenever the job changes, ``end`` when it ends.

    The request's session (the key check's) is closed before streaming: it would hold
    one of the pool's 15 connections for as long as the stream is open, and fifteen
    open streams left every other request waiting 30 s for a 500.
    """
    await in_thread(db.close)  # gives its connection back: a database call
    factory = request.app.state.session_factory

    def snapshot() -> dict[str, Any] | None:
        """The job as its JSON view, read in a short session of its own at each poll; None once the
        job is gone.
        """
        with factory() as s:
            job = s.get(Job, job_id, options=SHOWN_ONLY)
            return None if job is None else job_out(job).model_dump(mode="json")

    first = await run_in_threadpool(snapshot)
    if first is None:
        raise not_found("job")

    async def stream() -> AsyncIterator[bytes]:
        """A ``progress`` event when the job's status, progress, error or schedule changes, a
        keep-alive comment when quiet, and ``end`` at a final status; stops when the client goes
        away.
        """
        last: str | None = None
        quiet = 0.0
        current: dict[str, Any] | None = first
        while current is not None:
            state = {k: current[k] for k in ("status", "progress", "error", "has_schedule")}
            key = json.dumps(state, sort_keys=True)
            if key != last:
                last = key
                quiet = 0.0
                yield _sse("progress", current)
            if current["status"] in TERMINAL:
                yield _sse("end", current)
                return
            if await request.is_disconnected():
                return
            await asyncio.sleep(EVENT_POLL)
            quiet += EVENT_POLL
            if quiet >= KEEPALIVE:
                quiet = 0.0
                yield _sse(None, comment="keep-alive")
            current = await run_in_threadpool(snapshot)

    return StreamingResponse(
        stream(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@router.delete("/{job_id}", response_model=JobOut, responses={409: {"model": ErrorBody}})
def cancel_job(job_id: IdPath, db: DbDep, who: PlannerDep, runner: RunnerDep) -> JobOut:
    """Cancel: a queued job never starts; a running one stops and keeps its best schedule.

    Both are conditional updates: a job that ends between the read and the write (its
    solve handing in its schedule) answers 409 like any ended job, not a 200 that says
    ``cancel_requested`` of a job that finished ``done``.
    """
    job = _get(db, job_id, shown_only=True)
    if job.status in TERMINAL:
        raise ApiError(409, f"job {job_id} has already ended ({job.status})")
    done = db.execute(
        update(Job)
        .where(Job.id == job_id, Job.status == "queued")
        .values(status="cancelled", cancel_requested=True, finished_at=utcnow())
    ).rowcount  # type: ignore[attr-defined]
    if not done:
        asked = db.execute(
            update(Job)
            .where(Job.id == job_id, Job.status.not_in(TERMINAL))
            .values(cancel_requested=True)
        ).rowcount  # type: ignore[attr-defined]
        if not asked:
            db.rollback()
            db.refresh(job)
            raise ApiError(409, f"job {job_id} has already ended ({job.status})")
    audit.record(db, who, "job.cancel", "job", job_id)
    db.commit()
    runner.cancel(job_id)
    db.refresh(job)
    return job_out(job, _reference_number(db, job))


@router.get("/{job_id}/schedule", responses={409: {"model": ErrorBody}})
def job_schedule(job_id: IdPath, db: DbDep, who: ReaderDep) -> dict[str, Any]:
    """The job's schedule document (also after a cancel: the best one found)."""
    job = _get(db, job_id)
    if job.schedule is None:
        raise ApiError(409, f"job {job_id} has no schedule ({job.status})")
    return job.schedule


@router.post(
    "/{job_id}/rerun",
    response_model=JobOut,
    status_code=status.HTTP_202_ACCEPTED,
    responses={409: {"model": ErrorBody}},
)
async def rerun_job(
    job_id: IdPath, request: Request, db: DbDep, who: PlannerDep, runner: RunnerDep
) -> JobOut:
    """Run an ended job again with the same inputs (e.g. one ``interrupted`` by a restart).
    Takes no body: options sent here would not be used."""
    if (await request.body()).strip():
        raise ApiError(
            422,
            "a re-run takes no body: it runs the job again with its own scenario and "
            "options; to solve with other options, submit a new solve job",
        )
    return await in_thread(_rerun, job_id, db, who, runner)


def _rerun(job_id: int, db: Any, who: Any, runner: Any) -> JobOut:
    job = _get(db, job_id)
    if job.status not in TERMINAL:
        raise ApiError(409, f"job {job_id} is still {job.status}")
    again = new_job(
        db,
        kind=job.kind,
        scenario=job.scenario,
        options=job.options,
        created_by=who.actor,
        scenario_id=job.scenario_id,
        term_id=job.term_id,
        reference_version_id=job.reference_version_id,
        reference=job.reference,
        move_penalty=job.move_penalty,
        rerun_of=job.id,
        keep_before=job.keep_before,
    )
    audit.record(db, who, "job.rerun", "job", again.id, {"rerun_of": job.id})
    db.commit()
    runner.wake()
    return job_out(again, _reference_number(db, again))
