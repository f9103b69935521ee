"""All the CP-SAT variables of one model, built from the compiled problem.

The bundles (:mod:`solver.cpsat.bundles`) are made here; the quantities derived from a
session's start (day, week, start literals...) by :mod:`solver.cpsat.derived`.

No variable is created for an impossible combination: starts come from the compiled
masks (``resource_starts``, instructor availability) as sparse domains, and a
(session, resource) or (session, instructor) pair with no common start gets no literal.

Where every request's sessions are interchangeable (``free`` pattern, no split, no
precedence, no travel to model) and the model stays within a budget, requests are
*time-indexed*: instead of
``n`` ordered sessions with a start variable each, it gets one optional session per
candidate start, fixed there, and at most ``n`` of them are held. No session order to
search through, no symmetry, and every rule over slots becomes a clique of literals: the
formulation the best course-timetabling models use (one literal per course and period).
"""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from scheduler.problem import CInternship, CSessionRequest, Problem
from solver.cpsat.background import Background
from solver.cpsat.bundles import (
    InternshipVars,
    IntVar,
    LinearExprT,
    PartVars,
    PostVars,
    SessionVars,
    Teach,
    domain_of,
)
from solver.cpsat.derived import DerivedVariables

#: Most optional session parts (one per candidate start and resource, plus one presence
#: literal per start) the time-indexed form of interchangeable sessions may create in one
#: model (see :meth:`Variables._indexable`): ITC-2007's comp07 needs about 60,000.
INDEXED_BUDGET = 120_000

#: Most start literals (see :meth:`Variables.start_literals`) one model creates: ITC-2007's
#: comp07 needs 434 x 25; a term of hundreds of sessions over hundreds of slots would pay
#: more in model size than the tighter terms return.
START_LITERAL_BUDGET = 200_000


class Variables(DerivedVariables):
    """All decision variables of one model, and lazily built derived ones.

    Parameters
    ----------
    model
        The model to create variables in.
    problem
        The compiled problem.
    requests
        Positions in ``problem.requests`` to model (a neighbourhood, a decomposition
        group); all when ``None``. Requests outside get no variables.
    background
        What the requests outside have booked: busy cohorts, exclusive resources and
        instructors remove starts from the domains here.
    """

    def __init__(
        self,
        model: cp_model.CpModel,
        problem: Problem,
        requests: list[int] | None = None,
        background: Background | None = None,
    ) -> None:
        self.model = model
        self.problem = problem
        self.background = background if background is not None else Background.empty()
        self._free_cache: dict[tuple[str, int, int], np.ndarray | None] = {}
        self.request_ids = (
            list(range(len(problem.requests))) if requests is None else sorted(requests)
        )
        self.sessions: dict[int, list[SessionVars]] = {}
        self.internships: dict[int, InternshipVars] = {}
        self.required: dict[int, IntVar] = {}
        self._day: dict[int, IntVar] = {}
        self._week: dict[int, IntVar] = {}
        self._pos: dict[int, IntVar] = {}
        self._poslits: dict[int, dict[int, IntVar]] = {}
        self._sites: dict[int, dict[int, IntVar]] = {}
        self._startlits: dict[int, dict[int, IntVar] | None] = {}
        self.start_literal_budget = START_LITERAL_BUDGET
        self._true: IntVar | None = None
        self._held: dict[int, IntVar] = {}
        self.indexed: set[int] = set()  # time-indexed requests (one session per start)
        self._build()

    # ------------------------------------------------------------------ construction

    def _build(self) -> None:
        starts_of = {
            r: self._resource_starts(req)
            for r in self.request_ids
            if isinstance(req := self.problem.requests[r], CSessionRequest)
        }
        self.indexed = self._indexable(starts_of)
        n_slots = self.problem.calendar.n_slots
        for r in self.request_ids:
            req = self.problem.requests[r]
            if isinstance(req, CSessionRequest):
                rs = starts_of[r]
                if r in self.indexed:
                    at = np.flatnonzero(rs.any(axis=0))
                    only = np.zeros((len(at), n_slots), dtype=bool)
                    only[np.arange(len(at)), at] = True
                    self.sessions[r] = [
                        self._session(req, j, rs & only[j][None, :]) for j in range(len(at))
                    ]
                    if len(at) > req.n_sessions:
                        self.model.add(self.count(r) <= req.n_sessions)
                else:
                    n = req.n_sessions
                    if not req.required:
                        # one cohort holds one session at a time: never more sessions
                        # than starts (a request for 20,000 sessions in a 40-slot term
                        # made the model, and its travel pairs, quadratic in them)
                        n = min(n, int(rs.any(axis=0).sum()))
                    self.sessions[r] = [self._session(req, j, rs) for j in range(n)]
            else:
                self.internships[r] = self._internship(req)
            if req.required:
                lit = self.model.new_bool_var(f"required[{r}]")
                self.required[r] = lit

    def _indexable(self, starts_of: dict[int, np.ndarray]) -> set[int]:
        """The requests to model time-indexed: all of them, or none.

        Only where nothing depends on the order of the sessions: ``free`` pattern, no
        split, no precedence either way, no travel between sites to model (its pairwise
        clauses would grow with the square of the starts), and the whole model within
        :data:`INDEXED_BUDGET`. All or none: a cohort or room shared by both forms needs
        a ``no_overlap`` over every fixed interval of the indexed ones, the very
        constraint the form avoids (S/1 on one site with 13 of 73 requests indexed:
        1,539,560 and 1,533,670 at 60 s against 1,550,690 and 1,553,740 all ordered).
        Fully indexed, a long term does well too: the same S/1 with every request made
        ``free`` (68 indexed, 540 slots) 1,605,630 and 1,611,000 against 1,597,840 and
        1,600,930 ordered (seeds 1 and 2).
        """
        p = self.problem
        if p.has_travel:
            return set()
        in_precedence = {q for req in p.requests for q in req.after}
        out: set[int] = set()
        cost = 0
        for r, rs in starts_of.items():
            req = p.requests[r]
            assert isinstance(req, CSessionRequest)
            n_starts = int(rs.any(axis=0).sum())
            if not n_starts:
                continue  # nothing to index: the ordered form's sessions are never held
            if req.pattern != "free" or req.split or req.after or r in in_precedence:
                return set()
            teachers = len(req.instructors) if len(req.instructors) > 1 else 0
            cost += n_starts * (1 + teachers) + int(rs.sum())
            if cost > INDEXED_BUDGET:
                return set()
            out.add(r)
        return out

    def count(self, r: int) -> LinearExprT:
        """Sessions of request ``r`` held."""
        return sum(sv.present for sv in self.sessions[r])

    def held(self, r: int) -> IntVar:
        """Literal "request ``r`` has a session".

        Ordered sessions are held as a prefix, so the first one's presence says it;
        a time-indexed request gets the maximum of its sessions' presences.
        """
        if r not in self._held:
            presents = [sv.present for sv in self.sessions[r] if sv.parts]
            if not presents:
                self._held[r] = self.constant_false()
            elif r not in self.indexed or len(presents) == 1:
                self._held[r] = presents[0]
            else:
                lit = self.model.new_bool_var(f"held[{r}]")
                self.model.add_max_equality(lit, presents)
                self._held[r] = lit
        return self._held[r]

    def constant_false(self) -> IntVar:
        """A literal fixed to false (a session that can never be held)."""
        lit = self.model.new_bool_var("never")
        self.model.add(lit == 0)
        return lit

    def free_starts(self, kind: str, key: int, duration: int) -> np.ndarray | None:
        """Starts whose span misses the background bookings of one entity (None: all)."""
        ck = (kind, key, duration)
        if ck not in self._free_cache:
            bg = self.background
            store = {
                "cohort": bg.cohort_busy,
                "resource": bg.resource_busy,
                "teacher": bg.teacher_busy,
            }[kind]
            busy = store.get(key)
            self._free_cache[ck] = (
                None if busy is None else self.problem.calendar.span_ok(~busy, duration)
            )
        return self._free_cache[ck]

    def _resource_starts(self, req: CSessionRequest) -> np.ndarray:
        """``resource_starts`` without the starts the background makes impossible."""
        rs = req.resource_starts
        if self.background.is_empty or not len(req.resources):
            return rs
        rs = rs.copy()
        for c in req.cohorts:
            ok = self.free_starts("cohort", c, req.duration)
            if ok is not None:
                rs &= ok[None, :]
        for k, res_idx in enumerate(req.resources.tolist()):
            ok = self.free_starts("resource", res_idx, req.duration)
            if ok is not None:
                rs[k] &= ok
        return rs

    def _session(self, req: CSessionRequest, j: int, rs: np.ndarray) -> SessionVars:
        m = self.model
        d = req.duration
        union = np.asarray(rs.any(axis=0)) if len(req.resources) else np.zeros_like(req.starts)
        name = f"s[{req.index},{j}]"
        if not union.any():
            present = self.constant_false()
            start = m.new_int_var(0, 0, name)
            iv = m.new_optional_fixed_size_interval_var(start, d, present, name)
            return SessionVars(req.index, j, d, present, start, iv, union, [])
        present = m.new_bool_var(f"p[{req.index},{j}]")
        start = m.new_int_var_from_domain(domain_of(union), name)
        iv = m.new_optional_fixed_size_interval_var(start, d, present, f"i{name}")
        cands = [k for k in range(len(req.resources)) if rs[k].any()]
        parts: list[PartVars] = []
        single = len(cands) == 1 and not req.split
        for k in cands:
            res_idx = int(req.resources[k])
            res = self.problem.resources[res_idx]
            limit = res.capacity + res.overflow
            if single:
                lit, piv = present, iv
            else:
                lit = m.new_bool_var(f"x[{req.index},{j},{res_idx}]")
                piv = m.new_optional_fixed_size_interval_var(start, d, lit, "")
                if req.split:  # without split the exactly-one below implies it
                    m.add_implication(lit, present)
                if not np.array_equal(rs[k], union):
                    m.add_linear_expression_in_domain(start, domain_of(rs[k])).only_enforce_if(lit)
            if req.split:
                h = m.new_int_var(0, min(limit, req.headcount), f"h[{req.index},{j},{res_idx}]")
                m.add(h >= 1).only_enforce_if(lit)
                m.add(h == 0).only_enforce_if(~lit)
                headcount: IntVar | int = h
                max_h = min(limit, req.headcount)
            else:
                headcount = req.headcount
                max_h = req.headcount
            parts.append(PartVars(res_idx, k, lit, piv, headcount, max_h, rs[k]))
        if req.split:
            m.add(sum(p.headcount for p in parts) == req.headcount * present)
        elif not single:
            m.add_exactly_one([p.present for p in parts] + [~present])
        sv = SessionVars(req.index, j, d, present, start, iv, union, parts)
        if req.needs_instructor:
            self._teachers(req, sv)
        return sv

    def _teachers(self, req: CSessionRequest, sv: SessionVars) -> None:
        """One instructor per session (without split) or per part (with split)."""
        m = self.model
        d = req.duration
        cal = self.problem.calendar
        avail = {}
        for i in req.instructors.tolist():
            ok = cal.span_ok(self.problem.instructors[i].available, d)
            free = self.free_starts("teacher", i, d)
            avail[i] = ok if free is None else ok & free
        holders: list[tuple[IntVar, np.ndarray, PartVars | None]]
        if req.split:
            holders = [(p.present, p.starts, p) for p in sv.parts]
        else:
            holders = [(sv.present, sv.starts, None)]
        for lit, starts, part in holders:
            options = [(i, a & starts) for i, a in avail.items() if (a & starts).any()]
            if not options:
                m.add(lit == 0)
                continue
            teach: list[Teach] = []
            for i, ok in options:
                if len(options) == 1:
                    a = lit
                    tiv = part.interval if part is not None else sv.interval
                else:
                    a = m.new_bool_var(f"t[{sv.request},{sv.index},{i}]")
                    tiv = m.new_optional_fixed_size_interval_var(sv.start, d, a, "")
                if not np.array_equal(ok, starts):
                    m.add_linear_expression_in_domain(sv.start, domain_of(ok)).only_enforce_if(a)
                teach.append(Teach(i, a, tiv, part))
            if len(teach) > 1:
                m.add_exactly_one([t.literal for t in teach] + [~lit])
            if part is not None:
                part.teach = teach
            else:
                sv.teach = teach

    def _internship(self, req: CInternship) -> InternshipVars:
        m = self.model
        p = self.problem
        n_weeks = p.calendar.n_weeks
        w_len = req.weeks
        # a post can host a run starting at w when it is available every week of the run
        post_first: dict[int, np.ndarray] = {}
        for j, k in enumerate(req.posts):
            wa = req.post_weeks[j]
            ok = np.zeros(n_weeks, dtype=bool)
            for w in range(n_weeks - w_len + 1):
                ok[w] = bool(wa[w : w + w_len].all())
            post_first[int(k)] = ok & req.first_weeks
        total_cap = np.zeros(n_weeks, dtype=np.int64)
        for k, ok in post_first.items():
            res = p.resources[k]
            total_cap += ok * (res.capacity + res.overflow)
        first_ok = req.first_weeks & (total_cap >= req.headcount)
        for c in req.cohorts:
            busy = self.background.cohort_busy.get(c)
            if busy is None:
                continue
            busy_weeks = np.asarray(busy.reshape(n_weeks, -1).any(axis=1))
            for week in np.flatnonzero(first_ok):
                if busy_weeks[week : week + w_len].any():
                    first_ok[week] = False
        firsts = [int(w) for w in np.flatnonzero(first_ok)]
        name = f"z[{req.index}]"
        if not firsts:
            placed = self.constant_false()
            fw = m.new_int_var(0, 0, f"fw[{req.index}]")
            return InternshipVars(req.index, w_len, placed, fw, {}, [], None)
        placed = m.new_bool_var(name)
        fw = m.new_int_var_from_domain(cp_model.Domain.from_values(firsts), f"fw[{req.index}]")
        choice = {w: m.new_bool_var(f"f[{req.index},{w}]") for w in firsts}
        m.add(sum(choice.values()) == placed)
        m.add(fw == sum(w * lit for w, lit in choice.items())).only_enforce_if(placed)
        posts: list[PostVars] = []
        for k, ok in post_first.items():
            if not ok[firsts].any():
                continue
            res = p.resources[k]
            limit = min(res.capacity + res.overflow, req.headcount)
            used = m.new_bool_var(f"u[{req.index},{k}]")
            g = m.new_int_var(0, limit, f"g[{req.index},{k}]")
            m.add(g >= 1).only_enforce_if(used)
            m.add(g == 0).only_enforce_if(~used)
            m.add_implication(used, placed)
            for w in firsts:
                if not ok[w]:
                    m.add_bool_or([~used, ~choice[w]])
            wiv = m.new_optional_fixed_size_interval_var(fw, w_len, used, "")
            posts.append(PostVars(k, used, g, limit, wiv))
        m.add(sum(pv.headcount for pv in posts) == req.headcount * placed)
        spw = p.calendar.slots_per_week
        civ = m.new_optional_fixed_size_interval_var(spw * fw, spw * w_len, placed, f"i{name}")
        return InternshipVars(req.index, w_len, placed, fw, choice, posts, civ)

    # ------------------------------------------------------------------ iteration

    def all_sessions(self) -> list[SessionVars]:
        """Every modelled session, request by request in index order."""
        return [sv for r in sorted(self.sessions) for sv in self.sessions[r]]
