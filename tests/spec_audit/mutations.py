"""Small breakages of a valid schedule document, each breaking one rule of the spec.

Both checkers must reject every one of them: that shows the audit (and ours) can see
the rule at all, so that two empty reports on solver output mean something.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

Doc = dict[str, Any]
Mutation = Callable[[Doc, Doc], Doc | None]


def _first(items: list[Doc]) -> Doc | None:
    return items[0] if items else None


def wrong_format(sc: Doc, s: Doc) -> Doc | None:
    s["format"] = "trainshare/schedule@2"
    return s


def wrong_name(sc: Doc, s: Doc) -> Doc | None:
    s["scenario"] = sc["name"] + "-x"
    return s


def past_day_end(sc: Doc, s: Doc) -> Doc | None:
    x = _first(s["sessions"])
    if x is None:
        return None
    x["slot"] = sc["calendar"]["slots_per_day"] - x["duration"] + 2
    return s


def on_closed_day(sc: Doc, s: Doc) -> Doc | None:
    closed = sc["calendar"].get("closed") or []
    x = _first(s["sessions"])
    if x is None or not closed:
        return None
    x["week"], x["day"] = closed[0]["week"], closed[0]["day"]
    return s


def twice(sc: Doc, s: Doc) -> Doc | None:
    """A session repeated: its cohort sits in two sessions at once."""
    x = _first(s["sessions"])
    if x is None:
        return None
    s["sessions"].append(copy.deepcopy(x))
    return s


def short_headcount(sc: Doc, s: Doc) -> Doc | None:
    x = _first(s["sessions"])
    if x is None:
        return None
    x["parts"][0]["headcount"] -= 1
    return s


def silent_drop(sc: Doc, s: Doc) -> Doc | None:
    """A session left out with no ``unmet`` entry saying so."""
    x = _first(s["sessions"])
    if x is None:
        return None
    s["sessions"].remove(x)
    s["unmet"] = [u for u in s["unmet"] if u["request"] != x["request"]]
    return s


def bad_reason(sc: Doc, s: Doc) -> Doc | None:
    u = _first(s["unmet"])
    if u is None:
        return None
    u["reason"] = "because"
    return s


def wrong_duration(sc: Doc, s: Doc) -> Doc | None:
    x = _first(
        [y for y in s["sessions"] if y["slot"] + y["duration"] <= sc["calendar"]["slots_per_day"]]
    )
    if x is None:
        return None
    x["duration"] += 1
    return s


def intern_more(sc: Doc, s: Doc) -> Doc | None:
    p = _first(s["placements"])
    if p is None:
        return None
    p["headcount"] += 1
    return s


def intern_out_of_calendar(sc: Doc, s: Doc) -> Doc | None:
    p = _first(s["placements"])
    if p is None:
        return None
    p["first_week"] = sc["calendar"]["weeks"]
    p["weeks"] += 1
    return s


def bound_below(sc: Doc, s: Doc) -> Doc | None:
    if s.get("objective") is None:
        return None
    s["bound"] = s["objective"] - 10
    return s


def string_week(sc: Doc, s: Doc) -> Doc | None:
    x = _first(s["sessions"])
    if x is None:
        return None
    x["week"] = str(x["week"])
    return s


MUTATIONS: tuple[Mutation, ...] = (
    wrong_format,
    wrong_name,
    past_day_end,
    on_closed_day,
    twice,
    short_headcount,
    silent_drop,
    bad_reason,
    wrong_duration,
    intern_more,
    intern_out_of_calendar,
    bound_below,
    string_week,
)


def mutated(scenario: Doc, schedule: Doc, mutation: Mutation) -> Doc | None:
    """A broken copy of ``schedule``, or ``None`` when it has nothing to break that way."""
    return mutation(scenario, copy.deepcopy(schedule))
