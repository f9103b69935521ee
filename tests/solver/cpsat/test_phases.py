"""Proof phase, then polishing: what run_phases hands over and keeps."""

from __future__ import annotations

import time

import numpy as np
from ortools.sat.python import cp_model

from scheduler.compile import compile_scenario
from scheduler.problem import Solution
from solver.cpsat import solve
from solver.cpsat.extract import Values
from solver.cpsat.model import CpSatModel
from solver.cpsat.params import CpSatParams
from tests.solver.cpsat.helpers import scenario, sessions_req

FIRST = (0.5, 1000.0, 1500.0)  # (elapsed, objective, bound) of the trace
SECOND = (9.0, 1200.0, 9999.0)  # polishing keeps no useful bound


def _model() -> CpSatModel:
    return CpSatModel(compile_scenario(scenario(requests=[sessions_req("a", 2)])))


def _fake_runs(monkeypatch, first_status: int, seen: list):
    cm = _model()
    values = Values(cp_model_values(cm))

    def run_model(cm_, params, *, t0, hint=None, progress=None, stop=None, shift=0.0):
        seen.append((params.lns_only, params.time_limit, hint))
        if len(seen) == 1:
            return solve.RunResult(first_status, values, 1000.0, 1500.0, 1.0, 0.5, [FIRST])
        return solve.RunResult(
            cp_model.FEASIBLE, values, 1200.0, 9999.0, 2.0, 0.1, [(9.0, 1200.0, 9999.0)]
        )

    monkeypatch.setattr(solve, "run_model", run_model)
    return cm


def cp_model_values(cm: CpSatModel) -> np.ndarray:
    return np.zeros(len(cm.model.proto.variables), dtype=np.int64)


def test_polishing_starts_from_the_proof_phase_and_keeps_the_lower_bound(monkeypatch):
    seen: list = []
    cm = _fake_runs(monkeypatch, cp_model.FEASIBLE, seen)
    params = CpSatParams(time_limit=60.0, workers=2)
    res = solve.run_phases(cm, params, t0=time.perf_counter(), hint=Solution(status="feasible"))
    (lns1, limit1, _), (lns2, limit2, hint2) = seen
    assert not lns1 and limit1 < 60.0 and limit1 >= solve.PROOF_SECONDS
    assert lns2 and limit2 == 60.0 and isinstance(hint2, Solution)
    assert res.objective == 1200.0 and res.bound == 1500.0
    assert [t for t, _, _ in res.trace] == [0.5, 9.0]


def test_a_proof_phase_that_proves_optimality_ends_the_solve(monkeypatch):
    seen: list = []
    cm = _fake_runs(monkeypatch, cp_model.OPTIMAL, seen)
    res = solve.run_phases(cm, CpSatParams(time_limit=60.0), t0=time.perf_counter(), hint=None)
    assert len(seen) == 1 and res.status == cp_model.OPTIMAL


def test_short_limits_run_one_phase(monkeypatch):
    seen: list = []
    cm = _fake_runs(monkeypatch, cp_model.FEASIBLE, seen)
    solve.run_phases(cm, CpSatParams(time_limit=15.0), t0=time.perf_counter(), hint=None)
    assert len(seen) == 1 and not seen[0][0]
