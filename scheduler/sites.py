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

    networkx's Floyd-Warshall over numpy arrays: its time depends on the sites only
    (under a second at :data:`~scheduler.models.MAX_SITES`), where its Dijkstra from
    every site took seconds on a long chain or a dense graph, several times per solve
    (a size audit).
    """
    ids = [s.id for s in scenario.sites]
    g = site_graph(scenario).subgraph(ids)
    return nx.floyd_warshall_numpy(g, nodelist=ids, weight="minutes")
