"""The integrality benchmark: the relaxation over whole numbers beside the LP, in one run."""

from __future__ import annotations

import json
from pathlib import Path

from pytest import MonkeyPatch

from benchmarks import bound_integrality
from benchmarks.bound_integrality import best_objectives, markdown, run
from scheduler.compile import compile_scenario
from scheduler.models import Scenario
from solver.greedy import solve_greedy


def test_it_sets_the_whole_number_bound_beside_the_lp_and_the_schedule(
    tmp_path: Path, tiny: Scenario, monkeypatch: MonkeyPatch
) -> None:
    # the tiny term stands in for S-1: solved over whole numbers in a blink, so a loaded
    # machine cannot leave the 2 s run without a bound (S-1 itself could)
    monkeypatch.setattr(bound_integrality, "generate", lambda tier, seed: tiny)
    greedy = solve_greedy(compile_scenario(tiny), explain=False).objective
    assert greedy is not None
    results = tmp_path / "tiers.json"
    runs = [
        {"scenario": "S-1", "solver": "greedy", "objective": greedy},
        {"scenario": "S-1", "solver": "cpsat", "objective": greedy - 10},
        {"scenario": "S-1", "solver": "cpsat", "objective": greedy},
    ]
    results.write_text(json.dumps({"runs": runs}), encoding="utf-8")
    against = best_objectives([results])
    assert against == {"S-1": greedy}
    result = run(["S"], [1], 2.0, 1, against)
    [row] = result["rows"]
    assert row["whole_point"] <= row["whole_bound"] + 1 and row["whole_bound"] <= row["lp"]
    assert 0 <= row["least_gap"] <= row["gap_whole_bound"] <= row["gap_lp"]
    table = markdown(result)
    assert f"| S-1 | {row['columns']:,} | {row['lp']:,.0f} |" in table
