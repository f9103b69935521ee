"""A published version as its reader may see it: the header figures of a listing, the
schedule with its amendments, an institution's own part only.

Shared by the version routes (:mod:`api.routers.versions`), the extra-request answer
(:mod:`api.extra_answers`) and the web timetable (:mod:`api.web.sources`).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from api.compose import institution_view, item_ids, joint_requests, redact
from api.db.models import Amendment, ScheduleVersion, Term
from api.deps import DbDep
from api.hosting import (
    hosted,
    ids_named,
    moves_on_posts,
    moves_seen,
    session_moves_taught,
    unmet_on_posts,
)
from api.published_versions import amendments, effective
from api.security import Principal, Role
from api.version_schemas import (
    AmendmentOut,
    HostedMove,
    HostedPlacement,
    HostedSession,
    HostedSessionMove,
    HostedUnmet,
    VersionOut,
)
from api.workflow import institutions_of


def amendment_out(
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


def version_figures(who: Principal | None) -> tuple[Any, Any]:
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


def version_summary(
    db: DbDep,
    v: ScheduleVersion,
    who: Principal | None = None,
    figures: tuple[int | None, int] | None = None,
) -> dict[str, Any]:
    """The version's header with its :func:`version_figures` (read here unless given)."""
    if figures is None:
        row = db.execute(select(*version_figures(who)).where(ScheduleVersion.id == v.id)).one()
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
    summary = version_summary(db, v)
    summary["amendments"] = len(amends)
    return VersionOut(
        **summary,
        moved=moved,
        schedule=schedule,
        amendment_list=[
            amendment_out(a, who, institutions, joint, own_seq=k, ids=ids, told=told)
            for k, a in enumerate(amends, 1)
        ],
        hosted_placements=placed,
        hosted_sessions=taught,
        hosted_unmet=unmet,
        hosted_moves=shifted,
        hosted_session_moves=retimed,
    )
