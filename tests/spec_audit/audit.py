"""A second checker of schedules, written from ``shared/spec/scenario-format.md`` alone.

Outside tools check our schedules against the spec on scenarios we have not seen; this
one reads the spec independently of ``scheduler/checker`` so that a shared misreading
shows up as a disagreement. :func:`audit` takes the scenario and the schedule as plain
JSON documents and returns the broken rules as ``"rule: message"`` strings.
"""

from __future__ import annotations

import math
from collections import defaultdict
from itertools import combinations
from typing import Any

from tests.spec_audit.document import document_problems
from tests.spec_audit.objective import objective_terms, objective_value, shares
from tests.spec_audit.reading import Reading, in_window, kind, windows

Doc = dict[str, Any]


def audit(scenario: Doc, schedule: Doc) -> list[str]:
    """Every hard rule of the spec the schedule breaks (empty when it keeps them all)."""
    out = document_problems(scenario, schedule)
    if out:  # the rules below assume a well-formed document
        return out
    sc = Reading(scenario)
    _sessions(sc, schedule, out)
    _placements(sc, schedule, out)
    if any(x.startswith(("document:", "calendar:")) for x in out):
        return out  # the rules below read only sessions inside the calendar
    _occupancy(sc, schedule, out)
    _travel(sc, schedule, out)
    _patterns(sc, schedule, out)
    _precedence(sc, schedule, out)
    _answer(sc, schedule, out)
    _objective(sc, schedule, out)
    return out


def _objective(sc: Reading, schedule: Doc, out: list[str]) -> None:
    """The stated objective is the formula's value under the weights it states."""
    weights = schedule["metrics"].get("weights")
    stated = schedule.get("objective")
    if stated is None or not isinstance(weights, dict):
        return
    terms = objective_terms(sc, schedule)
    value = objective_value(weights, terms)
    if not math.isclose(stated, value, rel_tol=1e-15, abs_tol=0.5):
        out.append(f"objective: stated {stated}, recomputed {value} from {terms}")
    stated_shares = schedule["metrics"].get("shares")
    if isinstance(stated_shares, dict):
        for i, share in shares(sc, schedule).items():
            if not math.isclose(stated_shares.get(i, -1.0), share, abs_tol=1e-9):
                out.append(f"objective: {i}'s share is {stated_shares.get(i)}, not {share}")


def _span(s: Doc) -> range:
    return range(s["slot"], s["slot"] + s["duration"])


def _sessions(sc: Reading, schedule: Doc, out: list[str]) -> None:
    """Each session on its own: time, window, resources, parts, instructors."""
    indices: dict[str, list[int]] = defaultdict(list)
    for n, s in enumerate(schedule["sessions"]):
        at = f"sessions[{n}]"
        q = sc.requests.get(s["request"])
        if q is None or kind(q) != "sessions":
            out.append(f"document: {at} names no session request")
            continue
        indices[q["id"]].append(s["index"])
        if s["duration"] != (q.get("duration") or 1):
            out.append(f"calendar: {at} duration {s['duration']} is not the request's")
        if not sc.open_day(s["week"], s["day"]):
            out.append(f"calendar: {at} is on a closed or missing day")
        if not (
            s["slot"] >= 1 and s["duration"] >= 1 and s["slot"] + s["duration"] - 1 <= sc.slots
        ):
            out.append(f"calendar: {at} does not stay within the day")
        cohorts = sc.attending(q)
        owners_only = {r: sc.institutions_of(q) == {sc.resources[r]["owner"]} for r in sc.resources}
        for k in _span(s):
            w, d = s["week"], s["day"]
            if not in_window(windows(q.get("window")), w, d, k):
                out.append(f"window: {at} slot {k} is outside the request's window")
            for c in cohorts:
                if not in_window(windows(sc.cohorts[c].get("available")), w, d, k):
                    out.append(f"window: {at} slot {k} is outside cohort {c}'s availability")
        parts = s["parts"]
        if not parts:
            out.append(f"parts: {at} has no part")
        if not q.get("split") and len(parts) > 1:
            out.append(f"parts: {at} has {len(parts)} parts without split")
        if len({p["resource"] for p in parts}) != len(parts):
            out.append(f"parts: {at} uses a resource twice")
        if sum(p["headcount"] for p in parts) != sc.size(q):
            out.append(f"parts: {at} headcounts do not sum to {sc.size(q)}")
        for j, p in enumerate(parts):
            r = sc.resources.get(p["resource"])
            where = f"{at}.parts[{j}]"
            if r is None:
                out.append(f"document: {where} names an unknown resource")
                continue
            if r["kind"] == "internship_post":
                out.append(f"resource: {where} is an internship post")
            why = sc.admits(r, q)
            if why:
                out.append(f"resource: {where} {r['id']} {why}")
            if p["headcount"] < 1 or p["headcount"] > r["capacity"] + (r.get("overflow") or 0):
                out.append(f"parts: {where} headcount {p['headcount']} does not fit {r['id']}")
            for k in _span(s):
                if not in_window(windows(r.get("available")), s["week"], s["day"], k):
                    out.append(f"availability: {where} {r['id']} is unavailable at slot {k}")
                if not owners_only[r["id"]] and in_window(
                    windows(r.get("owner_windows")) or [], s["week"], s["day"], k
                ):
                    out.append(f"availability: {where} touches {r['id']}'s owner window")
            _instructor(sc, q, s, p, where, out)
    for rid, got in indices.items():
        n = sc.requests[rid].get("sessions") or 0
        if len(got) > n or len(set(got)) != len(got) or not all(1 <= i <= n for i in got):
            out.append(f"calendar: request {rid} has indices {sorted(got)} for {n} sessions")


def _instructor(sc: Reading, q: Doc, s: Doc, p: Doc, where: str, out: list[str]) -> None:
    name = p.get("instructor")
    if name is None:
        if sc.needs_instructor(q):
            out.append(f"instructor: {where} has no instructor")
        return
    t = sc.instructors.get(name)
    if t is None:
        out.append(f"document: {where} names an unknown instructor")
        return
    if sc.needs_instructor(q):
        if not set(q.get("instructor_skills") or []) <= set(t.get("skills") or []):
            out.append(f"instructor: {where} {name} lacks a skill")
        if q.get("instructors") is not None and name not in q["instructors"]:
            out.append(f"instructor: {where} {name} is not among the request's instructors")
    for k in _span(s):
        if not in_window(windows(t.get("available")), s["week"], s["day"], k):
            out.append(f"instructor: {where} {name} is unavailable at slot {k}")


def _placements(sc: Reading, schedule: Doc, out: list[str]) -> None:
    """Internships: all or nothing, consecutive weeks by week, posts that admit them."""
    by_request: dict[str, list[Doc]] = defaultdict(list)
    for n, p in enumerate(schedule["placements"]):
        q = sc.requests.get(p["request"])
        r = sc.resources.get(p["resource"])
        at = f"placements[{n}]"
        if q is None or kind(q) != "internship" or r is None:
            out.append(f"document: {at} names no internship request or no resource")
            continue
        by_request[q["id"]].append(p)
        if r["kind"] != "internship_post":
            out.append(f"resource: {at} {r['id']} is not an internship post")
        why = sc.admits(r, q)
        if why:
            out.append(f"resource: {at} {r['id']} {why}")
        if p["headcount"] < 1:
            out.append(f"internship: {at} headcount below 1")
        if p["weeks"] != q["weeks"]:
            out.append(f"internship: {at} runs {p['weeks']} weeks, not {q['weeks']}")
        for w in range(p["first_week"], p["first_week"] + p["weeks"]):
            if not 1 <= w <= sc.weeks:
                out.append(f"calendar: {at} week {w} is outside the calendar")
                continue
            if not sc.week_in(windows(q.get("window")), w):
                out.append(f"window: {at} week {w} is outside the request's window")
            if not sc.week_in(windows(r.get("available")), w):
                out.append(f"availability: {at} {r['id']} is unavailable in week {w}")
    for rid, ps in by_request.items():
        q = sc.requests[rid]
        if len({(p["first_week"], p["weeks"]) for p in ps}) != 1:
            out.append(f"internship: {rid} parts do not share first_week and weeks")
        if sum(p["headcount"] for p in ps) != sc.size(q):
            out.append(f"internship: {rid} headcounts do not sum to {sc.size(q)}")
    interns: dict[tuple[str, int], int] = defaultdict(int)
    for p in schedule["placements"]:
        for w in range(p["first_week"], p["first_week"] + p["weeks"]):
            interns[p["resource"], w] += p["headcount"]
    for (rid, w), n in interns.items():
        r = sc.resources[rid]
        if n > r["capacity"] + (r.get("overflow") or 0):
            out.append(f"capacity: post {rid} holds {n} interns in week {w}")


def _occupancy(sc: Reading, schedule: Doc, out: list[str]) -> None:
    """Slot by slot: exclusive and shared capacity, cohort and instructor overlap,
    cohorts away on internship, instructors' weekly load."""
    parts_in: dict[tuple[str, int], list[int]] = defaultdict(list)
    cohort_in: dict[tuple[str, int], int] = defaultdict(int)
    teacher_in: dict[tuple[str, int], int] = defaultdict(int)
    load: dict[tuple[str, int], int] = defaultdict(int)
    away: dict[str, dict[int, str]] = defaultdict(dict)
    for p in schedule["placements"]:
        for c in sc.attending(sc.requests[p["request"]]):
            for w in range(p["first_week"], p["first_week"] + p["weeks"]):
                other = away[c].get(w)
                if other is not None and other != p["request"]:
                    out.append(f"cohort: {c} has two internships in week {w}")
                away[c][w] = p["request"]
    for n, s in enumerate(schedule["sessions"]):
        q = sc.requests[s["request"]]
        for c in sc.attending(q):
            if s["week"] in away[c]:
                out.append(f"cohort: sessions[{n}] falls in {c}'s internship week {s['week']}")
        for k in _span(s):
            g = sc.index(s["week"], s["day"], k)
            for c in sc.attending(q):
                cohort_in[c, g] += 1
            for p in s["parts"]:
                parts_in[p["resource"], g].append(p["headcount"])
                if p.get("instructor") is not None:
                    teacher_in[p["instructor"], g] += 1
        for p in s["parts"]:
            if p.get("instructor") is not None:
                load[p["instructor"], s["week"]] += s["duration"]
    for (rid, g), heads in parts_in.items():
        r = sc.resources[rid]
        if not r.get("shareable") and len(heads) > 1:
            out.append(f"capacity: exclusive {rid} holds {len(heads)} parts at slot {g}")
        if sum(heads) > r["capacity"] + (r.get("overflow") or 0):
            out.append(f"capacity: {rid} holds {sum(heads)} people at slot {g}")
    out.extend(
        f"cohort: {c} attends {n} sessions at slot {g}" for (c, g), n in cohort_in.items() if n > 1
    )
    out.extend(
        f"instructor: {t} teaches {n} parts at slot {g}"
        for (t, g), n in teacher_in.items()
        if n > 1
    )
    for (t, w), n in load.items():
        most = sc.instructors[t].get("max_slots_per_week")
        if most is not None and n > most:
            out.append(f"instructor: {t} teaches {n} slots in week {w}, more than {most}")


def _travel(sc: Reading, schedule: Doc, out: list[str]) -> None:
    """Two sessions of one cohort or instructor on one day at different sites leave the
    travel time free between them; the farthest pair of their sites counts."""
    days: dict[tuple[str, int, int], list[Doc]] = defaultdict(list)
    for s in schedule["sessions"]:
        people = {f"cohort {c}" for c in sc.attending(sc.requests[s["request"]])}
        people |= {f"instructor {p['instructor']}" for p in s["parts"] if p.get("instructor")}
        for who in people:
            days[who, s["week"], s["day"]].append(s)
    for (who, w, d), sessions in days.items():
        for a, b in combinations(sessions, 2):
            first, second = sorted((a, b), key=lambda s: sc.starts[s["slot"] - 1])
            end = sc.starts[first["slot"] + first["duration"] - 2] + sc.slot_minutes
            free = sc.starts[second["slot"] - 1] - end
            for x in {p["resource"] for p in first["parts"]}:
                for y in {p["resource"] for p in second["parts"]}:
                    sx, sy = sc.resources[x]["site"], sc.resources[y]["site"]
                    if sx == sy:
                        continue
                    need = sc.distance(sx, sy)
                    if need is None:
                        out.append(
                            f"travel: {who} at unconnected {sx} and {sy} in week {w} day {d}"
                        )
                    elif free < need:
                        out.append(
                            f"travel: {who} has {free} free minutes for {need} ({sx}->{sy}) "
                            f"in week {w} day {d}"
                        )


def _patterns(sc: Reading, schedule: Doc, out: list[str]) -> None:
    by_request: dict[str, list[Doc]] = defaultdict(list)
    for s in schedule["sessions"]:
        by_request[s["request"]].append(s)
    order = {day: n for n, day in enumerate(sc.open_days())}
    for rid, ss in by_request.items():
        q = sc.requests[rid]
        pattern = q.get("pattern") or "free"
        ss = sorted(ss, key=lambda s: (s["week"], s["day"], s["slot"]))
        if pattern == "weekly":
            if len({(s["day"], s["slot"]) for s in ss}) > 1:
                out.append(f"pattern: weekly {rid} moves day or slot")
            for a, b in zip(ss, ss[1:], strict=False):
                gap = range(a["week"] + 1, b["week"])
                if b["week"] == a["week"] or any((w, a["day"]) not in sc.closed for w in gap):
                    out.append(f"pattern: weekly {rid} skips an open week {a['week']}->{b['week']}")
        elif pattern == "block":
            at = [order.get((s["week"], s["day"]), -10) for s in ss]
            if any(y != x + 1 for x, y in zip(at, at[1:], strict=False)):
                out.append(f"pattern: block {rid} is not on consecutive open days")
        else:
            most = q.get("max_per_week")
            weeks = [s["week"] for s in ss]
            if most is not None and any(weeks.count(w) > most for w in set(weeks)):
                out.append(f"pattern: {rid} exceeds max_per_week {most}")
            apart = q.get("min_days_apart") or 0
            cal = [(s["week"] - 1) * 7 + s["day"] for s in ss]
            if any(abs(x - y) < apart for x, y in combinations(cal, 2)):
                out.append(f"pattern: {rid} has sessions under {apart} days apart")


def _precedence(sc: Reading, schedule: Doc, out: list[str]) -> None:
    """``after``: every start of R at or after every end of P (global slot numbers)."""
    week_slots = sc.days * sc.slots
    starts: dict[str, list[int]] = defaultdict(list)
    ends: dict[str, list[int]] = defaultdict(list)
    for s in schedule["sessions"]:
        g = sc.index(s["week"], s["day"], s["slot"])
        starts[s["request"]].append(g)
        ends[s["request"]].append(g + s["duration"])
    for p in schedule["placements"]:
        starts[p["request"]].append((p["first_week"] - 1) * week_slots)
        ends[p["request"]].append((p["first_week"] - 1 + p["weeks"]) * week_slots)
    for rid, q in sc.requests.items():
        for before in q.get("after") or []:
            if starts[rid] and ends[before] and min(starts[rid]) < max(ends[before]):
                out.append(f"precedence: {rid} starts before {before} ends")


def _answer(sc: Reading, schedule: Doc, out: list[str]) -> None:
    """Required requests, one exact ``unmet`` entry per shortfall, objective and bound."""
    status = schedule["status"]
    held: dict[str, int] = defaultdict(int)
    for s in schedule["sessions"]:
        held[s["request"]] += 1
    for p in schedule["placements"]:
        held[p["request"]] += p["headcount"]
    entries: dict[str, list[Doc]] = defaultdict(list)
    for u in schedule["unmet"]:
        entries[u["request"]].append(u)
    for rid, q in sc.requests.items():
        asked = sc.size(q) if kind(q) == "internship" else (q.get("sessions") or 0)
        missing = asked - held[rid]
        if missing > 0 and q.get("required") and status in ("optimal", "feasible"):
            out.append(f"required: {rid} misses {missing} in a {status} answer")
        got = entries.pop(rid, [])
        if missing > 0 and [u["missing"] for u in got] != [missing]:
            out.append(f"unmet: {rid} misses {missing}, entries say {[u['missing'] for u in got]}")
        if missing <= 0 and got:
            out.append(f"unmet: {rid} is met in full but has an unmet entry")
    out.extend(f"unmet: entry for unknown request {rid}" for rid in entries)
    objective, bound = schedule.get("objective"), schedule.get("bound")
    if (
        objective is not None
        and bound is not None
        and bound < objective - max(0.5, 1e-15 * abs(bound))
    ):
        out.append(f"objective: bound {bound} is below the objective {objective}")
    if status == "optimal" and (
        objective is None or bound is None or not math.isclose(objective, bound)
    ):
        out.append(f"objective: optimal answer with objective {objective} and bound {bound}")
    if status == "infeasible" and not schedule.get("conflicts"):
        out.append("unmet: infeasible answer without conflicts")
