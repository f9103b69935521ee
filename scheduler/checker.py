"""The independent judge: does a schedule keep every hard rule of the spec?

:func:`check_schedule` reads the scenario and schedule *documents* (pydantic models) and
tests rules 1-15 of ``docs/rules.md`` one by one. It deliberately shares nothing with
the compile step or the solvers (no :mod:`scheduler.compile`, :mod:`scheduler.problem`,
``solver``): window membership, slot arithmetic and occupancy are re-derived here from
the spec text, so that a misreading there shows up as a violation here.

Each :class:`Violation` carries the rule code of ``docs/rules.md``, a path into the
*schedule* (``sessions[3].parts[1].resource``, ``placements[0]``, ``unmet[2]``) and a
sentence for people that names the request and session. Items the checker cannot
resolve (unknown ids, a session of an internship request) are reported once under
``document`` and left out of the other rules, so one mistake is not reported ten times;
likewise a session outside the calendar is reported under ``calendar`` only.
"""

from __future__ import annotations

import copy
import itertools
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from scheduler.evaluate import (
    Evaluation,
    Lookup,
    evaluate,
    in_windows,
    missing_of,
    scheduled_counts,
    week_in_windows,
)
from scheduler.io import Source, load_schedule, read_json
from scheduler.models import (
    SCHEDULE_FORMAT,
    Cohort,
    Instructor,
    Pattern,
    Placement,
    Request,
    RequestKind,
    Resource,
    ResourceKind,
    Scenario,
    Schedule,
    Session,
    SessionPart,
    Status,
)
from scheduler.sites import travel_matrix

#: Rule codes, in the order of ``docs/rules.md``.
RULES: tuple[str, ...] = (
    "calendar",
    "window",
    "resource",
    "availability",
    "parts",
    "capacity",
    "cohort",
    "instructor",
    "travel",
    "pattern",
    "precedence",
    "internship",
    "required",
    "unmet",
    "document",
)

DAY_NAMES: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class Violation:
    """One broken hard rule: its code, where in the schedule, and what is wrong."""

    rule: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"[{self.rule}] {self.path}: {self.message}"


@dataclass(frozen=True)
class CheckReport:
    """All violations of a schedule, its recomputed evaluation, and informational notes.

    ``notes`` never make a schedule fail: they say, for instance, that the objective
    the schedule reports differs from the recomputed one (solvers test that equality
    themselves).
    """

    violations: list[Violation]
    evaluation: Evaluation
    notes: list[str] = field(default_factory=list)
    reported_objective: float | None = None

    @property
    def ok(self) -> bool:
        return not self.violations

    @property
    def rules(self) -> set[str]:
        """The distinct rule codes broken."""
        return {v.rule for v in self.violations}

    @property
    def objective_matches(self) -> bool | None:
        """Whether the reported objective equals the recomputed one (``None``: none reported)."""
        if self.reported_objective is None:
            return None
        return self.reported_objective == self.evaluation.objective

    def by_rule(self) -> dict[str, list[Violation]]:
        """Violations grouped by rule code, in the order of :data:`RULES`."""
        groups: dict[str, list[Violation]] = {}
        for rule in RULES:
            found = [v for v in self.violations if v.rule == rule]
            if found:
                groups[rule] = found
        return groups


def parse_schedule(source: Source) -> tuple[Schedule, list[Violation]]:
    """Read a schedule document, reporting a wrong ``format`` as a violation.

    The model only accepts ``trainshare/schedule@1``; a document that says otherwise is
    still checked (as if it said the right thing) so that the reader learns everything
    at once, with the ``format`` violation on top. ``source`` is anything
    :func:`scheduler.io.read_json` reads (path, JSON text, parsed data).

    Raises
    ------
    scheduler.io.ScenarioError
        When the document cannot be read or does not have the schedule's shape; every
        issue names its place.
    """
    data: Any = read_json(source)
    found: list[Violation] = []
    if isinstance(data, Mapping) and data.get("format", SCHEDULE_FORMAT) != SCHEDULE_FORMAT:
        found.append(
            Violation(
                "document",
                "format",
                f"format is {data['format']!r}, expected {SCHEDULE_FORMAT!r}",
            )
        )
        data = copy.copy(data)  # keeps the reader's notes (duplicate keys) on the object
        data["format"] = SCHEDULE_FORMAT
    return load_schedule(data), found


def check_document(scenario: Scenario, source: Source) -> CheckReport:
    """:func:`check_schedule` on a schedule document not yet read (see :func:`parse_schedule`)."""
    schedule, found = parse_schedule(source)
    report = check_schedule(scenario, schedule)
    return CheckReport(
        violations=found + report.violations,
        evaluation=report.evaluation,
        notes=report.notes,
        reported_objective=report.reported_objective,
    )


def check_schedule(scenario: Scenario, schedule: Schedule) -> CheckReport:
    """Test ``schedule`` against every hard rule of ``docs/rules.md`` for ``scenario``."""
    evaluation = evaluate(scenario, schedule)
    violations = _Checker(scenario, schedule).run()
    notes: list[str] = []
    if schedule.objective is not None and schedule.objective != evaluation.objective:
        notes.append(
            f"the schedule reports objective {schedule.objective:g}; recomputed from the "
            f"documents it is {evaluation.objective}"
        )
    return CheckReport(
        violations=violations,
        evaluation=evaluation,
        notes=notes,
        reported_objective=schedule.objective,
    )


# --------------------------------------------------------------------------- resolved items


@dataclass
class _Part:
    index: int
    part: SessionPart
    resource: Resource | None
    instructor: Instructor | None


@dataclass
class _Session:
    """A schedule session whose request is a known session request."""

    pos: int
    session: Session
    request: Request
    cohorts: list[Cohort]
    parts: list[_Part]
    timed: bool  # week, day, slot inside the calendar and the span within the day
    start: int = 0  # global slot index of the first slot (only when timed)

    @property
    def path(self) -> str:
        return f"sessions[{self.pos}]"

    @property
    def end(self) -> int:
        """Global slot index just after the last slot."""
        return self.start + self.session.duration

    @property
    def last_slot(self) -> int:
        return self.session.slot + self.session.duration - 1

    def label(self) -> str:
        s = self.session
        return f"request {s.request} session {s.index} ({when(s.week, s.day, s.slot, s.duration)})"


@dataclass
class _Placement:
    """A schedule placement whose request is a known internship request."""

    pos: int
    placement: Placement
    request: Request
    resource: Resource | None
    timed: bool  # every week of the run inside the calendar

    @property
    def path(self) -> str:
        return f"placements[{self.pos}]"

    @property
    def weeks(self) -> range:
        p = self.placement
        return range(p.first_week, p.first_week + p.weeks)

    def label(self) -> str:
        p = self.placement
        last = p.first_week + p.weeks - 1
        span = f"week {p.first_week}" if p.weeks == 1 else f"weeks {p.first_week}-{last}"
        return f"request {p.request} placement in {p.resource} ({span})"


def when(week: int, day: int, slot: int, duration: int = 1) -> str:
    """'week 3 Tue slot 1-2' as people say it."""
    name = DAY_NAMES[day - 1] if 1 <= day <= 7 else f"day {day}"
    slots = f"slot {slot}" if duration == 1 else f"slot {slot}-{slot + duration - 1}"
    return f"week {week} {name} {slots}"


def _plural(n: int, word: str) -> str:
    if n == 1:
        return f"{n} {word}"
    return f"{n} people" if word == "person" else f"{n} {word}s"


# --------------------------------------------------------------------------- the checker


class _Checker:
    """Runs the rule families in the order of ``docs/rules.md`` over resolved items."""

    def __init__(self, scenario: Scenario, schedule: Schedule):
        self.scenario = scenario
        self.schedule = schedule
        self.cal = scenario.calendar
        self.lookup = Lookup.of(scenario)
        self.closed = {(c.week, c.day) for c in self.cal.closed}
        self.found: list[Violation] = []
        self.sessions: list[_Session] = []
        self.placements: list[_Placement] = []

    # ---------------------------------------------------------------- plumbing

    def report(self, rule: str, path: str, message: str) -> None:
        self.found.append(Violation(rule, path, message))

    def global_slot(self, week: int, day: int, slot: int) -> int:
        return ((week - 1) * self.cal.days_per_week + (day - 1)) * self.cal.slots_per_day + (
            slot - 1
        )

    def week_start(self, week: int) -> int:
        return (week - 1) * self.cal.days_per_week * self.cal.slots_per_day

    def run(self) -> list[Violation]:
        self.check_document()
        self.check_calendar()
        self.check_window()
        self.check_resource()
        self.check_availability()
        self.check_parts()
        self.check_capacity()
        self.check_cohort()
        self.check_instructor()
        self.check_travel()
        self.check_pattern()
        self.check_precedence()
        self.check_internship()
        self.check_required_and_unmet()
        order = {r: i for i, r in enumerate(RULES)}
        return sorted(self.found, key=lambda v: order[v.rule])

    # ---------------------------------------------------------------- 15. document

    def check_document(self) -> None:
        """Resolve ids; whatever does not resolve is reported here and left out elsewhere."""
        sch, lk = self.schedule, self.lookup
        if sch.format != SCHEDULE_FORMAT:
            self.report(
                "document", "format", f"format is {sch.format!r}, expected {SCHEDULE_FORMAT!r}"
            )
        if sch.scenario != self.scenario.name:
            self.report(
                "document",
                "scenario",
                f"the schedule is for scenario {sch.scenario!r}, "
                f"but this scenario is {self.scenario.name!r}",
            )
        for i, s in enumerate(sch.sessions):
            req = lk.requests.get(s.request)
            if req is None:
                self.report("document", f"sessions[{i}].request", f"unknown request {s.request!r}")
                continue
            if req.kind is RequestKind.INTERNSHIP:
                self.report(
                    "document",
                    f"sessions[{i}].request",
                    f"request {s.request} is an internship: it is placed with placements, "
                    "not sessions",
                )
                continue
            parts = []
            for k, part in enumerate(s.parts):
                res = lk.resources.get(part.resource)
                if res is None:
                    self.report(
                        "document",
                        f"sessions[{i}].parts[{k}].resource",
                        f"request {s.request} session {s.index}: unknown resource "
                        f"{part.resource!r}",
                    )
                ins = None
                if part.instructor is not None:
                    ins = lk.instructors.get(part.instructor)
                    if ins is None:
                        self.report(
                            "document",
                            f"sessions[{i}].parts[{k}].instructor",
                            f"request {s.request} session {s.index}: unknown instructor "
                            f"{part.instructor!r}",
                        )
                parts.append(_Part(k, part, res, ins))
            timed = (
                1 <= s.week <= self.cal.weeks
                and 1 <= s.day <= self.cal.days_per_week
                and s.slot >= 1
                and s.slot + s.duration - 1 <= self.cal.slots_per_day
            )
            item = _Session(i, s, req, lk.cohorts_of(req), parts, timed)
            if timed:
                item.start = self.global_slot(s.week, s.day, s.slot)
            self.sessions.append(item)
        for i, p in enumerate(sch.placements):
            req = lk.requests.get(p.request)
            if req is None:
                self.report(
                    "document", f"placements[{i}].request", f"unknown request {p.request!r}"
                )
                continue
            if req.kind is RequestKind.SESSIONS:
                self.report(
                    "document",
                    f"placements[{i}].request",
                    f"request {p.request} asks for sessions: only internships are placed",
                )
                continue
            res = lk.resources.get(p.resource)
            if res is None:
                self.report(
                    "document",
                    f"placements[{i}].resource",
                    f"request {p.request}: unknown resource {p.resource!r}",
                )
            timed = p.first_week + p.weeks - 1 <= self.cal.weeks
            self.placements.append(_Placement(i, p, req, res, timed))
        for i, u in enumerate(sch.unmet):
            if u.request not in lk.requests:
                self.report("document", f"unmet[{i}].request", f"unknown request {u.request!r}")

    # ---------------------------------------------------------------- 1. calendar

    def check_calendar(self) -> None:
        cal = self.cal
        by_request: dict[str, list[_Session]] = defaultdict(list)
        for it in self.sessions:
            s, req = it.session, it.request
            by_request[req.id].append(it)
            where = it.label()
            if not 1 <= s.week <= cal.weeks:
                self.report(
                    "calendar",
                    f"{it.path}.week",
                    f"{where}: the calendar has weeks 1-{cal.weeks}",
                )
            if not 1 <= s.day <= cal.days_per_week:
                self.report(
                    "calendar",
                    f"{it.path}.day",
                    f"{where}: the calendar has days 1-{cal.days_per_week}",
                )
            if s.slot > cal.slots_per_day:
                self.report(
                    "calendar",
                    f"{it.path}.slot",
                    f"{where}: a day has slots 1-{cal.slots_per_day}",
                )
            elif s.slot + s.duration - 1 > cal.slots_per_day:
                self.report(
                    "calendar",
                    f"{it.path}.slot",
                    f"{where}: runs past the end of the day (slots 1-{cal.slots_per_day})",
                )
            if (s.week, s.day) in self.closed:
                self.report("calendar", f"{it.path}.day", f"{where}: the day is closed")
            if s.duration != req.duration:
                self.report(
                    "calendar",
                    f"{it.path}.duration",
                    f"{where}: lasts {_plural(s.duration, 'slot')}, the request asks for "
                    f"{req.duration}",
                )
        for rid, items in by_request.items():
            req = self.lookup.requests[rid]
            asked = req.sessions or 0
            seen: set[int] = set()
            for it in items:
                idx = it.session.index
                if idx > asked:
                    self.report(
                        "calendar",
                        f"{it.path}.index",
                        f"{it.label()}: index {idx} is out of range, request {rid} asks for "
                        f"{_plural(asked, 'session')}",
                    )
                elif idx in seen:
                    self.report(
                        "calendar",
                        f"{it.path}.index",
                        f"{it.label()}: index {idx} is used twice for request {rid}",
                    )
                seen.add(idx)
            if len(items) > asked:
                self.report(
                    "calendar",
                    items[asked].path,
                    f"request {rid} has {len(items)} sessions but asks for {asked}",
                )

    # ---------------------------------------------------------------- 2. window

    def check_window(self) -> None:
        for it in self.timed_sessions():
            s = it.session
            bad = self.first_slot_outside(it, it.request.window)
            if bad is not None:
                self.report(
                    "window",
                    it.path,
                    f"{it.label()}: {when(s.week, s.day, bad)} is outside the request's window",
                )
            for c in it.cohorts:
                bad = self.first_slot_outside(it, c.available)
                if bad is not None:
                    self.report(
                        "window",
                        it.path,
                        f"{it.label()}: cohort {c.id} is not available in "
                        f"{when(s.week, s.day, bad)}",
                    )

    def timed_sessions(self) -> list[_Session]:
        return [it for it in self.sessions if it.timed]

    def first_slot_outside(self, it: _Session, windows: Any) -> int | None:
        s = it.session
        for k in range(s.slot, s.slot + s.duration):
            if not in_windows(windows, s.week, s.day, k):
                return k
        return None

    # ---------------------------------------------------------------- 3. resource

    def check_resource(self) -> None:
        for it in self.sessions:
            insts = set(self.lookup.institutions_of(it.request))
            for p in it.parts:
                if p.resource is None:
                    continue
                path = f"{it.path}.parts[{p.index}].resource"
                for problem in self.resource_problems(p.resource, it.request, insts, False):
                    self.report("resource", path, f"{it.label()}: {problem}")
        for pl in self.placements:
            if pl.resource is None:
                continue
            insts = set(self.lookup.institutions_of(pl.request))
            for problem in self.resource_problems(pl.resource, pl.request, insts, True):
                self.report("resource", f"{pl.path}.resource", f"{pl.label()}: {problem}")

    @staticmethod
    def resource_problems(
        res: Resource, req: Request, institutions: set[str], internship: bool
    ) -> list[str]:
        """Why ``res`` may not serve ``req`` at all (kind, features, lists, ``open_to``)."""
        out = []
        is_post = res.kind is ResourceKind.INTERNSHIP_POST
        if internship and not is_post:
            out.append(f"{res.id} is a {res.kind.value}; internships use only internship posts")
        if not internship and is_post:
            out.append(f"{res.id} is an internship post; sessions never use posts")
        lacking = [f for f in req.needs if f not in res.features]
        if lacking:
            out.append(f"{res.id} lacks the needed feature(s) {', '.join(lacking)}")
        if req.resource_kinds is not None and res.kind not in req.resource_kinds:
            kinds = ", ".join(k.value for k in req.resource_kinds) or "none"
            out.append(f"{res.id} is a {res.kind.value}; the request admits only {kinds}")
        if req.resources is not None and res.id not in req.resources:
            out.append(f"{res.id} is not in the request's list of resources")
        if res.open_to is not None:
            allowed = set(res.open_to) | {res.owner}
            barred = sorted(institutions - allowed)
            if barred:
                out.append(f"{res.id} is not open to {', '.join(barred)}")
        return out

    # ---------------------------------------------------------------- 4. availability

    def check_availability(self) -> None:
        for it in self.timed_sessions():
            s = it.session
            insts = set(self.lookup.institutions_of(it.request))
            for p in it.parts:
                res = p.resource
                if res is None:
                    continue
                path = f"{it.path}.parts[{p.index}].resource"
                bad = self.first_slot_outside(it, res.available)
                if bad is not None:
                    self.report(
                        "availability",
                        path,
                        f"{it.label()}: {res.id} is not available in {when(s.week, s.day, bad)}",
                    )
                if res.owner_windows is not None and insts != {res.owner}:
                    inside = [
                        k
                        for k in range(s.slot, s.slot + s.duration)
                        if in_windows(res.owner_windows, s.week, s.day, k)
                    ]
                    if inside:
                        self.report(
                            "availability",
                            path,
                            f"{it.label()}: {when(s.week, s.day, inside[0])} of {res.id} is "
                            f"kept for its owner {res.owner}'s own cohorts",
                        )

    # ---------------------------------------------------------------- 5. parts

    def check_parts(self) -> None:
        for it in self.sessions:
            full = self.lookup.session_headcount(it.request)
            parts = it.session.parts
            total = sum(p.headcount for p in parts)
            need = f"{'+'.join(c.id for c in it.cohorts)} are {full} people"
            if it.request.headcount is not None:
                need = f"request {it.request.id} sets headcount {full}"
            if not it.request.split:
                if len(parts) != 1:
                    self.report(
                        "parts",
                        f"{it.path}.parts",
                        f"{it.label()}: has {len(parts)} parts, but the request does not "
                        "allow split: one resource holds the whole cohort",
                    )
                elif total != full:
                    self.report(
                        "parts",
                        f"{it.path}.parts[0].headcount",
                        f"{it.label()}: headcount {total}, but {need}",
                    )
                continue
            seen: set[str] = set()
            for k, p in enumerate(parts):
                if p.resource in seen:
                    self.report(
                        "parts",
                        f"{it.path}.parts[{k}].resource",
                        f"{it.label()}: {p.resource} is used by two parts of the session",
                    )
                seen.add(p.resource)
            if total != full:
                self.report(
                    "parts",
                    f"{it.path}.parts",
                    f"{it.label()}: the parts' headcounts sum to {total}, but {need}",
                )

    # ---------------------------------------------------------------- 6. capacity

    def check_capacity(self) -> None:
        """Exclusive resources hold one session at a time; nobody exceeds capacity + overflow.

        Two parts of one session in one resource are a [parts] matter, so exclusivity
        counts distinct sessions.
        """
        people: dict[tuple[str, int], list[tuple[_Session, _Part]]] = defaultdict(list)
        for it in self.timed_sessions():
            for p in it.parts:
                if p.resource is not None:
                    for t in range(it.start, it.end):
                        people[(p.resource.id, t)].append((it, p))
        pairs_done: set[tuple[str, int, int]] = set()
        over_done: set[frozenset[tuple[int, int]]] = set()
        for (rid, t), here in sorted(people.items(), key=lambda kv: kv[0]):
            res = self.lookup.resources[rid]
            if not res.shareable:
                positions = sorted({it.pos for it, _ in here})
                for a, b in itertools.combinations(positions, 2):
                    if (rid, a, b) in pairs_done:
                        continue
                    pairs_done.add((rid, a, b))
                    first = next(it for it, _ in here if it.pos == a)
                    later, part = next((it, p) for it, p in here if it.pos == b)
                    self.report(
                        "capacity",
                        f"{later.path}.parts[{part.index}].resource",
                        f"{later.label()}: {rid} is not shareable and already holds "
                        f"{first.label()}",
                    )
            total = sum(p.part.headcount for _, p in here)
            limit = res.capacity + res.overflow
            if total > limit:
                key = frozenset((it.pos, p.index) for it, p in here)
                if key in over_done:
                    continue
                over_done.add(key)
                last, part = max(here, key=lambda ip: (ip[0].pos, ip[1].index))
                who = ", ".join(f"{it.label()}: {p.part.headcount}" for it, p in here)
                self.report(
                    "capacity",
                    f"{last.path}.parts[{part.index}].headcount",
                    f"{rid} holds {total} people in {self.human(t)} (capacity {res.capacity}"
                    f" + overflow {res.overflow}): {who}",
                )
        self.check_post_capacity()

    def check_post_capacity(self) -> None:
        """Internship posts count places per week: interns at most capacity + overflow."""
        interns: dict[tuple[str, int], list[_Placement]] = defaultdict(list)
        for pl in self.placements:
            if pl.resource is not None and pl.timed:
                for w in pl.weeks:
                    interns[(pl.resource.id, w)].append(pl)
        for (rid, w), placed in sorted(interns.items(), key=lambda kv: kv[0]):
            res = self.lookup.resources[rid]
            total = sum(pl.placement.headcount for pl in placed)
            if total > res.capacity + res.overflow:
                last = max(placed, key=lambda pl: pl.pos)
                self.report(
                    "capacity",
                    f"{last.path}.headcount",
                    f"{rid} holds {total} interns in week {w} (capacity {res.capacity} + "
                    f"overflow {res.overflow}): "
                    + ", ".join(f"{pl.label()}: {pl.placement.headcount}" for pl in placed),
                )

    def human(self, t: int) -> str:
        day_index, s = divmod(t, self.cal.slots_per_day)
        w, d = divmod(day_index, self.cal.days_per_week)
        return when(w + 1, d + 1, s + 1)

    # ---------------------------------------------------------------- 7. cohort

    def internship_weeks(self) -> dict[str, dict[int, list[_Placement]]]:
        """cohort id -> week -> placements of internships that take the cohort that week."""
        busy: dict[str, dict[int, list[_Placement]]] = defaultdict(lambda: defaultdict(list))
        for pl in self.placements:
            if not pl.timed:
                continue
            for c in self.lookup.cohorts_of(pl.request):
                for w in pl.weeks:
                    busy[c.id][w].append(pl)
        return busy

    def check_cohort(self) -> None:
        at: dict[tuple[str, int], list[_Session]] = defaultdict(list)
        for it in self.timed_sessions():
            for c in it.cohorts:
                for t in range(it.start, it.end):
                    at[(c.id, t)].append(it)
        clashes: dict[tuple[int, int], set[str]] = defaultdict(set)
        for (cid, _), here in at.items():
            for a, b in itertools.combinations(sorted({it.pos for it in here}), 2):
                clashes[(a, b)].add(cid)
        by_pos = {it.pos: it for it in self.sessions}
        for (a, b), cids in sorted(clashes.items()):
            self.report(
                "cohort",
                by_pos[b].path,
                f"{by_pos[b].label()}: cohort {', '.join(sorted(cids))} already attends "
                f"{by_pos[a].label()} at the same time",
            )
        busy = self.internship_weeks()
        for it in self.timed_sessions():
            for c in it.cohorts:
                pls = busy.get(c.id, {}).get(it.session.week)
                if pls:
                    self.report(
                        "cohort",
                        it.path,
                        f"{it.label()}: cohort {c.id} is on internship that week "
                        f"({pls[0].label()})",
                    )
        for cid, weeks in busy.items():
            reported: set[tuple[str, str]] = set()
            for w, pls in sorted(weeks.items()):
                reqs = list(dict.fromkeys(pl.request.id for pl in pls))
                for r1, r2 in itertools.combinations(reqs, 2):
                    if (r1, r2) in reported:
                        continue
                    reported.add((r1, r2))
                    second = next(pl for pl in pls if pl.request.id == r2)
                    self.report(
                        "cohort",
                        second.path,
                        f"{second.label()}: cohort {cid} is already on internship {r1} in "
                        f"week {w}; two internships of a cohort never share a week",
                    )

    # ---------------------------------------------------------------- 8. instructor

    def check_instructor(self) -> None:
        teaching: dict[tuple[str, int], list[tuple[_Session, _Part]]] = defaultdict(list)
        load: dict[tuple[str, int], list[tuple[_Session, _Part]]] = defaultdict(list)
        for it in self.sessions:
            req, s = it.request, it.session
            for p in it.parts:
                path = f"{it.path}.parts[{p.index}].instructor"
                name = p.part.instructor
                if req.needs_instructor and name is None:
                    self.report(
                        "instructor",
                        path,
                        f"{it.label()}: the part in {p.part.resource} needs an instructor "
                        "and names none",
                    )
                ins = p.instructor
                if ins is None:
                    continue
                if req.needs_instructor:
                    lacking = [k for k in req.instructor_skills or [] if k not in ins.skills]
                    if lacking:
                        self.report(
                            "instructor",
                            path,
                            f"{it.label()}: {ins.id} lacks the skill(s) {', '.join(lacking)}",
                        )
                    if req.instructors is not None and ins.id not in req.instructors:
                        self.report(
                            "instructor",
                            path,
                            f"{it.label()}: {ins.id} is not among the request's instructors "
                            f"({', '.join(req.instructors) or 'none'})",
                        )
                if not it.timed:
                    continue
                bad = self.first_slot_outside(it, ins.available)
                if bad is not None:
                    self.report(
                        "instructor",
                        path,
                        f"{it.label()}: {ins.id} is not available in {when(s.week, s.day, bad)}",
                    )
                for t in range(it.start, it.end):
                    teaching[(ins.id, t)].append((it, p))
                load[(ins.id, s.week)].append((it, p))
        done: set[tuple[int, int, int, int]] = set()
        for (tid, _), here in teaching.items():
            for (a, pa), (b, pb) in itertools.combinations(
                sorted(here, key=lambda ip: (ip[0].pos, ip[1].index)), 2
            ):
                key = (a.pos, pa.index, b.pos, pb.index)
                if key in done:
                    continue
                done.add(key)
                what = (
                    "another part of the same session"
                    if a.pos == b.pos
                    else f"{a.label()} in {pa.part.resource}"
                )
                self.report(
                    "instructor",
                    f"{b.path}.parts[{pb.index}].instructor",
                    f"{b.label()}: {tid} already teaches {what} at the same time",
                )
        for (tid, week), items in sorted(load.items()):
            cap = self.lookup.instructors[tid].max_slots_per_week
            if cap is None:
                continue
            items.sort(key=lambda ip: (ip[0].start, ip[0].pos, ip[1].index))
            total = 0
            for it, p in items:
                total += it.session.duration
                if total > cap:
                    week_total = sum(i.session.duration for i, _ in items)
                    self.report(
                        "instructor",
                        f"{it.path}.parts[{p.index}].instructor",
                        f"{it.label()}: {tid} teaches {week_total} slots in week {week}, "
                        f"more than max_slots_per_week {cap}",
                    )
                    break

    # ---------------------------------------------------------------- 9. travel

    def check_travel(self) -> None:
        sites = {s.id: i for i, s in enumerate(self.scenario.sites)}
        matrix = travel_matrix(self.scenario)
        starts = self.cal.slot_start_minutes()
        # person -> (week, day) -> [(session, sites there)]
        days: dict[str, dict[tuple[int, int], list[tuple[_Session, set[str]]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for it in self.timed_sessions():
            s = it.session
            all_sites = {p.resource.site for p in it.parts if p.resource is not None}
            for c in it.cohorts:
                days[f"cohort {c.id}"][(s.week, s.day)].append((it, all_sites))
            taught: dict[str, set[str]] = defaultdict(set)
            for p in it.parts:
                if p.instructor is not None and p.resource is not None:
                    taught[p.instructor.id].add(p.resource.site)
            for tid, tsites in taught.items():
                days[f"instructor {tid}"][(s.week, s.day)].append((it, tsites))
        for who, per_day in days.items():
            for (_week, _day), items in sorted(per_day.items()):
                items.sort(key=lambda x: (x[0].session.slot, x[0].pos))
                for (a, sa), (b, sb) in itertools.combinations(items, 2):
                    if a.pos == b.pos or b.session.slot <= a.last_slot:
                        continue  # the same session, or overlapping (cohort/instructor rule)
                    need = 0.0
                    pair = ("", "")
                    for x, y in itertools.product(sorted(sa), sorted(sb)):
                        if x not in sites or y not in sites:
                            continue
                        d = float(matrix[sites[x], sites[y]])
                        if d > need:
                            need, pair = d, (x, y)
                    if need == 0:
                        continue
                    if need == float("inf"):
                        self.report(
                            "travel",
                            b.path,
                            f"{b.label()}: {who} is at {pair[0]} for {a.label()} the same day, "
                            f"and no travel path joins {pair[0]} and {pair[1]}: such sites "
                            "never share a day",
                        )
                        continue
                    free = starts[b.session.slot - 1] - (
                        starts[a.last_slot - 1] + self.cal.slot_minutes
                    )
                    if free < need:
                        self.report(
                            "travel",
                            b.path,
                            f"{b.label()}: {who} needs {int(need)} minutes from {pair[0]} "
                            f"({a.label()}) to {pair[1]} but has {free} free minutes",
                        )

    # ---------------------------------------------------------------- 10. pattern

    def check_pattern(self) -> None:
        by_request: dict[str, list[_Session]] = defaultdict(list)
        for it in self.timed_sessions():
            by_request[it.request.id].append(it)
        open_days = [
            (w, d)
            for w in range(1, self.cal.weeks + 1)
            for d in range(1, self.cal.days_per_week + 1)
            if (w, d) not in self.closed
        ]
        ordinal = {wd: i for i, wd in enumerate(open_days)}
        for rid, items in by_request.items():
            req = self.lookup.requests[rid]
            items.sort(key=lambda it: (it.start, it.pos))
            if req.pattern is Pattern.WEEKLY:
                self.weekly(req, items)
            elif req.pattern is Pattern.BLOCK:
                self.block(req, items, ordinal)
            else:
                self.free(req, items)

    def weekly(self, req: Request, items: list[_Session]) -> None:
        first = items[0].session
        for it in items[1:]:
            s = it.session
            if (s.day, s.slot) != (first.day, first.slot):
                self.report(
                    "pattern",
                    it.path,
                    f"{it.label()}: weekly request {req.id} runs on {DAY_NAMES[first.day - 1]} "
                    f"slot {first.slot} (session {first.index}), this one does not",
                )
                return
        for a, b in itertools.pairwise(items):
            wa, wb = a.session.week, b.session.week
            if wa == wb:
                self.report(
                    "pattern",
                    b.path,
                    f"{b.label()}: weekly request {req.id} has two sessions in week {wb}",
                )
                continue
            gap = [w for w in range(wa + 1, wb) if (w, first.day) not in self.closed]
            if gap:
                self.report(
                    "pattern",
                    b.path,
                    f"{b.label()}: weekly request {req.id} skips week {gap[0]}, whose "
                    f"{DAY_NAMES[first.day - 1]} is open; the weeks must be consecutive",
                )

    def block(self, req: Request, items: list[_Session], ordinal: dict[tuple[int, int], int]):
        placed = [it for it in items if (it.session.week, it.session.day) in ordinal]
        for a, b in itertools.pairwise(placed):
            oa = ordinal[(a.session.week, a.session.day)]
            ob = ordinal[(b.session.week, b.session.day)]
            if oa == ob:
                self.report(
                    "pattern",
                    b.path,
                    f"{b.label()}: block request {req.id} has one session per day, and "
                    f"{a.label()} is on the same day",
                )
            elif ob != oa + 1:
                self.report(
                    "pattern",
                    b.path,
                    f"{b.label()}: block request {req.id} runs on consecutive open days, but "
                    f"{_plural(ob - oa - 1, 'open day')} pass after {a.label()}",
                )

    def free(self, req: Request, items: list[_Session]) -> None:
        if req.max_per_week is not None:
            per_week: dict[int, list[_Session]] = defaultdict(list)
            for it in items:
                per_week[it.session.week].append(it)
            for w, its in sorted(per_week.items()):
                if len(its) > req.max_per_week:
                    self.report(
                        "pattern",
                        its[req.max_per_week].path,
                        f"{its[req.max_per_week].label()}: request {req.id} has {len(its)} "
                        f"sessions in week {w}, max_per_week is {req.max_per_week}",
                    )
        if req.min_days_apart > 0:

            def day(it: _Session) -> int:
                return (it.session.week - 1) * 7 + (it.session.day - 1)

            for a, b in itertools.pairwise(items):
                apart = day(b) - day(a)
                if apart < req.min_days_apart:
                    self.report(
                        "pattern",
                        b.path,
                        f"{b.label()}: {_plural(apart, 'day')} after {a.label()}, request "
                        f"{req.id} asks for min_days_apart {req.min_days_apart}",
                    )

    # ---------------------------------------------------------------- 11. precedence

    def check_precedence(self) -> None:
        spans: dict[str, list[tuple[int, int, str, str]]] = defaultdict(list)
        for it in self.timed_sessions():
            spans[it.request.id].append((it.start, it.end, it.path, it.label()))
        for pl in self.placements:
            if pl.timed:
                p = pl.placement
                start = self.week_start(p.first_week)
                end = self.week_start(p.first_week + p.weeks)
                spans[pl.request.id].append((start, end, pl.path, pl.label()))
        for req in self.scenario.requests:
            mine = spans.get(req.id)
            if not mine:
                continue
            for before in dict.fromkeys(req.after):
                theirs = spans.get(before)
                if before == req.id or not theirs:
                    continue
                end, _, _, what = max(
                    ((e, s, p, lbl) for s, e, p, lbl in theirs), key=lambda x: x[0]
                )
                for start, _, path, label in mine:
                    if start < end:
                        self.report(
                            "precedence",
                            path,
                            f"{label}: request {req.id} comes after {before}, but starts "
                            f"before {what} ends",
                        )

    # ---------------------------------------------------------------- 12. internship

    def check_internship(self) -> None:
        by_request: dict[str, list[_Placement]] = defaultdict(list)
        for pl in self.placements:
            by_request[pl.request.id].append(pl)
        cal = self.cal
        for rid, pls in by_request.items():
            req = self.lookup.requests[rid]
            full = self.lookup.headcount(req)
            total = sum(pl.placement.headcount for pl in pls)
            who = "+".join(c.id for c in self.lookup.cohorts_of(req))
            if total != full:
                self.report(
                    "internship",
                    pls[0].path,
                    f"internship {rid} places {total} people, but {who} are {full}: an "
                    "internship is placed in full or not at all",
                )
            first = pls[0].placement.first_week
            seen: set[str] = set()
            for pl in pls:
                p = pl.placement
                if p.first_week != first:
                    self.report(
                        "internship",
                        f"{pl.path}.first_week",
                        f"{pl.label()}: starts in week {p.first_week}, the other placements "
                        f"of {rid} in week {first}",
                    )
                if p.weeks != req.weeks:
                    self.report(
                        "internship",
                        f"{pl.path}.weeks",
                        f"{pl.label()}: lasts {_plural(p.weeks, 'week')}, internship {rid} "
                        f"asks for {req.weeks}",
                    )
                if p.resource in seen:
                    self.report(
                        "internship",
                        f"{pl.path}.resource",
                        f"{pl.label()}: {p.resource} is used twice by internship {rid}",
                    )
                seen.add(p.resource)
                if not pl.timed:
                    self.report(
                        "calendar",
                        f"{pl.path}.weeks",
                        f"{pl.label()}: the calendar ends with week {cal.weeks}",
                    )
                    continue
                outside = [
                    w
                    for w in pl.weeks
                    if not week_in_windows(req.window, w, cal.days_per_week, cal.slots_per_day)
                ]
                if outside:
                    self.report(
                        "internship",
                        f"{pl.path}.first_week",
                        f"{pl.label()}: week {outside[0]} is outside the request's window",
                    )
                if pl.resource is not None:
                    closed = [
                        w
                        for w in pl.weeks
                        if not week_in_windows(
                            pl.resource.available, w, cal.days_per_week, cal.slots_per_day
                        )
                    ]
                    if closed:
                        self.report(
                            "internship",
                            f"{pl.path}.resource",
                            f"{pl.label()}: {pl.resource.id} is not available in week {closed[0]}",
                        )

    # ---------------------------------------------------------------- 13-14. required, unmet

    def check_required_and_unmet(self) -> None:
        sch, lk = self.schedule, self.lookup
        counts = scheduled_counts(lk, sch)
        entries: dict[str, list[int]] = defaultdict(list)
        for i, u in enumerate(sch.unmet):
            entries[u.request].append(i)
        binding = sch.status in (Status.OPTIMAL, Status.FEASIBLE)
        for req in self.scenario.requests:
            missing = missing_of(lk, req, counts)
            unit = "person" if req.kind is RequestKind.INTERNSHIP else "session"
            mine = entries.get(req.id, [])
            if binding and req.required and missing:
                self.report(
                    "required",
                    f"unmet[{mine[0]}]" if mine else "unmet",
                    f"request {req.id} is required, but the {sch.status.value} schedule "
                    f"misses {_plural(missing, unit)} of it",
                )
            if not missing:
                for i in mine:
                    self.report(
                        "unmet",
                        f"unmet[{i}]",
                        f"request {req.id} is met in full, yet listed as unmet",
                    )
                continue
            if not mine:
                self.report(
                    "unmet",
                    "unmet",
                    f"request {req.id} misses {_plural(missing, unit)} and has no unmet entry",
                )
                continue
            first = sch.unmet[mine[0]]
            if first.missing != missing:
                self.report(
                    "unmet",
                    f"unmet[{mine[0]}].missing",
                    f"request {req.id}: the entry says {_plural(first.missing, unit)} "
                    f"missing, the schedule lacks {missing}",
                )
            for i in mine[1:]:
                self.report(
                    "unmet",
                    f"unmet[{i}]",
                    f"request {req.id} has more than one unmet entry",
                )
        if sch.status is Status.INFEASIBLE and not sch.conflicts:
            self.report(
                "unmet",
                "conflicts",
                "an infeasible schedule must explain which requirements conflict",
            )
