"""How much of the shared capacity a scenario asks for: the demand ratio.

Unit: the *room-slot*, one room for one slot. A session part occupies a room for each of
its slots, so a session request demands::

    sessions x duration x parts

where ``parts`` is 1, or for a ``split`` request that no single candidate can hold, the
fewest candidates whose capacities (plus overflow) add up to the headcount. An exclusive
resource supplies one room-slot per usable slot; a shareable one (a training base) holds
several cohorts at once and supplies ``capacity / mean headcount`` rooms per usable slot
(the mean over the requests that may use it), at least one.

A slot of a resource is *usable* when the resource is available (open day, its
``available``) and some request that may use the resource (a candidate as in
:func:`scheduler.compile.resource_admits`, the headcount fitting unless split) could
attend then (its window and every cohort's ``available``); requests that are not
entirely the owner's do not count ``owner_windows`` slots. Evening hours of a lab that
no evening cohort can use are therefore not counted as capacity.

``overall`` is total demand over total supply of the session resources. Per feature,
demand of the requests that need the feature over supply of the resources that have
it; ``max_ratio`` is the tightest feature. Internships are counted apart, in
person-weeks: interns x weeks over post capacity x usable weeks. The ratio ignores
instructors, travel and patterns, so a scenario at ratio 0.9 is usually tighter than
it looks, and one above 1 cannot be met in full.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import partial

import numpy as np

from scheduler.calendar import CalendarIndex
from scheduler.models import Request, RequestKind, ResourceKind, Scenario, Window

_POST = ResourceKind.INTERNSHIP_POST.value


@dataclass(frozen=True, slots=True)
class CapacityReport:
    """Demand against capacity; see the module docstring for the units."""

    overall: float
    demand: float  # room-slots asked for by session requests
    supply: float  # usable room-slots of session resources
    by_feature: dict[str, float] = field(default_factory=dict)
    max_feature: str | None = None
    max_ratio: float = 0.0
    internships: float = 0.0  # intern person-weeks / post person-weeks


def demand_ratio(scenario: Scenario) -> float:
    """Overall demanded room-slots / usable room-slots of the session resources."""
    return capacity_report(scenario).overall


def capacity_report(scenario: Scenario) -> CapacityReport:
    """Demand against usable supply of ``scenario``: overall, per feature and for internships
    (units in the module docstring); what ``trainshare generate`` prints.
    """
    return _Measure(scenario).run()


def min_parts(headcount: int, rooms: list[int]) -> int:
    """Fewest rooms (largest first) holding ``headcount`` people; 0 when they cannot."""
    total = 0
    for n, room in enumerate(sorted(rooms, reverse=True), start=1):
        total += room
        if total >= headcount:
            return n
    return 0


class _Measure:
    def __init__(self, scenario: Scenario) -> None:
        self.s = scenario
        self.cal = CalendarIndex.from_calendar(scenario.calendar)
        self.open = self.cal.open_slots()
        self._masks: dict[str, np.ndarray] = {}
        res = scenario.resources
        self.n_res = len(res)
        self.inst_pos = {x.id: i for i, x in enumerate(scenario.institutions)}
        self.kind = np.array([r.kind.value for r in res], dtype=object)
        self.ids = np.array([r.id for r in res], dtype=object)
        self.room = np.array([r.capacity + r.overflow for r in res], dtype=np.int64)
        self.owner = np.array([self.inst_pos.get(r.owner, -1) for r in res], dtype=np.int64)
        self.avail = np.array(
            [self.mask(r.available) & self.open for r in res], dtype=bool
        ).reshape(self.n_res, self.cal.n_slots)
        self.owner_only = np.array(
            [
                self.mask(r.owner_windows)
                if r.owner_windows is not None
                else np.zeros(self.cal.n_slots, dtype=bool)
                for r in res
            ],
            dtype=bool,
        ).reshape(self.n_res, self.cal.n_slots)
        self.guest_avail = self.avail & ~self.owner_only
        self.has: dict[str, np.ndarray] = {}
        for k, r in enumerate(res):
            for f in r.features:
                self.has.setdefault(f, np.zeros(self.n_res, dtype=bool))[k] = True
        self.admit = np.ones((self.n_res, len(scenario.institutions)), dtype=bool)
        for k, r in enumerate(res):
            if r.open_to is not None:
                self.admit[k, :] = False
                for i in [*r.open_to, r.owner]:
                    if i in self.inst_pos:
                        self.admit[k, self.inst_pos[i]] = True
        self.cohorts = {c.id: c for c in scenario.cohorts}

    def mask(self, windows: list[Window] | None) -> np.ndarray:
        """Slot mask of ``windows``, memoised by content: many requests and resources share them."""
        key = "*" if windows is None else json.dumps([w.model_dump() for w in windows])
        if key not in self._masks:
            self._masks[key] = self.cal.window_mask(windows)
        return self._masks[key]

    def candidates(self, req: Request, insts: list[int], internship: bool) -> np.ndarray:
        """bool (n_resources,): resources that may serve ``req`` whatever the time (kind, list,
        features, ``open_to``), read as ``resource_admits`` reads them; size is not checked.
        """
        ok = (self.kind == _POST) if internship else (self.kind != _POST)
        if req.resource_kinds is not None:
            ok &= np.isin(self.kind, [k.value for k in req.resource_kinds])
        if req.resources is not None:
            ok &= np.isin(self.ids, req.resources)
        for f in req.needs:
            ok &= self.has.get(f, np.zeros(self.n_res, dtype=bool))
        for i in insts:
            ok &= self.admit[:, i]
        return ok

    def run(self) -> CapacityReport:
        """Measure demand and usable supply over every request (see the module docstring)."""
        n_slots = self.cal.n_slots
        used_own = np.zeros((self.n_res, n_slots), dtype=bool)
        used_guest = np.zeros((self.n_res, n_slots), dtype=bool)
        heads: list[list[int]] = [[] for _ in range(self.n_res)]
        demand_by_feature: dict[str, float] = {}
        demand = 0.0
        intern_demand = 0.0
        post_weeks = np.zeros((self.n_res, self.cal.n_weeks), dtype=bool)
        for req in self.s.requests:
            cohorts = [self.cohorts[c] for c in req.cohort_ids if c in self.cohorts]
            if not cohorts:
                continue
            insts = sorted({self.inst_pos[c.institution] for c in cohorts})
            size = sum(c.size for c in cohorts)
            if req.kind is RequestKind.INTERNSHIP:
                weeks = self.cal.week_mask(req.window, closed_days_matter=False)
                intern_demand += size * (req.weeks or 0)
                for k in np.flatnonzero(self.candidates(req, insts, internship=True)).tolist():
                    post_weeks[k] |= weeks
                continue
            headcount = req.headcount or size
            units, cands, m = self.session_demand(req, cohorts, insts, headcount)
            demand += units
            for f in req.needs:
                demand_by_feature[f] = demand_by_feature.get(f, 0.0) + units
            for k in cands:
                own = len(insts) == 1 and insts[0] == self.owner[k]
                (used_own if own else used_guest)[k] |= m
                heads[k].append(headcount)
        usable = self.avail & (used_own | (used_guest & ~self.owner_only))
        rooms = np.ones(self.n_res)
        for k, r in enumerate(self.s.resources):
            if r.shareable and heads[k]:
                rooms[k] = max(1.0, r.capacity / float(np.mean(heads[k])))
        supply_r = usable.sum(axis=1) * rooms
        sessions = self.kind != _POST
        supply = float(supply_r[sessions].sum())
        by_feature = {}
        for f, d in sorted(demand_by_feature.items()):
            s = float(supply_r[sessions & self.has.get(f, np.zeros(self.n_res, bool))].sum())
            by_feature[f] = d / s if s > 0 else float("inf")
        max_feature = max(by_feature, key=lambda f: by_feature[f]) if by_feature else None
        weeks_of = partial(self.cal.week_mask, closed_days_matter=False)
        post_cap = np.array(
            [
                (r.capacity * (weeks_of(r.available) & post_weeks[k]).sum())
                if r.kind.value == _POST
                else 0
                for k, r in enumerate(self.s.resources)
            ],
            dtype=float,
        )
        intern_supply = float(post_cap.sum())
        return CapacityReport(
            overall=demand / supply if supply > 0 else (0.0 if demand == 0 else float("inf")),
            demand=demand,
            supply=supply,
            by_feature=by_feature,
            max_feature=max_feature,
            max_ratio=by_feature[max_feature] if max_feature else 0.0,
            internships=intern_demand / intern_supply if intern_supply > 0 else 0.0,
        )

    def session_demand(
        self, req: Request, cohorts: list, insts: list[int], headcount: int
    ) -> tuple[float, np.ndarray, np.ndarray]:
        """(room-slots demanded, candidate resources that can ever host it, its slot mask)."""
        m = self.mask(req.window) & self.open
        for c in cohorts:
            m = m & self.mask(c.available)
        ok = self.candidates(req, insts, internship=False)
        if not req.split:
            ok &= self.room >= headcount
        cands = [
            int(k)
            for k in np.flatnonzero(ok)
            if (
                self.avail[k]
                if (len(insts) == 1 and insts[0] == self.owner[k])
                else self.guest_avail[k]
            )[m].any()
        ]
        parts = 1
        if req.split and cands and int(self.room[cands].max()) < headcount:
            parts = min_parts(headcount, [int(x) for x in self.room[cands]]) or len(cands)
        return float((req.sessions or 0) * req.duration * parts), np.array(cands, int), m
