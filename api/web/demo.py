"""Load a whole scenario document as a term with a published version, through the API.

Used by ``trainshare demo-web`` and the browser test. Everything goes through the JSON
routes a planner would call (open the term, submit each institution's cohorts and
requests, close, solve, publish), so the demo data is exactly what real use produces.
``client`` is an ``httpx.Client`` (or a ``TestClient``, which is one) that already
sends a planner's ``Authorization`` header.
"""

from __future__ import annotations

import copy
import time
from typing import TYPE_CHECKING, Any

import networkx as nx

if TYPE_CHECKING:
    import httpx


class DemoError(RuntimeError):
    """A route refused a step (the message names the step and the API's answer)."""


def _ok(response: Any, step: str, *codes: int) -> dict[str, Any]:
    if response.status_code not in codes:
        raise DemoError(f"{step}: HTTP {response.status_code} {response.text[:2000]}")
    return response.json()


def _submissions(
    scenario: dict[str, Any],
) -> tuple[list[tuple[str, dict[str, Any]]], list[tuple[str, dict[str, Any]]]]:
    """(institution, document) of every cohort and request, references as the API wants.

    A request belongs to the institution of its first cohort; references to another
    institution's cohorts or requests (joint sessions) are qualified ``<inst>/<id>``,
    which only a planner may submit.
    """
    cohort_owner = {c["id"]: c["institution"] for c in scenario.get("cohorts", [])}
    cohorts = [
        (c["institution"], {k: v for k, v in c.items() if k != "institution"})
        for c in scenario.get("cohorts", [])
    ]

    def first_cohort(r: dict[str, Any]) -> str:
        """The request's first cohort, whose institution submits it."""
        return (r.get("cohorts") or [r.get("cohort")])[0]

    request_owner = {r["id"]: cohort_owner[first_cohort(r)] for r in scenario.get("requests", [])}
    requests = []
    for r in _after_first(scenario.get("requests", [])):
        inst = request_owner[r["id"]]
        doc = copy.deepcopy(r)

        def ref(owner: str, value: str, inst: str = inst) -> str:
            """``value`` as ``inst`` writes it: plain when ``owner`` is ``inst``, else qualified."""
            return value if owner == inst else f"{owner}/{value}"

        if doc.get("cohort") is not None:
            doc["cohort"] = ref(cohort_owner[doc["cohort"]], doc["cohort"])
        if doc.get("cohorts") is not None:
            doc["cohorts"] = [ref(cohort_owner[c], c) for c in doc["cohorts"]]
        if doc.get("after"):
            doc["after"] = [ref(request_owner[a], a) for a in doc["after"]]
        requests.append((inst, doc))
    return cohorts, requests


def _after_first(requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``requests`` with every request after those it names in ``after``, else in document
    order: the API refuses an ``after`` naming a request not submitted yet (a generated
    L term names later ones). A cycle, which the API refuses anyway, keeps the order."""
    index = {r["id"]: i for i, r in enumerate(requests)}
    graph = nx.DiGraph()
    graph.add_nodes_from(range(len(requests)))
    graph.add_edges_from(
        (index[a], i) for i, r in enumerate(requests) for a in r.get("after") or [] if a in index
    )
    try:
        return [requests[i] for i in nx.lexicographical_topological_sort(graph)]
    except nx.NetworkXUnfeasible:
        return list(requests)


def publish_scenario(
    client: httpx.Client,
    scenario: dict[str, Any],
    *,
    solver: str = "greedy",
    time_limit: float = 30.0,
    timeout: float = 300.0,
) -> tuple[int, int, int]:
    """Open ``scenario`` as a term, solve it, publish; returns (term id, version, job id)."""
    base = {k: v for k, v in scenario.items() if k not in ("cohorts", "requests")}
    term = _ok(client.post("/api/v1/terms", json=base), "open the term", 201)
    url = f"/api/v1/terms/{term['id']}"
    cohorts, requests = _submissions(scenario)
    for inst, doc in cohorts:
        r = client.post(f"{url}/institutions/{inst}/cohorts", json=doc)
        _ok(r, f"cohort {inst}/{doc['id']}", 201)
    for inst, doc in requests:
        r = client.post(f"{url}/institutions/{inst}/requests", json=doc)
        _ok(r, f"request {inst}/{doc['id']}", 201)
    _ok(client.post(f"{url}/close"), "close submissions", 200)
    options = {"solver": solver, "time_limit": time_limit}
    job = _ok(client.post(f"{url}/solve", json=options), "solve", 202)
    deadline = time.monotonic() + timeout
    while job["status"] in ("queued", "running"):
        if time.monotonic() > deadline:
            raise DemoError(f"solve job {job['id']} still {job['status']} after {timeout:.0f} s")
        time.sleep(0.2)
        job = _ok(client.get(f"/api/v1/jobs/{job['id']}"), "poll the job", 200)
    if job["status"] != "done":
        raise DemoError(f"solve job {job['id']} ended {job['status']}: {job.get('error')}")
    version = _ok(client.post(f"{url}/versions", json={"job_id": job["id"]}), "publish", 201)
    return term["id"], version["number"], job["id"]
