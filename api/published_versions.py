"""A term's published versions and their effective schedule: the version plus its
granted extra requests, with the figures restated for them (computed once per version
and amendments, :mod:`api.restated`).
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session
from sqlalchemy.orm.interfaces import ORMOption

from api import restated
from api.db.models import Amendment, ScheduleVersion, Term
from api.errors import not_found
from scheduler.calendar import day_of_date, day_words, term_days
from scheduler.models import Calendar, Scenario


def latest_version_ref(db: Session, term_id: int) -> tuple[int, int] | None:
    """(id, number) of the newest version, without loading its documents."""
    row = db.execute(
        select(ScheduleVersion.id, ScheduleVersion.number)
        .where(ScheduleVersion.term_id == term_id)
        .order_by(ScheduleVersion.number.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else None


def latest_version(db: Session, term_id: int, *options: ORMOption) -> ScheduleVersion | None:
    """The term's newest version with its documents (but those ``options`` defer), or None
    before the first is published (:func:`latest_version_ref` skips the documents).
    """
    return db.scalar(
        select(ScheduleVersion)
        .options(*options)
        .where(ScheduleVersion.term_id == term_id)
        .order_by(ScheduleVersion.number.desc())
        .limit(1)
    )


def get_version(db: Session, term: Term, number: int) -> ScheduleVersion:
    """Version ``number`` of ``term``, or 404."""
    v = db.scalar(
        select(ScheduleVersion).where(
            ScheduleVersion.term_id == term.id, ScheduleVersion.number == number
        )
    )
    if v is None:
        raise not_found("schedule version")
    return v


def next_version_number(db: Session, term_id: int) -> int:
    """One past the term's highest version number; two publishes at once collide on the unique
    (term, number) constraint instead of sharing it.
    """
    n = db.scalar(
        select(func.max(ScheduleVersion.number)).where(ScheduleVersion.term_id == term_id)
    )
    return (n or 0) + 1


def amendments(db: Session, version_id: int) -> list[Amendment]:
    """The version's amendments in the order they were answered (``seq``), the order in which they
    apply.
    """
    return list(
        db.scalars(
            select(Amendment).where(Amendment.version_id == version_id).order_by(Amendment.seq)
        )
    )


@dataclass(frozen=True)
class PublishedNow:
    """The latest version as institutions know it (amendments applied), and the first
    0-based term day that may still change (``day``: before it, days gone by)."""

    number: int
    scenario: dict[str, Any]
    schedule: dict[str, Any]
    calendar: Calendar
    day: int

    def before_words(self) -> str:
        """``before week 2, Tuesday (2026-09-15)``; ``before today`` once the term is over."""
        if self.day < term_days(self.calendar):
            return f"before {day_words(self.calendar, self.day)}"
        return "before today"


def published_now(db: Session, term_id: int, first_date: dt.date) -> PublishedNow | None:
    """:class:`PublishedNow` of the term, days gone by ending at ``first_date`` (the first
    bookable date), or ``None`` before the first publication."""
    latest = latest_version(db, term_id)
    if latest is None:
        return None
    scenario, schedule = effective(latest, amendments(db, latest.id))
    calendar = Calendar.model_validate(scenario["calendar"])
    day = day_of_date(calendar, first_date)
    return PublishedNow(latest.number, scenario, schedule, calendar, day)


def granted_amendments(amends: list[Amendment]) -> list[Amendment]:
    """The amendments whose bookings stand: granted in full or in part, not rejected."""
    return [a for a in amends if a.outcome != "rejected"]


def effective(
    version: ScheduleVersion, amends: list[Amendment], *, shared: bool = False
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Scenario and schedule of a version with its granted extra requests on top.

    Copies, the caller's to change; ``shared``: only the top level and the lists the
    amendments extend are new, the rest is the version's own, to read and not change
    (a deep copy of a large term's documents takes half a second). The restated figures
    (:func:`restate`) are computed once per version and granted amendments
    (:mod:`api.restated`).
    """
    scenario = effective_scenario(version, amends)
    if not shared:
        scenario = copy.deepcopy(scenario)
    schedule = dict(version.schedule) if shared else copy.deepcopy(version.schedule)
    granted = granted_amendments(amends)
    for key in ("sessions", "placements", "unmet"):
        if granted and key in schedule:
            schedule[key] = list(schedule[key])  # extended below, not the version's list
    for a in granted:
        schedule.setdefault("sessions", []).extend(a.sessions)
        schedule.setdefault("placements", []).extend(a.placements)
        if a.outcome == "partial":
            schedule.setdefault("unmet", []).extend(
                r for r in a.reasons if isinstance(r, dict) and "missing" in r
            )
    if granted:
        _restate_once(version, granted, scenario, schedule)
    return scenario, schedule


def effective_scenario(version: ScheduleVersion, amends: list[Amendment]) -> dict[str, Any]:
    """The scenario :func:`effective` gives, to read and not change: a new top level (and
    ``requests`` list, with granted extras), the rest is the version's own."""
    scenario = dict(version.scenario)
    granted = [a.request for a in granted_amendments(amends)]
    if granted:
        scenario["requests"] = [*scenario.get("requests", []), *granted]
    return scenario


def effective_bookings(
    version: ScheduleVersion, amends: list[Amendment]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The sessions and placements of :func:`effective`'s schedule, to read, not change: the
    version's own and those of its granted amendments, not copied."""
    granted = granted_amendments(amends)
    sessions = [*version.schedule.get("sessions", []), *(s for a in granted for s in a.sessions)]
    placements = [
        *version.schedule.get("placements", []),
        *(p for a in granted for p in a.placements),
    ]
    return sessions, placements


def _restate_once(
    version: ScheduleVersion,
    granted: list[Amendment],
    scenario: dict[str, Any],
    schedule: dict[str, Any],
) -> None:
    """:func:`restate`, or the figures it gave for this version and these amendments."""
    session = object_session(version)
    bind = session.get_bind() if session is not None else None
    key = (version.id, tuple(a.id for a in granted))
    if bind is None or version.id is None or any(i is None for i in key[1]):
        restate(scenario, schedule)
        return
    figures = restated.recall(bind, key)
    if figures is not None:
        schedule.update(figures)
        return
    restate(scenario, schedule)
    restated.keep(bind, key, schedule)


def restate(scenario: dict[str, Any], schedule: dict[str, Any]) -> None:
    """Objective, status and metrics of an amended schedule, recomputed in place.

    The version's figures describe the schedule as solved; granted extras change the
    demand, the fulfilment and the objective, and the solver's bound and its proof of
    optimality were for the scenario without them. The scorer is the checker's own
    (:func:`scheduler.evaluate.evaluate`), so ``trainshare check`` agrees.
    """
    from collections import Counter

    from scheduler.evaluate import evaluate
    from scheduler.io import scenario_digest
    from scheduler.models import Schedule

    model = Scenario.model_validate(scenario)
    ev = evaluate(model, Schedule.model_validate(schedule))
    if schedule.get("status") == "optimal":
        schedule["status"] = "feasible"  # optimal for the scenario as solved, not as amended
    schedule["objective"] = float(ev.objective)
    schedule["bound"] = None
    schedule["gap"] = None
    unmet = [u for u in schedule.get("unmet", []) if isinstance(u, dict)]
    metrics = {
        k: v for k, v in (schedule.get("metrics") or {}).items() if k not in ("bound", "gap")
    }
    metrics.update(
        {
            "shares": dict(ev.shares),
            "worst_share": ev.worst_share,
            "fulfilled_units": dict(ev.fulfilled_by_institution),
            "demanded_units": dict(ev.demanded_units),
            "terms": dict(ev.terms),
            "objective_recomputed": ev.objective,
            # scored with the amended scenario's weights: an extra request may raise the
            # resolved ``demand``, and ``metrics.weights`` must say what the objective used
            "weights": dict(ev.weights),
            "unmet_by_reason": dict(sorted(Counter(str(u.get("reason")) for u in unmet).items())),
            "amended": True,
            # the scenario it answers is the amended one (`check` notes any other)
            "scenario_sha256": scenario_digest(model),
        }
    )
    schedule["metrics"] = metrics
