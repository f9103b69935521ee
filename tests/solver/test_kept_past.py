"""A re-solve that keeps the past: nothing before the day changes, the rest is planned on.

Greedy booking stands in for the optimizer on the kept problem (the machinery under test
is the problem handed over and the answer read back); one CP-SAT re-solve runs end to
end on a hand-built term.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.build import build_schedule
from scheduler.checker import check_schedule
from scheduler.compile import compile_scenario
from scheduler.io import schedule_to_json
from scheduler.models import Scenario, Schedule
from scheduler.problem import PartAssignment, Problem, SessionAssignment, Solution
from solver.cpsat.answer import settle_status
from solver.fitted import fitted_schedule
from solver.greedy import missing_counts, solve_greedy
from solver.kept_past.keep import keep_past
from solver.options import SolveOptions
from solver.pipeline import complete_unmet
from solver.scoring import objective_of
from tests.strategies import RANDOM_TERMS, scenario_doc, scenarios


def _fortnight(**parts: Any) -> Scenario:
    """A two-week term of five days with two slots a day (``scenario_doc`` otherwise)."""
    return scenario_doc(weeks=2, days=5, slots=2, **parts)


def _kept_answer(problem: Problem, reference: Solution, day: int) -> Solution:
    kept = keep_past(problem, reference, day)
    answer = solve_greedy(kept.problem, explain=False)
    solution = kept.restore(problem, answer)
    complete_unmet(kept.explaining(problem), solution)
    # scored on the term, as solver.resolve does: the kept problem scores a kept request
    # by its pinned parts (one resource each), not as the one request it is
    solution.objective = float(objective_of(problem, solution)[0])
    settle_status(problem, solution)  # a required request the past keeps short: unknown
    return solution


def _check(scenario: Scenario, problem: Problem, solution: Solution) -> None:
    report = check_schedule(scenario, build_schedule(problem, solution))
    assert report.ok, [str(v) for v in report.violations]


def _assert_past_kept(problem: Problem, reference: Solution, got: Solution, day: int) -> None:
    spd, dpw = problem.calendar.slots_per_day, problem.calendar.days_per_week
    past = {(s.request, s.index): s for s in reference.sessions if s.start // spd < day}
    now = {(s.request, s.index): s for s in got.sessions}
    assert all(now.get(k) == s for k, s in past.items())
    assert not [s for k, s in now.items() if s.start // spd < day and k not in past]
    begun = sorted(
        (p.request, p.resource, p.headcount, p.first_week)
        for p in reference.placements
        if p.first_week * dpw < day
    )
    runs = {p[0] for p in begun}
    assert begun == sorted(
        (p.request, p.resource, p.headcount, p.first_week)
        for p in got.placements
        if p.request in runs
    )
    assert all(p.first_week * dpw >= day for p in got.placements if p.request not in runs)


@settings(RANDOM_TERMS, max_examples=40)
@given(scenarios(), st.data())
def test_random_terms_keep_every_booking_before_the_day(scenario: Scenario, data: Any) -> None:
    problem = compile_scenario(scenario)
    reference = solve_greedy(problem, explain=False)
    day = data.draw(st.integers(0, problem.calendar.n_days), label="day")
    # the term has changed since: every request asks one session more
    grown = scenario.model_copy(
        update={
            "requests": [
                r.model_copy(update={"sessions": r.sessions + 1}) if r.sessions else r
                for r in scenario.requests
            ]
        }
    )
    problem = compile_scenario(grown)
    got = _kept_answer(problem, reference, day)
    _check(grown, problem, got)
    _assert_past_kept(problem, reference, got, day)
    assert {u.request for u in got.unmet} == {
        r for r, n in missing_counts(problem, got).items() if n > 0
    }


def _term() -> Scenario:
    """Two weeks; a weekly and a free request on one lab, the free one spaced out."""
    return _fortnight(
        resources=[{"id": "lab"}],
        cohorts=[{"id": "c1"}, {"id": "c2"}],
        requests=[
            {"id": "weekly", "cohort": "c1", "sessions": 2, "pattern": "weekly"},
            {"id": "free", "cohort": "c2", "sessions": 2, "min_days_apart": 2},
            {"id": "later", "cohort": "c1", "sessions": 1, "after": ["free"]},
        ],
    )


def _grown(scenario: Scenario, **sessions: int) -> Scenario:
    return scenario.model_copy(
        update={
            "requests": [
                r.model_copy(update={"sessions": sessions.get(r.id, r.sessions)})
                for r in scenario.requests
            ]
        }
    )


def test_a_request_under_way_keeps_its_run_and_a_free_one_grows_after_the_day() -> None:
    scenario = _term()
    problem = compile_scenario(scenario)
    reference = solve_greedy(problem, explain=False)
    weekly_days = sorted(s.start // 2 for s in reference.sessions if s.request == 0)
    assert weekly_days[0] < 5  # week 1
    day = weekly_days[0] + 1  # the weekly run and the free request are under way
    grown = _grown(scenario, weekly=3, free=3)
    problem = compile_scenario(grown)
    got = _kept_answer(problem, reference, day)
    _check(grown, problem, got)
    _assert_past_kept(problem, reference, got, day)
    [weekly] = [u for u in got.unmet if u.request == 0]
    assert (weekly.reason, weekly.missing) == ("pattern", 1)
    assert weekly.message.startswith("it is kept as published because its weekly run is under way")
    assert weekly.messages["zh"].startswith("本需求按已发布的安排保留")
    # the free request gains its third session after the day, two days from the others,
    # and the request after it follows it there
    assert sorted(s.start // 2 for s in reference.sessions if s.request == 1) == [0, 2]
    assert sorted(s.start // 2 for s in got.sessions if s.request == 1) == [0, 2, 4]
    assert [s.start for s in got.sessions if s.request == 2] == [9]


def test_a_published_schedule_fits_a_changed_term_required_requests_first() -> None:
    scenario = scenario_doc(
        resources=[{"id": "lab"}],
        cohorts=[{"id": "c1"}, {"id": "c2"}],
        slots=2,
        requests=[
            {"id": "optional", "cohort": "c1", "sessions": 10},
            {"id": "must", "cohort": "c2", "sessions": 1, "required": True},
        ],
    )
    problem = compile_scenario(scenario)
    reference = solve_greedy(problem, explain=False)
    assert missing_counts(problem, reference)[0] == 1  # the lab's 10 slots: 9 + 1
    grown = compile_scenario(_grown(scenario, must=2))
    fitted, left_out, filled = fitted_schedule(grown, reference)
    # the required request takes a slot of the optional one's, which loses one
    assert missing_counts(grown, fitted) == {0: 2, 1: 0}
    assert (left_out, filled) == (1, 1)
    complete_unmet(grown, fitted)
    _check(_grown(scenario, must=2), grown, fitted)


def test_a_mid_term_cp_sat_resolve_keeps_the_past() -> None:
    from scheduler.solving.resolve import resolve_with_reference

    scenario = _term()
    options = SolveOptions(time_limit=5, workers=1, seed=0)
    problem = compile_scenario(scenario)
    reference = build_schedule(problem, solve_greedy(problem, explain=False))
    grown = _grown(scenario, free=3)
    keep = dt.date(2026, 9, 10)  # week 1, Thursday: day 3
    schedule = resolve_with_reference(
        grown, options, json.loads(schedule_to_json(reference)), 1000, keep_before=keep
    )
    report = check_schedule(grown, schedule)
    assert report.ok, [str(v) for v in report.violations]
    assert schedule.metrics["kept_before_day"] == 3

    def day(s: Any) -> int:
        return (s.week - 1) * 5 + s.day - 1

    past = {(s.request, s.index): s for s in reference.sessions if day(s) < 3}
    now = {(s.request, s.index): s for s in schedule.sessions}
    assert all(now.get(k) == s for k, s in past.items())
    assert all(day(s) >= 3 for k, s in now.items() if k not in past)


def test_a_weekly_run_under_way_goes_on_in_the_weeks_after_it() -> None:
    scenario = scenario_doc(
        weeks=4,
        days=5,
        slots=2,
        resources=[{"id": "lab"}],
        cohorts=[{"id": "c1"}],
        requests=[{"id": "weekly", "cohort": "c1", "sessions": 2, "pattern": "weekly"}],
    )
    problem = compile_scenario(scenario)
    reference = solve_greedy(problem, explain=False)
    assert [s.start for s in reference.sessions] == [0, 10]  # weeks 1-2, Monday slot 1
    grown = _grown(scenario, weekly=4)
    problem = compile_scenario(grown)
    got = _kept_answer(problem, reference, 1)  # week 1's Tuesday on
    _check(grown, problem, got)
    _assert_past_kept(problem, reference, got, 1)
    assert [s.start for s in got.sessions] == [0, 10, 20, 30]
    # once the run has stopped (week 2's Monday is past and empty), it cannot go on
    reference.sessions = reference.sessions[:1]
    got = _kept_answer(compile_scenario(_grown(scenario, weekly=3)), reference, 6)
    assert [s.start for s in got.sessions] == [0]
    assert [(u.reason, u.missing) for u in got.unmet] == [("pattern", 2)]


def _weekly_term(sessions: int, window: dict[str, Any]) -> Scenario:
    """Eight weeks of five days, two slots a day; one weekly request in ``window``."""
    request = {"id": "w", "cohort": "c1", "sessions": sessions, "pattern": "weekly"}
    return scenario_doc(
        weeks=8,
        days=5,
        slots=2,
        resources=[{"id": "lab"}],
        cohorts=[{"id": "c1"}],
        requests=[{**request, "window": [{"slots": [1], **window}]}],
    )


def test_a_weekly_run_that_lost_its_first_session_still_goes_on() -> None:
    # an API audit's term: the window now starts in week 2, so week 1's session (past)
    # is dropped; weeks 2-4 still form a run, and week 5 is still to come
    published = _weekly_term(4, {"weeks": [1, 4], "days": [2]})
    reference = solve_greedy(compile_scenario(published), explain=False)
    tuesday = [2 + 10 * w for w in range(4)]  # Tuesday slot 1 of weeks 1-4
    assert [s.start for s in reference.sessions] == tuesday
    changed = _weekly_term(4, {"weeks": [2, 8], "days": [2]})
    problem = compile_scenario(changed)
    got = _kept_answer(problem, reference, 8)  # week 2's Thursday on
    _check(changed, problem, got)
    # the kept sessions keep their numbers; the new one takes the lost one's
    assert sorted((s.start, s.index) for s in got.sessions) == [(12, 2), (22, 3), (32, 4), (42, 1)]
    assert got.unmet == []


def test_a_weekly_run_the_changed_term_forbids_entirely_is_planned_afresh() -> None:
    # the window moved from Tuesdays to Wednesdays: none of the published sessions holds
    # (nothing of the run is kept), so it starts again from the day, as a begun
    # internship whose posts no longer hold it does; it was left unmet, "kept as
    # published because its weekly run is under way", with nothing kept
    reference = solve_greedy(compile_scenario(_weekly_term(3, {"days": [2]})), explain=False)
    assert [s.start for s in reference.sessions] == [2, 12, 22]  # Tuesdays, weeks 1-3
    changed = _weekly_term(3, {"days": [3]})
    problem = compile_scenario(changed)
    got = _kept_answer(problem, reference, 8)  # week 2's Thursday on
    _check(changed, problem, got)
    assert sorted(s.start for s in got.sessions) == [24, 34, 44]  # Wednesdays, weeks 3-5
    assert got.unmet == []


@settings(RANDOM_TERMS, max_examples=40)
@given(scenarios(), st.data())
def test_a_published_schedule_fitted_to_a_changed_term_keeps_every_rule(
    scenario: Scenario, data: Any
) -> None:
    """Sessions asked change by -1..+1 and every resource loses up to a third of its
    capacity: what still fits is kept, the rest booked anew, and the checker agrees."""
    problem = compile_scenario(scenario)
    published = solve_greedy(problem, explain=False)
    # on the term it was made for, every booking is kept and none is added
    same, left_out, filled = fitted_schedule(problem, published)
    assert (left_out, filled) == (0, 0)
    assert sorted(same.sessions, key=lambda s: (s.request, s.index)) == sorted(
        published.sessions, key=lambda s: (s.request, s.index)
    )
    shift = data.draw(st.lists(st.integers(-1, 1), min_size=len(scenario.requests)))
    cut = data.draw(st.lists(st.integers(0, 3), min_size=len(scenario.resources)))
    changed = scenario.model_copy(
        update={
            "requests": [
                r.model_copy(update={"sessions": max(1, r.sessions + d)}) if r.sessions else r
                for r, d in zip(scenario.requests, shift, strict=False)
            ],
            "resources": [
                r.model_copy(update={"capacity": max(1, r.capacity - r.capacity * c // 9)})
                for r, c in zip(scenario.resources, cut, strict=False)
            ],
        }
    )
    problem = compile_scenario(changed)
    fitted, _, _ = fitted_schedule(problem, published)
    complete_unmet(problem, fitted)
    settle_status(problem, fitted)
    _check(changed, problem, fitted)


def test_a_cohort_resized_mid_term_keeps_its_past_sessions_with_its_people_now() -> None:
    scenario = _term()
    problem = compile_scenario(scenario)
    reference = solve_greedy(problem, explain=False)
    cohorts = [c.model_copy(update={"size": 26 if c.id == "c1" else 40}) for c in scenario.cohorts]
    resized = scenario.model_copy(update={"cohorts": cohorts})  # c2's 40 outgrow the lab
    problem = compile_scenario(resized)
    day = 5  # week 2 on
    got = _kept_answer(problem, reference, day)
    _check(resized, problem, got)
    past = [s for s in reference.sessions if s.start // 2 < day]
    now = {(s.request, s.index): s for s in got.sessions}
    for s in past:
        if s.request == 1:  # c2 no longer fits the lab: its past sessions cannot stand
            assert (s.request, s.index) not in now
        else:  # c1's stay where they were, with its 26 people
            kept = now[(s.request, s.index)]
            assert (kept.start, kept.parts[0].resource) == (s.start, s.parts[0].resource)
            assert kept.parts[0].headcount == 26


def _cpsat_resolve(scenario: Scenario, changed: Scenario, keep: dt.date) -> Any:
    """Publish ``scenario`` (greedy), re-solve ``changed`` with CP-SAT keeping ``keep``."""
    from scheduler.solving.resolve import resolve_with_reference

    problem = compile_scenario(scenario)
    published = build_schedule(problem, solve_greedy(problem, explain=False))
    options = SolveOptions(time_limit=3, workers=1, seed=0)
    answer = resolve_with_reference(changed, options, published, 21_000, keep_before=keep)
    report = check_schedule(changed, answer)
    assert report.ok, [str(v) for v in report.violations]
    return published, answer


def _two_requests(**b: Any) -> Scenario:
    return _fortnight(
        resources=[{"id": "lab1"}, {"id": "lab2"}],
        cohorts=[{"id": "c1"}, {"id": "c2"}],
        requests=[
            {"id": "A", "cohort": "c1", "sessions": 2, "window": [{"weeks": [2, 2]}]},
            {"id": "B", "cohort": "c2", "sessions": 2, "window": [{"weeks": [1, 1]}], **b},
        ],
    )


def test_a_kept_booking_a_new_rule_forbids_is_dropped_not_pinned() -> None:
    # B ran on Monday of week 1; the planner now says B comes after A (week 2): the
    # published B cannot stand, the answer says so and keeps every rule (it was
    # pinned unchecked, against the link, and CP-SAT answered infeasible)
    published, answer = _cpsat_resolve(
        _two_requests(), _two_requests(after=["A"]), dt.date(2026, 9, 8)
    )
    assert answer.status.value != "infeasible"
    assert answer.metrics["kept_dropped"] == 2
    assert not [s for s in answer.sessions if s.request == "B"]


def test_a_required_request_that_cannot_be_met_any_more_keeps_the_past() -> None:
    # A (required) asks one more session in week 1, which is over: the answer is
    # `unknown` with the past kept, not `infeasible` with nothing scheduled
    def term(sessions: int) -> Scenario:
        return _fortnight(
            resources=[{"id": "lab1"}],
            cohorts=[{"id": "c1"}],
            requests=[
                {
                    "id": "A",
                    "cohort": "c1",
                    "sessions": sessions,
                    "required": True,
                    "window": [{"weeks": [1, 1]}],
                }
            ],
        )

    published, answer = _cpsat_resolve(term(2), term(3), dt.date(2026, 9, 14))
    assert answer.status.value == "unknown"
    # named by the term's id, not the kept problem's piece of it ('A#more')
    assert answer.metrics["conflicting_requests"] == ["A"]
    assert [(s.week, s.day, s.slot) for s in answer.sessions] == [
        (s.week, s.day, s.slot) for s in published.sessions
    ]
    assert [(u.request, u.missing) for u in answer.unmet] == [("A", 1)]


def test_a_weekly_run_goes_on_in_the_cells_the_term_still_has() -> None:
    def term(sessions: int, closed: tuple[tuple[int, int], ...] = ()) -> Scenario:
        return scenario_doc(
            weeks=4,
            days=5,
            slots=1,
            closed=closed,
            resources=[{"id": "lab1"}],
            cohorts=[{"id": "c1"}],
            requests=[{"id": "W", "cohort": "c1", "sessions": sessions, "pattern": "weekly"}],
        )

    # published weeks 1-2 on Mondays; now 4 sessions, and week 3's Monday is closed:
    # only week 4 is left for the run (it skips the closed Monday), one more session
    published, answer = _cpsat_resolve(term(2), term(4, ((3, 1),)), dt.date(2026, 9, 15))
    assert [(s.week, s.day) for s in answer.sessions] == [(1, 1), (2, 1), (4, 1)]


def test_past_bookings_on_a_withdrawn_resource_are_counted_as_dropped() -> None:
    def term(*labs: str) -> Scenario:
        return _fortnight(
            resources=[{"id": lab} for lab in labs],
            cohorts=[{"id": "c1"}],
            requests=[{"id": "A", "cohort": "c1", "sessions": 3, "window": [{"weeks": [1, 1]}]}],
        )

    published, answer = _cpsat_resolve(term("lab1"), term("lab2"), dt.date(2026, 9, 14))
    assert len(published.sessions) == 3  # all in week 1, on lab1, gone since
    assert answer.metrics["kept_dropped"] == 3
    assert answer.sessions == []


def test_a_split_session_under_way_keeps_its_resources_when_its_cohort_is_resized() -> None:
    def term(size: int) -> Scenario:
        return _fortnight(
            resources=[{"id": "lab1", "capacity": 20}, {"id": "lab2", "capacity": 20}],
            cohorts=[{"id": "c1", "size": size}],
            requests=[{"id": "A", "cohort": "c1", "sessions": 2, "split": True}],
        )

    for size in (29, 34, 12):  # one fewer; more, into the room lab2 has; fewer than a part
        published, answer = _cpsat_resolve(term(30), term(size), dt.date(2026, 9, 16))
        assert answer.metrics["kept_dropped"] == 0
        assert [(s.week, s.day, s.slot) for s in answer.sessions] == [
            (s.week, s.day, s.slot) for s in published.sessions
        ]
        for s in answer.sessions:
            assert sum(p.headcount for p in s.parts) == size
            assert {p.resource for p in s.parts} <= {"lab1", "lab2"}


def test_a_mid_term_resolve_streams_progress_on_the_terms_own_scale() -> None:
    from scheduler.solving.resolve import resolve_with_reference

    scenario = _fortnight(
        resources=[{"id": "lab1"}, {"id": "lab2"}],
        cohorts=[{"id": "c1"}],
        requests=[{"id": "a", "cohort": "c1", "sessions": 2}, {"id": "b", "cohort": "c1"}],
        weights={"stability": 50},
    )
    problem = compile_scenario(scenario)
    # published with "a" in both labs (the term pays stability once): under way on day 3
    reference = build_schedule(
        problem,
        Solution(
            status="feasible",
            sessions=[
                SessionAssignment(0, 1, 0, (PartAssignment(0, 20),)),
                SessionAssignment(0, 2, 2, (PartAssignment(1, 20),)),
            ],
        ),
    )
    seen: list[Any] = []
    schedule = resolve_with_reference(
        scenario,
        SolveOptions(time_limit=5, workers=1, seed=0),
        json.loads(schedule_to_json(reference)),
        0,
        progress=seen.append,
        keep_before=dt.date(2026, 9, 9),  # week 1, Wednesday: day 2
    )
    report = check_schedule(scenario, schedule)
    assert report.ok, [str(v) for v in report.violations]
    assert schedule.metrics["kept_requests"] == 1 and len(schedule.sessions) == 3
    # the kept problem books "a" as two one-session requests, free of the stability
    # term: its objective is 50 above the term's, and progress is shifted back
    assert seen and seen[-1].objective == schedule.objective
    assert seen[-1].bound is not None and seen[-1].bound >= seen[-1].objective


def test_a_published_timetable_outside_a_shortened_term_is_left_out() -> None:
    from scheduler.solving.resolve import published_solution, resolve_with_reference

    scenario = _term()  # two weeks of five days, two slots a day
    problem = compile_scenario(scenario)
    published = build_schedule(problem, solve_greedy(problem, explain=False))
    doc = json.loads(schedule_to_json(published))
    assert any(s["week"] == 2 for s in doc["sessions"])
    inside = [s for s in doc["sessions"] if s["week"] == 1]
    # hand edits past the day's slots and the week's days would read as the next day
    # and the next week's Monday
    doc["sessions"] += [{**inside[0], "index": 7, "slot": 3}, {**inside[0], "index": 8, "day": 6}]
    short_doc = scenario.model_dump(by_alias=True, exclude_none=True)
    short_doc["calendar"]["weeks"] = 1  # the term now ends after its first week
    short = Scenario.model_validate(short_doc)
    short_problem = compile_scenario(short)
    kept = published_solution(short_problem, Schedule.model_validate(doc))
    assert len(kept.sessions) == len(inside)
    options = SolveOptions(time_limit=3, workers=1, seed=0)
    for keep in (None, dt.date(2026, 9, 9)):
        # an IndexError in the move-penalty model before
        schedule = resolve_with_reference(short, options, doc, 1000, keep_before=keep)
        report = check_schedule(short, schedule)
        assert report.ok, [str(v) for v in report.violations]
        assert all(s.week == 1 for s in schedule.sessions)


def test_an_internship_under_way_keeps_its_posts_when_its_cohort_is_resized() -> None:
    """The cohort shrank from 10 to 8 in week 2 of a two-week internship: the placement
    stays with 8 interns. It was dropped, week gone by included (a re-solve audit)."""
    scenario = _fortnight(
        resources=[{"id": "post", "kind": "internship_post", "capacity": 12}],
        cohorts=[{"id": "c", "size": 10}],
        requests=[{"id": "in", "cohort": "c", "kind": "internship", "weeks": 2}],
    )
    problem = compile_scenario(scenario)
    reference = solve_greedy(problem, explain=False)
    (placement,) = reference.placements
    assert (placement.first_week, placement.headcount) == (0, 10)
    for size in (8, 12):
        cohorts = [c.model_copy(update={"size": size}) for c in scenario.cohorts]
        resized = scenario.model_copy(update={"cohorts": cohorts})
        problem = compile_scenario(resized)
        got = _kept_answer(problem, reference, day=6)  # from week 2, Tuesday
        _check(resized, problem, got)
        (kept,) = got.placements
        assert (kept.resource, kept.first_week, kept.headcount) == (placement.resource, 0, size)
        assert not got.unmet


def test_a_weekly_run_that_cannot_go_on_says_so_not_that_more_would_fit() -> None:
    """q0 ran on Mondays in weeks 1-2 and now asks for 4; a priority request takes week 3
    Monday, so the run cannot go on. Its entry said one more session "would fit ... the
    search ended first" (a week 4 that breaks the run; a re-solve audit finding)."""

    def term(sessions: int, blocker: bool) -> Scenario:
        requests: list[dict[str, Any]] = [
            {"id": "q0", "cohort": "c", "sessions": sessions, "pattern": "weekly"}
        ]
        if blocker:
            window = [{"weeks": [3, 3], "days": [1], "slots": [1]}]
            requests.append({"id": "q9", "cohort": "d", "priority": 9, "window": window})
        return scenario_doc(
            weeks=4,
            slots=2,
            resources=[{"id": "lab"}],
            cohorts=[{"id": "c"}, {"id": "d"}],
            requests=requests,
        )

    published, answer = _cpsat_resolve(term(2, False), term(4, True), dt.date(2026, 9, 15))
    assert [(s.week, s.day, s.slot) for s in published.sessions] == [(1, 1, 1), (2, 1, 1)]
    (entry,) = [u for u in answer.unmet if u.request == "q0"]
    assert (entry.reason.value, entry.missing) == ("pattern", 2)
    assert "its weekly run is under way" in entry.message and "would fit" not in entry.message


def test_a_weekly_run_keeps_its_later_weeks_around_a_week_its_lab_is_withdrawn() -> None:
    """'lab' is withdrawn in week 3 only: week 3 moves to 'lab2', and week 4 stays in
    'lab' where it was (it moved too, and counted as dropped: a re-solve audit finding)."""

    def term(lab_weeks: list[dict[str, Any]] | None) -> Scenario:
        lab: dict[str, Any] = {"id": "lab"}
        if lab_weeks is not None:
            lab["available"] = lab_weeks
        return scenario_doc(
            weeks=4,
            slots=2,
            resources=[lab, {"id": "lab2"}],
            cohorts=[{"id": "c"}],
            requests=[{"id": "q0", "cohort": "c", "sessions": 4, "pattern": "weekly"}],
        )

    withdrawn = term([{"weeks": [1, 2]}, {"weeks": [4, 4]}])
    published, answer = _cpsat_resolve(term(None), withdrawn, dt.date(2026, 9, 15))
    assert [(s.week, s.parts[0].resource) for s in published.sessions] == [
        (w, "lab") for w in (1, 2, 3, 4)
    ]
    got = sorted((s.week, s.day, s.slot, s.parts[0].resource) for s in answer.sessions)
    assert got == [(1, 1, 1, "lab"), (2, 1, 1, "lab"), (3, 1, 1, "lab2"), (4, 1, 1, "lab")]
    assert answer.metrics["kept_dropped"] == 1


def test_a_grown_request_under_way_leaves_its_bound_above_every_timetable() -> None:
    """q0 ran twice in week 1 and asks for two more. The re-solve scores its published
    and new sessions as two pieces, blind to one lab serving both, and once said
    'optimal' at a bound that putting the new ones in the published lab beat (a
    re-solve audit). Whatever lab it picks, the bound now holds that timetable too."""
    from scheduler.evaluate import evaluate

    def term(sessions: int, **only: Any) -> Scenario:
        return scenario_doc(
            weeks=3,
            slots=2,
            resources=[{"id": "lab2", "capacity": 20}, {"id": "lab", "capacity": 20}],
            cohorts=[{"id": "c0", "size": 10}],
            requests=[{"id": "q0", "cohort": "c0", "sessions": sessions, **only}],
        )

    changed = term(4)  # published in 'lab', the second of two labs it may now use
    published, answer = _cpsat_resolve(term(2, resources=["lab"]), changed, dt.date(2026, 9, 9))
    (lab,) = {s.parts[0].resource for s in published.sessions}
    kept = {(s.week, s.day, s.slot) for s in published.sessions}
    sessions = [
        s
        if (s.week, s.day, s.slot) in kept
        else s.model_copy(update={"parts": [s.parts[0].model_copy(update={"resource": lab})]})
        for s in answer.sessions
    ]
    same_lab = answer.model_copy(update={"sessions": sessions})
    value = evaluate(changed, same_lab).objective
    claims = {"objective": value, "bound": None, "gap": None, "status": "feasible"}
    report = check_schedule(changed, same_lab.model_copy(update=claims))
    assert report.ok, [str(v) for v in report.violations]
    assert answer.bound is not None and answer.objective is not None
    assert answer.bound >= value >= answer.objective
    assert answer.status.value != "optimal" or answer.bound == answer.objective


def test_a_weekly_run_that_keeps_nothing_gets_the_terms_reason() -> None:
    """The cohort outgrew every lab, so nothing of its run stands: the reason is the
    term's (no_resource), not "kept as published because its run is under way"."""

    def term(size: int) -> Scenario:
        return scenario_doc(
            weeks=3,
            slots=2,
            resources=[{"id": "lab", "capacity": 20}],
            cohorts=[{"id": "c", "size": size}],
            requests=[{"id": "q0", "cohort": "c", "sessions": 3, "pattern": "weekly"}],
        )

    published, answer = _cpsat_resolve(term(15), term(25), dt.date(2026, 9, 15))
    assert [s.week for s in published.sessions] == [1, 2, 3]
    (entry,) = answer.unmet
    assert (entry.reason.value, entry.missing) == ("no_resource", 3)
    assert "under way" not in entry.message


def test_a_run_numbered_out_of_time_order_is_kept_whole() -> None:
    # a re-solve that continued a weekly run past a closed Monday gave the new session a
    # number left free (#4 in week 7, before #5 in week 5); the next re-solve read the run
    # in number order, found week 3 -> week 7 broken and dropped #4 (a term simulation)
    scenario = scenario_doc(
        weeks=8,
        days=5,
        slots=1,
        closed=((4, 1),),
        resources=[{"id": "lab1"}],
        cohorts=[{"id": "c1"}],
        requests=[{"id": "W", "cohort": "c1", "sessions": 6, "pattern": "weekly"}],
    )
    problem = compile_scenario(scenario)
    spw = problem.calendar.slots_per_week

    def monday(week: int, number: int) -> SessionAssignment:
        return SessionAssignment(0, number, (week - 1) * spw, (PartAssignment(0, 20),))

    weeks = {1: 1, 2: 2, 3: 3, 4: 7, 5: 5, 6: 6}  # number -> week
    reference = Solution(
        status="feasible", sessions=[monday(w, n) for n, w in sorted(weeks.items())]
    )
    _check(scenario, problem, reference)
    got = _kept_answer(problem, reference, day=8 * 5)  # the whole term has taken place
    assert sorted((s.index, s.start // spw + 1) for s in got.sessions) == sorted(weeks.items())
    assert got.metrics["kept_dropped"] == 0
    _check(scenario, problem, got)


def test_a_grown_cohort_that_overfills_a_shared_room_loses_its_own_sessions() -> None:
    # two classes of 20 in a 40-seat shareable hall; a's class is now 24: the kept
    # bookings cannot all stand, and b's (unchanged) were the ones dropped (a term
    # simulation through the API, which now refuses such a change; offline it remains)
    def term(a_size: int) -> Scenario:
        return scenario_doc(
            weeks=2,
            days=5,
            slots=1,
            resources=[{"id": "hall", "capacity": 40, "shareable": True}],
            cohorts=[{"id": "a", "size": a_size}, {"id": "b"}],
            requests=[
                {"id": "ra", "cohort": "a", "window": [{"weeks": [1, 1], "days": [1]}]},
                {"id": "rb", "cohort": "b", "window": [{"weeks": [1, 1], "days": [1]}]},
            ],
        )

    published = compile_scenario(term(20))
    reference = Solution(
        status="feasible",
        sessions=[SessionAssignment(r, 1, 0, (PartAssignment(0, 20),)) for r in range(2)],
    )
    _check(term(20), published, reference)
    grown = compile_scenario(term(24))
    got = _kept_answer(grown, reference, day=5)  # week 2: week 1 took place
    assert [(s.request, s.parts[0].headcount) for s in got.sessions] == [(1, 20)]
    assert got.metrics["kept_dropped"] == 1
    _check(term(24), grown, got)


def test_a_request_kept_for_the_one_after_it_names_that_one_by_title() -> None:
    """'free' cannot grow once 'later', which comes after it, has begun: the sentence
    names 'later' as the college knows it, with its id."""
    scenario = _term()
    titled = scenario.model_copy(
        update={
            "requests": [
                r.model_copy(update={"title": "CNC practice"}) if r.id == "later" else r
                for r in scenario.requests
            ]
        }
    )
    problem = compile_scenario(titled)
    reference = solve_greedy(problem, explain=False)
    (later,) = [s.start // 2 for s in reference.sessions if s.request == 2]
    grown = _grown(titled, free=3)
    problem = compile_scenario(grown)
    got = _kept_answer(problem, reference, later + 1)
    _check(grown, problem, got)
    [free] = [u for u in got.unmet if u.request == 1]
    assert free.reason == "precedence"
    assert free.message.startswith(
        "it is kept as published because “CNC practice” (later), which comes after it, is under way"
    )
    assert free.messages["zh"].startswith(
        "本需求按已发布的安排保留，因为排在它之后的“CNC practice”（later）已经开始"
    )
