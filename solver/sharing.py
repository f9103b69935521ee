"""Which requests compete, for neighbourhood searches (:mod:`solver.cpsat.lns`,
:mod:`solver.recreate`): a neighbourhood grown along shared cohorts, resources,
instructors and order constraints holds requests whose bookings can trade places."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable

from scheduler.problem import CSessionRequest, Problem, Solution

#: Peers drawn per shared entity when a neighbourhood grows past a request.
PEERS_PER_ENTITY = 8


class SharingGraph:
    """Which requests compete: they share a cohort, a candidate resource or instructor."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.by_entity: dict[tuple[str, int], list[int]] = defaultdict(list)
        self.entities: list[list[tuple[str, int]]] = []
        for r, req in enumerate(problem.requests):
            ents = [("c", c) for c in req.cohorts]
            pool = req.resources if isinstance(req, CSessionRequest) else req.posts
            ents += [("r", int(k)) for k in pool.tolist()]
            if isinstance(req, CSessionRequest):
                ents += [("i", int(i)) for i in req.instructors.tolist()]
            ents += [("q", a) for a in req.after]
            ents.append(("q", r))
            self.entities.append(ents)
            for e in ents:
                self.by_entity[e].append(r)

    def size(self, r: int) -> int:
        """Sessions ``r`` adds to a neighbourhood's size (an internship counts one)."""
        req = self.problem.requests[r]
        return req.n_sessions if isinstance(req, CSessionRequest) else 1

    def grow(self, seeds: list[int], target: int, rnd: random.Random) -> list[int]:
        """Requests reached from ``seeds`` through shared entities, up to ``target`` sessions.

        Each step draws the next request uniformly among up to ``PEERS_PER_ENTITY``
        peers per entity of every request chosen so far. The frontier holds the
        entities' peer lists (each as many times as peers it offers) rather than the
        peers: a request on L has ~50 entities, and drawing their peers up front cost
        ~3 ms a neighbourhood, most of them never used.
        """
        chosen: list[int] = []
        seen: set[int] = set()
        frontier: list[list[int]] = [[r] for r in seeds]
        total = 0
        while frontier and total < target:
            # a uniform draw (swapped to the end, then popped: O(1))
            i = rnd.randrange(len(frontier))
            frontier[i], frontier[-1] = frontier[-1], frontier[i]
            peers = frontier.pop()
            r = peers[rnd.randrange(len(peers))] if len(peers) > 1 else peers[0]
            if r in seen:
                continue
            seen.add(r)
            chosen.append(r)
            total += self.size(r)
            for e in self.entities[r]:
                peers = self.by_entity[e]
                frontier.extend([peers] * min(len(peers), PEERS_PER_ENTITY))
        return sorted(chosen)


def missing_units(problem: Problem, solution: Solution) -> dict[int, int]:
    """Request -> priority-weighted units the solution does not deliver."""
    count: dict[int, int] = defaultdict(int)
    for s in solution.sessions:
        count[s.request] += 1
    for p in solution.placements:
        count[p.request] = 1
    return units_short(problem, lambda r: count.get(r, 0))


#: (request, sessions asked or None for an internship, units per session or placement)
Asks = list[tuple[int, int | None, int]]


def asks_of(problem: Problem) -> Asks:
    """What each request asks for, read once by a search that calls :func:`units_short`
    every step."""
    return [
        (r, req.n_sessions, req.units_per_session)
        if isinstance(req, CSessionRequest)
        else (r, None, req.units)
        for r, req in enumerate(problem.requests)
    ]


def units_short(
    problem: Problem, held: Callable[[int], int], asks: Asks | None = None
) -> dict[int, int]:
    """Request -> priority-weighted units not delivered, given the sessions each request
    ``held`` (an internship: 1 when placed); ``asks`` is :func:`asks_of` if kept."""
    out: dict[int, int] = {}
    for ask in asks_of(problem) if asks is None else asks:
        miss = short_by(ask, held(ask[0]))
        if miss > 0:
            out[ask[0]] = miss
    return out


def short_by(ask: tuple[int, int | None, int], held: int) -> int:
    """Priority-weighted units one request (its :func:`asks_of` entry) lacks when it
    holds ``held`` sessions (an internship: 1 when placed)."""
    _, n, units = ask
    return (0 if held else units) if n is None else (n - held) * units
