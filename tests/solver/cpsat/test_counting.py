"""Counting proofs that required requests cannot all hold (:mod:`solver.cpsat.counting`).

Two required requests asking 50 slots of a cohort open for 40 used to take the whole
time limit (required check, repair and conflict search each ran out of time on the
pigeonhole) and several labs or instructors shared past their slots ended ``unknown``.
"""

from __future__ import annotations

import random
from typing import Any

from ortools.sat.python import cp_model
from pytest import MonkeyPatch

from scheduler.compile import compile_scenario
from scheduler.models import Scenario
from solver.cpsat.counting import counting_core
from solver.cpsat.model import CpSatModel
from solver.cpsat.params import CpSatParams
from solver.cpsat.required_check import required_proven_short
from tests.solver.cpsat.helpers import base, scenario, sessions_req, solve
from tests.solver.zh_check import assert_same_facts

TWO_WEEKS = {"weeks": 2, "days_per_week": 5, "slots_per_day": 4}
COHORTS = [{"id": f"c{i}", "institution": "col", "size": 20} for i in range(3)]
LABS = [
    {"id": f"lab{j}", "kind": "lab", "owner": "col", "site": "s1", "capacity": 30} for j in range(4)
]


def test_one_cohort_asked_more_than_its_slots_is_proven_by_counting() -> None:
    sc = scenario(
        calendar=TWO_WEEKS,
        requests=[
            sessions_req("r1", 25, required=True),
            sessions_req("r2", 25, required=True),
            sessions_req("optional", 2),
        ],
    )
    proof = counting_core(compile_scenario(sc))
    assert proof is not None
    assert (proof.requests, proof.what, proof.need, proof.room) == ([0, 1], "cohort", 50, 40)
    sch = solve(sc, time_limit=5).schedule
    assert sch.status.value == "infeasible"
    assert sch.metrics["mode"] == "required"  # answered before any whole model
    (conflict,) = sch.conflicts
    assert conflict.items == ["requests[0]", "requests[1]", "cohorts[0]"]
    assert "take cohort c1" in conflict.message
    assert "free for 40 slot(s) where they can run (weeks 1-2), against the 50" in conflict.message
    assert conflict.messages is not None
    assert_same_facts(conflict.message, conflict.messages["zh"], ids=("r1", "r2", "c1"))


def test_labs_shared_past_their_slots_are_proven_infeasible_not_unknown() -> None:
    """Three cohorts, 27 sessions each, two labs of 40 slots: was ``unknown``."""
    sc = scenario(
        calendar=TWO_WEEKS,
        resources=LABS[:2],
        cohorts=COHORTS,
        requests=[sessions_req(f"r{i}", 27, cohort=f"c{i}", required=True) for i in range(3)],
    )
    # a work limit: the rest's search (after the proof) stops at 2 units, not at 5 s
    res = solve(sc, time_limit=5, work_limit=2)
    assert res.solution.metrics["rest_from"] == "cpsat"  # the rest searched, as on 5 s
    sch = res.schedule
    assert sch.status.value == "infeasible"
    (conflict,) = sch.conflicts
    assert conflict.items[-2:] == ["resources[0]", "resources[1]"]
    assert "can only use lab0 and lab1, which hold one session at a time each" in conflict.message
    assert "80 open slot(s) in all" in conflict.message and "the 81 slot(s)" in conflict.message


def test_instructors_shared_past_their_weekly_limits_are_proven_infeasible() -> None:
    """Four labs are plenty; two teachers of 15 slots a week are not (60 for 61)."""
    teachers = [
        {"id": f"t{j}", "institution": "col", "skills": ["x"], "site": "s1",
         "max_slots_per_week": 15}
        for j in range(2)
    ]  # fmt: skip
    reqs = [
        sessions_req(f"r{i}", n, cohort=f"c{i}", required=True, instructor_skills=["x"])
        for i, n in enumerate((20, 20, 21))
    ]
    sc = scenario(
        calendar=TWO_WEEKS, resources=LABS, instructors=teachers, cohorts=COHORTS, requests=reqs
    )
    proof = counting_core(compile_scenario(sc))
    assert proof is not None
    assert (proof.what, proof.units, proof.need, proof.room) == ("instructors", (0, 1), 61, 60)
    res = solve(sc, time_limit=5, work_limit=2)  # the rest's search: 2 units, not 5 s
    assert res.solution.metrics["rest_from"] == "cpsat"
    sch = res.schedule
    assert sch.status.value == "infeasible"
    (conflict,) = sch.conflicts
    assert "their only instructors, t0 and t1, can teach 60 slot(s) in all" in conflict.message


def test_a_set_that_just_fits_is_not_counted_and_is_met() -> None:
    sc = scenario(
        calendar=TWO_WEEKS,
        requests=[sessions_req("r1", 20, required=True), sessions_req("r2", 20, required=True)],
    )
    problem = compile_scenario(sc)
    assert counting_core(problem) is None
    assert not required_proven_short(problem, CpSatParams(time_limit=1.0), None, by_model=False)
    sch = solve(sc, time_limit=5).schedule
    assert sch.status.value == "optimal"
    assert len(sch.sessions) == 40


def test_the_fewest_requests_are_named() -> None:
    """r-wide can run anywhere, so the two confined to Monday morning are the conflict."""
    monday = [{"days": [1], "slots": [1, 2]}]
    sc = scenario(
        calendar=TWO_WEEKS,
        requests=[
            sessions_req("r-wide", 10, required=True),
            sessions_req("r-a", 3, required=True, window=monday),
            sessions_req("r-b", 2, required=True, window=monday),
        ],
    )
    proof = counting_core(compile_scenario(sc))
    assert proof is not None
    assert (proof.requests, proof.need, proof.room) == ([1, 2], 5, 4)


def _random_tight(rng: random.Random) -> Scenario:
    """A small term whose required requests crowd a few cohorts, labs and teachers."""
    doc: dict[str, Any] = base()
    doc["calendar"] = {**doc["calendar"], "weeks": 2, "days_per_week": 2, "slots_per_day": 3}
    doc["resources"] = [
        {**LABS[j], "available": [{"days": [rng.randint(1, 2)]}]} if rng.random() < 0.3 else LABS[j]
        for j in range(rng.randint(1, 3))
    ]
    if rng.random() < 0.3:  # a shared base for two or three groups at once
        doc["resources"].append(
            {"id": "tb", "kind": "training_base", "owner": "col", "site": "s1",
             "capacity": rng.choice([40, 50, 60]), "shareable": True}
        )  # fmt: skip
    doc["instructors"] = [
        {"id": f"t{j}", "institution": "col", "skills": ["x"], "site": "s1",
         "max_slots_per_week": rng.choice([None, 2, 3, 4])}
        for j in range(rng.randint(1, 2))
    ]  # fmt: skip
    doc["cohorts"] = [
        {"id": f"c{i}", "institution": "col", "size": rng.choice([15, 20, 25])}
        for i in range(rng.randint(1, 5))
    ]
    requests = []
    for i in range(rng.randint(2, 6)):
        req = sessions_req(
            f"r{i}",
            rng.randint(1, 4),
            duration=rng.choice([1, 1, 2]),
            cohort=rng.choice(doc["cohorts"])["id"],
            required=True,
            pattern=rng.choice(["free", "free", "weekly", "block"]),
        )
        if rng.random() < 0.5:
            req["instructor_skills"] = ["x"]
        if doc["resources"][-1]["id"] == "tb" and rng.random() < 0.5:
            req["resources"] = ["tb"]
        elif rng.random() < 0.4:
            req["resources"] = [rng.choice(doc["resources"])["id"]]
        if rng.random() < 0.3:
            req["window"] = [{"weeks": [1, 1]}]
        requests.append(req)
    doc["requests"] = requests
    return Scenario.model_validate(doc)


def _required_feasible(sc: Scenario) -> bool | None:
    """Whether CP-SAT finds the required requests a schedule (None: undecided)."""
    problem = compile_scenario(sc)
    cm = CpSatModel(problem, requests=[r.index for r in problem.requests if r.required])
    cm.model.clear_objective()
    cm.model.add_bool_and(cm.assumptions)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 10
    solver.parameters.num_workers = 8
    solver.parameters.random_seed = 0
    status = solver.solve(cm.model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return True
    return False if status == cp_model.INFEASIBLE else None


def test_counting_never_refutes_what_cpsat_schedules() -> None:
    """Soundness on random tight terms: a counted set is never one CP-SAT can place, and
    the terms are tight enough that counting proves some and leaves others."""
    rng = random.Random(7)
    counted = left = 0
    for _ in range(120):
        sc = _random_tight(rng)
        problem = compile_scenario(sc)
        if any(r.required and not r.resources.size for r in problem.requests):  # type: ignore[union-attr]
            continue
        proof = counting_core(problem)
        feasible = _required_feasible(sc)
        if proof is not None:
            counted += 1
            assert feasible is not True, (sc.model_dump(mode="json"), proof)
            assert proof.need > proof.room
        elif feasible is False:
            left += 1
    assert counted >= 10 and left >= 5, (counted, left)


def test_a_shared_base_counts_the_sessions_it_holds_at_once() -> None:
    """50 places take two groups of 20 at a time: 15 sessions in 5 slots hold 10."""
    base_res = {"id": "tb", "kind": "training_base", "owner": "col", "site": "s1",
                "capacity": 50, "shareable": True}  # fmt: skip
    sc = scenario(
        calendar={"weeks": 1, "days_per_week": 5, "slots_per_day": 1},
        resources=[base_res],
        cohorts=COHORTS,
        requests=[sessions_req(f"r{i}", 5, cohort=f"c{i}", required=True) for i in range(3)],
    )
    proof = counting_core(compile_scenario(sc))
    assert proof is not None
    assert (proof.what, proof.at_once, proof.smallest, proof.need, proof.room) == (
        "shared",
        2,
        20,
        15,
        10,
    )
    sch = solve(sc, time_limit=5).schedule
    assert sch.status.value == "infeasible"
    (conflict,) = sch.conflicts
    assert (
        "holds at most 2 of their sessions at a time (the smallest brings 20)" in conflict.message
    )
    assert conflict.messages is not None
    assert_same_facts(conflict.message, conflict.messages["zh"], ids=("r0", "r1", "r2", "tb"))


def test_pools_joined_by_a_shared_unit_are_counted() -> None:
    """t0-t1 and t1-t2 ask 14 slots of t0-t2 (4 a week each: 12); with t2-t3's request
    the union of all has room (16 for 15) and no request's own pair overfills."""
    teachers = [
        {"id": f"t{j}", "institution": "col", "skills": ["x"], "site": "s1",
         "max_slots_per_week": 4}
        for j in range(4)
    ]  # fmt: skip
    cohorts = [{"id": f"c{i}", "institution": "col", "size": 20} for i in range(3)]
    reqs = [
        sessions_req(name, n, cohort=f"c{i}", required=True, instructors=pair)
        for i, (name, n, pair) in enumerate(
            [("a", 7, ["t0", "t1"]), ("b", 7, ["t1", "t2"]), ("d", 1, ["t2", "t3"])]
        )
    ]
    for req in reqs:
        req["instructor_skills"] = ["x"]
    sc = scenario(calendar=TWO_WEEKS | {"weeks": 1}, resources=LABS, instructors=teachers,
                  cohorts=cohorts, requests=reqs)  # fmt: skip
    proof = counting_core(compile_scenario(sc))
    assert proof is not None
    assert (proof.requests, proof.units, proof.need, proof.room) == ([0, 1], (0, 1, 2), 14, 12)


def _random_shared_base(rng: random.Random) -> Scenario:
    """Two to six groups that can only use one shared base of 30-70 places."""
    doc: dict[str, Any] = base()
    doc["calendar"] = {**doc["calendar"], "weeks": 1, "days_per_week": 2, "slots_per_day": 2}
    doc["resources"] = [
        {"id": "tb", "kind": "training_base", "owner": "col", "site": "s1",
         "capacity": rng.randint(30, 70), "overflow": rng.choice([0, 0, 5]), "shareable": True}
    ]  # fmt: skip
    n = rng.randint(2, 6)
    doc["cohorts"] = [
        {"id": f"c{i}", "institution": "col", "size": rng.randint(15, 30)} for i in range(n)
    ]
    doc["requests"] = [
        sessions_req(f"r{i}", rng.randint(1, 4), cohort=f"c{i}", required=True) for i in range(n)
    ]
    return Scenario.model_validate(doc)


def test_shared_base_counting_never_refutes_what_cpsat_schedules() -> None:
    rng = random.Random(11)
    counted = 0
    for _ in range(60):
        sc = _random_shared_base(rng)
        proof = counting_core(compile_scenario(sc))
        if proof is not None and proof.what == "shared":
            counted += 1
            assert _required_feasible(sc) is not True, (sc.model_dump(mode="json"), proof)
    assert counted >= 10, counted


def _overfilled_cohort() -> Scenario:
    return scenario(
        calendar=TWO_WEEKS,
        requests=[sessions_req("r1", 25, required=True), sessions_req("r2", 25, required=True)],
    )


def test_a_term_is_counted_once_however_often_it_is_asked(monkeypatch: MonkeyPatch) -> None:
    from solver.cpsat import counting

    calls: list[object] = []
    real = counting.count_core

    def counted(problem: Any) -> Any:
        calls.append(problem)
        return real(problem)

    monkeypatch.setattr(counting, "count_core", counted)
    first = compile_scenario(_overfilled_cohort())
    again = compile_scenario(_overfilled_cohort())
    proof = counting_core(first)
    assert proof is not None and counting_core(first) is proof
    assert counting_core(again) is not None  # another problem is counted anew
    assert calls == [first, again]
