"""What replacing a term's base changes: the calendar's grid, the published bookings it
withdraws, and a summary of the change for the audit trail."""

from __future__ import annotations

from typing import Any

import numpy as np

from scheduler.calendar import CalendarIndex, term_day
from scheduler.models import Calendar, Resource, Scenario

#: Calendar fields that give a published (week, day, slot) its date and time.
GRID_FIELDS = ("first_monday", "days_per_week", "slots_per_day", "slot_minutes", "slot_times")


def base_of(scenario: dict[str, Any]) -> dict[str, Any]:
    """A composed term scenario's base: all but its cohorts and requests."""
    return {k: v for k, v in scenario.items() if k not in ("cohorts", "requests")}


def grid_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The grid fields (:data:`GRID_FIELDS`) in which calendar ``new`` reads otherwise than
    ``old``; ``slot_times`` by the times the slots start (written out or not)."""
    changed = [f for f in GRID_FIELDS[:-1] if old.get(f) != new.get(f)]
    if _starts(old) != _starts(new):
        changed.append("slot_times")
    return changed


def _starts(calendar: dict[str, Any]) -> list[int] | None:
    try:
        return Calendar.model_validate(calendar).slot_start_minutes()
    except ValueError:  # a stored calendar always validates; compare the raw field then
        return calendar.get("slot_times")


def request_institutions(scenario: dict[str, Any]) -> dict[str, set[str]]:
    """Request id -> the institutions of its cohorts, in a scenario document."""
    owner = {c["id"]: c["institution"] for c in scenario.get("cohorts", [])}
    out: dict[str, set[str]] = {}
    for r in scenario.get("requests", []):
        cohorts = [r["cohort"]] if r.get("cohort") is not None else r.get("cohorts") or []
        out[r["id"]] = {owner[c] for c in cohorts if c in owner}
    return out


def withdrawn_bookings(
    schedule: dict[str, Any],
    base: Scenario,
    before_day: int = 0,
    institutions: dict[str, set[str]] | None = None,
) -> tuple[int, int]:
    """Sessions and placements of ``schedule`` that ``base`` no longer allows: a resource
    or instructor it does not list or that is unavailable then, a day it closes or a
    week, day or slot beyond its calendar; with ``institutions`` (request id -> its
    cohorts' institutions, :func:`request_institutions`), also a resource no longer open
    to them or kept for its owner then. Counted as (before 0-based term day
    ``before_day``, from it on)."""
    cal = CalendarIndex.from_calendar(base.calendar)
    open_slots = cal.open_slots()
    resources = {r.id: r for r in base.resources}
    available = {r.id: cal.window_mask(r.available) for r in base.resources}
    kept = {r.id: cal.window_mask(r.owner_windows) for r in base.resources if r.owner_windows}
    instructors = {t.id: cal.window_mask(t.available) for t in base.instructors}
    dpw, spd = cal.days_per_week, cal.slots_per_day
    lost: list[int] = []  # the 0-based term day of each booking that no longer holds
    for s in schedule.get("sessions", []):
        week, day, slot = s["week"], s["day"], s["slot"]
        end = slot + s.get("duration", 1) - 1
        held = week <= cal.n_weeks and day <= dpw and end <= spd
        if held:
            t = cal.slot(week, day, slot)
            span = slice(t, t + end - slot + 1)
            held = bool(open_slots[span].all())
            insts = None if institutions is None else institutions.get(s["request"])
            for p in s.get("parts", []):
                masks = [available.get(p["resource"])]
                if p.get("instructor") is not None:
                    masks.append(instructors.get(p["instructor"]))
                held = held and all(m is not None and bool(m[span].all()) for m in masks)
                res = resources.get(p["resource"])
                if held and res is not None and insts is not None:
                    held = _shared_as_before(res, insts, kept.get(res.id), span)
        if not held:
            lost.append(term_day(dpw, week, day))
    for p in schedule.get("placements", []):
        if p["resource"] not in resources or p["first_week"] + p["weeks"] - 1 > cal.n_weeks:
            lost.append(term_day(dpw, p["first_week"], 1))
    past = sum(d < before_day for d in lost)
    return past, len(lost) - past


def _shared_as_before(res: Resource, insts: set[str], kept: np.ndarray | None, span: slice) -> bool:
    """Whether cohorts of ``insts`` may still use ``res`` in ``span``: it is open to them
    (``open_to``), and outside its ``owner_windows`` unless they are all the owner's."""
    if res.open_to is not None and insts - {*res.open_to, res.owner}:
        return False
    return kept is None or insts == {res.owner} or not bool(kept[span].any())


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
