"""solver.cpsat.reporting: the progress reports a search sends (the bench's traces)."""

from __future__ import annotations


def test_values_without_a_bound_of_their_own_report_none() -> None:
    """A search reporting values only used the value as its bound when the bound was
    unknown or below it: the trace read as proven optimal throughout."""
    from solver.cpsat.reporting import value_reporter

    seen: list[object] = []
    value_reporter(seen.append, None, 0.0)(5.0)
    value_reporter(seen.append, 4.0, 0.0)(5.0)
    value_reporter(seen.append, 7.0, 0.0)(5.0)
    assert [(p.objective, p.bound) for p in seen] == [(5.0, None), (5.0, None), (5.0, 7.0)]  # type: ignore[attr-defined]
