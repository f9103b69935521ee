"""The CP-SAT deadline guard: late or failing solves give greedy's schedule, in time."""

from __future__ import annotations

import threading
import time
from queue import Queue

from scheduler.build import build_schedule
from scheduler.checker import check_schedule
from scheduler.compile import compile_scenario
from scheduler.models import Scenario
from scheduler.problem import Problem, Solution
from solver.deadline import solve_cpsat_guarded
from solver.greedy import solve_greedy
from solver.options import Progress, SolveOptions

OPTIONS = SolveOptions(solver="cpsat", time_limit=0.5, seed=1, workers=1)


def _hang(problem: Problem, options: SolveOptions, progress: object, stop: object) -> Solution:
    time.sleep(120)
    raise AssertionError("unreachable")


def _crash(problem: Problem, options: SolveOptions, progress: object, stop: object) -> Solution:
    raise ValueError("model bug")


def test_a_hanging_solver_gives_greedys_schedule_in_time(tiny: Scenario) -> None:
    problem = compile_scenario(tiny)
    began = time.monotonic()
    solution = solve_cpsat_guarded(problem, OPTIONS, solve=_hang, grace=0.5)
    assert time.monotonic() - began < 10
    assert "no answer before the deadline" in solution.metrics["cpsat_fallback"]
    assert solution.objective == solve_greedy(problem).objective
    assert check_schedule(tiny, build_schedule(problem, solution)).ok


def test_a_failing_solver_gives_greedys_schedule_and_says_why(tiny: Scenario) -> None:
    problem = compile_scenario(tiny)
    solution = solve_cpsat_guarded(problem, OPTIONS, solve=_crash, grace=0.5)
    assert solution.metrics["cpsat_fallback"] == "CP-SAT failed: ValueError: model bug"
    assert solution.solver == "greedy (CP-SAT fallback)"
    assert solution.objective == solve_greedy(problem).objective
    assert check_schedule(tiny, build_schedule(problem, solution)).ok


def test_stop_reaches_the_child_and_its_answer_comes_back(tiny: Scenario) -> None:
    problem = compile_scenario(tiny)

    def wait_for_stop(
        problem: Problem, options: SolveOptions, progress: object, stop: threading.Event
    ) -> Solution:
        while not stop.is_set():
            time.sleep(0.01)
        return Solution(status="unknown", solver="stopped-child")

    class StopNow:
        def is_set(self) -> bool:
            return True

    solution = solve_cpsat_guarded(problem, OPTIONS, stop=StopNow(), solve=wait_for_stop)
    assert solution.solver == "stopped-child"


def test_the_real_solver_answers_through_the_guard_with_progress(tiny: Scenario) -> None:
    problem = compile_scenario(tiny)
    seen: list[Progress] = []
    options = SolveOptions(solver="cpsat", time_limit=10, seed=1, workers=1)
    guarded = solve_cpsat_guarded(problem, options, seen.append)
    assert "cpsat_fallback" not in guarded.metrics
    assert seen, "progress of the child reaches the caller"
    greedy = solve_greedy(problem).objective
    assert guarded.objective is not None and greedy is not None
    assert guarded.objective >= greedy
    assert check_schedule(tiny, build_schedule(problem, guarded)).ok


def _in_a_daemon(tiny: Scenario, queue: Queue[str]) -> None:
    problem = compile_scenario(tiny)
    solution = solve_cpsat_guarded(problem, OPTIONS, solve=_crash_free)
    queue.put(solution.solver)


def _crash_free(
    problem: Problem, options: SolveOptions, progress: object, stop: object
) -> Solution:
    return Solution(status="unknown", solver="in-process")


def test_inside_a_daemonic_process_the_solve_runs_in_process(tiny: Scenario) -> None:
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    worker = ctx.Process(target=_in_a_daemon, args=(tiny, queue), daemon=True)
    worker.start()
    assert queue.get(timeout=30) == "in-process"
    worker.join(timeout=10)


def test_a_fallback_short_of_a_required_request_does_not_send_the_planner_to_cpsat() -> None:
    """Greedy books ``early`` in the only slot ``late`` may use; the fallback says that
    CP-SAT ran out of time, not that CP-SAT would find out."""
    from tests.solver.cpsat.helpers import scenario, sessions_req

    sc = scenario(
        cohorts=[
            {"id": "c1", "institution": "col", "size": 20},
            {"id": "c2", "institution": "col", "size": 20},
        ],
        requests=[
            sessions_req("early", 1, required=True),
            sessions_req(
                "late",
                1,
                cohort="c2",
                required=True,
                window=[{"weeks": [1, 1], "days": [1], "slots": [1]}],
            ),
        ],
    )
    problem = compile_scenario(sc)
    assert solve_greedy(problem).status == "unknown"
    solution = solve_cpsat_guarded(problem, OPTIONS, solve=_crash, grace=0.5)
    assert solution.status == "unknown"
    (entry,) = [u for u in solution.unmet if problem.requests[u.request].id == "late"]
    assert entry.message.startswith("Required, but the CP-SAT search gave no answer in time")
    assert "cpsat solver finds out" not in entry.message
    assert entry.messages["zh"].startswith("这是必需需求，但 CP-SAT 求解未能在时限内给出结果")
    assert check_schedule(sc, build_schedule(problem, solution)).ok
