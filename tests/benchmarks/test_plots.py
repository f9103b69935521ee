"""benchmarks.plots: what the trace plot draws of a run."""

from __future__ import annotations

from tests.benchmarks.conftest import run_record


def test_the_trace_plot_shows_the_best_schedule_held_and_only_bounds_of_the_answer() -> None:
    """A phase's search starting below greedy's answer, a sub-model's bound below the
    final objective and the final pass's gain after the last report were plotted as
    they came (an analyst's audit): the objective line is the best held (never below
    greedy's), ends at the answer's objective, and bounds below it are left out."""
    from benchmarks.plots import _best_so_far

    r = run_record("cpsat", "S-1", "S", objective=1000.0, bound=1100.0, wall_seconds=10.0)
    pts: list[tuple[float, float | None, float | None]] = [
        (1.0, 850.0, 1300.0),  # below greedy's 900
        (2.0, 950.0, 980.0),  # a sub-model's bound, below the answer
        (3.0, 940.0, 1200.0),  # worse than held: the line stays
        (5.0, 990.0, None),  # bound unknown
    ]
    obj, bnd = _best_so_far(pts, r, lambda v: v, itc=False, held=900.0)
    assert obj == [(1.0, 900.0), (2.0, 950.0), (3.0, 950.0), (5.0, 990.0), (10.0, 1000.0)]
    assert bnd == [(1.0, 1300.0), (3.0, 1200.0)]
