"""The schedule document's shape as the spec's "Schedule (the answer)" section gives it.

Field names and JSON types only; the rules about their values are in
:mod:`tests.spec_audit.audit`. Extra fields are allowed (the project may add optional
ones), missing or mistyped ones are not.
"""

from __future__ import annotations

import re
from typing import Any

STATUSES = ("optimal", "feasible", "infeasible", "unknown")

#: ``docs/reasons.md``, the list the spec asks the project to document.
REASONS = (
    "no_resource",
    "window",
    "precedence",
    "conflict",
    "capacity",
    "instructor",
    "travel",
    "pattern",
    "trade_off",
    "time_limit",
    "infeasible",
)

_INT = "int"
_NUM = "number"
_STR = "str"
_LIST = "list"

SESSION = {
    "request": _STR,
    "index": _INT,
    "week": _INT,
    "day": _INT,
    "slot": _INT,
    "duration": _INT,
    "parts": _LIST,
}
PART = {"resource": _STR, "headcount": _INT}
PLACEMENT = {
    "request": _STR,
    "resource": _STR,
    "headcount": _INT,
    "first_week": _INT,
    "weeks": _INT,
}
UNMET = {"request": _STR, "missing": _INT, "reason": _STR, "message": _STR}
CONFLICT = {"items": _LIST, "message": _STR}
ITEM = re.compile(r"^(sites|travel|institutions|resources|instructors|cohorts|requests)\[(\d+)\]")


def _is(value: Any, kind: str) -> bool:
    if isinstance(value, bool):
        return False
    if kind == _INT:
        return isinstance(value, int)
    if kind == _NUM:
        return isinstance(value, int | float) and value == value  # not NaN
    if kind == _STR:
        return isinstance(value, str)
    return isinstance(value, list)


def _fields(obj: Any, shape: dict[str, str], at: str, out: list[str]) -> None:
    if not isinstance(obj, dict):
        out.append(f"document: {at} is not an object")
        return
    for name, kind in shape.items():
        if name not in obj:
            out.append(f"document: {at} lacks '{name}'")
        elif not _is(obj[name], kind):
            out.append(f"document: {at}.{name} is not a {kind}: {obj[name]!r}")


def document_problems(scenario: dict[str, Any], schedule: dict[str, Any]) -> list[str]:
    """Every MUST of the schedule section about names and types that ``schedule`` breaks."""
    out: list[str] = []
    if schedule.get("format") != "trainshare/schedule@1":
        out.append(f"document: format is {schedule.get('format')!r}")
    if schedule.get("scenario") != scenario["name"]:
        out.append("document: scenario does not repeat the scenario's name")
    if schedule.get("status") not in STATUSES:
        out.append(f"document: status {schedule.get('status')!r}")
    for name in ("objective", "bound", "solve_seconds"):
        if name not in schedule:
            out.append(f"document: lacks '{name}'")
        elif schedule[name] is not None and not _is(schedule[name], _NUM):
            out.append(f"document: {name} is not a number")
    if schedule.get("status") in ("optimal", "feasible") and schedule.get("objective") is None:
        out.append("document: a schedule without an objective")
    if not _is(schedule.get("solve_seconds"), _NUM) or schedule["solve_seconds"] < 0:
        out.append("document: solve_seconds is not a non-negative number of seconds")
    if not isinstance(schedule.get("metrics"), dict):
        out.append("document: metrics is not an object")
    for name, shape, inner in (
        ("sessions", SESSION, "parts"),
        ("placements", PLACEMENT, None),
        ("unmet", UNMET, None),
    ):
        items = schedule.get(name)
        if not isinstance(items, list):
            out.append(f"document: {name} is not a list")
            continue
        for n, item in enumerate(items):
            _fields(item, shape, f"{name}[{n}]", out)
            if inner and isinstance(item, dict) and isinstance(item.get(inner), list):
                for j, part in enumerate(item[inner]):
                    _fields(part, PART, f"{name}[{n}].{inner}[{j}]", out)
                    if isinstance(part, dict) and not isinstance(
                        part.get("instructor"), str | None
                    ):
                        out.append(f"document: {name}[{n}].{inner}[{j}].instructor is not a string")
    for n, u in enumerate(schedule.get("unmet") or []):
        if isinstance(u, dict):
            if u.get("reason") not in REASONS:
                out.append(f"unmet: unmet[{n}] reason {u.get('reason')!r} is not documented")
            if not str(u.get("message") or "").strip():
                out.append(f"unmet: unmet[{n}] has an empty message")
            if isinstance(u.get("missing"), int) and u["missing"] < 1:
                out.append(f"unmet: unmet[{n}] misses {u['missing']}")
    for n, c in enumerate(schedule.get("conflicts") or []):
        _fields(c, CONFLICT, f"conflicts[{n}]", out)
        for item in c.get("items") or [] if isinstance(c, dict) else []:
            m = ITEM.match(item) if isinstance(item, str) else None
            if m is None or int(m[2]) >= len(scenario.get(m[1]) or []):
                out.append(f"document: conflicts[{n}] item {item!r} names nothing in the scenario")
    return out
