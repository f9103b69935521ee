"""What an institution sees of other institutions' items it takes part in as a host.

An institution's view of a schedule holds its own requests (``api.compose``); others'
use of its labs is counted, not named (``GET .../occupancy``). Two things are different:
an internship post's owner receives the interns for weeks, and an instructor's
institution sends its teacher (an enterprise its mentor) to teach; both must know whom
and where. So the view also lists each placement of another institution's request on a
post the institution owns, and each session part of another institution's request that
one of its instructors teaches (only those parts), with the request's title and its
cohorts (qualified id, name, institution); nothing else of that institution is shown.

A host is also told of the demand its posts could not meet (:func:`unmet_on_posts`:
how many interns, from which institutions, why; the cohorts named only where some of
the request's interns are on its posts) and of the interns a re-solve moved off or onto
its posts (:func:`moves_on_posts`): it plans its mentors and places by them. Likewise
of the sessions its instructors teach for others that a re-solve moved or gave other
teachers (:func:`session_moves_taught`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from api.compose import SEP, joint_requests, local, owner_of, redact


def _cohorts(request: dict[str, Any], cohorts: dict[str, dict[str, Any]]) -> list[dict[str, str]]:
    """The request's cohorts as a host is told them: qualified id, name, institution."""
    refs = _refs(request)
    return [
        {
            "id": c,
            "name": cohorts.get(c, {}).get("name") or c,
            "institution": cohorts.get(c, {}).get("institution", ""),
        }
        for c in refs
    ]


def _refs(request: dict[str, Any]) -> list[str]:
    """The request's cohorts (qualified ids)."""
    return [request["cohort"]] if request.get("cohort") else list(request.get("cohorts") or [])


def _teachers_of(scenario: dict[str, Any], institution: str) -> set[str]:
    """The ids of ``institution``'s instructors."""
    return {i["id"] for i in scenario.get("instructors", []) if i.get("institution") == institution}


def _about(request: dict[str, Any], cohorts: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """What a host is told of another's request: its id, title and cohorts."""
    return {
        "request": request["id"],
        "title": request.get("title") or "",
        "cohorts": _cohorts(request, cohorts),
    }


def hosted(
    scenario: dict[str, Any], schedule: dict[str, Any], institution: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(placements on ``institution``'s posts, sessions its instructors teach) of other
    institutions' requests, in the schedule's order; its own requests and the joint ones
    its cohorts attend are in its view already. ``scenario`` is the composed term
    scenario (ids qualified ``inst/id``)."""
    posts = _posts_of(scenario, institution)
    teachers = _teachers_of(scenario, institution)
    requests = _others(scenario, institution)
    cohorts = {c["id"]: c for c in scenario.get("cohorts", [])}

    placements = []
    for p in schedule.get("placements", []):
        request = requests.get(p.get("request", ""))
        if request is not None and p.get("resource") in posts:
            placements.append(
                _about(request, cohorts)
                | {k: p[k] for k in ("resource", "headcount", "first_week", "weeks")}
            )
    sessions = []
    for s in schedule.get("sessions", []):
        request = requests.get(s.get("request", ""))
        parts = [p for p in s.get("parts", []) if p.get("instructor") in teachers]
        if request is not None and parts:
            when = {k: s[k] for k in ("index", "week", "day", "slot", "duration")}
            sessions.append(_about(request, cohorts) | when | {"parts": parts})
    return placements, sessions


def _posts_of(scenario: dict[str, Any], institution: str) -> dict[str, dict[str, Any]]:
    """The internship posts ``institution`` owns, by id."""
    return {
        r["id"]: r
        for r in scenario.get("resources", [])
        if r.get("owner") == institution and r.get("kind") == "internship_post"
    }


def _others(scenario: dict[str, Any], institution: str) -> dict[str, dict[str, Any]]:
    """Other institutions' requests its cohorts do not attend (the joint ones are in its
    view already), by qualified id."""
    seen = joint_requests(scenario, institution)
    return {
        r["id"]: r
        for r in scenario.get("requests", [])
        if not str(r["id"]).startswith(institution + SEP) and r["id"] not in seen
    }


def ids_named(
    scenario: dict[str, Any], schedule: dict[str, Any], institution: str
) -> frozenset[str]:
    """The qualified ids of others' requests and cohorts that ``institution``'s view
    names: the joint requests its cohorts attend, and what it hosts (:func:`hosted`)."""
    placed, taught = hosted(scenario, schedule, institution)
    told = {x for h in (*placed, *taught) for x in (h["request"], *(c["id"] for c in h["cohorts"]))}
    return joint_requests(scenario, institution) | told


def unmet_on_posts(
    scenario: dict[str, Any],
    schedule: dict[str, Any],
    institution: str,
    institutions: Iterable[str],
    ids: frozenset[str] = frozenset(),
) -> list[dict[str, Any]]:
    """Other institutions' internship demand that ``institution``'s posts could take
    (``scheduler.compile.resource_admits``: kind, features, lists, ``open_to``) but the
    schedule leaves unmet: a host learns that its posts are wanted beyond what they hold.

    Each says which of its posts could take them, how many interns were not placed, for
    how many weeks, from which institutions, and why (the message :func:`redact`-ed). The
    request, its title and its cohorts are named only when some of its interns are on
    the host's posts (then it is told them in ``hosted_placements`` anyway); otherwise
    they are hidden, as everything else of another institution is. The message names
    what the rest of the host's view names (:func:`ids_named`; the post is "taken by" the
    interns it receives), but nothing of a hidden request's own institutions, nor another's
    joint request its cohorts attend (the host may know that one's cohorts).
    """
    from scheduler.compile import resource_admits
    from scheduler.models import Request, Resource

    posts = _posts_of(scenario, institution)
    if not posts:
        return []
    requests = _others(scenario, institution)
    cohorts = {c["id"]: c for c in scenario.get("cohorts", [])}
    on_posts = {
        p.get("request") for p in schedule.get("placements", []) if p.get("resource") in posts
    }
    models = {k: Resource.model_validate(v) for k, v in posts.items()}
    visible: frozenset[str] | None = None  # read once, when some demand is told
    attended = {r["id"]: _refs(r) for r in scenario.get("requests", [])}

    def whose(x: str) -> set[str]:
        """The institutions an id tells of: its own, and a request's cohorts'."""
        return {owner_of(x), *(owner_of(c) for c in attended.get(x, []))}

    out = []
    for u in schedule.get("unmet", []):
        request = requests.get(u.get("request", ""))
        if request is None or request.get("kind") != "internship":
            continue
        refs = _refs(request)
        owners = list(dict.fromkeys(cohorts[c]["institution"] for c in refs if c in cohorts))
        req = Request.model_validate(request)
        candidates = [
            k for k, r in models.items() if resource_admits(r, req, set(owners), internship=True)
        ]
        if not candidates:
            continue
        named = request["id"] in on_posts
        if visible is None:
            visible = ids_named(scenario, schedule, institution)
        # of a hidden request's institutions nothing is named, though named elsewhere:
        # its cohorts, the courses it follows (another's joint ones too) would say whose
        # it is
        shown = visible if named else frozenset(x for x in visible if not whose(x) & {*owners})
        told = redact(
            {"message": u.get("message", ""), "messages": u.get("messages")},
            institution,
            institutions,
            shown,
            ids,
        )
        out.append(
            {
                "request": request["id"] if named else None,
                "title": (request.get("title") or "") if named else None,
                "cohorts": _cohorts(request, cohorts) if named else [],
                "institutions": owners,
                "posts": candidates,
                "weeks": request.get("weeks"),
                "missing": u["missing"],
                "reason": u["reason"],
                "message": told["message"],
                "messages": told["messages"],
            }
        )
    return out


def moves_seen(
    moved: list[dict[str, Any]] | None,
    institution: str,
    joint: Collection[str],
    institutions: Iterable[str],
    ids: frozenset[str],
) -> list[dict[str, Any]] | None:
    """The entries of a version's ``moved`` that ``institution`` is told: its own
    requests' (ids unqualified) and those of the ``joint`` requests its cohorts attend
    (:func:`api.compose.joint_requests`; ids qualified, as its schedule shows their
    sessions). Its people sit in a joint session, so they must hear that it moved, as
    the owner does; others' moves are left out.

    Each is :func:`redact`-ed as :func:`api.compose.institution_view` redacts the
    sessions in its schedule (``institutions``, ``ids``): a room or teacher whose id reads
    as another institution's item, hidden in the joint session, was named in its move."""
    if moved is None:
        return None
    known = list(institutions)
    out = []
    for m in moved:
        request = m["request"]
        if owner_of(request) == institution:
            plain = {**m, "request": local(request)}
            out.append(redact(plain, institution, known, joint, ids))
        elif request in joint:
            out.append({**redact(m, institution, known, joint, ids), "request": request})
    return out


def moves_on_posts(
    scenario: dict[str, Any], moved: list[dict[str, Any]] | None, institution: str
) -> list[dict[str, Any]]:
    """Other institutions' interns that a re-solve (or a solve published over a version)
    moved off or onto ``institution``'s posts: each with the request's title and cohorts,
    as a host is told of the interns on its posts, and its placements on those posts
    ``before`` and ``after`` (others' posts left out). Its own requests' moves and those
    of the joint internships its cohorts attend are in its ``moved``, whole
    (:func:`moves_seen`), and are not repeated here, as :func:`hosted` and
    :func:`session_moves_taught` leave them out: a client reading both lists heard a
    joint internship twice (the web page did, until it skipped it)."""
    posts = _posts_of(scenario, institution)
    if not posts or not moved:
        return []
    requests = _others(scenario, institution)
    cohorts = {c["id"]: c for c in scenario.get("cohorts", [])}
    seen = joint_requests(scenario, institution)
    out = []
    for m in moved:
        request_id = m.get("request", "")
        if m.get("kind") != "internship" or owner_of(request_id) == institution:
            continue  # its own: in its ``moved``
        if request_id in seen:
            continue  # a joint one its cohorts attend: in its ``moved`` too
        before = [p for p in m.get("from") or [] if p.get("resource") in posts]
        after = [p for p in m.get("to") or [] if p.get("resource") in posts]
        if not before and not after:
            continue
        request = requests.get(m["request"], {"id": m["request"]})  # withdrawn since
        out.append(_about(request, cohorts) | {"before": before, "after": after})
    return out


def session_moves_taught(
    scenario: dict[str, Any],
    schedule: dict[str, Any],
    moved: list[dict[str, Any]] | None,
    institution: str,
) -> list[dict[str, Any]]:
    """The sessions of other institutions' requests that a re-solve moved, dropped or gave
    other teachers, where one of ``institution``'s instructors teaches a part before or
    after: it sends its teacher, so it must hear that the time or the teacher changed.

    As in :func:`hosted` (``hosted_sessions``) it is told the request's title and cohorts,
    and of each side only when and the parts its instructors teach (``before`` or
    ``after`` null: none of them taught it then, or it was dropped). Its own requests and
    the joint ones its cohorts attend are in its ``moved`` (:func:`moves_seen`). A
    ``teacher`` entry's parts are its ``from_parts`` and ``to_parts`` (``api.diff``);
    one published before entries held them is read against the schedule."""
    teachers = _teachers_of(scenario, institution)
    if not teachers or not moved:
        return []
    others = _others(scenario, institution)
    joint = joint_requests(scenario, institution)
    cohorts = {c["id"]: c for c in scenario.get("cohorts", [])}
    out = []
    for m in moved:
        if m.get("kind") not in ("session", "teacher") or owner_of(m["request"]) == institution:
            continue
        if m["request"] in joint:
            continue
        if m["kind"] == "session":
            before, after = _taught(m["from"], teachers), _taught(m.get("to"), teachers)
        else:
            before, after = _swapped(m, schedule, teachers)
        if before is None and after is None:
            continue
        request = others.get(m["request"], {"id": m["request"]})  # withdrawn since
        out.append(
            _about(request, cohorts)
            | {"kind": m["kind"], "index": m["index"], "before": before, "after": after}
        )
    return out


def _taught(place: dict[str, Any] | None, teachers: Collection[str]) -> dict[str, Any] | None:
    """A moved session's place as a host is told it: when, and the parts its ``teachers``
    teach (None when they teach none; a ``moved`` entry of a version published before
    entries held their parts has none)."""
    if place is None:
        return None
    parts = [p for p in place.get("parts") or [] if p.get("instructor") in teachers]
    if not parts:
        return None
    when = {k: place[k] for k in ("week", "day", "slot")}
    return when | {"duration": place.get("duration", 1), "parts": parts}


def _swapped(
    m: dict[str, Any], schedule: dict[str, Any], teachers: Collection[str]
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(before, after) of a session kept in place with other instructors (``kind:
    "teacher"``): its ``from_parts`` and ``to_parts``. An entry published before it held
    them has the ``from`` and ``to`` instructors only: its parts are the schedule's
    session at that place, the ``from`` instructors set part by part in their order
    (parts without one are not listed, so a count that differs leaves the before side's
    resources unknown)."""
    at = m["at"]
    if "from_parts" in m:
        place = {**at, "duration": at.get("duration", 1)}
        return (
            _taught(place | {"parts": m["from_parts"]}, teachers),
            _taught(place | {"parts": m["to_parts"]}, teachers),
        )
    none: dict[str, Any] = {"duration": 1, "parts": []}
    now: dict[str, Any] = next(
        (
            s
            for s in schedule.get("sessions", [])
            if s.get("request") == m["request"]
            and (s["week"], s["day"], s["slot"]) == (at["week"], at["day"], at["slot"])
        ),
        none,
    )
    parts = [{"resource": p["resource"], "instructor": p.get("instructor")} for p in now["parts"]]
    was = list(m.get("from") or [])
    if len(was) == len(parts):
        old = [{**p, "instructor": i} for p, i in zip(parts, was, strict=True)]
    else:
        old = [{"resource": None, "instructor": i} for i in was]
    place = {**at, "duration": now.get("duration", 1)}
    return _taught(place | {"parts": old}, teachers), _taught(place | {"parts": parts}, teachers)
