"""A session request's columns: its sessions (parts) per resource class and bucket,
with its own rows (weekly rules, split parts, demand) and its capacity items."""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from scheduler.problem import CSessionRequest
from solver.cpsat import chains
from solver.cpsat.constraints.cuts import as_bits, occupancy
from solver.cpsat.indexed_bound.lp import Pairs
from solver.cpsat.indexed_bound.state import BuildState
from solver.cpsat.split_parts import fewest_parts, held_together


class SessionColumns(BuildState):
    """The session requests' columns, and the resource hint read from their values."""

    def session_request(self, req: CSessionRequest) -> None:
        """Columns of one session request, its starts restricted to those some usable instructor can
        teach. A request no instructor can teach, or with no start left, gets none (it adds nothing
        to the bound).
        """
        d = req.duration
        rs = req.resource_starts
        teachers: frozenset[int] = frozenset()
        if req.needs_instructor:
            any_start = rs.any(axis=0)
            usable = [i for i in req.instructors.tolist() if (self.span_ok(i, d) & any_start).any()]
            if not usable:
                return
            rs = rs & np.logical_or.reduce([self.span_ok(i, d) for i in usable])
            teachers = frozenset(usable)
        if req.split:
            rs = self.together(req, rs, teachers)
        by_class: dict[int, list[int]] = defaultdict(list)
        for k, res in enumerate(req.resources.tolist()):
            if rs[k].any():
                by_class[self.cls[res]].append(k)
        if by_class:
            self.columns(req, rs, by_class, teachers)

    def together(
        self, req: CSessionRequest, rs: np.ndarray, teachers: frozenset[int]
    ) -> np.ndarray:
        """A ``split`` request's starts where its parts can be held at once, counting its
        usable instructors (:func:`solver.cpsat.split_parts.held_together`). Buckets of a
        week otherwise let one part fall on a day only one room is open and the other on
        another day.
        """
        if req.needs_instructor:
            free = np.sum([self.span_ok(i, req.duration) for i in sorted(teachers)], axis=0)
        else:
            free = None
        return held_together(self.problem, req, rs, free)

    def caps(self, req: CSessionRequest, union: np.ndarray) -> tuple[int, int, bool]:
        """(sessions at most, sessions per week at most, at most one a day)."""
        cal = self.problem.calendar
        weeks = int(union.reshape(cal.n_weeks, -1).any(axis=1).sum())
        one_a_day = req.pattern in ("weekly", "block") or req.min_days_apart >= 1
        week_cap = chains.weekly_rate(req, cal)
        most = min(req.n_sessions, week_cap * weeks)
        # a weekly or block request holds one run: no more sessions than the longest
        # run its starts allow (the buckets alone would let it pick any weeks or days)
        if req.pattern == "weekly":
            most = min(most, cal.longest_weekly_run(union))
        elif req.pattern == "block":
            most = min(most, cal.longest_block_run(union))
        return most, week_cap, one_a_day

    def class_terms(
        self, req: CSessionRequest, rs: np.ndarray, ks: list[int]
    ) -> tuple[np.ndarray, float, int, int, bool]:
        """Starts of a class, the least penalty of a part there, members, room, shareable."""
        w = self.w
        res = [self.problem.resources[int(req.resources[k])] for k in ks]
        cost = w.get("travel", 0) * min(int(req.travel_minutes[k]) for k in ks)
        if not req.split:
            pref = req.prefer_resources
            if pref is not None and not any(int(req.resources[k]) in pref for k in ks):
                cost += w.get("prefer", 0) * req.prefer_weight
            if not any(x.shareable for x in res):
                over = min(max(0, req.headcount - x.capacity) for x in res)
                cost += w.get("overflow", 0) * over * req.duration
        room = max(x.capacity + x.overflow for x in res)
        return np.asarray(rs[ks].any(axis=0)), cost, len(ks), room, res[0].shareable

    def columns(
        self,
        req: CSessionRequest,
        rs: np.ndarray,
        by_class: dict[int, list[int]],
        teachers: frozenset[int],
    ) -> None:
        """Columns and per-request rows of one session request; its capacity items."""
        lp, w, d, width, nb = self.lp, self.w, req.duration, self.width, self.n_buckets
        union = np.asarray(rs.any(axis=0))
        top, week_cap, one_a_day = self.caps(req, union)
        if top <= 0:
            return
        ups = req.units_per_session
        days_used = union.reshape(nb, -1, self.spd).any(axis=2).sum(axis=1)
        occ_union = occupancy(union, d).reshape(nb, width)
        prefer = w.get("prefer", 0) * req.prefer_weight
        missed = np.zeros(nb, dtype=bool)
        if req.prefer_starts is not None and prefer:
            missed = ~np.asarray((union & req.prefer_starts).reshape(nb, width).any(axis=1))
        data = {}
        members = {c: tuple(int(req.resources[k]) for k in ks) for c, ks in by_class.items()}
        resources = self.problem.resources
        rooms = {
            c: [resources[k].capacity + resources[k].overflow for k in m]
            for c, m in members.items()
        }
        for c, ks in by_class.items():
            starts, cost, many, room, shareable = self.class_terms(req, rs, ks)
            occ = occupancy(starts, d).reshape(nb, width)
            data[c] = (starts, occ, cost, many, room, shareable)
        weekly = req.pattern == "weekly"
        if weekly and self.weekly_slots:  # a cell per start: (day, slot) is chosen once
            cells = [(t // width, t) for t in np.flatnonzero(union).tolist()]
        else:
            cells = [(b, -1) for b in range(nb) if occ_union[b].any()]
        position: dict[int, int] = {}
        everything: Pairs = []
        by_week: dict[int, Pairs] = defaultdict(list)
        for b, t in cells:
            offset = t - b * width
            if t >= 0:
                classes = [c for c, x in data.items() if x[0][t]]
                cap = 1
                occ_b = ((1 << d) - 1) << offset
                miss = prefer if req.prefer_starts is not None and not req.prefer_starts[t] else 0
            else:
                classes = [c for c, x in data.items() if x[1][b].any()]
                cap = min(top, week_cap, int(days_used[b]) if one_a_day else top)
                occ_b = as_bits(occ_union[b])
                miss = prefer if missed[b] else 0
            if not classes:
                continue
            gain = w.get("demand", 0) * ups - miss
            parts: Pairs = []
            if req.split:
                n_b = lp.var(cap, gain)
                sessions: Pairs = [(n_b, 1)]
                cover: Pairs = [(n_b, req.headcount)]
                fewest = fewest_parts(req.headcount, [r for c in classes for r in rooms[c]])
                for c in classes:
                    _, occ, cost, many, room, shareable = data[c]
                    y = lp.var(cap * many, -cost)
                    self.in_class[req.index].append((y, members[c]))
                    parts.append((y, 1))
                    cover.append((y, -room))
                    lp.le([(y, 1), (n_b, -many)], 0)
                    if not shareable:
                        bits = occ_b if t >= 0 else as_bits(occ[b])
                        self.res_items[c, b].append((bits, d, 1, [(y, 1)]))
                lp.le([(n_b, fewest)] + [(y, -1) for y, _ in parts], 0)
                lp.le(cover, 0)
            else:
                for c in classes:
                    _, occ, cost, _, _, shareable = data[c]
                    y = lp.var(cap, gain - cost)
                    self.in_class[req.index].append((y, members[c]))
                    parts.append((y, 1))
                    per = req.headcount if shareable else 1
                    bits = occ_b if t >= 0 else as_bits(occ[b])
                    self.res_items[c, b].append((bits, d, per, [(y, 1)]))
                sessions = parts
                if len(parts) > 1 and t < 0:
                    lp.le(parts, cap)
            if weekly and (t >= 0 or self.per_week > 1):
                # the pattern's (day, slot), or its day with day buckets
                pos = t % self.problem.calendar.slots_per_week if t >= 0 else b % self.per_week
                if pos not in position:
                    position[pos] = lp.var(1)
                lp.le(sessions + [(position[pos], -1)], 0)
            everything += sessions
            wk = b // self.per_week
            by_week[wk] += sessions
            for i in req.institutions:
                self.per_inst[i] += [(v, ups * x) for v, x in sessions]
            for co in req.cohorts:
                self.coh_items[co, b].append((occ_b, d, 1, sessions))
                self.coh_week[co, wk] += [(v, d * x) for v, x in sessions]
            if teachers:
                shift = (b - wk * self.per_week) * width
                self.teach_items[teachers, wk].append((occ_b << shift, d, 1, parts))
        if position and len(position) > 1:
            lp.le([(z, 1) for z in position.values()], 1)
        elif self.per_week > 1:
            for pairs in by_week.values():
                if lp.top(pairs) > week_cap:
                    lp.le(pairs, week_cap)
        if lp.top(everything) > top:
            lp.le(everything, top)
        self.runs[req.index] = chains.Run(everything, frozenset(by_week), top, week_cap, True)

    def resource_order(self) -> dict[int, tuple[int, ...]]:
        """Per request, the resources of the classes its solved columns use, the class
        holding most sessions first (ties: the class first met), members in request order."""
        x = self.lp.values
        out: dict[int, tuple[int, ...]] = {}
        for r, cols in self.in_class.items():
            held: dict[tuple[int, ...], float] = defaultdict(float)
            for v, members in cols:
                held[members] += x[v]
            ranked = sorted(
                (m for m, amount in held.items() if amount > 1e-6), key=lambda m: -held[m]
            )
            if ranked:
                out[r] = tuple(dict.fromkeys(k for m in ranked for k in m))
        return out
