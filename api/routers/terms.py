"""Terms: the planner opens one (base scenario), closes submissions, solves it; everybody
with access sees anonymous occupancy of shared resources."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request, status
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import func, select
from sqlalchemy.orm import defer

from api import audit
from api.base_changes import (
    base_changes,
    base_of,
    broken_bookings,
    grid_changes,
    past_errors,
    with_base,
)
from api.body import json_data, rejected, to_scenario
from api.compose import SEP
from api.db.models import ScheduleVersion, Term, TermCohort, TermRequest, utcnow
from api.deps import DbDep, IdPath, NoBody, PlannerDep, PrincipalDep, RunnerDep, SettingsDep
from api.errors import ApiError, ErrorBody, not_found
from api.jobs.service import JobNote, effective_options, job_out, lowered, new_job
from api.openapi import json_body, tiny_scenario
from api.past_names import PastNames
from api.past_words import zh
from api.published_versions import (
    amendments,
    effective,
    effective_bookings,
    latest_version,
    published_now,
)
from api.schemas import (
    SOLVE_EXAMPLES,
    BusySlot,
    BusyWeek,
    JobOut,
    Message,
    OccupancyOut,
    SolveOptionsIn,
    TermBase,
    TermOut,
)
from api.security import Principal, Role
from api.snapshots import TermSnapshot, term_snapshot
from api.term_checks import CHECK_ATTEMPTS, check_composition, term_scenario
from api.term_locks import holding
from api.threads import in_thread
from api.workflow import get_term, items, items_stamp
from scheduler.calendar import day_of_date, day_words, term_days
from scheduler.io import scenario_to_json
from scheduler.issues import Issue
from scheduler.models import Scenario

router = APIRouter(
    prefix="/api/v1/terms",
    tags=["terms"],
    responses={401: {"model": ErrorBody}, 403: {"model": ErrorBody}, 404: {"model": ErrorBody}},
)


def _base_example() -> dict[str, Any]:
    tiny = tiny_scenario()
    tiny.pop("cohorts")
    tiny.pop("requests")
    return tiny


#: What a term shows beside its row: counts of cohorts and requests, latest version.
Figures = tuple[int, int, int | None]


def _figures(who: Principal) -> tuple[Any, Any, Any]:
    """The term's counts (an institution key counts only its own cohorts and requests) and
    its latest version's number, as subqueries of a select of terms: one query answers them
    for every term listed (three per term did, and the list grew with the terms)."""
    counts = []
    for table in (TermCohort, TermRequest):
        q = select(func.count()).select_from(table).where(table.term_id == Term.id)
        if who.role is Role.INSTITUTION:
            q = q.where(table.institution == who.institution)
        counts.append(q.scalar_subquery())
    latest = (
        select(func.max(ScheduleVersion.number))  # its number: not its documents
        .where(ScheduleVersion.term_id == Term.id)
        .scalar_subquery()
    )
    return counts[0], counts[1], latest


def term_out(
    db: DbDep,
    term: Term,
    who: Principal,
    warnings: list[Message] | None = None,
    figures: Figures | None = None,
) -> TermOut:
    """A term as the API shows it, with its :func:`_figures` (read here unless given)."""
    if figures is None:
        row = db.execute(select(*_figures(who)).where(Term.id == term.id)).one()
        figures = (row[0], row[1], row[2])
    cohorts, requests, latest = figures
    return TermOut(
        id=term.id,
        name=term.name,
        status=term.status,  # type: ignore[arg-type]
        created_at=term.created_at,
        created_by=term.created_by,
        latest_version=latest,
        base=term.base,
        cohorts=cohorts or 0,
        requests=requests or 0,
        warnings=warnings or [],
    )


@router.post(
    "",
    response_model=TermOut,
    status_code=status.HTTP_201_CREATED,
    openapi_extra=json_body(TermBase, {"tiny": _base_example()}, "the tiny scenario's base"),
    responses={413: {"model": ErrorBody}, 422: {"model": ErrorBody}},
)
async def open_term(request: Request, db: DbDep, who: PlannerDep, settings: SettingsDep) -> TermOut:
    """Open a term: calendar, sites, travel, institutions, resources, instructors."""
    scenario, base = await _base_document(request, settings)
    return await in_thread(_open, db, scenario.name, base, who)


def _open(db: DbDep, name: str, base: dict[str, Any], who: Principal) -> TermOut:
    """Store the new term (:func:`open_term`): database calls, in a worker thread."""
    term = Term(name=name, base=base, status="open", created_by=who.actor)
    db.add(term)
    db.flush()
    audit.record(db, who, "term.open", "term", term.id, {"name": term.name})
    db.commit()
    return term_out(db, term, who)


async def _base_document(request: Request, settings: SettingsDep) -> tuple[Scenario, dict]:
    """The body as a validated term base (422 with every problem), and as stored."""
    data = await json_data(request, settings.max_scenario_entities)
    if isinstance(data, dict):
        stray = [
            Issue(k, f"a term base has no {k}; institutions submit them to the term")
            for k in ("cohorts", "requests")
            if data.get(k)
        ]
        if stray:
            raise rejected(stray, "term base")
    scenario, _ = await run_in_threadpool(to_scenario, data)  # CPU time: off the event loop
    slashed = [
        Issue(f"institutions[{i}].id", f"must not contain '{SEP}': it separates an "
              "institution from its items in a term ('col-a/a-cnc-1')")
        for i, inst in enumerate(scenario.institutions)
        if SEP in inst.id
    ]  # fmt: skip
    if slashed:
        raise rejected(slashed, "term base")
    base = json.loads(scenario_to_json(scenario))
    base.pop("cohorts", None)
    base.pop("requests", None)
    return scenario, base


_FIXED = "cannot change once a version is published"


@router.put(
    "/{term_id}/base",
    response_model=TermOut,
    openapi_extra=json_body(TermBase, {"tiny": _base_example()}, "the tiny scenario's base"),
    responses={409: {"model": ErrorBody}, 413: {"model": ErrorBody}, 422: {"model": ErrorBody}},
)
async def replace_base(
    term_id: IdPath, request: Request, db: DbDep, who: PlannerDep, settings: SettingsDep
) -> TermOut:
    """Replace the term's base: a lab withdrawn or added, an instructor's availability,
    days closed, the term made longer, open or closed.

    The term's cohorts and requests must validate on the new base (422 naming each item
    it would break). Once a version is published, the calendar's grid (``first_monday``,
    ``days_per_week``, ``slots_per_day``, ``slot_minutes``, the slots' start times) stays
    (409): published timetables are read on it; and no booking of days gone by may break
    a rule on the new base (409 naming each; to withdraw a lab, limit its ``available``
    weeks). Published versions do not change; ``warnings`` count the later bookings the
    next re-solve moves; extra requests wait for a version on the new base.
    """
    term = await in_thread(get_term, db, term_id, who)
    scenario, base = await _base_document(request, settings)
    async with holding(term_id, db):  # checked and committed one write of the term at a time
        # reads, checks (CPU seconds on a large term) and the commit: in a worker thread
        return await in_thread(_replace_base, db, term, scenario, base, who, settings)


def _replace_base(
    db: DbDep,
    term: Term,
    scenario: Scenario,
    base: dict[str, Any],
    who: Principal,
    settings: SettingsDep,
) -> TermOut:
    """Check and store the new base of ``term`` (:func:`replace_base`), its lock held."""
    db.refresh(term)  # as it stands now
    if base == term.base:
        return term_out(db, term, who)  # nothing changes: no audit entry
    latest = latest_version(db, term.id)
    if latest is not None:
        moved = grid_changes(base_of(latest.scenario)["calendar"], base["calendar"])
        if moved:
            raise ApiError(
                409,
                f"version {latest.number} is published on this calendar: its "
                f"{', '.join(moved)} cannot change (open a new term for another calendar)",
                [
                    {"loc": ["body", "calendar", f], "path": f"calendar.{f}", "msg": _FIXED}
                    for f in moved
                ],
            )
    probe = Term(name=scenario.name, base=base, status=term.status, created_by=term.created_by)
    for attempt in range(CHECK_ATTEMPTS):
        if attempt:
            db.expire_all()  # read the submissions as they are now, not as first loaded
        stamp = items_stamp(db, term.id)
        cohorts, requests = items(db, term.id)
        warnings = check_composition(probe, cohorts, requests, who, None)
        if items_stamp(db, term.id) == stamp:
            break  # nothing was submitted meanwhile: the check holds
    else:
        raise ApiError(409, "submissions kept changing while the new base was checked; retry")
    if latest is not None:
        warnings += _published_bookings(db, term.id, base, settings)
    changes = base_changes(term.base, base)
    term.base, term.name, term.updated_at = base, scenario.name, utcnow()
    audit.record(db, who, "term.base", "term", term.id, {"changes": changes})
    db.commit()
    return term_out(db, term, who, warnings)


def _published_bookings(
    db: DbDep, term_id: int, base: dict[str, Any], settings: SettingsDep
) -> list[Message]:
    """Refuse (409) a base that breaks bookings of the latest version in days gone by
    (what has happened stays), naming each; warn about later ones, which the next
    re-solve moves, and that extra requests wait for it."""
    now = published_now(db, term_id, settings.first_bookable_date())
    assert now is not None  # called once a version is published
    changed = with_base(now.scenario, base)
    # the checker reads the whole timetable twice: seconds on a large term
    broken = broken_bookings(now.scenario, now.schedule, changed, now.day)
    if broken.past:
        n = len(broken.past)
        raise ApiError(
            409,
            f"{n} booking{'s' if n != 1 else ''} of version {now.number} {now.before_words()} "
            "(days gone by) would not hold on the new base: what has happened stays. Keep "
            "what they used (resources and their capacity, instructors, days, travel "
            "times); to withdraw a resource from a later week on, limit its 'available' "
            "weeks instead",
            past_errors(broken.past, now.scenario),
        )
    return _later_warnings(now.number, broken.later, now.scenario)


def _later_warnings(
    number: int, later: list[tuple[str, str]], scenario: dict[str, Any]
) -> list[Message]:
    """The warnings of a base change the published ``number`` keeps: its ``later`` bookings
    it breaks (the first :data:`_NAMED` named as the refusals of days gone by name them,
    :func:`~api.base_changes.past_errors`; in Chinese where each sentence has it), and that
    extra requests wait for a version on the new base."""
    out = []
    if later:
        n, names = len(later), PastNames(scenario)
        shown = [msg for _, msg in later[:_NAMED]]
        chinese = [zh(msg) for msg in shown]
        more = n - _NAMED if n > _NAMED else 0
        en = "; ".join(names(msg, "en") for msg in shown) + (f"; and {more} more" if more else "")
        warning = Message(
            path="",
            msg=f"{n} booking{'s' if n != 1 else ''} of version {number} "
            "(sessions and internship placements, amendments included) would not hold "
            f"on the new base, and the next re-solve moves or drops them: {en}",
        )
        if all(c is not None for c in chinese):
            said = "；".join(names(c, "zh") for c in chinese if c is not None)
            warning.messages = {
                "zh": f"第 {number} 版的 {n} 项安排（课次和实习安排，含追加申请）在新的基础数据上"
                f"不再成立，下次重新求解会移动或取消它们：{said}"
                + (f"；另有 {more} 项" if more else "")
            }
        out.append(warning)
    out.append(
        Message(
            path="",
            msg=f"version {number} stays as published; extra requests are refused "
            "until a term solve or re-solve on the new base is published",
            messages={
                "zh": f"第 {number} 版保持发布时的样子；在新的基础数据上求解或重新求解学期并发布"
                "之前，追加申请都会被拒绝"
            },
        )
    )
    return out


#: Later bookings a base change breaks that its warning names (the rest are counted).
_NAMED = 5


@router.get("", response_model=list[TermOut])
def list_terms(db: DbDep, who: PrincipalDep) -> list[TermOut]:
    """Terms the caller takes part in (all of them for planners and viewers)."""
    out = []
    for term, cohorts, requests, latest in db.execute(
        select(Term, *_figures(who)).order_by(Term.id)
    ):
        if who.role is Role.INSTITUTION and who.institution not in [
            i["id"] for i in term.base.get("institutions", [])
        ]:
            continue
        out.append(term_out(db, term, who, figures=(cohorts, requests, latest)))
    return out


@router.get("/{term_id}", response_model=TermOut)
def get_term_route(term_id: IdPath, db: DbDep, who: PrincipalDep) -> TermOut:
    """One term, with its latest version and the cohorts and requests you can see."""
    return term_out(db, get_term(db, term_id, who), who)


def _set_status(db: DbDep, term_id: IdPath, who: Principal, new: str) -> TermOut:
    term = get_term(db, term_id, who)
    if term.status != new:
        term.status = new
        term.updated_at = utcnow()
        audit.record(db, who, f"term.{'close' if new == 'closed' else 'reopen'}", "term", term.id)
        db.commit()
    return term_out(db, term, who)


@router.post("/{term_id}/close", response_model=TermOut, dependencies=[NoBody])
def close_submissions(term_id: IdPath, db: DbDep, who: PlannerDep) -> TermOut:
    """Close submissions: institutions can no longer change cohorts and requests."""
    return _set_status(db, term_id, who, "closed")


@router.post("/{term_id}/reopen", response_model=TermOut, dependencies=[NoBody])
def reopen_submissions(term_id: IdPath, db: DbDep, who: PlannerDep) -> TermOut:
    """Reopen submissions: institutions can change their cohorts and requests again."""
    return _set_status(db, term_id, who, "open")


@router.post(
    "/{term_id}/solve",
    response_model=JobOut,
    status_code=status.HTTP_202_ACCEPTED,
    responses={409: {"model": ErrorBody}, 422: {"model": ErrorBody}},
)
async def solve_term(
    term_id: IdPath,
    db: DbDep,
    who: PlannerDep,
    settings: SettingsDep,
    runner: RunnerDep,
    options: Annotated[SolveOptionsIn | None, Body(openapi_examples=SOLVE_EXAMPLES)] = None,
) -> JobOut:
    """Solve the closed term as a job; publish its schedule with ``POST .../versions``.

    Once a version is published and the term has begun, the solve keeps what has
    happened, as a re-solve does (``keep_before``): requests under way keep their
    published timetable; the rest is planned afresh from the day after today, with no
    cost for moving a published session.
    """
    term = await in_thread(get_term, db, term_id, who)
    async with holding(term_id, db):  # the term as one write left it; solved unlocked
        snap = await in_thread(term_snapshot, db, term)
    return await in_thread(_queue_solve, db, snap, who, settings, runner, options)


def _queue_solve(
    db: DbDep,
    snap: TermSnapshot,
    who: Principal,
    settings: SettingsDep,
    runner: RunnerDep,
    options: SolveOptionsIn | None,
) -> JobOut:
    """Check the term as read and queue its solve (:func:`solve_term`)."""
    term, latest = snap.term, snap.version
    if term.status != "closed":
        raise ApiError(409, "close submissions before solving (POST .../close)")
    scenario, data = term_scenario(term, snap.cohorts, snap.requests, who)
    requested = options or SolveOptionsIn()
    first_date = settings.first_bookable_date()
    under_way = latest is not None and day_of_date(scenario.calendar, first_date) > 0
    reference = None
    if latest is not None and under_way:
        _, reference = effective(latest, snap.amends)
    job = new_job(
        db,
        kind="term",
        scenario=data,
        options=effective_options(requested, settings),
        created_by=who.actor,
        term_id=term.id,
        reference_version_id=latest.id if reference is not None and latest else None,
        reference=reference,
        move_penalty=0 if reference is not None else None,
        keep_before=first_date if reference is not None else None,
    )
    audit.record(db, who, "job.create", "job", job.id, {"term": term.id})
    db.commit()
    runner.wake()
    notes = lowered(requested, job.options)
    if reference is not None and latest is not None:
        cal = scenario.calendar
        day = day_of_date(cal, first_date)
        n = latest.number
        notes.append(
            JobNote(
                f"the term is under way: the solve keeps version {n} before "
                f"{day_words(cal, day)} (requests under way keep their timetable) and plans "
                "the rest afresh",
                f"学期已在进行中：本次求解保留第 {n} 版在{day_words(cal, day, 'zh')}之前的安排"
                "（已开始的需求保留其课表），其余重新安排",
            )
            if day < term_days(cal)
            else JobNote(
                f"the term is over: the solve keeps version {n} as it is",
                f"学期已结束：本次求解按原样保留第 {n} 版",
            )
        )
    return job_out(job, latest.number if reference is not None and latest else None, notes)


@router.get("/{term_id}/occupancy", response_model=OccupancyOut)
def occupancy(
    term_id: IdPath,
    db: DbDep,
    who: PrincipalDep,
    resource: Annotated[str, Query(min_length=1, max_length=200)],
) -> OccupancyOut:
    """When a resource is busy in the latest published schedule, without saying for whom.

    ``used`` adds the headcounts of every session in that slot (every institution's,
    the caller's own included); internship posts count interns per week.
    """
    term = get_term(db, term_id, who)
    version = latest_version(db, term.id, defer(ScheduleVersion.scenario))
    res = next((r for r in term.base.get("resources", []) if r["id"] == resource), None)
    if res is None and version is not None:
        # a resource the base has withdrawn since is still in the latest version's
        # timetable (its scenario is read only then: megabytes on a large term)
        listed = version.scenario.get("resources", [])
        res = next((r for r in listed if r["id"] == resource), None)
    if res is None:
        raise not_found("resource")
    slots: dict[tuple[int, int, int], int] = {}
    weeks: dict[int, int] = {}
    if version is not None:
        sessions, placements = effective_bookings(version, amendments(db, version.id))
        spd = term.base["calendar"]["slots_per_day"]
        for s in sessions:
            for p in s.get("parts", []):
                if p["resource"] != resource:
                    continue
                for k in range(s["duration"]):
                    slot = s["slot"] + k
                    if slot <= spd:
                        key = (s["week"], s["day"], slot)
                        slots[key] = slots.get(key, 0) + p["headcount"]
        for p in placements:
            if p["resource"] == resource:
                for w in range(p["first_week"], p["first_week"] + p["weeks"]):
                    weeks[w] = weeks.get(w, 0) + p["headcount"]
    return OccupancyOut(
        resource=resource,
        kind=res["kind"],
        capacity=res["capacity"],
        shareable=res.get("shareable", False),
        version=version.number if version else None,
        busy=[BusySlot(week=w, day=d, slot=s, used=u) for (w, d, s), u in sorted(slots.items())],
        busy_weeks=[BusyWeek(week=w, used=u) for w, u in sorted(weeks.items())],
    )
