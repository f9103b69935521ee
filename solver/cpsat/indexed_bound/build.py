"""The whole LP: session columns, internships, capacity rows per resource class, cohort
and instructor set, ``after`` chains and fairness."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from functools import partial

from scheduler.problem import CSessionRequest
from solver.cpsat import chains
from solver.cpsat.constraints.cuts import as_bits
from solver.cpsat.indexed_bound.columns import SessionColumns
from solver.cpsat.indexed_bound.cuts import add_cuts, fit, fit_all
from solver.cpsat.indexed_bound.lp import IndexedLp, Item, Pairs
from solver.cpsat.posts import post_rows, usable_firsts


class Build(SessionColumns):
    """One relaxation built: its columns, then every row that bounds them."""

    def run(self, late: Callable[[], bool] | None = None) -> IndexedLp | None:
        """Build the whole LP: session request columns, internships, capacity, ``after`` chain and
        fairness rows; ``None`` once ``late`` says so (asked between requests).
        """
        for req in self.problem.requests:
            if late is not None and late():
                return None
            if isinstance(req, CSessionRequest):
                self.session_request(req)
        if late is not None and late():
            return None
        self.internships()
        self.capacity_rows()
        self.chain_rows()
        self.fairness()
        return self.lp

    def internships(self) -> None:
        """Placed or not, by first week; posts' weekly room and cohorts' weeks shared.

        Per set of posts and week, the interns of the internships whose posts all lie in
        the set fit in the set's ``capacity + overflow``; a cohort holds one internship
        a week and no session in a week it is interned.

        The posts' rows, knapsack covers included, are :func:`solver.cpsat.posts.post_rows`.
        """
        problem, lp = self.problem, self.lp
        cal = problem.calendar
        demand = self.w.get("demand", 0)
        cohort_cover: dict[tuple[int, int], Pairs] = defaultdict(list)
        post_items: dict[tuple[frozenset[int], int], list[tuple[int, int]]] = defaultdict(list)
        for req in problem.internships:
            firsts = [(f, lp.var(1, demand * req.units)) for f in usable_firsts(problem, req)]
            if not firsts:
                continue
            placed: Pairs = [(y, 1) for _, y in firsts]
            lp.le(placed, 1)
            for i in req.institutions:
                self.per_inst[i] += [(y, req.units) for y, _ in placed]
            key = frozenset(req.posts.tolist())
            starts = [f for f, _ in firsts]
            self.runs[req.index] = chains.internship_run(placed, starts, req.weeks, cal.n_weeks)
            for f, y in firsts:
                for wk in range(f, min(f + req.weeks, cal.n_weeks)):
                    post_items[key, wk].append((y, req.headcount))
                    for co in req.cohorts:
                        cohort_cover[co, wk].append((y, 1))
        for row, rhs in post_rows(problem, post_items):
            lp.le(row, rhs)
        spw = cal.slots_per_week
        for (co, wk), cover in cohort_cover.items():
            if len(cover) > 1:
                lp.le(cover, 1)
            free = int(problem.cohorts[co].available[wk * spw : (wk + 1) * spw].sum())
            taught = self.coh_week.get((co, wk))
            if taught:
                lp.le(taught + [(y, free * x) for y, x in cover], free)

    def capacity_rows(self) -> None:
        """Capacity rows per (resource class, bucket) and per (cohort, bucket), then the
        instructors' (:meth:`instructor_rows`).
        """
        problem, spd, width = self.problem, self.spd, self.width
        members: dict[int, list[int]] = defaultdict(list)
        for k, c in enumerate(self.cls):
            members[c].append(k)
        for (c, b), items in self.res_items.items():
            lo = b * width
            res = [problem.resources[k] for k in members[c]]
            avail = [as_bits(x.available[lo : lo + width]) for x in res]
            if res[0].shareable:
                self.shared_rows(b, res, avail, items)
            else:
                add_cuts(self.lp, items, partial(fit_all, avail, spd))
        for (co, b), items in self.coh_items.items():
            lo = b * width
            a = as_bits(problem.cohorts[co].available[lo : lo + width])
            add_cuts(self.lp, items, partial(fit_all, [a], spd))
        self.instructor_rows()

    def shared_rows(self, b: int, res: list, avail: list[int], items: list[Item]) -> None:
        """A shareable resource (class) in bucket ``b``.

        People-slots fit in ``capacity + overflow``; those beyond ``capacity`` cost
        ``overflow`` (one variable per bucket: the bucket's overflow is at least the
        excess over any slot set inside it); and at a slot at most ``m`` parts larger
        than ``(capacity + overflow) / (m + 1)`` are present, so those fit in ``m``
        lanes of the open slots (blocks of ``duration`` counted as for exclusive ones).
        """
        lp, spd = self.lp, self.spd
        full = [x.capacity + x.overflow for x in res]
        base = [x.capacity for x in res]

        def people(m: int, q: int, pers: list[int]) -> int:
            """People-slots inside ``m`` at ``pers`` people per available slot of each member; ``q``
            is unused (these rows count single slots).
            """
            return sum(p * (a & m).bit_count() for a, p in zip(avail, pers, strict=True))

        add_cuts(lp, items, lambda m, q: people(m, q, full), quanta=(1,))
        cost = self.w.get("overflow", 0)
        if cost and any(full[n] > base[n] for n in range(len(res))):
            excess = lp.var(math.inf, -cost, integer=False)
            add_cuts(lp, items, lambda m, q: people(m, q, base), quanta=(1,), slack=excess)
        largest = max(full)
        for lanes in (1, 2, 3):
            big = [(bits, d, 1, pairs) for bits, d, h, pairs in items if h * (lanes + 1) > largest]
            if big:
                add_cuts(lp, big, partial(fit_all, avail, spd, lanes=lanes))

    def instructor_rows(self) -> None:
        """Hall's condition per week for each set of usable instructors: the requests
        whose usable instructors all lie in the set share those instructors' time."""
        problem, spd = self.problem, self.spd
        spw = problem.calendar.slots_per_week
        by_week: dict[int, dict[frozenset[int], list[Item]]] = defaultdict(dict)
        for (s, wk), its in self.teach_items.items():
            by_week[wk][s] = its
        sets = {s for s, _ in self.teach_items}
        within = {s: [s2 for s2 in sets if s2 <= s] for s in sets}
        for s in sets:
            for week, groups in by_week.items():
                items = [it for s2 in within[s] for it in groups.get(s2, ())]
                if not items:
                    continue
                caps: list[tuple[int, int]] = []
                for i in s:
                    t = problem.instructors[i]
                    most = t.max_slots_per_week if t.max_slots_per_week is not None else spw
                    caps.append((as_bits(t.available[week * spw : (week + 1) * spw]), most))

                def room(m: int, q: int, caps: list[tuple[int, int]] = caps) -> int:
                    """Blocks of ``q`` slots the set's instructors can teach inside ``m``: per
                    instructor the blocks that fit its available slots, capped by its weekly
                    maximum.
                    """
                    return sum(min(fit(a & m, q, spd), x // q) for a, x in caps)

                add_cuts(self.lp, items, room)

    def chain_rows(self) -> None:
        """``after`` chains take their weeks one after another (:mod:`solver.cpsat.chains`)."""
        for row, rhs in chains.chain_rows(self.problem, self.runs):
            if self.lp.top(row) > rhs:
                self.lp.le(row, rhs)

    def fairness(self) -> None:
        """The fairness column: a worst share in permille (at most 1000, gaining ``fairness`` per
        permille), bounded by the fulfilled share of every institution with demand.
        """
        w = self.w.get("fairness", 0)
        if not w:
            return
        share = self.lp.var(1000, w, integer=False)
        for i, d_i in enumerate(self.problem.demand_units().tolist()):
            if d_i > 0:
                pairs = [(v, -1000 * c) for v, c in self.per_inst.get(i, [])]
                self.lp.le([(share, d_i)] + pairs, 0)
