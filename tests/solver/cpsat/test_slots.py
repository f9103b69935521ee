"""Slot cliques over start literals: added where terms asked for the literals, and they
remove no schedule (the optimum stays the enumerated one in test_bruteforce)."""

from __future__ import annotations

from pytest import MonkeyPatch

from scheduler.compile import compile_scenario
from scheduler.models import Scenario
from solver.cpsat.constraints import slots
from solver.cpsat.model import CpSatModel
from tests.solver.cpsat.helpers import scenario, sessions_req, solve


def _scenario(isolated: int) -> Scenario:
    lab = {"kind": "lab", "owner": "col", "site": "s1", "capacity": 30}
    return scenario(
        resources=[{"id": "lab1", **lab}, {"id": "lab2", **lab}],
        cohorts=[
            {"id": "c1", "institution": "col", "size": 10},
            {"id": "c2", "institution": "col", "size": 10},
        ],
        requests=[
            sessions_req("a", 3, cohort="c1"),
            sessions_req("b", 3, cohort="c1"),
            sessions_req("c", 4, cohort="c2"),
        ],
        weights={"isolated": isolated},
    )


def test_cliques_only_where_start_literals_exist(monkeypatch: MonkeyPatch) -> None:
    plain = CpSatModel(compile_scenario(_scenario(0)))
    with_terms = CpSatModel(compile_scenario(_scenario(5)))
    monkeypatch.setattr(slots, "add", lambda ctx: None)
    without_cliques = CpSatModel(compile_scenario(_scenario(5)))
    assert with_terms.num_constraints > without_cliques.num_constraints
    # without the isolated term nothing asks for start literals: no clique at all
    assert not any(plain.vars.existing_start_literals(sv) for sv in plain.vars.all_sessions())


def test_cohort_full_of_sessions_is_solved_to_the_optimum() -> None:
    # c1 fills all six slots (three in a row each day); c2 holds two pairs: no session
    # is isolated, and the two labs host both cohorts at once
    res = solve(_scenario(5))
    assert res.schedule.status.value == "optimal"
    assert res.objective == 10 * 1000
    c2_slots = sorted((s.day, s.slot) for s in res.sessions_of("c"))
    days = {d for d, _ in c2_slots}
    assert all(sum(1 for d2, _ in c2_slots if d2 == d) == 2 for d in days)
