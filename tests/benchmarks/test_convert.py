"""ITC-2007 -> trainshare: the scenario expresses UD2, schedules map to .sol and back."""

from __future__ import annotations

import pytest

from benchmarks.itc2007.convert import (
    UD2_WEIGHTS,
    ConversionError,
    instance_to_scenario,
    schedule_to_solution,
    solution_to_schedule,
)
from benchmarks.itc2007.cost import Assignment, format_solution, load_solution, parse_solution
from benchmarks.itc2007.ectt import load_instance, parse_instance
from scheduler.checker import check_schedule
from scheduler.compile import compile_scenario
from scheduler.evaluate import evaluate
from scheduler.models import Status
from solver.cpsat.model import CpSatModel
from tests.benchmarks.conftest import (
    ALL_INSTANCES,
    FIXTURE_COSTS,
    instance_path,
    solution_path,
)


def _key(a: Assignment) -> tuple[str, int, int, str]:
    return (a.course, a.day, a.period, a.room)


def test_toy_scenario_shape() -> None:
    conv = instance_to_scenario(load_instance(instance_path("toy")))
    sc = conv.scenario
    assert conv.exact
    assert (sc.calendar.weeks, sc.calendar.days_per_week, sc.calendar.slots_per_day) == (1, 5, 4)
    assert sc.weights == UD2_WEIGHTS
    assert [c.id for c in sc.cohorts] == ["Cur1", "Cur2"]
    assert [r.id for r in sc.resources] == ["rA", "rB", "rC"]
    assert all(not r.shareable for r in sc.resources)
    # any course fits any room: RoomCapacity is a cost, never a block
    assert all(r.capacity + r.overflow >= 42 for r in sc.resources)
    tec = next(r for r in sc.requests if r.id == "TecCos")
    assert tec.cohorts == ["Cur1", "Cur2"] and tec.headcount == 40
    assert (tec.sessions, tec.duration, tec.min_days, tec.required) == (5, 1, 4, True)
    assert tec.instructors == ["Rosa"]
    # TecCos is unavailable on day 2 periods 0-1 and day 3 periods 2-3 (0-based)
    allowed = {(d, s) for w in tec.window or [] for d in w.days or [] for s in w.slots or []}
    assert (3, 1) not in allowed and (3, 3) in allowed and (4, 3) not in allowed
    assert len(allowed) == 5 * 4 - 4
    geo = next(r for r in sc.requests if r.id == "Geotec")
    assert geo.cohort == "Cur2" and geo.window is None


@pytest.mark.parametrize("name", ALL_INSTANCES)
def test_solution_round_trip(name: str) -> None:
    inst = load_instance(instance_path(name))
    sol = load_solution(solution_path(name))
    conv = instance_to_scenario(inst)
    schedule = solution_to_schedule(conv, sol)
    assert schedule.status is Status.FEASIBLE
    assert len(schedule.sessions) == inst.lectures
    assert sorted(map(_key, schedule_to_solution(schedule))) == sorted(map(_key, sol))


def test_sol_export_format() -> None:
    conv = instance_to_scenario(load_instance(instance_path("toy")))
    schedule = solution_to_schedule(conv, load_solution(solution_path("toy")))
    text = format_solution(schedule_to_solution(schedule))
    lines = text.splitlines()
    assert len(lines) == 16 and text.endswith("\n")
    for line in lines:
        course, room, day, period = line.split(" ")
        assert course in {"SceCosC", "ArcTec", "TecCos", "Geotec"}
        assert room in {"rA", "rB", "rC"}
        assert 0 <= int(day) < 5 and 0 <= int(period) < 4
    # sorted by day, period: stable files
    keys = [(int(ln.split()[2]), int(ln.split()[3])) for ln in lines]
    assert keys == sorted(keys)
    assert parse_solution(text) == schedule_to_solution(schedule)


def test_incomplete_solution_lists_unmet() -> None:
    conv = instance_to_scenario(load_instance(instance_path("toy")))
    sol = [a for a in load_solution(solution_path("toy")) if a.course != "Geotec"]
    schedule = solution_to_schedule(conv, sol)
    assert schedule.status is Status.UNKNOWN
    assert [(u.request, u.missing) for u in schedule.unmet] == [("Geotec", 5)]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (Assignment("Nope", "rA", 0, 0), "unknown course"),
        (Assignment("Geotec", "rZ", 0, 0), "unknown room"),
        (Assignment("Geotec", "rA", 5, 0), "outside the instance"),
    ],
)
def test_bad_solution_entries_are_errors(bad: Assignment, message: str) -> None:
    conv = instance_to_scenario(load_instance(instance_path("toy")))
    with pytest.raises(ConversionError, match=message):
        solution_to_schedule(conv, [bad])


def test_repeated_period_is_an_error() -> None:
    conv = instance_to_scenario(load_instance(instance_path("toy")))
    a = Assignment("Geotec", "rA", 0, 0)
    with pytest.raises(ConversionError, match="already has a lecture"):
        solution_to_schedule(conv, [a, Assignment("Geotec", "rB", 0, 0)])


CORNER = """Name: Corner
Courses: 3
Rooms: 2
Days: 2
Periods_per_day: 2
Curricula: 1
Constraints: 0

COURSES:
a t1 1 1 0
b t1 1 1 7
c t2 1 1 3

ROOMS:
empty 0
r 5

CURRICULA:
q 1 a

UNAVAILABILITY_CONSTRAINTS:

END.
"""


def test_corner_cases_stay_exact_or_say_so() -> None:
    conv = instance_to_scenario(parse_instance(CORNER))
    # a room of size 0: shift capacities and headcounts by one, overflow is unchanged
    caps = {r.id: r.capacity for r in conv.scenario.resources}
    assert caps == {"empty": 1, "r": 6}
    assert conv.headcount == {"a": 1, "b": 8, "c": 4}
    # b and c are in no curriculum: own cohorts, and the mapping admits it is not exact
    assert not conv.exact
    assert {c.id for c in conv.scenario.cohorts} == {"q", "b-alone", "c-alone"}


def test_too_many_days_is_a_clear_error() -> None:
    with pytest.raises(ConversionError, match="8 days do not fit a week"):
        instance_to_scenario(parse_instance(CORNER.replace("Days: 2", "Days: 8")))


def test_a_number_the_scenario_format_cannot_take_is_a_clear_error() -> None:
    # 200,000 students: an ECTT number, but beyond a cohort's 100,000 people
    text = CORNER.replace("b t1 1 1 7", "b t1 1 1 200000")
    with pytest.raises(
        ConversionError, match="course 'b' has 200,000 students; a trainshare scenario takes at"
    ):
        instance_to_scenario(parse_instance(text))


def test_more_periods_a_day_than_slots_is_named_at_its_header_line() -> None:
    text = CORNER.replace("Periods_per_day: 2", "Periods_per_day: 49", 1)
    with pytest.raises(ConversionError, match=r"^c.ectt:\d+: 49 periods per day; a trainshare"):
        instance_to_scenario(parse_instance(text, source="c.ectt"))


@pytest.mark.parametrize(("name", "cost"), sorted(FIXTURE_COSTS.items()))
def test_objective_is_1000_lectures_minus_ud2_cost(name: str, cost: int) -> None:
    """The general format expresses UD2: the independent evaluator gives the same number."""
    inst = load_instance(instance_path(name))
    conv = instance_to_scenario(inst)
    schedule = solution_to_schedule(conv, load_solution(solution_path(name)))
    evaluation = evaluate(conv.scenario, schedule)
    assert evaluation.objective == 1000 * inst.lectures - cost
    assert conv.ud2_cost_of(evaluation.objective) == cost


@pytest.mark.parametrize("name", ALL_INSTANCES)
def test_checker_accepts_fixture_schedules(name: str) -> None:
    """Every hard rule holds on the UD2-feasible fixture timetables, and the score agrees."""
    conv = instance_to_scenario(load_instance(instance_path(name)))
    schedule = solution_to_schedule(conv, load_solution(solution_path(name)))
    report = check_schedule(conv.scenario, schedule)
    assert report.ok, [f"[{v.rule}] {v.path}: {v.message}" for v in report.violations[:3]]
    assert report.evaluation.objective == 1000 * conv.lectures - FIXTURE_COSTS[name]


def test_checker_catches_a_curriculum_clash() -> None:
    """Moving a lecture onto a same-curriculum lecture breaks the cohort rule."""
    conv = instance_to_scenario(load_instance(instance_path("toy")))
    sol = load_solution(solution_path("toy"))
    tec = next(a for a in sol if a.course == "TecCos")
    geo = next(a for a in sol if a.course == "Geotec")  # both in Cur2
    moved = [Assignment(a.course, a.room, tec.day, tec.period) if a == geo else a for a in sol]
    report = check_schedule(conv.scenario, solution_to_schedule(conv, moved))
    assert any(v.rule == "cohort" for v in report.violations)


@pytest.mark.parametrize("name", ["toy", "comp01"])
def test_every_course_is_time_indexed_in_the_cpsat_model(name: str) -> None:
    """Courses map to free, unordered requests: the model is the course-and-period one."""
    problem = compile_scenario(instance_to_scenario(load_instance(instance_path(name))).scenario)
    cm = CpSatModel(problem)
    assert cm.vars.indexed == set(range(len(problem.requests)))
