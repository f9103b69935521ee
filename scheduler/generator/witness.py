"""The required requests' bookings as a schedule document, for the checker to judge.

A generated scenario promises that its required requests fit together. The generator
proves it by booking them (:mod:`scheduler.generator.reserve`); this module writes those
bookings as a ``feasible`` schedule in which everything else is unmet, so that the
independent checker (:func:`scheduler.checker.check_schedule`) can confirm the proof.
"""

from __future__ import annotations

from scheduler.calendar import CalendarIndex
from scheduler.generator.reserve import Witness
from scheduler.models import (
    Placement,
    RequestKind,
    Scenario,
    Schedule,
    Session,
    SessionPart,
    Status,
    Unmet,
    UnmetReason,
)


def witness_schedule(scenario: Scenario, witness: Witness) -> Schedule:
    """The witness's bookings as a ``feasible`` schedule, every other request unmet
    (``trade_off``), for the independent checker to confirm. Booking indices point into
    the scenario's lists, which keep the drafts' order.
    """
    cal = CalendarIndex.from_calendar(scenario.calendar)
    size = {c.id: c.size for c in scenario.cohorts}
    sessions: list[Session] = []
    placements: list[Placement] = []
    unmet: list[Unmet] = []
    for req in scenario.requests:
        people = req.headcount or sum(size[c] for c in req.cohort_ids)
        if req.id in witness.sessions:
            for n, b in enumerate(witness.sessions[req.id], start=1):
                week, day, slot = cal.human(b.start)
                instructor = None if b.instructor is None else scenario.instructors[b.instructor].id
                part = SessionPart(
                    resource=scenario.resources[b.resource].id,
                    headcount=people,
                    instructor=instructor,
                )
                sessions.append(
                    Session(
                        request=req.id,
                        index=n,
                        week=week,
                        day=day,
                        slot=slot,
                        duration=req.duration,
                        parts=[part],
                    )
                )
        elif req.id in witness.placements:
            first, alloc = witness.placements[req.id]
            for k, n in sorted(alloc.items()):
                placements.append(
                    Placement(
                        request=req.id,
                        resource=scenario.resources[k].id,
                        headcount=n,
                        first_week=first + 1,
                        weeks=req.weeks or 0,
                    )
                )
        else:
            missing = people if req.kind is RequestKind.INTERNSHIP else (req.sessions or 0)
            unmet.append(
                Unmet(
                    request=req.id,
                    missing=missing,
                    reason=UnmetReason.TRADE_OFF,
                    message="not booked by the generator's witness",
                )
            )
    return Schedule(
        scenario=scenario.name,
        status=Status.FEASIBLE,
        solver="generator-witness",
        sessions=sessions,
        placements=placements,
        unmet=unmet,
    )
