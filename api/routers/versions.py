"""Published schedule versions of a term, extra requests on top of them, re-solves.

A version is immutable. After publication an institution's extra request is answered
at once: granted sessions become an amendment of the latest version (nobody else's
session moves), or the answer gives reasons and the nearest alternatives. A planner's
re-solve with minimal perturbation is a job whose schedule lists what moved; publishing
it makes the next version. A job started before a granted extra request does not know
it, so publishing that job is refused (409) rather than dropping the booking: re-solve
and publish the new job. An ``infeasible`` schedule is never published, one that leaves
a required request unmet only when the planner says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Annotated, Any

from fastapi import APIRouter, Body, Request, status
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased, load_only

from api import audit
from api.base_changes import base_of
from api.body import json_data, to_model
from api.compose import (
    institution_view,
    item_ids,
    joint_requests,
    local,
    owner_of,
    qualify,
    redact,
    request_doc,
)
from api.db.models import Amendment, Job, ScheduleVersion, Term, TermCohort, TermRequest
from api.deps import DbDep, IdPath, PlannerDep, PrincipalDep, ReaderDep, RunnerDep, SettingsDep
from api.errors import ApiError, ErrorBody, path_to_loc
from api.hosting import (
    hosted,
    ids_named,
    moves_on_posts,
    moves_seen,
    session_moves_taught,
    unmet_on_posts,
)
from api.jobs.service import effective_options, job_out, lowered, new_job
from api.openapi import json_body, tiny_scenario
from api.publishing import changed_from_latest, past_warning, refuse_unpublishable
from api.refusal_words import Naming, worded
from api.routers.submissions import own_refs_only
from api.schemas import (
    PUBLISH_EXAMPLES,
    RESOLVE_EXAMPLES,
    AmendmentOut,
    BookableFrom,
    ExtraRequestOut,
    HostedMove,
    HostedPlacement,
    HostedSession,
    HostedSessionMove,
    HostedUnmet,
    JobOut,
    PublishIn,
    PublishOut,
    RequestSubmission,
    ResolveIn,
    VersionOut,
    VersionSummary,
)
from api.security import Principal, Role
from api.snapshots import TermSnapshot, term_snapshot
from api.term_locks import holding
from api.threads import in_thread
from api.workflow import (
    amendments,
    check_extra,
    check_institution,
    effective,
    effective_bookings,
    effective_scenario,
    get_term,
    get_version,
    institutions_of,
    latest_version,
    latest_version_ref,
    next_version_number,
    term_scenario,
)
from scheduler.calendar import date_of_day, day_of_date, day_words, term_days
from scheduler.solving.resolve import default_move_penalty

router = APIRouter(
    prefix="/api/v1/terms/{term_id}",
    tags=["versions"],
    responses={401: {"model": ErrorBody}, 403: {"model": ErrorBody}, 404: {"model": ErrorBody}},
)


def _amendment_out(
    a: Amendment,
    who: Principal,
    institutions: list[str],
    joint: Collection[str] = frozenset(),
    own_seq: int | None = None,
    ids: frozenset[str] = frozenset(),
    told: Collection[str] = frozenset(),
) -> AmendmentOut:
    """An amendment as ``who`` may read it: an institution's view names its own items
    and the ``joint`` requests it takes part in, and hides everyone else's but those
    the same view names elsewhere (``told``, :func:`~api.hosting.ids_named`: an own
    extra internship refused because another's interns fill its post names them, as
    ``hosted_placements`` does). It has no
    ``id`` and its ``seq`` is ``own_seq``, its place among the institution's own
    amendments of the version: the shared numbers would tell how many extra requests
    the other institutions made in between. ``ids`` are the scenario's qualified ids,
    read whole in sentences (:func:`~api.compose.item_ids`)."""
    req_id = a.request.get("id", "")
    seq: int | None = a.seq
    amendment_id: int | None = a.id
    sessions, placements = a.sessions, a.placements
    reasons, alternatives = a.reasons, a.alternatives
    if who.role is Role.INSTITUTION:
        req_id = req_id.split("/", 1)[-1]
        inst = a.institution
        seq, amendment_id = own_seq, None

        def view(schedule: dict[str, Any]) -> dict[str, Any]:
            """What the institution may see of a schedule fragment (:func:`institution_view`)."""
            return institution_view(schedule, inst, institutions, joint, ids, told)

        booked = view({"sessions": sessions, "placements": placements})
        sessions, placements = booked["sessions"], booked["placements"]
        reasons = view({"unmet": reasons})["unmet"]
        alternatives = redact(
            [
                {
                    **alt,
                    **view(
                        {
                            "sessions": alt.get("sessions", []),
                            "placements": alt.get("placements", []),
                        }
                    ),
                }
                for alt in alternatives
            ],
            inst,
            institutions,
            frozenset(joint) | frozenset(told),  # what its reasons name, they name
            ids,
        )
        for alt in alternatives:
            for k in ("format", "scenario", "status", "unmet"):
                alt.pop(k, None)
    return AmendmentOut(
        id=amendment_id,
        seq=seq,
        institution=a.institution,
        request=req_id,
        outcome=a.outcome,  # type: ignore[arg-type]
        sessions=sessions,
        placements=placements,
        reasons=reasons,
        alternatives=alternatives,
        created_at=a.created_at,
        created_by=a.created_by,
    )


def _figures(who: Principal | None) -> tuple[Any, Any]:
    """The version's parent's number (not its documents) and its count of amendments (an
    institution counts only its own), as subqueries of a select of versions: one query
    answers them for every version listed (two per version did)."""
    parent = aliased(ScheduleVersion)
    number = select(parent.number).where(parent.id == ScheduleVersion.parent_id).scalar_subquery()
    q = (
        select(func.count())
        .select_from(Amendment)
        .where(Amendment.version_id == ScheduleVersion.id)
    )
    if who is not None and who.role is Role.INSTITUTION:
        q = q.where(Amendment.institution == (who.institution or ""))
    return number, q.scalar_subquery()


def _summary(
    db: DbDep,
    v: ScheduleVersion,
    who: Principal | None = None,
    figures: tuple[int | None, int] | None = None,
) -> dict[str, Any]:
    """The version's header with its :func:`_figures` (read here unless given)."""
    if figures is None:
        row = db.execute(select(*_figures(who)).where(ScheduleVersion.id == v.id)).one()
        figures = (row[0], row[1])
    parent, n = figures
    return {
        "number": v.number,
        "created_at": v.created_at,
        "created_by": v.created_by,
        "job_id": v.job_id,
        "parent": parent,
        "amendments": n or 0,
    }


def version_out(db: DbDep, v: ScheduleVersion, who: Principal, term: Term) -> VersionOut:
    """What ``GET .../versions/{number}`` answers about ``v``: the schedule with its amendments,
    an institution's own part only."""
    amends = amendments(db, v.id)
    scenario, schedule = effective(v, amends, shared=True)  # read here, not changed
    moved = v.moved
    institutions = institutions_of(term)
    joint: frozenset[str] = frozenset()
    ids: frozenset[str] = frozenset()
    told: frozenset[str] = frozenset()
    placed: list[HostedPlacement] | None = None
    taught: list[HostedSession] | None = None
    unmet: list[HostedUnmet] | None = None
    shifted: list[HostedMove] | None = None
    retimed: list[HostedSessionMove] | None = None
    if who.role is Role.INSTITUTION:
        inst = who.institution or ""
        joint, ids = joint_requests(scenario, inst), item_ids(scenario)
        # a host receives the interns on its posts and sends its teachers: whom, where
        on_posts, by_teachers = hosted(scenario, schedule, inst)
        placed = [HostedPlacement(**p) for p in on_posts]
        taught = [HostedSession(**s) for s in by_teachers]
        # and the demand its posts could not meet, the interns a re-solve moved
        unmet = [
            HostedUnmet(**u) for u in unmet_on_posts(scenario, schedule, inst, institutions, ids)
        ]
        shifted = [HostedMove(**m) for m in moves_on_posts(scenario, v.moved, inst)]
        # and the sessions its teachers teach for others that it moved or retaught
        retimed = [
            HostedSessionMove(**m) for m in session_moves_taught(scenario, schedule, v.moved, inst)
        ]
        # the status as solved: granted extras turn 'optimal' into 'feasible', which
        # would tell that others were granted some
        published = {**schedule, "status": v.schedule.get("status")}
        told = ids_named(scenario, schedule, inst)
        schedule = institution_view(published, inst, institutions, joint, ids, told)
        amends = [a for a in amends if a.institution == inst]
        moved = moves_seen(moved, inst, joint, institutions, ids)
    summary = _summary(db, v)
    summary["amendments"] = len(amends)
    return VersionOut(
        **summary,
        moved=moved,
        schedule=schedule,
        amendment_list=[
            _amendment_out(a, who, institutions, joint, own_seq=k, ids=ids, told=told)
            for k, a in enumerate(amends, 1)
        ],
        hosted_placements=placed,
        hosted_sessions=taught,
        hosted_unmet=unmet,
        hosted_moves=shifted,
        hosted_session_moves=retimed,
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
    return PublishOut(**_summary(db, version), warnings=warnings)


@router.get("/versions", response_model=list[VersionSummary])
def list_versions(term_id: IdPath, db: DbDep, who: PrincipalDep) -> list[VersionSummary]:
    """The term's published versions, oldest first (institutions: own amendments only)."""
    term = get_term(db, term_id, who)
    rows = db.execute(
        select(ScheduleVersion, *_figures(who))
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
    return [VersionSummary(**_summary(db, v, who, (parent, n))) for v, parent, n in rows]


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
        day = day_of_date(scenario.calendar, keep_before)
        notes.append(
            f"the term is under way: nothing before {day_words(scenario.calendar, day)} "
            "changes; requests already under way keep their published timetable (a free "
            "one may still gain sessions), the others are planned from that day on"
            if day < term_days(scenario.calendar)
            else "the term is over: the re-solve keeps the published timetable as it is"
        )
    if snap.latest is not None and snap.latest != version.number:
        notes.append(
            f"version {version.number} is not the latest ({snap.latest}): the re-solve keeps "
            f"version {version.number}'s timetable, and publishing it replaces version "
            f"{snap.latest}'s"
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


async def submit_extra(
    db: Session,
    term: Term,
    institution: str,
    data: Any,
    who: Principal,
    first_date: dt.date,
) -> ExtraRequestOut:
    """Check ``data`` as an extra request of ``institution`` and answer it, one write of
    the term at a time: the route's and the web form's (``api.web.ask``) one path."""
    parsed = await run_in_threadpool(to_model, data, RequestSubmission, "request")
    doc = parsed.model_dump(mode="json", by_alias=True, exclude_none=True)
    own_refs_only(doc, who)
    async with holding(term.id, db):  # one write of the term at a time
        return await in_thread(_answer_extra, db, term, institution, doc, who, first_date)


def _refuse_cohorts_after(
    db: DbDep,
    term_id: int,
    institution: str,
    doc: dict[str, Any],
    scenario: dict[str, Any],
    version: int,
) -> None:
    """A cohort submitted after the latest version was published is not in it, and an
    extra request books against that version: say so (it read 'unknown cohort')."""
    named = [doc["cohort"]] if doc.get("cohort") is not None else list(doc.get("cohorts") or [])
    published = {c.get("id") for c in scenario.get("cohorts", [])}
    late = [c for c in named if qualify(institution, c) not in published]
    if not late:
        return
    submitted = set(
        db.scalars(
            select(TermCohort.local_id).where(
                TermCohort.term_id == term_id,
                TermCohort.institution == institution,
                TermCohort.local_id.in_(late),
            )
        )
    )
    errors = [
        said(
            "cohort" if doc.get("cohort") is not None else "cohorts",
            f"cohort '{c}' was submitted after version {version} was published, "
            "so it is not in that timetable; ask the planner to re-solve the term with it",
        )
        for c in late
        if c in submitted
    ]
    if errors:
        raise ApiError(422, "request rejected: a cohort is not in the published version", errors)


def said(path: str, msg: str, naming: Naming | None = None) -> dict[str, Any]:
    """An error entry of the body's ``path`` saying ``msg``, things named (``naming``) and
    in Chinese too (:mod:`api.refusal_words`)."""
    msg, messages = worded(msg, naming) if naming is not None else worded(msg)
    return {"loc": ["body", *path_to_loc(path)], "path": path, "msg": msg, "messages": messages}


def _refuse_withdrawn(
    db: DbDep, term_id: int, qualified: dict[str, Any], naming: Naming | None = None
) -> None:
    """An extra request books against the published version but joins the term: a
    cohort or an ``after`` request withdrawn since (the term reopened) is in the first
    and not the second. Granted, it left a term no solve could read and an extra no one
    could delete; refused here, naming what was withdrawn."""
    cohorts = (
        [qualified["cohort"]]
        if qualified.get("cohort") is not None
        else list(qualified.get("cohorts") or [])
    )
    field = "cohort" if qualified.get("cohort") is not None else "cohorts"
    errors = []
    for table, refs, where in (
        (TermCohort, cohorts, field),
        (TermRequest, list(qualified.get("after") or []), "after"),
    ):
        for ref in refs:
            institution, local_id = owner_of(ref), local(ref)
            row = db.scalar(
                select(table.id).where(
                    table.term_id == term_id,
                    table.institution == institution,
                    table.local_id == local_id,
                )
            )
            if row is None:
                noun = "cohort" if table is TermCohort else "request"
                errors.append(
                    said(
                        where,
                        f"{noun} '{local_id}' was withdrawn from the term after it was "
                        "published, so an extra request cannot name it",
                        naming,
                    )
                )
    if errors:
        raise ApiError(422, "request rejected: it names an item withdrawn from the term", errors)


def _told(
    db: DbDep, version_id: int, amends: list[Amendment], scenario: dict[str, Any], inst: str
) -> frozenset[str]:
    """What ``inst``'s view of the version names of others (:func:`~api.hosting.ids_named`)
    once the last of ``amends`` is answered: its reasons name those too, as the version
    read later does. Only a refused or partial answer has reasons: the version's schedule
    (megabytes on a large term) is read only then."""
    if not amends[-1].reasons:
        return frozenset()
    version = db.get(ScheduleVersion, version_id, options=[load_only(ScheduleVersion.schedule)])
    if version is None:
        return frozenset()
    sessions, placements = effective_bookings(version, amends)
    return ids_named(scenario, {"sessions": sessions, "placements": placements}, inst)


def refuse_changed_base(term: Term, scenario: dict[str, Any], version: int) -> None:
    """An extra request books on the published version: refused (409) once the term's
    base differs from that version's (a resource, instructor or day may be gone)."""
    if base_of(scenario) != term.base:
        raise ApiError(
            409,
            f"the term's base changed after version {version} was published (a resource, "
            "instructor or day may be gone): extra requests wait until the planner "
            "publishes a re-solve on the new base",
        )


def _answer_extra(
    db: DbDep,
    term: Any,
    institution: str,
    doc: dict[str, Any],
    who: Principal,
    first_date: dt.date,
) -> ExtraRequestOut:
    from api.extra import answer_on, bookable_day, published_term, remember_answer

    ref = latest_version_ref(db, term.id)
    if ref is None:
        raise ApiError(409, "no schedule of this term is published yet")
    version_id, version_number = ref
    local_id = doc["id"]
    existing = db.scalar(
        select(TermRequest).where(
            TermRequest.term_id == term.id,
            TermRequest.institution == institution,
            TermRequest.local_id == local_id,
        )
    )
    if existing is not None:
        raise ApiError(
            409,
            f"request '{local_id}' already exists; choose a new id",
            [said("id", f"'{local_id}' is already used")],
        )
    scenario, published, amends = published_term(db, version_id)
    refuse_changed_base(term, scenario, version_number)
    qualified = request_doc(institution, doc)
    naming = Naming(scenario, own=institution)  # the caller's items by their plain ids
    # A withdrawn request keeps its id in the published scenario: ids stay unique.
    if any(r.get("id") == qualified["id"] for r in scenario.get("requests", [])):
        raise ApiError(
            409,
            f"request '{local_id}' is part of the published schedule; choose a new id",
            [said("id", f"'{local_id}' is already used by a published request", naming)],
        )
    _refuse_cohorts_after(db, term.id, institution, doc, scenario, version_number)
    scenario = check_extra(scenario, qualified, who, institutions_of(term))
    _refuse_withdrawn(db, term.id, qualified, naming)
    from_day = bookable_day(published, scenario["requests"][-1], first_date)
    answer, answered = answer_on(published, scenario["requests"][-1], from_day)
    db.refresh(term)
    refuse_changed_base(term, scenario, version_number)  # changed while answering?
    amendment = Amendment(
        version_id=version_id,
        seq=(max((a.seq for a in amends), default=0) + 1),
        institution=institution,
        request=qualified,
        outcome=answer.outcome,
        sessions=answer.sessions,
        placements=answer.placements,
        reasons=answer.reasons,
        alternatives=answer.alternatives,
        created_by=who.actor,
    )
    db.add(amendment)
    if answer.outcome != "rejected":
        db.add(
            TermRequest(
                term_id=term.id,
                institution=institution,
                local_id=local_id,
                document=doc,
                origin="extra",
                updated_by=who.actor,
            )
        )
    try:
        db.flush()
    except IntegrityError:
        db.rollback()
        raise ApiError(409, "the schedule changed while answering; ask again") from None
    audit.record(
        db,
        who,
        "extra_request." + answer.outcome,
        "amendment",
        f"{term.id}/{version_number}/{amendment.seq}",
        {"request": qualified["id"]},
    )
    db.commit()
    ids = (*(a.id for a in amends), amendment.id)
    remember_answer(db, version_id, ids, scenario, published, answered)
    joint = joint_requests(scenario, institution)
    own_seq = 1 + sum(a.institution == institution for a in amends)
    told = _told(db, version_id, [*amends, amendment], scenario, institution)
    out = _amendment_out(
        amendment, who, institutions_of(term), joint, own_seq, item_ids(scenario), told
    ).model_dump()
    calendar = published.scenario.calendar
    first = (
        BookableFrom(
            week=from_day // calendar.days_per_week + 1,
            day=from_day % calendar.days_per_week + 1,
            date=date_of_day(calendar, from_day),
        )
        if from_day
        else None
    )
    return ExtraRequestOut(**out, version=version_number, bookable_from=first)
