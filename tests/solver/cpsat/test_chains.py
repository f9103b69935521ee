"""``after`` chain rows: shortest chains first, and a dense precedence graph stays small."""

from __future__ import annotations

from pytest import MonkeyPatch

from scheduler.compile import compile_scenario
from solver.cpsat import chains
from solver.cpsat.chains import MAX_CHAIN_TERMS, MAX_CHAINS, Run, chain_rows
from tests.solver.cpsat.helpers import scenario, sessions_req


def test_a_dense_precedence_graph_gets_its_pairs_first_and_a_bounded_number_of_rows() -> None:
    """Forty requests, each after all earlier ones: 780 pairs and ~2^40 chains in all."""
    n = 40
    reqs = [sessions_req(f"r{k}", 2, after=[f"r{j}" for j in range(k)]) for k in range(n)]
    problem = compile_scenario(scenario(calendar={"weeks": 18}, requests=reqs))
    # one column a request (as the aggregated relaxation has), weekly-like
    runs = {
        r.index: Run([(r.index, 1.0)], frozenset(range(18)), 2, 1, True) for r in problem.requests
    }
    rows = list(chain_rows(problem, runs))
    pairs = n * (n - 1) // 2
    assert [len(row) for row, _ in rows[:pairs]] == [2] * pairs
    assert all(rhs == 18 + 1 for _, rhs in rows[:pairs])  # span + one shared week
    assert len(rows) <= MAX_CHAINS
    assert sum(len(row) for row, _ in rows) <= MAX_CHAIN_TERMS
    assert len(rows) > pairs  # longer chains too, while the budget lasts


def test_the_budget_stops_the_rows(monkeypatch: MonkeyPatch) -> None:
    reqs = [sessions_req(f"r{k}", 1, after=[f"r{k - 1}"] if k else []) for k in range(6)]
    problem = compile_scenario(scenario(requests=reqs))
    runs = {r.index: Run([(r.index, 1.0)], frozenset({0}), 1, 1, True) for r in problem.requests}
    assert len(list(chain_rows(problem, runs))) == 15  # every sub-chain of a chain of six
    monkeypatch.setattr(chains, "MAX_CHAINS", 7)
    rows = list(chain_rows(problem, runs))
    assert len(rows) == 7 and [len(r) for r, _ in rows[:5]] == [2] * 5
