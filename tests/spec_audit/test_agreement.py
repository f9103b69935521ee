"""Solver output on varied small terms passes both checkers, and both reject every
small breakage of it.

A fast, deterministic sample of the exploration the audit ran (see the module
docstrings): seeded dense terms (:mod:`tests.spec_audit.rich`), drawn terms with edge
cases (:mod:`tests.spec_audit.edges`), both solvers, and extra requests granted on a
published schedule as the API composes them.
"""

from __future__ import annotations

import contextlib
import copy
import json
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.extra import answer_extra_request
from api.published_versions import restate
from scheduler.checker import check_schedule
from scheduler.issues import ScenarioError
from scheduler.models import Scenario, Schedule
from solver.options import SolverName
from tests.spec_audit.audit import audit
from tests.spec_audit.edges import edged, without_rejected
from tests.spec_audit.mutations import MUTATIONS, mutated
from tests.spec_audit.rich import rich_scenario
from tests.spec_audit.solving import assert_both_pass, solved
from tests.strategies import scenario_dicts

Doc = dict[str, Any]


@pytest.mark.parametrize(
    ("seed", "solver"), [(0, "cpsat"), (1, "cpsat"), (3, "cpsat"), (2, "greedy"), (4, "greedy")]
)
def test_dense_terms_pass_both_checkers(seed: int, solver: SolverName) -> None:
    schedule = solved(without_rejected(rich_scenario(seed)), solver)
    assert schedule["sessions"] or schedule["placements"]


@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(scenario_dicts(), st.randoms(use_true_random=False))
def test_drawn_terms_with_edge_cases_pass_both_checkers(doc: Doc, rnd: random.Random) -> None:
    doc = without_rejected(edged(doc, rnd))
    with contextlib.suppress(ScenarioError):  # refused as a whole, as the spec allows
        solved(doc, "greedy")


def test_extra_requests_keep_the_amended_schedule_valid() -> None:
    """Extra requests granted around a published schedule, composed as the API's
    ``effective`` does and restated, break no rule of the amended scenario."""
    scenario = without_rejected(rich_scenario(5))
    schedule = solved(scenario, "greedy")
    granted = 0
    for n, base in enumerate(scenario["requests"][:4]):
        extra = {**copy.deepcopy(base), "id": f"extra {n} 追加"}
        extra.pop("after", None)
        trial = {**scenario, "requests": [*scenario["requests"], extra]}
        answer = answer_extra_request(trial, schedule, len(trial["requests"]) - 1)
        if answer.outcome == "rejected":
            continue
        granted += 1
        scenario = trial
        schedule["sessions"] += answer.sessions
        schedule["placements"] += answer.placements
        if answer.outcome == "partial":
            schedule["unmet"] += [r for r in answer.reasons if "missing" in r]
        restate(scenario, schedule)
        assert_both_pass(scenario, json.loads(json.dumps(schedule)))
    assert granted


def test_both_checkers_reject_every_breakage() -> None:
    """Each mutation breaks one rule of a valid schedule; both checkers must see it, or an
    empty report on solver output would prove nothing."""
    seen: set[str] = set()
    for seed in (1, 6, 16):
        scenario = without_rejected(rich_scenario(seed))
        schedule = solved(scenario, "greedy")
        for mutation in MUTATIONS:
            broken = mutated(scenario, schedule, mutation)
            if broken is None:
                continue
            seen.add(mutation.__name__)
            assert audit(copy.deepcopy(scenario), broken), mutation.__name__
            model = Scenario.model_validate(scenario)
            try:
                ours = check_schedule(model, Schedule.model_validate(broken)).ok
            except ValueError:  # not even a schedule document
                ours = False
            assert not ours, mutation.__name__
    assert seen == {m.__name__ for m in MUTATIONS}
