"""The checker judges any well-typed schedule without crashing, whatever it holds."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler.checker import RULES, check_schedule
from scheduler.models import Scenario, Schedule
from scheduler.objective_terms import TERM_WEIGHTS
from tests.strategies import scenario_dicts

PATH_HEADS = (
    "sessions",
    "placements",
    "unmet",
    "conflicts",
    "format",
    "scenario",
    "bound",
    "status",
)


@st.composite
def scenario_and_schedule(draw: st.DrawFn) -> tuple[Scenario, Schedule]:
    doc = draw(scenario_dicts())
    scenario = Scenario.model_validate(doc)
    requests = [r["id"] for r in doc["requests"]] + ["ghost"]
    resources = [r["id"] for r in doc["resources"]] + ["ghost"]
    instructors = [t["id"] for t in doc["instructors"]] + ["ghost", None]
    small = st.integers(1, 8)

    def session() -> dict[str, Any]:
        return {
            "request": draw(st.sampled_from(requests)),
            "index": draw(small),
            "week": draw(small),
            "day": draw(small),
            "slot": draw(small),
            "duration": draw(st.integers(1, 3)),
            "parts": [
                {
                    "resource": draw(st.sampled_from(resources)),
                    "headcount": draw(st.integers(1, 60)),
                    "instructor": draw(st.sampled_from(instructors)),
                }
                for _ in range(draw(st.integers(1, 3)))
            ],
        }

    def placement() -> dict[str, Any]:
        return {
            "request": draw(st.sampled_from(requests)),
            "resource": draw(st.sampled_from(resources)),
            "headcount": draw(st.integers(1, 60)),
            "first_week": draw(small),
            "weeks": draw(st.integers(1, 3)),
        }

    schedule = Schedule.model_validate(
        {
            "scenario": draw(st.sampled_from([doc["name"], "other"])),
            "status": draw(st.sampled_from(["optimal", "feasible", "infeasible", "unknown"])),
            "sessions": [session() for _ in range(draw(st.integers(0, 12)))],
            "placements": [placement() for _ in range(draw(st.integers(0, 3)))],
            "unmet": [
                {
                    "request": draw(st.sampled_from(requests)),
                    "missing": draw(small),
                    "reason": "window",
                }
                for _ in range(draw(st.integers(0, 3)))
            ],
        }
    )
    return scenario, schedule


@settings(
    derandomize=True,
    max_examples=150,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
@given(scenario_and_schedule())
def test_any_schedule_is_judged_without_crashing(case: tuple[Scenario, Schedule]) -> None:
    scenario, schedule = case
    report = check_schedule(scenario, schedule)
    # grouped by rule in the order of docs/rules.md (report.ok is just 'no violations')
    order = [RULES.index(v.rule) for v in report.violations if v.rule in RULES]
    assert order == sorted(order)
    for v in report.violations:
        assert v.rule in RULES
        assert v.path.split("[")[0].split(".")[0] in PATH_HEADS, v
        assert v.message
    # every term of the objective (their names are pinned in tests/scheduler/test_evaluate.py)
    assert set(report.evaluation.terms) == set(TERM_WEIGHTS)
    assert 0 <= report.evaluation.terms["worst_share_permille"] <= 1000


def test_many_copies_of_one_session_are_judged_in_linear_time() -> None:
    """Each clash is reported against the first session in the slot, not pair by pair:
    1,000 copies of one session (a 150 kB schedule) gave 1.5 million violations in 18 s,
    5,000 ran past two minutes (a size audit). Every copy is still reported once per rule
    it breaks."""
    from tests.scheduler.checker.kit import base_schedule, check

    sch = base_schedule()
    first = sch["sessions"][0]  # r-cnc session 1: cohort a1 in the exclusive lab-a, with t-li
    copies = 1_000
    sch["sessions"] = [dict(first) for _ in range(copies)] + sch["sessions"][1:]
    report = check(sch)
    clashes = [
        v
        for v in report.violations
        if "already attends" in v.message
        or "already holds" in v.message
        or "already teaches" in v.message
    ]
    assert {v.rule for v in clashes} == {"cohort", "capacity", "instructor"}
    assert len(clashes) == 3 * (copies - 1)
    assert all(v.message.startswith("request r-cnc session 1 ") for v in clashes)


def test_many_copies_of_two_sessions_are_judged_once_each_for_the_travel_rule() -> None:
    """Travel compared every two sessions of a person's day: 20,000 copies of one session
    took minutes there alone (a size audit). Earlier sessions alike in last slot and sites
    are compared once, so each late copy is reported once, not once per early copy."""
    from tests.scheduler.checker.kit import base_schedule, check, session

    def travel_reports(copies: int) -> int:
        sch = base_schedule()
        # a2: lab-a2 (campus-a) at week 1 Thu slot 2, shop-b (campus-b, 40 min) at slot 3
        late = session(sch, "r-free", 1)
        late.update(week=1, day=4, slot=3)
        early = next(
            s
            for s in sch["sessions"]
            if (s["week"], s["day"], s["slot"]) == (1, 4, 2)
            and any(p["resource"] == "lab-a2" for p in s["parts"])
        )
        rest = [s for s in sch["sessions"] if s is not early and s is not late]
        sch["sessions"] = rest + [dict(early) for _ in range(copies)]
        sch["sessions"] += [dict(late) for _ in range(copies)]
        return sum(v.rule == "travel" for v in check(sch).violations)

    once = travel_reports(1)
    assert once >= 1
    assert travel_reports(300) == 300 * once  # pair by pair: 90,000
