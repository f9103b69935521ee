"""The integrality benchmark: the relaxation over whole numbers beside the LP, in one run."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.bound_integrality import best_objectives, markdown, run


def test_it_sets_the_whole_number_bound_beside_the_lp_and_the_schedule(tmp_path: Path) -> None:
    results = tmp_path / "tiers.json"
    runs = [
        {"scenario": "S-1", "solver": "greedy", "objective": 1_000_000.0},
        {"scenario": "S-1", "solver": "cpsat", "objective": 1_500_000.0},
        {"scenario": "S-1", "solver": "cpsat", "objective": 1_550_000.0},
    ]
    results.write_text(json.dumps({"runs": runs}), encoding="utf-8")
    against = best_objectives([results])
    assert against == {"S-1": 1_550_000.0}
    result = run(["S"], [1], 2.0, 1, against)
    [row] = result["rows"]
    assert row["whole_point"] <= row["whole_bound"] + 1 and row["whole_bound"] <= row["lp"]
    assert 0 <= row["least_gap"] <= row["gap_whole_bound"] <= row["gap_lp"]
    table = markdown(result)
    assert f"| S-1 | {row['columns']:,} | {row['lp']:,.0f} |" in table
