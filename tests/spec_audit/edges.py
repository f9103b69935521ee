"""Edge cases the spec allows that ``tests.strategies`` rarely draws, as a rewrite of a
drawn scenario: fractional travel near the slot gap, whole-day sessions and sessions on
a day's last slot, resources and instructors away on some days, requests with every
optional field, ids with spaces, quotes, brackets and Chinese."""

from __future__ import annotations

import random
import re
from typing import Any

Doc = dict[str, Any]

#: Awkward but valid ids: the spec asks only for non-empty strings, unique in their list.
ODD_IDS = ("班级 一", "lab [2]", "o'brien", "a/b", "r-17 (旧)", "é\u0301", "x.y", "  pad  ")


def edged(doc: Doc, rnd: random.Random) -> Doc:
    """``doc`` with some edge cases applied, each with probability one half."""
    cal = doc["calendar"]
    if rnd.random() < 0.5 and doc["travel"]:
        gap = cal["slot_minutes"]
        for t in doc["travel"]:
            t["minutes"] = rnd.choice([gap - 0.5, gap, gap + 0.5, 2 * gap + 0.25, 0.75, 1e-3])
    if rnd.random() < 0.5:
        for q in doc["requests"]:
            if q.get("kind") != "internship" and rnd.random() < 0.4:
                if rnd.random() < 0.5:
                    q["duration"] = cal["slots_per_day"]
                else:
                    q["window"] = [{"slots": [cal["slots_per_day"]]}]
                    q["duration"] = 1
    if rnd.random() < 0.5:
        days = cal["days_per_week"]
        for r in doc["resources"]:
            if rnd.random() < 0.4:
                r["available"] = [{"days": [d for d in range(1, days + 1) if d % 2]}]
        for t in doc["instructors"]:
            if rnd.random() < 0.3:
                t["available"] = [{"weeks": [1, cal["weeks"]], "days": [days]}]
        if rnd.random() < 0.3:
            cal["closed"] = [{"week": 1, "day": d} for d in range(1, days + 1)]
    if rnd.random() < 0.5:
        _every_field(doc, rnd)
    if rnd.random() < 0.5:
        doc = _odd_ids(doc, rnd)
    return doc


def _every_field(doc: Doc, rnd: random.Random) -> None:
    """One session request gets every optional field the spec shows."""
    sessions = [q for q in doc["requests"] if q.get("kind") != "internship"]
    if not sessions or not doc["resources"]:
        return
    q = rnd.choice(sessions)
    labs = [r["id"] for r in doc["resources"] if r["kind"] != "internship_post"]
    weeks = doc["calendar"]["weeks"]
    q.update(
        {
            "title": "5-axis practice 五轴",
            "sessions": q.get("sessions", 1),
            "duration": q.get("duration", 1),
            "needs": [],
            "resource_kinds": ["lab", "workshop", "training_base"],
            "resources": labs or [doc["resources"][0]["id"]],
            "window": [{"weeks": [1, weeks]}],
            "pattern": "free",
            "max_per_week": 2,
            "min_days_apart": 1,
            "split": True,
            "priority": 3,
            "required": False,
            "min_days": 2,
            "prefer": {"resources": labs[:1], "windows": [{"slots": [1, 2]}], "weight": 1},
        }
    )
    if doc["instructors"]:
        q["instructor_skills"] = []
        q["instructors"] = [t["id"] for t in doc["instructors"]]
    earlier = [r["id"] for r in doc["requests"][: doc["requests"].index(q)]]
    q["after"] = earlier[-1:]


def _odd_ids(doc: Doc, rnd: random.Random) -> Doc:
    """Every id renamed to an awkward one (consistently) and every thing given a name."""
    names: dict[str, str] = {}

    def new(old: str) -> str:
        if old not in names:
            names[old] = f"{rnd.choice(ODD_IDS)}{len(names)}"
        return names[old]

    def ren(x: Any) -> Any:
        return new(x) if isinstance(x, str) else x

    for s in doc["sites"]:
        s["id"] = ren(s["id"])
        s["name"] = "大连 “site”"
    for t in doc["travel"]:
        t["from"], t["to"] = ren(t["from"]), ren(t["to"])
    for i in doc["institutions"]:
        i["id"], i["site"], i["name"] = ren(i["id"]), ren(i["site"]), "学院 <b>&amp;</b>"
    for r in doc["resources"]:
        r["id"], r["owner"], r["site"] = ren(r["id"]), ren(r["owner"]), ren(r["site"])
        if r.get("open_to") is not None:
            r["open_to"] = [ren(x) for x in r["open_to"]]
    for t in doc["instructors"]:
        t["id"], t["institution"], t["site"] = ren(t["id"]), ren(t["institution"]), ren(t["site"])
    for c in doc["cohorts"]:
        c["id"], c["institution"] = ren(c["id"]), ren(c["institution"])
    for q in doc["requests"]:
        q["id"] = ren(q["id"])
        for key in ("cohort",):
            if q.get(key) is not None:
                q[key] = ren(q[key])
        for key in ("cohorts", "resources", "instructors", "after"):
            if q.get(key) is not None:
                q[key] = [ren(x) for x in q[key]]
        if q.get("prefer") and q["prefer"].get("resources") is not None:
            q["prefer"]["resources"] = [ren(x) for x in q["prefer"]["resources"]]
    doc["name"] = "审计 “odd” ids"
    return doc


def without_rejected(doc: Doc) -> Doc:
    """``doc`` less the requests validation rejects (and ``after`` links to them), so that
    a drawn term is solved rather than refused whole; a few rounds, as dropping one
    request can expose another's problem. Validation is the project's own: the audit
    judges schedules, not which scenarios are refused."""
    from scheduler.models import Scenario
    from scheduler.validation import validate

    for _ in range(4):
        errors = validate(Scenario.model_validate(doc)).errors
        bad = {int(m[1]) for e in errors if (m := re.match(r"requests\[(\d+)\]", e.path))}
        if not bad or len(bad) == len(doc["requests"]):
            return doc
        gone = {q["id"] for k, q in enumerate(doc["requests"]) if k in bad}
        doc["requests"] = [q for k, q in enumerate(doc["requests"]) if k not in bad]
        for q in doc["requests"]:
            if q.get("after"):
                q["after"] = [a for a in q["after"] if a not in gone]
    return doc
