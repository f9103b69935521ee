"""What a signed-in caller may see, obtained through the JSON API's own functions.

The web pages have no access model of their own: the principal comes from
:func:`api.security.authenticate`, terms from :func:`api.workflow.get_term`, a version's
schedule as the ``GET .../versions/{number}`` route answers it (its
:func:`api.version_views.version_out`: already cut down to an institution's own
sessions, ids unqualified, messages redacted), others' use of a
shared resource from the anonymous ``GET .../occupancy`` route, and job schedules from
the job routes after the same role check their dependency makes. Only the scenario
part is cut here, by the same rule the API applies to documents: an institution sees
its own cohorts and requests (ids without its prefix) and the public base (calendar,
sites, resources, instructors, institutions).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from sqlalchemy.orm import Session, defer

from api.compose import joint_requests, local, owner_of
from api.db.models import Job
from api.deps import require
from api.errors import ApiError
from api.published_versions import amendments, effective_scenario, get_version, latest_version_ref
from api.routers.jobs import job_schedule, list_jobs
from api.routers.terms import list_terms, occupancy
from api.routers.versions import list_versions
from api.schemas import JobOut, TermOut
from api.security import Principal, Role, authenticate
from api.version_schemas import (
    HostedMove,
    HostedPlacement,
    HostedSession,
    HostedSessionMove,
    HostedUnmet,
    VersionSummary,
)
from api.version_views import version_out
from api.workflow import get_term
from scheduler.reports.records import ReportMetrics

log = logging.getLogger(__name__)

#: The cookie holding the pasted API key (HttpOnly, SameSite=Strict).
KEY_COOKIE = "trainshare_key"

#: Busy ``(day, slot, used)`` of a resource in one week, everybody's people counted.
BusyFn = Callable[[str, int], list[tuple[int, int, int]]]
#: interns in an internship post in a week, every institution's (the occupancy route)
PostFn = Callable[[str, int], int]


def principal(request: Request, db: Session) -> Principal | None:
    """The caller of the key in the cookie, exactly as the bearer-key dependency finds it."""
    token = request.cookies.get(KEY_COOKIE)
    if not token:
        return None
    return check_key(request, db, token)


def check_key(request: Request, db: Session, token: str) -> Principal | None:
    """The principal of a pasted key (surrounding spaces ignored), found as a bearer key is; None
    when unknown or revoked.
    """
    settings = request.app.state.settings
    return authenticate(
        db, token.strip(), settings.key_pepper.get_secret_value(), request.app.state.file_keys
    )


def sees_everyone(who: Principal) -> bool:
    """Planners and viewers read every institution's items (the API's ``ReaderDep``)."""
    return who.role in (Role.PLANNER, Role.VIEWER)


# ----------------------------------------------------------------------------- lists


@dataclass
class TermEntry:
    """A term on the home page, with the versions the caller may open."""

    term: TermOut
    versions: list[VersionSummary]


def terms_with_versions(db: Session, who: Principal) -> list[TermEntry]:
    """The caller's terms with their versions, through the API's list routes (so the same access
    rules apply).
    """
    return [TermEntry(t, list_versions(t.id, db, who)) for t in list_terms(db, who)]


@dataclass
class JobEntry:
    """A job on the home page, with its scenario's name."""

    job: JobOut
    name: str


def recent_jobs(db: Session, who: Principal) -> list[JobEntry]:
    """The newest 100 jobs whatever their status, for the roles the job routes admit
    (planner, viewer): a failed one is listed too, and its page says why."""
    if not sees_everyone(who):
        return []
    return [JobEntry(j, j.name) for j in list_jobs(db, who, status_=None, limit=100)]


def finished_jobs(db: Session, who: Principal) -> list[JobEntry]:
    """Jobs with a schedule (done, cancelled or interrupted with the best one kept)."""
    return [e for e in recent_jobs(db, who) if e.job.has_schedule]


# ----------------------------------------------------------------------------- one schedule


@dataclass
class Timetable:
    """One schedule as the caller may see it, with its scenario cut the same way."""

    kind: str  # "version" | "job"
    title: str
    scenario: dict[str, Any]
    schedule: dict[str, Any]
    everyone: bool  # the caller sees all institutions (metrics, heatmap)
    institution: str | None  # the institution of an institution key
    busy: BusyFn | None  # others' anonymous occupancy (institution keys)
    busy_latest_only: bool  # an institution looks at an older version: no occupancy
    cache_key: tuple[Any, ...]
    post_used: PostFn | None = None  # with ``busy``: interns per post and week
    #: other institutions' requests it hosts (``api.hosting``): on its posts, by its teachers
    hosted: frozenset[str] = frozenset()
    term_id: int | None = None
    number: int | None = None
    job_id: int | None = None
    #: a host's notices (``api.hosting``): demand its posts could not meet, interns moved
    hosted_unmet: list[HostedUnmet] = field(default_factory=list)
    hosted_moves: list[HostedMove] = field(default_factory=list)
    #: what the version's re-solve moved, as the caller's ``moved`` tells it, and the
    #: sessions its instructors teach for others that moved (``hosted_session_moves``)
    moved: list[dict[str, Any]] = field(default_factory=list)
    hosted_session_moves: list[HostedSessionMove] = field(default_factory=list)
    #: an institution with a cohort in the version, which an extra request needs: one
    #: without (the public training base) is not offered a form that would only refuse
    can_ask: bool = False
    #: names of every institution of the term (the cut scenario holds only the caller's)
    institution_names: dict[str, str] = field(default_factory=dict)


def own_part(scenario: dict[str, Any], institution: str) -> dict[str, Any]:
    """The scenario as ``institution`` may read it: the base, its own cohorts and
    requests, and other institutions' requests its cohorts attend (joint requests).

    Ids lose the institution's prefix, as in the API's institution views; references to
    other institutions' cohorts and requests stay qualified and are shown without names.
    """
    joint = joint_requests(scenario, institution)
    doc = dict(scenario)  # the lists it cuts are new; the base is read, not changed

    def plain(ref: str) -> str:
        """A reference as ``institution`` reads it: own ids unqualified, others' qualified."""
        return local(ref) if owner_of(ref) == institution else ref

    doc["cohorts"] = [
        {**c, "id": plain(c["id"])}
        for c in doc.get("cohorts", [])
        if c["institution"] == institution
    ]
    requests = []
    for r in doc.get("requests", []):
        if owner_of(r["id"]) != institution and r["id"] not in joint:
            continue
        r = {**r, "id": plain(r["id"])}
        if r.get("cohort") is not None:
            r["cohort"] = plain(r["cohort"])
        if r.get("cohorts") is not None:
            r["cohorts"] = [plain(c) for c in r["cohorts"]]
        if r.get("after"):
            r["after"] = [plain(a) for a in r["after"]]
        requests.append(r)
    doc["requests"] = requests
    doc["institutions"] = [i for i in doc.get("institutions", []) if i["id"] == institution]
    return doc


def with_hosted(
    scenario: dict[str, Any], hosted: list[HostedPlacement | HostedSession]
) -> dict[str, Any]:
    """An institution's part of the scenario plus what the grid needs to draw the interns
    on its posts and the sessions its instructors teach for others (:mod:`api.hosting`):
    each such request's title and cohorts (qualified ids, names)."""
    if not hosted:
        return scenario
    requests = {h.request: h for h in hosted}
    cohorts = {c.id: c for h in hosted for c in h.cohorts}

    def request(h: HostedPlacement | HostedSession) -> dict[str, Any]:
        """The request as the grid reads it: title, kind and cohorts."""
        kind = "internship" if isinstance(h, HostedPlacement) else "sessions"
        return {
            "id": h.request,
            "title": h.title,
            "kind": kind,
            "cohorts": [c.id for c in h.cohorts],
        }

    return {
        **scenario,
        "requests": [*scenario.get("requests", []), *map(request, requests.values())],
        "cohorts": [
            *scenario.get("cohorts", []),
            *({"id": c.id, "name": c.name, "institution": c.institution} for c in cohorts.values()),
        ],
    }


def version_timetable(db: Session, who: Principal, term_id: int, number: int) -> Timetable:
    """A published version (with its amendments) through ``GET .../versions/{number}``."""
    term = get_term(db, term_id, who)  # 404s as the route answers them
    version = get_version(db, term, number)
    out = version_out(db, version, who, term)  # the route's answer: role filtering
    amends = amendments(db, version.id)
    scenario = effective_scenario(version, amends)
    busy: BusyFn | None = None
    post_used: PostFn | None = None
    older = False
    schedule = out.schedule
    placed, taught = out.hosted_placements or [], out.hosted_sessions or []
    hosted: list[HostedPlacement | HostedSession] = [*placed, *taught]
    can_ask = False
    if who.role is Role.INSTITUTION:
        own = own_part(scenario, who.institution or "")
        can_ask = bool(own.get("cohorts"))
        scenario = with_hosted(own, hosted)
        about = {"title", "cohorts"}  # the scenario part above holds them
        schedule = {
            **schedule,
            "sessions": [
                *schedule.get("sessions", []),
                *(h.model_dump(exclude=about) for h in taught),
            ],
            "placements": [
                *schedule.get("placements", []),
                *(h.model_dump(exclude=about) for h in placed),
            ],
        }
        latest = latest_version_ref(db, term.id)  # (id, number): not the documents
        if latest is not None and latest[1] == number:
            busy = _occupancy_fn(db, who, term.id)
            post_used = _post_fn(db, who, term.id)
        else:
            older = True
    return Timetable(
        kind="version",
        title=term.name,
        scenario=scenario,
        schedule=schedule,
        everyone=sees_everyone(who),
        institution=who.institution,
        busy=busy,
        busy_latest_only=older,
        post_used=post_used,
        hosted=frozenset(h.request for h in hosted),
        cache_key=("version", version.id, len(amends)),
        term_id=term.id,
        number=number,
        hosted_unmet=out.hosted_unmet or [],
        hosted_moves=out.hosted_moves or [],
        moved=out.moved or [],
        hosted_session_moves=out.hosted_session_moves or [],
        can_ask=can_ask,
        institution_names={
            i["id"]: i.get("name") or i["id"] for i in term.base.get("institutions", [])
        },
    )


def _occupancy_fn(db: Session, who: Principal, term_id: int) -> BusyFn:
    def busy(resource: str, week: int) -> list[tuple[int, int, int]]:
        """(day, slot, people) of ``resource`` in ``week``, from the anonymous occupancy route."""
        occ = occupancy(term_id, db, who, resource)
        return [(b.day, b.slot, b.used) for b in occ.busy if b.week == week]

    return busy


def _post_fn(db: Session, who: Principal, term_id: int) -> PostFn:
    def used(resource: str, week: int) -> int:
        """Interns in post ``resource`` in ``week``, every institution's counted."""
        occ = occupancy(term_id, db, who, resource)
        return sum(b.used for b in occ.busy_weeks if b.week == week)

    return used


def job_timetable(db: Session, who: Principal, job_id: int) -> Timetable:
    """A finished job's schedule, for the roles ``GET /api/v1/jobs/{id}/schedule`` admits."""
    require(Role.PLANNER, Role.VIEWER)(who)
    # a re-solve's reference is a whole published schedule, which the page does not show
    job = db.get(Job, job_id, options=[defer(Job.reference)])
    if job is not None and job.schedule is None and job.error:
        # a failed or interrupted job: say why, not only its status as the API's 409 does
        raise ApiError(409, f"job {job_id} {job.status}: {job.error}")
    schedule = job_schedule(job_id, db, who)  # 404 / 409 as the route answers
    assert job is not None  # job_schedule found it
    return Timetable(
        kind="job",
        title=job.scenario.get("name", ""),
        scenario=job.scenario,
        schedule=schedule,
        everyone=True,
        institution=None,
        busy=None,
        busy_latest_only=False,
        cache_key=("job", job.id, job.finished_at),
        job_id=job.id,
    )


# ----------------------------------------------------------------------------- metrics

#: Metrics kept per app (``app.state.web_metrics``), newest last.
METRICS_KEEP = 16


def metrics_of(request: Request, tt: Timetable) -> ReportMetrics | None:
    """The report metrics of a schedule the caller sees whole (``None`` otherwise).

    Published versions never change and a version's amendments only grow, so the
    result is cached per app and (version, number of amendments) or finished job.
    """
    if not tt.everyone:
        return None
    cache: OrderedDict[tuple[Any, ...], ReportMetrics] | None = getattr(
        request.app.state, "web_metrics", None
    )
    if cache is None:
        cache = request.app.state.web_metrics = OrderedDict()
    cached = cache.get(tt.cache_key)
    if cached is not None:
        cache.move_to_end(tt.cache_key)
        return cached
    from scheduler.models import Scenario, Schedule
    from scheduler.reports.metrics import compute_metrics

    metrics = compute_metrics(
        Scenario.model_validate(tt.scenario), Schedule.model_validate(tt.schedule)
    )
    cache[tt.cache_key] = metrics
    while len(cache) > METRICS_KEEP:
        cache.popitem(last=False)
    return metrics
