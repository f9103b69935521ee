"""UD2 cost: reproduce the official validator on every fixture solution, and each term."""

from __future__ import annotations

import pytest

from benchmarks.itc2007.cost import (
    Assignment,
    SolutionError,
    format_solution,
    load_solution,
    parse_solution,
    ud2_cost,
)
from benchmarks.itc2007.ectt import load_instance
from tests.benchmarks.conftest import FIXTURE_COSTS, instance_path, solution_path


@pytest.mark.parametrize(("name", "expected"), sorted(FIXTURE_COSTS.items()))
def test_fixture_cost_is_exact(name: str, expected: int) -> None:
    cost = ud2_cost(load_instance(instance_path(name)), load_solution(solution_path(name)))
    assert cost.hard == 0
    assert cost.soft == expected
    assert sum(cost.soft_terms().values()) == expected
    assert cost.warnings == ()


def test_comp01_breakdown() -> None:
    cost = ud2_cost(load_instance(instance_path("comp01")), load_solution(solution_path("comp01")))
    assert cost.soft_terms() == {
        "RoomCapacity": 4,
        "MinWorkingDays": 0,
        "IsolatedLectures": 0,
        "RoomStability": 1,
    }


@pytest.fixture
def toy():  # type: ignore[no-untyped-def]
    return load_instance(instance_path("toy"))


@pytest.fixture
def toy_sol() -> list[Assignment]:
    return load_solution(solution_path("toy"))


def _replace(sol: list[Assignment], i: int, **kw: object) -> list[Assignment]:
    a = sol[i]
    fields = {"course": a.course, "room": a.room, "day": a.day, "period": a.period} | kw
    return sol[:i] + [Assignment(**fields)] + sol[i + 1 :]  # type: ignore[arg-type]


def test_missing_lecture_is_a_lectures_violation(toy, toy_sol) -> None:  # type: ignore[no-untyped-def]
    assert ud2_cost(toy, toy_sol[1:]).lectures == 1


def test_two_lectures_in_one_room_and_period(toy, toy_sol) -> None:  # type: ignore[no-untyped-def]
    a, b = toy_sol[0], next(x for x in toy_sol if x.course != toy_sol[0].course)
    moved = [x if x != b else Assignment(b.course, a.room, a.day, a.period) for x in toy_sol]
    cost = ud2_cost(toy, moved)
    assert cost.room_occupancy == 1
    # SceCosC and the other course share Cur1 or not; conflicts follow the curricula
    shared = set(toy.curricula_of[a.course]) & set(toy.curricula_of[b.course])
    assert cost.conflicts == (
        1
        if shared or toy.course_by_name[a.course].teacher == toy.course_by_name[b.course].teacher
        else 0
    )


def test_unavailable_period_counts(toy, toy_sol) -> None:  # type: ignore[no-untyped-def]
    i = next(k for k, a in enumerate(toy_sol) if a.course == "ArcTec")
    cost = ud2_cost(toy, _replace(toy_sol, i, day=4, period=0))
    assert cost.availability == 1


def test_room_capacity_counts_students_over_size(toy) -> None:  # type: ignore[no-untyped-def]
    # ArcTec has 42 students; rA holds 32.
    cost = ud2_cost(toy, [Assignment("ArcTec", "rA", 0, 0)])
    assert cost.room_capacity == 10


def test_min_working_days_and_stability(toy) -> None:  # type: ignore[no-untyped-def]
    # SceCosC: 3 lectures, min 3 days; all on day 0 in two rooms -> 2 days missing, 1 extra room.
    # Courses with no lecture at all miss all their days (the validator counts them too).
    others = sum(c.min_working_days for c in toy.courses if c.name != "SceCosC")
    sol = [
        Assignment("SceCosC", "rA", 0, 0),
        Assignment("SceCosC", "rA", 0, 1),
        Assignment("SceCosC", "rB", 0, 2),
    ]
    cost = ud2_cost(toy, sol)
    assert cost.min_working_days == others + 2
    assert cost.room_stability == 1
    assert cost.isolated_lectures == 0  # consecutive lectures of Cur1
    assert cost.soft == (others + 2) * 5 + 1


def test_isolated_lectures_counted_per_curriculum(toy) -> None:  # type: ignore[no-untyped-def]
    # TecCos is in Cur1 and Cur2: alone on its day it is isolated in both.
    cost = ud2_cost(toy, [Assignment("TecCos", "rC", 1, 1)])
    assert cost.isolated_lectures == 2
    # With Geotec (Cur2) just after, Cur2 is compact but Cur1 still isolated.
    cost = ud2_cost(toy, [Assignment("TecCos", "rC", 1, 1), Assignment("Geotec", "rB", 1, 2)])
    assert cost.isolated_lectures == 1
    # Adjacent periods across a day boundary do not count.
    cost = ud2_cost(toy, [Assignment("Geotec", "rB", 0, 3), Assignment("TecCos", "rC", 1, 0)])
    assert cost.isolated_lectures == 3


def test_skipped_entries_warn_like_the_validator(toy) -> None:  # type: ignore[no-untyped-def]
    sol = [
        Assignment("Nope", "rA", 0, 0),
        Assignment("ArcTec", "rZ", 0, 0),
        Assignment("ArcTec", "rA", 9, 0),
        Assignment("ArcTec", "rA", 0, 0),
        Assignment("ArcTec", "rB", 0, 0),
    ]
    cost = ud2_cost(toy, sol)
    assert len(cost.warnings) == 4
    assert cost.lectures == sum(c.lectures for c in toy.courses) - 1
    # mostly unknown ids: one more line says what the skipped entries suggest
    other = [Assignment(f"c{k}", "rA", 0, k % 4) for k in range(3)] + sol[3:]
    (*_, summary) = ud2_cost(toy, other).warnings
    assert summary.startswith("3 of 5 entries name a course or room")
    assert "another instance" in summary


def test_parse_errors_name_the_line() -> None:
    with pytest.raises(SolutionError, match=r"x.sol:2: expected 'course room day period'"):
        parse_solution("a r 0 0\na r 0\n", source="x.sol")
    for bad in ("zero 0", "0_1 0", "+1 0", "１ 0", "0 " + "9" * 5000):
        with pytest.raises(SolutionError, match=r"x.sol:1: day and period must be small integers"):
            parse_solution(f"a r {bad}\n", source="x.sol")


def test_format_round_trip(toy_sol) -> None:  # type: ignore[no-untyped-def]
    text = format_solution(toy_sol)
    assert all(len(line.split()) == 4 for line in text.splitlines())
    assert parse_solution(text) == toy_sol


def test_conflicts_count_each_conflicting_pair_per_period_both_teach() -> None:
    """Counted period by period (a pair list was quadratic in a teacher's courses); held
    to the definition on comp01's timetable with its lectures crowded into a few periods."""
    import random
    from itertools import combinations

    inst = load_instance(instance_path("comp01"))
    rng = random.Random(7)
    crowded = [
        Assignment(a.course, a.room, rng.randrange(2), rng.randrange(2))
        for a in load_solution(solution_path("comp01"))
    ]
    periods: dict[str, set[tuple[int, int]]] = {}
    for a in crowded:
        periods.setdefault(a.course, set()).add((a.day, a.period))
    pairs = {tuple(sorted(p)) for q in inst.curricula for p in combinations(q.courses, 2)} | {
        tuple(sorted((a.name, b.name)))
        for a, b in combinations(inst.courses, 2)
        if a.teacher == b.teacher
    }
    expected = sum(len(periods.get(a, set()) & periods.get(b, set())) for a, b in pairs)
    assert expected > 0
    assert ud2_cost(inst, crowded).conflicts == expected
