"""Reason codes: one crafted scenario per code of docs/reasons.md (time_limit is the caller's)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scheduler.build import build_schedule
from scheduler.checker import check_schedule
from scheduler.compile import compile_scenario
from scheduler.models import Scenario
from scheduler.problem import PartAssignment, SessionAssignment, Solution
from solver.explain.explainer import Explainer, explain_unmet
from solver.explain.stages import STAGES
from solver.greedy import solve_greedy
from tests.solver.zh_check import assert_same_facts
from tests.strategies import scenario_doc


def unmet_of(scenario: Scenario, request: str) -> tuple[str, int, str]:
    """Greedy + explanations on ``scenario``; the (reason, missing, message) of ``request``.

    Every entry also carries its Chinese sentence, with the English one's ids and numbers.
    """
    problem = compile_scenario(scenario)
    solution = solve_greedy(problem, explain=False)
    unmet = explain_unmet(problem, solution)
    solution.unmet = unmet
    schedule = build_schedule(problem, solution)
    report = check_schedule(scenario, schedule)
    assert report.ok, [str(v) for v in report.violations]
    # the schedule document carries the Chinese beside the English
    assert [u.messages for u in schedule.unmet] == [{"zh": u.messages["zh"]} for u in unmet]
    found = [u for u in unmet if problem.requests[u.request].id == request]
    assert len(found) == 1, unmet
    for u in unmet:
        assert_same_facts(u.message, u.messages.get("zh"))
    return found[0].reason, found[0].missing, found[0].message


def zh_of(scenario: Scenario, request: str) -> str:
    """The Chinese sentence of ``request``'s entry (greedy + explanations)."""
    problem = compile_scenario(scenario)
    solution = solve_greedy(problem, explain=True)
    (u,) = [u for u in solution.unmet if problem.requests[u.request].id == request]
    return u.messages["zh"]


def test_stages_follow_the_documented_order() -> None:
    assert [s.code for s in STAGES] == [
        "window",
        "precedence",
        "conflict",
        "capacity",
        "instructor",
        "travel",
        "pattern",
    ]


def test_no_resource_when_nothing_has_the_features() -> None:
    sc = scenario_doc(
        resources=[{"id": "lab", "features": ["cnc"]}],
        cohorts=[{"id": "a"}],
        requests=[{"id": "r", "cohort": "a", "needs": ["weld"], "sessions": 2}],
    )
    reason, missing, message = unmet_of(sc, "r")
    assert (reason, missing) == ("no_resource", 2)
    assert "'col'" in message


def test_no_resource_when_split_candidates_are_too_small_together() -> None:
    sc = scenario_doc(
        resources=[{"id": "l1", "capacity": 10}, {"id": "l2", "capacity": 10}],
        cohorts=[{"id": "a", "size": 25}],
        requests=[{"id": "r", "cohort": "a", "split": True}],
    )
    reason, _, message = unmet_of(sc, "r")
    assert reason == "no_resource"
    assert "only 20 of the 25" in message


def test_window_when_the_window_is_too_small() -> None:
    sc = scenario_doc(
        weeks=2,
        resources=[{"id": "lab"}],
        cohorts=[{"id": "a"}],
        requests=[
            {
                "id": "r",
                "cohort": "a",
                "sessions": 3,
                "window": [{"weeks": [2, 2], "days": [1], "slots": [1, 2]}],
            }
        ],
    )
    reason, missing, message = unmet_of(sc, "r")
    assert (reason, missing) == ("window", 1)
    assert "only 2 of 3" in message and "weeks: 2" in message


def test_window_names_the_owners_kept_times_when_they_take_starts_away() -> None:
    """The staff of 'ent' may come on Friday slots 3-4, which 'col' keeps for its own
    cohorts on its lab: the sentence named only the window and availability, both open
    then (a college-user audit)."""
    sc = scenario_doc(
        institutions=[
            {"id": "col", "kind": "college", "site": "A"},
            {"id": "ent", "kind": "enterprise", "site": "A"},
        ],
        resources=[{"id": "lab", "owner_windows": [{"days": [5], "slots": [3, 4]}]}],
        cohorts=[
            {"id": "staff", "institution": "ent", "available": [{"days": [5], "slots": [3, 4]}]}
        ],
        requests=[{"id": "r", "cohort": "staff"}],
    )
    reason, _, message = unmet_of(sc, "r")
    assert reason == "window"
    assert "and of 'lab' (and the times their owners keep for their own cohorts, " in message
    # the owner's own cohort is not kept out: the clause would be wrong there
    own = scenario_doc(
        resources=[{"id": "lab", "owner_windows": [{"days": [5], "slots": [3, 4]}]}],
        cohorts=[{"id": "a", "available": [{"days": [5], "slots": [3]}]}],
        requests=[{"id": "r", "cohort": "a", "sessions": 2}],
    )
    reason, _, message = unmet_of(own, "r")
    assert reason == "window" and "owner_windows" not in message


def test_precedence_when_nothing_fits_after_the_predecessor() -> None:
    sc = scenario_doc(
        days=3,
        slots=1,
        resources=[{"id": "lab"}],
        cohorts=[{"id": "a"}, {"id": "b"}],
        requests=[
            {"id": "first", "cohort": "a", "window": [{"days": [2]}]},
            {
                "id": "then",
                "cohort": "b",
                "sessions": 2,
                "after": ["first"],
                "window": [{"days": [1, 2]}],
            },
        ],
    )
    reason, missing, message = unmet_of(sc, "then")
    assert (reason, missing) == ("precedence", 2)
    assert "start after 'first' ends" in message


def test_later_families_that_take_more_are_named_after_the_reason() -> None:
    # Order alone leaves days 2-3 of three; 'other' (higher priority) holds the lab on day 2
    # ('first' holds it on day 1, inside the window too).
    sc = scenario_doc(
        days=3,
        slots=1,
        resources=[{"id": "lab"}],
        cohorts=[{"id": "a"}, {"id": "b"}, {"id": "c"}],
        requests=[
            {"id": "first", "cohort": "a", "window": [{"days": [1]}]},
            {"id": "other", "cohort": "c", "priority": 3, "window": [{"days": [2]}]},
            {"id": "then", "cohort": "b", "sessions": 3, "after": ["first"]},
        ],
    )
    reason, missing, message = unmet_of(sc, "then")
    assert (reason, missing) == ("precedence", 2)
    first, _, tail = message.partition(
        "; counting the bookings of 'lab' too (taken by 'first', 'other')"
    )
    assert "only 2 of 3 sessions fit in between" in first
    assert tail == ", only 1 of 3 sessions fit"
    # the same reading in Chinese: the order leaves 2, the lab's bookings leave 1
    zh = zh_of(sc, "then")
    assert zh.startswith(
        "本需求必须在“first”结束（第 1 周周一第 1 节）之后开始；在此期间 3 次课中只能排下 2 次"
    )
    assert zh.endswith(
        "；再计入资源“lab”的其他预订（被“first”、“other”占用），3 次课中只能排下 1 次"
    )


def test_no_tail_when_later_families_take_nothing_more() -> None:
    sc = scenario_doc(
        days=1,
        slots=2,
        resources=[{"id": "lab"}],
        cohorts=[{"id": "a"}, {"id": "b"}],
        requests=[
            {"id": "first", "cohort": "a", "sessions": 2, "priority": 2},
            {"id": "r", "cohort": "b", "instructor_skills": ["cnc"]},
        ],
        instructors=[{"id": "t", "skills": ["cnc"]}],
    )
    reason, _, message = unmet_of(sc, "r")
    assert reason == "capacity"
    assert ";" not in message and "instructor" not in message


def test_precedence_looks_at_successors_too() -> None:
    # 'second' (placed first: higher priority) sits on day 1; 'first' must end before it.
    problem_sc = scenario_doc(
        days=2,
        slots=1,
        resources=[{"id": "lab"}],
        cohorts=[{"id": "a"}, {"id": "b"}],
        requests=[
            {"id": "first", "cohort": "a", "window": [{"days": [2]}]},
            {"id": "second", "cohort": "b", "after": ["first"]},
        ],
    )
    problem = compile_scenario(problem_sc)
    solution = Solution(
        status="feasible",
        sessions=[
            SessionAssignment(1, 1, problem.calendar.slot(1, 1, 1), (PartAssignment(0, 20),))
        ],
    )
    (u,) = explain_unmet(problem, solution)
    assert (problem.requests[u.request].id, u.reason) == ("first", "precedence")
    assert "end before 'second' starts" in u.message


def test_conflict_when_the_cohort_is_busy_elsewhere() -> None:
    sc = scenario_doc(
        days=1,
        slots=2,
        resources=[{"id": "lab-1"}, {"id": "lab-2"}],
        cohorts=[{"id": "a"}],
        requests=[
            {"id": "busy", "cohort": "a", "sessions": 2, "priority": 2, "resources": ["lab-1"]},
            {"id": "r", "cohort": "a", "resources": ["lab-2"]},
        ],
    )
    reason, _, message = unmet_of(sc, "r")
    assert reason == "conflict"
    assert "'busy'" in message


def test_conflict_with_an_internship_week() -> None:
    sc = scenario_doc(
        resources=[{"id": "lab"}, {"id": "post", "kind": "internship_post"}],
        cohorts=[{"id": "a"}],
        requests=[
            {"id": "intern", "cohort": "a", "kind": "internship", "weeks": 1, "priority": 3},
            {"id": "r", "cohort": "a"},
        ],
    )
    reason, _, message = unmet_of(sc, "r")
    assert reason == "conflict"
    assert "internship 'intern'" in message


#: 'first' (priority 2) takes both slots of the only lab: 'r' is unmet for capacity.
TAKEN = scenario_doc(
    days=1,
    slots=2,
    resources=[{"id": "lab"}],
    cohorts=[{"id": "a"}, {"id": "b"}],
    requests=[
        {"id": "first", "cohort": "a", "sessions": 2, "priority": 2},
        {"id": "r", "cohort": "b"},
    ],
)


def test_capacity_when_the_resource_is_taken() -> None:
    reason, _, message = unmet_of(TAKEN, "r")
    assert reason == "capacity"
    assert "'lab'" in message and "'first'" in message


def test_capacity_for_full_internship_posts() -> None:
    sc = scenario_doc(
        resources=[{"id": "post", "kind": "internship_post", "capacity": 20}],
        cohorts=[{"id": "a"}, {"id": "b"}],
        requests=[
            {"id": "ia", "cohort": "a", "kind": "internship", "weeks": 1},
            {"id": "ib", "cohort": "b", "kind": "internship", "weeks": 1},
        ],
    )
    reason, missing, message = unmet_of(sc, "ib")
    assert (reason, missing) == ("capacity", 20)
    assert "'ia'" in message


def test_an_internship_kept_out_of_posts_by_their_owner_windows_says_so() -> None:
    """A post's ``owner_windows`` keep other institutions' interns out of every week they
    touch: the sentence named only the window and the posts' availability, both open
    (a spec audit)."""

    def term(owner_of_cohort: str) -> Scenario:
        return scenario_doc(
            institutions=[
                {"id": "col", "kind": "college", "site": "A"},
                {"id": "ent", "kind": "enterprise", "site": "A"},
            ],
            resources=[
                {
                    "id": "post",
                    "kind": "internship_post",
                    "owner": "ent",
                    "capacity": 20,
                    "owner_windows": [{"slots": [1]}],
                }
            ],
            cohorts=[{"id": "a", "institution": owner_of_cohort}],
            requests=[{"id": "i", "cohort": "a", "kind": "internship", "weeks": 1}],
        )

    reason, missing, message = unmet_of(term("col"), "i")
    assert (reason, missing) == ("window", 20)
    assert message.endswith(
        "enough posts ('post') (and the times their owners keep for "
        "their own cohorts, 'owner_windows')"
    ), message
    # the owner's own interns are not kept out: placed, nothing to explain
    problem = compile_scenario(term("ent"))
    assert len(solve_greedy(problem, explain=False).placements) == 1


@pytest.mark.parametrize(("window", "said"), [(None, True), ([{"weeks": [3, 4]}], False)])
def test_an_internship_over_a_holiday_week_names_the_week(
    window: list[dict[str, Any]] | None, said: bool
) -> None:
    # week 2 closed throughout breaks every run of 3 weeks in a 4-week term; the window
    # and the cohort would allow any, so the sentence says which week, when the window
    # holds it
    intern = {"id": "i", "cohort": "a", "kind": "internship", "weeks": 3, "window": window}
    sc = scenario_doc(
        weeks=4,
        closed=[(2, d) for d in range(1, 6)],
        resources=[{"id": "post", "kind": "internship_post", "capacity": 20}],
        cohorts=[{"id": "a"}],
        requests=[{k: v for k, v in intern.items() if v is not None}],
    )
    reason, missing, message = unmet_of(sc, "i")
    assert (reason, missing) == ("window", 20)
    tail = "; week 2 is closed throughout (nobody trains in it)"
    assert message.endswith(tail) is said, message
    assert zh_of(sc, "i").endswith("；第 2 周全周停课（无人上课或实习）") is said


def test_full_posts_name_only_who_holds_them_in_the_weeks_it_could_take() -> None:
    """'ic' holds the post in week 3, outside ib's window: it is not in ib's way (a
    college-user audit: the sentence named an internship of other weeks)."""

    def intern(rid: str, cohort: str, week: int) -> dict:
        window = [{"weeks": [week, week]}]
        return {"id": rid, "cohort": cohort, "kind": "internship", "weeks": 1, "window": window}

    sc = scenario_doc(
        weeks=3,
        resources=[{"id": "post", "kind": "internship_post", "capacity": 20}],
        cohorts=[{"id": "a"}, {"id": "b"}, {"id": "c"}],
        requests=[intern("ia", "a", 1), intern("ib", "b", 1), intern("ic", "c", 3)],
    )
    reason, _, message = unmet_of(sc, "ib")
    assert reason == "capacity"
    assert message.endswith("(taken by internship 'ia')"), message


def test_instructor_when_the_only_teacher_is_at_the_weekly_load() -> None:
    sc = scenario_doc(
        resources=[{"id": "lab"}],
        instructors=[{"id": "t", "skills": ["cnc"], "max_slots_per_week": 2}],
        cohorts=[{"id": "a"}],
        requests=[{"id": "r", "cohort": "a", "sessions": 3, "instructor_skills": ["cnc"]}],
    )
    reason, missing, message = unmet_of(sc, "r")
    assert (reason, missing) == ("instructor", 1)
    assert "'t'" in message


def test_instructor_when_nobody_has_the_skill() -> None:
    sc = scenario_doc(
        resources=[{"id": "lab"}],
        instructors=[{"id": "t", "skills": ["weld"]}],
        cohorts=[{"id": "a"}],
        requests=[{"id": "r", "cohort": "a", "instructor_skills": ["cnc"]}],
    )
    assert unmet_of(sc, "r")[0] == "instructor"


@pytest.mark.parametrize(
    ("teachers", "said"),
    [
        ([{"id": "t", "skills": ["weld"]}], "no instructor has the skills"),
        # the only one with the skill teaches mornings; the session needs slots 3-4
        # (the window)
        (
            [{"id": "t", "skills": ["cnc"], "available": [{"slots": [1, 2, 3]}]}],
            "no qualified instructor ('t') is available for a whole session at any time",
        ),
    ],
)
def test_instructor_before_conflict_when_no_teacher_could_ever_come(
    teachers: list[dict], said: str
) -> None:
    """The cohort is busy at the only time too: 'conflict' (the first stage that leaves
    nothing) read as if moving 'other' would help (found by an audit)."""
    sc = scenario_doc(
        days=1,
        resources=[{"id": "lab"}, {"id": "lab2"}],
        instructors=teachers,
        cohorts=[{"id": "a"}],
        requests=[
            {"id": "other", "cohort": "a", "duration": 2, "window": [{"slots": [3, 4]}]},
            {
                "id": "r",
                "cohort": "a",
                "duration": 2,
                "instructor_skills": ["cnc"],
                "window": [{"slots": [3, 4]}],
            },
        ],
    )
    reason, missing, message = unmet_of(sc, "r")
    assert (reason, missing) == ("instructor", 1)
    assert message.startswith(said), message


def test_window_not_instructor_when_there_is_no_time_at_all() -> None:
    """A joint request whose cohorts are never free together has no start: its teacher,
    free all week, was blamed ('no qualified instructor is available for a whole session
    at any time it could take place', true only because there is no such time; a planner
    audit)."""
    sc = scenario_doc(
        days=1,
        resources=[{"id": "lab", "capacity": 40}],
        instructors=[{"id": "t", "skills": ["cnc"]}],
        cohorts=[
            {"id": "a", "available": [{"slots": [1, 2]}]},
            {"id": "b", "available": [{"slots": [3, 4]}]},
        ],
        requests=[{"id": "r", "cohorts": ["a", "b"], "instructor_skills": ["cnc"]}],
    )
    reason, _, message = unmet_of(sc, "r")
    assert reason == "window"
    assert message.startswith("the window, closed days and the availability of 'a', 'b'")


def _a_trip_too_long() -> Scenario:
    """Cohort a is at site A in slot 1 and 'there' is at B, two hours away: one day of
    three slots leaves no time for the trip."""
    return scenario_doc(
        days=1,
        slots=3,
        sites=["A", "B"],
        travel=[("A", "B", 120)],
        resources=[{"id": "lab-a", "site": "A"}, {"id": "lab-b", "site": "B"}],
        cohorts=[{"id": "a"}],
        requests=[
            {"id": "here", "cohort": "a", "resources": ["lab-a"], "window": [{"slots": [1]}]},
            {"id": "there", "cohort": "a", "resources": ["lab-b"]},
        ],
    )


def test_travel_when_only_the_trip_blocks() -> None:
    sc = _a_trip_too_long()
    reason, _, message = unmet_of(sc, "there")
    assert reason == "travel"
    assert "travel" in message
    assert "instructor" not in message  # it needs none (a planner audit's finding)
    # and the trip is said (a planner audit: no sites, no minutes)
    assert "the travel time between sites (at least 120 minutes, as from 'B' to 'A')" in message


def test_travel_between_the_requests_own_sessions_is_a_travel_reason() -> None:
    """Two sessions, one lab open at slot 1 at site A, the other at slot 2 at site B, no
    path between: one session fits a day. It read 'trade_off' (it would fit) or blamed
    its weekly cap, since travel was tested only against other requests' sites (a
    reasons audit)."""
    sc = scenario_doc(
        days=1,
        slots=2,
        sites=["A", "B"],
        resources=[
            {"id": "la", "site": "A", "available": [{"slots": [1]}]},
            {"id": "lb", "site": "B", "available": [{"slots": [2]}]},
        ],
        cohorts=[{"id": "a"}],
        requests=[{"id": "r", "cohort": "a", "sessions": 2}],
    )
    reason, missing, message = unmet_of(sc, "r")
    assert (reason, missing) == ("travel", 1)
    assert "('A' and 'B' have no path between them)" in message
    assert message.endswith("only 1 of 2 sessions fit")


def test_pattern_when_single_sessions_fit_but_not_weekly() -> None:
    sc = scenario_doc(
        weeks=2,
        resources=[{"id": "lab"}],
        cohorts=[{"id": "a"}],
        requests=[
            {
                "id": "r",
                "cohort": "a",
                "sessions": 2,
                "pattern": "weekly",
                "window": [
                    {"weeks": [1, 1], "days": [1], "slots": [1]},
                    {"weeks": [2, 2], "days": [2], "slots": [1]},
                ],
            }
        ],
    )
    reason, missing, message = unmet_of(sc, "r")
    assert (reason, missing) == ("pattern", 1)
    assert "consecutive weeks" in message


def _explained(sc: Scenario, booked: list[tuple[str, int, int, int]]) -> dict[str, str]:
    """The messages of a hand-made schedule ((request, week, day, resource) per session,
    one slot a day), which the checker passes first."""
    problem = compile_scenario(sc)
    ids = {r.id: r.index for r in problem.requests}
    count: dict[str, int] = {}
    sessions = []
    for rid, week, day, resource in booked:
        count[rid] = count.get(rid, 0) + 1
        part = (PartAssignment(resource=resource, headcount=20),)
        t = problem.calendar.slot(week, day, 1)
        sessions.append(SessionAssignment(ids[rid], count[rid], t, part))
    solution = Solution(status="feasible", sessions=sessions)
    solution.unmet = explain_unmet(problem, solution)
    report = check_schedule(sc, build_schedule(problem, solution))
    assert report.ok, [str(v) for v in report.violations]
    for u in solution.unmet:
        assert_same_facts(u.message, u.messages.get("zh"))
    return {problem.requests[u.request].id: f"{u.reason}: {u.message}" for u in solution.unmet}


def test_pattern_names_the_order_that_cuts_a_weekly_run_short() -> None:
    """'next' holds week 3 and must follow 'prep': single sessions of 'prep' fit before it,
    its weekly run does not. The sentence said only 'on one day and slot in consecutive
    weeks' (a planner audit): the order is what leaves two weeks, and 'next' holding the
    cohort and the lab in week 3 is the same request, so it is not named again."""
    sc = scenario_doc(
        weeks=4,
        days=2,
        slots=1,
        resources=[{"id": "lab"}],
        cohorts=[{"id": "a"}],
        requests=[
            {"id": "prep", "cohort": "a", "sessions": 3, "pattern": "weekly"},
            {"id": "next", "cohort": "a", "sessions": 2, "after": ["prep"]},
        ],
    )
    said = _explained(
        sc, [("prep", 1, 1, 0), ("prep", 2, 1, 0), ("next", 3, 1, 0), ("next", 3, 2, 0)]
    )
    assert said == {
        "prep": "pattern: single sessions would fit, but only 2 of 3 sessions fit on one day "
        "and slot in consecutive weeks, as it must end before 'next' starts (week 3, Mon, "
        "slot 1)"
    }


def test_pattern_names_the_cohorts_other_bookings_that_cut_a_run_short() -> None:
    sc = scenario_doc(
        weeks=3,
        days=2,
        slots=1,
        resources=[{"id": "lab"}, {"id": "lab2"}],
        cohorts=[{"id": "a"}],
        requests=[
            {"id": "r", "cohort": "a", "sessions": 3, "pattern": "weekly", "resources": ["lab"]},
            {"id": "mid", "cohort": "a", "sessions": 2, "resources": ["lab2"]},
        ],
    )
    said = _explained(sc, [("r", 1, 1, 0), ("mid", 2, 1, 1), ("mid", 2, 2, 1)])
    assert said["r"].endswith(
        "only 1 of 3 sessions fit on one day and slot in consecutive weeks, as 'a' is busy "
        "where more sessions in its pattern would go (with 'mid')"
    ), said


def test_pattern_for_max_per_week() -> None:
    sc = scenario_doc(
        resources=[{"id": "lab"}],
        cohorts=[{"id": "a"}],
        requests=[{"id": "r", "cohort": "a", "sessions": 3, "max_per_week": 2}],
    )
    reason, missing, message = unmet_of(sc, "r")
    assert (reason, missing) == ("pattern", 1)
    assert "at most 2 a week" in message


@pytest.mark.parametrize("kind", ["sessions", "internship"])
def test_trade_off_when_it_would_fit_on_its_own(kind: str) -> None:
    sc = scenario_doc(
        resources=[{"id": "lab"}, {"id": "post", "kind": "internship_post"}],
        cohorts=[{"id": "a"}],
        requests=[
            {
                "id": "r",
                "cohort": "a",
                "kind": kind,
                **({"weeks": 1} if kind == "internship" else {}),
            }
        ],
    )
    problem = compile_scenario(sc)
    (u,) = explain_unmet(problem, Solution(status="feasible"))  # an answer that left it out
    assert u.reason == "trade_off"
    assert u.missing == (20 if kind == "internship" else 1)
    assert_same_facts(u.message, u.messages.get("zh"))
    assert u.messages["zh"].startswith("单独排入时可以安排")


def test_time_limit_when_a_cut_short_search_left_out_a_request_that_pays() -> None:
    sc = scenario_doc(
        resources=[{"id": "lab"}], cohorts=[{"id": "a"}], requests=[{"id": "r", "cohort": "a"}]
    )
    problem = compile_scenario(sc)
    left_out = Solution(status="feasible", solver="cpsat")
    reason, text = Explainer(problem, left_out, search_stopped=True).reason(0)
    assert reason == "time_limit"
    assert "stopped at its limit before booking it" in text.en
    assert_same_facts(text.en, text.others()["zh"])
    # the same schedule from a search that was not cut short: a trade-off of the search
    reason, text = Explainer(problem, left_out).reason(0)
    assert reason == "trade_off" and text.en.endswith("the search ended first")


def _costly_weekly(sessions: int, demand: int) -> Scenario:
    """Two one-slot weeks, one weekly request whose every session misses its preferred
    windows (20 each under these weights)."""
    return scenario_doc(
        weeks=2,
        days=1,
        slots=1,
        resources=[{"id": "lab"}],
        cohorts=[{"id": "a"}],
        requests=[
            {
                "id": "r",
                "cohort": "a",
                "sessions": sessions,
                "pattern": "weekly",
                "prefer": {"windows": [], "weight": 1},
            }
        ],
        weights={"demand": demand, "fairness": 0, "prefer": 20},
    )


@pytest.mark.parametrize(
    ("demand", "tail"),
    [
        (10, "2 more sessions would fit against the final schedule, but would cost more in "
         "penalties (preference misses +2) than their demand is worth under the scenario's "
         "weights (objective -20)"),
        (20, "2 more sessions would fit against the final schedule, at a cost in penalties "
         "(preference misses +2) as large as their demand is worth under the scenario's "
         "weights (objective +0)"),
        (30, "2 more sessions would fit against the final schedule and raise the objective by "
         "20; the search ended first"),
    ],
)  # fmt: skip
def test_what_fits_but_is_left_out_is_explained_after_the_rule(demand: int, tail: str) -> None:
    """3 weekly sessions in 2 weeks: the window explains one, and the two that fit are
    left out by an answer that books nothing; the tail says why (a helper's audit: the
    message explained the one and kept quiet about the two)."""
    problem = compile_scenario(_costly_weekly(3, demand))
    (u,) = explain_unmet(problem, Solution(status="optimal"))
    assert (u.reason, u.missing) == ("window", 3)
    assert u.message.endswith("only 2 of 3 sessions fit (possible weeks: 1-2); " + tail)
    assert_same_facts(u.message, u.messages.get("zh"))
    # one held: one more fits; all that fit held: no tail
    part = (PartAssignment(resource=0, headcount=20),)
    one = Solution(status="feasible", sessions=[SessionAssignment(0, 1, 0, part)])
    (u,) = explain_unmet(problem, one)
    assert "; 1 more session would fit against the final schedule" in u.message
    two = Solution(
        status="feasible",
        sessions=[SessionAssignment(0, 1, 0, part), SessionAssignment(0, 2, 1, part)],
    )
    (u,) = explain_unmet(problem, two)
    assert u.message.endswith("only 2 of 3 sessions fit (possible weeks: 1-2)")


def test_a_tie_is_not_called_a_loss() -> None:
    problem = compile_scenario(_costly_weekly(2, 20))
    (u,) = explain_unmet(problem, Solution(status="optimal"))
    assert u.reason == "trade_off"
    assert "would cost as much in penalties (preference misses +2) as its demand" in u.message
    assert u.message.endswith("(objective +0): the schedule scores the same either way")
    assert_same_facts(u.message, u.messages.get("zh"))


def test_met_requests_get_no_entry(tiny: Scenario) -> None:
    problem = compile_scenario(tiny)
    assert explain_unmet(problem, solve_greedy(problem, explain=False)) == []


AUDIT = Path(__file__).resolve().parent.parent / "fixtures" / "audit"
#: audit repro -> (request, message start): matching resources, but no start time left
NO_TIME = {
    "only-window-empty": ("c", "the window, closed days and the availability of 'c1' leave"),
    "empty-available": ("r2", "the window, closed days and the availability of 'c2' leave"),
}


@pytest.mark.parametrize("name", NO_TIME)
def test_window_not_no_resource_when_resources_match_but_no_time_is_left(name: str) -> None:
    request, start = NO_TIME[name]
    sc = Scenario.model_validate(json.loads((AUDIT / f"{name}.json").read_text()))
    reason, missing, message = unmet_of(sc, request)
    assert (reason, missing) == ("window", 1)
    assert message.startswith(start) and "no start time" in message


def test_window_when_the_only_matching_resource_is_never_available() -> None:
    doc = json.loads((AUDIT / "empty-available.json").read_text())
    doc["requests"] = [{"id": "r", "sessions": 1, "duration": 1, "cohort": "c1"}]
    doc["requests"][0]["resources"] = ["L2"]
    reason, _, message = unmet_of(Scenario.model_validate(doc), "r")
    assert reason == "window"
    assert "'L2'" in message


# --------------------------------------------------------------------------- names

#: TAKEN as people call things: 'Welding basics' (priority 2) takes both slots of the
#: only lab, so 'CNC taster' is unmet for capacity.
NAMED_TAKEN = scenario_doc(
    days=1,
    slots=2,
    resources=[{"id": "lab", "name": "CNC lathe workshop"}],
    cohorts=[{"id": "a", "name": "Welding class 2401"}, {"id": "b", "name": "数控2402班"}],
    requests=[
        {"id": "first", "cohort": "a", "sessions": 2, "priority": 2, "title": "Welding basics"},
        {"id": "r", "cohort": "b", "title": "CNC taster"},
    ],
)


def test_sentences_name_things_by_their_names_with_the_id() -> None:
    """Planners and colleges know the lab, the class and the other request by name: the
    sentence names each so, with its id to find it by, in both languages; the code stays."""
    reason, _, message = unmet_of(NAMED_TAKEN, "r")
    assert reason == "capacity"
    assert message == (
        "every candidate (“CNC lathe workshop” (lab)) is occupied whenever “数控2402班” (b) "
        "could come, by “Welding basics” (first): no session fits"
    )
    assert zh_of(NAMED_TAKEN, "r") == (
        "在班级“数控2402班”（b）能上课的所有时间，全部候选资源（“CNC lathe workshop”（lab））"
        "都已被占用（占用者：“Welding basics”（first））：一次课也排不下"
    )


def test_sites_instructors_and_institutions_are_named_too() -> None:
    """The trip of a travel reason, the teacher at the load and the institutions a lab is
    not open to read by their names."""
    travel = _a_trip_too_long()
    doc = travel.model_dump(by_alias=True, exclude_none=True)
    doc["sites"] = [{"id": "A", "name": "Ganjingzi campus"}, {"id": "B", "name": "旅顺口校区"}]
    named = Scenario.model_validate(doc)
    reason, _, message = unmet_of(named, "there")
    assert reason == "travel"
    assert "as from “旅顺口校区” (B) to “Ganjingzi campus” (A)" in message
    assert "如从“旅顺口校区”（B）到“Ganjingzi campus”（A）" in zh_of(named, "there")

    load = scenario_doc(
        resources=[{"id": "lab"}],
        instructors=[
            {"id": "t", "name": "王军 Wang Jun", "skills": ["cnc"], "max_slots_per_week": 2}
        ],
        cohorts=[{"id": "a"}],
        requests=[{"id": "r", "cohort": "a", "sessions": 3, "instructor_skills": ["cnc"]}],
    )
    reason, _, message = unmet_of(load, "r")
    assert reason == "instructor"
    assert "no qualified instructor (“王军 Wang Jun” (t))" in message

    closed = scenario_doc(
        institutions=[{"id": "col", "name": "Dalian Technician College", "kind": "college",
                       "site": "A"}],
        resources=[{"id": "lab", "features": ["cnc"]}],
        cohorts=[{"id": "a"}],
        requests=[{"id": "r", "cohort": "a", "needs": ["weld"], "title": "Welding basics"}],
    )  # fmt: skip
    reason, _, message = unmet_of(closed, "r")
    assert reason == "no_resource"
    assert message.startswith("no resource matches “Welding basics” (r): ")
    assert "is open to “Dalian Technician College” (col)" in message


def test_a_pool_of_named_resources_is_said_as_its_first_few() -> None:
    """Names are long: a request over many labs names four and counts the rest."""
    labs = [{"id": f"lab-{k}", "name": f"Welding bay {k}"} for k in range(6)]
    sc = scenario_doc(
        days=1,
        slots=1,
        resources=labs,
        cohorts=[{"id": f"c{k}"} for k in range(7)],
        requests=[{"id": f"r{k}", "cohort": f"c{k}", "priority": 7 - k} for k in range(7)],
    )
    reason, _, message = unmet_of(sc, "r6")
    assert reason == "capacity"
    assert message.startswith(
        "every candidate (“Welding bay 0” (lab-0), “Welding bay 1” (lab-1), “Welding bay 2” "
        "(lab-2), “Welding bay 3” (lab-3) and 2 more) is occupied"
    )


def test_a_sentence_names_a_thing_in_full_once() -> None:
    """'Welding basics' keeps the class busy and the lab taken: the reason names it by
    title, the tail that counts the lab's bookings by its id (names said twice made the
    sentences of a generated L term twice as long)."""
    sc = scenario_doc(
        days=1,
        slots=2,
        resources=[{"id": "lab", "name": "CNC lathe workshop"}],
        cohorts=[{"id": "a"}, {"id": "b"}],
        requests=[
            {"id": "x", "cohort": "a", "priority": 3, "window": [{"slots": [1]}],
             "title": "Welding basics"},
            {"id": "y", "cohort": "b", "priority": 3, "window": [{"slots": [2]}],
             "title": "CNC taster"},
            {"id": "r", "cohort": "a", "sessions": 2},
        ],
    )  # fmt: skip
    reason, _, message = unmet_of(sc, "r")
    assert reason == "conflict"
    assert message == (
        "'a' is busy whenever a matching resource is free (with “Welding basics” (x)): only 1 "
        "of 2 sessions fit; counting the bookings of “CNC lathe workshop” (lab) too (taken by "
        "'x', “CNC taster” (y)), no session fits"
    )
