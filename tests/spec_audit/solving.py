"""Solve a scenario document as ``trainshare solve`` does (one worker, fixed seed, a
small work limit) and hold the schedule to both checkers: ours and the spec audit."""

from __future__ import annotations

import copy
import json
from typing import Any

from scheduler.checker import check_schedule
from scheduler.io import schedule_to_json
from scheduler.models import Scenario, Schedule
from scheduler.solving.scenario import solve_scenario
from solver.options import SolveOptions, SolverName
from tests.spec_audit.audit import audit

Doc = dict[str, Any]


def solved(scenario: Doc, solver: SolverName = "cpsat", work_limit: float = 0.3) -> Doc:
    """The schedule document (as written to a file) of ``scenario``, checked both ways."""
    model = Scenario.model_validate(scenario)
    options = SolveOptions(solver=solver, workers=1, seed=0, work_limit=work_limit, time_limit=30)
    schedule = solve_scenario(model, options)
    doc: Doc = json.loads(schedule_to_json(schedule))
    assert_both_pass(scenario, doc)
    return doc


def assert_both_pass(scenario: Doc, schedule: Doc) -> None:
    """Neither checker finds a broken rule in ``schedule``."""
    mine = audit(copy.deepcopy(scenario), schedule)
    ours = check_schedule(Scenario.model_validate(scenario), Schedule.model_validate(schedule))
    theirs = [f"{v.rule} {v.path}: {v.message}" for v in ours.violations]
    assert (mine, theirs) == ([], []), (mine, theirs)
