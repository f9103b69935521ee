"""Applying and removing sessions and placements, one at a time or loaded in bulk."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from scheduler.problem import (
    CSessionRequest,
    PlacementAssignment,
    SessionAssignment,
)
from solver.occupancy.families import ALL_FAMILIES, COHORT, INSTRUCTOR, RESOURCE, TRAVEL
from solver.occupancy.kernels import book_cohort, book_instructor, book_part
from solver.occupancy.records import Visit
from solver.occupancy.spans import mark_who
from solver.occupancy.state import OccupancyState


class OccupancyUpdates(OccupancyState):
    """Keeps every array and record in step as sessions and placements come and go."""

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
                        visit = Visit(s.start, end, sites, s.request, s.index)
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
            mark_who(self.res_who, r, t, d, q)
            for row in np.unique(r):
                self._refresh_room(int(row), 0, self.n_slots)
        if COHORT in families and coh_rows:
            cc, ct, cd, cq = (np.array(x, dtype=np.int64) for x in zip(*coh_rows, strict=True))
            np.add.at(self.cohort_week_sessions, (cc, ct // self.spw), 1)
            for k in range(int(cd.max())):
                m = cd > k
                np.add.at(self.cohort_busy, (cc[m], ct[m] + k), 1)
            mark_who(self.cohort_who, cc, ct, cd, cq)
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
                mark_who(arr, r, t, d, q)

    def apply_session(self, s: SessionAssignment, families: frozenset[str] = ALL_FAMILIES) -> None:
        """Book ``s`` in the usage of ``families`` and record it, with its request's span; no rule
        is checked (callers check first).
        """
        self._session(s, +1, families)
        self.sessions.setdefault(s.request, {})[s.index] = s
        span = self._span.get(s.request)
        dur = self.session_request(s.request).duration
        if span is None:
            self._span[s.request] = (s.start, s.start + dur)
        else:
            self._span[s.request] = (min(span[0], s.start), max(span[1], s.start + dur))

    def remove_session(self, s: SessionAssignment, families: frozenset[str] = ALL_FAMILIES) -> None:
        """Undo :meth:`apply_session` (same ``families``); the span is recomputed only when ``s``
        was at one of its edges.
        """
        self._session(s, -1, families)
        by_index = self.sessions.get(s.request, {})
        by_index.pop(s.index, None)
        self.index_from.pop(s.request, None)
        if not by_index:
            self.sessions.pop(s.request, None)
        span = self._span.get(s.request)
        end = s.start + self.session_request(s.request).duration
        # every session of a request is as long: only one at either edge moves the span
        if span is None or not by_index or s.start == span[0] or end == span[1]:
            self._recompute_span(s.request)

    def remove_sessions(
        self, sessions: Iterable[SessionAssignment], families: frozenset[str] = ALL_FAMILIES
    ) -> None:
        """:meth:`remove_session` for many at once: each request's span is read again
        once, not at every session taken from its edge (removing a long request's
        sessions in order did that at each one)."""
        touched: set[int] = set()
        for s in sessions:
            self._session(s, -1, families)
            by_index = self.sessions.get(s.request, {})
            by_index.pop(s.index, None)
            self.index_from.pop(s.request, None)
            if not by_index:
                self.sessions.pop(s.request, None)
            touched.add(s.request)
        for r in touched:
            self._recompute_span(r)

    def _session(self, s: SessionAssignment, sign: int, families: frozenset[str]) -> None:
        # Ruin and recreate books ~100 sessions a step through here: the family tests,
        # the arrays and the sites are read once, not once per part or cohort.
        req = self.session_request(s.request)
        a, b = s.start, s.start + req.duration
        week = a // self.spw
        parts = s.parts
        request = s.request
        if RESOURCE in families:
            arrays = (
                self.res_people, self.res_parts, self.res_room, self.res_room_cap,
                self.res_who, self.res_limit, self.res_capacity, self.res_exclusive,
            )  # fmt: skip
            for p in parts:
                book_part(*arrays, p.resource, a, b, p.headcount, sign, request)
        travel = TRAVEL in families
        if travel:
            day = a // self.spd
            res_site = self.res_site
            if len(parts) == 1:
                sites: tuple[int, ...] = (res_site[parts[0].resource],)
            else:
                sites = tuple(dict.fromkeys(res_site[p.resource] for p in parts))
            # one record for every cohort and instructor (removal compares by value)
            visit = Visit(a, b, sites, request, s.index)
        if COHORT in families:
            busy, week_sessions, who = self.cohort_busy, self.cohort_week_sessions, self.cohort_who
            for c in req.cohorts:
                book_cohort(busy, week_sessions, who, c, a, b, week, sign, request)
        if travel:
            cohort_visits = self.cohort_visits
            for c in req.cohorts:
                self._visit(cohort_visits[c], day, visit, sign)
        instructors = INSTRUCTOR in families
        for p in parts:
            if p.instructor is None:
                continue
            if instructors:
                book_instructor(self.instr_busy, self.instr_load, p.instructor, a, b, week, sign)
            if travel:
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
        # field by field, the cheap ones first (the dataclass's == builds two tuples)
        request, index, first = visit.request, visit.index, visit.first
        for i, v in enumerate(visits):
            if (
                v.request == request
                and v.index == index
                and v.first == first
                and v.sites == visit.sites
                and v.end == visit.end
            ):
                del visits[i]
                break
        if not visits:
            by_day.pop(day, None)

    def apply_placement(
        self, p: PlacementAssignment, families: frozenset[str] = ALL_FAMILIES
    ) -> None:
        """Book ``p`` in the usage of ``families`` and record it; no rule is checked."""
        self._placement(p, +1, families)
        self.placements.setdefault(p.request, []).append(p)
        self._recompute_span(p.request)

    def remove_placement(
        self, p: PlacementAssignment, families: frozenset[str] = ALL_FAMILIES
    ) -> None:
        """Undo :meth:`apply_placement` (same ``families``)."""
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
