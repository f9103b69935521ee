"""Typed bundles of CP-SAT variables, one per thing a planner can point at.

Every session of a request is its own bundle (presence, start, interval) with one
optional part per candidate resource that can host it at some start it may take; a
part carries its own presence literal, optional interval and (with ``split``) its
headcount. Instructors are assignment literals with optional intervals: per session
(without split) or per part (with split). Internships choose a first week (one literal
per admissible week) and spread their interns over posts.

The bundles and the small helpers over start masks are what the constraint families
read; they are kept apart from :class:`~solver.cpsat.variables.Variables`, which builds
them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

IntVar = cp_model.IntVar
Interval = cp_model.IntervalVar
LinearExprT = cp_model.LinearExprT


def only_start(starts: np.ndarray) -> int | None:
    """The one True position of a start mask (a time-indexed session's start), or None
    when there are several."""
    ts = np.flatnonzero(starts)
    return int(ts[0]) if len(ts) == 1 else None


def domain_of(mask: np.ndarray) -> cp_model.Domain:
    """Sparse CP-SAT domain of the True positions of a bool mask."""
    return cp_model.Domain.from_values([int(v) for v in np.flatnonzero(mask)])


@dataclass(slots=True)
class Teach:
    """Instructor ``instructor`` teaches this session (``part is None``) or this part."""

    instructor: int
    literal: IntVar
    interval: Interval
    part: PartVars | None = None


@dataclass(slots=True)
class PartVars:
    """The share of one session held in candidate resource ``resource``."""

    resource: int  # problem.resources index
    cand: int  # position in the request's ``resources``
    present: IntVar
    interval: Interval
    headcount: IntVar | int  # the full headcount (int) without split
    max_headcount: int
    starts: np.ndarray  # bool (n_slots,): starts this part admits
    teach: list[Teach] = field(default_factory=list)  # split: one instructor per part


@dataclass(slots=True)
class SessionVars:
    """Session ``index`` (0-based) of session request ``request``."""

    request: int
    index: int
    duration: int
    present: IntVar
    start: IntVar
    interval: Interval
    starts: np.ndarray  # bool (n_slots,): the start domain
    parts: list[PartVars]
    teach: list[Teach] = field(default_factory=list)  # without split: one per session

    @property
    def end(self) -> LinearExprT:
        """End slot (exclusive): ``start + duration``."""
        return self.start + self.duration

    def all_teach(self) -> list[Teach]:
        """Instructor assignments of the session and of all its parts."""
        out = list(self.teach)
        for part in self.parts:
            out.extend(part.teach)
        return out


@dataclass(slots=True)
class PostVars:
    """The interns of one internship placed at candidate post ``resource``."""

    resource: int
    used: IntVar
    headcount: IntVar
    max_headcount: int
    week_interval: Interval  # in week units: [first_week, first_week + weeks)


@dataclass(slots=True)
class InternshipVars:
    """Variables of one internship: placed or not, its first week (0-based) with one literal per
    possible first week, its posts, and its cohorts' interval in slot units.

    With no possible first week ``placed`` is constant false, ``week_choice`` and ``posts`` empty
    and ``cohort_interval`` None.
    """

    request: int
    weeks: int
    placed: IntVar
    first_week: IntVar  # 0-based
    week_choice: dict[int, IntVar]  # first week -> literal (exactly one when placed)
    posts: list[PostVars]
    cohort_interval: Interval | None  # in slot units, whole weeks
