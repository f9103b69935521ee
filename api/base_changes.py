"""What a change to a published term breaks: the calendar's grid, the published bookings
a new base or a changed request would no longer hold (days gone by must), and a summary
of a base change for the audit trail."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from api.errors import path_to_loc
from api.past_names import PastNames
from api.past_words import zh
from scheduler.calendar import term_day
from scheduler.checker import check_schedule
from scheduler.io import schedule_from_data
from scheduler.models import Calendar, Scenario

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


@dataclass(frozen=True, slots=True)
class BrokenBookings:
    """Published bookings a change breaks, each as the path into the schedule and the
    sentence of the first rule it breaks (naming the booking): those of days gone by and
    those from the day on."""

    past: list[tuple[str, str]]
    later: list[tuple[str, str]]


def broken_bookings(
    published: dict[str, Any],
    schedule: dict[str, Any],
    changed: dict[str, Any],
    before_day: int = 0,
    restated: dict[str, Any] | None = None,
) -> BrokenBookings:
    """The sessions and placements of ``schedule`` (of the term scenario ``published``)
    that break a rule of the scenario ``changed`` which they kept under ``published``:
    the independent checker (:mod:`scheduler.checker`) judges the same bookings under
    both. Every rule counts, so a new base (:func:`with_base`) may break them by a
    withdrawn resource or a closed day as well as by a lowered capacity, a longer
    journey between sites or a post's week withdrawn, and a changed request (one left
    out, a narrower window, fewer sessions, a new ``after``) by its own rules. Split at
    0-based term day ``before_day``: a session counts on its day, a placement on the
    first day of its first week (an internship under way stays as published).
    ``restated``: the same bookings as a re-solve would keep them under ``changed`` (a
    resized cohort's headcounts), item for item; ``schedule`` by default."""
    before = _item_violations(published, schedule)
    after = _item_violations(changed, restated if restated is not None else schedule)
    dpw = int(published["calendar"]["days_per_week"])
    first: dict[tuple[str, int], tuple[str, str]] = {}
    for key, found in after.items():
        kept = {(rule, path) for rule, path, _ in before.get(key, ())}
        new = [(path, message) for rule, path, message in found if (rule, path) not in kept]
        if new:
            first[key] = new[0]
    out = BrokenBookings([], [])
    for (kind, i), (path, message) in sorted(first.items()):
        item = schedule[kind][i]
        said = (path, _labelled(kind, item, message))
        (out.past if _day(item, dpw) < before_day else out.later).append(said)
    return out


def _labelled(kind: str, item: dict[str, Any], message: str) -> str:
    """``message`` naming its booking, as the checker's own sentences do: one that does
    not (a request withdrawn reads 'unknown request ...') would repeat alike for each
    session, and an institution reads the refusal without places (a college-user audit:
    six identical lines)."""
    if message.startswith("request "):
        return message
    if kind == "sessions":
        label = (
            f"request {item.get('request')} session {item.get('index')} (week "
            f"{item.get('week')}, day {item.get('day')}, slot {item.get('slot')})"
        )
    else:
        label = (
            f"request {item.get('request')} placement in {item.get('resource')} (week "
            f"{item.get('first_week')})"
        )
    return f"{label}: {message}"


def past_errors(bookings: list[tuple[str, str]], scenario: dict[str, Any]) -> list[dict[str, Any]]:
    """A 409's ``errors``: each booking of days gone by (path into the schedule,
    sentence) that a change breaks, placed in the schedule, in Chinese too where
    :func:`api.past_words.zh` knows the sentence; its requests, cohorts, resources and
    teachers named as the rest of the product names them
    (:class:`api.past_names.PastNames`), from the published term ``scenario`` the
    bookings belong to."""
    names = PastNames(scenario)
    out = []
    for path, msg in bookings:
        error: dict[str, Any] = {
            "loc": ["schedule", *path_to_loc(path)],
            "path": path,
            "msg": names(msg, "en"),
        }
        if (chinese := zh(msg)) is not None:
            error["messages"] = {"zh": names(chinese, "zh")}
        out.append(error)
    return out


def outgrown_bookings(
    published: dict[str, Any],
    schedule: dict[str, Any],
    base: dict[str, Any],
    cohort_id: str,
    size: int,
    before_day: int,
) -> list[tuple[str, str]]:
    """The bookings of days gone by that cohort ``cohort_id`` (qualified) at ``size``
    people no longer fits: a re-solve keeps a booking under way with its cohorts'
    people now, in its resources (posts), and drops one they outgrew. Path into the
    schedule and a sentence for each; sessions whose request gives its own
    ``headcount`` do not change."""
    sizes = {c["id"]: c["size"] for c in published.get("cohorts", [])}
    if cohort_id not in sizes:
        return []
    sizes[cohort_id] = size
    requests = {r["id"]: r for r in published.get("requests", [])}
    room = _rooms(base)
    dpw = int(published["calendar"]["days_per_week"])
    out: list[tuple[str, str]] = []
    for kind in ("sessions", "placements"):
        by_request: dict[str, list[int]] = {}
        for i, item in enumerate(schedule.get(kind, [])):
            by_request.setdefault(item["request"], []).append(i)
        for rid, positions in by_request.items():
            req = requests.get(rid)
            if req is None:
                continue
            cohorts = _cohorts(req)
            if cohort_id not in cohorts or (kind == "sessions" and req.get("headcount")):
                continue
            people = sum(sizes.get(c, 0) for c in cohorts)
            if kind == "placements":  # an internship: all its posts together, as one
                first = schedule[kind][positions[0]]
                if _day(first, dpw) < before_day:
                    held = sum(room.get(schedule[kind][i]["resource"], 0) for i in positions)
                    if people > held:
                        out.append(
                            (f"placements[{positions[0]}]", _outgrown(rid, first, people, held))
                        )
                continue
            for i in positions:
                item = schedule[kind][i]
                held = sum(room.get(p["resource"], 0) for p in item.get("parts", []))
                if _day(item, dpw) < before_day and people > held:
                    out.append((f"sessions[{i}]", _outgrown(rid, item, people, held)))
    return out


def resized(
    published: dict[str, Any], schedule: dict[str, Any], cohort_id: str, size: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The term scenario with cohort ``cohort_id`` (qualified) grown to ``size`` people, and
    ``schedule`` with the headcounts a re-solve keeps its bookings with (the parts of a
    session or the posts of an internship share the people out as
    :func:`solver.kept_past.headcounts.spread_headcounts` does), item for item: judged together by
    :func:`broken_bookings`, a shared hall that the grown class fills past its room
    beside another college's class counts (that class's sessions were dropped; a term
    simulation)."""
    from solver.kept_past.headcounts import spread_headcounts

    changed = copy.deepcopy(published)
    for c in changed.get("cohorts", []):
        if c.get("id") == cohort_id:
            c["size"] = size
    sizes = {c["id"]: c["size"] for c in changed.get("cohorts", [])}
    room = _rooms(changed)
    out = copy.deepcopy(schedule)
    for req in changed.get("requests", []):
        cohorts = _cohorts(req)
        if cohort_id not in cohorts:
            continue
        people = sum(sizes.get(c, 0) for c in cohorts)
        if not req.get("headcount"):
            for s in out.get("sessions", []):
                if s["request"] == req["id"] and s.get("parts"):
                    heads = [p["headcount"] for p in s["parts"]]
                    rooms = [room.get(p["resource"], 0) for p in s["parts"]]
                    new = spread_headcounts(heads, rooms, people)
                    for p, h in zip(s["parts"], new, strict=True):
                        p["headcount"] = h
                    # a part left with nobody goes, as in the re-solve
                    s["parts"] = [p for p in s["parts"] if p["headcount"] > 0]
        placed = [p for p in out.get("placements", []) if p["request"] == req["id"]]
        if placed:
            heads = [p["headcount"] for p in placed]
            rooms = [room.get(p["resource"], 0) for p in placed]
            for p, h in zip(placed, spread_headcounts(heads, rooms, people), strict=True):
                p["headcount"] = h
    return changed, out


def _rooms(scenario: dict[str, Any]) -> dict[str, int]:
    """Resource id -> the most people it holds at once (``capacity + overflow``)."""
    return {r["id"]: r["capacity"] + r.get("overflow", 0) for r in scenario.get("resources", [])}


def _cohorts(request: dict[str, Any]) -> list[str]:
    """The cohorts a request document names (``cohort`` or ``cohorts``)."""
    return [request["cohort"]] if request.get("cohort") else request.get("cohorts") or []


def _outgrown(request_id: str, item: dict[str, Any], people: int, room: int) -> str:
    when = (
        f"session {item['index']} (week {item['week']}, day {item['day']})"
        if "index" in item
        else f"internship from week {item['first_week']}"
    )
    return f"request {request_id} {when}: {people} people, room for {room} where it was"


def with_base(published: dict[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    """The term scenario ``published`` on another base: its cohorts and requests kept."""
    return {**base_of(base), **_items_of(published)}


def with_request(
    published: dict[str, Any], request_id: str, request: dict[str, Any] | None
) -> dict[str, Any]:
    """The term scenario ``published`` with request ``request_id`` (qualified) replaced
    by ``request`` (qualified too), or left out when ``None``."""
    requests = [r for r in published.get("requests", []) if r.get("id") != request_id]
    return {**published, "requests": requests + ([request] if request is not None else [])}


def bookings_before(schedule: dict[str, Any], request_id: str, day: int, dpw: int) -> int:
    """How many sessions and placements of ``request_id`` in ``schedule`` are before
    0-based term day ``day`` (days gone by)."""
    items = [*schedule.get("sessions", []), *schedule.get("placements", [])]
    return sum(i.get("request") == request_id and _day(i, dpw) < day for i in items)


def _day(item: dict[str, Any], dpw: int) -> int:
    """The 0-based term day a booking counts on (a placement: its first week's first)."""
    if "first_week" in item:
        return term_day(dpw, item["first_week"], 1)
    return term_day(dpw, item["week"], item["day"])


def _items_of(scenario: dict[str, Any]) -> dict[str, Any]:
    return {k: scenario.get(k, []) for k in ("cohorts", "requests")}


_ITEM = re.compile(r"(sessions|placements)\[(\d+)\]")


def _item_violations(
    scenario: dict[str, Any], schedule: dict[str, Any]
) -> dict[tuple[str, int], list[tuple[str, str, str]]]:
    """Per booking (``("sessions", i)`` or ``("placements", i)``): the rule, path and
    sentence of each violation the checker finds under ``scenario``."""
    report = check_schedule(Scenario.model_validate(scenario), schedule_from_data(schedule))
    found: dict[tuple[str, int], list[tuple[str, str, str]]] = {}
    for v in report.violations:
        m = _ITEM.match(v.path)
        if m is not None:
            found.setdefault((m[1], int(m[2])), []).append((v.rule, v.path, v.message))
    return found


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
