"""What an institution sees of other institutions' items it takes part in as a host.

An institution's view of a schedule holds its own requests (``api.compose``); others'
use of its labs is counted, not named (``GET .../occupancy``). Two things are different:
an internship post's owner receives the interns for weeks, and an instructor's
institution sends its teacher (an enterprise its mentor) to teach; both must know whom
and where. So the view also lists each placement of another institution's request on a
post the institution owns, and each session part of another institution's request that
one of its instructors teaches (only those parts), with the request's title and its
cohorts (qualified id, name, institution); nothing else of that institution is shown.
"""

from __future__ import annotations

from typing import Any

from api.compose import SEP, joint_requests


def _cohorts(request: dict[str, Any], cohorts: dict[str, dict[str, Any]]) -> list[dict[str, str]]:
    """The request's cohorts as a host is told them: qualified id, name, institution."""
    refs = [request["cohort"]] if request.get("cohort") else list(request.get("cohorts") or [])
    return [
        {
            "id": c,
            "name": cohorts.get(c, {}).get("name") or c,
            "institution": cohorts.get(c, {}).get("institution", ""),
        }
        for c in refs
    ]


def hosted(
    scenario: dict[str, Any], schedule: dict[str, Any], institution: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(placements on ``institution``'s posts, sessions its instructors teach) of other
    institutions' requests, in the schedule's order; its own requests and the joint ones
    its cohorts attend are in its view already. ``scenario`` is the composed term
    scenario (ids qualified ``inst/id``)."""
    posts = {
        r["id"]
        for r in scenario.get("resources", [])
        if r.get("owner") == institution and r.get("kind") == "internship_post"
    }
    teachers = {
        i["id"] for i in scenario.get("instructors", []) if i.get("institution") == institution
    }
    seen = joint_requests(scenario, institution)
    requests = {
        r["id"]: r
        for r in scenario.get("requests", [])
        if not str(r["id"]).startswith(institution + SEP) and r["id"] not in seen
    }
    cohorts = {c["id"]: c for c in scenario.get("cohorts", [])}

    def about(request: dict[str, Any]) -> dict[str, Any]:
        """What the host is told of the request: id, title, cohorts."""
        title = request.get("title") or ""
        return {"request": request["id"], "title": title, "cohorts": _cohorts(request, cohorts)}

    placements = []
    for p in schedule.get("placements", []):
        request = requests.get(p.get("request", ""))
        if request is not None and p.get("resource") in posts:
            placements.append(
                about(request) | {k: p[k] for k in ("resource", "headcount", "first_week", "weeks")}
            )
    sessions = []
    for s in schedule.get("sessions", []):
        request = requests.get(s.get("request", ""))
        parts = [p for p in s.get("parts", []) if p.get("instructor") in teachers]
        if request is not None and parts:
            when = {k: s[k] for k in ("index", "week", "day", "slot", "duration")}
            sessions.append(about(request) | when | {"parts": parts})
    return placements, sessions
