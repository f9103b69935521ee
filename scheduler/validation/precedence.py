"""The ``after`` graph: cycles, and required predecessors that push a request past its window."""

from __future__ import annotations

import networkx as nx
import numpy as np

from scheduler.validation.bounds import Bounds
from scheduler.validation.phrasing import plural


class PrecedenceChecks(Bounds):
    """``after`` cycles and the earliest starts required predecessors allow."""

    def check_after_graph(self) -> None:
        """Report each ``after`` cycle once, at its first request.

        No schedule holds something of every request of a cycle. With an optional member
        the solvers leave one out (reason ``precedence``); a cycle of required requests
        is requirements in conflict, which the spec answers with an ``infeasible``
        schedule naming them, so both are warnings.
        """
        pos = self.index["request"]
        g = nx.DiGraph()
        g.add_nodes_from(pos)
        for req in self.s.requests:
            for a in req.after:
                if a != req.id and a in pos:
                    g.add_edge(req.id, a)
        components = [c for c in nx.strongly_connected_components(g) if len(c) > 1]
        for comp in sorted(components, key=lambda c: min(pos[x] for x in c)):
            start = min(comp, key=pos.__getitem__)
            sub = g.subgraph(comp)
            nxt = next(a for a in self.s.requests[pos[start]].after if a in comp)
            cycle = " after ".join(f"'{x}'" for x in [start, *nx.shortest_path(sub, nxt, start)])
            path = f"requests[{pos[start]}].after"
            if all(self.s.requests[pos[x]].required for x in comp):
                self.warn(
                    path,
                    f"'after' forms a cycle: {cycle}; no order satisfies it, and all of "
                    "them are required: they cannot all be met in full (a conflict)",
                )
            else:
                self.warn(
                    path,
                    f"'after' forms a cycle: {cycle}; not all of them can be scheduled "
                    "(not all are required: the ones left out will be reported unmet)",
                )

    def check_precedence_times(self) -> None:
        """Required predecessors push a request's earliest start; report when it no longer fits.

        Walks the ``after`` graph in topological order. A *required* predecessor P must be
        scheduled in full, so R cannot start before P's earliest possible end (the end of
        the n-th of P's earliest non-overlapping sessions, or of its earliest internship
        run). Non-required predecessors may stay empty and bound nothing. A warning
        either way: an optional R is reported unmet, a required one conflicts with P,
        which the spec answers with an ``infeasible`` schedule naming them.
        """
        pos = self.index["request"]
        reqs = self.s.requests
        g = nx.DiGraph()
        g.add_nodes_from(range(len(reqs)))
        for i, req in enumerate(reqs):
            for a in req.after:
                # Only required predecessors bound anything; dropping the other links
                # breaks every cycle that is not all required (a warning, not an error).
                if a in pos and pos[a] != i and reqs[pos[a]].required:
                    g.add_edge(pos[a], i)
        # an all-required cycle is warned by check_after_graph; without the links inside
        # it the rest of the order is still read (one cycle hid every other conflict)
        for comp in nx.strongly_connected_components(g):
            if len(comp) > 1:
                g.remove_edges_from([(u, v) for u, v in list(g.edges(comp)) if v in comp])
        spw = self.cal.slots_per_week
        earliest_end: dict[int, int] = {}
        for i in nx.lexicographical_topological_sort(g):
            req, path = reqs[i], f"requests[{i}]"
            binding, start = None, 0
            for j, a in enumerate(req.after):
                p = pos.get(a)
                # the graph links required predecessors only, less a cycle's own links
                known = p is not None and g.has_edge(p, i) and p in earliest_end
                if known and earliest_end[p] > start:  # type: ignore[index]
                    binding, start = j, earliest_end[p]  # type: ignore[index]
            if path in self.session_starts:
                mask = self.session_starts[path].copy()
                mask[:start] = False
                n, dur = req.sessions or 0, req.duration
                # not pushed (most requests): these are the starts check_count found room
                # for all n in (bounding them again took a tenth of validating L1)
                bound, why = self.session_bound(req, mask) if start else (n, "")
                if bound >= n:
                    chosen = self._earliest_sessions(mask, dur, n)
                    earliest_end[i] = chosen[n - 1] + dur
                    continue
                fits = (
                    f"at most {bound} of its {plural(n, 'session')} fit after that ({why})"
                    if bound
                    else "none of its sessions fits after that"
                )
            elif path in self.internship_weeks:
                weeks = np.flatnonzero(self.internship_weeks[path])
                weeks = weeks[weeks * spw >= start]
                if len(weeks):
                    earliest_end[i] = int(weeks[0] + (req.weeks or 0)) * spw
                    continue
                fits = f"no run of {req.weeks} weeks fits after that"
            else:
                continue  # already reported hopeless, or not checked
            if binding is None:
                continue
            w, d, s = self.cal.human(start - 1)
            message = (
                f"'{req.id}' must start after required '{req.after[binding]}' ends, which is "
                f"at the earliest at the end of week {w}, day {d}, slot {s}; {fits}"
            )
            if req.required:
                self.warn(
                    f"{path}.after[{binding}]",
                    f"{message}; both are required: they cannot both be met in full (a conflict)",
                )
            else:
                self.reporter(req)(f"{path}.after[{binding}]", message)

    @staticmethod
    def _earliest_sessions(starts: np.ndarray, duration: int, n: int) -> list[int]:
        chosen: list[int] = []
        free_from = 0
        for t in np.flatnonzero(starts):
            if len(chosen) == n:
                break
            if t >= free_from:
                chosen.append(int(t))
                free_from = int(t) + duration
        return chosen
