"""What moved between two schedules (a re-solve's answer lists it for the planner)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scheduler.calendar import term_day


def _session_key(s: dict[str, Any]) -> tuple[str, int]:
    return s["request"], int(s["index"])


def _where(s: dict[str, Any]) -> dict[str, Any]:
    return {
        "week": s["week"],
        "day": s["day"],
        "slot": s["slot"],
        "resources": sorted(p["resource"] for p in s.get("parts", [])),
    }


def _parts(s: dict[str, Any]) -> list[dict[str, Any]]:
    """Who teaches which part of a session (``resource``, ``instructor``)."""
    return [
        {"resource": p["resource"], "instructor": p.get("instructor")} for p in s.get("parts", [])
    ]


def _place(s: dict[str, Any]) -> dict[str, Any]:
    """Where and how a moved session is held: its place, its ``duration`` and who teaches
    which part (:func:`_parts`), so that each institution can be told the time and
    teacher it had and has (``api.hosting``; :func:`_where` alone matches)."""
    return _where(s) | {"duration": s.get("duration", 1), "parts": _parts(s)}


def _placement_set(schedule: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for p in schedule.get("placements", []):
        out.setdefault(p["request"], []).append(
            {k: p[k] for k in ("resource", "headcount", "first_week", "weeks")}
        )
    for v in out.values():
        v.sort(key=lambda p: (p["resource"], p["first_week"]))
    return out


def moved_items(reference: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """Sessions and internships of ``reference`` that ``new`` places elsewhere or drops,
    and sessions it keeps in place with other instructors (``kind: "teacher"``).

    A request's sessions are matched by place (week, day, slot and set of resources),
    not by number: a schedule numbers sessions by time, so a session booked earlier than
    a request's others renumbers them without moving any. A session of ``reference``
    whose place ``new`` no longer holds for its request has moved to one of the
    request's places that are new (in order; ``to`` is ``None`` when none is left: it is
    gone). New sessions beyond those are not moves. A move's ``from`` and ``to`` also
    give the session's ``duration`` and ``parts`` (resource, instructor): whom to tell.
    """
    moved, _, kept = _session_changes(reference, new)
    return moved + _internship_moves(reference, new) + _teacher_changes(kept)


def _teacher_changes(kept: list[Pair]) -> list[dict[str, Any]]:
    """Sessions kept in place with other instructors: the place holds, but a teacher's
    week changes, so the re-solve charges ``move_penalty`` for it as for a move (a term
    simulation found re-solves swapping two teachers unsaid). ``from`` and ``to`` name
    the instructors (as clients read them); ``from_parts`` and ``to_parts`` say who
    taught which room (parts without an instructor included), and ``at`` the duration:
    from the instructors alone a room could not be told when the parts did not line up."""
    return [
        {
            "kind": "teacher",
            "request": was["request"],
            "index": now["index"],
            "at": _where(now) | {"duration": now.get("duration", 1)},
            "from": _instructors(was),
            "to": _instructors(now),
            "from_parts": _parts(was),
            "to_parts": _parts(now),
        }
        for was, now in kept
        if _instructors(was) != _instructors(now)
    ]


def _instructors(session: dict[str, Any]) -> list[str]:
    """The instructors of the session's parts, in order (parts without one left out)."""
    return [str(p["instructor"]) for p in session.get("parts", []) if p.get("instructor")]


Pair = tuple[dict[str, Any], dict[str, Any]]


def _session_changes(
    reference: dict[str, Any], new: dict[str, Any]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[Pair]]:
    """The sessions of ``reference`` that ``new`` moves or drops (as :func:`moved_items`
    lists them), the sessions of ``new`` that are neither kept nor moved ones, and the
    (reference, new) pairs of sessions kept in place."""
    left: dict[str, list[dict[str, Any]]] = {}
    for s in sorted(new.get("sessions", []), key=_session_key):
        left.setdefault(s["request"], []).append(s)
    old_places: dict[str, list[dict[str, Any]]] = {}
    for s in reference.get("sessions", []):
        old_places.setdefault(s["request"], []).append(_where(s))
    gone: list[dict[str, Any]] = []
    kept: list[Pair] = []
    for s in reference.get("sessions", []):
        mine = left.get(s["request"], [])
        same = next((t for t in mine if _where(t) == _where(s)), None)
        if same is not None:
            mine.remove(same)  # still there, whatever its number now
            kept.append((s, same))
        else:
            gone.append(s)
    moved: list[dict[str, Any]] = []
    for s in gone:
        mine = left.get(s["request"], [])
        fresh = next((t for t in mine if _where(t) not in old_places[s["request"]]), None)
        if fresh is not None:
            mine.remove(fresh)
        moved.append(
            {
                "kind": "session",
                "request": s["request"],
                "index": s["index"],
                "from": _place(s),
                "to": _place(fresh) if fresh is not None else None,
            }
        )
    return moved, [t for mine in left.values() for t in mine], kept


def _internship_moves(reference: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """The internships whose posts or weeks ``new`` changes, or that it drops (interns
    counted anew for a resized cohort, in the same posts and weeks, did not move)."""
    new_placements = _placement_set(new)
    return [
        {"kind": "internship", "request": r, "from": before, "to": new_placements.get(r)}
        for r, before in _placement_set(reference).items()
        if _posts(new_placements.get(r)) != _posts(before)
    ]


def _posts(placements: list[dict[str, Any]] | None) -> list[tuple[Any, ...]] | None:
    if placements is None:
        return None
    return [(p["resource"], p["first_week"], p["weeks"]) for p in placements]


#: What a sentence calls an item, by its kind (``request``, ``instructor``) and id.
Naming = Callable[[str, str], str]


def bare_ids(kind: str, id_: str) -> str:
    """The id itself: a :data:`Naming` for callers that have no scenario at hand."""
    return id_


def _teachers(session: dict[str, Any], name: Naming = bare_ids) -> str:
    """The session's instructors, in the order of its parts, as words."""
    return ", ".join(name("instructor", t) for t in _instructors(session))


def _people(parts: list[dict[str, Any]]) -> str:
    """Headcounts of a session's parts or an internship's posts, as ``12 + 8``."""
    return " + ".join(str(p["headcount"]) for p in parts)


def _term_day(item: dict[str, Any], days_per_week: int) -> int:
    return term_day(days_per_week, int(item["week"]), int(item["day"]))


def changes_before(
    known: dict[str, Any],
    new: dict[str, Any],
    days_per_week: int,
    day: int,
    name: Naming = bare_ids,
) -> list[str]:
    """What ``new`` changes of ``known`` before 0-based term day ``day``, in words, each
    request and teacher as ``name`` calls it.

    Sessions of ``known`` held there that ``new`` moves or drops, or keeps in place with
    other instructors or other headcounts; sessions ``new`` moves there or adds there; and
    internships begun there that it changes, its interns shared out otherwise included:
    a timetable published mid-term should leave the days gone by as they happened.
    """
    out: list[str] = []
    moved, added, kept = _session_changes(known, new)
    for was, now in kept:
        if _term_day(was, days_per_week) >= day:
            continue
        said = f"{name('request', was['request'])} #{was['index']} (week {was['week']}, "
        said += f"day {was['day']})"
        if _teachers(was) != _teachers(now):
            out.append(
                f"{said} taught by {_teachers(now, name) or 'nobody'} instead of "
                f"{_teachers(was, name) or 'nobody'}"
            )
        if _people(was.get("parts", [])) != _people(now.get("parts", [])):
            # a resized cohort's sessions are restated with its people now (docs/api.md)
            out.append(
                f"{said} held {_people(now.get('parts', []))} people instead of "
                f"{_people(was.get('parts', []))}"
            )
    after = _placement_set(new)
    for r, ps in _placement_set(known).items():
        now_ps = after.get(r) or []
        begun = (min(p["first_week"] for p in ps) - 1) * days_per_week < day
        if begun and _posts(now_ps) == _posts(ps) and _people(ps) != _people(now_ps):
            out.append(
                f"internship {name('request', r)} held {_people(now_ps)} interns instead of "
                f"{_people(ps)}"
            )
    for m in moved + _internship_moves(known, new):
        if m["kind"] == "session":
            was, now = m["from"], m["to"]
            if _term_day(was, days_per_week) < day or (
                now is not None and _term_day(now, days_per_week) < day
            ):
                to = "dropped" if now is None else f"to week {now['week']}, day {now['day']}"
                out.append(
                    f"{name('request', m['request'])} #{m['index']} (week {was['week']}, "
                    f"day {was['day']}) {to}"
                )
        else:
            starts = [p["first_week"] for p in (m["from"] or []) + (m["to"] or [])]
            if starts and (min(starts) - 1) * days_per_week < day:
                out.append(f"internship {name('request', m['request'])} changed")
    for s in added:
        if _term_day(s, days_per_week) < day:
            out.append(
                f"{name('request', s['request'])} #{s['index']} added in week {s['week']}, "
                f"day {s['day']}"
            )
    return out
