"""A change to a submitted cohort or request keeps the bookings of days gone by (409
otherwise): what has happened stays, and the next re-solve would drop or move them.

A request's change is judged by the independent checker on the latest version; a
cohort may change size unless those bookings no longer fit it.
"""

from __future__ import annotations

from typing import Any

from api.base_changes import (
    bookings_before,
    broken_bookings,
    outgrown_bookings,
    past_errors,
    resized,
    with_request,
)
from api.compose import item_ids, joint_requests, qualify, redact, request_doc
from api.db.models import Term
from api.deps import DbDep, SettingsDep
from api.errors import ApiError
from api.published_versions import PublishedNow, published_now
from api.security import Principal, Role
from api.submission_refs import Kind
from api.workflow import institutions_of


def keeps_the_past(
    db: DbDep,
    term: Term,
    kind: Kind,
    institution: str,
    local_id: str,
    doc: dict[str, Any] | None,
    settings: SettingsDep,
    who: Principal,
) -> None:
    """409 when a change would break bookings of days gone by in the latest version:
    what has happened stays, and the next re-solve would have dropped or moved them.
    A request changed to ``doc`` (``None``: withdrawn) is judged by the independent
    checker; a cohort may change size unless those bookings no longer fit it (one in
    use cannot be withdrawn: its requests name it)."""
    if kind == "cohorts" and doc is None:
        return
    now = published_now(db, term.id, settings.first_bookable_date())
    if now is None:
        return
    if kind == "cohorts":
        assert doc is not None
        size = int(doc["size"])
        _cohort_keeps_the_past(now, term, institution, local_id, size, who)
    else:
        _request_keeps_the_past(now, term, institution, local_id, doc, who)


def _cohort_keeps_the_past(
    now: PublishedNow, term: Term, institution: str, local_id: str, size: int, who: Principal
) -> None:
    """409 when the cohort at ``size`` people no longer fits its bookings of days gone by
    (:func:`api.base_changes.outgrown_bookings`)."""
    cohort_id = qualify(institution, local_id)
    found = outgrown_bookings(now.scenario, now.schedule, term.base, cohort_id, size, now.day)
    was = next((c["size"] for c in now.scenario.get("cohorts", []) if c["id"] == cohort_id), size)
    if not found and size > was and now.day > 0:
        # every rule, as a re-solve judges what it keeps: a shareable room holds the
        # grown class beside the others that were there (the checker reads the term);
        # a class that shrinks fits wherever it was
        changed, restated = resized(now.scenario, now.schedule, cohort_id, size)
        found = broken_bookings(now.scenario, now.schedule, changed, now.day, restated).past
    if found:
        raise ApiError(
            409,
            f"{len(found)} booking(s) of version {now.number} {now.before_words()} (days "
            f"gone by) would no longer hold cohort '{local_id}' at {size} people, and the "
            "next re-solve would drop them: what has happened stays. Submit the new "
            "people as a cohort of their own",
            _past_errors_seen(
                past_errors(found, now.scenario), now.scenario, institution, term, who
            ),
        )


def _request_keeps_the_past(
    now: PublishedNow,
    term: Term,
    institution: str,
    local_id: str,
    doc: dict[str, Any] | None,
    who: Principal,
) -> None:
    """409 when the request changed to ``doc`` (``None``: withdrawn) breaks its bookings
    of days gone by (:func:`api.base_changes.broken_bookings`): a title may change, a
    window narrow to what is still to come or ``sessions`` fall to what took place."""
    request_id = qualify(institution, local_id)
    held = bookings_before(now.schedule, request_id, now.day, now.calendar.days_per_week)
    if not held:
        return
    request = request_doc(institution, doc) if doc is not None else None
    changed = with_request(now.scenario, request_id, request)
    # the checker reads the whole timetable twice: seconds on a large term
    broken = broken_bookings(now.scenario, now.schedule, changed, now.day)
    if not broken.past:
        return
    n = len(broken.past)
    internship = any(p.get("request") == request_id for p in now.schedule.get("placements", []))
    asked = next(
        (r.get("sessions") for r in now.scenario.get("requests", []) if r.get("id") == request_id),
        None,
    )
    if internship:
        how = "an internship under way stays as published"
    elif asked == held:
        how = f"all its {held} sessions took place: it has ended and stays as published"
    else:
        how = (
            f"to end it from now on, lower its 'sessions' to the {held} that took place "
            "(its window and other rules must still hold them)"
        )
    raise ApiError(
        409,
        f"request '{local_id}' has {held} booking{'s' if held != 1 else ''} in version "
        f"{now.number} {now.before_words()} (days gone by), and {n} would not hold "
        f"{'without it' if doc is None else 'as changed'}: what has happened stays; {how}",
        _past_errors_seen(
            past_errors(broken.past, now.scenario), now.scenario, institution, term, who
        ),
    )


def _past_errors_seen(
    errors: list[dict[str, Any]],
    scenario: dict[str, Any],
    institution: str,
    term: Term,
    who: Principal,
) -> list[dict[str, Any]]:
    """An institution reads the refusal's bookings without their places in the whole
    timetable (which count other institutions' sessions) and with ids as it sees them,
    in each language."""
    if who.role is not Role.INSTITUTION:
        return errors
    joint, ids = joint_requests(scenario, institution), item_ids(scenario)
    names = institutions_of(term)
    said = [{k: e[k] for k in ("msg", "messages") if k in e} for e in errors]
    return [
        {"loc": ["schedule"], "path": "", **redact(s, institution, names, joint, ids)} for s in said
    ]
