"""A warm start missing required sessions is repaired before the real solve."""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from scheduler.compile import compile_scenario
from scheduler.models import Scenario
from scheduler.problem import Problem, Solution
from solver.cpsat.extract import sessions_and_placements
from solver.cpsat.model import CpSatModel
from solver.cpsat.one_run import run_model
from solver.cpsat.params import CpSatParams
from solver.cpsat.repair import holds_required, settle_required
from tests.solver.cpsat.helpers import assert_answer_valid, scenario, sessions_req, solve

PARAMS = CpSatParams(time_limit=10.0, workers=1, seed=0)


def _scenario(sessions: int) -> Scenario:
    # one cohort, six slots: six sessions fit, seven cannot
    return scenario(
        requests=[
            sessions_req("need", sessions, required=True),
            sessions_req("nice", 2),
        ]
    )


def _problem(sessions: int) -> Problem:
    return compile_scenario(_scenario(sessions))


def test_empty_hint_is_repaired_and_the_solve_holds_every_required_session() -> None:
    problem = _problem(4)
    cm = CpSatModel(problem)
    res = run_model(cm, PARAMS, t0=time.perf_counter(), hint=Solution(status="feasible"))
    assert res.status == cp_model.OPTIMAL
    assert res.repair is not None and res.repair.met
    assert (res.repair.held, res.repair.total) == (4, 4)
    assert res.values is not None
    need = cm.vars.sessions[0]
    assert sum(res.values(sv.present) for sv in need) == 4
    # the optimum holds the 4 required and both optional sessions
    assert res.objective == 6000
    # and the repaired solve's schedule keeps every rule
    sc = _scenario(4)
    solved = Solution(status="feasible", objective=float(res.objective))
    solved.sessions, solved.placements = sessions_and_placements(cm.vars, res.values)
    assert_answer_valid(sc, problem, solved)


def test_repair_proves_required_sessions_cannot_all_hold() -> None:
    problem = _problem(7)
    cm = CpSatModel(problem)
    rep = settle_required(cm, None, PARAMS, 10.0)
    assert rep.proven and not rep.met
    assert (rep.held, rep.total) == (6, 7)
    assert rep.values is not None and not holds_required(cm, rep.values)
    res = run_model(
        CpSatModel(problem), PARAMS, t0=time.perf_counter(), hint=Solution(status="feasible")
    )
    assert res.status == cp_model.INFEASIBLE


def test_solve_names_the_request_when_the_repair_proves_it_impossible() -> None:
    res = solve(scenario(requests=[sessions_req("need", 7, required=True)]))
    assert res.schedule.status.value == "infeasible"
    (conflict,) = res.schedule.conflicts
    assert "requests[0]" in conflict.items
    assert "need" in conflict.message


def test_a_hint_holding_every_required_session_is_feasible_as_given() -> None:
    problem = _problem(4)
    cm = CpSatModel(problem)
    first = run_model(cm, PARAMS, t0=time.perf_counter(), hint=Solution(status="feasible"))
    assert first.values is not None
    held = Solution(status="feasible")
    held.sessions, held.placements = sessions_and_placements(cm.vars, first.values)
    again = CpSatModel(problem)
    res = run_model(again, PARAMS, t0=time.perf_counter(), hint=held)
    assert res.repair is None  # nothing to repair
    given = again.model.proto.solution_hint
    hint = dict(zip(given.vars, given.values, strict=True))
    assert all(hint[lit.index] == 1 for lit in again.assumptions)
    assert res.status == cp_model.OPTIMAL
