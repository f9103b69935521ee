"""A schedule read against its scenario: id lookups, real dates and times, reference checks.

Reports and exports both need to turn ``(week, day, slot)`` into a date and a clock
time and an id into its entity. Doing it once here keeps the two in agreement (a
report and a calendar file never disagree on when a session is) and lets every
renderer assume the references are sound: :func:`ScheduleContext.build` rejects a
schedule that names an unknown request, resource, instructor or a slot outside the
calendar, with the place (``sessions[3].parts[0].resource``) and the problem.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from scheduler.models import (
    Cohort,
    Institution,
    Instructor,
    Placement,
    Request,
    RequestKind,
    Resource,
    Scenario,
    Schedule,
    Session,
    Site,
)


class ScheduleReferenceError(ValueError):
    """A schedule that does not fit its scenario; ``issues`` are ``(path, message)`` pairs."""

    def __init__(self, issues: list[tuple[str, str]]) -> None:
        self.issues = issues
        super().__init__("\n".join(f"{path}: {message}" for path, message in issues))


@dataclass(frozen=True)
class ScheduleContext:
    """Lookups shared by every report and export of one (scenario, schedule) pair."""

    scenario: Scenario
    schedule: Schedule
    institutions: dict[str, Institution]
    sites: dict[str, Site]
    resources: dict[str, Resource]
    instructors: dict[str, Instructor]
    cohorts: dict[str, Cohort]
    requests: dict[str, Request]

    @classmethod
    def build(cls, scenario: Scenario, schedule: Schedule) -> ScheduleContext:
        """Index the scenario and check every id and position the schedule uses."""
        ctx = cls(
            scenario=scenario,
            schedule=schedule,
            institutions={i.id: i for i in scenario.institutions},
            sites={s.id: s for s in scenario.sites},
            resources={r.id: r for r in scenario.resources},
            instructors={i.id: i for i in scenario.instructors},
            cohorts={c.id: c for c in scenario.cohorts},
            requests={r.id: r for r in scenario.requests},
        )
        issues = ctx._reference_issues()
        if issues:
            raise ScheduleReferenceError(issues)
        return ctx

    # ------------------------------------------------------------------ checks

    def _reference_issues(self) -> list[tuple[str, str]]:
        cal = self.scenario.calendar
        issues: list[tuple[str, str]] = []
        for i, s in enumerate(self.schedule.sessions):
            at = f"sessions[{i}]"
            if s.request not in self.requests:
                issues.append((f"{at}.request", f"unknown request '{s.request}'"))
            if s.week > cal.weeks:
                issues.append((f"{at}.week", f"week {s.week} is after the last ({cal.weeks})"))
            if s.day > cal.days_per_week:
                issues.append((f"{at}.day", f"day {s.day} beyond days_per_week"))
            if s.slot + s.duration - 1 > cal.slots_per_day:
                issues.append((f"{at}.slot", "the session runs past the last slot of the day"))
            for j, p in enumerate(s.parts):
                if p.resource not in self.resources:
                    issues.append((f"{at}.parts[{j}].resource", f"unknown resource '{p.resource}'"))
                if p.instructor is not None and p.instructor not in self.instructors:
                    issues.append(
                        (f"{at}.parts[{j}].instructor", f"unknown instructor '{p.instructor}'")
                    )
        for i, pl in enumerate(self.schedule.placements):
            at = f"placements[{i}]"
            if pl.request not in self.requests:
                issues.append((f"{at}.request", f"unknown request '{pl.request}'"))
            if pl.resource not in self.resources:
                issues.append((f"{at}.resource", f"unknown resource '{pl.resource}'"))
            if pl.first_week + pl.weeks - 1 > cal.weeks:
                issues.append((f"{at}.weeks", "the placement runs past the last week"))
        for i, u in enumerate(self.schedule.unmet):
            if u.request not in self.requests:
                issues.append((f"unmet[{i}].request", f"unknown request '{u.request}'"))
        return issues

    # ------------------------------------------------------------------ people

    def cohorts_of(self, request_id: str) -> list[Cohort]:
        """The cohorts attending a request (one, or several for a joint session)."""
        req = self.requests[request_id]
        return [self.cohorts[c] for c in req.cohort_ids if c in self.cohorts]

    def institutions_of(self, request_id: str) -> list[str]:
        """Distinct institution ids among a request's cohorts, in cohort order."""
        seen: dict[str, None] = {}
        for c in self.cohorts_of(request_id):
            seen.setdefault(c.institution, None)
        return list(seen)

    def headcount_of(self, request_id: str) -> int:
        """People at each session of a request: its ``headcount`` extension
        (``docs/format-extensions.md``) or else the sum of its cohorts' sizes."""
        req = self.requests[request_id]
        if req.headcount is not None and req.kind is RequestKind.SESSIONS:
            return req.headcount
        return sum(c.size for c in self.cohorts_of(request_id))

    def cohort_shares(self, request_id: str) -> dict[str, float]:
        """Fraction of a request's people from each cohort (by cohort size).

        Parts of a split joint session do not say whose people sit where, so people are
        attributed to cohorts in proportion to their sizes.
        """
        cohorts = self.cohorts_of(request_id)
        total = sum(c.size for c in cohorts)
        return {c.id: c.size / total for c in cohorts}

    def institution_shares(self, request_id: str) -> dict[str, float]:
        """Fraction of a request's people from each institution (by cohort size)."""
        shares: dict[str, float] = {}
        for cohort_id, share in self.cohort_shares(request_id).items():
            inst = self.cohorts[cohort_id].institution
            shares[inst] = shares.get(inst, 0.0) + share
        return shares

    # ------------------------------------------------------------------ time

    @property
    def slot_hours(self) -> float:
        """Hours in one slot: the unit of the reports' slot-hours and person-hours."""
        return self.scenario.calendar.slot_minutes / 60.0

    def date_of(self, week: int, day: int) -> dt.date:
        """Calendar date of a 1-based (week, day): ``first_monday + (week-1)*7 + (day-1)``."""
        first = self.scenario.calendar.first_monday
        return first + dt.timedelta(days=(week - 1) * 7 + (day - 1))

    def slot_start(self, slot: int) -> int:
        """Minutes after the day's midnight a 1-based slot starts (``slot_times`` or 08:00
        + k * slot_minutes); past 1,440 when a long day runs past midnight."""
        return self.scenario.calendar.slot_start_minutes()[slot - 1]

    def slot_end(self, slot: int) -> int:
        """Minutes after the day's midnight a 1-based slot ends: its start + ``slot_minutes``."""
        return self.slot_start(slot) + self.scenario.calendar.slot_minutes

    def session_times(self, session: Session) -> tuple[dt.datetime, dt.datetime]:
        """Naive local start and end of a session (end = last slot's start + slot_minutes)."""
        midnight = dt.datetime.combine(self.date_of(session.week, session.day), dt.time())
        start = midnight + dt.timedelta(minutes=self.slot_start(session.slot))
        end = midnight + dt.timedelta(minutes=self.slot_end(session.slot + session.duration - 1))
        return start, end

    def placement_dates(self, placement: Placement) -> tuple[dt.date, dt.date]:
        """First and last working day of an internship placement (both inclusive).

        Working days are the calendar's open days: a closed Monday or Friday at either
        end is left out (docs/reports.md: "through the last working day of the last
        week"). When every day of the placed weeks is closed, the weeks' first and
        last calendar days are given.
        """
        cal = self.scenario.calendar
        closed = {(c.week, c.day) for c in cal.closed}
        days = [
            (w, d)
            for w in range(placement.first_week, placement.first_week + placement.weeks)
            for d in range(1, cal.days_per_week + 1)
        ]
        open_days = [wd for wd in days if wd not in closed] or [days[0], days[-1]]
        return self.date_of(*open_days[0]), self.date_of(*open_days[-1])

    # ------------------------------------------------------------------ names

    def request_title(self, request_id: str) -> str:
        """A request as people read it: its ``title``, or its id when untitled."""
        req = self.requests[request_id]
        return req.title or req.id

    def cohort_label(self, request_id: str) -> str:
        """Cohort names (or ids) of a request joined for display, e.g. ``a-cnc-1 + x-staff``."""
        return " + ".join(c.name or c.id for c in self.cohorts_of(request_id))

    def resource_label(self, resource_id: str) -> str:
        """A resource as people read it: its ``name``, or its id when unnamed."""
        r = self.resources[resource_id]
        return r.name or r.id

    def site_label(self, site_id: str) -> str:
        """A site as people read it: its ``name``, or the id when unnamed or unknown."""
        s = self.sites.get(site_id)
        return (s.name or s.id) if s is not None else site_id

    def institution_label(self, institution_id: str) -> str:
        """An institution as people read it: its ``name``, or the id when unnamed or unknown."""
        i = self.institutions.get(institution_id)
        return (i.name or i.id) if i is not None else institution_id


def short_of_required(scenario: Scenario, schedule: Schedule) -> str | None:
    """A sentence when the schedule leaves a required request (partly) unmet: an answer
    ``infeasible`` holds the schedule of the rest, which reads like a term's timetable in
    a report or a calendar unless someone says it is not one."""
    required = {r.id for r in scenario.requests if r.required}
    short = list(dict.fromkeys(u.request for u in schedule.unmet if u.request in required))
    if not short:
        return None
    shown = ", ".join(f"'{r}'" for r in short[:5]) + (", ..." if len(short) > 5 else "")
    return (
        f"status '{schedule.status}': {len(short)} required request"
        f"{'s are' if len(short) != 1 else ' is'} not fully met ({shown}); this is not a "
        "timetable every required request holds"
    )
