"""What replacing a term's base changes: the calendar's grid, the published bookings it
withdraws, and a summary of the change for the audit trail."""

from __future__ import annotations

from typing import Any

#: Calendar fields that give a published (week, day, slot) its date and time.
GRID_FIELDS = ("first_monday", "days_per_week", "slots_per_day", "slot_minutes", "slot_times")


def grid_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The grid fields (:data:`GRID_FIELDS`) the calendar ``new`` reads otherwise."""
    return [f for f in GRID_FIELDS if old.get(f) != new.get(f)]


def withdrawn_bookings(schedule: dict[str, Any], base: dict[str, Any]) -> int:
    """Sessions and placements of ``schedule`` that name a resource or instructor
    ``base`` does not list, or fall on a week beyond its calendar or a day it closes."""
    resources = {r["id"] for r in base.get("resources", [])}
    instructors = {t["id"] for t in base.get("instructors", [])}
    cal = base["calendar"]
    closed = {(c["week"], c["day"]) for c in cal.get("closed", [])}
    lost = 0
    for s in schedule.get("sessions", []):
        parts = s.get("parts", [])
        lost += (
            any(p["resource"] not in resources for p in parts)
            or any(p.get("instructor") not in (None, *instructors) for p in parts)
            or s["week"] > cal["weeks"]
            or (s["week"], s["day"]) in closed
        )
    for p in schedule.get("placements", []):
        lost += p["resource"] not in resources or p["first_week"] + p["weeks"] - 1 > cal["weeks"]
    return lost


def base_changes(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Per section of the base: ids added, removed and changed (``travel`` by its pair of
    sites); other sections (``calendar``, ``weights``, ``name``) by the fields that differ."""
    out: dict[str, Any] = {}
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if isinstance(a, list) and isinstance(b, list):
            before, after = _keyed(a), _keyed(b)
            out[key] = {
                "added": sorted(set(after) - set(before)),
                "removed": sorted(set(before) - set(after)),
                "changed": sorted(k for k in set(before) & set(after) if before[k] != after[k]),
            }
        elif isinstance(a, dict) and isinstance(b, dict):
            out[key] = sorted(f for f in set(a) | set(b) if a.get(f) != b.get(f))
        else:
            out[key] = "changed"
    return out


def _keyed(entries: list[Any]) -> dict[str, Any]:
    keyed: dict[str, Any] = {}
    for i, e in enumerate(entries):
        if isinstance(e, dict) and "id" in e:
            k = str(e["id"])
        elif isinstance(e, dict) and "from" in e and "to" in e:
            k = f"{e['from']}->{e['to']}"
        else:
            k = f"[{i}]"
        keyed[k] = e
    return keyed
