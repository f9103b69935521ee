"""Shortest travel times between sites: exact, and quick up to the sites' limit."""

from __future__ import annotations

import json
import random

import networkx as nx
import numpy as np

from scheduler.models import MAX_SITES, MAX_TRAVEL_MINUTES, Scenario
from scheduler.sites import site_graph, travel_matrix
from tests.conftest import SCENARIOS


def _with_sites(n: int, edges: list[tuple[int, int, float]]) -> Scenario:
    d = json.loads((SCENARIOS / "tiny.json").read_text())
    d["sites"] += [{"id": f"s{i}"} for i in range(n)]
    d["travel"] += [{"from": f"s{a}", "to": f"s{b}", "minutes": m} for a, b, m in edges]
    return Scenario.model_validate(d)


def test_the_matrix_is_the_shortest_paths_of_the_site_graph() -> None:
    """Repeated pairs keep their shortest edge, unjoined sites stay apart (``inf``)."""
    rng = random.Random(7)
    edges = [
        (rng.randrange(40), rng.randrange(40), rng.choice([5, 12.5, 40, 90])) for _ in range(80)
    ]
    scenario = _with_sites(40, edges)
    lengths = dict(nx.all_pairs_dijkstra_path_length(site_graph(scenario), weight="minutes"))
    ids = [s.id for s in scenario.sites]
    expected = np.array([[lengths[a].get(b, np.inf) for b in ids] for a in ids])
    assert np.array_equal(travel_matrix(scenario), expected)
    assert np.isinf(expected).any()  # the tiny campuses are joined to none of s0..s39


def test_the_most_sites_chain_and_dense() -> None:
    """A chain and a dense graph at the limit (how fast is measured, not asserted: the
    audit's 4-6 s per matrix with Dijkstra from every site is in the commit that set it)."""
    n = MAX_SITES - len(json.loads((SCENARIOS / "tiny.json").read_text())["sites"])
    chain = _with_sites(n, [(i, i + 1, MAX_TRAVEL_MINUTES) for i in range(n - 1)])
    dense = _with_sites(
        n, [(a, b, 1 + (a * b) % 97) for a in range(n) for b in range(a + 1, min(n, a + 60))]
    )
    assert travel_matrix(chain)[-n, -1] == (n - 1) * MAX_TRAVEL_MINUTES
    matrix = travel_matrix(dense)
    assert matrix.shape == (MAX_SITES, MAX_SITES)
    assert np.array_equal(matrix, matrix.T) and not matrix.diagonal().any()
    joined = matrix[-n:, -n:]
    for k in range(0, n, 7):  # shortest: no detour through a third site is shorter
        assert (joined <= joined[:, k, None] + joined[None, k, :]).all()
