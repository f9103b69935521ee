"""What one relaxation's build holds: the LP, and the items each capacity row, chain
and fairness row will sum."""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from scheduler.problem import Problem
from solver.cpsat import chains
from solver.cpsat.indexed_bound.layout import resource_classes
from solver.cpsat.indexed_bound.lp import IndexedLp, Item, Pairs


class BuildState:
    """State of one relaxation: the LP and the items each capacity row will sum."""

    def __init__(self, problem: Problem, merge: bool, days: int, weekly_slots: bool) -> None:
        cal = problem.calendar
        self.weekly_slots = weekly_slots
        self.problem = problem
        self.lp = IndexedLp()
        self.w = problem.weights
        self.spd = cal.slots_per_day
        self.width = days * cal.slots_per_day
        self.n_buckets = cal.n_slots // self.width
        self.per_week = cal.days_per_week // days  # buckets per week
        self.cls = resource_classes(problem, merge)
        self.per_inst: dict[int, Pairs] = defaultdict(list)
        self.res_items: dict[tuple[int, int], list[Item]] = defaultdict(list)
        self.coh_items: dict[tuple[int, int], list[Item]] = defaultdict(list)
        self.teach_items: dict[tuple[frozenset[int], int], list[Item]] = defaultdict(list)
        #: (cohort, week) -> slots its sessions take that week (internships block it)
        self.coh_week: dict[tuple[int, int], Pairs] = defaultdict(list)
        self.runs: dict[int, chains.Run] = {}  # request position -> its run, for chains
        #: request position -> (column, its resources' positions), for the hint
        self.in_class: dict[int, list[tuple[int, tuple[int, ...]]]] = defaultdict(list)
        self._span: dict[tuple[int, int], np.ndarray] = {}

    def span_ok(self, i: int, d: int) -> np.ndarray:
        """Starts from which instructor ``i`` is available for ``d`` slots, cached per (instructor,
        duration) since many requests share them.
        """
        if (i, d) not in self._span:
            cal = self.problem.calendar
            self._span[i, d] = cal.span_ok(self.problem.instructors[i].available, d)
        return self._span[i, d]
