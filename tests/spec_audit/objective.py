"""The objective recomputed from the documents, as the spec's Objective section and
``docs/objective.md`` (where the spec says the names and defaults are documented) define
it, independently of ``scheduler/evaluate.py``.

The weights are the ones the schedule says it was scored with (``metrics.weights``):
resolving the default ``demand`` is the project's documented choice, the formula is
what an outside tool can hold the number to.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from tests.spec_audit.reading import Reading, in_window, kind, windows

Doc = dict[str, Any]


def shares(sc: Reading, schedule: Doc) -> dict[str, float]:
    """Each institution's fulfilled share: 1.0 when it demands nothing (the spec)."""
    asked, got = _units(sc, schedule)
    return {i: got[i] / asked[i] if asked[i] else 1.0 for i in sc.institutions}


def _units(sc: Reading, schedule: Doc) -> tuple[dict[str, int], dict[str, int]]:
    """Demanded and fulfilled priority-weighted units per institution."""
    done = _done(sc, schedule)
    asked: dict[str, int] = defaultdict(int)
    got: dict[str, int] = defaultdict(int)
    for rid, q in sc.requests.items():
        p = int(q.get("priority", 1))
        if kind(q) == "internship":
            want = p * int(q["weeks"])
        else:
            want = p * (q.get("duration") or 1) * q["sessions"]
        for i in sc.institutions_of(q):
            asked[i] += want
            got[i] += done[rid]
    return asked, got


def _done(sc: Reading, schedule: Doc) -> dict[str, int]:
    """Fulfilled units per request: priority x duration per session, priority x weeks
    per placed internship (placed in full or not at all)."""
    done: dict[str, int] = defaultdict(int)
    for s in schedule["sessions"]:
        done[s["request"]] += int(sc.requests[s["request"]].get("priority", 1)) * s["duration"]
    for rid in {p["request"] for p in schedule["placements"]}:
        q = sc.requests[rid]
        done[rid] += int(q.get("priority", 1)) * int(q["weeks"])
    return done


def objective_terms(sc: Reading, schedule: Doc) -> dict[str, int]:
    """Every term of ``docs/objective.md`` for ``schedule``."""
    asked, got = _units(sc, schedule)
    worst = min((1000 * got[i] // asked[i] if asked[i] else 1000) for i in sc.institutions)
    return {
        "fulfilled_units": sum(_done(sc, schedule).values()),
        "worst_share_permille": worst,
        "preference_misses": _misses(sc, schedule),
        "extra_resources": _extra(schedule),
        "travel_minutes": _trips(sc, schedule),
        "overflow_person_slots": _overflow(sc, schedule),
        "missing_days": _missing_days(sc, schedule),
        "isolated_sessions": _isolated(sc, schedule),
    }


def objective_value(weights: dict[str, int], terms: dict[str, int]) -> int:
    return (
        weights["demand"] * terms["fulfilled_units"]
        + weights["fairness"] * terms["worst_share_permille"]
        - weights["prefer"] * terms["preference_misses"]
        - weights["stability"] * terms["extra_resources"]
        - weights["travel"] * terms["travel_minutes"]
        - weights["overflow"] * terms["overflow_person_slots"]
        - weights["min_days"] * terms["missing_days"]
        - weights["isolated"] * terms["isolated_sessions"]
    )


def _misses(sc: Reading, schedule: Doc) -> int:
    n = 0
    for s in schedule["sessions"]:
        prefer = sc.requests[s["request"]].get("prefer")
        if not prefer:
            continue
        weight = int(prefer.get("weight", 1))
        if prefer.get("resources") is not None and any(
            p["resource"] not in prefer["resources"] for p in s["parts"]
        ):
            n += weight
        wins = windows(prefer.get("windows"))
        span = range(s["slot"], s["slot"] + s["duration"])
        if wins is not None and not all(in_window(wins, s["week"], s["day"], k) for k in span):
            n += weight
    return n


def _extra(schedule: Doc) -> int:
    used: dict[str, set[str]] = defaultdict(set)
    for s in schedule["sessions"]:
        used[s["request"]] |= {p["resource"] for p in s["parts"]}
    return sum(len(r) - 1 for r in used.values())


def _trips(sc: Reading, schedule: Doc) -> int:
    total = 0
    for s in schedule["sessions"]:
        q = sc.requests[s["request"]]
        for p in s["parts"]:
            for c in sc.attending(q):
                home = sc.institutions[sc.cohorts[c]["institution"]]["site"]
                d = sc.distance(home, sc.resources[p["resource"]]["site"])
                total += math.ceil(min(1440.0, 1440.0 if d is None else d))
    return total


def _overflow(sc: Reading, schedule: Doc) -> int:
    people: dict[tuple[str, int], int] = defaultdict(int)
    for s in schedule["sessions"]:
        for k in range(s["slot"], s["slot"] + s["duration"]):
            for p in s["parts"]:
                people[p["resource"], sc.index(s["week"], s["day"], k)] += p["headcount"]
    for p in schedule["placements"]:
        for w in range(p["first_week"], p["first_week"] + p["weeks"]):
            people[p["resource"], -w] += p["headcount"]
    return sum(max(0, n - sc.resources[r]["capacity"]) for (r, _), n in people.items())


def _missing_days(sc: Reading, schedule: Doc) -> int:
    days: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for s in schedule["sessions"]:
        days[s["request"]].add((s["week"], s["day"]))
    return sum(max(0, (sc.requests[r].get("min_days") or 0) - len(d)) for r, d in days.items())


def _isolated(sc: Reading, schedule: Doc) -> int:
    busy: set[tuple[str, int, int, int]] = set()
    for s in schedule["sessions"]:
        for c in sc.attending(sc.requests[s["request"]]):
            busy |= {
                (c, s["week"], s["day"], k) for k in range(s["slot"], s["slot"] + s["duration"])
            }
    n = 0
    for s in schedule["sessions"]:
        for c in sc.attending(sc.requests[s["request"]]):
            before = (c, s["week"], s["day"], s["slot"] - 1)
            after = (c, s["week"], s["day"], s["slot"] + s["duration"])
            n += before not in busy and after not in busy
    return n
