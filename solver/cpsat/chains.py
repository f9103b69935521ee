"""``after`` chains in the linear relaxations: runs of weeks follow one another.

Both relaxations (:mod:`solver.cpsat.bound`, :mod:`solver.cpsat.indexed_bound`) count a
request's sessions without their order, so an ``after`` chain whose requests together
need more weeks than the term has looked free to them. On a chain ``r1 -> ... -> rk``
whose requests all have sessions, each holds a run of weeks (its first session's week to
its last's) with at most ``rate`` sessions a week, and each run starts no earlier than
the week the previous one ends, later if one of the two is an internship (it spans
whole weeks). The runs add up to at most ``span + shared`` weeks, ``span`` from the
chain's earliest to its latest possible week and ``shared`` the links between two
session requests::

    sum_i sessions_i / rate_i <= span + shared     (an internship: ``weeks`` a placement)

A request with no session breaks the order (its successors need not wait for its
predecessors), so each middle request ``m`` adds ``span x (1 - sessions_m / most_m)``
to the right-hand side: split at ``e`` empty middles, the chain's pieces hold at most
``(e + 1) x span + shared`` weeks. On the M tier (seed 1) the rows take the indexed
bound from 25,717,529 to 25,518,043.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from scheduler.calendar import CalendarIndex
from scheduler.problem import CSessionRequest, Problem

Pairs = list[tuple[int, float]]  # (variable, sessions it counts)

#: At most this many chains get a row, with at most this many coefficients in all: a
#: dense precedence graph (each request after all earlier ones) has exponentially many
#: paths. Shorter chains come first (they hold fewer middle requests to relax).
MAX_CHAINS = 20_000
MAX_CHAIN_TERMS = 400_000


@dataclass(frozen=True, slots=True)
class Run:
    """What a relaxation knows of one request for its chains."""

    columns: Pairs  # the variables counting its sessions (placements: 0/1)
    weeks: frozenset[int]  # 0-based weeks its columns may fall in
    most: float  # sessions (placements) at most
    rate: float  # sessions a week at most (an internship: 1 / weeks)
    sessions: bool  # a session request (an internship spans whole weeks)


def internship_run(placed: Pairs, firsts: list[int], weeks: int, n_weeks: int) -> Run:
    """The run of an internship whose placements ``placed`` may start at ``firsts``."""
    covered = frozenset(w for f in firsts for w in range(f, min(f + weeks, n_weeks)))
    return Run(placed, covered, 1, 1 / weeks, False)


def weekly_rate(req: CSessionRequest, cal: CalendarIndex) -> int:
    """At most this many sessions of ``req`` fall in one week."""
    cap = req.n_sessions
    if req.pattern == "weekly":
        cap = 1
    elif req.max_per_week is not None:
        cap = min(cap, req.max_per_week)
    if req.pattern == "free" and req.min_days_apart >= 1:
        cap = min(cap, (cal.days_per_week - 1) // req.min_days_apart + 1)
    return cap


def chain_rows(problem: Problem, runs: dict[int, Run]) -> Iterator[tuple[Pairs, float]]:
    """``(row, right-hand side)`` for the ``after`` chains of requests in ``runs`` (request
    positions), shortest first, within :data:`MAX_CHAINS` and :data:`MAX_CHAIN_TERMS`."""
    succ: dict[int, list[int]] = defaultdict(list)
    for req in problem.requests:
        if req.index in runs:
            for q in sorted(set(req.after)):
                if q in runs:
                    succ[q].append(req.index)
    rows = terms = 0
    level = [[head] for head in sorted(succ)]
    while level:
        longer = []
        for path in level:
            for nxt in succ.get(path[-1], ()):
                if nxt in path:  # a cycle (validation rejects them): not a chain
                    continue
                chain = [*path, nxt]
                row, rhs = _row([runs[r] for r in chain])
                rows, terms = rows + 1, terms + len(row)
                if rows > MAX_CHAINS or terms > MAX_CHAIN_TERMS:
                    return
                yield row, rhs
                longer.append(chain)
        level = longer


def _row(path: list[Run]) -> tuple[Pairs, float]:
    weeks = frozenset().union(*(run.weeks for run in path))
    span = max(weeks) - min(weeks) + 1
    shared = sum(1 for a, b in itertools.pairwise(path) if a.sessions and b.sessions)
    room = span + shared + span * (len(path) - 2)
    row: dict[int, float] = {}
    for n, run in enumerate(path):
        coef = 1 / run.rate + (span / run.most if 0 < n < len(path) - 1 else 0)
        for v, c in run.columns:
            row[v] = c * coef
    return list(row.items()), room
