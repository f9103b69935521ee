"""A published term held compiled answers extra requests exactly like the uncached path.

The reference is :func:`scheduler.solving.extra.insert_into_schedule` on the documents the API
keeps (the version plus each kept amendment appended); the cached
:class:`scheduler.solving.published.PublishedTerm` must give the same answer to every request of
a sequence, and its state after each grant must equal one rebuilt from the documents.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

import numpy as np
import pytest
from hypothesis import given, settings

from scheduler.build import build_schedule
from scheduler.compile import compile_scenario
from scheduler.generator import generate
from scheduler.models import Request, Scenario, Schedule, Status
from scheduler.problem import Problem
from scheduler.solving.extra import InsertAnswer, insert_into_schedule
from scheduler.solving.published import PublishedTerm
from solver.greedy import solve_greedy
from solver.occupancy import Occupancy
from tests.solver.test_insert import check, publish
from tests.strategies import RANDOM_TERMS, scenarios

TINY = Path(__file__).resolve().parents[2] / "scenarios" / "tiny.json"


def kept(schedule: Schedule, answer: InsertAnswer) -> Schedule:
    """``schedule`` with an answer kept as an amendment (what the API's reload gives, but
    for the figures it restates from the documents: none here, as the cache keeps)."""
    status = Status.FEASIBLE if schedule.status is Status.OPTIMAL else schedule.status
    return schedule.model_copy(
        update={
            "status": status,
            "objective": None,
            "bound": None,
            "gap": None,
            "sessions": [*schedule.sessions, *answer.sessions],
            "placements": [*schedule.placements, *answer.placements],
            "unmet": [
                *schedule.unmet,
                *([answer.unmet] if answer.outcome == "partial" and answer.unmet else []),
            ],
        }
    )


def same_answer(a: InsertAnswer, b: InsertAnswer) -> bool:
    return (a.outcome, a.sessions, a.placements, a.unmet, a.suggestions) == (
        b.outcome,
        b.sessions,
        b.placements,
        b.unmet,
        b.suggestions,
    )


def assert_same_value(a: Any, b: Any, where: str) -> None:
    if isinstance(a, np.ndarray):
        assert isinstance(b, np.ndarray) and a.dtype == b.dtype, where
        assert np.array_equal(a, b), where
    elif isinstance(a, tuple | list) and not hasattr(a, "__dataclass_fields__"):
        assert type(a) is type(b) and len(a) == len(b), where
        for n, (x, y) in enumerate(zip(a, b, strict=True)):
            assert_same_value(x, y, f"{where}[{n}]")
    elif hasattr(a, "__dataclass_fields__"):
        assert type(a) is type(b), where
        for name in a.__dataclass_fields__:
            assert_same_value(getattr(a, name), getattr(b, name), f"{where}.{name}")
    else:
        assert a == b, where


def assert_same_problem(a: Problem, b: Problem) -> None:
    assert_same_value(a, b, "problem")


def assert_same_occupancy(a: Occupancy, b: Occupancy) -> None:
    assert a.__dict__.keys() == b.__dict__.keys()
    for name, value in a.__dict__.items():
        if name in ("problem", "cal"):
            continue  # compared through the problem
        other = b.__dict__[name]
        if isinstance(value, np.ndarray):
            assert value.dtype == other.dtype and np.array_equal(value, other), name
        else:
            assert value == other, name


def assert_same_term(cached: PublishedTerm, fresh: PublishedTerm) -> None:
    assert cached.scenario == fresh.scenario
    assert_same_problem(cached.problem, fresh.problem)
    assert cached.solution == fresh.solution
    assert_same_occupancy(cached.occupancy, fresh.occupancy)


def ask_in_turn(
    scenario: Scenario, schedule: Schedule, extras: list[Request]
) -> tuple[list[str], PublishedTerm, Scenario, Schedule]:
    """Each extra request answered both ways, each answer kept; the states at the end."""
    term = PublishedTerm.build(scenario, schedule)
    outcomes = []
    for extra in extras:
        known = {r.id for r in scenario.requests}  # a refused request was not kept
        extra = extra.model_copy(update={"after": [a for a in extra.after if a in known]})
        asked = scenario.model_copy(update={"requests": [*scenario.requests, extra]})
        reference = insert_into_schedule(asked, schedule, len(asked.requests) - 1)
        answered = term.answer(extra)
        assert same_answer(answered.answer, reference), extra.id
        assert answered.answer.schedule is None
        outcomes.append(reference.outcome)
        # answering left the cached state as it was
        assert_same_term(term, PublishedTerm.build(scenario, schedule))
        term = term.with_granted(answered)
        # the state holds exactly the published sessions and the granted ones, which
        # pass the checker together
        assert reference.schedule is not None
        check(asked, reference.schedule)
        grown = build_schedule(term.problem, term.solution)
        assert (grown.sessions, grown.placements) == (
            reference.schedule.sessions,
            reference.schedule.placements,
        )
        if reference.outcome != "rejected":
            scenario, schedule = asked, kept(schedule, reference)
    return outcomes, term, scenario, schedule


def copies(scenario: Scenario, count: int, **update: Any) -> list[Request]:
    """New requests shaped like the scenario's session requests (the API bench's shape)."""
    out = []
    sources = [r for r in scenario.requests if r.kind.value == "sessions"]
    for n in range(count):
        src = sources[(7 * n) % len(sources)]
        out.append(
            src.model_copy(
                update={
                    "id": f"extra-{n}",
                    "after": [],
                    "sessions": 1 + n % 3,
                    "required": False,
                    **update,
                }
            )
        )
    return out


@pytest.fixture(scope="module")
def small_term() -> tuple[Scenario, Schedule]:
    scenario = generate("S", 3)
    return scenario, publish(scenario)


def test_cached_answers_equal_uncached_ones_while_grants_accumulate(
    small_term: tuple[Scenario, Schedule],
) -> None:
    scenario, schedule = small_term
    extras = copies(scenario, 10)
    # an internship and a request ordered after a published one
    intern = next(r for r in scenario.requests if r.kind.value == "internship")
    extras.append(intern.model_copy(update={"id": "extra-intern"}))
    target = next(r for r in scenario.requests if r.kind.value == "sessions")
    extras.append(extras[0].model_copy(update={"id": "extra-after", "after": [target.id]}))
    outcomes, term, final_scenario, final_schedule = ask_in_turn(scenario, schedule, extras)
    assert "granted" in outcomes and len(set(outcomes)) >= 2  # grants and refusals both seen
    # the state grown grant by grant equals one built from the kept documents
    assert_same_term(term, PublishedTerm.build(final_scenario, final_schedule))
    # granted sessions pass the checker together with the published ones
    check(term.scenario, build_schedule(term.problem, term.solution))
    check(final_scenario, final_schedule)


def test_a_rejected_request_leaves_the_term_as_it_was(tiny: Scenario) -> None:
    schedule = publish(tiny)
    term = PublishedTerm.build(tiny, schedule)
    hopeless = Request.model_validate(
        {"id": "x", "cohort": "b-weld-1", "sessions": 1, "needs": ["no-such-feature"]}
    )
    answered = term.answer(hopeless)
    assert answered.answer.outcome == "rejected"
    assert term.with_granted(answered) is term
    # and the cached occupancy was not touched by the answer
    assert_same_occupancy(term.occupancy, PublishedTerm.build(tiny, schedule).occupancy)


def test_a_new_state_is_a_new_object_and_the_old_one_stays(tiny: Scenario) -> None:
    schedule = publish(tiny)
    term = PublishedTerm.build(tiny, schedule)
    extra = Request.model_validate(
        {"id": "more", "cohort": "b-weld-1", "sessions": 2, "needs": ["cnc"]}
    )
    answered = term.answer(extra)
    assert answered.answer.outcome == "granted"
    after = term.with_granted(answered)
    assert len(after.solution.sessions) == len(term.solution.sessions) + 2
    assert len(after.problem.requests) == len(term.problem.requests) + 1
    assert_same_term(term, PublishedTerm.build(tiny, schedule))
    # asking again on the old state gives the same answer (it was not changed)
    assert same_answer(term.answer(extra).answer, answered.answer)
    check(after.scenario, build_schedule(after.problem, after.solution))


def test_extended_refuses_a_problem_that_does_not_extend_its_own(tiny: Scenario) -> None:
    problem = compile_scenario(tiny)
    occ = Occupancy.from_solution(problem, solve_greedy(problem))
    with pytest.raises(ValueError, match="extend"):
        occ.extended(compile_scenario(tiny))


def test_a_costly_extra_request_raises_the_resolved_demand_as_a_fresh_compile_does(
    tiny: Scenario,
) -> None:
    """A preference of weight 100 (x 20) makes one session cost 2,000 per unit: on top
    of the fairness term's 20,000, the term's resolved ``demand`` rises from 21,000 to
    23,000 once the request joins it, cached or not."""
    assert tiny.weights.demand is None
    schedule = publish(tiny)
    extra = Request.model_validate(
        {
            "id": "picky",
            "cohort": "b-weld-1",
            "sessions": 1,
            "needs": ["cnc"],
            "prefer": {"windows": [{"slots": [1]}], "weight": 100},
        }
    )
    _, term, final_scenario, final_schedule = ask_in_turn(tiny, schedule, [extra])
    assert term.problem.weights["demand"] == 23000
    assert compile_scenario(tiny).weights["demand"] == 21000
    assert_same_term(term, PublishedTerm.build(final_scenario, final_schedule))


@settings(RANDOM_TERMS, max_examples=25)
@given(scenarios())
def test_random_terms_answer_the_same_cached_or_not(scenario: Scenario) -> None:
    # Publish all but the last two requests, then ask for them one after the other.
    cut = max(1, len(scenario.requests) - 2)
    head = scenario.model_copy(update={"requests": scenario.requests[:cut]})
    schedule = publish(head)
    _, term, final_scenario, final_schedule = ask_in_turn(
        head, schedule, list(scenario.requests[cut:])
    )
    assert_same_term(term, PublishedTerm.build(final_scenario, final_schedule))


def _empty_tiny() -> tuple[Scenario, Schedule]:
    """The tiny scenario without requests, published empty: every week is free."""
    data = json.loads(TINY.read_text(encoding="utf-8"))
    data["requests"] = []
    scenario = Scenario.model_validate(data)
    return scenario, publish(scenario)


def test_nothing_is_booked_or_offered_before_the_first_bookable_day() -> None:
    scenario, schedule = _empty_tiny()
    term = PublishedTerm.build(scenario, schedule)
    # week 1, Thursday (day 3, 0-based) on; 12 one-slot welding sessions fill week 1's
    # Thursday and Friday (8 slots) and leave 4 for the alternatives to place in week 2
    weld = Request.model_validate(
        {"id": "e", "cohort": "b-weld-1", "sessions": 12, "duration": 1,
         "needs": ["welding"], "window": [{"weeks": [1, 1]}]}
    )  # fmt: skip
    answered = term.answer(weld, from_day=3)
    sessions = answered.answer.sessions
    assert len(sessions) == 8 and all((s.week, s.day) >= (1, 4) for s in sessions)
    offered: list[dict[str, Any]] = [
        s for alt in answered.answer.suggestions for s in cast(list[Any], alt["sessions"])
    ]
    assert offered and all(s["week"] == 2 for s in offered)
    # without a first bookable day the same request takes week 1's first days
    early = term.answer(weld).answer.sessions
    assert len(early) == 12 and min((s.week, s.day) for s in early) == (1, 1)
    # the kept state books from any day again: its calendar is the term's
    after = term.with_granted(answered)
    assert after.problem.calendar is term.problem.calendar
    assert after.problem.calendar.open_day[:2].all()  # Monday, Tuesday (Wednesday is closed)


def test_an_internship_starts_in_the_first_week_that_begins_on_a_bookable_day() -> None:
    scenario, schedule = _empty_tiny()
    term = PublishedTerm.build(scenario, schedule)
    intern = Request.model_validate(
        {"id": "e", "cohort": "x-staff", "kind": "internship", "weeks": 1, "needs": ["cnc"]}
    )
    first_weeks = {
        day: [p.first_week for p in term.answer(intern, from_day=day).answer.placements]
        for day in (0, 1, 5, 6)
    }
    assert first_weeks == {0: [1], 1: [2], 5: [2], 6: []}


def test_an_internship_with_no_run_left_names_no_owner_windows_the_posts_lack() -> None:
    # from week 2's second day on no week begins: no run is left. Week 1, gone by, was
    # read as a week the posts' owners keep (tiny's post has no owner_windows).
    scenario, schedule = _empty_tiny()
    assert all(r.owner_windows is None for r in scenario.resources if r.id == "post-x")
    term = PublishedTerm.build(scenario, schedule)
    intern = Request.model_validate(
        {"id": "e", "cohort": "x-staff", "kind": "internship", "weeks": 1, "needs": ["cnc"]}
    )
    unmet = term.answer(intern, from_day=6).answer.unmet
    assert unmet is not None and unmet.reason == "window", unmet
    assert "owner_windows" not in unmet.message, unmet.message
    assert "owner_windows" not in (unmet.messages or {}).get("zh", ""), unmet.messages
