"""Hypothesis strategies: small random scenarios that exercise every hard rule family.

Reusable by any test (``from tests.strategies import scenarios``). The documents are
well-formed and their ids resolve (``after`` only points backwards, so there are no
cycles); they may still hold hopeless requests (no candidate, empty window, cohort
too large), which solvers must report as unmet rather than crash on. Everything is
kept small — short calendars, 1-3 sites, a handful of resources, cohorts, instructors
and requests — so that a solver and the checker run in milliseconds per example.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from scheduler.models import Scenario

#: The fuzz tests' settings, each test giving its ``max_examples``: the same examples at
#: every run (derandomized, no example database), no deadline (a CLI run or a request
#: can take a second), and fixtures shared by the examples.
#: The property tests over random terms: reproducible, no deadline (a solve takes its
#: time); each test sets its own ``max_examples``: ``@settings(RANDOM_TERMS, max_examples=30)``.
RANDOM_TERMS = settings(
    deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)

FUZZ = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

#: JSON values put in place of a valid one by the fuzz tests of the routes and the CLI:
#: wrong types, edge numbers (NaN and the infinities as their literals), very long and
#: odd text (control characters, half a surrogate pair, Chinese and quotes), a bad date.
ODD_JSON: tuple[Any, ...] = (
    None,
    True,
    "",
    -1,
    0,
    10**30,
    -(10**30),
    2**63,
    1.5,
    float("nan"),
    float("inf"),
    float("-inf"),
    [],
    {},
    [None],
    "x" * 20_000,
    "\x00\x07\x1b[2J\u202e\ufeff",
    "\ud800",
    ["\udfff"],
    '数控（1）班 o\'brien "q"',
    "2026-02-30",
)

FEATURES = ("cnc", "weld", "elec")
SKILLS = ("cnc", "weld", "elec")


#: Travel minutes as the spec allows them: mostly whole, sometimes a fraction, whose
#: rounding up the three objective computations must agree on.
travel_minutes = st.one_of(st.integers(0, 150), st.sampled_from([0.5, 12.5, 44.25, 90.5]))


def _subset(draw: st.DrawFn, values: Sequence[Any], min_size: int = 0) -> list:
    return draw(st.lists(st.sampled_from(list(values)), min_size=min_size, unique=True))


def _rich(draw: st.DrawFn, values: tuple[str, ...]) -> list[str]:
    """Each value with probability 2/3: resources and instructors that usually match."""
    return [v for v in values if draw(st.integers(0, 2))]


def _need(draw: st.DrawFn) -> list[str]:
    """No need half of the time, else one feature."""
    return [] if draw(st.booleans()) else [draw(st.sampled_from(FEATURES))]


@st.composite
def windows(draw: st.DrawFn, weeks: int, days: int, slots: int) -> list[dict[str, Any]] | None:
    """None (everything), or 1-2 windows inside the calendar; rarely an explicit ``[]``."""
    kind = draw(st.sampled_from(["all", "all", "some", "some", "some", "never"]))
    if kind == "all":
        return None
    if kind == "never" and draw(st.booleans()):
        return []
    out = []
    for _ in range(draw(st.integers(1, 2))):
        w: dict[str, Any] = {}
        if draw(st.booleans()):
            lo = draw(st.integers(1, weeks))
            hi = draw(st.integers(lo, weeks))
            w["weeks"] = [lo, hi]
        if draw(st.booleans()):
            w["days"] = sorted(_subset(draw, list(range(1, days + 1)), 1))
        if draw(st.booleans()):
            w["slots"] = sorted(_subset(draw, list(range(1, slots + 1)), 1))
        out.append(w)
    return out


@st.composite
def scenario_dicts(draw: st.DrawFn) -> dict[str, Any]:
    """A scenario document as a plain dict (see :func:`scenarios`)."""
    weeks = draw(st.integers(1, 4))
    days = draw(st.integers(2, 6))
    slots = draw(st.integers(2, 5))
    slot_minutes = draw(st.sampled_from([45, 60, 90]))
    closed = [
        {"week": w, "day": d}
        for w in range(1, weeks + 1)
        for d in range(1, days + 1)
        if draw(st.integers(0, 9)) == 0
    ]
    calendar: dict[str, Any] = {
        "weeks": weeks,
        "days_per_week": days,
        "slots_per_day": slots,
        "slot_minutes": slot_minutes,
        "first_monday": "2026-09-07",
        "closed": closed,
    }
    if draw(st.booleans()):
        # slot times with gaps of 0-60 minutes between slots
        t = 8 * 60
        times = []
        for _ in range(slots):
            times.append(f"{t // 60:02d}:{t % 60:02d}")
            t += slot_minutes + draw(st.sampled_from([0, 0, 15, 60]))
        calendar["slot_times"] = times

    n_sites = draw(st.integers(1, 3))
    sites = [{"id": f"s{i}"} for i in range(n_sites)]
    travel = []
    for a in range(n_sites):
        for b in range(a + 1, n_sites):
            if draw(st.integers(0, 3)):
                travel.append({"from": f"s{a}", "to": f"s{b}", "minutes": draw(travel_minutes)})

    n_inst = draw(st.integers(1, 3))
    institutions = [
        {
            "id": f"i{i}",
            "kind": draw(st.sampled_from(["college", "enterprise", "institute"])),
            "site": f"s{draw(st.integers(0, n_sites - 1))}",
        }
        for i in range(n_inst)
    ]
    inst_ids = [i["id"] for i in institutions]

    def win() -> list[dict[str, Any]] | None:
        return draw(windows(weeks, days, slots))

    n_posts = draw(st.integers(0, 2))
    kinds = [
        draw(st.sampled_from(["lab", "lab", "workshop", "training_base"]))
        for _ in range(draw(st.integers(1, 4)))
    ] + ["internship_post"] * n_posts
    resources = []
    for k, kind in enumerate(kinds):
        r: dict[str, Any] = {
            "id": f"r{k}",
            "kind": kind,
            "owner": draw(st.sampled_from(inst_ids)),
            "site": f"s{draw(st.integers(0, n_sites - 1))}",
            "capacity": draw(st.integers(5, 40)),
            "features": _rich(draw, FEATURES),
            "shareable": draw(st.booleans()),
        }
        if draw(st.integers(0, 2)) == 0:
            r["available"] = win()
        if draw(st.integers(0, 3)) == 0:
            r["open_to"] = _subset(draw, inst_ids)
        if draw(st.integers(0, 3)) == 0:
            r["owner_windows"] = win() or [{"days": [1]}]
        if draw(st.integers(0, 3)) == 0:
            r["overflow"] = draw(st.integers(1, 5))
        resources.append(r)

    instructors = []
    for k in range(draw(st.integers(0, 3))):
        teacher: dict[str, Any] = {
            "id": f"t{k}",
            "institution": draw(st.sampled_from(inst_ids)),
            "skills": _rich(draw, SKILLS),
            "site": f"s{draw(st.integers(0, n_sites - 1))}",
        }
        if draw(st.integers(0, 2)) == 0:
            teacher["available"] = win()
        if draw(st.booleans()):
            teacher["max_slots_per_week"] = draw(st.integers(0, 8))
        instructors.append(teacher)

    cohorts = []
    for k in range(draw(st.integers(1, 4))):
        c: dict[str, Any] = {
            "id": f"c{k}",
            "institution": draw(st.sampled_from(inst_ids)),
            "size": draw(st.integers(2, 25)),
        }
        if draw(st.integers(0, 2)) == 0:
            c["available"] = win()
        cohorts.append(c)
    coh_ids = [c["id"] for c in cohorts]

    requests: list[dict[str, Any]] = []
    for k in range(draw(st.integers(1, 6))):
        q: dict[str, Any] = {"id": f"q{k}"}
        joint = draw(st.integers(0, 4)) == 0 and len(coh_ids) > 1
        if joint:
            q["cohorts"] = draw(
                st.lists(st.sampled_from(coh_ids), min_size=2, max_size=2, unique=True)
            )
        else:
            q["cohort"] = draw(st.sampled_from(coh_ids))
        if n_posts and draw(st.integers(0, 3)) == 0:
            q["kind"] = "internship"
            q["weeks"] = draw(st.integers(1, min(2, weeks)))
            q["needs"] = _need(draw)
            if draw(st.booleans()):
                q["window"] = win()
        else:
            q["sessions"] = draw(st.integers(1, 4))
            q["duration"] = draw(st.integers(1, min(2, slots)))
            q["needs"] = _need(draw)
            if draw(st.integers(0, 3)) == 0:
                q["resource_kinds"] = _subset(draw, ["lab", "workshop", "training_base"], 1)
            if draw(st.integers(0, 4)) == 0:
                q["resources"] = _subset(draw, [r["id"] for r in resources], 1)
            if draw(st.booleans()):
                q["window"] = win()
            pattern = draw(st.sampled_from(["free", "free", "weekly", "block"]))
            q["pattern"] = pattern
            if pattern == "free":
                if draw(st.booleans()):
                    q["max_per_week"] = draw(st.integers(1, 3))
                if draw(st.booleans()):
                    q["min_days_apart"] = draw(st.integers(0, 3))
            q["split"] = draw(st.booleans())
            if bool(instructors) and draw(st.booleans()):
                q["instructor_skills"] = [draw(st.sampled_from(SKILLS))]
            if instructors and draw(st.integers(0, 4)) == 0:
                q["instructors"] = _subset(draw, [t["id"] for t in instructors], 1)
            if draw(st.integers(0, 3)) == 0:
                q["prefer"] = {
                    "resources": _subset(draw, [r["id"] for r in resources]),
                    "windows": [{"slots": [1]}],
                    "weight": draw(st.integers(0, 3)),
                }
            if draw(st.integers(0, 3)) == 0:
                q["min_days"] = draw(st.integers(1, 3))
        if requests and draw(st.integers(0, 3)) == 0:
            q["after"] = _subset(draw, [r["id"] for r in requests])[:2]
        q["priority"] = draw(st.integers(0, 3))
        q["required"] = draw(st.integers(0, 5)) == 0
        requests.append(q)

    doc: dict[str, Any] = {
        "format": "trainshare/scenario@1",
        "name": "hypothesis",
        "calendar": calendar,
        "sites": sites,
        "travel": travel,
        "institutions": institutions,
        "resources": resources,
        "instructors": instructors,
        "cohorts": cohorts,
        "requests": requests,
    }
    if draw(st.booleans()):
        doc["weights"] = {
            "isolated": draw(st.integers(0, 3)),
            "min_days": draw(st.integers(0, 5)),
            "fairness": draw(st.sampled_from([0, 20, 1000])),
        }
    return doc


def scenarios() -> st.SearchStrategy[Scenario]:
    """Small random :class:`~scheduler.models.Scenario` objects (ids all resolve)."""
    return scenario_dicts().map(Scenario.model_validate)


# --------------------------------------------------------------------------- hand-built


def scenario_doc(
    *,
    weeks: int = 1,
    days: int = 5,
    slots: int = 4,
    slot_minutes: int = 90,
    closed: Sequence[tuple[int, int]] = (),
    sites: Sequence[str] = ("A",),
    travel: Sequence[tuple[str, str, int]] = (),
    institutions: Sequence[dict[str, Any]] | None = None,
    resources: Sequence[dict[str, Any]] = (),
    instructors: Sequence[dict[str, Any]] = (),
    cohorts: Sequence[dict[str, Any]] = (),
    requests: Sequence[dict[str, Any]] = (),
    weights: dict[str, int] | None = None,
) -> Scenario:
    """A small scenario from short keyword arguments, for hand-built solver tests.

    Defaults: one week of five days with four 90-minute slots, one site ``A``, one
    college ``col`` at ``A``. Resources default to a ``lab`` of capacity 30 owned by
    ``col`` at ``A``; cohorts to ``col`` with 20 people; requests to one 1-slot session.
    """
    inst = list(institutions or [{"id": "col", "kind": "college", "site": sites[0]}])
    res = [
        {"kind": "lab", "owner": inst[0]["id"], "site": sites[0], "capacity": 30, **r}
        for r in resources
    ]
    ins = [{"institution": inst[0]["id"], "site": sites[0], **t} for t in instructors]
    coh = [{"institution": inst[0]["id"], "size": 20, **c} for c in cohorts]
    req = [
        {"sessions": 1, **q} if q.get("kind", "sessions") == "sessions" else dict(q)
        for q in requests
    ]
    doc: dict[str, Any] = {
        "format": "trainshare/scenario@1",
        "name": "hand-built",
        "calendar": {
            "weeks": weeks,
            "days_per_week": days,
            "slots_per_day": slots,
            "slot_minutes": slot_minutes,
            "first_monday": "2026-09-07",
            "closed": [{"week": w, "day": d} for w, d in closed],
        },
        "sites": [{"id": s} for s in sites],
        "travel": [{"from": a, "to": b, "minutes": m} for a, b, m in travel],
        "institutions": inst,
        "resources": res,
        "instructors": ins,
        "cohorts": coh,
        "requests": req,
    }
    if weights is not None:
        doc["weights"] = weights
    return Scenario.model_validate(doc)


def annealable_dicts() -> st.SearchStrategy[dict[str, Any]]:
    """:func:`scenario_dicts` within what :mod:`solver.anneal` moves: ``free`` requests
    without split or precedence, exclusive resources, every site 0 minutes apart."""

    def narrow(doc: dict[str, Any]) -> dict[str, Any]:
        ids = [s["id"] for s in doc["sites"]]
        doc["travel"] = [
            {"from": a, "to": b, "minutes": 0} for a, b in zip(ids, ids[1:], strict=False)
        ]
        for r in doc["resources"]:
            r["shareable"] = False
        for q in doc["requests"]:
            q.pop("after", None)
            if q.get("kind") != "internship":
                q["pattern"] = "free"
                q["split"] = False
        doc["weights"] = {
            **doc.get("weights", {}),
            "isolated": 2,
            "min_days": 5,
            "stability": 3,
            "prefer": 4,
        }
        return doc

    return scenario_dicts().map(narrow)
