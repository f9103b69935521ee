"""Paths to the shared ITC-2007 instances (read in place, never copied), and a run
record to build the report's and the harness's cases on."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.records import RunRecord
from tests.conftest import SHARED

ITC_DIR = SHARED / "benchmarks" / "itc2007"
ALL_INSTANCES = ("comp01", "comp02", "comp03", "comp04", "comp05", "comp06", "comp07", "toy")
#: UD2 costs of the fixture solutions, from the shared README (official validator).
FIXTURE_COSTS = {
    "comp01": 5,
    "comp02": 36,
    "comp03": 66,
    "comp04": 37,
    "comp05": 305,
    "comp06": 40,
    "comp07": 14,
    "toy": 0,
}


def instance_path(name: str) -> Path:
    return ITC_DIR / f"{name}.ectt"


def solution_path(name: str) -> Path:
    return ITC_DIR / "solutions" / f"{name}.sol"


@pytest.fixture
def itc_dir() -> Path:
    return ITC_DIR


def run_record(solver: str, scenario: str, tier: str | None, **kw: object) -> RunRecord:
    """A finished run of ``solver`` on ``scenario`` (``tier`` None: ITC-2007), ``kw`` set."""
    base = RunRecord(
        suite="tiers" if tier else "itc2007",
        scenario=scenario,
        solver=solver,
        tier=tier,
        seed=1,
        time_limit=5.0,
        workers=1,
        status="feasible",
        checker_ok=True,
        violations=0,
    )
    for k, v in kw.items():
        setattr(base, k, v)
    return base
