"""Quantities derived from a session's start, built lazily, once, by the families that need them.

Day, week, calendar day, slot of the day, start literals and site literals cost
variables and constraints: a model creates them only for the sessions a rule reads them
of. :class:`DerivedVariables` is the part of :class:`~solver.cpsat.variables.Variables`
that makes them; ``Variables`` creates the model, the problem and the empty caches
declared here.
"""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from scheduler.problem import CSessionRequest, Problem
from solver.cpsat.bundles import IntVar, LinearExprT, SessionVars


class DerivedVariables:
    """Lazily built derived variables of the sessions of one model (a mixin of
    :class:`~solver.cpsat.variables.Variables`)."""

    model: cp_model.CpModel
    problem: Problem
    start_literal_budget: int
    _true: IntVar | None
    _day: dict[int, IntVar]
    _week: dict[int, IntVar]
    _pos: dict[int, IntVar]
    _poslits: dict[int, dict[int, IntVar]]
    _sites: dict[int, dict[int, IntVar]]
    _startlits: dict[int, dict[int, IntVar] | None]

    def true(self) -> IntVar:
        """A literal fixed to true, created on first use (the one position literal of a session that
        can start at only one slot of the day).
        """
        if self._true is None:
            self._true = self.model.new_bool_var("true")
            self.model.add(self._true == 1)
        return self._true

    @staticmethod
    def _key(sv: SessionVars) -> int:
        return id(sv)

    def day(self, sv: SessionVars) -> IntVar:
        """Global day index of the session's start.

        Defined linearly, ``start = slots_per_day * day + pos`` with ``0 <= pos <=
        slots_per_day - duration``, which pins ``day = start // slots_per_day`` without a
        division constraint.
        """
        key = self._key(sv)
        if key not in self._day:
            cal = self.problem.calendar
            spd = cal.slots_per_day
            days = sorted({int(t) // spd for t in np.flatnonzero(sv.starts)})
            v = self.model.new_int_var_from_domain(cp_model.Domain.from_values(days or [0]), "")
            pos = self.model.new_int_var(0, max(0, spd - sv.duration), "")
            self.model.add(sv.start == spd * v + pos)
            self._day[key] = v
            self._pos[key] = pos
        return self._day[key]

    def position(self, sv: SessionVars) -> IntVar:
        """0-based slot of the day the session starts in."""
        self.day(sv)
        return self._pos[self._key(sv)]

    def week(self, sv: SessionVars) -> IntVar:
        """0-based week of the session's start: ``day = days_per_week * week + weekday``."""
        key = self._key(sv)
        if key not in self._week:
            cal = self.problem.calendar
            weeks = sorted({int(t) // cal.slots_per_week for t in np.flatnonzero(sv.starts)})
            v = self.model.new_int_var_from_domain(cp_model.Domain.from_values(weeks or [0]), "")
            dow = self.model.new_int_var(0, cal.days_per_week - 1, "")
            self.model.add(self.day(sv) == cal.days_per_week * v + dow)
            self._week[key] = v
        return self._week[key]

    def calendar_day(self, sv: SessionVars) -> LinearExprT:
        """Day counted 7 per week (``min_days_apart``): ``day + (7 - days_per_week) * week``."""
        cal = self.problem.calendar
        gap = 7 - cal.days_per_week
        if gap == 0:
            return self.day(sv)
        return self.day(sv) + gap * self.week(sv)

    def position_literals(self, sv: SessionVars) -> dict[int, IntVar]:
        """Slot of the day -> literal "the session starts there" (one-hot)."""
        key = self._key(sv)
        if key not in self._poslits:
            spd = self.problem.calendar.slots_per_day
            positions = sorted({int(t) % spd for t in np.flatnonzero(sv.starts)})
            pos = self.position(sv)
            if len(positions) == 1:
                lits = {positions[0]: self.true()}
            else:
                lits = {k: self.model.new_bool_var("") for k in positions}
                self.model.add_exactly_one(lits.values())
                self.model.add(pos == sum(k * lit for k, lit in lits.items()))
            self._poslits[key] = lits
        return self._poslits[key]

    def start_literals(self, sv: SessionVars) -> dict[int, IntVar] | None:
        """Start -> literal "the session starts there" (all false when it is absent).

        The time-indexed view: terms that count days or neighbours per slot become
        linear sums of these literals, far tighter than the same terms over ``start``.
        ``None`` when the session has no candidate or the model's budget of such
        literals (:data:`START_LITERAL_BUDGET`) is spent; callers then use ``start``.
        """
        key = self._key(sv)
        if key not in self._startlits:
            ts = [int(t) for t in np.flatnonzero(sv.starts)]
            if not sv.parts or len(ts) > max(1, self.start_literal_budget):
                self._startlits[key] = None
                return None
            self.start_literal_budget -= len(ts)
            m = self.model
            if len(ts) == 1:
                lits = {ts[0]: sv.present}
            else:
                lits = {t: m.new_bool_var("") for t in ts}
                m.add(sum(lits.values()) == sv.present)
                for t, lit in lits.items():
                    m.add(sv.start == t).only_enforce_if(lit)
            self._startlits[key] = lits
        return self._startlits[key]

    def existing_start_literals(self, sv: SessionVars) -> dict[int, IntVar] | None:
        """The start literals of ``sv`` if a term has created them (never creates)."""
        return self._startlits.get(self._key(sv))

    def at_sites(self, sv: SessionVars) -> dict[int, IntVar]:
        """Site -> literal "some part of the session is at this site" (implies presence)."""
        key = self._key(sv)
        if key not in self._sites:
            by_site: dict[int, list[IntVar]] = {}
            for part in sv.parts:
                by_site.setdefault(self.problem.resources[part.resource].site, []).append(
                    part.present
                )
            out: dict[int, IntVar] = {}
            for site, lits in by_site.items():
                if len(lits) == 1:
                    out[site] = lits[0]
                elif len(by_site) == 1 and not self._split(sv):
                    out[site] = sv.present
                else:
                    v = self.model.new_bool_var("")
                    self.model.add_max_equality(v, lits)
                    out[site] = v
            self._sites[key] = out
        return self._sites[key]

    def _split(self, sv: SessionVars) -> bool:
        req = self.problem.requests[sv.request]
        return isinstance(req, CSessionRequest) and req.split
