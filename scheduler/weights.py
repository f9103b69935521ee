"""The weights a scenario is scored with: its own, and a default ``demand`` that dominates.

The spec orders the default goals: fulfil demand first, then fairness, then
preferences, one resource per request and little travel. With a fixed ``demand`` of
1000 a single session could cost more in penalties than it gains (a joint split session
at a far site pays travel per part and per cohort, a site with no path 1,440 minutes, a
room taking its tolerated overflow 50 per person and slot), so leaving a request out
that fits, with nothing competing, scored higher. Unless the scenario sets ``demand``,
it is raised (in steps of 1000) until one priority-slot of demand outweighs the whole
range of the fairness term (one request booked instead of another can lift the worst
share from 0 to 1000 per mille: with ``demand`` 1000 and ``fairness`` 20 a schedule of 11
units beat one of 20) plus the most a single session or internship of the scenario can
cost in the penalty terms.

The compile step and the checker's evaluation both read :func:`resolved_weights`, so
every reported objective uses the same numbers (``docs/objective.md``).
"""

from __future__ import annotations

import math

import numpy as np

from scheduler.models import Request, RequestKind, Resource, ResourceKind, Scenario
from scheduler.objective_terms import UNREACHABLE_TRAVEL_MINUTES
from scheduler.sites import travel_matrix

#: The step a resolved ``demand`` rises in, and its least value (``fairness`` 0, no costly booking).
BASE_DEMAND = 1000
#: The most the fairness term's share can move (per mille, docs/objective.md).
FAIRNESS_RANGE = 1000


def resolved_weights(scenario: Scenario) -> dict[str, int]:
    """Every weight by name: the scenario's, with ``demand`` resolved when not set."""
    given = scenario.weights.model_dump()
    weights = {k: int(v) for k, v in given.items() if v is not None}
    if given["demand"] is None:
        weights["demand"] = dominant_demand(scenario, weights)
    return weights


def weights_with(scenario: Scenario, weights: dict[str, int], request: Request) -> dict[str, int]:
    """``weights`` (resolved for ``scenario``) once ``request`` joins the scenario.

    The resolved ``demand`` is a maximum over requests, so only the new one is read:
    the same as :func:`resolved_weights` of the scenario with ``request`` appended.
    """
    if scenario.weights.demand is not None:
        return weights
    alone = scenario.model_copy(update={"requests": [request]})
    demand = max(weights["demand"], dominant_demand(alone, weights))
    return weights if demand == weights["demand"] else {**weights, "demand": demand}


def dominant_demand(scenario: Scenario, weights: dict[str, int]) -> int:
    """The least multiple of :data:`BASE_DEMAND` (at least that) at which each unit of
    demand outweighs the fairness term's whole range plus the most any one booking can
    cost in the penalty terms."""
    # The most one booking costs, not per unit of its demand: trading a 1-unit request
    # for a 2-unit one that misses a preference gains one unit and pays the whole
    # booking's penalty (a per-unit reading resolved 21,000 where a swing of fairness
    # plus that penalty came to 21,960, and the solver left the 2-unit one out; found
    # by an audit of the objective against docs/objective.md).
    worst = 0.0
    site = {s.id: k for k, s in enumerate(scenario.sites)}
    home = {i.id: site.get(i.site) for i in scenario.institutions}
    cohort_home = {c.id: home.get(c.institution) for c in scenario.cohorts}
    size = {c.id: c.size for c in scenario.cohorts}
    travel = travel_matrix(scenario)
    # requests mostly repeat a few (kind, resources, kinds, needs): scan resources once each
    cached: dict[tuple[object, ...], list[Resource]] = {}
    for req in scenario.requests:
        if req.priority == 0:
            continue
        key = (
            req.kind,
            None if req.resources is None else tuple(req.resources),
            None if req.resource_kinds is None else tuple(req.resource_kinds),
            tuple(sorted(set(req.needs))),
        )
        cands = cached.get(key)
        if cands is None:
            cands = cached[key] = _candidates(scenario, req)
        if req.kind == RequestKind.INTERNSHIP:
            heads = req.headcount or sum(size.get(c, 0) for c in req.cohort_ids)
            over = min(heads, sum(k.overflow for k in cands))
            worst = max(worst, weights["overflow"] * over * (req.weeks or 1))
            continue
        worst = max(worst, _session_cost(req, cands, weights, cohort_home, site, travel, size))
    # a unit of demand also outweighs the whole range of the fairness term: booking one
    # request instead of another can raise the worst share from 0 to 1000 per mille
    worst += weights["fairness"] * FAIRNESS_RANGE
    return BASE_DEMAND * max(1, math.floor(worst / BASE_DEMAND) + 1)


def _session_cost(
    req: Request,
    cands: list[Resource],
    weights: dict[str, int],
    cohort_home: dict[str, int | None],
    site: dict[str, int],
    travel: np.ndarray,
    size: dict[str, int],
) -> float:
    """The most one session of ``req`` can cost in penalties."""
    cohorts = req.cohort_ids
    heads = req.headcount or sum(size.get(c, 0) for c in cohorts)
    parts = max(1, min(len(cands), heads)) if req.split else 1
    far = 0.0
    for c in cohorts:
        src = cohort_home.get(c)
        dists = [
            travel[src, site[k.site]] if src is not None and k.site in site else math.inf
            for k in cands
        ]
        far += min(max(dists, default=0.0), UNREACHABLE_TRAVEL_MINUTES)
    prefer = 0
    if req.prefer is not None:
        given = (req.prefer.resources is not None) + (req.prefer.windows is not None)
        prefer = req.prefer.weight * given
    over = min(heads, sum(k.overflow for k in cands)) * req.duration
    cost = (
        weights["travel"] * parts * far
        + weights["prefer"] * prefer
        + weights["stability"] * parts
        + weights["overflow"] * over
        + weights["min_days"] * max(0, req.min_days - 1)
        + weights["isolated"] * len(cohorts)
    )
    return cost


def _candidates(scenario: Scenario, req: Request) -> list[Resource]:
    """Resources the request might use (a superset: ``open_to`` and windows are not
    read), so that the bound holds whatever the compile step keeps."""
    posts = req.kind == RequestKind.INTERNSHIP
    named = set(req.resources) if req.resources is not None else None
    return [
        k
        for k in scenario.resources
        if (k.kind == ResourceKind.INTERNSHIP_POST) == posts
        and (named is None or k.id in named)
        and (req.resource_kinds is None or k.kind in req.resource_kinds)
        and set(req.needs) <= set(k.features)
    ]
