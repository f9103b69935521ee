"""The data flows one way: the solvers never load the pydantic models, the checker
never loads a solver. Checked in a fresh interpreter, where nothing else imported them."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from tests.conftest import ROOT

SOLVERS = (
    "solver.cpsat.solve, solver.greedy, solver.explain.explainer, solver.resolve, solver.insert"
)
CHECKERS = "scheduler.checker, scheduler.evaluate, scheduler.validation, scheduler.reports"


def _loaded(modules: str, prefixes: tuple[str, ...]) -> list[str]:
    code = (
        f"import sys, importlib\nfor m in {modules.split(', ')!r}: importlib.import_module(m)\n"
        f"print(sorted({{m for m in sys.modules if m.startswith({prefixes!r})}}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return ast.literal_eval(out.stdout)  # a printed list of module names


@pytest.mark.parametrize(
    ("modules", "forbidden"),
    [
        (SOLVERS, ("pydantic", "scheduler.models", "fastapi", "api.")),
        (CHECKERS, ("solver.", "ortools", "api.")),
    ],
)
def test_one_way(modules: str, forbidden: tuple[str, ...]) -> None:
    assert _loaded(modules, forbidden) == []
