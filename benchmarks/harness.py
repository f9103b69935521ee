"""Benchmark harness: greedy and CP-SAT on the same scenarios, in the same run.

Two suites:

- ``tiers``: generated scenarios (:func:`scheduler.generator.generate`, tiers S/M/L,
  fixed seeds). Measures what a planner cares about: objective, bound and gap,
  fulfilled share, the worst-served institution's share, unmet sessions by reason.
- ``itc2007``: the public ITC-2007 track 3 instances under UD2
  (:mod:`benchmarks.itc2007`). Measures the UD2 cost of the answer with our
  calculator, hard violations (must be 0), against the best known cost and the
  competition winner's average, both read from the shared README.

Every solve runs in a fresh ``spawn`` child process, so that its peak resident memory
(``ru_maxrss`` of the child) is its own and a crash or a hang cannot take the harness
down. The child streams CP-SAT's progress back; the parent draws a rich progress bar and
keeps the objective-over-time trace. Each answer is checked with
:func:`scheduler.checker.check_schedule` in the child.
"""

from __future__ import annotations

import json
import logging
import multiprocessing as mp
import queue as queue_mod
import re
import resource
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, cast

from benchmarks.itc2007 import instances_dir

logger = logging.getLogger(__name__)

SOLVERS = ("greedy", "cpsat")
#: Seconds a child may overrun its time limit (spawn, imports, compile, check) before
#: the harness gives up on it.
GRACE_SECONDS = 120.0


# --------------------------------------------------------------------------- cases


@dataclass(frozen=True)
class ItcInfo:
    """What the ITC suite needs to turn a schedule into a UD2 cost."""

    instance_path: str
    lectures: int
    best_known: float | None = None
    winner_average: float | None = None


@dataclass(frozen=True)
class Case:
    """One scenario to solve with every solver."""

    suite: str
    name: str
    scenario: Any  # scheduler.models.Scenario (written as JSON for the child)
    tier: str | None = None
    seed: int = 0
    itc: ItcInfo | None = None


def tier_cases(tiers: Sequence[str], seeds: Sequence[int]) -> list[Case]:
    """Generated scenarios, one per (tier, seed); the seed also seeds the solvers."""
    from scheduler.generator import generate

    return [
        Case(
            suite="tiers",
            name=f"{tier}-{seed}",
            scenario=generate(tier, seed),
            tier=tier,
            seed=seed,
        )
        for tier in tiers
        for seed in seeds
    ]


def read_reference_table(readme: Path) -> dict[str, tuple[float, float]]:
    """``instance -> (best known, winner's average)`` from the shared ITC README's table.

    Read rather than hard-coded so that the numbers have one source; rows look like
    ``| comp01 | 5 | 5.0 |``.
    """
    out: dict[str, tuple[float, float]] = {}
    row = re.compile(r"^\|\s*([A-Za-z0-9_-]+)\s*\|\s*([0-9.]+)\s*\|\s*([0-9.]+)\s*\|\s*$")
    for line in readme.read_text().splitlines():
        m = row.match(line.strip())
        if m:
            out[m.group(1)] = (float(m.group(2)), float(m.group(3)))
    return out


def itc_cases(
    paths: Sequence[Path] | None = None,
    seeds: Sequence[int] = (0,),
    shared: str | Path | None = None,
) -> list[Case]:
    """ITC-2007 instances (default: comp01-comp07 of the shared folder), one per seed."""
    from benchmarks.itc2007 import INSTANCE_NAMES
    from benchmarks.itc2007.convert import instance_to_scenario
    from benchmarks.itc2007.ectt import load_instance

    folder = instances_dir(shared)
    if not paths:
        paths = [folder / f"{n}.ectt" for n in INSTANCE_NAMES]
    readme = folder / "README.md"
    refs = read_reference_table(readme) if readme.exists() else {}
    cases = []
    for path in paths:
        path = Path(path)
        instance = load_instance(path)
        conversion = instance_to_scenario(instance)
        best, winner = refs.get(path.stem, (None, None))
        info = ItcInfo(str(path), instance.lectures, best, winner)
        for seed in seeds:
            name = path.stem if len(seeds) == 1 else f"{path.stem}-{seed}"
            cases.append(Case("itc2007", name, conversion.scenario, seed=seed, itc=info))
    return cases


# --------------------------------------------------------------------------- records


@dataclass
class RunRecord:
    """One (scenario, solver) run. Times in seconds, memory in MiB."""

    suite: str
    scenario: str
    solver: str
    tier: str | None
    seed: int
    time_limit: float
    workers: int
    work_limit: float | None = None  # a reproducible run's budget (solver.clock)
    status: str = "error"
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    fulfilled_share: float | None = None
    worst_share: float | None = None
    unmet_by_reason: dict[str, int] = field(default_factory=dict)
    wall_seconds: float | None = None
    first_solution_seconds: float | None = None
    peak_rss_mib: float | None = None
    trace: list[list[float | None]] = field(default_factory=list)  # [t, objective, bound]
    returned: str | None = None  # whose schedule CP-SAT returned ("greedy": none better)
    #: a work-limited run the time limit cut short: not reproducible (solver.clock)
    wall_cut: bool | None = None
    checker_ok: bool | None = None
    violations: int | None = None
    ratio_vs_greedy: float | None = None
    error: str | None = None
    # ITC-2007 only
    ud2_cost: int | None = None
    hard_violations: int | None = None
    ud2_terms: dict[str, int] | None = None
    best_known: float | None = None
    winner_average: float | None = None
    solution_file: str | None = None


# --------------------------------------------------------------------------- child


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


def _add_itc(
    record: RunRecord, case: Case, schedule_doc: dict[str, Any] | None, out: Path | None
) -> None:
    """UD2 cost of the answer with our calculator; write the ``.sol`` when ``out`` is given."""
    from benchmarks.itc2007.convert import schedule_to_solution
    from benchmarks.itc2007.cost import format_solution, ud2_cost
    from benchmarks.itc2007.ectt import load_instance
    from scheduler.models import Schedule

    assert case.itc is not None
    record.best_known = case.itc.best_known
    record.winner_average = case.itc.winner_average
    if schedule_doc is None:
        return
    schedule = Schedule.model_validate(schedule_doc)
    assignments = schedule_to_solution(schedule)
    cost = ud2_cost(load_instance(case.itc.instance_path), assignments)
    record.ud2_cost = cost.soft
    record.hard_violations = cost.hard
    record.ud2_terms = {**cost.hard_terms(), **cost.soft_terms()}
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        path = out / f"{case.name}.{record.solver}.sol"
        path.write_text(format_solution(assignments))
        record.solution_file = str(path)


# --------------------------------------------------------------------------- suite


def run_suite(
    cases: Sequence[Case],
    time_limit: float,
    workers: int,
    solvers: Sequence[str] = SOLVERS,
    show_progress: bool = True,
    solutions_dir: Path | None = None,
    work_limit: float | None = None,
) -> tuple[list[RunRecord], bool]:
    """Every case with every solver (greedy first, as the baseline of the ratios); with
    ``work_limit`` (and one worker) the same objectives on any machine. Returns the
    records and whether a ``KeyboardInterrupt`` (Ctrl-C, or SIGTERM where the CLI maps
    it) cut the suite short: the runs finished by then are kept."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    records: list[RunRecord] = []
    interrupted = False
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[status]}"),
        disable=not show_progress,
        transient=False,
    ) as bar:
        task = bar.add_task("benchmark", total=len(cases) * len(solvers), status="")
        for case in cases:
            baseline: float | None = None
            for solver in solvers:
                bar.update(task, description=f"{case.name} {solver}", status="starting")

                def on_progress(t: float, obj: float | None, bnd: float | None) -> None:
                    bar.update(task, status=f"t={t:.0f}s obj={obj} bound={bnd}")

                try:
                    record, doc = run_one(
                        case, solver, time_limit, workers, on_progress, work_limit
                    )
                except KeyboardInterrupt:  # Ctrl-C or SIGTERM: keep what finished
                    interrupted = True
                    break
                if case.itc is not None:
                    _add_itc(record, case, doc, solutions_dir)
                if solver == "greedy":
                    baseline = record.objective
                if baseline and record.objective is not None:
                    record.ratio_vs_greedy = record.objective / baseline
                records.append(record)
                bar.update(task, advance=1, status=_summary(record))
            if interrupted:
                break
    return records, interrupted


def _summary(r: RunRecord) -> str:
    if r.error:
        return f"error: {r.error}"
    if r.ud2_cost is not None:
        return f"UD2 {r.ud2_cost} (hard {r.hard_violations})"
    return f"obj {r.objective}"


# --------------------------------------------------------------------------- output


def _fmt(value: Any, digits: int = 3) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        if value == int(value):
            return f"{value:.0f}"
        text = f"{value:.{digits}f}"
        # trailing zeros of the decimals only: 1299.9 at 0 digits is "1300", not "13"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def _gap(value: float | None) -> str:
    """The gap at 4 decimals; one that rounds to 0 but is not 0 says so: a table read
    '0' (proven optimal, as the README reads it) for comp01's 5 against a bound of 4 in
    160,000 (an analyst's audit)."""
    if value is not None and 0 < value < 0.00005:
        return "<0.0001"
    return _fmt(value, 4)


def markdown_table(records: Iterable[RunRecord], suite: str) -> str:
    """The results as a Markdown table (one row per run)."""
    records = list(records)
    if suite == "itc2007":
        head = [
            "instance",
            "solver",
            "UD2 cost",
            "hard",
            "best known",
            "winner avg",
            "cost / best",
            "objective",
            "bound",
            "gap",
            "first (s)",
            "wall (s)",
            "peak MiB",
            "checker",
        ]
        rows = [
            [
                r.scenario,
                _solver_cell(r),
                _fmt(r.ud2_cost),
                _fmt(r.hard_violations),
                _fmt(r.best_known),
                _fmt(r.winner_average),
                _cost_ratio(r),
                _fmt(r.objective),
                _fmt(r.bound),
                _gap(r.gap),
                _fmt(r.first_solution_seconds, 1),
                _fmt(r.wall_seconds, 1),
                _fmt(r.peak_rss_mib, 0),
                _checker(r),
            ]
            for r in records
        ]
    else:
        head = [
            "scenario",
            "solver",
            "objective",
            "bound",
            "gap",
            "fulfilled",
            "worst inst.",
            "unmet by reason",
            "vs greedy",
            "first (s)",
            "wall (s)",
            "peak MiB",
            "checker",
        ]
        rows = [
            [
                r.scenario,
                _solver_cell(r),
                _fmt(r.objective),
                _fmt(r.bound),
                _gap(r.gap),
                _fmt(r.fulfilled_share),
                _fmt(r.worst_share),
                ", ".join(f"{k} {v}" for k, v in sorted(r.unmet_by_reason.items())) or "-",
                _fmt(r.ratio_vs_greedy, 3),
                _fmt(r.first_solution_seconds, 1),
                _fmt(r.wall_seconds, 1),
                _fmt(r.peak_rss_mib, 0),
                _checker(r),
            ]
            for r in records
        ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _solver_cell(r: RunRecord) -> str:
    notes = [f"{r.returned}'s answer"] if r.returned and r.returned != r.solver else []
    if r.wall_cut:  # its --work-limit did not decide: another run may differ
        notes.append("wall cut")
    return f"{r.solver} ({', '.join(notes)})" if notes else r.solver


def _cost_ratio(r: RunRecord) -> str:
    """UD2 cost over the best known; none for a timetable with hard violations, whose
    soft cost means nothing (a greedy row read 226.4)."""
    if r.ud2_cost is None or not r.best_known or r.hard_violations:
        return "-"
    return _fmt(r.ud2_cost / r.best_known, 2)


def _checker(r: RunRecord) -> str:
    if r.error:
        return f"error: {r.error}"
    if r.checker_ok is None:
        return "-"
    return "ok" if r.checker_ok else f"{r.violations} violation(s)"


def write_results(
    records: Sequence[RunRecord], out_dir: Path, suite: str, meta: dict[str, Any]
) -> dict[str, Path]:
    """``<suite>.json``, ``<suite>.md`` and the PNG plots under ``out_dir``."""
    from benchmarks import plots

    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {"json": out_dir / f"{suite}.json", "markdown": out_dir / f"{suite}.md"}
    paths["json"].write_text(
        json.dumps({"meta": meta, "runs": [asdict(r) for r in records]}, indent=1) + "\n"
    )
    title = f"# Benchmark `{suite}`\n\n" + "".join(f"- {k}: {v}\n" for k, v in meta.items())
    paths["markdown"].write_text(title + "\n" + markdown_table(records, suite))
    paths.update(plots.plot_all(records, out_dir, suite))
    return paths


def environment() -> dict[str, Any]:
    """Where the numbers were measured: enough to compare runs across machines."""
    import os
    import platform
    from importlib.metadata import PackageNotFoundError, version

    try:
        ortools_version = version("ortools")
    except PackageNotFoundError:  # pragma: no cover - ortools is a dependency
        ortools_version = "?"
    return {
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "python": platform.python_version(),
        "ortools": ortools_version,
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
    }
