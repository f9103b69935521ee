"""An extra request after publication, checked and answered at once: one path for the
route (:func:`api.routers.versions.extra_request`) and the web form (:mod:`api.web.ask`).

Refused when its id is taken, when it names a cohort submitted after the version or an
item withdrawn since, or once the term's base changed; otherwise answered on the latest
version and kept as its amendment, granted or not.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi.concurrency import run_in_threadpool
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, load_only

from api import audit
from api.base_changes import base_of
from api.body import to_model
from api.compose import item_ids, joint_requests, local, owner_of, qualify, request_doc
from api.db.models import Amendment, ScheduleVersion, Term, TermCohort, TermRequest
from api.deps import DbDep
from api.errors import ApiError, path_to_loc
from api.hosting import ids_named
from api.published_versions import effective_bookings, latest_version_ref
from api.refusal_naming import Naming
from api.refusal_words import worded
from api.schemas import RequestSubmission
from api.security import Principal
from api.submission_refs import own_refs_only
from api.term_checks import check_extra
from api.term_locks import holding
from api.threads import in_thread
from api.version_schemas import BookableFrom, ExtraRequestOut
from api.version_views import amendment_out
from api.workflow import institutions_of
from scheduler.calendar import date_of_day


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
    out = amendment_out(
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
