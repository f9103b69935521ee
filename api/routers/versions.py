"""Published schedule versions of a term, extra requests on top of them, re-solves.

A version is immutable. After publication an institution's extra request is answered
at once: granted sessions become an amendment of the latest version (nobody else's
session moves), or the answer gives reasons and the nearest alternatives. A planner's
re-solve with minimal perturbation is a job whose schedule lists what moved; publishing
it makes the next version. A job started before a granted extra request does not know
it, so publishing that job is refused (409) rather than dropping the booking: re-solve
and publish the new job. An ``infeasible`` schedule is never published, one that leaves
a required request unmet only when the planner says so.

The routes only: what a version shows its reader is :mod:`api.version_views`, how an
extra request is checked and answered is :mod:`api.extra_answers`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Request, status
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import load_only

from api import audit
from api.body import json_data
from api.db.models import Job, ScheduleVersion, Term
from api.deps import DbDep, IdPath, PlannerDep, PrincipalDep, ReaderDep, RunnerDep, SettingsDep
from api.errors import ApiError, ErrorBody
from api.extra_answers import submit_extra
from api.jobs.service import JobNote, effective_options, job_out, lowered, new_job
from api.openapi import json_body, tiny_scenario
from api.published_versions import (
    amendments,
    effective,
    effective_scenario,
    get_version,
    latest_version,
    next_version_number,
)
from api.publishing import changed_from_latest, past_warning, refuse_unpublishable
from api.schemas import JobOut, RequestSubmission
from api.security import Principal, Role
from api.snapshots import TermSnapshot, term_snapshot
from api.term_checks import term_scenario
from api.term_locks import holding
from api.threads import in_thread
from api.version_schemas import (
    PUBLISH_EXAMPLES,
    RESOLVE_EXAMPLES,
    ExtraRequestOut,
    PublishIn,
    PublishOut,
    ResolveIn,
    VersionOut,
    VersionSummary,
)
from api.version_views import version_figures, version_out, version_summary
from api.workflow import check_institution, get_term
from scheduler.calendar import day_of_date, day_words, term_days
from scheduler.solving.resolve import default_move_penalty

router = APIRouter(
    prefix="/api/v1/terms/{term_id}",
    tags=["versions"],
    responses={401: {"model": ErrorBody}, 403: {"model": ErrorBody}, 404: {"model": ErrorBody}},
)


@router.post(
    "/versions",
    response_model=PublishOut,
    status_code=status.HTTP_201_CREATED,
    responses={409: {"model": ErrorBody}},
)
async def publish(
    term_id: IdPath,
    body: Annotated[PublishIn, Body(openapi_examples=PUBLISH_EXAMPLES)],
    db: DbDep,
    who: PlannerDep,
    settings: SettingsDep,
) -> PublishOut:
    """Publish a solve (or re-solve) job of this term that has a schedule (done, or
    cancelled or interrupted with the best schedule found) as the next version.

    Refused (409) when the job's schedule is ``infeasible`` (its required requests conflict), when
    it leaves a required request unmet (unless ``allow_unmet_required``), when the job
    started before a granted extra request it would drop (re-solve, then publish
    the new job), when it was solved before the term's base last changed, or when the
    independent checker rejects the schedule.
    """
    async with holding(term_id, db):  # one write of the term at a time (a base change, say)
        # the checks read whole timetables: off the event loop
        return await in_thread(_publish, term_id, body, db, who, settings)


def _publish(
    term_id: int, body: PublishIn, db: DbDep, who: Principal, settings: SettingsDep
) -> PublishOut:
    term = get_term(db, term_id, who)
    job = db.get(Job, body.job_id)
    if job is None or job.term_id != term.id:
        raise ApiError(404, "job not found in this term")
    # a cancelled or interrupted job's schedule is the best it found before it stopped,
    # checked below like any other
    if job.schedule is None or job.status not in ("done", "cancelled", "interrupted"):
        raise ApiError(409, f"job {job.id} has no finished schedule ({job.status})")
    if db.scalar(select(ScheduleVersion.id).where(ScheduleVersion.job_id == job.id)):
        raise ApiError(409, f"job {job.id} is already published")
    refuse_unpublishable(db, term, job, allow_unmet_required=body.allow_unmet_required)
    latest = latest_version(db, term.id)
    warnings = []
    if job.reference is not None and latest is not None and latest.id != job.reference_version_id:
        # a re-solve of an older version (a roll-back, or a second re-solve of one
        # version): its moves are from that version, institutions know the latest
        parent = db.get(ScheduleVersion, job.reference_version_id)
        warnings.append(
            f"job {job.id} re-solved version {parent.number if parent else '?'}, not the "
            f"latest ({latest.number}): this version replaces version {latest.number}'s "
            f"timetable, and 'moved' lists what changes from version {latest.number}"
        )
        moved = changed_from_latest(db, term, job)
    elif job.reference is not None:
        moved = job.moved
    else:
        moved = changed_from_latest(db, term, job)
    if latest is not None:
        # days gone by are those before the first bookable day, as for extra requests
        # and re-solves (today itself could no longer be booked; a term simulation)
        warnings.extend(past_warning(db, latest, job, settings.first_bookable_date()))
    version = ScheduleVersion(
        term_id=term.id,
        number=next_version_number(db, term.id),
        job_id=job.id,
        parent_id=job.reference_version_id,
        scenario=job.scenario,
        schedule=job.schedule,
        moved=moved,
        created_by=who.actor,
    )
    db.add(version)
    try:
        db.flush()
    except IntegrityError:
        db.rollback()
        raise ApiError(409, "another version was published at the same time; retry") from None
    audit.record(
        db, who, "version.publish", "version", f"{term.id}/{version.number}", {"job": job.id}
    )
    db.commit()
    return PublishOut(**version_summary(db, version), warnings=warnings)


@router.get("/versions", response_model=list[VersionSummary])
def list_versions(term_id: IdPath, db: DbDep, who: PrincipalDep) -> list[VersionSummary]:
    """The term's published versions, oldest first (institutions: own amendments only)."""
    term = get_term(db, term_id, who)
    rows = db.execute(
        select(ScheduleVersion, *version_figures(who))
        .options(  # what a summary shows: the documents are megabytes on a large term
            load_only(
                ScheduleVersion.number,
                ScheduleVersion.created_at,
                ScheduleVersion.created_by,
                ScheduleVersion.job_id,
                ScheduleVersion.parent_id,
            )
        )
        .where(ScheduleVersion.term_id == term.id)
        .order_by(ScheduleVersion.number)
    )
    return [VersionSummary(**version_summary(db, v, who, (parent, n))) for v, parent, n in rows]


@router.get("/versions/{number}", response_model=VersionOut)
def get_version_route(term_id: IdPath, number: IdPath, db: DbDep, who: PrincipalDep) -> VersionOut:
    """A version with its amendments; an institution sees only its own sessions."""
    term = get_term(db, term_id, who)
    return version_out(db, get_version(db, term, number), who, term)


@router.get(
    "/versions/{number}/scenario",
    response_model=dict[str, Any],
    responses={403: {"model": ErrorBody}},
)
def get_version_scenario(
    term_id: IdPath, number: IdPath, db: DbDep, who: ReaderDep
) -> dict[str, Any]:
    """The whole scenario of a version, its granted extra requests included: with the
    version's ``schedule`` it is what ``trainshare report``, ``export`` and ``check``
    read. Planners and viewers only (it holds every institution's items)."""
    term = get_term(db, term_id, who)
    version = get_version(db, term, number)
    return effective_scenario(version, amendments(db, version.id))


@router.get("/schedule", response_model=VersionOut, responses={409: {"model": ErrorBody}})
def current_schedule(term_id: IdPath, db: DbDep, who: PrincipalDep) -> VersionOut:
    """The latest published version with its amendments."""
    term = get_term(db, term_id, who)
    v = latest_version(db, term.id)
    if v is None:
        raise ApiError(409, "no schedule of this term is published yet")
    return version_out(db, v, who, term)


@router.post(
    "/versions/{number}/resolve",
    response_model=JobOut,
    status_code=status.HTTP_202_ACCEPTED,
    responses={422: {"model": ErrorBody}},
)
async def resolve(
    term_id: IdPath,
    number: IdPath,
    db: DbDep,
    who: PlannerDep,
    settings: SettingsDep,
    runner: RunnerDep,
    body: Annotated[ResolveIn | None, Body(openapi_examples=RESOLVE_EXAMPLES)] = None,
) -> JobOut:
    """Re-solve the term's current submissions, moving as few of this version's sessions
    as possible (``move_penalty`` per moved session); the job lists what moved. The body
    is optional, like a solve's. Mid-term nothing before the day after today changes
    (``keep_before``): requests under way keep their published timetable."""
    term = await in_thread(get_term, db, term_id, who)
    async with holding(term_id, db):  # the term as one write left it; solved unlocked
        snap = await in_thread(term_snapshot, db, term, number)
    return await in_thread(_queue_resolve, db, snap, who, settings, runner, body)


def _queue_resolve(
    db: DbDep,
    snap: TermSnapshot,
    who: Principal,
    settings: SettingsDep,
    runner: RunnerDep,
    body: ResolveIn | None,
) -> JobOut:
    """Check the term as read and queue the re-solve of its version (:func:`resolve`)."""
    body = body or ResolveIn()
    term, version = snap.term, snap.version
    assert version is not None  # term_snapshot's 404 otherwise
    _, reference = effective(version, snap.amends)
    scenario, data = term_scenario(term, snap.cohorts, snap.requests, who)
    move_penalty = body.move_penalty
    if move_penalty is None:
        move_penalty = default_move_penalty(scenario)
    # mid-term, what has happened stays: nothing before the first bookable day changes
    first_date = settings.first_bookable_date()
    keep_before = first_date if day_of_date(scenario.calendar, first_date) > 0 else None
    job = new_job(
        db,
        kind="resolve",
        scenario=data,
        options=effective_options(body.options, settings),
        created_by=who.actor,
        term_id=term.id,
        reference_version_id=version.id,
        reference=reference,
        move_penalty=move_penalty,
        keep_before=keep_before,
    )
    audit.record(db, who, "job.create", "job", job.id, {"term": term.id, "resolve": version.number})
    db.commit()
    runner.wake()
    notes = lowered(body.options, job.options)
    if keep_before is not None:
        cal = scenario.calendar
        day = day_of_date(cal, keep_before)
        notes.append(
            JobNote(
                f"the term is under way: nothing before {day_words(cal, day)} "
                "changes; requests already under way keep their published timetable (a free "
                "one may still gain sessions), the others are planned from that day on",
                f"学期已在进行中：{day_words(cal, day, 'zh')}之前的安排都不会改变；已开始的需求"
                "保留已发布的课表（不限时间的需求仍可能增加课次），其余需求从该日起重新安排",
            )
            if day < term_days(cal)
            else JobNote(
                "the term is over: the re-solve keeps the published timetable as it is",
                "学期已结束：重新求解按原样保留已发布的课表",
            )
        )
    if snap.latest is not None and snap.latest != version.number:
        n, latest = version.number, snap.latest
        notes.append(
            JobNote(
                f"version {n} is not the latest ({latest}): the re-solve keeps "
                f"version {n}'s timetable, and publishing it replaces version {latest}'s",
                f"第 {n} 版不是最新版（第 {latest} 版）：重新求解保留第 {n} 版的课表，"
                f"发布后将取代第 {latest} 版的课表",
            )
        )
    return job_out(job, version.number, notes)


def _extra_example() -> dict[str, Any]:
    r = dict(tiny_scenario()["requests"][1])
    r["id"] = "r-b-cnc-extra"
    r["sessions"] = 1
    return r


@router.post(
    "/institutions/{institution}/extra-requests",
    response_model=ExtraRequestOut,
    status_code=status.HTTP_201_CREATED,
    openapi_extra=json_body(
        RequestSubmission, {"extra": _extra_example()}, "one more CNC taster session"
    ),
    responses={409: {"model": ErrorBody}, 422: {"model": ErrorBody}},
)
async def extra_request(
    term_id: IdPath,
    institution: str,
    request: Request,
    db: DbDep,
    who: PrincipalDep,
    settings: SettingsDep,
) -> ExtraRequestOut:
    """Ask for more sessions after publication and get the answer at once.

    Granted sessions fit around every published session (nothing else moves), from the
    day after today on (``bookable_from``; TRAINSHARE_EXTRA_LEAD_DAYS), and are kept as
    an amendment of the latest version; otherwise the answer says why and offers the
    nearest alternatives. Both outcomes are recorded. Once the term is over: 409.
    """
    term = await in_thread(_asking, db, term_id, institution, who)
    data = await json_data(request)
    return await submit_extra(db, term, institution, data, who, settings.first_bookable_date())


def _asking(db: DbDep, term_id: int, institution: str, who: Principal) -> Term:
    """The term, when ``who`` may ask for more for ``institution`` (a worker thread's
    read, before the body)."""
    term = get_term(db, term_id, who)
    check_institution(term, institution, who, write=False)
    if who.role is Role.VIEWER:
        raise ApiError(403, "viewer keys are read-only")
    return term
