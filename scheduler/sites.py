"""The site graph: shortest travel times between sites (networkx Dijkstra)."""

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
    """float (n_sites, n_sites) of shortest travel minutes; ``inf`` where no path exists."""
    ids = [s.id for s in scenario.sites]
    pos = {sid: i for i, sid in enumerate(ids)}
    m = np.full((len(ids), len(ids)), np.inf)
    g = site_graph(scenario)
    for src, dists in nx.all_pairs_dijkstra_path_length(g, weight="minutes"):
        if src not in pos:
            continue
        for dst, d in dists.items():
            if dst in pos:
                m[pos[src], pos[dst]] = d
    np.fill_diagonal(m, 0.0)
    return m
