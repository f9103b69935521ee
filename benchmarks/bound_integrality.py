"""How far can the time-indexed relaxation's bound ever come down? Its LP against its
whole-number optimum.

    python -m benchmarks.bound_integrality [--tiers S,M --seeds 1 --time-limit 120]
                                           [--workers 2] [--against RESULTS.json ...]
                                           [--out out/bench]

The tiers' gaps are measured against the bound of :mod:`solver.cpsat.indexed_bound`, an
LP. Solving the same relaxation over whole numbers (CP-SAT, ``--time-limit`` seconds)
gives two figures per term: a proven bound (below the LP's when the search gets far
enough; the tighter of the two is the bound), and the best whole-number point found.
No bound of this relaxation, however it is solved, can be below that point: with
``--against`` (a ``trainshare bench`` JSON), each term's CP-SAT objective there is set
beside it, and ``least gap`` is the gap the relaxation would still show if the bound
fell all the way to the point. Writes ``bound_integrality.json`` and
``bound_integrality.md`` to ``--out``.
"""

from __future__ import annotations

import json
import platform
import time
from pathlib import Path
from typing import Any

from benchmarks.output import solve_parser, write_results
from scheduler.compile import compile_scenario
from scheduler.generator import generate
from solver.cpsat.indexed_bound.relaxation import in_whole_numbers
from solver.options import gap_of


def best_objectives(paths: list[Path]) -> dict[str, float]:
    """Each scenario's best CP-SAT objective over the given ``trainshare bench`` results."""
    best: dict[str, float] = {}
    for path in paths:
        for run in json.loads(path.read_text(encoding="utf-8"))["runs"]:
            if run.get("solver") == "cpsat" and run.get("objective") is not None:
                name = run["scenario"]
                best[name] = max(best.get(name, run["objective"]), run["objective"])
    return best


def run(
    tiers: list[str], seeds: list[int], seconds: float, workers: int, against: dict[str, float]
) -> dict[str, Any]:
    """Solve each (tier, seed)'s time-indexed relaxation over whole numbers; for scenarios in
    ``against`` (name -> CP-SAT objective), the gaps each figure of the bound would leave.
    """
    rows = []
    for tier in tiers:
        for seed in seeds:
            name = f"{tier}-{seed}"
            began = time.perf_counter()
            found = in_whole_numbers(compile_scenario(generate(tier, seed)), seconds, workers)
            row: dict[str, Any] = {"scenario": name, "seconds": time.perf_counter() - began}
            if found is not None:
                row |= {
                    "columns": found.columns,
                    "rows": found.rows,
                    "lp": found.lp,
                    "whole_bound": found.bound,
                    "whole_point": found.point,
                    "whole_optimal": found.optimal,
                }
            if name in against:
                objective = against[name]
                row["cpsat_objective"] = objective
                row["gap_lp"] = gap_of(objective, row.get("lp"))
                row["gap_whole_bound"] = gap_of(objective, row.get("whole_bound"))
                row["least_gap"] = gap_of(objective, row.get("whole_point"))
            rows.append(row)
    return {
        "meta": {
            "time_limit": seconds,
            "workers": workers,
            "date": time.strftime("%Y-%m-%d %H:%M:%S"),
            "python": platform.python_version(),
            "machine": platform.machine(),
        },
        "rows": rows,
    }


def _num(v: Any) -> str:
    return "" if v is None else f"{v:,.0f}"


def _pct(v: Any) -> str:
    return "" if v is None else f"{100 * v:.1f} %"


def markdown(result: dict[str, Any]) -> str:
    """The result as the Markdown table written beside the JSON."""
    meta = result["meta"]
    lines = [
        "# The relaxation's bound over whole numbers",
        "",
        f"- CP-SAT {meta['time_limit']:g} s, {meta['workers']} workers, {meta['date']}",
        "",
        "| scenario | columns | LP bound | whole-number bound | best whole point | "
        "CP-SAT objective | gap (LP) | gap (whole bound) | least gap |",
        "|---|---|---|---|---|---|---|---|---|",
        *(_table_row(r) for r in result["rows"]),
    ]
    return "\n".join(lines) + "\n"


def _table_row(r: dict[str, Any]) -> str:
    whole = _num(r.get("whole_bound")) + (" (optimal)" if r.get("whole_optimal") else "")
    cells = [
        r["scenario"],
        _num(r.get("columns")),
        _num(r.get("lp")),
        whole,
        _num(r.get("whole_point")),
        _num(r.get("cpsat_objective")),
        *(_pct(r.get(k)) for k in ("gap_lp", "gap_whole_bound", "least_gap")),
    ]
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    """``python -m benchmarks.bound_integrality``: options as in the module docstring."""
    parser = solve_parser(__doc__ or "", 120.0)
    parser.add_argument("--tiers", default="S,M")
    parser.add_argument("--seeds", default="1")
    parser.add_argument("--against", type=Path, nargs="*", default=[])
    args = parser.parse_args()
    result = run(
        [t.strip().upper() for t in args.tiers.split(",") if t.strip()],
        [int(s) for s in args.seeds.split(",") if s.strip()],
        args.time_limit,
        args.workers,
        best_objectives(args.against),
    )
    write_results(args.out, "bound_integrality", result, markdown(result))


if __name__ == "__main__":
    main()
