"""What a host institution sees of the interns placed on its own internship posts.

An institution's view of a schedule holds its own requests (``api.compose``); others'
use of its resources is counted, not named (``GET .../occupancy``). An internship post
is different: the host receives the interns for weeks, so it must know whom it receives.
Each placement on a post the institution owns, of another institution's request, is
listed with the request's title and its cohorts (qualified id, name, institution), the
post, the headcount and the weeks; nothing else of that institution is shown.
"""

from __future__ import annotations

from typing import Any

from api.compose import SEP, joint_requests


def hosted_placements(
    scenario: dict[str, Any], schedule: dict[str, Any], institution: str
) -> list[dict[str, Any]]:
    """Placements of other institutions' requests on ``institution``'s posts, in the
    schedule's order (its own and the joint requests it attends are in its view already).
    ``scenario`` is the composed term scenario (ids qualified ``inst/id``)."""
    posts = {
        r["id"]
        for r in scenario.get("resources", [])
        if r.get("owner") == institution and r.get("kind") == "internship_post"
    }
    if not posts:
        return []
    seen = joint_requests(scenario, institution)
    requests = {r["id"]: r for r in scenario.get("requests", [])}
    cohorts = {c["id"]: c for c in scenario.get("cohorts", [])}
    out = []
    for p in schedule.get("placements", []):
        request = requests.get(p.get("request", ""))
        if p.get("resource") not in posts or request is None:
            continue
        if str(request["id"]).startswith(institution + SEP) or request["id"] in seen:
            continue
        refs = [request["cohort"]] if request.get("cohort") else list(request.get("cohorts") or [])
        out.append(
            {
                "request": request["id"],
                "title": request.get("title") or "",
                "cohorts": [
                    {
                        "id": c,
                        "name": cohorts.get(c, {}).get("name") or c,
                        "institution": cohorts.get(c, {}).get("institution", ""),
                    }
                    for c in refs
                ],
                "resource": p["resource"],
                "headcount": p["headcount"],
                "first_week": p["first_week"],
                "weeks": p["weeks"],
            }
        )
    return out
