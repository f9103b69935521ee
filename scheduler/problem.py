"""The compiled problem: plain indexed arrays that solvers consume.

Built once from a *validated* scenario by :func:`scheduler.compile.compile_scenario`.
Everything is referred to by dense 0-based indices (position in the scenario's
lists); time by the global slot index of :mod:`scheduler.calendar`. No pydantic
object lives in here, so the solver never depends on the document format.

Also holds :class:`Solution`, the plain answer every solver returns, which
:mod:`scheduler.build` turns into a ``Schedule`` document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from scheduler.calendar import CalendarIndex


@dataclass(frozen=True, slots=True)
class CResource:
    """A resource for solvers: ids as indices, windows as slot masks (built by ``compile``)."""

    id: str
    kind: str  # lab | workshop | training_base | internship_post
    capacity: int
    overflow: int
    shareable: bool
    site: int
    owner: int  # institution index
    available: np.ndarray  # bool (n_slots,): availability and open days
    owner_only: np.ndarray  # bool (n_slots,): owner_windows slots
    week_available: np.ndarray  # bool (n_weeks,): availability read by week (posts)
    name: str = ""  # what people call it (explanations name it by this)


@dataclass(frozen=True, slots=True)
class CInstructor:
    """An instructor for solvers; ``max_slots_per_week`` ``None`` means no weekly limit."""

    id: str
    institution: int
    site: int
    available: np.ndarray  # bool (n_slots,), open days included
    max_slots_per_week: int | None
    name: str = ""


@dataclass(frozen=True, slots=True)
class CCohort:
    """A cohort for solvers; ``home_site`` is where travel to its sessions starts."""

    id: str
    institution: int
    size: int
    home_site: int  # site of the cohort's institution
    available: np.ndarray  # bool (n_slots,), open days included
    name: str = ""


@dataclass(frozen=True, slots=True)
class CSessionRequest:
    """A ``kind: sessions`` request with its candidate sets precomputed.

    ``resource_starts[k, t]`` says whether a session may start at slot ``t`` in candidate
    resource ``resources[k]``: the request's own start set (window, every cohort's
    availability, open day, within one day) intersected with that resource's
    availability over the whole span and, for sessions that are not entirely the
    owner's, outside its ``owner_windows``.
    """

    index: int  # position in scenario.requests
    id: str
    cohorts: tuple[int, ...]
    institutions: tuple[int, ...]  # distinct institutions of the cohorts
    n_sessions: int
    duration: int
    headcount: int
    priority: int
    required: bool
    pattern: str  # free | weekly | block
    max_per_week: int | None
    min_days_apart: int
    min_days: int
    split: bool
    needs_instructor: bool
    starts: np.ndarray  # bool (n_slots,): window & cohorts & open & fits in a day
    resources: np.ndarray  # int (n_cand,): candidate resource indices
    resource_starts: np.ndarray  # bool (n_cand, n_slots)
    #: int: resources that match on kind, features, candidate list, open_to and size,
    #: whatever the time; ``resources`` keeps those with a start left (reasons tell them apart)
    matching: np.ndarray
    travel_minutes: np.ndarray  # int (n_cand,): sum over cohorts of home -> resource site
    instructors: np.ndarray  # int: candidate instructor indices (empty if none needed)
    after: tuple[int, ...]  # scenario.requests positions that must end before this starts
    prefer_resources: frozenset[int] | None
    prefer_starts: np.ndarray | None  # bool (n_slots,): whole span inside prefer.windows
    prefer_weight: int
    title: str = ""  # what people call it (explanations name it by this)

    @property
    def units_per_session(self) -> int:
        """Priority-weighted demand of one session: priority x duration."""
        return self.priority * self.duration


@dataclass(frozen=True, slots=True)
class CInternship:
    """A ``kind: internship`` request: all or nothing, over consecutive whole weeks."""

    index: int
    id: str
    cohorts: tuple[int, ...]
    institutions: tuple[int, ...]
    headcount: int
    weeks: int
    priority: int
    required: bool
    first_weeks: np.ndarray  # bool (n_weeks,): 0-based first weeks whose whole run fits
    posts: np.ndarray  # int: candidate internship_post resource indices
    after: tuple[int, ...]
    #: bool (len(posts), n_weeks): weeks each post may hold these interns: its
    #: availability read by week, less the weeks its ``owner_windows`` touch unless the
    #: interns are all the owner's (an internship takes every slot of its weeks)
    post_weeks: np.ndarray
    #: 1-based weeks of its window closed throughout: they break every run of weeks,
    #: which explanations say (:func:`scheduler.compile.closed_weeks_in_window`)
    closed_weeks: tuple[int, ...] = ()
    title: str = ""

    @property
    def units(self) -> int:
        """Priority-weighted demand when placed: priority x weeks."""
        return self.priority * self.weeks


CRequest = CSessionRequest | CInternship


@dataclass(frozen=True, slots=True)
class Problem:
    """A validated scenario as dense arrays and indices, so solvers never read the documents."""

    name: str
    calendar: CalendarIndex
    weights: dict[str, int]
    institutions: tuple[str, ...]
    sites: tuple[str, ...]
    travel: np.ndarray  # float (n_sites, n_sites) minutes, inf when unreachable
    resources: tuple[CResource, ...]
    instructors: tuple[CInstructor, ...]
    cohorts: tuple[CCohort, ...]
    requests: tuple[CRequest, ...]  # same order as scenario.requests
    #: names of ``institutions`` and ``sites``, same order ("" where none is given): what
    #: explanations call them (:mod:`solver.words.names`)
    institution_names: tuple[str, ...] = ()
    site_names: tuple[str, ...] = ()

    @property
    def session_requests(self) -> list[CSessionRequest]:
        """The ``kind: sessions`` requests, in scenario order (a new list on each access)."""
        return [r for r in self.requests if isinstance(r, CSessionRequest)]

    @property
    def internships(self) -> list[CInternship]:
        """The internship requests, in scenario order (a new list on each access)."""
        return [r for r in self.requests if isinstance(r, CInternship)]

    @property
    def has_travel(self) -> bool:
        """Whether some two sites are apart (travel time, or no path at all)."""
        if len(self.sites) < 2:
            return False
        off_diagonal = ~np.eye(len(self.sites), dtype=bool)
        return bool((self.travel[off_diagonal] > 0).any())

    def demand_units(self) -> np.ndarray:
        """int (n_institutions,): priority-weighted demand each institution asked for."""
        out = np.zeros(len(self.institutions), dtype=np.int64)
        for r in self.requests:
            units = (
                r.units_per_session * r.n_sessions if isinstance(r, CSessionRequest) else r.units
            )
            for i in r.institutions:
                out[i] += units
        return out


# --------------------------------------------------------------------------- answers


@dataclass(frozen=True, slots=True)
class PartAssignment:
    """One part of a solved session: resource index, people in it, optional instructor index."""

    resource: int
    headcount: int
    instructor: int | None = None


@dataclass(frozen=True, slots=True)
class SessionAssignment:
    """One solved session in indices; :mod:`scheduler.build` turns it into a ``Session``."""

    request: int  # position in problem.requests
    index: int  # 1-based session number within the request
    start: int  # global slot
    parts: tuple[PartAssignment, ...]


@dataclass(frozen=True, slots=True)
class PlacementAssignment:
    """Interns on one post for a run of weeks, in indices; ``first_week`` is 0-based."""

    request: int
    resource: int
    headcount: int
    first_week: int  # 0-based
    weeks: int


@dataclass(frozen=True, slots=True)
class UnmetAssignment:
    """A request not met in full, in indices; becomes an ``unmet`` entry of the schedule."""

    request: int
    missing: int  # sessions, or people for internships
    reason: str  # a code of docs/reasons.md
    message: str  # English, as the spec's ``message``
    #: the same sentence in other languages (``{"zh": ...}``); empty when not known
    messages: dict[str, str] = field(default_factory=dict, hash=False)


@dataclass(slots=True)
class Solution:
    """What a solver returns, in indices. ``status`` is a spec status string."""

    status: str
    sessions: list[SessionAssignment] = field(default_factory=list)
    placements: list[PlacementAssignment] = field(default_factory=list)
    objective: float | None = None
    bound: float | None = None
    solve_seconds: float = 0.0
    solver: str = ""
    unmet: list[UnmetAssignment] = field(default_factory=list)
    #: (items, English message, the message in other languages)
    conflicts: list[tuple[list[str], str, dict[str, str]]] = field(default_factory=list)
    metrics: dict[str, Any] = field(default_factory=dict)
