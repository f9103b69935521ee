"""Whole-document checks of a scenario: every problem at once, each with its place.

The pydantic models check what one object can know; this module checks what needs
the whole document: unique ids, references, windows against the calendar, the
``after`` graph, the site graph, and requests that can never be met. A hopeless
request is an *error* when it is ``required`` (no schedule can be ``feasible``) and a
*warning* otherwise (the solver will list it as unmet).

"Candidate" means exactly what :mod:`scheduler.compile` means by it: the same
:func:`~scheduler.compile.resource_admits` and the same calendar masks. The
feasibility tests are *sound necessary* conditions: when they report a request
hopeless, no schedule can contain it; a request that passes may still be squeezed out
by the others.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import networkx as nx
import numpy as np

from scheduler.calendar import CalendarIndex
from scheduler.compile import Admission
from scheduler.io import Issue
from scheduler.models import (
    Cohort,
    Instructor,
    Pattern,
    Request,
    RequestKind,
    Resource,
    ResourceKind,
    Scenario,
    Window,
)

#: Order of the scenario's top-level keys, for sorting issues in document order.
_TOP_ORDER = {name: float(i) for i, name in enumerate(Scenario.model_fields)}

#: Fields that do not apply to one kind of request (spec: "sessions, duration and
#: pattern do not apply" to internships; the compile step ignores the rest).
_NOT_FOR_INTERNSHIPS = (
    "sessions",
    "duration",
    "pattern",
    "max_per_week",
    "min_days_apart",
    "min_days",
    "split",
    "instructor_skills",
    "instructors",
    "prefer",
    "headcount",
)
_NOT_FOR_SESSIONS = ("weeks",)
_FREE_ONLY = ("max_per_week", "min_days_apart")


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """Errors make the scenario unusable; warnings are worth reading but do not block."""

    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def validate(scenario: Scenario) -> ValidationReport:
    """Check ``scenario`` as a whole; issues come in document order (deterministic)."""
    v = _Validator(scenario)
    v.run()
    return ValidationReport(errors=_sorted(v.errors), warnings=_sorted(v.warnings))


# --------------------------------------------------------------------------- helpers


def _sort_key(issue: Issue) -> tuple[float, int]:
    head = issue.path.split(".", 1)[0]
    name, _, rest = head.partition("[")
    index = int(rest.split("]", 1)[0]) if rest else -1
    return _TOP_ORDER.get(name, -1.0), index


def _sorted(issues: list[Issue]) -> list[Issue]:
    return sorted(issues, key=_sort_key)  # stable: checks keep their order within an item


def _q(values: Iterable[str]) -> str:
    """``['a', 'b']`` as people read it in JSON: ``["a", "b"]``."""
    return json.dumps(list(values), ensure_ascii=False)


def _names(values: Iterable[str]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _duplicates(values: Sequence[str]) -> list[tuple[int, int]]:
    """(later index, first index) of every repeated value."""
    first: dict[str, int] = {}
    out = []
    for i, v in enumerate(values):
        if v in first:
            out.append((i, first[v]))
        else:
            first[v] = i
    return out


def max_disjoint_starts(starts: np.ndarray, duration: int) -> int:
    """Most non-overlapping sessions of ``duration`` slots whose starts lie in ``starts``.

    Earliest-start greedy is optimal for intervals of one length.
    """
    times = np.flatnonzero(starts).tolist()  # plain ints: the loop is the validator's hot spot
    if duration <= 1:
        return len(times)  # distinct starts never overlap
    count, free_from = 0, 0
    for t in times:
        if t >= free_from:
            count += 1
            free_from = t + duration
    return count


# --------------------------------------------------------------------------- the checks


class _Validator:
    def __init__(self, scenario: Scenario) -> None:
        self.s = scenario
        self.cal = CalendarIndex.from_calendar(scenario.calendar)
        self.open = self.cal.open_slots()
        self.errors: list[Issue] = []
        self.warnings: list[Issue] = []
        self.index: dict[str, dict[str, int]] = {
            kind: self._first_positions(items)
            for kind, items in (
                ("site", scenario.sites),
                ("institution", scenario.institutions),
                ("resource", scenario.resources),
                ("instructor", scenario.instructors),
                ("cohort", scenario.cohorts),
                ("request", scenario.requests),
            )
        }
        self._resource_masks: dict[int, np.ndarray] = {}
        self._resource_spans: dict[tuple[int, int, bool], np.ndarray] = {}
        # Memos for the per-request checks, which otherwise redo the same work for every
        # request of a large term: availability masks by object (cohorts, instructors),
        # candidate lists by what ``resource_admits`` reads of a request (as compiling does).
        self._available: dict[int, np.ndarray] = {}
        self._instructor_spans: dict[tuple[int, int], np.ndarray] = {}
        self._teachers_spans: dict[tuple[object, ...], np.ndarray] = {}
        self._admission = Admission(scenario.resources)
        self._candidate_spans: dict[tuple[object, ...], tuple[np.ndarray, np.ndarray]] = {}
        self._qualified: dict[tuple[object, ...], list[Instructor]] = {}
        # What the feasibility checks found possible, by request path, for precedence:
        self.session_starts: dict[str, np.ndarray] = {}  # bool (n_slots,) allowed starts
        self.internship_weeks: dict[str, np.ndarray] = {}  # bool (n_weeks,) first weeks

    @staticmethod
    def _first_positions(items: Sequence[object]) -> dict[str, int]:
        pos: dict[str, int] = {}
        for i, item in enumerate(items):
            pos.setdefault(item.id, i)  # type: ignore[attr-defined]
        return pos

    def error(self, path: str, message: str) -> None:
        self.errors.append(Issue(path, message))

    def warn(self, path: str, message: str) -> None:
        self.warnings.append(Issue(path, message))

    def run(self) -> None:
        self.check_ids()
        self.check_calendar()
        self.check_references()
        self.check_travel()
        self.check_windows()
        self.check_request_shapes()
        self.check_after_graph()
        for i, req in enumerate(self.s.requests):
            if self._resolvable(req):
                self.check_feasibility(i, req)
        self.check_precedence_times()

    # ----------------------------------------------------------------------- ids

    def check_ids(self) -> None:
        for name in ("sites", "institutions", "resources", "instructors", "cohorts", "requests"):
            items = getattr(self.s, name)
            for i, first in _duplicates([x.id for x in items]):
                self.error(
                    f"{name}[{i}].id",
                    f"duplicate id '{items[i].id}' (already used by {name}[{first}])",
                )

    # ----------------------------------------------------------------------- calendar

    def check_calendar(self) -> None:
        cal = self.s.calendar
        seen: dict[tuple[int, int], int] = {}
        for i, c in enumerate(cal.closed):
            path = f"calendar.closed[{i}]"
            if c.week > cal.weeks:
                self.error(path, f"week {c.week} is outside the calendar (weeks 1-{cal.weeks})")
            elif c.day > cal.days_per_week:
                self.error(
                    path,
                    f"day {c.day} is outside the week (days_per_week is {cal.days_per_week})",
                )
            elif (c.week, c.day) in seen:
                self.warn(
                    path,
                    f"week {c.week} day {c.day} is already closed by closed[{seen[c.week, c.day]}]",
                )
            seen.setdefault((c.week, c.day), i)
        if not self.cal.open_day.any():
            self.warn(
                "calendar.closed", "every day of the calendar is closed: nothing can be scheduled"
            )

    # ----------------------------------------------------------------------- references

    def ref(self, path: str, value: str, kind: str) -> bool:
        """Report ``value`` unless it is a known id of ``kind``; True when it resolves."""
        known = self.index[kind]
        if value in known:
            return True
        close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.75)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        self.error(path, f"unknown {kind} '{value}'{hint}")
        return False

    def ref_list(self, path: str, values: Sequence[str] | None, kind: str) -> None:
        for j, v in enumerate(values or ()):
            self.ref(f"{path}[{j}]", v, kind)

    def check_references(self) -> None:
        s = self.s
        for i, e in enumerate(s.travel):
            self.ref(f"travel[{i}].from", e.from_, "site")
            self.ref(f"travel[{i}].to", e.to, "site")
        for i, inst in enumerate(s.institutions):
            self.ref(f"institutions[{i}].site", inst.site, "site")
        for i, r in enumerate(s.resources):
            self.ref(f"resources[{i}].owner", r.owner, "institution")
            self.ref(f"resources[{i}].site", r.site, "site")
            self.ref_list(f"resources[{i}].open_to", r.open_to, "institution")
            self.warn_repeats(f"resources[{i}].open_to", r.open_to)
            self.warn_repeats(f"resources[{i}].features", r.features)
        for i, t in enumerate(s.instructors):
            self.ref(f"instructors[{i}].institution", t.institution, "institution")
            self.ref(f"instructors[{i}].site", t.site, "site")
            self.warn_repeats(f"instructors[{i}].skills", t.skills)
        for i, c in enumerate(s.cohorts):
            self.ref(f"cohorts[{i}].institution", c.institution, "institution")
        for i, req in enumerate(s.requests):
            p = f"requests[{i}]"
            if req.cohort is not None:
                self.ref(f"{p}.cohort", req.cohort, "cohort")
            self.ref_list(f"{p}.cohorts", req.cohorts, "cohort")
            for j, first in _duplicates(req.cohorts or []):
                self.error(
                    f"{p}.cohorts[{j}]",
                    f"cohort '{req.cohorts[j]}' is listed twice (also cohorts[{first}]); "  # type: ignore[index]
                    "a joint session counts each cohort once",
                )
            self.ref_list(f"{p}.resources", req.resources, "resource")
            self.ref_list(f"{p}.instructors", req.instructors, "instructor")
            for j, a in enumerate(req.after):
                if a == req.id:
                    # An error even when not required: see docs/rules.md, rule 11.
                    self.error(f"{p}.after[{j}]", f"request '{a}' cannot come after itself")
                else:
                    self.ref(f"{p}.after[{j}]", a, "request")
            if req.prefer is not None:
                self.ref_list(f"{p}.prefer.resources", req.prefer.resources, "resource")
                self.warn_repeats(f"{p}.prefer.resources", req.prefer.resources)
            for name in ("after", "resources", "instructors", "needs", "instructor_skills"):
                self.warn_repeats(f"{p}.{name}", getattr(req, name))
            self.warn_repeats(f"{p}.resource_kinds", [k.value for k in req.resource_kinds or []])

    def warn_repeats(self, path: str, values: Sequence[str] | None) -> None:
        for j, first in _duplicates(list(values or [])):
            self.warn(f"{path}[{j}]", f"'{values[j]}' is listed twice (also [{first}])")  # type: ignore[index]

    def _resolvable(self, req: Request) -> bool:
        """Whether the feasibility checks can run without echoing a reference error."""
        for c in req.cohort_ids:
            if c not in self.index["cohort"]:
                return False
            cohort = self.s.cohorts[self.index["cohort"][c]]
            if cohort.institution not in self.index["institution"]:
                return False
        return all(r in self.index["resource"] for r in req.resources or ()) and all(
            t in self.index["instructor"] for t in req.instructors or ()
        )

    # ----------------------------------------------------------------------- sites

    def check_travel(self) -> None:
        sites = self.index["site"]
        pairs: dict[frozenset[str], int] = {}
        g = nx.Graph()
        g.add_nodes_from(sites)
        for i, e in enumerate(self.s.travel):
            if e.from_ == e.to:
                self.warn(f"travel[{i}]", f"travel from site '{e.from_}' to itself is ignored")
                continue
            key = frozenset((e.from_, e.to))
            if key in pairs:
                k = pairs[key]
                best = min(e.minutes, self.s.travel[k].minutes)
                self.warn(
                    f"travel[{i}]",
                    f"travel[{k}] already joins '{e.from_}' and '{e.to}'; "
                    f"the shorter time ({best} minutes) is used",
                )
            pairs.setdefault(key, i)
            if e.from_ in sites and e.to in sites:
                g.add_edge(e.from_, e.to)
        self.site_component = {}
        components = sorted(
            (sorted(c, key=sites.__getitem__) for c in nx.connected_components(g)),
            key=lambda c: sites[c[0]],
        )
        for n, comp in enumerate(components):
            for sid in comp:
                self.site_component[sid] = n
        if len(components) > 1:
            groups = " | ".join("{" + ", ".join(c) + "}" for c in components)
            self.warn(
                "travel",
                f"no travel path between these groups of sites: {groups}; a cohort or "
                "instructor never has sessions in two groups on the same day",
            )

    def reachable(self, a: str, b: str) -> bool:
        return self.site_component.get(a, -1) == self.site_component.get(b, -2)

    # ----------------------------------------------------------------------- windows

    def check_windows(self) -> None:
        s = self.s
        for i, r in enumerate(s.resources):
            self.windows(f"resources[{i}].available", r.available, f"resource '{r.id}'")
            self.windows(f"resources[{i}].owner_windows", r.owner_windows, None)
        for i, t in enumerate(s.instructors):
            self.windows(f"instructors[{i}].available", t.available, f"instructor '{t.id}'")
        for i, c in enumerate(s.cohorts):
            self.windows(f"cohorts[{i}].available", c.available, f"cohort '{c.id}'")
        for i, req in enumerate(s.requests):
            # An empty request window is reported with the request's feasibility.
            self.windows(f"requests[{i}].window", req.window, None)
            if req.prefer is not None:
                if req.prefer.windows == []:
                    self.warn(
                        f"requests[{i}].prefer.windows",
                        "'windows' is empty: this preference can never be honoured",
                    )
                self.windows(f"requests[{i}].prefer.windows", req.prefer.windows, None)

    def windows(self, path: str, windows: list[Window] | None, owner: str | None) -> None:
        """Check each window of a list; ``owner`` names who is never available if ``[]``."""
        if windows is None:
            return
        if not windows:
            if owner is not None:
                self.warn(path, f"'available' is empty: {owner} is never available")
            return
        empty = False
        for j, w in enumerate(windows):
            empty |= not self.window(f"{path}[{j}]", w)
        if owner is not None and not empty:
            mask = self.cal.window_mask(windows)
            if mask.any() and not (mask & self.open).any():
                self.warn(path, f"{owner} is available only on closed days: never available")

    def window(self, path: str, w: Window) -> bool:
        """Error if ``w`` selects no slot of the calendar; warn about parts it ignores."""
        cal = self.s.calendar
        empty: list[str] = []
        ignored: list[str] = []
        if w.weeks is not None:
            lo, hi = w.weeks
            if lo > cal.weeks:
                empty.append(f"weeks [{lo}, {hi}] are after the calendar's last week {cal.weeks}")
            elif hi > cal.weeks:
                ignored.append(f"weeks {cal.weeks + 1}-{hi} are after the calendar's last week")
        for key, values, limit, limit_name in (
            ("days", w.days, cal.days_per_week, "days_per_week"),
            ("slots", w.slots, cal.slots_per_day, "slots_per_day"),
        ):
            if values is None:
                continue
            if not values:
                empty.append(f"'{key}' is empty")
                continue
            out = [v for v in values if v > limit]
            if len(out) == len(values):
                empty.append(f"{key} {out} are beyond {limit_name} {limit}")
            elif out:
                ignored.append(f"{key} {out} are beyond {limit_name} {limit}")
        if empty:
            self.error(path, "empty window: " + "; ".join(empty) + " - it selects no slot")
            return False
        if ignored:
            self.warn(path, "; ".join(ignored) + " (ignored)")
        return True

    # ----------------------------------------------------------------------- request shapes

    def check_request_shapes(self) -> None:
        spd = self.s.calendar.slots_per_day
        for i, req in enumerate(self.s.requests):
            p = f"requests[{i}]"
            internship = req.kind is RequestKind.INTERNSHIP
            if internship:
                for name in _NOT_FOR_INTERNSHIPS:
                    if self._given(req, name):
                        self.warn(f"{p}.{name}", f"'{name}' does not apply to internships; ignored")
                continue
            for name in _NOT_FOR_SESSIONS:
                if self._given(req, name):
                    self.warn(f"{p}.{name}", f"'{name}' applies to internships only; ignored")
            if req.pattern is not Pattern.FREE:
                for name in _FREE_ONLY:
                    if self._given(req, name):
                        self.warn(
                            f"{p}.{name}",
                            f"'{name}' applies to free requests only, not to "
                            f"pattern '{req.pattern.value}'; ignored",
                        )
            if req.duration > spd:
                self.error(
                    f"{p}.duration",
                    f"duration {req.duration} is longer than a day ({spd} slots per day); "
                    "a session stays within one day",
                )

    @staticmethod
    def _given(req: Request, name: str) -> bool:
        """Set in the document to something other than its default."""
        if name not in req.model_fields_set:
            return False
        default = Request.model_fields[name].get_default(call_default_factory=True)
        return getattr(req, name) != default

    # ----------------------------------------------------------------------- after graph

    def check_after_graph(self) -> None:
        """Report each ``after`` cycle once, at its first request.

        No schedule holds something of every request of a cycle, so a cycle of required
        requests is an error; with an optional member the solvers leave one out
        (reason ``precedence``), which is a warning.
        """
        pos = self.index["request"]
        g = nx.DiGraph()
        g.add_nodes_from(pos)
        for req in self.s.requests:
            for a in req.after:
                if a != req.id and a in pos:
                    g.add_edge(req.id, a)
        components = [c for c in nx.strongly_connected_components(g) if len(c) > 1]
        for comp in sorted(components, key=lambda c: min(pos[x] for x in c)):
            start = min(comp, key=pos.__getitem__)
            sub = g.subgraph(comp)
            nxt = next(a for a in self.s.requests[pos[start]].after if a in comp)
            cycle = " after ".join(f"'{x}'" for x in [start, *nx.shortest_path(sub, nxt, start)])
            path = f"requests[{pos[start]}].after"
            if all(self.s.requests[pos[x]].required for x in comp):
                self.error(path, f"'after' forms a cycle: {cycle}; no order satisfies it")
            else:
                self.warn(
                    path,
                    f"'after' forms a cycle: {cycle}; not all of them can be scheduled "
                    "(not all are required: the ones left out will be reported unmet)",
                )

    # ----------------------------------------------------------------------- precedence

    def check_precedence_times(self) -> None:
        """Required predecessors push a request's earliest start; report when it no longer fits.

        Walks the ``after`` graph in topological order. A *required* predecessor P must be
        scheduled in full, so R cannot start before P's earliest possible end (the end of
        the n-th of P's earliest non-overlapping sessions, or of its earliest internship
        run). Non-required predecessors may stay empty and bound nothing.
        """
        pos = self.index["request"]
        reqs = self.s.requests
        g = nx.DiGraph()
        g.add_nodes_from(range(len(reqs)))
        for i, req in enumerate(reqs):
            for a in req.after:
                # Only required predecessors bound anything; dropping the other links
                # breaks every cycle that is not all required (a warning, not an error).
                if a in pos and pos[a] != i and reqs[pos[a]].required:
                    g.add_edge(pos[a], i)
        if not nx.is_directed_acyclic_graph(g):
            return  # the all-required cycle is reported by check_after_graph
        spw = self.cal.slots_per_week
        earliest_end: dict[int, int] = {}
        for i in nx.lexicographical_topological_sort(g):
            req, path = reqs[i], f"requests[{i}]"
            binding, start = None, 0
            for j, a in enumerate(req.after):
                p = pos.get(a)
                known = p is not None and p != i and reqs[p].required and p in earliest_end
                if known and earliest_end[p] > start:  # type: ignore[index]
                    binding, start = j, earliest_end[p]  # type: ignore[index]
            if path in self.session_starts:
                mask = self.session_starts[path].copy()
                mask[:start] = False
                n, dur = req.sessions or 0, req.duration
                bound, why = self.session_bound(req, mask)
                if bound >= n:
                    chosen = self._earliest_sessions(mask, dur, n)
                    earliest_end[i] = chosen[n - 1] + dur
                    continue
                fits = (
                    f"at most {bound} of its {_plural(n, 'session')} fit after that ({why})"
                    if bound
                    else "none of its sessions fits after that"
                )
            elif path in self.internship_weeks:
                weeks = np.flatnonzero(self.internship_weeks[path])
                weeks = weeks[weeks * spw >= start]
                if len(weeks):
                    earliest_end[i] = int(weeks[0] + (req.weeks or 0)) * spw
                    continue
                fits = f"no run of {req.weeks} weeks fits after that"
            else:
                continue  # already reported hopeless, or not checked
            if binding is None:
                continue
            w, d, s = self.cal.human(start - 1)
            self.reporter(req)(
                f"{path}.after[{binding}]",
                f"'{req.id}' must start after required '{req.after[binding]}' ends, which is "
                f"at the earliest at the end of week {w}, day {d}, slot {s}; {fits}",
            )

    @staticmethod
    def _earliest_sessions(starts: np.ndarray, duration: int, n: int) -> list[int]:
        chosen: list[int] = []
        free_from = 0
        for t in np.flatnonzero(starts):
            if len(chosen) == n:
                break
            if t >= free_from:
                chosen.append(int(t))
                free_from = int(t) + duration
        return chosen

    # ----------------------------------------------------------------------- feasibility

    def reporter(self, req: Request) -> Callable[[str, str], None]:
        """Errors for ``required`` requests, warnings (saying so) for the others."""
        if req.required:
            return self.error

        def report(p: str, msg: str) -> None:
            self.warn(p, msg + " (not required: it will be reported unmet)")

        return report

    def check_feasibility(self, i: int, req: Request) -> None:
        path = f"requests[{i}]"
        report = self.reporter(req)
        # A cohort listed twice is reported above; count it once here.
        ids = list(dict.fromkeys(req.cohort_ids))
        cohorts = [self.s.cohorts[self.index["cohort"][c]] for c in ids]
        insts = {c.institution for c in cohorts}
        headcount = sum(c.size for c in cohorts)
        internship = req.kind is RequestKind.INTERNSHIP
        cands = self.candidates(req, insts, internship)
        if not cands:
            report(path, self.no_candidate_message(req, insts, internship))
            if not internship:
                self.check_instructors(path, req, report, 1)
            return
        if internship:
            self.check_internship(path, req, cands, headcount, report)
            return
        self.check_reach(path, cohorts, cands)
        if req.headcount is not None:
            # Extension (docs/format-extensions.md): people at each session.
            if req.headcount > headcount:
                self.warn(
                    f"{path}.headcount",
                    f"headcount {req.headcount} exceeds the cohorts' total size {headcount}",
                )
            headcount = req.headcount
        res = self.s.resources
        room = {k: res[k].capacity + res[k].overflow for k in cands}
        if req.headcount is not None:
            who = "its 'headcount'"
        elif len(cohorts) > 1:
            who = ", ".join(f"{c.id} {c.size}" for c in cohorts)
        else:
            who = f"cohort {cohorts[0].id}"
        parts_needed = 1
        if not req.split:
            fitting = [k for k in cands if room[k] >= headcount]
            if not fitting:
                big = max(cands, key=lambda k: (room[k], -k))
                report(
                    path,
                    f"headcount {headcount} ({who}) exceeds every candidate resource: the "
                    f"largest is '{res[big].id}' with capacity {res[big].capacity} + overflow "
                    f"{res[big].overflow}; set 'split': true or add a larger resource",
                )
                self.check_instructors(path, req, report, 1)
                return
        else:
            total = sum(room.values())
            if total < headcount:
                listing = ", ".join(f"{res[k].id} {room[k]}" for k in cands)
                report(
                    path,
                    f"headcount {headcount} ({who}) exceeds even all candidate resources "
                    f"together ({total}: {listing}); add resources or shrink the cohort",
                )
                self.check_instructors(path, req, report, 1)
                return
            fitting = cands
            parts_needed = self.min_parts(headcount, sorted(room.values(), reverse=True))
        teachers = self.check_instructors(path, req, report, parts_needed)
        if teachers is None or req.duration > self.s.calendar.slots_per_day:
            return
        self.check_times(path, req, cohorts, fitting, teachers, report)

    def candidates(self, req: Request, insts: set[str], internship: bool) -> list[int]:
        """Positions of the resources :func:`resource_admits` for ``req`` (a fresh list)."""
        return self._admission.admitted(req, insts, internship=internship)

    def available(self, item: Cohort | Instructor) -> np.ndarray:
        """``window_mask`` of a cohort's or instructor's ``available`` (shared: do not change)."""
        key = id(item)  # the scenario's objects live as long as the validator
        if key not in self._available:
            self._available[key] = self.cal.window_mask(item.available)
        return self._available[key]

    def instructor_span(self, t: Instructor, duration: int) -> np.ndarray:
        """Starts at which ``t`` is available on open days for the whole span (shared)."""
        key = (id(t), duration)
        if key not in self._instructor_spans:
            self._instructor_spans[key] = self.cal.span_ok(self.available(t) & self.open, duration)
        return self._instructor_spans[key]

    def instructors_span(self, teachers: list[Instructor], duration: int) -> np.ndarray:
        """Starts at which some of ``teachers`` is available for the whole span (shared)."""
        key = (tuple(id(t) for t in teachers), duration)
        if key not in self._teachers_spans:
            free = np.zeros(self.cal.n_slots, dtype=bool)
            for t in teachers:
                free |= self.instructor_span(t, duration)
            self._teachers_spans[key] = free
        return self._teachers_spans[key]

    def check_reach(self, path: str, cohorts: list[Cohort], cands: list[int]) -> None:
        """Warn when a cohort's home site has no travel path to any candidate's site."""
        sites = list(
            dict.fromkeys(
                self.s.resources[k].site
                for k in cands
                if self.s.resources[k].site in self.index["site"]
            )
        )
        if not sites:
            return
        for c in cohorts:
            inst = self.s.institutions[self.index["institution"][c.institution]]
            if inst.site not in self.index["site"]:
                continue
            if not any(self.reachable(inst.site, s) for s in sites):
                self.warn(
                    path,
                    f"cohort '{c.id}' is based at site '{inst.site}', which has no travel path "
                    f"to any candidate resource's site ({_names(sites)}); add a 'travel' edge "
                    "(the trip is costed as a full day)",
                )

    @staticmethod
    def min_parts(headcount: int, rooms_desc: list[int]) -> int:
        """Fewest parallel parts (split) that can hold ``headcount``: the largest rooms first."""
        acc = 0
        for n, room in enumerate(rooms_desc, start=1):
            acc += room
            if acc >= headcount:
                return n
        return len(rooms_desc)

    # ---------------------------------------------------------------- no candidate

    def no_candidate_message(self, req: Request, insts: set[str], internship: bool) -> str:
        what = "internship post" if internship else "resource"
        if req.resources is not None and not req.resources:
            return f"'resources' is empty: no candidate {what}"
        if req.resource_kinds is not None and not req.resource_kinds:
            return f"'resource_kinds' is empty: no candidate {what}"
        if internship:
            kinds = "internship_post"
        elif req.resource_kinds is not None:
            kinds = " or ".join(k.value for k in req.resource_kinds)
        else:
            kinds = "lab, workshop or training_base"
        want = [f"kind {kinds}"]
        if req.needs:
            want.append(f"features {_q(req.needs)}")
        if req.resources is not None:
            want.append(f"one of 'resources' {_q(req.resources)}")
        want.append(f"open to {_names(sorted(insts))}")
        head = f"no candidate {what} ({', '.join(want)})"

        scored = []
        for k, r in enumerate(self.s.resources):
            if req.resources is not None and r.id not in req.resources:
                continue
            reasons, missing = self.rejection(r, req, insts, internship)
            family = (r.kind is ResourceKind.INTERNSHIP_POST) != internship
            scored.append(((family, len(reasons), missing, k), r.id, reasons))
        if not scored:
            if internship:
                return f"{head}: the scenario has no internship_post resource"
            return f"{head}: the scenario has no lab, workshop or training_base"
        scored.sort()
        best_of = {x[1]: x for x in reversed(scored)}  # per id its first, i.e. best, entry
        scored = sorted(best_of.values())
        best = scored[0][0][:3]
        closest = [
            f"'{rid}' {', '.join(reasons)}" for key, rid, reasons in scored if key[:3] == best
        ]
        more = f" (and {len(closest) - 3} more)" if len(closest) > 3 else ""
        return f"{head}; closest: " + "; ".join(closest[:3]) + more

    def rejection(
        self, r: Resource, req: Request, insts: set[str], internship: bool
    ) -> tuple[list[str], int]:
        """Why ``r`` is no candidate for ``req`` (mirrors ``resource_admits``), and how
        many features it lacks."""
        reasons = []
        if internship and r.kind is not ResourceKind.INTERNSHIP_POST:
            reasons.append(f"is a {r.kind.value} (internships use only internship posts)")
        if not internship and r.kind is ResourceKind.INTERNSHIP_POST:
            reasons.append("is an internship_post (sessions never use posts)")
        if (
            req.resource_kinds is not None
            and r.kind not in req.resource_kinds
            and (internship or r.kind is not ResourceKind.INTERNSHIP_POST)
        ):
            reasons.append(f"is a {r.kind.value}")
        missing = [f for f in req.needs if f not in r.features]
        if missing:
            reasons.append(f"lacks {_names(missing)}")
        if r.open_to is not None:
            barred = sorted(insts - set(r.open_to) - {r.owner})
            if barred:
                reasons.append(f"is not open to {_names(barred)}")
        return reasons, len(missing)

    # ---------------------------------------------------------------- instructors

    def check_instructors(
        self, path: str, req: Request, report: Callable[[str, str], None], parts: int
    ) -> list[Instructor] | None:
        """Candidate instructors (``[]`` when none is needed); ``None`` after reporting
        that the request can never have one."""
        if not req.needs_instructor:
            return []
        skills = req.instructor_skills or []
        pool = list(self.s.instructors)
        among = ""
        if req.instructors is not None:
            if not req.instructors:
                report(path, "'instructors' is empty: no instructor may teach it")
                return None
            pool = [t for t in pool if t.id in req.instructors]
            among = f" among 'instructors' {_q(req.instructors)}"
        key = (tuple(skills), None if req.instructors is None else tuple(req.instructors))
        if key not in self._qualified:
            self._qualified[key] = [t for t in pool if set(skills) <= set(t.skills)]
        ok = list(self._qualified[key])
        if not ok:
            if not pool:
                report(path, f"an instructor is needed but the scenario has none{among}")
                return None
            scored = sorted(
                (len([s for s in skills if s not in t.skills]), k, t) for k, t in enumerate(pool)
            )
            closest = [
                f"'{t.id}' lacks {_names(s for s in skills if s not in t.skills)}"
                for n, _, t in scored
                if n == scored[0][0]
            ][:3]
            report(
                path,
                f"no instructor{among} has skills {_q(skills)}; closest: " + "; ".join(closest),
            )
            return None
        if len(ok) < parts:
            report(
                path,
                f"the cohort needs at least {parts} parallel parts (split) and so {parts} "
                f"instructors at once, but only {len(ok)} qualify "
                f"({_names(t.id for t in ok)})",
            )
            return None
        return ok

    # ---------------------------------------------------------------- times

    def resource_span(self, k: int, duration: int, guest: bool) -> np.ndarray:
        """Starts at which resource ``k`` is free of availability limits for the whole span;
        ``guest`` excludes its ``owner_windows`` (a session not entirely the owner's)."""
        key = (k, duration, guest)
        if key not in self._resource_spans:
            r = self.s.resources[k]
            ok = self.cal.span_ok(self.cal.window_mask(r.available) & self.open, duration)
            if guest and r.owner_windows is not None:
                ok &= self.cal.span_ok(~self.cal.window_mask(r.owner_windows), duration)
            self._resource_spans[key] = ok
        return self._resource_spans[key]

    def candidate_spans(
        self, cands: list[int], duration: int, insts: set[str]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Starts at which some candidate is free of availability limits for the whole span
        (``owner_windows`` excluded unless the session is entirely the owner's), and the
        same ignoring ``owner_windows`` (shared: do not change)."""
        key = (tuple(cands), duration, frozenset(insts))
        if key not in self._candidate_spans:
            ok = np.zeros(self.cal.n_slots, dtype=bool)
            without_owner_windows = np.zeros(self.cal.n_slots, dtype=bool)
            for k in cands:
                guest = insts != {self.s.resources[k].owner}
                ok |= self.resource_span(k, duration, guest)
                without_owner_windows |= self.resource_span(k, duration, False)
            self._candidate_spans[key] = (ok, without_owner_windows)
        return self._candidate_spans[key]

    def check_times(
        self,
        path: str,
        req: Request,
        cohorts: list[Cohort],
        cands: list[int],
        teachers: list[Instructor],
        report: Callable[[str, str], None],
    ) -> None:
        cal, dur = self.cal, req.duration
        session = f"{dur}-slot session" if dur > 1 else "session"
        if req.window == []:
            report(path, "'window' is empty: the request can never be placed")
            return
        base = cal.window_mask(req.window) & self.open
        if not cal.span_ok(base, dur).any():
            report(path, f"the window (without closed days) has no room for one {session}")
            return
        for c in cohorts:
            base = base & self.available(c)
            if not cal.span_ok(base, dur).any():
                who = "the other cohorts and " if len(cohorts) > 1 else ""
                report(
                    path,
                    f"cohort '{c.id}' is never available for a {session} inside "
                    f"{who}the window; widen the window or the cohort's 'available'",
                )
                return
        starts = cal.span_ok(base, dur)
        insts = {c.institution for c in cohorts}
        any_resource, any_without_owner_windows = self.candidate_spans(cands, dur, insts)
        allowed = starts & any_resource
        without_owner_windows = starts & any_without_owner_windows
        if not allowed.any():
            ids = _names(self.s.resources[k].id for k in cands)
            if without_owner_windows.any():
                report(
                    path,
                    f"the candidate resources ({ids}) are reserved for their owners "
                    "('owner_windows') at every time the window and the cohorts allow; "
                    "widen the window or narrow 'owner_windows'",
                )
            else:
                report(
                    path,
                    f"no candidate resource ({ids}) is available for a {session} at a time "
                    "the window and the cohorts allow",
                )
            return
        if teachers:
            free = self.instructors_span(teachers, dur)
            if not (allowed & free).any():
                report(
                    path,
                    f"no qualified instructor ({_names(t.id for t in teachers)}) is available "
                    "at a time the window, the cohorts and the resources allow",
                )
                return
            allowed &= free
        if self.check_count(path, req, allowed, report):
            self.session_starts[path] = allowed

    def check_count(
        self, path: str, req: Request, allowed: np.ndarray, report: Callable[[str, str], None]
    ) -> bool:
        """Upper bounds on how many sessions the allowed starts can ever hold; False after
        reporting that they are too few."""
        n = req.sessions or 0
        bound, why = self.session_bound(req, allowed)
        if bound < n:
            report(
                path,
                f"at most {bound} of the {_plural(n, 'session')} can ever be placed: {why} "
                f"(pattern '{req.pattern.value}', window, availability and closed days "
                "considered); lower 'sessions' or widen the window",
            )
            return False
        return True

    def session_bound(self, req: Request, allowed: np.ndarray) -> tuple[int, str]:
        """An upper bound on the sessions of ``req`` that starts ``allowed`` can hold in its
        pattern, with the reason in words."""
        cal, dur = self.cal, req.duration
        bounds: list[tuple[int, str]] = []
        if req.pattern is Pattern.WEEKLY:
            run = self.longest_weekly_run(allowed)
            bounds.append(
                (run, f"the longest run of consecutive weeks at one day and slot is {run}")
            )
        elif req.pattern is Pattern.BLOCK:
            run = self.longest_block_run(allowed)
            bounds.append((run, f"the longest run of consecutive open days with room is {run}"))
        else:
            a = max_disjoint_starts(allowed, dur)
            bounds.append((a, f"only {a} non-overlapping times exist"))
            if req.max_per_week is not None:
                per_week = allowed.reshape(cal.n_weeks, cal.slots_per_week)
                b = sum(min(max_disjoint_starts(w, dur), req.max_per_week) for w in per_week)
                bounds.append((b, f"max_per_week {req.max_per_week} allows at most {b}"))
            if req.min_days_apart > 0:
                c = self.spaced_days(allowed, req.min_days_apart)
                bounds.append((c, f"min_days_apart {req.min_days_apart} allows at most {c}"))
        return min(bounds, key=lambda b: b[0])

    def longest_weekly_run(self, allowed: np.ndarray) -> int:
        cal = self.cal
        grid = allowed.reshape(cal.n_weeks, cal.days_per_week, cal.slots_per_day)
        open_ = self.cal.open_day.reshape(cal.n_weeks, cal.days_per_week)[:, :, None]
        # At every (day, slot) at once: the run at week w counts the allowed open weeks
        # since the last open week that was not allowed. A closed pattern day neither
        # counts nor resets: it is skipped without breaking the run.
        count = np.cumsum(grid & open_, axis=0)
        reset = np.maximum.accumulate(np.where(open_ & ~grid, count, 0), axis=0)
        return int((count - reset).max(initial=0))

    def longest_block_run(self, allowed: np.ndarray) -> int:
        per_day = np.asarray(allowed.reshape(self.cal.n_days, self.cal.slots_per_day).any(axis=1))
        best = run = 0
        for day in range(self.cal.n_days):
            if not self.cal.open_day[day]:
                continue
            run = run + 1 if per_day[day] else 0
            best = max(best, run)
        return best

    def spaced_days(self, allowed: np.ndarray, gap: int) -> int:
        per_day = allowed.reshape(self.cal.n_days, self.cal.slots_per_day).any(axis=1)
        count, last = 0, None
        for day in np.flatnonzero(per_day):
            cd = self.cal.calendar_day(int(day))
            if last is None or cd - last >= gap:
                count += 1
                last = cd
        return count

    # ---------------------------------------------------------------- internships

    def check_internship(
        self,
        path: str,
        req: Request,
        posts: list[int],
        headcount: int,
        report: Callable[[str, str], None],
    ) -> None:
        res, cal = self.s.resources, self.cal
        room = {k: res[k].capacity + res[k].overflow for k in posts}
        total = sum(room.values())
        if total < headcount:
            listing = ", ".join(f"{res[k].id} {room[k]}" for k in posts)
            report(
                path,
                f"{headcount} interns exceed all candidate internship posts together "
                f"({total} places a week: {listing}); add posts or raise their capacity",
            )
            return
        weeks = req.weeks or 0
        if weeks > cal.n_weeks:
            report(path, f"{weeks} weeks of internship exceed the calendar's {cal.n_weeks} weeks")
            return
        if req.window == []:
            report(path, "'window' is empty: the internship can never be placed")
            return
        in_window = cal.week_mask(req.window)
        post_weeks = {k: cal.week_mask(res[k].available) for k in posts}
        window_runs = 0
        first_weeks = np.zeros(cal.n_weeks, dtype=bool)
        for w in range(cal.n_weeks - weeks + 1):
            if not in_window[w : w + weeks].all():
                continue
            window_runs += 1
            places = sum(room[k] for k in posts if post_weeks[k][w : w + weeks].all())
            first_weeks[w] = places >= headcount
        if first_weeks.any():
            self.internship_weeks[path] = first_weeks
        elif not window_runs:
            report(path, f"no run of {weeks} consecutive weeks lies inside the window")
        else:
            report(
                path,
                f"in no run of {weeks} consecutive weeks inside the window are enough "
                f"candidate posts available for {headcount} interns (posts' 'available' is "
                "read by week)",
            )
