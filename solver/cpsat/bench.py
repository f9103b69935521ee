"""Measure greedy and CP-SAT side by side on generated tiers (not part of the tests).

``python -m solver.cpsat.bench M 1 --time-limit 120 --workers 2`` prints one JSON line
per solver with objective, bound, gap, time to first solution, wall time and peak
memory (resident set, MiB), and validates the CP-SAT schedule with the checker.
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import sys
import time

from scheduler.build import build_schedule
from scheduler.checker import check_schedule
from scheduler.compile import compile_scenario
from scheduler.generator import generate
from solver.cpsat import solve_cpsat
from solver.greedy import solve_greedy
from solver.options import SolveOptions
from solver.pipeline import complete_unmet


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("tier")
    ap.add_argument("seed", type=int)
    ap.add_argument("--time-limit", type=float, default=120.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--log", action="store_true")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.log else logging.WARNING)
    scenario = generate(args.tier, args.seed)
    problem = compile_scenario(scenario)
    t = time.perf_counter()
    greedy = solve_greedy(problem, explain=False)
    row = {
        "tier": args.tier,
        "seed": args.seed,
        "solver": "greedy",
        "objective": greedy.objective,
        "bound": greedy.bound,
        "seconds": round(time.perf_counter() - t, 2),
    }
    print(json.dumps(row), flush=True)
    t = time.perf_counter()
    options = SolveOptions(time_limit=args.time_limit, workers=args.workers, seed=args.seed)
    sol = solve_cpsat(problem, options)
    wall = time.perf_counter() - t
    complete_unmet(problem, sol)
    report = check_schedule(scenario, build_schedule(problem, sol))
    m = sol.metrics
    row = {
        "tier": args.tier,
        "seed": args.seed,
        "solver": "cpsat",
        "status": sol.status,
        "objective": sol.objective,
        "bound": sol.bound,
        "gap": m.get("gap"),
        "first_solution_seconds": m.get("first_solution_seconds"),
        "seconds": round(wall, 2),
        "variables": m.get("variables"),
        "constraints": m.get("constraints"),
        "build_seconds": m.get("build_seconds"),
        "returned": m.get("returned", "cpsat"),
        "mode": m.get("mode", "model"),
        "lns_iterations": m.get("lns_iterations"),
        "lns_improvements": m.get("lns_improvements"),
        "peak_mib": round(_peak_mib()),
        "checker_ok": report.ok,
        "violations": [f"{v.rule}: {v.message}" for v in report.violations[:5]],
    }
    print(json.dumps(row), flush=True)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
