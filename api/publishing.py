"""What publishing a job checks first, and what it warns the planner of.

A job's schedule becomes a version only when it is the term's timetable as the
institutions now know it: not ``infeasible``, meeting every required request (unless
the planner says otherwise), knowing every granted extra request, solved on the term's
current base, cohorts and requests, and passed by the independent checker. Each refusal
is a 409 that says what to do next. A publication that changes days gone by is made
with a warning naming the changes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from api.base_changes import base_of
from api.compose import compose
from api.db.models import Amendment, Job, ScheduleVersion, Term
from api.deps import DbDep
from api.diff import Naming, changes_before, moved_items
from api.errors import ApiError
from api.published_versions import amendments, effective, latest_version
from api.workflow import items
from scheduler.calendar import day_of_date, day_words, term_days
from solver.words.names import label


def refuse_unpublishable(
    db: DbDep, term: Term, job: Job, *, allow_unmet_required: bool = False
) -> None:
    """Raise the first 409 that keeps ``job``'s schedule from being published."""
    _refuse_infeasible(job)
    if not allow_unmet_required:
        _refuse_unmet_required(job)
    _refuse_stale(db, term, job)
    _refuse_old_base(term, job)
    _refuse_changed_submissions(db, term, job)
    _check(job.scenario or {}, job.schedule or {})


#: Changes to days gone by named in a publication's warning; the rest are counted.
PAST_CHANGES_NAMED = 5


def past_warning(db: DbDep, latest: ScheduleVersion, job: Job, first: dt.date) -> list[str]:
    """A warning when the job's timetable changes days before ``first`` (the first bookable
    day) of the latest version as institutions know it (amendments applied).

    Re-solves and fresh solves plan the whole term: mid-term they may move sessions that
    already took place or book new ones in weeks gone by. The planner sees which before
    institutions do; the job is published all the same (they chose it).
    """
    from scheduler.models import Calendar

    calendar = Calendar.model_validate((job.scenario or {}).get("calendar"))
    day = day_of_date(calendar, first)
    if day == 0 or job.schedule is None:
        return []
    _, known = effective(latest, amendments(db, latest.id))
    name = planner_names(job.scenario or {}, latest.scenario or {})
    changes = changes_before(known, job.schedule, calendar.days_per_week, day, name)
    if not changes:
        return []
    named = "; ".join(changes[:PAST_CHANGES_NAMED])
    more = len(changes) - PAST_CHANGES_NAMED
    before = "before today" if day >= term_days(calendar) else f"before {day_words(calendar, day)}"
    return [
        f"job {job.id}'s timetable changes {len(changes)} thing(s) of version {latest.number} "
        f"in days gone by ({before}): {named}" + (f"; and {more} more" if more > 0 else "")
    ]


def planner_names(*scenarios: dict[str, Any]) -> Naming:
    """Requests by title and teachers by name, the id after each (as every sentence of the
    product names them), from the first of ``scenarios`` that has them: the job's, then
    the latest version's, which still holds a request withdrawn since."""
    names: dict[tuple[str, str], str] = {}
    for scenario in reversed(scenarios):
        for kind, key, field in (
            ("request", "requests", "title"),
            ("instructor", "instructors", "name"),
        ):
            for item in scenario.get(key, []):
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    names[kind, item["id"]] = label(
                        str(item.get(field) or ""), item["id"], bare=True
                    ).en

    def name(kind: str, id_: str) -> str:
        return names.get((kind, id_), id_)

    return name


def changed_from_latest(db: DbDep, term: Term, job: Job) -> list[dict[str, Any]] | None:
    """A fresh solve published over an earlier version: what it moves or drops of the
    latest one as institutions know it (amendments applied), so the planner sees what
    granted and published sessions it gives up. None for the first version."""
    latest = latest_version(db, term.id)
    if latest is None or job.schedule is None:
        return None
    _, known = effective(latest, amendments(db, latest.id))
    return moved_items(known, job.schedule)


def _refuse_infeasible(job: Job) -> None:
    """An ``infeasible`` answer is not the term's timetable: its required requests
    cannot all hold, and it schedules the rest around their conflict.

    Publishing it would make that shortfall of required requests official (and give
    extra requests what the conflict leaves, first-come, first-served); the planner
    fixes the term as the conflicts say, and solves again.
    """
    if (job.schedule or {}).get("status") == "infeasible":
        raise ApiError(
            409,
            f"job {job.id}'s schedule is infeasible (the required requests cannot all hold, "
            "see its conflicts); fix the term and solve again before publishing",
        )


def _refuse_unmet_required(job: Job) -> None:
    """A schedule that leaves a required request unmet breaks what the term asked for.

    Only an ``unknown`` answer can (greedy's, or a solve cut short): ``required`` binds
    ``optimal`` and ``feasible`` ones. The planner solves again, or says in so many
    words that this timetable is still the one to publish (``allow_unmet_required``).
    """
    schedule = job.schedule or {}
    required = {r.get("id") for r in (job.scenario or {}).get("requests", []) if r.get("required")}
    short = sorted({u.get("request") for u in schedule.get("unmet", [])} & required)
    if short:
        listed = ", ".join(f"'{r}'" for r in short)
        raise ApiError(
            409,
            f"job {job.id}'s schedule ({schedule.get('status')}) leaves required request(s) "
            f"{listed} unmet: solve again (CP-SAT, with more time), or publish it anyway "
            "with allow_unmet_required",
        )


def _refuse_stale(db: DbDep, term: Term, job: Job) -> None:
    """Refuse a job that would drop a granted extra request.

    Granted (and partly granted) extra requests are amendments of the version that was
    current when they were asked; a job started before them does not know them, so
    publishing it would make their bookings vanish. The planner re-solves instead (the
    new job reads the term's requests, extras included, and ``move_penalty`` keeps the
    rest of the timetable where it was).
    """
    known = {r.get("id") for r in (job.scenario or {}).get("requests", [])}
    rows = db.execute(
        select(ScheduleVersion.number, Amendment.seq, Amendment.request)
        .join(Amendment, Amendment.version_id == ScheduleVersion.id)
        .where(ScheduleVersion.term_id == term.id, Amendment.outcome != "rejected")
        .order_by(ScheduleVersion.number, Amendment.seq)
    ).all()
    missing = [(n, seq, req.get("id")) for n, seq, req in rows if req.get("id") not in known]
    if missing:
        listed = ", ".join(f"{n}/{seq} ('{rid}')" for n, seq, rid in missing)
        raise ApiError(
            409,
            f"job {job.id} predates amendment(s) {listed} (version/seq); publishing it "
            "would drop their granted sessions: re-solve the term and publish the new job",
        )


def _refuse_old_base(term: Term, job: Job) -> None:
    """Refuse a job solved on the term's base as it was before a change (``PUT .../base``):
    its timetable may use a lab since withdrawn or a day since closed, on a calendar the
    published versions would then no longer share."""
    if base_of(job.scenario or {}) != term.base:
        raise ApiError(
            409,
            f"job {job.id} was solved before the term's base last changed; solve or "
            "re-solve the term again and publish the new job",
        )


#: Changed submissions a refusal names; the rest are counted.
CHANGES_NAMED = 5


def _refuse_changed_submissions(db: DbDep, term: Term, job: Job) -> None:
    """Refuse a job solved on cohorts or requests that have changed since: its version
    would hold a withdrawn request's sessions, or a resized cohort's old headcount,
    against what the institutions now say (a term simulation published such a job with
    no word). Only the planner can change a closed term's submissions, and re-solving is
    the answer."""
    now, _, _ = compose(term.base, *items(db, term.id))
    was = job.scenario or {}
    changed = []
    for key, what in (("cohorts", "cohort"), ("requests", "request")):
        old = {d.get("id"): d for d in was.get(key, [])}
        new = {d.get("id"): d for d in now.get(key, [])}
        for ident in sorted(old.keys() | new.keys(), key=str):
            if old.get(ident) != new.get(ident):
                how = "added" if ident not in old else "changed" if ident in new else "withdrawn"
                changed.append(f"{what} '{ident}' {how}")
    if changed:
        named = ", ".join(changed[:CHANGES_NAMED])
        more = len(changed) - CHANGES_NAMED
        raise ApiError(
            409,
            f"job {job.id} was solved before {len(changed)} change(s) to the term's cohorts "
            f"and requests ({named}" + (f", and {more} more" if more > 0 else "") + "); "
            "re-solve the term and publish the new job",
        )


def _check(scenario: dict[str, Any], schedule: dict[str, Any]) -> None:
    """Refuse to publish a schedule the independent checker rejects."""
    from scheduler.checker import check_schedule
    from scheduler.models import Scenario, Schedule

    report = check_schedule(Scenario.model_validate(scenario), Schedule.model_validate(schedule))
    if not report.ok:
        raise ApiError(
            409,
            "the schedule breaks hard rules; it cannot be published",
            [
                {"loc": ["schedule"], "path": v.path, "msg": f"{v.rule}: {v.message}"}
                for v in report.violations
            ],
        )
