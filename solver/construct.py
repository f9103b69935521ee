"""First schedules for the optimizer: greedy placement under other service orders.

First-come-first-served (:mod:`solver.greedy`) is the baseline planners compare
against, and it stays the floor the optimizer never goes below. It need not be where
the optimizer starts: within a priority, serving first the requests with the fewest
options (a weekly chain, a single lab, a narrow window) leaves the flexible ones the
room they can still use. Generated tiers, seed 1 (objective; FCFS first):

========  ===========  ==============  ==============  =========================
tier      FCFS         least flexible  patterns first  least flexible per slot
========  ===========  ==============  ==============  =========================
S         1,461,710    1,458,860       1,477,180       1,458,860
M         21,482,740   21,714,945      21,716,855      21,538,675
L         107,024,055  108,107,090     107,956,025     107,931,545
========  ===========  ==============  ==============  =========================

More than two minutes of CP-SAT neighbourhood steps gained on M and L (21,561,855 and
107,036,505 from FCFS). Which order wins differs by scenario, so each is built (one
greedy run each) while the time allows and the best is kept: large terms start from it,
and every answer is compared with it. A whole CP-SAT model is still hinted with FCFS,
which served it better (S/1 at 120 s: 1,543,080-1,545,310 against 1,532,140-1,533,700).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from scheduler.problem import CSessionRequest, Problem, Solution
from solver.greedy import meets_required, request_order, serve
from solver.scoring import objective_of

log = logging.getLogger(__name__)

_PATTERN_RANK = {"weekly": 0, "block": 1, "free": 2}


def options(problem: Problem, per_slot: bool = False) -> Callable[[int], float]:
    """Request -> its (resource, start) pairs per session (per slot of a session).

    An internship (whole weeks, all or nothing) counts as having no options: it is served
    first within its priority."""

    def key(r: int) -> float:
        """Options per session (per slot of it with ``per_slot``): fewer sorts first; an internship
        gets -1, ahead of every session request.
        """
        req = problem.requests[r]
        if not isinstance(req, CSessionRequest):
            return -1.0
        per = req.n_sessions * (req.duration if per_slot else 1)
        return int(req.resource_starts.sum()) / max(1, per)

    return key


def _patterns_first(problem: Problem) -> Callable[[int], Any]:
    per_session = options(problem)

    def key(r: int) -> tuple[int, float]:
        """Weekly requests before block ones before free ones (internships first of all), then
        fewest options per session.
        """
        req = problem.requests[r]
        rank = _PATTERN_RANK.get(req.pattern, 2) if isinstance(req, CSessionRequest) else -1
        return rank, per_session(r)

    return key


#: Name -> tie-break within a priority (request index -> sort key), tried in this order.
ORDERS: dict[str, Callable[[Problem], Callable[[int], Any]]] = {
    "least_flexible": options,
    "patterns_first": _patterns_first,
    "least_flexible_per_slot": lambda p: options(p, per_slot=True),
}


@dataclass(frozen=True, slots=True)
class Start:
    """A schedule to start the optimizer from, its objective and the order that built it."""

    solution: Solution
    objective: float
    order: str


def best_start(
    problem: Problem,
    greedy: Solution,
    greedy_objective: float,
    seconds: float,
    now: Callable[[], float] = time.perf_counter,
    expected: float = 0.0,
) -> Start:
    """Greedy's schedule, or a better one built under :data:`ORDERS` within ``seconds``
    (of ``now``'s clock: wall seconds, or work units, :mod:`solver.clock`).

    An order is tried only while the time left holds another run as long as the
    slowest so far, or than ``expected`` (greedy's own run) before the first: the
    first used to run whatever ``seconds`` was. A schedule meeting every required
    request beats one that does not, whatever the objectives.
    """
    best = Start(greedy, greedy_objective, "fcfs")
    best_ok = meets_required(problem, greedy)
    began = now()
    slowest = max(0.0, expected)
    for name, make in ORDERS.items():
        if now() - began + slowest > seconds:
            break
        t, wall = now(), time.perf_counter()
        solution = serve(problem, request_order(problem, make(problem)))
        value = float(objective_of(problem, solution)[0])
        ok = meets_required(problem, solution)
        slowest = max(slowest, now() - t)
        log.info("construction %s: %s in %.2fs", name, value, time.perf_counter() - wall)
        if (ok, value) > (best_ok, best.objective):
            best, best_ok = Start(solution, value, name), ok
    return best
