"""Solves several modules read: each costs seconds, so it runs once per test session."""

from __future__ import annotations

import pytest

from tests.conftest import load_scenario
from tests.solver.cpsat.helpers import Result, solve


@pytest.fixture(scope="session")
def dalian_on_work() -> Result:
    """The bundled Dalian scenario on a work clock (one worker, seed 3, 20 units), checked
    by the independent checker in ``helpers.solve``; tests only read it. The proof takes
    about 1.3 units: on the wall clock a loaded machine ended unproven."""
    sc = load_scenario("dalian-cnc-consortium.json")
    return solve(sc, time_limit=120, workers=1, seed=3, work_limit=20)
