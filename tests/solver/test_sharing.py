"""Neighbourhoods grown along shared cohorts, resources and instructors."""

from __future__ import annotations

import random

from scheduler.compile import compile_scenario
from scheduler.problem import Problem
from solver.sharing import SharingGraph
from tests.solver.cpsat.helpers import scenario, sessions_req


def two_colleges() -> Problem:
    """Requests ``a0..a5`` share lab1 (and cohorts in pairs); ``b0..b5`` share lab2:
    nothing links the two groups."""
    labs = [
        {"id": f"lab{k}", "kind": "lab", "owner": "col", "site": "s1", "capacity": 30}
        for k in (1, 2)
    ]
    cohorts = [{"id": f"c{g}{k}", "institution": "col", "size": 20} for g in "ab" for k in range(3)]
    requests = [
        sessions_req(f"{g}{k}", 2, cohort=f"c{g}{k // 2}", resources=[lab])
        for g, lab in (("a", "lab1"), ("b", "lab2"))
        for k in range(6)
    ]
    return compile_scenario(scenario(resources=labs, cohorts=cohorts, requests=requests))


def test_a_neighbourhood_grows_only_along_what_requests_share() -> None:
    problem = two_colleges()
    graph = SharingGraph(problem)
    group = {r.index: r.id[0] for r in problem.requests}
    for seed in range(20):
        start = seed % len(problem.requests)
        chosen = graph.grow([start], 100, random.Random(seed))
        # a large target reaches the whole group of the seed and nothing else
        assert {group[r] for r in chosen} == {group[start]}
        assert len(chosen) == 6 and start in chosen


def test_a_neighbourhood_stops_once_it_holds_the_target_sessions() -> None:
    problem = two_colleges()
    graph = SharingGraph(problem)
    for seed in range(20):
        chosen = graph.grow([0], 5, random.Random(seed))
        # two sessions a request: the third request reaches 6 >= 5, the second had 4 < 5
        assert len(chosen) == 3 and chosen == sorted(set(chosen))


def test_the_same_draws_grow_the_same_neighbourhood() -> None:
    problem = two_colleges()
    graph = SharingGraph(problem)
    grown = {tuple(graph.grow([3], 6, random.Random(7))) for _ in range(5)}
    assert len(grown) == 1
    # and other draws reach other members of the group
    assert len({tuple(graph.grow([3], 6, random.Random(s))) for s in range(30)}) > 1
