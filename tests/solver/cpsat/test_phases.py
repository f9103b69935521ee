"""Proof phase, then polishing: what run_phases hands over and keeps."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np
from ortools.sat.python import cp_model
from pytest import MonkeyPatch

from scheduler.build import build_schedule
from scheduler.checker import check_schedule
from scheduler.compile import compile_scenario
from scheduler.models import Scenario
from scheduler.problem import Problem, Solution
from solver.cpsat import local_search, one_run, phases
from solver.cpsat.extract import Values, sessions_and_placements
from solver.cpsat.model import CpSatModel
from solver.cpsat.params import SLOW_NEIGHBOURHOODS, CpSatParams
from solver.greedy import solve_greedy
from solver.pipeline import complete_unmet
from tests.solver.cpsat.helpers import scenario, sessions_req

AUDIT = Path(__file__).resolve().parents[2] / "fixtures" / "audit"
FIRST = (0.5, 1000.0, 1500.0)  # (elapsed, objective, bound) of the trace
SECOND = (9.0, 1200.0, 9999.0)  # polishing keeps no useful bound


def _answer(cm: CpSatModel, res: phases.RunResult) -> Solution:
    """The schedule the phases answer with: the local searches' best, else CP-SAT's."""
    if res.local_best is not None:
        return Solution("feasible", res.local_best.sessions, res.local_best.placements)
    assert res.values is not None
    return Solution("feasible", *sessions_and_placements(cm.vars, res.values))


def _assert_checked(sc: Scenario, problem: Problem, solution: Solution) -> None:
    """With ``unmet`` filled in as the pipeline does, the schedule passes the checker."""
    complete_unmet(problem, solution)
    report = check_schedule(sc, build_schedule(problem, solution))
    assert report.ok, [v.message for v in report.violations]


def _model() -> CpSatModel:
    return CpSatModel(compile_scenario(scenario(requests=[sessions_req("a", 2)])))


def _fake_runs(
    monkeypatch: MonkeyPatch, first_status: cp_model.CpSolverStatus, seen: list[Any]
) -> tuple[CpSatModel, Values]:
    """Replace the CP-SAT call: the first returns ``first_status``, later ones improve."""
    cm = _model()
    values = Values(np.arange(len(cm.model.proto.variables), dtype=np.int64) % 2)

    def search(
        cm_: CpSatModel,
        params: CpSatParams,
        *,
        t0: float,
        progress: object = None,
        stop: object = None,
        shift: float = 0.0,
        repair: object = None,
    ) -> phases.RunResult:
        hinted = list(cm_.model.proto.solution_hint.values)
        seen.append((bool(params.skip), params.time_limit, hinted))
        if len(seen) == 1:
            if first_status == cp_model.UNKNOWN:
                return phases.RunResult(first_status, None, None, None, 1.0, None, [])
            return phases.RunResult(first_status, values, 1000.0, 1500.0, 1.0, 0.5, [FIRST])
        return phases.RunResult(cp_model.FEASIBLE, values, 1200.0, 9999.0, 2.0, 9.0, [SECOND])

    monkeypatch.setattr(phases, "search", search)
    return cm, values


def _work_params(work_limit: float, seed: int) -> CpSatParams:
    """One worker on a work clock (:mod:`solver.clock`), starting now: the phases end at the
    same point of the search however loaded the machine (a wall limit of 120 s, unmet)."""
    from solver.options import SolveOptions

    options = SolveOptions(time_limit=120.0, workers=1, seed=seed, work_limit=work_limit)
    return CpSatParams.from_options(options)


def test_polishing_starts_from_the_proof_phase_and_keeps_the_lower_bound(
    monkeypatch: MonkeyPatch,
) -> None:
    seen: list = []
    cm, values = _fake_runs(monkeypatch, cp_model.FEASIBLE, seen)
    params = CpSatParams(time_limit=60.0, workers=2)
    res = phases.run_phases(cm, params, t0=time.perf_counter(), hint=None)
    (lns1, limit1, _), (lns2, limit2, hint2) = seen
    assert not lns1 and limit1 < 60.0 and limit1 >= phases.PROOF_SECONDS
    assert lns2 and limit2 == 60.0 and hint2 == values.x.tolist()
    assert res.objective == 1200.0 and res.bound == 1500.0
    assert [t for t, _, _ in res.trace] == [0.5, 9.0]


def test_a_proof_phase_without_a_schedule_gives_the_rest_to_the_full_portfolio(
    monkeypatch: MonkeyPatch,
) -> None:
    seen: list = []
    cm, _ = _fake_runs(monkeypatch, cp_model.UNKNOWN, seen)
    res = phases.run_phases(cm, CpSatParams(time_limit=60.0), t0=time.perf_counter(), hint=None)
    (_, limit1, _), (lns2, limit2, _) = seen
    assert limit1 < 60.0 and not lns2 and limit2 == 60.0
    assert res.status == cp_model.FEASIBLE and res.objective == 1200.0
    assert res.first_solution == 9.0 and res.bound == 9999.0


def test_a_proof_phase_that_proves_optimality_ends_the_solve(monkeypatch: MonkeyPatch) -> None:
    seen: list = []
    cm, _ = _fake_runs(monkeypatch, cp_model.OPTIMAL, seen)
    res = phases.run_phases(cm, CpSatParams(time_limit=60.0), t0=time.perf_counter(), hint=None)
    assert len(seen) == 1 and res.status == cp_model.OPTIMAL


def test_very_short_limits_run_one_phase(monkeypatch: MonkeyPatch) -> None:
    seen: list = []
    cm, _ = _fake_runs(monkeypatch, cp_model.FEASIBLE, seen)
    phases.run_phases(cm, CpSatParams(time_limit=4.0), t0=time.perf_counter(), hint=None)
    assert len(seen) == 1 and not seen[0][0]


def test_short_limits_give_the_proof_phase_a_share_and_polish_the_rest(
    monkeypatch: MonkeyPatch,
) -> None:
    """Under ~21 s a solve used to be one portfolio phase, so S-sized terms never reached
    ruin and recreate (at 10 s they ended at greedy's schedule)."""
    seen: list = []
    cm, _ = _fake_runs(monkeypatch, cp_model.FEASIBLE, seen)
    params = CpSatParams(time_limit=15.0)
    start = solve_greedy(cm.problem)
    phases.run_phases(cm, params, t0=time.perf_counter(), hint=None, local_start=start)
    (lns1, limit1, _), (lns2, limit2, _) = seen
    assert not lns1 and 0.25 * 15.0 < limit1 <= phases.SHORT_PROOF_SHARE * 15.0 + 0.5
    assert lns2 and limit2 == 15.0


def test_short_limits_without_a_start_to_search_from_run_one_phase(
    monkeypatch: MonkeyPatch,
) -> None:
    """A proof phase that found nothing would leave the second nothing to start from
    but a second presolve (ITC-2007 comp07 at 20 s: UD2 ~3,400 split, ~1,400 whole)."""
    seen: list = []
    cm, _ = _fake_runs(monkeypatch, cp_model.FEASIBLE, seen)
    short = Solution(status="feasible")  # misses the required request
    model = CpSatModel(compile_scenario(scenario(requests=[sessions_req("a", 2, required=True)])))
    phases.run_phases(model, CpSatParams(time_limit=15.0), t0=time.perf_counter(), hint=None)
    phases.run_phases(
        model, CpSatParams(time_limit=15.0), t0=time.perf_counter(), hint=None, local_start=short
    )
    assert len(seen) == 2 and not seen[0][0] and not seen[1][0]
    assert seen[0][1] == seen[1][1] == 15.0


def test_the_warm_start_repair_is_the_local_search_start_when_the_construction_is_short(
    monkeypatch: MonkeyPatch,
) -> None:
    """ITC-2007 comp07 at 20 s (every lecture required, greedy short of four): the
    repaired hint holds them all, the short proof phase finds nothing within its
    presolve, and the local search starts from the repair (UD2 55-68; 1,750 when the
    whole 20 s were one portfolio phase)."""
    seen: list = []
    _fake_runs(monkeypatch, cp_model.UNKNOWN, seen)
    monkeypatch.setattr(local_search, "RECREATE_MIN_SECONDS", 0.1)
    required = sessions_req("a", 2, pattern="weekly", required=True)
    weekly = CpSatModel(compile_scenario(scenario(calendar={"weeks": 2}, requests=[required])))
    short = Solution(status="feasible")  # hint and construction miss the required request
    params = CpSatParams(time_limit=12.0, workers=1)
    res = phases.run_phases(weekly, params, t0=time.perf_counter(), hint=short, local_start=short)
    (lns1, limit1, _), (lns2, limit2, hint2) = seen
    assert not lns1 and limit1 < 0.3 * 12.0 + 1.0 and lns2 and limit2 == 12.0 and hint2
    assert res.recreate is not None and res.recreate["objective_before"] > 0


def test_the_proof_phase_takes_a_tenth_of_long_solves_and_at_least_its_seconds(
    monkeypatch: MonkeyPatch,
) -> None:
    seen: list = []
    cm, _ = _fake_runs(monkeypatch, cp_model.FEASIBLE, seen)
    phases.run_phases(cm, CpSatParams(time_limit=300.0), t0=time.perf_counter(), hint=None)
    assert 29.0 < seen[0][1] <= 30.5
    seen.clear()
    phases.run_phases(cm, CpSatParams(time_limit=40.0), t0=time.perf_counter(), hint=None)
    assert phases.PROOF_SECONDS - 1e-6 <= seen[0][1] <= phases.PROOF_SECONDS + 0.5


def _run_from(cm: CpSatModel, start: Solution) -> phases.RunResult:
    """12 s of :func:`phases.run_phases` with ``start`` as the local search's start."""
    params = CpSatParams(time_limit=12.0, workers=1)
    return phases.run_phases(cm, params, t0=time.perf_counter(), hint=None, local_start=start)


def test_a_proof_phase_without_a_schedule_leaves_ruin_and_recreate_the_start(
    monkeypatch: MonkeyPatch,
) -> None:
    """A presolve longer than the proof phase (seconds on a few hundred sessions with
    splits and travel) left the rest to the default portfolio, which spent it presolving
    again: the answer was the start. Ruin and recreate now searches from the start and
    polishing is hinted with its schedule."""
    from solver import anneal

    seen: list = []
    weekly = CpSatModel(
        compile_scenario(scenario(requests=[sessions_req("a", 2, pattern="weekly")]))
    )
    assert not anneal.applies(weekly.problem)
    _fake_runs(monkeypatch, cp_model.UNKNOWN, seen)
    monkeypatch.setattr(local_search, "RECREATE_MIN_SECONDS", 0.1)
    res = _run_from(weekly, solve_greedy(weekly.problem))
    (_, limit1, _), (lns2, limit2, hint2) = seen
    assert limit1 < 12.0 and lns2 and limit2 == 12.0
    assert res.recreate is not None and res.recreate["objective_before"] > 0
    assert hint2  # the recreated schedule, completed
    assert res.status == cp_model.FEASIBLE and res.objective is not None


def test_a_proof_phase_without_a_schedule_leaves_annealing_the_start(
    monkeypatch: MonkeyPatch,
) -> None:
    seen: list = []
    cm, _ = _fake_runs(monkeypatch, cp_model.UNKNOWN, seen)
    monkeypatch.setattr(local_search, "ANNEAL_MIN_SECONDS", 0.1)
    monkeypatch.setattr(local_search, "ANNEAL_SHARE", 0.05)
    res = _run_from(cm, solve_greedy(cm.problem))
    (_, _, _), (lns2, limit2, hint2) = seen
    assert lns2 and limit2 == 12.0 and hint2
    assert res.anneal is not None and res.objective is not None


def test_without_a_start_a_proof_phase_without_a_schedule_still_gets_the_portfolio(
    monkeypatch: MonkeyPatch,
) -> None:
    seen: list = []
    cm, _ = _fake_runs(monkeypatch, cp_model.UNKNOWN, seen)
    short = CpSatModel(
        compile_scenario(scenario(requests=[sessions_req("a", 2, pattern="weekly", required=True)]))
    )
    start = Solution(status="feasible")  # misses the required request
    params = CpSatParams(time_limit=60.0)
    phases.run_phases(short, params, t0=time.perf_counter(), hint=None, local_start=start)
    (_, _, _), (lns2, limit2, _) = seen
    assert not lns2 and limit2 == 60.0


def test_the_warm_start_runs_once_with_the_whole_time_limit(monkeypatch: MonkeyPatch) -> None:
    seen: list = []
    cm, _ = _fake_runs(monkeypatch, cp_model.FEASIBLE, seen)
    limits: list[float] = []
    real = one_run.warm_start

    def warm_start(cm_: CpSatModel, hint: Any, params: CpSatParams, t0: float) -> Any:
        limits.append(params.time_limit)
        return real(cm_, hint, params, t0)

    monkeypatch.setattr(one_run, "warm_start", warm_start)
    hint = Solution(status="feasible")
    phases.run_phases(cm, CpSatParams(time_limit=60.0), t0=time.perf_counter(), hint=hint)
    assert limits == [60.0] and len(seen) == 2


def test_polishing_leaves_out_complete_search_and_slow_neighbourhoods_then_gives_them_back() -> (
    None
):
    solver = cp_model.CpSolver()
    params = CpSatParams(time_limit=5.0)
    params.polishing().apply(solver)
    ignored = set(solver.parameters.ignore_subsolvers)
    assert {"default_lp", "core", *SLOW_NEIGHBOURHOODS} <= ignored
    assert not any(name.endswith("_lns") and name not in SLOW_NEIGHBOURHOODS for name in ignored)
    params.apply(solver)
    assert list(solver.parameters.ignore_subsolvers) == []


def test_a_polishing_run_improves_a_hinted_schedule_and_keeps_every_rule() -> None:
    """The subsolver names are CP-SAT's own: a misspelt one would make the solve fail."""
    sc = scenario(requests=[sessions_req("a", 3), sessions_req("b", 2)])
    problem = compile_scenario(sc)
    cm = CpSatModel(problem)
    one_run.prepare(cm, None, CpSatParams(), time.perf_counter())
    params = CpSatParams(time_limit=5.0, workers=2, seed=1).polishing()
    res = one_run.search(cm, params, t0=time.perf_counter())
    assert res.status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and res.values is not None
    solution = Solution("feasible", *sessions_and_placements(cm.vars, res.values))
    complete_unmet(problem, solution)
    schedule = build_schedule(problem, solution)
    assert len(schedule.sessions) == 5
    report = check_schedule(sc, schedule)
    assert report.ok, [str(v) for v in report.violations]


def test_annealing_between_the_phases_hands_polishing_a_better_hint(
    monkeypatch: MonkeyPatch,
) -> None:
    """On ITC-2007 comp01 (never proven optimal in seconds) the proof phase's schedule
    is annealed, the annealed objective enters the trace, and polishing starts there:
    the answer is at least the annealed objective and passes the checker.

    On a work clock (:func:`_work_params`): 4 wall seconds of proof phase found no
    schedule on a loaded machine, and nothing was annealed."""
    from benchmarks.itc2007.convert import instance_to_scenario
    from benchmarks.itc2007.ectt import load_instance
    from tests.benchmarks.conftest import instance_path

    monkeypatch.setattr(phases, "PROOF_SECONDS", 1.0)  # comp01: first schedule ~0.2 units
    monkeypatch.setattr(local_search, "ANNEAL_MIN_SECONDS", 0.5)
    sc = instance_to_scenario(load_instance(instance_path("comp01"))).scenario
    problem = compile_scenario(sc)
    cm = CpSatModel(problem)
    assert cm.whole
    params = _work_params(3.0, seed=2)
    res = phases.run_phases(cm, params, t0=params.clock.origin, hint=None)
    assert not params.clock.report()["wall_cut"]
    assert res.anneal is not None and res.anneal["seconds"] > 0
    assert res.values is not None and res.objective is not None
    assert res.anneal["gained"] > 0  # the proof phase's schedule leaves plenty
    annealed = res.anneal["objective_after"]
    assert any(obj == annealed for _, obj, _ in res.trace)
    # its gains enter the trace as they came, in time order, none above its end
    assert [t for t, _, _ in res.trace] == sorted(t for t, _, _ in res.trace)
    between = [o for _, o, _ in res.trace if res.anneal["objective_before"] < o < annealed]
    assert between == sorted(set(between))
    assert res.objective >= annealed
    solution = Solution("feasible", *sessions_and_placements(cm.vars, res.values))
    _assert_checked(sc, problem, solution)


def test_no_annealing_for_a_neighbourhood_model() -> None:
    """A model of some requests only (fixed bookings around it) is not annealed."""
    problem = compile_scenario(scenario(requests=[sessions_req("a", 2), sessions_req("b", 1)]))
    assert not CpSatModel(problem, requests=[0]).whole
    assert CpSatModel(problem).whole


def test_the_annealed_schedule_is_kept_when_polishing_ends_below_it(
    monkeypatch: MonkeyPatch,
) -> None:
    """Polishing that cannot take the annealed hint in its time (here: finds nothing)
    must not lose the annealed schedule: it becomes the answer."""
    from benchmarks.itc2007.convert import instance_to_scenario
    from benchmarks.itc2007.ectt import load_instance
    from tests.benchmarks.conftest import instance_path

    monkeypatch.setattr(phases, "PROOF_SECONDS", 1.0)  # on a work clock, as above
    monkeypatch.setattr(local_search, "ANNEAL_MIN_SECONDS", 0.5)
    real_search = phases.search
    calls: list[bool] = []

    def search(cm_: CpSatModel, params: CpSatParams, **kw: Any) -> phases.RunResult:
        calls.append(bool(params.skip))
        if params.skip:  # the polishing run
            return phases.RunResult(cp_model.UNKNOWN, None, None, None, 0.1, None, [])
        return real_search(cm_, params, **kw)

    monkeypatch.setattr(phases, "search", search)
    sc = instance_to_scenario(load_instance(instance_path("comp01"))).scenario
    problem = compile_scenario(sc)
    cm = CpSatModel(problem)
    params = _work_params(3.0, seed=2)
    res = phases.run_phases(cm, params, t0=params.clock.origin, hint=None)
    assert not params.clock.report()["wall_cut"]
    assert calls == [False, True]
    assert res.anneal is not None and res.anneal["gained"] > 0
    assert res.local_best is not None
    assert res.objective == res.anneal["objective_after"]
    solution = Solution("feasible", res.local_best.sessions, res.local_best.placements)
    _assert_checked(sc, problem, solution)


def test_ruin_and_recreate_between_the_phases_where_annealing_does_not_apply(
    monkeypatch: MonkeyPatch,
) -> None:
    """The S tier (travel between sites: no annealing) is not proven optimal in a couple
    of seconds; ruin and recreate takes the proof phase's schedule further, its result
    enters the trace, and the answer (polished or the recreated schedule) is at least
    as good and passes the checker.

    On a work clock: with 2 s of wall time, a loaded machine's proof phase found no
    schedule (presolve took it all), and the rest went to the portfolio instead. In
    work units the phases (0.8 units of proof, of 2) end at the same point anywhere."""
    from scheduler.generator import generate
    from solver import anneal

    monkeypatch.setattr(phases, "PROOF_SECONDS", 0.8)
    monkeypatch.setattr(local_search, "RECREATE_MIN_SECONDS", 0.3)
    sc = generate("S", 1)
    problem = compile_scenario(sc)
    assert not anneal.applies(problem)
    cm = CpSatModel(problem)
    assert cm.whole
    greedy = solve_greedy(problem)  # the hint whole models get
    params = _work_params(2.0, seed=1)  # after greedy, whose occupancy scans it would count
    res = phases.run_phases(cm, params, t0=params.clock.origin, hint=greedy)
    assert not params.clock.report()["wall_cut"]  # else the machine decided after all
    assert res.anneal is None and res.recreate is not None
    assert res.recreate["steps"] > 0 and res.recreate["gained"] > 0
    recreated = res.recreate["objective_after"]
    assert any(obj == recreated for _, obj, _ in res.trace)
    # each of its gains enters the trace when it was made (one chain here), not only
    # the last: an analyst's plot of objective over time follows the search
    # (up to the hand-over: polishing's own solutions come after, from below)
    objs = [o for _, o, _ in res.trace]
    upto = objs[: objs.index(recreated) + 1]
    gains = [o for o in upto if res.recreate["objective_before"] < o]
    assert res.recreate["improvements"] >= 2 and len(gains) >= 2
    assert gains == sorted(gains)
    assert [t for t, _, _ in res.trace] == sorted(t for t, _, _ in res.trace)
    assert res.objective is not None and res.objective >= recreated
    solution = _answer(cm, res)
    _assert_checked(sc, problem, solution)


def test_ruin_and_recreate_never_starts_from_a_construction_short_of_a_required_request(
    monkeypatch: MonkeyPatch,
) -> None:
    """A spec audit's scenario: greedy leaves out a required internship and still scores
    above CP-SAT's first schedule. Ruin and recreate started from greedy's, kept it
    (it only keeps what its start holds of required requests), and the answer was
    ``feasible`` with the internship unmet and an objective above its own bound."""
    from scheduler.io import load_scenario
    from solver.greedy import meets_required

    monkeypatch.setattr(phases, "PROOF_SECONDS", 0.05)
    monkeypatch.setattr(phases, "REST_MIN_SECONDS", 0.5)
    monkeypatch.setattr(local_search, "RECREATE_MIN_SECONDS", 0.5)
    sc = load_scenario(AUDIT / "required-internship-construction-misses.json")
    problem = compile_scenario(sc)
    greedy = solve_greedy(problem)
    assert not meets_required(problem, greedy)
    cm = CpSatModel(problem)
    # on a work clock (1.5 units: 0.15 of proof, then ruin and recreate and polishing),
    # not 4 wall seconds: the same phases on any machine, in about a second
    params = _work_params(1.5, seed=1)
    res = phases.run_phases(cm, params, t0=params.clock.origin, hint=greedy, local_start=greedy)
    assert not params.clock.report()["wall_cut"]
    assert res.recreate is not None  # the local search ran
    # from a schedule meeting every required request, which the model's bound covers
    # (greedy's 173,761 lies above the bound, 163,980, as it leaves the internship out)
    assert res.bound is not None and res.recreate["objective_before"] <= res.bound
    solution = _answer(cm, res)
    assert meets_required(problem, solution)
    assert res.bound is None or res.objective is None or res.objective <= res.bound + 0.5
    _assert_checked(sc, problem, solution)


def test_annealing_waits_for_its_compile_only_while_it_would_still_run() -> None:
    # a cold numba cache compiles for about 12 s: a short solve goes on without annealing
    # rather than past its limit; on a work clock the wait must not depend on the machine
    import threading

    from solver.options import SolveOptions

    def compiling(seconds: float) -> threading.Thread:
        thread = threading.Thread(target=time.sleep, args=(seconds,), daemon=True)
        thread.start()
        return thread

    wall = CpSatParams.from_options(SolveOptions(time_limit=6.0))  # waits 0.9 x 6 - 5 s
    t0 = wall.now()
    assert not local_search.compiled_in_time(compiling(3.0), wall, t0)
    assert local_search.compiled_in_time(compiling(0.0), wall, t0)
    work = CpSatParams.from_options(SolveOptions(time_limit=60.0, work_limit=6.0))
    assert local_search.compiled_in_time(compiling(1.0), work, work.now())
    # a proof phase leaving less than the least share: no compile started at all
    assert not local_search.anneals_after(wall, t0, t0 + 1.0 + 1e-6)
    assert local_search.anneals_after(CpSatParams.from_options(SolveOptions(time_limit=60)), t0, t0)
