"""The estimate of a whole model's size (solver/cpsat/model_size.py) and where it sends a
term: a pool of instructors on two sites apart goes to the large terms' search."""

from __future__ import annotations

from typing import Any

import pytest
from pytest import MonkeyPatch

from scheduler.compile import compile_scenario
from solver.cpsat import model_size
from solver.cpsat import solve as cpsat_solve
from tests.solver.cpsat.helpers import scenario, sessions_req, solve


def _campuses(teachers: int, requests: int, second: str = "s2", **extra: Any) -> Any:
    """Two sites 30 minutes apart, a lab on s1 and one on ``second``, ``teachers`` of one
    skill, one cohort per request of two one-slot sessions needing the skill."""
    return scenario(
        sites=[{"id": "s1"}, {"id": "s2"}],
        travel=[{"from": "s1", "to": "s2", "minutes": 30}],
        resources=[
            {"id": "lab1", "kind": "lab", "owner": "col", "site": "s1", "capacity": 30},
            {"id": "lab2", "kind": "lab", "owner": "col", "site": second, "capacity": 30},
        ],
        instructors=[
            {"id": f"t{i}", "institution": "col", "site": "s1", "skills": ["cnc"]}
            for i in range(teachers)
        ],
        cohorts=[{"id": f"c{k}", "institution": "col", "size": 20} for k in range(requests)],
        requests=[
            sessions_req(f"r{k}", 2, cohort=f"c{k}", instructor_skills=["cnc"], **extra)
            for k in range(requests)
        ],
    )


def test_travel_pairs_count_sessions_meeting_one_instructor_or_cohort_on_sites_apart() -> None:
    problem = compile_scenario(_campuses(teachers=3, requests=4))
    everything = range(len(problem.requests))
    # each instructor may take all 8 sessions: 28 pairs; each cohort its 2: 1 pair
    assert model_size.travel_pairs(problem, everything) == 3 * 28 + 4 * 1
    assert model_size.teach_literals(problem, everything) == 8 * 3
    same_site = compile_scenario(_campuses(teachers=3, requests=4, second="s1"))
    assert model_size.travel_pairs(same_site, everything) == 0


def test_split_sessions_count_a_literal_per_part_and_instructor() -> None:
    problem = compile_scenario(_campuses(teachers=5, requests=2, split=True))
    # 4 sessions x 2 candidate labs x 5 instructors
    assert model_size.teach_literals(problem, range(2)) == 4 * 2 * 5


@pytest.mark.parametrize("limit", ["MAX_TRAVEL_PAIRS", "MAX_TEACH_LITERALS"])
def test_a_term_whose_model_is_too_big_goes_to_the_large_terms_search(
    monkeypatch: MonkeyPatch, limit: str
) -> None:
    sc = _campuses(teachers=3, requests=4)
    problem = compile_scenario(sc)
    assert not model_size.too_big(problem, range(len(problem.requests)))
    whole = solve(sc, time_limit=5, work_limit=5)
    assert "oversized_model" not in whole.solution.metrics
    monkeypatch.setattr(model_size, limit, 10)
    assert model_size.too_big(problem, range(len(problem.requests)))
    big = solve(sc, time_limit=5, work_limit=5)  # checked by helpers.solve
    assert big.solution.metrics["oversized_model"] is True
    assert big.solution.metrics["mode"] == "lns"
    assert big.solution.objective == whole.solution.objective == 8000  # every session fits
    assert cpsat_solve.too_big is model_size.too_big
