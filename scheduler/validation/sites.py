"""The site graph: travel edges, sites no path joins, cohorts far from every candidate."""

from __future__ import annotations

import networkx as nx

from scheduler.models import Cohort
from scheduler.validation.base import ValidatorBase
from scheduler.validation.phrasing import names


class SiteChecks(ValidatorBase):
    """Travel edges and the sites' connected components."""

    def check_travel(self) -> None:
        """Warn about self-loops, repeated pairs and groups of sites that no path joins.

        Also fills ``site_component``, which :meth:`reachable` reads: it must run first.
        """
        sites = self.index["site"]
        pairs: dict[frozenset[str], int] = {}
        # The shortest time of each pair so far: a third edge is compared with it, not
        # only with the first edge (which may be the longer one).
        shortest: dict[frozenset[str], float] = {}
        g = nx.Graph()
        g.add_nodes_from(sites)
        for i, e in enumerate(self.s.travel):
            if e.from_ == e.to:
                self.warn(f"travel[{i}]", f"travel from site '{e.from_}' to itself is ignored")
                continue
            key = frozenset((e.from_, e.to))
            if key in pairs:
                k = pairs[key]
                best = min(e.minutes, shortest[key])
                self.warn(
                    f"travel[{i}]",
                    f"travel[{k}] already joins '{e.from_}' and '{e.to}'; "
                    f"the shorter time ({best} minutes) is used",
                )
            pairs.setdefault(key, i)
            shortest[key] = min(e.minutes, shortest.get(key, e.minutes))
            if e.from_ in sites and e.to in sites:
                g.add_edge(e.from_, e.to)
        self.site_component = {}
        components = sorted(
            (sorted(c, key=sites.__getitem__) for c in nx.connected_components(g)),
            key=lambda c: sites[c[0]],
        )
        for n, comp in enumerate(components):
            for sid in comp:
                self.site_component[sid] = n
        if len(components) > 1:
            groups = " | ".join("{" + ", ".join(c) + "}" for c in components)
            self.warn(
                "travel",
                f"no travel path between these groups of sites: {groups}; a cohort or "
                "instructor never has sessions in two groups on the same day",
            )

    def reachable(self, a: str, b: str) -> bool:
        """Whether a travel path joins sites ``a`` and ``b``; an unknown site reaches nothing.
        Needs :meth:`check_travel` to have run.
        """
        return self.site_component.get(a, -1) == self.site_component.get(b, -2)

    def check_reach(self, path: str, cohorts: list[Cohort], cands: list[int]) -> None:
        """Warn when a cohort's home site has no travel path to any candidate's site."""
        sites = list(
            dict.fromkeys(
                self.s.resources[k].site
                for k in cands
                if self.s.resources[k].site in self.index["site"]
            )
        )
        if not sites:
            return
        for c in cohorts:
            inst = self.s.institutions[self.index["institution"][c.institution]]
            if inst.site not in self.index["site"]:
                continue
            if not any(self.reachable(inst.site, s) for s in sites):
                self.warn(
                    path,
                    f"cohort '{c.id}' is based at site '{inst.site}', which has no travel path "
                    f"to any candidate resource's site ({names(sites)}); add a 'travel' edge "
                    "(the trip is costed as a full day)",
                )
