"""One solve in a fresh ``spawn`` child process, watched from the parent.

A fresh process per solve, so that its peak resident memory (``ru_maxrss`` of the child)
is its own and a crash or a hang cannot take the harness down. The child streams
CP-SAT's progress back and checks its answer with :func:`scheduler.checker.check_schedule`;
the parent samples the memory of the child's process tree and stops the whole tree when
the run ends or is interrupted.
"""

from __future__ import annotations

import json
import logging
import multiprocessing as mp
import queue as queue_mod
import resource
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from benchmarks.cases import Case
from benchmarks.records import RunRecord

logger = logging.getLogger(__name__)

#: Seconds a child may overrun its time limit (spawn, imports, compile, check) before
#: the harness gives up on it.
GRACE_SECONDS = 120.0


def _child(
    scenario_path: str,
    result_path: str,
    solver: str,
    time_limit: float,
    workers: int,
    seed: int,
    out: Any,  # multiprocessing queue
    work_limit: float | None = None,
) -> None:
    """Solve in a fresh process; send ``("progress", t, obj, bound)``, then ``("done",)``.

    Scenario and result travel as JSON files, not through the spawn pipe: a large
    scenario pickled into the pipe blocks the parent if the child dies while starting.
    """
    try:
        from scheduler.checker import check_schedule
        from scheduler.evaluate import demanded_units
        from scheduler.models import Scenario
        from scheduler.solving.scenario import solve_scenario
        from solver.options import SolveOptions, SolverName

        scenario = Scenario.model_validate_json(Path(scenario_path).read_text())

        start = time.perf_counter()
        trace: list[list[float | None]] = []

        def on_progress(p: Any) -> None:
            t = float(getattr(p, "elapsed", time.perf_counter() - start))
            obj, bnd = getattr(p, "objective", None), getattr(p, "bound", None)
            trace.append([t, obj, bnd])
            out.put(("progress", t, obj, bnd))

        options = SolveOptions(
            solver=cast(SolverName, solver),
            time_limit=time_limit,
            seed=seed,
            workers=workers,
            work_limit=work_limit,
        )
        schedule = solve_scenario(scenario, options, progress=on_progress)
        wall = time.perf_counter() - start
        report = check_schedule(scenario, schedule)
        ev = report.evaluation
        demanded = sum(demanded_units(r) for r in scenario.requests)
        unmet: dict[str, int] = defaultdict(int)
        for u in schedule.unmet:
            unmet[str(u.reason)] += u.missing
        metrics = schedule.metrics or {}
        metric_trace = metrics.get("trace")
        if isinstance(metric_trace, list) and metric_trace:
            trace = [_trace_point(p) for p in metric_trace]
        if "first_solution_seconds" in metrics:
            first = metrics["first_solution_seconds"]  # None: CP-SAT found none of its own
        else:
            first = next((t for t, obj, _ in trace if obj is not None), None)
            if first is None and schedule.sessions:
                first = wall  # a one-shot solver's first schedule is its answer
        result = {
            "status": str(schedule.status),
            "objective": schedule.objective if schedule.objective is not None else ev.objective,
            "evaluated_objective": ev.objective,
            "bound": schedule.bound,
            "gap": schedule.gap,
            "fulfilled_share": ev.terms["fulfilled_units"] / demanded if demanded else 1.0,
            "worst_share": ev.worst_share,
            "unmet_by_reason": dict(unmet),
            "wall_seconds": wall,
            "first_solution_seconds": first,
            "trace": trace,
            "returned": metrics.get("returned"),
            "wall_cut": _wall_cut(metrics) if work_limit is not None else None,
            "checker_ok": report.ok,
            "violations": len(report.violations),
            "violation_sample": [
                f"[{v.rule}] {v.path}: {v.message}" for v in report.violations[:5]
            ],
            "schedule": schedule.model_dump(mode="json", by_alias=True),
            # CP-SAT runs in a forked child of this one (solver/deadline.py): count it
            "peak_rss_kib": max(
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
            ),
        }
        Path(result_path).write_text(json.dumps(result))
        out.put(("done",))
    except BaseException as exc:  # report everything: the parent records it as an error run
        out.put(("error", f"{type(exc).__name__}: {exc}"))


def _wall_cut(metrics: dict[str, Any]) -> bool:
    """Whether the time limit, not the work limit, ended a work-limited solve."""
    clock = metrics.get("clock")
    return bool(clock.get("wall_cut")) if isinstance(clock, dict) else False


def _trace_point(p: Any) -> list[float | None]:
    """A trace entry from ``Schedule.metrics['trace']``: a dict or a ``[t, obj, bound]`` list."""
    if isinstance(p, dict):
        t = p.get("elapsed", p.get("t", p.get("seconds")))
        return [t, p.get("objective"), p.get("bound")]
    seq = list(p) + [None, None, None]
    return [seq[0], seq[1], seq[2]]


def _tree(pid: int | None) -> list[Any]:
    """Process ``pid`` and every process under it (``psutil.Process``), parent first;
    ``[]`` when it is gone. The solve's CP-SAT runs in a forked child of the solve's
    child (solver/deadline.py): memory and stopping both concern the whole tree."""
    import psutil

    if not pid:
        return []
    try:
        proc = psutil.Process(pid)
        return [proc, *proc.children(recursive=True)]
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return []


def _rss(pid: int | None) -> int:
    """Resident bytes of process ``pid`` and its children now (0 if it is gone).
    Pages a fork still shares are counted in both: an estimate from above."""
    import psutil

    total = 0
    for p in _tree(pid):
        try:
            total += int(p.memory_info().rss)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return total


def _stop_tree(pid: int | None) -> None:
    """Kill process ``pid`` and every process under it: a bare terminate left the
    CP-SAT fork running (an analyst's audit: 100-170 % CPU after the harness had gone)."""
    import psutil

    procs = _tree(pid)
    for p in procs:
        try:
            p.kill()
        except psutil.NoSuchProcess:
            continue
    psutil.wait_procs(procs, timeout=5)


def run_one(
    case: Case,
    solver: str,
    time_limit: float,
    workers: int,
    on_progress: Callable[[float, float | None, float | None], None] | None = None,
    work_limit: float | None = None,
) -> tuple[RunRecord, dict[str, Any] | None]:
    """Solve ``case`` with ``solver`` in a child process; the record and the raw schedule."""
    record = RunRecord(
        suite=case.suite,
        scenario=case.name,
        solver=solver,
        tier=case.tier,
        seed=case.seed,
        time_limit=time_limit,
        workers=workers,
        work_limit=work_limit,
    )
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    work = tempfile.TemporaryDirectory(prefix="trainshare-bench-")
    scenario_path = Path(work.name) / "scenario.json"
    result_path = Path(work.name) / "result.json"
    scenario_path.write_text(case.scenario.model_dump_json(by_alias=True))
    proc = ctx.Process(
        target=_child,
        args=(
            str(scenario_path),
            str(result_path),
            solver,
            time_limit,
            workers,
            case.seed,
            out,
            work_limit,
        ),
    )
    started = time.perf_counter()
    proc.start()
    deadline = started + time_limit + GRACE_SECONDS
    sampled_rss = 0
    result: dict[str, Any] | None = None
    try:
        while True:
            sampled_rss = max(sampled_rss, _rss(proc.pid))
            try:
                msg = out.get(timeout=0.5)
            except queue_mod.Empty:
                if not proc.is_alive():
                    # the child may have put its last message just before exiting
                    try:
                        msg = out.get(timeout=1.0)
                    except queue_mod.Empty:
                        record.error = f"solver process exited with code {proc.exitcode}"
                        break
                elif time.perf_counter() > deadline:
                    record.error = f"no answer {GRACE_SECONDS:.0f} s after the time limit"
                    break
                else:
                    continue
            kind = msg[0]
            if kind == "progress":
                if on_progress is not None:
                    on_progress(msg[1], msg[2], msg[3])
            elif kind == "done":
                result = json.loads(result_path.read_text())
                break
            else:
                record.error = msg[1]
                break
    except BaseException:  # Ctrl-C or SIGTERM: no solve may run on without the harness
        _stop_tree(proc.pid)
        raise
    finally:
        proc.join(timeout=5)
        if proc.is_alive():
            _stop_tree(proc.pid)
            proc.join(timeout=5)
        work.cleanup()
    if result is None:
        logger.warning("%s/%s: %s", case.name, solver, record.error)
        return record, None
    for key in (
        "status",
        "objective",
        "bound",
        "gap",
        "fulfilled_share",
        "worst_share",
        "unmet_by_reason",
        "wall_seconds",
        "first_solution_seconds",
        "trace",
        "returned",
        "wall_cut",
        "checker_ok",
        "violations",
    ):
        setattr(record, key, result[key])
    # ru_maxrss can miss pages the kernel reclaimed before it updated the high-water
    # mark; the parent's samples every 0.5 s catch those. Take the larger.
    peak = max(result["peak_rss_kib"] * 1024, sampled_rss)
    record.peak_rss_mib = round(peak / 2**20, 1)
    if record.gap is None and record.objective is not None and record.bound is not None:
        record.gap = (record.bound - record.objective) / max(abs(record.bound), 1.0)
    if not result["checker_ok"]:
        logger.warning(
            "%s/%s: checker found %d violation(s): %s",
            case.name,
            solver,
            result["violations"],
            "; ".join(result["violation_sample"]),
        )
    return record, result["schedule"]
