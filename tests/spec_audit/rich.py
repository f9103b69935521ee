"""Seeded scenarios dense in the features added since the last audits: split sessions
over several small labs, instructors per part, internships over several small posts,
joint requests, several sites with fractional travel near the gap between slots.

``tests.strategies`` draws mostly hopeless requests, so its schedules rarely hold a
split or a same-day trip; these scenarios are built so that most requests fit.
"""

from __future__ import annotations

import random
from typing import Any

Doc = dict[str, Any]
FEATURES = ("cnc", "weld")


def rich_scenario(seed: int) -> Doc:
    """A small scenario drawn from ``seed`` (same seed, same document)."""
    rnd = random.Random(seed)
    weeks, days, slots = rnd.randint(2, 4), rnd.randint(3, 5), rnd.randint(3, 6)
    minutes = rnd.choice([45, 60, 90])
    calendar: Doc = {
        "weeks": weeks,
        "days_per_week": days,
        "slots_per_day": slots,
        "slot_minutes": minutes,
        "first_monday": "2026-09-07",
        "closed": [{"week": rnd.randint(1, weeks), "day": rnd.randint(1, days)}]
        if rnd.random() < 0.4
        else [],
    }
    if rnd.random() < 0.4:
        at, times = 8 * 60, []
        for _ in range(slots):
            times.append(f"{at // 60:02d}:{at % 60:02d}")
            at += minutes + rnd.choice([0, 10, 30, 60])
        calendar["slot_times"] = times
    sites = [f"s{k}" for k in range(rnd.randint(2, 3))]
    travel = [
        {
            "from": a,
            "to": b,
            "minutes": rnd.choice([0.5, minutes / 2, minutes - 0.5, minutes + 0.5, 30.25]),
        }
        for n, a in enumerate(sites)
        for b in sites[n + 1 :]
        if rnd.random() < 0.8
    ]
    insts = [
        {
            "id": f"i{k}",
            "kind": rnd.choice(["college", "enterprise", "institute"]),
            "site": rnd.choice(sites),
        }
        for k in range(rnd.randint(2, 3))
    ]
    ids = [i["id"] for i in insts]
    resources: list[Doc] = []
    for k in range(rnd.randint(3, 6)):
        r: Doc = {
            "id": f"lab{k}",
            "kind": rnd.choice(["lab", "workshop", "training_base"]),
            "owner": rnd.choice(ids),
            "site": rnd.choice(sites),
            "capacity": rnd.randint(8, 30),
            "features": [f for f in FEATURES if rnd.random() < 0.7],
            "shareable": rnd.random() < 0.3,
        }
        if rnd.random() < 0.2:
            r["overflow"] = rnd.randint(1, 4)
        if rnd.random() < 0.2:
            r["owner_windows"] = [{"days": [1]}]
        if rnd.random() < 0.2:
            r["open_to"] = rnd.sample(ids, 1)
        if rnd.random() < 0.2:
            r["available"] = [{"slots": list(range(1, slots))}]
        resources.append(r)
    for k in range(rnd.randint(1, 3)):
        resources.append(
            {
                "id": f"post{k}",
                "kind": "internship_post",
                "owner": rnd.choice(ids),
                "site": rnd.choice(sites),
                "capacity": rnd.randint(3, 12),
                "features": [f for f in FEATURES if rnd.random() < 0.5],
            }
        )
    instructors: list[Doc] = []
    for k in range(rnd.randint(1, 4)):
        t: Doc = {
            "id": f"t{k}",
            "institution": rnd.choice(ids),
            "skills": [f for f in FEATURES if rnd.random() < 0.7],
            "site": rnd.choice(sites),
        }
        if rnd.random() < 0.3:
            t["max_slots_per_week"] = rnd.randint(2, 8)
        if rnd.random() < 0.2:
            t["available"] = [{"days": list(range(1, days))}]
        instructors.append(t)
    cohorts = [
        {"id": f"c{k}", "institution": rnd.choice(ids), "size": rnd.randint(6, 40)}
        for k in range(rnd.randint(2, 4))
    ]
    requests = [
        _request(rnd, k, cohorts, resources, instructors, weeks) for k in range(rnd.randint(3, 8))
    ]
    for k, q in enumerate(requests):
        if k and rnd.random() < 0.2:
            q["after"] = [requests[rnd.randrange(k)]["id"]]
    doc: Doc = {
        "format": "trainshare/scenario@1",
        "name": f"rich-{seed}",
        "calendar": calendar,
        "sites": [{"id": s} for s in sites],
        "travel": travel,
        "institutions": insts,
        "resources": resources,
        "instructors": instructors,
        "cohorts": cohorts,
        "requests": requests,
    }
    if rnd.random() < 0.5:
        doc["weights"] = {
            "isolated": rnd.randint(0, 3),
            "min_days": rnd.randint(0, 3),
            "travel": rnd.randint(0, 3),
        }
    return doc


def _request(
    rnd: random.Random,
    k: int,
    cohorts: list[Doc],
    resources: list[Doc],
    teachers: list[Doc],
    weeks: int,
) -> Doc:
    q: Doc = {"id": f"q{k}", "priority": rnd.randint(1, 3)}
    if rnd.random() < 0.25 and len(cohorts) > 1:
        q["cohorts"] = [c["id"] for c in rnd.sample(cohorts, 2)]
    else:
        q["cohort"] = rnd.choice(cohorts)["id"]
    if rnd.random() < 0.25:
        q.update(kind="internship", weeks=rnd.randint(1, min(2, weeks)))
        if rnd.random() < 0.3:
            q["needs"] = [rnd.choice(FEATURES)]
        return q
    q.update(sessions=rnd.randint(1, 4), duration=rnd.randint(1, 2), split=rnd.random() < 0.6)
    q["pattern"] = rnd.choice(["free", "free", "weekly", "block"])
    if q["pattern"] == "free" and rnd.random() < 0.5:
        q["max_per_week"] = rnd.randint(1, 2)
        q["min_days_apart"] = rnd.randint(0, 2)
    if rnd.random() < 0.4:
        q["needs"] = [rnd.choice(FEATURES)]
    if rnd.random() < 0.5:
        q["instructor_skills"] = [rnd.choice(FEATURES)]
    elif rnd.random() < 0.3:
        q["instructors"] = [t["id"] for t in rnd.sample(teachers, min(2, len(teachers)))]
    if rnd.random() < 0.3:
        q["prefer"] = {
            "resources": [resources[0]["id"]],
            "windows": [{"slots": [1]}],
            "weight": rnd.randint(1, 3),
        }
    if rnd.random() < 0.2:
        q["min_days"] = 2
    if rnd.random() < 0.2:
        q["required"] = True
    return q
