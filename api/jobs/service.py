"""Creating jobs and showing them: shared by the scenario, job and term routes."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from sqlalchemy.orm import Session, defer

from api.db.models import Job
from api.job_errors import error_messages
from api.schemas import JobLinks, JobOut, Progress, SolveOptionsIn
from api.settings import Settings

#: Loader options for jobs read only to be shown (:func:`job_out`): the documents stay
#: in the database (the scenario and the schedule are megabytes each on a large term;
#: ``has_schedule`` is computed there).
SHOWN_ONLY = (defer(Job.scenario), defer(Job.reference), defer(Job.schedule))


def effective_options(requested: SolveOptionsIn, settings: Settings) -> dict[str, Any]:
    """The solver options a job runs with: the client's, capped by the settings."""
    time_limit = requested.time_limit or settings.job_time_limit
    workers = min(requested.workers or settings.max_solver_threads, settings.max_solver_threads)
    options: dict[str, Any] = {
        "solver": requested.solver,
        "time_limit": min(time_limit, settings.max_time_limit),
        "seed": requested.seed,
        "workers": workers,
    }
    if requested.work_limit is not None:
        options["work_limit"] = requested.work_limit
    return options


class JobNote(NamedTuple):
    """One warning of the answer that creates a job, in English (``warnings``, kept word
    for word: clients match on it) and in Chinese (``warning_messages``), made together
    from the same facts so that the two never say different things."""

    en: str
    zh: str


def lowered(requested: SolveOptionsIn, options: dict[str, Any]) -> list[JobNote]:
    """What the server's caps changed in the client's options, said in the answer that
    creates the job (the job's ``options`` show what it runs with)."""
    notes = []
    if requested.time_limit is not None and options["time_limit"] < requested.time_limit:
        asked, runs = f"{requested.time_limit:g}", f"{options['time_limit']:g}"
        notes.append(
            JobNote(
                f"time_limit {asked} s is above this server's cap: the job runs "
                f"{runs} s (TRAINSHARE_MAX_TIME_LIMIT)",
                f"time_limit {asked} 秒超出本服务器的上限：任务按 {runs} 秒运行"
                "（TRAINSHARE_MAX_TIME_LIMIT）",
            )
        )
    if requested.workers is not None and options["workers"] < requested.workers:
        notes.append(
            JobNote(
                f"workers {requested.workers} is above this server's cap: the job runs "
                f"{options['workers']} (TRAINSHARE_MAX_SOLVER_THREADS)",
                f"workers {requested.workers} 超出本服务器的上限：任务按 {options['workers']} "
                "个运行（TRAINSHARE_MAX_SOLVER_THREADS）",
            )
        )
    return notes


def new_job(
    db: Session,
    *,
    kind: str,
    scenario: dict[str, Any],
    options: dict[str, Any],
    created_by: str,
    scenario_id: int | None = None,
    term_id: int | None = None,
    reference_version_id: int | None = None,
    reference: dict[str, Any] | None = None,
    move_penalty: int | None = None,
    rerun_of: int | None = None,
    keep_before: dt.date | None = None,
) -> Job:
    """Add a queued job and flush it so that it has an id; the caller commits, then wakes the
    runner.
    """
    job = Job(
        kind=kind,
        status="queued",
        name=str(scenario.get("name", "")),
        scenario=scenario,
        options=options,
        created_by=created_by,
        scenario_id=scenario_id,
        term_id=term_id,
        reference_version_id=reference_version_id,
        reference=reference,
        move_penalty=move_penalty,
        rerun_of=rerun_of,
        keep_before=keep_before,
    )
    db.add(job)
    db.flush()
    return job


def job_out(
    job: Job, reference_number: int | None = None, warnings: list[JobNote] | None = None
) -> JobOut:
    """A job as the API shows it: the row, its reference version's number (the row holds the id),
    links to follow it, and ``warnings`` for the answer that creates it.
    """
    base = f"/api/v1/jobs/{job.id}"
    return JobOut(
        id=job.id,
        kind=job.kind,  # type: ignore[arg-type]
        name=job.name,
        status=job.status,  # type: ignore[arg-type]
        scenario_id=job.scenario_id,
        term_id=job.term_id,
        reference_version=reference_number,
        rerun_of=job.rerun_of,
        options=job.options,
        move_penalty=job.move_penalty,
        keep_before=job.keep_before,
        progress=Progress(
            objective=job.objective, bound=job.bound, gap=job.gap, elapsed=job.elapsed
        ),
        has_schedule=bool(job.has_schedule),
        cancel_requested=bool(job.cancel_requested),
        moved=job.moved,
        error=job.error,
        error_messages=error_messages(job.error),
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        created_by=job.created_by,
        links=JobLinks(self=base, events=f"{base}/events", schedule=f"{base}/schedule"),
        warnings=[w.en for w in warnings or []],
        warning_messages=[{"zh": w.zh} for w in warnings or []],
    )
