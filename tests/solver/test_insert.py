"""Mid-term insertion: nothing published moves, the result passes the checker."""

from __future__ import annotations

from functools import partial
from typing import Any, cast

from hypothesis import given, settings

from scheduler.build import build_schedule
from scheduler.checker import check_schedule
from scheduler.compile import compile_scenario
from scheduler.models import Request, Scenario, Schedule
from scheduler.solving.extra import (
    compiled_variant,
    insert_into_schedule,
    solution_from_schedule,
)
from solver.greedy import solve_greedy
from solver.insert import insert_request
from tests.solver.zh_check import assert_same_facts
from tests.strategies import RANDOM_TERMS, scenario_doc, scenarios


def with_extra(scenario: Scenario, extra: dict) -> Scenario:
    if extra.get("kind", "sessions") == "sessions":
        extra = {"sessions": 1, **extra}
    return scenario.model_copy(
        update={"requests": [*scenario.requests, Request.model_validate(extra)]}
    )


def publish(scenario: Scenario) -> Schedule:
    """Greedy's schedule of ``scenario``: a published term to ask more of."""
    problem = compile_scenario(scenario)
    return build_schedule(problem, solve_greedy(problem))


def keys(schedule: Schedule | None) -> set[str]:
    assert schedule is not None
    return {s.model_dump_json() for s in schedule.sessions} | {
        p.model_dump_json() for p in schedule.placements
    }


def check(scenario: Scenario, schedule: Schedule | None) -> None:
    """A schedule (not ``None``) that the independent checker passes."""
    assert schedule is not None
    report = check_schedule(scenario, schedule)
    assert report.ok, [str(v) for v in report.violations]


def test_grants_in_full_around_the_published_schedule(tiny: Scenario) -> None:
    published = publish(tiny)
    sc = with_extra(tiny, {"id": "more", "cohort": "b-weld-1", "sessions": 2, "needs": ["cnc"]})
    answer = insert_into_schedule(sc, published, len(sc.requests) - 1)
    assert answer.outcome == "granted"
    assert len(answer.sessions) == 2 and answer.unmet is None and answer.suggestions == []
    assert keys(published) <= keys(answer.schedule)  # nothing published moved
    assert answer.schedule is not None
    assert len(answer.schedule.sessions) == len(published.sessions) + 2
    check(sc, answer.schedule)


def test_partial_grant_gives_reason_and_other_weeks(tiny: Scenario) -> None:
    """The offer names the lab as the college knows it, with its id."""
    published = publish(tiny)
    extra = {
        "id": "more",
        "cohort": "b-weld-1",
        "sessions": 7,
        "duration": 2,
        "needs": ["cnc"],
        "window": [{"weeks": [1, 1]}],
    }
    sc = with_extra(tiny, extra)
    answer = insert_into_schedule(sc, published, len(sc.requests) - 1)
    assert answer.outcome == "partial" and answer.schedule is not None
    assert keys(published) <= keys(answer.schedule)
    check(sc, answer.schedule)
    assert answer.unmet is not None and answer.unmet.missing == 7 - len(answer.sessions)
    assert answer.unmet.reason == "conflict"
    (weeks,) = [s for s in answer.suggestions if s["kind"] == "weeks"]
    booked = cast(list[dict[str, Any]], weeks["sessions"])
    assert weeks["gain"] == len(booked) > 0
    assert {s["week"] for s in booked} == {2}
    message, messages = str(weeks["message"]), cast(dict[str, str], weeks["messages"])
    assert "outside the requested window" in message
    assert "in “CNC lab” (cnc-lab), week 2" in message
    assert messages["zh"].startswith(
        "放宽到申请的时间窗口之外：在“CNC lab”（cnc-lab）的第 2 周可再安排"
    )
    assert answer.unmet.messages is not None
    assert_same_facts(answer.unmet.message, answer.unmet.messages["zh"])


def test_suggests_another_resource_with_the_same_features() -> None:
    sc = scenario_doc(
        days=1,
        slots=2,
        resources=[{"id": "lab-1", "features": ["cnc"]}, {"id": "lab-2", "features": ["cnc"]}],
        cohorts=[{"id": "a"}, {"id": "b"}],
        requests=[{"id": "busy", "cohort": "a", "sessions": 2, "resources": ["lab-1"]}],
    )
    published = publish(sc)
    sc2 = with_extra(sc, {"id": "x", "cohort": "b", "needs": ["cnc"], "resources": ["lab-1"]})
    problem = compile_scenario(sc2)
    variants = partial(compiled_variant, sc2, problem)
    result = insert_request(
        problem, solution_from_schedule(problem, published), 1, variants=variants
    )
    assert result.outcome == "rejected" and result.missing == 1
    assert result.unmet is not None and result.unmet.reason == "capacity"
    (alt,) = result.suggestions
    assert alt.kind == "resources" and alt.gain == 1
    assert [p.resource for p in alt.sessions[0].parts] == [1]
    assert "'lab-2'" in alt.message
    assert alt.messages == {"zh": "换用具备相同特征的其他资源：在“lab-2”的第 1 周可再安排 1 次课"}
    # the suggestion was only a trial: the answer holds the published sessions alone
    assert result.solution.sessions == solution_from_schedule(problem, published).sessions
    check(sc2, build_schedule(problem, result.solution))


def test_no_scenario_means_only_week_suggestions() -> None:
    sc = scenario_doc(
        weeks=2,
        days=1,
        slots=1,
        resources=[{"id": "lab-1"}, {"id": "lab-2"}],
        cohorts=[{"id": "a"}],
        requests=[{"id": "r", "cohort": "a", "resources": ["lab-1"]}],
    )
    published = publish(sc)
    sc2 = with_extra(
        sc, {"id": "x", "cohort": "a", "resources": ["lab-2"], "window": [{"weeks": [1, 1]}]}
    )
    problem = compile_scenario(sc2)
    result = insert_request(problem, solution_from_schedule(problem, published), 1)
    assert [s.kind for s in result.suggestions] == ["weeks"]
    check(sc2, build_schedule(problem, result.solution))


def test_extra_internship() -> None:
    sc = scenario_doc(
        weeks=2,
        resources=[{"id": "lab"}, {"id": "post", "kind": "internship_post", "capacity": 20}],
        cohorts=[{"id": "a"}, {"id": "b"}],
        requests=[{"id": "ia", "cohort": "a", "kind": "internship", "weeks": 1}],
    )
    published = publish(sc)
    sc2 = with_extra(sc, {"id": "ib", "cohort": "b", "kind": "internship", "weeks": 1})
    answer = insert_into_schedule(sc2, published, 1)
    assert answer.outcome == "granted"
    assert [(p.resource, p.first_week) for p in answer.placements] == [("post", 2)]
    assert keys(published) <= keys(answer.schedule)
    check(sc2, answer.schedule)


def test_insert_continues_a_partly_granted_weekly_request() -> None:
    sc = scenario_doc(
        weeks=4,
        days=1,
        slots=1,
        resources=[{"id": "lab"}],
        cohorts=[{"id": "a"}],
        requests=[{"id": "w", "cohort": "a", "sessions": 2, "pattern": "weekly"}],
    )
    problem = compile_scenario(sc)
    published = solve_greedy(problem)
    # the request now asks for 4: the chain grows at its end, nothing moves
    sc2 = sc.model_copy(update={"requests": [sc.requests[0].model_copy(update={"sessions": 4})]})
    problem2 = compile_scenario(sc2)
    result = insert_request(problem2, published, 0)
    assert result.outcome == "granted"
    assert [s.index for s in result.sessions] == [3, 4]
    schedule = build_schedule(problem2, result.solution)
    assert [s.week for s in schedule.sessions] == [1, 2, 3, 4]
    check(sc2, schedule)


def test_solution_round_trips_through_the_document(tiny: Scenario) -> None:
    problem = compile_scenario(tiny)
    schedule = build_schedule(problem, solve_greedy(problem))
    again = build_schedule(problem, solution_from_schedule(problem, schedule))
    assert again == schedule


@settings(RANDOM_TERMS, max_examples=30)
@given(scenarios())
def test_inserting_the_last_request_never_moves_the_rest(scenario: Scenario) -> None:
    # Publish everything but the last request, then ask for it mid-term.
    head = scenario.model_copy(update={"requests": scenario.requests[:-1]})
    published = publish(head)
    answer = insert_into_schedule(scenario, published, len(scenario.requests) - 1)
    assert keys(published) <= keys(answer.schedule)
    check(scenario, answer.schedule)
    assert answer.outcome in ("granted", "partial", "rejected")
    assert (answer.unmet is None) == (answer.outcome == "granted")


def test_a_required_request_that_fits_only_in_part_is_not_granted_at_all() -> None:
    from tests.solver.cpsat.helpers import scenario, sessions_req

    # one cohort, six slots: four are published, the required extra wants three
    sc = scenario(requests=[sessions_req("held", 4), sessions_req("extra", 3, required=True)])
    problem = compile_scenario(sc)
    head = compile_scenario(sc.model_copy(update={"requests": sc.requests[:1]}))
    published = solve_greedy(head)
    assert len(published.sessions) == 4
    result = insert_request(problem, published, 1)
    assert result.outcome == "rejected" and result.missing == 3
    assert result.solution.status == "infeasible"
    assert [s for s in result.solution.sessions if s.request == 1] == []
    assert result.unmet is not None and result.unmet.missing == 3
    check(sc, build_schedule(problem, result.solution))  # infeasible, with its conflict


def test_a_required_request_left_short_says_why_in_words_not_in_codes() -> None:
    """The conflict of a required extra request quoted its reason code in both languages
    ("必需需求'extra'无法……完整安排（conflict：……）"): the code is the unmet entry's."""
    from scheduler.models import UnmetReason
    from tests.solver.cpsat.helpers import scenario, sessions_req

    sc = scenario(requests=[sessions_req("held", 4), sessions_req("extra", 3, required=True)])
    problem = compile_scenario(sc)
    published = solve_greedy(compile_scenario(sc.model_copy(update={"requests": sc.requests[:1]})))
    result = insert_request(problem, published, 1)
    check(sc, build_schedule(problem, result.solution))
    assert result.unmet is not None and result.unmet.reason == "conflict"
    ((items, en, others),) = result.solution.conflicts
    assert items == ["requests[1]"]
    assert en.endswith(result.unmet.message) and others["zh"].endswith(result.unmet.messages["zh"])
    for code in UnmetReason:
        assert f"({code.value}:" not in en and f"{code.value}：" not in others["zh"]
    assert_same_facts(en, others["zh"])


def _required_extra(free_slots_in_week_2: int) -> tuple[Scenario, Schedule]:
    """Week 1 holds one free slot; week 2 ``free_slots_in_week_2``; the extra wants 3."""
    held = [{"id": "w1", "cohort": "a", "sessions": 2, "window": [{"weeks": [1, 1]}]}]
    if free_slots_in_week_2 < 3:
        busy = 3 - free_slots_in_week_2
        held.append({"id": "w2", "cohort": "a", "sessions": busy, "window": [{"weeks": [2, 2]}]})
    sc = scenario_doc(
        weeks=2, days=1, slots=3, resources=[{"id": "lab"}], cohorts=[{"id": "a"}], requests=held
    )
    published = publish(sc)
    assert len(published.sessions) == 5 - free_slots_in_week_2
    extra = {"id": "x", "cohort": "a", "sessions": 3, "required": True}
    return with_extra(sc, {**extra, "window": [{"weeks": [1, 1]}]}), published


def test_a_rejected_required_request_is_offered_only_weeks_that_hold_all_of_it() -> None:
    sc, published = _required_extra(free_slots_in_week_2=3)
    answer = insert_into_schedule(sc, published, len(sc.requests) - 1)
    assert answer.outcome == "rejected"
    (weeks,) = answer.suggestions
    assert weeks["kind"] == "weeks" and weeks["gain"] == 3 == len(weeks["sessions"])
    assert 2 in {s["week"] for s in weeks["sessions"]}
    assert keys(published) <= keys(answer.schedule)
    check(sc, answer.schedule)


def test_no_offer_for_a_required_request_when_no_relaxation_holds_all_of_it() -> None:
    sc, published = _required_extra(free_slots_in_week_2=1)
    answer = insert_into_schedule(sc, published, len(sc.requests) - 1)
    assert answer.outcome == "rejected" and answer.suggestions == []
    check(sc, answer.schedule)
    # the same request, not required, is offered what fits
    optional = sc.model_copy(
        update={
            "requests": [*sc.requests[:-1], sc.requests[-1].model_copy(update={"required": False})]
        }
    )
    answer = insert_into_schedule(optional, published, len(sc.requests) - 1)
    assert answer.outcome == "partial" and [s["gain"] for s in answer.suggestions] == [1]
    check(optional, answer.schedule)


def test_an_extra_request_is_booked_where_its_soft_wishes_hold_first() -> None:
    """Slot 1 preferred and two days wished: greedy's earliest fit took Monday slots 1
    and 2 (a college-user audit); the wishes order the search, and what they cannot
    hold still lands where the rules allow."""
    sc = scenario_doc(
        weeks=1,
        days=3,
        slots=2,
        resources=[{"id": "lab"}],
        cohorts=[{"id": "a"}, {"id": "b"}],
        requests=[{"id": "r", "cohort": "b", "window": [{"days": [3]}]}],
    )
    published = publish(sc)
    wish = {"windows": [{"slots": [1]}]}
    extra = {"id": "x", "cohort": "a", "sessions": 2, "min_days": 2, "prefer": wish}
    sc2 = with_extra(sc, extra)
    problem = compile_scenario(sc2)
    result = insert_request(problem, solution_from_schedule(problem, published), 1)
    assert result.outcome == "granted"
    cal = problem.calendar
    assert sorted(
        (s.start // cal.slots_per_day, s.start % cal.slots_per_day) for s in result.sessions
    ) == [(0, 0), (1, 0)]
    check(sc2, build_schedule(problem, result.solution))
    # five asked: the rest where the rules allow, which the wishes cannot hold
    more = with_extra(sc, {**extra, "sessions": 5})
    problem = compile_scenario(more)
    result = insert_request(problem, solution_from_schedule(problem, published), 1)
    assert len(result.sessions) == 5 and result.outcome == "granted"
    check(more, build_schedule(problem, result.solution))
