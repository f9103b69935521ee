"""Incremental occupancy of a schedule under construction, in NumPy arrays.

The greedy baseline, the unmet explanations and the mid-term insertion all ask the
same two questions many times: *could this session (or internship) go here?* and,
when not, *which hard rule of docs/rules.md blocks it?* This module answers both
against the sessions and placements applied so far, and supports removing them
again, so that a request can be re-tested alone against a finished schedule.

State, all indexed like :class:`~scheduler.problem.Problem`:

- per resource and slot: people present, number of session parts (exclusive use);
  per internship post and week: interns;
- per cohort and slot: busy; per cohort and week: internship weeks and sessions;
- per instructor and slot: busy; per instructor and week: slots taught;
- per cohort / instructor and day: the visits (span and sites) for travel checks;
- per request: its scheduled sessions and placements, for patterns and precedence.

Which of these another request's usage is loaded into is chosen per family
(:data:`ALL_FAMILIES`), so that explanations can switch rule families on one by one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from scheduler.problem import (
    CInternship,
    CSessionRequest,
    PartAssignment,
    PlacementAssignment,
    Problem,
    SessionAssignment,
    Solution,
)

# Families of occupancy another request's usage is recorded in.
RESOURCE = "resource"
COHORT = "cohort"
INSTRUCTOR = "instructor"
TRAVEL = "travel"
ALL_FAMILIES: frozenset[str] = frozenset({RESOURCE, COHORT, INSTRUCTOR, TRAVEL})

# Codes :meth:`Occupancy.check_session` reports, in the order of docs/reasons.md.
BLOCK_ORDER = (
    "no_resource",
    "window",
    "precedence",
    "conflict",
    "capacity",
    "instructor",
    "travel",
    "pattern",
    "parts",
)

_NO_LIMIT = np.iinfo(np.int32).max // 2


@dataclass(frozen=True, slots=True)
class Rules:
    """Which rule families a search enforces (explanations relax them one at a time)."""

    precedence: bool = True
    instructors: bool = True
    travel: bool = True
    pattern: bool = True


FULL_RULES = Rules()


@dataclass(frozen=True, slots=True)
class Visit:
    """One session of a cohort or instructor on one day: slots ``[first, end)`` at ``sites``."""

    first: int
    end: int
    sites: tuple[int, ...]
    request: int
    index: int


@dataclass(frozen=True, slots=True)
class StartMasks:
    """Vectorised candidate starts of one session request against the current state.

    ``single[k, t]``: candidate ``resources[k]`` can host the whole headcount from ``t``
    (window, availability, exclusive use and capacity over the span) and the cohorts are
    free and precedence allows ``t``. ``free[k, t]``: people ``resources[k]`` can still
    take over the whole span (0 where it may not be used). ``any_start[t]``: some single
    resource or (with ``split``) the candidates together can take the headcount, and a
    qualified instructor is free (ignoring travel); exact checks come after.
    ``instructors[j, t]``: candidate instructor ``req.instructors[j]`` is available, free
    and under the weekly load from ``t`` (None when no instructor is needed). Masks only
    ever shrink as sessions are added, so a stale mask is a superset: exact checks follow.
    """

    single: np.ndarray
    free: np.ndarray
    free_within_capacity: np.ndarray
    any_start: np.ndarray
    instructors: np.ndarray | None = None


def _mark_who(
    who: np.ndarray,
    rows: np.ndarray,
    starts: np.ndarray,
    durations: np.ndarray,
    requests: np.ndarray,
) -> None:
    """``who[row, start + k] = request`` for each session row, offset by offset."""
    for k in range(int(durations.max())):
        m = durations > k
        who[rows[m], starts[m] + k] = requests[m]


def span_all(mask: np.ndarray, duration: int) -> np.ndarray:
    """``out[..., t] = mask[..., t] & ... & mask[..., t + duration - 1]`` (False past the end)."""
    out = mask.copy()
    for k in range(1, duration):
        out[..., :-k] &= mask[..., k:]
        out[..., -k:] = False
    return out


def span_min(values: np.ndarray, duration: int) -> np.ndarray:
    """``out[..., t] = min(values[..., t : t + duration])`` (0 past the end)."""
    out = values.copy()
    for k in range(1, duration):
        np.minimum(out[..., :-k], values[..., k:], out=out[..., :-k])
        out[..., -k:] = 0
    return out


class Occupancy:
    """What a (partial) schedule occupies; test, apply and remove sessions and placements."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        cal = problem.calendar
        self.cal = cal
        self.spd = cal.slots_per_day
        self.spw = cal.slots_per_week
        self.n_slots = cal.n_slots
        self.n_weeks = cal.n_weeks
        n_res, n_coh, n_ins = len(problem.resources), len(problem.cohorts), len(problem.instructors)
        res = problem.resources
        self.res_capacity = np.array([r.capacity for r in res], dtype=np.int64)
        self.res_limit = np.array([r.capacity + r.overflow for r in res], dtype=np.int64)
        self.res_exclusive = np.array([not r.shareable for r in res], dtype=bool)
        self.res_site = [r.site for r in res]
        self.res_people = np.zeros((n_res, self.n_slots), dtype=np.int64)
        self.res_parts = np.zeros((n_res, self.n_slots), dtype=np.int32)
        # People each resource can still take per slot (0 while an exclusive one is in
        # use), with overflow and within capacity; kept in step with the two above.
        self.res_room = np.repeat(self.res_limit[:, None], self.n_slots, axis=1)
        self.res_room_cap = np.repeat(self.res_capacity[:, None], self.n_slots, axis=1)
        self.res_who = np.full((n_res, self.n_slots), -1, dtype=np.int32)
        self.post_interns = np.zeros((n_res, self.n_weeks), dtype=np.int64)
        self.post_who = np.full((n_res, self.n_weeks), -1, dtype=np.int32)
        self.cohort_busy = np.zeros((n_coh, self.n_slots), dtype=np.int32)
        self.cohort_who = np.full((n_coh, self.n_slots), -1, dtype=np.int32)
        self.cohort_intern = np.zeros((n_coh, self.n_weeks), dtype=np.int32)
        self.cohort_intern_who = np.full((n_coh, self.n_weeks), -1, dtype=np.int32)
        self.cohort_week_sessions = np.zeros((n_coh, self.n_weeks), dtype=np.int32)
        self.instr_busy = np.zeros((n_ins, self.n_slots), dtype=np.int32)
        self.instr_load = np.zeros((n_ins, self.n_weeks), dtype=np.int64)
        self.instr_max = np.array(
            [
                t.max_slots_per_week if t.max_slots_per_week is not None else _NO_LIMIT
                for t in problem.instructors
            ],
            dtype=np.int64,
        )
        self.instr_available = (
            np.array([t.available for t in problem.instructors], dtype=bool)
            if n_ins
            else np.zeros((0, self.n_slots), dtype=bool)
        )
        self.cohort_visits: list[dict[int, list[Visit]]] = [{} for _ in range(n_coh)]
        self.instr_visits: list[dict[int, list[Visit]]] = [{} for _ in range(n_ins)]
        self.sessions: dict[int, dict[int, SessionAssignment]] = {}
        self.placements: dict[int, list[PlacementAssignment]] = {}
        self._span: dict[int, tuple[int, int]] = {}
        self.successors: list[list[int]] = [[] for _ in problem.requests]
        for r in problem.requests:
            for p in r.after:
                self.successors[p].append(r.index)
        self.travel = problem.travel.tolist()
        self.slot_minute = list(cal.slot_start_minutes)
        self.open_days = np.flatnonzero(cal.open_day)
        #: Families other requests' usage was loaded into (see :meth:`restricted`).
        self.families: frozenset[str] = ALL_FAMILIES

    # ------------------------------------------------------------------ loading

    @classmethod
    def from_solution(
        cls,
        problem: Problem,
        solution: Solution,
        *,
        exclude: Iterable[int] = (),
        families: frozenset[str] = ALL_FAMILIES,
    ) -> Occupancy:
        """Occupancy of ``solution`` without the requests in ``exclude``.

        ``families`` chooses which occupancy the loaded usage is recorded in; the
        per-request lists (patterns, precedence) are always kept.
        """
        occ = cls(problem)
        skip = set(exclude)
        occ.families = families
        occ.load_sessions([s for s in solution.sessions if s.request not in skip], families)
        for p in solution.placements:
            if p.request not in skip:
                occ.apply_placement(p, families)
        return occ

    def load_sessions(
        self, sessions: Sequence[SessionAssignment], families: frozenset[str] = ALL_FAMILIES
    ) -> None:
        """Apply many sessions at once: the arrays are filled with a few ``np.add.at`` calls.

        Same effect as :meth:`apply_session` on each; used to rebuild a published schedule
        fast (mid-term insertion must answer in well under a second).
        """
        reqs = self.problem.requests
        res_rows: list[tuple[int, int, int, int, int]] = []  # resource, start, dur, heads, req
        coh_rows: list[tuple[int, int, int, int]] = []  # cohort, start, dur, req
        ins_rows: list[tuple[int, int, int]] = []  # instructor, start, dur
        for s in sessions:
            req = reqs[s.request]
            assert isinstance(req, CSessionRequest)
            dur = req.duration
            self.sessions.setdefault(s.request, {})[s.index] = s
            span = self._span.get(s.request)
            end = s.start + dur
            self._span[s.request] = (
                (s.start, end) if span is None else (min(span[0], s.start), max(span[1], end))
            )
            day = s.start // self.spd
            sites = tuple(dict.fromkeys(self.res_site[p.resource] for p in s.parts))
            for p in s.parts:
                res_rows.append((p.resource, s.start, dur, p.headcount, s.request))
                if p.instructor is not None:
                    ins_rows.append((p.instructor, s.start, dur))
                    if TRAVEL in families:
                        visit = Visit(
                            s.start, end, (self.res_site[p.resource],), s.request, s.index
                        )
                        self.instr_visits[p.instructor].setdefault(day, []).append(visit)
            for c in req.cohorts:
                coh_rows.append((c, s.start, dur, s.request))
                if TRAVEL in families:
                    visit = Visit(s.start, end, sites, s.request, s.index)
                    self.cohort_visits[c].setdefault(day, []).append(visit)
        if RESOURCE in families and res_rows:
            r, t, d, h, q = (np.array(x, dtype=np.int64) for x in zip(*res_rows, strict=True))
            for k in range(int(d.max())):
                m = d > k
                np.add.at(self.res_people, (r[m], t[m] + k), h[m])
                np.add.at(self.res_parts, (r[m], t[m] + k), 1)
            _mark_who(self.res_who, r, t, d, q)
            for row in np.unique(r):
                self._refresh_room(int(row), 0, self.n_slots)
        if COHORT in families and coh_rows:
            cc, ct, cd, cq = (np.array(x, dtype=np.int64) for x in zip(*coh_rows, strict=True))
            np.add.at(self.cohort_week_sessions, (cc, ct // self.spw), 1)
            for k in range(int(cd.max())):
                m = cd > k
                np.add.at(self.cohort_busy, (cc[m], ct[m] + k), 1)
            _mark_who(self.cohort_who, cc, ct, cd, cq)
        if INSTRUCTOR in families and ins_rows:
            i, t, d = (np.array(x, dtype=np.int64) for x in zip(*ins_rows, strict=True))
            np.add.at(self.instr_load, (i, t // self.spw), d)
            for k in range(int(d.max())):
                m = d > k
                np.add.at(self.instr_busy, (i[m], t[m] + k), 1)

    def load_more_sessions(
        self, loaded: Sequence[SessionAssignment], sessions: Sequence[SessionAssignment]
    ) -> None:
        """Add ``sessions`` to an occupancy :meth:`from_solution` filled with ``loaded``.

        The result equals loading ``[*loaded, *sessions]`` at once, array for array: the
        sums do not depend on the order, and the rows of ``res_who`` / ``cohort_who`` that
        ``sessions`` touch are marked again from every session on them, in that order.
        A published schedule's occupancy thus grows with each granted extra request
        instead of being rebuilt from all published sessions.
        """
        self.load_sessions(sessions, self.families)
        reqs = self.problem.requests
        rows = {p.resource for s in sessions for p in s.parts}
        cohorts = {c for s in sessions for c in reqs[s.request].cohorts}
        res_rows: list[tuple[int, int, int, int]] = []  # resource, start, dur, req
        coh_rows: list[tuple[int, int, int, int]] = []  # cohort, start, dur, req
        for s in (*loaded, *sessions):
            req = reqs[s.request]
            dur = req.duration  # type: ignore[union-attr]
            res_rows += [
                (p.resource, s.start, dur, s.request) for p in s.parts if p.resource in rows
            ]
            coh_rows += [(c, s.start, dur, s.request) for c in req.cohorts if c in cohorts]
        for arr, marks, family in (
            (self.res_who, res_rows, RESOURCE),
            (self.cohort_who, coh_rows, COHORT),
        ):
            if family in self.families and marks:
                r, t, d, q = (np.array(x, dtype=np.int64) for x in zip(*marks, strict=True))
                arr[np.unique(r)] = -1
                _mark_who(arr, r, t, d, q)

    def extended(self, problem: Problem) -> Occupancy:
        """This occupancy for ``problem``: its problem with requests appended, to try them.

        The appended requests have nothing scheduled; their ``after`` links are added.
        Only sessions and placements of the appended requests may then be applied to or
        removed from the result: the arrays are copied, but of the per-cohort and
        per-instructor visits only the rows those requests can touch (their cohorts and
        candidate instructors) are, and the per-request lists are shared with this
        occupancy, which stays as it was. A published schedule's occupancy is built once
        and extended for each extra request; copying every visit list each time would
        cost more than the answer.
        """
        own = self.problem.requests
        same = (
            len(problem.requests) >= len(own)
            and all(a is b for a, b in zip(problem.requests, own, strict=False))
            and problem.resources is self.problem.resources
            and problem.cohorts is self.problem.cohorts
            and problem.instructors is self.problem.instructors
        )
        if not same:
            raise ValueError("extended: the problem must extend the occupancy's problem")
        new = problem.requests[len(own) :]
        occ = Occupancy.__new__(Occupancy)
        occ.__dict__.update(
            {k: v.copy() if isinstance(v, np.ndarray) else v for k, v in self.__dict__.items()}
        )
        occ.problem = problem
        occ.cohort_visits = list(self.cohort_visits)
        occ.instr_visits = list(self.instr_visits)
        for r in new:
            for c in r.cohorts:
                occ.cohort_visits[c] = {d: list(v) for d, v in self.cohort_visits[c].items()}
            if isinstance(r, CSessionRequest):
                for i in r.instructors.tolist():
                    occ.instr_visits[i] = {d: list(v) for d, v in self.instr_visits[i].items()}
        occ.sessions = dict(self.sessions)
        occ.placements = dict(self.placements)
        occ._span = dict(self._span)
        occ.successors = [*self.successors, *([] for _ in new)]
        for r in new:
            for p in r.after:
                occ.successors[p] = [*occ.successors[p], r.index]
        return occ

    def restricted(self, families: frozenset[str]) -> Occupancy:
        """A copy keeping only ``families`` of the usage recorded so far.

        Explanations switch rule families on one at a time; each stage re-tests a
        request against such a copy (per-request lists are always kept).
        """
        occ = Occupancy.__new__(Occupancy)
        occ.__dict__.update(self.__dict__)
        fresh = Occupancy(self.problem)
        keep = {
            RESOURCE: (
                "res_people",
                "res_parts",
                "res_room",
                "res_room_cap",
                "res_who",
                "post_interns",
                "post_who",
            ),
            COHORT: (
                "cohort_busy",
                "cohort_who",
                "cohort_intern",
                "cohort_intern_who",
                "cohort_week_sessions",
            ),
            INSTRUCTOR: ("instr_busy", "instr_load"),
        }
        for family, names in keep.items():
            for name in names:
                src = self if family in families else fresh
                setattr(occ, name, getattr(src, name).copy())
        if TRAVEL in families:
            occ.cohort_visits = [{d: list(v) for d, v in x.items()} for x in self.cohort_visits]
            occ.instr_visits = [{d: list(v) for d, v in x.items()} for x in self.instr_visits]
        else:
            occ.cohort_visits = fresh.cohort_visits
            occ.instr_visits = fresh.instr_visits
        occ.sessions = {r: dict(v) for r, v in self.sessions.items()}
        occ.placements = {r: list(v) for r, v in self.placements.items()}
        occ._span = dict(self._span)
        occ.families = families & self.families
        return occ

    def solution_sessions(self) -> list[SessionAssignment]:
        return [s for by_index in self.sessions.values() for s in by_index.values()]

    def solution_placements(self) -> list[PlacementAssignment]:
        return [p for ps in self.placements.values() for p in ps]

    # ------------------------------------------------------------------ requests

    def session_request(self, request: int) -> CSessionRequest:
        req = self.problem.requests[request]
        assert isinstance(req, CSessionRequest)
        return req

    def span_of(self, request: int) -> tuple[int, int] | None:
        """(first slot, end slot) of everything scheduled for ``request``, or None."""
        return self._span.get(request)

    def _recompute_span(self, request: int) -> None:
        lo, hi = _NO_LIMIT, -1
        req = self.problem.requests[request]
        for s in self.sessions.get(request, {}).values():
            lo = min(lo, s.start)
            hi = max(hi, s.start + req.duration)  # type: ignore[union-attr]
        for p in self.placements.get(request, []):
            lo = min(lo, p.first_week * self.spw)
            hi = max(hi, (p.first_week + p.weeks) * self.spw)
        if hi < 0:
            self._span.pop(request, None)
        else:
            self._span[request] = (lo, hi)

    def precedence_bounds(self, request: int) -> tuple[int, int]:
        """(earliest start, latest end) that ``after`` relations in both directions allow."""
        req = self.problem.requests[request]
        lo, hi = 0, self.n_slots
        for p in req.after:
            span = self._span.get(p)
            if span is not None:
                lo = max(lo, span[1])
        for s in self.successors[request]:
            span = self._span.get(s)
            if span is not None:
                hi = min(hi, span[0])
        return lo, hi

    def count(self, request: int) -> int:
        return len(self.sessions.get(request, {}))

    def next_index(self, request: int) -> int:
        """Smallest session number (1-based) of ``request`` not yet used."""
        used = self.sessions.get(request, {})
        i = 1
        while i in used:
            i += 1
        return i

    # ------------------------------------------------------------------ apply / remove

    def apply_session(self, s: SessionAssignment, families: frozenset[str] = ALL_FAMILIES) -> None:
        self._session(s, +1, families)
        self.sessions.setdefault(s.request, {})[s.index] = s
        span = self._span.get(s.request)
        dur = self.session_request(s.request).duration
        if span is None:
            self._span[s.request] = (s.start, s.start + dur)
        else:
            self._span[s.request] = (min(span[0], s.start), max(span[1], s.start + dur))

    def remove_session(self, s: SessionAssignment, families: frozenset[str] = ALL_FAMILIES) -> None:
        self._session(s, -1, families)
        by_index = self.sessions.get(s.request, {})
        by_index.pop(s.index, None)
        if not by_index:
            self.sessions.pop(s.request, None)
        self._recompute_span(s.request)

    def _session(self, s: SessionAssignment, sign: int, families: frozenset[str]) -> None:
        req = self.session_request(s.request)
        a, b = s.start, s.start + req.duration
        week = a // self.spw
        day = a // self.spd
        who = s.request if sign > 0 else -1
        if RESOURCE in families:
            for p in s.parts:
                self.res_people[p.resource, a:b] += sign * p.headcount
                self.res_parts[p.resource, a:b] += sign
                self._refresh_room(p.resource, a, b)
                self._who(self.res_who, p.resource, a, b, s.request, who)
        sites = tuple(dict.fromkeys(self.res_site[p.resource] for p in s.parts))
        for c in req.cohorts:
            if COHORT in families:
                self.cohort_busy[c, a:b] += sign
                self.cohort_week_sessions[c, week] += sign
                self._who(self.cohort_who, c, a, b, s.request, who)
            if TRAVEL in families:
                self._visit(
                    self.cohort_visits[c], day, Visit(a, b, sites, s.request, s.index), sign
                )
        for p in s.parts:
            if p.instructor is None:
                continue
            if INSTRUCTOR in families:
                self.instr_busy[p.instructor, a:b] += sign
                self.instr_load[p.instructor, week] += sign * (b - a)
            if TRAVEL in families:
                visit = Visit(a, b, (self.res_site[p.resource],), s.request, s.index)
                self._visit(self.instr_visits[p.instructor], day, visit, sign)

    def _refresh_room(self, r: int, a: int, b: int) -> None:
        if self.res_exclusive[r]:
            # one part at a time: either in use (no room) or empty (full room)
            used = self.res_parts[r, a:b] > 0
            if used.all():
                self.res_room[r, a:b] = 0
                self.res_room_cap[r, a:b] = 0
                return
        people = self.res_people[r, a:b]
        blocked = (self.res_parts[r, a:b] > 0) & self.res_exclusive[r]
        self.res_room[r, a:b] = np.where(blocked, 0, np.maximum(self.res_limit[r] - people, 0))
        self.res_room_cap[r, a:b] = np.where(
            blocked, 0, np.maximum(self.res_capacity[r] - people, 0)
        )

    @staticmethod
    def _who(arr: np.ndarray, row: int, a: int, b: int, request: int, who: int) -> None:
        if who >= 0:
            arr[row, a:b] = who
        else:
            seg = arr[row, a:b]
            seg[seg == request] = -1

    @staticmethod
    def _visit(by_day: dict[int, list[Visit]], day: int, visit: Visit, sign: int) -> None:
        if sign > 0:
            by_day.setdefault(day, []).append(visit)
            return
        visits = by_day.get(day, [])
        for i, v in enumerate(visits):
            if v == visit:
                del visits[i]
                break
        if not visits:
            by_day.pop(day, None)

    def apply_placement(
        self, p: PlacementAssignment, families: frozenset[str] = ALL_FAMILIES
    ) -> None:
        self._placement(p, +1, families)
        self.placements.setdefault(p.request, []).append(p)
        self._recompute_span(p.request)

    def remove_placement(
        self, p: PlacementAssignment, families: frozenset[str] = ALL_FAMILIES
    ) -> None:
        self._placement(p, -1, families)
        ps = self.placements.get(p.request, [])
        if p in ps:
            ps.remove(p)
        if not ps:
            self.placements.pop(p.request, None)
        self._recompute_span(p.request)

    def _placement(self, p: PlacementAssignment, sign: int, families: frozenset[str]) -> None:
        a, b = p.first_week, p.first_week + p.weeks
        if RESOURCE in families:
            self.post_interns[p.resource, a:b] += sign * p.headcount
            self._who(self.post_who, p.resource, a, b, p.request, p.request if sign > 0 else -1)
        if COHORT in families:
            # One internship occupies its cohorts once however many posts it uses.
            first = (
                not self.placements.get(p.request)
                if sign > 0
                else (len(self.placements.get(p.request, [])) == 1)
            )
            if first:
                req = self.problem.requests[p.request]
                for c in req.cohorts:
                    self.cohort_intern[c, a:b] += sign
                    who = p.request if sign > 0 else -1
                    self._who(self.cohort_intern_who, c, a, b, p.request, who)

    # ------------------------------------------------------------------ vectorised scans

    def cohort_free(self, req: CSessionRequest) -> np.ndarray:
        """bool (n_slots,): starts where every cohort of ``req`` is free over the span."""
        free = np.ones(self.n_slots, dtype=bool)
        for c in req.cohorts:
            free &= self.cohort_busy[c] == 0
            free &= np.repeat(self.cohort_intern[c] == 0, self.spw)
        return span_all(free, req.duration)

    def precedence_mask(self, req: CSessionRequest) -> np.ndarray:
        lo, hi = self.precedence_bounds(req.index)
        t = np.arange(self.n_slots)
        return (t >= lo) & (t + req.duration <= hi)

    def instructor_free(self, req: CSessionRequest) -> np.ndarray:
        """bool (n_cand_instructors, n_slots): available, free and under the weekly load."""
        dur = req.duration
        ins = req.instructors
        if len(ins) == 0:
            return np.zeros((0, self.n_slots), dtype=bool)
        ok = span_all(self.instr_available[ins] & (self.instr_busy[ins] == 0), dur)
        load_ok = self.instr_load[ins] + dur <= self.instr_max[ins][:, None]
        return ok & np.repeat(load_ok, self.spw, axis=1)

    def resource_free(
        self, req: CSessionRequest, where: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """int (n_cand, n_slots) x2: people each candidate can still take over the span,
        with overflow and within capacity (0 where exclusive use or availability forbid).

        With ``where`` (bool (n_slots,)) only those starts are computed (0 elsewhere):
        the starts the cohorts and the window allow are usually a small part.
        """
        cand = req.resources
        dur = req.duration
        idx = np.arange(self.n_slots) if where is None else np.flatnonzero(where)
        free = np.zeros((len(cand), self.n_slots), dtype=self.res_room.dtype)
        free_cap = np.zeros_like(free)
        if len(idx) == 0 or len(cand) == 0:
            return free, free_cap
        idx = idx[idx + dur <= self.n_slots]
        rows = cand[:, None]
        room = self.res_room[rows, idx]
        room_cap = self.res_room_cap[rows, idx]
        for k in range(1, dur):
            np.minimum(room, self.res_room[rows, idx + k], out=room)
            np.minimum(room_cap, self.res_room_cap[rows, idx + k], out=room_cap)
        allowed = req.resource_starts[:, idx]
        free[:, idx] = np.where(allowed, room, 0)
        free_cap[:, idx] = np.where(allowed, room_cap, 0)
        return free, free_cap

    def start_masks(self, req: CSessionRequest, rules: Rules = FULL_RULES) -> StartMasks:
        base = req.starts & self.cohort_free(req)
        if rules.precedence:
            base &= self.precedence_mask(req)
        instructors = None
        if rules.instructors and req.needs_instructor:
            instructors = self.instructor_free(req)
            base &= instructors.any(axis=0)
        free, free_cap = self.resource_free(req, base)
        single = (free >= req.headcount) & base[None, :]
        any_start = single.any(axis=0)
        if req.split:
            any_start |= base & (free.sum(axis=0) >= req.headcount)
        return StartMasks(single, free, free_cap, any_start, instructors)

    # ------------------------------------------------------------------ exact checks

    def travel_ok(
        self, visits: Sequence[Visit] | None, first: int, end: int, sites: Sequence[int]
    ) -> bool:
        """Travel rule (docs/rules.md 9) between slots ``[first, end)`` at ``sites`` and visits."""
        if not visits:
            return True
        m, sm, spd = self.slot_minute, self.cal.slot_minutes, self.spd
        for v in visits:
            if v.end <= first:
                gap = m[first % spd] - (m[(v.end - 1) % spd] + sm)
            elif end <= v.first:
                gap = m[v.first % spd] - (m[(end - 1) % spd] + sm)
            else:
                continue  # overlap: a busy conflict, not travel
            need = max(self.travel[a][b] for a in sites for b in v.sites)
            if gap < need:
                return False
        return True

    def cohort_travel_ok(self, req: CSessionRequest, t: int, sites: Sequence[int]) -> bool:
        day = t // self.spd
        end = t + req.duration
        return all(
            self.travel_ok(self.cohort_visits[c].get(day), t, end, sites) for c in req.cohorts
        )

    def instructor_ok(
        self, req: CSessionRequest, t: int, instructor: int, site: int, travel: bool = True
    ) -> bool:
        """Can ``instructor`` teach a part of ``req`` at ``site`` from ``t``?"""
        a, b = t, t + req.duration
        if not self.instr_available[instructor, a:b].all():
            return False
        if self.instr_busy[instructor, a:b].any():
            return False
        if self.instr_load[instructor, a // self.spw] + (b - a) > self.instr_max[instructor]:
            return False
        if travel:
            visits = self.instr_visits[instructor].get(a // self.spd)
            if not self.travel_ok(visits, a, b, (site,)):
                return False
        return True

    def pick_instructor(
        self,
        req: CSessionRequest,
        t: int,
        site: int,
        exclude: Sequence[int],
        rules: Rules,
        candidates: Sequence[int] | None = None,
    ) -> int | None:
        """First qualified candidate (scenario order) free to teach at ``site`` from ``t``.

        ``candidates`` narrows the search to instructors a mask already found free.
        """
        for i in req.instructors if candidates is None else candidates:
            i = int(i)
            if i in exclude:
                continue
            if self.instructor_ok(req, t, i, site, rules.travel):
                return i
        return None

    def assign_at(
        self,
        req: CSessionRequest,
        t: int,
        masks: StartMasks,
        rules: Rules = FULL_RULES,
        prefer: Sequence[int] = (),
    ) -> tuple[PartAssignment, ...] | None:
        """Parts for a session of ``req`` starting at ``t``, or None.

        One resource holding everyone is tried first: the request's resources in
        ``prefer`` order, then candidates within capacity, then the rest, each in scenario
        order. With ``split`` and no single resource, the largest free candidates are
        filled. The masks have already settled window, cohorts, precedence, exclusive use
        and capacity; here instructors and travel are checked exactly.
        """
        teachers: list[int] | None = None
        if rules.instructors and req.needs_instructor:
            if masks.instructors is not None:
                teachers = [int(i) for i in req.instructors[masks.instructors[:, t]]]
            else:
                teachers = [int(i) for i in req.instructors]
            if not teachers:
                return None
        ks = np.flatnonzero(masks.single[:, t])
        if len(ks):
            order = self._resource_order(req, ks, t, masks, prefer)
            by_site: dict[int, tuple[bool, int | None]] = {}
            for k in order:
                r = int(req.resources[k])
                site = self.res_site[r]
                if site not in by_site:
                    ok = not rules.travel or self.cohort_travel_ok(req, t, (site,))
                    instr = None
                    if ok and teachers is not None:
                        instr = self.pick_instructor(req, t, site, (), rules, teachers)
                        ok = instr is not None
                    by_site[site] = (ok, instr)
                ok, instr = by_site[site]
                if ok:
                    return (PartAssignment(r, req.headcount, instr),)
        if not req.split:
            return None
        return self._split_at(req, t, masks, rules, teachers)

    @staticmethod
    def _resource_order(
        req: CSessionRequest, ks: np.ndarray, t: int, masks: StartMasks, prefer: Sequence[int]
    ) -> list[int]:
        """Candidates in ``prefer`` order, then within capacity, then the rest (by index)."""
        first: list[int] = []
        if prefer:
            pos = {int(r): n for n, r in enumerate(prefer)}
            chosen = [int(k) for k in ks if int(req.resources[k]) in pos]
            first = sorted(chosen, key=lambda k: pos[int(req.resources[k])])
            if first:
                taken = set(first)
                ks = np.array([k for k in ks.tolist() if k not in taken], dtype=np.int64)
        within = masks.free_within_capacity[ks, t] >= req.headcount
        return first + ks[within].tolist() + ks[~within].tolist()

    def _split_at(
        self,
        req: CSessionRequest,
        t: int,
        masks: StartMasks,
        rules: Rules,
        teachers: list[int] | None,
    ) -> tuple[PartAssignment, ...] | None:
        free = masks.free[:, t]
        if free.sum() < req.headcount:
            return None
        cap = masks.free_within_capacity[:, t]
        order = sorted(np.flatnonzero(free > 0).tolist(), key=lambda k: (-cap[k], -free[k], k))
        take: dict[int, int] = {}
        left = req.headcount
        for k in order:  # within capacity first
            if left == 0:
                break
            n = min(left, int(cap[k]))
            if n > 0:
                take[k] = n
                left -= n
        for k in order:  # then overflow where tolerated
            if left == 0:
                break
            n = min(left, int(free[k]) - take.get(k, 0))
            if n > 0:
                take[k] = take.get(k, 0) + n
                left -= n
        if left > 0:
            return None
        ks = [k for k in order if k in take]
        if teachers is not None and len(teachers) < len(ks):
            return None
        sites = tuple(dict.fromkeys(self.res_site[int(req.resources[k])] for k in ks))
        if rules.travel and not self.cohort_travel_ok(req, t, sites):
            return None
        parts = []
        used: list[int] = []
        for k in ks:
            r = int(req.resources[k])
            instr = None
            if teachers is not None:
                instr = self.pick_instructor(req, t, self.res_site[r], used, rules, teachers)
                if instr is None:
                    return None
                used.append(instr)
            parts.append(PartAssignment(r, take[k], instr))
        return tuple(parts)

    # ------------------------------------------------------------------ pattern rules

    def pattern_ok(self, req: CSessionRequest, t: int) -> bool:
        """May one more session of ``req`` start at ``t`` next to its scheduled ones?"""
        own = self.sessions.get(req.index)
        if not own:
            return True
        starts = sorted(s.start for s in own.values())
        if req.pattern == "weekly":
            return t in self.weekly_extensions(req, starts)
        if req.pattern == "block":
            return t // self.spd in self.block_extensions(starts)
        week = t // self.spw
        if req.max_per_week is not None:
            in_week = sum(1 for s in starts if s // self.spw == week)
            if in_week >= req.max_per_week:
                return False
        if req.min_days_apart > 0:
            cd = self.cal.calendar_day(t // self.spd)
            for s in starts:
                if abs(self.cal.calendar_day(s // self.spd) - cd) < req.min_days_apart:
                    return False
        return True

    def weekly_step(self, t: int, direction: int) -> int | None:
        """Same day and slot in the next (previous) week whose day is open, or None."""
        day = t // self.spd
        while True:
            t += direction * self.spw
            day += direction * self.cal.days_per_week
            if t < 0 or t >= self.n_slots:
                return None
            if self.cal.open_day[day]:
                return t

    def weekly_extensions(self, req: CSessionRequest, starts: Sequence[int]) -> set[int]:
        first, last = starts[0], starts[-1]
        out = set()
        for t, d in ((first, -1), (last, +1)):
            nxt = self.weekly_step(t, d)
            if nxt is not None:
                out.add(nxt)
        return out

    def block_extensions(self, starts: Sequence[int]) -> set[int]:
        days = self.open_days
        pos = np.searchsorted(days, [starts[0] // self.spd, starts[-1] // self.spd])
        out = set()
        if pos[0] > 0:
            out.add(int(days[pos[0] - 1]))
        if pos[1] + 1 < len(days):
            out.add(int(days[pos[1] + 1]))
        return out

    # ------------------------------------------------------------------ full check

    def check_session(
        self, request: int, t: int, parts: Sequence[PartAssignment], rules: Rules = FULL_RULES
    ) -> list[str]:
        """Every rule family that forbids adding this session now (empty list: allowed).

        Codes follow docs/reasons.md (plus ``parts`` for a malformed split); used to say
        *why* a candidate fails, so it checks everything rather than stopping early.
        """
        req = self.session_request(request)
        dur = req.duration
        a, b = t, t + dur
        out: list[str] = []
        cand = {int(r): k for k, r in enumerate(req.resources)}
        match = set(req.matching.tolist())
        if not parts or any(p.resource not in match for p in parts):
            out.append("no_resource")
        if (
            not (0 <= t < self.n_slots)
            or not req.starts[t]
            or any(
                p.resource in match
                and (p.resource not in cand or not req.resource_starts[cand[p.resource], t])
                for p in parts
            )
        ):
            out.append("window")
        if not (0 <= t < self.n_slots):
            return out
        if rules.precedence:
            lo, hi = self.precedence_bounds(request)
            if t < lo or b > hi:
                out.append("precedence")
        week = t // self.spw
        if any(self.cohort_busy[c, a:b].any() or self.cohort_intern[c, week] for c in req.cohorts):
            out.append("conflict")
        for p in parts:
            if self.res_exclusive[p.resource] and self.res_parts[p.resource, a:b].any():
                out.append("capacity")
                break
            if (self.res_people[p.resource, a:b] + p.headcount > self.res_limit[p.resource]).any():
                out.append("capacity")
                break
        instr = [p.instructor for p in parts if p.instructor is not None]
        if rules.instructors and req.needs_instructor:
            allowed = set(req.instructors.tolist())
            if (
                len(instr) != len(parts)
                or len(set(instr)) != len(instr)
                or any(i not in allowed for i in instr)
                or any(
                    not self.instructor_ok(req, t, p.instructor, self.res_site[p.resource], False)
                    for p in parts
                    if p.instructor is not None
                )
            ):
                out.append("instructor")
        if rules.travel:
            sites = tuple(dict.fromkeys(self.res_site[p.resource] for p in parts))
            bad = not self.cohort_travel_ok(req, t, sites) or any(
                not self.travel_ok(
                    self.instr_visits[p.instructor].get(t // self.spd),
                    a,
                    b,
                    (self.res_site[p.resource],),
                )
                for p in parts
                if p.instructor is not None
            )
            if bad:
                out.append("travel")
        if rules.pattern and not self.pattern_ok(req, t):
            out.append("pattern")
        heads = sum(p.headcount for p in parts)
        distinct = len({p.resource for p in parts}) == len(parts)
        if heads != req.headcount or not distinct or (len(parts) > 1 and not req.split):
            out.append("parts")
        return out

    # ------------------------------------------------------------------ internships

    def internship_posts(
        self, req: CInternship, first_week: int
    ) -> tuple[list[int], list[int], list[int]]:
        """Posts available in every week of the run from ``first_week``, with the interns
        each can still take in all those weeks: (posts, free with overflow, within capacity).
        """
        a, b = first_week, first_week + req.weeks
        posts: list[int] = []
        free: list[int] = []
        free_cap: list[int] = []
        for r in req.posts:
            r = int(r)
            if not self.problem.resources[r].week_available[a:b].all():
                continue
            used = int(self.post_interns[r, a:b].max())
            posts.append(r)
            free.append(max(0, int(self.res_limit[r]) - used))
            free_cap.append(max(0, int(self.res_capacity[r]) - used))
        return posts, free, free_cap

    def internship_blocks(
        self, req: CInternship, first_week: int, rules: Rules = FULL_RULES
    ) -> list[str]:
        """Rule families that forbid running ``req`` from ``first_week`` (empty: allowed)."""
        out: list[str] = []
        a, b = first_week, first_week + req.weeks
        if len(req.posts) == 0:
            out.append("no_resource")
        if a < 0 or b > self.n_weeks or not req.first_weeks[a]:
            out.append("window")
            return out
        posts, free, _ = self.internship_posts(req, a)
        if int(self.res_limit[posts].sum()) < req.headcount:
            out.append("window")
        if rules.precedence:
            lo, hi = self.precedence_bounds(req.index)
            if a * self.spw < lo or b * self.spw > hi:
                out.append("precedence")
        for c in req.cohorts:
            if self.cohort_intern[c, a:b].any() or self.cohort_week_sessions[c, a:b].any():
                out.append("conflict")
                break
        if sum(free) < req.headcount:
            out.append("capacity")
        return out

    def place_internship_at(
        self, req: CInternship, first_week: int
    ) -> list[PlacementAssignment] | None:
        """Interns spread over the candidate posts in order: within capacity, then overflow."""
        posts, free, free_cap = self.internship_posts(req, first_week)
        if sum(free) < req.headcount:
            return None
        take = [0] * len(posts)
        left = req.headcount
        for n, cap in enumerate(free_cap):
            k = min(left, cap)
            take[n] += k
            left -= k
        for n, f in enumerate(free):
            k = min(left, f - take[n])
            if k > 0:
                take[n] += k
                left -= k
        if left > 0:
            return None
        return [
            PlacementAssignment(req.index, r, k, first_week, req.weeks)
            for r, k in zip(posts, take, strict=True)
            if k > 0
        ]
