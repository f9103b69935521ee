"""benchmarks.cases: what a suite solves (the ITC-2007 reference table)."""

from __future__ import annotations

from benchmarks.cases import read_reference_table
from tests.benchmarks.conftest import ITC_DIR


def test_reference_table_is_read_from_the_shared_readme() -> None:
    refs = read_reference_table(ITC_DIR / "README.md")
    assert sorted(refs) == [f"comp0{i}" for i in range(1, 8)]
    assert refs["comp01"] == (5.0, 5.0)
    assert refs["comp05"] == (290.0, 343.5)
    assert refs["comp07"] == (6.0, 33.9)
