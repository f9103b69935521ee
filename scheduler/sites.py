"""The site graph and the shortest travel times between sites."""

from __future__ import annotations

import networkx as nx
import numpy as np

from scheduler.models import Scenario


def site_graph(scenario: Scenario) -> nx.Graph:
    """Undirected graph of sites; parallel edges keep the shortest."""
    g = nx.Graph()
    g.add_nodes_from(s.id for s in scenario.sites)
    for e in scenario.travel:
        if g.has_edge(e.from_, e.to) and g[e.from_][e.to]["minutes"] <= e.minutes:
            continue
        g.add_edge(e.from_, e.to, minutes=e.minutes)
    return g


def travel_matrix(scenario: Scenario) -> np.ndarray:
    """float (n_sites, n_sites) of shortest travel minutes; ``inf`` where no path exists.

    Floyd-Warshall over numpy rows: its time depends on the sites only (0.2 s at
    :data:`~scheduler.models.MAX_SITES`), where networkx's Dijkstra from every site took
    seconds on a long chain or a dense graph, several times per solve (a size audit).
    """
    pos = {s.id: i for i, s in enumerate(scenario.sites)}
    n = len(scenario.sites)
    m = np.full((n, n), np.inf)
    for e in scenario.travel:  # parallel edges keep the shortest, as site_graph does
        a, b = pos.get(e.from_), pos.get(e.to)
        if a is not None and b is not None and e.minutes < m[a, b]:
            m[a, b] = m[b, a] = e.minutes
    np.fill_diagonal(m, 0.0)
    for k in range(n):
        np.minimum(m, m[:, k, None] + m[None, k, :], out=m)
    return m
