"""What moved between two schedules (a re-solve's answer lists it for the planner)."""

from __future__ import annotations

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
    """Sessions and internships of ``reference`` that ``new`` places elsewhere or drops.

    A session is identified by (request, index) and has moved when its week, day, slot
    or set of resources changed; ``to`` is ``None`` when it is gone. New sessions are
    not moves.
    """
    new_sessions = {_session_key(s): s for s in new.get("sessions", [])}
    moved: list[dict[str, Any]] = []
    for s in reference.get("sessions", []):
        before = _where(s)
        after_s = new_sessions.get(_session_key(s))
        after = _where(after_s) if after_s is not None else None
        if after != before:
            moved.append(
                {
                    "kind": "session",
                    "request": s["request"],
                    "index": s["index"],
                    "from": before,
                    "to": after,
                }
            )
    new_placements = _placement_set(new)
    for request, before_p in _placement_set(reference).items():
        after_p = new_placements.get(request)
        if after_p != before_p:
            moved.append(
                {"kind": "internship", "request": request, "from": before_p, "to": after_p}
            )
    return moved


def _term_day(item: dict[str, Any], days_per_week: int) -> int:
    return term_day(days_per_week, int(item["week"]), int(item["day"]))


def changes_before(
    known: dict[str, Any], new: dict[str, Any], days_per_week: int, day: int
) -> list[str]:
    """What ``new`` changes of ``known`` before 0-based term day ``day``, in words.

    Sessions of ``known`` held there that ``new`` moves or drops, sessions ``new`` moves
    there or adds there, and internships begun there that it changes: a timetable
    published mid-term should leave the days gone by as they happened.
    """
    out: list[str] = []
    for m in moved_items(known, new):
        if m["kind"] == "session":
            was, now = m["from"], m["to"]
            if _term_day(was, days_per_week) < day or (
                now is not None and _term_day(now, days_per_week) < day
            ):
                to = "dropped" if now is None else f"to week {now['week']}, day {now['day']}"
                out.append(
                    f"{m['request']} #{m['index']} (week {was['week']}, day {was['day']}) {to}"
                )
        else:
            starts = [p["first_week"] for p in (m["from"] or []) + (m["to"] or [])]
            if starts and (min(starts) - 1) * days_per_week < day:
                out.append(f"internship {m['request']} changed")
    keys = {_session_key(s) for s in known.get("sessions", [])}
    for s in new.get("sessions", []):
        if _session_key(s) not in keys and _term_day(s, days_per_week) < day:
            out.append(f"{s['request']} #{s['index']} added in week {s['week']}, day {s['day']}")
    return out
